//! Resident memory of the release binary after hostile `/keys` answers (issue 22, item 1),
//! against the same plugin after an ordinary answer: launched by the fake Stream Deck with a Today
//! tile, polling the fake OpenRouter (plain http on 127.0.0.1; the TLS cost is the runtime
//! bench's). Linux only (`/proc/<pid>/status`). Prints a Markdown table for BENCHMARKS.md.
//!
//! `cargo bench -p openbalance --bench hostile` (builds and uses `target/release/openbalance`).

#[allow(dead_code)]
#[path = "../e2e/fake_deck.rs"]
mod fake_deck;
#[allow(dead_code)]
#[path = "../e2e/fake_openrouter.rs"]
mod fake_openrouter;

use fake_deck::{FakeDeck, Launch};
use fake_openrouter::{key_row, FakeOpenRouter, Reply};
use openbalance_core::Action;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const KEY: &str = "sk-or-v1-benchbenchbench0123456789abcdef0123456789abcdef012345678";

fn kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn release_binary() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "openbalance"])
        .current_dir(&root)
        .status()
        .expect("cargo build --release");
    assert!(status.success());
    root.join("target/release/openbalance")
}

/// Launches the plugin with a Today tile against `fake`, waits for its first poll to end and a
/// second to settle; returns (VmRSS, VmHWM) in kB, and the requests the walk made.
fn measure(fake: &FakeOpenRouter, binary: &Path) -> (u64, u64, usize) {
    let deck = FakeDeck::launch(Launch {
        binary: Some(binary.to_path_buf()),
        ..Launch::with_key(&fake.base(), KEY)
    });
    deck.wait_for_event(0, "getGlobalSettings");
    deck.will_appear(Action::Today.uuid(), "today", json!({}));
    let log = deck.log_dir().join("openbalance.log");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("poll")
    {
        assert!(Instant::now() < deadline, "no poll ended");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_secs(2));
    let pid = deck.pid();
    (kb(pid, "VmRSS:"), kb(pid, "VmHWM:"), fake.count("/keys"))
}

fn main() {
    if !cfg!(target_os = "linux") {
        eprintln!("hostile: Linux only");
        return;
    }
    let binary = release_binary();
    let ordinary = FakeOpenRouter::start();
    ordinary.set_keys(
        &(0..103)
            .map(|i| key_row(&format!("app {i:03}"), i % 3 == 0, 0.01, 1.0))
            .collect::<Vec<_>>(),
    );
    let hostile = FakeOpenRouter::start();
    let entries = (8 * 1024 * 1024 - 16) / 3;
    let body = format!(r#"{{"data":[{}{{}}]}}"#, "{},".repeat(entries - 1));
    for offset in [0, 100, 200, 300] {
        hostile.set_where(
            "/keys",
            &format!("offset={offset}"),
            Reply::json(200, &body),
        );
    }
    hostile.set_where("/keys", "offset=400", Reply::json(200, r#"{"data":[]}"#));
    let endless = FakeOpenRouter::start();
    // Every page a full one of new keys, whatever the offset: the walk stops at its page cap.
    endless.set(
        "/keys",
        Reply::json(
            200,
            &format!(
                r#"{{"data":[{}]}}"#,
                (0..100)
                    .map(|i| key_row(&format!("k{i}"), false, 0.01, 1.0))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
    );
    println!("| `/keys` answer | pages asked | VmRSS after | VmHWM (peak) |");
    println!("|---|---|---|---|");
    for (name, fake) in [
        ("ordinary: 103 keys over 2 pages", &ordinary),
        (
            "hostile: 4 pages of 2.8 M `{}` entries (8 MiB each)",
            &hostile,
        ),
        ("a server ignoring `offset` (the same 100 keys)", &endless),
    ] {
        let (rss, hwm, pages) = measure(fake, &binary);
        println!(
            "| {name} | {pages} | {:.1} MB | {:.1} MB |",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        );
    }
}
