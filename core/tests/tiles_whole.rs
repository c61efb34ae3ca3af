//! Every tile has all its parts (issue 21): a descriptor that names it, settings it reads (each
//! one it declares, and no other tile's), numbers on a key once the account's answers are in, a
//! strip on a dial, and a dial that turns. A tile added without one of these fails here, whatever
//! the compiler let through.

use openbalance_core::action::{Action, PLUGIN_UUID};
use openbalance_core::demo::{self, Shape};
use openbalance_core::sim::Sim;
use openbalance_core::strip::StripBody;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::view::Body;
use openbalance_core::{Command, Timestamp};
use serde_json::{json, Map, Value};

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
/// 2025-11-25 09:00 UTC, a Tuesday.
const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * HOUR_MS);

/// Settings under which each tile shows numbers on the demo account.
fn showing(action: Action) -> Value {
    match action {
        Action::Budget => json!({ "key": demo::hash("Support bot") }),
        _ => json!({}),
    }
}

/// The demo organisation, started, with `action` on a key and on a dial, its poll answered.
fn told(action: Action) -> Sim {
    let mut sim = Sim::new(NOW);
    let rows = demo::activity(NOW.day(), Shape::default());
    sim.keys = demo::keys(&rows, NOW.day(), 0.6);
    sim.workspaces = demo::workspaces();
    sim.budgets = demo::budgets(&sim.keys);
    sim.start(Some(KEY));
    sim.appear(action, "key", showing(action));
    sim.appear_dial(action, "dial", showing(action));
    let credits = demo::credits(&rows);
    sim.answer_all(credits, &rows);
    sim
}

#[test]
fn every_tile_is_declared_whole() {
    for action in Action::ALL {
        let d = action.descriptor();
        assert_eq!(d.action, action);
        assert_eq!(d.uuid, format!("{PLUGIN_UUID}.{}", d.slug));
        assert!(!d.name.is_empty() && !d.header.is_empty(), "{action:?}");
        assert!(
            !d.dial.rotate.is_empty() && !d.dial.push.is_empty(),
            "{action:?}: the dial's words"
        );
    }
}

#[test]
fn every_tile_reads_the_settings_it_declares_and_no_other() {
    let every: Vec<&str> = Action::ALL
        .iter()
        .flat_map(|a| a.descriptor().settings.iter().copied())
        .collect();
    for action in Action::ALL {
        let own = action.descriptor().settings;
        // A value no setting takes, under every name any tile declares.
        let hostile: Map<String, Value> = every
            .iter()
            .map(|name| (name.to_string(), json!({"not": "a value"})))
            .collect();
        let mut sim = Sim::new(NOW);
        sim.start(Some(KEY));
        let out = sim.appear(action, "key", Value::Object(hostile));
        // "<uuid>: bad mode, period setting; using the default"
        let fallbacks: Vec<String> = out
            .iter()
            .filter_map(|c| match c {
                Command::Log { message, .. } => message
                    .strip_prefix(&format!("{}: bad ", action.uuid()))
                    .and_then(|m| m.strip_suffix(" setting; using the default"))
                    .map(|m| m.split(", ").map(str::to_owned).collect::<Vec<_>>()),
                _ => None,
            })
            .flatten()
            .collect();
        for name in own {
            // `interval` is read with the workspace it belongs to, and `workspace` only without
            // a key: the Budget tile names them when they are what it read.
            if action == Action::Budget && matches!(*name, "interval" | "workspace") {
                continue;
            }
            assert!(
                fallbacks.iter().any(|f| f == name),
                "{action:?} declares {name} but does not read it: {fallbacks:?}"
            );
        }
        for name in &fallbacks {
            assert!(
                own.contains(&name.as_str()),
                "{action:?} reads {name}, which it does not declare"
            );
        }
    }
}

#[test]
fn every_tile_shows_numbers_on_a_key_and_a_strip_and_its_dial_turns() {
    for action in Action::ALL {
        let mut sim = told(action);
        let key = sim
            .view("key")
            .unwrap_or_else(|| panic!("{action:?}: no key view"));
        assert!(
            !matches!(key.body, Body::Status { .. }),
            "{action:?} on a key shows no numbers: {:?}",
            key.texts()
        );
        let before = sim
            .strip("dial")
            .unwrap_or_else(|| panic!("{action:?}: no strip"));
        assert!(
            !matches!(before.body, StripBody::Status { .. }),
            "{action:?} on a dial shows no numbers: {:?}",
            before.texts()
        );
        sim.turn("dial", 1);
        sim.advance(1_000);
        let after = sim.strip("dial").expect("a strip after the turn");
        assert_ne!(
            before.texts(),
            after.texts(),
            "{action:?}: its dial does not turn"
        );
    }
}
