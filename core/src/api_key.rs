//! The Management key, wrapped so that it cannot leak by accident.
//!
//! `Debug`, `Display` and `Serialize` all print a redacted form (`redacted…abcd#1f2e3d4c`), so a key
//! inside an event or a command never reaches a log, a recording or a replay's output. The one way
//! to the real text is [`ApiKey::expose`], which the shell calls for the HTTP header and for
//! `setGlobalSettings` — and nowhere else.
//!
//! The redacted form keeps the last four characters (what the Property Inspector shows) and a
//! 32-bit fingerprint, so that two different keys stay different when a recording is replayed.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct ApiKey(String);

/// Prefix of the redacted form; a recorded key reads back as a key that redacts to itself.
pub const REDACTED_PREFIX: &str = "redacted…";

/// OpenRouter's keys are about 75 characters; a paste longer than this is not a key (and would
/// otherwise travel in every request header and every settings write).
pub const MAX_LEN: usize = 1024;

/// Shorter keys show no characters at all in their redacted form.
const MIN_LEN_TO_SHOW_LAST4: usize = 12;

impl ApiKey {
    /// Trims surrounding whitespace (keys are pasted); `None` when what is left cannot be a key:
    /// empty, shorter than 8 or longer than [`MAX_LEN`] characters, or anything but printable ASCII without spaces (it could
    /// not even travel in an HTTP header). Deciding this at the edge keeps replays faithful: a
    /// recording holds the verdict, not the secret.
    pub fn new(text: &str) -> Option<ApiKey> {
        let trimmed = text.trim();
        let plausible =
            (8..=MAX_LEN).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_graphic());
        plausible.then(|| ApiKey(trimmed.to_owned()))
    }

    /// The secret itself. Only for the Authorization header and the global settings.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters, as the Property Inspector may show them.
    pub fn last4(&self) -> String {
        if let Some(rest) = self.0.strip_prefix(REDACTED_PREFIX) {
            return rest.split('#').next().unwrap_or_default().to_owned();
        }
        if self.0.chars().count() < MIN_LEN_TO_SHOW_LAST4 {
            return String::new();
        }
        let skip = self.0.chars().count() - 4;
        self.0.chars().skip(skip).collect()
    }

    /// The form written wherever a key would otherwise appear. A recorded key is already in it.
    pub fn redacted(&self) -> String {
        if self.0.starts_with(REDACTED_PREFIX) {
            return self.0.clone();
        }
        format!(
            "{REDACTED_PREFIX}{}#{:08x}",
            self.last4(),
            fingerprint(&self.0)
        )
    }
}

/// FNV-1a folded to 32 bits: tells keys apart in a recording, says nothing useful about them.
pub(crate) fn fingerprint(text: &str) -> u32 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    (hash ^ (hash >> 32)) as u32
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
        assert!(key.redacted().starts_with("redacted…#"));
    }

    #[test]
    fn different_keys_with_the_same_ending_stay_different() {
        let a = ApiKey::new("sk-or-v1-aaaaaaaaaaaaaaaaaaaa1234").unwrap();
        let b = ApiKey::new("sk-or-v1-bbbbbbbbbbbbbbbbbbbb1234").unwrap();
        assert_eq!(a.last4(), b.last4());
        assert_ne!(a.redacted(), b.redacted());
    }

    #[test]
    fn pasted_whitespace_is_trimmed_and_what_cannot_be_a_key_is_none() {
        assert_eq!(
            ApiKey::new("  sk-or-v1-abcdefgh\n").unwrap().expose(),
            "sk-or-v1-abcdefgh"
        );
        assert!(ApiKey::new(" \t ").is_none());
        assert!(ApiKey::new("short").is_none());
        assert!(ApiKey::new("sk or v1 with spaces").is_none());
        assert!(ApiKey::new("sk-or-v1-é0000000").is_none());
    }
}
