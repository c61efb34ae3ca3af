//! Spike Alert: is the account spending much faster than usual *for this time of the week*?
//!
//! Baseline: the usual day, the mean daily spend over the 7 completed days (trusted only when at
//! least 3 had spend). Current: the spend of the last half hour of polls. Expected: what that half
//! hour usually costs, from the account's intraday shape (`intraday.rs`), never less than a flat
//! day's share of the usual day — so an office-hours account is measured against its working
//! hours, and a quiet night against a whole day's pace, not against nothing. With too little
//! history for the time of day it falls back to a rule that cannot cry wolf: today so far against
//! a whole usual day. One big request alone reaches at most Spike: Critical also needs the spend
//! to be sustained (every poll interval of the window elevated on its own), or the window to have
//! cost half a usual day. Every rule is a ratio, so the answer never depends on the
//! currency scale, and more current spend never lowers the verdict.

use crate::intraday::Shape;
use crate::spend::{ModelDays, Spend};
use crate::timestamp::{Timestamp, DAY_MS};
use serde::{Deserialize, Serialize};

pub const BASELINE_DAYS: usize = 7;
pub const MIN_SPEND_DAYS: usize = 3;
/// Critical needs the window to have cost at least this share of a usual day.
pub const CRITICAL_DAY_SHARE: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Normal,
    Spike,
    Critical,
}

/// What the current spend was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The last half hour against what this half hour of the week usually costs.
    UsualWindow { from: Timestamp, to: Timestamp },
    /// Today so far against a whole usual day (too little history for the time of day).
    WholeDay,
    /// The last completed day against the week before it (no live polls yet).
    LastDay,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SpikeState {
    /// Fewer than three of the baseline days had spend.
    GatheringBaseline {
        days_with_spend: usize,
    },
    Assessed(Assessment),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub severity: Severity,
    pub ratio: f64,
    pub current: f64,
    pub baseline: f64,
    pub basis: Basis,
    pub culprit: Option<Culprit>,
}

/// The model behind the spend: the one whose spend rose most on the last completed day.
#[derive(Debug, Clone, PartialEq)]
pub struct Culprit {
    pub model: String,
    /// Its own ratio to its own baseline; `None` when it had no spend before (a new model).
    pub ratio: Option<f64>,
}

/// What the Spike Alert weighs, gathered from the account.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub spend: &'a Spend,
    /// The poll intervals of the last half hour: (from, to, credits spent), oldest first.
    pub recent: &'a [(Timestamp, Timestamp, f64)],
    pub shape: &'a Shape,
    /// Today so far (UTC), from `/keys` or the polls.
    pub today_so_far: Option<f64>,
}

impl Assessment {
    /// The log line for a Spike or Critical, with the culprit's own ratio (which the tile leaves
    /// out: beside a severity it would read as the alert's ratio and could contradict it).
    pub fn log_line(&self, threshold: f64) -> String {
        let culprit = match &self.culprit {
            Some(c) => match c.ratio {
                Some(r) => format!("; {} rose most, {r:.1}× its own baseline", c.model),
                None => format!("; {} rose most, new this week", c.model),
            },
            None => String::new(),
        };
        let basis = match self.basis {
            Basis::UsualWindow { .. } => "the last half hour against this time of the week",
            Basis::WholeDay => "today so far against a whole usual day",
            Basis::LastDay => "yesterday against the week before",
        };
        format!(
            "spend {:?} at threshold {threshold}×: {:.1}× ({basis}){culprit}",
            self.severity, self.ratio
        )
    }
}

/// Severity of `ratio` for a threshold: Spike from the threshold, Critical from twice it.
pub fn severity(ratio: f64, threshold: f64) -> Severity {
    if ratio >= 2.0 * threshold {
        Severity::Critical
    } else if ratio >= threshold {
        Severity::Spike
    } else {
        Severity::Normal
    }
}

