//! The WebSocket to Stream Deck: connect, send text, receive text.
//!
//! Only text frames matter (Stream Deck speaks JSON); pings are answered by tungstenite itself.
//! The connection ends one of two ways, kept in [`End`] for the exit status: Stream Deck closes it
//! (a close frame: it is quitting or the plugin was removed), or it breaks (a protocol error, text
//! that is not UTF-8, a socket reset without a close), which is logged with its reason.

use async_tungstenite::tungstenite::protocol::CloseFrame;
use async_tungstenite::tungstenite::{Error as WsError, Message};
use async_tungstenite::WebSocketStream;
use smol::net::TcpStream;
use smol::stream::StreamExt;
use smol::Timer;
use std::ffi::OsString;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// How long Stream Deck gets to accept the TCP connection and answer the WebSocket upgrade. It
/// answers in milliseconds; something that takes seconds is not Stream Deck, and waiting forever
/// for it would leave a plugin process nobody talks to.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Overrides [`HANDSHAKE_TIMEOUT`] (milliseconds), so the end-to-end tests need not wait 10 s.
pub const HANDSHAKE_TIMEOUT_VAR: &str = "OPENBALANCE_HANDSHAKE_TIMEOUT_MS";

pub struct Deck {
    ws: WebSocketStream<TcpStream>,
    end: Option<End>,
}

#[derive(Debug)]
pub enum ConnectError {
    /// Nothing listens on the port Stream Deck gave us.
    Tcp(std::io::Error),
    /// Something listens, but it did not speak WebSocket.
    Handshake(WsError),
    /// Something accepted the connection but did not finish the upgrade in time.
    TimedOut(Duration),
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::Tcp(e) => write!(f, "cannot connect to Stream Deck: {e}"),
            ConnectError::Handshake(e) => {
                write!(f, "Stream Deck's WebSocket handshake failed: {e}")
            }
            ConnectError::TimedOut(after) => write!(
                f,
                "Stream Deck did not complete the WebSocket handshake within {}",
                human(*after)
            ),
        }
    }
}

/// How the connection ended.
#[derive(Debug)]
pub enum End {
    /// Stream Deck closed it: the normal way for a plugin to end (exit 0).
    Closed(Option<CloseFrame<'static>>),
    /// It broke: a protocol error, a bad frame, a reset socket (exit non-zero, reason logged).
    Failed(WsError),
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Closed(None) => write!(f, "Stream Deck closed the connection"),
            End::Closed(Some(frame)) if frame.reason.is_empty() => write!(
                f,
                "Stream Deck closed the connection (code {})",
                u16::from(frame.code)
            ),
            End::Closed(Some(frame)) => write!(
                f,
                "Stream Deck closed the connection (code {}: {})",
                u16::from(frame.code),
                frame.reason
            ),
            End::Failed(error) => write!(f, "the connection to Stream Deck failed: {error}"),
        }
    }
}

impl Deck {
    /// Stream Deck always listens on IPv4 loopback; a literal address avoids a resolver thread.
    /// The TCP connect and the upgrade together get `timeout`.
    pub async fn connect(port: u16, timeout: Duration) -> Result<Deck, ConnectError> {
        smol::future::or(Deck::connect_now(port), async {
            Timer::after(timeout).await;
            Err(ConnectError::TimedOut(timeout))
        })
        .await
    }

    async fn connect_now(port: u16) -> Result<Deck, ConnectError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let tcp = TcpStream::connect(addr).await.map_err(ConnectError::Tcp)?;
        // Tiles are small and latency matters more than packet count.
        let _ = tcp.set_nodelay(true);
        let url = format!("ws://127.0.0.1:{port}");
        let (ws, _response) = async_tungstenite::client_async(url, tcp)
            .await
            .map_err(ConnectError::Handshake)?;
        Ok(Deck { ws, end: None })
    }

    pub async fn send(&mut self, text: String) -> Result<(), WsError> {
        self.ws.send(Message::Text(text)).await
    }

    /// The next text frame, or `None` once the connection is over ([`Deck::end`] says how).
    pub async fn next_text(&mut self) -> Option<String> {
        if self.end.is_some() {
            return None;
        }
        loop {
            let end = match self.ws.next().await {
                Some(Ok(Message::Text(text))) => return Some(text),
                Some(Ok(
                    Message::Binary(_) | Message::Ping(_) | Message::Pong(_) | Message::Frame(_),
                )) => continue,
                Some(Ok(Message::Close(frame))) => End::Closed(frame),
                // The stream ends after a close handshake.
                None => End::Closed(None),
                Some(Err(error)) => End::Failed(error),
            };
            self.end = Some(end);
            return None;
        }
    }

    /// How the connection ended; `Closed(None)` if it has not (the caller stopped reading).
    pub fn end(&mut self) -> End {
        self.end.take().unwrap_or(End::Closed(None))
    }
}

/// [`HANDSHAKE_TIMEOUT`], or the override in `OPENBALANCE_HANDSHAKE_TIMEOUT_MS` (a positive
/// number of milliseconds), with a complaint to log when the override is not one.
pub fn handshake_timeout(value: Option<OsString>) -> (Duration, Option<String>) {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return (HANDSHAKE_TIMEOUT, None);
    };
    match value.to_str().and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(ms) if ms > 0 => (Duration::from_millis(ms), None),
        _ => (
            HANDSHAKE_TIMEOUT,
            Some(format!(
                "{HANDSHAKE_TIMEOUT_VAR} must be a positive number of milliseconds, not {:?}; using {}",
                value.to_string_lossy().chars().take(40).collect::<String>(),
                human(HANDSHAKE_TIMEOUT)
            )),
        ),
    }
}

/// `10 s`, `400 ms`.
fn human(duration: Duration) -> String {
    match duration.subsec_millis() {
        0 => format!("{} s", duration.as_secs()),
        _ => format!("{} ms", duration.as_millis()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_timeout_is_10_s_unless_overridden_with_a_positive_number() {
        assert_eq!(handshake_timeout(None), (HANDSHAKE_TIMEOUT, None));
        assert_eq!(
            handshake_timeout(Some("".into())),
            (HANDSHAKE_TIMEOUT, None)
        );
        assert_eq!(
            handshake_timeout(Some("250".into())),
            (Duration::from_millis(250), None)
        );
        for bad in ["0", "-5", "soon", "1.5"] {
            let (timeout, complaint) = handshake_timeout(Some(bad.into()));
            assert_eq!(timeout, HANDSHAKE_TIMEOUT);
            assert!(complaint.unwrap().contains("using 10 s"), "{bad}");
        }
    }

    #[test]
    fn says_how_long_it_waited() {
        assert_eq!(
            ConnectError::TimedOut(HANDSHAKE_TIMEOUT).to_string(),
            "Stream Deck did not complete the WebSocket handshake within 10 s"
        );
        assert_eq!(human(Duration::from_millis(400)), "400 ms");
        assert_eq!(human(Duration::from_millis(1500)), "1500 ms");
    }

    #[test]
    fn a_timeout_ends_a_connect_to_a_silent_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let result = smol::block_on(Deck::connect(port, Duration::from_millis(100)));
        assert!(matches!(result, Err(ConnectError::TimedOut(_))));
    }
}
