//! `GET /activity`: one row per UTC day × model × endpoint, for the last 30 completed days.

use super::body::{amount, decode};
use super::error::BodyError;
use crate::timestamp::Day;
use serde::{Deserialize, Serialize};

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

#[derive(Deserialize)]
struct Envelope {
    data: Vec<Raw>,
}

#[derive(Deserialize)]
struct Raw {
    date: String,
    model: String,
    usage: f64,
    #[serde(default)]
    byok_usage_inference: Option<f64>,
    #[serde(default)]
    requests: Option<f64>,
}

/// Rejects the whole body when any row is impossible: silently dropping a row would make every
/// total on every tile quietly wrong.
pub fn parse_activity(bytes: &[u8]) -> Result<Vec<ActivityRow>, BodyError> {
    let raw = decode::<Envelope>(bytes)?.data;
    raw.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let date = Day::parse(row.date.get(..10).unwrap_or(&row.date)).map_err(|e| {
                BodyError::BadDate {
                    detail: format!("row {i}: {e}"),
                }
            })?;
            if row.date.len() > 10 && !row.date[10..].starts_with('T') {
                return Err(BodyError::BadDate {
                    detail: format!("row {i}: trailing text"),
                });
            }
            let model = row.model.trim();
            if model.is_empty() {
                return Err(BodyError::Shape {
                    detail: format!("row {i}: empty model"),
                });
            }
            let usage = amount(row.usage, &format!("data[{i}].usage"))?;
            let byok_usage = amount(
                row.byok_usage_inference.unwrap_or(0.0),
                &format!("data[{i}].byok_usage_inference"),
            )?;
            let requests = match row.requests {
                Some(n) if n.is_finite() && n >= 0.0 => n as u64,
                Some(_) => {
                    return Err(BodyError::BadNumber {
                        field: format!("data[{i}].requests"),
                    })
                }
                None => 0,
            };
            Ok(ActivityRow {
                date,
                model: model.to_owned(),
                usage,
                byok_usage,
                requests,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DOC_ROW: &str = r#"{"data": [{"date": "2025-08-24", "model": "openai/gpt-4.1",
        "model_permaslug": "openai/gpt-4.1-2025-04-14", "endpoint_id": "e", "provider_name": "OpenAI",
        "usage": 0.015, "byok_usage_inference": 0.012, "requests": 5, "prompt_tokens": 50,
        "completion_tokens": 125, "reasoning_tokens": 25}]}"#;

    #[test]
    fn parses_the_documented_row() {
        let rows = parse_activity(DOC_ROW.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].date.to_string(), "2025-08-24");
        assert_eq!(rows[0].model, "openai/gpt-4.1");
        assert_eq!(rows[0].usage, 0.015);
        assert_eq!(rows[0].byok_usage, 0.012);
        assert_eq!(rows[0].requests, 5);
    }

    #[test]
    fn an_empty_list_is_no_activity() {
        assert_eq!(parse_activity(br#"{"data":[]}"#), Ok(vec![]));
    }

    #[test]
    fn accepts_a_datetime_but_not_garbage_after_the_date() {
        let ok = br#"{"data":[{"date":"2025-08-24T00:00:00Z","model":"m","usage":1}]}"#;
        assert!(parse_activity(ok).is_ok());
        let bad = br#"{"data":[{"date":"2025-08-24xyz","model":"m","usage":1}]}"#;
        assert!(matches!(
            parse_activity(bad),
            Err(BodyError::BadDate { .. })
        ));
    }

    #[test]
    fn rejects_impossible_rows() {
        let case = |row: &str| parse_activity(format!(r#"{{"data":[{row}]}}"#).as_bytes());
        assert!(matches!(
            case(r#"{"date":"2025-02-30","model":"m","usage":1}"#),
            Err(BodyError::BadDate { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"yesterday","model":"m","usage":1}"#),
            Err(BodyError::BadDate { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"2025-02-03","model":"m","usage":-1}"#),
            Err(BodyError::BadNumber { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"2025-02-03","model":" ","usage":1}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"2025-02-03","model":"m","usage":"1"}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"2025-02-03","model":"m"}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            case(r#"{"date":"2025-02-03","model":"m","usage":1,"requests":-4}"#),
            Err(BodyError::BadNumber { .. })
        ));
        assert!(matches!(
            parse_activity(br#"{"data":{}}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            parse_activity(&DOC_ROW.as_bytes()[..60]),
            Err(BodyError::NotJson { .. })
        ));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_activity(&bytes);
        }

        #[test]
        fn never_panics_on_any_row_text(date in "\\PC{0,14}", model in "\\PC{0,10}", usage in proptest::num::f64::ANY) {
            let body = serde_json::json!({"data": [{"date": date, "model": model, "usage": usage}]});
            let _ = parse_activity(body.to_string().as_bytes());
        }
    }
}
