//! The faces after Inter (issue 19): a character Inter lacks is looked up in the CJK subsets
//! (`render/cjk.rs`), in the person's language's order; one no face has is the replacement mark.

use super::{cjk, is_invisible, Faces, Metrics, MAX_CHARS};
#[cfg(test)]
use super::{Face, Style, FACES, MIN_PX};

impl Faces {
    /// CJK subset `face`, parsed the first time it is asked for.
    pub(super) fn cjk(&self, face: usize) -> Option<&Metrics> {
        let bytes = cjk::FONTS.get(face)?;
        self.cjk
            .get(face)?
            .get_or_init(|| Metrics::load(bytes))
            .as_ref()
    }
}
use crate::render::Canvas;
use openbalance_core::view::Rgb;
use rusttype::{point, GlyphId, Scale};

/// How one character is drawn: a glyph of some face, or the replacement mark.
#[derive(Clone, Copy)]
pub(super) enum Piece<'a> {
    Glyph(&'a Metrics, GlyphId),
    Replacement,
}

/// The replacement mark's advance, in ems: a box about as wide as a capital, and room around it.
pub(super) const REPLACEMENT_ADVANCE: f32 = 0.72;

/// The pieces a string is drawn with: `primary`'s glyph when it has one (so English draws exactly
/// as before), blanks as its space, invisible joiners and marks as nothing, then the CJK subsets
/// in the person's language's order, and the replacement mark for what no face has.
pub(super) fn shaped<'a>(
    faces: &'a Faces,
    primary: &'a Metrics,
    text: &'a str,
) -> impl Iterator<Item = Piece<'a>> + 'a {
    let order = cjk::order();
    text.chars().take(MAX_CHARS).filter_map(move |c| {
        let id = primary.font.glyph(c).id();
        if id.0 != 0 {
            return Some(Piece::Glyph(primary, id));
        }
        if c.is_whitespace() || c.is_control() {
            let space = primary.font.glyph(' ').id();
            return (space.0 != 0).then_some(Piece::Glyph(primary, space));
        }
        if is_invisible(c) {
            return None;
        }
        let fallback = order.iter().find_map(|&i| {
            let face = faces.cjk(i)?;
            let id = face.font.glyph(c).id();
            (id.0 != 0).then_some(Piece::Glyph(face, id))
        });
        Some(fallback.unwrap_or(Piece::Replacement))
    })
}

/// Whether some face draws `c` (Inter's `face`, else a CJK subset): what the glyph tests ask.
#[cfg(test)]
pub(super) fn has_glyph(face: Face, c: char) -> bool {
    let (Some(faces), Some(m)) = (FACES.as_ref(), Style::new(face, MIN_PX).metrics()) else {
        return false;
    };
    let text = c.to_string();
    let drawn = shaped(faces, m, &text).all(|p| matches!(p, Piece::Glyph(..)));
    drawn
}

/// The mark for a character no face has, at `em` device pixels with its left at `pen` and the
/// baseline at `y`: a box outline as tall as `face`'s capitals, with a bold "?" inside it.
/// Clear at a glance (something is there, and it is not a letter), never an empty box.
pub(super) fn replacement(
    canvas: &mut Canvas,
    face: &Metrics,
    bold: &Metrics,
    em: f32,
    pen: f32,
    y: f32,
    color: Rgb,
) {
    let cap = face.cap * em;
    let left = (pen + 0.08 * em).round() as i32;
    let right = (pen + (REPLACEMENT_ADVANCE - 0.08) * em).round() as i32;
    let top = (y - cap).round() as i32;
    let bottom = y as i32;
    let stroke = ((0.09 * em).round() as i32).max(1);
    for py in top..bottom {
        for px in left..right {
            let edge = px < left + stroke
                || px >= right - stroke
                || py < top + stroke
                || py >= bottom - stroke;
            if edge {
                canvas.blend_pixel(px, py, 1.0, color);
            }
        }
    }
    // The question mark, bold, 85% of the size, centred in the box.
    let scale = Scale::uniform(0.85 * em * bold.scale_per_em);
    let glyph = bold.font.glyph('?').scaled(scale);
    let width = glyph.h_metrics().advance_width;
    let mark_cap = bold.cap * 0.85 * em;
    let x = (left + right) as f32 / 2.0 - width / 2.0;
    let base = (y - (cap - mark_cap) / 2.0).round();
    let glyph = glyph.positioned(point(x, base));
    if let Some(bb) = glyph.pixel_bounding_box() {
        glyph.draw(|gx, gy, coverage| {
            canvas.blend_pixel(bb.min.x + gx as i32, bb.min.y + gy as i32, coverage, color);
        });
    }
}
