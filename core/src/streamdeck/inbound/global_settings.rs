//! The global settings as Stream Deck hands them back: the default account's keys and name, the
//! accounts beside it, and whatever holds a key that this version does not read (kept, to be
//! written back as it was). Liberal in what it reads; it never drops a key.

use crate::account_id::{clean_label, AccountId};
use crate::api_key::ApiKey;
use crate::event::EventKind;
use crate::kept::{holds_key, Budget, KeptSettings, Verbatim};
use crate::stored_account::StoredAccount;
use serde_json::{Map, Value};

/// A key field of the global settings: the key, and whether a value was there that cannot be one
/// (blank is how a cleared field looks, and is not).
fn read_key(value: Option<&Value>) -> (Option<ApiKey>, bool) {
    match value {
        None | Some(Value::Null) => (None, false),
        Some(value) => match value.as_str().and_then(ApiKey::new) {
            Some(key) => (Some(key), false),
            None => (None, value.as_str().is_none_or(|s| !s.trim().is_empty())),
        },
    }
}

/// More entries than any deck has accounts, fewer than would make one message a burden.
pub const MAX_ACCOUNT_ENTRIES: usize = 64;

/// The members of the settings object this version reads; any other that holds a key is kept.
const SETTINGS_MEMBERS: [&str; 4] = ["managementKey", "pendingKey", "managementLabel", "accounts"];

/// The members of an `accounts` entry this version reads.
const ENTRY_MEMBERS: [&str; 4] = ["id", "label", "key", "pendingKey"];

/// What one account costs in the object written back beside its values' own bytes, at most:
/// its members' names, quotes and commas, and a label's escapes (a quote or a backslash).
const ENTRY_OVERHEAD: usize = 80;

/// The global settings: the default account's keys and name, the accounts beside it, and what
/// holds a key but is not read (kept to be written back as it was, within
/// [`crate::kept::MAX_SETTINGS_BYTES`]).
pub(super) fn global_settings(settings: &Value) -> EventKind {
    let mut budget = Budget::default();
    let (key, bad_key) = read_key(settings.get("managementKey"));
    let (pending, bad_pending) = read_key(settings.get("pendingKey"));
    let label = settings
        .get("managementLabel")
        .and_then(Value::as_str)
        .and_then(clean_label);
    budget.charge(
        2 * ENTRY_OVERHEAD
            + [&key, &pending]
                .into_iter()
                .flatten()
                .map(|k| k.expose().len())
                .sum::<usize>()
            + label.as_ref().map_or(0, String::len),
    );
    let read = stored_accounts(settings.get("accounts"), &mut budget);
    // A key field holding what cannot be used as a key (a list, an object: a later version's
    // shape) is not read, so it is kept like a member this version does not know.
    let known = unread(
        &SETTINGS_MEMBERS,
        &[("managementKey", bad_key), ("pendingKey", bad_pending)],
    );
    let fields = settings
        .as_object()
        .and_then(|object| budget.keep_members(object, &known));
    EventKind::DidReceiveGlobalSettings {
        key,
        pending,
        unusable: bad_key || bad_pending,
        label,
        accounts: read.accounts,
        skipped_accounts: read.skipped,
        kept: KeptSettings {
            fields,
            entries: read.kept,
            beyond: budget.beyond,
        },
    }
}

/// The members read, less the key fields whose value could not be read (`true` beside a name).
fn unread<'a>(members: &[&'a str], bad: &[(&str, bool)]) -> Vec<&'a str> {
    members
        .iter()
        .copied()
        .filter(|m| !bad.iter().any(|(name, bad)| *bad && name == m))
        .collect()
}

/// An account's object, and whether its `key` and its `pendingKey` could not be read.
type EntryRead<'a> = (Option<&'a Map<String, Value>>, bool, bool);

/// The `accounts` value, read.
struct AccountsRead {
    accounts: Vec<StoredAccount>,
    /// Entries holding a key that are not accounts, or past the 64 read: kept as they were.
    kept: Vec<Verbatim>,
    /// Entries dropped, holding no key.
    skipped: u32,
}

