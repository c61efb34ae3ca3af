//! Turning an HTTP answer into typed data or a classified [`ApiError`].

use super::activity::{parse_activity, Activity};
use super::credits::{parse_credits, Credits};
use super::error::{ApiError, RetryAfter};
use super::key_info::{parse_key_info, KeyInfo};
use super::keys::{parse_keys, KeysPage};
use super::workspaces::{parse_budgets, parse_workspaces, Budgets, WorkspaceId, WorkspacesPage};
use crate::timestamp::{Timestamp, SECOND_MS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Endpoint {
    Credits,
    Activity,
    Key,
    /// One page of a workspace's keys, disabled ones included (no workspace: the default one,
    /// which is all an account without workspaces has).
    Keys {
        offset: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        workspace: Option<WorkspaceId>,
    },
    /// One page of the organisation's workspaces.
    Workspaces {
        offset: u32,
    },
    /// A workspace's budgets.
    Budgets {
        workspace: WorkspaceId,
    },
}

impl Endpoint {
    /// Path under the API base.
    pub fn path(&self) -> &'static str {
        match self {
            Endpoint::Credits => "/credits",
            Endpoint::Activity => "/activity",
            Endpoint::Key => "/key",
            Endpoint::Keys { .. } => "/keys",
            Endpoint::Workspaces { .. } => "/workspaces",
            Endpoint::Budgets { .. } => "/workspaces/{id}/budgets",
        }
    }

    /// Path and query under the API base: what the shell requests. Workspace ids are URL-safe by
    /// construction ([`WorkspaceId`]).
    pub fn path_and_query(&self) -> String {
        match self {
            Endpoint::Keys {
                offset,
                workspace: None,
            } => format!("/keys?include_disabled=true&offset={offset}"),
            Endpoint::Keys {
                offset,
                workspace: Some(id),
            } => format!("/keys?include_disabled=true&offset={offset}&workspace_id={id}"),
            Endpoint::Workspaces { offset } => {
                format!(
                    "/workspaces?offset={offset}&limit={}",
                    super::WORKSPACES_PAGE
                )
            }
            Endpoint::Budgets { workspace } => format!("/workspaces/{workspace}/budgets"),
            other => other.path().to_owned(),
        }
    }
}

/// A successfully parsed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "endpoint", content = "data", rename_all = "camelCase")]
pub enum Fetched {
    Credits(Credits),
    Activity(Activity),
    Key(KeyInfo),
    Keys(KeysPage),
    Workspaces(WorkspacesPage),
    Budgets(Budgets),
}

/// Classifies an HTTP answer: the status decides the meaning, the body is parsed only on success.
pub fn classify(
    endpoint: &Endpoint,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Fetched, ApiError> {
    match status {
        200..=299 => parse(endpoint, body).map_err(ApiError::BadBody),
        401 => Err(ApiError::KeyRejected),
        403 => Err(ApiError::NotManagementKey),
        429 => Err(ApiError::RateLimited {
            retry_after: retry_after.and_then(parse_retry_after),
        }),
        500..=599 => Err(ApiError::Service { status }),
        _ => Err(ApiError::UnexpectedStatus { status }),
    }
}

fn parse(endpoint: &Endpoint, body: &[u8]) -> Result<Fetched, super::BodyError> {
    Ok(match endpoint {
        Endpoint::Credits => Fetched::Credits(parse_credits(body)?),
        Endpoint::Activity => Fetched::Activity(parse_activity(body)?),
        Endpoint::Key => Fetched::Key(parse_key_info(body)?),
        Endpoint::Keys { .. } => Fetched::Keys(parse_keys(body)?),
        Endpoint::Workspaces { .. } => Fetched::Workspaces(parse_workspaces(body)?),
        Endpoint::Budgets { .. } => Fetched::Budgets(parse_budgets(body)?),
    })
}

/// Longest server message kept for the log (before hiding keys, which can lengthen it: at most
/// [`MAX_MESSAGE_CHARS`] × 3 in all).
pub const MAX_MESSAGE_CHARS: usize = 160;

/// What an error answer says, for the log: `error.message` from OpenRouter's error envelope, or
/// the start of a body that is not JSON (an HTML page from a proxy). Truncated, control
/// characters flattened, and anything shaped like a key hidden, because a support log is shared.
/// `None` for an empty body.
pub fn error_message(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        error: Inner,
    }
    #[derive(serde::Deserialize)]
    struct Inner {
        message: serde_json::Value,
    }
    let text = match serde_json::from_slice::<Envelope>(body) {
        Ok(Envelope {
            error: Inner {
                message: serde_json::Value::String(m),
            },
        }) => m,
        Ok(Envelope {
            error: Inner { message },
        }) => message.to_string(),
        Err(_) => {
            let start = &body[..body.len().min(4 * MAX_MESSAGE_CHARS)];
            format!("not the error envelope: {}", String::from_utf8_lossy(start))
        }
    };
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if flat.is_empty() || flat == "not the error envelope:" {
        return None;
    }
    // Cut first, then hide: a key cut in half by the limit is still hidden.
    let mut short: String = flat.chars().take(MAX_MESSAGE_CHARS).collect();
    if short.len() < flat.len() {
        short.push('…');
    }
    Some(hide_keys(&short))
}

