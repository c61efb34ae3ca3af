//! What the several-accounts tests share: the accounts' keys, the morning they start, and the
//! two constructors every story uses. (Each test file is its own crate and uses a part of it.)
#![allow(dead_code)]

use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::{AccountId, ApiKey, Timestamp};

/// The default account's key (`managementKey`).
pub const HOME: &str = "sk-or-v1-home0000000000000000000000000000000000000000000000000000001111";
/// The Work account's key (`accounts[0]`).
pub const WORK: &str = "sk-or-v1-work0000000000000000000000000000000000000000000000000000002222";
/// The key of an account added from the Property Inspector.
pub const CLIENT: &str = "sk-or-v1-client00000000000000000000000000000000000000000000000000004444";
/// 2025-11-25 08:00 UTC.
pub const MORNING: Timestamp = Timestamp(1_764_028_800_000 + 8 * HOUR_MS);

pub fn key(text: &str) -> ApiKey {
    ApiKey::new(text).expect("a key")
}

pub fn id(text: &str) -> AccountId {
    AccountId::parse(Some(text)).expect("an id")
}
