//! `GET /keys`: one workspace's API keys with their spend today, this week, this month and in all,
//! and each key's own limit — the one source of "today so far" from a cold start, the only
//! per-key (per-app) breakdown, and where key limits live.
//!
//! As liberal as `/activity`: a key that cannot be used (impossible amounts) is skipped and
//! counted, the others are kept. A key's `label` (its masked form, `sk-or-v1-ab…yz`) is never
//! read: a name is what a person gave the key; without one it is "(unnamed key)". A page is read
//! entry by entry and at most [`MAX_ROWS`] are kept, however many it lists, so a hostile answer
//! costs its body and no more.

use super::body::{decode, ABSURD_AMOUNT};
use super::error::BodyError;
use super::workspaces::{clean_name, flag, Interval, WorkspaceId};
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// OpenRouter's page size for `/keys`.
pub const KEYS_PAGE: u32 = 100;

/// Entries kept from one page: OpenRouter sends 100; the rest of a longer list is counted, not
/// kept, and the page is marked as overflowing.
pub const MAX_ROWS: usize = 2 * KEYS_PAGE as usize;

/// The label a key without a name is shown under.
pub const UNNAMED_KEY: &str = "(unnamed key)";

/// A key's `hash`: the id OpenRouter gives a key in its API (`/keys/{hash}`), which the Budget
/// tile's settings name. It is not the key and grants nothing, but the inspector sees it, so
/// anything shaped like a key (`sk-or-…`, as one published example shows) is refused, as is
/// anything but `A-Z a-z 0-9 _ -`, 1–128 of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyHash(String);

impl KeyHash {
    pub fn parse(text: &str) -> Option<KeyHash> {
        let text = text.trim();
        let fits = (1..=128).contains(&text.len())
            && !text.to_ascii_lowercase().starts_with("sk-")
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        fits.then(|| KeyHash(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for KeyHash {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        KeyHash::parse(&text).ok_or_else(|| "not a key hash".to_owned())
    }
}

impl From<KeyHash> for String {
    fn from(hash: KeyHash) -> String {
        hash.0
    }
}

/// Spend in USD over OpenRouter's windows: today (UTC), this week (from Monday, UTC), this month,
/// and in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub daily: f64,
    pub weekly: f64,
    pub monthly: f64,
    pub total: f64,
}

impl Usage {
    pub fn add(&mut self, other: &Usage) {
        self.daily += other.daily;
        self.weekly += other.weekly;
        self.monthly += other.monthly;
        self.total += other.total;
    }

    /// The spend of the window an interval names; `None` for one we do not know.
    pub fn over(&self, interval: &Interval) -> Option<f64> {
        match interval {
            Interval::Daily => Some(self.daily),
            Interval::Weekly => Some(self.weekly),
            Interval::Monthly => Some(self.monthly),
            Interval::Lifetime => Some(self.total),
            Interval::Other(_) => None,
        }
    }
}

/// A key's own spending limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyLimit {
    /// USD.
    pub limit: f64,
    /// What is left of it this window, as OpenRouter counts it.
    pub remaining: Option<f64>,
    pub reset: Interval,
    /// Whether BYOK spend counts against it.
    pub include_byok: bool,
}

/// One key of a `/keys` page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyRow {
    /// OpenRouter's id of the key, when it came and was usable: two answers listing the same
    /// hash list the same key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<KeyHash>,
    /// The name a person gave the key.
    pub name: String,
    pub disabled: bool,
    /// The workspace the row says the key is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<WorkspaceId>,
    /// Credits spent.
    pub usage: Usage,
    /// Spend billed to the user's own provider keys (BYOK), apart from credits.
    #[serde(default)]
    pub byok: Usage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<KeyLimit>,
}

/// One page of `/keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeysPage {
    pub keys: Vec<KeyRow>,
    /// Entries OpenRouter sent (usable or not): a full page means there may be another.
    pub listed: u32,
    #[serde(default)]
    pub skipped: u32,
    /// More entries than [`MAX_ROWS`]: only the first were read; the page is not whole.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overflow: bool,
}

