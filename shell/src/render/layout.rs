//! Where everything goes on the 144-unit tile, one function per body kind, for the key it will be
//! shown on.
//!
//! Stream Deck scales the 144-pixel image to the key: to 72 pixels on the original Stream Deck and
//! the MK.2, so a 12-unit label there has capitals 4 pixels tall. Each [`KeySize`] has its
//! [`Grid`]: margins, and a floor under every text (capitals at least about 8 of the key's pixels
//! tall: 16 units for a 72-pixel key, 12 for a 96-pixel one, 8 for 144). The core decides what a
//! small key leaves out; this module sizes and places what is left.
//!
//! Vertical positions are reasoned about in cap heights (the top of digits and capitals to the
//! baseline) rather than font boxes: that is what the eye sees as the edge of a number, so gaps
//! measured that way look even.

use super::icons::draw_icon;
use super::text::{self, Align, Face, Style};
use super::Canvas;
use openbalance_core::view::{
    Bar, Body, Glyph, KeySize, RankRow, Rgb, Text, TileView, TrendLine, Urgency,
};
use raqote::PathBuilder;
use std::f32::consts::PI;

const UNITS: f32 = super::UNITS;
const CENTER: f32 = UNITS / 2.0;

/// A large key's header, the style every other header and label is measured against.
const HEADER: Style = Style::new(Face::Text, 12.0).tracked(0.04);

/// Least room kept between the header and what shares its row (a badge, the account label):
/// wider than a word space, so the two never read as one phrase.
pub(super) const LABEL_GAP: f32 = 8.0;
/// The most of a strip's header row the account label is counted as needing when deciding
/// whether the dial's position is drawn as dots or counted (see `strip.rs`).
pub(super) const LABEL_SHARE: f32 = 0.45;

/// The layout of one key size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Grid {
    pub(super) size: KeySize,
    margin: f32,
    /// Least cap height of any text, in layout units.
    pub(super) floor_cap: f32,
}

impl Grid {
    pub(super) fn of(size: KeySize) -> Grid {
        match size {
            // 7.9 device pixels on a 72-pixel key, 8.8 on the Mini's 80.
            KeySize::Small => Grid {
                size,
                margin: 8.0,
                floor_cap: 15.75,
            },
            // 8 device pixels on the XL's and Neo's 96, 9.3 on the + XL's 112, 10 on the +'s 120.
            KeySize::Medium => Grid {
                size,
                margin: 9.0,
                floor_cap: 12.0,
            },
            KeySize::Large => Grid {
                size,
                margin: 10.0,
                floor_cap: 8.0,
            },
        }
    }

    fn left(&self) -> f32 {
        self.margin
    }

    fn right(&self) -> f32 {
        UNITS - self.margin
    }

    fn bottom(&self) -> f32 {
        UNITS - self.margin
    }

    fn width(&self) -> f32 {
        UNITS - 2.0 * self.margin
    }

    fn small(&self) -> bool {
        self.size == KeySize::Small
    }

    fn large(&self) -> bool {
        self.size == KeySize::Large
    }

    /// The smallest size of `face` this key allows.
    fn floor(&self, face: Face) -> f32 {
        Style::with_cap(face, self.floor_cap).size
    }

    /// `face` at `size`, or at the floor when that is larger.
    fn style(&self, face: Face, size: f32) -> Style {
        Style::new(face, text::MIN_PX).sized(size.max(self.floor(face)))
    }

    /// The header's style: the large key's 12 units, tracked, or the floor.
    fn header(&self) -> Style {
        match self.size {
            KeySize::Large => HEADER,
            _ => self.style(Face::Text, 0.0).tracked(0.02),
        }
    }

    /// The first header line's baseline.
    fn header_baseline(&self) -> f32 {
        match self.size {
            KeySize::Large => 19.5,
            _ => (self.margin + 1.0 + self.header().cap_height()).round(),
        }
    }

    /// From a header line's baseline to the next.
    fn header_pitch(&self) -> f32 {
        (self.header().line_height() + 0.5).round()
    }

