//! The account's intraday shape as data: how much it usually spends in each hour of the week, the
//! format it is kept in, and the checks a kept one must pass (vocabulary: the shell keeps it and
//! the core's events and commands carry it). How it learns from the `total_usage` samples every
//! poll already takes, and what it expects, is `shape_learning.rs`. It is what lets the Spike Alert compare
//! "the last half hour" with "what usually happens at this time on this day", so an account that
//! only spends in office hours is not a spike every working morning.
//!
//! The shape persists across restarts (the shell keeps it in a small file, loaded as an event and
//! saved as a command), and belongs to one account: a key for another account starts afresh.
//! Hours are UTC hours of the week; only the label shown on a tile is turned into local time.

use crate::timestamp::{Timestamp, HOUR_MS};
use serde::{Deserialize, Serialize};

pub const HOURS_PER_WEEK: usize = 7 * 24;
/// The persisted format of the shape (its own, inside the file the shell keeps).
pub const SHAPE_FORMAT: u32 = 1;

/// More dollars than any account spends in an hour or holds in all (OpenRouter's own parser
/// refuses amounts from 1e12 on): a number at or above it in a kept shape was not learnt.
pub const MAX_AMOUNT: f64 = 1e12;

/// How many observations an hour counts at most (later ones move its mean a quarter of the way).
pub const MAX_OBSERVATIONS: u32 = 10_000;

/// The latest instant a sample may carry: the end of the year 9999, as far as calendars go.
pub(crate) const LATEST_MS: i64 = 253_402_300_799_999;

/// Why a kept shape cannot be taken up. Each is something no poll could have taught, so the
/// shape was edited or damaged, and it is refused whole (the others in the file are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadShape {
    /// Another format, or not one bucket per hour of the week.
    Format,
    /// An hour whose mean is negative, not finite or absurd, or counted too often.
    Bucket { hour_of_week: usize },
    /// The hour being filled does not belong to the last sample, or covers more than an hour,
    /// or holds an amount that is not one.
    OpenHour,
    /// The last sample is at no plausible time or holds an amount that is not one.
    LastSample,
}

impl std::fmt::Display for BadShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadShape::Format => write!(f, "another format"),
            BadShape::Bucket { hour_of_week } => {
                write!(f, "hour {hour_of_week} of the week holds no usable mean")
            }
            BadShape::OpenHour => write!(f, "its open hour is not one a poll could leave"),
            BadShape::LastSample => write!(f, "its last sample is not one a poll could take"),
        }
    }
}

/// An amount a shape may hold: finite, not negative, not absurd.
pub(crate) fn is_amount(value: f64) -> bool {
    value.is_finite() && (0.0..MAX_AMOUNT).contains(&value)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Usual credits spent in this hour.
    pub mean: f64,
    /// How many times this hour was observed.
    pub n: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenHour {
    /// Hours since the epoch.
    pub(crate) hour: i64,
    pub(crate) spent: f64,
    pub(crate) covered_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    pub format: u32,
    /// Whose shape it is: the stored key's redacted form (last four and a fingerprint).
    pub account: String,
    /// Hour of the week (Monday 00:00 UTC first) → what it usually spends.
    pub(crate) week: Vec<Bucket>,
    pub(crate) open: Option<OpenHour>,
    pub(crate) last: Option<(Timestamp, f64)>,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::new(String::new())
    }
}

/// Hour of the week (Monday 00:00 UTC = 0) of an hour counted since the epoch (a Thursday).
pub fn hour_of_week(hour: i64) -> usize {
    let day = hour.div_euclid(24);
    let weekday = (day + 3).rem_euclid(7); // Monday = 0
    (weekday * 24 + hour.rem_euclid(24)) as usize
}

impl Shape {
    pub fn new(account: String) -> Shape {
        Shape {
            format: SHAPE_FORMAT,
            account,
            week: vec![Bucket::default(); HOURS_PER_WEEK],
            open: None,
            last: None,
        }
    }

    /// A shape read from a file is used only if it is whole and this format.
    pub fn is_usable(&self) -> bool {
        self.check().is_ok()
    }

