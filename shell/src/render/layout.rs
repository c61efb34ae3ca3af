//! Where everything goes on the 144-unit tile, one function per body kind.
//!
//! Vertical positions are reasoned about in cap heights (the top of digits and capitals to the
//! baseline) rather than font boxes: that is what the eye sees as the edge of a number, so gaps
//! measured that way look even.

use super::icons::draw_icon;
use super::text::{self, Align, Face, Style};
use super::Canvas;
use openbalance_core::view::{Bar, Body, Glyph, RankRow, Rgb, Text, TileView, TrendLine};
use raqote::PathBuilder;
use std::f32::consts::PI;

const MARGIN: f32 = 10.0;
const WIDTH: f32 = super::UNITS - 2.0 * MARGIN;
const CENTER: f32 = super::UNITS / 2.0;
const RIGHT: f32 = super::UNITS - MARGIN;
const BOTTOM: f32 = super::UNITS - MARGIN;

const HEADER: Style = Style::new(Face::Text, 12.0).tracked(0.04);
const HEADER_BASELINE: f32 = 19.5;
/// Where the body's space starts: below the header with room to breathe.
const BODY_TOP: f32 = 29.0;

const BADGE: Style = Style::new(Face::Text, 12.0);
const BADGE_HEIGHT: f32 = 17.0;
const BADGE_PAD: f32 = 5.0;
const BADGE_MAX_WIDTH: f32 = 66.0;

pub(super) fn draw_view(canvas: &mut Canvas, view: &TileView) {
    canvas.fill_all(view.background);
    let badge = view.badge.as_ref().map(|b| Badge::fit(b, view.background));
    match (&badge, &view.account) {
        // A badge, being news, wins the corner: the account label is not drawn beside it.
        (None, Some(account)) => {
            let row = HeaderRow::fit(HEADER, &view.header.text, &account.text, WIDTH);
            let colors = (view.header.color, account.color);
            row.draw(canvas, (MARGIN, RIGHT), HEADER_BASELINE, colors);
        }
        _ => {
            let header_room = WIDTH - badge.as_ref().map_or(0.0, |b| b.width + 6.0);
            header(canvas, &view.header, header_room);
        }
    }
    match &view.body {
        Body::Status {
            icon,
            headline,
            detail,
        } => status(canvas, icon.as_ref(), headline, detail.as_ref()),
        Body::Hero { value, trend } => hero(canvas, value, trend.as_ref()),
        Body::Ranking { rows, pager } => ranking(canvas, rows, pager.as_ref(), view.background),
        Body::Chart {
            value,
            bars,
            caption,
        } => chart(canvas, value, bars, caption.as_ref()),
        Body::Gauge {
            value,
            fill,
            bar,
            caption,
            note,
        } => gauge(
            canvas,
            value,
            (*fill, *bar),
            caption.as_ref(),
            note.as_ref(),
            view.background,
        ),
        Body::Alert {
            icon,
            label,
            model,
            ratio,
            basis,
        } => alert(
            canvas,
            icon,
            label,
            model.as_ref(),
            ratio.as_ref(),
            basis.as_ref(),
        ),
    }
    if let Some(badge) = badge {
        badge.draw(canvas);
    }
}

/// The label along the top edge, in capitals with a little tracking so it reads as a label and
/// not as content.
fn header(canvas: &mut Canvas, header: &Text, room: f32) {
    let label = header.text.to_uppercase();
    let (style, label) = text::fit(HEADER, &label, room.max(0.0), 9.0);
    text::draw(canvas, style, &label, MARGIN, HEADER_BASELINE, header.color);
}

/// Least room kept between the header and the account label: wider than a word space, so a cut
/// header ("USED · A…") and the label never read as one phrase.
pub(super) const LABEL_GAP: f32 = 8.0;
/// The account label's share of the row when the header needs the rest: the header says what
/// the number is, so it keeps the larger part; the label takes more only when the header leaves
/// it more.
pub(super) const LABEL_SHARE: f32 = 0.45;

/// The header row with the account label at its right end ("BALANCE ······ WORK"), both in
/// `style` (the header's), fitted into one row: the header left, the label right-aligned, at
/// least [`LABEL_GAP`] apart. The label is drawn as the core wrote it (an account's name may have
/// its own case); the header in capitals as everywhere. Shared with the strip.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HeaderRow {
    pub(super) style: Style,
    pub(super) header: String,
    /// The label as drawn; `None` when there is none or no room for a letter of it.
    pub(super) account: Option<String>,
}

