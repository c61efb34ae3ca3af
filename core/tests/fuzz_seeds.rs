//! Every fuzz seed (`fuzz/seeds/`) through what its fuzz target checks, on stable Rust and in
//! every `cargo test`: Stream Deck text parses or is refused and whatever parses folds without a
//! panic; a recording deserialises or is refused and replays identically twice. The fuzzer
//! (`cargo fuzz`, nightly) starts from the same files and goes further.

use openbalance_core::streamdeck::{parse_inbound, Inbound};
use openbalance_core::{Event, EventKind, Plugin, Timestamp};
use std::path::PathBuf;

fn seeds(target: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(entry.path()).expect("a seed");
            (name, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

#[test]
fn streamdeck_inbound_seeds_fold_without_a_panic() {
    for (name, text) in seeds("streamdeck_inbound") {
        let mut plugin = Plugin::new();
        plugin.update(Event::new(Timestamp(0), EventKind::Started));
        let mut parsed = 0;
        for (i, line) in text.lines().enumerate() {
            if let Ok(Inbound::Event(kind)) = parse_inbound(line) {
                plugin.update(Event::new(Timestamp(i as i64 * 1000), kind));
                parsed += 1;
            }
        }
        assert!(
            parsed > 0 || !name.ends_with(".json"),
            "{name} parses to nothing"
        );
    }
}

#[test]
fn recorded_event_seeds_replay_identically() {
    for (name, text) in seeds("recorded_events") {
        let events: Vec<Event> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        assert!(events.len() > 1, "{name}: no events read");
        let run = || {
            let mut plugin = Plugin::new();
            events
                .iter()
                .flat_map(|e| plugin.update(e.clone()))
                .map(|c| serde_json::to_string(&c).expect("a command prints"))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(), run(), "{name}");
    }
}
