//! Issue 19 end to end: the language Stream Deck names at launch reaches the keys, is recorded
//! once so the recording replays in it, and a language we do not speak is English, unrecorded, and
//! said in the log.

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use serde_json::json;

/// The tiles' texts after the first poll, launched in `language`, the recording's text and the
/// log's.
fn launched_in(language: &str) -> (BTreeMap<String, String>, String, String) {
    let fake = FakeOpenRouter::start();
    let deck = FakeDeck::launch(Launch {
        language: language.to_owned(),
        ..Launch::with_key(&fake.base(), KEY).naming_no_devices()
    });
    deck.wait_for_event(0, "getGlobalSettings");
    deck.will_appear(Action::Balance.uuid(), "ctx-balance", json!({}));
    deck.will_appear(
        Action::Balance.uuid(),
        "ctx-used",
        json!({"mode": "used", "period": "7d"}),
    );
    deck.will_appear(Action::SpikeAlert.uuid(), "ctx-spike", json!({}));
    deck.wait_for_fetched(2);
    for ctx in ["ctx-balance", "ctx-used", "ctx-spike"] {
        deck.wait_for(0, ctx, is_image_for(ctx));
    }
    let texts = last_views(&deck.recording_path())
        .into_iter()
        .map(|(ctx, view)| (ctx, view.texts().join(" | ")))
        .collect();
    let recording = std::fs::read_to_string(deck.recording_path()).expect("the recording");
    assert_key_stays_secret(&deck);
    let log = std::fs::read_to_string(deck.log_dir().join("openbalance.log")).unwrap_or_default();
    (texts, recording, log)
}

#[test]
fn launched_in_german_the_keys_speak_german_and_the_recording_says_so_once() {
    // A region, as another host may send it: still German.
    let (texts, recording, _) = launched_in("de-DE");
    let balance = &texts["ctx-balance"];
    assert!(balance.starts_with("GUTHABEN | "), "{balance}");
    // German amounts: a decimal comma, the dollar after a no-break space.
    let amount = balance.split(" | ").nth(1).unwrap_or_default();
    assert!(
        amount.contains(',') && amount.ends_with("\u{a0}$"),
        "{amount:?}"
    );
    let used = &texts["ctx-used"];
    assert!(used.starts_with("VERBR. · 7T | "), "{used}");
    assert!(used.contains("gestern"), "the trend line in German: {used}");
    let spike = &texts["ctx-spike"];
    assert!(spike.starts_with("AUSGABEN-ALARM | "), "{spike}");
    assert_eq!(
        recording
            .matches(r#"{"type":"language","lang":"de"}"#)
            .count(),
        1,
        "the language is recorded once: {recording}"
    );
}

#[test]
fn a_language_we_do_not_speak_is_english_unrecorded_and_logged() {
    let (texts, recording, log) = launched_in("pt-BR");
    let balance = &texts["ctx-balance"];
    assert!(balance.starts_with("BALANCE | $"), "{balance}");
    assert!(texts["ctx-used"].starts_with("USED · 7D | $"));
    assert!(!recording.contains(r#""type":"language""#), "{recording}");
    assert!(
        log.contains(r#"language "pt-BR" is not one OpenBalance speaks"#),
        "the log says what it skipped: {log}"
    );
}

#[test]
fn launched_in_japanese_the_keys_speak_japanese_with_dollars_first() {
    // Stream Deck's own code for the language, as its launch info names it.
    let (texts, recording, log) = launched_in("ja");
    let balance = &texts["ctx-balance"];
    assert!(balance.starts_with("残高 | $"), "{balance}");
    // A decimal point, the dollar before the amount, as CLDR writes US dollars in Japanese.
    let amount = balance.split(" | ").nth(1).unwrap_or_default();
    assert!(amount.contains('.') && !amount.contains(','), "{amount:?}");
    let used = &texts["ctx-used"];
    assert!(used.starts_with("利用額 · 7日 | $"), "{used}");
    assert!(used.contains("昨日"), "the trend line in Japanese: {used}");
    assert!(texts["ctx-spike"].starts_with("急増アラート | "));
    assert_eq!(
        recording
            .matches(r#"{"type":"language","lang":"ja"}"#)
            .count(),
        1,
        "{recording}"
    );
    assert!(!log.contains("not one OpenBalance speaks"), "{log}");
}
