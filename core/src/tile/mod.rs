//! Tiles: each tile a module of its own (`balance.rs`, `top_models.rs`, `monthly_spend.rs`,
//! `spike_alert.rs`, `today.rs`, `budget.rs`) holding everything about it that is not vocabulary:
//! its descriptor, the settings it reads, what it needs fetched, its key view, the views its dial
//! turns through and its strip, and what it can do besides (turn pages, sound an alarm, turn
//! fast) as a [`Kind`]. This file holds the one dispatch, and what every tile shares: a view for
//! every state without numbers, the account label, the size, how loud it is.
//!
//! Adding a tile: a variant of `Action` (`action.rs`), a module here with its `DESCRIPTOR` and an
//! `impl Kind`, and its arm in [`kind`] and `Action::descriptor` — the compiler finds both —
//! then its icon in the shell's `icons_bundle.rs` (exhaustive) and its bundle entries, which the
//! tests derive from the descriptor.

mod balance;
mod budget;
mod loud;
mod monthly_spend;
mod spike_alert;
mod strip_view;
mod today;
mod top_models;
mod words;

pub(crate) use loud::Loud;
use loud::{alarm, warning};

use crate::account_id::AccountId;
use crate::action::{Action, Descriptor};
use crate::board::Tile;
use crate::catalogue::{say, Msg, Phrase};
use crate::command::KeyStatus;
use crate::dial::Stops;
use crate::lang::Lang;
use crate::numbers::{Needs, Numbers};
use crate::openrouter::ApiError;
use crate::palette::{palette, Palette};
use crate::settings::{enum_field, field, Parsed, TileSettings};
use crate::strip::StripView;
use crate::timestamp::Timestamp;
use crate::view::{Body, Glyph, Icon, KeySize, Rgb, Text, TileView};
use serde_json::{Map, Value};
use strip_view::from_key;
use words::{badge_word, text, trouble_words};

/// What a tile is, besides its descriptor: each tile's module implements it, and the compiler
/// walks whoever adds a tile through every part.
pub(crate) trait Kind: Sync {
    /// Reads the settings it has besides `theme` (missing values stay defaults; a malformed
    /// one stays a default and is named in `fallbacks`).
    fn read_settings(
        &self,
        _object: &Map<String, Value>,
        _settings: &mut TileSettings,
        _fallbacks: &mut Vec<&'static str>,
    ) {
    }

    /// Which answers its numbers come from.
    fn needs(&self, settings: &TileSettings) -> Needs;

    /// Its header while it shows numbers (and over the states without them).
    fn header(&self, tile: &Tile, scene: &Scene) -> String;

    /// Its numbers and how loud they are, or `None` while the data it needs is missing. It may
    /// change the header (Top Models' place on a small key, an acknowledged spike).
    fn body(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        header: &mut Text,
    ) -> Option<(Body, Option<Loud>)>;

    /// The views its dial turns through, as the data stands now.
    fn stops(&self, tile: &Tile, scene: &Scene) -> Stops;

    /// Its strip with the dial at `at` (`None`: its default view); `None` for the key's view laid
    /// out on the strip.
    fn strip(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        key: &TileView,
    ) -> Option<StripView>;

    /// Whether its dial turns while its own view shows no numbers (Budget turns through the
    /// account's limits whatever its pick says).
    fn turns_without_numbers(&self) -> bool {
        false
    }

    /// Pages its key turns through, a page a minute (paging); one: no paging.
    fn pages(&self, _tile: &Tile, _scene: &Scene) -> usize {
        1
    }

    /// Ticks a turn moves its dial (pushed in or not).
    fn fast_turn(&self, _pressed: bool) -> i32 {
        1
    }

    /// The alarm it sounds, if any.
    fn alarm(&self) -> Alarm {
        Alarm::None
    }

    /// What takes its key over whatever it shows (Balance under its alarm).
    fn takeover(&self, _tile: &Tile, _scene: &Scene, _p: &Palette, _view: &mut TileView) {}
}

/// The alarm a tile sounds: which rule the plugin runs for it after each poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alarm {
    None,
    /// One `showAlert` when the balance first drops under the tile's `lowBalance`.
    LowBalance,
    /// Spikes and critical spikes go to the log, once per threshold.
    Spike,
    /// One `showAlert` when the tile's limit is first reached.
    Limit,
}

/// The one dispatch from a tile to its module.
pub(crate) fn kind(action: Action) -> &'static dyn Kind {
    match action {
        Action::Balance => &balance::Balance,
        Action::TopModels => &top_models::TopModels,
        Action::MonthlySpend => &monthly_spend::MonthlySpend,
        Action::SpikeAlert => &spike_alert::SpikeAlert,
        Action::Today => &today::Today,
        Action::Budget => &budget::Budget,
    }
}

