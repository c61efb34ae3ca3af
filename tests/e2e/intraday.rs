//! Issue 11 end to end: the intraday shape the plugin kept is handed to the core at start (so a
//! restart does not forget the account's working hours), and a file that is not a shape is
//! ignored with a line in the log. Issue 22: what an attacker can leave in the state folder (a
//! link to a device, a FIFO, a link under the temporary file's name, a hostile shape) neither
//! stops the start, nor is written through, nor costs the other accounts their shapes.

use crate::fake_deck::{FakeDeck, Launch, PATIENCE};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use openbalance_core::intraday::Shape;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::ApiKey;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn launch_with_state(fake: &FakeOpenRouter, state: &std::path::Path) -> FakeDeck {
    let mut launch = Launch::with_key(&fake.base(), KEY);
    launch
        .env
        .push(("OPENBALANCE_STATE_DIR".into(), state.display().to_string()));
    FakeDeck::launch(launch)
}

#[test]
fn a_kept_shape_is_loaded_at_start() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    let mut shape = Shape::new("redacted…abcd#00000000".into());
    for i in 0..8 {
        shape.observe(
            openbalance_core::Timestamp(1_795_996_800_000 + i * 900_000),
            i as f64,
        );
    }
    std::fs::write(
        state.path().join("intraday.json"),
        serde_json::to_vec(&shape).unwrap(),
    )
    .unwrap();
    let deck = launch_with_state(&fake, state.path());
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    let loaded: Vec<_> = deck
        .recording()
        .into_iter()
        .filter(|e| event_type(e) == "intradayLoaded")
        .collect();
    assert_eq!(loaded.len(), 1, "the kept shape arrives once, as an event");
    assert_eq!(
        loaded[0]["event"]["shape"]["account"],
        "redacted…abcd#00000000"
    );
}

#[test]
fn a_file_that_is_not_a_shape_is_ignored_and_said() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    std::fs::write(state.path().join("intraday.json"), b"{\"hello\": 1}").unwrap();
    let deck = launch_with_state(&fake, state.path());
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    let log = std::fs::read_to_string(deck.log_dir().join("openbalance.log")).unwrap_or_default();
    assert!(log.contains("ignored the kept intraday shape"), "{log}");
    assert!(deck
        .recording()
        .iter()
        .all(|e| event_type(e) != "intradayLoaded"));
}

fn log_of(deck: &FakeDeck) -> String {
    std::fs::read_to_string(deck.log_dir().join("openbalance.log")).unwrap_or_default()
}

/// The plugin registered and draws a tile: nothing in the state folder held up the start.
fn draws(deck: &FakeDeck) {
    deck.wait_for_event(0, "getGlobalSettings");
    deck.will_appear(Action::Balance.uuid(), "ctx-after-state", json!({}));
    deck.wait_for(0, "an image", is_image_for("ctx-after-state"));
}

