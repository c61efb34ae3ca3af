//! An alert body (Spike Alert): the verdict, the ratio that decided it and what it compares
//! with; apart, at the bottom, the model that rose most and what that means.

use super::grid::{centred_lines, Grid, CENTER};
use crate::render::icons::draw_icon;
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::view::{Glyph, KeySize, Text};

/// The verdict (icon and word), the ratio that decided it, what that ratio compares with; apart,
/// at the bottom, the model that rose most and what that means.
#[allow(clippy::too_many_arguments)]
pub(super) fn alert(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    icon: &Glyph,
    label: &Text,
    ratio: Option<&Text>,
    basis: Option<&Text>,
    model: Option<&Text>,
    model_note: Option<&Text>,
) {
    let width = grid.width();
    // With a model block under it the verdict row is a little smaller, so both fit.
    let crowded = model.is_some() && grid.large();
    let label_style = grid.style(Face::Bold, if crowded { 21.0 } else { 24.0 });
    let (mut icon_size, mut gap) = match (grid.small(), crowded) {
        (true, _) => (26.0, 6.0),
        (false, true) => (24.0, 6.0),
        (false, false) => (30.0, 8.0),
    };
    let (mut style, mut words) = text::fit(
        label_style,
        &label.text,
        width - icon_size - gap,
        grid.floor(Face::Bold).max(15.0),
    );
    if style.size < 18.0 && grid.large() {
        (icon_size, gap) = (26.0, 6.0);
        (style, words) = text::fit(label_style, &label.text, width - icon_size - gap, 13.0);
    }
    let row_middle = top + icon_size / 2.0 + 1.0;
    let row_width = icon_size + gap + style.width(&words);
    let left = CENTER - row_width / 2.0;
    draw_icon(
        canvas,
        icon.icon,
        left,
        row_middle - icon_size / 2.0,
        icon_size,
        icon.color,
    );
    let baseline = (row_middle + style.cap_height() / 2.0).round();
    text::draw(
        canvas,
        style,
        &words,
        left + icon_size + gap,
        baseline,
        label.color,
    );
    let mut y = row_middle + icon_size / 2.0;

    // The model block at the bottom, under a rule: named for what it is.
    let model_style = grid.style(Face::Text, 13.5);
    let note_style = grid.style(Face::Text, 12.0);
    let model_fit = model.map(|m| {
        (
            m,
            text::fit(model_style, &m.text, width, model_style.size.min(12.0)),
        )
    });
    let note_fit = model_note.map(|n| (n, text::fit(note_style, &n.text, width, note_style.size)));
    let mut bottom = grid.bottom();
    if let Some((n, (s, t))) = &note_fit {
        text::draw_aligned(canvas, *s, t, CENTER, bottom, Align::Center, n.color);
        bottom -= s.cap_height() + 5.0;
    }
    if let Some((m, (s, t))) = &model_fit {
        text::draw_aligned(
            canvas,
            *s,
            t,
            CENTER,
            bottom.round(),
            Align::Center,
            m.color,
        );
        bottom -= s.cap_height() + 9.0;
    }

    // The ratio and, under it, what it compares with, centred in what is left.
    let ratio_style = match (grid.size, model.is_some()) {
        (KeySize::Small, _) => Style::new(Face::Bold, 40.0),
        (_, true) => Style::new(Face::Bold, 24.0),
        (_, false) => Style::new(Face::Bold, 32.0),
    };
    let ratio_fit = ratio.map(|r| {
        (
            r,
            text::fit(
                ratio_style,
                &r.text,
                width,
                grid.floor(Face::Bold).max(16.0),
            ),
        )
    });
    let basis_style = grid.style(Face::Text, 12.0);
    let basis_fit = basis.map(|b| {
        let (s, lines) = text::wrap(basis_style, &b.text, width, basis_style.size, 2);
        (b, s, lines)
    });
    let between = if crowded { 6.0 } else { 8.0 };
    let mut height = 0.0;
    if let Some((_, (s, _))) = &ratio_fit {
        height += s.cap_height();
    }
    if let Some((_, s, lines)) = &basis_fit {
        if height > 0.0 {
            height += between;
        }
        height += s.cap_height() + s.line_height() * lines.len().saturating_sub(1) as f32;
    }
    y += if crowded { 4.0 } else { 6.0 };
    let mut baseline = y + ((bottom - y) - height).max(0.0) / 2.0;
    if let Some((r, (s, t))) = &ratio_fit {
        baseline += s.cap_height();
        text::draw_aligned(
            canvas,
            *s,
            t,
            CENTER,
            baseline.round(),
            Align::Center,
            r.color,
        );
        baseline += between;
    }
    if let Some((b, s, lines)) = &basis_fit {
        baseline += s.cap_height();
        centred_lines(canvas, *s, lines, baseline.round(), b.color);
    }
}
