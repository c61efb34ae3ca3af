//! `GET /workspaces` and `GET /workspaces/{id}/budgets`: an organisation's workspaces (each with
//! its own API keys) and the spending limits set on each.
//!
//! No live answer of these endpoints has been recorded yet, so they are read as liberally as
//! `/activity`: unknown fields are ignored, numbers may come as strings, a workspace without a
//! usable id is skipped and counted, and an interval we do not know is kept as it was written
//! (shown as the limit alone) rather than refused.

use super::body::{decode, Capped, ABSURD_AMOUNT};
use super::error::BodyError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// OpenRouter's largest page of workspaces (`limit` at most 100).
pub const WORKSPACES_PAGE: u32 = 100;

/// Names are drawn small on a key and listed in the inspector: longer ones are cut here, once.
pub const MAX_NAME_CHARS: usize = 60;

/// A workspace's id as OpenRouter gives it (a UUID today). It goes into a URL path and query, so
/// only `A-Z a-z 0-9 _ -` are accepted, 1–64 of them; anything else is not an id we can ask about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkspaceId(String);

impl WorkspaceId {
    pub fn parse(text: &str) -> Option<WorkspaceId> {
        let text = text.trim();
        let fits = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        fits.then(|| WorkspaceId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WorkspaceId {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        WorkspaceId::parse(&text).ok_or_else(|| "not a workspace id".to_owned())
    }
}

impl From<WorkspaceId> for String {
    fn from(id: WorkspaceId) -> String {
        id.0
    }
}

impl fmt::Display for WorkspaceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How often a limit starts again: a workspace budget's `reset_interval`, a key's `limit_reset`.
/// OpenRouter's windows are UTC days, weeks from Monday, and calendar months.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Interval {
    Daily,
    Weekly,
    Monthly,
    /// Never resets: "lifetime", or null (a one-time budget, a key limit with no reset).
    Lifetime,
    /// A value OpenRouter may add later, as written (cut short): shown, never guessed at.
    Other(String),
}

impl Interval {
    /// Reads `reset_interval` / `limit_reset`: null or absent is "never resets".
    pub fn read(value: Option<&Value>) -> Interval {
        match value {
            None | Some(Value::Null) => Interval::Lifetime,
            Some(Value::String(s)) => Interval::named(s),
            Some(other) => Interval::Other(clean_name(&other.to_string()).unwrap_or_default()),
        }
    }

    /// An interval by its name, as a setting or OpenRouter writes it.
    pub fn named(text: &str) -> Interval {
        match text.trim().to_ascii_lowercase().as_str() {
            "daily" | "day" => Interval::Daily,
            "weekly" | "week" => Interval::Weekly,
            "monthly" | "month" => Interval::Monthly,
            "lifetime" | "none" | "never" => Interval::Lifetime,
            _ => Interval::Other(clean_name(text).unwrap_or_default()),
        }
    }

    /// The word OpenRouter uses ("monthly"), or the unknown value as it came.
    pub fn word(&self) -> &str {
        match self {
            Interval::Daily => "daily",
            Interval::Weekly => "weekly",
            Interval::Monthly => "monthly",
            Interval::Lifetime => "lifetime",
            Interval::Other(text) => text,
        }
    }
}

/// One workspace of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: WorkspaceId,
    /// The name a person gave it ("Production"); its slug, else its id, when it has none.
    pub name: String,
    /// Its slug ("production"), which OpenRouter's pages use in their addresses
    /// (`/workspaces/<slug>/keys/<hash>`), when it came and is URL-safe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<WorkspaceId>,
}

/// One page of `/workspaces`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspacesPage {
    pub workspaces: Vec<Workspace>,
    /// Entries OpenRouter sent (usable or not): a full page means there may be another.
    pub listed: u32,
    /// `total_count`, when it came and was a count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    #[serde(default)]
    pub skipped: u32,
}

/// A workspace's spending limit for one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// USD.
    pub limit: f64,
    pub interval: Interval,
}

/// `GET /workspaces/{id}/budgets`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Budgets {
    pub budgets: Vec<Budget>,
    /// Whether BYOK spend counts against these budgets (workspace-wide).
    #[serde(default)]
    pub include_byok: bool,
    #[serde(default)]
    pub skipped: u32,
}

/// Workspaces are few; a page holds 100. More than this from one answer is not OpenRouter's.
const MAX_ENTRIES: usize = 2 * WORKSPACES_PAGE as usize;

