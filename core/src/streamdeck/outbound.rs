//! Writing what Stream Deck receives. The one place the real key is written out is
//! `setGlobalSettings`, which is where Stream Deck keeps it.

use crate::command::{Command, KeyReport};
use crate::stored_account::StoredAccount;
use serde_json::{json, Value};

/// A command turned into Stream Deck text, or a command that is not for Stream Deck.
#[derive(Debug, Clone, PartialEq)]
pub enum Outbound {
    Text(String),
    /// Draw and DrawStrip need a rendered image first: see [`set_image`] and [`set_feedback`].
    NeedsImage,
    /// HTTP, timers and logs are the shell's own.
    NotForStreamDeck,
}

/// `{"event": registerEvent, "uuid": pluginUUID}`, the first message on the socket.
pub fn register(register_event: &str, plugin_uuid: &str) -> String {
    json!({"event": register_event, "uuid": plugin_uuid}).to_string()
}

pub fn get_global_settings(plugin_uuid: &str) -> String {
    json!({"event": "getGlobalSettings", "context": plugin_uuid}).to_string()
}

/// `setImage` with a PNG already encoded as a `data:image/png;base64,…` URL.
pub fn set_image(context: &str, data_url: &str) -> String {
    json!({"event": "setImage", "context": context, "payload": {"image": data_url, "target": 0}})
        .to_string()
}

/// The one item of the strip layout the bundle declares (`layouts/strip.json`): a pixmap over the
/// whole 200×100 canvas.
pub const STRIP_ITEM: &str = "strip";

/// `setFeedback` filling a dial's strip with a PNG already encoded as a data URL.
pub fn set_feedback(context: &str, data_url: &str) -> String {
    json!({"event": "setFeedback", "context": context, "payload": {STRIP_ITEM: data_url}})
        .to_string()
}