    /// From the last header line's baseline to where the body's space starts.
    fn body_gap(&self) -> f32 {
        match self.size {
            KeySize::Large => 9.5,
            KeySize::Medium => 10.0,
            KeySize::Small => 9.0,
        }
    }

    /// Most lines a headline or a name may take.
    /// (On a large key a headline takes two, shrinking first; on smaller keys a word no longer
    /// fits beside another at the floor: "Not a" / "Management" / "key".)
    fn lines(&self) -> usize {
        match self.size {
            KeySize::Large => 2,
            _ => 3,
        }
    }
}

/// Draws the view for its key (`view.size`); the image is always 144 units square.
pub(super) fn draw_view(canvas: &mut Canvas, view: &TileView) {
    let grid = Grid::of(view.size);
    let background = match view.urgency {
        Some(Urgency::Alarm { color }) => color,
        _ => view.background,
    };
    canvas.fill_all(background);
    let top = Top::fit(&grid, view, background);
    top.draw(canvas, &grid);
    let body_top = top.body_top;
    match &view.body {
        Body::Status {
            icon,
            headline,
            detail,
        } => status(
            canvas,
            &grid,
            body_top,
            icon.as_ref(),
            headline,
            detail.as_ref(),
        ),
        Body::Hero { value, trend } => hero(canvas, &grid, body_top, value, trend.as_ref()),
        Body::Ranking { rows, pager } => {
            ranking(canvas, &grid, body_top, rows, pager.as_ref(), background)
        }
        Body::Chart {
            value,
            bars,
            caption,
        } => chart(canvas, &grid, body_top, value, bars, caption.as_ref()),
        Body::Gauge {
            value,
            fill,
            bar,
            caption,
            note,
        } => gauge(
            canvas,
            &grid,
            body_top,
            value,
            (*fill, *bar),
            caption.as_ref(),
            note.as_ref(),
            background,
        ),
        Body::Alert {
            icon,
            label,
            model,
            ratio,
            basis,
            model_note,
        } => alert(
            canvas,
            &grid,
            body_top,
            icon,
            label,
            ratio.as_ref(),
            basis.as_ref(),
            model.as_ref(),
            model_note.as_ref(),
        ),
    }
    if let Some(Urgency::Warn { color }) = view.urgency {
        frame(canvas, &grid, color);
    }
}

/// A watch state's frame: a thick rounded ring at the tile's edge, inside the margin, which no
/// text or bar reaches.
fn frame(canvas: &mut Canvas, grid: &Grid, color: Rgb) {
    // Thick enough to see across a room (2+ pixels on a 72-pixel key), clear of the text.
    let width = (grid.margin - 3.5).clamp(4.0, 5.0);
    let radius = 16.0;
    let mut pb = PathBuilder::new();
    append_rounded(&mut pb, 0.0, 0.0, UNITS, UNITS, radius);
    append_rounded(
        &mut pb,
        width,
        width,
        UNITS - 2.0 * width,
        UNITS - 2.0 * width,
        radius - width,
    );
    let mut path = pb.finish();
    path.winding = raqote::Winding::EvenOdd;
    canvas.fill(&path, color, 1.0);
}

fn append_rounded(pb: &mut PathBuilder, x: f32, y: f32, w: f32, h: f32, r: f32) {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    pb.move_to(x, y + r);
    pb.arc(x + r, y + r, r, PI, PI / 2.0);
    pb.line_to(x + w - r, y);
    pb.arc(x + w - r, y + r, r, -PI / 2.0, PI / 2.0);
    pb.line_to(x + w, y + h - r);
    pb.arc(x + w - r, y + h - r, r, 0.0, PI / 2.0);
    pb.line_to(x + r, y + h);
    pb.arc(x + r, y + h - r, r, PI / 2.0, PI / 2.0);
    pb.close();
}

/// Most lines the top of a key takes before the badge gives up its own line for a mark: four
/// leave a small key room for its answer.
const MAX_TOP_LINES: usize = 4;

