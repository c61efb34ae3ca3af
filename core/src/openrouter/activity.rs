//! `GET /activity`: one row per UTC day × model × endpoint, for the last 30 completed days.
//!
//! Liberal in what it accepts, because the live service does not answer exactly as the docs'
//! examples: dates come as `2026-08-23`, `2026-08-23 00:00:00` or RFC 3339; numbers as integers,
//! floats or numeric strings; BYOK-only rows without a `model`; any number of unknown fields.
//! A row is real spend, so one odd row never blanks the others: a row that cannot be used (no
//! date, no usable `usage`) is skipped and counted by reason, and the caller logs the count once
//! per poll. Only a body that is not the documented envelope (`{"data": [...]}`) is refused.

use super::body::{decode, ABSURD_AMOUNT};
use super::error::BodyError;
use crate::timestamp::{Day, NotADay};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The label a row without a `model` is kept under (seen live for BYOK-only spend).
pub const NO_MODEL: &str = "(unnamed model)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub date: Day,
    pub model: String,
    /// OpenRouter credits spent.
    pub usage: f64,
    /// Cost billed to the person's own provider key: real money, but not credits.
    pub byok_usage: f64,
    pub requests: u64,
}

/// A parsed `/activity` answer: the usable rows, and what was left out and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "ActivityWire")]
pub struct Activity {
    pub rows: Vec<ActivityRow>,
    #[serde(default, skip_serializing_if = "Skipped::is_empty")]
    pub skipped: Skipped,
}

/// Recordings made before rows could be skipped hold the bare list of rows.
#[derive(Deserialize)]
#[serde(untagged)]
enum ActivityWire {
    Rows(Vec<ActivityRow>),
    Full {
        rows: Vec<ActivityRow>,
        #[serde(default)]
        skipped: Skipped,
    },
}

impl From<ActivityWire> for Activity {
    fn from(wire: ActivityWire) -> Self {
        match wire {
            ActivityWire::Rows(rows) => Activity {
                rows,
                skipped: Skipped::default(),
            },
            ActivityWire::Full { rows, skipped } => Activity { rows, skipped },
        }
    }
}

impl Activity {
    /// No rows at all, usable or not: what a new account (or an inference key) gets.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.skipped.rows() == 0
    }

    pub fn from_rows(rows: Vec<ActivityRow>) -> Activity {
        Activity {
            rows,
            skipped: Skipped::default(),
        }
    }
}

/// Rows left out of an answer, counted by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Skipped {
    /// Not a JSON object.
    pub not_a_row: u32,
    /// No `date`, or one that is not a calendar day.
    pub bad_date: u32,
    /// No `usage`, or one that cannot be an amount (negative, non-finite, absurd, not a number).
    pub bad_usage: u32,
    /// Kept, but `byok_usage_inference` or `requests` was unusable and counted as zero.
    pub odd_extras: u32,
}

impl Skipped {
    pub fn is_empty(&self) -> bool {
        self.rows() == 0 && self.odd_extras == 0
    }

    /// Rows left out.
    pub fn rows(&self) -> u32 {
        self.not_a_row
            .saturating_add(self.bad_date)
            .saturating_add(self.bad_usage)
    }
}

impl fmt::Display for Skipped {
    /// `2 rows skipped (1 without a usable date, 1 with impossible usage)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reasons = [
            (self.not_a_row, "not an object"),
            (self.bad_date, "without a usable date"),
            (self.bad_usage, "with missing or impossible usage"),
        ];
        let parts: Vec<String> = reasons
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| format!("{n} {why}"))
            .collect();
        let rows = self.rows();
        write!(f, "{rows} row{} skipped", if rows == 1 { "" } else { "s" })?;
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        if self.odd_extras > 0 {
            write!(
                f,
                "; {} kept with an unusable byok_usage_inference or requests counted as 0",
                self.odd_extras
            )?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct Envelope {
    data: Vec<Value>,
}

/// Why one row was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unusable {
    NotARow,
    BadDate,
    BadUsage,
}

