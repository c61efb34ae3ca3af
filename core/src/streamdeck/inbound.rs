//! Parsing what Stream Deck sends. Unknown events are not errors: Stream Deck grows new ones, and
//! a plugin that fails on them breaks on the next update.

use crate::accounts::{clean_label, AccountId, StoredAccount};
use crate::api_key::ApiKey;
use crate::event::{EventKind, PiMessage};
use crate::kept::{holds_key, Budget, KeptSettings, Verbatim};
use serde_json::{Map, Value};
use std::fmt;

/// A message that parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// One the core acts on.
    Event(EventKind),
    /// A well-formed message the plugin has no use for (device changes, titles, …).
    Ignored { event: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundError {
    NotJson,
    NotAnObject,
    NoEventName,
    /// A known event without a field it must have.
    MissingField {
        event: String,
        field: &'static str,
    },
    /// A `context` or `action` longer than any host sends: it would be echoed back in every
    /// `setImage`, so it is refused rather than carried.
    TooLong {
        event: String,
        field: &'static str,
    },
}

/// Stream Deck's contexts are 32 hex characters, OpenDeck's a little longer, action UUIDs about
/// 40: this leaves room for any host and none for a flood.
pub const MAX_ID_LEN: usize = 512;

impl fmt::Display for InboundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InboundError::NotJson => write!(f, "message is not JSON"),
            InboundError::NotAnObject => write!(f, "message is not a JSON object"),
            InboundError::NoEventName => write!(f, "message has no \"event\" name"),
            InboundError::MissingField { event, field } => {
                write!(f, "{event} message without \"{field}\"")
            }
            InboundError::TooLong { event, field } => {
                write!(
                    f,
                    "{event} message with a \"{field}\" over {MAX_ID_LEN} bytes"
                )
            }
        }
    }
}

impl std::error::Error for InboundError {}

pub fn parse_inbound(text: &str) -> Result<Inbound, InboundError> {
    let value: Value = serde_json::from_str(text).map_err(|_| InboundError::NotJson)?;
    let object = value.as_object().ok_or(InboundError::NotAnObject)?;
    let name = object
        .get("event")
        .and_then(Value::as_str)
        .ok_or(InboundError::NoEventName)?;
    let message = Message { name, object };
    let event = match name {
        "willAppear" => EventKind::WillAppear {
            action: message.text("action")?,
            context: message.text("context")?,
            settings: message.payload("settings"),
            controller: message.payload("controller").as_str().map(str::to_owned),
            device: message.device(),
        },
        "willDisappear" => EventKind::WillDisappear {
            action: message.text("action")?,
            context: message.text("context")?,
        },
        "keyDown" => EventKind::KeyDown {
            context: message.text("context")?,
        },
        "keyUp" => EventKind::KeyUp {
            context: message.text("context")?,
        },
        "dialRotate" => EventKind::DialRotate {
            context: message.text("context")?,
            ticks: message.ticks()?,
            pressed: message.payload("pressed").as_bool().unwrap_or(false),
        },
        "dialDown" => EventKind::DialDown {
            context: message.text("context")?,
        },
        "dialUp" => EventKind::DialUp {
            context: message.text("context")?,
        },
        "touchTap" => EventKind::TouchTap {
            context: message.text("context")?,
            hold: message.payload("hold").as_bool().unwrap_or(false),
        },
        "didReceiveSettings" => EventKind::DidReceiveSettings {
            action: message.text("action")?,
            context: message.text("context")?,
            settings: message.payload("settings"),
        },
        "didReceiveGlobalSettings" => global_settings(&message.payload("settings")),
        "propertyInspectorDidAppear" => EventKind::PropertyInspectorDidAppear {
            action: message.text("action")?,
            context: message.text("context")?,
        },
        "propertyInspectorDidDisappear" => EventKind::PropertyInspectorDidDisappear {
            context: message.text("context")?,
        },
        "sendToPlugin" => EventKind::SendToPlugin {
            action: message.text("action")?,
            context: message.text("context")?,
            message: pi_message(object.get("payload")),
        },
        "systemDidWakeUp" => EventKind::SystemDidWakeUp,
        // Without an id there is nothing to remember it by: as good as not sent.
        "deviceDidConnect" => match message.device() {
            Some(device) => EventKind::DeviceDidConnect {
                device,
                device_type: device_type(object.get("deviceInfo")),
            },
            None => {
                return Ok(Inbound::Ignored {
                    event: name.to_owned(),
                })
            }
        },
        other => {
            return Ok(Inbound::Ignored {
                event: other.to_owned(),
            })
        }
    };
    Ok(Inbound::Event(event))
}

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
fn global_settings(settings: &Value) -> EventKind {
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

struct Message<'a> {
    name: &'a str,
    object: &'a Map<String, Value>,
}

