//! The key's protection end to end: a key that worked is never lost to one that has not, and a
//! superseded `/key` check is cancelled (its connection closed), however many come.

use crate::fake_deck::PATIENCE;
use crate::fake_openrouter::{FakeOpenRouter, Reply};
use crate::*;
use serde_json::json;
use std::thread;
use std::time::{Duration, Instant};

const OTHER: &str = "sk-or-v1-mistyped000000000000000000000000000000000000000000000000zz";

fn open_inspector(deck: &fake_deck::FakeDeck) -> (&'static str, String) {
    let (action, context) = (Action::Balance.uuid(), context_of(Action::Balance));
    deck.send(json!({"event": "propertyInspectorDidAppear", "action": action, "context": context, "device": "DEV1"}));
    (action, context)
}

/// Issue 8, item 1, as reported: key A works; a mistyped key is connected while `/key` resets the
/// connection. A stays in the global settings, the next polls still use A, the tiles keep A's
/// numbers.
#[test]
fn an_unverifiable_key_never_replaces_the_working_one() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    fake.set("/key", Reply::reset());
    let (action, context) = open_inspector(&deck);
    let mark = deck.count();
    deck.send_to_plugin(action, &context, json!({"event": "connect", "key": OTHER}));
    deck.wait_for_fetched(3);
    // A hold forces the next poll now.
    deck.key(true, action, &context);
    thread::sleep(Duration::from_millis(2_300));
    deck.key(false, action, &context);
    deck.wait_for_fetched(6);
    let settings: Vec<_> = deck.messages()[mark..]
        .iter()
        .filter(|m| m.event() == "setGlobalSettings")
        .map(|m| m.json["payload"].clone())
        .collect();
    assert!(!settings.is_empty());
    for payload in &settings {
        assert_eq!(
            payload["managementKey"], KEY,
            "A is never dropped: {settings:?}"
        );
    }
    for request in fake.requests() {
        let expected = if request.path == "/key" { OTHER } else { KEY };
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {expected}").as_str()),
            "{}",
            request.path
        );
    }
    let views = last_views(&deck.recording_path());
    assert!(
        texts_lowercase(&views[&context_of(Action::Balance)]).contains('$'),
        "A's numbers stay"
    );
    // When `/key` answers again and refutes the candidate, it is dropped and A carries on.
    fake.set("/key", Reply::error(401, "User not found."));
    let mark = deck.count();
    deck.key(true, action, &context);
    thread::sleep(Duration::from_millis(2_300));
    deck.key(false, action, &context);
    let dropped = deck.wait_for(mark, "the candidate dropped", |m| {
        m.event() == "setGlobalSettings" && m.json["payload"].get("pendingKey").is_none()
    });
    assert_eq!(dropped.json["payload"], json!({"managementKey": KEY}));
}

/// Issue 8, item 6: 300 connects in a row leave at most a couple of `/key` requests open; each
/// newer candidate cancels the older check (and its connection is closed).
#[test]
fn superseded_key_checks_are_cancelled() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    fake.set("/key", Reply::hang());
    let (action, context) = open_inspector(&deck);
    let total = 300;
    for i in 0..total {
        let key = format!("sk-or-v1-candidate{i:06}0000000000000000000000000000000000000000");
        deck.send_to_plugin(action, &context, json!({"event": "connect", "key": key}));
    }
    // Let the plugin take them all in, then give curl time to close what was cancelled.
    let deadline = Instant::now() + PATIENCE;
    while fake.count("/key") < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
    }
    thread::sleep(Duration::from_millis(1_500));
    let hanging = fake.hanging();
    assert!(
        hanging <= 3,
        "{hanging} /key requests still open after {total} connects ({} sent)",
        fake.count("/key")
    );
    assert!(deck.stderr().is_empty() || !deck.stderr().contains("panicked"));
}
