//! Balance: what is left of the credits, what was used over a period, the share of what was
//! bought, or how many days it lasts; the daily trend under it; and the low-balance alarm, which
//! takes the key over and always shows what is left. Its dial turns round every mode and period.

use super::loud::alarm;
use super::strip_view::{dots, from_key, mix};
use super::words::{dollars, text, whole_dollars};
use super::{plain, Alarm, Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap, CREDITS_URL};
use crate::board::Tile;
use crate::catalogue::{numbers, say, text as word, Msg, Phrase, Span};
use crate::dial::Stops;
use crate::lang::Lang;
use crate::numbers::Needs;
use crate::palette::Palette;
use crate::runway::{runway, usual_day, words as runway_words, Runway};
use crate::settings::{amount_field, enum_field, field, BalanceMode, Period, TileSettings};
use crate::spend::{percent_utilised, used};
use crate::strip::{Position, StripBody, StripView};
use crate::trend::{trend, Direction};
use crate::view::{Body, Glyph, Icon, KeySize, Text, TileView, TrendLine, Urgency};
use serde_json::{Map, Value};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::Balance,
    uuid: "com.openbalance.openrouter.balance",
    slug: "balance",
    name: "Balance",
    header: "BALANCE",
    tap: Tap::Open(CREDITS_URL),
    settings: &["mode", "period", "lowBalance"],
    icon: BundleIcon::Coin,
    dial: DialWords {
        rotate: "Remaining, used, % used, runway; 7D, 30D, all time",
        push: "Back to your chosen view",
    },
};

pub struct Balance;

impl Kind for Balance {
    fn read_settings(
        &self,
        object: &Map<String, Value>,
        settings: &mut TileSettings,
        fallbacks: &mut Vec<&'static str>,
    ) {
        if let Some(mode) = field(object, "mode", enum_field, fallbacks) {
            settings.mode = mode;
        }
        if let Some(period) = field(object, "period", enum_field, fallbacks) {
            settings.period = period;
        }
        if let Some(usd) = field(object, "lowBalance", amount_field, fallbacks) {
            settings.low_balance = usd;
        }
    }

    /// The balance is `/credits`; used over 7 or 30 days and runway need `/activity` too. The
    /// trend line is a footnote from the last good activity and needs nothing of its own.
    fn needs(&self, s: &TileSettings) -> Needs {
        Needs {
            credits: true,
            activity: s.mode == BalanceMode::Runway
                || (s.mode != BalanceMode::Remaining && s.period != Period::All),
            ..Needs::NONE
        }
    }

    fn header(&self, tile: &Tile, scene: &Scene) -> String {
        let span = match tile.settings.period {
            Period::Week => Span::Week,
            Period::Month => Span::Month,
            Period::All => Span::All,
        };
        match tile.settings.mode {
            BalanceMode::Used => say(scene.lang, Phrase::HeaderUsed { span }),
            BalanceMode::Percent => say(scene.lang, Phrase::HeaderUsedPercent { span }),
            BalanceMode::Runway => scene.header_word(Msg::HeaderRunway, Msg::HeaderRunwaySmall),
            BalanceMode::Remaining => {
                scene.header_word(Msg::HeaderBalance, Msg::HeaderBalanceSmall)
            }
        }
    }

    fn body(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        _header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        Some((balance(tile, scene, p)?, None))
    }

    fn stops(&self, tile: &Tile, _scene: &Scene) -> Stops {
        Stops::Ring {
            count: BALANCE_STOPS.len() as i32,
            home: balance_home(&tile.settings) as i32,
        }
    }

    fn strip(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        _key: &TileView,
    ) -> Option<StripView> {
        Some(strip(tile, scene, p, at))
    }

    fn alarm(&self) -> Alarm {
        Alarm::LowBalance
    }

