//! The strip's top row: the header, where the dial stands (a ring's dots or "2/6"), the account
//! label and the badge, in one row of 200 pixels (a key has lines to spare, the strip has one):
//! the header stays whole, the position goes before the label is cut.

use super::grid::{header_middle, HEADER, HEADER_BASELINE, MARGIN, RIGHT};
use crate::render::badge::{Badge, CUT_WIDEST, WIDEST};
use crate::render::icons::circle;
use crate::render::layout::LABEL_GAP;
use crate::render::text::{self, Align, Face, Style};
use crate::render::Canvas;
use openbalance_core::strip::{Position, StripView};
use openbalance_core::view::{Rgb, Text};

const BADGE: Style = Style::new(Face::Text, 12.0);
const BADGE_HEIGHT: f32 = 16.0;
const PLACE: Style = Style::new(Face::Text, 12.0);

/// The most of a strip's header row the account label is counted as needing when deciding
/// whether the dial's position is drawn as dots or counted.
const LABEL_SHARE: f32 = 0.45;

/// Draws the top row on `background` (the strip's, or an alarm's fill).
pub(super) fn draw(canvas: &mut Canvas, view: &StripView, background: Rgb) {
    match (&view.badge, &view.account) {
        (None, Some(account)) => top_row_with_account(canvas, view, account, RIGHT),
        // The badge takes the corner and the label sits beside it: whose numbers these are is
        // never dropped for the news that they are old.
        (Some(badge), Some(account)) => {
            let right = draw_badge(canvas, badge, RIGHT, background) - 6.0;
            top_row_with_account(canvas, view, account, right)
        }
        _ => top_row(canvas, view, background),
    }
}

/// The top row, right to left: the badge, where the dial stands, then the header in what is left.
fn top_row(canvas: &mut Canvas, view: &StripView, background: Rgb) {
    let mut right = RIGHT;
    if let Some(badge) = &view.badge {
        right = draw_badge(canvas, badge, right, background) - 6.0;
    }
    if let Some(position) = &view.position {
        right = draw_position(canvas, &compact(position, right), right) - POSITION_GAP;
    }
    let label = view.header.text.to_uppercase();
    let room = (right - MARGIN).max(0.0);
    // As on a key: tracked, or untracked where that keeps it whole (a longer translation beside
    // a badge); one cut all the same keeps its tracking.
    let untracked = HEADER.tracked(0.0);
    let style = if HEADER.width(&label) > room && untracked.width(&label) <= room {
        untracked
    } else {
        HEADER
    };
    let (style, label) = text::fit(style, &label, room, 12.0);
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
pub(super) fn account_row(
    view: &StripView,
    account: &Text,
    right: f32,
) -> (Option<Position>, HeaderRow) {
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

/// The stale marker as a pill ending at `right`; returns its left edge.
fn draw_badge(canvas: &mut Canvas, badge: &Text, right: f32, background: Rgb) -> f32 {
    Badge::pill(
        BADGE,
        &badge.text,
        (WIDEST, CUT_WIDEST),
        badge.color,
        background,
    )
    .tall(BADGE_HEIGHT)
    .draw(canvas, header_middle(), right)
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

/// The header row of a strip with the account label at its right end ("BALANCE ······ WORK"),
/// both in `style` (the header's), fitted into one row: the header left, the label right-aligned,
/// at least [`LABEL_GAP`] apart. The strip has one row for its header, the dial's position and a
/// badge (a key has lines to spare: see its `Top`): the header, which says what the number is, is
/// never cut; the label takes what is left, whole when it fits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderRow {
    pub(crate) style: Style,
    pub(crate) header: String,
    /// The label as drawn; `None` when there is none or no room for a letter of it.
    pub(crate) account: Option<String>,
}

impl HeaderRow {
    /// The two texts in a row `room` units wide: both whole when they fit, with the header's
    /// tracking or, failing that, without it; otherwise the header whole (cut only if it alone is
    /// wider than the row) and the label, untracked, cut with "…" to what is left. A label that
    /// would be only "…" is left out.
    pub(crate) fn fit(style: Style, header: &str, account: &str, room: f32) -> HeaderRow {
        let room = room.max(0.0);
        let header = header.to_uppercase();
        let account = account.trim();
        if account.is_empty() {
            // Whole without its tracking rather than cut with it.
            let style = if style.width(&header) <= room {
                style
            } else {
                style.tracked(0.0)
            };
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
    pub(crate) fn account_width(&self) -> f32 {
        self.account.as_ref().map_or(0.0, |a| self.style.width(a))
    }

    /// Draws the header from `left` and the label ending at `right`, on `baseline`.
    fn draw(
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