impl Message<'_> {
    fn text(&self, field: &'static str) -> Result<String, InboundError> {
        let event = || self.name.chars().take(40).collect::<String>();
        let text = self
            .object
            .get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| InboundError::MissingField {
                event: event(),
                field,
            })?;
        if text.len() > MAX_ID_LEN {
            return Err(InboundError::TooLong {
                event: event(),
                field,
            });
        }
        Ok(text.to_owned())
    }

    /// A dial's `ticks`: a whole number, capped where no hand can turn (a flood is not a turn).
    fn ticks(&self) -> Result<i32, InboundError> {
        let max = i64::from(crate::dial::MAX_TICKS);
        self.payload("ticks")
            .as_i64()
            .map(|t| t.clamp(-max, max) as i32)
            .ok_or_else(|| InboundError::MissingField {
                event: self.name.chars().take(40).collect(),
                field: "ticks",
            })
    }

    /// The message's `device` id, when it has a usable one (a text no longer than an id gets).
    fn device(&self) -> Option<String> {
        self.object
            .get("device")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty() && d.len() <= MAX_ID_LEN)
            .map(str::to_owned)
    }

    /// A field of the payload, `Null` when absent: settings may legitimately be missing.
    fn payload(&self, field: &str) -> Value {
        self.object
            .get("payload")
            .and_then(|p| p.get(field))
            .cloned()
            .unwrap_or(Value::Null)
    }
}

/// A device's `type` from its `deviceInfo` (or an `-info` entry): a small whole number, else unknown.
fn device_type(info: Option<&Value>) -> Option<u32> {
    info?
        .get("type")?
        .as_u64()
        .and_then(|t| u32::try_from(t).ok())
}

/// The devices the launch's `-info` names (`{"devices":[{"id","type",…}]}`), as the events a
/// `deviceDidConnect` for each would be. Anything else in `-info`, or an entry without an id, is
/// passed over: a host that sends no devices draws every key as it always was.
pub fn launch_devices(info: &str) -> Vec<EventKind> {
    let Ok(value) = serde_json::from_str::<Value>(info) else {
        return Vec::new();
    };
    let Some(devices) = value.get("devices").and_then(Value::as_array) else {
        return Vec::new();
    };
    devices
        .iter()
        .take(crate::device::MAX_DEVICES)
        .filter_map(|entry| {
            let id = entry
                .get("id")
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty() && d.len() <= MAX_ID_LEN)?;
            Some(EventKind::DeviceDidConnect {
                device: id.to_owned(),
                device_type: device_type(Some(entry)),
            })
        })
        .collect()
}

