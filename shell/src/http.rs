//! OpenRouter over HTTPS with isahc (libcurl with its rustls backend), run on the smol executor.
//!
//! The shell's part is only transport: build the request, read a bounded body, and hand the status,
//! `Retry-After` and bytes to the core's [`classify`]. What a 403 or an empty list *means* is the
//! core's business.
//!
//! isahc runs one agent thread per client, and that thread wakes once a second even when idle.
//! A poll happens every 15 minutes, so the client is created for a burst of requests and dropped
//! when the last one finishes: between polls the plugin has no HTTP thread at all.
//!
//! Certificates are checked by the operating system's verifier, through rustls-platform-verifier
//! (curl's `CURLSSLOPT_NATIVE_CA`, which isahc sets): the Keychain and its trust settings on macOS,
//! the certificate store on Windows, and on Linux the system roots as OpenSSL would find them
//! (`SSL_CERT_FILE`, `SSL_CERT_DIR`, else the distribution's bundle). See [`use_the_os_trust_store`].

use crate::clock;
use crate::redact::redact;
use isahc::config::{Configurable, RedirectPolicy};
use isahc::error::ErrorKind;
use isahc::HttpClient;
use openbalance_core::openrouter::DEFAULT_API_BASE;
use openbalance_core::openrouter::{
    classify, error_message, ApiError, BodyError, Endpoint, Fetched,
};
use openbalance_core::{ApiKey, Event, EventKind, FetchId};
use smol::io::AsyncReadExt;
use std::cell::RefCell;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::rc::{Rc, Weak};
use std::time::Duration;

pub const USER_AGENT: &str = concat!(
    "OpenBalance/",
    env!("CARGO_PKG_VERSION"),
    " (Stream Deck plugin)"
);
/// Connecting should be quick; if it is not, the network is the problem.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// `/activity` is known to be slow; OpenRouter documents no latency.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(45);
/// A real answer is a few kilobytes (30 days × models); anything near this is not OpenRouter.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The API base URL, without a trailing slash, known to be safe to send the key to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase(String);

/// Why `OPENBALANCE_API_BASE` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseError {
    /// Neither `https://` nor `http://`.
    NotHttp,
    /// `http://` to a host that is not this machine: the key would cross the network in clear.
    PlainHttpToRemoteHost,
    /// `user:password@` or an empty host: not something a test server or proxy needs.
    OddAuthority,
}

impl fmt::Display for BaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseError::NotHttp => write!(f, "it is not an http(s) URL"),
            BaseError::PlainHttpToRemoteHost => {
                write!(
                    f,
                    "plain http is only allowed to this machine (127.0.0.0/8, ::1, localhost)"
                )
            }
            BaseError::OddAuthority => write!(f, "it has no host, or has credentials in it"),
        }
    }
}

impl std::error::Error for BaseError {}

impl ApiBase {
    pub fn default_base() -> ApiBase {
        ApiBase(DEFAULT_API_BASE.to_owned())
    }

    /// Accepts any `https://` base, and `http://` only to a loopback host (for the test servers).
    pub fn parse(text: &str) -> Result<ApiBase, BaseError> {
        let text = text.trim();
        let (plain, rest) = if let Some(rest) = text.strip_prefix("https://") {
            (false, rest)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (true, rest)
        } else {
            return Err(BaseError::NotHttp);
        };
        let rest = rest.trim_end_matches('/');
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') {
            return Err(BaseError::OddAuthority);
        }
        if plain && !is_loopback(host_of(authority)) {
            return Err(BaseError::PlainHttpToRemoteHost);
        }
        Ok(ApiBase(text.trim_end_matches('/').to_owned()))
    }

    /// `OPENBALANCE_API_BASE`, or the real API. A refused value falls back to the real API (the
    /// caller logs why): the only place the key may go besides Stream Deck is OpenRouter, so the
    /// fallback is always safe, and a plugin that refused to start would just show blank keys.
    pub fn from_env() -> (ApiBase, Option<BaseError>) {
        match std::env::var("OPENBALANCE_API_BASE") {
            Ok(text) if !text.trim().is_empty() => match ApiBase::parse(&text) {
                Ok(base) => (base, None),
                Err(error) => (ApiBase::default_base(), Some(error)),
            },
            _ => (ApiBase::default_base(), None),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn url(&self, endpoint: &Endpoint) -> String {
        format!("{}{}", self.0, endpoint.path_and_query())
    }
}

/// `host` from `host:port`, `[v6]:port` or a bare host.
fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("");
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _port)| host)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        || host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Hands out a shared client while requests are in flight and lets it go when they are done.
#[derive(Debug)]
pub struct Http {
    base: ApiBase,
    client: RefCell<Weak<HttpClient>>,
}