#[derive(Deserialize)]
struct Envelope {
    data: Rows,
}

/// The `data` array, read one entry at a time: the first [`MAX_ROWS`] are parsed, the rest only
/// counted.
struct Rows(KeysPage);

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowsVisitor;
        impl<'de> Visitor<'de> for RowsVisitor {
            type Value = Rows;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of keys")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
                let mut page = KeysPage::default();
                let mut seen: u64 = 0;
                loop {
                    if page.keys.len() + (page.skipped as usize) < MAX_ROWS {
                        let Some(value) = seq.next_element::<Value>()? else {
                            break;
                        };
                        match value.as_object().and_then(key_row) {
                            Some(key) => page.keys.push(key),
                            None => page.skipped = page.skipped.saturating_add(1),
                        }
                    } else {
                        if seq.next_element::<IgnoredAny>()?.is_none() {
                            break;
                        }
                        page.overflow = true;
                    }
                    seen += 1;
                }
                page.listed = u32::try_from(seen).unwrap_or(u32::MAX);
                Ok(Rows(page))
            }
        }
        deserializer.deserialize_seq(RowsVisitor)
    }
}

pub fn parse_keys(bytes: &[u8]) -> Result<KeysPage, BodyError> {
    Ok(decode::<Envelope>(bytes)?.data.0)
}

