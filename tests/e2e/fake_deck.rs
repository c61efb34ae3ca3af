//! A stand-in for the Stream Deck application: it listens on 127.0.0.1, launches the real
//! `openbalance` binary with the real launch flags, keeps the global settings the plugin stores,
//! and records every message the plugin sends with the time it arrived.

use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tungstenite::{Error as WsError, Message};

pub const PLUGIN_UUID: &str = "E2E0PLUGIN0UUID";
/// Waits are generous: the machine may be busy compiling. Nothing is a performance assertion.
pub const PATIENCE: Duration = Duration::from_secs(20);

#[derive(Clone, Debug)]
pub struct Received {
    pub at: Instant,
    pub text: String,
    pub json: Value,
}

impl Received {
    pub fn event(&self) -> &str {
        self.json["event"].as_str().unwrap_or("")
    }
    pub fn context(&self) -> &str {
        self.json["context"].as_str().unwrap_or("")
    }
}

enum Outgoing {
    Text(String, mpsc::Sender<Instant>),
    Close,
}

#[derive(Default)]
struct Inbox {
    messages: Vec<Received>,
    closed: bool,
}

pub struct Launch {
    pub api_base: String,
    /// What Stream Deck holds as the plugin's global settings at start.
    pub global_settings: Value,
    pub env: Vec<(String, String)>,
    /// Run this binary instead of the debug build (the benchmarks use the release build).
    pub binary: Option<PathBuf>,
    /// The `devices` of the launch's `-info`: by default the Stream Deck (MK.2, 72-pixel keys)
    /// every key appears on, as Stream Deck 6 lists it.
    pub devices: Value,
    /// Whether the host answers each `getGlobalSettings` (as Stream Deck does). When not, the
    /// test answers, when and as often as it likes (a host that merges or loses answers).
    pub answers_asks: bool,
    /// The launch info's `application.language`, as Stream Deck names it (`en` by default).
    pub language: String,
}

impl Launch {
    pub fn with_key(api_base: &str, key: &str) -> Launch {
        Launch {
            api_base: api_base.to_owned(),
            global_settings: json!({"managementKey": key}),
            env: Vec::new(),
            binary: None,
            devices: json!([{"id": "DEV1", "name": "Stream Deck", "size": {"columns": 5, "rows": 3}, "type": 0}]),
            answers_asks: true,
            language: "en".to_owned(),
        }
    }

    /// A host that names no devices (an older one): every key is drawn for 144 pixels, as before
    /// devices were known, with the fullest words.
    pub fn naming_no_devices(self) -> Launch {
        Launch {
            devices: json!([]),
            ..self
        }
    }

    pub fn without_key(api_base: &str) -> Launch {
        Launch {
            global_settings: json!({}),
            ..Launch::with_key(api_base, "")
        }
    }

    /// Stream Deck holds exactly `settings` as the global settings (several accounts, say).
    pub fn with_global_settings(api_base: &str, settings: Value) -> Launch {
        Launch {
            global_settings: settings,
            ..Launch::with_key(api_base, "")
        }
    }
}

pub struct FakeDeck {
    child: Child,
    pub dir: tempfile::TempDir,
    inbox: Arc<(Mutex<Inbox>, Condvar)>,
    outbox: mpsc::Sender<Outgoing>,
}

