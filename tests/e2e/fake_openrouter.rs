//! A scripted stand-in for OpenRouter: a tiny HTTP/1.1 server on 127.0.0.1 that answers each path
//! with whatever the test set, and remembers every request with its headers. A reply may also be
//! set for one key only ([`FakeOpenRouter::set_for_key`]): several accounts, each its own numbers.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The path prefix the plugin is pointed at, as on the real API.
pub const PREFIX: &str = "/api/v1";

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// How long the server thinks before it answers.
    pub delay_ms: u64,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            delay_ms: 0,
        }
    }

    /// Closes the connection without a word, as a reset or a dead proxy does.
    pub fn reset() -> Reply {
        Reply::json(RESET, "")
    }

    /// Accepts the request and never answers (until the client hangs up).
    pub fn hang() -> Reply {
        Reply::json(HANG, "")
    }

    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            &format!(r#"{{"error":{{"code":{status},"message":"{message}"}}}}"#),
        )
    }
}

#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Under the prefix: `/credits`, `/activity`, `/key`, `/keys`.
    pub path: String,
    /// What came after `?`, if anything.
    pub query: String,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The key the request carried (`Authorization: Bearer <key>`), if any.
    pub fn key(&self) -> Option<&str> {
        bearer(self.header("authorization"))
    }
}

/// The key in an `Authorization` header's value.
fn bearer(value: Option<&str>) -> Option<&str> {
    value.and_then(|v| v.strip_prefix("Bearer ")).map(str::trim)
}

/// Pseudo-statuses for [`Reply::reset`] and [`Reply::hang`].
const RESET: u16 = 0;
const HANG: u16 = 1;

#[derive(Default)]
struct State {
    replies: HashMap<String, Reply>,
    /// Replies for one key and path, `(key, path)`; they win over [`State::replies`].
    by_key: HashMap<(String, String), Reply>,
    requests: Vec<Request>,
    /// Connections held by [`Reply::hang`] that the client has not closed yet.
    hanging: usize,
    /// The account's keys: `/keys` serves them 100 a page by `offset` (unless a reply is set).
    keys: Vec<String>,
    /// Replies for a path whose query holds a part (`workspace_id=w1`), first set first; they
    /// win over [`State::replies`].
    by_query: Vec<(String, String, Reply)>,
    /// An organisation's workspaces (rows): `/workspaces` serves them by `offset`/`limit`.
    /// `None`: no `/workspaces` at all (404), as on an account without workspaces.
    workspaces: Option<Vec<String>>,
    /// Each workspace's keys, by id: `/keys?workspace_id=…` serves them 100 a page.
    workspace_keys: HashMap<String, Vec<String>>,
}

pub struct FakeOpenRouter {
    port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeOpenRouter {
    /// A healthy account: $100.50 bought, $25.75 used, 30 days of activity on three models.
    pub fn start() -> FakeOpenRouter {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fake OpenRouter");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let fake = FakeOpenRouter {
            port,
            state: Arc::clone(&state),
        };
        fake.set("/credits", Reply::json(200, CREDITS));
        fake.set("/activity", Reply::json(200, &activity_last_30_days()));
        fake.set("/key", Reply::json(200, KEY_IS_MANAGEMENT));
        fake.set_keys(&three_keys());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&state);
                thread::spawn(move || serve(stream, &state));
            }
        });
        fake
    }

    /// `http://127.0.0.1:<port>/api/v1`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}{PREFIX}", self.port)
    }

    /// The reply set for `path` (a 404 when none is).
    pub fn reply(&self, path: &str) -> Reply {
        let state = lock(&self.state);
        state
            .replies
            .get(path)
            .cloned()
            .unwrap_or_else(|| Reply::error(404, "Not Found"))
    }

    pub fn set(&self, path: &str, reply: Reply) {
        lock(&self.state).replies.insert(path.to_owned(), reply);
    }

    /// The reply to `path` for requests carrying `key`; other keys still get the path's reply.
    pub fn set_for_key(&self, key: &str, path: &str, reply: Reply) {
        lock(&self.state)
            .by_key
            .insert((key.to_owned(), path.to_owned()), reply);
    }

    /// Requests for `path` that carried `key`.
    pub fn count_for_key(&self, key: &str, path: &str) -> usize {
        lock(&self.state)
            .requests
            .iter()
            .filter(|r| r.path == path && r.key() == Some(key))
            .count()
    }

    /// The reply to `path` when its query contains `part` (`workspace_id=w1&…` → `w1`'s keys).
    pub fn set_where(&self, path: &str, part: &str, reply: Reply) {
        lock(&self.state)
            .by_query
            .push((path.to_owned(), part.to_owned(), reply));
    }

    /// Forgets every reply set with [`FakeOpenRouter::set_where`].
    pub fn clear_where(&self) {
        lock(&self.state).by_query.clear();
    }

    /// The organisation's workspaces (rows as `/workspaces` lists them) and each one's keys
    /// (`/keys?workspace_id=<id>`); `/keys` without an id keeps serving [`set_keys`]'s keys.
    pub fn set_workspaces(&self, workspaces: &[(String, Vec<String>)]) {
        let mut state = lock(&self.state);
        state.workspaces = Some(workspaces.iter().map(|(row, _)| row.clone()).collect());
        for (row, keys) in workspaces {
            let id = serde_json::from_str::<serde_json::Value>(row)
                .ok()
                .and_then(|v| v["id"].as_str().map(str::to_owned))
                .unwrap_or_default();
            state.workspace_keys.insert(id, keys.clone());
        }
    }

    /// The account's keys, as `/keys` rows (JSON objects).
    pub fn set_keys(&self, keys: &[String]) {
        let mut state = lock(&self.state);
        state.keys = keys.to_vec();
        state.replies.remove("/keys");
    }

    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state).requests.clone()
    }

    /// Requests that are being held unanswered and that the client still keeps open.
    pub fn hanging(&self) -> usize {
        lock(&self.state).hanging
    }

    pub fn count(&self, path: &str) -> usize {
        lock(&self.state)
            .requests
            .iter()
            .filter(|r| r.path == path)
            .count()
    }
}

