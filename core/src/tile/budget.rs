//! The Budget tile on a key: what is left of the picked limit (or what was spent of it) as the
//! hero, a bar of spent ÷ limit, "left of $200" and when the window starts again. Warning colours
//! from `warnAt`, alarm colours once the limit is reached; the states without a gauge say what
//! is missing and what a tap does about it.

use super::loud::{alarm, warning};
use super::strip_view::from_key;
use super::words::{day_month, dollars, text, trouble_words, whole_dollars};
use super::{Alarm, Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap};
use crate::board::Tile;
use crate::budget::{every, next_reset, standing, Standing, Unresolved};
use crate::catalogue::{say, text as word, weekday, Msg, Phrase};
use crate::dial::Stops;
use crate::lang::Lang;
use crate::numbers::Needs;
use crate::openrouter::Interval;
use crate::palette::Palette;
use crate::settings::{read_budget, BudgetSettings, Show, TileSettings};
use crate::strip::{Position, StripBody, StripView};
use crate::timestamp::{Timestamp, MINUTE_MS};
use crate::view::{Body, Glyph, Icon, KeySize, Rgb, Text, TileView, Urgency};
use serde_json::{Map, Value};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::Budget,
    uuid: "com.openbalance.openrouter.budget",
    slug: "budget",
    name: "Budget",
    header: "BUDGET",
    tap: Tap::Limit,
    settings: &["key", "workspace", "interval", "show", "warnAt"],
    icon: BundleIcon::Gauge,
    dial: DialWords {
        rotate: "Every limit and budget, nearest to its limit first",
        push: "Back to your pick",
    },
};

pub struct Budget;

impl Kind for Budget {
    fn read_settings(
        &self,
        object: &Map<String, Value>,
        settings: &mut TileSettings,
        fallbacks: &mut Vec<&'static str>,
    ) {
        read_budget(object, &mut settings.budget, fallbacks);
    }

    fn needs(&self, _settings: &TileSettings) -> Needs {
        Needs {
            keys: true,
            budgets: true,
            ..Needs::NONE
        }
    }

    fn header(&self, tile: &Tile, scene: &Scene) -> String {
        header(tile, scene)
    }

    /// A budget warns (framed) from its warning line and alarms (filled) once reached; a small
    /// key keeps the amount, the bar and what the amount is of.
    fn body(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        _header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        let (mut body, loud) = body(tile, scene, p)?;
        // A small key keeps what the amount is ("left", "spent"; filled, "reached") in a word;
        // the limit itself and when it resets are on larger keys and the dial.
        if let (Body::Gauge { note, caption, .. }, KeySize::Small) = (&mut body, scene.size) {
            *note = None;
            if let Some(caption) = caption {
                let caption_word = match (loud, tile.settings.budget.show) {
                    (Some(Loud::Alarm), _) => Msg::CaptionReached,
                    (_, Show::Left) => Msg::CaptionLeft,
                    (_, Show::Spent) => Msg::CaptionSpent,
                };
                caption.text = word(scene.lang, caption_word).to_owned();
            }
        }
        Some((body, loud))
    }

    /// Every limit of the account, whatever the tile's own pick shows.
    fn stops(&self, _tile: &Tile, scene: &Scene) -> Stops {
        Stops::from_top(
            scene
                .numbers
                .key_usage
                .as_ref()
                .map_or(0, |k| every(k).len()),
        )
    }

    fn strip(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        key: &TileView,
    ) -> Option<StripView> {
        match at {
            Some(at) => turned(tile, scene, p, at, key).or_else(|| home(tile, scene, key)),
            None => home(tile, scene, key),
        }
    }

    /// Its dial turns through every limit of the account even while its own pick shows no
    /// numbers ("Pick a limit", "No limit set").
    fn turns_without_numbers(&self) -> bool {
        true
    }

    fn alarm(&self) -> Alarm {
        Alarm::Limit
    }
}

