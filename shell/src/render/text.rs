//! Text on a tile: the embedded Inter faces, measuring, shrinking to fit, ellipsis, wrapping, and
//! blending glyph coverage straight into the canvas. A glyph Inter lacks is drawn from the CJK
//! subsets (`cjk.rs`); one no face has is a replacement mark, an outlined box with a "?".
//!
//! Glyphs are rasterised by rusttype rather than filled as raqote paths: rusttype computes exact
//! area coverage, which keeps 10–13 px labels crisp, where raqote's 4×4 supersampling smears them.
//! Sizes are CSS-like em sizes in layout units (a tile is 144 units wide); rusttype's own "scale"
//! is the ascent-to-descent height, so it is derived, never passed around.

use super::{cjk, Canvas};
use breaks::{breaks, broken_lines, pieces, split_first_line};
use fallback::{replacement, shaped, Piece, REPLACEMENT_ADVANCE};

/// The faces after Inter: CJK subsets, then the replacement mark.
mod breaks;
mod fallback;
use openbalance_core::view::Rgb;
use rusttype::{point, Font, GlyphId, Scale};
use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

/// Labels, names, captions. SemiBold rather than Regular: hairlines vanish on a key seen from
/// half a metre away.
static TEXT_FONT: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");
/// Numbers and headlines. The Display cut is spaced tighter, so long amounts shrink later.
static BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/InterDisplay-Bold.otf");

/// No text is ever this long on a key; cutting here bounds the work for absurd inputs.
const MAX_CHARS: usize = 160;

const ELLIPSIS: char = '…';

pub(crate) struct Faces {
    text: Metrics,
    bold: Metrics,
    /// The CJK subsets in `cjk::FONTS`' order, each parsed when a text first needs it (a Latin
    /// session never touches them); one that fails to parse is left out, and a test catches it.
    cjk: [OnceLock<Option<Metrics>>; 4],
}

/// A face with the numbers layout needs, computed once.
struct Metrics {
    font: Font<'static>,
    /// rusttype scale per em size: (ascent − descent) / units per em.
    scale_per_em: f32,
    /// Height of capitals and digits, per em; what "visually centred" text is centred on.
    cap: f32,
    /// Whether the face's own missing-glyph box has an outline (the subsets keep one); no longer
    /// drawn (a glyph no face has is the replacement mark), still checked by the subset tests.
    #[cfg_attr(not(test), allow(dead_code))]
    notdef_has_outline: bool,
}

impl Metrics {
    fn load(bytes: &'static [u8]) -> Option<Metrics> {
        let font = Font::try_from_bytes(bytes)?;
        let upem = f32::from(font.units_per_em().max(1));
        let v = font.v_metrics_unscaled();
        let scale_per_em = (v.ascent - v.descent) / upem;
        // rusttype exposes no OS/2 cap height; the bounds of "H" are the same thing.
        let cap = font
            .glyph('H')
            .scaled(Scale::uniform(scale_per_em * 1000.0))
            .exact_bounding_box()
            .map(|b| -b.min.y / 1000.0)
            .unwrap_or(0.7);
        let notdef_has_outline = font
            .glyph(GlyphId(0))
            .scaled(Scale::uniform(100.0))
            .exact_bounding_box()
            .is_some();
        Some(Metrics {
            font,
            scale_per_em,
            cap,
            notdef_has_outline,
        })
    }
}

/// `None` only if an embedded font failed to parse: a build defect that tests catch. The
/// renderer then draws tiles without text instead of taking the plugin down.
static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        text: Metrics::load(TEXT_FONT)?,
        bold: Metrics::load(BOLD_FONT)?,
        cjk: Default::default(),
    })
});

#[cfg(test)]
fn fonts_loaded() -> bool {
    FACES.is_some()
}

/// The smallest text a tile shows, in units of the 144-unit tile. A 144×144 image is about 14 mm
/// wide on a key: below 12 px (≈ 1.2 mm cap height) a label stops reading at arm's length.
pub(crate) const MIN_PX: f32 = 12.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Face {
    Text,
    Bold,
}

/// How a run of text is set: face, em size in layout units, extra letter spacing in ems.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub tracking: f32,
    /// A glyph drawn as part of a picture, not text: not held to any legibility floor.
    pub in_icon: bool,
}

impl Style {
    /// A style of `size` px on the 144-unit tile. Below [`MIN_PX`] it does not compile (the
    /// layout's styles are constants) or panics (a test): the floor is the renderer's rule.
    pub const fn new(face: Face, size: f32) -> Style {
        assert!(size >= MIN_PX, "text below the legibility floor");
        Style {
            face,
            size,
            tracking: 0.0,
            in_icon: false,
        }
    }

