//! Views: a pure projection from the model to what each tile shows. Every state the product page
//! names has its view here; the shell only draws them.

use crate::account_id::AccountId;
use crate::action::Action;
use crate::command::KeyStatus;
use crate::model_name;
use crate::money::{dollars, percent, ratio, whole_percent};
use crate::monthly::{heights, monthly};
use crate::numbers::{Needs, Numbers};
use crate::openrouter::ApiError;
use crate::palette::{palette, Palette};
use crate::runway::{runway, usual_day, words as runway_words, Runway};
use crate::settings::{BalanceMode, Period, RankBy, TileSettings};
use crate::spend::{percent_utilised, used};
use crate::spike::{assess, Basis, Severity, SpikeState};
use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};
use crate::top_models::{page, page_count, rank, PAGE_SIZE};
use crate::trend::{trend, Direction};
use crate::view::{
    Bar, Body, Glyph, Icon, KeySize, RankRow, Rgb, Text, TileView, TrendLine, Urgency,
};

mod budget;
pub use budget::gauge;

/// A tile on a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub action: Action,
    pub settings: TileSettings,
    /// Whose numbers it shows.
    pub account: AccountId,
    /// A tap acknowledged the spike; cleared by the next poll.
    pub acknowledged: bool,
    /// The view last sent, so only changes are drawn.
    pub drawn: crate::sent::Sent<TileView>,
    /// The Stream Deck device it is on, when the host said: its keys' size decides the layout.
    pub device: Option<String>,
}

impl Tile {
    pub fn new(action: Action, settings: TileSettings, account: AccountId) -> Tile {
        Tile {
            action,
            settings,
            account,
            acknowledged: false,
            drawn: crate::sent::Sent::default(),
            device: None,
        }
    }
}

/// The plugin-wide state every tile's view depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Display<'a> {
    /// Nothing known yet (global settings not read, first poll under way).
    Preparing,
    NoKey,
    Checking,
    /// Only a new key helps: Not a Management key, Key rejected.
    KeyProblem(KeyStatus),
    /// A poll failed and there is nothing older to show.
    Trouble(&'a ApiError),
    /// The tile's account is not (or no longer) in the global settings.
    NoAccount,
    /// Numbers to show. Each tile is marked stale only when a source it needs failed.
    Data,
}

#[derive(Clone, Copy)]
pub struct Scene<'a> {
    pub display: Display<'a>,
    pub numbers: &'a Numbers,
    pub now: Timestamp,
    /// Minutes of Top Models cycling so far.
    pub turns: u64,
    /// How long until the wait OpenRouter imposed (429 with `Retry-After`) ends, while it runs.
    pub retry_in_ms: Option<i64>,
    /// The machine's offset from UTC, when the shell knows it: OpenRouter's days are UTC, and a
    /// tile about "today" must say which day it means.
    pub utc_offset_minutes: Option<i32>,
    /// The account's name, when the deck shows more than one account.
    pub label: Option<&'a str>,
    /// The key the tile is drawn for (a dial's strip is always drawn at its own size: `Large`).
    pub size: KeySize,
}

/// What a key shows: the tile's view for its mode, and over it, when the balance is below the
/// tile's alarm, the alarm, which always shows what is left.
pub fn view(tile: &Tile, scene: &Scene) -> TileView {
    let mut view = plain(tile, scene);
    if let Some(low) = low_balance(tile, scene) {
        let p = palette(tile.settings.theme);
        let line = (scene.size != KeySize::Small).then(|| TrendLine {
            icon: Some(Glyph {
                icon: Icon::Warning,
                color: p.text,
            }),
            text: text(format!("below {}", whole_dollars(low.threshold)), p.text),
        });
        view.header = text("LOW BALANCE", p.header);
        view.body = Body::Hero {
            value: text(dollars(low.remaining), p.text),
            trend: line,
        };
        alarm(&mut view, p);
    }
    view
}