/// A base URL where nothing listens: the port was just free.
pub fn unreachable_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}{PREFIX}")
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One request per connection (`Connection: close`): simple, and curl copes.
fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("").to_owned();
    let target = request_line.next().unwrap_or("");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.strip_prefix(PREFIX).unwrap_or(path).to_owned();
    let query = query.to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect::<Vec<(String, String)>>();
    let key = bearer(
        headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.as_str()),
    )
    .map(str::to_owned);
    let reply = {
        let mut state = lock(state);
        let for_key = key
            .and_then(|k| state.by_key.get(&(k, path.clone())))
            .cloned();
        state.requests.push(Request {
            method,
            path: path.clone(),
            query: query.clone(),
            headers,
            at: Instant::now(),
        });
        let for_query = state
            .by_query
            .iter()
            .find(|(p, part, _)| *p == path && query.contains(part.as_str()))
            .map(|(_, _, reply)| reply.clone());
        let workspace = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("workspace_id="))
            .map(str::to_owned);
        match for_key
            .or(for_query)
            .as_ref()
            .or_else(|| state.replies.get(&path))
        {
            Some(reply) => Some(reply.clone()),
            None if path == "/keys" => Some(match workspace {
                Some(id) => keys_page(
                    state.workspace_keys.get(&id).map_or(&[][..], |k| &k[..]),
                    &query,
                ),
                None => keys_page(&state.keys, &query),
            }),
            None if path == "/workspaces" => state
                .workspaces
                .as_ref()
                .map(|rows| workspaces_page(rows, &query)),
            None => None,
        }
    };
    let reply = reply.unwrap_or_else(|| Reply::error(404, "Not Found"));
    thread::sleep(Duration::from_millis(reply.delay_ms));
    match reply.status {
        RESET => return,
        HANG => {
            lock(state).hanging += 1;
            let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
            // Wait for the client to hang up (EOF or error), then count it gone.
            let mut sink = [0u8; 256];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            lock(state).hanging -= 1;
            return;
        }
        _ => {}
    }
    let mut out = format!(
        "HTTP/1.1 {} Fake\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&reply.body);
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
}

/// The page of `keys` the query asks for (`offset=`, 100 a page), as `/keys` sends it.
fn keys_page(keys: &[String], query: &str) -> Reply {
    let offset = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("offset="))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(keys.len());
    let end = (offset + 100).min(keys.len());
    Reply::json(
        200,
        &format!(r#"{{"data":[{}]}}"#, keys[offset..end].join(",")),
    )
}

/// The page of workspaces the query asks for (`offset=`, `limit=` up to 100), with the total.
fn workspaces_page(rows: &[String], query: &str) -> Reply {
    let number = |name: &str, default: usize| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let offset = number("offset=", 0).min(rows.len());
    let end = (offset + number("limit=", 50).min(100)).min(rows.len());
    Reply::json(
        200,
        &format!(
            r#"{{"data":[{}],"total_count":{}}}"#,
            rows[offset..end].join(","),
            rows.len()
        ),
    )
}

