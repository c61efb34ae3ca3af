//! A gauge body (Budget): the amount, a bar of spent ÷ limit on a faint track, what the amount is
//! of, and when the window starts again; stacked and centred on a smaller key.

use super::grid::{centred_lines, Grid, CENTER};
use crate::render::paint::draw_track;
use crate::render::text::{self, Align, Face, Style};
use crate::render::{Canvas, UNITS};
use openbalance_core::view::{KeySize, Rgb, Text};

/// What a gauge draws: `Body::Gauge`'s parts.
#[derive(Clone, Copy)]
pub(super) struct Gauge<'a> {
    pub(super) value: &'a Text,
    /// Spent ÷ limit; `None`: the track alone.
    pub(super) fill: Option<f32>,
    pub(super) bar: Rgb,
    pub(super) caption: Option<&'a Text>,
    pub(super) note: Option<&'a Text>,
}

/// A limit's gauge: the amount, a bar of spent ÷ limit on a faint track, what the amount is of,
/// and when it starts again. No fill (an interval we do not know): the track alone.
pub(super) fn gauge(canvas: &mut Canvas, grid: &Grid, top: f32, gauge: Gauge, background: Rgb) {
    let Gauge {
        value,
        fill,
        bar,
        caption,
        note,
    } = gauge;
    if !grid.large() {
        return gauge_stacked(canvas, grid, top, gauge, background);
    }
    let width = grid.width();
    let left = grid.left();
    let (value_style, value_text) = text::fit(
        Style::new(Face::Bold, 40.0),
        &value.text,
        width,
        grid.floor(Face::Bold).max(18.0),
    );
    let value_baseline = (top + 8.0 + value_style.cap_height()).round();
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        value_baseline,
        Align::Center,
        value.color,
    );
    let height = 10.0;
    let bar_top = value_baseline + 11.0;
    draw_track(
        canvas,
        left,
        bar_top,
        width,
        height,
        (fill, bar),
        background,
    );
    let line = grid.style(Face::Text, 13.0);
    let mut baseline = (bar_top + height + 8.0 + line.cap_height()).round();
    if let Some(caption) = caption {
        let (style, lines) = match grid.size {
            KeySize::Large => {
                let (s, w) = text::fit(line, &caption.text, width, 12.0);
                (s, vec![w.into_owned()])
            }
            _ => text::wrap(line, &caption.text, width, line.size, 2),
        };
        baseline = centred_lines(canvas, style, &lines, baseline, caption.color);
    }
    if let Some(note) = note {
        let style = grid.style(Face::Text, 12.0);
        let (style, words) = text::fit(style, &note.text, width, style.size);
        // At the bottom, unless the caption already came down that far.
        let at = grid.bottom().max(baseline + style.line_height());
        if at <= UNITS - 2.0 {
            text::draw_aligned(canvas, style, &words, CENTER, at, Align::Center, note.color);
        }
    }
}

/// The gauge on a smaller key: amount, bar, what the amount is of (on up to two lines) and,
/// where there is room, when the window starts again, stacked and centred in the body; the amount
/// gives up size first, then the reset line goes.
fn gauge_stacked(canvas: &mut Canvas, grid: &Grid, top: f32, gauge: Gauge, background: Rgb) {
    let Gauge {
        value,
        fill,
        bar,
        caption,
        note,
    } = gauge;
    let width = grid.width();
    let available = grid.bottom() - top;
    let line = grid.style(Face::Text, 13.0);
    let caption_fit = caption.map(|c| {
        let (s, lines) = text::wrap(line, &c.text, width, line.size, 2);
        (c, s, lines)
    });
    let mut note_fit = note.map(|n| {
        let (s, w) = text::fit(line, &n.text, width, line.size);
        (n, s, w.into_owned())
    });
    let block =
        |s: Style, lines: usize| s.cap_height() + s.line_height() * (lines.max(1) - 1) as f32;
    let bar_height = if grid.small() { 12.0 } else { 10.0 };
    let (bar_gap, line_gap) = (10.0, 9.0);
    let rest = |note_fit: &Option<(&Text, Style, String)>| {
        let mut h = bar_gap + bar_height;
        if let Some((_, s, lines)) = &caption_fit {
            h += line_gap + block(*s, lines.len());
        }
        if let Some((_, s, _)) = note_fit {
            h += line_gap + s.cap_height();
        }
        h
    };
    let floor = grid.floor(Face::Bold);
    let value_for = |room: f32| {
        let base = Style::new(Face::Bold, 40.0);
        let tallest = (room / base.cap_height().max(1.0) * base.size).clamp(floor, base.size);
        text::fit(base.sized(tallest), &value.text, width, floor)
    };
    if available - rest(&note_fit) < Style::with_cap(Face::Bold, grid.floor_cap).cap_height() {
        note_fit = None;
    }
    let (value_style, value_text) = value_for(available - rest(&note_fit));
    let total = value_style.cap_height() + rest(&note_fit);
    let mut y = top + (available - total).max(0.0) / 2.0;
    let baseline = (y + value_style.cap_height()).round();
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        baseline,
        Align::Center,
        value.color,
    );
    y = baseline + bar_gap;
    draw_track(
        canvas,
        grid.left(),
        y,
        width,
        bar_height,
        (fill, bar),
        background,
    );
    y += bar_height;
    if let Some((c, s, lines)) = &caption_fit {
        let first = (y + line_gap + s.cap_height()).round();
        y = centred_lines(canvas, *s, lines, first, c.color);
    }
    if let Some((n, s, w)) = &note_fit {
        let at = (y + line_gap + s.cap_height()).round();
        text::draw_aligned(canvas, *s, w, CENTER, at, Align::Center, n.color);
    }
}
