//! Instants and calendar days, as plain numbers.
//!
//! The core never reads a clock: every event brings its own [`Timestamp`]. Keeping both types as
//! integers makes recordings readable, comparisons exact and replays byte-identical.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Milliseconds since the Unix epoch, UTC.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The UTC calendar day this instant falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(DAY_MS) as i32)
    }

    /// Saturating, so absurd inputs (a Retry-After of a century) cannot overflow.
    pub fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// A UTC calendar day, counted in days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(pub i32);

/// Why a text is not a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADay(pub String);

impl fmt::Display for NotADay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a YYYY-MM-DD date: {:?}", self.0)
    }
}

impl std::error::Error for NotADay {}

impl Day {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2025-02-30`.
    pub fn parse(text: &str) -> Result<Day, NotADay> {
        let bad = || NotADay(text.chars().take(40).collect());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let num = |range: std::ops::Range<usize>| -> Result<i32, NotADay> {
            let part = &text[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse::<i32>().map_err(|_| bad())
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let month = u8::try_from(month)
            .ok()
            .and_then(|m| time::Month::try_from(m).ok())
            .ok_or_else(bad)?;
        let date = time::Date::from_calendar_date(year, month, day as u8).map_err(|_| bad())?;
        Ok(Day(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
    }

    pub fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }

    /// The day of the month and the month (1–12), for a date said in a person's language
    /// (`tile/words.rs`); `None` far outside the calendar `time` knows.
    pub fn day_and_month_numbers(self) -> Option<(u8, u8)> {
        let d = self.date()?;
        Some((d.day(), u8::from(d.month())))
    }

    /// Midnight UTC at the start of the day.
    pub fn start(self) -> Timestamp {
        Timestamp(i64::from(self.0) * DAY_MS)
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> i32 {
        (self.0 + 3).rem_euclid(7)
    }

    /// The first day of the next calendar month; `None` far outside the calendar.
    pub fn first_of_next_month(self) -> Option<Day> {
        let d = self.date()?;
        let (year, month) = match d.month() {
            time::Month::December => (d.year().checked_add(1)?, time::Month::January),
            m => (d.year(), m.next()),
        };
        let first = time::Date::from_calendar_date(year, month, 1).ok()?;
        Some(Day(first.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
    }

    /// Calendar date, or `None` far outside the years `time` can represent.
    fn date(self) -> Option<time::Date> {
        time::Date::from_julian_day(self.0.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()
    }
}

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date() {
            Some(d) => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
            None => write!(f, "day{}", self.0),
        }
    }
}

impl TryFrom<String> for Day {
    type Error = NotADay;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Day::parse(&value)
    }
}

impl From<Day> for String {
    fn from(day: Day) -> String {
        day.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_prints_dates() {
        let d = Day::parse("2025-08-24").unwrap();
        assert_eq!(d.to_string(), "2025-08-24");
        assert_eq!(Day::parse("1970-01-01").unwrap(), Day(0));
        assert_eq!(
            Day::parse("2024-02-29").unwrap().plus(1).to_string(),
            "2024-03-01"
        );
    }

    #[test]
    fn rejects_dates_that_are_not_dates() {
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "25-08-24",
            "2025/08/24",
            "",
            "2025-08-2x",
            "+025-08-24",
            "2025-8-024",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn days_know_their_place_in_the_calendar() {
        let day = Day::parse("2025-11-18").unwrap();
        assert_eq!(day.day_and_month_numbers(), Some((18, 11)));
        assert_eq!(day.weekday(), 1, "a Tuesday");
        assert_eq!(Day(0).day_and_month_numbers(), Some((1, 1)));
        assert_eq!(Day(i32::MAX).day_and_month_numbers(), None);
    }

    #[test]
    fn timestamps_fall_on_utc_days() {
        assert_eq!(Timestamp(0).day(), Day(0));
        assert_eq!(Timestamp(DAY_MS - 1).day(), Day(0));
        assert_eq!(Timestamp(-1).day(), Day(-1));
    }

    proptest! {
        #[test]
        fn day_text_round_trips(n in -100_000i32..100_000) {
            let day = Day(n);
            prop_assert_eq!(Day::parse(&day.to_string()), Ok(day));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,12}") {
            let _ = Day::parse(&s);
        }
    }
}