/// Budgets read from one answer (a workspace has one per interval, four today).
const MAX_BUDGET_ENTRIES: usize = 64;

#[derive(Deserialize)]
struct Envelope {
    data: Capped<MAX_ENTRIES>,
    #[serde(default)]
    total_count: Option<Value>,
}

pub fn parse_workspaces(bytes: &[u8]) -> Result<WorkspacesPage, BodyError> {
    let envelope = decode::<Envelope>(bytes)?;
    let mut page = WorkspacesPage {
        listed: u32::try_from(envelope.data.listed).unwrap_or(u32::MAX),
        total: envelope.total_count.as_ref().and_then(count),
        ..WorkspacesPage::default()
    };
    for value in &envelope.data.values {
        match value.as_object().and_then(workspace) {
            Some(w) if !page.workspaces.iter().any(|known| known.id == w.id) => {
                page.workspaces.push(w)
            }
            // Listed twice: read once. Not skipped — no workspace goes unread for it (a skipped
            // one makes the sums a floor).
            Some(_) => {}
            None => page.skipped = page.skipped.saturating_add(1),
        }
    }
    let beyond = envelope
        .data
        .listed
        .saturating_sub(envelope.data.values.len());
    page.skipped = page
        .skipped
        .saturating_add(u32::try_from(beyond).unwrap_or(u32::MAX));
    Ok(page)
}

fn workspace(row: &Map<String, Value>) -> Option<Workspace> {
    let id = WorkspaceId::parse(row.get("id")?.as_str()?)?;
    let name = ["name", "slug"]
        .into_iter()
        .find_map(|field| row.get(field).and_then(Value::as_str).and_then(clean_name))
        .unwrap_or_else(|| id.to_string());
    let slug = row
        .get("slug")
        .and_then(Value::as_str)
        .and_then(WorkspaceId::parse);
    Some(Workspace { id, name, slug })
}

#[derive(Deserialize)]
struct BudgetsEnvelope {
    data: Capped<MAX_BUDGET_ENTRIES>,
    #[serde(default)]
    include_byok_in_budgets: Option<Value>,
}

pub fn parse_budgets(bytes: &[u8]) -> Result<Budgets, BodyError> {
    let envelope = decode::<BudgetsEnvelope>(bytes)?;
    let mut budgets = Budgets {
        include_byok: envelope
            .include_byok_in_budgets
            .as_ref()
            .and_then(flag)
            .unwrap_or(false),
        ..Budgets::default()
    };
    // A workspace holds at most one budget per interval (four today).
    let beyond = envelope
        .data
        .listed
        .saturating_sub(envelope.data.values.len());
    budgets.skipped = u32::try_from(beyond).unwrap_or(u32::MAX);
    for value in &envelope.data.values {
        let budget = value.as_object().and_then(budget);
        match budget {
            Some(b)
                if budgets.budgets.len() < 16
                    && !budgets.budgets.iter().any(|k| k.interval == b.interval) =>
            {
                budgets.budgets.push(b)
            }
            _ => budgets.skipped = budgets.skipped.saturating_add(1),
        }
    }
    Ok(budgets)
}

fn budget(row: &Map<String, Value>) -> Option<Budget> {
    let limit = amount(row.get("limit_usd")?)?;
    Some(Budget {
        limit,
        interval: Interval::read(row.get("reset_interval")),
    })
}

/// An amount of USD: a number or a number in a string, finite, not negative, not absurd.
pub(super) fn amount(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|v: &f64| v.is_finite() && (0.0..ABSURD_AMOUNT).contains(v))
}