/// The tile's own view of its mode, labelled and sized for its key, without the low-balance
/// alarm's takeover (the strip shows each mode's number under the alarm).
pub(crate) fn plain(tile: &Tile, scene: &Scene) -> TileView {
    let p = palette(tile.settings.theme);
    let (mut view, urgency) = unlabelled(tile, scene);
    view.account = scene.label.map(|l| text(l.to_uppercase(), p.accent));
    view.size = scene.size;
    match urgency {
        Some(Loud::Alarm) => alarm(&mut view, p),
        Some(Loud::Warn) => warning(&mut view, p),
        None => {}
    }
    view
}

/// How loud a view asks to be: the two levels of [`crate::view::Urgency`], before colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loud {
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

/// A view of a limit made as loud as its standing: the key's own, and each limit the dial's strip
/// turns to.
pub(crate) fn sound_budget(
    view: &mut TileView,
    standing: &crate::budget::Standing,
    settings: &crate::settings::BudgetSettings,
    p: &Palette,
) {
    match budget::loudness(standing, settings) {
        Some(Loud::Alarm) => alarm(view, p),
        Some(Loud::Warn) => warning(view, p),
        None => {}
    }
}

/// Makes `view` a warning: a frame in the watch colour round the tile, which nothing else draws.
pub fn warning(view: &mut TileView, p: &Palette) {
    view.urgency = Some(Urgency::Warn { color: p.warn });
}

/// Which answers a tile's numbers come from. The Balance trend line and Today's comparison are
/// footnotes drawn from the last good activity; only what the big number needs counts.
pub fn needs(tile: &Tile) -> Needs {
    let s = &tile.settings;
    let none = Needs {
        credits: false,
        activity: false,
        keys: false,
        budgets: false,
    };
    match tile.action {
        Action::Balance => Needs {
            credits: true,
            activity: s.mode == BalanceMode::Runway
                || (s.mode != BalanceMode::Remaining && s.period != Period::All),
            ..none
        },
        Action::TopModels => match s.by {
            RankBy::Model => Needs {
                activity: true,
                ..none
            },
            RankBy::Key => Needs { keys: true, ..none },
        },
        Action::MonthlySpend => Needs {
            activity: true,
            ..none
        },
        Action::SpikeAlert => Needs {
            credits: true,
            activity: true,
            ..none
        },
        Action::Today => Needs { keys: true, ..none },
        Action::Budget => Needs {
            keys: true,
            budgets: true,
            ..none
        },
    }
}

/// A Balance tile whose alarm is set and whose balance is below it: what is left, and the line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Low {
    remaining: f64,
    threshold: f64,
}

/// `$10` for a threshold or a limit of whole dollars, `$12.50` otherwise.
pub(crate) fn whole_dollars(amount: f64) -> String {
    let shown = dollars(amount);
    match shown.strip_suffix(".00") {
        Some(whole) => whole.to_owned(),
        None => shown,
    }
}

/// The low-balance alarm of a tile showing numbers: a Balance tile, its alarm set, the balance
/// under it.
fn low_balance(tile: &Tile, scene: &Scene) -> Option<Low> {
    if tile.action != Action::Balance || !matches!(scene.display, Display::Data) {
        return None;
    }
    let remaining = scene.numbers.credits?.remaining();
    crate::alarm::is_low(remaining, tile.settings.low_balance).then_some(Low {
        remaining,
        threshold: tile.settings.low_balance,
    })
}

