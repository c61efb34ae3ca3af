//! The WebSocket to Stream Deck: connect, send text, receive text.
//!
//! Only text frames matter (Stream Deck speaks JSON); pings are answered by tungstenite itself,
//! and a close, an error or EOF all mean the same thing to a plugin: Stream Deck is gone, exit.

use async_tungstenite::tungstenite::{Error as WsError, Message};
use async_tungstenite::WebSocketStream;
use smol::net::TcpStream;
use smol::stream::StreamExt;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};

pub struct Deck {
    ws: WebSocketStream<TcpStream>,
}

#[derive(Debug)]
pub enum ConnectError {
    /// Nothing listens on the port Stream Deck gave us.
    Tcp(std::io::Error),
    /// Something listens, but it did not speak WebSocket.
    Handshake(WsError),
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::Tcp(e) => write!(f, "cannot connect to Stream Deck: {e}"),
            ConnectError::Handshake(e) => {
                write!(f, "Stream Deck's WebSocket handshake failed: {e}")
            }
        }
    }
}

impl Deck {
    /// Stream Deck always listens on IPv4 loopback; a literal address avoids a resolver thread.
    pub async fn connect(port: u16) -> Result<Deck, ConnectError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let tcp = TcpStream::connect(addr).await.map_err(ConnectError::Tcp)?;
        // Tiles are small and latency matters more than packet count.
        let _ = tcp.set_nodelay(true);
        let url = format!("ws://127.0.0.1:{port}");
        let (ws, _response) = async_tungstenite::client_async(url, tcp)
            .await
            .map_err(ConnectError::Handshake)?;
        Ok(Deck { ws })
    }

    pub async fn send(&mut self, text: String) -> Result<(), WsError> {
        self.ws.send(Message::Text(text)).await
    }

    /// The next text frame, or `None` once the connection is over.
    pub async fn next_text(&mut self) -> Option<String> {
        loop {
            match self.ws.next().await? {
                Ok(Message::Text(text)) => return Some(text),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(
                    Message::Binary(_) | Message::Ping(_) | Message::Pong(_) | Message::Frame(_),
                ) => {}
            }
        }
    }
}
