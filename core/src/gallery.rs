//! Every tile in every state, for `openbalance preview`: each picture is reached by driving a real
//! [`Plugin`](crate::Plugin) through events with the [`Sim`], so it shows what the plugin draws.

use crate::action::Action;
use crate::demo::{self, Shape};
use crate::event::{EventKind, PiMessage};
use crate::openrouter::{ApiError, Credits};
use crate::sim::Sim;
use crate::timestamp::{Timestamp, MINUTE_MS};
use crate::view::{KeySize, TileView};
use serde_json::{json, Value};

/// One picture of the preview: a file-friendly name (`balance-remaining-dark`, with `-96px` or
/// `-72px` after it for a tile drawn for a medium or small key) and its view.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub view: TileView,
}

/// The device the gallery puts a key of each size on: a Stream Deck MK.2 (72 px keys), an XL
/// (96 px); a large key is on a device the host never named, as before devices were known.
fn device_type(size: KeySize) -> Option<u32> {
    match size {
        KeySize::Small => Some(0),
        KeySize::Medium => Some(2),
        KeySize::Large => None,
    }
}

/// The name's ending for a key of `size`: the pixels of the key it is drawn for.
pub fn size_suffix(size: KeySize) -> String {
    match size {
        KeySize::Large => String::new(),
        size => format!("-{}px", size.design_px()),
    }
}

const DEMO_KEY: &str = "sk-or-v1-demo-demo-demo-demo-0000";
const CTX: &str = "tile";

/// How far a sample's story goes.
enum Story {
    Fresh(Shape),
    /// A second poll a little later fails with this error.
    ThenFails(ApiError),
    FirstPollFails(ApiError),
    /// The first poll's `/credits` answers and its `/activity` fails with this error.
    ActivityFails(ApiError),
    NoKey,
    Preparing,
    Checking,
    Refused(ApiError),
    Empty,
    Acknowledged(Shape),
    /// Cycled one minute forward.
    NextPage,
    /// Fresh, on a machine this many minutes off UTC.
    Local(i32),
    /// Fresh, with this much left of the balance.
    Remaining(f64),
    /// Fresh, on a second account with this label (the deck shows two accounts).
    Account(&'static str),
    /// A tile whose account was removed from the global settings.
    AccountGone,
}

/// The second account's key in the pictures.
const WORK_KEY: &str = "sk-or-v1-demo-work-demo-work-1111";

fn sample(
    name: &str,
    theme: &str,
    action: Action,
    settings: Value,
    story: Story,
    now: Timestamp,
    size: KeySize,
) -> Option<Sample> {
    let sim = told(theme, action, settings, story, now, Controller::Key(size))?;
    Some(Sample {
        name: format!("{name}-{theme}{}", size_suffix(size)),
        view: sim.view(CTX)?,
    })
}

/// Where a picture's tile sits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Controller {
    Key(KeySize),
    Dial,
}