/// `true`/`false`, or the same in a string.
pub(super) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn count(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A name fit to draw and list: control and bidirectional-override characters dropped, runs of
/// spaces made one, cut to [`MAX_NAME_CHARS`]; `None` when nothing is left.
pub(super) fn clean_name(text: &str) -> Option<String> {
    crate::names::clean(text, MAX_NAME_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OpenRouter's published example (ListWorkspacesResponse), snake_case as the API sends it.
    const WORKSPACES_DOC: &str = r#"{"data":[{"created_at":"2025-08-24T10:30:00Z",
        "created_by":"user_abc123","default_guardrail_id":"595d5849-7e86-51fd-a7c0-705c34e4afff",
        "default_image_model":"openai/dall-e-3","default_provider_sort":"price",
        "default_text_model":"openai/gpt-4o","description":"Production environment workspace",
        "id":"550e8400-e29b-41d4-a716-446655440000","include_byok_in_budgets":false,
        "io_logging_api_key_ids":null,"io_logging_sampling_rate":1,
        "is_data_discount_logging_enabled":true,"is_observability_broadcast_enabled":false,
        "is_observability_io_logging_enabled":false,"name":"Production","slug":"production",
        "updated_at":"2025-08-24T15:45:00Z"}],"total_count":1}"#;

    #[test]
    fn reads_the_published_workspaces_example() {
        let page = parse_workspaces(WORKSPACES_DOC.as_bytes()).unwrap();
        assert_eq!(
            page.workspaces,
            [Workspace {
                id: WorkspaceId::parse("550e8400-e29b-41d4-a716-446655440000").unwrap(),
                name: "Production".into(),
                slug: WorkspaceId::parse("production"),
            }]
        );
        assert_eq!((page.listed, page.total, page.skipped), (1, Some(1), 0));
    }

    #[test]
    fn a_long_list_is_read_up_to_its_cap_and_the_rest_counted() {
        let body = format!(
            r#"{{"data":[{{"id":"ws-a"}},{}{{}}],"total_count":1}}"#,
            "{},".repeat(999)
        );
        let page = parse_workspaces(body.as_bytes()).unwrap();
        assert_eq!(
            (page.listed, page.skipped, page.workspaces.len()),
            (1001, 1000, 1)
        );
        let body = format!(
            r#"{{"data":[{{"limit_usd":5}},{}{{}}]}}"#,
            "{},".repeat(999)
        );
        let budgets = parse_budgets(body.as_bytes()).unwrap();
        assert_eq!((budgets.budgets.len(), budgets.skipped), (1, 1000));
    }

    #[test]
    fn odd_workspaces_are_skipped_and_counted() {
        let page = parse_workspaces(
            br#"{"data":[{"id":"a b"},{"name":"no id"},{"id":"ok","slug":"staging"},
                 {"id":"ok","name":"again"},7,{"id":"x","name":"\u202eevil\u202c  name"}],
                 "total_count":"6"}"#,
        )
        .unwrap();
        let names: Vec<&str> = page.workspaces.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["staging", "evil name"]);
        assert_eq!(
            (page.listed, page.total, page.skipped),
            (6, Some(6), 3),
            "the second \"ok\" is read once, not skipped"
        );
        assert!(parse_workspaces(br#"{"data":{}}"#).is_err());
        assert!(parse_workspaces(br#"{"total_count":1}"#).is_err());
    }

    #[test]
    fn reads_budgets_with_null_lifetime_and_unknown_intervals() {
        let budgets = parse_budgets(
            br#"{"data":[
                {"id":"770e","limit_usd":100,"reset_interval":"monthly","workspace_id":"550e"},
                {"limit_usd":"25.5","reset_interval":"Daily"},
                {"limit_usd":1000,"reset_interval":null},
                {"limit_usd":400,"reset_interval":"quarterly"},
                {"limit_usd":-3,"reset_interval":"weekly"},
                {"limit_usd":5,"reset_interval":"monthly"},
                {"reset_interval":"weekly"}],
              "include_byok_in_budgets":true}"#,
        )
        .unwrap();
        let got: Vec<(f64, Interval)> = budgets
            .budgets
            .iter()
            .map(|b| (b.limit, b.interval.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (100.0, Interval::Monthly),
                (25.5, Interval::Daily),
                (1000.0, Interval::Lifetime),
                (400.0, Interval::Other("quarterly".into())),
            ]
        );
        assert!(budgets.include_byok);
        assert_eq!(
            budgets.skipped, 3,
            "a bad limit, a second monthly, no limit"
        );
        let bare = parse_budgets(br#"{"data":[]}"#).unwrap();
        assert!(!bare.include_byok && bare.budgets.is_empty());
        assert_eq!(
            Interval::read(Some(&Value::String("lifetime".into()))),
            Interval::Lifetime
        );
    }

    #[test]
    fn workspace_ids_are_url_safe_or_refused() {
        assert!(WorkspaceId::parse("550e8400-e29b-41d4-a716-446655440000").is_some());
        for bad in ["", "a/b", "a?b", "a b", "é", &"x".repeat(65)] {
            assert_eq!(WorkspaceId::parse(bad), None, "{bad:?}");
        }
        assert!(serde_json::from_str::<WorkspaceId>("\"../x\"").is_err());
    }
}
