//! Makes the golden recordings in `tests/recordings/`: real runs of the binary against the fakes
//! with `OPENBALANCE_RECORD` set. Ignored by default because the files are checked in; rerun with
//! `cargo test -p openbalance --test e2e record_scenarios -- --ignored`, then bless the expected
//! outputs (see `replay.rs`) and review both diffs.

use crate::fake_deck::{FakeDeck, Launch, PATIENCE};
use crate::fake_openrouter::{FakeOpenRouter, Reply};
use crate::*;
use serde_json::json;
use std::path::Path;
use std::thread;
use std::time::Duration;

fn save(deck: &mut FakeDeck, name: &str) {
    deck.close();
    deck.wait_exit(PATIENCE).expect("the plugin exits");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/recordings");
    std::fs::create_dir_all(&dir).expect("recordings dir");
    std::fs::copy(deck.recording_path(), dir.join(format!("{name}.jsonl")))
        .expect("copy recording");
}

fn tap(deck: &FakeDeck, action: Action) {
    deck.key(true, action.uuid(), &context_of(action));
    deck.key(false, action.uuid(), &context_of(action));
}

#[test]
#[ignore = "regenerates checked-in files"]
fn record_scenarios() {
    // Four tiles, one poll, a tap on each, a 2-second hold that polls again.
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    for action in Action::ALL {
        tap(&deck, action);
    }
    let balance = context_of(Action::Balance);
    deck.key(true, Action::Balance.uuid(), &balance);
    thread::sleep(Duration::from_millis(2_300));
    deck.key(false, Action::Balance.uuid(), &balance);
    deck.wait_for_fetched(4);
    deck.will_appear(
        Action::Balance.uuid(),
        "ctx-used-7d",
        json!({"mode": "used", "period": "7d", "theme": "light"}),
    );
    deck.wait_for(0, "the light tile", is_image_for("ctx-used-7d"));
    save(&mut deck, "four-tiles-tap-and-hold");

    // No key; the Property Inspector connects one, then disconnects it.
    let fake = FakeOpenRouter::start();
    let mut deck = FakeDeck::launch(Launch::without_key(&fake.base()));
    deck.wait_for_event(0, "getGlobalSettings");
    let (action, context) = (Action::Balance.uuid(), context_of(Action::Balance));
    deck.will_appear(action, &context, json!({}));
    deck.send(json!({"event": "propertyInspectorDidAppear", "action": action, "context": context, "device": "DEV1"}));
    deck.send_to_plugin(action, &context, json!({"event": "connect", "key": KEY}));
    deck.wait_for_fetched(3);
    deck.wait_for(0, "connected", |m| {
        m.json["payload"]["status"] == "connected"
    });
    deck.send_to_plugin(action, &context, json!({"event": "disconnect"}));
    deck.wait_for(0, "disconnected", |m| m.json["payload"]["hasKey"] == false);
    save(&mut deck, "property-inspector-connect-disconnect");

    // OpenRouter down (500), then back: a hold recovers the tiles.
    let fake = FakeOpenRouter::start();
    fake.set("/credits", Reply::error(500, "Internal Server Error"));
    fake.set("/activity", Reply::error(502, "Bad Gateway"));
    let mut deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    fake.set(
        "/credits",
        Reply::json(200, crate::fake_openrouter::CREDITS),
    );
    fake.set(
        "/activity",
        Reply::json(200, &crate::fake_openrouter::activity_last_30_days()),
    );
    let spike = context_of(Action::SpikeAlert);
    deck.key(true, Action::SpikeAlert.uuid(), &spike);
    thread::sleep(Duration::from_millis(2_300));
    deck.key(false, Action::SpikeAlert.uuid(), &spike);
    deck.wait_for_fetched(4);
    save(&mut deck, "outage-then-recovery");

    // A revoked key.
    let fake = FakeOpenRouter::start();
    fake.set("/credits", Reply::error(401, "User not found."));
    fake.set("/activity", Reply::error(401, "User not found."));
    let mut deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(2);
    tap(&deck, Action::Balance);
    thread::sleep(Duration::from_millis(300));
    save(&mut deck, "rejected-key");
}
