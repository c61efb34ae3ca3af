//! Draws a [`StripView`] on a dial's 200×100 region of the Stream Deck + touch strip.
//!
//! Layout units are the strip's own pixels: the strip is 800×100 device pixels on a Stream Deck +
//! (1200×100 on the + XL), 200×100 a dial, so a 200×100 image lands pixel for pixel, with the
//! renderer's whole-pixel baselines and bar edges intact. (A 400×200 "@2x" image would only be
//! scaled down again by the host, by a filter we do not choose, and cost four times the pixels to
//! encode on every tick of a turn.) Text never goes below the renderer's 12 px floor, which on the
//! strip is 1.6 mm, larger than on a key. Nothing in here panics on any view.

use super::icons::{circle, draw_icon};
use super::layout::{bar_height, mix, rounded_rect, HeaderRow, LABEL_SHARE};
use super::text::{self, Align, Face, Style};
use super::{encode_png, Canvas};
use openbalance_core::strip::{Line, Position, Row, StripBody, StripView};
use openbalance_core::view::{Bar, Glyph, Rgb, Text, Urgency};
use raqote::{DrawTarget, PathBuilder};

/// A dial's region of the touch strip, in pixels (and layout units).
pub const STRIP_WIDTH: u32 = 200;
pub const STRIP_HEIGHT: u32 = 100;

const W: f32 = STRIP_WIDTH as f32;
const MARGIN: f32 = 8.0;
const RIGHT: f32 = W - MARGIN;
const BOTTOM: f32 = STRIP_HEIGHT as f32 - 8.0;
const WIDTH: f32 = W - 2.0 * MARGIN;

const HEADER: Style = Style::new(Face::Text, 12.0).tracked(0.04);
const HEADER_BASELINE: f32 = 17.0;
const BADGE: Style = Style::new(Face::Text, 12.0);
const BADGE_HEIGHT: f32 = 16.0;
const BADGE_PAD: f32 = 5.0;
const PLACE: Style = Style::new(Face::Text, 12.0);

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
    match (&view.badge, &view.account) {
        (None, Some(account)) => top_row_with_account(canvas, view, account, RIGHT),
        // The badge takes the corner and the label sits beside it: whose numbers these are is
        // never dropped for the news that they are old.
        (Some(badge), Some(account)) => {
            let right = draw_badge(canvas, badge, RIGHT, background) - 6.0;
            top_row_with_account(canvas, view, account, right)
        }
        _ => top_row(canvas, view),
    }
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
    let width = 4.0;
    let h = STRIP_HEIGHT as f32;
    let outer = rounded_rect(0.0, 0.0, W, h, 10.0, true);
    let inner = rounded_rect(width, width, W - 2.0 * width, h - 2.0 * width, 6.0, true);
    let mut pb = PathBuilder::new();
    for path in [outer, inner] {
        for op in path.ops {
            match op {
                raqote::PathOp::MoveTo(p) => pb.move_to(p.x, p.y),
                raqote::PathOp::LineTo(p) => pb.line_to(p.x, p.y),
                raqote::PathOp::QuadTo(c, p) => pb.quad_to(c.x, c.y, p.x, p.y),
                raqote::PathOp::CubicTo(c1, c2, p) => pb.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y),
                raqote::PathOp::Close => pb.close(),
            }
        }
    }
    let mut path = pb.finish();
    path.winding = raqote::Winding::EvenOdd;
    canvas.fill(&path, color, 1.0);
}

/// The top row, right to left: the badge, where the dial stands, then the header in what is left.
fn top_row(canvas: &mut Canvas, view: &StripView) {
    let mut right = RIGHT;
    if let Some(badge) = &view.badge {
        right = draw_badge(canvas, badge, right, view.background) - 6.0;
    }
    if let Some(position) = &view.position {
        right = draw_position(canvas, &compact(position, right), right) - POSITION_GAP;
    }
    let label = view.header.text.to_uppercase();
    let (style, label) = text::fit(HEADER, &label, (right - MARGIN).max(0.0), 12.0);
    text::draw(
        canvas,
        style,
        &label,
        MARGIN,
        HEADER_BASELINE,
        view.header.color,
    );
}