impl HeaderRow {
    /// The two texts in a row `room` units wide. Both whole when they fit, with the header's
    /// tracking or, failing that, without it (half a pixel a letter, which keeps "TOP MODELS"
    /// whole beside "WORK"). Otherwise, untracked, the label gets what it needs up to
    /// [`LABEL_SHARE`] of the row (or all the header leaves it, if that is more) and the header
    /// the rest, each cut with "…". Never smaller than `style`: it is at the 12 px floor. A label
    /// that would be only "…" is left out.
    pub(super) fn fit(style: Style, header: &str, account: &str, room: f32) -> HeaderRow {
        let room = room.max(0.0);
        let header = header.to_uppercase();
        let account = account.trim();
        if account.is_empty() {
            return HeaderRow {
                style,
                header: text::ellipsize(style, &header, room),
                account: None,
            };
        }
        for style in [style, style.tracked(0.0)] {
            if style.width(&header) + LABEL_GAP + style.width(account) <= room {
                return HeaderRow {
                    style,
                    header,
                    account: Some(account.to_owned()),
                };
            }
        }
        let style = style.tracked(0.0);
        let label_room = (room * LABEL_SHARE).max(room - LABEL_GAP - style.width(&header));
        let label = text::ellipsize(style, account, label_room);
        let label = (label != "…" || account == "…").then_some(label);
        let header_room = match &label {
            Some(l) => room - LABEL_GAP - style.width(l),
            None => room,
        };
        HeaderRow {
            style,
            header: text::ellipsize(style, &header, header_room.max(0.0)),
            account: label,
        }
    }

    /// Width of the label as drawn, 0 without one.
    pub(super) fn account_width(&self) -> f32 {
        self.account.as_ref().map_or(0.0, |a| self.style.width(a))
    }

    /// Draws the header from `left` and the label ending at `right`, on `baseline`.
    pub(super) fn draw(
        &self,
        canvas: &mut Canvas,
        (left, right): (f32, f32),
        baseline: f32,
        colors: (Rgb, Rgb),
    ) {
        text::draw(canvas, self.style, &self.header, left, baseline, colors.0);
        if let Some(label) = &self.account {
            text::draw_aligned(
                canvas,
                self.style,
                label,
                right,
                baseline,
                Align::Right,
                colors.1,
            );
        }
    }
}

/// The corner pill: solid in the badge colour with the text knocked out in whichever of the tile
/// background, black or white reads best on it.
struct Badge {
    style: Style,
    text: String,
    fill: Rgb,
    ink: Rgb,
    width: f32,
}

impl Badge {
    fn fit(badge: &Text, background: Rgb) -> Badge {
        let (style, text) = text::fit(BADGE, &badge.text, BADGE_MAX_WIDTH - 2.0 * BADGE_PAD, 8.0);
        let width = (style.width(&text) + 2.0 * BADGE_PAD).max(BADGE_HEIGHT);
        let ink = [background, Rgb(0, 0, 0), Rgb(255, 255, 255)]
            .into_iter()
            .find(|&c| contrast(c, badge.color) >= 4.5)
            .unwrap_or(if luminance(badge.color) > 0.18 {
                Rgb(0, 0, 0)
            } else {
                Rgb(255, 255, 255)
            });
        Badge {
            style,
            text: text.into_owned(),
            fill: badge.color,
            ink,
            width,
        }
    }

    fn draw(&self, canvas: &mut Canvas) {
        let cap_middle = HEADER_BASELINE - HEADER.cap_height() / 2.0;
        let top = cap_middle - BADGE_HEIGHT / 2.0;
        let left = RIGHT - self.width;
        canvas.fill(
            &rounded_rect(
                left,
                top,
                self.width,
                BADGE_HEIGHT,
                BADGE_HEIGHT / 2.0,
                true,
            ),
            self.fill,
            1.0,
        );
        let baseline = (cap_middle + self.style.cap_height() / 2.0).round();
        text::draw_aligned(
            canvas,
            self.style,
            &self.text,
            left + self.width / 2.0,
            baseline,
            Align::Center,
            self.ink,
        );
    }
}

