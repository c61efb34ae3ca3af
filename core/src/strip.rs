//! The touch strip above a dial: what a dial tile shows on its 200×100 region, as data, and the
//! views its dial turns through. Pure, like `tiles.rs`, and built on it: every state without
//! numbers (Preparing…, No key yet, Offline, …) and every default view says exactly what the key
//! says; the wider canvas adds what a key has no room for (all 30 days, three ranked rows, the
//! model behind a ratio) and the views a dial turns to.
//!
//! | tile | turning steps through | first tick lands on |
//! |---|---|---|
//! | Balance | remaining · used 7D/30D/all · used % 7D/30D/all · runway (a ring) | the next view |
//! | Today | today · this week · this month (a ring) | this week |
//! | Top Models | the ranking, one entry a tick | #1 |
//! | Monthly Spend | the 30 days, one a tick (a week pushed in) | yesterday |
//! | Spike Alert | each model's own ratio, the one that rose most first | that model |

use crate::action::Action;
use crate::budget::every;
use crate::dial::Stops;
use crate::model_name;
use crate::money::{dollars, ratio};
use crate::monthly::heights;
use crate::palette::{palette, Palette};
use crate::settings::{BalanceMode, Period, RankBy, TileSettings};
use crate::spend::ACTIVITY_DAYS;
use crate::spike::{model_ratios, severity, Severity};
use crate::tiles::{self, Display, Scene, Tile};
use crate::top_models::rank;
use crate::view::{Bar, Body, Glyph, Icon, Rgb, Text, TileView, TrendLine, Urgency};
use serde::{Deserialize, Serialize};

