//! Per-tile settings as the Property Inspector stores them, with a default for anything missing or
//! malformed. A bad value never blocks a tile: it falls back and the fallback is logged.

use crate::openrouter::{Interval, KeyHash, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BalanceMode {
    #[default]
    Remaining,
    Used,
    Percent,
    /// Days of balance left at the 7-day mean daily spend.
    Runway,
}

/// What Top Models ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RankBy {
    #[default]
    Model,
    /// The account's API keys by this month's spend.
    Key,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Period {
    #[serde(rename = "7d")]
    Week,
    #[default]
    #[serde(rename = "30d")]
    Month,
    #[serde(rename = "all")]
    All,
}

/// Which limit a Budget tile shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BudgetTarget {
    /// Nothing picked yet.
    #[default]
    None,
    /// An API key's own limit, by the key's hash (`{"key": "<hash>"}`).
    Key(KeyHash),
    /// A workspace's budget (`{"workspace": "<id>", "interval"?: …}`); no interval: the
    /// workspace's first budget.
    Workspace {
        id: WorkspaceId,
        interval: Option<Interval>,
    },
}

/// The Budget tile's hero number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Show {
    /// What is left of the limit this window.
    #[default]
    Left,
    /// What was spent of it.
    Spent,
}

/// The Budget tile's warning line, in percent of the limit.
pub const DEFAULT_WARN_AT: f64 = 80.0;
/// A Budget tile's warning line is a percentage of its limit, 1 to 100.
pub const MIN_WARN_AT: f64 = 1.0;
pub const MAX_WARN_AT: f64 = 100.0;

/// A Budget tile's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BudgetSettings {
    pub target: BudgetTarget,
    pub show: Show,
    /// Percent of the limit from which the tile turns to warning colours (1–100).
    pub warn_at: f64,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        BudgetSettings {
            target: BudgetTarget::None,
            show: Show::Left,
            warn_at: DEFAULT_WARN_AT,
        }
    }
}

/// Spike threshold bounds: below 1.5× every busy afternoon alarms; above 50× nothing ever would.
pub const DEFAULT_THRESHOLD: f64 = 3.0;
pub const MIN_THRESHOLD: f64 = 1.5;
pub const MAX_THRESHOLD: f64 = 50.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TileSettings {
    pub theme: Theme,
    pub mode: BalanceMode,
    pub period: Period,
    pub threshold: f64,
    /// Balance: below this many USD the tile alarms; 0 is off.
    pub low_balance: f64,
    pub by: RankBy,
    /// Budget: which limit, and how it is shown.
    #[serde(default)]
    pub budget: BudgetSettings,
}

impl Default for TileSettings {
    fn default() -> Self {
        TileSettings {
            theme: Theme::Dark,
            mode: BalanceMode::Remaining,
            period: Period::Month,
            threshold: DEFAULT_THRESHOLD,
            low_balance: 0.0,
            by: RankBy::Model,
            budget: BudgetSettings::default(),
        }
    }
}

impl TileSettings {
    /// The stored form of setting `name`'s default (`"mode"` → `"remaining"`, `"lowBalance"` →
    /// `0`), as the Property Inspector shows it on a new tile; `None` for a setting without one
    /// (a Budget tile's pick) or a name no tile has.
    pub fn default_of(name: &str) -> Option<Value> {
        let d = TileSettings::default();
        let value = match name {
            "theme" => serde_json::to_value(d.theme),
            "mode" => serde_json::to_value(d.mode),
            "period" => serde_json::to_value(d.period),
            "threshold" => serde_json::to_value(d.threshold),
            "lowBalance" => serde_json::to_value(d.low_balance),
            "by" => serde_json::to_value(d.by),
            "show" => serde_json::to_value(d.budget.show),
            "warnAt" => serde_json::to_value(d.budget.warn_at),
            _ => return None,
        };
        value.ok()
    }

    /// The range a number setting is held to (a value outside it is brought to its edge), for
    /// the inspector's fields.
    pub fn range_of(name: &str) -> Option<(f64, f64)> {
        match name {
            "threshold" => Some((MIN_THRESHOLD, MAX_THRESHOLD)),
            "warnAt" => Some((MIN_WARN_AT, MAX_WARN_AT)),
            _ => None,
        }
    }
}

/// Settings read for one action, plus the names of the fields that fell back to defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub settings: TileSettings,
    pub fallbacks: Vec<&'static str>,
}