fn status(canvas: &mut Canvas, icon: Option<&Glyph>, headline: &Text, detail: Option<&Text>) {
    let available = BOTTOM - BODY_TOP;
    let (head_style, head_lines) =
        text::wrap2(Style::new(Face::Bold, 19.0), &headline.text, WIDTH, 14.0);
    let detail_style = Style::new(Face::Text, 12.5);
    let mut detail_lines = detail.map(|d| text::wrap2(detail_style, &d.text, WIDTH, 10.5));

    let block = |lines: &[String], style: Style| {
        style.cap_height() + style.line_height() * lines.len().saturating_sub(1) as f32
    };
    let mut icon_size = 36.0;
    let mut icon_gap = 11.0;
    let detail_gap = 8.0;
    let total = |icon_size: f32, icon_gap: f32, details: &Option<(Style, Vec<String>)>| {
        let mut h = block(&head_lines, head_style);
        if icon.is_some() {
            h += icon_size + icon_gap;
        }
        if let Some((style, lines)) = details {
            h += detail_gap + block(lines, *style);
        }
        h
    };
    if total(icon_size, icon_gap, &detail_lines) > available {
        icon_size = 28.0;
        icon_gap = 9.0;
    }
    if total(icon_size, icon_gap, &detail_lines) > available {
        detail_lines = detail.map(|d| {
            let (style, line) = text::fit(detail_style, &d.text, WIDTH, 10.5);
            (style, vec![line.into_owned()])
        });
    }
    let height = total(icon_size, icon_gap, &detail_lines);
    let mut y = (BODY_TOP + (available - height).max(0.0) / 2.0).round();

    if let Some(glyph) = icon {
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

/// Draws `lines` centred, the first on `baseline`; returns the last line's baseline.
fn centred_lines(
    canvas: &mut Canvas,
    style: Style,
    lines: &[String],
    baseline: f32,
    color: Rgb,
) -> f32 {
    let mut baseline = baseline;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            baseline += style.line_height();
        }
        text::draw_aligned(canvas, style, line, CENTER, baseline, Align::Center, color);
    }
    baseline
}

fn hero(canvas: &mut Canvas, value: &Text, trend: Option<&TrendLine>) {
    let (value_style, value_text) =
        text::fit(Style::new(Face::Bold, 58.0), &value.text, WIDTH, 18.0);
    let trend_style = Style::new(Face::Text, 13.5);
    let icon_size = 15.0;
    let icon_gap = 4.0;
    let trend = trend.map(|t| {
        let (style, words) = text::fit(
            trend_style,
            &t.text.text,
            WIDTH - icon_size - icon_gap,
            10.0,
        );
        (t, style, words)
    });
    let trend_gap = 16.0;
    let mut height = value_style.cap_height();
    if trend.is_some() {
        height += trend_gap + trend_style.cap_height();
    }
    let top = BODY_TOP + (BOTTOM - BODY_TOP - height).max(0.0) / 2.0;
    let baseline = (top + value_style.cap_height()).round();
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        baseline,
        Align::Center,
        value.color,
    );
    if let Some((t, style, words)) = trend {
        let baseline = (baseline + trend_gap + trend_style.cap_height()).round();
        let width = icon_size + icon_gap + style.width(&words);
        let left = CENTER - width / 2.0;
        let icon_top = baseline - style.cap_height() / 2.0 - icon_size / 2.0;
        draw_icon(canvas, t.icon.icon, left, icon_top, icon_size, t.icon.color);
        text::draw(
            canvas,
            style,
            &words,
            left + icon_size + icon_gap,
            baseline,
            t.text.color,
        );
    }
}

