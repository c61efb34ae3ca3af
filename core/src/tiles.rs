//! Views: a pure projection from the model to what each tile shows. Every state the product page
//! names has its view here; the shell only draws them.

use crate::account::{Account, Needs};
use crate::accounts::AccountId;
use crate::action::Action;
use crate::command::KeyStatus;
use crate::model_name;
use crate::money::{dollars, percent, ratio, whole_percent};
use crate::monthly::{heights, monthly};
use crate::openrouter::ApiError;
use crate::palette::{palette, Palette};
use crate::runway::{runway, usual_day, words as runway_words, Runway};
use crate::settings::{BalanceMode, Period, RankBy, TileSettings};
use crate::spend::{percent_utilised, used};
use crate::spike::{assess, Basis, Severity, SpikeState};
use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};
use crate::top_models::{page, page_count, rank, rank_keys};
use crate::trend::{trend, Direction};
use crate::view::{Bar, Body, Glyph, Icon, RankRow, Rgb, Text, TileView, TrendLine};

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
    pub drawn: Option<TileView>,
}

impl Tile {
    pub fn new(action: Action, settings: TileSettings, account: AccountId) -> Tile {
        Tile {
            action,
            settings,
            account,
            acknowledged: false,
            drawn: None,
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

pub struct Scene<'a> {
    pub display: Display<'a>,
    pub account: &'a Account,
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
}

pub fn view(tile: &Tile, scene: &Scene) -> TileView {
    let mut view = unlabelled(tile, scene);
    let p = palette(tile.settings.theme);
    view.account = scene.label.map(|l| text(l.to_uppercase(), p.accent));
    view
}

fn unlabelled(tile: &Tile, scene: &Scene) -> TileView {
    let p = palette(tile.settings.theme);
    let low = is_low_balance(tile, scene.account);
    let header = match low {
        true => text("LOW BALANCE", p.bad),
        false => text(header_label(tile, scene), p.header),
    };
    let status =
        |icon: Option<Icon>, icon_color: Rgb, headline: &str, detail: Option<&str>| TileView {
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
        };
    match scene.display {
        Display::Preparing => status(Some(Icon::Hourglass), p.muted, "Preparing…", None),
        Display::NoKey => status(
            Some(Icon::Key),
            p.accent,
            "No key yet",
            Some("Add it in settings"),
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
            "Not a Management key",
            Some("Tap for help"),
        ),
        Display::Trouble(error) => {
            let (icon, color, headline, detail) = trouble_words(error, scene, p);
            status(Some(icon), color, headline, Some(&detail))
        }
        Display::NoAccount => status(
            Some(Icon::Key),
            p.warn,
            "No account",
            Some("Pick one in settings"),
        ),
        Display::Data => {
            let needs = needs(tile);
            let stale = scene.account.stale_for(needs);
            let mut view = data_view(tile, scene, p, header.clone()).unwrap_or_else(|| {
                // This tile's part of the data never arrived: say why, or that it is coming.
                match stale {
                    Some(error) => {
                        let (icon, color, headline, detail) = trouble_words(error, scene, p);
                        // The balance came through: say which of the tile's sources is missing.
                        let missing = match scene.retry_in_ms {
                            Some(_) => None,
                            None => scene.account.missing_source(needs),
                        };
                        let detail = match (scene.account.credits_error.is_none(), missing) {
                            (true, Some(source)) => format!("{source}: retrying"),
                            _ => detail,
                        };
                        status(Some(icon), color, headline, Some(&detail))
                    }
                    None => status(Some(Icon::Hourglass), p.muted, "Preparing…", None),
                }
            });
            if matches!(view.body, Body::Status { .. }) && stale.is_some() {
                return view;
            }
            view.badge = stale.map(|e| text(badge_word(e, scene), p.warn));
            view
        }
    }
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

/// A Balance tile whose alarm is set and whose balance is below it.
fn is_low_balance(tile: &Tile, account: &Account) -> bool {
    tile.action == Action::Balance
        && account
            .credits
            .is_some_and(|c| crate::alarm::is_low(c.remaining(), tile.settings.low_balance))
}

/// "Retry in 12 min" while a wait OpenRouter imposed runs (redrawn every minute).
fn retry_in(scene: &Scene) -> Option<String> {
    let ms = scene.retry_in_ms?;
    let minutes = (ms + MINUTE_MS - 1) / MINUTE_MS;
    Some(format!("Retry in {minutes} min"))
}

fn trouble_words(
    error: &ApiError,
    scene: &Scene,
    p: &Palette,
) -> (Icon, Rgb, &'static str, String) {
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
            "Not a Management key",
            "Tap for help",
        ),
    };
    let detail = match (error, retry_in(scene)) {
        (ApiError::RateLimited { .. }, Some(when)) => when,
        _ => detail.to_owned(),
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

fn header_label(tile: &Tile, scene: &Scene) -> String {
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
        (Action::Today, _) => today_header(scene.utc_offset_minutes),
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
        Some(offset) => {
            let local = i64::from(offset).rem_euclid(24 * 60);
            format!("SINCE {:02}:{:02}", local / 60, local % 60)
        }
    }
}

fn text(s: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: s.into(),
        color,
    }
}

/// The numbers view of a tile, or `None` when the data it needs is missing.
fn data_view(tile: &Tile, scene: &Scene, p: &Palette, header: Text) -> Option<TileView> {
    let (body, acknowledged) = match tile.action {
        Action::Balance => (balance(tile, scene.account, p)?, false),
        Action::TopModels => (top_models(tile, scene, p)?, false),
        Action::MonthlySpend => (monthly_spend(scene, p)?, false),
        Action::SpikeAlert => spike_alert(tile, scene, p)?,
        Action::Today => (today(scene, p)?, false),
        Action::Budget => (budget::body(tile, scene, p)?, false),
    };
    Some(TileView {
        background: p.background,
        header: if acknowledged {
            text("ACKNOWLEDGED", header.color)
        } else {
            header
        },
        body,
        badge: None,
        account: None,
    })
}

fn balance(tile: &Tile, account: &Account, p: &Palette) -> Option<Body> {
    let credits = account.credits.as_ref()?;
    let spend = account.spend.as_ref();
    let low = is_low_balance(tile, account);
    let mut value = match tile.settings.mode {
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
    if low {
        // The alarm's colour, whatever the mode shows.
        value.color = p.bad;
    }
    // "No recent spend" already says what the trend line would.
    let quiet =
        spend.is_some_and(|s| usual_day(s) == 0.0) && tile.settings.mode == BalanceMode::Runway;
    Some(Body::Hero {
        value,
        trend: spend.filter(|_| !quiet).and_then(|s| trend_line(s, p)),
    })
}

fn trend_line(spend: &crate::spend::Spend, p: &Palette) -> Option<TrendLine> {
    let last = spend.last_completed_day()?;
    let t = trend(spend.day(last), spend.day(last.plus(-1)));
    let (icon, color) = match t.direction {
        Direction::Down => (Icon::ArrowDown, p.good),
        Direction::Up => (Icon::ArrowUp, p.bad),
        Direction::Flat => (Icon::ArrowFlat, p.muted),
    };
    // Yesterday's spend against the day before: "yday", so it never reads as the balance moving.
    let words = if t.last == 0.0 && t.previous == 0.0 {
        "no spend yday".to_owned()
    } else {
        match t.change_percent {
            Some(c) if t.direction != Direction::Flat => {
                let sign = if c > 0.0 { "+" } else { "−" };
                format!("yday {} {sign}{}", dollars(t.last), whole_percent(c.abs()))
            }
            Some(_) => format!("yday {} · same", dollars(t.last)),
            None => format!("yday {} · new", dollars(t.last)),
        }
    };
    Some(TrendLine {
        icon: Glyph { icon, color },
        text: text(words, color),
    })
}

fn no_activity(p: &Palette) -> Body {
    Body::Status {
        icon: None,
        headline: text("No activity yet", p.text),
        detail: Some(text("in the last 30 days", p.muted)),
    }
}

fn top_models(tile: &Tile, scene: &Scene, p: &Palette) -> Option<Body> {
    let by_key = tile.settings.by == RankBy::Key;
    let ranked = match by_key {
        true => rank_keys(scene.account.keys.as_ref()?),
        false => rank(scene.account.spend.as_ref()?),
    };
    if ranked.is_empty() {
        return Some(match by_key {
            true => Body::Status {
                icon: None,
                headline: text("No key spend", p.text),
                detail: Some(text("this month", p.muted)),
            },
            false => no_activity(p),
        });
    }
    // Labels are made distinct across all six, so a name means the same model on every page.
    // A key's name is the person's own: shown as it is, its workspace small beside the amount.
    let labels: Vec<String> = match by_key {
        true => ranked.iter().map(|r| r.name.clone()).collect(),
        false => model_name::labels(&ranked.iter().map(|r| r.name.as_str()).collect::<Vec<_>>()),
    };
    let (index, shown) = page(&ranked, scene.turns);
    let first = index * crate::top_models::PAGE_SIZE;
    let pages = page_count(&ranked);
    Some(Body::Ranking {
        rows: shown
            .iter()
            .zip(&labels[first..])
            .map(|(r, label)| RankRow {
                name: text(label.clone(), p.muted),
                value: text(dollars(r.spend), p.text),
                tag: r.tag.as_ref().map(|w| text(w.clone(), p.header)),
            })
            .collect(),
        pager: (pages > 1).then(|| text(format!("{}/{}", index + 1, pages), p.header)),
    })
}

fn monthly_spend(scene: &Scene, p: &Palette) -> Option<Body> {
    let spend = scene.account.spend.as_ref()?;
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
    let caption = match scene.account.usage.today_so_far(scene.now) {
        Some(today) => format!("today {}", dollars(today)),
        None if spend.is_empty() => "No activity yet".to_owned(),
        None => "last 7 days".to_owned(),
    };
    Some(Body::Chart {
        value: text(dollars(m.total), p.text),
        bars,
        caption: Some(text(caption, p.muted)),
    })
}

/// Today so far (UTC), against a usual day: the share of a whole usual day already spent, so
/// nothing compares half a day with a whole one.
fn today(scene: &Scene, p: &Palette) -> Option<Body> {
    let account = scene.account;
    let Some(spent) = account.today(scene.now.day()) else {
        // Keys known from before midnight UTC: the new day's first poll is coming.
        account.keys.as_ref()?;
        return Some(Body::Status {
            icon: Some(Glyph {
                icon: Icon::Hourglass,
                color: p.muted,
            }),
            headline: text("New day (UTC)", p.text),
            detail: Some(text("Updating…", p.muted)),
        });
    };
    let incomplete = account.keys.as_ref().is_some_and(|k| k.incomplete);
    let value = match incomplete {
        true => text(format!("≥ {}", dollars(spent)), p.text),
        false => text(dollars(spent), p.text),
    };
    let usual = account.spend.as_ref().map(usual_day);
    let trend = usual.map(|usual| {
        let (icon, color, words) = if usual > 0.0 {
            let share = spent / usual;
            let words = format!("{} of usual day", whole_percent(share * 100.0));
            match share > 1.0 {
                true => (Icon::ArrowUp, p.bad, words),
                false => (Icon::ArrowFlat, p.muted, words),
            }
        } else {
            (Icon::ArrowFlat, p.muted, "no spend last week".to_owned())
        };
        TrendLine {
            icon: Glyph { icon, color },
            text: text(words, color),
        }
    });
    Some(Body::Hero { value, trend })
}

/// What the Spike Alert's ratio compares with, in the machine's time when it is known:
/// `vs usual Tue 10–11`, `vs a usual day`, `yday vs usual`.
fn basis_words(basis: Basis, utc_offset_minutes: Option<i32>) -> String {
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
        Basis::WholeDay => "vs a usual day".to_owned(),
        Basis::LastDay => "yday vs usual".to_owned(),
    }
}

/// The accent halfway to the background: older bars recede, the last day stands out.
fn dim(c: Rgb, bg: Rgb) -> Rgb {
    let mix = |a: u8, b: u8| ((a as u16 * 3 + b as u16 * 2) / 5) as u8;
    Rgb(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

/// The Spike Alert body, and whether it shows an acknowledged alert.
fn spike_alert(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, bool)> {
    let recent = scene.account.recent_spend(scene.now);
    let evidence = scene.account.spike_evidence(scene.now, &recent)?;
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
            false,
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
            // The ratio shown is the one that decided the state; the model named is the one whose
            // spend rose most. (Its own ratio is in the assessment and logged at each poll: beside
            // a severity it would read as the alert's ratio and contradict it.)
            let model = a.culprit.as_ref().map(|c| model_name::short(&c.model));
            let shown_ratio = ratio(a.ratio);
            let body = Body::Alert {
                icon: Glyph { icon, color },
                label: text(label, color),
                model: model.map(|m| text(m, p.text)),
                ratio: Some(text(shown_ratio, color)),
                basis: Some(text(
                    basis_words(a.basis, scene.utc_offset_minutes),
                    p.muted,
                )),
            };
            Some((body, acknowledged))
        }
    }
}