/// The usual day from the 7 baseline days, or how many had spend when fewer than three did.
fn usual_day(baseline_days: &[f64]) -> Result<f64, usize> {
    let days_with_spend = baseline_days.iter().filter(|d| **d > 0.0).count();
    if days_with_spend < MIN_SPEND_DAYS {
        return Err(days_with_spend);
    }
    Ok(baseline_days.iter().sum::<f64>() / BASELINE_DAYS as f64)
}

/// The core rule on plain numbers: `baseline_days` are the 7 days before the evaluated day.
pub fn evaluate(
    baseline_days: &[f64],
    current: f64,
    threshold: f64,
) -> Result<(f64, f64, Severity), usize> {
    let baseline = usual_day(baseline_days)?;
    // At least three positive days make the baseline positive: the division is safe.
    let ratio = current.max(0.0) / baseline;
    Ok((baseline, ratio, severity(ratio, threshold)))
}

/// What a stretch of time is measured against: what it usually costs, and never less than a flat
/// day's share of the usual day (a quiet hour is not a zero to divide by).
fn against(expected: f64, span_ms: i64, day: f64) -> f64 {
    expected.max(day * span_ms as f64 / DAY_MS as f64)
}

/// The time-of-week rule on plain numbers: `spent` over a window that usually costs `expected`,
/// on an account whose usual day is `day`; `sustained` when every poll interval of the window was
/// elevated on its own. Returns the ratio and the severity.
pub fn window_verdict(
    spent: f64,
    expected: f64,
    span_ms: i64,
    day: f64,
    threshold: f64,
    sustained: bool,
) -> (f64, Severity) {
    let ratio = spent.max(0.0) / against(expected, span_ms, day);
    let mut severity = severity(ratio, threshold);
    // One big request in a quiet window is loud, but Critical only if it keeps going or is
    // large against a whole day.
    if severity == Severity::Critical && !sustained && spent < CRITICAL_DAY_SHARE * day {
        severity = Severity::Spike;
    }
    (ratio, severity)
}

/// Assesses the account.
pub fn assess(evidence: &Evidence, threshold: f64) -> Option<SpikeState> {
    let spend = evidence.spend;
    let last = spend.last_completed_day()?;
    let culprit = || culprit(&spend.models_around(last, BASELINE_DAYS as i32));
    let assessed = |severity, ratio, current, baseline, basis| {
        Some(SpikeState::Assessed(Assessment {
            severity,
            ratio,
            current,
            baseline,
            basis,
            culprit: culprit(),
        }))
    };
    // Evaluating today: the baseline is the 7 completed days before it.
    let today_baseline = spend.series(last, BASELINE_DAYS as i32);
    let shape = evidence.shape;
    let window = match (evidence.recent.first(), evidence.recent.last()) {
        (Some(first), Some(last)) => Some((first.0, last.1)),
        _ => None,
    };
    let live = window.and_then(|(from, to)| Some((from, to, shape.expected(from, to)?)));
    if let Some((from, to, expected)) = live {
        let day = match usual_day(&today_baseline) {
            Ok(day) => day,
            Err(days_with_spend) => return Some(SpikeState::GatheringBaseline { days_with_spend }),
        };
        let spent: f64 = evidence.recent.iter().map(|(_, _, s)| s).sum();
        let sustained = evidence.recent.len() >= 2
            && evidence.recent.iter().all(|(a, b, s)| {
                let usual = shape.expected(*a, *b).unwrap_or(0.0);
                *s >= threshold * against(usual, b.since(*a), day)
            });
        let (ratio, severity) =
            window_verdict(spent, expected, to.since(from), day, threshold, sustained);
        return assessed(severity, ratio, spent, day, Basis::UsualWindow { from, to });
    }
    if let Some(today) = evidence.today_so_far {
        return Some(match evaluate(&today_baseline, today, threshold) {
            Err(days_with_spend) => SpikeState::GatheringBaseline { days_with_spend },
            Ok((baseline, ratio, severity)) => {
                return assessed(severity, ratio, today, baseline, Basis::WholeDay)
            }
        });
    }
    // Evaluating the last completed day against the 7 days before that.
    let baseline_days = spend.series(last.plus(-1), BASELINE_DAYS as i32);
    match evaluate(&baseline_days, spend.day(last), threshold) {
        Err(days_with_spend) => Some(SpikeState::GatheringBaseline { days_with_spend }),
        Ok((baseline, ratio, severity)) => {
            assessed(severity, ratio, spend.day(last), baseline, Basis::LastDay)
        }
    }
}

