//! A hero body: one number as large as the key allows, and under it the trend line (an icon and
//! words, on two lines rather than cut).

use super::grid::{Grid, CENTER};
use crate::render::icons::draw_icon;
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::view::{KeySize, Text, TrendLine};

pub(super) fn hero(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    value: &Text,
    trend: Option<&TrendLine>,
) {
    let width = grid.width();
    let available = grid.bottom() - top;
    let trend_style = grid.style(Face::Text, 13.5);
    let icon_size = if grid.small() { 20.0 } else { 15.0 };
    let icon_gap = 4.0;
    let trend_gap = 16.0;
    let trend = trend.map(|t| {
        let room = match t.icon {
            Some(_) => width - icon_size - icon_gap,
            None => width,
        };
        let (style, words) = match grid.size {
            // One line, a little smaller if need be; two at the floor rather than cut.
            KeySize::Large => match text::fit(trend_style, &t.text.text, room, 10.0) {
                (s, w) if w == t.text.text => (s, vec![w.into_owned()]),
                _ => text::wrap(
                    trend_style.sized(text::MIN_PX),
                    &t.text.text,
                    room,
                    text::MIN_PX,
                    2,
                ),
            },
            // Broken onto a second line rather than cut ("60% of" / "usual day").
            _ => text::wrap(trend_style, &t.text.text, room, trend_style.size, 2),
        };
        (t, style, words)
    });
    // Placed by the unshrunk style's capitals, so a line cut to fit does not move the number.
    let trend_height = trend.as_ref().map_or(0.0, |(_, s, lines)| {
        trend_gap
            + trend_style.cap_height()
            + s.line_height() * lines.len().saturating_sub(1) as f32
    });
    // The number as large as fits the width and the height left; never below the floor.
    let value_base = Style::new(Face::Bold, 58.0);
    let (mut value_style, mut value_text) = text::fit(
        value_base,
        &value.text,
        width,
        grid.floor(Face::Bold).max(18.0),
    );
    let tallest =
        ((available - trend_height) / value_style.cap_height().max(1.0)) * value_style.size;
    if tallest < value_style.size {
        let floor = grid.floor(Face::Bold);
        (value_style, value_text) = text::fit(
            value_base.sized(tallest.max(floor)),
            &value.text,
            width,
            floor,
        );
    }
    let height = value_style.cap_height() + trend_height;
    let block_top = top + (available - height).max(0.0) / 2.0;
    let baseline = (block_top + value_style.cap_height()).round();
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        baseline,
        Align::Center,
        value.color,
    );
    if let Some((t, style, lines)) = trend {
        let mut baseline = (baseline + trend_gap + trend_style.cap_height()).round();
        let icon_room = match t.icon {
            Some(_) => icon_size + icon_gap,
            None => 0.0,
        };
        for (i, words) in lines.iter().enumerate() {
            // The icon leads the first line; the lines are centred as one block.
            let widest = lines.iter().map(|l| style.width(l)).fold(0.0f32, f32::max);
            let left = CENTER - (icon_room + widest) / 2.0;
            if i == 0 {
                if let Some(glyph) = &t.icon {
                    let icon_top = baseline - style.cap_height() / 2.0 - icon_size / 2.0;
                    draw_icon(canvas, glyph.icon, left, icon_top, icon_size, glyph.color);
                }
            }
            text::draw(
                canvas,
                style,
                words,
                left + icon_room,
                baseline,
                t.text.color,
            );
            baseline += style.line_height().round();
        }
    }
}