/// A failed request: what the core is told, and for transport trouble a line worth logging (the
/// core only learns "offline"; the log says whether it was DNS, TLS or a refused connection).
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub detail: Option<String>,
}

impl Http {
    pub fn new(base: ApiBase) -> Http {
        Http {
            base,
            client: RefCell::new(Weak::new()),
        }
    }

    pub fn base(&self) -> &ApiBase {
        &self.base
    }

    /// When the request that just ended was the burst's last, the client and its agent thread are
    /// gone; the memory their TLS handshakes used goes back to the system (see [`trim_heap`]).
    fn after_request(&self) {
        if self.client.borrow().strong_count() == 0 {
            trim_heap();
        }
    }

    /// The running client, or a new one. Hold the `Rc` for the length of the request.
    pub fn client(&self) -> Result<Rc<HttpClient>, Failure> {
        if let Some(client) = self.client.borrow().upgrade() {
            return Ok(client);
        }
        let builder = HttpClient::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TOTAL_TIMEOUT)
            // Never follow: a redirect could carry the Authorization header to another host.
            .redirect_policy(RedirectPolicy::None)
            .default_header("User-Agent", USER_AGENT);
        let client = builder.build().map_err(|e| failure(&e))?;
        let client = Rc::new(client);
        *self.client.borrow_mut() = Rc::downgrade(&client);
        Ok(client)
    }
}

/// Returns the free pages of the C heap to the system. Each TLS handshake builds a verifier from
/// the system's roots (rustls-platform-verifier reads them afresh, ~150 certificates on Linux),
/// two at once in a poll, on isahc's agent thread; glibc keeps what they freed in its heaps for
/// reuse (the agent thread's own arena included, after the thread is gone): 0.3–0.6 MB resident
/// between polls for nothing (BENCHMARKS.md). `malloc_trim` hands back every whole free page, in
/// every arena.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim has no preconditions; it only releases memory malloc holds as free.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other C libraries (macOS, Windows, musl) give freed memory back on their own terms.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

/// Keeps certificate checks on the operating system's store. isahc hands a set `SSL_CERT_FILE` to
/// curl in place of the platform verifier. On Linux that is what the platform verifier would read
/// anyway (rustls-native-certs honours the variable, as OpenSSL does), but on macOS and Windows it
/// would swap the Keychain or the Windows store for a file some other tool asked for, and a root
/// the user trusts there (a company's, say) would stop counting. So there the variable is dropped.
///
/// Call it first thing in `main`, while the process has one thread.
pub fn use_the_os_trust_store() {
    if cfg!(any(target_vendor = "apple", windows)) {
        std::env::remove_var("SSL_CERT_FILE");
    }
}

/// One request from start to answer: the event the core folds, and a line for the log when
/// there is more to say than the core's classification (the transport's error, the server's
/// message). The plugin and `preview` both fetch through here.
pub async fn fetch_event(
    http: Rc<Http>,
    id: FetchId,
    endpoint: Endpoint,
    key: ApiKey,
) -> (Event, Option<String>) {
    let result = match http.client() {
        Ok(client) => fetch(client, http.base().url(&endpoint), &endpoint, key).await,
        Err(failure) => Err(failure),
    };
    http.after_request();
    let mut detail = None;
    let result = result.map_err(|failure| {
        detail = failure
            .detail
            .map(|d| format!("GET {}: {d}", endpoint.path()));
        failure.error
    });
    let fetched = EventKind::Fetched {
        id,
        endpoint,
        result,
    };
    (Event::new(clock::now(), fetched), detail)
}

