//! The built-in demo account: 30 days of realistic activity, the same every time. `preview` draws
//! it when no key is given, and tests use it as a lifelike fixture.

use crate::openrouter::{
    ActivityRow, Budget, Budgets, Credits, Interval, KeyHash, KeyLimit, KeyRow, Usage, Workspace,
    WorkspaceId,
};
use crate::timestamp::Day;
use serde_json::{json, Value};

/// Models and their share of a typical day's spend.
const MODELS: [(&str, f64); 7] = [
    ("anthropic/claude-sonnet-4.5", 0.38),
    ("openai/gpt-4.1", 0.22),
    ("google/gemini-2.5-pro", 0.15),
    ("openai/gpt-4o-mini", 0.09),
    ("deepseek/deepseek-chat-v3.1", 0.07),
    ("meta-llama/llama-3.3-70b-instruct", 0.05),
    ("mistralai/mistral-large-2411", 0.04),
];

/// How the last completed day looks compared with the weeks before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Multiplies the last completed day's spend of the top model (1.0 = an ordinary day).
    pub last_day_surge: f64,
    /// Days of history (up to 30); fewer days make a young account.
    pub days: i32,
}

/// An ordinary account whose last day was a little quieter than the one before (a green ↓).
impl Default for Shape {
    fn default() -> Self {
        Shape {
            last_day_surge: 0.7,
            days: 30,
        }
    }
}

/// A small, fixed pseudo-random sequence: the demo must not change between runs.
fn noise(seed: u64) -> f64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    (x % 10_000) as f64 / 10_000.0
}

/// Rows as `/activity` would return them on `today` (the day itself is never included).
pub fn activity(today: Day, shape: Shape) -> Vec<ActivityRow> {
    let mut rows = Vec::new();
    for back in 1..=shape.days.clamp(0, 30) {
        let day = today.plus(-back);
        // Weekends are quieter; a gentle upward drift over the month.
        let weekday = (day.0 + 4).rem_euclid(7); // 0 = Sunday
        let base = if weekday == 0 || weekday == 6 {
            1.6
        } else {
            4.2
        } + (30 - back) as f64 * 0.03;
        for (i, (model, share)) in MODELS.iter().enumerate() {
            let jitter = 0.7 + 0.6 * noise((day.0 as u64) << 8 | i as u64);
            let mut usage = base * share * jitter;
            if back == 1 && i == 0 {
                usage *= shape.last_day_surge;
            }
            let usage = (usage * 10_000.0).round() / 10_000.0;
            rows.push(ActivityRow {
                date: day,
                model: (*model).to_owned(),
                usage,
                byok_usage: 0.0,
                requests: (usage * 180.0).round() as u64 + 1,
            });
        }
    }
    rows
}

/// The demo organisation's workspaces: Default, and Production with its own keys and budget.
pub fn workspaces() -> Vec<Workspace> {
    [
        (DEFAULT_WORKSPACE, "Default", "default"),
        (PRODUCTION, "Production", "production"),
    ]
    .into_iter()
    .filter_map(|(id, name, slug)| {
        Some(Workspace {
            id: WorkspaceId::parse(id)?,
            name: name.to_owned(),
            slug: WorkspaceId::parse(slug),
        })
    })
    .collect()
}

const DEFAULT_WORKSPACE: &str = "5b0c2d1e-0000-4000-8000-00000000d3fa";
const PRODUCTION: &str = "550e8400-e29b-41d4-a716-446655440000";

/// How much of its limit each limited key has spent: one calm, one near it, one at it.
const LIMITS: [(&str, Interval, f64); 4] = [
    ("Support bot", Interval::Monthly, 0.42),
    ("Nightly evals", Interval::Daily, 0.87),
    ("Raycast", Interval::Weekly, 1.0),
    ("Prototype (old)", Interval::Monthly, 0.5),
];

/// The demo keys' hashes: readable stand-ins for OpenRouter's hex ("support-bot").
pub fn hash(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("demo-{}", words.join("-"))
}

/// The demo's Production workspace (its budgets are the pictures' workspace budget).
pub fn production() -> Option<WorkspaceId> {
    WorkspaceId::parse(PRODUCTION)
}