    /// Below its alarm, the key shows what is left, whatever the mode.
    fn takeover(&self, tile: &Tile, scene: &Scene, p: &Palette, view: &mut TileView) {
        let Some(low) = low_balance(tile, scene) else {
            return;
        };
        let line = (scene.size != KeySize::Small).then(|| TrendLine {
            icon: Some(Glyph {
                icon: Icon::Warning,
                color: p.text,
            }),
            text: text(
                say(
                    scene.lang,
                    Phrase::Below {
                        amount: &whole_dollars(scene.lang, low.threshold),
                    },
                ),
                p.text,
            ),
        });
        let header = scene.header_word(Msg::HeaderLowBalance, Msg::HeaderLowBalanceSmall);
        view.header = text(header, p.header);
        view.body = Body::Hero {
            value: text(dollars(scene.lang, low.remaining), p.text),
            trend: line,
        };
        alarm(view, p);
    }
}

/// A Balance tile whose alarm is set and whose balance is below it: what is left, and the line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Low {
    remaining: f64,
    threshold: f64,
}

/// The low-balance alarm of a tile showing numbers: a Balance tile, its alarm set, the balance
/// under it.
fn low_balance(tile: &Tile, scene: &Scene) -> Option<Low> {
    if !matches!(scene.display, super::Display::Data) {
        return None;
    }
    let remaining = scene.numbers.credits?.remaining();
    crate::alarm::is_low(remaining, tile.settings.low_balance).then_some(Low {
        remaining,
        threshold: tile.settings.low_balance,
    })
}

fn balance(tile: &Tile, scene: &Scene, p: &Palette) -> Option<Body> {
    let account = scene.numbers;
    let credits = account.credits.as_ref()?;
    let spend = account.spend.as_ref();
    let lang = scene.lang;
    let value = match tile.settings.mode {
        BalanceMode::Remaining => {
            let remaining = credits.remaining();
            // Low balance reads amber under 10 % of what was bought, red when it is gone.
            let color = if remaining <= 0.0 && credits.total_credits > 0.0 || remaining < 0.0 {
                p.bad
            } else if remaining < 0.1 * credits.total_credits {
                p.warn
            } else {
                p.text
            };
            text(dollars(lang, remaining), color)
        }
        BalanceMode::Used => text(
            dollars(lang, used(credits, spend, tile.settings.period)?),
            p.text,
        ),
        BalanceMode::Percent => {
            let used = used(credits, spend, tile.settings.period)?;
            match percent_utilised(used, credits) {
                Some(pct) => text(numbers::percent(lang, pct), p.text),
                None => text("—", p.muted),
            }
        }
        BalanceMode::Runway => {
            let r = runway(credits.remaining(), usual_day(spend?));
            let color = match r {
                Runway::Empty => p.bad,
                Runway::NoRecentSpend => p.muted,
                Runway::Days(d) if d < 7.0 => p.warn,
                Runway::Days(_) | Runway::OverAYear => p.text,
            };
            text(runway_words(lang, r), color)
        }
    };
    // "No recent spend" already says what the trend line would; a small key shows the answer
    // alone (the trend is on the dial's strip and in the words of a larger key).
    let quiet =
        spend.is_some_and(|s| usual_day(s) == 0.0) && tile.settings.mode == BalanceMode::Runway;
    let trend = match scene.size {
        KeySize::Small => None,
        size => spend
            .filter(|_| !quiet)
            .and_then(|s| trend_line(lang, s, p, size)),
    };
    Some(Body::Hero { value, trend })
}

/// Yesterday's spend against the day before, in the quiet tones of red and green: "yday $4.41
/// −13%" ("yday", so it never reads as the balance moving). A medium key keeps the amount and
/// the arrow.
fn trend_line(
    lang: Lang,
    spend: &crate::spend::Spend,
    p: &Palette,
    size: KeySize,
) -> Option<TrendLine> {
    let last = spend.last_completed_day()?;
    let t = trend(spend.day(last), spend.day(last.plus(-1)));
    let (icon, color) = match t.direction {
        Direction::Down => (Icon::ArrowDown, p.fall),
        Direction::Up => (Icon::ArrowUp, p.rise),
        Direction::Flat => (Icon::ArrowFlat, p.muted),
    };
    let amount = dollars(lang, t.last);
    let amount = amount.as_str();
    let words = if t.last == 0.0 && t.previous == 0.0 {
        word(lang, Msg::NoSpendYday).to_owned()
    } else if size != KeySize::Large {
        say(lang, Phrase::Yday { amount })
    } else {
        match t.change_percent {
            Some(c) if t.direction != Direction::Flat => {
                let sign = if c > 0.0 { "+" } else { "−" };
                let change = format!("{sign}{}", numbers::whole_percent(lang, c.abs()));
                say(
                    lang,
                    Phrase::YdayChange {
                        amount,
                        change: &change,
                    },
                )
            }
            // The flat arrow says "the same"; the words would not fit beside it.
            Some(_) => say(lang, Phrase::Yday { amount }),
            None => say(lang, Phrase::YdayNew { amount }),
        }
    };
    Some(TrendLine {
        icon: Some(Glyph { icon, color }),
        text: text(words, color),
    })
}

