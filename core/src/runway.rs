//! Runway: how many days the balance lasts at the recent pace, and the usual day it is measured
//! against. Both come from the 7 completed days of `/activity` (today is never in it).

use crate::spend::Spend;

/// The days the usual day is averaged over.
pub const USUAL_DAYS: i32 = 7;

/// Beyond this the number stops meaning anything to a person.
pub const MAX_RUNWAY_DAYS: f64 = 365.0;

/// The mean daily spend over the last 7 completed days (days without spend count as zero).
pub fn usual_day(spend: &Spend) -> f64 {
    spend.window(USUAL_DAYS) / f64::from(USUAL_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Runway {
    /// Nothing left (or overdrawn).
    Empty,
    /// No spend in the last 7 days: the balance is not being used up.
    NoRecentSpend,
    Days(f64),
    /// More than a year at this pace.
    OverAYear,
}

/// Days of `remaining` balance at `usual_day` spend per day.
pub fn runway(remaining: f64, usual_day: f64) -> Runway {
    // NaN reads as nothing left / no spend: never as a runway.
    if remaining.is_nan() || remaining <= 0.0 {
        Runway::Empty
    } else if usual_day.is_nan() || usual_day <= 0.0 {
        Runway::NoRecentSpend
    } else {
        let days = remaining / usual_day;
        if days > MAX_RUNWAY_DAYS || !days.is_finite() {
            Runway::OverAYear
        } else {
            Runway::Days(days)
        }
    }
}

/// `≈ 23 days`, `≈ 1 day`, `< 1 day`, `> 1 year`, `no recent spend`, `0 days`.
pub fn words(runway: Runway) -> String {
    match runway {
        Runway::Empty => "0 days".to_owned(),
        Runway::NoRecentSpend => "no recent spend".to_owned(),
        Runway::OverAYear => "> 1 year".to_owned(),
        Runway::Days(d) if d < 1.0 => "< 1 day".to_owned(),
        Runway::Days(d) => {
            let n = d.floor() as u64;
            format!("≈ {n} day{}", if n == 1 { "" } else { "s" })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_as_a_person_would_say_it() {
        assert_eq!(words(runway(100.0, 4.3)), "≈ 23 days");
        assert_eq!(words(runway(5.0, 4.0)), "≈ 1 day");
        assert_eq!(words(runway(1.0, 4.0)), "< 1 day");
        assert_eq!(words(runway(100.0, 0.0)), "no recent spend");
        assert_eq!(words(runway(0.0, 3.0)), "0 days");
        assert_eq!(words(runway(-2.0, 3.0)), "0 days");
        assert_eq!(words(runway(10_000.0, 1.0)), "> 1 year");
    }

    proptest! {
        /// Scaling the balance and the spend together changes nothing (power-of-two factors are
        /// exact in floating point).
        #[test]
        fn is_scale_free(remaining in -1e4f64..1e6, usual in 0.0f64..1e4, exp in -20i32..20) {
            let k = 2f64.powi(exp);
            prop_assert_eq!(runway(remaining, usual), runway(remaining * k, usual * k));
        }

        /// More balance never shortens the runway; more spend never lengthens it.
        #[test]
        fn is_monotone(remaining in 0.01f64..1e6, usual in 0.01f64..1e4, more in 0.0f64..1e3) {
            let days = |r: Runway| match r {
                Runway::Empty => 0.0,
                Runway::Days(d) => d,
                Runway::OverAYear | Runway::NoRecentSpend => f64::INFINITY,
            };
            prop_assert!(days(runway(remaining + more, usual)) >= days(runway(remaining, usual)));
            prop_assert!(days(runway(remaining, usual + more)) <= days(runway(remaining, usual)));
        }
    }

    /// The words are the catalogue's English (issue 19), until the tiles take them from it.
    #[test]
    fn the_words_are_the_catalogues_english() {
        use crate::catalogue::{say, text, Lang, Msg, Phrase};
        for (runway, days) in [(Runway::Days(1.5), 1), (Runway::Days(12.9), 12)] {
            assert_eq!(words(runway), say(Lang::En, Phrase::RunwayDays { days }));
        }
        assert_eq!(words(Runway::Empty), text(Lang::En, Msg::RunwayEmpty));
        assert_eq!(
            words(Runway::NoRecentSpend),
            text(Lang::En, Msg::NoRecentSpend)
        );
        assert_eq!(words(Runway::OverAYear), text(Lang::En, Msg::OverAYear));
        assert_eq!(words(Runway::Days(0.5)), text(Lang::En, Msg::UnderADay));
    }
}