impl Action {
    /// Everything about the tile that is not its view, declared in its module.
    pub const fn descriptor(self) -> &'static Descriptor {
        match self {
            Action::Balance => &balance::DESCRIPTOR,
            Action::TopModels => &top_models::DESCRIPTOR,
            Action::MonthlySpend => &monthly_spend::DESCRIPTOR,
            Action::SpikeAlert => &spike_alert::DESCRIPTOR,
            Action::Today => &today::DESCRIPTOR,
            Action::Budget => &budget::DESCRIPTOR,
        }
    }

    /// The manifest's action UUID, e.g. `com.openbalance.openrouter.balance`.
    pub fn uuid(self) -> &'static str {
        self.descriptor().uuid
    }

    pub fn slug(self) -> &'static str {
        self.descriptor().slug
    }

    pub fn from_uuid(uuid: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.uuid() == uuid)
    }
}

impl TileSettings {
    /// Reads the settings `action` has; others are ignored, missing ones are defaults,
    /// malformed ones are defaults and named in `fallbacks`.
    pub fn parse(action: Action, value: &Value) -> Parsed {
        let mut fallbacks = Vec::new();
        let mut settings = TileSettings::default();
        let Some(object) = value.as_object() else {
            if !value.is_null() {
                fallbacks.push("settings");
            }
            return Parsed {
                settings,
                fallbacks,
            };
        };
        if let Some(theme) = field(object, "theme", enum_field, &mut fallbacks) {
            settings.theme = theme;
        }
        kind(action).read_settings(object, &mut settings, &mut fallbacks);
        Parsed {
            settings,
            fallbacks,
        }
    }
}

/// Every setting of `action` that has a default, with it: what a new tile's inspector shows (the
/// bundle's `ui/tiles.js` is written from it, and a test holds the two equal).
pub fn default_settings(action: Action) -> Map<String, Value> {
    action
        .descriptor()
        .settings
        .iter()
        .chain(&["theme"])
        .filter_map(|name| Some(((*name).to_owned(), TileSettings::default_of(name)?)))
        .collect()
}

/// The range each number setting of `action` is held to, for the inspector's fields.
pub fn setting_ranges(action: Action) -> Map<String, Value> {
    action
        .descriptor()
        .settings
        .iter()
        .filter_map(|name| {
            let (min, max) = TileSettings::range_of(name)?;
            Some(((*name).to_owned(), serde_json::json!([min, max])))
        })
        .collect()
}

/// Settings for `action` from what Stream Deck holds, which account the tile shows, and the log
/// line naming any fallback.
pub fn read_settings(action: Action, value: &Value) -> (TileSettings, AccountId, Option<String>) {
    let mut parsed = TileSettings::parse(action, value);
    let account = match value.get("account") {
        None | Some(Value::Null) => AccountId::default(),
        Some(v) => match AccountId::parse(v.as_str()) {
            Some(id) if v.is_string() => id,
            _ => {
                parsed.fallbacks.push("account");
                AccountId::default()
            }
        },
    };
    let warning = (!parsed.fallbacks.is_empty()).then(|| {
        format!(
            "{}: bad {} setting; using the default",
            action.uuid(),
            parsed.fallbacks.join(", ")
        )
    });
    (parsed.settings, account, warning)
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
    /// The language every word is said in.
    pub lang: Lang,
}

impl Scene<'_> {
    /// The header `msg` in the scene's language, or its form `small` on a 72-pixel key, where some
    /// languages need a shorter word.
    pub(crate) fn header_word(&self, msg: Msg, small: Msg) -> String {
        let msg = match self.size {
            KeySize::Small => small,
            _ => msg,
        };
        crate::catalogue::text(self.lang, msg).to_owned()
    }
}

