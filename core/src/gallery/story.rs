//! The stories that drive the simulator: how far a picture's plugin has lived (fresh numbers, a
//! failed poll, a refused key, a second account, …) before its key or strip is drawn. Every
//! sample, key or strip, is reached through [`told`].

use crate::action::Action;
use crate::demo::{self, Shape};
use crate::event::{EventKind, PiMessage};
use crate::lang::Lang;
use crate::openrouter::{ApiError, Credits};
use crate::sim::Sim;
use crate::timestamp::{Timestamp, MINUTE_MS};
use crate::view::KeySize;
use serde_json::{json, Value};

/// The device the gallery puts a key of each size on: a Stream Deck MK.2 (72 px keys), an XL
/// (96 px); a large key is on a device the host never named, as before devices were known.
fn device_type(size: KeySize) -> Option<u32> {
    match size {
        KeySize::Small => Some(0),
        KeySize::Medium => Some(2),
        KeySize::Large => None,
    }
}

const DEMO_KEY: &str = "sk-or-v1-demo-demo-demo-demo-0000";
pub(super) const CTX: &str = "tile";

/// How far a sample's story goes.
pub(super) enum Story {
    Fresh(Shape),
    /// A second poll a little later fails with this error.
    ThenFails(ApiError),
    FirstPollFails(ApiError),
    /// The first poll's `/credits` answers and its `/activity` fails with this error.
    ActivityFails(ApiError),
    NoKey,
    Preparing,
    Checking,
    Refused(ApiError),
    Empty,
    Acknowledged(Shape),
    /// Cycled one minute forward.
    NextPage,
    /// Fresh, on a machine this many minutes off UTC.
    Local(i32),
    /// Fresh, with this much left of the balance.
    Remaining(f64),
    /// Fresh, on a second account with this label (the deck shows two accounts).
    Account(&'static str),
    /// A tile whose account was removed from the global settings.
    AccountGone,
}

/// The second account's key in the pictures.
const WORK_KEY: &str = "sk-or-v1-demo-work-demo-work-1111";

/// Where a picture's tile sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Controller {
    Key(KeySize),
    Dial,
}

/// When a sample is told and in which language: what every sample of one gallery shares.
#[derive(Debug, Clone, Copy)]
pub(super) struct Telling {
    pub(super) now: Timestamp,
    pub(super) lang: Lang,
}

/// A plugin that has lived through `story` with one tile of `action` at [`CTX`], on a key or a
/// dial, in `lang`: the one way every picture, key or strip, is reached.
pub(super) fn told(
    theme: &str,
    action: Action,
    mut settings: Value,
    story: Story,
    Telling { now, lang }: Telling,
    on: Controller,
) -> Option<Sim> {
    settings["theme"] = json!(theme);
    let mut sim = Sim::new(now);
    // The host names the language at launch, before anything else (English says nothing).
    if lang != Lang::En {
        sim.send(EventKind::Language { lang });
    }
    sim.keys = demo::keys(&demo::activity(now.day(), Shape::default()), now.day(), 0.6);
    sim.workspaces = demo::workspaces();
    sim.budgets = demo::budgets(&sim.keys);
    let account = |shape: Shape| {
        let rows = demo::activity(now.day(), shape);
        (demo::credits(&rows), rows)
    };
    match &story {
        Story::NoKey => {
            sim.start(None);
        }
        Story::Preparing => {
            sim.send(EventKind::Started);
        }
        Story::Checking | Story::Refused(_) => {
            sim.start(None);
        }
        Story::Account(label) => {
            sim.send(EventKind::Started);
            sim.send(EventKind::DidReceiveGlobalSettings {
                key: crate::ApiKey::new(DEMO_KEY),
                pending: None,
                unusable: false,
                label: None,
                accounts: vec![crate::StoredAccount {
                    id: crate::AccountId::parse(Some("work"))?,
                    label: label.to_string(),
                    key: crate::ApiKey::new(WORK_KEY),
                    pending: None,
                    unusable: false,
                    kept: None,
                }],
                skipped_accounts: 0,
                kept: Default::default(),
            });
            settings["account"] = json!("work");
        }
        Story::AccountGone => {
            sim.start(Some(DEMO_KEY));
            settings["account"] = json!("gone");
        }
        _ => {
            sim.start(Some(DEMO_KEY));
        }
    }
    match on {
        Controller::Key(size) => match device_type(size) {
            Some(kind) => {
                sim.device("deck", kind);
                sim.appear_on("deck", action, CTX, settings)
            }
            None => sim.appear(action, CTX, settings),
        },
        Controller::Dial => sim.appear_dial(action, CTX, settings),
    };
    match story {
        Story::Fresh(shape) => {
            let (c, rows) = account(shape);
            sim.answer_all(c, &rows);
        }
        Story::ThenFails(error) => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
            sim.send(EventKind::SystemDidWakeUp);
            sim.fail_all(error);
        }
        Story::FirstPollFails(error) => {
            sim.fail_all(error);
        }
        Story::ActivityFails(error) => {
            let (c, _) = account(Shape::default());
            sim.answer(
                crate::openrouter::Endpoint::Credits,
                Ok(crate::openrouter::Fetched::Credits(c)),
            );
            sim.answer(crate::openrouter::Endpoint::Activity, Err(error));
        }
        Story::Checking => {
            sim.pi(CTX, PiMessage::connect(crate::ApiKey::new(DEMO_KEY)));
        }
        Story::Refused(error) => {
            sim.pi(CTX, PiMessage::connect(crate::ApiKey::new(DEMO_KEY)));
            sim.fail_all(error);
        }
        Story::Empty => {
            sim.answer_all(
                Credits {
                    total_credits: 25.0,
                    total_usage: 0.0,
                },
                &[],
            );
        }
        Story::Acknowledged(shape) => {
            let (c, rows) = account(shape);
            sim.answer_all(c, &rows);
            sim.tap(CTX);
        }
        Story::NextPage => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
            sim.advance(MINUTE_MS);
        }
        Story::Local(offset) => {
            sim.send(EventKind::LocalTime {
                utc_offset_minutes: offset,
            });
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
        }
        Story::Remaining(left) => {
            let (c, rows) = account(Shape::default());
            let credits = Credits {
                total_credits: c.total_usage + left,
                ..c
            };
            sim.answer_all(credits, &rows);
        }
        Story::Account(_) => {
            let (c, rows) = account(Shape::default());
            sim.answer_all(c, &rows);
        }
        Story::NoKey | Story::Preparing | Story::AccountGone => {}
    }
    Some(sim)
}
