//! The words every tile shares: what a failed poll says, the badge of numbers older than they
//! should be, when OpenRouter's day began here, amounts of whole dollars.

use super::Scene;
use crate::catalogue::{self, numbers, say, text as word, Msg, Phrase};
use crate::lang::Lang;
use crate::model_name;
use crate::openrouter::{ApiError, NO_MODEL};
use crate::palette::Palette;
use crate::timestamp::{Day, MINUTE_MS};
use crate::view::{Body, Icon, KeySize, Rgb, Text};

/// `$10` for a threshold or a limit of whole dollars, `$12.50` otherwise (each language's way).
pub(crate) fn whole_dollars(lang: Lang, amount: f64) -> String {
    numbers::whole_money(lang, amount)
}

/// An amount of US dollars, the language's way (`$1,234.50`, `1.234,50 $`).
pub(crate) fn dollars(lang: Lang, amount: f64) -> String {
    numbers::money(lang, amount)
}

/// "Tue 18 Nov" in `lang` (`day-12345` far outside the calendar).
pub(crate) fn short_date(lang: Lang, day: Day) -> String {
    match day.day_and_month_numbers() {
        Some((d, m)) => catalogue::short_date(lang, day.weekday() as usize, d, m),
        None => format!("day{}", day.0),
    }
}

/// "1 Jan" in `lang` (`day-12345` far outside the calendar).
pub(crate) fn day_month(lang: Lang, day: Day) -> String {
    match day.day_and_month_numbers() {
        Some((d, m)) => catalogue::day_month(lang, d, m),
        None => format!("day{}", day.0),
    }
}

/// "Retry in 12 min" while a wait OpenRouter imposed runs (redrawn every minute).
pub(super) fn retry_in(scene: &Scene) -> Option<String> {
    let ms = scene.retry_in_ms?;
    let minutes = (ms + MINUTE_MS - 1) / MINUTE_MS;
    let minutes = u64::try_from(minutes).unwrap_or(0);
    Some(say(
        scene.lang,
        match scene.size {
            KeySize::Small => Phrase::RetryInShort { minutes },
            _ => Phrase::RetryIn { minutes },
        },
    ))
}

/// What a tile says when a poll failed: icon, its colour, the headline, and a detail (on a small
/// key only the detail a person can act on or wait for; "Can't reach OpenRouter" goes).
pub(super) fn trouble_words(
    error: &ApiError,
    scene: &Scene,
    p: &Palette,
) -> (Icon, Rgb, &'static str, Option<String>) {
    let small = scene.size == KeySize::Small;
    let (icon, color, headline, detail) = match error {
        ApiError::Offline => (
            Icon::Offline,
            p.muted,
            Msg::Offline,
            Msg::CantReachOpenRouter,
        ),
        ApiError::Timeout => (
            Icon::Offline,
            p.muted,
            Msg::Offline,
            Msg::OpenRouterTimedOut,
        ),
        ApiError::RateLimited { .. } => {
            (Icon::Hourglass, p.warn, Msg::RateLimited, Msg::RetryingSoon)
        }
        ApiError::Service { .. } => (
            Icon::Warning,
            p.warn,
            Msg::OpenRouterError,
            Msg::RetryingSoon,
        ),
        ApiError::UnexpectedStatus { .. } | ApiError::BadBody(_) => (
            Icon::Warning,
            p.warn,
            Msg::UnexpectedAnswer,
            Msg::RetryingSoon,
        ),
        ApiError::KeyRejected => (Icon::Warning, p.bad, Msg::KeyRejected, Msg::TapForHelp),
        ApiError::NotManagementKey => (
            Icon::Warning,
            p.warn,
            if small {
                Msg::WrongKeyType
            } else {
                Msg::NotManagementKey
            },
            Msg::TapForHelp,
        ),
    };
    let lang = scene.lang;
    let detail = match (error, retry_in(scene)) {
        (ApiError::RateLimited { .. }, Some(when)) => Some(when),
        (ApiError::Offline | ApiError::Timeout, _) if small => None,
        _ if small && detail == Msg::RetryingSoon => Some(word(lang, Msg::Retrying).to_owned()),
        _ => Some(word(lang, detail).to_owned()),
    };
    (icon, color, word(lang, headline), detail)
}

pub(super) fn badge_word(error: &ApiError, scene: &Scene) -> String {
    let lang = scene.lang;
    match error {
        ApiError::Offline | ApiError::Timeout => word(lang, Msg::BadgeOffline).to_owned(),
        ApiError::RateLimited { .. } => match scene.retry_in_ms {
            Some(ms) => {
                let minutes = u64::try_from((ms + MINUTE_MS - 1) / MINUTE_MS).unwrap_or(0);
                say(lang, Phrase::BadgeWait { minutes })
            }
            None => word(lang, Msg::BadgeStale).to_owned(),
        },
        _ => word(lang, Msg::BadgeStale).to_owned(),
    }
}

/// OpenRouter's day starts at midnight UTC: say when that is here, so nobody misreads "today".
/// `TODAY` where UTC is local time, `SINCE 01:00` elsewhere, `TODAY · UTC` when unknown.
pub fn today_header(lang: Lang, utc_offset_minutes: Option<i32>) -> String {
    match utc_offset_minutes {
        None => word(lang, Msg::HeaderTodayUtc).to_owned(),
        Some(0) => word(lang, Msg::HeaderToday).to_owned(),
        Some(offset) => say(
            lang,
            Phrase::HeaderSince {
                time: &day_start(offset),
            },
        ),
    }
}

/// The local time UTC midnight is, `01:00`.
pub(super) fn day_start(offset_minutes: i32) -> String {
    let local = i64::from(offset_minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", local / 60, local % 60)
}

/// Models' names as a tile shows them, distinct (`model_name::labels`); activity OpenRouter sent
/// without a model is "(unnamed model)" in the person's language.
pub(super) fn model_labels<'a>(lang: Lang, models: impl Iterator<Item = &'a str>) -> Vec<String> {
    let models: Vec<&str> = models.collect();
    model_name::labels(&models)
        .into_iter()
        .zip(&models)
        .map(|(label, model)| match *model == NO_MODEL {
            true => word(lang, Msg::UnnamedModel).to_owned(),
            false => label,
        })
        .collect()
}

/// One model's short name (`model_name::short`), "(unnamed model)" in the person's language.
pub(super) fn model_short(lang: Lang, model: &str) -> String {
    match model == NO_MODEL {
        true => word(lang, Msg::UnnamedModel).to_owned(),
        false => model_name::short(model),
    }
}

pub(crate) fn text(s: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: s.into(),
        color,
    }
}

pub(super) fn no_activity(lang: Lang, p: &Palette, size: KeySize) -> Body {
    let (headline, detail) = match size {
        KeySize::Small => (Msg::NoActivity, Msg::InThirtyDays),
        _ => (Msg::NoActivityYet, Msg::InTheLastThirtyDays),
    };
    Body::Status {
        icon: None,
        headline: text(word(lang, headline), p.text),
        detail: Some(text(word(lang, detail), p.muted)),
    }
}
