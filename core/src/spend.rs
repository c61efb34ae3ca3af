//! Spend aggregated from activity rows: per UTC day, per model, and over rolling windows.
//!
//! Windows are anchored to the day the activity was fetched (`as_of`), not to "now": between a
//! midnight and the next poll the newest day is simply not in the data yet, and anchoring to now
//! would show it as a false day of zero spend.

use crate::openrouter::{ActivityRow, Credits};
use crate::timestamp::Day;
use std::collections::BTreeMap;

/// OpenRouter keeps 30 completed days of activity.
pub const ACTIVITY_DAYS: i32 = 30;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spend {
    as_of: Option<Day>,
    daily: BTreeMap<Day, f64>,
    daily_byok: BTreeMap<Day, f64>,
    models: BTreeMap<String, BTreeMap<Day, f64>>,
}

impl Spend {
    /// For tests: `(day, model, usage)` rows, one request each, fetched on `as_of`.
    #[cfg(test)]
    pub fn of(rows: &[(i32, &str, f64)], as_of: Day) -> Spend {
        let rows: Vec<ActivityRow> = rows
            .iter()
            .map(|(d, m, u)| ActivityRow {
                date: Day(*d),
                model: (*m).into(),
                usage: *u,
                byok_usage: 0.0,
                requests: 1,
            })
            .collect();
        Spend::from_rows(&rows, as_of)
    }

    /// Aggregates rows fetched on `as_of`. Rows outside the 30 completed days before it are
    /// ignored; credits (`usage`) and BYOK spend are kept apart.
    pub fn from_rows(rows: &[ActivityRow], as_of: Day) -> Spend {
        let first = as_of.plus(-ACTIVITY_DAYS);
        let mut spend = Spend {
            as_of: Some(as_of),
            ..Spend::default()
        };
        for row in rows.iter().filter(|r| r.date >= first && r.date < as_of) {
            *spend.daily.entry(row.date).or_default() += row.usage;
            *spend.daily_byok.entry(row.date).or_default() += row.byok_usage;
            if row.usage > 0.0 {
                *spend
                    .models
                    .entry(row.model.clone())
                    .or_default()
                    .entry(row.date)
                    .or_default() += row.usage;
            }
        }
        spend
    }

    /// The most recent day the data can hold: the day before it was fetched.
    pub fn last_completed_day(&self) -> Option<Day> {
        self.as_of.map(|d| d.plus(-1))
    }

    pub fn day(&self, day: Day) -> f64 {
        self.daily.get(&day).copied().unwrap_or(0.0)
    }

    /// Tests only: the BYOK figures and sizes are kept, but no tile shows them yet.
    #[cfg(test)]
    pub fn byok_day(&self, day: Day) -> f64 {
        self.daily_byok.get(&day).copied().unwrap_or(0.0)
    }

    /// Credits spent over the `days` completed days ending with `last`, oldest first.
    pub fn series(&self, last: Day, days: i32) -> Vec<f64> {
        (0..days.max(0))
            .map(|i| self.day(last.plus(i - days + 1)))
            .collect()
    }

    /// Credits spent over the last `days` completed days.
    pub fn window(&self, days: i32) -> f64 {
        match self.last_completed_day() {
            Some(last) => self.series(last, days).iter().sum(),
            None => 0.0,
        }
    }

    /// BYOK spend over the last `days` completed days (not credits: shown apart, never added).
    /// Tests only: the BYOK figures are kept, but no tile shows them yet.
    #[cfg(test)]
    pub fn byok_window(&self, days: i32) -> f64 {
        match self.last_completed_day() {
            Some(last) => (0..days).map(|i| self.byok_day(last.plus(-i))).sum(),
            None => 0.0,
        }
    }

    /// Each model's credits over the 30-day window, in name order.
    pub fn models_total(&self) -> impl Iterator<Item = (&str, f64)> {
        self.models
            .iter()
            .map(|(name, days)| (name.as_str(), days.values().sum()))
    }

