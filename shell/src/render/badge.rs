//! The badge (the stale marker: "offline", "wait 30m") as a pill, one for keys and strips: its
//! size, the one rule for the ink its word is knocked out in, and its drawing. Where it goes is
//! the key's top (`layout/top.rs`) or the strip's top row (`strip/top_row.rs`).

use super::paint::rounded_rect;
use super::text::{self, Align, Style};
use super::Canvas;
use openbalance_core::palette::contrast;
use openbalance_core::view::Rgb;

/// Room between the ends of the pill and its word.
const PAD: f32 = 5.0;

/// The widest pill, ends included, where the word fits whole: room for the longest badge word in
/// any language ("dans 30 min") at the size badges are drawn, so a translation is never cut where
/// English is not.
pub(super) const WIDEST: f32 = 82.0;

/// The widest pill for a word that is cut all the same: as wide as the English words need, so
/// the header keeps its room beside it.
pub(super) const CUT_WIDEST: f32 = 66.0;

/// The least contrast of the badge's word on its pill: WCAG's for small text.
const READS: f64 = 4.5;

/// The ink of a badge's word on a pill of `fill` drawn on `background`: the background itself
/// when it reads there, so the word looks cut out of the pill; else black or white, whichever
/// reads better (one of the two always does, by at least 4.58:1).
pub(super) fn ink(fill: Rgb, background: Rgb) -> Rgb {
    if contrast(background, fill) >= READS {
        return background;
    }
    let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
    if contrast(white, fill) >= contrast(black, fill) {
        white
    } else {
        black
    }
}

/// A pill solid in the badge's colour with its word knocked out in [`ink`]; or, without a word,
/// a dot in the badge's colour (a key's mark that its numbers are old).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Badge {
    style: Style,
    /// The word as drawn, cut to fit; empty for a mark.
    pub(super) text: String,
    fill: Rgb,
    ink: Rgb,
    pub(super) width: f32,
    height: f32,
}

impl Badge {
    /// `words` in `style` on a pill at most `whole_width` wide when they fit it whole, else cut
    /// with "…" (rather than shrunk) on one at most `cut_width` wide; as tall as its capitals and
    /// a little room above and below them.
    pub(super) fn pill(
        style: Style,
        words: &str,
        (whole_width, cut_width): (f32, f32),
        fill: Rgb,
        background: Rgb,
    ) -> Badge {
        let max_width = if style.width(words) <= whole_width - 2.0 * PAD {
            whole_width
        } else {
            cut_width
        };
        let (style, text) = text::fit(style, words, max_width - 2.0 * PAD, style.size);
        let height = (style.cap_height() + 8.3).round();
        let width = (style.width(&text) + 2.0 * PAD).max(height);
        Badge {
            style,
            text: text.into_owned(),
            fill,
            ink: ink(fill, background),
            width,
            height,
        }
    }

    /// The same pill `height` tall (the strip's row fixes it).
    pub(super) fn tall(self, height: f32) -> Badge {
        let width = (self.style.width(&self.text) + 2.0 * PAD).max(height);
        Badge {
            width,
            height,
            ..self
        }
    }

    /// A dot `side` units across in `fill`, with no word.
    pub(super) fn mark(style: Style, side: f32, fill: Rgb) -> Badge {
        Badge {
            style,
            text: String::new(),
            fill,
            ink: fill,
            width: side,
            height: side,
        }
    }

    /// Draws the pill centred on `cap_middle` (the middle of the capitals of the line it sits
    /// on), ending at `right`; returns its left edge.
    pub(super) fn draw(&self, canvas: &mut Canvas, cap_middle: f32, right: f32) -> f32 {
        let top = cap_middle - self.height / 2.0;
        let left = right - self.width;
        canvas.fill(
            &rounded_rect(left, top, self.width, self.height, self.height / 2.0, true),
            self.fill,
            1.0,
        );
        let baseline = (cap_middle + self.style.cap_height() / 2.0).round();
        text::draw_aligned(
            canvas,
            self.style,
            &self.text,
            left + self.width / 2.0,
            baseline,
            Align::Center,
            self.ink,
        );
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every badge colour, on the backgrounds a badge sits on and on its own colour, gets an ink
    /// that reads on it; the background whenever that reads.
    #[test]
    fn the_ink_reads_on_every_fill() {
        let steps = (0..=255u8).step_by(5);
        for r in steps.clone() {
            for g in steps.clone() {
                for b in steps.clone() {
                    let fill = Rgb(r, g, b);
                    for background in [Rgb(0x11, 0x13, 0x18), Rgb(0xf5, 0xf6, 0xf8), fill] {
                        let ink = ink(fill, background);
                        assert!(contrast(ink, fill) >= READS, "{ink:?} on {fill:?}");
                        if contrast(background, fill) >= READS {
                            assert_eq!(ink, background);
                        }
                    }
                }
            }
        }
    }

    /// Where the tile's background does not read on the badge, the better of black and white.
    #[test]
    fn off_the_background_the_better_of_black_and_white() {
        let amber = Rgb(0xf5, 0x9e, 0x0b);
        assert_eq!(ink(amber, Rgb(0xb9, 0x1c, 0x1c)), Rgb(0, 0, 0));
        let brown = Rgb(0xb4, 0x53, 0x09);
        assert_eq!(ink(brown, Rgb(0xc8, 0x1e, 0x1e)), Rgb(255, 255, 255));
        // Near the crossing (luminance 0.179) both read; the better one is taken.
        let (darker, lighter) = (Rgb(117, 117, 117), Rgb(118, 118, 118));
        for grey in [darker, lighter] {
            assert!(contrast(Rgb(0, 0, 0), grey) >= READS);
            assert!(contrast(Rgb(255, 255, 255), grey) >= READS);
        }
        assert_eq!(ink(darker, darker), Rgb(255, 255, 255));
        assert_eq!(ink(lighter, lighter), Rgb(0, 0, 0));
    }
}