/// Room between the position and the texts beside it.
const POSITION_GAP: f32 = 8.0;

/// The top row of a deck with several accounts (and no badge): the account label in the corner,
/// right-aligned at the margin as on the key and where the badge goes; where the dial stands just
/// left of it; the header from the left in what is left, the two texts shared as on the key
/// ([`HeaderRow`]).
///
/// The label takes the corner rather than sitting between the header and the position because
/// the corner is where a key shows it, so a deck reads the same on keys and strips; because the
/// position then stays next to the corner's mark, as it does beside a badge; and because "WORK
/// 1/8" would read as one phrase (the first of eight accounts?), where "USED · 7D  2/8  WORK"
/// keeps the count with the view it counts. A ring's dots become "3/8" when they would leave the
/// header less than [`HEADER_ROOM`] beside the label (eight dots and "WORK" do): the Balance
/// ring's longest header, "USED % · ALL TIME", then stays whole beside "WORK", and since the rule
/// looks at the label and the count, never at the header, the dots do not come and go, nor the
/// count move, as the dial turns through its views. Neither is dropped for the other: one says
/// whose numbers these are, the other where the dial stands; a label too long is cut instead.
fn top_row_with_account(canvas: &mut Canvas, view: &StripView, account: &Text, right: f32) {
    let (position, row) = account_row(view, account, right);
    row.draw(
        canvas,
        (MARGIN, right),
        HEADER_BASELINE,
        (view.header.color, account.color),
    );
    if let Some(position) = &position {
        let right = match row.account {
            Some(_) => right - row.account_width() - POSITION_GAP,
            None => right,
        };
        draw_position(canvas, position, right);
    }
}

/// The position as drawn (dots or counted) and the header row beside it, in a row ending at
/// `right`. The position goes before the label does, and beside a badge (where the row is
/// short) before the label is cut.
fn account_row(view: &StripView, account: &Text, right: f32) -> (Option<Position>, HeaderRow) {
    let width = right - MARGIN;
    let label_need = HEADER.width(account.text.trim()).min(LABEL_SHARE * width) + POSITION_GAP;
    let mut position = view
        .position
        .as_ref()
        .map(|p| compact(p, right - label_need));
    loop {
        // The row's own gap (header to label) stands for the one between header and position.
        let position_room = position
            .as_ref()
            .map_or(0.0, |p| position_width(p) + POSITION_GAP);
        let row = HeaderRow::fit(
            HEADER,
            &view.header.text,
            &account.text,
            width - position_room,
        );
        let cut = row.account.as_deref() != Some(account.text.trim());
        let gone = row.account.is_none();
        if position.is_some() && (gone || cut && right < RIGHT) {
            position = None;
            continue;
        }
        return (position, row);
    }
}

/// The middle of the header's capitals: the top row's other marks centre on it.
fn header_middle() -> f32 {
    HEADER_BASELINE - HEADER.cap_height() / 2.0
}

/// The stale marker as a pill ending at `right`; returns its left edge.
fn draw_badge(canvas: &mut Canvas, badge: &Text, right: f32, background: Rgb) -> f32 {
    let (style, words) = text::fit(BADGE, &badge.text, 66.0 - 2.0 * BADGE_PAD, 12.0);
    let width = (style.width(&words) + 2.0 * BADGE_PAD).max(BADGE_HEIGHT);
    let left = right - width;
    let top = header_middle() - BADGE_HEIGHT / 2.0;
    let pill = rounded_rect(left, top, width, BADGE_HEIGHT, BADGE_HEIGHT / 2.0, true);
    canvas.fill(&pill, badge.color, 1.0);
    let ink = [background, Rgb(0, 0, 0), Rgb(255, 255, 255)]
        .into_iter()
        .max_by(|a, b| contrast(*a, badge.color).total_cmp(&contrast(*b, badge.color)))
        .unwrap_or(background);
    let ink = if contrast(background, badge.color) >= 4.5 {
        background
    } else {
        ink
    };
    let baseline = (header_middle() + style.cap_height() / 2.0).round();
    let centre = left + width / 2.0;
    text::draw_aligned(canvas, style, &words, centre, baseline, Align::Center, ink);
    left
}