/// What a key shows: the tile's view for its mode, and over it what takes it over (the
/// low-balance alarm, which always shows what is left).
pub fn view(tile: &Tile, scene: &Scene) -> TileView {
    let mut view = plain(tile, scene);
    let p = palette(tile.settings.theme);
    kind(tile.action).takeover(tile, scene, p, &mut view);
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

/// Which answers a tile's numbers come from. Footnotes (the Balance trend line, Today's
/// comparison) are drawn from the last good activity; only what the big number needs counts.
pub fn needs(tile: &Tile) -> Needs {
    kind(tile.action).needs(&tile.settings)
}

fn unlabelled(tile: &Tile, scene: &Scene) -> (TileView, Option<Loud>) {
    let p = palette(tile.settings.theme);
    let header = text(kind(tile.action).header(tile, scene), p.header);
    let small = scene.size == KeySize::Small;
    let w = |m: Msg| crate::catalogue::text(scene.lang, m);
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
        Display::Preparing => status(Some(Icon::Hourglass), p.muted, w(Msg::Preparing), None),
        Display::NoKey => status(
            Some(Icon::Key),
            p.accent,
            w(Msg::NoKeyYet),
            Some(w(if small {
                Msg::InSettings
            } else {
                Msg::AddItInSettings
            })),
        ),
        Display::Checking => status(Some(Icon::Hourglass), p.muted, w(Msg::CheckingKey), None),
        Display::KeyProblem(KeyStatus::Rejected) => status(
            Some(Icon::Warning),
            p.bad,
            w(Msg::KeyRejected),
            Some(w(Msg::TapForHelp)),
        ),
        Display::KeyProblem(_) => status(
            Some(Icon::Warning),
            p.warn,
            w(if small {
                Msg::WrongKeyType
            } else {
                Msg::NotManagementKey
            }),
            Some(w(Msg::TapForHelp)),
        ),
        Display::Trouble(error) => {
            let (icon, color, headline, detail) = trouble_words(error, scene, p);
            status(Some(icon), color, headline, detail.as_deref())
        }
        Display::NoAccount => status(
            Some(Icon::Key),
            p.warn,
            w(Msg::NoAccount),
            Some(w(if small {
                Msg::InSettings
            } else {
                Msg::PickOneInSettings
            })),
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
                            (true, Some(_)) if small => Some(w(Msg::Retrying).to_owned()),
                            (true, Some(source)) => {
                                Some(say(scene.lang, Phrase::SourceRetrying { source }))
                            }
                            _ => detail,
                        };
                        status(Some(icon), color, headline, detail.as_deref())
                    }
                    None => status(Some(Icon::Hourglass), p.muted, w(Msg::Preparing), None),
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

/// The numbers view of a tile and how loud it is, or `None` when the data it needs is missing.
fn data_view(
    tile: &Tile,
    scene: &Scene,
    p: &Palette,
    mut header: Text,
) -> Option<(TileView, Option<Loud>)> {
    let (body, loud) = kind(tile.action).body(tile, scene, p, &mut header)?;
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

/// The views the tile's dial turns through, as the data stands now.
pub(crate) fn stops(tile: &Tile, scene: &Scene) -> Stops {
    if !matches!(scene.display, Display::Data) {
        return Stops::Nothing;
    }
    let kind = kind(tile.action);
    if !kind.turns_without_numbers() && matches!(view(tile, scene).body, Body::Status { .. }) {
        return Stops::Nothing;
    }
    kind.stops(tile, scene)
}

/// The strip of a dial tile standing at `at` (`None`: its default view): every state without
/// numbers and every default view says exactly what the key says; the wider canvas adds what a
/// key has no room for, and the views a dial turns to.
pub(crate) fn strip_view(tile: &Tile, scene: &Scene, at: Option<i32>) -> StripView {
    let key = view(tile, scene);
    let p = palette(tile.settings.theme);
    let kind = kind(tile.action);
    if !matches!(scene.display, Display::Data) {
        return from_key(key);
    }
    if kind.turns_without_numbers() && at.is_some() {
        // Turned: another view whatever the tile's own shows.
        if let Some(strip) = kind.strip(tile, scene, p, at, &key) {
            return strip;
        }
    }
    if matches!(key.body, Body::Status { .. }) {
        return from_key(key);
    }
    let strip = kind.strip(tile, scene, p, at, &key);
    let account = key.account.clone();
    let mut strip = strip.unwrap_or_else(|| from_key(key));
    strip.account = account;
    strip
}

/// Pages a key turns through, a page a minute.
pub(crate) fn pages(tile: &Tile, scene: &Scene) -> usize {
    kind(tile.action).pages(tile, scene)
}

/// The alarm the tile sounds, if any.
pub(crate) fn alarm_of(tile: &Tile) -> Alarm {
    kind(tile.action).alarm()
}

/// Ticks a turn of this tile's dial moves.
pub(crate) fn fast_turn(action: Action, pressed: bool) -> i32 {
    kind(action).fast_turn(pressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each tile's defaults, as the inspector gets them, read back to the tile's defaults with
    /// nothing falling back: the names and the stored forms are the ones `parse` reads.
    #[test]
    fn every_default_reads_back_as_the_default() {
        for action in Action::ALL {
            let defaults = default_settings(action);
            assert!(defaults.contains_key("theme"), "{action:?}");
            let parsed = TileSettings::parse(action, &Value::Object(defaults.clone()));
            assert_eq!(
                parsed.fallbacks,
                Vec::<&str>::new(),
                "{action:?}: {defaults:?}"
            );
            assert_eq!(parsed.settings, TileSettings::default(), "{action:?}");
            // Every setting has a default but a Budget tile's pick.
            for name in action.descriptor().settings {
                let pick = matches!(*name, "key" | "workspace" | "interval");
                assert_eq!(defaults.contains_key(*name), !pick, "{action:?} {name}");
            }
            for name in defaults.keys() {
                assert!(
                    name == "theme" || action.descriptor().settings.contains(&name.as_str()),
                    "{action:?} has no setting {name}"
                );
            }
        }
        assert_eq!(
            TileSettings::default_of("key"),
            None,
            "a Budget pick has no default"
        );
    }
}
