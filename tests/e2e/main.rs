//! End to end: the real `openbalance` binary, launched the way Stream Deck launches it, talking to
//! a fake Stream Deck over a real WebSocket and to a fake OpenRouter over real HTTP.
//!
//! Each test has its own ports, temp folder, log and recording, so they run in parallel. Waits are
//! deadlines, never performance assertions. Nothing here touches the internet.

mod accounts;
mod corpus;
mod descriptors;
mod devices;
mod dials;
mod fake_deck;
mod fake_openrouter;
mod hardening;
mod intraday;
mod keys;
mod keys_hardening;
mod language;
mod plugin;
mod record_scenarios;
mod replay;
mod review;
mod subcommands;
mod tls;
mod today;
mod workspaces;

use fake_deck::{FakeDeck, Launch, Received};
use openbalance_core::{Action, Command, TileView};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command as Process;

/// A plausible Management key; its middle is what must never show up anywhere.
pub const KEY: &str = "sk-or-v1-e2esecret0123456789abcdef0123456789abcdef0123456789abcd";
pub const KEY_SECRET_PART: &str = "e2esecret0123456789";

pub fn context_of(action: Action) -> String {
    format!("ctx-{}", action.uuid().rsplit('.').next().unwrap_or("x"))
}

/// Puts every tile on a key, each with settings that show numbers (Budget picks the fake's one
/// limited key).
pub fn show_all_tiles(deck: &FakeDeck) {
    for action in Action::ALL {
        deck.will_appear(action.uuid(), &context_of(action), settings_of(action));
    }
}

/// Settings under which a tile shows numbers on the fake's healthy account.
pub fn settings_of(action: Action) -> serde_json::Value {
    match action {
        Action::Budget => {
            serde_json::json!({"key": fake_openrouter::hash_of("Support bot")})
        }
        _ => serde_json::json!({}),
    }
}

/// Runs `openbalance replay` on a recording: the commands it prints, parsed.
pub fn replay_commands(recording: &Path) -> Vec<Command> {
    let output = Process::new(env!("CARGO_BIN_EXE_openbalance"))
        .arg("replay")
        .arg(recording)
        .output()
        .expect("run openbalance replay");
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    // A replay that printed nothing says why, rather than leaving a test to find no views. (One
    // that skipped a line also fails, and is fine here: the live plugin may be mid-line.)
    assert!(
        output.status.success() || !stdout.trim().is_empty(),
        "openbalance replay {} ended with {} and printed nothing: {}",
        recording.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("replay printed a non-command ({e}): {l}"))
        })
        .collect()
}

/// What each tile shows last, according to the replay of the recording.
pub fn last_views(recording: &Path) -> BTreeMap<String, TileView> {
    let mut views = BTreeMap::new();
    for command in replay_commands(recording) {
        if let Command::Draw { context, view } = command {
            views.insert(context, view);
        }
    }
    views
}

pub fn texts_lowercase(view: &TileView) -> String {
    view.texts().join(" | ").to_lowercase()
}

/// The key may appear in `setGlobalSettings` and nowhere else: not in other messages, the log
/// files, the recording, or the plugin's stderr.
pub fn assert_key_stays_secret(deck: &FakeDeck) {
    for message in deck.messages() {
        if message.event() != "setGlobalSettings" {
            assert!(
                !message.text.contains(KEY_SECRET_PART),
                "key leaked in {}",
                message.text
            );
        }
    }
    let logs = std::fs::read_dir(deck.log_dir())
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default();
    assert!(!logs.is_empty(), "the plugin writes a log file");
    for entry in logs {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(
            !text.contains(KEY_SECRET_PART),
            "key leaked in {}",
            entry.path().display()
        );
    }
    let recording = std::fs::read_to_string(deck.recording_path()).unwrap_or_default();
    assert!(!recording.is_empty(), "the recording was written");
    assert!(
        !recording.contains(KEY_SECRET_PART),
        "key leaked in the recording"
    );
    assert!(
        !deck.stderr().contains(KEY_SECRET_PART),
        "key leaked on stderr"
    );
}

pub fn is_image_for(context: &str) -> impl Fn(&Received) -> bool + '_ {
    move |m| m.event() == "setImage" && m.context() == context
}

pub fn launch_happy(fake: &fake_openrouter::FakeOpenRouter) -> FakeDeck {
    FakeDeck::launch(Launch::with_key(&fake.base(), KEY))
}

pub fn event_type(event: &Value) -> &str {
    event["event"]["type"].as_str().unwrap_or("")
}
