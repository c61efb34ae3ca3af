use openbalance_core::action::Action;
use openbalance_core::openrouter::*;
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::{EventKind, Timestamp};
use serde_json::json;
const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
const MORNING: Timestamp = Timestamp(1_764_028_800_000 + 8 * HOUR_MS);

#[test]
#[ignore]
fn flood_cost() {
    for (n, inspector) in [(10usize, false), (1000, false), (1000, true)] {
        let mut sim = Sim::new(MORNING);
        sim.workspaces.push(Workspace { id: WorkspaceId::parse("w").unwrap(), name: "W".into(), slug: None });
        for i in 0..n {
            sim.keys.push(KeyRow {
                hash: KeyHash::parse(&format!("{:064x}", i * 7919)),
                name: format!("key {i}"),
                workspace: WorkspaceId::parse("w"),
                usage: Usage { daily: 1.0, weekly: 1.0, monthly: 1.0, total: 1.0 },
                limit: Some(KeyLimit { limit: 10.0, remaining: Some(10.0 - (i % 10) as f64), reset: Interval::Daily, include_byok: false }),
                ..KeyRow::default()
            });
        }
        sim.start(Some(KEY));
        sim.appear_dial(Action::Budget, "dial", json!({"key": format!("{:064x}", 0)}));
        let c = Credits { total_credits: 1.0, total_usage: 0.5 };
        sim.answer_all(c, &[]);
        if inspector {
            sim.send(EventKind::PropertyInspectorDidAppear { action: Action::Budget.uuid().into(), context: "dial".into() });
        }
        let t = std::time::Instant::now();
        for i in 0..2000 {
            sim.now = sim.now.plus_millis(1);
            sim.turn("dial", if i % 2 == 0 { 1 } else { -1 });
        }
        eprintln!("n={n} inspector={inspector}: {:?} per turn", t.elapsed() / 2000);
    }
}