fn key_row(row: &Map<String, Value>) -> Option<KeyRow> {
    let amount = |field: &str| -> Option<f64> {
        match row.get(field) {
            None | Some(Value::Null) => Some(0.0),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            Some(_) => None,
        }
        .filter(|v| v.is_finite() && (0.0..ABSURD_AMOUNT).contains(v))
    };
    let optional = |field: &str| row.get(field).and_then(super::workspaces::amount);
    let usage = |prefix: &str| -> Option<Usage> {
        Some(Usage {
            daily: amount(&format!("{prefix}_daily"))?,
            weekly: amount(&format!("{prefix}_weekly"))?,
            monthly: amount(&format!("{prefix}_monthly"))?,
            total: amount(prefix)?,
        })
    };
    let name = row
        .get("name")
        .and_then(Value::as_str)
        .and_then(clean_name)
        .unwrap_or_else(|| UNNAMED_KEY.to_owned());
    let limit = optional("limit").map(|limit| KeyLimit {
        limit,
        remaining: optional("limit_remaining"),
        reset: Interval::read(row.get("limit_reset")),
        include_byok: row
            .get("include_byok_in_limit")
            .and_then(flag)
            .unwrap_or(false),
    });
    Some(KeyRow {
        hash: row
            .get("hash")
            .and_then(Value::as_str)
            .and_then(KeyHash::parse),
        name,
        disabled: row.get("disabled").and_then(flag).unwrap_or(false),
        workspace: row
            .get("workspace_id")
            .and_then(Value::as_str)
            .and_then(WorkspaceId::parse),
        usage: usage("usage")?,
        // BYOK is a footnote to credits: an odd BYOK figure is read as none, not a lost key.
        byok: usage("byok_usage").unwrap_or_default(),
        limit,
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

    /// OpenRouter's published ListData example (snake_case, as the API sends it).
    const LIMITED: &str = r#"{"data":[{"byok_usage":17.38,"byok_usage_daily":17.38,
        "byok_usage_monthly":17.38,"byok_usage_weekly":17.38,"created_at":"2025-08-24T10:30:00Z",
        "creator_user_id":"user_2dHFtVWx2n56w6HkM0000000000","disabled":false,
        "hash":"f01d52606dc8f0a8303a7b5cc3fa07109c2e346cec7c0a16b40de462992ce943",
        "include_byok_in_limit":false,"label":"sk-or-v1-0e6...1c96","limit":100,
        "limit_remaining":74.5,"limit_reset":"monthly","name":"My Production Key",
        "updated_at":"2025-08-24T15:45:00Z","usage":25.5,"usage_daily":25.5,"usage_monthly":25.5,
        "usage_weekly":25.5,"workspace_id":"0df9e665-d932-5740-b2c7-b52af166bc11"}]}"#;

    #[test]
    fn parses_the_documented_key_and_never_reads_the_label() {
        let page = parse_keys(DOC.as_bytes()).unwrap();
        assert_eq!(page.listed, 1);
        let key = &page.keys[0];
        assert_eq!(key.name, "Cursor");
        assert_eq!(key.hash.as_ref().map(KeyHash::as_str), Some("h1"));
        assert_eq!(
            key.usage,
            Usage {
                daily: 0.8,
                weekly: 4.1,
                monthly: 9.9,
                total: 12.3
            }
        );
        assert_eq!(key.limit, None);
        let unnamed =
            parse_keys(br#"{"data":[{"label":"sk-or-v1-abc...xyz","usage_daily":1}]}"#).unwrap();
        assert_eq!(unnamed.keys[0].name, UNNAMED_KEY);
        assert!(!format!("{unnamed:?}").contains("sk-or"));
    }

    #[test]
    fn reads_a_keys_limit_byok_and_workspace() {
        let key = parse_keys(LIMITED.as_bytes()).unwrap().keys.remove(0);
        assert_eq!(
            key.limit,
            Some(KeyLimit {
                limit: 100.0,
                remaining: Some(74.5),
                reset: Interval::Monthly,
                include_byok: false
            })
        );
        assert_eq!(key.byok.weekly, 17.38);
        assert_eq!(
            key.workspace.as_ref().map(WorkspaceId::as_str),
            Some("0df9e665-d932-5740-b2c7-b52af166bc11")
        );
        assert!(!format!("{key:?}").contains("sk-or"));
    }

    #[test]
    fn a_hash_shaped_like_a_key_is_not_an_id() {
        // One published SDK example puts the key itself in `hash`.
        let page = parse_keys(
            br#"{"data":[{"hash":"sk-or-v1-0e6f44a47a05f1dad2ad7e88c4c1d6b7","name":"n"}]}"#,
        )
        .unwrap();
        assert_eq!(page.keys[0].hash, None);
        assert!(!format!("{page:?}").contains("sk-or"));
    }

    #[test]
    fn odd_keys_are_skipped_and_counted_the_rest_kept() {
        let page = parse_keys(
            br#"{"data":[{"name":"a","usage_daily":"0.5","disabled":true},
                         {"name":"b","usage_daily":-1},
                         {"name":"c","usage_monthly":"lots"},
                         7,
                         {"name":"d","usage_daily":2,"usage_weekly":3,"usage_monthly":4,
                          "limit":"50","limit_remaining":"x","limit_reset":"fortnightly"}]}"#,
        )
        .unwrap();
        let names: Vec<&str> = page.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["a", "d"]);
        assert_eq!((page.listed, page.skipped), (5, 3));
        assert!(page.keys[0].disabled);
        let limit = page.keys[1].limit.clone().unwrap();
        assert_eq!(
            (limit.limit, limit.remaining, limit.reset),
            (50.0, None, Interval::Other("fortnightly".into()))
        );
        assert!(parse_keys(br#"{"data":{}}"#).is_err());
        assert!(parse_keys(b"<html>").is_err());
    }

    #[test]
    fn a_page_of_millions_keeps_a_bounded_few() {
        let body = format!(r#"{{"data":[{}{{}}]}}"#, "{},".repeat(300_000));
        let page = parse_keys(body.as_bytes()).unwrap();
        assert_eq!(page.listed, 300_001);
        assert_eq!(page.keys.len(), MAX_ROWS);
        assert!(page.overflow);
        let fine = parse_keys(br#"{"data":[{},{}]}"#).unwrap();
        assert!(!fine.overflow && fine.keys.len() == 2);
    }
}
