//! Turning an HTTP answer into typed data or a classified [`ApiError`].

use super::activity::{parse_activity, Activity};
use super::credits::{parse_credits, Credits};
use super::error::{ApiError, RetryAfter};
use super::key_info::{parse_key_info, KeyInfo};
use crate::timestamp::{Timestamp, SECOND_MS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Endpoint {
    Credits,
    Activity,
    Key,
}

impl Endpoint {
    /// Path under the API base.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Credits => "/credits",
            Endpoint::Activity => "/activity",
            Endpoint::Key => "/key",
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
}

/// Classifies an HTTP answer: the status decides the meaning, the body is parsed only on success.
pub fn classify(
    endpoint: Endpoint,
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

fn parse(endpoint: Endpoint, body: &[u8]) -> Result<Fetched, super::BodyError> {
    Ok(match endpoint {
        Endpoint::Credits => Fetched::Credits(parse_credits(body)?),
        Endpoint::Activity => Fetched::Activity(parse_activity(body)?),
        Endpoint::Key => Fetched::Key(parse_key_info(body)?),
    })
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
pub fn parse_retry_after(header: &str) -> Option<RetryAfter> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u64>() {
        return Some(RetryAfter::Seconds(seconds));
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
        let c = |status, body: &[u8]| classify(Endpoint::Credits, status, None, body);
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
    fn honours_both_forms_of_retry_after() {
        let limited = classify(Endpoint::Activity, 429, Some(" 120 "), b"");
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
            retry_after_millis(RetryAfter::Seconds(u64::MAX), NOW),
            i64::MAX
        );
    }
}