/// One extra account as the global settings keep it: the only place, with `managementKey`,
/// where a key is written out.
fn stored_account(account: &StoredAccount) -> Value {
    let mut entry = serde_json::Map::new();
    entry.insert("id".into(), account.id.as_str().into());
    entry.insert("label".into(), account.label.as_str().into());
    if let Some(key) = &account.key {
        entry.insert("key".into(), key.expose().into());
    }
    if let Some(pending) = &account.pending {
        entry.insert("pendingKey".into(), pending.expose().into());
    }
    for (name, value) in account.kept.iter().flat_map(|k| k.members()) {
        entry.entry(name.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(entry)
}

/// `keyStatus`: this tile's account, and with several accounts every account's (never a key).
fn key_status(report: &KeyReport) -> Value {
    let mut payload = json!({
        "event": "keyStatus",
        "hasKey": report.has_key,
        "last4": report.last4,
        "status": report.status,
    });
    if let Some(account) = &report.account {
        payload["account"] = account.as_str().into();
    }
    if !report.accounts.is_empty() {
        payload["accounts"] = serde_json::to_value(&report.accounts).unwrap_or_default();
    }
    // The key it sent is already an account's: which one, by id and name.
    if let Some(owner) = &report.already_connected {
        payload["alreadyConnected"] =
            json!({"account": owner.account.as_str(), "label": owner.label});
    }
    payload
}

/// Encodes a command for Stream Deck. `plugin_uuid` is the opaque id from `-pluginUUID`.
pub fn encode(command: &Command, plugin_uuid: &str) -> Outbound {
    let value: Value = match command {
        Command::GetGlobalSettings => return Outbound::Text(get_global_settings(plugin_uuid)),
        Command::Draw { .. } | Command::DrawStrip { .. } => return Outbound::NeedsImage,
        Command::OpenUrl { url } => json!({"event": "openUrl", "payload": {"url": url}}),
        Command::StoreKey {
            key,
            pending,
            label,
            accounts,
            kept,
        } => {
            let mut payload = serde_json::Map::new();
            if let Some(key) = key {
                payload.insert("managementKey".into(), key.expose().into());
            }
            if let Some(pending) = pending {
                payload.insert("pendingKey".into(), pending.expose().into());
            }
            if let Some(label) = label {
                payload.insert("managementLabel".into(), label.as_str().into());
            }
            if !accounts.is_empty() || !kept.entries.is_empty() {
                let kept_entries = kept.entries.iter().map(|e| e.expose().clone());
                let accounts: Vec<Value> = accounts
                    .iter()
                    .map(stored_account)
                    .chain(kept_entries)
                    .collect();
                payload.insert("accounts".into(), accounts.into());
            }
            for (name, value) in kept.fields.iter().flat_map(|k| k.members()) {
                payload.entry(name.clone()).or_insert_with(|| value.clone());
            }
            json!({"event": "setGlobalSettings", "context": plugin_uuid, "payload": payload})
        }
        Command::ClearKey => {
            json!({"event": "setGlobalSettings", "context": plugin_uuid, "payload": {}})
        }
        Command::SendKeyStatus {
            action,
            context,
            report,
        } => json!({
            "event": "sendToPropertyInspector",
            "action": action,
            "context": context,
            "payload": key_status(report),
        }),
        Command::SendBudgetChoices {
            action,
            context,
            choices,
        } => {
            let mut payload = serde_json::to_value(choices).unwrap_or_else(|_| json!({}));
            if let Some(object) = payload.as_object_mut() {
                object.insert("event".to_owned(), json!("budgetChoices"));
            }
            json!({
                "event": "sendToPropertyInspector",
                "action": action,
                "context": context,
                "payload": payload,
            })
        }
        Command::ShowOk { context } => json!({"event": "showOk", "context": context}),
        Command::ShowAlert { context } => json!({"event": "showAlert", "context": context}),
        Command::Fetch { .. }
        | Command::CancelFetch { .. }
        | Command::SaveIntraday { .. }
        | Command::Wake { .. }
        | Command::Log { .. } => return Outbound::NotForStreamDeck,
    };
    Outbound::Text(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_key::ApiKey;
    use crate::command::{KeyReport, KeyStatus};
    use crate::kept::{KeptSettings, Verbatim};

    fn text(command: &Command) -> Value {
        match encode(command, "PLUGIN") {
            Outbound::Text(t) => serde_json::from_str(&t).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn key_status_carries_last4_and_never_the_key() {
        let report = KeyReport::new(true, "cdef".into(), KeyStatus::NotManagementKey);
        let value = text(&Command::SendKeyStatus {
            action: "a".into(),
            context: "c".into(),
            report,
        });
        assert_eq!(
            value,
            json!({"event":"sendToPropertyInspector","action":"a","context":"c",
                   "payload":{"event":"keyStatus","hasKey":true,"last4":"cdef","status":"notManagementKey"}})
        );
    }

    #[test]
    fn every_account_is_written_whole_and_status_lists_them_without_keys() {
        let key = |t: &str| ApiKey::new(t).unwrap();
        let id = |t: &str| crate::account_id::AccountId::parse(Some(t)).unwrap();
        let value = text(&Command::StoreKey {
            key: Some(key("sk-or-v1-home00000000")),
            pending: None,
            label: Some("Home".into()),
            accounts: vec![
                StoredAccount {
                    id: id("work"),
                    label: "Work".into(),
                    key: Some(key("sk-or-v1-work00000000")),
                    pending: Some(key("sk-or-v1-next00000000")),
                    unusable: false,
                    kept: Some(Verbatim::from(json!({
                        "spare": ["sk-or-v1-spare0000000"],
                        "key": "never over ours"
                    }))),
                },
                StoredAccount {
                    id: id("new"),
                    label: "New".into(),
                    key: None,
                    pending: None,
                    unusable: true,
                    kept: None,
                },
            ],
            kept: KeptSettings {
                fields: Some(Verbatim::from(json!({
                    "future": {"k": "sk-or-v1-future000000"},
                    "managementKey": "never over ours"
                }))),
                entries: vec![Verbatim::from(json!([["sk-or-v1-nested000000"]]))],
                beyond: 0,
            },
        });
        assert_eq!(
            value["payload"],
            json!({"managementKey":"sk-or-v1-home00000000","managementLabel":"Home","accounts":[
                {"id":"work","label":"Work","key":"sk-or-v1-work00000000","pendingKey":"sk-or-v1-next00000000",
                 "spare":["sk-or-v1-spare0000000"]},
                {"id":"new","label":"New"},
                [["sk-or-v1-nested000000"]]],
                "future":{"k":"sk-or-v1-future000000"}})
        );
        let mut report = KeyReport::new(true, "0000".into(), KeyStatus::Connected);
        report.account = Some(id("work"));
        report.accounts = vec![crate::command::AccountReport {
            id: id("work"),
            label: "Work".into(),
            has_key: true,
            last4: "0000".into(),
            status: KeyStatus::Rejected,
        }];
        let value = text(&Command::SendKeyStatus {
            action: "a".into(),
            context: "c".into(),
            report,
        });
        assert_eq!(
            value["payload"],
            json!({"event":"keyStatus","hasKey":true,"last4":"0000","status":"connected","account":"work",
                   "accounts":[{"id":"work","label":"Work","hasKey":true,"last4":"0000","status":"rejected"}]})
        );
    }

    #[test]
    fn the_key_is_written_only_into_global_settings() {
        let key = ApiKey::new("sk-or-v1-secret0123456789").unwrap();
        let value = text(&Command::StoreKey {
            key: Some(key.clone()),
            pending: None,
            label: None,
            accounts: Vec::new(),
            kept: KeptSettings::default(),
        });
        assert_eq!(value["payload"].as_object().map(|o| o.len()), Some(1));
        let both = text(&Command::StoreKey {
            key: None,
            pending: Some(key.clone()),
            label: None,
            accounts: Vec::new(),
            kept: KeptSettings::default(),
        });
        assert_eq!(
            both["payload"],
            json!({"pendingKey": "sk-or-v1-secret0123456789"})
        );
        assert_eq!(
            value["payload"]["managementKey"],
            "sk-or-v1-secret0123456789"
        );
        assert_eq!(value["context"], "PLUGIN");
        assert_eq!(
            text(&Command::ClearKey),
            json!({"event":"setGlobalSettings","context":"PLUGIN","payload":{}})
        );
    }

    #[test]
    fn simple_commands() {
        assert_eq!(
            text(&Command::OpenUrl {
                url: "https://x".into()
            }),
            json!({"event":"openUrl","payload":{"url":"https://x"}})
        );
        assert_eq!(
            text(&Command::ShowOk {
                context: "c".into()
            }),
            json!({"event":"showOk","context":"c"})
        );
        assert_eq!(
            text(&Command::GetGlobalSettings),
            json!({"event":"getGlobalSettings","context":"PLUGIN"})
        );
        assert_eq!(
            serde_json::from_str::<Value>(&set_image("c", "data:image/png;base64,AA")).unwrap(),
            json!({"event":"setImage","context":"c","payload":{"image":"data:image/png;base64,AA","target":0}})
        );
        assert_eq!(
            serde_json::from_str::<Value>(&set_feedback("d", "data:image/png;base64,AA")).unwrap(),
            json!({"event":"setFeedback","context":"d","payload":{"strip":"data:image/png;base64,AA"}})
        );
        assert_eq!(
            serde_json::from_str::<Value>(&register("registerPlugin", "U")).unwrap(),
            json!({"event":"registerPlugin","uuid":"U"})
        );
    }
}
