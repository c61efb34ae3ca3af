//! How an intraday shape learns (domain rule): the spend between two `total_usage` samples is
//! spread evenly over the time between them, hour by hour, and an hour is folded into its bucket
//! once it is over; and what the shape expects of a stretch of time. This is what lets the Spike
//! Alert compare "the last half hour" with "what usually happens at this time on this day", so an
//! account that only spends in office hours is not a spike every working morning. Hours are UTC
//! hours of the week; only the label shown on a tile is turned into local time.

use crate::intraday::{hour_of_week, is_amount, OpenHour, Shape, LATEST_MS, MAX_OBSERVATIONS};
use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};

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

/// What one new sample changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learnt {
    Nothing,
    /// An hour was completed and folded into its bucket: worth saving.
    AnHour,
}

impl Shape {
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