/// The header: the name of what the limit belongs to, once it is known; in capitals as headers
/// are, except on a small key, where a name as its owner wrote it is narrower and still whole.
fn header(tile: &Tile, scene: &Scene) -> String {
    let ledger = scene.numbers.key_usage.as_ref();
    let named = ledger.map(|l| standing(l, &tile.settings.budget.target));
    let cased = |name: &str| match scene.size {
        KeySize::Small => name.to_owned(),
        _ => name.to_uppercase(),
    };
    match named {
        Some(Ok(s)) => cased(&s.name),
        Some(Err(Unresolved::NoLimit { name } | Unresolved::NoBudget { name })) => cased(&name),
        _ => scene.header_word(Msg::HeaderBudget, Msg::HeaderBudgetSmall),
    }
}

/// The body and how loud it is (a frame from the warning line, the fill once the limit is
/// reached), or `None` while the keys (or the budgets) are still coming.
fn body(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, Option<Loud>)> {
    let ledger = scene.numbers.key_usage.as_ref()?;
    let w = |m: Msg| word(scene.lang, m);
    let status = |icon: Icon, color: Rgb, headline: &str, detail: Option<&str>| {
        let body = Body::Status {
            icon: Some(Glyph { icon, color }),
            headline: text(headline, p.text),
            detail: detail.map(|d| text(d, p.muted)),
        };
        (body, None)
    };
    let s = match standing(ledger, &tile.settings.budget.target) {
        Ok(s) => s,
        Err(Unresolved::NotPicked) => {
            return Some(status(
                Icon::Key,
                p.accent,
                w(Msg::PickALimit),
                Some(w(Msg::InSettingsLower)),
            ))
        }
        Err(Unresolved::KeyNotFound) => {
            return Some(status(
                Icon::Warning,
                p.warn,
                w(Msg::KeyNotFound),
                Some(w(Msg::PickAnotherInSettings)),
            ))
        }
        Err(Unresolved::WorkspaceNotFound) => {
            return Some(status(
                Icon::Warning,
                p.warn,
                w(Msg::WorkspaceNotFound),
                Some(w(Msg::PickAnotherInSettings)),
            ))
        }
        Err(Unresolved::NoLimit { .. }) => {
            return Some(status(
                Icon::Key,
                p.muted,
                w(Msg::NoLimitSet),
                Some(w(Msg::TapToSetOne)),
            ))
        }
        Err(Unresolved::NoBudget { .. }) => {
            return Some(status(
                Icon::Key,
                p.muted,
                w(Msg::NoBudgetSet),
                Some(w(Msg::TapToSetOne)),
            ))
        }
        Err(Unresolved::BudgetsFailed(error)) => {
            let (icon, color, headline, detail) = trouble_words(&error, scene, p);
            return Some(status(icon, color, headline, detail.as_deref()));
        }
        Err(Unresolved::BudgetsPending) => return None,
    };
    if s.disabled {
        return Some(status(
            Icon::Warning,
            p.muted,
            w(Msg::KeyDisabled),
            Some(w(Msg::TapToOpenIt)),
        ));
    }
    let g = gauge(
        scene.lang,
        &s,
        &tile.settings.budget,
        scene.now,
        scene.utc_offset_minutes,
        p,
    );
    let loud = loudness(&s, &tile.settings.budget);
    let body = Body::Gauge {
        value: g.value,
        fill: g.fill,
        bar: g.bar,
        caption: Some(g.caption),
        note: Some(g.note),
    };
    Some((body, loud))
}

/// How loud a standing is, as the gauge decides its colours: filled once the limit is reached,
/// framed past the warning line, quiet otherwise (and when the spend is not known).
pub(super) fn loudness(s: &Standing, settings: &BudgetSettings) -> Option<Loud> {
    match (s.reached(), s.share()) {
        (_, None) => None,
        (true, Some(_)) => Some(Loud::Alarm),
        (false, Some(share)) if share * 100.0 >= settings.warn_at => Some(Loud::Warn),
        (false, Some(_)) => None,
    }
}

