//! `GET /credits`: lifetime totals of the account.

use super::body::{amount, decode};
use super::error::BodyError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Credits {
    pub total_credits: f64,
    pub total_usage: f64,
}

impl Credits {
    /// What the credits page calls the balance. Negative when an account is overdrawn.
    pub fn remaining(&self) -> f64 {
        self.total_credits - self.total_usage
    }

    /// A non-management key may get 200 with both totals zero; so may a brand-new account.
    pub fn is_all_zero(&self) -> bool {
        self.total_credits == 0.0 && self.total_usage == 0.0
    }
}

#[derive(Deserialize)]
struct Envelope {
    data: Raw,
}

#[derive(Deserialize)]
struct Raw {
    total_credits: f64,
    total_usage: f64,
}

pub fn parse_credits(bytes: &[u8]) -> Result<Credits, BodyError> {
    let raw = decode::<Envelope>(bytes)?.data;
    Ok(Credits {
        total_credits: amount(raw.total_credits, "total_credits")?,
        total_usage: amount(raw.total_usage, "total_usage")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_documented_body_and_tolerates_extra_fields() {
        let c = parse_credits(
            br#"{"data":{"total_credits":100.5,"total_usage":25.75,"new":1},"x":[]}"#,
        )
        .unwrap();
        assert_eq!(
            c,
            Credits {
                total_credits: 100.5,
                total_usage: 25.75
            }
        );
        assert_eq!(c.remaining(), 74.75);
    }

    #[test]
    fn classifies_bad_bodies() {
        assert!(matches!(
            parse_credits(b"{\"data\":{\"total_credits\":1"),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_credits(b"<html>"),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_credits(br#"{"data":{"total_credits":"1","total_usage":0}}"#),
            Err(BodyError::Shape { .. })
        ));
        assert!(matches!(
            parse_credits(br#"{"data":null}"#),
            Err(BodyError::Shape { .. })
        ));
        assert_eq!(
            parse_credits(br#"{"data":{"total_credits":1,"total_usage":-2}}"#),
            Err(BodyError::BadNumber {
                field: "total_usage".into()
            })
        );
        assert!(parse_credits(br#"{"data":{"total_credits":1e400,"total_usage":0}}"#).is_err());
        assert!(matches!(
            parse_credits(br#"{"data":{"total_credits":1e13,"total_usage":0}}"#),
            Err(BodyError::BadNumber { .. })
        ));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse_credits(&bytes);
        }
    }
}