/// GET one endpoint with the key and classify the answer.
pub async fn fetch(
    client: Rc<HttpClient>,
    url: String,
    endpoint: &Endpoint,
    key: ApiKey,
) -> Result<Fetched, Failure> {
    let request = isahc::Request::get(url)
        .header("Authorization", format!("Bearer {}", key.expose()))
        .body(())
        .map_err(|_| Failure {
            // The core refuses keys that cannot go into a header, so this is a bug, not a state.
            error: ApiError::Offline,
            detail: Some("the request could not be built (is the key printable ASCII?)".to_owned()),
        })?;
    let mut response = client.send_async(request).await.map_err(|e| failure(&e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = read_capped(response.body_mut(), MAX_BODY_BYTES).await?;
    classify(endpoint, status, retry_after.as_deref(), &body).map_err(|error| Failure {
        // The server's own words say why (a support log is read by someone who cannot ask).
        detail: Some(match error_message(&body) {
            Some(message) if !(200..300).contains(&status) => {
                format!("HTTP {status}: {}", redact(&message))
            }
            _ => format!("HTTP {status}: {error}"),
        }),
        error,
    })
}

async fn read_capped(
    body: &mut (impl smol::io::AsyncRead + Unpin),
    cap: usize,
) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = body.read(&mut chunk).await.map_err(|e| Failure {
            error: match e.kind() {
                std::io::ErrorKind::TimedOut => ApiError::Timeout,
                _ => ApiError::Offline,
            },
            detail: Some(format!("reading the answer failed: {e}")),
        })?;
        if n == 0 {
            return Ok(bytes);
        }
        if bytes.len() + n > cap {
            return Err(Failure {
                error: ApiError::BadBody(BodyError::Shape {
                    detail: format!("answer larger than {} MiB", cap / (1024 * 1024)),
                }),
                detail: Some("the answer was too large and was cut off".to_owned()),
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

fn failure(error: &isahc::Error) -> Failure {
    let api_error = match error.kind() {
        ErrorKind::Timeout => ApiError::Timeout,
        _ => ApiError::Offline,
    };
    Failure {
        error: api_error,
        detail: Some(redact(&error.to_string()).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        for ok in [
            "https://openrouter.ai/api/v1",
            "https://openrouter.ai/api/v1/",
            "http://127.0.0.1:8080/api/v1",
            "http://127.5.6.7/api",
            "http://localhost:9/x",
            "http://[::1]:8080/api/v1",
        ] {
            assert!(ApiBase::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            ApiBase::parse("https://openrouter.ai/api/v1/")
                .unwrap()
                .url(&Endpoint::Credits),
            "https://openrouter.ai/api/v1/credits"
        );
    }

    #[test]
    fn refuses_plain_http_elsewhere_and_odd_urls() {
        use BaseError::*;
        let cases = [
            ("http://openrouter.ai/api/v1", PlainHttpToRemoteHost),
            ("http://10.0.0.1:80/api", PlainHttpToRemoteHost),
            ("http://localhost.evil.com/api", PlainHttpToRemoteHost),
            ("http://127.0.0.1.evil.com/", PlainHttpToRemoteHost),
            ("http://[::2]:80/", PlainHttpToRemoteHost),
            ("ftp://127.0.0.1/", NotHttp),
            ("openrouter.ai", NotHttp),
            ("https://", OddAuthority),
            ("http://me:pw@127.0.0.1/", OddAuthority),
            ("http://evil.com@127.0.0.1/", OddAuthority),
        ];
        for (text, error) in cases {
            assert_eq!(ApiBase::parse(text), Err(error), "{text}");
        }
    }

    #[test]
    fn caps_the_body() {
        let big = [b'x'; 100];
        let read = |cap| smol::block_on(read_capped(&mut &big[..], cap));
        assert_eq!(read(100).map(|b| b.len()).ok(), Some(100));
        let too_big = read(99).err().map(|f| f.error);
        assert!(matches!(
            too_big,
            Some(ApiError::BadBody(BodyError::Shape { .. }))
        ));
    }
}
