//! Monthly Spend: the 30-day total over the same 30 days as bars, the last completed day lit,
//! and today so far under them; its dial walks the days (a week at a time pushed in).

use super::strip_view::{from_key, mix};
use super::words::{dollars, short_date, text};
use super::{Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap, ACTIVITY_URL};
use crate::board::Tile;
use crate::catalogue::{say, text as word, Msg, Phrase};
use crate::dial::Stops;
use crate::monthly::{heights, monthly};
use crate::numbers::Needs;
use crate::palette::Palette;
use crate::settings::TileSettings;
use crate::spend::ACTIVITY_DAYS;
use crate::strip::{StripBody, StripView};
use crate::view::{Bar, Body, KeySize, Rgb, Text, TileView};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::MonthlySpend,
    uuid: "com.openbalance.openrouter.monthlyspend",
    slug: "monthlyspend",
    name: "Monthly Spend",
    header: "30-DAY SPEND",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &[],
    icon: BundleIcon::Chart,
    dial: DialWords {
        rotate: "Day by day; pushed in, a week at a time",
        push: "Back to the 30-day total",
    },
};

pub struct MonthlySpend;

impl Kind for MonthlySpend {
    fn needs(&self, _settings: &TileSettings) -> Needs {
        Needs {
            activity: true,
            ..Needs::NONE
        }
    }

    fn header(&self, _tile: &Tile, scene: &Scene) -> String {
        scene.header_word(Msg::HeaderMonthlySpend, Msg::HeaderThirtyDaysSmall)
    }

    fn body(
        &self,
        _tile: &Tile,
        scene: &Scene,
        p: &Palette,
        _header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        Some((monthly_spend(scene, p)?, None))
    }

    fn stops(&self, _tile: &Tile, _scene: &Scene) -> Stops {
        Stops::List {
            len: ACTIVITY_DAYS,
            entry: ACTIVITY_DAYS - 1,
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

    /// Pushed in while turning, a week a tick.
    fn fast_turn(&self, pressed: bool) -> i32 {
        match pressed {
            true => 7,
            false => 1,
        }
    }
}

/// The 30-day total over the same 30 days as bars (one window per picture), the last completed
/// day lit; under them, today so far, which says it is today.
fn monthly_spend(scene: &Scene, p: &Palette) -> Option<Body> {
    let spend = scene.numbers.spend.as_ref()?;
    let m = monthly(spend);
    let lang = scene.lang;
    let bars = heights(&m.days)
        .into_iter()
        .enumerate()
        .map(|(i, height)| Bar {
            height,
            color: if i + 1 == m.days.len() {
                p.accent
            } else {
                dim(p.accent, p.background)
            },
        })
        .collect();
    let caption = match scene.numbers.usage.today_so_far(scene.now) {
        _ if scene.size == KeySize::Small => None,
        Some(today) => Some(say(
            lang,
            Phrase::TodayAmount {
                amount: &dollars(lang, today),
            },
        )),
        None if spend.is_empty() => Some(word(lang, Msg::NoActivityYet).to_owned()),
        None => None,
    };
    Some(Body::Chart {
        value: text(dollars(lang, m.total), p.text),
        bars,
        caption: caption.map(|c| text(c, p.muted)),
    })
}

/// The accent halfway to the background: older bars recede, the last day stands out.
fn dim(c: Rgb, bg: Rgb) -> Rgb {
    let mix = |a: u8, b: u8| ((a as u16 * 3 + b as u16 * 2) / 5) as u8;
    Rgb(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

/// All 30 days as bars; turned, the day the dial stands on, with its date and spend.
fn strip(scene: &Scene, p: &Palette, at: Option<i32>, key: &TileView) -> Option<StripView> {
    let spend = scene.numbers.spend.as_ref()?;
    let lang = scene.lang;
    let last = spend.last_completed_day()?;
    let days = spend.series(last, ACTIVITY_DAYS);
    let n = days.len();
    let marked = at.map(|a| (a.max(0) as usize).min(n.saturating_sub(1)));
    let lit = marked.unwrap_or(n.saturating_sub(1));
    let quiet = mix(p.accent, p.background, 0.42);
    let bars = heights(&days)
        .into_iter()
        .enumerate()
        .map(|(i, height)| Bar {
            height,
            color: if i == lit { p.accent } else { quiet },
        })
        .collect();
    let (value, note) = match marked {
        Some(i) => {
            let day = last.plus(i as i32 + 1 - n as i32);
            (dollars(lang, days[i]), short_date(lang, day))
        }
        None => {
            let note = match scene.numbers.usage.today_so_far(scene.now) {
                Some(today) => say(
                    lang,
                    Phrase::TodayAmount {
                        amount: &dollars(lang, today),
                    },
                ),
                None if spend.is_empty() => word(lang, Msg::NoActivityYet).to_owned(),
                None => word(lang, Msg::LastThirtyDays).to_owned(),
            };
            (dollars(lang, spend.window(ACTIVITY_DAYS)), note)
        }
    };
    let mut strip = from_key(key.clone());
    strip.body = StripBody::Chart {
        value: text(value, p.text),
        note: Some(text(note, if marked.is_some() { p.text } else { p.muted })),
        bars,
        marked,
    };
    Some(strip)
}
