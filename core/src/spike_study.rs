//! The simulator study of the Spike Alert (issue 11): four simulated accounts run for four weeks
//! of 15-minute polls, with ordinary days and, in the last two weeks, a 4× and an 8× burst in each
//! account's own working hours. It counts, per profile, the ordinary days on which the alert would
//! have said Spike or Critical (false alarms) and how many polls each burst took to be seen, for
//! the time-of-week rule and for the rule it replaced (the live rate of the last three hours
//! against a flat day). `cargo test -p openbalance-core spike_study -- --nocapture` prints the
//! table recorded in BENCHMARKS.md.

use crate::intraday::Shape;
use crate::openrouter::ActivityRow;
use crate::spend::Spend;
use crate::spike::{assess, evaluate, Evidence, Severity, SpikeState, BASELINE_DAYS};
use crate::timestamp::{Day, Timestamp, DAY_MS, HOUR_MS, MINUTE_MS};
use crate::usage_log::UsageLog;

const POLL_MS: i64 = 15 * MINUTE_MS;
const THRESHOLD: f64 = 3.0;
/// Monday 2026-11-02 00:00 UTC: four weeks before the end of the study.
const START: i64 = 1_793_577_600_000;
const DAYS: i64 = 28;

#[derive(Debug, Clone, Copy)]
enum Profile {
    /// The same pace around the clock.
    Steady,
    /// Weekdays 9–17 in UTC+1 (08–16 UTC), a trickle otherwise.
    OfficeHours,
    /// A batch job 01–04 UTC every night, a trickle by day.
    NightBatch,
    /// Around the clock on weekdays, nothing at weekends.
    WeekendIdle,
}

impl Profile {
    /// Credits per hour at this UTC hour of this weekday (Monday = 0), on an ordinary day.
    fn rate(self, weekday: i64, hour: i64) -> f64 {
        let weekend = weekday >= 5;
        match self {
            Profile::Steady => 1.0,
            Profile::OfficeHours if !weekend && (8..16).contains(&hour) => 3.0,
            Profile::OfficeHours => 0.02,
            Profile::NightBatch if (1..4).contains(&hour) => 8.0,
            Profile::NightBatch => 0.05,
            Profile::WeekendIdle if weekend => 0.0,
            Profile::WeekendIdle => 1.0,
        }
    }

    /// When this account's working hours have a burst: day of the study and UTC hour.
    fn burst_hour(self, week: i64) -> (i64, i64) {
        let day = week * 7 + 1; // a Tuesday
        match self {
            Profile::NightBatch => (day, 2),
            _ => (day, 10),
        }
    }
}

/// A small deterministic noise: ±20 %.
fn noise(seed: u64) -> f64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    0.8 + 0.4 * ((x % 10_000) as f64 / 10_000.0)
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Outcome {
    /// Ordinary days with at least one Spike or Critical.
    false_alarm_days: u32,
    ordinary_days: u32,
    /// Polls after the 4× burst began until Spike (None: not within the burst hour).
    spike_after_polls: Option<u32>,
    /// Polls after the 8× burst began until Critical.
    critical_after_polls: Option<u32>,
}

