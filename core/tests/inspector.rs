//! The Property Inspector and the keys (issue 20): a key already connected as one account is not
//! added again as another, and the inspector is told which account it is (by id and name, never
//! the key); the next connect clears it.

use openbalance_core::action::Action;
use openbalance_core::sim::Sim;
use openbalance_core::streamdeck::{encode, Outbound};
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::{AccountId, ApiKey, Command, PiMessage, Timestamp};
use serde_json::json;

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
const OTHER: &str = "sk-or-v1-fedcba9876543210fedcba98765432ff";
const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * HOUR_MS);

fn connect(account: Option<&str>, label: Option<&str>, key: &str) -> PiMessage {
    PiMessage::Connect {
        key: ApiKey::new(key),
        account: account.and_then(|a| AccountId::parse(Some(a))),
        label: label.map(str::to_owned),
    }
}

fn statuses(commands: &[Command]) -> Vec<serde_json::Value> {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SendKeyStatus { .. }))
        .filter_map(|c| match encode(c, "plugin") {
            Outbound::Text(text) => serde_json::from_str(&text).ok(),
            _ => None,
        })
        .map(|v: serde_json::Value| v["payload"].clone())
        .collect()
}

#[test]
fn a_key_already_connected_is_not_added_again_and_the_inspector_hears_as_which_account() {
    let mut sim = Sim::new(NOW);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "tile", json!({}));
    sim.send(openbalance_core::EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "tile".into(),
    });
    // "Work" is added with another key; then someone adds "Again" with the default's key.
    sim.pi("tile", connect(Some("work"), Some("Work"), OTHER));
    let out = sim.pi("tile", connect(Some("again"), Some("Again"), KEY));
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::StoreKey { accounts, .. }
            if accounts.iter().any(|a| a.id.as_str() == "again"))),
        "the account was not added"
    );
    assert!(!out.iter().any(|c| matches!(c, Command::Fetch { .. })));
    let told = statuses(&out);
    let last = told.last().expect("the inspector is answered");
    assert_eq!(
        last["alreadyConnected"],
        json!({"account": "default", "label": "Default"}),
        "{last}"
    );
    assert!(
        !last.to_string().contains("0123456789abcdef"),
        "no key: {last}"
    );
    // The default account connecting Work's key: told it is Work's.
    let out = sim.pi("tile", connect(None, None, OTHER));
    let last = statuses(&out).pop().expect("answered");
    assert_eq!(
        last["alreadyConnected"],
        json!({"account": "work", "label": "Work"})
    );
    // A key of its own: accepted, and the note is gone.
    let out = sim.pi(
        "tile",
        connect(
            Some("new"),
            Some("New"),
            "sk-or-v1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
    );
    assert!(out.iter().any(|c| matches!(c, Command::Fetch { .. })));
    for status in statuses(&out) {
        assert!(status.get("alreadyConnected").is_none(), "{status}");
    }
    // Reconnecting an account's own key is no duplicate.
    let out = sim.pi("tile", connect(Some("work"), None, OTHER));
    for status in statuses(&out) {
        assert!(status.get("alreadyConnected").is_none(), "{status}");
    }
}
