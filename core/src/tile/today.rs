//! Today: what the account spent so far today (OpenRouter's day, from 00:00 UTC) over every key
//! of every workspace, against a usual day; its dial turns to this week and this month.

use super::strip_view::{dots, from_key};
use super::words::{day_start, dollars, text, today_header};
use super::{Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap, ACTIVITY_URL};
use crate::board::Tile;
use crate::catalogue::{numbers, say, text as word, Msg, Phrase};
use crate::dial::Stops;
use crate::numbers::Needs;
use crate::palette::Palette;
use crate::runway::usual_day;
use crate::settings::TileSettings;
use crate::strip::{Line, StripBody, StripView};
use crate::view::{Body, Glyph, Icon, KeySize, Text, TileView, TrendLine};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::Today,
    uuid: "com.openbalance.openrouter.today",
    slug: "today",
    name: "Today",
    header: "TODAY",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &[],
    icon: BundleIcon::Sun,
    dial: DialWords {
        rotate: "Today, this week, this month",
        push: "Back to today",
    },
};

pub struct Today;

impl Kind for Today {
    fn needs(&self, _settings: &TileSettings) -> Needs {
        Needs {
            keys: true,
            ..Needs::NONE
        }
    }

    /// On a small key the time the day began is the line under the amount.
    fn header(&self, _tile: &Tile, scene: &Scene) -> String {
        match scene.size {
            KeySize::Small => word(scene.lang, Msg::HeaderTodaySmall).to_owned(),
            _ => today_header(scene.lang, scene.utc_offset_minutes),
        }
    }

    fn body(
        &self,
        _tile: &Tile,
        scene: &Scene,
        p: &Palette,
        _header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        Some((today(scene, p)?, None))
    }

    fn stops(&self, _tile: &Tile, _scene: &Scene) -> Stops {
        Stops::Ring {
            count: TODAY_STOPS,
            home: 0,
        }
    }

    fn strip(
        &self,
        _tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        key: &TileView,
    ) -> Option<StripView> {
        strip(scene, p, at, key)
    }
}

/// Today so far (UTC), against a usual day: the share of a whole usual day already spent, so
/// nothing compares half a day with a whole one. On a small key the line says when the day
/// began instead (the header there is only "TODAY").
fn today(scene: &Scene, p: &Palette) -> Option<Body> {
    let account = scene.numbers;
    let lang = scene.lang;
    let Some(spent) = account.today(scene.now.day()) else {
        // Keys known from before midnight UTC: the new day's first poll is coming.
        account.key_usage.as_ref()?;
        return Some(Body::Status {
            icon: Some(Glyph {
                icon: Icon::Hourglass,
                color: p.muted,
            }),
            headline: text(word(lang, Msg::NewDayUtc), p.text),
            detail: Some(text(word(lang, Msg::Updating), p.muted)),
        });
    };
    let incomplete = account.key_usage.as_ref().is_some_and(|k| k.incomplete);
    let value = match incomplete {
        true => text(format!("≥ {}", dollars(lang, spent)), p.text),
        false => text(dollars(lang, spent), p.text),
    };
    if scene.size == KeySize::Small {
        let since = match scene.utc_offset_minutes {
            Some(0) => None,
            Some(offset) => Some(say(
                lang,
                Phrase::SinceTime {
                    time: &day_start(offset),
                },
            )),
            None => Some(word(lang, Msg::UtcDay).to_owned()),
        };
        let trend = since.map(|words| TrendLine {
            icon: None,
            text: text(words, p.muted),
        });
        return Some(Body::Hero { value, trend });
    }
    let usual = account.spend.as_ref().map(usual_day);
    let trend = usual.map(|usual| {
        let (icon, color, words) = if usual > 0.0 {
            let share = spent / usual;
            let percent = numbers::whole_percent(lang, share * 100.0);
            let words = say(lang, Phrase::ShareOfUsualDay { percent: &percent });
            match share > 1.0 {
                true => (Icon::ArrowUp, p.rise, words),
                false => (Icon::ArrowFlat, p.muted, words),
            }
        } else {
            (
                Icon::ArrowFlat,
                p.muted,
                word(lang, Msg::NoSpendLastWeek).to_owned(),
            )
        };
        TrendLine {
            icon: Some(Glyph { icon, color }),
            text: text(words, color),
        }
    });
    Some(Body::Hero { value, trend })
}

/// Today's ring: today, this week, this month.
const TODAY_STOPS: i32 = 3;

/// Today, this week (from Monday) or this month, summed over every key.
fn strip(scene: &Scene, p: &Palette, at: Option<i32>, key: &TileView) -> Option<StripView> {
    let i = at.map_or(0, |a| a.rem_euclid(TODAY_STOPS));
    let mut strip = from_key(key.clone());
    strip.position = dots(TODAY_STOPS as usize, i as usize, p);
    if i == 0 {
        return Some(strip);
    }
    let account = scene.numbers;
    let keys = account.key_usage.as_ref()?;
    // The week and the month are the same poll's: shown only while that poll is today's.
    account.today(scene.now.day())?;
    let lang = scene.lang;
    let (header, since, sum): (Msg, Msg, f64) = match i {
        1 => (
            Msg::HeaderThisWeek,
            Msg::FromMonday,
            keys.workspaces.iter().map(|w| w.usage.weekly).sum(),
        ),
        _ => (
            Msg::HeaderThisMonth,
            Msg::FromTheFirst,
            keys.workspaces.iter().map(|w| w.usage.monthly).sum(),
        ),
    };
    let value = match keys.incomplete {
        true => format!("≥ {}", dollars(lang, sum)),
        false => dollars(lang, sum),
    };
    strip.header = text(word(lang, header), p.header);
    strip.body = StripBody::Hero {
        value: text(value, p.text),
        line: Some(Line {
            icon: None,
            text: text(word(lang, since), p.muted),
        }),
    };
    Some(strip)
}