/// Dots that would leave the header less than this are drawn as "3/8" instead (beside a badge or
/// an account label).
const HEADER_ROOM: f32 = 90.0;

/// The position as drawn: a ring's dots, or their count when they would crowd the header out.
fn compact(position: &Position, right: f32) -> Position {
    match position {
        Position::Dots { count, lit, on, .. }
            if right - MARGIN - dots_width(*count) < HEADER_ROOM =>
        {
            Position::Place {
                text: Text {
                    text: format!("{}/{count}", u16::from(*lit) + 1),
                    color: *on,
                },
            }
        }
        other => other.clone(),
    }
}

const DOT_R: f32 = 2.5;
const DOT_PITCH: f32 = 8.0;

fn dots_width(count: u8) -> f32 {
    (f32::from(count.min(16)) - 1.0).max(0.0) * DOT_PITCH + 2.0 * DOT_R
}

/// Width of the position as [`draw_position`] draws it.
fn position_width(position: &Position) -> f32 {
    match position {
        Position::Dots { count, .. } => dots_width(*count),
        Position::Place { text: place } => {
            let (style, words) = text::fit(PLACE, &place.text, PLACE_MAX_WIDTH, 12.0);
            style.width(&words)
        }
    }
}

/// Widest a "2/6" gets before it is cut.
const PLACE_MAX_WIDTH: f32 = 48.0;

/// Dots for a ring of views, or "2/6" for a place in a list, ending at `right`; returns the left
/// edge.
fn draw_position(canvas: &mut Canvas, position: &Position, right: f32) -> f32 {
    match position {
        Position::Dots {
            count,
            lit,
            on,
            off,
        } => {
            let (r, pitch) = (DOT_R, DOT_PITCH);
            let left = right - dots_width(*count);
            let y = header_middle();
            for i in 0..(*count).min(16) {
                let x = left + r + f32::from(i) * pitch;
                let color = if i == *lit { *on } else { *off };
                canvas.fill(&circle(x, y, r), color, 1.0);
            }
            left
        }
        Position::Place { text: place } => {
            let (style, words) = text::fit(PLACE, &place.text, PLACE_MAX_WIDTH, 12.0);
            text::draw_aligned(
                canvas,
                style,
                &words,
                right,
                HEADER_BASELINE,
                Align::Right,
                place.color,
            );
            right - style.width(&words)
        }
    }
}

fn status(canvas: &mut Canvas, icon: Option<&Glyph>, headline: &Text, detail: Option<&Text>) {
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

fn hero(canvas: &mut Canvas, value: &Text, line: Option<&Line>) {
    let (style, words) = text::fit(Style::new(Face::Bold, 40.0), &value.text, WIDTH, 20.0);
    let baseline = if line.is_some() { 63.0 } else { 72.0 };
    text::draw(canvas, style, &words, MARGIN, baseline, value.color);
    if let Some(line) = line {
        draw_line(canvas, line, 88.0);
    }
}

const ROW_PITCH: f32 = 23.0;
const FIRST_ROW_BASELINE: f32 = 43.0;

fn list(canvas: &mut Canvas, rows: &[Row], selected: Option<usize>, background: Rgb) {
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
        let room = RIGHT - vstyle.width(&value) - 8.0 - name_left;
        // "Support bot · Production": a key's name and its workspace. Where both do not fit,
        // the workspace goes whole before the name is cut.
        let room = room.max(0.0);
        let mut words = row.name.text.as_str();
        if name_style.sized(12.0).width(words) > room {
            if let Some((name, _)) = words.rsplit_once(" · ") {
                words = name;
            }
        }
        let (nstyle, name) = text::fit(name_style, words, room, 12.0);
        text::draw(canvas, nstyle, &name, name_left, baseline, row.name.color);
    }
}

/// Width the bars span at most: with 30 days that is 4-pixel bars and 2-pixel gaps, every edge
/// on a whole pixel.
const BARS_SPAN: f32 = 180.0;

