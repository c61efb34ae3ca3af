//! `GET /key`: facts about the calling key. We need one: whether it is a Management key.

use super::body::decode;
use super::error::BodyError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub is_management_key: bool,
}

#[derive(Deserialize)]
struct Envelope {
    data: Raw,
}

#[derive(Deserialize)]
struct Raw {
    is_management_key: Option<bool>,
    /// The deprecated name of the same flag; older answers carry only this one.
    is_provisioning_key: Option<bool>,
}

pub fn parse_key_info(bytes: &[u8]) -> Result<KeyInfo, BodyError> {
    let raw = decode::<Envelope>(bytes)?.data;
    match raw.is_management_key.or(raw.is_provisioning_key) {
        Some(is_management_key) => Ok(KeyInfo { is_management_key }),
        None => Err(BodyError::Shape {
            detail: "no is_management_key field".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_flag_under_either_name() {
        let body = br#"{"data":{"label":"x","usage":0,"limit":null,"is_management_key":true}}"#;
        assert_eq!(
            parse_key_info(body),
            Ok(KeyInfo {
                is_management_key: true
            })
        );
        let old = br#"{"data":{"is_provisioning_key":false}}"#;
        assert_eq!(
            parse_key_info(old),
            Ok(KeyInfo {
                is_management_key: false
            })
        );
        assert!(parse_key_info(br#"{"data":{}}"#).is_err());
        assert!(parse_key_info(br#"{"data":{"is_management_key":"yes"}}"#).is_err());
    }
}
