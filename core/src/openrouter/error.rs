//! What can go wrong with a request, classified once at the boundary.

use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ApiError {
    /// 401: the key is missing, mistyped, revoked or expired.
    KeyRejected,
    /// 403: an inference key where a Management key is needed.
    NotManagementKey,
    /// 429: too many requests; wait at least as long as the server asks.
    RateLimited { retry_after: Option<RetryAfter> },
    /// 5xx: OpenRouter is having trouble.
    Service { status: u16 },
    /// Any other status we did not expect (400, 404, …).
    UnexpectedStatus { status: u16 },
    /// No connection: DNS, refused, TLS, network down.
    Offline,
    /// Connected, but no complete answer in time.
    Timeout,
    /// A 2xx whose body is not what the API documents.
    BadBody(BodyError),
}

/// Both forms of the `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RetryAfter {
    Seconds(u64),
    At(Timestamp),
}

/// Why a body was refused, precise enough to act on from a log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "camelCase")]
pub enum BodyError {
    /// Not JSON at all, or truncated.
    NotJson { detail: String },
    /// JSON, but a field is missing or of the wrong type.
    Shape { detail: String },
    /// A number that cannot be an amount of money: NaN, infinite, negative or absurdly large.
    BadNumber { field: String },
    /// A date field that is not a calendar date.
    BadDate { detail: String },
}

impl ApiError {
    /// Errors that only a new key can fix; retrying with this key is pointless.
    pub fn is_key_problem(&self) -> bool {
        matches!(self, ApiError::KeyRejected | ApiError::NotManagementKey)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::KeyRejected => write!(f, "key rejected (401)"),
            ApiError::NotManagementKey => write!(f, "not a Management key (403)"),
            ApiError::RateLimited { retry_after } => match retry_after {
                Some(RetryAfter::Seconds(s)) => write!(f, "rate limited (429), retry after {s} s"),
                Some(RetryAfter::At(t)) => write!(f, "rate limited (429), retry at {}", t.millis()),
                None => write!(f, "rate limited (429)"),
            },
            ApiError::Service { status } => write!(f, "OpenRouter service error ({status})"),
            ApiError::UnexpectedStatus { status } => write!(f, "unexpected HTTP status {status}"),
            ApiError::Offline => write!(f, "can't reach OpenRouter"),
            ApiError::Timeout => write!(f, "OpenRouter did not answer in time"),
            ApiError::BadBody(e) => write!(f, "unexpected answer from OpenRouter: {e}"),
        }
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::NotJson { detail } => write!(f, "not JSON ({detail})"),
            BodyError::Shape { detail } => write!(f, "unexpected shape ({detail})"),
            BodyError::BadNumber { field } => write!(f, "impossible number in {field}"),
            BodyError::BadDate { detail } => write!(f, "bad date ({detail})"),
        }
    }
}

impl std::error::Error for BodyError {}
