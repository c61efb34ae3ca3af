//! Shared checks for response bodies: JSON decoding and plausible amounts of money.

use super::error::BodyError;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

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

/// A JSON array read one entry at a time: the first `N` entries are kept as values, the rest only
/// counted, so a hostile answer (millions of `{}`) costs its body and no more, as `/keys` does.
pub(super) struct Capped<const N: usize> {
    pub values: Vec<Value>,
    /// Entries in all, kept or not.
    pub listed: usize,
}

impl<'de, const N: usize> Deserialize<'de> for Capped<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CappedVisitor<const N: usize>;
        impl<'de, const N: usize> Visitor<'de> for CappedVisitor<N> {
            type Value = Capped<N>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Capped<N>, A::Error> {
                let mut capped = Capped {
                    values: Vec::new(),
                    listed: 0,
                };
                loop {
                    let more = match capped.values.len() < N {
                        true => match seq.next_element::<Value>()? {
                            Some(value) => {
                                capped.values.push(value);
                                true
                            }
                            None => false,
                        },
                        false => seq.next_element::<IgnoredAny>()?.is_some(),
                    };
                    if !more {
                        return Ok(capped);
                    }
                    capped.listed = capped.listed.saturating_add(1);
                }
            }
        }
        deserializer.deserialize_seq(CappedVisitor::<N>)
    }
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
