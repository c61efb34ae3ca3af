//! The strip's bodies, one function each: a status, a hero number with its line, a list of three
//! rows, a chart of days, a limit's gauge, an alert.

use super::grid::{BOTTOM, MARGIN, RIGHT, W, WIDTH};
use crate::render::icons::draw_icon;
use crate::render::paint::{bar_height, draw_track, mix, rounded_rect};
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::strip::{Line, Row};
use openbalance_core::view::{Bar, Glyph, Rgb, Text};
use raqote::PathBuilder;

pub(super) fn status(
    canvas: &mut Canvas,
    icon: Option<&Glyph>,
    headline: &Text,
    detail: Option<&Text>,
) {
    let top = 26.0;
    let icon_size = 30.0;
    let left = if icon.is_some() {
        MARGIN + icon_size + 10.0
    } else {
        MARGIN
    };
    let room = RIGHT - left;
    let (head_style, head_lines) =
        text::wrap2(Style::new(Face::Bold, 17.0), &headline.text, room, 13.0);
    let detail_fit = detail.map(|d| {
        (
            d,
            text::fit(Style::new(Face::Text, 13.0), &d.text, room, 12.0),
        )
    });
    let gap = 8.0;
    let mut height = head_style.cap_height()
        + head_style.line_height() * head_lines.len().saturating_sub(1) as f32;
    if let Some((_, (style, _))) = &detail_fit {
        height += gap + style.cap_height();
    }
    let available = BOTTOM - top;
    let block_top = top + ((available - height) / 2.0).max(0.0);
    if let Some(glyph) = icon {
        let icon_top = (top + (available - icon_size) / 2.0).round();
        draw_icon(canvas, glyph.icon, MARGIN, icon_top, icon_size, glyph.color);
    }
    let mut baseline = (block_top + head_style.cap_height()).round();
    for (i, line) in head_lines.iter().enumerate() {
        if i > 0 {
            baseline += head_style.line_height().round();
        }
        text::draw(canvas, head_style, line, left, baseline, headline.color);
    }
    if let Some((d, (style, words))) = detail_fit {
        let baseline = (baseline + gap + style.cap_height()).round();
        text::draw(canvas, style, &words, left, baseline, d.color);
    }
}

/// A line under a number: an optional icon, then words.
fn draw_line(canvas: &mut Canvas, line: &Line, baseline: f32) {
    let style = Style::new(Face::Text, 13.5);
    let icon_size = 15.0;
    let mut left = MARGIN;
    if let Some(glyph) = &line.icon {
        let top = baseline - style.cap_height() / 2.0 - icon_size / 2.0;
        draw_icon(canvas, glyph.icon, left, top, icon_size, glyph.color);
        left += icon_size + 5.0;
    }
    let (style, words) = text::fit(style, &line.text.text, RIGHT - left, 12.0);
    text::draw(canvas, style, &words, left, baseline, line.text.color);
}

pub(super) fn hero(canvas: &mut Canvas, value: &Text, line: Option<&Line>) {
    let (style, words) = text::fit(Style::new(Face::Bold, 40.0), &value.text, WIDTH, 20.0);
    let baseline = if line.is_some() { 63.0 } else { 72.0 };
    text::draw(canvas, style, &words, MARGIN, baseline, value.color);
    if let Some(line) = line {
        draw_line(canvas, line, 88.0);
    }
}

const ROW_PITCH: f32 = 23.0;

/// Room between a row's name and its amount; [`TIGHT_NAME_GAP`] where that spares the name a cut.
const NAME_GAP: f32 = 8.0;
const TIGHT_NAME_GAP: f32 = 4.0;
const FIRST_ROW_BASELINE: f32 = 43.0;