/// The demo account's API keys (names a person would give them) as `/keys` reports them on
/// `today`, obeying the calendar as a real account does: `daily` is today so far (UTC), at
/// `share_of_usual` of a usual day (the mean of the 7 days before); `weekly` is Monday (UTC) to
/// now and `monthly` the 1st of the month to now, each the key's share of the activity rows in
/// that span plus its today. So on the 4th, when the week began last month, this month is at most
/// this week; on the 1st both are today. A disabled key spent before it was disabled and nothing
/// today; the keys' sums, disabled ones included, are the account's. Three keys have limits, and
/// the production ones live in the Production workspace.
pub fn keys(rows: &[ActivityRow], today: Day, share_of_usual: f64) -> Vec<KeyRow> {
    const APPS: [(&str, f64, bool, bool); 5] = [
        ("Cursor", 0.46, false, false),
        ("Support bot", 0.27, false, true),
        ("Nightly evals", 0.15, false, true),
        ("Prototype (old)", 0.08, true, false),
        ("Raycast", 0.04, false, false),
    ];
    let spent_since = |first: Day| -> f64 {
        rows.iter()
            .filter(|r| r.date >= first && r.date < today)
            .map(|r| r.usage)
            .sum()
    };
    let usual = spent_since(today.plus(-7)) / 7.0;
    let today_total = usual * share_of_usual;
    let (week, month) = (
        spent_since(week_start(today)),
        spent_since(month_start(today)),
    );
    let thirty: f64 = rows.iter().map(|r| r.usage).sum();
    let cents = |v: f64| (v * 100.0).round() / 100.0;
    // Today's spend is shared by the keys that can still spend.
    let active: f64 = APPS.iter().filter(|a| !a.2).map(|a| a.1).sum();
    APPS.iter()
        .map(|(name, share, disabled, production)| {
            let daily = match disabled {
                true => 0.0,
                false => today_total * share / active,
            };
            let usage = Usage {
                daily,
                weekly: week * share + daily,
                monthly: month * share + daily,
                total: (thirty + 41.37) * share + daily,
            };
            let limit = LIMITS
                .iter()
                .find(|(limited, ..)| limited == name)
                .and_then(|(_, reset, used)| {
                    let spent = usage.over(reset)?;
                    // A round limit the window's spend is about `used` of; what is left
                    // follows from it, as OpenRouter reports it.
                    let limit = round_limit(spent / used);
                    Some(KeyLimit {
                        limit,
                        remaining: Some(cents(limit * (1.0 - used)).max(0.0)),
                        reset: reset.clone(),
                        include_byok: false,
                    })
                });
            KeyRow {
                hash: KeyHash::parse(&hash(name)),
                name: (*name).to_owned(),
                disabled: *disabled,
                workspace: WorkspaceId::parse(if *production {
                    PRODUCTION
                } else {
                    DEFAULT_WORKSPACE
                }),
                usage,
                byok: Usage::default(),
                limit,
            }
        })
        .collect()
}

/// The Monday (UTC) of `day`'s week: 1970-01-01, day 0, was a Thursday.
pub fn week_start(day: Day) -> Day {
    day.plus(-(day.0 + 3).rem_euclid(7))
}

/// The 1st of `day`'s month.
pub fn month_start(day: Day) -> Day {
    let text = day.to_string();
    match text.get(..8).map(|ym| Day::parse(&format!("{ym}01"))) {
        Some(Ok(first)) => first,
        _ => day,
    }
}

/// A limit a person would set: to the dime under $10, the dollar under $100, else $5.
fn round_limit(usd: f64) -> f64 {
    let step = match usd {
        u if u < 10.0 => 0.1,
        u if u < 100.0 => 1.0,
        _ => 5.0,
    };
    ((usd / step).round() * step * 100.0).round().max(10.0) / 100.0
}

/// The Production workspace's budgets: a monthly one it has spent about 60 % of, and a
/// lifetime cap far off.
pub fn budgets(keys: &[KeyRow]) -> Vec<(WorkspaceId, Budgets)> {
    let Some(production) = WorkspaceId::parse(PRODUCTION) else {
        return Vec::new();
    };
    let month: f64 = keys
        .iter()
        .filter(|k| k.workspace.as_ref() == Some(&production))
        .map(|k| k.usage.monthly)
        .sum();
    let monthly = ((month / 0.6) / 10.0).ceil().max(1.0) * 10.0;
    vec![(
        production,
        Budgets {
            budgets: vec![
                Budget {
                    limit: monthly,
                    interval: Interval::Monthly,
                },
                Budget {
                    limit: monthly * 10.0,
                    interval: Interval::Lifetime,
                },
            ],
            include_byok: false,
            skipped: 0,
        },
    )]
}

/// Lifetime totals consistent with the activity: $250 bought, some spent before the window.
pub fn credits(rows: &[ActivityRow]) -> Credits {
    let spent: f64 = rows.iter().map(|r| r.usage).sum();
    Credits {
        total_credits: 250.0,
        total_usage: ((spent + 41.37) * 100.0).round() / 100.0,
    }
}