/// What sits on one line of the tile's top.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mark {
    /// A line of the header, from the left.
    Header(String),
    /// The account label (or a line of it): on the header's line at the right, else from the
    /// left on a line of its own.
    Account { text: String, right: bool },
    /// The stale marker's pill, at the right.
    Badge,
}

/// The tile's top: the header, never cut (a header that does not fit one line breaks at " · "
/// or a space onto a second); the badge and the account label beside it when they fit there
/// whole, else on lines of their own under it (each is news or whose numbers these are: neither
/// gives way to the other, and neither is cut while a line can hold it).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Top {
    pub(super) header_style: Style,
    /// What each line holds, first line first.
    pub(super) lines: Vec<Vec<Mark>>,
    badge: Option<Badge>,
    header_color: Rgb,
    account_color: Rgb,
    /// Where the body's space starts.
    pub(super) body_top: f32,
    /// Baseline of the first line, and from one to the next.
    baseline: f32,
    pitch: f32,
}

impl Top {
    pub(super) fn fit(grid: &Grid, view: &TileView, background: Rgb) -> Top {
        let top = Top::fit_with(grid, view, background, grid.small());
        // A badge that would push the answer down with a line of its own is a mark instead.
        if top.lines.len() > MAX_TOP_LINES && top.lines.last() == Some(&vec![Mark::Badge]) {
            return Top::fit_with(grid, view, background, true);
        }
        top
    }

    fn fit_with(grid: &Grid, view: &TileView, background: Rgb, mark: bool) -> Top {
        let width = grid.width();
        let style = grid.header();
        // As the core wrote it: its own headers in capitals, a name a person gave as they gave it.
        let header = view.header.text.clone();
        let badge = view
            .badge
            .as_ref()
            .map(|b| Badge::fit(grid, b, background, mark));
        // On a small key the badge is a mark at the end of the header's first line, never a line
        // of its own: the header makes room for it.
        let mark_room = match &badge {
            Some(b) if b.text.is_empty() => b.width + LABEL_GAP,
            _ => 0.0,
        };
        let (header_style, header_lines) = header_lines(style, &header, width - mark_room);
        let account = view
            .account
            .as_ref()
            .map(|a| a.text.trim().to_owned())
            .filter(|a| !a.is_empty());
        let label_style = header_style.tracked(0.0);
        let badge_width = badge.as_ref().map_or(0.0, |b| b.width);
        let label_width = account.as_ref().map(|a| label_style.width(a));
        // What shares the header's first line, in order of preference: the badge and the label,
        // the badge alone (the corner is the news's), the label alone; each tried with the
        // header tracked and, for a one-line header, without its tracking.
        let first_width = |style: Style| header_lines.first().map_or(0.0, |l| style.width(l));
        let fits = |style: Style, badge: bool, label: bool| {
            let mut need = first_width(style);
            if badge {
                need += LABEL_GAP + badge_width;
            }
            if let (true, Some(w)) = (label, label_width) {
                need += if badge { 6.0 } else { LABEL_GAP } + w;
            }
            need <= width
        };
        let styles: &[Style] = match header_lines.len() {
            1 => &[header_style, header_style.tracked(0.0)],
            _ => &[header_style],
        };
        let wanted = [
            (badge.is_some(), label_width.is_some()),
            (badge.is_some(), false),
            (false, label_width.is_some()),
        ];
        let (header_style, badge_first, label_first) = wanted
            .iter()
            .filter(|(b, l)| *b || *l)
            .find_map(|&(b, l)| {
                styles
                    .iter()
                    .find(|st| fits(**st, b, l))
                    .map(|st| (*st, b, l))
            })
            .unwrap_or((header_style, false, false));
        let mut lines: Vec<Vec<Mark>> = header_lines
            .iter()
            .cloned()
            .map(|l| vec![Mark::Header(l)])
            .collect();
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        if badge_first {
            lines[0].push(Mark::Badge);
        }
        let mut badge_placed = badge_first || badge.is_none();
        match (&account, label_first) {
            (Some(a), true) => lines[0].push(Mark::Account {
                text: a.clone(),
                right: true,
            }),
            (Some(a), false) => {
                let (_, label_lines) = text::wrap(label_style, a, width, label_style.size, 3);
                let count = label_lines.len();
                for (i, l) in label_lines.into_iter().enumerate() {
                    let mut line = vec![Mark::Account {
                        text: l.clone(),
                        right: false,
                    }];
                    // The badge shares the label's last line when both fit there.
                    if i + 1 == count
                        && !badge_placed
                        && label_style.width(&l) + LABEL_GAP + badge_width <= width
                    {
                        line.push(Mark::Badge);
                        badge_placed = true;
                    }
                    lines.push(line);
                }
            }
            (None, _) => {}
        }
        if !badge_placed {
            lines.push(vec![Mark::Badge]);
        }
        let baseline = grid.header_baseline();
        let pitch = grid.header_pitch();
        let body_top = baseline + pitch * (lines.len() - 1) as f32 + grid.body_gap();
        Top {
            header_style,
            lines,
            badge,
            header_color: view.header.color,
            account_color: view.account.as_ref().map_or(view.header.color, |a| a.color),
            body_top,
            baseline,
            pitch,
        }
    }