pub(super) fn list(canvas: &mut Canvas, rows: &[Row], selected: Option<usize>, background: Rgb) {
    let rank_style = Style::new(Face::Bold, 13.0);
    let name_style = Style::new(Face::Text, 14.0);
    let value_style = Style::new(Face::Bold, 15.0);
    for (i, row) in rows.iter().take(3).enumerate() {
        let baseline = FIRST_ROW_BASELINE + ROW_PITCH * i as f32;
        if selected == Some(i) {
            let top = baseline - name_style.cap_height() - 6.0;
            let band = rounded_rect(MARGIN - 4.0, top, WIDTH + 8.0, 20.0, 5.0, true);
            canvas.fill(&band, mix(row.rank.color, background, 0.2), 1.0);
        }
        let name_left = MARGIN + 16.0;
        if !row.rank.text.is_empty() {
            let (style, rank) = text::fit(rank_style, &row.rank.text, 14.0, 12.0);
            text::draw(canvas, style, &rank, MARGIN, baseline, row.rank.color);
        }
        let (vstyle, value) = text::fit(value_style, &row.value.text, WIDTH * 0.45, 12.0);
        text::draw_aligned(
            canvas,
            vstyle,
            &value,
            RIGHT,
            baseline,
            Align::Right,
            row.value.color,
        );
        let value_width = vstyle.width(&value);
        let room_beside = |gap: f32| (RIGHT - value_width - gap - name_left).max(0.0);
        let mut room = room_beside(NAME_GAP);
        // "Support bot · Production": a key's name and its workspace. Where both do not fit,
        // the workspace goes whole before the name is cut.
        let mut words = row.name.text.as_str();
        let least = name_style.sized(12.0);
        if least.width(words) > room {
            if let Some((name, _)) = words.rsplit_once(" · ") {
                words = name;
            }
        }
        // A name that misses by a few pixels (beside "42,70 $", wider than "$42.70") takes
        // them from the gap rather than lose its end.
        if least.width(words) > room && least.width(words) <= room_beside(TIGHT_NAME_GAP) {
            room = room_beside(TIGHT_NAME_GAP);
        }
        let (nstyle, name) = text::fit(name_style, words, room, 12.0);
        text::draw(canvas, nstyle, &name, name_left, baseline, row.name.color);
    }
}

/// Width the bars span at most: with 30 days that is 4-pixel bars and 2-pixel gaps, every edge
/// on a whole pixel.
const BARS_SPAN: f32 = 180.0;

pub(super) fn chart(
    canvas: &mut Canvas,
    value: &Text,
    note: Option<&Text>,
    bars: &[Bar],
    marked: Option<usize>,
) {
    let baseline = 44.0;
    let note_style = Style::new(Face::Text, 13.0);
    let note_fit = note.map(|n| (n, text::fit(note_style, &n.text, WIDTH * 0.55, 12.0)));
    let note_width = note_fit
        .as_ref()
        .map_or(0.0, |(_, (s, w))| s.width(w) + 8.0);
    let (style, words) = text::fit(
        Style::new(Face::Bold, 24.0),
        &value.text,
        WIDTH - note_width,
        14.0,
    );
    text::draw(canvas, style, &words, MARGIN, baseline, value.color);
    if let Some((n, (s, w))) = &note_fit {
        text::draw_aligned(canvas, *s, w, RIGHT, baseline, Align::Right, n.color);
    }
    let bars = &bars[bars.len().saturating_sub(BARS_SPAN as usize / 2)..];
    let n = bars.len();
    if n == 0 {
        return;
    }
    let gap = if n > 1 { 2.0 } else { 0.0 };
    let width = ((BARS_SPAN - gap * (n as f32 - 1.0)) / n as f32)
        .floor()
        .max(1.0);
    let span = width * n as f32 + gap * (n as f32 - 1.0);
    let left = ((W - span) / 2.0).round();
    let (top, bottom) = (53.0, 89.0);
    let full = bottom - top;
    for (i, bar) in bars.iter().enumerate() {
        let height = bar_height(bar, full);
        let x = left + i as f32 * (width + gap);
        let radius = (width / 2.0).min(3.0).min(height);
        canvas.fill(
            &rounded_rect(x, bottom - height, width, height, radius, false),
            bar.color,
            1.0,
        );
        if marked == Some(i) {
            // A tick under the day the dial stands on.
            let mut pb = PathBuilder::new();
            pb.rect(x - 1.0, bottom + 3.0, width + 2.0, 2.0);
            canvas.fill(&pb.finish(), bar.color, 1.0);
        }
    }
}

