//! An account beside the default one as Stream Deck's global settings hold it: what is read from
//! them and written back whole (vocabulary).

use crate::account_id::AccountId;
use crate::api_key::ApiKey;
use serde::{Deserialize, Serialize};

/// One deck holds a handful of accounts; a settings file with thousands is not a person's.
pub const MAX_ACCOUNTS: usize = 16;

/// An account beside the default one, as the global settings hold it (the key serialises
/// redacted everywhere but `setGlobalSettings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAccount {
    pub id: AccountId,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<ApiKey>,
    /// A key sent for this account and not yet proven (as `pendingKey` is for the default).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "pendingKey"
    )]
    pub pending: Option<ApiKey>,
    /// A value was there that cannot be a key (it is dropped, and the log says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unusable: bool,
    /// The entry's members this version does not know that hold a key, written back as they
    /// were (`crate::kept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<crate::kept::Verbatim>,
}