/// One model's spend on the last completed day against its own usual day (the mean of the 7 days
/// before it): what the culprit is chosen by, and what a dial's strip steps through.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelRatio {
    pub model: String,
    pub yday: f64,
    pub usual: f64,
    /// `None`: no spend in the week before (new).
    pub ratio: Option<f64>,
}

/// Every model that spent on the last completed day, the one that rose most first (ties by name).
pub(crate) fn model_ratios(spend: &Spend) -> Vec<ModelRatio> {
    let Some(last) = spend.last_completed_day() else {
        return Vec::new();
    };
    ratios_of(&spend.models_around(last, BASELINE_DAYS as i32))
}

fn ratios_of(models: &[ModelDays]) -> Vec<ModelRatio> {
    let mut ratios: Vec<ModelRatio> = models
        .iter()
        .filter(|m| m.current > 0.0)
        .map(|m| {
            let usual = m.before.iter().sum::<f64>() / BASELINE_DAYS as f64;
            ModelRatio {
                ratio: (usual > 0.0).then(|| m.current / usual),
                model: m.model.clone(),
                yday: m.current,
                usual,
            }
        })
        .collect();
    let rise = |m: &ModelRatio| m.yday - m.usual;
    ratios.sort_by(|a, b| {
        rise(b)
            .total_cmp(&rise(a))
            .then_with(|| a.model.cmp(&b.model))
    });
    ratios
}

