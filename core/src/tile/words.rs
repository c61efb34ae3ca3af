//! The words every tile shares: what a failed poll says, the badge of numbers older than they
//! should be, when OpenRouter's day began here, amounts of whole dollars.

use super::Scene;
use crate::money::dollars;
use crate::openrouter::ApiError;
use crate::palette::Palette;
use crate::timestamp::MINUTE_MS;
use crate::view::{Body, Icon, KeySize, Rgb, Text};

/// `$10` for a threshold or a limit of whole dollars, `$12.50` otherwise.
pub(crate) fn whole_dollars(amount: f64) -> String {
    let shown = dollars(amount);
    match shown.strip_suffix(".00") {
        Some(whole) => whole.to_owned(),
        None => shown,
    }
}

/// "Retry in 12 min" while a wait OpenRouter imposed runs (redrawn every minute).
pub(super) fn retry_in(scene: &Scene) -> Option<String> {
    let ms = scene.retry_in_ms?;
    let minutes = (ms + MINUTE_MS - 1) / MINUTE_MS;
    Some(match scene.size {
        KeySize::Small => format!("In {minutes} min"),
        _ => format!("Retry in {minutes} min"),
    })
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

pub(super) fn badge_word(error: &ApiError, scene: &Scene) -> String {
    match error {
        ApiError::Offline | ApiError::Timeout => "offline".to_owned(),
        ApiError::RateLimited { .. } => match scene.retry_in_ms {
            Some(ms) => format!("wait {}m", (ms + MINUTE_MS - 1) / MINUTE_MS),
            None => "stale".to_owned(),
        },
        _ => "stale".to_owned(),
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
pub(super) fn day_start(offset_minutes: i32) -> String {
    let local = i64::from(offset_minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", local / 60, local % 60)
}

pub(crate) fn text(s: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: s.into(),
        color,
    }
}

pub(super) fn no_activity(p: &Palette, size: KeySize) -> Body {
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