/// A Budget tile's pick: a key's hash, or a workspace and an interval; then `show` and `warnAt`.
/// A key wins when both are there (the inspector writes one or the other).
pub(crate) fn read_budget(
    object: &serde_json::Map<String, Value>,
    budget: &mut BudgetSettings,
    fallbacks: &mut Vec<&'static str>,
) {
    let text = |field: &str| object.get(field).filter(|v| !v.is_null());
    match (text("key"), text("workspace")) {
        (Some(v), _) => match v.as_str().and_then(KeyHash::parse) {
            Some(hash) => budget.target = BudgetTarget::Key(hash),
            None => fallbacks.push("key"),
        },
        (None, Some(v)) => match v.as_str().and_then(WorkspaceId::parse) {
            Some(id) => {
                let interval = match text("interval") {
                    None => None,
                    Some(Value::String(s)) if !s.trim().is_empty() => Some(Interval::named(s)),
                    Some(Value::String(_)) => None,
                    Some(_) => {
                        fallbacks.push("interval");
                        None
                    }
                };
                budget.target = BudgetTarget::Workspace { id, interval };
            }
            None => fallbacks.push("workspace"),
        },
        (None, None) => {}
    }
    if let Some(v) = text("show") {
        match enum_field(v) {
            Some(show) => budget.show = show,
            None => fallbacks.push("show"),
        }
    }
    if let Some(p) = field(object, "warnAt", percent_field, fallbacks) {
        budget.warn_at = p;
    }
}

/// A percentage of a limit, 1–100 (a number, or one in a string, "%" allowed); empty means the
/// default. Out of range is clamped: the person meant "very early" or "only at the limit".
pub(crate) fn percent_field(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Null => return Some(DEFAULT_WARN_AT),
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if s.trim().is_empty() => return Some(DEFAULT_WARN_AT),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (number.is_finite() && number > 0.0).then(|| number.clamp(MIN_WARN_AT, MAX_WARN_AT))
}

/// `object[name]` as `read` reads it: `None` when it is absent, and when it does not read, which
/// `fallbacks` notes (the default stays).
pub(crate) fn field<T>(
    object: &serde_json::Map<String, Value>,
    name: &'static str,
    read: impl Fn(&Value) -> Option<T>,
    fallbacks: &mut Vec<&'static str>,
) -> Option<T> {
    let value = read(object.get(name)?);
    if value.is_none() {
        fallbacks.push(name);
    }
    value
}

pub(crate) fn enum_field<T: for<'de> Deserialize<'de>>(value: &Value) -> Option<T> {
    let text = value.as_str()?.trim().to_ascii_lowercase();
    serde_json::from_value(Value::String(text)).ok()
}

/// An amount of USD (a number, or a number in a string); empty means off (0).
pub(crate) fn amount_field(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Null => return Some(0.0),
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if s.trim().is_empty() => return Some(0.0),
        Value::String(s) => s
            .trim()
            .trim_start_matches('$')
            .trim()
            .parse::<f64>()
            .ok()?,
        _ => return None,
    };
    (number.is_finite() && (0.0..1e9).contains(&number)).then_some(number)
}

