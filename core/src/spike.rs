//! Spike Alert: is the account spending much faster than usual?
//!
//! Baseline: the mean daily spend over the 7 completed days before the evaluated day, trusted only
//! when at least 3 of them had spend. Current rate: from the polls' `total_usage` when they span
//! ten minutes of the last three hours (the evaluated day is today), otherwise the last completed
//! day of the activity data. Severity compares the ratio to the tile's threshold; every rule is a
//! ratio, so the answer never depends on the currency scale.

use crate::spend::{ModelDays, Spend};
use serde::{Deserialize, Serialize};

pub const BASELINE_DAYS: usize = 7;
pub const MIN_SPEND_DAYS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Normal,
    Spike,
    Critical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RateSource {
    /// From the change in `total_usage` between recent polls: today, live.
    Polls,
    /// From the last completed day of the activity data.
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
    pub source: RateSource,
    pub culprit: Option<Culprit>,
}

/// The model behind the spend: the one whose spend rose most on the last completed day.
#[derive(Debug, Clone, PartialEq)]
pub struct Culprit {
    pub model: String,
    /// Its own ratio to its own baseline; `None` when it had no spend before (a new model).
    pub ratio: Option<f64>,
}

/// Severity of `ratio` for a threshold: Spike from the threshold, Critical from twice it.
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
        format!(
            "spend {:?} at threshold {threshold}×: {:.1}× the daily baseline ({:?}){culprit}",
            self.severity, self.ratio, self.source
        )
    }
}

pub fn severity(ratio: f64, threshold: f64) -> Severity {
    if ratio >= 2.0 * threshold {
        Severity::Critical
    } else if ratio >= threshold {
        Severity::Spike
    } else {
        Severity::Normal
    }
}

/// The core rule on plain numbers: `baseline_days` are the 7 days before the evaluated day.
pub fn evaluate(
    baseline_days: &[f64],
    current: f64,
    threshold: f64,
) -> Result<(f64, f64, Severity), usize> {
    let days_with_spend = baseline_days.iter().filter(|d| **d > 0.0).count();
    if days_with_spend < MIN_SPEND_DAYS {
        return Err(days_with_spend);
    }
    let baseline = baseline_days.iter().sum::<f64>() / BASELINE_DAYS as f64;
    // At least three positive days make the baseline positive: the division is safe.
    let ratio = current.max(0.0) / baseline;
    Ok((baseline, ratio, severity(ratio, threshold)))
}

/// Assesses the account. `poll_rate` is [`crate::usage_log::UsageLog::rate_per_day`].
pub fn assess(spend: &Spend, poll_rate: Option<f64>, threshold: f64) -> Option<SpikeState> {
    let last = spend.last_completed_day()?;
    let (baseline_days, current, source) = match poll_rate {
        // Evaluating today: the baseline is the 7 completed days before it.
        Some(rate) => (
            spend.series(last, BASELINE_DAYS as i32),
            rate,
            RateSource::Polls,
        ),
        // Evaluating the last completed day against the 7 days before that.
        None => (
            spend.series(last.plus(-1), BASELINE_DAYS as i32),
            spend.day(last),
            RateSource::LastDay,
        ),
    };
    Some(match evaluate(&baseline_days, current, threshold) {
        Err(days_with_spend) => SpikeState::GatheringBaseline { days_with_spend },
        Ok((baseline, ratio, severity)) => SpikeState::Assessed(Assessment {
            severity,
            ratio,
            current,
            baseline,
            source,
            culprit: culprit(&spend.models_around(last, BASELINE_DAYS as i32)),
        }),
    })
}

/// The model whose spend rose most on its last day; when none rose, the biggest spender that day.
pub fn culprit(models: &[ModelDays]) -> Option<Culprit> {
    let mean = |m: &ModelDays| m.before.iter().sum::<f64>() / BASELINE_DAYS as f64;
    let rise = |m: &ModelDays| m.current - mean(m);
    let by = |key: &dyn Fn(&ModelDays) -> f64| {
        models.iter().filter(|m| m.current > 0.0).max_by(|a, b| {
            key(a)
                .total_cmp(&key(b))
                .then_with(|| b.model.cmp(&a.model))
        })
    };
    let rising = by(&rise).filter(|m| rise(m) > 0.0);
    let chosen = rising.or_else(|| by(&|m: &ModelDays| m.current))?;
    let baseline = mean(chosen);
    Some(Culprit {
        model: chosen.model.clone(),
        ratio: (baseline > 0.0).then(|| chosen.current / baseline),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::ActivityRow;
    use crate::timestamp::Day;
    use proptest::prelude::*;

    fn spend(days: &[(i32, &str, f64)]) -> Spend {
        let rows: Vec<ActivityRow> = days
            .iter()
            .map(|(d, m, u)| ActivityRow {
                date: Day(*d),
                model: (*m).into(),
                usage: *u,
                byok_usage: 0.0,
                requests: 1,
            })
            .collect();
        Spend::from_rows(&rows, Day(100))
    }

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
            assess(&s, None, 3.0),
            Some(SpikeState::GatheringBaseline { days_with_spend: 2 })
        );
        assert_eq!(assess(&Spend::default(), None, 3.0), None);
    }

    #[test]
    fn last_day_against_the_week_before_it() {
        // Days 92..=98 average 1.0; day 99 spends 7.0 → ratio 7 → Critical at threshold 3.
        let mut days: Vec<(i32, &str, f64)> = (92..=98).map(|d| (d, "a", 1.0)).collect();
        days.push((99, "a", 2.0));
        days.push((99, "b", 5.0));
        let SpikeState::Assessed(a) = assess(&spend(&days), None, 3.0).unwrap() else {
            panic!()
        };
        assert_eq!(a.source, RateSource::LastDay);
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
    fn polls_take_over_and_the_baseline_moves_to_the_last_seven_days() {
        let days: Vec<(i32, &str, f64)> = (93..=99).map(|d| (d, "a", 2.0)).collect();
        let SpikeState::Assessed(a) = assess(&spend(&days), Some(7.0), 3.0).unwrap() else {
            panic!()
        };
        assert_eq!(a.source, RateSource::Polls);
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
                assess(&spend(&rows), None, threshold)
            };
            match (mk(last), mk(last + extra)) {
                (Some(SpikeState::Assessed(a)), Some(SpikeState::Assessed(b))) => prop_assert!(b.severity >= a.severity),
                (Some(SpikeState::GatheringBaseline { .. }), Some(SpikeState::GatheringBaseline { .. })) => {}
                other => prop_assert!(false, "baseline changed with the evaluated day: {:?}", other),
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
