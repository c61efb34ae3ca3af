//! Where everything goes on the 144-unit tile, for the key it will be shown on: the size class's
//! [`Grid`] (`grid.rs`), the top with the header, account label and badge (`top.rs`), and one
//! module per body kind (`status.rs`, `hero.rs`, `ranking.rs`, `chart.rs`, `gauge.rs`,
//! `alert.rs`). This file draws a view with them: background, top, body, a warning's frame.
//!
//! Stream Deck scales the 144-pixel image to the key: to 72 pixels on the original Stream Deck and
//! the MK.2, so a 12-unit label there has capitals 4 pixels tall. Each [`KeySize`] has its
//! [`Grid`]: margins, and a floor under every text (capitals at least about 8 of the key's pixels
//! tall: 16 units for a 72-pixel key, 12 for a 96-pixel one, 8 for 144). The core decides what a
//! small key leaves out; these modules size and place what is left.
//!
//! Vertical positions are reasoned about in cap heights (the top of digits and capitals to the
//! baseline) rather than font boxes: that is what the eye sees as the edge of a number, so gaps
//! measured that way look even.
//!
//! [`KeySize`]: openbalance_core::view::KeySize

mod alert;
mod chart;
mod gauge;
mod grid;
mod hero;
mod ranking;
mod status;
mod top;

use super::paint::ring;
use super::{Canvas, UNITS};
use alert::alert;
use chart::chart;
use gauge::{gauge, Gauge};
pub(crate) use grid::Grid;
use hero::hero;
use openbalance_core::view::{Body, Rgb, TileView, Urgency};
use ranking::ranking;
use status::status;
pub(crate) use top::{Mark, Top, LABEL_GAP};

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
            Gauge {
                value,
                fill: *fill,
                bar: *bar,
                caption: caption.as_ref(),
                note: note.as_ref(),
            },
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
    canvas.fill(&ring(UNITS, UNITS, width, 16.0), color, 1.0);
}
