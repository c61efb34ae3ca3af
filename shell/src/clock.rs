//! The shell's only clock. The core never reads one: every event is stamped here.

use openbalance_core::Timestamp;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Now, as UTC milliseconds. A clock set before 1970 reads as 1970 rather than failing.
pub fn now() -> Timestamp {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    Timestamp::from_millis(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// The machine's offset from UTC in minutes, or `None` when it cannot be read safely (on unix,
/// `time` refuses once other threads run, so this is read first thing, before any).
pub fn utc_offset_minutes() -> Option<i32> {
    time::UtcOffset::current_local_offset()
        .ok()
        .map(|o| i32::from(o.whole_hours()) * 60 + i32::from(o.minutes_past_hour()))
}

/// How long from now until `at`; zero when it is already past.
pub fn until(at: Timestamp) -> Duration {
    let ms = at.since(now()).max(0);
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// `2026-11-25T01:04:05.123Z`, for log lines.
pub fn iso8601(at: Timestamp) -> String {
    let ms_of_day = at.millis().rem_euclid(openbalance_core::timestamp::DAY_MS);
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1_000 % 60,
        ms_of_day % 1_000,
    );
    format!("{}T{h:02}:{m:02}:{s:02}.{ms:03}Z", at.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_times() {
        assert_eq!(iso8601(Timestamp(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso8601(Timestamp(1_445_412_400_123)),
            "2015-10-21T07:26:40.123Z"
        );
    }

    #[test]
    fn past_instants_are_due_now() {
        assert_eq!(until(Timestamp(0)), Duration::ZERO);
        assert!(until(now().plus_millis(60_000)) > Duration::from_secs(50));
    }
}
