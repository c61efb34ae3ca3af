//! Issue 10 end to end: the Today tile sums `usage_daily` over every key of every `/keys` page
//! (disabled ones included), Top Models by key names the top key, and a poll with neither tile
//! makes no `/keys` request at all.

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::{key_row, FakeOpenRouter};
use crate::*;
use serde_json::json;

/// 103 keys over two pages, every third disabled; key i spent (i + 1) cents today.
fn hundred_and_three() -> Vec<String> {
    (0..103)
        .map(|i| {
            key_row(
                &format!("app {i:03}"),
                i % 3 == 0,
                (i + 1) as f64 / 100.0,
                (i + 1) as f64,
            )
        })
        .collect()
}

#[test]
fn today_is_the_exact_sum_of_every_key_on_every_page() {
    let fake = FakeOpenRouter::start();
    fake.set_keys(&hundred_and_three());
    let deck = FakeDeck::launch(Launch::with_key(&fake.base(), KEY));
    deck.wait_for_event(0, "getGlobalSettings");
    deck.will_appear(Action::Today.uuid(), "ctx-today", json!({}));
    deck.will_appear(Action::TopModels.uuid(), "ctx-bykey", json!({"by": "key"}));
    // /credits, /activity, /workspaces (a 404 here) and both pages of /keys.
    deck.wait_for_fetched(5);
    deck.wait_for(0, "the Today tile", is_image_for("ctx-today"));
    let pages: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/keys")
        .map(|r| r.query)
        .collect();
    assert_eq!(
        pages,
        [
            "include_disabled=true&offset=0",
            "include_disabled=true&offset=100"
        ],
        "both pages, disabled keys included, once for both tiles"
    );
    let views = last_views(&deck.recording_path());
    let today = views["ctx-today"].texts().join(" | ");
    // 1 + 2 + … + 103 cents = $53.56
    assert!(today.contains("$53.56"), "{today}");
    let by_key = views["ctx-bykey"].texts().join(" | ");
    // On the MK.2's 72-pixel keys: one key a page, its place in the header.
    assert!(by_key.starts_with("#1 KEY | app 102 | $103.00"), "{by_key}");
    assert_key_stays_secret(&deck);
}

#[test]
fn without_today_or_by_key_a_poll_is_credits_and_activity_only() {
    let fake = FakeOpenRouter::start();
    let deck = FakeDeck::launch(Launch::with_key(&fake.base(), KEY));
    deck.wait_for_event(0, "getGlobalSettings");
    for action in [
        Action::Balance,
        Action::TopModels,
        Action::MonthlySpend,
        Action::SpikeAlert,
    ] {
        deck.will_appear(action.uuid(), &context_of(action), json!({}));
    }
    deck.wait_for_fetched(2);
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert_eq!(fake.count("/keys"), 0, "{:?}", fake.requests());
    assert_eq!((fake.count("/credits"), fake.count("/activity")), (1, 1));
}
