//! The strip gallery: every tile on a dial, turned to each kind of view, in both themes.

use super::story::{told, Controller, Story, Telling, CTX};
use crate::action::Action;
use crate::demo::{self, Shape};
use crate::lang::Lang;
use crate::openrouter::ApiError;
use crate::timestamp::Timestamp;
use serde_json::{json, Value};

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
    strips_in(now, Lang::En)
}

/// The strip gallery said in `lang`.
pub fn strips_in(now: Timestamp, lang: Lang) -> Vec<StripSample> {
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
            let telling = Telling { now, lang };
            out.extend(strip_sample(
                name, theme, action, settings, story, hands, telling,
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
    telling: Telling,
) -> Option<StripSample> {
    let mut sim = told(theme, action, settings, story, telling, Controller::Dial)?;
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