/// A standing as a person reads it: the hero amount, the bar, and the two lines under it. The
/// key and the dial's strip both draw this.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub value: Text,
    pub fill: Option<f32>,
    pub bar: Rgb,
    /// "left of $200", "spent of $200", "$10 limit reached".
    pub caption: Text,
    /// "monthly · resets 1 Jan", "lifetime · no reset".
    pub note: Text,
}

/// The gauge of a standing, in the tile's words and colours.
pub fn gauge(
    lang: Lang,
    s: &Standing,
    settings: &BudgetSettings,
    now: Timestamp,
    utc_offset_minutes: Option<i32>,
    p: &Palette,
) -> Gauge {
    let note = text(
        reset_words(lang, &s.interval, now, utc_offset_minutes),
        p.muted,
    );
    let (Some(spent), Some(left), Some(share)) = (s.spent, s.left(), s.share()) else {
        // An interval we do not know: the limit alone, never a guess at the spend.
        return Gauge {
            value: text(dollars(lang, s.limit), p.text),
            fill: None,
            bar: p.muted,
            caption: text(word(lang, Msg::CaptionLimit), p.muted),
            note,
        };
    };
    let reached = s.reached();
    let warned = share * 100.0 >= settings.warn_at;
    let color = match (reached, warned) {
        (true, _) => p.bad,
        (false, true) => p.warn,
        (false, false) => p.text,
    };
    // Some of the workspace's keys were not read: at least this spent, at most this left.
    let (amount, bound) = match settings.show {
        Show::Left => (left, "≤ "),
        Show::Spent => (spent, "≥ "),
    };
    let value = match s.floor {
        true => format!("{bound}{}", dollars(lang, amount)),
        false => dollars(lang, amount),
    };
    let amount = whole_dollars(lang, s.limit);
    let amount = amount.as_str();
    let caption = match (reached, settings.show) {
        (true, _) => text(say(lang, Phrase::LimitReached { amount }), p.bad),
        (false, Show::Left) => text(say(lang, Phrase::LeftOf { amount }), p.muted),
        (false, Show::Spent) => text(say(lang, Phrase::SpentOf { amount }), p.muted),
    };
    Gauge {
        value: text(value, color),
        fill: Some(share.clamp(0.0, 1.0) as f32),
        bar: match color == p.text {
            true => p.accent,
            false => color,
        },
        caption,
        note,
    }
}

/// "resets 01:00" (a daily limit), "resets Mon" (weekly), "resets 1 Jan" (monthly), "no reset"
/// (lifetime): the moment says the window, and fits under the bar. OpenRouter's windows are UTC,
/// said in the machine's time when it is known. An interval we do not know is said as it came.
pub fn reset_words(
    lang: Lang,
    interval: &Interval,
    now: Timestamp,
    utc_offset_minutes: Option<i32>,
) -> String {
    let Some(at) = next_reset(interval, now) else {
        return match interval {
            Interval::Lifetime => word(lang, Msg::NoReset).to_owned(),
            other => interval_word(lang, other),
        };
    };
    let local = at.plus_millis(i64::from(utc_offset_minutes.unwrap_or(0)) * MINUTE_MS);
    let zone = match utc_offset_minutes {
        None => " UTC",
        Some(_) => "",
    };
    let when = match interval {
        Interval::Daily => {
            let minutes = local.millis().rem_euclid(24 * 60 * MINUTE_MS) / MINUTE_MS;
            format!("{:02}:{:02}{zone}", minutes / 60, minutes % 60)
        }
        Interval::Weekly => format!("{}{zone}", weekday(lang, local.day().weekday() as usize)),
        _ => format!("{}{zone}", day_month(lang, local.day())),
    };
    say(lang, Phrase::Resets { when: &when })
}

/// "monthly", in `lang`; an interval OpenRouter named that we do not know, as it came.
fn interval_word(lang: Lang, interval: &Interval) -> String {
    let known = match interval {
        Interval::Daily => Msg::IntervalDaily,
        Interval::Weekly => Msg::IntervalWeekly,
        Interval::Monthly => Msg::IntervalMonthly,
        Interval::Lifetime => Msg::IntervalLifetime,
        Interval::Other(text) => return text.clone(),
    };
    word(lang, known).to_owned()
}

