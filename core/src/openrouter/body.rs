//! Shared checks for response bodies: JSON decoding and plausible amounts of money.

use super::error::BodyError;
use serde::de::DeserializeOwned;

/// More dollars than any account could hold; a number above it is a corrupted answer.
pub(super) const ABSURD_AMOUNT: f64 = 1e12;

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let detail = short(&e.to_string());
        if e.is_data() {
            BodyError::Shape { detail }
        } else {
            BodyError::NotJson { detail }
        }
    })
}

/// An amount of money: finite, not negative, not absurd.
pub(super) fn amount(value: f64, field: &str) -> Result<f64, BodyError> {
    if value.is_finite() && (0.0..ABSURD_AMOUNT).contains(&value) {
        Ok(value)
    } else {
        Err(BodyError::BadNumber {
            field: field.to_owned(),
        })
    }
}

/// Error texts from serde can quote the body; keep them short for the log.
fn short(text: &str) -> String {
    text.chars().take(120).collect()
}