/// A number, or a number in a string (HTML inputs send strings), within the sensible range.
/// Out-of-range values are clamped rather than discarded: the person meant "very high" or "low".
pub(crate) fn threshold_field(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s
            .trim()
            .trim_end_matches(['x', '×'])
            .trim()
            .parse::<f64>()
            .ok()?,
        _ => return None,
    };
    if !number.is_finite() || number <= 0.0 {
        return None;
    }
    Some(number.clamp(MIN_THRESHOLD, MAX_THRESHOLD))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn reads_the_low_balance_alarm_and_rank_by() {
        let balance = |v| TileSettings::parse(Action::Balance, &json!({ "lowBalance": v }));
        assert_eq!(balance(json!(5)).settings.low_balance, 5.0);
        assert_eq!(balance(json!("12.5")).settings.low_balance, 12.5);
        assert_eq!(balance(json!("")).settings.low_balance, 0.0);
        assert_eq!(balance(json!(null)).settings.low_balance, 0.0);
        let bad = balance(json!(-3));
        assert_eq!(
            (bad.settings.low_balance, bad.fallbacks),
            (0.0, vec!["lowBalance"])
        );
        let runway = TileSettings::parse(Action::Balance, &json!({"mode": "runway"}));
        assert_eq!(runway.settings.mode, BalanceMode::Runway);
        let by = TileSettings::parse(Action::TopModels, &json!({"by": "key"}));
        assert_eq!(by.settings.by, RankBy::Key);
        let odd = TileSettings::parse(Action::TopModels, &json!({"by": "vibes"}));
        assert_eq!(
            (odd.settings.by, odd.fallbacks),
            (RankBy::Model, vec!["by"])
        );
        // A tile ignores what it does not read.
        let ignored = TileSettings::parse(
            Action::SpikeAlert,
            &json!({"by": "vibes", "lowBalance": -1}),
        );
        assert!(ignored.fallbacks.is_empty());
    }

    #[test]
    fn reads_balance_settings() {
        let parsed = TileSettings::parse(
            Action::Balance,
            &json!({"mode": "percent", "period": "7d", "theme": "light"}),
        );
        assert_eq!(parsed.settings.mode, BalanceMode::Percent);
        assert_eq!(parsed.settings.period, Period::Week);
        assert_eq!(parsed.settings.theme, Theme::Light);
        assert!(parsed.fallbacks.is_empty());
    }

    #[test]
    fn missing_values_are_defaults_silently() {
        let parsed = TileSettings::parse(Action::Balance, &json!({}));
        assert_eq!(parsed.settings, TileSettings::default());
        assert!(parsed.fallbacks.is_empty());
        assert_eq!(
            TileSettings::parse(Action::TopModels, &Value::Null)
                .fallbacks
                .len(),
            0
        );
    }

    #[test]
    fn bad_values_fall_back_and_are_named() {
        let parsed = TileSettings::parse(
            Action::Balance,
            &json!({"mode": 3, "period": "fortnight", "theme": "neon"}),
        );
        assert_eq!(parsed.settings, TileSettings::default());
        assert_eq!(parsed.fallbacks, vec!["theme", "mode", "period"]);
        assert_eq!(
            TileSettings::parse(Action::SpikeAlert, &json!("x")).fallbacks,
            vec!["settings"]
        );
    }

    #[test]
    fn thresholds_accept_strings_and_clamp() {
        let t = |v: Value| {
            TileSettings::parse(Action::SpikeAlert, &json!({ "threshold": v }))
                .settings
                .threshold
        };
        assert_eq!(t(json!(4)), 4.0);
        assert_eq!(t(json!("2.5")), 2.5);
        assert_eq!(t(json!("5x")), 5.0);
        assert_eq!(t(json!(1.0)), MIN_THRESHOLD);
        assert_eq!(t(json!(1000)), MAX_THRESHOLD);
        assert_eq!(t(json!(-3)), DEFAULT_THRESHOLD);
        assert_eq!(t(json!("NaN")), DEFAULT_THRESHOLD);
        assert_eq!(t(json!(null)), DEFAULT_THRESHOLD);
    }

    #[test]
    fn fields_of_other_actions_are_ignored() {
        let parsed = TileSettings::parse(
            Action::TopModels,
            &json!({"mode": "used", "threshold": "bad"}),
        );
        assert_eq!(parsed.settings, TileSettings::default());
        assert!(parsed.fallbacks.is_empty());
    }

    #[test]
    fn reads_a_budget_pick_liberally() {
        let budget = |v: Value| TileSettings::parse(Action::Budget, &v);
        let key = budget(json!({"key": "f01d5260", "show": "spent", "warnAt": "90%"}));
        assert_eq!(
            key.settings.budget,
            BudgetSettings {
                target: BudgetTarget::Key(KeyHash::parse("f01d5260").unwrap()),
                show: Show::Spent,
                warn_at: 90.0
            }
        );
        assert!(key.fallbacks.is_empty());
        let ws = budget(json!({"workspace": "550e8400", "interval": "Monthly"}));
        assert_eq!(
            ws.settings.budget.target,
            BudgetTarget::Workspace {
                id: WorkspaceId::parse("550e8400").unwrap(),
                interval: Some(Interval::Monthly)
            }
        );
        let bad = budget(json!({"key": "sk-or-v1-abc", "warnAt": -5, "show": "vibes"}));
        assert_eq!(bad.settings.budget, BudgetSettings::default());
        assert_eq!(bad.fallbacks, vec!["key", "show", "warnAt"]);
        assert_eq!(
            budget(json!({"warnAt": 500})).settings.budget.warn_at,
            100.0
        );
        assert_eq!(
            budget(json!({"workspace": "a/b"})).fallbacks,
            vec!["workspace"]
        );
        // Another tile ignores a budget's fields.
        assert!(TileSettings::parse(Action::Balance, &json!({"key": 7}))
            .fallbacks
            .is_empty());
    }

    proptest! {
        #[test]
        fn any_warn_at_lands_in_range(x in proptest::num::f64::ANY) {
            let s = TileSettings::parse(Action::Budget, &json!({ "warnAt": x })).settings;
            prop_assert!((1.0..=100.0).contains(&s.budget.warn_at));
        }

        #[test]
        fn any_threshold_lands_in_range(x in proptest::num::f64::ANY) {
            let s = TileSettings::parse(Action::SpikeAlert, &json!({ "threshold": x })).settings;
            prop_assert!((MIN_THRESHOLD..=MAX_THRESHOLD).contains(&s.threshold));
        }
    }
}
