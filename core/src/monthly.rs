//! The Monthly Spend tile: the 30-day rolling total and the same 30 days as bars (one window).

use crate::spend::{Spend, ACTIVITY_DAYS};

pub const BARS: usize = ACTIVITY_DAYS as usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Monthly {
    pub total: f64,
    /// Credits per day, oldest first; the last bar is the last completed day.
    pub days: Vec<f64>,
}

pub fn monthly(spend: &Spend) -> Monthly {
    let days = match spend.last_completed_day() {
        Some(last) => spend.series(last, BARS as i32),
        None => vec![0.0; BARS],
    };
    Monthly {
        total: spend.window(ACTIVITY_DAYS),
        days,
    }
}

/// Bar heights from 0 to 1, relative to the tallest bar; all zero when nothing was spent.
pub fn heights(days: &[f64]) -> Vec<f32> {
    let max = days
        .iter()
        .copied()
        .filter(|d| d.is_finite())
        .fold(0.0f64, f64::max);
    days.iter()
        .map(|d| {
            if max > 0.0 && d.is_finite() {
                (d.max(0.0) / max) as f32
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::ActivityRow;
    use crate::timestamp::Day;
    use proptest::prelude::*;

    #[test]
    fn thirty_bars_oldest_first_over_the_30_days_of_the_total() {
        let rows: Vec<ActivityRow> = [(99, 7.0), (93, 1.0), (92, 50.0), (71, 2.0)]
            .iter()
            .map(|(d, u)| ActivityRow {
                date: Day(*d),
                model: "m".into(),
                usage: *u,
                byok_usage: 0.0,
                requests: 1,
            })
            .collect();
        let m = monthly(&Spend::from_rows(&rows, Day(100)));
        // Days 70..=99 are the 30 completed days before day 100: day 70 is the first bar.
        let mut days = vec![0.0; 30];
        days[1] = 2.0;
        days[22] = 50.0;
        days[23] = 1.0;
        days[29] = 7.0;
        assert_eq!(m.days, days);
        // The bars and the total cover the same days.
        assert_eq!(m.total, 60.0);
        assert_eq!(m.days.iter().sum::<f64>(), m.total);
        assert_eq!(heights(&m.days)[22], 1.0);
        assert_eq!(heights(&[0.0; 7]), vec![0.0; 7]);
    }

    proptest! {
        #[test]
        fn heights_are_fractions_and_invariant_to_scale(days in proptest::collection::vec(0.0f64..1e3, 7), k in -10i32..10) {
            let h = heights(&days);
            prop_assert!(h.iter().all(|x| (0.0..=1.0).contains(x)));
            let scaled: Vec<f64> = days.iter().map(|d| d * 2f64.powi(k)).collect();
            prop_assert_eq!(h, heights(&scaled));
        }
    }
}
