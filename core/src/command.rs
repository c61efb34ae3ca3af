//! What the core asks the shell to do. Commands are plain data: a replay prints them, a test
//! compares them, and the shell carries them out without deciding anything.

use crate::account_id::AccountId;
use crate::api_key::ApiKey;
use crate::event::FetchId;
use crate::kept::KeptSettings;
use crate::openrouter::{Endpoint, KeyHash, WorkspaceId};
use crate::stored_account::StoredAccount;
use crate::strip::StripView;
use crate::timestamp::Timestamp;
use crate::view::TileView;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Command {
    /// Ask Stream Deck for the global settings (where the key lives).
    GetGlobalSettings,
    /// GET `endpoint` with the key as a Bearer token; answer with [`crate::EventKind::Fetched`].
    Fetch {
        id: FetchId,
        endpoint: Endpoint,
        key: ApiKey,
    },
    /// Draw this view on this key.
    Draw {
        context: String,
        view: TileView,
    },
    /// Draw this view on this dial's 200×100 region of the touch strip (`setFeedback`).
    DrawStrip {
        context: String,
        view: StripView,
    },
    OpenUrl {
        url: String,
    },
    /// `setGlobalSettings {"managementKey": key, "pendingKey": pending, "managementLabel": label,
    /// "accounts": [...]}` (each when present). The whole object, every account in it: Stream
    /// Deck replaces the global settings, it does not merge them.
    StoreKey {
        key: Option<ApiKey>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending: Option<ApiKey>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accounts: Vec<StoredAccount>,
        /// What the settings held that the plugin does not read but holds a key, written back
        /// as it was: members beside these (never over one), entries after the accounts.
        #[serde(default, skip_serializing_if = "KeptSettings::is_empty")]
        kept: KeptSettings,
    },
    /// `setGlobalSettings {}`.
    ClearKey,
    /// `sendToPropertyInspector` with the key status (never the key).
    SendKeyStatus {
        action: String,
        context: String,
        report: KeyReport,
    },
    /// `sendToPropertyInspector` with the limits a Budget tile can show (names only: never a
    /// key, nor a key's masked label).
    SendBudgetChoices {
        action: String,
        context: String,
        choices: BudgetChoices,
    },
    /// Keep the account's intraday shape for the next run (a small file in the plugin's folder).
    SaveIntraday {
        shape: crate::intraday::Shape,
    },
    /// A request no longer wanted (a superseded `/key` check): cancel it; no answer will come.
    CancelFetch {
        id: FetchId,
    },
    /// Send [`crate::EventKind::Wake`] at `at`, replacing the wake-up asked for before; `None`:
    /// nothing is due, no wake-up. The shell keeps exactly one timer.
    Wake {
        at: Option<Timestamp>,
    },
    ShowOk {
        context: String,
    },
    ShowAlert {
        context: String,
    },
    /// A line for the plugin's log. Never contains the key.
    Log {
        level: LogLevel,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LogLevel {
    Info,
    Warn,
    Error,
}

/// What the Property Inspector may learn about the key: whether there is one, its last four
/// characters, and how it is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyReport {
    pub has_key: bool,
    pub last4: String,
    pub status: KeyStatus,
    /// With several accounts: whose status this is (the inspector's tile's account)…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// …and every account's, the default first. Empty (and not sent) with one account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountReport>,
    /// The key this inspector last sent is already another account's: which (never the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_connected: Option<KeyOwner>,
}

/// The account a key belongs to, as the inspector may learn it: its id and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyOwner {
    pub account: AccountId,
    pub label: String,
}

impl KeyReport {
    /// One account's report (the plugin adds the list when there are several).
    pub fn new(has_key: bool, last4: String, status: KeyStatus) -> KeyReport {
        KeyReport {
            has_key,
            last4,
            status,
            account: None,
            accounts: Vec::new(),
            already_connected: None,
        }
    }
}

/// What a Budget tile's inspector may pick from: the account's workspaces, each with its budgets
/// and its keys' limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BudgetChoices {
    /// Whose list this is, when the deck has several accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    pub state: ChoicesState,
    /// `false`: a page failed or there were too many keys; the list is partial.
    pub complete: bool,
    pub workspaces: Vec<WorkspaceChoice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ChoicesState {
    Ready,
    /// No `/keys` answer yet.
    Loading,
    NoKey,
    /// The keys could not be read.
    Trouble,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceChoice {
    /// `None`: the default workspace of an account without workspaces.
    pub id: Option<WorkspaceId>,
    pub name: String,
    pub budgets: Vec<BudgetChoice>,
    pub keys: Vec<KeyChoice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BudgetChoice {
    /// "daily", "weekly", "monthly", "lifetime", or a value OpenRouter added, as written.
    pub interval: String,
    pub limit: f64,
    pub spent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyChoice {
    pub hash: KeyHash,
    pub name: String,
    /// `None`: no limit set on the key.
    pub limit: Option<f64>,
    /// "daily", "weekly", "monthly"; `None`: never resets (or no limit).
    pub reset: Option<String>,
    pub spent: Option<f64>,
    pub disabled: bool,
}

/// What the Property Inspector may learn of one account: never the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountReport {
    pub id: AccountId,
    pub label: String,
    /// A key is stored (a key being checked shows its last four without one).
    pub has_key: bool,
    pub last4: String,
    pub status: KeyStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyStatus {
    /// No key stored.
    None,
    /// A key was just sent and is being verified.
    Checking,
    /// The key works.
    Connected,
    /// OpenRouter says this is an inference key (403, or `/key` says so).
    NotManagementKey,
    /// 401: missing, mistyped, revoked or expired.
    Rejected,
    /// OpenRouter could not be reached; the key is kept and retried.
    Offline,
    /// OpenRouter answered with trouble (5xx, 429, an unexpected body); retried with back-off.
    Error,
}
