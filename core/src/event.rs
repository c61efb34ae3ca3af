//! Everything that can happen to the plugin, each stamped with the UTC time it happened.
//!
//! Events are what a recording stores and a replay feeds back: they hold parsed data, never raw
//! bytes, and a key inside them serialises redacted.

use crate::api_key::ApiKey;
use crate::openrouter::{ApiError, Endpoint, Fetched};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// The timers the core asks the shell to run. Starting a timer that is already running moves it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "timer", rename_all = "camelCase")]
pub enum TimerId {
    /// The next shared poll (or a retry after a failure).
    Poll,
    /// Fires 2 s after a key went down: if it is still down, that is a hold.
    Hold { context: String },
    /// Advances the Top Models pages once a minute.
    Cycle,
    /// Asks for the global settings again if Stream Deck has not answered.
    Settings,
}

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
    TimerFired {
        timer: TimerId,
    },
    /// The outcome of a [`crate::Command::Fetch`], classified by [`crate::openrouter::classify`].
    Fetched {
        id: FetchId,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    },
}

/// What the Property Inspector can ask of the plugin (the `sendToPlugin` payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum PiMessage {
    /// `{"event":"connect","key":"…"}`; `key` is `None` when it was missing or blank.
    Connect { key: Option<ApiKey> },
    /// `{"event":"disconnect"}`
    Disconnect,
    /// Anything else: logged, otherwise ignored.
    Unknown { name: String },
}
