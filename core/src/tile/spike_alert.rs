//! Spike Alert: whether spend right now is normal for this time of the week, a spike or a
//! critical one, with the ratio that decided it and what it compares with; the model that rose
//! most yesterday named as such. A tap acknowledges; its dial shows each model's own ratio.

use super::strip_view::{from_key, place};
use super::words::{dollars, model_labels, model_short, text};
use super::{Alarm, Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap};
use crate::board::Tile;
use crate::catalogue::{numbers, say, text as word, Msg, Phrase};
use crate::dial::Stops;
use crate::lang::Lang;
use crate::numbers::Needs;
use crate::palette::Palette;
use crate::settings::{field, threshold_field, TileSettings};
use crate::spike::{assess, model_ratios, severity, Basis, Severity, SpikeState};
use crate::strip::{StripBody, StripView};
use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};
use crate::view::{Body, Glyph, Icon, KeySize, Text, TileView};
use serde_json::{Map, Value};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::SpikeAlert,
    uuid: "com.openbalance.openrouter.spikealert",
    slug: "spikealert",
    name: "Spike Alert",
    header: "SPIKE ALERT",
    tap: Tap::Acknowledge,
    settings: &["threshold"],
    icon: BundleIcon::Warning,
    dial: DialWords {
        rotate: "Each model's own ratio, biggest rise first",
        push: "Back to the verdict",
    },
};

pub struct SpikeAlert;

impl Kind for SpikeAlert {
    fn read_settings(
        &self,
        object: &Map<String, Value>,
        settings: &mut TileSettings,
        fallbacks: &mut Vec<&'static str>,
    ) {
        if let Some(t) = field(object, "threshold", threshold_field, fallbacks) {
            settings.threshold = t;
        }
    }

    fn needs(&self, _settings: &TileSettings) -> Needs {
        Needs {
            credits: true,
            activity: true,
            ..Needs::NONE
        }
    }

    fn header(&self, _tile: &Tile, scene: &Scene) -> String {
        scene.header_word(Msg::HeaderSpikeAlert, Msg::HeaderSpikesSmall)
    }

    fn body(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        let (body, verdict) = spike_alert(tile, scene, p)?;
        Some(match verdict {
            Verdict::Acknowledged => {
                let seen = match scene.size {
                    KeySize::Large => Msg::HeaderAcknowledged,
                    _ => Msg::HeaderSeen,
                };
                header.text = word(scene.lang, seen).to_owned();
                (body, None)
            }
            Verdict::Quiet => (body, None),
            Verdict::Loud(loud) => (body, Some(loud)),
        })
    }

    fn stops(&self, _tile: &Tile, scene: &Scene) -> Stops {
        let models = scene.numbers.spend.as_ref().map(model_ratios);
        Stops::from_top(models.map_or(0, |m| m.len()))
    }

    fn strip(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        key: &TileView,
    ) -> Option<StripView> {
        strip(tile, scene, p, at, key)
    }

    fn alarm(&self) -> Alarm {
        Alarm::Spike
    }
}

/// What the Spike Alert's ratio compares with, in the machine's time when it is known:
/// `vs usual Tue 10–11` (what that hour of the week usually costs), `vs usual day` (today so far
/// against a whole usual day), `yday vs usual day`.
fn basis_words(lang: Lang, basis: Basis, utc_offset_minutes: Option<i32>) -> String {
    match basis {
        Basis::UsualWindow { from, to } => {
            let offset = i64::from(utc_offset_minutes.unwrap_or(0)) * MINUTE_MS;
            let local = |t: Timestamp| t.millis() + offset;
            let start_hour = local(from).div_euclid(HOUR_MS);
            let end_hour = (local(to) + HOUR_MS - 1)
                .div_euclid(HOUR_MS)
                .max(start_hour + 1);
            say(
                lang,
                Phrase::VsUsualWindow {
                    weekday: crate::intraday::hour_of_week(start_hour) / 24,
                    from: start_hour.rem_euclid(24) as u8,
                    to: end_hour.rem_euclid(24) as u8,
                    utc: utc_offset_minutes.is_none(),
                },
            )
        }
        Basis::WholeDay => word(lang, Msg::VsUsualDay).to_owned(),
        Basis::LastDay => word(lang, Msg::YdayVsUsualDay).to_owned(),
    }
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

/// The Spike Alert body and its verdict.
fn spike_alert(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, Verdict)> {
    let lang = scene.lang;
    let recent = scene.numbers.recent_spend(scene.now);
    let evidence = scene.numbers.spike_evidence(scene.now, &recent)?;
    match assess(&evidence, tile.settings.threshold)? {
        SpikeState::GatheringBaseline { days_with_spend } => Some((
            Body::Status {
                icon: Some(Glyph {
                    icon: Icon::Hourglass,
                    color: p.muted,
                }),
                headline: text(word(lang, Msg::GatheringBaseline), p.text),
                detail: Some(text(
                    say(
                        lang,
                        Phrase::DaysOfThree {
                            days: u32::try_from(days_with_spend).unwrap_or(u32::MAX),
                        },
                    ),
                    p.muted,
                )),
            },
            Verdict::Quiet,
        )),
        SpikeState::Assessed(a) => {
            let acknowledged = tile.acknowledged && a.severity > Severity::Normal;
            let label = word(
                lang,
                match a.severity {
                    Severity::Normal => Msg::SeverityNormal,
                    Severity::Spike => Msg::SeveritySpike,
                    Severity::Critical => Msg::SeverityCritical,
                },
            );
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
                .map(|c| model_short(lang, &c.model));
            let body = Body::Alert {
                icon: Glyph { icon, color },
                label: text(label, color),
                // The model that rose most yesterday is not what the ratio above it measures
                // (all spend, now), so it says what it is.
                model_note: model
                    .as_ref()
                    .map(|_| text(word(lang, Msg::RoseMostYday), p.muted)),
                model: model.map(|m| text(m, p.text)),
                ratio: Some(text(numbers::ratio(lang, a.ratio), color)),
                basis: keep_basis.then(|| {
                    text(
                        basis_words(lang, a.basis, scene.utc_offset_minutes),
                        p.muted,
                    )
                }),
            };
            Some((body, verdict))
        }
    }
}

/// The verdict, as the key says it; turned, each model's own ratio behind it.
fn strip(
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
    let names = model_labels(scene.lang, models.iter().map(|m| m.model.as_str()));
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
    let lang = scene.lang;
    strip.header = text(word(lang, Msg::HeaderYdayByModel), p.header);
    strip.position = place(i, n, p);
    strip.urgency = None;
    strip.background = p.background;
    if let Some(account) = &mut strip.account {
        account.color = p.accent;
    }
    let shown = match m.ratio {
        Some(r) => say(
            lang,
            Phrase::ItsUsualDay {
                ratio: &numbers::ratio(lang, r),
            },
        ),
        None => word(lang, Msg::NewThisWeek).to_owned(),
    };
    strip.body = StripBody::Alert {
        icon: Glyph { icon, color },
        label: text(shown, color),
        ratio: None,
        detail: Some(text(names[i].clone(), p.text)),
        note: Some(text(
            say(
                lang,
                Phrase::YdayAndUsual {
                    yday: &dollars(lang, m.yday),
                    usual: &dollars(lang, m.usual),
                },
            ),
            p.muted,
        )),
    };
    Some(strip)
}
