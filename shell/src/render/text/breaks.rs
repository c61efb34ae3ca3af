//! Where a line may break: at spaces (not the no-break ones that hold an amount to its sign),
//! after a hyphen or a slash, and in Chinese, Japanese and Korean written without spaces where
//! two words meet; and how much of a text fits a first line.

use super::Style;

/// As much of `text` as fits on one line, broken after a word when there is one to break after:
/// at a space, or, with `meet`, where Japanese changes script ("アカウント" / "なし",
/// "OpenRouterに" / "接続不可"), which is where its words meet, since it writes no spaces.
pub(super) fn split_first_line(
    style: Style,
    text: &str,
    max_width: f32,
    meet: bool,
) -> (String, &str) {
    let mut fit_end = 0;
    let mut word_end = None;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if meet && previous.is_some_and(|p| words_meet(p, c)) {
            word_end = Some(i);
        }
        if style.width(&text[..end]) > max_width {
            break;
        }
        fit_end = end;
        if breaks(c) {
            word_end = Some(i);
        }
        previous = Some(c);
    }
    if fit_end >= text.len() {
        return (text.to_owned(), "");
    }
    // A single word wider than the line is broken mid-word: better than an empty first line.
    let cut = match word_end {
        Some(i) if i > 0 && i <= fit_end => i,
        _ => fit_end.max(text.chars().next().map_or(0, char::len_utf8)),
    };
    (text[..cut].trim_end().to_owned(), text[cut..].trim_start())
}

/// The scripts a line may break between where no space is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Hiragana,
    Katakana,
    Han,
    Hangul,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x3041..=0x309F => Script::Hiragana,
        0x30A0..=0x30FF | 0x31F0..=0x31FF => Script::Katakana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0xAC00..=0xD7A3 => Script::Hangul,
        _ => Script::Other,
    }
}

/// Whether two words meet between `before` and `after` in text written without spaces: a change
/// of script with Chinese, Japanese or Korean on one side; but never before a particle (を, に …)
/// nor the kana that read with the character before them (okurigana after a Han character, the
/// long-vowel mark, small kana), and never before closing punctuation.
fn words_meet(before: char, after: char) -> bool {
    let (b, a) = (script(before), script(after));
    if b == a || (b == Script::Other && a == Script::Other) {
        return false;
    }
    if b == Script::Han && a == Script::Hiragana {
        return false;
    }
    if matches!(
        after,
        'を' | 'が'
            | 'に'
            | 'の'
            | 'は'
            | 'へ'
            | 'で'
            | 'と'
            | 'も'
            | 'や'
            | 'か'
            | 'ー'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
    ) {
        return false;
    }
    !after.is_ascii_punctuation() && !"、。，．」』）)".contains(after) && !before.is_whitespace()
}

/// `text` cut after each space, hyphen and slash (each kept with the piece before it).
pub(super) fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if breaks(c) || c == '-' || c == '/' {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Whether a line may break at `c`: any space but the no-break ones, which hold an amount to its
/// sign and a number to its unit ("4,41 $", "1 234", "45 %" in German, French and Spanish).
pub(super) fn breaks(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// `line`, wider than `max_width`, in lines of it: broken where words meet unless that takes more
/// lines than breaking anywhere (a line is worth more than a phrase on a key).
pub(super) fn broken_lines(style: Style, line: &str, max_width: f32) -> Vec<String> {
    let at = |meet: bool| {
        let mut out = Vec::new();
        let mut rest = line;
        while style.width(rest) > max_width && rest.chars().count() > 1 {
            let (first, after) = split_first_line(style, rest, max_width, meet);
            if after.len() == rest.len() {
                break;
            }
            out.push(first);
            rest = after;
        }
        if !rest.is_empty() {
            out.push(rest.to_owned());
        }
        out
    };
    let (words, anywhere) = (at(true), at(false));
    if words.len() <= anywhere.len() {
        words
    } else {
        anywhere
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Face, Style};
    use super::*;

    const STYLE: Style = Style::new(Face::Text, 12.0);

    /// The first line of `text` on a line as wide as `room` written out.
    fn first(text: &str, room: &str) -> (String, String) {
        let (a, b) = split_first_line(STYLE, text, STYLE.width(room), true);
        (a, b.to_owned())
    }

    #[test]
    fn japanese_breaks_where_its_words_meet() {
        let split = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            first("アカウントなし", "アカウントな"),
            split("アカウント", "なし")
        );
        assert_eq!(
            first("OpenRouterに接続不可", "OpenRouterに接続"),
            split("OpenRouterに", "接続不可")
        );
        // Never before a particle, nor between a Han character and the kana read with it.
        assert_eq!(first("キーを確認", "キーを確"), split("キーを", "確認"));
        assert_eq!(first("選択する", "選択す"), split("選択す", "る"));
    }

    #[test]
    fn a_break_where_words_meet_costs_no_line() {
        let room = STYLE.width("キーの種類");
        let lines = broken_lines(STYLE, "キーの種類が違います", room);
        assert_eq!(lines.len(), 2, "{lines:?}");
        // Where it costs none, the words stay whole.
        let lines = broken_lines(STYLE, "アカウントなし", STYLE.width("アカウントな"));
        assert_eq!(lines, ["アカウント", "なし"]);
    }

    #[test]
    fn latin_breaks_as_before() {
        assert!(!words_meet('a', 'b') && !words_meet('-', 'b') && !words_meet('4', '.'));
        let (a, b) = first("claude-sonnet-4.5", "claude-son");
        assert_eq!((a.as_str(), b.as_str()), ("claude-son", "net-4.5"));
    }
}
