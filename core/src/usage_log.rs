//! Samples of the credits `total_usage` taken at each poll. The activity data never includes
//! today, so "spend right now" and "today so far" can only come from how this total moves.

use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};

/// The current rate looks back this far…
pub const RATE_WINDOW_MS: i64 = 3 * HOUR_MS;
/// …and needs polls at least this far apart to mean anything.
pub const MIN_RATE_SPAN_MS: i64 = 10 * MINUTE_MS;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct UsageLog {
    /// Oldest first. Holds the first sample of the current UTC day and the last three hours.
    samples: Vec<(Timestamp, f64)>,
}

impl UsageLog {
    pub fn record(&mut self, at: Timestamp, total_usage: f64) {
        if self.samples.last().is_some_and(|(last, _)| *last > at) {
            // Time went backwards (a clock change): start over rather than compute nonsense.
            self.samples.clear();
        }
        self.samples.push((at, total_usage));
        let today = at.day();
        let first_today = self.samples.iter().position(|(t, _)| t.day() == today);
        let recent = self
            .samples
            .iter()
            .position(|(t, _)| at.since(*t) <= RATE_WINDOW_MS);
        let keep_from = match (first_today, recent) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(0),
        };
        let first_today_sample = first_today.map(|i| self.samples[i]);
        self.samples.drain(..keep_from);
        // Between the day's first sample and the rate window nothing is needed.
        if let Some(first) = first_today_sample {
            self.samples
                .retain(|s| *s == first || at.since(s.0) <= RATE_WINDOW_MS || s.0 < first.0);
        }
    }

    /// Credits per day over the last three hours of polls, when they span at least ten minutes.
    /// A falling total (a refund) counts as no spend, never as negative spend.
    /// (The rule the Spike Alert used before it knew the time of day; kept to measure it against.)
    #[cfg(test)]
    pub fn rate_per_day(&self, now: Timestamp) -> Option<f64> {
        let mut recent = self
            .samples
            .iter()
            .filter(|(t, _)| now.since(*t) <= RATE_WINDOW_MS && *t <= now);
        let first = recent.next()?;
        let last = recent.next_back()?;
        let span = last.0.since(first.0);
        if span < MIN_RATE_SPAN_MS {
            return None;
        }
        let spent = (last.1 - first.1).max(0.0);
        Some(spent / span as f64 * crate::timestamp::DAY_MS as f64)
    }

    /// The poll intervals of about the last `window_ms` (samples no older than the window plus a
    /// two-minute grace, up to `now`): (from, to, credits spent), oldest first; empty when they
    /// span less than ten minutes. A falling total counts as no spend.
    pub fn recent(&self, now: Timestamp, window_ms: i64) -> Vec<(Timestamp, Timestamp, f64)> {
        let grace = 2 * MINUTE_MS;
        let within: Vec<&(Timestamp, f64)> = self
            .samples
            .iter()
            .filter(|(t, _)| *t <= now && now.since(*t) <= window_ms + grace)
            .collect();
        let span = match (within.first(), within.last()) {
            (Some(a), Some(b)) => b.0.since(a.0),
            _ => 0,
        };
        if span < MIN_RATE_SPAN_MS {
            return Vec::new();
        }
        within
            .windows(2)
            .map(|w| (w[0].0, w[1].0, (w[1].1 - w[0].1).max(0.0)))
            .collect()
    }

    /// Spend since the first poll of the UTC day of `now`; `None` before a second poll today.
    pub fn today_so_far(&self, now: Timestamp) -> Option<f64> {
        let today = now.day();
        let mut todays = self.samples.iter().filter(|(t, _)| t.day() == today);
        let first = todays.next()?;
        let last = todays.next_back()?;
        Some((last.1 - first.1).max(0.0))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.samples.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T0: i64 = 20_000 * crate::timestamp::DAY_MS + 8 * HOUR_MS;

    fn log(samples: &[(i64, f64)]) -> UsageLog {
        let mut log = UsageLog::default();
        for (min, usage) in samples {
            log.record(Timestamp(T0 + min * MINUTE_MS), *usage);
        }
        log
    }

    #[test]
    fn rate_needs_ten_minutes_of_polls() {
        let now = Timestamp(T0 + 5 * MINUTE_MS);
        assert_eq!(log(&[(0, 10.0), (5, 10.5)]).rate_per_day(now), None);
        let l = log(&[(0, 10.0), (15, 10.5), (30, 11.0)]);
        let rate = l.rate_per_day(Timestamp(T0 + 30 * MINUTE_MS)).unwrap();
        assert!((rate - 48.0).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn rate_forgets_polls_older_than_three_hours() {
        let l = log(&[(0, 10.0), (15, 20.0), (200, 20.0), (215, 20.5)]);
        let rate = l.rate_per_day(Timestamp(T0 + 215 * MINUTE_MS)).unwrap();
        assert!((rate - 48.0).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn refunds_are_no_spend() {
        let l = log(&[(0, 10.0), (30, 9.0)]);
        assert_eq!(l.rate_per_day(Timestamp(T0 + 30 * MINUTE_MS)), Some(0.0));
    }

    #[test]
    fn today_so_far_counts_from_the_first_poll_of_the_day() {
        let l = log(&[(0, 10.0), (300, 12.0), (600, 13.0)]);
        assert_eq!(l.today_so_far(Timestamp(T0 + 600 * MINUTE_MS)), Some(3.0));
        // The next UTC day starts from its own first poll.
        let next_day = 16 * 60 + 5; // T0 is 08:00, so 16h05 later is 00:05 the next day
        let l = log(&[(0, 10.0), (next_day, 15.0), (next_day + 15, 15.5)]);
        assert_eq!(
            l.today_so_far(Timestamp(T0 + (next_day + 15) * MINUTE_MS)),
            Some(0.5)
        );
        assert_eq!(log(&[(0, 1.0)]).today_so_far(Timestamp(T0)), None);
    }

    #[test]
    fn the_log_stays_small() {
        let samples: Vec<(i64, f64)> = (0..1000).map(|i| (i * 15, i as f64)).collect();
        let l = log(&samples);
        assert!(l.len() <= 3 * 4 + 3, "{}", l.len());
    }

    proptest! {
        #[test]
        fn rate_is_finite_and_not_negative(steps in proptest::collection::vec((1i64..120, 0.0f64..100.0), 1..40)) {
            let mut l = UsageLog::default();
            let mut t = T0;
            for (gap, usage) in steps {
                t += gap * MINUTE_MS;
                l.record(Timestamp(t), usage);
                if let Some(r) = l.rate_per_day(Timestamp(t)) { prop_assert!(r.is_finite() && r >= 0.0); }
                if let Some(s) = l.today_so_far(Timestamp(t)) { prop_assert!(s.is_finite() && s >= 0.0); }
            }
        }
    }
}