pub fn parse_activity(bytes: &[u8]) -> Result<Activity, BodyError> {
    let raw = decode::<Envelope>(bytes)?.data;
    let mut activity = Activity::default();
    for value in &raw {
        match parse_row(value) {
            Ok((row, odd)) => {
                activity.rows.push(row);
                if odd {
                    activity.skipped.odd_extras = activity.skipped.odd_extras.saturating_add(1);
                }
            }
            Err(why) => {
                let counter = match why {
                    Unusable::NotARow => &mut activity.skipped.not_a_row,
                    Unusable::BadDate => &mut activity.skipped.bad_date,
                    Unusable::BadUsage => &mut activity.skipped.bad_usage,
                };
                *counter = counter.saturating_add(1);
            }
        }
    }
    Ok(activity)
}

/// One row, and whether a secondary field was unusable (and counted as zero).
fn parse_row(value: &Value) -> Result<(ActivityRow, bool), Unusable> {
    let row: &Map<String, Value> = value.as_object().ok_or(Unusable::NotARow)?;
    let date = row
        .get("date")
        .and_then(Value::as_str)
        .and_then(|d| activity_day(d).ok())
        .ok_or(Unusable::BadDate)?;
    let usage = row
        .get("usage")
        .and_then(number)
        .filter(|u| is_amount(*u))
        .ok_or(Unusable::BadUsage)?;
    let model = match row.get("model").and_then(Value::as_str).map(str::trim) {
        Some(model) if !model.is_empty() => model.to_owned(),
        _ => NO_MODEL.to_owned(),
    };
    let mut odd = false;
    let byok_usage = match row.get("byok_usage_inference") {
        None | Some(Value::Null) => 0.0,
        Some(v) => number(v).filter(|b| is_amount(*b)).unwrap_or_else(|| {
            odd = true;
            0.0
        }),
    };
    let requests = match row.get("requests") {
        None | Some(Value::Null) => 0,
        Some(v) => number(v)
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n as u64)
            .unwrap_or_else(|| {
                odd = true;
                0
            }),
    };
    Ok((
        ActivityRow {
            date,
            model,
            usage,
            byok_usage,
            requests,
        },
        odd,
    ))
}

/// A JSON number, or a string holding one (`"0.015"`): both have been seen from JSON APIs.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

fn is_amount(value: f64) -> bool {
    value.is_finite() && (0.0..ABSURD_AMOUNT).contains(&value)
}

/// The UTC day an `/activity` date names: `2026-08-23`, `2026-08-23 00:00:00`, or RFC 3339
/// (`2026-08-23T00:00:00Z`, with or without a fraction or an offset). The calendar date as
/// written is the day: OpenRouter's days are UTC, and a row is a whole day's bucket, so an offset
/// never moves it to another day. The time part must still be a time, so garbage is refused.
pub fn activity_day(text: &str) -> Result<Day, NotADay> {
    let text = text.trim();
    let bad = || NotADay(text.chars().take(40).collect());
    let (date, rest) = match text.get(..10) {
        Some(date) => (date, &text[10..]),
        None => return Err(bad()),
    };
    let day = Day::parse(date)?;
    let time = match rest.as_bytes().first() {
        None => return Ok(day),
        Some(b' ' | b'T' | b't') => &rest[1..],
        Some(_) => return Err(bad()),
    };
    if is_time_of_day(time) {
        Ok(day)
    } else {
        Err(bad())
    }
}

