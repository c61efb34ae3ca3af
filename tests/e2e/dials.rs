//! Stream Deck + end to end: a tile on a dial gets a 200×100 strip (`setFeedback`) at appear and
//! a different one after a turn, a push brings the default back, a touch opens the tile's page
//! and a long touch refreshes, answered like a hold. Keys beside the dials are untouched.

use crate::fake_deck::{png_of, png_size, FakeDeck, Received};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use openbalance_core::action::{ACTIVITY_URL, CREDITS_URL};
use openbalance_core::StripView;
use serde_json::json;
use serde_json::Value;
use std::thread;
use std::time::Duration;

fn is_strip_for(context: &str) -> impl Fn(&Received) -> bool + '_ {
    move |m| m.event() == "setFeedback" && m.context() == context
}

/// What each dial shows last, according to the replay of the recording.
fn last_strips(deck: &FakeDeck) -> std::collections::BTreeMap<String, StripView> {
    let mut strips = std::collections::BTreeMap::new();
    for command in replay_commands(&deck.recording_path()) {
        if let Command::DrawStrip { context, view } = command {
            strips.insert(context, view);
        }
    }
    strips
}

/// The strip after the first poll's numbers arrived: the newest `setFeedback` once every answer
/// is in and the plugin has had a moment to draw it.
fn settled_strip(deck: &FakeDeck, context: &str, fetched: usize) -> Received {
    deck.wait_for_fetched(fetched);
    thread::sleep(Duration::from_millis(300));
    deck.messages()
        .into_iter()
        .rev()
        .find(|m| is_strip_for(context)(m))
        .unwrap_or_else(|| panic!("no strip for {context}:\n{}", deck.summary()))
}

#[test]
fn a_dial_gets_a_strip_at_appear_and_a_different_one_after_a_turn() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let action = Action::MonthlySpend;
    deck.will_appear_dial(action.uuid(), "ctx-dial", json!({}));
    deck.will_appear(Action::Balance.uuid(), "ctx-key", json!({}));
    let first = deck.wait_for(0, "a strip at appear", is_strip_for("ctx-dial"));
    assert_eq!(png_size(&png_of(&first)), (200, 100));
    assert_eq!(
        first.json["payload"]
            .as_object()
            .map(|o| o.keys().collect::<Vec<_>>()),
        Some(vec![&"strip".to_owned()]),
        "one pixmap, the layout's only item"
    );
    let key = deck.wait_for(0, "the key's image", is_image_for("ctx-key"));
    assert_eq!(png_size(&png_of(&key)), (144, 144), "keys as before");
    let with_numbers = settled_strip(&deck, "ctx-dial", 2);
    let mark = deck.count();
    deck.dial_rotate(action.uuid(), "ctx-dial", -1, false);
    let turned = deck.wait_for(mark, "a strip after the turn", is_strip_for("ctx-dial"));
    assert_eq!(png_size(&png_of(&turned)), (200, 100));
    assert_ne!(
        png_of(&turned),
        png_of(&with_numbers),
        "the turn shows another day"
    );
    // A push (down and up without a turn) brings the 30-day total back.
    let mark = deck.count();
    deck.dial(true, action.uuid(), "ctx-dial");
    deck.dial(false, action.uuid(), "ctx-dial");
    let back = deck.wait_for(mark, "the default strip again", is_strip_for("ctx-dial"));
    assert_eq!(png_of(&back), png_of(&with_numbers));
    thread::sleep(Duration::from_millis(200));
    assert!(
        deck.messages()
            .iter()
            .all(|m| !(m.event() == "setImage" && m.context() == "ctx-dial")),
        "a dial never gets a key image:\n{}",
        deck.summary()
    );
    // The recording replays to the same strips: the turn and the push are in it.
    let kinds: Vec<String> = deck
        .recording()
        .iter()
        .map(|e| event_type(e).to_owned())
        .collect();
    assert!(kinds.iter().any(|k| k == "dialRotate"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "dialUp"), "{kinds:?}");
    let strips = last_strips(&deck);
    let texts = strips["ctx-dial"].texts().join(" | ");
    assert!(texts.starts_with("30-DAY SPEND | $"), "{texts}");
    assert_key_stays_secret(&deck);
}

