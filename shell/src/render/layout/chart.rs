//! A chart body (Monthly Spend): the total over the days as bars, and what they cover.

use super::grid::{Grid, CENTER};
use crate::render::paint::{bar_height, rounded_rect};
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::view::{Bar, KeySize, Text};

pub(super) fn chart(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    value: &Text,
    bars: &[Bar],
    caption: Option<&Text>,
) {
    let width = grid.width();
    let value_base = Style::new(Face::Bold, if grid.small() { 34.0 } else { 30.0 });
    let (value_style, value_text) =
        text::fit(value_base, &value.text, width, grid.floor(Face::Bold));
    let value_baseline = match grid.size {
        KeySize::Large => top + 24.0,
        _ => (top + value_style.cap_height() + 3.0).round(),
    };
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        value_baseline,
        Align::Center,
        value.color,
    );
    let caption_style = grid.style(Face::Text, 12.0);
    let bars_bottom = match caption {
        Some(caption) => {
            let (style, words) = text::fit(caption_style, &caption.text, width, caption_style.size);
            text::draw_aligned(
                canvas,
                style,
                &words,
                CENTER,
                grid.bottom(),
                Align::Center,
                caption.color,
            );
            grid.bottom() - caption_style.cap_height() - 9.0
        }
        None => grid.bottom(),
    };
    let bars_top = value_baseline + 12.0;
    draw_bars(canvas, grid, bars, bars_top, bars_bottom);
}

/// No more bars than this: one per layout unit is already thinner than a device pixel.
const MAX_BARS: usize = 124;

/// Bars across the full width, bottoms aligned, rounded tops; a zero day keeps a 2-unit stub so it
/// reads as "nothing spent" rather than "no data".
fn draw_bars(canvas: &mut Canvas, grid: &Grid, bars: &[Bar], top: f32, bottom: f32) {
    let bars = &bars[bars.len().saturating_sub(MAX_BARS)..];
    let n = bars.len();
    if n == 0 || bottom <= top {
        return;
    }
    let span_max = grid.width();
    let nf = n as f32;
    let gap = if n == 1 {
        0.0
    } else {
        (span_max / nf * 0.3).clamp(1.0, 5.0).round()
    };
    let mut width = (span_max - gap * (nf - 1.0)) / nf;
    // Whole-unit bar widths keep the edges sharp; the leftover is split to both sides.
    if width >= 2.0 {
        width = width.floor();
    }
    let span = width * nf + gap * (nf - 1.0);
    let left = (CENTER - span / 2.0).round();
    let full = bottom - top;
    for (i, bar) in bars.iter().enumerate() {
        let height = bar_height(bar, full);
        let x = left + i as f32 * (width + gap);
        let radius = (width / 2.0).min(3.5).min(height);
        canvas.fill(
            &rounded_rect(x, bottom - height, width, height, radius, false),
            bar.color,
            1.0,
        );
    }
}