/// A plugin that has lived through `story` with one tile of `action` at [`CTX`], on a key or a
/// dial: the one way every picture, key or strip, is reached.
fn told(
    theme: &str,
    action: Action,
    mut settings: Value,
    story: Story,
    now: Timestamp,
    on: Controller,
) -> Option<Sim> {
    settings["theme"] = json!(theme);
    let mut sim = Sim::new(now);
    sim.keys = demo::keys(&demo::activity(now.day(), Shape::default()), now.day(), 0.6);
    sim.workspaces = demo::workspaces();
    sim.budgets = demo::budgets(&sim.keys);
    let account = |shape: Shape| {
        let rows = demo::activity(now.day(), shape);
        (demo::credits(&rows), rows)
    };
    match &story {
        Story::NoKey => {
            sim.start(None);
        }
        Story::Preparing => {
            sim.send(EventKind::Started);
        }
        Story::Checking | Story::Refused(_) => {
            sim.start(None);
        }
        Story::Account(label) => {
            sim.send(EventKind::Started);
            sim.send(EventKind::DidReceiveGlobalSettings {
                key: crate::ApiKey::new(DEMO_KEY),
                pending: None,
                unusable: false,
                label: None,
                accounts: vec![crate::StoredAccount {
                    id: crate::AccountId::parse(Some("work"))?,
                    label: label.to_string(),
                    key: crate::ApiKey::new(WORK_KEY),
                    pending: None,
                    unusable: false,
                    kept: None,
                }],
                skipped_accounts: 0,
                kept: Default::default(),
            });
            settings["account"] = json!("work");
        }
        Story::AccountGone => {
            sim.start(Some(DEMO_KEY));
            settings["account"] = json!("gone");
        }
        _ => {
            sim.start(Some(DEMO_KEY));
        }
    }
    match on {
        Controller::Key(size) => match device_type(size) {
            Some(kind) => {
                sim.device("deck", kind);
                sim.appear_on("deck", action, CTX, settings)
            }
            None => sim.appear(action, CTX, settings),
        },
        Controller::Dial => sim.appear_dial(action, CTX, settings),
    };
    match story {
        Story::Fresh(shape) => {
            let (c, rows) = account(shape);
            sim.answer_all(c, &rows);
        }
        Story::ThenFails(error) => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
            sim.send(EventKind::SystemDidWakeUp);
            sim.fail_all(error);
        }
        Story::FirstPollFails(error) => {
            sim.fail_all(error);
        }
        Story::ActivityFails(error) => {
            let (c, _) = account(Shape::default());
            sim.answer(
                crate::openrouter::Endpoint::Credits,
                Ok(crate::openrouter::Fetched::Credits(c)),
            );
            sim.answer(crate::openrouter::Endpoint::Activity, Err(error));
        }
        Story::Checking => {
            sim.pi(CTX, PiMessage::connect(crate::ApiKey::new(DEMO_KEY)));
        }
        Story::Refused(error) => {
            sim.pi(CTX, PiMessage::connect(crate::ApiKey::new(DEMO_KEY)));
            sim.fail_all(error);
        }
        Story::Empty => {
            sim.answer_all(
                Credits {
                    total_credits: 25.0,
                    total_usage: 0.0,
                },
                &[],
            );
        }
        Story::Acknowledged(shape) => {
            let (c, rows) = account(shape);
            sim.answer_all(c, &rows);
            sim.tap(CTX);
        }
        Story::NextPage => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
            sim.advance(MINUTE_MS);
        }
        Story::Local(offset) => {
            sim.send(EventKind::LocalTime {
                utc_offset_minutes: offset,
            });
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
        }
        Story::Remaining(left) => {
            let (c, rows) = account(Shape::default());
            let credits = Credits {
                total_credits: c.total_usage + left,
                ..c
            };
            sim.answer_all(credits, &rows);
        }
        Story::Account(_) => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
        }
        Story::NoKey | Story::Preparing | Story::AccountGone => {}
    }
    Some(sim)
}

/// The whole gallery, as of `now`: every state on a large key, then on a medium and a small one.
pub fn gallery(now: Timestamp) -> Vec<Sample> {
    KeySize::ALL
        .into_iter()
        .rev()
        .flat_map(|size| gallery_for(now, size))
        .collect()
}