/// Runs the study for one profile; `new_rule` picks the rule.
fn study(profile: Profile, new_rule: bool) -> Outcome {
    let bursts = [(profile.burst_hour(2), 4.0), (profile.burst_hour(3), 8.0)];
    let mut total = 0.0;
    let mut daily = vec![0.0; DAYS as usize];
    let mut usage = UsageLog::default();
    let mut shape = Shape::new("study".into());
    let mut alarm_days = vec![false; DAYS as usize];
    let mut outcome = Outcome::default();
    let polls = DAYS * 24 * 4;
    for i in 0..=polls {
        let now = Timestamp(START + i * POLL_MS);
        if i > 0 {
            // The quarter hour that just ended.
            let t = now.millis() - POLL_MS;
            let day = (t - START) / DAY_MS;
            let hour = (t % DAY_MS) / HOUR_MS;
            let weekday = day % 7;
            let burst = bursts
                .iter()
                .find(|((d, h), _)| *d == day && *h == hour)
                .map_or(1.0, |(_, f)| *f);
            let spent = profile.rate(weekday, hour) * burst * noise(i as u64) / 4.0;
            total += spent;
            daily[day as usize] += spent;
        }
        usage.record(now, total);
        shape.observe(now, total);
        let today = (now.millis() - START) / DAY_MS;
        if today >= DAYS {
            break;
        }
        // What /activity would say now: the completed days before today.
        let rows: Vec<ActivityRow> = (0..today)
            .map(|d| ActivityRow {
                date: Day(((START / DAY_MS) + d) as i32),
                model: "m".into(),
                usage: daily[d as usize],
                byok_usage: 0.0,
                requests: 1,
            })
            .collect();
        let spend = Spend::from_rows(&rows, now.day());
        let severity = if new_rule {
            let recent = usage.recent(now, 30 * MINUTE_MS);
            let evidence = Evidence {
                spend: &spend,
                recent: &recent,
                shape: &shape,
                today_so_far: usage.today_so_far(now),
            };
            match assess(&evidence, THRESHOLD) {
                Some(SpikeState::Assessed(a)) => a.severity,
                _ => Severity::Normal,
            }
        } else {
            // The rule before: the live rate of the last three hours against the usual day.
            let last = spend.last_completed_day();
            match (last, usage.rate_per_day(now)) {
                (Some(last), Some(rate)) => {
                    let days = spend.series(last, BASELINE_DAYS as i32);
                    evaluate(&days, rate, THRESHOLD).map_or(Severity::Normal, |(_, _, s)| s)
                }
                _ => Severity::Normal,
            }
        };
        if severity > Severity::Normal {
            alarm_days[today as usize] = true;
        }
        // Polls since each burst began (a burst begins on the hour; the first poll inside it
        // is 15 minutes later).
        for ((day, hour), factor) in bursts {
            let began = START + day * DAY_MS + hour * HOUR_MS;
            let after = (now.millis() - began) / POLL_MS;
            if (1..=4).contains(&after) {
                let after = after as u32;
                if factor == 4.0
                    && severity >= Severity::Spike
                    && outcome.spike_after_polls.is_none()
                {
                    outcome.spike_after_polls = Some(after);
                }
                if factor == 8.0
                    && severity >= Severity::Critical
                    && outcome.critical_after_polls.is_none()
                {
                    outcome.critical_after_polls = Some(after);
                }
            }
        }
    }
    let burst_days: Vec<i64> = bursts.iter().map(|((d, _), _)| *d).collect();
    for day in 0..DAYS {
        if burst_days.contains(&day) {
            continue;
        }
        outcome.ordinary_days += 1;
        if alarm_days[day as usize] {
            outcome.false_alarm_days += 1;
        }
    }
    outcome
}

#[test]
fn the_study_starts_on_a_monday() {
    assert_eq!(crate::intraday::hour_of_week(START / HOUR_MS), 0);
}

#[test]
fn spike_study_four_profiles_four_weeks() {
    let profiles = [
        Profile::Steady,
        Profile::OfficeHours,
        Profile::NightBatch,
        Profile::WeekendIdle,
    ];
    println!("profile        rule        false-alarm days   4× seen (polls)   8× Critical (polls)");
    for profile in profiles {
        let new = study(profile, true);
        let old = study(profile, false);
        for (name, o) in [("time-of-week", &new), ("before", &old)] {
            println!(
                "{:<14} {name:<12} {:>3} of {:<3}          {:<17} {}",
                format!("{profile:?}"),
                o.false_alarm_days,
                o.ordinary_days,
                o.spike_after_polls
                    .map_or("missed".to_owned(), |p| p.to_string()),
                o.critical_after_polls
                    .map_or("missed".to_owned(), |p| p.to_string()),
            );
        }
        assert_eq!(new.false_alarm_days, 0, "{profile:?}: {new:?}");
        assert!(
            new.spike_after_polls.is_some_and(|p| p <= 2),
            "{profile:?}: {new:?}"
        );
        assert!(
            new.critical_after_polls.is_some_and(|p| p <= 2),
            "{profile:?}: {new:?}"
        );
    }
    // The rule it replaced cries wolf on an office-hours account on most working days.
    let old = study(Profile::OfficeHours, false);
    assert!(old.false_alarm_days >= 10, "{old:?}");
}