    /// Every field checked, as a kept shape must be before it is taken up: what a poll could
    /// have taught and nothing else (an infinite hour would be written back as `null`, and the
    /// next start could not read the file at all).
    pub fn check(&self) -> Result<(), BadShape> {
        if self.format != SHAPE_FORMAT || self.week.len() != HOURS_PER_WEEK {
            return Err(BadShape::Format);
        }
        if let Some(hour_of_week) = self
            .week
            .iter()
            .position(|b| !is_amount(b.mean) || b.n > MAX_OBSERVATIONS)
        {
            return Err(BadShape::Bucket { hour_of_week });
        }
        if let Some((at, total)) = self.last {
            if !(0..=LATEST_MS).contains(&at.millis()) || !is_amount(total) {
                return Err(BadShape::LastSample);
            }
        }
        if let Some(open) = self.open {
            // The open hour is the one the last sample fell in, part way through.
            let of_last = self.last.map(|(at, _)| at.millis().div_euclid(HOUR_MS));
            // What it spent so far may add up past one sample's bound, never to infinity.
            let fits = of_last == Some(open.hour)
                && (1..=HOUR_MS).contains(&open.covered_ms)
                && open.spent.is_finite()
                && open.spent >= 0.0;
            if !fits {
                return Err(BadShape::OpenHour);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape_learning::*;
    use crate::timestamp::MINUTE_MS;

    /// Monday 2026-11-30 00:00 UTC.
    const MONDAY: i64 = 1_795_996_800_000;

    #[test]
    fn hours_of_the_week_start_on_monday() {
        let hour = MONDAY / HOUR_MS;
        assert_eq!(hour_of_week(hour), 0);
        assert_eq!(hour_of_week(hour + 10), 10);
        assert_eq!(hour_of_week(hour + 24 * 6 + 23), HOURS_PER_WEEK - 1);
        assert_eq!(hour_of_week(hour + 24 * 7), 0);
    }

    /// Polls every 15 minutes for `weeks`, spending `per_hour(hour_of_week)` each hour.
    fn learn(weeks: i64, per_hour: impl Fn(usize) -> f64) -> Shape {
        let mut shape = Shape::new("acct".into());
        let mut total = 0.0;
        let step = 15 * MINUTE_MS;
        for i in 0..(weeks * 7 * 24 * 4) {
            let at = Timestamp(MONDAY + i * step);
            let hour = at.millis().div_euclid(HOUR_MS);
            total += per_hour(hour_of_week(hour)) / 4.0;
            shape.observe(at.plus_millis(step), total);
        }
        shape
    }

    #[test]
    fn learns_an_office_hours_shape_and_expects_it() {
        let office = |h: usize| {
            if h / 24 < 5 && (9..17).contains(&(h % 24)) {
                2.0
            } else {
                0.0
            }
        };
        let shape = learn(2, office);
        let tuesday_10 = Timestamp(MONDAY + 24 * HOUR_MS + 10 * HOUR_MS);
        let e = shape
            .expected(tuesday_10, tuesday_10.plus_millis(30 * MINUTE_MS))
            .unwrap();
        assert!((e - 1.0).abs() < 1e-9, "half an hour of 2.0/h: {e}");
        let night = Timestamp(MONDAY + 3 * HOUR_MS);
        assert_eq!(shape.expected(night, night.plus_millis(HOUR_MS)), Some(0.0));
        let saturday = Timestamp(MONDAY + 5 * 24 * HOUR_MS + 10 * HOUR_MS);
        assert_eq!(
            shape.expected(saturday, saturday.plus_millis(HOUR_MS)),
            Some(0.0)
        );
    }

    #[test]
    fn too_little_history_expects_nothing() {
        let shape = learn(0, |_| 1.0);
        let at = Timestamp(MONDAY);
        assert_eq!(shape.expected(at, at.plus_millis(HOUR_MS)), None);
        // Five days of the same hour are enough, pooled.
        let shape = {
            let mut s = Shape::new("a".into());
            let mut total = 0.0;
            for i in 0..(5 * 24 * 4) {
                total += 0.25;
                s.observe(Timestamp(MONDAY + (i + 1) * 15 * MINUTE_MS), total);
            }
            s
        };
        let saturday = Timestamp(MONDAY + 5 * 24 * HOUR_MS + 9 * HOUR_MS);
        let e = shape
            .expected(saturday, saturday.plus_millis(HOUR_MS))
            .unwrap();
        assert!((e - 1.0).abs() < 1e-9, "{e}");
    }

    #[test]
    fn gaps_refunds_and_clock_steps_teach_nothing_wrong() {
        let mut shape = Shape::new("a".into());
        let at = Timestamp(MONDAY);
        shape.observe(at, 10.0);
        // Asleep for five hours: nothing spread over them.
        assert_eq!(
            shape.observe(at.plus_millis(5 * HOUR_MS), 50.0),
            Learnt::Nothing
        );
        assert!(shape.week.iter().all(|b| b.n == 0));
        // A refund: no negative spend.
        for i in 1..=4 {
            shape.observe(at.plus_millis(5 * HOUR_MS + i * 15 * MINUTE_MS), 40.0);
        }
        assert!(shape.week.iter().all(|b| b.mean >= 0.0));
        assert!(shape.observe(at, 1.0) == Learnt::Nothing, "time going back");
        assert!(shape.is_usable());
    }

    /// A shape as a file holds it, with `open` and `last` set by hand.
    fn kept(open: serde_json::Value, last: serde_json::Value) -> Shape {
        let mut value = serde_json::to_value(Shape::new("a".into())).unwrap();
        value["open"] = open;
        value["last"] = last;
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn every_field_of_a_kept_shape_is_checked() {
        let at = MONDAY + 10 * HOUR_MS + 20 * MINUTE_MS;
        let hour = at / HOUR_MS;
        let good = kept(
            serde_json::json!({"hour": hour, "spent": 1.5, "covered_ms": 20 * MINUTE_MS}),
            serde_json::json!([at, 12.0]),
        );
        assert_eq!(good.check(), Ok(()));
        for (open, last, fault) in [
            // The open hour is not the last sample's.
            (
                serde_json::json!({"hour": hour - 1, "spent": 1.0, "covered_ms": 1}),
                serde_json::json!([at, 1.0]),
                BadShape::OpenHour,
            ),
            // An hour far out, whose end would overflow.
            (
                serde_json::json!({"hour": i64::MAX, "spent": 1.0, "covered_ms": 1}),
                serde_json::json!([at, 1.0]),
                BadShape::OpenHour,
            ),
            // More than an hour covered, or none.
            (
                serde_json::json!({"hour": hour, "spent": 1.0, "covered_ms": HOUR_MS + 1}),
                serde_json::json!([at, 1.0]),
                BadShape::OpenHour,
            ),
            (
                serde_json::json!({"hour": hour, "spent": 1.0, "covered_ms": 0}),
                serde_json::json!([at, 1.0]),
                BadShape::OpenHour,
            ),
            (
                serde_json::json!({"hour": hour, "spent": -1.0, "covered_ms": 60}),
                serde_json::json!([at, 1.0]),
                BadShape::OpenHour,
            ),
            // An open hour without a last sample.
            (
                serde_json::json!({"hour": hour, "spent": 1.0, "covered_ms": 60}),
                serde_json::Value::Null,
                BadShape::OpenHour,
            ),
            // A total no credits answer holds, or a time no clock shows.
            (
                serde_json::Value::Null,
                serde_json::json!([at, -1e308]),
                BadShape::LastSample,
            ),
            (
                serde_json::Value::Null,
                serde_json::json!([at, 1e300]),
                BadShape::LastSample,
            ),
            (
                serde_json::Value::Null,
                serde_json::json!([i64::MIN, 1.0]),
                BadShape::LastSample,
            ),
        ] {
            let shape = kept(open.clone(), last.clone());
            assert_eq!(shape.check(), Err(fault), "{open} {last}");
        }
        let mut bad_bucket = serde_json::to_value(Shape::new("a".into())).unwrap();
        bad_bucket["week"][7] = serde_json::json!({"mean": 1e200, "n": 1});
        let shape: Shape = serde_json::from_value(bad_bucket).unwrap();
        assert_eq!(shape.check(), Err(BadShape::Bucket { hour_of_week: 7 }));
    }

    #[test]
    fn a_hostile_open_hour_teaches_nothing_infinite() {
        // Everything in range one by one, but the hour's mean would overflow when closed.
        let at = MONDAY + 10 * HOUR_MS + 20 * MINUTE_MS;
        let mut shape = kept(
            serde_json::json!({"hour": at / HOUR_MS, "spent": 1e300, "covered_ms": 1}),
            serde_json::json!([at, 1.0]),
        );
        assert_eq!(shape.check(), Ok(()));
        assert_eq!(
            shape.observe(Timestamp(at + HOUR_MS), 2.0),
            Learnt::Nothing,
            "an infinite hour is not learnt"
        );
        let text = serde_json::to_string(&shape).unwrap();
        assert!(
            !text.contains("null,") && !text.contains("\"mean\":null"),
            "{text}"
        );
        let back: Shape = serde_json::from_str(&text).unwrap();
        assert_eq!(back.check(), Ok(()));
        // A sample no poll takes is no sample.
        assert_eq!(
            shape.observe(Timestamp(at + 2 * HOUR_MS), f64::INFINITY),
            Learnt::Nothing
        );
        assert_eq!(shape.last, Some((Timestamp(at + HOUR_MS), 2.0)));
    }

    proptest::proptest! {
        /// Whatever the polls say, the shape stays one a file can hold and the next start takes.
        #[test]
        fn any_samples_keep_the_shape_whole(
            steps in proptest::collection::vec((0i64..4 * HOUR_MS, 0.0f64..2e12), 1..80),
        ) {
            let mut shape = Shape::new("a".into());
            let mut at = MONDAY;
            for (gap, total) in steps {
                at += gap;
                shape.observe(Timestamp(at), total);
                proptest::prop_assert_eq!(shape.check(), Ok(()));
            }
            let text = serde_json::to_string(&shape).unwrap();
            let back: Shape = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(back, shape);
        }
    }
}