    /// Each model's spend on `last` and over the `days` days before it.
    pub fn models_around(&self, last: Day, days: i32) -> Vec<ModelDays> {
        self.models
            .iter()
            .map(|(name, by_day)| ModelDays {
                model: name.clone(),
                current: by_day.get(&last).copied().unwrap_or(0.0),
                before: (1..=days)
                    .map(|i| by_day.get(&last.plus(-i)).copied().unwrap_or(0.0))
                    .collect(),
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.daily.values().all(|v| *v == 0.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModelDays {
    pub model: String,
    pub current: f64,
    pub before: Vec<f64>,
}

/// Which stretch of time the Balance tile's "used" and "percent" modes cover.
pub fn used(
    credits: &Credits,
    spend: Option<&Spend>,
    period: crate::settings::Period,
) -> Option<f64> {
    use crate::settings::Period;
    match period {
        Period::All => Some(credits.total_usage),
        Period::Week => spend.map(|s| s.window(7)),
        Period::Month => spend.map(|s| s.window(ACTIVITY_DAYS)),
    }
}

/// Percent utilised: used ÷ total purchased. `None` when nothing was ever purchased.
pub fn percent_utilised(used: f64, credits: &Credits) -> Option<f64> {
    (credits.total_credits > 0.0).then(|| used / credits.total_credits * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Period;
    use proptest::prelude::*;

    pub(crate) fn row(day: i32, model: &str, usage: f64) -> ActivityRow {
        ActivityRow {
            date: Day(day),
            model: model.into(),
            usage,
            byok_usage: 0.0,
            requests: 1,
        }
    }

    #[test]
    fn sums_rows_per_day_and_model_within_the_window() {
        let rows = vec![
            row(99, "a", 1.0),
            row(99, "a", 0.5), // a second endpoint of the same model and day
            row(99, "b", 2.0),
            row(70, "a", 4.0),
            row(69, "a", 100.0),  // 31 days back: outside the window
            row(100, "a", 100.0), // today: never in the activity, ignored if it is
        ];
        let spend = Spend::from_rows(&rows, Day(100));
        assert_eq!(spend.day(Day(99)), 3.5);
        assert_eq!(spend.window(7), 3.5);
        assert_eq!(spend.window(30), 7.5);
        assert_eq!(
            spend.models_total().collect::<Vec<_>>(),
            vec![("a", 5.5), ("b", 2.0)]
        );
        assert_eq!(spend.series(Day(99), 3), vec![0.0, 0.0, 3.5]);
    }

    #[test]
    fn byok_is_kept_apart() {
        let mut r = row(99, "a", 0.0);
        r.byok_usage = 7.0;
        let spend = Spend::from_rows(&[r], Day(100));
        assert_eq!(spend.window(30), 0.0);
        assert_eq!(spend.byok_window(30), 7.0);
        assert!(spend.is_empty());
        assert_eq!(spend.models_total().count(), 0);
    }

    #[test]
    fn used_and_percent_by_period() {
        let credits = Credits {
            total_credits: 50.0,
            total_usage: 20.0,
        };
        let spend = Spend::from_rows(&[row(99, "a", 5.0), row(80, "a", 5.0)], Day(100));
        assert_eq!(used(&credits, Some(&spend), Period::Week), Some(5.0));
        assert_eq!(used(&credits, Some(&spend), Period::Month), Some(10.0));
        assert_eq!(used(&credits, None, Period::All), Some(20.0));
        assert_eq!(used(&credits, None, Period::Week), None);
        assert_eq!(percent_utilised(10.0, &credits), Some(20.0));
        assert_eq!(
            percent_utilised(
                10.0,
                &Credits {
                    total_credits: 0.0,
                    total_usage: 0.0
                }
            ),
            None
        );
    }

    proptest! {
        #[test]
        fn windows_nest_and_equal_the_series(usages in proptest::collection::vec((0i32..40, 0.0f64..100.0), 0..60)) {
            let rows: Vec<_> = usages.iter().map(|(d, u)| row(100 - d, "m", *u)).collect();
            let spend = Spend::from_rows(&rows, Day(100));
            prop_assert!(spend.window(7) <= spend.window(30) + 1e-9);
            let sum30: f64 = spend.series(Day(99), 30).iter().sum();
            prop_assert!((sum30 - spend.window(30)).abs() < 1e-9);
            let by_model: f64 = spend.models_total().map(|(_, v)| v).sum();
            prop_assert!((by_model - spend.window(30)).abs() < 1e-6);
        }
    }
}
