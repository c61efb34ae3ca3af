//! The key's view laid out on a dial's 200×100 strip, and the marks a turning dial shows: the
//! parts every tile's strip is built from.

use super::words::text;
use crate::palette::Palette;
use crate::strip::{Line, Position, Row, StripBody, StripView};
use crate::view::{Body, Rgb, TileView};

/// Rows of a ranking the strip shows at once.
pub const LIST_ROWS: usize = 3;

/// The key's view laid out on the strip: same words, same colours.
pub(super) fn from_key(key: TileView) -> StripView {
    let body = match key.body {
        Body::Status {
            icon,
            headline,
            detail,
        } => StripBody::Status {
            icon,
            headline,
            detail,
        },
        Body::Hero { value, trend } => StripBody::Hero {
            value,
            line: trend.map(|t| Line {
                icon: t.icon,
                text: t.text,
            }),
        },
        Body::Ranking { rows, .. } => StripBody::List {
            rows: rows
                .into_iter()
                .map(|r| Row {
                    rank: text("", r.name.color),
                    name: r.name,
                    value: r.value,
                })
                .collect(),
            selected: None,
        },
        Body::Chart {
            value,
            bars,
            caption,
        } => StripBody::Chart {
            value,
            note: caption,
            bars,
            marked: None,
        },
        // The verdict and its ratio on one row, what the ratio compares with under it, and the
        // model that rose most last, named for what it is.
        Body::Alert {
            icon,
            label,
            model,
            ratio,
            basis,
            model_note,
        } => StripBody::Alert {
            icon,
            label,
            ratio,
            detail: basis,
            // What the line is first, so a long model name is what gets cut on the narrow strip.
            note: model.map(|m| {
                let words = match model_note {
                    Some(note) => format!("{}: {}", note.text, m.text),
                    None => m.text,
                };
                text(words, m.color)
            }),
        },
        Body::Gauge {
            value,
            fill,
            bar,
            caption,
            note,
        } => StripBody::Gauge {
            value,
            fill,
            bar,
            caption,
            note,
        },
    };
    StripView {
        background: key.background,
        header: key.header,
        position: None,
        badge: key.badge,
        body,
        account: key.account,
        urgency: key.urgency,
    }
}

pub(super) fn dots(count: usize, lit: usize, p: &Palette) -> Option<Position> {
    Some(Position::Dots {
        count: u8::try_from(count).unwrap_or(u8::MAX),
        lit: u8::try_from(lit).unwrap_or(u8::MAX),
        on: p.text,
        off: mix(p.muted, p.background, 0.45),
    })
}

pub(super) fn place(i: usize, of: usize, p: &Palette) -> Option<Position> {
    Some(Position::Place {
        text: text(format!("{}/{of}", i + 1), p.header),
    })
}

/// `a` at `amount` over `b`.
pub(super) fn mix(a: Rgb, b: Rgb, amount: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * amount + f32::from(y) * (1.0 - amount)).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}