/// The accounts beside the default one, what is kept of the other entries, and how many entries
/// were dropped. Liberal, and losing nothing that holds a key: an entry without a usable id, or
/// with one an earlier entry (or the default) has, gets `account-N` from its place, never an id
/// another entry names; one without a label a name from its place ("Account 3"); a bare key
/// string is an account with that key, and so is one object where a list was expected. An
/// entry that is neither but holds a key (a nested list, say), and any past
/// [`MAX_ACCOUNT_ENTRIES`] that holds one, is kept as it was; so are an account's members this
/// version does not know that hold one. Only what holds no key is dropped, and counted for the
/// log.
fn stored_accounts(value: Option<&Value>, budget: &mut Budget) -> AccountsRead {
    let mut read = AccountsRead {
        accounts: Vec::new(),
        kept: Vec::new(),
        skipped: 0,
    };
    let entries = match value {
        None | Some(Value::Null) => return read,
        Some(Value::Array(entries)) => entries.as_slice(),
        Some(one @ (Value::Object(_) | Value::String(_))) => std::slice::from_ref(one),
        Some(_) => {
            read.skipped = 1;
            return read;
        }
    };
    let (entries, past) = entries.split_at(entries.len().min(MAX_ACCOUNT_ENTRIES));
    let named = |entry: &Value| {
        entry
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| AccountId::parse(Some(s)))
            .filter(|id| !id.is_default())
    };
    // Every id an entry names is kept for that entry (the first to name it): a generated id may
    // not take it from an entry further down.
    let mut reserved: Vec<AccountId> = Vec::new();
    let mut owner: Vec<Option<AccountId>> = Vec::new();
    for entry in entries {
        let id = named(entry).filter(|id| !reserved.contains(id));
        if let Some(id) = &id {
            reserved.push(id.clone());
        }
        owner.push(id);
    }
    let mut skipped: usize = 0;
    // An entry that is not read: kept when it holds a key, else dropped and counted.
    let keep =
        |budget: &mut Budget, entry: &Value, kept: &mut Vec<Verbatim>, skipped: &mut usize| {
            if !holds_key(entry) {
                *skipped += 1;
            } else if let Some(verbatim) = budget.keep(entry.clone()) {
                kept.push(verbatim);
            }
        };
    let mut accounts: Vec<StoredAccount> = Vec::new();
    let mut entry_members: Vec<EntryRead> = Vec::new();
    // Entries that are not accounts, kept (or not) once every account is charged.
    let mut not_accounts: Vec<&Value> = Vec::new();
    for (at, (entry, id)) in entries.iter().zip(owner).enumerate() {
        let place = at + 1;
        let (object, bare_key) = match entry {
            Value::Object(object) => (Some(object), None),
            Value::String(text) => match ApiKey::new(text) {
                Some(key) => (None, Some(key)),
                None => {
                    skipped += 1;
                    continue;
                }
            },
            _ => {
                not_accounts.push(entry);
                continue;
            }
        };
        let taken = |id: &AccountId| reserved.contains(id) || accounts.iter().any(|a| &a.id == id);
        let id = id.or_else(|| {
            (place..)
                .take(MAX_ACCOUNT_ENTRIES * 2)
                .filter_map(|n| AccountId::parse(Some(&format!("account-{n}"))))
                .find(|id| !taken(id))
        });
        let Some(id) = id else {
            not_accounts.push(entry);
            continue;
        };
        let field = |name: &str| object.and_then(|o| o.get(name));
        let (key, bad_key) = match bare_key {
            Some(key) => (Some(key), false),
            None => read_key(field("key")),
        };
        let (pending, bad_pending) = read_key(field("pendingKey"));
        let label = field("label")
            .and_then(Value::as_str)
            .and_then(clean_label)
            .unwrap_or_else(|| format!("Account {}", place + 1));
        budget.charge(
            ENTRY_OVERHEAD
                + id.as_str().len()
                + label.len()
                + [&key, &pending]
                    .into_iter()
                    .flatten()
                    .map(|k| k.expose().len())
                    .sum::<usize>(),
        );
        entry_members.push((object, bad_key, bad_pending));
        accounts.push(StoredAccount {
            id,
            label,
            key,
            pending,
            unusable: bad_key || bad_pending,
            kept: None,
        });
    }
    // Kept values once every account is charged (the accounts are written back in any case):
    // what the accounts carry beside their own members, then the other entries, in order.
    for (account, (object, bad_key, bad_pending)) in accounts.iter_mut().zip(entry_members) {
        let known = unread(
            &ENTRY_MEMBERS,
            &[("key", bad_key), ("pendingKey", bad_pending)],
        );
        account.kept = object.and_then(|o| budget.keep_members(o, &known));
    }
    for entry in not_accounts.into_iter().chain(past) {
        keep(budget, entry, &mut read.kept, &mut skipped);
    }
    read.accounts = accounts;
    read.skipped = u32::try_from(skipped).unwrap_or(u32::MAX);
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streamdeck::inbound::event;
    use serde_json::json;

    #[test]
    fn reads_the_key_from_global_settings() {
        let text = r#"{"event":"didReceiveGlobalSettings","payload":{"settings":{"managementKey":"sk-or-v1-abcdef123456"}}}"#;
        let EventKind::DidReceiveGlobalSettings { key: Some(key), .. } = event(text) else {
            panic!()
        };
        assert_eq!(key.expose(), "sk-or-v1-abcdef123456");
        let empty = r#"{"event":"didReceiveGlobalSettings","payload":{"settings":{}}}"#;
        assert_eq!(
            event(empty),
            EventKind::DidReceiveGlobalSettings {
                key: None,
                pending: None,
                unusable: false,
                label: None,
                accounts: Vec::new(),
                skipped_accounts: 0,
                kept: Default::default(),
            }
        );
        let wrong =
            r#"{"event":"didReceiveGlobalSettings","payload":{"settings":{"managementKey":5}}}"#;
        assert_eq!(
            event(wrong),
            EventKind::DidReceiveGlobalSettings {
                key: None,
                pending: None,
                unusable: true,
                label: None,
                accounts: Vec::new(),
                skipped_accounts: 0,
                kept: Default::default(),
            }
        );
    }

    #[test]
    fn reads_accounts_liberally_and_loses_no_key() {
        let text = json!({"event":"didReceiveGlobalSettings","payload":{"settings":{
        "managementKey":"sk-or-v1-home00000000","managementLabel":"  Home\n ",
        "accounts":[
            {"id":"work","label":"Work","key":"sk-or-v1-work00000000"},
            {"id":"work","label":"Again","key":"sk-or-v1-again0000000"},
            {"label":"No id","key":"sk-or-v1-noid00000000"},
            {"id":"bad id!","pendingKey":"sk-or-v1-pend00000000"},
            {"id":"broken","key":42},
            "not an account",
            {"id":"default","key":"sk-or-v1-dflt00000000"}
        ]}}})
        .to_string();
        let EventKind::DidReceiveGlobalSettings {
            key,
            label,
            accounts,
            ..
        } = event(&text)
        else {
            panic!()
        };
        assert_eq!(
            key.map(|k| k.expose().to_owned()).as_deref(),
            Some("sk-or-v1-home00000000")
        );
        assert_eq!(label.as_deref(), Some("Home"));
        type Read<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, bool);
        let read: Vec<Read> = accounts
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    a.label.as_str(),
                    a.key.as_ref().map(ApiKey::expose),
                    a.pending.as_ref().map(ApiKey::expose),
                    a.unusable,
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("work", "Work", Some("sk-or-v1-work00000000"), None, false),
                (
                    "account-2",
                    "Again",
                    Some("sk-or-v1-again0000000"),
                    None,
                    false
                ),
                (
                    "account-3",
                    "No id",
                    Some("sk-or-v1-noid00000000"),
                    None,
                    false
                ),
                (
                    "account-4",
                    "Account 5",
                    None,
                    Some("sk-or-v1-pend00000000"),
                    false
                ),
                ("broken", "Account 6", None, None, true),
                (
                    "account-7",
                    "Account 8",
                    Some("sk-or-v1-dflt00000000"),
                    None,
                    false
                ),
            ]
        );
        let mut many: Vec<Value> = (0..70)
            .map(|n| json!({"id": format!("a{n}"), "key": "sk-or-v1-many00000000"}))
            .collect();
        many.push(json!({"id": "a70", "label": "no key"}));
        let text =
            json!({"event":"didReceiveGlobalSettings","payload":{"settings":{"accounts": many}}});
        let EventKind::DidReceiveGlobalSettings {
            accounts,
            skipped_accounts,
            kept,
            ..
        } = event(&text.to_string())
        else {
            panic!()
        };
        assert_eq!(
            (accounts.len(), kept.entries.len(), skipped_accounts),
            (MAX_ACCOUNT_ENTRIES, 6, 1),
            "read up to 64 (the plugin keeps those past a deck's worth); those past it that hold \
             a key kept as they are, the one without counted"
        );
        assert_eq!(kept.entries[5].expose(), &many[69]);
    }

    /// Issue 22: an `accounts` value that is one object, entries that are nested lists, members
    /// this version does not know: whatever holds a key is read or kept, never dropped.
    #[test]
    fn what_holds_a_key_is_read_or_kept() {
        let settings = |value: Value| {
            let text = json!({"event":"didReceiveGlobalSettings","payload":{"settings": value}});
            match event(&text.to_string()) {
                EventKind::DidReceiveGlobalSettings {
                    accounts,
                    skipped_accounts,
                    kept,
                    ..
                } => (accounts, skipped_accounts, kept),
                other => panic!("{other:?}"),
            }
        };
        let (accounts, skipped, kept) =
            settings(json!({"accounts": {"id": "work", "key": "sk-or-v1-work00000000"}}));
        assert_eq!(accounts.len(), 1, "one object is one account");
        assert_eq!(accounts[0].id.as_str(), "work");
        assert_eq!((skipped, kept.is_empty()), (0, true));
        let (accounts, skipped, kept) = settings(json!({"accounts": [
            [{"id": "deep", "key": "sk-or-v1-deep00000000"}],
            [1, 2],
            {"id": "work", "key": "sk-or-v1-work00000000", "backupKey": "sk-or-v1-back00000000",
             "colour": 3}
        ], "future": {"key": "sk-or-v1-futr00000000"}, "theme": "dark"}));
        assert_eq!(accounts.len(), 1);
        assert_eq!(skipped, 1, "the list of numbers holds no key");
        assert_eq!(
            accounts[0].kept.as_ref().map(Verbatim::expose),
            Some(&json!({"backupKey": "sk-or-v1-back00000000"}))
        );
        let entries: Vec<&Value> = kept.entries.iter().map(Verbatim::expose).collect();
        assert_eq!(
            entries,
            [&json!([{"id": "deep", "key": "sk-or-v1-deep00000000"}])]
        );
        assert_eq!(
            kept.fields.as_ref().map(Verbatim::expose),
            Some(&json!({"future": {"key": "sk-or-v1-futr00000000"}}))
        );
        // Past the byte bound on the whole object: counted, for the log, not kept.
        let long = "y".repeat(1000);
        let nested: Vec<Value> = (0..300)
            .map(|n| json!([format!("sk-or-v1-{long}{n:04}")]))
            .collect();
        let (_, skipped, kept) = settings(json!({"accounts": nested}));
        let kept_bytes: usize = kept
            .entries
            .iter()
            .map(|e| e.expose().to_string().len())
            .sum();
        assert_eq!(skipped, 0);
        assert_eq!(kept.entries.len() + kept.beyond as usize, 300);
        assert!(kept.beyond > 0 && kept_bytes <= crate::kept::MAX_SETTINGS_BYTES);
        assert_eq!(kept.entries[0].expose(), &nested[0], "in their order");
    }

    #[test]
    fn a_generated_id_never_takes_one_a_later_entry_names_and_a_bare_key_is_an_account() {
        let text = json!({"event":"didReceiveGlobalSettings","payload":{"settings":{"accounts":[
            {"key":"sk-or-v1-client000000"},
            {"id":"account-1","key":"sk-or-v1-work00000000"},
            "sk-or-v1-bare00000000",
            7
        ]}}})
        .to_string();
        let EventKind::DidReceiveGlobalSettings {
            accounts,
            skipped_accounts,
            ..
        } = event(&text)
        else {
            panic!()
        };
        let ids: Vec<(&str, Option<&str>)> = accounts
            .iter()
            .map(|a| (a.id.as_str(), a.key.as_ref().map(ApiKey::expose)))
            .collect();
        assert_eq!(
            ids,
            [
                ("account-2", Some("sk-or-v1-client000000")),
                ("account-1", Some("sk-or-v1-work00000000")),
                ("account-3", Some("sk-or-v1-bare00000000")),
            ]
        );
        assert_eq!(skipped_accounts, 1);
    }
}
