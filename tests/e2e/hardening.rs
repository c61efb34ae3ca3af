//! The process under hostile or broken surroundings: a flood of peer text against the log cap, a
//! Stream Deck that never finishes the handshake or speaks broken WebSocket, and signals.

use crate::fake_deck::{FakeDeck, PATIENCE};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use serde_json::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command as Process, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The log's cap: `openbalance.log` and `openbalance.log.1`, 1 MiB each (`logfile::MAX_BYTES`).
const LOG_DIR_CAP: u64 = 2 * 1024 * 1024;

fn log_dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn log_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("openbalance.log")).unwrap_or_default()
}

/// A willAppear after the noise still gets its image: the plugin is alive and well.
fn still_draws(deck: &FakeDeck, context: &str) {
    let mark = deck.count();
    deck.will_appear(Action::Balance.uuid(), context, json!({}));
    deck.wait_for(mark, "an image after the noise", is_image_for(context));
}

#[test]
fn one_huge_unknown_event_stays_within_the_log_cap() {
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    // Three times the whole cap in one event name (under tungstenite's 16 MiB frame limit).
    let name = "x".repeat(3 * LOG_DIR_CAP as usize);
    deck.send(json!({"event": name, "context": "c", "payload": {}}));
    // A second huge name, and huge text in an event the plugin does know, for good measure.
    deck.send(json!({"event": format!("y{name}")}));
    deck.send(json!({"event": "keyDown", "context": name}));
    still_draws(&deck, "ctx-after-the-flood");
    assert!(deck.is_running());
    let total = log_dir_bytes(&deck.log_dir());
    assert!(
        total <= LOG_DIR_CAP,
        "log files hold {total} bytes, over {LOG_DIR_CAP}"
    );
    let log = log_text(&deck.log_dir());
    assert!(
        log.contains("ignoring Stream Deck events \"xxxx"),
        "{log:.2000}"
    );
    assert!(log.lines().all(|l| l.len() <= 4096), "a line over 4 KiB");
}

#[test]
fn unknown_event_names_are_logged_once_each_up_to_a_bound() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    for i in 0..100 {
        deck.send(json!({"event": format!("madeUpEvent{i}")}));
    }
    deck.send(json!({"event": "madeUpEvent0"}));
    still_draws(&deck, "ctx-after-the-names");
    let log = log_text(&deck.log_dir());
    let named = log.matches("ignoring Stream Deck events").count();
    assert_eq!(named, 64, "{log}");
    assert_eq!(
        log.matches("too many unknown event names; no longer logging new ones")
            .count(),
        1,
        "{log}"
    );
}

/// Launches the plugin against a Stream Deck played by the test itself, on `port`.
fn launch_raw(port: u16, dir: &Path, env: &[(&str, &str)]) -> Child {
    let mut command = Process::new(env!("CARGO_BIN_EXE_openbalance"));
    command
        .args([
            "-port",
            &port.to_string(),
            "-pluginUUID",
            fake_deck::PLUGIN_UUID,
            "-registerEvent",
            "registerPlugin",
            "-info",
            "{}",
        ])
        .env("OPENBALANCE_LOG_DIR", dir.join("logs"))
        .env("OPENBALANCE_RECORD", dir.join("recording.jsonl"))
        .env("OPENBALANCE_API_BASE", "http://127.0.0.1:9/api/v1")
        .env_remove("OPENROUTER_MANAGEMENT_KEY")
        .env_remove("OPENBALANCE_HANDSHAKE_TIMEOUT_MS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    command.spawn().expect("start openbalance")
}

fn wait_exit(child: &mut Child, patience: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + patience;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut text);
    }
    text
}

#[test]
fn a_host_that_never_answers_the_handshake_times_out_with_a_reason() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // Accepts the TCP connection, then says nothing.
    let held = thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let dir = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let mut child = launch_raw(
        port,
        dir.path(),
        &[("OPENBALANCE_HANDSHAKE_TIMEOUT_MS", "400")],
    );
    let status = wait_exit(&mut child, PATIENCE)
        .unwrap_or_else(|| panic!("still waiting {PATIENCE:?} for a handshake"));
    let _stream = held.join().expect("accept thread");
    assert!(!status.success(), "{status:?}");
    assert!(started.elapsed() >= Duration::from_millis(400));
    let stderr = stderr_of(&mut child);
    let log = log_text(&dir.path().join("logs"));
    for text in [&stderr, &log] {
        assert!(
            text.contains("did not complete the WebSocket handshake within 400 ms"),
            "{text}"
        );
    }
}

