//! Any recording line: it deserialises or is refused, and replaying what deserialises never panics
//! and is deterministic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use openbalance_core::{Event, Plugin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let events: Vec<Event> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let run = || {
        let mut plugin = Plugin::new();
        events.iter().flat_map(|e| plugin.update(e.clone())).collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
});
