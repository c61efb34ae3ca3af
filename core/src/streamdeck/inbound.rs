//! Parsing what Stream Deck sends. Unknown events are not errors: Stream Deck grows new ones, and
//! a plugin that fails on them breaks on the next update.
//!
//! This file holds the message dispatch and the Property Inspector's messages; `global_settings`
//! reads the accounts out of the global settings, `devices` the devices a host names.

use crate::account_id::{clean_label, AccountId};
use crate::api_key::ApiKey;
use crate::event::{EventKind, PiMessage};
use serde_json::{Map, Value};
use std::fmt;

mod devices;
mod global_settings;

use devices::device_type;
pub use devices::launch_devices;
use global_settings::global_settings;
pub use global_settings::MAX_ACCOUNT_ENTRIES;

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
        let max = i64::from(crate::event::MAX_TICKS);
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

/// The event a message from Stream Deck parses to, for the tests of this module and its parts.
#[cfg(test)]
fn event(text: &str) -> EventKind {
    match parse_inbound(text) {
        Ok(Inbound::Event(e)) => e,
        other => panic!("expected an event, got {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

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
