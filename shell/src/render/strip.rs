//! Draws a [`StripView`] on a dial's 200×100 region of the Stream Deck + touch strip.
//!
//! Layout units are the strip's own pixels: the strip is 800×100 device pixels on a Stream Deck +
//! (1200×100 on the + XL), 200×100 a dial, so a 200×100 image lands pixel for pixel, with the
//! renderer's whole-pixel baselines and bar edges intact. (A 400×200 "@2x" image would only be
//! scaled down again by the host, by a filter we do not choose, and cost four times the pixels to
//! encode on every tick of a turn.) Text never goes below the renderer's 12 px floor, which on the
//! strip is 1.6 mm, larger than on a key. Nothing in here panics on any view.
//!
//! This file draws a strip: background, the top row (`top_row.rs`), the body (`bodies.rs`), a
//! warning's frame; `grid.rs` holds the margins they share.

mod bodies;
mod grid;
pub(super) mod top_row;

use super::paint::ring;
use super::{encode_png, Canvas};
use bodies::{alert, chart, gauge, hero, list, status};
use grid::W;
use openbalance_core::strip::{StripBody, StripView};
use openbalance_core::view::{Rgb, Urgency};
use raqote::DrawTarget;

pub use grid::{STRIP_HEIGHT, STRIP_WIDTH};

/// The strip as a 200×100 PNG, ready for `setFeedback`.
pub fn render_strip_png(view: &StripView) -> Vec<u8> {
    encode_png(&render_strip_pixels(view))
}

/// The strip as 200×100 premultiplied ARGB pixels.
pub fn render_strip_pixels(view: &StripView) -> DrawTarget {
    render_strip_pixels_at(view, 1.0)
}

/// The strip drawn `scale` times larger (2.0 for a high-DPI picture of it in the preview).
pub fn render_strip_pixels_at(view: &StripView, scale: f32) -> DrawTarget {
    let scale = if scale.is_finite() {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    };
    let px = |units: u32| (units as f32 * scale).round() as u32;
    let mut canvas = Canvas::sized(px(STRIP_WIDTH), px(STRIP_HEIGHT), scale);
    draw(&mut canvas, view);
    canvas.into_target()
}

/// Every text drawn on the strip, in order.
pub(super) fn drawn_texts(view: &StripView) -> Vec<String> {
    let mut canvas = Canvas::sized(STRIP_WIDTH, STRIP_HEIGHT, 1.0);
    draw(&mut canvas, view);
    canvas.drawn
}

fn draw(canvas: &mut Canvas, view: &StripView) {
    let background = match view.urgency {
        Some(Urgency::Alarm { color }) => color,
        _ => view.background,
    };
    canvas.fill_all(background);
    top_row::draw(canvas, view, background);
    match &view.body {
        StripBody::Status {
            icon,
            headline,
            detail,
        } => status(canvas, icon.as_ref(), headline, detail.as_ref()),
        StripBody::Hero { value, line } => hero(canvas, value, line.as_ref()),
        StripBody::List { rows, selected } => list(canvas, rows, *selected, view.background),
        StripBody::Chart {
            value,
            note,
            bars,
            marked,
        } => chart(canvas, value, note.as_ref(), bars, *marked),
        StripBody::Gauge {
            value,
            fill,
            bar,
            caption,
            note,
        } => gauge(
            canvas,
            value,
            (*fill, *bar),
            (caption.as_ref(), note.as_ref()),
            view.background,
        ),
        StripBody::Alert {
            icon,
            label,
            ratio,
            detail,
            note,
        } => alert(
            canvas,
            icon,
            label,
            ratio.as_ref(),
            detail.as_ref(),
            note.as_ref(),
        ),
    }
    if let Some(Urgency::Warn { color }) = view.urgency {
        frame(canvas, color);
    }
}

/// A watch state's frame round the strip, inside its margin.
fn frame(canvas: &mut Canvas, color: Rgb) {
    canvas.fill(&ring(W, STRIP_HEIGHT as f32, 4.0, 10.0), color, 1.0);
}

#[cfg(test)]
mod tests;