/// What a dial's strip shows. The shell draws it at 200×100 and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripView {
    pub background: Rgb,
    /// Small label along the top edge, as on the key ("USED · 7D", "30-DAY SPEND").
    pub header: Text,
    /// Top right: where the dial stands among its views, when that says something.
    pub position: Option<Position>,
    /// A corner marker when the numbers are older than they should be ("offline").
    pub badge: Option<Text>,
    pub body: StripBody,
    /// Whose numbers these are ("WORK"), when the deck shows more than one OpenRouter account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Text>,
    /// An alarm (filled) or a warning (framed), as on the key: a low balance stands for every
    /// view the dial turns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Position {
    /// One dot per view of a ring, the current one lit: this dial turns, and here is where.
    Dots {
        count: u8,
        lit: u8,
        on: Rgb,
        off: Rgb,
    },
    /// A place in a list: "2/6".
    Place { text: Text },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StripBody {
    /// A state without numbers, in the key's words.
    Status {
        icon: Option<Glyph>,
        headline: Text,
        detail: Option<Text>,
    },
    /// One large number with a line below it (Balance, Today).
    Hero { value: Text, line: Option<Line> },
    /// Up to three ranked rows; `selected` is the row the dial points at (Top Models).
    List {
        rows: Vec<Row>,
        selected: Option<usize>,
    },
    /// An amount and a note beside it over a bar per day, oldest first; `marked` is the bar the
    /// dial stands on (Monthly Spend).
    Chart {
        value: Text,
        note: Option<Text>,
        bars: Vec<Bar>,
        marked: Option<usize>,
    },
    /// An amount against a limit, a bar of spent ÷ limit, and two lines: what the amount is of,
    /// and when the window starts again (Budget).
    Gauge {
        value: Text,
        fill: Option<f32>,
        bar: Rgb,
        caption: Option<Text>,
        note: Option<Text>,
    },
    /// A verdict or one model's ratio: icon and label with the ratio at the right, a line below
    /// (the model), and a smaller one under it when there is more to say.
    Alert {
        icon: Glyph,
        label: Text,
        ratio: Option<Text>,
        detail: Option<Text>,
        note: Option<Text>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub icon: Option<Glyph>,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub rank: Text,
    pub name: Text,
    pub value: Text,
}

impl StripView {
    /// Every text on the strip, top left to bottom right, as a person would read it.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.header.text.as_str()];
        if let Some(Position::Place { text }) = &self.position {
            out.push(&text.text);
        }
        out.extend(self.badge.iter().map(|t| t.text.as_str()));
        match &self.body {
            StripBody::Status {
                headline, detail, ..
            } => {
                out.push(&headline.text);
                out.extend(detail.iter().map(|t| t.text.as_str()));
            }
            StripBody::Hero { value, line } => {
                out.push(&value.text);
                out.extend(line.iter().map(|l| l.text.text.as_str()));
            }
            StripBody::List { rows, .. } => {
                for row in rows {
                    out.extend(
                        [&row.rank.text, &row.name.text, &row.value.text].map(|s| s.as_str()),
                    );
                }
            }
            StripBody::Chart { value, note, .. } => {
                out.push(&value.text);
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
            StripBody::Gauge {
                value,
                caption,
                note,
                ..
            } => {
                out.push(&value.text);
                out.extend(caption.iter().map(|t| t.text.as_str()));
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
            StripBody::Alert {
                label,
                ratio,
                detail,
                note,
                ..
            } => {
                out.push(&label.text);
                out.extend(ratio.iter().map(|t| t.text.as_str()));
                out.extend(detail.iter().map(|t| t.text.as_str()));
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
        }
        out
    }
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

/// Today's ring: today, this week, this month.
const TODAY_STOPS: i32 = 3;

/// Rows of a ranking the strip shows at once.
pub const LIST_ROWS: usize = 3;

/// The views the tile's dial turns through, as the data stands now.
pub(crate) fn stops(tile: &Tile, scene: &Scene) -> Stops {
    if !matches!(scene.display, Display::Data) {
        return Stops::Nothing;
    }
    if tile.action == Action::Budget {
        // Every limit of the account, whatever the tile's own pick shows.
        return match scene.numbers.key_usage.as_ref().map(every) {
            Some(all) if !all.is_empty() => Stops::List {
                len: all.len() as i32,
                entry: 0,
            },
            _ => Stops::Nothing,
        };
    }
    let key = tiles::view(tile, scene);
    if matches!(key.body, Body::Status { .. }) {
        return Stops::Nothing;
    }
    match tile.action {
        Action::Balance => Stops::Ring {
            count: BALANCE_STOPS.len() as i32,
            home: balance_home(&tile.settings) as i32,
        },
        Action::Today => Stops::Ring {
            count: TODAY_STOPS,
            home: 0,
        },
        Action::TopModels => match ranking(tile, scene) {
            Some(r) if !r.is_empty() => Stops::List {
                len: r.len() as i32,
                entry: 0,
            },
            _ => Stops::Nothing,
        },
        Action::MonthlySpend => Stops::List {
            len: ACTIVITY_DAYS,
            entry: ACTIVITY_DAYS - 1,
        },
        Action::SpikeAlert => match scene.numbers.spend.as_ref().map(model_ratios) {
            Some(m) if !m.is_empty() => Stops::List {
                len: m.len() as i32,
                entry: 0,
            },
            _ => Stops::Nothing,
        },
        Action::Budget => Stops::Nothing,
    }
}

/// The strip of a dial tile standing at `at` (`None`: its default view).
pub(crate) fn view(tile: &Tile, scene: &Scene, at: Option<i32>) -> StripView {
    let key = tiles::view(tile, scene);
    let p = palette(tile.settings.theme);
    if let (Action::Budget, Display::Data, Some(at)) = (tile.action, scene.display, at) {
        // Turned: another limit of the account, whatever the tile's own pick shows.
        if let Some(strip) = budget(tile, scene, p, at, &key) {
            return strip;
        }
    }
    if !matches!(scene.display, Display::Data) || matches!(key.body, Body::Status { .. }) {
        return from_key(key);
    }
    let strip = match tile.action {
        Action::Balance => Some(balance(tile, scene, p, at)),
        Action::Today => today(scene, p, at, &key),
        Action::TopModels => top_models(tile, scene, p, at, &key),
        Action::MonthlySpend => monthly(scene, p, at, &key),
        Action::SpikeAlert => spike(tile, scene, p, at, &key),
        Action::Budget => budget_home(tile, scene, &key),
    };
    let account = key.account.clone();
    let mut strip = strip.unwrap_or_else(|| from_key(key));
    strip.account = account;
    strip
}

/// The key's view laid out on the strip: same words, same colours.
fn from_key(key: TileView) -> StripView {
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

fn text(s: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: s.into(),
        color,
    }
}

fn dots(count: usize, lit: usize, p: &Palette) -> Option<Position> {
    Some(Position::Dots {
        count: u8::try_from(count).unwrap_or(u8::MAX),
        lit: u8::try_from(lit).unwrap_or(u8::MAX),
        on: p.text,
        off: mix(p.muted, p.background, 0.45),
    })
}

fn place(i: usize, of: usize, p: &Palette) -> Option<Position> {
    Some(Position::Place {
        text: text(format!("{}/{of}", i + 1), p.header),
    })
}

/// `a` at `amount` over `b`.
fn mix(a: Rgb, b: Rgb, amount: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * amount + f32::from(y) * (1.0 - amount)).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

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
fn balance(tile: &Tile, scene: &Scene, p: &Palette, at: Option<i32>) -> StripView {
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
    let home_view = tiles::view(tile, scene);
    let low = home_view.header.text == "LOW BALANCE" && home_view.urgency.is_some();
    let key = match (i == home, low) {
        (true, _) | (false, false) => tiles::view(&turned, scene),
        (false, true) => {
            let mut key = tiles::plain(&turned, scene);
            let left = match &home_view.body {
                Body::Hero { value, .. } => value.text.clone(),
                _ => String::new(),
            };
            let below = match &home_view.body {
                Body::Hero {
                    trend: Some(line), ..
                } => format!(" · {}", line.text.text),
                _ => String::new(),
            };
            if let Body::Hero { trend, .. } = &mut key.body {
                *trend = Some(TrendLine {
                    icon: Some(Glyph {
                        icon: Icon::Warning,
                        color: p.text,
                    }),
                    text: text(format!("LOW: {left} left{below}"), p.text),
                });
            }
            tiles::alarm(&mut key, p);
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

/// Today, this week (from Monday) or this month, summed over every key.
fn today(scene: &Scene, p: &Palette, at: Option<i32>, key: &TileView) -> Option<StripView> {
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
    let (header, since, sum): (&str, &str, f64) = match i {
        1 => (
            "THIS WEEK",
            "from Monday (UTC)",
            keys.workspaces.iter().map(|w| w.usage.weekly).sum(),
        ),
        _ => (
            "THIS MONTH",
            "from the 1st (UTC)",
            keys.workspaces.iter().map(|w| w.usage.monthly).sum(),
        ),
    };
    let value = match keys.incomplete {
        true => format!("≥ {}", dollars(sum)),
        false => dollars(sum),
    };
    strip.header = text(header, p.header);
    strip.body = StripBody::Hero {
        value: text(value, p.text),
        line: Some(Line {
            icon: None,
            text: text(since, p.muted),
        }),
    };
    Some(strip)
}

/// Every limit and budget of the account, nearest to its limit first; the dial stands on one.
fn budget(tile: &Tile, scene: &Scene, p: &Palette, at: i32, key: &TileView) -> Option<StripView> {
    let all = every(scene.numbers.key_usage.as_ref()?);
    let count = all.len();
    let i = usize::try_from(at).ok().filter(|i| *i < count)?;
    let (_, standing) = &all[i];
    let g = tiles::gauge(
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
        note: Some(with_interval(g.note, &standing.interval)),
    };
    tiles::sound_budget(&mut view, standing, &tile.settings.budget, p);
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
fn budget_home(tile: &Tile, scene: &Scene, key: &TileView) -> Option<StripView> {
    let ledger = scene.numbers.key_usage.as_ref()?;
    let standing = crate::budget::standing(ledger, &tile.settings.budget.target).ok()?;
    let mut strip = from_key(key.clone());
    if let StripBody::Gauge { note, .. } = &mut strip.body {
        *note = note.take().map(|n| with_interval(n, &standing.interval));
    }
    Some(strip)
}

/// On the strip there is room to say the window too: "monthly · resets 1 Jan".
fn with_interval(note: Text, interval: &crate::openrouter::Interval) -> Text {
    match interval {
        crate::openrouter::Interval::Other(_) => note,
        known => Text {
            text: format!("{} · {}", known.word(), note.text),
            ..note
        },
    }
}

/// The ranking as the key's: models by 30-day spend, or keys by this month's; labels distinct.
fn ranking(tile: &Tile, scene: &Scene) -> Option<Vec<(String, f64)>> {
    let ranked = match tile.settings.by {
        RankBy::Key => scene.numbers.key_usage.as_ref()?.ranked(),
        RankBy::Model => rank(scene.numbers.spend.as_ref()?),
    };
    let labels: Vec<String> = match tile.settings.by {
        RankBy::Key => ranked
            .iter()
            .map(|r| match &r.tag {
                Some(workspace) => format!("{} · {workspace}", r.name),
                None => r.name.clone(),
            })
            .collect(),
        RankBy::Model => {
            model_name::labels(&ranked.iter().map(|r| r.name.as_str()).collect::<Vec<_>>())
        }
    };
    Some(
        labels
            .into_iter()
            .zip(ranked.iter().map(|r| r.spend))
            .collect(),
    )
}

/// Three rows of the ranking; turned, the row the dial points at is marked and kept in view.
fn top_models(
    tile: &Tile,
    scene: &Scene,
    p: &Palette,
    at: Option<i32>,
    key: &TileView,
) -> Option<StripView> {
    let ranked = ranking(tile, scene)?;
    let n = ranked.len();
    if n == 0 {
        return None;
    }
    let selected = at.map(|a| (a.max(0) as usize).min(n - 1));
    let first = selected.map_or(0, |s| s.saturating_sub(1).min(n.saturating_sub(LIST_ROWS)));
    let rows = ranked
        .iter()
        .enumerate()
        .skip(first)
        .take(LIST_ROWS)
        .map(|(i, (name, spend))| {
            let chosen = selected == Some(i);
            Row {
                rank: text(
                    format!("{}", i + 1),
                    if chosen { p.accent } else { p.header },
                ),
                name: text(name.clone(), if chosen { p.text } else { p.muted }),
                value: text(dollars(*spend), p.text),
            }
        })
        .collect();
    let mut strip = from_key(key.clone());
    strip.body = StripBody::List {
        rows,
        selected: selected.map(|s| s - first),
    };
    strip.position = selected.and_then(|s| place(s, n, p));
    Some(strip)
}

/// All 30 days as bars; turned, the day the dial stands on, with its date and spend.
fn monthly(scene: &Scene, p: &Palette, at: Option<i32>, key: &TileView) -> Option<StripView> {
    let spend = scene.numbers.spend.as_ref()?;
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
            (dollars(days[i]), day.short_date())
        }
        None => {
            let note = match scene.numbers.usage.today_so_far(scene.now) {
                Some(today) => format!("today {}", dollars(today)),
                None if spend.is_empty() => "No activity yet".to_owned(),
                None => "last 30 days".to_owned(),
            };
            (dollars(spend.window(ACTIVITY_DAYS)), note)
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

/// The verdict, as the key says it; turned, each model's own ratio behind it.
fn spike(
    tile: &Tile,
    scene: &Scene,
    p: &Palette,
    at: Option<i32>,
    key: &TileView,
) -> Option<StripView> {
    let mut strip = from_key(key.clone());
    let Some(at) = at else {
        return Some(strip);
    };
    let models = model_ratios(scene.numbers.spend.as_ref()?);
    let n = models.len();
    if n == 0 {
        return Some(strip);
    }
    let i = (at.max(0) as usize).min(n - 1);
    let names = model_name::labels(&models.iter().map(|m| m.model.as_str()).collect::<Vec<_>>());
    let m = &models[i];
    let threshold = tile.settings.threshold;
    let (icon, color) = match m.ratio {
        None => (Icon::ArrowUp, p.warn),
        Some(r) => match severity(r, threshold) {
            Severity::Critical => (Icon::ArrowUp, p.bad),
            Severity::Spike => (Icon::ArrowUp, p.warn),
            Severity::Normal if r > 1.05 => (Icon::ArrowUp, p.muted),
            Severity::Normal if r < 0.95 => (Icon::ArrowDown, p.good),
            Severity::Normal => (Icon::ArrowFlat, p.muted),
        },
    };
    // The ratio leads, in its colour, as the verdict's does; the model and its amounts below.
    // It answers another question than the verdict (one model's yesterday against its own usual
    // day, not all spend now against the usual for this time), and says so in its words.
    strip.header = text("YDAY BY MODEL", p.header);
    strip.position = place(i, n, p);
    strip.urgency = None;
    strip.background = p.background;
    if let Some(account) = &mut strip.account {
        account.color = p.accent;
    }
    let shown = match m.ratio {
        Some(r) => format!("{} its usual day", ratio(r)),
        None => "new this week".to_owned(),
    };
    strip.body = StripBody::Alert {
        icon: Glyph { icon, color },
        label: text(shown, color),
        ratio: None,
        detail: Some(text(names[i].clone(), p.text)),
        note: Some(text(
            format!("{} yday · usual day {}", dollars(m.yday), dollars(m.usual)),
            p.muted,
        )),
    };
    Some(strip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spend::Spend;
    use crate::timestamp::Day;

    fn spend(rows: &[(i32, &str, f64)]) -> Spend {
        Spend::of(rows, Day(100))
    }

    #[test]
    fn model_ratios_put_the_biggest_rise_first_and_call_new_models_new() {
        let mut rows: Vec<(i32, &str, f64)> = (92..=98).map(|d| (d, "vendor/a", 1.0)).collect();
        rows.extend([
            (99, "vendor/a", 2.0),
            (99, "vendor/b", 5.0),
            (99, "vendor/c", 0.5),
        ]);
        rows.extend((92..=98).map(|d| (d, "vendor/c", 1.0)));
        let m = model_ratios(&spend(&rows));
        let names: Vec<&str> = m.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(names, ["vendor/b", "vendor/a", "vendor/c"]);
        assert_eq!(m[0].ratio, None);
        assert_eq!(m[1].ratio, Some(2.0));
        assert_eq!(m[2].ratio, Some(0.5));
        assert!(model_ratios(&Spend::default()).is_empty());
    }

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