fn unlabelled(tile: &Tile, scene: &Scene) -> (TileView, Option<Loud>) {
    let p = palette(tile.settings.theme);
    let header = text(header_label(tile, scene), p.header);
    let small = scene.size == KeySize::Small;
    let status = |icon: Option<Icon>, icon_color: Rgb, headline: &str, detail: Option<&str>| {
        let view = TileView {
            background: p.background,
            header: header.clone(),
            body: Body::Status {
                icon: icon.map(|icon| Glyph {
                    icon,
                    color: icon_color,
                }),
                headline: text(headline, p.text),
                detail: detail.map(|d| text(d, p.muted)),
            },
            badge: None,
            account: None,
            size: KeySize::Large,
            urgency: None,
        };
        (view, None)
    };
    match scene.display {
        Display::Preparing => status(Some(Icon::Hourglass), p.muted, "Preparing…", None),
        Display::NoKey => status(
            Some(Icon::Key),
            p.accent,
            "No key yet",
            Some(if small {
                "In settings"
            } else {
                "Add it in settings"
            }),
        ),
        Display::Checking => status(Some(Icon::Hourglass), p.muted, "Checking key…", None),
        Display::KeyProblem(KeyStatus::Rejected) => status(
            Some(Icon::Warning),
            p.bad,
            "Key rejected",
            Some("Tap for help"),
        ),
        Display::KeyProblem(_) => status(
            Some(Icon::Warning),
            p.warn,
            if small {
                "Wrong key type"
            } else {
                "Not a Management key"
            },
            Some("Tap for help"),
        ),
        Display::Trouble(error) => {
            let (icon, color, headline, detail) = trouble_words(error, scene, p);
            status(Some(icon), color, headline, detail.as_deref())
        }
        Display::NoAccount => status(
            Some(Icon::Key),
            p.warn,
            "No account",
            Some(if small {
                "In settings"
            } else {
                "Pick one in settings"
            }),
        ),
        Display::Data => {
            let needs = needs(tile);
            let stale = scene.numbers.stale_for(needs);
            let (mut view, loud) = data_view(tile, scene, p, header.clone()).unwrap_or_else(|| {
                // This tile's part of the data never arrived: say why, or that it is coming.
                match stale {
                    Some(error) => {
                        let (icon, color, headline, detail) = trouble_words(error, scene, p);
                        // The balance came through; say that it is the activity that is missing.
                        // The balance came through: say which of the tile's sources is missing
                        // (on a small key, only that it is coming).
                        let missing = match scene.retry_in_ms {
                            Some(_) => None,
                            None => scene.numbers.missing_source(needs),
                        };
                        let detail = match (scene.numbers.credits_error.is_none(), missing) {
                            (true, Some(_)) if small => Some("Retrying".to_owned()),
                            (true, Some(source)) => Some(format!("{source}: retrying")),
                            _ => detail,
                        };
                        status(Some(icon), color, headline, detail.as_deref())
                    }
                    None => status(Some(Icon::Hourglass), p.muted, "Preparing…", None),
                }
            });
            if matches!(view.body, Body::Status { .. }) && stale.is_some() {
                return (view, loud);
            }
            view.badge = stale.map(|e| text(badge_word(e, scene), p.warn));
            (view, loud)
        }
    }
}

/// "Retry in 12 min" while a wait OpenRouter imposed runs (redrawn every minute).
fn retry_in(scene: &Scene) -> Option<String> {
    let ms = scene.retry_in_ms?;
    let minutes = (ms + MINUTE_MS - 1) / MINUTE_MS;
    Some(match scene.size {
        KeySize::Small => format!("In {minutes} min"),
        _ => format!("Retry in {minutes} min"),
    })
}

/// What a tile says when a poll failed: icon, its colour, the headline, and a detail (on a small
/// key only the detail a person can act on or wait for; "Can't reach OpenRouter" goes).
fn trouble_words(
    error: &ApiError,
    scene: &Scene,
    p: &Palette,
) -> (Icon, Rgb, &'static str, Option<String>) {
    let small = scene.size == KeySize::Small;
    let (icon, color, headline, detail) = match error {
        ApiError::Offline => (Icon::Offline, p.muted, "Offline", "Can't reach OpenRouter"),
        ApiError::Timeout => (Icon::Offline, p.muted, "Offline", "OpenRouter timed out"),
        ApiError::RateLimited { .. } => (Icon::Hourglass, p.warn, "Rate limited", "Retrying soon"),
        ApiError::Service { .. } => (Icon::Warning, p.warn, "OpenRouter error", "Retrying soon"),
        ApiError::UnexpectedStatus { .. } | ApiError::BadBody(_) => {
            (Icon::Warning, p.warn, "Unexpected answer", "Retrying soon")
        }
        ApiError::KeyRejected => (Icon::Warning, p.bad, "Key rejected", "Tap for help"),
        ApiError::NotManagementKey => (
            Icon::Warning,
            p.warn,
            if small {
                "Wrong key type"
            } else {
                "Not a Management key"
            },
            "Tap for help",
        ),
    };
    let detail = match (error, retry_in(scene)) {
        (ApiError::RateLimited { .. }, Some(when)) => Some(when),
        (ApiError::Offline | ApiError::Timeout, _) if small => None,
        _ if small && detail == "Retrying soon" => Some("Retrying".to_owned()),
        _ => Some(detail.to_owned()),
    };
    (icon, color, headline, detail)
}

