//! Any text from the Stream Deck socket parses or is refused, and whatever parses can be folded
//! into a plugin without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use openbalance_core::streamdeck::{parse_inbound, Inbound};
use openbalance_core::{Event, EventKind, Plugin, Timestamp};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut plugin = Plugin::new();
    plugin.update(Event::new(Timestamp(0), EventKind::Started));
    for (i, line) in text.lines().enumerate() {
        if let Ok(Inbound::Event(kind)) = parse_inbound(line) {
            plugin.update(Event::new(Timestamp(i as i64 * 1000), kind));
        }
    }
});
