//! `GET /keys`: the account's API keys with their spend today, this week and this month — the one
//! source of "today so far" from a cold start, and the only per-key (per-app) breakdown.
//!
//! As liberal as `/activity`: a key that cannot be used (no name and no hash, impossible amounts)
//! is skipped and counted, the others are kept. A key's `label` (its masked form, `sk-or-v1-ab…yz`)
//! is never read: a name is what a person gave the key; without one it is "(unnamed key)".

use super::body::{decode, ABSURD_AMOUNT};
use super::error::BodyError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// OpenRouter's page size for `/keys`.
pub const KEYS_PAGE: u32 = 100;

/// The label a key without a name is shown under.
pub const UNNAMED_KEY: &str = "(unnamed key)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyUsage {
    /// The name a person gave the key.
    pub name: String,
    pub disabled: bool,
    /// Credits spent today (UTC), this week (from Monday, UTC) and this month.
    pub daily: f64,
    pub weekly: f64,
    pub monthly: f64,
}

/// One page of `/keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeysPage {
    pub keys: Vec<KeyUsage>,
    /// Entries OpenRouter sent (usable or not): a full page means there may be another.
    pub listed: u32,
    #[serde(default)]
    pub skipped: u32,
}

#[derive(Deserialize)]
struct Envelope {
    data: Vec<Value>,
}

pub fn parse_keys(bytes: &[u8]) -> Result<KeysPage, BodyError> {
    let raw = decode::<Envelope>(bytes)?.data;
    let mut page = KeysPage {
        listed: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        ..KeysPage::default()
    };
    for value in &raw {
        match value.as_object().and_then(key_usage) {
            Some(key) => page.keys.push(key),
            None => page.skipped = page.skipped.saturating_add(1),
        }
    }
    Ok(page)
}

fn key_usage(row: &Map<String, Value>) -> Option<KeyUsage> {
    let amount = |field: &str| -> Option<f64> {
        match row.get(field) {
            None | Some(Value::Null) => Some(0.0),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            Some(_) => None,
        }
        .filter(|v| v.is_finite() && (0.0..ABSURD_AMOUNT).contains(v))
    };
    let name = row
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(80).collect())
        .unwrap_or_else(|| UNNAMED_KEY.to_owned());
    Some(KeyUsage {
        name,
        disabled: row
            .get("disabled")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        daily: amount("usage_daily")?,
        weekly: amount("usage_weekly")?,
        monthly: amount("usage_monthly")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"data": [{"hash": "h1", "name": "Cursor", "label": "sk-or-v1-abc...xyz",
        "disabled": false, "limit": null, "limit_remaining": null, "limit_reset": null,
        "usage": 12.3, "usage_daily": 0.8, "usage_weekly": 4.1, "usage_monthly": 9.9,
        "byok_usage": 0, "byok_usage_daily": 0, "created_at": "2026-01-01T00:00:00Z",
        "updated_at": null}]}"#;

    #[test]
    fn parses_the_documented_key_and_never_reads_the_label() {
        let page = parse_keys(DOC.as_bytes()).unwrap();
        assert_eq!(page.listed, 1);
        assert_eq!(
            page.keys,
            [KeyUsage {
                name: "Cursor".into(),
                disabled: false,
                daily: 0.8,
                weekly: 4.1,
                monthly: 9.9
            }]
        );
        let unnamed =
            parse_keys(br#"{"data":[{"label":"sk-or-v1-abc...xyz","usage_daily":1}]}"#).unwrap();
        assert_eq!(unnamed.keys[0].name, UNNAMED_KEY);
        assert!(!format!("{unnamed:?}").contains("sk-or"));
    }

    #[test]
    fn odd_keys_are_skipped_and_counted_the_rest_kept() {
        let page = parse_keys(
            br#"{"data":[{"name":"a","usage_daily":"0.5","disabled":true},
                         {"name":"b","usage_daily":-1},
                         {"name":"c","usage_monthly":"lots"},
                         7,
                         {"name":"d","usage_daily":2,"usage_weekly":3,"usage_monthly":4}]}"#,
        )
        .unwrap();
        let names: Vec<&str> = page.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["a", "d"]);
        assert_eq!((page.listed, page.skipped), (5, 3));
        assert!(page.keys[0].disabled);
        assert!(parse_keys(br#"{"data":{}}"#).is_err());
        assert!(parse_keys(b"<html>").is_err());
    }
}