fn chart(
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
fn gauge(
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
    let (top, height) = (60.0, 10.0);
    canvas.fill(
        &rounded_rect(MARGIN, top, WIDTH, height, 5.0, true),
        mix(bar, background, 0.22),
        1.0,
    );
    if let Some(share) = fill.filter(|f| f.is_finite()) {
        let width = (WIDTH * share.clamp(0.0, 1.0)).max(if share > 0.0 { height } else { 0.0 });
        if width > 0.0 {
            canvas.fill(
                &rounded_rect(MARGIN, top, width, height, 5.0, true),
                bar,
                1.0,
            );
        }
    }
    if let Some(note) = note {
        let (s, w) = text::fit(Style::new(Face::Text, 12.0), &note.text, WIDTH, 12.0);
        text::draw(canvas, s, &w, MARGIN, 88.0, note.color);
    }
}

fn alert(
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

/// WCAG contrast of two colours.
fn contrast(a: Rgb, b: Rgb) -> f32 {
    let luminance = |c: Rgb| {
        let ch = |v: u8| {
            let s = f32::from(v) / 255.0;
            if s <= 0.039_28 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use openbalance_core::view::Icon;

    fn t(s: &str) -> Text {
        Text {
            text: s.into(),
            color: Rgb(240, 240, 240),
        }
    }

    fn strip(body: StripBody) -> StripView {
        StripView {
            background: Rgb(17, 19, 24),
            header: t("30-DAY SPEND"),
            position: Some(Position::Dots {
                count: 200,
                lit: 3,
                on: Rgb(255, 255, 255),
                off: Rgb(80, 80, 80),
            }),
            badge: Some(t("offline")),
            body,
            account: None,
            urgency: None,
        }
    }

    #[test]
    fn every_body_renders_at_200_by_100_without_panicking_on_odd_input() {
        let long = "x".repeat(500);
        let bars: Vec<Bar> = [f32::NAN, -1.0, 2.0, f32::INFINITY, 0.5]
            .iter()
            .cycle()
            .take(400)
            .map(|h| Bar {
                height: *h,
                color: Rgb(100, 100, 255),
            })
            .collect();
        let bodies = [
            StripBody::Status {
                icon: Some(Glyph {
                    icon: Icon::Warning,
                    color: Rgb(255, 0, 0),
                }),
                headline: t(&long),
                detail: Some(t(&long)),
            },
            StripBody::Hero {
                value: t(&long),
                line: Some(Line {
                    icon: None,
                    text: t(&long),
                }),
            },
            StripBody::List {
                rows: (0..9)
                    .map(|_| Row {
                        rank: t(&long),
                        name: t(&long),
                        value: t(&long),
                    })
                    .collect(),
                selected: Some(99),
            },
            StripBody::Chart {
                value: t(&long),
                note: Some(t(&long)),
                bars,
                marked: Some(7),
            },
            StripBody::Chart {
                value: t(""),
                note: None,
                bars: Vec::new(),
                marked: Some(3),
            },
            StripBody::Alert {
                icon: Glyph {
                    icon: Icon::ArrowUp,
                    color: Rgb(255, 0, 0),
                },
                label: t(&long),
                ratio: Some(t(&long)),
                detail: Some(t("🦀 模型")),
                note: Some(t(&long)),
            },
        ];
        for body in bodies {
            let view = strip(body);
            let pixels = render_strip_pixels(&view);
            assert_eq!((pixels.width(), pixels.height()), (200, 100));
            let twice = render_strip_pixels_at(&view, 2.0);
            assert_eq!((twice.width(), twice.height()), (400, 200));
            assert_eq!(render_strip_png(&view), render_strip_png(&view));
        }
    }

    /// A Hero strip with a red header, a green position and a blue account label on black.
    fn labelled(header: &str, position: Option<Position>, account: &str) -> StripView {
        StripView {
            background: Rgb(0, 0, 0),
            header: Text {
                text: header.into(),
                color: Rgb(255, 0, 0),
            },
            position,
            badge: None,
            body: StripBody::Hero {
                value: t("$92.49"),
                line: None,
            },
            account: Some(Text {
                text: account.into(),
                color: Rgb(0, 0, 255),
            }),
            urgency: None,
        }
    }

    fn dots(count: u8) -> Option<Position> {
        Some(Position::Dots {
            count,
            lit: 0,
            on: Rgb(0, 255, 0),
            off: Rgb(0, 120, 0),
        })
    }

    fn place(words: &str) -> Option<Position> {
        Some(Position::Place {
            text: Text {
                text: words.into(),
                color: Rgb(0, 255, 0),
            },
        })
    }

    #[test]
    fn the_label_takes_the_corner_the_position_sits_left_of_it_and_nothing_touches() {
        let headers = ["BALANCE", "USED % · ALL TIME", &"W".repeat(40), ""];
        let accounts = ["WORK", "CLIENT ACME LTD", "Personal", &"W".repeat(40)];
        let positions = [
            None,
            dots(3),
            dots(8),
            dots(16),
            place("4/6"),
            place("999/999"),
        ];
        for header in headers {
            for account in accounts {
                for position in &positions {
                    let view = labelled(header, position.clone(), account);
                    let pixels = render_strip_pixels(&view);
                    let [red, green, blue] = crate::render::tests::ink_columns(&pixels, 0..24);
                    let case = format!("{header:?} {position:?} {account:?}");
                    // A header wider than the row alone leaves no room for anything beside it.
                    let Some((label_left, label_right)) = blue else {
                        assert!(header.len() > 30, "{case}: label not drawn");
                        continue;
                    };
                    assert!((189..=192).contains(&label_right), "{case}: {label_right}");
                    let mut left_of_label = red;
                    if let Some((position_left, position_right)) = green {
                        assert!(label_left - position_right >= 5, "{case}");
                        if let Some((_, header_right)) = red {
                            assert!(position_left - header_right >= 5, "{case}");
                        }
                        left_of_label = green;
                    }
                    if let Some((_, right)) = left_of_label {
                        assert!(label_left - right >= 5, "{case}");
                    }
                }
            }
        }
    }

    #[test]
    fn eight_dots_beside_a_label_are_counted_and_three_stay_dots() {
        // "1/8" is drawn in the position's colour with text; dots are round: count the columns.
        let width = |position| {
            let view = labelled("BALANCE", position, "WORK");
            let [_, green, _] =
                crate::render::tests::ink_columns(&render_strip_pixels(&view), 0..24);
            green.map(|(l, r)| r - l + 1)
        };
        assert!(width(dots(8)).unwrap() < 30, "8 dots were not compacted");
        let three = width(dots(3)).expect("3 dots drawn");
        assert!((20..=23).contains(&three), "3 dots are {three} wide");
    }

    #[test]
    fn the_balance_ring_keeps_its_headers_whole_beside_a_short_label() {
        let account = t("WORK");
        for header in [
            "REMAINING",
            "USED · 7D",
            "USED · 30D",
            "USED · ALL TIME",
            "USED % · 7D",
            "USED % · 30D",
            "USED % · ALL TIME",
            "RUNWAY",
        ] {
            let (position, row) = account_row(&labelled(header, dots(8), "WORK"), &account, RIGHT);
            assert_eq!(row.header, header, "cut");
            assert_eq!(row.account.as_deref(), Some("WORK"));
            // The same count, in the same place, on every view of the ring.
            assert!(matches!(position, Some(Position::Place { .. })), "{header}");
        }
    }

    #[test]
    fn beside_a_badge_the_label_is_drawn_and_the_header_whole() {
        for (header, label) in [("USED · 30D", "ACME"), ("USED · 7D", "WORK")] {
            let mut view = labelled(header, None, label);
            view.badge = Some(Text {
                text: "offline".into(),
                color: Rgb(0, 255, 0),
            });
            let [red, green, blue] =
                crate::render::tests::ink_columns(&render_strip_pixels(&view), 0..24);
            let (badge_left, _) = green.expect("badge");
            let (label_left, label_right) = blue.expect("label drawn beside the badge");
            let (_, header_right) = red.expect("header");
            assert!(badge_left - label_right >= 5, "{header}");
            assert!(label_left - header_right >= 5, "{header}");
            let right = badge_left as f32 - 6.0;
            let (_, row) = account_row(&view, view.account.as_ref().unwrap(), right);
            assert_eq!(row.header, header, "header cut beside a badge");
            assert_eq!(row.account.as_deref(), Some(label));
        }
    }
}
