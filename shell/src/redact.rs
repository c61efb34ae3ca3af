//! The second guard against leaking the Management key.
//!
//! The core already wraps the key in a type that prints redacted; this catches what the type cannot
//! see: a key pasted into the wrong settings field, echoed in an error from a library, or copied
//! into a message by a future change. Every line the shell writes (log file, stderr, recordings,
//! Stream Deck messages other than `setGlobalSettings`) passes through [`redact`].

use std::borrow::Cow;

const KEY_PREFIX: &str = "sk-or-";
const REPLACEMENT: &str = "sk-or-[redacted]";

/// Replaces every `sk-or-` followed by key characters (`[A-Za-z0-9_-]+`) with a fixed marker.
/// Borrows when there is nothing to hide, which is almost always.
pub fn redact(text: &str) -> Cow<'_, str> {
    if !text.contains(KEY_PREFIX) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(KEY_PREFIX) {
        let after = &rest[start + KEY_PREFIX.len()..];
        let key_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        out.push_str(&rest[..start]);
        if key_len == 0 {
            out.push_str(KEY_PREFIX);
        } else {
            out.push_str(REPLACEMENT);
        }
        rest = &after[key_len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_keys_wherever_they_are() {
        let line = "got sk-or-v1-abc_DEF-123 and \"sk-or-v1-zz\", done";
        assert_eq!(
            redact(line),
            "got sk-or-[redacted] and \"sk-or-[redacted]\", done"
        );
    }

    #[test]
    fn leaves_everything_else_alone() {
        assert!(matches!(redact("no key here"), Cow::Borrowed(_)));
        assert_eq!(redact("ends with sk-or-"), "ends with sk-or-");
        assert_eq!(redact("sk-or- spaced"), "sk-or- spaced");
        assert_eq!(redact("é sk-or-x é"), "é sk-or-[redacted] é");
    }
}