/// Balance's ring: the mode, and the period where the mode has one (remaining and runway keep the
/// tile's own period, which they do not read).
const BALANCE_STOPS: [(BalanceMode, Option<Period>); 8] = [
    (BalanceMode::Remaining, None),
    (BalanceMode::Used, Some(Period::Week)),
    (BalanceMode::Used, Some(Period::Month)),
    (BalanceMode::Used, Some(Period::All)),
    (BalanceMode::Percent, Some(Period::Week)),
    (BalanceMode::Percent, Some(Period::Month)),
    (BalanceMode::Percent, Some(Period::All)),
    (BalanceMode::Runway, None),
];

/// Where the tile's own setting sits on Balance's ring.
fn balance_home(settings: &TileSettings) -> usize {
    BALANCE_STOPS
        .iter()
        .position(|(mode, period)| {
            *mode == settings.mode && period.is_none_or(|p| p == settings.period)
        })
        .unwrap_or(0)
}

/// Balance turned to stop `at`: the key's own view of that mode and period.
fn strip(tile: &Tile, scene: &Scene, p: &Palette, at: Option<i32>) -> StripView {
    let count = BALANCE_STOPS.len();
    let home = balance_home(&tile.settings);
    let i = at.map_or(home, |a| a.rem_euclid(count as i32) as usize);
    let (mode, period) = BALANCE_STOPS[i];
    let turned = Tile {
        settings: TileSettings {
            mode,
            period: period.unwrap_or(tile.settings.period),
            ..tile.settings.clone()
        },
        ..tile.clone()
    };
    // At home the key's own view (under an alarm, what is left); turned, each mode's number
    // under its own header, and under an alarm a line saying what is left.
    let home_view = super::view(tile, scene);
    let low = low_balance(tile, scene).is_some() && home_view.urgency.is_some();
    let key = match (i == home, low) {
        (true, _) | (false, false) => super::view(&turned, scene),
        (false, true) => {
            let mut key = plain(&turned, scene);
            let left = match &home_view.body {
                Body::Hero { value, .. } => value.text.clone(),
                _ => String::new(),
            };
            let below = match &home_view.body {
                Body::Hero {
                    trend: Some(line), ..
                } => Some(line.text.text.as_str()),
                _ => None,
            };
            if let Body::Hero { trend, .. } = &mut key.body {
                *trend = Some(TrendLine {
                    icon: Some(Glyph {
                        icon: Icon::Warning,
                        color: p.text,
                    }),
                    text: text(
                        say(scene.lang, Phrase::LowLeft { left: &left, below }),
                        p.text,
                    ),
                });
            }
            alarm(&mut key, p);
            key
        }
    };
    let mut strip = from_key(key);
    if !matches!(strip.body, StripBody::Status { .. }) {
        strip.position = match strip.urgency {
            Some(Urgency::Alarm { color }) => Some(Position::Dots {
                count: u8::try_from(count).unwrap_or(u8::MAX),
                lit: u8::try_from(i).unwrap_or(u8::MAX),
                on: p.on_alarm,
                off: mix(p.on_alarm_muted, color, 0.45),
            }),
            _ => dots(count, i, p),
        };
    }
    strip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_home_is_the_tiles_own_setting() {
        let mut s = TileSettings::default();
        assert_eq!(balance_home(&s), 0);
        s.mode = BalanceMode::Percent;
        s.period = Period::All;
        assert_eq!(balance_home(&s), 6);
        s.mode = BalanceMode::Runway;
        assert_eq!(balance_home(&s), 7);
    }
}
