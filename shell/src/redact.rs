//! The second guard against leaking the Management key.
//!
//! The core already wraps the key in a type that prints redacted; this catches what the type cannot
//! see: a key pasted into the wrong settings field, echoed in an error from a library, or copied
//! into a message by a future change. Every line the shell writes (log file, stderr, recordings,
//! Stream Deck messages other than `setGlobalSettings`) passes through [`redact`].

use std::borrow::Cow;

const KEY_PREFIX: &str = "sk-or-";
const REPLACEMENT: &str = "sk-or-[redacted]";

/// A run this long after `sk-or-` is a key even glued to a word (a key's body is `v1-` and 64
/// hex digits); shorter runs inside a word are words ("risk-or-reward").
const KEY_BODY_IN_A_WORD: usize = 40;

/// `v1-`, `v2-`…: how every OpenRouter key's body starts. Glued to a word or not, a run that
/// starts so is (a piece of) a key, however short.
fn versioned(body: &str) -> bool {
    let digits = body
        .strip_prefix('v')
        .map(|rest| rest.bytes().take_while(u8::is_ascii_digit).count());
    matches!(digits, Some(n) if n > 0 && body.as_bytes().get(1 + n) == Some(&b'-'))
}

/// Replaces every `sk-or-` followed by key characters (`[A-Za-z0-9_-]+`) with a fixed marker,
/// unless it is the inside of a word (a letter or digit just before it) and too short to be a
/// key: a workspace slug `risk-or-reward` is not a key, and redacting it broke the address a tap
/// opens and made the recording unreadable. Borrows when there is nothing to hide, which is
/// almost always.
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
        let in_a_word = rest[..start]
            .bytes()
            .next_back()
            .is_some_and(|b| b.is_ascii_alphanumeric());
        out.push_str(&rest[..start]);
        let word = in_a_word && key_len < KEY_BODY_IN_A_WORD && !versioned(after);
        if key_len == 0 || word {
            out.push_str(KEY_PREFIX);
            out.push_str(&after[..key_len]);
        } else {
            out.push_str(REPLACEMENT);
        }
        rest = &after[key_len..];
    }
    out.push_str(rest);
    match out == text {
        true => Cow::Borrowed(text),
        false => Cow::Owned(out),
    }
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
    fn a_word_that_contains_the_prefix_is_not_a_key() {
        for word in [
            "https://openrouter.ai/workspaces/risk-or-reward/keys/h1",
            "Risk-or-reward bot",
            "{\"slug\":\"task-or-bug\"}",
        ] {
            assert!(matches!(redact(word), Cow::Borrowed(_)), "{word}");
        }
        // A piece of a key glued to a word is still a key: keys start "v1-".
        assert_eq!(redact("tokensk-or-v1-0123"), "tokensk-or-[redacted]");
        let glued = format!("x{}", "sk-or-v1-0123456789abcdef0123456789abcdef0123456789");
        assert_eq!(
            redact(&glued),
            "xsk-or-[redacted]",
            "a whole key glued to a word"
        );
        assert_eq!(redact("/sk-or-v1-ab"), "/sk-or-[redacted]");
        assert_eq!(
            redact("risk-or-x sk-or-v1-ab"),
            "risk-or-x sk-or-[redacted]"
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