/// The model whose spend rose most on its last day; when none rose, the biggest spender that day.
pub fn culprit(models: &[ModelDays]) -> Option<Culprit> {
    let ratios = ratios_of(models);
    let rising = ratios.first().filter(|m| m.yday > m.usual);
    let biggest = || {
        ratios.iter().max_by(|a, b| {
            a.yday
                .total_cmp(&b.yday)
                .then_with(|| b.model.cmp(&a.model))
        })
    };
    let chosen = rising.or_else(biggest)?;
    Some(Culprit {
        model: chosen.model.clone(),
        ratio: chosen.ratio,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Day;
    use proptest::prelude::*;

    fn spend(days: &[(i32, &str, f64)]) -> Spend {
        Spend::of(days, Day(100))
    }

    /// No live polls, no history: the last completed day decides.
    fn offline(spend: &Spend) -> Evidence<'_> {
        Evidence {
            spend,
            recent: &[],
            shape: &NO_SHAPE,
            today_so_far: None,
        }
    }

    static NO_SHAPE: std::sync::LazyLock<Shape> = std::sync::LazyLock::new(Shape::default);

    #[test]
    fn severity_bands() {
        assert_eq!(severity(2.9, 3.0), Severity::Normal);
        assert_eq!(severity(3.0, 3.0), Severity::Spike);
        assert_eq!(severity(5.99, 3.0), Severity::Spike);
        assert_eq!(severity(6.0, 3.0), Severity::Critical);
    }

    #[test]
    fn needs_three_days_with_spend() {
        let s = spend(&[(92, "a", 1.0), (93, "a", 1.0), (99, "a", 50.0)]);
        assert_eq!(
            assess(&offline(&s), 3.0),
            Some(SpikeState::GatheringBaseline { days_with_spend: 2 })
        );
        assert_eq!(assess(&offline(&Spend::default()), 3.0), None);
    }

    #[test]
    fn last_day_against_the_week_before_it() {
        // Days 92..=98 average 1.0; day 99 spends 7.0 → ratio 7 → Critical at threshold 3.
        let mut days: Vec<(i32, &str, f64)> = (92..=98).map(|d| (d, "a", 1.0)).collect();
        days.push((99, "a", 2.0));
        days.push((99, "b", 5.0));
        let SpikeState::Assessed(a) = assess(&offline(&spend(&days)), 3.0).unwrap() else {
            panic!()
        };
        assert_eq!(a.basis, Basis::LastDay);
        assert_eq!(a.ratio, 7.0);
        assert_eq!(a.severity, Severity::Critical);
        assert_eq!(
            a.culprit,
            Some(Culprit {
                model: "b".into(),
                ratio: None
            })
        );
    }

    #[test]
    fn today_so_far_takes_over_and_the_baseline_moves_to_the_last_seven_days() {
        let days: Vec<(i32, &str, f64)> = (93..=99).map(|d| (d, "a", 2.0)).collect();
        let s = spend(&days);
        let evidence = Evidence {
            today_so_far: Some(7.0),
            ..offline(&s)
        };
        let SpikeState::Assessed(a) = assess(&evidence, 3.0).unwrap() else {
            panic!()
        };
        assert_eq!(a.basis, Basis::WholeDay);
        assert_eq!(a.baseline, 2.0);
        assert_eq!(a.ratio, 3.5);
        assert_eq!(a.severity, Severity::Spike);
        // Model "a" on day 99 against its own 92..=98 (day 92 had nothing): 2 / (12 / 7).
        assert_eq!(
            a.culprit,
            Some(Culprit {
                model: "a".into(),
                ratio: Some(2.0 / (12.0 / 7.0))
            })
        );
    }

    #[test]
    fn the_window_rule() {
        let half_hour = 30 * crate::timestamp::MINUTE_MS;
        // A usual day of 24; this half hour usually costs 1.5 (office hours: 3× a flat day's 0.5).
        let v = |spent, expected, sustained| {
            window_verdict(spent, expected, half_hour, 24.0, 3.0, sustained)
        };
        assert_eq!(v(1.5, 1.5, false), (1.0, Severity::Normal));
        assert_eq!(v(6.0, 1.5, false).1, Severity::Spike);
        assert_eq!(v(12.0, 1.5, true).1, Severity::Critical);
        // A quiet night (expected 0) is measured against a flat day's half hour, 0.5.
        assert_eq!(v(1.0, 0.0, false), (2.0, Severity::Normal));
        // One big request: 10× a flat half hour, in one poll interval: Spike, not Critical.
        assert_eq!(v(5.0, 0.0, false), (10.0, Severity::Spike));
        // Kept up over the whole window, or half a day at once: Critical.
        assert_eq!(v(5.0, 0.0, true).1, Severity::Critical);
        assert_eq!(v(12.0, 0.0, false).1, Severity::Critical);
    }

    fn week() -> impl Strategy<Value = Vec<f64>> {
        proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..100.0], BASELINE_DAYS)
    }

    proptest! {
        #[test]
        fn scaling_every_amount_changes_no_state(days in week(), current in 0.0f64..1000.0, threshold in 1.5f64..50.0, k in -30i32..30) {
            // Powers of two scale floating point exactly, so this holds without tolerance.
            let f = 2f64.powi(k);
            let scaled: Vec<f64> = days.iter().map(|d| d * f).collect();
            let a = evaluate(&days, current, threshold).map(|(_, _, s)| s);
            let b = evaluate(&scaled, current * f, threshold).map(|(_, _, s)| s);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn scaling_by_any_factor_changes_no_state_away_from_a_boundary(days in week(), current in 0.0f64..1000.0, threshold in 1.5f64..50.0, f in 1e-3f64..1e3) {
            if let Ok((_, ratio, _)) = evaluate(&days, current, threshold) {
                let near = |edge: f64| (ratio - edge).abs() <= 1e-9 * edge;
                prop_assume!(!near(threshold) && !near(2.0 * threshold));
            }
            let scaled: Vec<f64> = days.iter().map(|d| d * f).collect();
            prop_assert_eq!(
                evaluate(&days, current, threshold).map(|(_, _, s)| s),
                evaluate(&scaled, current * f, threshold).map(|(_, _, s)| s)
            );
        }

        #[test]
        fn a_higher_threshold_never_raises_severity(days in week(), current in 0.0f64..1000.0, t1 in 1.5f64..50.0, t2 in 1.5f64..50.0) {
            let (low, high) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
            if let (Ok((_, _, a)), Ok((_, _, b))) = (evaluate(&days, current, low), evaluate(&days, current, high)) {
                prop_assert!(b <= a);
            }
        }

        #[test]
        fn more_recent_spend_never_lowers_severity(days in week(), current in 0.0f64..1000.0, extra in 0.0f64..1000.0, threshold in 1.5f64..50.0) {
            if let (Ok((_, _, a)), Ok((_, _, b))) = (evaluate(&days, current, threshold), evaluate(&days, current + extra, threshold)) {
                prop_assert!(b >= a);
            }
        }

        #[test]
        fn more_spend_on_the_evaluated_day_never_lowers_severity(days in week(), last in 0.0f64..100.0, extra in 0.0f64..100.0, threshold in 1.5f64..50.0) {
            let mk = |last_day: f64| {
                let mut rows: Vec<(i32, &str, f64)> = days.iter().enumerate().map(|(i, u)| (92 + i as i32, "m", *u)).collect();
                rows.push((99, "m", last_day));
                assess(&offline(&spend(&rows)), threshold)
            };
            match (mk(last), mk(last + extra)) {
                (Some(SpikeState::Assessed(a)), Some(SpikeState::Assessed(b))) => prop_assert!(b.severity >= a.severity),
                (Some(SpikeState::GatheringBaseline { .. }), Some(SpikeState::GatheringBaseline { .. })) => {}
                other => prop_assert!(false, "baseline changed with the evaluated day: {:?}", other),
            }
        }

        #[test]
        fn the_window_rule_is_scale_free(spent in 0.0f64..100.0, expected in 0.0f64..100.0, day in 0.01f64..1000.0, threshold in 1.5f64..50.0, k in -30i32..30) {
            let f = 2f64.powi(k);
            let span = 30 * crate::timestamp::MINUTE_MS;
            for sustained in [false, true] {
                prop_assert_eq!(
                    window_verdict(spent, expected, span, day, threshold, sustained).1,
                    window_verdict(spent * f, expected * f, span, day * f, threshold, sustained).1
                );
            }
        }

        #[test]
        fn the_window_rule_is_monotone_in_the_current_spend(spent in 0.0f64..100.0, extra in 0.0f64..100.0, expected in 0.0f64..100.0, day in 0.01f64..1000.0, threshold in 1.5f64..50.0) {
            let span = 30 * crate::timestamp::MINUTE_MS;
            for sustained in [false, true] {
                let a = window_verdict(spent, expected, span, day, threshold, sustained).1;
                let b = window_verdict(spent + extra, expected, span, day, threshold, sustained).1;
                prop_assert!(b >= a);
            }
        }

        #[test]
        fn zeros_and_empty_data_never_divide_by_zero(days in proptest::collection::vec(prop_oneof![Just(0.0), 1e-300f64..1e-3], BASELINE_DAYS), current in prop_oneof![Just(0.0), 0.0f64..1.0], threshold in 1.5f64..50.0) {
            if let Ok((baseline, ratio, _)) = evaluate(&days, current, threshold) {
                prop_assert!(baseline > 0.0);
                prop_assert!(!ratio.is_nan());
            }
            let c = culprit(&[ModelDays { model: "m".into(), current, before: days.clone() }]);
            if let Some(Culprit { ratio: Some(r), .. }) = c { prop_assert!(r.is_finite() || r.is_infinite() && r > 0.0); prop_assert!(!r.is_nan()); }
        }
    }
}
