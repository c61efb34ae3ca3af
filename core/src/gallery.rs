//! Every tile in every state, for `openbalance preview`: each picture is reached by driving a real
//! [`Plugin`](crate::Plugin) through events with the [`Sim`](crate::sim::Sim), so it shows what the
//! plugin draws. This file holds the key gallery; `story` the stories that drive the simulator,
//! `strips` the strip gallery.

use crate::action::Action;
use crate::demo::{self, Shape};
use crate::lang::Lang;
use crate::openrouter::ApiError;
use crate::timestamp::Timestamp;
use crate::view::{KeySize, TileView};
use serde_json::{json, Value};

mod story;
mod strips;

use story::{told, Controller, Story, Telling, CTX};
pub use strips::{strips, strips_in, StripSample};

/// One picture of the preview: a file-friendly name (`balance-remaining-dark`, with `-96px` or
/// `-72px` after it for a tile drawn for a medium or small key) and its view.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub view: TileView,
}

/// The name's ending for a key of `size`: the pixels of the key it is drawn for.
pub fn size_suffix(size: KeySize) -> String {
    match size {
        KeySize::Large => String::new(),
        size => format!("-{}px", size.design_px()),
    }
}

fn sample(
    name: &str,
    theme: &str,
    action: Action,
    settings: Value,
    story: Story,
    telling: Telling,
    size: KeySize,
) -> Option<Sample> {
    let sim = told(
        theme,
        action,
        settings,
        story,
        telling,
        Controller::Key(size),
    )?;
    Some(Sample {
        name: format!("{name}-{theme}{}", size_suffix(size)),
        view: sim.view(CTX)?,
    })
}

/// The whole gallery, as of `now`: every state on a large key, then on a medium and a small one.
pub fn gallery(now: Timestamp) -> Vec<Sample> {
    gallery_in(now, Lang::En)
}

/// The whole gallery said in `lang`.
pub fn gallery_in(now: Timestamp, lang: Lang) -> Vec<Sample> {
    KeySize::ALL
        .into_iter()
        .rev()
        .flat_map(|size| gallery_for(now, size, lang))
        .collect()
}

/// Every tile in every state, in both themes, drawn for a key of `size`, said in `lang`.
pub fn gallery_for(now: Timestamp, size: KeySize, lang: Lang) -> Vec<Sample> {
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
            let telling = Telling { now, lang };
            out.extend(sample(name, theme, action, settings, story, telling, size));
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
        let g = gallery_for(NOW, KeySize::Large, Lang::En);
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
}