fn badge_word(error: &ApiError, scene: &Scene) -> String {
    match error {
        ApiError::Offline | ApiError::Timeout => "offline".to_owned(),
        ApiError::RateLimited { .. } => match scene.retry_in_ms {
            Some(ms) => format!("wait {}m", (ms + MINUTE_MS - 1) / MINUTE_MS),
            None => "stale".to_owned(),
        },
        _ => "stale".to_owned(),
    }
}

/// The header: what the number is, with its period. Parts are joined with " · ", where the
/// renderer may break a header that does not fit one line (it never cuts one).
fn header_label(tile: &Tile, scene: &Scene) -> String {
    let small = scene.size == KeySize::Small;
    let period = |p: Period| match p {
        Period::Week => "7D",
        Period::Month => "30D",
        Period::All => "ALL TIME",
    };
    match (tile.action, tile.settings.mode) {
        (Action::Balance, BalanceMode::Used) => format!("USED · {}", period(tile.settings.period)),
        (Action::Balance, BalanceMode::Percent) => {
            format!("USED % · {}", period(tile.settings.period))
        }
        (Action::Balance, BalanceMode::Runway) => "RUNWAY".to_owned(),
        (Action::TopModels, _) if tile.settings.by == RankBy::Key => "TOP KEYS".to_owned(),
        (Action::TopModels, _) if small => "MODELS".to_owned(),
        // On a small key the time the day began is the line under the amount.
        (Action::Today, _) if small => "TODAY".to_owned(),
        (Action::Today, _) => today_header(scene.utc_offset_minutes),
        (Action::MonthlySpend, _) if small => "30 DAYS".to_owned(),
        (Action::SpikeAlert, _) if small => "SPIKES".to_owned(),
        (Action::Budget, _) => budget::header(tile, scene),
        (action, _) => action.descriptor().header.to_owned(),
    }
}

/// OpenRouter's day starts at midnight UTC: say when that is here, so nobody misreads "today".
/// `TODAY` where UTC is local time, `SINCE 01:00` elsewhere, `TODAY · UTC` when unknown.
pub fn today_header(utc_offset_minutes: Option<i32>) -> String {
    match utc_offset_minutes {
        None => "TODAY · UTC".to_owned(),
        Some(0) => "TODAY".to_owned(),
        Some(offset) => format!("SINCE {}", day_start(offset)),
    }
}

/// The local time UTC midnight is, `01:00`.
fn day_start(offset_minutes: i32) -> String {
    let local = i64::from(offset_minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", local / 60, local % 60)
}

fn text(s: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: s.into(),
        color,
    }
}

/// The numbers view of a tile and how loud it is, or `None` when the data it needs is missing.
fn data_view(
    tile: &Tile,
    scene: &Scene,
    p: &Palette,
    mut header: Text,
) -> Option<(TileView, Option<Loud>)> {
    let (body, loud) = match tile.action {
        Action::Balance => (balance(tile, scene, p)?, None),
        Action::TopModels => {
            let (body, small_header) = top_models(tile, scene, p)?;
            if let Some(h) = small_header {
                header.text = h;
            }
            (body, None)
        }
        Action::MonthlySpend => (monthly_spend(scene, p)?, None),
        Action::SpikeAlert => {
            let (body, verdict) = spike_alert(tile, scene, p)?;
            match verdict {
                Verdict::Acknowledged => {
                    header.text = match scene.size {
                        KeySize::Large => "ACKNOWLEDGED",
                        _ => "SEEN",
                    }
                    .to_owned();
                    (body, None)
                }
                Verdict::Quiet => (body, None),
                Verdict::Loud(loud) => (body, Some(loud)),
            }
        }
        Action::Today => (today(scene, p)?, None),
        // A budget warns (framed) from its warning line and alarms (filled) once reached; a
        // small key keeps the amount, the bar and what the amount is of.
        Action::Budget => {
            let (mut body, loud) = budget::body(tile, scene, p)?;
            // A small key keeps what the amount is ("left", "spent"; filled, "reached") in a
            // word; the limit itself and when it resets are on larger keys and the dial.
            if let (Body::Gauge { note, caption, .. }, KeySize::Small) = (&mut body, scene.size) {
                *note = None;
                if let Some(caption) = caption {
                    caption.text = match (loud, tile.settings.budget.show) {
                        (Some(Loud::Alarm), _) => "reached",
                        (_, crate::settings::Show::Left) => "left",
                        (_, crate::settings::Show::Spent) => "spent",
                    }
                    .to_owned();
                }
            }
            (body, loud)
        }
    };
    Some((
        TileView {
            background: p.background,
            header,
            body,
            badge: None,
            account: None,
            size: KeySize::Large,
            urgency: None,
        },
        loud,
    ))
}