/// Completes the handshake, reads `registerPlugin`, then writes `bytes` raw onto the socket.
fn host_then_send_raw(bytes: &'static [u8]) -> (u16, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let host = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut ws = tungstenite::accept(stream).expect("handshake");
        let register = ws.read().expect("registerPlugin");
        assert!(register.to_text().unwrap_or("").contains("registerPlugin"));
        let socket: &mut TcpStream = ws.get_mut();
        socket.write_all(bytes).expect("write garbage");
        socket.flush().expect("flush");
        // Keep the socket open until the plugin has gone: its exit must come from the bytes.
        let mut sink = [0u8; 1024];
        while matches!(socket.read(&mut sink), Ok(n) if n > 0) {}
    });
    (port, host)
}

fn assert_protocol_error_exits_non_zero(bytes: &'static [u8], reason: &str) {
    let (port, host) = host_then_send_raw(bytes);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = launch_raw(port, dir.path(), &[]);
    let status = wait_exit(&mut child, PATIENCE)
        .unwrap_or_else(|| panic!("still running {PATIENCE:?} after {bytes:?}"));
    host.join().expect("host thread");
    let log = log_text(&dir.path().join("logs"));
    assert!(!status.success(), "{status:?}; log:\n{log}");
    assert!(
        !log.contains("Stream Deck closed the connection"),
        "a broken connection is not a close:\n{log}"
    );
    assert!(
        log.contains("the connection to Stream Deck failed") && log.contains(reason),
        "{log}"
    );
    assert!(stderr_of(&mut child).contains(reason));
}

#[test]
fn garbage_after_the_handshake_exits_non_zero_with_the_reason() {
    // A complete frame header with the reserved bits set and an unknown opcode, then junk: not
    // WebSocket.
    assert_protocol_error_exits_non_zero(b"\xff\x00 garbage", "protocol");
}

#[test]
fn a_text_frame_that_is_not_utf8_exits_non_zero_with_the_reason() {
    // A final, unmasked text frame of two bytes that are not UTF-8.
    assert_protocol_error_exits_non_zero(b"\x81\x02\xff\xfe", "UTF-8");
}

#[test]
fn a_clean_close_still_exits_0_and_says_so() {
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    deck.close();
    let status = deck.wait_exit(PATIENCE).expect("exits after close");
    assert!(status.success(), "{status:?}");
    let log = log_text(&deck.log_dir());
    assert!(
        log.contains("Stream Deck closed the connection; exiting"),
        "{log}"
    );
}

fn signal(pid: u32, name: &str) {
    let status = Process::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid}");
}

#[cfg(unix)]
#[test]
fn a_signal_ends_the_plugin_cleanly_with_the_reason_logged() {
    let fake = FakeOpenRouter::start();
    for name in ["TERM", "INT", "HUP"] {
        let mut deck = launch_happy(&fake);
        show_all_tiles(&deck);
        deck.wait_for(0, "a first image", |m| m.event() == "setImage");
        let sent = Instant::now();
        signal(deck.pid(), name);
        let status = deck
            .wait_exit(PATIENCE)
            .unwrap_or_else(|| panic!("still running {PATIENCE:?} after SIG{name}"));
        assert!(
            status.success(),
            "SIG{name}: {status:?}; stderr:\n{}",
            deck.stderr()
        );
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "SIG{name} took {:?}",
            sent.elapsed()
        );
        let log = log_text(&deck.log_dir());
        assert!(
            log.contains(&format!("received SIG{name}; exiting")),
            "{log}"
        );
        let recording = std::fs::read_to_string(deck.recording_path()).expect("recording");
        assert!(recording.ends_with('\n'), "the last line is whole");
        let last = recording.lines().last().expect("a recorded event");
        serde_json::from_str::<Value>(last)
            .unwrap_or_else(|e| panic!("last recorded line is not JSON ({e}): {last}"));
    }
}

/// Issue 8, item 8: a context no host sends (here 8 MB) is refused at parse time, so it is never
/// echoed back in a `setImage` of the same size; the plugin goes on drawing real tiles.
#[test]
fn a_huge_context_is_never_echoed_back() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let huge = "c".repeat(8 << 20);
    let mark = deck.count();
    deck.will_appear(Action::Balance.uuid(), &huge, json!({}));
    still_draws(&deck, "ctx-after-the-huge-one");
    let biggest = deck.messages()[mark..]
        .iter()
        .map(|m| m.text.len())
        .max()
        .unwrap_or(0);
    assert!(biggest < 1 << 20, "a {biggest}-byte message went out");
    assert!(log_text(&deck.log_dir()).contains("over 512 bytes"));
}
