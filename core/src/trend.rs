//! The daily trend under the Balance number: the last completed day against the day before.

use serde::{Deserialize, Serialize};

/// Within 2 % either way the day is "flat": relative, so it means the same for $1 and $1,000 a day.
pub const FLAT_TOLERANCE: f64 = 0.02;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// Spent less than the day before: good news, shown green.
    Down,
    /// Spent more: shown red.
    Up,
    Flat,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    pub direction: Direction,
    pub last: f64,
    pub previous: f64,
    /// Change in percent of the day before; `None` when the day before had no spend.
    pub change_percent: Option<f64>,
}

pub fn trend(last: f64, previous: f64) -> Trend {
    // Amounts come from parsed, checked bodies; still, a non-finite one must not poison the tile.
    let clean = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let (last, previous) = (clean(last), clean(previous));
    let biggest = last.max(previous);
    let direction = if (last - previous).abs() <= FLAT_TOLERANCE * biggest {
        Direction::Flat
    } else if last > previous {
        Direction::Up
    } else {
        Direction::Down
    };
    let change_percent =
        Some((last - previous) / previous * 100.0).filter(|c| previous > 0.0 && c.is_finite());
    Trend {
        direction,
        last,
        previous,
        change_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_direction() {
        assert_eq!(trend(8.0, 10.0).direction, Direction::Down);
        assert_eq!(trend(8.0, 10.0).change_percent, Some(-20.0));
        assert_eq!(trend(12.0, 10.0).direction, Direction::Up);
        assert_eq!(trend(10.1, 10.0).direction, Direction::Flat);
        assert_eq!(trend(0.0, 0.0).direction, Direction::Flat);
        assert_eq!(trend(0.0, 0.0).change_percent, None);
        assert_eq!(trend(3.0, 0.0).direction, Direction::Up);
        assert_eq!(trend(3.0, 0.0).change_percent, None);
    }

    proptest! {
        #[test]
        fn scaling_changes_nothing(last in 0.0f64..1e4, previous in 0.0f64..1e4, k in -20i32..20) {
            // Powers of two scale exactly, so the comparison is exact too.
            let f = 2f64.powi(k);
            prop_assert_eq!(trend(last, previous).direction, trend(last * f, previous * f).direction);
        }

        #[test]
        fn swapping_days_flips_the_arrow(last in 0.0f64..1e4, previous in 0.0f64..1e4) {
            let flipped = match trend(last, previous).direction {
                Direction::Up => Direction::Down,
                Direction::Down => Direction::Up,
                Direction::Flat => Direction::Flat,
            };
            prop_assert_eq!(trend(previous, last).direction, flipped);
        }

        #[test]
        fn never_produces_nan(last in proptest::num::f64::ANY, previous in proptest::num::f64::ANY) {
            let t = trend(last, previous);
            if let Some(c) = t.change_percent { prop_assert!(c.is_finite()); }
        }
    }
}