#[test]
fn a_touch_opens_the_page_and_a_long_touch_refreshes_like_a_hold() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let balance = Action::Balance;
    deck.will_appear_dial(balance.uuid(), "ctx-balance", json!({}));
    deck.will_appear_dial(Action::TopModels.uuid(), "ctx-top", json!({}));
    settled_strip(&deck, "ctx-balance", 2);
    let mark = deck.count();
    deck.touch_tap(balance.uuid(), "ctx-balance", false);
    let opened = deck.wait_for_event(mark, "openUrl");
    assert_eq!(opened.json["payload"]["url"], CREDITS_URL);
    let mark = deck.count();
    deck.touch_tap(Action::TopModels.uuid(), "ctx-top", false);
    let opened = deck.wait_for_event(mark, "openUrl");
    assert_eq!(opened.json["payload"]["url"], ACTIVITY_URL);

    let mark = deck.count();
    deck.touch_tap(balance.uuid(), "ctx-balance", true);
    let ok = deck.wait_for(mark, "showOk after the refresh", |m| {
        m.event() == "showOk" || m.event() == "showAlert"
    });
    assert_eq!(ok.event(), "showOk", "{}", deck.summary());
    assert_eq!(ok.context(), "ctx-balance");
    assert_eq!(fake.count("/credits"), 2, "a long touch polled now");
    assert_eq!(fake.count("/activity"), 2);
    assert!(
        deck.messages()[mark..]
            .iter()
            .all(|m| m.event() != "openUrl"),
        "a long touch opens nothing"
    );
}

#[test]
fn every_tile_turns_on_a_dial_and_the_strip_follows() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    for action in Action::ALL {
        deck.will_appear_dial(action.uuid(), &context_of(action), settings_of(action));
    }
    for action in Action::ALL {
        let strip = deck.wait_for(0, "a strip per dial", is_strip_for(&context_of(action)));
        assert_eq!(png_size(&png_of(&strip)), (200, 100), "{action:?}");
    }
    deck.wait_for_fetched(4);
    thread::sleep(Duration::from_millis(300));
    let before = last_strips(&deck);
    for action in Action::ALL {
        deck.dial_rotate(action.uuid(), &context_of(action), 1, false);
    }
    thread::sleep(Duration::from_millis(400));
    let after = last_strips(&deck);
    for action in Action::ALL {
        let context = context_of(action);
        let (a, b) = (&before[&context], &after[&context]);
        if action == Action::SpikeAlert && a.texts().iter().any(|t| t.contains("Gathering")) {
            continue; // nothing behind the verdict yet: nothing to turn to
        }
        assert_ne!(a.texts(), b.texts(), "{action:?} turned: {:?}", b.texts());
    }
}

/// Writes `messages` as one flood; returns what the plugin sent from then until it had been quiet
/// for half a second, and how long from the first event written to the last message received.
fn flood(deck: &FakeDeck, messages: &[Value]) -> (Vec<Received>, Duration) {
    let mark = deck.count();
    let (first, last) = deck.send_all(messages);
    deck.wait_quiet(Duration::from_millis(500));
    let sent = deck.messages().split_off(mark);
    let end = sent.last().map_or(last, |m| m.at.max(last));
    (sent, end.saturating_duration_since(first))
}

/// Issue 22: a flood of turns is drawn at the display's pace (one strip per 50 ms at most, by
/// the times the plugin stamped), and the strip of where the dial stopped is the last one sent.
/// The bound is taken from how long the flood lasted here, so a slow machine only loosens it.
#[test]
fn a_flood_of_turns_sends_strips_at_the_displays_pace_and_ends_on_the_last_view() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let balance = Action::Balance.uuid();
    deck.will_appear_dial(balance, "ctx-flood", json!({}));
    let before = settled_strip(&deck, "ctx-flood", 2);
    // One way and back, 500 times: the flood ends where it began.
    let turns: Vec<Value> = (0..1_000)
        .map(|n| FakeDeck::dial_rotate_message(balance, "ctx-flood", 1 - 2 * (n % 2), false))
        .collect();
    let (sent, lasted) = flood(&deck, &turns);
    let strips: Vec<&Received> = sent
        .iter()
        .filter(|m| is_strip_for("ctx-flood")(m))
        .collect();
    let pace = openbalance_core::STRIP_PACE_MS as u128;
    let most = lasted.as_millis() / pace + 2;
    assert!(
        (strips.len() as u128) <= most,
        "{} strips for 1 000 turns in {lasted:?} (at most {most} at the pace)",
        strips.len()
    );
    let last = strips.last().expect("the turns were drawn");
    assert_eq!(
        png_of(last),
        png_of(&before),
        "the last strip sent is where the dial stopped"
    );
}

/// Issue 22: a flood of touches opens the tile's page once a second, not once a touch.
#[test]
fn a_flood_of_touches_opens_one_page_a_second() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let balance = Action::Balance.uuid();
    deck.will_appear_dial(balance, "ctx-touch", json!({}));
    settled_strip(&deck, "ctx-touch", 2);
    let touches: Vec<Value> = (0..500)
        .map(|_| FakeDeck::touch_tap_message(balance, "ctx-touch", false))
        .collect();
    let (sent, lasted) = flood(&deck, &touches);
    let opened: Vec<&Received> = sent.iter().filter(|m| m.event() == "openUrl").collect();
    let most = lasted.as_secs() as usize + 1;
    assert!(!opened.is_empty(), "a touch opens the page");
    assert!(
        opened.len() <= most,
        "{} pages opened by 500 touches in {lasted:?} (at most {most})",
        opened.len()
    );
    assert!(opened
        .iter()
        .all(|m| m.json["payload"]["url"] == CREDITS_URL));
}
