//! The CJK fallback and the replacement mark: every catalogue character has a glyph, CJK draws
//! at the text's size from its own subset, a glyph no face has draws the mark, and any text
//! measures and draws without a panic.

use super::fallback::{has_glyph, REPLACEMENT_ADVANCE};
use super::*;

/// Every character every catalogue message, phrase, weekday, month and number can put on a
/// key, in every language, has a glyph in Inter or in a CJK subset: the subsets can never fall
/// behind the catalogue (`scripts/font-subset` rebuilds them from it). And each East Asian
/// language finds its own characters in its own subset, so they take its glyph forms.
#[test]
fn every_catalogue_character_has_a_glyph() {
    use openbalance_core::catalogue::samples;
    use openbalance_core::lang::Lang;
    let faces = FACES.as_ref().expect("fonts load");
    assert!(
        (0..cjk::FONTS.len()).all(|i| faces.cjk(i).is_some()),
        "every CJK subset parses"
    );
    let mut missing = vec![];
    for lang in Lang::ALL {
        let own = cjk::face_of(lang).and_then(|i| faces.cjk(i));
        for text in samples(lang) {
            for c in text
                .chars()
                .filter(|c| !c.is_whitespace() && !is_invisible(*c))
            {
                for face in [Face::Text, Face::Bold] {
                    if !has_glyph(face, c) {
                        missing.push(format!("{lang:?} {c:?} ({face:?}) in {text:?}"));
                    }
                }
                let inter =
                    faces.text.font.glyph(c).id().0 != 0 && faces.bold.font.glyph(c).id().0 != 0;
                if let (false, Some(own)) = (inter, own) {
                    if own.font.glyph(c).id().0 == 0 {
                        missing.push(format!("{lang:?} {c:?} is not in its own subset"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "no glyph:\n{}", missing.join("\n"));
}

/// Pixels drawn by `text` on a fresh canvas, and their bounding box.
fn ink(style: Style, text: &str) -> (usize, Option<(i32, i32, i32, i32)>) {
    let mut canvas = Canvas::sized(300, 60, 1.0);
    draw(&mut canvas, style, text, 4.0, 40.0, Rgb(255, 255, 255));
    let w = canvas.dt.width();
    let mut count = 0;
    let mut bbox: Option<(i32, i32, i32, i32)> = None;
    for (i, px) in canvas.dt.get_data().iter().enumerate() {
        if px >> 24 > 40 {
            count += 1;
            let (x, y) = (i as i32 % w, i as i32 / w);
            bbox = Some(match bbox {
                None => (x, y, x, y),
                Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
            });
        }
    }
    (count, bbox)
}

#[test]
fn cjk_text_draws_from_its_subset_at_the_texts_size() {
    let style = Style::new(Face::Bold, 24.0);
    for text in ["残高", "잔액", "余额", "餘額"] {
        let (count, bbox) = ink(style, text);
        assert!(count > 80, "{text} drew {count} pixels");
        let (x0, y0, x1, y1) = bbox.expect("ink");
        // Two ideographs or syllables are about two ems wide and about an em tall.
        assert!((36..=52).contains(&(x1 - x0)), "{text}: {x0}..{x1}");
        assert!((16..=28).contains(&(y1 - y0)), "{text}: {y0}..{y1}");
        let width = style.width(text);
        assert!((44.0..=50.0).contains(&width), "{text}: advance {width}");
    }
    // Latin beside CJK keeps Inter's glyphs: the same width as Inter alone plus the CJK part.
    let mixed = Style::new(Face::Text, 14.0);
    assert!((mixed.width("$12 残高") - mixed.width("$12 ") - mixed.width("残高")).abs() < 0.01);
}

/// A character no face has (an emoji, a Han character the catalogue never uses, a private-use
/// one) draws the replacement mark: ink where it stands, the width of the mark, no panic.
#[test]
fn a_glyph_no_face_has_draws_the_replacement_mark() {
    let style = Style::new(Face::Text, 24.0);
    for unknown in ["😀", "龘", "\u{E000}", "\u{10FFFD}"] {
        let (count, bbox) = ink(style, unknown);
        let (x0, y0, x1, y1) = bbox.expect("the mark is drawn");
        assert!(count > 60, "{unknown:?}: {count} pixels");
        // As tall as a capital, narrower than the advance.
        let cap = style.cap_height();
        assert!(
            ((y1 - y0 + 1) as f32 - cap).abs() <= 2.0,
            "{unknown:?}: {y0}..{y1} vs cap {cap}"
        );
        assert!(
            (x1 - x0) as f32 <= REPLACEMENT_ADVANCE * 24.0,
            "{unknown:?}"
        );
        assert!((style.width(unknown) - REPLACEMENT_ADVANCE * 24.0).abs() < 0.01);
        // The mark is not an empty box: its middle has ink (the question mark).
        let mut canvas = Canvas::sized(300, 60, 1.0);
        draw(&mut canvas, style, unknown, 4.0, 40.0, Rgb(255, 255, 255));
        let (mx, my) = ((x0 + x1) / 2, (y0 + y1) / 2);
        let w = canvas.dt.width();
        let middle = (my - 3..=my + 3)
            .flat_map(|y| (mx - 2..=mx + 2).map(move |x| (x, y)))
            .filter(|(x, y)| canvas.dt.get_data()[(y * w + x) as usize] >> 24 > 40)
            .count();
        assert!(middle > 0, "{unknown:?}: the box is empty");
    }
    // In a name, the mark takes its place between the letters.
    let name = "prod 😀 key";
    assert!(style.width(name) > style.width("prod  key"));
    assert_eq!(
        ink(style, "prod \u{200D} key").0,
        ink(style, "prod  key").0,
        "joiners take no room"
    );
}

proptest::proptest! {
    #[test]
    fn any_text_measures_and_draws_without_panicking(text in "\\PC{0,40}") {
        let style = Style::new(Face::Text, 13.0);
        let width = style.width(&text);
        proptest::prop_assert!(width.is_finite() && width >= 0.0);
        let mut canvas = Canvas::sized(200, 40, 1.0);
        draw(&mut canvas, style, &text, 0.0, 30.0, Rgb(1, 2, 3));
    }
}

#[test]
fn no_break_spaces_hold_an_amount_together() {
    let style = Style::new(Face::Text, 22.0);
    let (_, lines) = wrap(
        style,
        "gestern 4,41\u{a0}$ \u{2212}13\u{a0}%",
        128.0,
        22.0,
        3,
    );
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with('$') && !l.starts_with('%')),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("4,41\u{a0}$")), "{lines:?}");
    assert!(!breaks('\u{202f}') && !breaks('\u{a0}') && breaks(' '));
}