impl FakeDeck {
    pub fn launch(launch: Launch) -> FakeDeck {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fake Stream Deck");
        let port = listener.local_addr().expect("addr").port();
        let dir = tempfile::tempdir().expect("tempdir");
        let stderr = std::fs::File::create(dir.path().join("stderr.txt")).expect("stderr file");
        let info = json!({
            "application": {"font": ".AppleSystemUIFont", "language": launch.language, "platform": "mac", "platformVersion": "14.0", "version": "6.8.0"},
            "plugin": {"uuid": "com.openbalance.openrouter", "version": "1.0.0.0"},
            "devicePixelRatio": 2,
            "colors": {},
            "devices": launch.devices.clone()
        });
        let binary = launch
            .binary
            .clone()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_openbalance")));
        let mut command = Command::new(binary);
        command
            .args([
                "-port",
                &port.to_string(),
                "-pluginUUID",
                PLUGIN_UUID,
                "-registerEvent",
                "registerPlugin",
                "-info",
                &info.to_string(),
            ])
            .env("OPENBALANCE_API_BASE", &launch.api_base)
            .env("OPENBALANCE_LOG_DIR", dir.path().join("logs"))
            .env("OPENBALANCE_RECORD", dir.path().join("recording.jsonl"))
            .env_remove("OPENROUTER_MANAGEMENT_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        for (name, value) in &launch.env {
            command.env(name, value);
        }
        let child = command.spawn().expect("start openbalance");

        let inbox = Arc::new((Mutex::new(Inbox::default()), Condvar::new()));
        let (outbox, outgoing) = mpsc::channel();
        let thread_inbox = Arc::clone(&inbox);
        let settings = launch.global_settings;
        let answers = launch.answers_asks;
        thread::spawn(move || host(listener, thread_inbox, outgoing, settings, answers));
        FakeDeck {
            child,
            dir,
            inbox,
            outbox,
        }
    }

    pub fn recording_path(&self) -> PathBuf {
        self.dir.path().join("recording.jsonl")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.dir.path().join("logs")
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr.txt")).unwrap_or_default()
    }

