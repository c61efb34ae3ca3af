//! Everything that can happen to the plugin, each stamped with the UTC time it happened.
//!
//! Events are what a recording stores and a replay feeds back: they hold parsed data, never raw
//! bytes, and a key inside them serialises redacted.

use crate::account_id::AccountId;
use crate::api_key::ApiKey;
use crate::kept::KeptSettings;
use crate::openrouter::{ApiError, Endpoint, Fetched};
use crate::stored_account::StoredAccount;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The shape of recorded events. It changes whenever an event changes in a way an older (or
/// newer) build would misread, so `replay` can say so instead of replaying something else.
/// 1: before versions. 2: one `wake` event for every deadline, `pendingKey`, skipped rows; dial
/// and touch events joined it later (new variants only: an older recording still reads), and so
/// did the kept values of the global settings (an optional field, redacted), and devices
/// (`deviceDidConnect`, `willAppear`'s `device`).
pub const RECORDING_FORMAT: u32 = 2;

/// The first line of a recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordingHeader {
    /// Always `"openbalance"`.
    pub recording: String,
    pub format: u32,
    /// The OpenBalance version that wrote it, for the person who has to find that build.
    pub by: String,
}

impl RecordingHeader {
    pub fn current(by: &str) -> RecordingHeader {
        RecordingHeader {
            recording: "openbalance".to_owned(),
            format: RECORDING_FORMAT,
            by: by.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub event: EventKind,
}

impl Event {
    pub fn new(at: Timestamp, event: EventKind) -> Self {
        Event { at, event }
    }
}

/// Identifies one HTTP request, so a late answer for a replaced key or a superseded poll is
/// recognised and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FetchId(pub u64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EventKind {
    /// The shell is connected to Stream Deck and registered.
    Started,
    WillAppear {
        action: String,
        context: String,
        #[serde(default)]
        settings: Value,
        #[serde(default)]
        controller: Option<String>,
        /// The Stream Deck device the key is on (its id), which says how large the key is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device: Option<String>,
    },
    WillDisappear {
        action: String,
        context: String,
    },
    KeyDown {
        context: String,
    },
    KeyUp {
        context: String,
    },
    /// A dial turned `ticks` detents (negative: anticlockwise), `pressed` when it was pushed in.
    DialRotate {
        context: String,
        ticks: i32,
        #[serde(default)]
        pressed: bool,
    },
    DialDown {
        context: String,
    },
    DialUp {
        context: String,
    },
    /// The touch strip above a dial was tapped; `hold` for a long touch.
    TouchTap {
        context: String,
        #[serde(default)]
        hold: bool,
    },
    DidReceiveSettings {
        action: String,
        context: String,
        #[serde(default)]
        settings: Value,
    },
    /// The plugin's global settings: the stored key (`managementKey`) and a key waiting to be
    /// verified (`pendingKey`); `unusable` when a value was there that cannot be a key.
    DidReceiveGlobalSettings {
        key: Option<ApiKey>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending: Option<ApiKey>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        unusable: bool,
        /// The default account's name (`managementLabel`), when the person gave it one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// The accounts beside the default one (`accounts`), in their written order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accounts: Vec<StoredAccount>,
        /// Entries of `accounts` dropped because they hold no key: not accounts (nor keys), or
        /// past the 64 read.
        #[serde(default, skip_serializing_if = "is_zero")]
        skipped_accounts: u32,
        /// What holds a key and is not read, kept to be written back as it was.
        #[serde(default, skip_serializing_if = "KeptSettings::is_empty")]
        kept: KeptSettings,
    },
    PropertyInspectorDidAppear {
        action: String,
        context: String,
    },
    PropertyInspectorDidDisappear {
        context: String,
    },
    SendToPlugin {
        action: String,
        context: String,
        message: PiMessage,
    },
    SystemDidWakeUp,
    /// A Stream Deck device and its type (`DeviceType`: 0 Stream Deck, 1 Mini, 2 XL, 7 +, …), from
    /// `deviceDidConnect` or, at start, from each of the launch's `-info` devices.
    DeviceDidConnect {
        device: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device_type: Option<u32>,
    },
    /// The account's intraday shape, as the shell kept it from an earlier run.
    IntradayLoaded {
        shape: crate::intraday::Shape,
    },
    /// The person's language, as the host named it at launch (`-info` → `application.language`):
    /// every word on a key and a strip is said in it. A recording without it replays in English.
    Language {
        lang: crate::lang::Lang,
    },
    /// The machine's offset from UTC (the shell reads it; the core never reads a clock).
    LocalTime {
        utc_offset_minutes: i32,
    },
    /// The shell's one timer fired (see [`crate::Command::Wake`]); whatever is due now happens.
    Wake,
    /// The outcome of a [`crate::Command::Fetch`], classified by [`crate::openrouter::classify`].
    Fetched {
        id: FetchId,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    },
}

/// A dial's ticks per event beyond this are a host bug or an attack, not a hand: they are capped
/// where the event is read, and again where a dial moves.
pub const MAX_TICKS: i32 = 1_000;

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl PiMessage {
    /// `connect` for the default account, as the one-account Property Inspector sends it.
    pub fn connect(key: Option<ApiKey>) -> PiMessage {
        PiMessage::Connect {
            key,
            account: None,
            label: None,
        }
    }

    /// `disconnect` for the default account.
    pub fn disconnect() -> PiMessage {
        PiMessage::Disconnect { account: None }
    }
}

/// What the Property Inspector can ask of the plugin (the `sendToPlugin` payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum PiMessage {
    /// `{"event":"connect","key":"…"}`; `key` is `None` when it was missing or blank. With
    /// `account` it is that account's key (an account not known yet is added, named `label`);
    /// without, the default account's.
    Connect {
        key: Option<ApiKey>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<AccountId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// `{"event":"disconnect"}`: the default account's key goes; with `account`, that account
    /// (not the default) goes, key and all.
    Disconnect {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<AccountId>,
    },
    /// `{"event":"rename","account":"…","label":"…"}`
    Rename { account: AccountId, label: String },
    /// `{"event":"budgetChoices"}`: a Budget tile's inspector asks for its list of limits again.
    BudgetChoices,
    /// Anything else: logged, otherwise ignored.
    Unknown { name: String },
}