/// `HH:MM[:SS[.fraction]]` followed by nothing, `Z`, `UTC`, or an offset `±HH[:]MM`.
fn is_time_of_day(text: &str) -> bool {
    let b = text.as_bytes();
    let two_digits = |i: usize, max: u8| -> bool {
        b.len() >= i + 2
            && b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && (b[i] - b'0') * 10 + (b[i + 1] - b'0') <= max
    };
    if !(two_digits(0, 23) && b.get(2) == Some(&b':') && two_digits(3, 59)) {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        // 60 allows a leap second.
        if !two_digits(i + 1, 60) {
            return false;
        }
        i += 3;
        if b.get(i) == Some(&b'.') {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            i += 1 + digits;
        }
    }
    let zone = text[i..].trim_start();
    match zone.as_bytes() {
        [] => true,
        [b'Z' | b'z'] => true,
        _ if zone.eq_ignore_ascii_case("utc") => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DOC_ROW: &str = r#"{"data": [{"date": "2025-08-24", "model": "openai/gpt-4.1",
        "model_permaslug": "openai/gpt-4.1-2025-04-14", "endpoint_id": "e", "provider_name": "OpenAI",
        "usage": 0.015, "byok_usage_inference": 0.012, "requests": 5, "prompt_tokens": 50,
        "completion_tokens": 125, "reasoning_tokens": 25}]}"#;

    fn one(row: &str) -> Activity {
        parse_activity(format!(r#"{{"data":[{row}]}}"#).as_bytes()).unwrap()
    }

    #[test]
    fn parses_the_documented_row() {
        let a = parse_activity(DOC_ROW.as_bytes()).unwrap();
        assert!(a.skipped.is_empty());
        let rows = a.rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].date.to_string(), "2025-08-24");
        assert_eq!(rows[0].model, "openai/gpt-4.1");
        assert_eq!(rows[0].usage, 0.015);
        assert_eq!(rows[0].byok_usage, 0.012);
        assert_eq!(rows[0].requests, 5);
    }

    #[test]
    fn an_empty_list_is_no_activity() {
        assert_eq!(parse_activity(br#"{"data":[]}"#), Ok(Activity::default()));
    }

    #[test]
    fn every_live_date_shape_means_the_same_utc_day() {
        for date in [
            "2026-08-23",
            "2026-08-23 00:00:00",
            "2026-08-23T00:00:00Z",
            "2026-08-23T00:00:00.000Z",
            "2026-08-23T00:00:00.123456+00:00",
            "2026-08-23T00:00:00+02:00",
            "2026-08-23T00:00:00-0500",
            "2026-08-23t00:00z",
            "2026-08-23 00:00:00 UTC",
            " 2026-08-23 ",
        ] {
            assert_eq!(
                activity_day(date).map(|d| d.to_string()),
                Ok("2026-08-23".to_owned()),
                "{date:?}"
            );
        }
        for bad in [
            "2026-08-23xyz",
            "2026-08-23 25:00:00",
            "2026-08-23T00:00:00.Z",
            "2026-08-23T00:00:00+2",
            "2026-08-23T00",
            "2026-02-30",
            "23/08/2026",
            "yesterday",
            "",
        ] {
            assert!(activity_day(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn numbers_come_as_integers_floats_or_numeric_strings() {
        let a = one(r#"{"date":"2026-08-23 00:00:00","model":"m","usage":2,"requests":3.0}"#);
        assert_eq!((a.rows[0].usage, a.rows[0].requests), (2.0, 3));
        let a =
            one(r#"{"date":"2026-08-23","model":"m","usage":"0.25","byok_usage_inference":"1"}"#);
        assert_eq!((a.rows[0].usage, a.rows[0].byok_usage), (0.25, 1.0));
    }

    #[test]
    fn a_row_without_a_model_is_kept_under_a_clear_label() {
        let a = one(r#"{"date":"2026-08-23","usage":0,"byok_usage_inference":0.4}"#);
        assert_eq!(a.rows[0].model, NO_MODEL);
        assert_eq!(a.rows[0].byok_usage, 0.4);
        assert!(a.skipped.is_empty());
        assert_eq!(
            one(r#"{"date":"2026-08-23","model":"  ","usage":1}"#).rows[0].model,
            NO_MODEL
        );
        assert_eq!(
            one(r#"{"date":"2026-08-23","model":null,"usage":1}"#).rows[0].model,
            NO_MODEL
        );
    }

    #[test]
    fn unusable_rows_are_skipped_and_counted_by_reason() {
        let body = br#"{"data":[
            {"date":"2026-08-23","model":"good","usage":1},
            {"date":"2025-02-30","model":"m","usage":1},
            {"date":"yesterday","model":"m","usage":1},
            {"model":"m","usage":1},
            {"date":"2026-08-23","model":"m","usage":-1},
            {"date":"2026-08-23","model":"m"},
            {"date":"2026-08-23","model":"m","usage":"lots"},
            {"date":"2026-08-23","model":"m","usage":1e13},
            [1,2,3],
            "row",
            {"date":"2026-08-23","model":"kept","usage":1,"requests":-4,"byok_usage_inference":-1}
        ]}"#;
        let a = parse_activity(body).unwrap();
        let models: Vec<&str> = a.rows.iter().map(|r| r.model.as_str()).collect();
        assert_eq!(models, ["good", "kept"]);
        assert_eq!(
            a.skipped,
            Skipped {
                not_a_row: 2,
                bad_date: 3,
                bad_usage: 4,
                odd_extras: 1
            }
        );
        assert_eq!(
            a.skipped.to_string(),
            "9 rows skipped (2 not an object, 3 without a usable date, 4 with missing or \
             impossible usage); 1 kept with an unusable byok_usage_inference or requests counted as 0"
        );
    }

    #[test]
    fn only_a_body_that_is_not_the_envelope_is_refused() {
        assert!(matches!(
            parse_activity(br#"{"data":{}}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            parse_activity(br#"{"rows":[]}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            parse_activity(b""),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_activity(b"<html><body>Bad gateway</body></html>"),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_activity(&DOC_ROW.as_bytes()[..60]),
            Err(BodyError::NotJson { .. })
        ));
    }

    #[test]
    fn old_recordings_with_a_bare_list_of_rows_still_read() {
        let old = r#"[{"date":"2025-08-24","model":"m","usage":1.5,"byok_usage":0,"requests":2}]"#;
        let a: Activity = serde_json::from_str(old).unwrap();
        assert_eq!(a.rows.len(), 1);
        let new = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Activity>(&new).unwrap(), a);
    }

    fn good_row() -> impl Strategy<Value = Value> {
        (
            0i32..60,
            prop_oneof![Just("a/x"), Just("b/y"), Just("c/z")],
            0u32..100_000,
            0usize..4,
        )
            .prop_map(|(day, model, cents, shape)| {
                let date = Day(20_000 + day).to_string();
                let date = match shape {
                    0 => date,
                    1 => format!("{date} 00:00:00"),
                    2 => format!("{date}T00:00:00Z"),
                    _ => format!("{date}T00:00:00.000+00:00"),
                };
                serde_json::json!({"date": date, "model": model, "usage": cents as f64 / 100.0,
                                   "extra": {"nested": true}})
            })
    }

    fn bad_row() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(serde_json::json!({"date": "2026-13-01", "model": "a/x", "usage": 5})),
            Just(serde_json::json!({"date": "soon", "model": "a/x", "usage": 5})),
            Just(serde_json::json!({"model": "a/x", "usage": 5})),
            Just(serde_json::json!({"date": "2026-01-01", "model": "a/x", "usage": -5})),
            Just(serde_json::json!({"date": "2026-01-01", "model": "a/x"})),
            Just(serde_json::json!({"date": "2026-01-01", "model": "a/x", "usage": "NaN"})),
            Just(serde_json::json!({"date": "2026-01-01", "model": "a/x", "usage": "inf"})),
            Just(serde_json::json!(null)),
            Just(serde_json::json!(42)),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_activity(&bytes);
        }

        #[test]
        fn never_panics_on_any_row_text(date in "\\PC{0,24}", model in "\\PC{0,10}", usage in proptest::num::f64::ANY) {
            let body = serde_json::json!({"data": [{"date": date, "model": model, "usage": usage}]});
            let _ = parse_activity(body.to_string().as_bytes());
        }

        /// Any mix of good and bad rows yields exactly the good rows, so the same totals.
        #[test]
        fn bad_rows_never_change_the_good_rows(
            rows in proptest::collection::vec(prop_oneof![good_row().prop_map(|r| (true, r)), bad_row().prop_map(|r| (false, r))], 0..40)
        ) {
            let all: Vec<&Value> = rows.iter().map(|(_, r)| r).collect();
            let good: Vec<&Value> = rows.iter().filter(|(g, _)| *g).map(|(_, r)| r).collect();
            let mixed = parse_activity(serde_json::json!({"data": all}).to_string().as_bytes()).unwrap();
            let clean = parse_activity(serde_json::json!({"data": good}).to_string().as_bytes()).unwrap();
            prop_assert_eq!(&mixed.rows, &clean.rows);
            prop_assert_eq!(mixed.skipped.rows() as usize, rows.len() - good.len());
            prop_assert!(clean.skipped.is_empty());
        }
    }
}