/// The `/activity` body OpenRouter's live service sends for these rows: dates with a space and a
/// midnight time, as recorded from real accounts (not the docs' bare dates).
pub fn activity_body(rows: &[ActivityRow]) -> Value {
    let data: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "date": format!("{} 00:00:00", r.date),
                "model": r.model,
                "model_permaslug": r.model,
                "endpoint_id": format!("ep-{}", r.model.len()),
                "provider_name": r.model.split('/').next().unwrap_or_default(),
                "usage": r.usage,
                "byok_usage_inference": r.byok_usage,
                "requests": r.requests,
                "prompt_tokens": r.requests * 900,
                "completion_tokens": r.requests * 250,
                "reasoning_tokens": 0,
            })
        })
        .collect();
    json!({ "data": data })
}

/// The `/credits` body.
pub fn credits_body(credits: &Credits) -> Value {
    json!({"data": {"total_credits": credits.total_credits, "total_usage": credits.total_usage}})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::{parse_activity, parse_credits};

    /// The demo obeys the calendar on every day of a year: its keys' today, week and month are
    /// nested as the calendar nests them, summed over every key (disabled ones included) they are
    /// the account's activity since Monday and since the 1st plus today, and this month is never
    /// more than 30 days of activity and today.
    #[test]
    fn the_demo_keys_obey_calendar_arithmetic() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
        // 2025-11-04 (a Tuesday whose week began in October) through a year of days.
        let first = Day::parse("2025-11-04").unwrap();
        assert_eq!(week_start(first), Day::parse("2025-11-03").unwrap());
        assert_eq!(month_start(first), Day::parse("2025-11-01").unwrap());
        assert_eq!(
            week_start(Day::parse("2025-12-04").unwrap()),
            Day::parse("2025-12-01").unwrap()
        );
        assert_eq!(
            week_start(Day::parse("2026-01-01").unwrap()),
            Day::parse("2025-12-29").unwrap()
        );
        for back in 0..366 {
            let today = first.plus(back);
            let rows = activity(today, Shape::default());
            let keys = keys(&rows, today, 0.6);
            let sum = |f: fn(&KeyRow) -> f64| keys.iter().map(f).sum::<f64>();
            let (daily, weekly, monthly) = (
                sum(|k| k.usage.daily),
                sum(|k| k.usage.weekly),
                sum(|k| k.usage.monthly),
            );
            let since = |from: Day| -> f64 {
                rows.iter()
                    .filter(|r| r.date >= from)
                    .map(|r| r.usage)
                    .sum()
            };
            assert!(close(weekly, since(week_start(today)) + daily), "{today}");
            assert!(close(monthly, since(month_start(today)) + daily), "{today}");
            let thirty: f64 = rows.iter().map(|r| r.usage).sum();
            assert!(
                monthly <= thirty + daily + 1e-9,
                "{today}: month beyond 30 days"
            );
            // The week and the month hold each other as the calendar does.
            if week_start(today) < month_start(today) {
                assert!(
                    monthly <= weekly + 1e-9,
                    "{today}: month {monthly} > week {weekly}"
                );
            } else {
                assert!(
                    weekly <= monthly + 1e-9,
                    "{today}: week {weekly} > month {monthly}"
                );
            }
            for k in &keys {
                let u = &k.usage;
                assert!(u.daily <= u.weekly + 1e-12 && u.daily <= u.monthly + 1e-12);
                assert!(u.monthly <= u.total + 1e-12, "lifetime holds the month");
                if k.disabled {
                    assert_eq!(u.daily, 0.0, "a disabled key spends nothing today");
                }
            }
            if today == month_start(today) {
                assert!(close(monthly, daily), "{today}: the 1st is today alone");
            }
        }
    }

    #[test]
    fn demo_is_stable_and_parses_as_the_api_would_send_it() {
        let rows = activity(Day(20_000), Shape::default());
        assert_eq!(rows, activity(Day(20_000), Shape::default()));
        assert_eq!(rows.len(), 30 * MODELS.len());
        assert!(rows.iter().all(|r| r.date < Day(20_000) && r.usage > 0.0));
        let body = activity_body(&rows).to_string();
        assert!(body.contains(" 00:00:00"), "live-shaped dates");
        assert_eq!(parse_activity(body.as_bytes()).unwrap().rows, rows);
        let c = credits(&rows);
        assert_eq!(
            parse_credits(credits_body(&c).to_string().as_bytes()).unwrap(),
            c
        );
        assert!(c.remaining() > 0.0 && c.remaining() < c.total_credits);
    }
}