/// Every limit and budget of the account, nearest to its limit first; the dial stands on one.
fn turned(tile: &Tile, scene: &Scene, p: &Palette, at: i32, key: &TileView) -> Option<StripView> {
    let all = every(scene.numbers.key_usage.as_ref()?);
    let count = all.len();
    let i = usize::try_from(at).ok().filter(|i| *i < count)?;
    let (_, standing) = &all[i];
    let g = gauge(
        scene.lang,
        standing,
        &tile.settings.budget,
        scene.now,
        scene.utc_offset_minutes,
        p,
    );
    let header = match &standing.workspace {
        Some(workspace) => format!("{} · {workspace}", standing.name),
        None => standing.name.clone(),
    };
    // This limit's gauge, as loud as its own standing (not the tile's own limit's).
    let mut view = key.clone();
    view.background = p.background;
    view.urgency = None;
    view.header = text(header.to_uppercase(), p.header);
    if let Some(account) = &mut view.account {
        account.color = p.accent;
    }
    view.body = Body::Gauge {
        value: g.value,
        fill: g.fill,
        bar: g.bar,
        caption: Some(g.caption),
        note: Some(with_interval(scene.lang, g.note, &standing.interval)),
    };
    sound_budget(&mut view, standing, &tile.settings.budget, p);
    let place = match view.urgency {
        Some(Urgency::Alarm { .. }) => p.on_alarm_muted,
        _ => p.header,
    };
    let mut strip = from_key(view);
    strip.position = Some(Position::Place {
        text: text(format!("{}/{count}", i + 1), place),
    });
    Some(strip)
}

/// The tile's own limit, as the key shows it, with the window said in full.
fn home(tile: &Tile, scene: &Scene, key: &TileView) -> Option<StripView> {
    let ledger = scene.numbers.key_usage.as_ref()?;
    let standing = standing(ledger, &tile.settings.budget.target).ok()?;
    let mut strip = from_key(key.clone());
    if let StripBody::Gauge { note, .. } = &mut strip.body {
        *note = note
            .take()
            .map(|n| with_interval(scene.lang, n, &standing.interval));
    }
    Some(strip)
}

/// On the strip there is room to say the window too: "monthly · resets 1 Jan".
fn with_interval(lang: Lang, note: Text, interval: &Interval) -> Text {
    match interval {
        Interval::Other(_) => note,
        known => Text {
            text: format!("{} · {}", interval_word(lang, known), note.text),
            ..note
        },
    }
}

/// A view of a limit made as loud as its standing: the key's own, and each limit the dial's strip
/// turns to.
fn sound_budget(view: &mut TileView, standing: &Standing, settings: &BudgetSettings, p: &Palette) {
    match loudness(standing, settings) {
        Some(Loud::Alarm) => alarm(view, p),
        Some(Loud::Warn) => warning(view, p),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Day;

    #[test]
    fn resets_are_said_in_local_time() {
        // Thursday 2026-12-03 15:00 UTC.
        let now = Day::parse("2026-12-03")
            .unwrap()
            .start()
            .plus_millis(15 * 60 * MINUTE_MS);
        let words = |i: Interval, offset| reset_words(Lang::En, &i, now, offset);
        assert_eq!(words(Interval::Daily, Some(60)), "resets 01:00");
        assert_eq!(words(Interval::Daily, None), "resets 00:00 UTC");
        assert_eq!(words(Interval::Weekly, Some(0)), "resets Mon");
        // Monday 00:00 UTC is Sunday evening in New York.
        assert_eq!(words(Interval::Weekly, Some(-300)), "resets Sun");
        assert_eq!(words(Interval::Monthly, Some(0)), "resets 1 Jan");
        assert_eq!(words(Interval::Lifetime, Some(0)), "no reset");
        assert_eq!(
            words(Interval::Other("quarterly".into()), Some(0)),
            "quarterly"
        );
    }
}
