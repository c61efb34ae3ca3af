//! The account's intraday shape: how much it usually spends in each hour of the week, learnt from
//! the `total_usage` samples every poll already takes. It is what lets the Spike Alert compare
//! "the last half hour" with "what usually happens at this time on this day", so an account that
//! only spends in office hours is not a spike every working morning.
//!
//! The shape persists across restarts (the shell keeps it in a small file, loaded as an event and
//! saved as a command), and belongs to one account: a key for another account starts afresh.
//! Hours are UTC hours of the week; only the label shown on a tile is turned into local time.

use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};
use serde::{Deserialize, Serialize};

pub const HOURS_PER_WEEK: usize = 7 * 24;
/// An hour counts as observed when polls covered at least this much of it.
pub const MIN_COVERAGE_MS: i64 = 45 * MINUTE_MS;
/// A gap between samples longer than this (the machine slept) is not spread over the hours.
pub const MAX_GAP_MS: i64 = 3 * HOUR_MS;
/// Weeks an hour-of-week must have been observed before its own mean is trusted.
pub const MIN_WEEKS: u32 = 2;
/// Days an hour-of-day (pooled over the week) must have been observed otherwise.
pub const MIN_DAYS: u32 = 5;
/// After this many observations an hour's mean moves a quarter of the way to each new one, so
/// the shape follows a changing routine within a few weeks.
const RUNNING_MEAN_UNTIL: u32 = 4;

/// The persisted format of the shape (its own, inside the file the shell keeps).
pub const SHAPE_FORMAT: u32 = 1;

/// More dollars than any account spends in an hour or holds in all (OpenRouter's own parser
/// refuses amounts from 1e12 on): a number at or above it in a kept shape was not learnt.
pub const MAX_AMOUNT: f64 = 1e12;

/// How many observations an hour counts at most (later ones move its mean a quarter of the way).
pub const MAX_OBSERVATIONS: u32 = 10_000;

/// The latest instant a sample may carry: the end of the year 9999, as far as calendars go.
const LATEST_MS: i64 = 253_402_300_799_999;

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
fn is_amount(value: f64) -> bool {
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
struct OpenHour {
    /// Hours since the epoch.
    hour: i64,
    spent: f64,
    covered_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    pub format: u32,
    /// Whose shape it is: the stored key's redacted form (last four and a fingerprint).
    pub account: String,
    /// Hour of the week (Monday 00:00 UTC first) → what it usually spends.
    week: Vec<Bucket>,
    open: Option<OpenHour>,
    last: Option<(Timestamp, f64)>,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::new(String::new())
    }
}

/// What one new sample changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learnt {
    Nothing,
    /// An hour was completed and folded into its bucket: worth saving.
    AnHour,
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

    /// Takes in a `total_usage` sample: the spend since the last sample is spread evenly over the
    /// time between them, hour by hour; an hour is folded into its bucket once it is over.
    pub fn observe(&mut self, at: Timestamp, total_usage: f64) -> Learnt {
        let mut learnt = Learnt::Nothing;
        if !is_amount(total_usage) || !(0..=LATEST_MS).contains(&at.millis()) {
            // Not a sample a poll takes (the parser refuses such amounts; a recording may not).
            return learnt;
        }
        let previous = self.last.replace((at, total_usage));
        let Some((from, before)) = previous else {
            return learnt;
        };
        let span = at.since(from);
        if span <= 0 || span > MAX_GAP_MS {
            // Asleep, or the clock moved: the hours between are unknown, not quiet.
            if let Some(open) = self.open.take() {
                learnt = self.close(open).max_of(learnt);
            }
            return learnt;
        }
        // A refund makes the total fall: that is no spend, never negative spend.
        let spent = (total_usage - before).max(0.0);
        let mut t = from.millis();
        while t < at.millis() {
            let hour = t.div_euclid(HOUR_MS);
            let end = ((hour + 1) * HOUR_MS).min(at.millis());
            let slice = end - t;
            let share = spent * slice as f64 / span as f64;
            match self.open {
                Some(open) if open.hour == hour => {
                    let open = self.open.as_mut().expect("just matched");
                    open.spent += share;
                    open.covered_ms += slice;
                }
                _ => {
                    if let Some(open) = self.open.take() {
                        learnt = self.close(open).max_of(learnt);
                    }
                    self.open = Some(OpenHour {
                        hour,
                        spent: share,
                        covered_ms: slice,
                    });
                }
            }
            t = end;
        }
        // An hour that ended exactly at this sample is complete now.
        if let Some(open) = self.open.filter(|o| (o.hour + 1) * HOUR_MS <= at.millis()) {
            self.open = None;
            learnt = self.close(open).max_of(learnt);
        }
        learnt
    }

    fn close(&mut self, open: OpenHour) -> Learnt {
        if open.covered_ms < MIN_COVERAGE_MS {
            return Learnt::Nothing;
        }
        let mut spent = open.spent * HOUR_MS as f64 / open.covered_ms as f64;
        if !is_amount(spent) {
            // Nothing a poll could show: learning it would keep a number no file can hold.
            return Learnt::Nothing;
        }
        let bucket = &mut self.week[hour_of_week(open.hour)];
        // A spike is not a routine: once an hour is known, one hour moves it at most to twice its
        // mean, so a burst does not teach the alert to expect bursts.
        if bucket.n >= MIN_WEEKS && bucket.mean > 0.0 {
            spent = spent.min(2.0 * bucket.mean);
        }
        let mean = if bucket.n < RUNNING_MEAN_UNTIL {
            (bucket.mean * f64::from(bucket.n) + spent) / f64::from(bucket.n + 1)
        } else {
            bucket.mean + (spent - bucket.mean) / f64::from(RUNNING_MEAN_UNTIL)
        };
        if !is_amount(mean) {
            return Learnt::Nothing;
        }
        bucket.mean = mean;
        bucket.n = bucket.n.saturating_add(1).min(MAX_OBSERVATIONS);
        Learnt::AnHour
    }

    /// What the account usually spends between `from` and `to` (hours pro rata), when each hour
    /// in between has been seen often enough: its own hour of the week (two weeks), else the same
    /// hour of the day over the whole week (five days). `None`: too little history.
    pub fn expected(&self, from: Timestamp, to: Timestamp) -> Option<f64> {
        let mut total = 0.0;
        let mut t = from.millis();
        while t < to.millis() {
            let hour = t.div_euclid(HOUR_MS);
            let end = ((hour + 1) * HOUR_MS).min(to.millis());
            let fraction = (end - t) as f64 / HOUR_MS as f64;
            total += self.usual_hour(hour)? * fraction;
            t = end;
        }
        Some(total)
    }

    fn usual_hour(&self, hour: i64) -> Option<f64> {
        let own = self.week[hour_of_week(hour)];
        if own.n >= MIN_WEEKS {
            return Some(own.mean);
        }
        let hour_of_day = hour.rem_euclid(24) as usize;
        let same_hour = (0..7).map(|d| self.week[d * 24 + hour_of_day]);
        let (sum, n) = same_hour.fold((0.0, 0u32), |(s, n), b| {
            (s + b.mean * f64::from(b.n), n + b.n)
        });
        (n >= MIN_DAYS).then(|| sum / f64::from(n))
    }
}

impl Learnt {
    fn max_of(self, other: Learnt) -> Learnt {
        match (self, other) {
            (Learnt::AnHour, _) | (_, Learnt::AnHour) => Learnt::AnHour,
            _ => Learnt::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
