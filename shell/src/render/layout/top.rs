//! The top of a key: the header, the account label and the badge, each on a line of its own
//! rather than cut when they do not share the first (a [`Top`], laid out line by line as
//! [`Mark`]s); where the body's space starts under them.

use super::grid::Grid;
use crate::render::badge::{Badge, CUT_WIDEST, WIDEST};
use crate::render::text::{self, Align, Style};
use crate::render::Canvas;
use openbalance_core::view::{Rgb, Text, TileView};

/// Least room kept between the header and what shares its row (a badge, the account label):
/// wider than a word space, so the two never read as one phrase. The strip keeps it too.
pub(crate) const LABEL_GAP: f32 = 8.0;

/// Most lines the top of a key takes before the badge gives up its own line for a mark: four
/// leave a small key room for its answer.
const MAX_TOP_LINES: usize = 4;

/// What sits on one line of the tile's top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
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
pub(crate) struct Top {
    pub(super) header_style: Style,
    /// What each line holds, first line first.
    pub(crate) lines: Vec<Vec<Mark>>,
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
    pub(crate) fn fit(grid: &Grid, view: &TileView, background: Rgb) -> Top {
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
            .map(|b| badge(grid, b, background, mark));
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

    pub(super) fn draw(&self, canvas: &mut Canvas, grid: &Grid) {
        let label_style = self.header_style.tracked(0.0);
        for (i, line) in self.lines.iter().enumerate() {
            let baseline = self.baseline + self.pitch * i as f32;
            let mut right = grid.right();
            // The badge takes the corner; the label sits left of it.
            if line.contains(&Mark::Badge) {
                if let Some(badge) = &self.badge {
                    let cap_middle = baseline - self.header_style.cap_height() / 2.0;
                    badge.draw(canvas, cap_middle, right);
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
fn header_lines(style: Style, header: &str, width: f32) -> (Style, Vec<String>) {
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

/// The badge as a pill in the corner, or with `mark` a dot in its colour beside the header (the
/// numbers are old): on a small key a word at a legible size would take a line of the top, and so
/// it does on any key whose top is already full; the word is left to larger keys, the dial and the
/// inspector.
fn badge(grid: &Grid, badge: &Text, background: Rgb, mark: bool) -> Badge {
    if mark {
        let side = (grid.floor_cap * 0.85).round();
        return Badge::mark(grid.header(), side, badge.color);
    }
    let style = grid.style(text::Face::Text, 12.0);
    let max = if grid.large() {
        (WIDEST, CUT_WIDEST)
    } else {
        (grid.width(), grid.width())
    };
    Badge::pill(style, &badge.text, max, badge.color, background)
}
