//! What the key and the strip both paint with: rounded rectangles (pills, bars, tracks), the ring a
//! warning frames a tile or a strip in, a bar's drawn height, a gauge's track, and one colour mixed
//! over another. One shape per idea, so a key and a strip draw the same thing the same way.

use super::Canvas;
use openbalance_core::view::{Bar, Rgb};
use raqote::PathBuilder;
use std::f32::consts::PI;

/// A rectangle with rounded corners: all four, or only the top two (for bars standing on a
/// baseline).
pub(super) fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32, all: bool) -> raqote::Path {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    let mut pb = PathBuilder::new();
    pb.move_to(x, y + r);
    pb.arc(x + r, y + r, r, PI, PI / 2.0);
    pb.line_to(x + w - r, y);
    pb.arc(x + w - r, y + r, r, -PI / 2.0, PI / 2.0);
    if all {
        pb.line_to(x + w, y + h - r);
        pb.arc(x + w - r, y + h - r, r, 0.0, PI / 2.0);
        pb.line_to(x + r, y + h);
        pb.arc(x + r, y + h - r, r, PI / 2.0, PI / 2.0);
    } else {
        pb.line_to(x + w, y + h);
        pb.line_to(x, y + h);
    }
    pb.close();
    pb.finish()
}

/// The ring a warning draws round a `w`×`h` tile or strip: `thickness` wide at the edge, its outer
/// corners rounded by `radius`, its inner ones by what is left of it.
pub(super) fn ring(w: f32, h: f32, thickness: f32, radius: f32) -> raqote::Path {
    let mut path = rounded_rect(0.0, 0.0, w, h, radius, true);
    let inner = rounded_rect(
        thickness,
        thickness,
        w - 2.0 * thickness,
        h - 2.0 * thickness,
        radius - thickness,
        true,
    );
    path.ops.extend(inner.ops);
    path.winding = raqote::Winding::EvenOdd;
    path
}

/// A bar's drawn height in a chart `full` units tall: its share, clamped, never invisible (2 units
/// at least), an impossible share drawn as empty.
pub(super) fn bar_height(bar: &Bar, full: f32) -> f32 {
    let share = if bar.height.is_finite() {
        bar.height.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (share * full).max(2.0).min(full)
}

/// A gauge's bar: the faint track, and on it the share spent (at least a round end's width).
pub(super) fn draw_track(
    canvas: &mut Canvas,
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    (fill, bar): (Option<f32>, Rgb),
    background: Rgb,
) {
    let track = mix(bar, background, 0.22);
    canvas.fill(
        &rounded_rect(left, top, width, height, height / 2.0, true),
        track,
        1.0,
    );
    if let Some(share) = fill.filter(|f| f.is_finite()) {
        let filled = (width * share.clamp(0.0, 1.0)).max(if share > 0.0 { height } else { 0.0 });
        if filled > 0.0 {
            canvas.fill(
                &rounded_rect(left, top, filled, height, height / 2.0, true),
                bar,
                1.0,
            );
        }
    }
}

/// `a` at `amount` over `b`.
pub(super) fn mix(a: Rgb, b: Rgb, amount: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * amount + f32::from(y) * (1.0 - amount)).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}