/// Every tile in every state, in both themes, drawn for a key of `size`.
pub fn gallery_for(now: Timestamp, size: KeySize) -> Vec<Sample> {
    let surge = |f: f64| Shape {
        last_day_surge: f,
        ..Shape::default()
    };
    let young = Shape {
        days: 2,
        ..Shape::default()
    };
    let mut out = Vec::new();
    for theme in ["dark", "light"] {
        let mut add = |name: &str, action: Action, settings: Value, story: Story| {
            out.extend(sample(name, theme, action, settings, story, now, size));
        };
        add(
            "balance-remaining",
            Action::Balance,
            json!({}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-used-7d",
            Action::Balance,
            json!({"mode": "used", "period": "7d"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-used-30d",
            Action::Balance,
            json!({"mode": "used", "period": "30d"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-used-all",
            Action::Balance,
            json!({"mode": "used", "period": "all"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-percent-30d",
            Action::Balance,
            json!({"mode": "percent", "period": "30d"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-trend-up",
            Action::Balance,
            json!({}),
            Story::Fresh(surge(2.5)),
        );
        add(
            "balance-stale-offline",
            Action::Balance,
            json!({}),
            Story::ThenFails(ApiError::Offline),
        );
        add(
            "topmodels-page1",
            Action::TopModels,
            json!({}),
            Story::Fresh(Shape::default()),
        );
        add(
            "topmodels-page2",
            Action::TopModels,
            json!({}),
            Story::NextPage,
        );
        add(
            "topmodels-no-activity",
            Action::TopModels,
            json!({}),
            Story::Empty,
        );
        add(
            "monthly",
            Action::MonthlySpend,
            json!({}),
            Story::Fresh(Shape::default()),
        );
        add(
            "monthly-no-activity",
            Action::MonthlySpend,
            json!({}),
            Story::Empty,
        );
        add(
            "spike-normal",
            Action::SpikeAlert,
            json!({}),
            Story::Fresh(Shape::default()),
        );
        add(
            "spike-spike",
            Action::SpikeAlert,
            json!({}),
            Story::Fresh(surge(8.0)),
        );
        add(
            "spike-critical",
            Action::SpikeAlert,
            json!({}),
            Story::Fresh(surge(16.0)),
        );
        add(
            "spike-acknowledged",
            Action::SpikeAlert,
            json!({}),
            Story::Acknowledged(surge(16.0)),
        );
        add(
            "spike-gathering-baseline",
            Action::SpikeAlert,
            json!({}),
            Story::Fresh(young),
        );
        add(
            "spike-preparing",
            Action::SpikeAlert,
            json!({}),
            Story::Preparing,
        );
        add(
            "today",
            Action::Today,
            json!({}),
            Story::Fresh(Shape::default()),
        );
        add(
            "today-local-time",
            Action::Today,
            json!({}),
            Story::Local(60),
        );
        add(
            "topmodels-by-key",
            Action::TopModels,
            json!({"by": "key"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-runway",
            Action::Balance,
            json!({"mode": "runway"}),
            Story::Fresh(Shape::default()),
        );
        add(
            "balance-runway-short",
            Action::Balance,
            json!({"mode": "runway"}),
            Story::Remaining(9.5),
        );
        add(
            "balance-low-alarm",
            Action::Balance,
            json!({"lowBalance": 10}),
            Story::Remaining(6.4),
        );
        add(
            "balance-low-alarm-used",
            Action::Balance,
            json!({"mode": "used", "period": "7d", "lowBalance": 10}),
            Story::Remaining(6.4),
        );
        add(
            "account-balance",
            Action::Balance,
            json!({}),
            Story::Account("Work"),
        );
        add(
            "account-used-all-long-label",
            Action::Balance,
            json!({"mode": "used", "period": "all"}),
            Story::Account("Client ABC"),
        );
        add(
            "account-topmodels",
            Action::TopModels,
            json!({}),
            Story::Account("Work"),
        );
        add(
            "state-account-removed",
            Action::Balance,
            json!({}),
            Story::AccountGone,
        );
        add("state-no-key", Action::Balance, json!({}), Story::NoKey);
        add(
            "state-checking",
            Action::Balance,
            json!({}),
            Story::Checking,
        );
        add(
            "state-not-management-key",
            Action::Balance,
            json!({}),
            Story::Refused(ApiError::NotManagementKey),
        );
        add(
            "state-key-rejected",
            Action::Balance,
            json!({}),
            Story::Refused(ApiError::KeyRejected),
        );
        add(
            "state-offline",
            Action::Balance,
            json!({}),
            Story::FirstPollFails(ApiError::Offline),
        );
        let limited = || ApiError::RateLimited {
            retry_after: Some(crate::openrouter::RetryAfter::Seconds(1800)),
        };
        add(
            "state-rate-limited",
            Action::Balance,
            json!({}),
            Story::FirstPollFails(limited()),
        );
        add(
            "balance-stale-rate-limited",
            Action::Balance,
            json!({"mode": "used", "period": "7d"}),
            Story::ThenFails(limited()),
        );
        add(
            "topmodels-activity-missing",
            Action::TopModels,
            json!({}),
            Story::ActivityFails(ApiError::Service { status: 502 }),
        );
        add(
            "balance-fresh-activity-missing",
            Action::Balance,
            json!({}),
            Story::ActivityFails(ApiError::Service { status: 502 }),
        );
        add(
            "state-service-error",
            Action::MonthlySpend,
            json!({}),
            Story::FirstPollFails(ApiError::Service { status: 502 }),
        );
        let key = |name: &str| json!({ "key": demo::hash(name) });
        let production = demo::production().map(|id| id.to_string());
        for (name, settings) in [
            ("budget-key", key("Support bot")),
            ("budget-key-warning", key("Nightly evals")),
            ("budget-key-reached", key("Raycast")),
            (
                "budget-workspace",
                json!({"workspace": production, "interval": "monthly"}),
            ),
            (
                "budget-workspace-spent",
                json!({"workspace": production, "interval": "monthly", "show": "spent"}),
            ),
            (
                "budget-workspace-lifetime",
                json!({"workspace": production, "interval": "lifetime"}),
            ),
            ("budget-no-limit", key("Cursor")),
            ("budget-key-disabled", key("Prototype (old)")),
            ("budget-not-picked", json!({})),
        ] {
            add(name, Action::Budget, settings, Story::Local(60));
        }
    }
    out
}

/// One picture of a dial's strip for the preview: a name (`strip-monthly-scrub-dark`), its view.
#[derive(Debug, Clone, PartialEq)]
pub struct StripSample {
    pub name: String,
    pub view: crate::strip::StripView,
}

/// What a hand does to the dial before the picture is taken.
#[derive(Debug, Clone, Copy)]
enum Hand {
    Turn(i32),
    Touch,
}

/// Every tile on a dial, turned to each kind of view, in both themes, reached through events.
pub fn strips(now: Timestamp) -> Vec<StripSample> {
    let surge = Shape {
        last_day_surge: 16.0,
        ..Shape::default()
    };
    let plain = Shape::default();
    let mut out = Vec::new();
    for theme in ["dark", "light"] {
        let production = demo::production().map(|id| id.to_string());
        let cases: [(&str, Action, Value, Story, &[Hand]); 21] = [
            (
                "balance",
                Action::Balance,
                json!({}),
                Story::Fresh(plain),
                &[],
            ),
            (
                "balance-used-7d",
                Action::Balance,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(1)],
            ),
            (
                "balance-percent-30d",
                Action::Balance,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(5)],
            ),
            (
                "balance-runway",
                Action::Balance,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(-1)],
            ),
            ("today", Action::Today, json!({}), Story::Local(60), &[]),
            (
                "today-week",
                Action::Today,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(1)],
            ),
            (
                "today-month",
                Action::Today,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(2)],
            ),
            (
                "topmodels",
                Action::TopModels,
                json!({}),
                Story::Fresh(plain),
                &[],
            ),
            (
                "topmodels-scrolled",
                Action::TopModels,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(4)],
            ),
            (
                "topmodels-by-key",
                Action::TopModels,
                json!({"by": "key"}),
                Story::Fresh(plain),
                &[Hand::Turn(1)],
            ),
            (
                "monthly",
                Action::MonthlySpend,
                json!({}),
                Story::Fresh(plain),
                &[],
            ),
            (
                "monthly-scrub",
                Action::MonthlySpend,
                json!({}),
                Story::Fresh(plain),
                &[Hand::Turn(-4)],
            ),
            (
                "spike-critical",
                Action::SpikeAlert,
                json!({}),
                Story::Fresh(surge),
                &[],
            ),
            (
                "spike-model",
                Action::SpikeAlert,
                json!({}),
                Story::Fresh(surge),
                &[Hand::Turn(1)],
            ),
            (
                "spike-model-steady",
                Action::SpikeAlert,
                json!({}),
                Story::Fresh(surge),
                &[Hand::Turn(6)],
            ),
            (
                "spike-acknowledged",
                Action::SpikeAlert,
                json!({}),
                Story::Fresh(surge),
                &[Hand::Touch],
            ),
            (
                "state-no-key",
                Action::Balance,
                json!({}),
                Story::NoKey,
                &[],
            ),
            (
                "state-offline",
                Action::MonthlySpend,
                json!({}),
                Story::FirstPollFails(ApiError::Offline),
                &[],
            ),
            (
                "balance-stale-offline",
                Action::Balance,
                json!({}),
                Story::ThenFails(ApiError::Offline),
                &[Hand::Turn(2)],
            ),
            (
                "budget",
                Action::Budget,
                json!({"workspace": production, "interval": "monthly"}),
                Story::Local(60),
                &[],
            ),
            (
                "budget-nearest",
                Action::Budget,
                json!({"workspace": production, "interval": "monthly"}),
                Story::Local(60),
                &[Hand::Turn(1)],
            ),
        ];
        for (name, action, settings, story, hands) in cases {
            out.extend(strip_sample(
                name, theme, action, settings, story, hands, now,
            ));
        }
    }
    out
}

fn strip_sample(
    name: &str,
    theme: &str,
    action: Action,
    settings: Value,
    story: Story,
    hands: &[Hand],
    now: Timestamp,
) -> Option<StripSample> {
    let mut sim = told(theme, action, settings, story, now, Controller::Dial)?;
    for hand in hands {
        match hand {
            Hand::Turn(ticks) => sim.turn(CTX, *ticks),
            Hand::Touch => sim.touch(CTX, false),
        };
    }
    Some(StripSample {
        name: format!("strip-{name}-{theme}"),
        view: sim.strip(CTX)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * 3_600_000); // 2025-11-25 09:00 UTC

    fn find(g: &[Sample], name: &str) -> String {
        g.iter()
            .find(|s| s.name == name)
            .map(|s| s.view.texts().join(" | "))
            .unwrap_or_else(|| panic!("no sample {name}"))
    }

    #[test]
    fn every_named_state_is_in_the_gallery() {
        assert_eq!(gallery(NOW).len(), 3 * 96);
        let g = gallery_for(NOW, KeySize::Large);
        assert_eq!(g.len(), 96);
        let label = |name: &str| {
            g.iter()
                .find(|s| s.name == name)
                .and_then(|s| s.view.account.clone())
                .map(|t| t.text)
        };
        assert_eq!(label("account-balance-dark"), Some("WORK".into()));
        assert_eq!(
            label("account-used-all-long-label-light"),
            Some("CLIENT ABC".into())
        );
        assert_eq!(
            label("balance-remaining-dark"),
            None,
            "one account: no label"
        );
        let expect = [
            ("today-dark", "of usual day"),
            ("today-local-time-light", "SINCE 01:00"),
            ("topmodels-by-key-dark", "Cursor"),
            ("balance-runway-dark", "RUNWAY"),
            ("balance-runway-short-dark", "≈ 2 days"),
            ("balance-low-alarm-dark", "LOW BALANCE"),
            ("balance-low-alarm-used-light", "LOW BALANCE"),
            ("state-rate-limited-light", "Retry in 30 min"),
            ("balance-stale-rate-limited-dark", "wait 30m"),
            ("topmodels-activity-missing-dark", "Activity: retrying"),
            ("balance-fresh-activity-missing-dark", "$"),
            ("spike-preparing-dark", "Preparing…"),
            ("state-no-key-dark", "No key yet"),
            ("state-checking-dark", "Checking key…"),
            ("state-not-management-key-dark", "Not a Management key"),
            ("state-key-rejected-dark", "Key rejected"),
            ("state-offline-dark", "Offline"),
            ("state-service-error-dark", "OpenRouter error"),
            ("topmodels-no-activity-dark", "No activity yet"),
            ("spike-gathering-baseline-dark", "Gathering baseline…"),
            ("spike-normal-dark", "Normal"),
            ("spike-spike-dark", "Spike"),
            ("spike-critical-dark", "Critical"),
            ("spike-acknowledged-dark", "ACKNOWLEDGED | Critical"),
            ("balance-stale-offline-dark", "offline"),
            ("topmodels-page2-light", "2/3"),
            ("account-balance-dark", "BALANCE | $"),
            ("state-account-removed-dark", "No account"),
            ("topmodels-by-key-dark", "Cursor | $44.37 | Default"),
            ("budget-key-dark", "SUPPORT BOT | $35.96 | left of $62"),
            ("budget-key-warning-dark", "| resets 01:00"),
            ("budget-key-reached-light", "limit reached | resets Mon"),
            ("budget-workspace-dark", "PRODUCTION | $29.49 | left of $70"),
            ("budget-workspace-spent-dark", "$40.51 | spent of $70"),
            ("budget-workspace-lifetime-dark", "| no reset"),
            (
                "budget-no-limit-dark",
                "CURSOR | No limit set | Tap to set one",
            ),
            ("budget-key-disabled-dark", "Key disabled"),
            ("budget-not-picked-dark", "BUDGET | Pick a limit"),
        ];
        for (name, text) in expect {
            assert!(find(&g, name).contains(text), "{name}: {}", find(&g, name));
        }
        assert!(find(&g, "balance-remaining-dark").starts_with("BALANCE | $"));
        assert!(find(&g, "balance-percent-30d-dark").contains('%'));
    }

    #[test]
    fn every_strip_view_is_in_the_strip_gallery() {
        let g = strips(NOW);
        assert_eq!(g.len(), 42);
        let find = |name: &str| {
            g.iter()
                .find(|s| s.name == name)
                .map(|s| s.view.texts().join(" | "))
                .unwrap_or_else(|| panic!("no strip {name}"))
        };
        let expect = [
            ("strip-balance-dark", "BALANCE | $"),
            ("strip-balance-used-7d-light", "USED · 7D | $"),
            ("strip-balance-percent-30d-dark", "USED % · 30D | "),
            ("strip-balance-runway-dark", "RUNWAY | "),
            ("strip-today-dark", "SINCE 01:00 | "),
            ("strip-today-week-dark", "THIS WEEK | "),
            ("strip-today-month-dark", "THIS MONTH | "),
            ("strip-topmodels-scrolled-dark", "TOP MODELS | 4/6 | 3 | "),
            (
                "strip-topmodels-by-key-dark",
                "TOP KEYS | 1/5 | 1 | Cursor · Default",
            ),
            ("strip-monthly-scrub-dark", "30-DAY SPEND | $"),
            (
                "strip-spike-model-dark",
                "× its usual day | claude-sonnet-4.5 | $",
            ),
            ("strip-spike-acknowledged-dark", "ACKNOWLEDGED | "),
            ("strip-state-no-key-dark", "No key yet"),
            ("strip-state-offline-dark", "Offline"),
            (
                "strip-balance-stale-offline-dark",
                "USED · 30D | offline | $",
            ),
            ("strip-budget-dark", "PRODUCTION | $29.49 | left of $70"),
            (
                "strip-budget-nearest-dark",
                "RAYCAST · DEFAULT | 1/6 | $0 | $0.30 limit reached",
            ),
        ];
        for (name, text) in expect {
            assert!(find(name).contains(text), "{name}: {}", find(name));
        }
    }
}
