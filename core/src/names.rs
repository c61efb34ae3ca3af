//! Names people give things (an account's label, a key's or a workspace's name), made fit to draw
//! on a key and to write in a log: one rule for all of them (vocabulary).

/// The bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069): in a log
/// line they turn the rest of the line around for whoever reads it, so a label could make a
/// line say something else; on a tile they draw as nothing useful.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters and bidirectional controls dropped, runs of spaces made one,
/// cut to `max_chars`; `None` when nothing is left.
pub fn clean(text: &str, max_chars: usize) -> Option<String> {
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(max_chars)
        .collect();
    let trimmed = flat.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