    fn draw(&self, canvas: &mut Canvas, grid: &Grid) {
        let label_style = self.header_style.tracked(0.0);
        for (i, line) in self.lines.iter().enumerate() {
            let baseline = self.baseline + self.pitch * i as f32;
            let mut right = grid.right();
            // The badge takes the corner; the label sits left of it.
            if line.contains(&Mark::Badge) {
                if let Some(badge) = &self.badge {
                    badge.draw(canvas, baseline, self.header_style, right);
                    right -= badge.width + 6.0;
                }
            }
            for mark in line {
                match mark {
                    Mark::Header(words) => text::draw(
                        canvas,
                        self.header_style,
                        words,
                        grid.left(),
                        baseline,
                        self.header_color,
                    ),
                    Mark::Account {
                        text: words,
                        right: true,
                    } => text::draw_aligned(
                        canvas,
                        label_style,
                        words,
                        right,
                        baseline,
                        Align::Right,
                        self.account_color,
                    ),
                    Mark::Account {
                        text: words,
                        right: false,
                    } => text::draw(
                        canvas,
                        label_style,
                        words,
                        grid.left(),
                        baseline,
                        self.account_color,
                    ),
                    Mark::Badge => {}
                }
            }
        }
    }
}

/// The header in one line when it fits (tracked, or failing that untracked), else broken at its
/// " · " or its spaces into the fewest lines; a word wider than the key (a long name a person
/// gave) is broken after a hyphen or, as a last resort, inside the word: never cut.
pub(super) fn header_lines(style: Style, header: &str, width: f32) -> (Style, Vec<String>) {
    if header.trim().is_empty() {
        return (style, Vec::new());
    }
    for style in [style, style.tracked(0.0)] {
        if style.width(header) <= width {
            return (style, vec![header.to_owned()]);
        }
    }
    let style = style.tracked(0.0);
    let parts: Vec<String> = header
        .split(" · ")
        .flat_map(|part| {
            // A part too wide alone breaks at its spaces, a word too wide where it must.
            if style.width(part) <= width {
                vec![part.to_owned()]
            } else {
                text::wrap(style, part, width, style.size, 8).1
            }
        })
        .collect();
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(line) if style.width(&format!("{line} {part}")) <= width => {
                line.push(' ');
                line.push_str(&part);
            }
            _ => lines.push(part),
        }
    }
    (style, lines)
}

/// The corner pill: solid in the badge colour with the text knocked out in whichever of the tile
/// background, black or white reads best on it.
#[derive(Debug, Clone, PartialEq)]
struct Badge {
    style: Style,
    text: String,
    fill: Rgb,
    ink: Rgb,
    width: f32,
    height: f32,
}

