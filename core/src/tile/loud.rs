//! How loud a view is: an alarm fills the whole tile (a low balance, a critical spike, a spent
//! budget), a warning frames it (a spike, a budget past its warning line). One treatment each,
//! shared by every tile, which no daily trend uses.

use crate::palette::Palette;
use crate::view::{Body, TileView, Urgency};

/// How loud a view asks to be: the two levels of [`crate::view::Urgency`], before colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loud {
    Warn,
    Alarm,
}

/// Makes `view` an alarm: the whole tile in the alarm fill, every text and icon knocked out of
/// it (the answer and the header brightest, the rest a little quieter). The one treatment every
/// alarm shares (a low balance, a critical spike, a spent budget), which no daily trend uses.
pub fn alarm(view: &mut TileView, p: &Palette) {
    let (on, quiet) = (p.on_alarm, p.on_alarm_muted);
    view.background = p.alarm;
    view.urgency = Some(Urgency::Alarm { color: p.alarm });
    view.header.color = on;
    if let Some(account) = &mut view.account {
        account.color = quiet;
    }
    match &mut view.body {
        Body::Status {
            icon,
            headline,
            detail,
        } => {
            if let Some(icon) = icon {
                icon.color = on;
            }
            headline.color = on;
            if let Some(detail) = detail {
                detail.color = quiet;
            }
        }
        Body::Hero { value, trend } => {
            value.color = on;
            if let Some(trend) = trend {
                if let Some(icon) = &mut trend.icon {
                    icon.color = quiet;
                }
                trend.text.color = quiet;
            }
        }
        Body::Ranking { rows, pager } => {
            for row in rows {
                row.name.color = on;
                row.value.color = quiet;
                if let Some(tag) = &mut row.tag {
                    tag.color = quiet;
                }
            }
            if let Some(pager) = pager {
                pager.color = quiet;
            }
        }
        Body::Chart {
            value,
            bars,
            caption,
        } => {
            value.color = on;
            for bar in bars {
                bar.color = quiet;
            }
            if let Some(caption) = caption {
                caption.color = quiet;
            }
        }
        Body::Gauge {
            value,
            bar,
            caption,
            note,
            ..
        } => {
            value.color = on;
            *bar = on;
            for t in [caption, note].into_iter().flatten() {
                t.color = quiet;
            }
        }
        Body::Alert {
            icon,
            label,
            model,
            ratio,
            basis,
            model_note,
        } => {
            icon.color = on;
            label.color = on;
            if let Some(ratio) = ratio {
                ratio.color = on;
            }
            for t in [model, basis, model_note].into_iter().flatten() {
                t.color = quiet;
            }
        }
    }
}

/// Makes `view` a warning: a frame in the watch colour round the tile, which nothing else draws.
pub fn warning(view: &mut TileView, p: &Palette) {
    view.urgency = Some(Urgency::Warn { color: p.warn });
}
