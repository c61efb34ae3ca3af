//! HTTPS in front of the fake OpenRouter: a throwaway certificate authority made for each test
//! (rcgen), and a rustls server on 127.0.0.1 that ends TLS and passes each request on to a
//! [`FakeOpenRouter`](super::fake_openrouter) over plain HTTP. It remembers every handshake and
//! how it ended, so a test can tell "the plugin refused the certificate" from "nothing connected".
//!
//! Shared by the end-to-end TLS tests (`tls.rs`) and the runtime bench, which polls over HTTPS.

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A certificate authority that exists for one test: no machine trusts it unless told to.
pub struct Ca {
    params: CertificateParams,
    key: KeyPair,
    pem: String,
}

/// What the server's certificate gets wrong, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaf {
    /// For 127.0.0.1 and localhost, valid from 1975 to 4096.
    Good,
    /// For `openrouter.invalid` only: the address the plugin dialled is not in it.
    WrongName,
    /// For 127.0.0.1, but it ran out in 2001.
    Expired,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate().expect("a CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let pem = params.self_signed(&key).expect("the CA certificate").pem();
        Ca { params, key, pem }
    }

    /// Writes the CA certificate (PEM) into `dir`, a folder `SSL_CERT_DIR` can name; returns the
    /// file, which `SSL_CERT_FILE` or `NODE_EXTRA_CA_CERTS` can name.
    pub fn write_into(&self, dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir).expect("cert dir");
        let file = dir.join("throwaway-ca.pem");
        std::fs::write(&file, &self.pem).expect("write the CA");
        file
    }

    /// A server certificate signed by this CA, and its key.
    pub fn leaf(&self, leaf: Leaf) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let names: Vec<String> = match leaf {
            Leaf::Good | Leaf::Expired => vec!["127.0.0.1".into(), "localhost".into()],
            Leaf::WrongName => vec!["openrouter.invalid".into()],
        };
        let mut params = CertificateParams::new(names).expect("leaf params");
        params
            .distinguished_name
            .push(DnType::CommonName, "fake OpenRouter");
        if leaf == Leaf::Expired {
            params.not_before = date_time_ymd(2000, 1, 1);
            params.not_after = date_time_ymd(2001, 1, 1);
        }
        let key = KeyPair::generate().expect("a leaf key");
        let issuer = Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).expect("sign the leaf");
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![cert.der().clone()], key_der)
    }
}

/// How one TLS connection ended, as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handshake {
    /// Finished; a request was passed on.
    Served,
    /// Failed, with rustls's words (`received fatal alert: UnknownCA` when the client refused).
    Failed(String),
}

pub struct TlsFront {
    port: u16,
    handshakes: Arc<Mutex<Vec<Handshake>>>,
}

impl TlsFront {
    /// Serves `leaf` on a fresh port of 127.0.0.1 and forwards to `upstream` (a fake's base URL,
    /// `http://127.0.0.1:<port>/api/v1`).
    pub fn start(
        upstream: &str,
        (chain, key): (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>),
    ) -> TlsFront {
        let upstream_port: u16 = upstream
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("not a fake OpenRouter base: {upstream}"));
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("the server certificate");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the TLS front");
        let port = listener.local_addr().expect("addr").port();
        let handshakes = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&handshakes);
        thread::spawn(move || {
            for tcp in listener.incoming().flatten() {
                let (config, log) = (Arc::clone(&config), Arc::clone(&log));
                thread::spawn(move || {
                    let outcome = serve(tcp, config, upstream_port);
                    lock(&log).push(outcome);
                });
            }
        });
        TlsFront { port, handshakes }
    }

    /// `https://127.0.0.1:<port>/api/v1`
    pub fn base(&self) -> String {
        format!("https://127.0.0.1:{}/api/v1", self.port)
    }

    pub fn handshakes(&self) -> Vec<Handshake> {
        lock(&self.handshakes).clone()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One connection: the handshake, one request head (the plugin only sends GETs), the fake's
/// whole answer back (it closes after each), then close_notify.
fn serve(tcp: TcpStream, config: Arc<rustls::ServerConfig>, upstream_port: u16) -> Handshake {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(20)));
    let connection = match rustls::ServerConnection::new(config) {
        Ok(connection) => connection,
        Err(error) => return Handshake::Failed(error.to_string()),
    };
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match tls.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            Ok(_) => return Handshake::Failed("closed before a request".into()),
            Err(error) => return Handshake::Failed(error.to_string()),
        }
    }
    let answer = TcpStream::connect(("127.0.0.1", upstream_port)).and_then(|mut upstream| {
        upstream.write_all(&head)?;
        let mut answer = Vec::new();
        upstream.read_to_end(&mut answer)?;
        Ok(answer)
    });
    let Ok(answer) = answer else {
        return Handshake::Failed("the fake OpenRouter did not answer".into());
    };
    let _ = tls.write_all(&answer);
    tls.conn.send_close_notify();
    let _ = tls.flush();
    Handshake::Served
}