impl Badge {
    /// The pill for `badge`, or with `mark` a dot in its colour beside the header (the numbers
    /// are old): on a small key a word at a legible size would take a line of the top, and so it
    /// does on any key whose top is already full; the word is left to larger keys, the dial and
    /// the inspector.
    fn fit(grid: &Grid, badge: &Text, background: Rgb, mark: bool) -> Badge {
        if mark {
            let side = (grid.floor_cap * 0.85).round();
            return Badge {
                style: grid.header(),
                text: String::new(),
                fill: badge.color,
                ink: badge.color,
                width: side,
                height: side,
            };
        }
        let pad = 5.0;
        let base = grid.style(Face::Text, 12.0);
        let max = if grid.large() { 66.0 } else { grid.width() };
        let (style, text) = text::fit(base, &badge.text, max - 2.0 * pad, base.size);
        let height = (style.cap_height() + 8.3).round();
        let width = (style.width(&text) + 2.0 * pad).max(height);
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
            height,
        }
    }

    /// The pill centred on the capitals of a line whose baseline is `baseline`, ending at `right`.
    fn draw(&self, canvas: &mut Canvas, baseline: f32, line: Style, right: f32) {
        let cap_middle = baseline - line.cap_height() / 2.0;
        let top = cap_middle - self.height / 2.0;
        let left = right - self.width;
        canvas.fill(
            &rounded_rect(left, top, self.width, self.height, self.height / 2.0, true),
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

/// The header row of a strip with the account label at its right end ("BALANCE ······ WORK"),
/// both in `style` (the header's), fitted into one row: the header left, the label right-aligned,
/// at least [`LABEL_GAP`] apart. The strip has one row for its header, the dial's position and a
/// badge (a key has lines to spare, see [`Top`]): the header, which says what the number is, is
/// never cut; the label takes what is left, whole when it fits.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HeaderRow {
    pub(super) style: Style,
    pub(super) header: String,
    /// The label as drawn; `None` when there is none or no room for a letter of it.
    pub(super) account: Option<String>,
}

impl HeaderRow {
    /// The two texts in a row `room` units wide: both whole when they fit, with the header's
    /// tracking or, failing that, without it; otherwise the header whole (cut only if it alone is
    /// wider than the row) and the label, untracked, cut with "…" to what is left. A label that
    /// would be only "…" is left out.
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
        let header = text::ellipsize(style, &header, room);
        let label_room = room - LABEL_GAP - style.width(&header);
        let label = text::ellipsize(style, account, label_room.max(0.0));
        let label = (label != "…" || account == "…")
            .then_some(label)
            .filter(|_| label_room > 0.0);
        HeaderRow {
            style,
            header,
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

fn status(
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

fn hero(canvas: &mut Canvas, grid: &Grid, top: f32, value: &Text, trend: Option<&TrendLine>) {
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

/// Two entries a page: each name (the answer, in the text colour) over its amount. A small key
/// shows one entry, its name on up to two lines, the amount large under it.
fn ranking(
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

fn chart(
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

/// A limit's gauge: the amount, a bar of spent ÷ limit on a faint track, what the amount is of,
/// and when it starts again. No fill (an interval we do not know): the track alone.
#[allow(clippy::too_many_arguments)]
fn gauge(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    value: &Text,
    (fill, bar): (Option<f32>, Rgb),
    caption: Option<&Text>,
    note: Option<&Text>,
    background: Rgb,
) {
    if !grid.large() {
        return gauge_stacked(
            canvas,
            grid,
            top,
            value,
            (fill, bar),
            caption,
            note,
            background,
        );
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
#[allow(clippy::too_many_arguments)]
fn gauge_stacked(
    canvas: &mut Canvas,
    grid: &Grid,
    top: f32,
    value: &Text,
    (fill, bar): (Option<f32>, Rgb),
    caption: Option<&Text>,
    note: Option<&Text>,
    background: Rgb,
) {
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

/// A gauge's bar: the faint track, and on it the share spent (at least a round end's width).
fn draw_track(
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

/// The verdict (icon and word), the ratio that decided it, what that ratio compares with; apart,
/// at the bottom, the model that rose most and what that means.
#[allow(clippy::too_many_arguments)]
fn alert(
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
