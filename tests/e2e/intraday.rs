//! Issue 11 end to end: the intraday shape the plugin kept is handed to the core at start (so a
//! restart does not forget the account's working hours), and a file that is not a shape is
//! ignored with a line in the log.

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use openbalance_core::intraday::Shape;

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
