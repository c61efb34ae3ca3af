//! A ranking body (Top Models): two entries a page, each name over its amount, with a key's
//! workspace beside it when it fits whole, and the pager; one entry a page on a smaller key.

use super::grid::Grid;
use crate::render::paint::mix;
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::view::{RankRow, Rgb, Text};
use raqote::PathBuilder;

/// Two entries a page: each name (the answer, in the text colour) over its amount. A small key
/// shows one entry, its name on up to two lines, the amount large under it.
pub(super) fn ranking(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    rows: &[RankRow],
    pager: Option<&Text>,
    background: Rgb,
) {
    let width = grid.width();
    let left = grid.left();
    if !grid.large() && rows.len() <= 1 {
        let Some(row) = rows.first() else {
            return;
        };
        let name_style = grid.style(Face::Text, 20.0);
        let floor = grid.floor(Face::Text);
        let (nstyle, names) = text::wrap(name_style, &row.name.text, width, floor, 2);
        let (vstyle, value) = text::fit(
            Style::new(Face::Bold, 32.0),
            &row.value.text,
            width,
            grid.floor(Face::Bold),
        );
        let gap = 12.0;
        let names_height =
            nstyle.cap_height() + nstyle.line_height() * names.len().saturating_sub(1) as f32;
        let height = names_height + gap + vstyle.cap_height();
        let available = grid.bottom() - top;
        let mut baseline =
            (top + (available - height).max(0.0) / 2.0 + nstyle.cap_height()).round();
        for (i, line) in names.iter().enumerate() {
            if i > 0 {
                baseline += nstyle.line_height().round();
            }
            text::draw(canvas, nstyle, line, left, baseline, row.name.color);
        }
        let baseline = (baseline + gap + vstyle.cap_height()).round();
        text::draw(canvas, vstyle, &value, left, baseline, row.value.color);
        // A key's workspace at the right of its amount, only whole (the strip always says it).
        if let Some(tag) = &row.tag {
            let style = grid.style(Face::Text, 12.0);
            if vstyle.width(&value) + 8.0 + style.width(&tag.text) <= width {
                let right = grid.right();
                text::draw_aligned(
                    canvas,
                    style,
                    &tag.text,
                    right,
                    baseline,
                    Align::Right,
                    tag.color,
                );
            }
        }
        return;
    }
    let name_style = grid.style(Face::Text, 16.0);
    let value_style = grid.style(Face::Bold, 16.0);
    let pager_style = grid.style(Face::Text, 12.0);
    let inner = 5.0;
    let row_height = name_style.cap_height() + inner + value_style.cap_height();
    let pager_room = match pager {
        Some(_) => pager_style.cap_height() + 6.0,
        None => 0.0,
    };
    let available = grid.bottom() - top - pager_room;
    let shown = rows.len().min(2);
    let between = match shown {
        2 => ((available - 2.0 * row_height) / 1.0).clamp(12.0, 24.0),
        _ => 0.0,
    };
    let first_name_baseline = (top + 4.0 + name_style.cap_height()).round();
    for (i, row) in rows.iter().take(2).enumerate() {
        let name_baseline = (first_name_baseline + (row_height + between) * i as f32).round();
        if i > 0 {
            let y = (name_baseline - name_style.cap_height() - between / 2.0).round();
            let mut pb = PathBuilder::new();
            pb.rect(left, y, width, 1.0);
            canvas.fill(&pb.finish(), mix(row.value.color, background, 0.35), 1.0);
        }
        // A key's workspace, small at the right of its name, drawn only whole (a cut workspace
        // name says nothing); the name keeps at least 55 % of the row. The strip always says it.
        let tag_style = grid.style(Face::Text, 12.0);
        let name_need = name_style.width(&row.name.text).min(width * 0.55);
        let tag = row
            .tag
            .as_ref()
            .filter(|tag| tag_style.width(&tag.text) + 6.0 <= width - name_need);
        let tag_room = tag.map_or(0.0, |tag| tag_style.width(&tag.text) + 6.0);
        let (style, name) = text::fit(
            name_style,
            &row.name.text,
            width - tag_room,
            name_style.size.min(13.0),
        );
        text::draw(canvas, style, &name, left, name_baseline, row.name.color);
        if let Some(tag) = tag {
            text::draw_aligned(
                canvas,
                tag_style,
                &tag.text,
                grid.right(),
                name_baseline,
                Align::Right,
                tag.color,
            );
        }
        let (style, value) = text::fit(
            value_style,
            &row.value.text,
            width,
            value_style.size.min(14.0),
        );
        text::draw(
            canvas,
            style,
            &value,
            left,
            name_baseline + inner + value_style.cap_height(),
            row.value.color,
        );
    }
    if let Some(pager) = pager {
        let (style, label) = text::fit(pager_style, &pager.text, 48.0, pager_style.size);
        text::draw_aligned(
            canvas,
            style,
            &label,
            grid.right(),
            grid.bottom(),
            Align::Right,
            pager.color,
        );
    }
}
