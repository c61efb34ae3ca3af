//! The strip's grid: its margins and its header's line, in the strip's own pixels.

use crate::render::text::{Face, Style};

/// A dial's region of the touch strip, in pixels (and layout units).
pub const STRIP_WIDTH: u32 = 200;
pub const STRIP_HEIGHT: u32 = 100;

pub(super) const W: f32 = STRIP_WIDTH as f32;
pub(super) const MARGIN: f32 = 8.0;
pub(super) const RIGHT: f32 = W - MARGIN;
pub(super) const BOTTOM: f32 = STRIP_HEIGHT as f32 - 8.0;
pub(super) const WIDTH: f32 = W - 2.0 * MARGIN;

pub(super) const HEADER: Style = Style::new(Face::Text, 12.0).tracked(0.04);
pub(super) const HEADER_BASELINE: f32 = 17.0;

/// The middle of the header's capitals: the top row's other marks centre on it.
pub(super) fn header_middle() -> f32 {
    HEADER_BASELINE - HEADER.cap_height() / 2.0
}