/// One `/workspaces` row as OpenRouter's reference shows it.
pub fn workspace_row(id: &str, name: &str, slug: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"{name}","slug":"{slug}","description":null,"default_text_model":null,"default_image_model":null,"default_provider_sort":null,"io_logging_api_key_ids":null,"io_logging_sampling_rate":1,"is_data_discount_logging_enabled":true,"is_observability_broadcast_enabled":false,"is_observability_io_logging_enabled":false,"created_at":"2026-03-01T10:00:00Z","created_by":"user_abc123","updated_at":null}}"#
    )
}

/// A `/keys` row with its own limit: `limit` USD, `remaining` of it left, reset `reset` (a
/// JSON value: `"daily"` or `null`).
pub fn limited_key_row(
    hash: &str,
    name: &str,
    daily: f64,
    monthly: f64,
    limit: f64,
    remaining: f64,
    reset: &str,
) -> String {
    format!(
        r#"{{"hash":"{hash}","name":"{name}","label":"sk-or-v1-abc...xyz","disabled":false,"limit":{limit},"limit_remaining":{remaining},"limit_reset":{reset},"include_byok_in_limit":false,"usage":{monthly},"usage_daily":{daily},"usage_weekly":{daily},"usage_monthly":{monthly},"byok_usage":0,"byok_usage_daily":0,"byok_usage_weekly":0,"byok_usage_monthly":0,"created_at":"2026-01-05T10:00:00.000Z","updated_at":null}}"#
    )
}

/// The hash the fake gives the key named `name`.
pub fn hash_of(name: &str) -> String {
    format!("h-{}", name.replace(' ', "-"))
}

/// One `/keys` row as the API documents it.
pub fn key_row(name: &str, disabled: bool, daily: f64, monthly: f64) -> String {
    let hash = hash_of(name);
    format!(
        r#"{{"hash":"{hash}","name":"{name}","label":"sk-or-v1-abc...xyz","disabled":{disabled},"limit":null,"limit_remaining":null,"limit_reset":null,"include_byok_in_limit":false,"usage":{monthly},"usage_daily":{daily},"usage_weekly":{daily},"usage_monthly":{monthly},"byok_usage":0,"byok_usage_daily":0,"byok_usage_weekly":0,"byok_usage_monthly":0,"created_at":"2026-01-05T10:00:00.000Z","updated_at":null}}"#
    )
}

/// Three keys; the support bot has a $20 monthly limit with $10.75 left.
fn three_keys() -> Vec<String> {
    vec![
        key_row("Cursor", false, 0.75, 14.5),
        limited_key_row(
            &hash_of("Support bot"),
            "Support bot",
            0.5,
            9.25,
            20.0,
            10.75,
            r#""monthly""#,
        ),
        key_row("Old prototype", true, 0.0, 1.0),
    ]
}

pub const CREDITS: &str = r#"{"data":{"total_credits":100.5,"total_usage":25.75}}"#;
pub const KEY_IS_MANAGEMENT: &str = r#"{"data":{"label":"Stream Deck","usage":0,"limit":null,"is_free_tier":false,"is_management_key":true}}"#;
pub const KEY_IS_INFERENCE: &str = r#"{"data":{"label":"app","usage":0,"limit":null,"is_free_tier":false,"is_management_key":false}}"#;

/// Rows for each of the 30 completed UTC days before today, as the live `/activity` returns them
/// (a date with a space and a midnight time, not the docs' bare date).
pub fn activity_last_30_days() -> String {
    activity_of(&[
        ("openai/gpt-4.1", 0.42),
        ("anthropic/claude-sonnet-4", 0.31),
        ("google/gemini-2.5-pro", 0.05),
    ])
}

/// Like [`activity_last_30_days`], for these models at about these daily amounts.
pub fn activity_of(models: &[(&str, f64)]) -> String {
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let mut rows = Vec::new();
    for days_ago in 1..=30i64 {
        let day = openbalance_core::Timestamp(today - days_ago * 86_400_000).day();
        for &(model, usage) in models {
            rows.push(format!(
                r#"{{"date":"{day} 00:00:00","model":"{model}","model_permaslug":"{model}-x","endpoint_id":"e","provider_name":"P","usage":{},"byok_usage_inference":0,"requests":12,"prompt_tokens":100,"completion_tokens":200,"reasoning_tokens":0}}"#,
                usage * (1.0 + (days_ago % 5) as f64 / 10.0)
            ));
        }
    }
    format!(r#"{{"data":[{}]}}"#, rows.join(","))
}
