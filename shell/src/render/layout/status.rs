//! A status body (connecting, no key, an error, a loading tile): an icon, a headline and a
//! detail, centred; a smaller key gives up the icon before any words, and never shows a detail cut.

use super::grid::{centred_lines, Grid, CENTER};
use crate::render::icons::draw_icon;
use crate::render::text::{self, Face, Style};
use crate::render::Canvas;
use openbalance_core::view::{Glyph, KeySize, Text};

pub(super) fn status(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    icon: Option<&Glyph>,
    headline: &Text,
    detail: Option<&Text>,
) {
    let width = grid.width();
    let available = grid.bottom() - top;
    let head = grid.style(Face::Bold, 19.0);
    let (head_style, head_lines) = match grid.size {
        KeySize::Large => text::wrap2(head, &headline.text, width, 14.0),
        _ => text::wrap(
            head,
            &headline.text,
            width,
            grid.floor(Face::Bold),
            grid.lines(),
        ),
    };
    let detail_style = grid.style(Face::Text, 12.5);
    let detail_wrap = |lines: usize| {
        detail.map(|d| match grid.size {
            KeySize::Large => text::wrap2(detail_style, &d.text, width, 10.5),
            _ => text::wrap(detail_style, &d.text, width, detail_style.size, lines),
        })
    };
    let mut detail_lines = detail_wrap(2);

    let block = |lines: &[String], style: Style| {
        style.cap_height() + style.line_height() * lines.len().saturating_sub(1) as f32
    };
    let (mut icon_size, mut icon_gap) = match grid.size {
        KeySize::Small => (30.0, 9.0),
        _ => (36.0, 11.0),
    };
    let detail_gap = if grid.large() { 8.0 } else { 9.0 };
    let total = |icon_size: f32, icon_gap: f32, details: &Option<(Style, Vec<String>)>| {
        let mut h = block(&head_lines, head_style);
        if icon.is_some() && icon_size > 0.0 {
            h += icon_size + icon_gap;
        }
        if let Some((style, lines)) = details {
            if !lines.is_empty() {
                h += detail_gap + block(lines, *style);
            }
        }
        h
    };
    if total(icon_size, icon_gap, &detail_lines) > available {
        (icon_size, icon_gap) = match grid.size {
            KeySize::Small => (24.0, 7.0),
            _ => (28.0, 9.0),
        };
    }
    if grid.large() {
        if total(icon_size, icon_gap, &detail_lines) > available {
            detail_lines = detail.map(|d| {
                let (style, line) = text::fit(detail_style, &d.text, width, 10.5);
                (style, vec![line.into_owned()])
            });
        }
    } else {
        // A smaller key gives up the icon before any words, and never shows words cut: a
        // detail that does not fit whole goes.
        if total(icon_size, icon_gap, &detail_lines) > available {
            icon_size = 0.0;
        }
        if total(icon_size, icon_gap, &detail_lines) > available {
            detail_lines = detail_wrap(1)
                .filter(|(_, lines)| lines.first().is_some_and(|l| !l.ends_with('…')));
        }
        if total(icon_size, icon_gap, &detail_lines) > available {
            detail_lines = None;
        }
    }
    // Still too tall on a large key (a long headline): the icon goes, then the detail.
    if total(icon_size, icon_gap, &detail_lines) > available {
        icon_size = 0.0;
    }
    if total(icon_size, icon_gap, &detail_lines) > available {
        detail_lines = None;
    }
    let height = total(icon_size, icon_gap, &detail_lines);
    let mut y = (top + (available - height).max(0.0) / 2.0).round();

    if let Some(glyph) = icon.filter(|_| icon_size > 0.0) {
        draw_icon(
            canvas,
            glyph.icon,
            CENTER - icon_size / 2.0,
            y,
            icon_size,
            glyph.color,
        );
        y += icon_size + icon_gap;
    }
    let mut baseline = y + head_style.cap_height();
    baseline = centred_lines(canvas, head_style, &head_lines, baseline, headline.color);
    if let (Some((style, lines)), Some(detail)) = (&detail_lines, detail) {
        baseline += detail_gap + style.cap_height();
        centred_lines(canvas, *style, lines, baseline, detail.color);
    }
}