    /// The smallest style of `face` whose capitals are at least `cap` units tall (and never
    /// below [`MIN_PX`]), in quarter units.
    pub fn with_cap(face: Face, cap: f32) -> Style {
        let per_em = Style::new(face, MIN_PX).cap_height() / MIN_PX;
        let size = if per_em > 0.0 {
            (cap / per_em * 4.0).ceil() / 4.0
        } else {
            MIN_PX
        };
        Style::new(face, MIN_PX).sized(size)
    }

    /// A glyph drawn as part of a picture on its own small grid (the `$` of the 20-unit action
    /// icon), not text on a tile: the floor does not apply.
    pub const fn in_icon(face: Face, size: f32) -> Style {
        Style {
            face,
            size,
            tracking: 0.0,
            in_icon: true,
        }
    }

    pub const fn tracked(self, tracking: f32) -> Style {
        Style { tracking, ..self }
    }

    /// The same style at another size, never below the floor.
    pub fn sized(self, size: f32) -> Style {
        Style {
            size: size.max(MIN_PX),
            ..self
        }
    }

    fn metrics(self) -> Option<&'static Metrics> {
        let faces = FACES.as_ref()?;
        Some(match self.face {
            Face::Text => &faces.text,
            Face::Bold => &faces.bold,
        })
    }

    /// Height of capitals and digits in layout units.
    pub fn cap_height(self) -> f32 {
        self.metrics().map_or(0.7, |m| m.cap) * self.size
    }

    /// Baseline-to-baseline distance for stacked lines.
    pub fn line_height(self) -> f32 {
        self.size * 1.18
    }

    /// Advance width of `text` in layout units.
    pub fn width(self, text: &str) -> f32 {
        let (Some(faces), Some(m)) = (FACES.as_ref(), self.metrics()) else {
            return 0.0;
        };
        let mut width = 0.0;
        let mut previous: Option<(&Metrics, GlyphId)> = None;
        let mut count = 0usize;
        for piece in shaped(faces, m, text) {
            match piece {
                Piece::Glyph(face, id) => {
                    let scale = Scale::uniform(self.size * face.scale_per_em);
                    if let Some((prev_face, prev)) =
                        previous.filter(|(f, _)| std::ptr::eq(*f, face))
                    {
                        width += prev_face.font.pair_kerning(scale, prev, id);
                    }
                    width += face.font.glyph(id).scaled(scale).h_metrics().advance_width;
                    previous = Some((face, id));
                }
                Piece::Replacement => {
                    width += REPLACEMENT_ADVANCE * self.size;
                    previous = None;
                }
            }
            count += 1;
        }
        width + self.tracking * self.size * count.saturating_sub(1) as f32
    }
}

/// Characters that never take room of their own: combining marks, joiners, variation selectors,
/// emoji modifiers and tags.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200B..=0x200F
        | 0x2028..=0x202E
        | 0x2060..=0x206F
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0xFEFF
        | 0x1F3FB..=0x1F3FF
        | 0xE0000..=0xE0FFF)
}

/// Cuts absurdly long input before any measuring, on a character boundary.
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// A single line fitted to `max_width`: the largest size from `style.size` down to `min_size` at
/// which it fits, and if even `min_size` is too wide, cut with "…" at `min_size`.
pub(crate) fn fit(
    style: Style,
    text: &str,
    max_width: f32,
    min_size: f32,
) -> (Style, Cow<'_, str>) {
    let text = bounded(text);
    let min_size = min_size.max(MIN_PX).min(style.size);
    let width = style.width(text);
    if width <= max_width {
        return (style, Cow::Borrowed(text));
    }
    // Width grows linearly with size (tracking is in ems too), so one division finds the size.
    let wanted = (style.size * max_width / width * 4.0).floor() / 4.0;
    if wanted >= min_size {
        return (style.sized(wanted), Cow::Borrowed(text));
    }
    let style = style.sized(min_size);
    (style, Cow::Owned(ellipsize(style, text, max_width)))
}