/// `sk-or-…` followed by key characters becomes `sk-or-[redacted]`.
fn hide_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("sk-or-") {
        let after = &rest[start + 6..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        out.push_str(&rest[..start]);
        out.push_str("sk-or-[redacted]");
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
pub fn parse_retry_after(header: &str) -> Option<RetryAfter> {
    let header = header.trim();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        // 2^64 seconds or more is still "wait a very long time": the cap applies, not a re-poll.
        return Some(RetryAfter::Seconds(
            header.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(header, &format)
        .ok()?
        .assume_utc();
    let ms = i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()?;
    (ms >= 0).then_some(RetryAfter::At(Timestamp(ms)))
}

/// How long from `now` a `Retry-After` asks us to wait, in milliseconds.
pub fn retry_after_millis(retry: RetryAfter, now: Timestamp) -> i64 {
    match retry {
        RetryAfter::Seconds(s) => i64::try_from(s)
            .unwrap_or(i64::MAX)
            .saturating_mul(SECOND_MS),
        RetryAfter::At(at) => at.since(now).max(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_445_412_400_000); // 2015-10-21 07:26:40 UTC

    #[test]
    fn maps_statuses_to_meanings() {
        let c = |status, body: &[u8]| classify(&Endpoint::Credits, status, None, body);
        assert_eq!(c(401, b"{}"), Err(ApiError::KeyRejected));
        assert_eq!(
            c(403, b"{\"error\":{\"code\":403}}"),
            Err(ApiError::NotManagementKey)
        );
        assert_eq!(c(503, b""), Err(ApiError::Service { status: 503 }));
        assert_eq!(c(400, b""), Err(ApiError::UnexpectedStatus { status: 400 }));
        assert!(matches!(c(200, b"nope"), Err(ApiError::BadBody(_))));
        assert_eq!(
            c(200, br#"{"data":{"total_credits":2,"total_usage":1}}"#),
            Ok(Fetched::Credits(Credits {
                total_credits: 2.0,
                total_usage: 1.0
            }))
        );
    }

    #[test]
    fn error_messages_are_read_truncated_and_hide_keys() {
        assert_eq!(
            error_message(br#"{"error":{"code":401,"message":"User not found."}}"#).as_deref(),
            Some("User not found.")
        );
        assert_eq!(
            error_message(
                br#"{"error":{"code":403,"message":"Only management keys\ncan: sk-or-v1-abc123"}}"#
            )
            .as_deref(),
            Some("Only management keys can: sk-or-[redacted]")
        );
        assert_eq!(
            error_message(b"<html><head><title>502 Bad Gateway</title></head></html>").as_deref(),
            Some(
                "not the error envelope: <html><head><title>502 Bad Gateway</title></head></html>"
            )
        );
        assert_eq!(error_message(b""), None);
        assert_eq!(error_message(b"   "), None);
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "é".repeat(1000));
        let m = error_message(long.as_bytes()).unwrap_or_default();
        assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS + 1);
        // A key the limit cuts in half is hidden too.
        let cut = format!(
            r#"{{"error":{{"message":"{}sk-or-v1-abcdef"}}}}"#,
            "x".repeat(MAX_MESSAGE_CHARS - 8)
        );
        let m = error_message(cut.as_bytes()).unwrap_or_default();
        assert!(
            m.ends_with("sk-or-[redacted]…") && !m.contains("sk-or-v"),
            "{m}"
        );
        assert_eq!(
            error_message(br#"{"error":{"message":{"detail":1}}}"#).as_deref(),
            Some(r#"{"detail":1}"#)
        );
    }

    #[test]
    fn honours_both_forms_of_retry_after() {
        let limited = classify(&Endpoint::Activity, 429, Some(" 120 "), b"");
        assert_eq!(
            limited,
            Err(ApiError::RateLimited {
                retry_after: Some(RetryAfter::Seconds(120))
            })
        );
        let dated = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(retry_after_millis(dated, NOW), 80_000);
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            parse_retry_after("18446744073709551616"),
            Some(RetryAfter::Seconds(u64::MAX)),
            "2^64 seconds"
        );
        assert_eq!(
            parse_retry_after(&"9".repeat(400)),
            Some(RetryAfter::Seconds(u64::MAX))
        );
        assert_eq!(
            retry_after_millis(RetryAfter::Seconds(u64::MAX), NOW),
            i64::MAX
        );
    }
}