fn balance(tile: &Tile, scene: &Scene, p: &Palette) -> Option<Body> {
    let account = scene.numbers;
    let credits = account.credits.as_ref()?;
    let spend = account.spend.as_ref();
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
            text(dollars(remaining), color)
        }
        BalanceMode::Used => text(dollars(used(credits, spend, tile.settings.period)?), p.text),
        BalanceMode::Percent => {
            let used = used(credits, spend, tile.settings.period)?;
            match percent_utilised(used, credits) {
                Some(pct) => text(percent(pct), p.text),
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
            text(runway_words(r), color)
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
            .and_then(|s| trend_line(s, p, size)),
    };
    Some(Body::Hero { value, trend })
}

/// Yesterday's spend against the day before, in the quiet tones of red and green: "yday $4.41
/// −13%" ("yday", so it never reads as the balance moving). A medium key keeps the amount and
/// the arrow.
fn trend_line(spend: &crate::spend::Spend, p: &Palette, size: KeySize) -> Option<TrendLine> {
    let last = spend.last_completed_day()?;
    let t = trend(spend.day(last), spend.day(last.plus(-1)));
    let (icon, color) = match t.direction {
        Direction::Down => (Icon::ArrowDown, p.fall),
        Direction::Up => (Icon::ArrowUp, p.rise),
        Direction::Flat => (Icon::ArrowFlat, p.muted),
    };
    let words = if t.last == 0.0 && t.previous == 0.0 {
        "no spend yday".to_owned()
    } else if size != KeySize::Large {
        format!("yday {}", dollars(t.last))
    } else {
        match t.change_percent {
            Some(c) if t.direction != Direction::Flat => {
                let sign = if c > 0.0 { "+" } else { "−" };
                format!("yday {} {sign}{}", dollars(t.last), whole_percent(c.abs()))
            }
            // The flat arrow says "the same"; the words would not fit beside it.
            Some(_) => format!("yday {}", dollars(t.last)),
            None => format!("yday {} · new", dollars(t.last)),
        }
    };
    Some(TrendLine {
        icon: Some(Glyph { icon, color }),
        text: text(words, color),
    })
}

fn no_activity(p: &Palette, size: KeySize) -> Body {
    let (headline, detail) = match size {
        KeySize::Small => ("No activity", "in 30 days"),
        _ => ("No activity yet", "in the last 30 days"),
    };
    Body::Status {
        icon: None,
        headline: text(headline, p.text),
        detail: Some(text(detail, p.muted)),
    }
}