fn pi_message(payload: Option<&Value>) -> PiMessage {
    let name = payload.and_then(|p| p.get("event")).and_then(Value::as_str);
    let field = |name: &str| payload.and_then(|p| p.get(name));
    // `account` absent or blank: the default account. Present but not an id: not a message we
    // can act on, because guessing which account it meant could remove the wrong one.
    let account = match field("account") {
        None | Some(Value::Null) => Some(None),
        Some(v) => v
            .as_str()
            .and_then(|s| AccountId::parse(Some(s)))
            .map(|id| Some(id).filter(|id| !id.is_default())),
    };
    let label = field("label").and_then(Value::as_str).and_then(clean_label);
    let bad = |what: &str| PiMessage::Unknown {
        name: format!("{what} (with an account that is not an id)"),
    };
    match name {
        Some("connect") => match account {
            Some(account) => PiMessage::Connect {
                key: field("key").and_then(Value::as_str).and_then(ApiKey::new),
                account,
                label,
            },
            None => bad("connect"),
        },
        Some("disconnect") => match account {
            Some(account) => PiMessage::Disconnect { account },
            None => bad("disconnect"),
        },
        Some("rename") => match (account, label) {
            (Some(account), Some(label)) => PiMessage::Rename {
                account: account.unwrap_or_default(),
                label,
            },
            _ => PiMessage::Unknown {
                name: "rename (without an account id and a label)".into(),
            },
        },
        Some("budgetChoices") => PiMessage::BudgetChoices,
        Some(other) => PiMessage::Unknown {
            name: other.chars().take(40).collect(),
        },
        None => PiMessage::Unknown {
            name: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn event(text: &str) -> EventKind {
        match parse_inbound(text) {
            Ok(Inbound::Event(e)) => e,
            other => panic!("expected an event, got {other:?}"),
        }
    }

    #[test]
    fn parses_will_appear_with_settings_and_controller() {
        let text = json!({"event":"willAppear","action":"com.openbalance.openrouter.balance",
            "context":"ctx1","device":"dev","payload":{"settings":{"mode":"used"},
            "coordinates":{"column":0,"row":0},"controller":"Keypad","state":0,"isInMultiAction":false}});
        assert_eq!(
            event(&text.to_string()),
            EventKind::WillAppear {
                action: "com.openbalance.openrouter.balance".into(),
                context: "ctx1".into(),
                settings: json!({"mode":"used"}),
                controller: Some("Keypad".into()),
                device: Some("dev".into()),
            }
        );
    }

    /// `deviceDidConnect` as Stream Deck 6 sends it, and the `-info` devices at launch.
    #[test]
    fn parses_devices_from_their_events_and_the_launch_info() {
        let connect = json!({"event":"deviceDidConnect","device":"55F16B35884A859CCE4FFA1FC8D3DE5B",
            "deviceInfo":{"name":"Stream Deck Mini","type":1,"size":{"columns":3,"rows":2}}});
        assert_eq!(
            event(&connect.to_string()),
            EventKind::DeviceDidConnect {
                device: "55F16B35884A859CCE4FFA1FC8D3DE5B".into(),
                device_type: Some(1),
            }
        );
        let untyped = json!({"event":"deviceDidConnect","device":"D","deviceInfo":{"type":"XL"}});
        assert_eq!(
            event(&untyped.to_string()),
            EventKind::DeviceDidConnect {
                device: "D".into(),
                device_type: None,
            }
        );
        let info = json!({"application":{"version":"6.8.0"},"devicePixelRatio":2,
            "devices":[{"id":"A","name":"Stream Deck","size":{"columns":5,"rows":3},"type":0},
                {"name":"no id","type":2},{"id":"C","type":7},{"id":"","type":0},"junk"]});
        assert_eq!(
            launch_devices(&info.to_string()),
            vec![
                EventKind::DeviceDidConnect {
                    device: "A".into(),
                    device_type: Some(0)
                },
                EventKind::DeviceDidConnect {
                    device: "C".into(),
                    device_type: Some(7)
                },
            ]
        );
        for nothing in ["{}", "not json", r#"{"devices":5}"#, "[]"] {
            assert!(launch_devices(nothing).is_empty(), "{nothing}");
        }
        // A flood of devices at launch is bounded like one over time.
        let many: Vec<_> = (0..500)
            .map(|i| json!({"id": format!("D{i}"), "type": 0}))
            .collect();
        let flood = json!({ "devices": many }).to_string();
        assert_eq!(launch_devices(&flood).len(), crate::device::MAX_DEVICES);
    }

    #[test]
    fn parses_dials_and_the_touch_strip() {
        let rotate = json!({"event":"dialRotate","action":"com.openbalance.openrouter.balance",
            "context":"d1","device":"dev","payload":{"controller":"Encoder","settings":{},
            "coordinates":{"column":1,"row":0},"ticks":-3,"pressed":true}});
        assert_eq!(
            event(&rotate.to_string()),
            EventKind::DialRotate {
                context: "d1".into(),
                ticks: -3,
                pressed: true
            }
        );
        let flood = json!({"event":"dialRotate","context":"d1","payload":{"ticks":1e15}});
        assert_eq!(
            parse_inbound(&flood.to_string()),
            Err(InboundError::MissingField {
                event: "dialRotate".into(),
                field: "ticks"
            }),
            "a float is not a tick count"
        );
        let many =
            json!({"event":"dialRotate","context":"d1","payload":{"ticks":-9_000_000_000i64}});
        assert!(matches!(
            event(&many.to_string()),
            EventKind::DialRotate {
                ticks: -1000,
                pressed: false,
                ..
            }
        ));
        for (name, expected) in [
            (
                "dialDown",
                EventKind::DialDown {
                    context: "d1".into(),
                },
            ),
            (
                "dialUp",
                EventKind::DialUp {
                    context: "d1".into(),
                },
            ),
        ] {
            let text =
                json!({"event": name, "context": "d1", "payload": {"controller": "Encoder"}});
            assert_eq!(event(&text.to_string()), expected);
        }
        let long = json!({"event":"touchTap","context":"d1","payload":{"controller":"Encoder",
            "tapPos":[40,60],"hold":true}});
        assert_eq!(
            event(&long.to_string()),
            EventKind::TouchTap {
                context: "d1".into(),
                hold: true
            }
        );
        let short = json!({"event":"touchTap","context":"d1","payload":{"tapPos":[40,60]}});
        assert_eq!(
            event(&short.to_string()),
            EventKind::TouchTap {
                context: "d1".into(),
                hold: false
            }
        );
        assert!(parse_inbound(r#"{"event":"touchTap","payload":{}}"#).is_err());
    }

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

    #[test]
    fn reads_account_messages_from_the_inspector() {
        let message = |payload: Value| {
            let text = json!({"event":"sendToPlugin","action":"a","context":"c","payload":payload});
            match event(&text.to_string()) {
                EventKind::SendToPlugin { message, .. } => message,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            message(
                json!({"event":"connect","key":"sk-or-v1-xyz123456789","account":"acct-1","label":" Client  A "})
            ),
            PiMessage::Connect {
                key: ApiKey::new("sk-or-v1-xyz123456789"),
                account: AccountId::parse(Some("acct-1")),
                label: Some("Client A".into()),
            }
        );
        assert_eq!(
            message(json!({"event":"connect","key":"sk-or-v1-xyz123456789","account":"default"})),
            PiMessage::connect(ApiKey::new("sk-or-v1-xyz123456789")),
            "the default account by name is the default account"
        );
        assert_eq!(
            message(json!({"event":"disconnect","account":"acct-1"})),
            PiMessage::Disconnect {
                account: AccountId::parse(Some("acct-1"))
            }
        );
        assert_eq!(
            message(json!({"event":"rename","account":"acct-1","label":"New"})),
            PiMessage::Rename {
                account: AccountId::parse(Some("acct-1")).unwrap(),
                label: "New".into()
            }
        );
        // An account that is not an id could mean any account: nothing is done with it.
        for bad in [
            json!({"event":"disconnect","account":"../x"}),
            json!({"event":"disconnect","account":7}),
            json!({"event":"rename","account":"a"}),
        ] {
            assert!(
                matches!(message(bad.clone()), PiMessage::Unknown { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn reads_property_inspector_messages() {
        let connect = r#"{"event":"sendToPlugin","action":"a","context":"c","payload":{"event":"connect","key":" sk-or-v1-xyz123456789 "}}"#;
        let EventKind::SendToPlugin {
            message: PiMessage::Connect { key: Some(key), .. },
            ..
        } = event(connect)
        else {
            panic!()
        };
        assert_eq!(key.expose(), "sk-or-v1-xyz123456789");
        let blank = r#"{"event":"sendToPlugin","action":"a","context":"c","payload":{"event":"connect","key":"  "}}"#;
        assert!(matches!(
            event(blank),
            EventKind::SendToPlugin {
                message: PiMessage::Connect { key: None, .. },
                ..
            }
        ));
        let disconnect = r#"{"event":"sendToPlugin","action":"a","context":"c","payload":{"event":"disconnect"}}"#;
        assert!(matches!(
            event(disconnect),
            EventKind::SendToPlugin {
                message: PiMessage::Disconnect { account: None },
                ..
            }
        ));
        let odd = r#"{"event":"sendToPlugin","action":"a","context":"c","payload":[1]}"#;
        assert!(matches!(
            event(odd),
            EventKind::SendToPlugin {
                message: PiMessage::Unknown { .. },
                ..
            }
        ));
    }

    #[test]
    fn refuses_contexts_no_host_sends() {
        let huge = "c".repeat(MAX_ID_LEN + 1);
        let text = json!({"event": "willAppear", "action": "a", "context": huge, "payload": {}});
        assert_eq!(
            parse_inbound(&text.to_string()),
            Err(InboundError::TooLong {
                event: "willAppear".into(),
                field: "context"
            })
        );
        let fine = json!({"event": "keyDown", "context": "c".repeat(MAX_ID_LEN)});
        assert!(matches!(
            parse_inbound(&fine.to_string()),
            Ok(Inbound::Event(_))
        ));
    }

    #[test]
    fn tolerates_unknown_events_and_refuses_broken_ones() {
        assert_eq!(
            parse_inbound(r#"{"event":"deviceDidConnect","payload":{}}"#),
            Ok(Inbound::Ignored {
                event: "deviceDidConnect".into()
            })
        );
        assert_eq!(
            parse_inbound(r#"{"event":"deviceDidDisconnect","device":"D"}"#),
            Ok(Inbound::Ignored {
                event: "deviceDidDisconnect".into()
            })
        );
        // The deprecated dialPress (sent beside dialDown/dialUp by older apps) means nothing more.
        assert_eq!(
            parse_inbound(r#"{"event":"dialPress","context":"c","payload":{"pressed":true}}"#),
            Ok(Inbound::Ignored {
                event: "dialPress".into()
            })
        );
        assert_eq!(parse_inbound("{\"event\":"), Err(InboundError::NotJson));
        assert_eq!(parse_inbound("[]"), Err(InboundError::NotAnObject));
        assert_eq!(parse_inbound("{}"), Err(InboundError::NoEventName));
        assert_eq!(
            parse_inbound(r#"{"event":"keyDown"}"#),
            Err(InboundError::MissingField {
                event: "keyDown".into(),
                field: "context"
            })
        );
        assert_eq!(
            event(r#"{"event":"systemDidWakeUp"}"#),
            EventKind::SystemDidWakeUp
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = parse_inbound(&text);
        }

        #[test]
        fn never_panics_on_known_events_with_odd_fields(
            name in prop::sample::select(vec!["willAppear","deviceDidConnect","keyDown","keyUp","sendToPlugin","didReceiveSettings","didReceiveGlobalSettings","willDisappear","propertyInspectorDidAppear","dialRotate","dialDown","dialUp","touchTap"]),
            context in prop::option::of("[a-z]{0,5}"),
            payload in prop::sample::select(vec![json!(null), json!(1), json!({"settings": 5}), json!({"event":"connect","key":7}), json!({"settings":{"managementKey":[]}}), json!({"ticks": "3", "pressed": 1}), json!({"ticks": i64::MIN, "hold": "yes"})]),
        ) {
            let text = json!({"event": name, "context": context, "action": "x", "payload": payload});
            let _ = parse_inbound(&text.to_string());
        }
    }
}