#[cfg(unix)]
#[test]
fn a_fifo_for_the_state_file_does_not_stop_the_start() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    let fifo = state.path().join("intraday.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let deck = launch_with_state(&fake, state.path());
    draws(&deck);
    deck.wait_for_fetched(2);
    let log = log_of(&deck);
    assert!(log.contains("not a regular file"), "{log}");
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_not_followed() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", state.path().join("intraday.json")).unwrap();
    let deck = launch_with_state(&fake, state.path());
    draws(&deck);
    deck.wait_for_fetched(2);
    let log = log_of(&deck);
    assert!(log.contains("not a regular file"), "{log}");
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A shape for `key`'s account whose last sample was two hours ago: the first poll completes
/// at least one whole hour, so the plugin saves the shape at once.
fn shape_due_to_learn(key: &str, open: Option<serde_json::Value>) -> serde_json::Value {
    let account = ApiKey::new(key).expect("a key").redacted();
    let mut shape = serde_json::to_value(Shape::new(account)).unwrap();
    let at = now_ms() - 2 * HOUR_MS;
    shape["last"] = json!([at, 1.0]);
    if let Some(mut open) = open {
        open["hour"] = json!(at.div_euclid(HOUR_MS));
        shape["open"] = open;
    }
    shape
}

/// Every shape in the file reads back: no number was written that JSON cannot hold (an infinite
/// mean is written as `null`, which no shape reads); and each is whole, unless `whole` is false.
fn every_shape_reads(file: &Path, whole: bool) {
    let text = std::fs::read_to_string(file).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    for shape in value["shapes"].as_array().expect("several shapes") {
        let read = serde_json::from_value::<Shape>(shape.clone());
        assert!(
            read.as_ref().is_ok_and(|s| s.is_usable() || !whole),
            "{read:?} from {:.300}",
            shape.to_string()
        );
    }
}

/// Waits until the state file no longer holds `before` (the plugin saved).
fn saved(deck: &FakeDeck, file: &Path, before: &[u8]) {
    let deadline = Instant::now() + PATIENCE;
    while std::fs::read(file).ok().as_deref() == Some(before) {
        assert!(
            Instant::now() < deadline,
            "no save in {PATIENCE:?}:\n{}",
            log_of(deck)
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[cfg(unix)]
#[test]
fn a_planted_link_under_the_temporary_name_is_not_written_through() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    let victim = state.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let planted = state.path().join("intraday.json.tmp");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let file = state.path().join("intraday.json");
    let before = serde_json::to_vec(&shape_due_to_learn(KEY, None)).unwrap();
    std::fs::write(&file, &before).unwrap();
    let deck = launch_with_state(&fake, state.path());
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    saved(&deck, &file, &before);
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        b"precious",
        "the save wrote through the planted link"
    );
    assert!(std::fs::symlink_metadata(&file)
        .unwrap()
        .file_type()
        .is_file());
    let kept: Shape = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(kept.is_usable());
    assert!(std::fs::symlink_metadata(&planted)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_hostile_open_hour_is_never_saved_and_costs_no_other_account_its_shape() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    // Another account's shape, and this key's with an hour that would overflow when closed.
    let other = Shape::new("redacted…wxyz#0badcafe".into());
    let hostile = shape_due_to_learn(KEY, Some(json!({"spent": 1e308, "covered_ms": 1})));
    let file = state.path().join("intraday.json");
    let before = serde_json::to_vec(&json!({"shapes": [other, hostile]})).unwrap();
    std::fs::write(&file, &before).unwrap();
    let deck = launch_with_state(&fake, state.path());
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    saved(&deck, &file, &before);
    every_shape_reads(&file, true);
    drop(deck);
    // The next start takes up both accounts' shapes.
    let again = launch_with_state(&fake, state.path());
    show_all_tiles(&again);
    again.wait_for_fetched(2);
    let loaded: Vec<String> = again
        .recording()
        .into_iter()
        .filter(|e| event_type(e) == "intradayLoaded")
        .map(|e| {
            e["event"]["shape"]["account"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(loaded.len(), 2, "{loaded:?}\n{}", log_of(&again));
    assert!(loaded.contains(&"redacted…wxyz#0badcafe".to_owned()));
}

#[test]
fn a_hostile_last_sample_costs_only_its_own_account() {
    let fake = FakeOpenRouter::start();
    let state = tempfile::tempdir().unwrap();
    let other = Shape::new("redacted…wxyz#0badcafe".into());
    let mut hostile = shape_due_to_learn(KEY, None);
    hostile["last"][1] = json!(-1e308);
    let file = state.path().join("intraday.json");
    std::fs::write(&file, json!({"shapes": [other, hostile]}).to_string()).unwrap();
    let deck = launch_with_state(&fake, state.path());
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    // Give a save, if one were coming, the time to land.
    std::thread::sleep(Duration::from_millis(300));
    let log = log_of(&deck);
    assert!(
        log.contains("ignored a kept intraday shape: its last sample"),
        "{log}"
    );
    // The hostile shape is still there (nothing was saved), but nothing was made of it.
    every_shape_reads(&file, false);
    drop(deck);
    let again = launch_with_state(&fake, state.path());
    show_all_tiles(&again);
    again.wait_for_fetched(2);
    let loaded: Vec<String> = again
        .recording()
        .into_iter()
        .filter(|e| event_type(e) == "intradayLoaded")
        .map(|e| {
            e["event"]["shape"]["account"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert!(
        loaded.contains(&"redacted…wxyz#0badcafe".to_owned()),
        "the other account lost its shape: {loaded:?}\n{}",
        log_of(&again)
    );
}
