//! Which OpenRouter account a tile shows or a message means, and the name a person gives it: the
//! words the settings, the inspector's messages and the commands share (vocabulary: it imports
//! nothing of the core).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which account a tile shows or a message means. `"default"` is the `managementKey` account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(String);

/// The id of the account `managementKey` holds.
pub const DEFAULT_ID: &str = "default";

/// Long enough for any id a person or a page makes up, short enough to log whole.
pub const MAX_ID_LEN: usize = 40;

/// Labels are drawn on a 144-pixel key; longer ones are cut here, once, for everyone.
pub const MAX_LABEL_CHARS: usize = 24;

/// What the default account is called until the person names it.
pub const DEFAULT_LABEL: &str = "Default";

impl AccountId {
    pub fn default_account() -> AccountId {
        AccountId(DEFAULT_ID.to_owned())
    }

    /// An id as a setting or a message carries it: absent, blank and `"default"` mean the
    /// default account (`Some(default)`); 1–40 characters of `A-Z a-z 0-9 _ -` are an id;
    /// anything else is `None` (not an id).
    pub fn parse(text: Option<&str>) -> Option<AccountId> {
        let text = text.map(str::trim).unwrap_or_default();
        if text.is_empty() || text == DEFAULT_ID {
            return Some(AccountId::default_account());
        }
        let fits = text.len() <= MAX_ID_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        fits.then(|| AccountId(text.to_owned()))
    }

    pub fn is_default(&self) -> bool {
        self.0 == DEFAULT_ID
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for AccountId {
    fn default() -> Self {
        AccountId::default_account()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A label as the person typed it, made fit to draw and to log: control characters and
/// bidirectional controls dropped, runs of spaces made one, cut to [`MAX_LABEL_CHARS`]. `None`
/// when nothing is left.
pub fn clean_label(text: &str) -> Option<String> {
    crate::names::clean(text, MAX_LABEL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_plain_words_and_blank_means_default() {
        for default in [None, Some(""), Some("  "), Some("default")] {
            assert!(AccountId::parse(default).is_some_and(|id| id.is_default()));
        }
        assert_eq!(
            AccountId::parse(Some("acct-x1_Y")).unwrap().as_str(),
            "acct-x1_Y"
        );
        for bad in ["a b", "ü", "a/b", &"x".repeat(41), "{\"k\":1}"] {
            assert_eq!(AccountId::parse(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn labels_are_cut_and_cleaned_once() {
        assert_eq!(clean_label("  Work \n  stuff "), Some("Work stuff".into()));
        assert_eq!(clean_label("\u{7}\t"), None);
        assert_eq!(
            clean_label("Wo\u{202E}kr\u{2066}x\u{2069}\u{202A}"),
            Some("Wokrx".into()),
            "no bidirectional control survives"
        );
        assert_eq!(clean_label("\u{202E}\u{2067}"), None);
        assert_eq!(clean_label(&"é".repeat(40)).unwrap().chars().count(), 24);
    }
}