/// The ranking, and on a smaller key the header that says which place it shows ("#2 MODEL"): one
/// entry a page there, two on a large key; names in the text colour (they are the answer).
fn top_models(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, Option<String>)> {
    let by_key = tile.settings.by == RankBy::Key;
    let ranked = match by_key {
        true => scene.numbers.key_usage.as_ref()?.ranked(),
        false => rank(scene.numbers.spend.as_ref()?),
    };
    if ranked.is_empty() {
        let body = match by_key {
            true => Body::Status {
                icon: None,
                headline: text("No key spend", p.text),
                detail: Some(text("this month", p.muted)),
            },
            false => no_activity(p, scene.size),
        };
        return Some((body, None));
    }
    // Labels are made distinct across all six, so a name means the same model on every page.
    // A key's name is the person's own: shown as it is, its workspace small beside the amount.
    let labels: Vec<String> = match by_key {
        true => ranked.iter().map(|r| r.name.clone()).collect(),
        false => model_name::labels(&ranked.iter().map(|r| r.name.as_str()).collect::<Vec<_>>()),
    };
    let per_page = per_page(scene.size);
    let (index, shown) = page(&ranked, scene.turns, per_page);
    let first = index * per_page;
    let pages = page_count(&ranked, per_page);
    let single = per_page == 1;
    let body = Body::Ranking {
        rows: shown
            .iter()
            .zip(&labels[first..])
            .map(|(r, label)| RankRow {
                name: text(label.clone(), p.text),
                value: text(dollars(r.spend), p.muted),
                tag: r.tag.as_ref().map(|w| text(w.clone(), p.header)),
            })
            .collect(),
        // One entry a page says its place in the header instead.
        pager: (pages > 1 && !single).then(|| text(format!("{}/{}", index + 1, pages), p.header)),
    };
    let header = single.then(|| {
        let what = if by_key { "KEY" } else { "MODEL" };
        format!("#{} {what}", first + 1)
    });
    Some((body, header))
}

/// Entries of Top Models a key shows at once: two on a large key; one on a smaller key, where
/// a model's name at a legible size takes the width (and often two lines).
pub(crate) fn per_page(size: KeySize) -> usize {
    match size {
        KeySize::Large => PAGE_SIZE,
        _ => 1,
    }
}

/// The 30-day total over the same 30 days as bars (one window per picture), the last completed
/// day lit; under them, today so far, which says it is today.
fn monthly_spend(scene: &Scene, p: &Palette) -> Option<Body> {
    let spend = scene.numbers.spend.as_ref()?;
    let m = monthly(spend);
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
        Some(today) => Some(format!("today {}", dollars(today))),
        None if spend.is_empty() => Some("No activity yet".to_owned()),
        None => None,
    };
    Some(Body::Chart {
        value: text(dollars(m.total), p.text),
        bars,
        caption: caption.map(|c| text(c, p.muted)),
    })
}

/// Today so far (UTC), against a usual day: the share of a whole usual day already spent, so
/// nothing compares half a day with a whole one. On a small key the line says when the day
/// began instead (the header there is only "TODAY").
fn today(scene: &Scene, p: &Palette) -> Option<Body> {
    let account = scene.numbers;
    let Some(spent) = account.today(scene.now.day()) else {
        // Keys known from before midnight UTC: the new day's first poll is coming.
        account.key_usage.as_ref()?;
        return Some(Body::Status {
            icon: Some(Glyph {
                icon: Icon::Hourglass,
                color: p.muted,
            }),
            headline: text("New day (UTC)", p.text),
            detail: Some(text("Updating…", p.muted)),
        });
    };
    let incomplete = account.key_usage.as_ref().is_some_and(|k| k.incomplete);
    let value = match incomplete {
        true => text(format!("≥ {}", dollars(spent)), p.text),
        false => text(dollars(spent), p.text),
    };
    if scene.size == KeySize::Small {
        let since = match scene.utc_offset_minutes {
            Some(0) => None,
            Some(offset) => Some(format!("since {}", day_start(offset))),
            None => Some("UTC day".to_owned()),
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
            let words = format!("{} of usual day", whole_percent(share * 100.0));
            match share > 1.0 {
                true => (Icon::ArrowUp, p.rise, words),
                false => (Icon::ArrowFlat, p.muted, words),
            }
        } else {
            (Icon::ArrowFlat, p.muted, "no spend last week".to_owned())
        };
        TrendLine {
            icon: Some(Glyph { icon, color }),
            text: text(words, color),
        }
    });
    Some(Body::Hero { value, trend })
}

