//! Keys drawn for the device they are on (issue 20): the launch's `-info` names a Stream Deck
//! MK.2 (72-pixel keys), so its keys come out in the small layout; a device that connects later
//! (`deviceDidConnect`, an XL) has its keys redrawn in the medium one; a key on a device never
//! named is drawn as before devices were known. Every picture is still 144×144.

use crate::fake_deck::{png_of, png_size, FakeDeck, Launch};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use openbalance_core::view::KeySize;
use serde_json::json;

#[test]
fn each_key_is_drawn_for_its_device() {
    let fake = FakeOpenRouter::start();
    let deck = FakeDeck::launch(Launch::with_key(&fake.base(), KEY));
    deck.wait_for_event(0, "getGlobalSettings");
    // On the MK.2 the launch named (DEV1).
    deck.will_appear(Action::Balance.uuid(), "ctx-mk2", json!({}));
    // On an XL that connects now, then a key on it.
    deck.send(json!({"event": "deviceDidConnect", "device": "XL1",
        "deviceInfo": {"name": "Stream Deck XL", "type": 2, "size": {"columns": 8, "rows": 4}}}));
    deck.send(
        json!({"event": "willAppear", "action": Action::Balance.uuid(), "context": "ctx-xl",
        "device": "XL1", "payload": {"settings": {}, "coordinates": {"column": 0, "row": 0},
        "controller": "Keypad", "state": 0, "isInMultiAction": false}}),
    );
    // On a device nobody named.
    deck.send(
        json!({"event": "willAppear", "action": Action::Balance.uuid(), "context": "ctx-other",
        "device": "UNNAMED", "payload": {"settings": {}, "coordinates": {"column": 0, "row": 0},
        "controller": "Keypad", "state": 0, "isInMultiAction": false}}),
    );
    deck.wait_for_fetched(2);
    for ctx in ["ctx-mk2", "ctx-xl", "ctx-other"] {
        let image = deck.wait_for(0, ctx, is_image_for(ctx));
        assert_eq!(png_size(&png_of(&image)), (144, 144), "{ctx}");
    }
    let views = last_views(&deck.recording_path());
    assert_eq!(views["ctx-mk2"].size, KeySize::Small);
    assert_eq!(views["ctx-xl"].size, KeySize::Medium);
    assert_eq!(views["ctx-other"].size, KeySize::Large);
    // The small key keeps the answer and drops the trend; the others say more.
    assert_eq!(
        views["ctx-mk2"].texts().len(),
        2,
        "{:?}",
        views["ctx-mk2"].texts()
    );
    assert!(views["ctx-xl"]
        .texts()
        .iter()
        .any(|t| t.starts_with("yday")));
    assert!(views["ctx-other"]
        .texts()
        .iter()
        .any(|t| t.starts_with("yday")));
    let recording = std::fs::read_to_string(deck.recording_path()).unwrap_or_default();
    assert!(recording.contains(r#""type":"deviceDidConnect","device":"DEV1","device_type":0"#));
    assert!(recording.contains(r#""device":"XL1","device_type":2"#));
    assert_key_stays_secret(&deck);
}