/// A limit on the strip: the amount and what it is of on one line, the bar across, and when the
/// window starts again under it.
pub(super) fn gauge(
    canvas: &mut Canvas,
    value: &Text,
    (fill, bar): (Option<f32>, Rgb),
    (caption, note): (Option<&Text>, Option<&Text>),
    background: Rgb,
) {
    let baseline = 50.0;
    // The amount first, at its size when it fits beside a short caption; the caption takes the
    // rest of the row.
    let (style, words) = text::fit(Style::new(Face::Bold, 24.0), &value.text, WIDTH * 0.6, 14.0);
    text::draw(canvas, style, &words, MARGIN, baseline, value.color);
    if let Some(c) = caption {
        let room = WIDTH - style.width(&words) - 10.0;
        let (s, w) = text::fit(Style::new(Face::Text, 12.0), &c.text, room.max(0.0), 12.0);
        text::draw_aligned(canvas, s, &w, RIGHT, baseline, Align::Right, c.color);
    }
    draw_track(canvas, MARGIN, 60.0, WIDTH, 10.0, (fill, bar), background);
    if let Some(note) = note {
        let (s, w) = text::fit(Style::new(Face::Text, 12.0), &note.text, WIDTH, 12.0);
        text::draw(canvas, s, &w, MARGIN, 88.0, note.color);
    }
}

pub(super) fn alert(
    canvas: &mut Canvas,
    icon: &Glyph,
    label: &Text,
    ratio: Option<&Text>,
    detail: Option<&Text>,
    note: Option<&Text>,
) {
    // Two lines under the verdict row when there is a note, one (lower) otherwise.
    let (row_middle, detail_baseline) = if note.is_some() {
        (40.0, 69.0)
    } else {
        (45.0, 84.0)
    };
    let icon_size = 26.0;
    draw_icon(
        canvas,
        icon.icon,
        MARGIN,
        row_middle - icon_size / 2.0,
        icon_size,
        icon.color,
    );
    let ratio_style = Style::new(Face::Bold, 26.0);
    let ratio_fit = ratio.map(|r| (r, text::fit(ratio_style, &r.text, 80.0, 16.0)));
    let ratio_width = ratio_fit
        .as_ref()
        .map_or(0.0, |(_, (s, w))| s.width(w) + 10.0);
    if let Some((r, (s, w))) = &ratio_fit {
        let baseline = (row_middle + s.cap_height() / 2.0).round();
        text::draw_aligned(canvas, *s, w, RIGHT, baseline, Align::Right, r.color);
    }
    let left = MARGIN + icon_size + 8.0;
    let (style, words) = text::fit(
        Style::new(Face::Bold, 22.0),
        &label.text,
        (RIGHT - ratio_width - left).max(0.0),
        13.0,
    );
    let baseline = (row_middle + style.cap_height() / 2.0).round();
    text::draw(canvas, style, &words, left, baseline, label.color);
    if let Some(detail) = detail {
        let (style, words) = text::fit(Style::new(Face::Text, 15.0), &detail.text, WIDTH, 12.0);
        text::draw(canvas, style, &words, MARGIN, detail_baseline, detail.color);
    }
    if let Some(note) = note {
        let (style, words) = text::fit(Style::new(Face::Text, 12.5), &note.text, WIDTH, 12.0);
        text::draw(canvas, style, &words, MARGIN, 89.0, note.color);
    }
}