fn ranking(canvas: &mut Canvas, rows: &[RankRow], pager: Option<&Text>, background: Rgb) {
    let name_style = Style::new(Face::Text, 14.5);
    let value_style = Style::new(Face::Bold, 23.0);
    let pager_style = Style::new(Face::Text, 12.0);
    let row_pitch = 51.0;
    let first_name_baseline = BODY_TOP + 17.0;
    for (i, row) in rows.iter().take(2).enumerate() {
        let name_baseline = first_name_baseline + row_pitch * i as f32;
        if i > 0 {
            let above = name_baseline - row_pitch + 6.0 + value_style.cap_height();
            let below = name_baseline - name_style.cap_height();
            let y = ((above + below) / 2.0).round();
            let mut pb = PathBuilder::new();
            pb.rect(MARGIN, y, WIDTH, 1.0);
            canvas.fill(&pb.finish(), mix(row.name.color, background, 0.25), 1.0);
        }
        // A key's workspace, small at the right of its name, drawn only whole (a cut workspace
        // name says nothing); the name keeps at least 55 % of the row. The strip always says it.
        let tag_style = Style::new(Face::Text, 12.0);
        let name_need = name_style.width(&row.name.text).min(WIDTH * 0.55);
        let tag = row
            .tag
            .as_ref()
            .filter(|tag| tag_style.width(&tag.text) + 6.0 <= WIDTH - name_need);
        let tag_room = tag.map_or(0.0, |tag| tag_style.width(&tag.text) + 6.0);
        let (style, name) = text::fit(name_style, &row.name.text, WIDTH - tag_room, 11.0);
        text::draw(canvas, style, &name, MARGIN, name_baseline, row.name.color);
        if let Some(tag) = tag {
            let style = tag_style;
            text::draw_aligned(
                canvas,
                style,
                &tag.text,
                RIGHT,
                name_baseline,
                Align::Right,
                tag.color,
            );
        }
        let (style, value) = text::fit(value_style, &row.value.text, WIDTH, 14.0);
        let value_baseline = name_baseline + 6.0 + value_style.cap_height();
        text::draw(
            canvas,
            style,
            &value,
            MARGIN,
            value_baseline,
            row.value.color,
        );
    }
    if let Some(pager) = pager {
        let (style, label) = text::fit(pager_style, &pager.text, 40.0, 8.0);
        text::draw_aligned(
            canvas,
            style,
            &label,
            RIGHT,
            BOTTOM,
            Align::Right,
            pager.color,
        );
    }
}

fn chart(canvas: &mut Canvas, value: &Text, bars: &[Bar], caption: Option<&Text>) {
    let (value_style, value_text) =
        text::fit(Style::new(Face::Bold, 30.0), &value.text, WIDTH, 16.0);
    let value_baseline = BODY_TOP + 24.0;
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        value_baseline,
        Align::Center,
        value.color,
    );
    let caption_style = Style::new(Face::Text, 12.0);
    let bars_bottom = match caption {
        Some(caption) => {
            let (style, words) = text::fit(caption_style, &caption.text, WIDTH, 9.0);
            text::draw_aligned(
                canvas,
                style,
                &words,
                CENTER,
                BOTTOM,
                Align::Center,
                caption.color,
            );
            BOTTOM - caption_style.cap_height() - 9.0
        }
        None => BOTTOM,
    };
    let bars_top = value_baseline + 12.0;
    draw_bars(canvas, bars, bars_top, bars_bottom);
}