/// The longest prefix of `text` that still fits with "…" after it.
pub(crate) fn ellipsize(style: Style, text: &str, max_width: f32) -> String {
    let text = bounded(text);
    if style.width(text) <= max_width {
        return text.to_owned();
    }
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let with_ellipsis = |n: usize| {
        let mut s = text[..cuts.get(n).copied().unwrap_or(text.len())]
            .trim_end()
            .to_owned();
        s.push(ELLIPSIS);
        s
    };
    // Binary search the number of characters kept; zero characters (a lone "…") always "fits".
    let (mut lo, mut hi) = (0usize, cuts.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if style.width(&with_ellipsis(mid)) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    with_ellipsis(lo)
}

/// Up to two lines for a headline: one line if it fits at a size close to the preferred one,
/// otherwise the most balanced two-line break, shrinking no further than `min_size`, and cut with
/// "…" when even that is not enough.
pub(crate) fn wrap2(
    style: Style,
    text: &str,
    max_width: f32,
    min_size: f32,
) -> (Style, Vec<String>) {
    let text = bounded(text).trim();
    let min_size = min_size.max(MIN_PX).min(style.size);
    let one_line_floor = (style.size * 0.85).max(min_size);
    let whole = style.width(text);
    let size_for = |widest: f32| {
        if widest <= max_width {
            style.size
        } else {
            (style.size * max_width / widest * 4.0).floor() / 4.0
        }
    };
    let one_line = size_for(whole);
    if one_line >= one_line_floor {
        return (style.sized(one_line), vec![text.to_owned()]);
    }
    let mut best: Option<(f32, usize)> = None;
    for (i, c) in text.char_indices() {
        if !breaks(c) {
            continue;
        }
        let widest = style
            .width(text[..i].trim_end())
            .max(style.width(text[i..].trim_start()));
        // (Not `is_none_or`: the workspace still promises Rust 1.80.)
        let better = match best {
            Some((w, _)) => widest < w,
            None => true,
        };
        if better {
            best = Some((widest, i));
        }
    }
    match best {
        Some((widest, i)) if size_for(widest) >= min_size => (
            style.sized(size_for(widest)),
            vec![
                text[..i].trim_end().to_owned(),
                text[i..].trim_start().to_owned(),
            ],
        ),
        _ if one_line >= min_size => (style.sized(one_line), vec![text.to_owned()]),
        _ => {
            let style = style.sized(min_size);
            // Where words meet when the rest then fits whole, else as much as fits.
            let at_words = split_first_line(style, text, max_width, true);
            let (first, rest) = if style.width(at_words.1) <= max_width {
                at_words
            } else {
                split_first_line(style, text, max_width, false)
            };
            let mut lines = vec![first];
            if !rest.is_empty() {
                lines.push(ellipsize(style, rest, max_width));
            }
            (style, lines)
        }
    }
}

/// `text` in at most `max_lines` lines of `max_width`: at `style`'s size when it fits so, else at
/// the largest size down to `min_size` (never below the floor) at which it does; at `min_size` the
/// last line is cut with "…". Lines break at spaces, and after a hyphen or a slash inside a word,
/// so a model name breaks where it reads ("claude-" / "sonnet-4.5").
pub(crate) fn wrap(
    style: Style,
    text: &str,
    max_width: f32,
    min_size: f32,
    max_lines: usize,
) -> (Style, Vec<String>) {
    let text = bounded(text).trim();
    let max_lines = max_lines.max(1);
    let min_size = min_size.max(MIN_PX).min(style.size);
    let mut size = style.size;
    loop {
        let sized = style.sized(size);
        let lines = greedy_lines(sized, text, max_width);
        if lines.len() <= max_lines || size <= min_size {
            let lines = match lines.len() {
                2 => balanced(sized, text, max_width).unwrap_or(lines),
                _ => lines,
            };
            return (sized, cut_to(sized, lines, max_lines, max_width));
        }
        size = (size - 0.5).max(min_size);
    }
}

/// Two lines as even as the break points allow ("yday vs" / "usual day", not "yday vs usual" /
/// "day"), when both fit.
fn balanced(style: Style, text: &str, max_width: f32) -> Option<Vec<String>> {
    let parts = pieces(text);
    let mut best: Option<(f32, usize)> = None;
    for cut in 1..parts.len() {
        let first = parts[..cut].concat();
        let second = parts[cut..].concat();
        let widest = style
            .width(first.trim_end())
            .max(style.width(second.trim()));
        if widest <= max_width && best.is_none_or(|(w, _)| widest < w) {
            best = Some((widest, cut));
        }
    }
    let (_, cut) = best?;
    Some(vec![
        parts[..cut].concat().trim_end().to_owned(),
        parts[cut..].concat().trim().to_owned(),
    ])
}

/// Lines of at most `max_width`, filled word by word; a word wider than a line is broken where it
/// must be.
fn greedy_lines(style: Style, text: &str, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(text) {
        let candidate = format!("{line}{piece}");
        if style.width(candidate.trim_end()) <= max_width || line.trim().is_empty() {
            line = candidate;
            continue;
        }
        lines.push(line.trim_end().to_owned());
        line = piece.trim_start().to_owned();
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    // A piece wider than the line on its own: broken mid-word rather than run off the tile.
    lines
        .iter()
        .flat_map(|l| broken_lines(style, l, max_width))
        .collect()
}

/// The first `max_lines` of `lines`, the last cut with "…" when some did not fit.
fn cut_to(style: Style, mut lines: Vec<String>, max_lines: usize, max_width: f32) -> Vec<String> {
    if lines.len() <= max_lines {
        return lines;
    }
    let rest = lines.split_off(max_lines - 1).join(" ");
    lines.push(ellipsize(style, &format!("{rest}…"), max_width));
    lines
}

/// Blends `text` onto the canvas with its left end at `x` and its baseline at `baseline`.
pub(crate) fn draw(
    canvas: &mut Canvas,
    style: Style,
    text: &str,
    x: f32,
    baseline: f32,
    color: Rgb,
) {
    let (Some(faces), Some(m)) = (FACES.as_ref(), style.metrics()) else {
        return;
    };
    if !style.in_icon && !text.trim().is_empty() {
        canvas.smallest_cap = canvas.smallest_cap.min(style.cap_height());
        canvas.drawn.push(text.to_owned());
    }
    let s = canvas.scale;
    let track = style.tracking * style.size * s;
    // Whole-pixel baselines keep the flat tops and bottoms of digits sharp.
    let y = (baseline * s).round();
    let mut pen = x * s;
    let mut previous: Option<Option<(&Metrics, GlyphId)>> = None;
    for piece in shaped(faces, m, text) {
        match piece {
            Piece::Glyph(face, id) => {
                let scale = Scale::uniform(style.size * s * face.scale_per_em);
                if let Some(prev) = previous {
                    if let Some((prev_face, prev)) = prev.filter(|(f, _)| std::ptr::eq(*f, face)) {
                        pen += prev_face.font.pair_kerning(scale, prev, id);
                    }
                    pen += track;
                }
                let glyph = face.font.glyph(id).scaled(scale);
                let advance = glyph.h_metrics().advance_width;
                let glyph = glyph.positioned(point(pen, y));
                if let Some(bb) = glyph.pixel_bounding_box() {
                    glyph.draw(|gx, gy, coverage| {
                        canvas.blend_pixel(
                            bb.min.x + gx as i32,
                            bb.min.y + gy as i32,
                            coverage,
                            color,
                        );
                    });
                }
                pen += advance;
                previous = Some(Some((face, id)));
            }
            Piece::Replacement => {
                if previous.is_some() {
                    pen += track;
                }
                replacement(canvas, m, &faces.bold, style.size * s, pen, y, color);
                pen += REPLACEMENT_ADVANCE * style.size * s;
                previous = Some(None);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Center,
    Right,
}

/// Draws `text` with its centre or right end at `x`.
pub(crate) fn draw_aligned(
    canvas: &mut Canvas,
    style: Style,
    text: &str,
    x: f32,
    baseline: f32,
    align: Align,
    color: Rgb,
) {
    let left = match align {
        Align::Center => x - style.width(text) / 2.0,
        Align::Right => x - style.width(text),
    };
    draw(canvas, style, text, left, baseline, color);
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::new(Face::Text, 14.0);

    #[test]
    fn fonts_parse_and_have_the_symbols_the_core_uses() {
        assert!(fonts_loaded());
        for face in [Face::Text, Face::Bold] {
            let m = Style::new(face, 12.0).metrics().expect("fonts load");
            for c in "$€£¥0123456789.,%−—–…·×→↑↓ABCxyz".chars() {
                assert_ne!(m.font.glyph(c).id().0, 0, "{c:?} missing from {face:?}");
            }
        }
    }

    #[test]
    fn fitting_shrinks_then_cuts() {
        let (style, text) = fit(BODY, "short", 124.0, 12.0);
        assert_eq!((style.size, text.as_ref()), (14.0, "short"));
        let long = "a rather long model name that goes on";
        let (style, text) = fit(BODY, long, 124.0, 12.0);
        assert_eq!(style.size, 12.0);
        assert!(text.ends_with('…'));
        assert!(style.width(&text) <= 124.0);
        let (style, text) = fit(BODY, "slightly too long for it", 124.0, 8.0);
        assert!(style.size < 14.0 && style.width(&text) <= 124.0);
        assert!(!text.ends_with('…'));
        // Asked for less than the floor, it stops at the floor and cuts.
        let wide = "wide ".repeat(20);
        let (style, text) = fit(BODY, &wide, 124.0, 6.0);
        assert_eq!(style.size, MIN_PX);
        assert!(text.ends_with('…'));
    }

    #[test]
    #[should_panic(expected = "legibility floor")]
    fn a_style_below_the_floor_is_refused() {
        let _ = Style::new(Face::Text, 11.0);
    }

    #[test]
    fn ellipsis_always_fits_even_in_no_room() {
        assert_eq!(ellipsize(BODY, "abcdef", 0.0), "…");
        assert_eq!(ellipsize(BODY, "", 0.0), "");
    }

    #[test]
    fn headlines_wrap_in_balance() {
        let style = Style::new(Face::Bold, 19.0);
        let (_, lines) = wrap2(style, "Not a Management key", 124.0, 14.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let (s, lines) = wrap2(style, "Offline", 124.0, 14.0);
        assert_eq!((s.size, lines), (19.0, vec!["Offline".to_owned()]));
        let (s, lines) = wrap2(style, &"x".repeat(500), 124.0, 14.0);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| s.width(l) <= 124.0));
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_model_names_and_cuts_only_at_the_floor() {
        let style = Style::new(Face::Text, 22.0);
        let (s, lines) = wrap(style, "claude-sonnet-4.5", 128.0, 22.0, 2);
        assert_eq!(
            (s.size, lines.clone()),
            (22.0, vec!["claude-".to_owned(), "sonnet-4.5".to_owned()])
        );
        let (_, lines) = wrap(style, "Add it in settings", 128.0, 22.0, 2);
        assert_eq!(lines, ["Add it in", "settings"]);
        let (s, lines) = wrap(style, "short", 128.0, 22.0, 1);
        assert_eq!((s.size, lines), (22.0, vec!["short".to_owned()]));
        // Too long for two lines even at the floor: two lines, the last cut.
        let (s, lines) = wrap(style, &"word ".repeat(30), 128.0, 22.0, 2);
        assert_eq!(s.size, 22.0);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| s.width(l) <= 128.0), "{lines:?}");
        // One unbroken word wider than the line is broken mid-word, never left to run off.
        let (s, lines) = wrap(style, &"W".repeat(20), 128.0, 22.0, 4);
        assert!(
            lines.len() >= 3 && lines.iter().all(|l| s.width(l) <= 128.0),
            "{lines:?}"
        );
        assert_eq!(wrap(style, "", 128.0, 22.0, 2).1, Vec::<String>::new());
    }

    #[test]
    fn a_style_with_a_cap_height_has_capitals_that_tall() {
        for (face, cap) in [(Face::Text, 16.0), (Face::Bold, 12.0), (Face::Text, 8.0)] {
            let style = Style::with_cap(face, cap);
            assert!(style.cap_height() >= cap - 0.001, "{face:?} {cap}");
            assert!(style.size >= MIN_PX);
        }
        assert_eq!(Style::with_cap(Face::Text, 1.0).size, MIN_PX);
    }

    #[test]
    fn missing_glyphs_take_no_room_or_a_box() {
        let plain = BODY.width("ab");
        assert_eq!(BODY.width("a\u{200D}b"), plain);
        assert!(BODY.width("a😀b") >= plain);
        assert!(BODY.width("a\tb") > plain);
    }

    #[test]
    fn the_subset_fonts_keep_european_scripts_and_the_missing_glyph_box() {
        // assets/fonts/subset.sh keeps Latin-1, Latin Extended-A, Greek and basic Cyrillic; the
        // rest (here Vietnamese ạ) falls back to the outlined .notdef box.
        for face in [Face::Text, Face::Bold] {
            let m = Style::new(face, 12.0).metrics().expect("fonts load");
            assert!(m.notdef_has_outline, "{face:?}");
            for c in "éÅßŁœΩλЖё€™".chars() {
                assert_ne!(m.font.glyph(c).id().0, 0, "{c:?} missing from {face:?}");
            }
            assert_eq!(m.font.glyph('ạ').id().0, 0, "{face:?}");
        }
        assert!(BODY.width("aạb") > BODY.width("ab"));
    }
}

/// The CJK fallback and the replacement mark, against the catalogue.
#[cfg(test)]
mod glyph_tests;
