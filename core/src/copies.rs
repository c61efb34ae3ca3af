//! Which copies of the global settings are news. Stream Deck answers `getGlobalSettings` with the
//! object as it stands when it reads the ask, and the plugin asks again while no answer comes; so
//! an answer may arrive after the plugin has written, holding what Stream Deck held before that
//! write. Taken for the truth, such a late copy would undo the write (an account added is
//! dropped, and the next write loses its key).
//!
//! The rule compares contents, not asks (counting asks went wrong with a host that answers
//! several asks once, or loses one: every later real copy then looked late, and the next write
//! dropped what it brought). Every content Stream Deck held when the plugin wrote over it is
//! *overwritten*: what it read before its first write, each of its own writes once the next one
//! replaces it. A copy whose content was overwritten, and is not the current one, is late and is
//! ignored; any other copy is news: the echo of the last write, or a change made elsewhere, even
//! one that brings back what was there before another change made elsewhere (only the plugin's
//! own writes make a content old). The plugin being the only writer of its settings, a late copy
//! holds a content it has seen.
//!
//! Contents are compared by a 64-bit fingerprint of what is read and written back: keys by their
//! redacted form (which already carries a fingerprint of the key), kept values by theirs, so a
//! replay decides exactly what the live run decided.

use crate::api_key::ApiKey;
use crate::kept::{KeptSettings, Verbatim};
use crate::stored_account::StoredAccount;
use std::collections::VecDeque;

/// How many superseded contents are remembered: far more writes than any answer is late by.
const REMEMBERED: usize = 64;

/// The fingerprint of one settings content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content(u64);

/// What a settings object holds, as the plugin reads it and writes it back (not what it could
/// not use, which is dropped on either side).
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub key: Option<&'a ApiKey>,
    pub pending: Option<&'a ApiKey>,
    pub label: Option<&'a str>,
    pub accounts: &'a [StoredAccount],
    pub kept: &'a KeptSettings,
}

/// FNV-1a, 64 bits, over length-prefixed fields.
struct Hasher(u64);

impl Hasher {
    fn bytes(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn text(&mut self, text: Option<&str>) {
        match text {
            None => self.bytes(&[0]),
            Some(text) => {
                self.bytes(&[1]);
                self.bytes(text.as_bytes());
            }
        }
    }

    fn key(&mut self, key: Option<&ApiKey>) {
        self.text(key.map(ApiKey::redacted).as_deref());
    }

    fn kept(&mut self, kept: Option<&Verbatim>) {
        self.text(kept.map(Verbatim::redacted).as_deref());
    }
}

impl Settings<'_> {
    pub fn content(&self) -> Content {
        let mut h = Hasher(0xcbf2_9ce4_8422_2325);
        h.key(self.key);
        h.key(self.pending);
        h.text(self.label);
        h.bytes(&(self.accounts.len() as u64).to_le_bytes());
        for account in self.accounts {
            h.text(Some(account.id.as_str()));
            h.text(Some(&account.label));
            h.key(account.key.as_ref());
            h.key(account.pending.as_ref());
            h.kept(account.kept.as_ref());
        }
        h.kept(self.kept.fields.as_ref());
        h.bytes(&(self.kept.entries.len() as u64).to_le_bytes());
        for entry in &self.kept.entries {
            h.kept(Some(entry));
        }
        Content(h.0)
    }
}

/// What Stream Deck holds now, as far as the plugin knows, and what the plugin wrote over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Copies {
    current: Option<Content>,
    overwritten: VecDeque<Content>,
}

impl Copies {
    /// Whether a copy holds what Stream Deck held before the plugin wrote over it: then it is a
    /// late answer, not news.
    pub fn is_late(&self, copy: Content) -> bool {
        self.current != Some(copy) && self.overwritten.contains(&copy)
    }

    /// A copy taken as news: Stream Deck holds this now.
    pub fn took(&mut self, copy: Content) {
        self.current = Some(copy);
    }

    /// The plugin wrote this: what Stream Deck held is overwritten.
    pub fn wrote(&mut self, content: Content) {
        let Some(before) = self.current.replace(content) else {
            return;
        };
        if before == content {
            return;
        }
        self.overwritten.retain(|c| *c != before && *c != content);
        self.overwritten.push_back(before);
        if self.overwritten.len() > REMEMBERED {
            self.overwritten.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(key: &str) -> Content {
        let key = ApiKey::new(key).unwrap();
        Settings {
            key: Some(&key),
            pending: None,
            label: None,
            accounts: &[],
            kept: &KeptSettings::default(),
        }
        .content()
    }

    #[test]
    fn a_copy_of_what_was_written_over_is_late_and_anything_else_is_news() {
        let (read, written, elsewhere) = (
            content("sk-or-v1-read0000"),
            content("sk-or-v1-write000"),
            content("sk-or-v1-else0000"),
        );
        let mut copies = Copies::default();
        assert!(!copies.is_late(read), "nothing written yet: all news");
        copies.took(read);
        assert!(!copies.is_late(read));
        copies.wrote(written);
        assert!(copies.is_late(read), "what was read before the write");
        assert!(!copies.is_late(written), "the write's echo");
        assert!(!copies.is_late(elsewhere), "a change made elsewhere");
        copies.took(elsewhere);
        assert!(copies.is_late(read));
        assert!(!copies.is_late(elsewhere));
        // However many times answers are merged or lost, nothing is counted.
        let mut copies = Copies::default();
        copies.took(read);
        copies.took(elsewhere);
        assert!(
            !copies.is_late(read),
            "a change elsewhere brought back what was there: news, not late"
        );
    }

    #[test]
    fn keys_labels_and_kept_values_all_count() {
        let key = ApiKey::new("sk-or-v1-read0000").unwrap();
        let kept = KeptSettings::default();
        let base = Settings {
            key: Some(&key),
            pending: None,
            label: None,
            accounts: &[],
            kept: &kept,
        };
        let labelled = Settings {
            label: Some("Home"),
            ..base
        };
        let as_pending = Settings {
            key: None,
            pending: Some(&key),
            label: None,
            accounts: &[],
            kept: &kept,
        };
        assert_ne!(base.content(), labelled.content());
        assert_ne!(base.content(), as_pending.content());
        let more = KeptSettings {
            entries: vec![Verbatim::from(serde_json::json!([["sk-or-v1-nested00"]]))],
            ..KeptSettings::default()
        };
        let with_kept = Settings {
            key: Some(&key),
            pending: None,
            label: None,
            accounts: &[],
            kept: &more,
        };
        assert_ne!(base.content(), with_kept.content());
    }
}
