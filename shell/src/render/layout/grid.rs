//! The size classes of a key: a [`Grid`] per [`KeySize`] (72–80-pixel keys Small, 96–120
//! Medium, else Large), with its margins, the floor under every text's capitals, and where the
//! header's lines and the body start.
//!
//! Stream Deck scales the 144-pixel image to the key: to 72 pixels on the original Stream Deck and
//! the MK.2, so a 12-unit label there has capitals 4 pixels tall. The floor is stated in the key's
//! own pixels (capitals at least about 8 of them tall: 16 units for a 72-pixel key, 12 for a
//! 96-pixel one, 8 for 144).

use crate::render::text::{self, Align, Face, Style};
use crate::render::{Canvas, UNITS};
use openbalance_core::view::{KeySize, Rgb};

/// The middle of the 144-unit tile, where centred texts and rows are centred.
pub(super) const CENTER: f32 = UNITS / 2.0;

/// A large key's header, the style every other header and label is measured against.
const HEADER: Style = Style::new(Face::Text, 12.0).tracked(0.04);

/// The layout of one key size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Grid {
    pub(super) size: KeySize,
    pub(super) margin: f32,
    /// Least cap height of any text, in layout units.
    pub(super) floor_cap: f32,
}

impl Grid {
    pub(crate) fn of(size: KeySize) -> Grid {
        match size {
            // 7.9 device pixels on a 72-pixel key, 8.8 on the Mini's 80.
            KeySize::Small => Grid {
                size,
                margin: 8.0,
                floor_cap: 15.75,
            },
            // 8 device pixels on the XL's and Neo's 96, 9.3 on the + XL's 112, 10 on the +'s 120.
            KeySize::Medium => Grid {
                size,
                margin: 9.0,
                floor_cap: 12.0,
            },
            KeySize::Large => Grid {
                size,
                margin: 10.0,
                floor_cap: 8.0,
            },
        }
    }

    pub(super) fn left(&self) -> f32 {
        self.margin
    }

    pub(super) fn right(&self) -> f32 {
        UNITS - self.margin
    }

    pub(super) fn bottom(&self) -> f32 {
        UNITS - self.margin
    }

    pub(super) fn width(&self) -> f32 {
        UNITS - 2.0 * self.margin
    }

    pub(super) fn small(&self) -> bool {
        self.size == KeySize::Small
    }

    pub(super) fn large(&self) -> bool {
        self.size == KeySize::Large
    }

    /// The smallest size of `face` this key allows.
    pub(super) fn floor(&self, face: Face) -> f32 {
        Style::with_cap(face, self.floor_cap).size
    }

    /// `face` at `size`, or at the floor when that is larger.
    pub(super) fn style(&self, face: Face, size: f32) -> Style {
        Style::new(face, text::MIN_PX).sized(size.max(self.floor(face)))
    }

    /// The header's style: the large key's 12 units, tracked, or the floor.
    pub(super) fn header(&self) -> Style {
        match self.size {
            KeySize::Large => HEADER,
            _ => self.style(Face::Text, 0.0).tracked(0.02),
        }
    }

    /// The first header line's baseline.
    pub(super) fn header_baseline(&self) -> f32 {
        match self.size {
            KeySize::Large => 19.5,
            _ => (self.margin + 1.0 + self.header().cap_height()).round(),
        }
    }

    /// From a header line's baseline to the next.
    pub(super) fn header_pitch(&self) -> f32 {
        (self.header().line_height() + 0.5).round()
    }

    /// From the last header line's baseline to where the body's space starts.
    pub(super) fn body_gap(&self) -> f32 {
        match self.size {
            KeySize::Large => 9.5,
            KeySize::Medium => 10.0,
            KeySize::Small => 9.0,
        }
    }

    /// Most lines a headline or a name may take.
    /// (On a large key a headline takes two, shrinking first; on smaller keys a word no longer
    /// fits beside another at the floor: "Not a" / "Management" / "key".)
    pub(super) fn lines(&self) -> usize {
        match self.size {
            KeySize::Large => 2,
            _ => 3,
        }
    }
}

/// Draws `lines` centred, the first on `baseline`; returns the last line's baseline.
pub(super) fn centred_lines(
    canvas: &mut Canvas,
    style: Style,
    lines: &[String],
    baseline: f32,
    color: Rgb,
) -> f32 {
    let mut baseline = baseline;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            baseline += style.line_height();
        }
        text::draw_aligned(canvas, style, line, CENTER, baseline, Align::Center, color);
    }
    baseline
}