    /// Sends a message; returns the instant just before it was written to the socket.
    pub fn send(&self, message: Value) -> Instant {
        let (tx, rx) = mpsc::channel();
        self.outbox
            .send(Outgoing::Text(message.to_string(), tx))
            .expect("host thread alive");
        rx.recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("could not send {message}"))
    }

    /// Sends every message as fast as the socket takes them (a flood): all are queued at once,
    /// then written one after the other. Returns the instants just before the first and the
    /// last were written.
    pub fn send_all(&self, messages: &[Value]) -> (Instant, Instant) {
        let acks: Vec<mpsc::Receiver<Instant>> = messages
            .iter()
            .map(|message| {
                let (tx, rx) = mpsc::channel();
                self.outbox
                    .send(Outgoing::Text(message.to_string(), tx))
                    .expect("host thread alive");
                rx
            })
            .collect();
        let sent: Vec<Instant> = acks
            .iter()
            .map(|rx| {
                rx.recv_timeout(PATIENCE)
                    .unwrap_or_else(|_| panic!("could not send a flood of {}", messages.len()))
            })
            .collect();
        let first = sent.first().copied().unwrap_or_else(Instant::now);
        (first, sent.last().copied().unwrap_or(first))
    }

    /// A `dialRotate` as Stream Deck sends it.
    pub fn dial_rotate_message(action: &str, context: &str, ticks: i32, pressed: bool) -> Value {
        json!({"event": "dialRotate", "action": action, "context": context, "device": "DEV2",
            "payload": {"controller": "Encoder", "settings": {}, "coordinates": {"column": 1, "row": 0}, "ticks": ticks, "pressed": pressed}})
    }

    /// A `touchTap` as Stream Deck sends it; `hold` for a long touch.
    pub fn touch_tap_message(action: &str, context: &str, hold: bool) -> Value {
        json!({"event": "touchTap", "action": action, "context": context, "device": "DEV2",
            "payload": {"controller": "Encoder", "settings": {}, "coordinates": {"column": 1, "row": 0}, "tapPos": [100, 50], "hold": hold}})
    }

    /// Waits until the plugin has sent nothing for `quiet` (or [`PATIENCE`] has passed); returns
    /// how many messages it has sent in all.
    pub fn wait_quiet(&self, quiet: Duration) -> usize {
        let deadline = Instant::now() + PATIENCE;
        let mut last = (self.count(), Instant::now());
        while Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
            let now = self.count();
            if now != last.0 {
                last = (now, Instant::now());
            } else if last.1.elapsed() >= quiet {
                break;
            }
        }
        self.count()
    }

    pub fn will_appear(&self, action: &str, context: &str, settings: Value) -> Instant {
        self.send(json!({"event": "willAppear", "action": action, "context": context, "device": "DEV1",
            "payload": {"settings": settings, "coordinates": {"column": 0, "row": 0}, "controller": "Keypad", "state": 0, "isInMultiAction": false}}))
    }

    pub fn key(&self, down: bool, action: &str, context: &str) -> Instant {
        let event = if down { "keyDown" } else { "keyUp" };
        self.send(json!({"event": event, "action": action, "context": context, "device": "DEV1",
            "payload": {"settings": {}, "coordinates": {"column": 0, "row": 0}, "state": 0, "isInMultiAction": false}}))
    }

    /// Holds the key down for 2.3 seconds (past the 2-second hold that polls now), then lets go.
    pub fn hold(&self, action: &str, context: &str) {
        self.key(true, action, context);
        thread::sleep(Duration::from_millis(2_300));
        self.key(false, action, context);
    }

    /// Every message the plugin sent with this `event`, in order.
    pub fn sent(&self, event: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.event() == event)
            .collect()
    }

    /// A tile placed on a Stream Deck + dial: `controller: "Encoder"`, as Stream Deck sends it.
    pub fn will_appear_dial(&self, action: &str, context: &str, settings: Value) -> Instant {
        self.send(json!({"event": "willAppear", "action": action, "context": context, "device": "DEV2",
            "payload": {"settings": settings, "coordinates": {"column": 1, "row": 0}, "controller": "Encoder", "state": 0, "isInMultiAction": false}}))
    }

    /// The dial turns `ticks` detents (negative: anticlockwise), `pressed` when pushed in.
    pub fn dial_rotate(&self, action: &str, context: &str, ticks: i32, pressed: bool) -> Instant {
        self.send(Self::dial_rotate_message(action, context, ticks, pressed))
    }

    /// The dial is pushed in (`down`) or let go.
    pub fn dial(&self, down: bool, action: &str, context: &str) -> Instant {
        let event = if down { "dialDown" } else { "dialUp" };
        self.send(json!({"event": event, "action": action, "context": context, "device": "DEV2",
            "payload": {"controller": "Encoder", "settings": {}, "coordinates": {"column": 1, "row": 0}}}))
    }

    /// A tap on the strip above the dial; `hold` for a long touch.
    pub fn touch_tap(&self, action: &str, context: &str, hold: bool) -> Instant {
        self.send(Self::touch_tap_message(action, context, hold))
    }

    pub fn send_to_plugin(&self, action: &str, context: &str, payload: Value) -> Instant {
        self.send(json!({"event": "sendToPlugin", "action": action, "context": context, "payload": payload}))
    }

    /// Closes the socket the way Stream Deck does when it quits.
    pub fn close(&self) {
        let _ = self.outbox.send(Outgoing::Close);
    }

    pub fn messages(&self) -> Vec<Received> {
        lock(&self.inbox.0).messages.clone()
    }

    pub fn count(&self) -> usize {
        lock(&self.inbox.0).messages.len()
    }

    /// The first message at or after index `from` that matches, waiting up to [`PATIENCE`].
    pub fn wait_for(
        &self,
        from: usize,
        what: &str,
        matches: impl Fn(&Received) -> bool,
    ) -> Received {
        let deadline = Instant::now() + PATIENCE;
        let (mutex, condvar) = &*self.inbox;
        let mut inbox = lock(mutex);
        loop {
            if let Some(found) = inbox.messages.iter().skip(from).find(|m| matches(m)) {
                return found.clone();
            }
            let now = Instant::now();
            if now >= deadline {
                drop(inbox);
                panic!(
                    "waited {PATIENCE:?} for {what}; got:\n{}\nstderr:\n{}",
                    self.summary(),
                    self.stderr()
                );
            }
            inbox = condvar
                .wait_timeout(inbox, deadline - now)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }

    pub fn wait_for_event(&self, from: usize, event: &str) -> Received {
        self.wait_for(from, event, |m| m.event() == event)
    }

    /// One line per message, images elided.
    pub fn summary(&self) -> String {
        self.messages()
            .iter()
            .map(|m| {
                if m.event() == "setImage" || m.event() == "setFeedback" {
                    format!("{} {}", m.event(), m.context())
                } else {
                    m.text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn wait_exit(&mut self, patience: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The recording, one parsed event per line.
    /// The global settings as the plugin last stored them (`setGlobalSettings`), if it did.
    pub fn stored_settings(&self) -> Option<Value> {
        self.sent("setGlobalSettings")
            .last()
            .map(|m| m.json["payload"].clone())
    }

    pub fn recording(&self) -> Vec<Value> {
        read_lines(&self.recording_path())
    }

    /// Waits until the recording holds `n` answers from OpenRouter (`fetched` events).
    pub fn wait_for_fetched(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let fetched: Vec<Value> = self
                .recording()
                .into_iter()
                .filter(|e| e["event"]["type"] == "fetched")
                .collect();
            if fetched.len() >= n {
                return fetched;
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited for {n} fetched events, have {}; stderr:\n{}",
                    fetched.len(),
                    self.stderr()
                );
            }
            thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for FakeDeck {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn read_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The Stream Deck side of the socket, on its own thread: answers `getGlobalSettings` from the
/// settings the plugin last stored, as the real application does.
fn host(
    listener: TcpListener,
    inbox: Arc<(Mutex<Inbox>, Condvar)>,
    outgoing: mpsc::Receiver<Outgoing>,
    mut settings: Value,
    answers_asks: bool,
) {
    listener.set_nonblocking(true).expect("nonblocking");
    let deadline = Instant::now() + PATIENCE;
    let stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
            Err(_) => return,
        }
    };
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_nodelay(true);
    let Ok(mut ws) = tungstenite::accept(stream) else {
        return;
    };
    let _ = ws
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(5)));
    let finish = |inbox: &(Mutex<Inbox>, Condvar)| {
        lock(&inbox.0).closed = true;
        inbox.1.notify_all();
    };
    loop {
        while let Ok(out) = outgoing.try_recv() {
            match out {
                Outgoing::Text(text, done) => {
                    // Stamped before writing, so a latency measured from it is an upper bound.
                    let sent = Instant::now();
                    if ws.send(Message::Text(text)).is_err() {
                        return finish(&inbox);
                    }
                    let _ = done.send(sent);
                }
                Outgoing::Close => {
                    let _ = ws.close(None);
                    let _ = ws.flush();
                    // Stop reading: from the plugin's side the socket is gone.
                    return finish(&inbox);
                }
            }
        }
        match ws.read() {
            Ok(Message::Text(text)) => {
                let at = Instant::now();
                let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let reply = match json["event"].as_str() {
                    Some("getGlobalSettings") if answers_asks => Some(
                        json!({"event": "didReceiveGlobalSettings", "payload": {"settings": settings.clone()}}),
                    ),
                    Some("setGlobalSettings") => {
                        settings = json["payload"].clone();
                        None
                    }
                    _ => None,
                };
                {
                    let (mutex, condvar) = &*inbox;
                    lock(mutex).messages.push(Received { at, text, json });
                    condvar.notify_all();
                }
                if let Some(reply) = reply {
                    if ws.send(Message::Text(reply.to_string())).is_err() {
                        return finish(&inbox);
                    }
                }
            }
            Ok(_) => {}
            Err(WsError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return finish(&inbox),
        }
    }
}

/// The PNG inside a `setImage`'s data URL, or a `setFeedback`'s strip.
pub fn png_of(message: &Received) -> Vec<u8> {
    let payload = &message.json["payload"];
    let url = payload["image"]
        .as_str()
        .or_else(|| payload["strip"].as_str())
        .unwrap_or("");
    let b64 = url
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("not a PNG data URL: {:.60}", url));
    decode_base64(b64)
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {}", c as char),
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, c)| n | (u32::from(value(*c)) << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

/// Width and height of a PNG, or a panic saying why it is not one.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).expect("valid PNG data");
    (frame.width, frame.height)
}