/// What the Spike Alert's ratio compares with, in the machine's time when it is known:
/// `vs usual Tue 10–11` (what that hour of the week usually costs), `vs usual day` (today so far
/// against a whole usual day), `yday vs usual day`.
pub(crate) fn basis_words(basis: Basis, utc_offset_minutes: Option<i32>) -> String {
    match basis {
        Basis::UsualWindow { from, to } => {
            let offset = i64::from(utc_offset_minutes.unwrap_or(0)) * MINUTE_MS;
            let local = |t: Timestamp| t.millis() + offset;
            let start_hour = local(from).div_euclid(HOUR_MS);
            let end_hour = (local(to) + HOUR_MS - 1)
                .div_euclid(HOUR_MS)
                .max(start_hour + 1);
            let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                [crate::intraday::hour_of_week(start_hour) / 24];
            let zone = if utc_offset_minutes.is_none() {
                " UTC"
            } else {
                ""
            };
            format!(
                "vs usual {weekday} {}–{}{zone}",
                start_hour.rem_euclid(24),
                end_hour.rem_euclid(24)
            )
        }
        Basis::WholeDay => "vs usual day".to_owned(),
        Basis::LastDay => "yday vs usual day".to_owned(),
    }
}

/// The accent halfway to the background: older bars recede, the last day stands out.
fn dim(c: Rgb, bg: Rgb) -> Rgb {
    let mix = |a: u8, b: u8| ((a as u16 * 3 + b as u16 * 2) / 5) as u8;
    Rgb(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

/// What a Spike Alert's view says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Normal, or still gathering a baseline.
    Quiet,
    /// A spike (watch) or a critical one (act): framed or filled.
    Loud(Loud),
    /// A spike someone has seen: quiet, and the header says so.
    Acknowledged,
}

/// The words a Spike Alert uses for the model that rose most yesterday: it is not what the ratio
/// above it measures (all spend, now), so it says what it is.
pub const CULPRIT_NOTE: &str = "rose most yday";

/// The Spike Alert body and its verdict.
fn spike_alert(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, Verdict)> {
    let recent = scene.numbers.recent_spend(scene.now);
    let evidence = scene.numbers.spike_evidence(scene.now, &recent)?;
    match assess(&evidence, tile.settings.threshold)? {
        SpikeState::GatheringBaseline { days_with_spend } => Some((
            Body::Status {
                icon: Some(Glyph {
                    icon: Icon::Hourglass,
                    color: p.muted,
                }),
                headline: text("Gathering baseline…", p.text),
                detail: Some(text(format!("{days_with_spend} of 3 days"), p.muted)),
            },
            Verdict::Quiet,
        )),
        SpikeState::Assessed(a) => {
            let acknowledged = tile.acknowledged && a.severity > Severity::Normal;
            let label = match a.severity {
                Severity::Normal => "Normal",
                Severity::Spike => "Spike",
                Severity::Critical => "Critical",
            };
            // Acknowledged keeps the severity word large but quiet (muted, with a check); the
            // header says "ACKNOWLEDGED", so both read at a glance.
            let (icon, color) = match (a.severity, acknowledged) {
                (_, true) => (Icon::Check, p.muted),
                (Severity::Normal, _) => (Icon::Check, p.good),
                (Severity::Spike, _) => (Icon::Warning, p.warn),
                (Severity::Critical, _) => (Icon::Warning, p.bad),
            };
            let verdict = match (a.severity, acknowledged) {
                (_, true) => Verdict::Acknowledged,
                (Severity::Normal, _) => Verdict::Quiet,
                (Severity::Spike, _) => Verdict::Loud(Loud::Warn),
                (Severity::Critical, _) => Verdict::Loud(Loud::Alarm),
            };
            // The ratio shown is the one that decided the state, with what it compares (all
            // spend, against the usual for this time). The model named is the one whose spend
            // rose most yesterday: another comparison, so it is named as such and shown without
            // a ratio of its own (the dial shows each model's, labelled "its usual day").
            let keep_model = scene.size == KeySize::Large;
            let keep_basis = scene.size != KeySize::Small;
            let model = a
                .culprit
                .as_ref()
                .filter(|_| keep_model)
                .map(|c| model_name::short(&c.model));
            let body = Body::Alert {
                icon: Glyph { icon, color },
                label: text(label, color),
                model_note: model.as_ref().map(|_| text(CULPRIT_NOTE, p.muted)),
                model: model.map(|m| text(m, p.text)),
                ratio: Some(text(ratio(a.ratio), color)),
                basis: keep_basis
                    .then(|| text(basis_words(a.basis, scene.utc_offset_minutes), p.muted)),
            };
            Some((body, verdict))
        }
    }
}