/// A limit's gauge: the amount, a bar of spent ÷ limit on a faint track, what the amount is of,
/// and when it starts again. No fill (an interval we do not know): the track alone.
fn gauge(
    canvas: &mut Canvas,
    value: &Text,
    (fill, bar): (Option<f32>, Rgb),
    caption: Option<&Text>,
    note: Option<&Text>,
    background: Rgb,
) {
    let (value_style, value_text) =
        text::fit(Style::new(Face::Bold, 40.0), &value.text, WIDTH, 18.0);
    let value_baseline = (BODY_TOP + 8.0 + value_style.cap_height()).round();
    text::draw_aligned(
        canvas,
        value_style,
        &value_text,
        CENTER,
        value_baseline,
        Align::Center,
        value.color,
    );
    let (top, height) = (value_baseline + 11.0, 10.0);
    let track = mix(bar, background, 0.22);
    canvas.fill(
        &rounded_rect(MARGIN, top, WIDTH, height, 5.0, true),
        track,
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
    let line = Style::new(Face::Text, 13.0);
    let caption_baseline = (top + height + 8.0 + line.cap_height()).round();
    if let Some(caption) = caption {
        let (style, words) = text::fit(line, &caption.text, WIDTH, 12.0);
        text::draw_aligned(
            canvas,
            style,
            &words,
            CENTER,
            caption_baseline,
            Align::Center,
            caption.color,
        );
    }
    if let Some(note) = note {
        let (style, words) = text::fit(Style::new(Face::Text, 12.0), &note.text, WIDTH, 12.0);
        text::draw_aligned(
            canvas,
            style,
            &words,
            CENTER,
            BOTTOM,
            Align::Center,
            note.color,
        );
    }
}

/// No more bars than this: one per layout unit is already thinner than a device pixel.
const MAX_BARS: usize = 124;

/// Bars across the full width, bottoms aligned, rounded tops; a zero day keeps a 2-unit stub so it
/// reads as "nothing spent" rather than "no data".
fn draw_bars(canvas: &mut Canvas, bars: &[Bar], top: f32, bottom: f32) {
    let bars = &bars[bars.len().saturating_sub(MAX_BARS)..];
    let n = bars.len();
    if n == 0 || bottom <= top {
        return;
    }
    let nf = n as f32;
    let gap = if n == 1 {
        0.0
    } else {
        (WIDTH / nf * 0.3).min(5.0)
    };
    let mut width = (WIDTH - gap * (nf - 1.0)) / nf;
    // Whole-unit bar widths keep the edges sharp; the leftover is split to both sides.
    if width >= 4.0 {
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

fn alert(
    canvas: &mut Canvas,
    icon: &Glyph,
    label: &Text,
    model: Option<&Text>,
    ratio: Option<&Text>,
    basis: Option<&Text>,
) {
    let label_style = Style::new(Face::Bold, 24.0);
    let (mut icon_size, mut gap) = (34.0, 8.0);
    let (mut style, mut words) = text::fit(label_style, &label.text, WIDTH - icon_size - gap, 15.0);
    if style.size < 18.0 {
        (icon_size, gap) = (26.0, 6.0);
        (style, words) = text::fit(label_style, &label.text, WIDTH - icon_size - gap, 13.0);
    }
    let row_middle = BODY_TOP + 19.0;
    let width = icon_size + gap + style.width(&words);
    let left = CENTER - width / 2.0;
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

    let model_style = Style::new(Face::Text, 15.5);
    let ratio_style = Style::new(
        Face::Bold,
        match (model.is_some(), basis.is_some()) {
            (true, true) => 25.0,
            (true, false) => 30.0,
            (false, _) => 36.0,
        },
    );
    let model_fit = model.map(|m| (m, text::fit(model_style, &m.text, WIDTH, 11.0)));
    let ratio_fit = ratio.map(|r| (r, text::fit(ratio_style, &r.text, WIDTH, 16.0)));
    let between = 11.0;
    let mut height = 0.0;
    if let Some((_, (s, _))) = &model_fit {
        height += s.cap_height();
    }
    if let Some((_, (s, _))) = &ratio_fit {
        if height > 0.0 {
            height += between;
        }
        height += s.cap_height();
    }
    // What the ratio compares with sits on the bottom line, small and quiet.
    let basis_style = Style::new(Face::Text, 12.0);
    let basis_fit = basis.map(|b| (b, text::fit(basis_style, &b.text, WIDTH, 12.0)));
    let bottom = match &basis_fit {
        Some((b, (s, t))) => {
            text::draw_aligned(canvas, *s, t, CENTER, BOTTOM, Align::Center, b.color);
            BOTTOM - s.cap_height() - 8.0
        }
        None => BOTTOM,
    };
    let area_top = row_middle + 17.0 + 6.0;
    let mut y = area_top + ((bottom - area_top) - height).max(0.0) / 2.0;
    if let Some((m, (s, t))) = &model_fit {
        y += s.cap_height();
        text::draw_aligned(canvas, *s, t, CENTER, y.round(), Align::Center, m.color);
        y += between;
    }
    if let Some((r, (s, t))) = &ratio_fit {
        y += s.cap_height();
        text::draw_aligned(canvas, *s, t, CENTER, y.round(), Align::Center, r.color);
    }
}

/// A rectangle with rounded corners: all four, or only the top two (for bars standing on a
/// baseline). Shared with the strip.
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

/// A bar's drawn height in a chart `full` units tall: its share, clamped, never invisible (2 units
/// at least), an impossible share drawn as empty. Shared with the strip.
pub(super) fn bar_height(bar: &Bar, full: f32) -> f32 {
    let share = if bar.height.is_finite() {
        bar.height.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (share * full).max(2.0).min(full)
}

/// `a` at `amount` over `b`.
pub(super) fn mix(a: Rgb, b: Rgb, amount: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * amount + f32::from(y) * (1.0 - amount)).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// WCAG relative luminance.
fn luminance(c: Rgb) -> f32 {
    let ch = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
}

fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}
