//! Runway: how many days the balance lasts at the recent pace, and the usual day it is measured
//! against. Both come from the 7 completed days of `/activity` (today is never in it).

use crate::catalogue::{say, text, Msg, Phrase};
use crate::lang::Lang;
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

/// `≈ 23 days`, `≈ 1 day`, `< 1 day`, `> 1 year`, `no recent spend`, `0 days`, in `lang`.
pub fn words(lang: Lang, runway: Runway) -> String {
    let fixed = |m: Msg| text(lang, m).to_owned();
    match runway {
        Runway::Empty => fixed(Msg::RunwayEmpty),
        Runway::NoRecentSpend => fixed(Msg::NoRecentSpend),
        Runway::OverAYear => fixed(Msg::OverAYear),
        Runway::Days(d) if d < 1.0 => fixed(Msg::UnderADay),
        Runway::Days(d) => say(
            lang,
            Phrase::RunwayDays {
                days: d.floor() as u64,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_as_a_person_would_say_it() {
        assert_eq!(words(Lang::En, runway(100.0, 4.3)), "≈ 23 days");
        assert_eq!(words(Lang::En, runway(5.0, 4.0)), "≈ 1 day");
        assert_eq!(words(Lang::En, runway(1.0, 4.0)), "< 1 day");
        assert_eq!(words(Lang::En, runway(100.0, 0.0)), "no recent spend");
        assert_eq!(words(Lang::En, runway(0.0, 3.0)), "0 days");
        assert_eq!(words(Lang::En, runway(-2.0, 3.0)), "0 days");
        assert_eq!(words(Lang::En, runway(10_000.0, 1.0)), "> 1 year");
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

    /// The runway is said in the person's language, days counted down (never rounded up).
    #[test]
    fn is_said_in_the_persons_language() {
        assert_eq!(words(Lang::De, Runway::Days(12.9)), "≈ 12 Tage");
        assert_eq!(words(Lang::De, Runway::Days(0.5)), "< 1 Tag");
        assert_eq!(words(Lang::Ja, Runway::Days(1.5)), "約1日");
        assert_eq!(words(Lang::Ja, Runway::Empty), "0日");
    }
}
