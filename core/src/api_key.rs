//! The Management key, wrapped so that it cannot leak by accident.
//!
//! `Debug`, `Display` and `Serialize` all print a redacted form (`redacted…abcd`), so a key inside
//! an event or a command never reaches a log, a recording or a replay's output. The one way to the
//! real text is [`ApiKey::expose`], which the shell calls for the HTTP header and for
//! `setGlobalSettings` — and nowhere else.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct ApiKey(String);

/// Prefix of the redacted form; a recorded key reads back as a key that redacts to itself.
pub const REDACTED_PREFIX: &str = "redacted…";

/// Shorter keys show no characters at all in their redacted form.
const MIN_LEN_TO_SHOW_LAST4: usize = 12;

impl ApiKey {
    /// Trims surrounding whitespace (keys are pasted); `None` when nothing is left.
    pub fn new(text: &str) -> Option<ApiKey> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            None
        } else {
            Some(ApiKey(trimmed.to_owned()))
        }
    }

    /// The secret itself. Only for the Authorization header and the global settings.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters, as the Property Inspector may show them.
    pub fn last4(&self) -> String {
        if let Some(rest) = self.0.strip_prefix(REDACTED_PREFIX) {
            return rest.to_owned();
        }
        if self.0.chars().count() < MIN_LEN_TO_SHOW_LAST4 {
            return String::new();
        }
        let skip = self.0.chars().count() - 4;
        self.0.chars().skip(skip).collect()
    }

    /// The form written wherever a key would otherwise appear.
    pub fn redacted(&self) -> String {
        format!("{REDACTED_PREFIX}{}", self.last4())
    }

    /// Whether the text is printable ASCII without spaces, as every OpenRouter key is. Anything else
    /// cannot go into an HTTP header, so it is refused before a request is made.
    pub fn is_plausible(&self) -> bool {
        self.0.len() >= 8 && self.0.bytes().all(|b| b.is_ascii_graphic())
    }
}

impl From<String> for ApiKey {
    fn from(text: String) -> Self {
        ApiKey(text)
    }
}

impl Serialize for ApiKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted())
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.redacted())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";

    #[test]
    fn never_prints_the_key() {
        let key = ApiKey::new(KEY).unwrap();
        assert_eq!(key.last4(), "cdef");
        for shown in [
            format!("{key}"),
            format!("{key:?}"),
            serde_json::to_string(&key).unwrap(),
        ] {
            assert!(!shown.contains("0123456789"), "{shown}");
            assert!(shown.contains("cdef"));
        }
    }

    #[test]
    fn a_redacted_key_redacts_to_itself() {
        let key = ApiKey::new(KEY).unwrap();
        let recorded: ApiKey = serde_json::from_str(&serde_json::to_string(&key).unwrap()).unwrap();
        assert_eq!(recorded.redacted(), key.redacted());
        assert_eq!(recorded.last4(), "cdef");
    }

    #[test]
    fn short_keys_show_nothing() {
        let key = ApiKey::new("abc12345").unwrap();
        assert_eq!(key.last4(), "");
        assert_eq!(key.redacted(), "redacted…");
    }

    #[test]
    fn pasted_whitespace_is_trimmed_and_blank_is_no_key() {
        assert_eq!(
            ApiKey::new("  sk-or-v1-abcdefgh\n").unwrap().expose(),
            "sk-or-v1-abcdefgh"
        );
        assert!(ApiKey::new(" \t ").is_none());
        assert!(!ApiKey::new("sk or v1 with spaces").unwrap().is_plausible());
        assert!(!ApiKey::new("sk-or-v1-é").unwrap().is_plausible());
    }
}
