//! Attacks on several OpenRouter accounts (issue 13), kept as regression tests: each names the
//! promise it attacks (p1 keys never cross, p2 a key is never lost, p3 one account's trouble stays
//! its own, p5 one account is the old plugin). They found, and now hold fixed: writes before the
//! settings were read (which wiped every account), a late answer to a retried
//! `getGlobalSettings` undoing a write, accounts past the cap lost at the next write, a generated
//! id taking one a later entry names, another account's tile resetting this one's back-off, and
//! a 429 on `/keys` alone not waited for. A `Deck` models Stream Deck's global-settings store faithfully: `setGlobalSettings`
//! replaces the whole object, `getGlobalSettings` is answered (FIFO, like the socket) with the
//! object as it stood when the request was processed, and every message goes through the real
//! wire encoder and parser.

use openbalance_core::action::Action;
use openbalance_core::openrouter::{
    Activity, ApiError, BodyError, Credits, Endpoint, Fetched, KeyInfo, RetryAfter,
};
use openbalance_core::sim::Sim;
use openbalance_core::streamdeck::{encode, parse_inbound, Inbound, Outbound};
use openbalance_core::timestamp::{HOUR_MS, MINUTE_MS, SECOND_MS};
use openbalance_core::view::Body;
use openbalance_core::{
    AccountId, ApiKey, Command, EventKind, LogLevel, PiMessage, StoredAccount, Timestamp,
    POLL_INTERVAL_MS,
};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

mod common;

use common::{id, key, CLIENT, HOME, MORNING, WORK};

const NEW: &str = "sk-or-v1-newk0000000000000000000000000000000000000000000000000000003333";

// ---------------------------------------------------------------------------------------------
// The deck: Stream Deck's settings store around a Sim.

struct Deck {
    sim: Sim,
    /// The global settings object Stream Deck keeps.
    disk: Value,
    /// Answers to getGlobalSettings not delivered yet: the object as it stood when asked.
    asks: VecDeque<Value>,
    /// Every outbound text that is not setGlobalSettings (must never hold a key).
    wire: Vec<String>,
}

impl Deck {
    fn new(disk: Value) -> Deck {
        Deck {
            sim: Sim::new(MORNING),
            disk,
            asks: VecDeque::new(),
            wire: Vec::new(),
        }
    }

    fn take(&mut self, out: &[Command]) {
        for command in out {
            match command {
                Command::StoreKey { .. } | Command::ClearKey => {
                    let Outbound::Text(text) = encode(command, "PLUGIN") else {
                        panic!("settings are for Stream Deck")
                    };
                    let value: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(value["event"], "setGlobalSettings");
                    self.disk = value["payload"].clone();
                }
                Command::GetGlobalSettings => self.asks.push_back(self.disk.clone()),
                other => {
                    if let Outbound::Text(text) = encode(other, "PLUGIN") {
                        self.wire.push(text);
                    }
                }
            }
        }
    }

    fn run(&mut self, f: impl FnOnce(&mut Sim) -> Vec<Command>) -> Vec<Command> {
        let out = f(&mut self.sim);
        self.take(&out);
        out
    }

    fn send(&mut self, event: EventKind) -> Vec<Command> {
        self.run(|sim| sim.send(event))
    }

    /// Stream Deck answers the oldest getGlobalSettings.
    fn deliver_one(&mut self) -> Option<Vec<Command>> {
        let snapshot = self.asks.pop_front()?;
        Some(self.send(settings_event(&snapshot)))
    }

    /// Stream Deck answers every getGlobalSettings asked so far, one after the other.
    fn deliver_all(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        while let Some(more) = self.deliver_one() {
            out.extend(more);
        }
        out
    }

    fn pi(&mut self, context: &str, message: PiMessage) -> Vec<Command> {
        self.run(|sim| sim.pi(context, message))
    }
}

/// `didReceiveGlobalSettings` as Stream Deck sends it, through the real parser.
fn settings_event(settings: &Value) -> EventKind {
    let text = json!({"event": "didReceiveGlobalSettings", "payload": {"settings": settings}});
    match parse_inbound(&text.to_string()) {
        Ok(Inbound::Event(event)) => event,
        other => panic!("{other:?}"),
    }
}

/// The keys on disk: id → (key, pendingKey).
fn entries(disk: &Value) -> BTreeMap<String, (Option<String>, Option<String>)> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let mut map = BTreeMap::new();
    map.insert(
        "default".to_owned(),
        (
            text(disk.get("managementKey")),
            text(disk.get("pendingKey")),
        ),
    );
    for entry in disk["accounts"].as_array().into_iter().flatten() {
        let id = entry["id"].as_str().unwrap_or("?").to_owned();
        map.insert(id, (text(entry.get("key")), text(entry.get("pendingKey"))));
    }
    map
}

fn credits_of(k: &str) -> Credits {
    let (total, used) = match k {
        HOME => (100.0, 10.0),
        WORK => (50.0, 45.0),
        NEW => (70.0, 7.0),
        CLIENT => (30.0, 1.0),
        _ => (20.0, 1.0),
    };
    Credits {
        total_credits: total,
        total_usage: used,
    }
}

fn good(endpoint: Endpoint, k: &ApiKey) -> Result<Fetched, ApiError> {
    Ok(match endpoint {
        Endpoint::Credits => Fetched::Credits(credits_of(k.expose())),
        Endpoint::Activity => Fetched::Activity(Activity::from_rows(Vec::new())),
        Endpoint::Key => Fetched::Key(KeyInfo {
            is_management_key: true,
        }),
        Endpoint::Keys { .. } => Fetched::Keys(Default::default()),
        Endpoint::Workspaces { .. } => Fetched::Workspaces(Default::default()),
        Endpoint::Budgets { .. } => Fetched::Budgets(Default::default()),
    })
}

fn fetches(commands: &[Command]) -> Vec<(Endpoint, String)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Fetch { endpoint, key, .. } => {
                Some((endpoint.clone(), key.expose().to_owned()))
            }
            _ => None,
        })
        .collect()
}

fn asks(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::GetGlobalSettings))
        .count()
}

fn pi_appears(deck: &mut Deck, context: &str) {
    deck.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: context.into(),
    });
}

fn home_and_work_disk() -> Value {
    json!({"managementKey": HOME, "managementLabel": "Home",
           "accounts": [{"id": "work", "label": "Work", "key": WORK}]})
}

// ---------------------------------------------------------------------------------------------
// Promise 2: settings read ordering. The PI can talk before Stream Deck answered
// getGlobalSettings (the plugin itself retries that request because answers can be slow or lost).

#[test]
fn p2_connect_default_before_settings_read_keeps_every_stored_key_on_disk() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    pi_appears(&mut deck, "t");
    // The person pastes a new key for the default account while the answer is still on its way.
    deck.pi("t", PiMessage::connect(Some(key(NEW))));
    let on_disk = entries(&deck.disk);
    assert_eq!(
        on_disk.get("work").map(|e| e.0.as_deref()),
        Some(Some(WORK)),
        "Work's key was wiped from Stream Deck's settings by a write made before they were read: {}",
        deck.disk
    );
    assert_eq!(
        on_disk["default"].0.as_deref(),
        Some(HOME),
        "the default's working key was dropped for an unproven one: {}",
        deck.disk
    );
}

#[test]
fn p2_before_the_read_the_pi_is_told_no_key_is_stored() {
    // Not a bug by itself; it is what invites the paste of the test above: until Stream Deck
    // answers, an open Property Inspector hears "no key" (hasKey false, status none).
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    pi_appears(&mut deck, "t");
    let told = deck
        .sim
        .history
        .iter()
        .rev()
        .find_map(|c| match c {
            Command::SendKeyStatus { report, .. } => Some(report.clone()),
            _ => None,
        })
        .expect("a keyStatus");
    assert_eq!(
        (told.has_key, told.status),
        (false, openbalance_core::KeyStatus::None),
        "{told:?}"
    );
}

#[test]
fn p2_rename_default_before_settings_read_keeps_every_stored_key_on_disk() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Personal".into(),
        },
    );
    let on_disk = entries(&deck.disk);
    assert_eq!(
        (
            on_disk["default"].0.as_deref(),
            on_disk.get("work").and_then(|e| e.0.as_deref())
        ),
        (Some(HOME), Some(WORK)),
        "a rename before the read rewrote the settings without the keys: {}",
        deck.disk
    );
}

#[test]
fn p2_disconnect_default_before_settings_read_keeps_other_accounts() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::disconnect());
    assert_eq!(
        entries(&deck.disk)
            .get("work")
            .and_then(|e| e.0.clone())
            .as_deref(),
        Some(WORK),
        "disconnecting the default account (before the read) wiped Work: {}",
        deck.disk
    );
}

#[test]
fn p2_a_refused_paste_before_the_read_does_not_stop_asking_for_settings() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.asks.clear(); // Stream Deck lost the first answer: the retry is what saves us.
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::connect(None)); // not a key
    let out = deck.run(|s| s.advance(2 * MINUTE_MS));
    assert!(
        asks(&out) > 0,
        "getGlobalSettings is never asked again once a bad paste was refused"
    );
}

#[test]
fn p2_a_pasted_key_before_the_read_does_not_stop_asking_for_settings() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.asks.clear(); // lost
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::connect(Some(key(NEW))));
    let out = deck.run(|s| s.advance(2 * MINUTE_MS));
    assert!(
        asks(&out) > 0,
        "getGlobalSettings is never asked again once a key was pasted"
    );
}

#[test]
fn p2_a_refused_paste_before_the_read_lets_a_new_account_overwrite_the_settings() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::connect(None));
    // The "settings not read yet" guard on new accounts now believes they were read.
    deck.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-client")),
            label: Some("Client".into()),
        },
    );
    let on_disk = entries(&deck.disk);
    assert_eq!(
        (
            on_disk["default"].0.as_deref(),
            on_disk.get("work").and_then(|e| e.0.as_deref())
        ),
        (Some(HOME), Some(WORK)),
        "{}",
        deck.disk
    );
}

#[test]
fn p2_after_the_read_the_plugin_recovers_from_the_early_write_only_if_it_writes_again() {
    // The early write of p2_connect_default… is repaired in memory once the (pre-write) answer
    // arrives, but Stream Deck's copy stays wiped until the next write: a restart in between
    // loses Work's key for good.
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::connect(Some(key(NEW))));
    deck.deliver_all();
    // Restart before anything else is written.
    let disk = deck.disk.clone();
    let mut again = Deck::new(disk);
    again.send(EventKind::Started);
    again.deliver_all();
    again.run(|s| s.appear(Action::Balance, "w", json!({"account": "work"})));
    assert!(
        !again.sim.texts("w").contains("No account"),
        "after a restart Work is gone: {}",
        again.sim.texts("w")
    );
}

#[test]
fn p2_a_lost_first_answer_then_a_paste_loses_work_for_good() {
    // No restart needed: Stream Deck's first answer is lost, the person pastes a new default key,
    // it is proven and stored; the plugin never asks again, and Work is gone from the settings.
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.asks.clear();
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi("t", PiMessage::connect(Some(key(NEW))));
    deck.run(|s| s.answer_by_key(good));
    deck.run(|s| s.answer_by_key(good));
    deck.run(|s| s.advance(10 * MINUTE_MS));
    deck.deliver_all(); // whatever was asked since is answered
    assert!(
        entries(&deck.disk).contains_key("work"),
        "Work's account and key are gone from the settings for good: {}",
        deck.disk
    );
}

#[test]
fn p2_a_late_answer_to_a_retried_get_global_settings_rolls_memory_back() {
    // Theoretical race: a retried getGlobalSettings (sent before the first answer arrived) is
    // answered after the plugin read the first answer and wrote. The late answer is taken as the
    // truth: an account added since is dropped, and the next write loses its pending key.
    let mut deck = Deck::new(json!({"managementKey": HOME}));
    deck.send(EventKind::Started);
    deck.run(|s| s.advance(6 * SECOND_MS)); // the retry
    assert_eq!(deck.asks.len(), 2);
    deck.deliver_one();
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-c")),
            label: Some("Client".into()),
        },
    );
    assert!(entries(&deck.disk).contains_key("acct-c"));
    deck.deliver_one(); // the retry's answer, from before the write
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Home".into(),
        },
    );
    assert!(
        entries(&deck.disk).contains_key("acct-c"),
        "the new account's pending key was dropped by a stale answer: {}",
        deck.disk
    );
}

#[test]
fn p2_the_sixteenth_account_is_refused_and_nothing_is_lost() {
    let many: Vec<Value> = (0..15)
        .map(|n| {
            json!({"id": format!("a{n}"), "label": format!("A{n}"),
                        "key": format!("sk-or-v1-many{n:02}00000000000000000000")})
        })
        .collect();
    let mut deck = Deck::new(json!({"managementKey": HOME, "accounts": many}));
    deck.send(EventKind::Started);
    deck.deliver_all();
    let before = deck.disk.clone();
    let out = deck.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("one-too-many")),
            label: Some("X".into()),
        },
    );
    assert!(fetches(&out).is_empty());
    assert_eq!(deck.disk, before);
    // A key for one that is there still works, and every key is written back.
    deck.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("a14")),
            label: None,
        },
    );
    let on_disk = entries(&deck.disk);
    assert_eq!(on_disk.len(), 16);
    assert!(on_disk.values().filter(|(k, _)| k.is_some()).count() == 16);
}

#[test]
fn p2_repeated_ids_in_the_settings_keep_both_keys_through_a_write() {
    let mut deck = Deck::new(json!({"managementKey": HOME, "accounts": [
        {"id": "work", "label": "Work", "key": WORK},
        {"id": "work", "label": "Work again", "key": CLIENT},
        {"id": "default", "label": "Sneaky", "key": NEW}]}));
    deck.send(EventKind::Started);
    deck.deliver_all();
    deck.pi(
        "t",
        PiMessage::Rename {
            account: id("work"),
            label: "W".into(),
        },
    );
    let keys: BTreeSet<Option<String>> =
        entries(&deck.disk).values().map(|e| e.0.clone()).collect();
    for k in [HOME, WORK, CLIENT, NEW] {
        assert!(
            keys.contains(&Some(k.to_owned())),
            "{k} lost: {}",
            deck.disk
        );
    }
}

#[test]
fn p3_a_429_on_keys_alone_is_honoured_by_a_hold() {
    // Side probe (poll.rs, not new with accounts): Retry-After on /keys alone sets no wait.
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.send(settings_event(&home_and_work_disk()));
    sim.appear(Action::Today, "work-today", json!({"account": "work"}));
    sim.answer_by_key(|endpoint, k| match endpoint {
        Endpoint::Keys { .. } => Err(ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(1800)),
        }),
        _ => good(endpoint, k),
    });
    sim.now = sim.now.plus_millis(30 * SECOND_MS);
    let out = sim.hold("work-today");
    assert!(
        fetches(&out).is_empty(),
        "a hold polled 30 s into a 30-minute Retry-After: {:?}",
        fetches(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Promise 2: accounts removed/re-added while checks are in flight.

#[test]
fn p2_settings_drop_an_account_mid_check_then_readd_it_and_the_late_answer_is_ignored() {
    let mut deck = Deck::new(json!({"managementKey": HOME,
        "accounts": [{"id": "work", "label": "Work", "key": WORK, "pendingKey": NEW}]}));
    let out = deck.send(EventKind::Started);
    assert_eq!(asks(&out), 1);
    let out = deck.deliver_all();
    let first_check = out
        .iter()
        .find_map(|c| match c {
            Command::Fetch {
                id,
                endpoint: Endpoint::Key,
                key,
            } if key.expose() == NEW => Some(*id),
            _ => None,
        })
        .expect("the pending key is checked");
    // Settings without Work (another writer removed it), then with Work again.
    let out = deck.send(settings_event(&json!({"managementKey": HOME})));
    assert!(out
        .iter()
        .any(|c| matches!(c, Command::CancelFetch { id } if *id == first_check)));
    let out = deck.send(settings_event(&json!({"managementKey": HOME,
        "accounts": [{"id": "work", "label": "Work", "key": WORK, "pendingKey": NEW}]})));
    assert_eq!(fetches(&out), [(Endpoint::Key, NEW.to_owned())]);
    // The old check's answer arrives late: it must not be taken for the new one.
    let late = deck.send(EventKind::Fetched {
        id: first_check,
        endpoint: Endpoint::Key,
        result: Ok(Fetched::Key(KeyInfo {
            is_management_key: false,
        })),
    });
    assert!(
        late.iter()
            .all(|c| !matches!(c, Command::StoreKey { .. } | Command::ClearKey)),
        "{late:?}"
    );
    assert!(late
        .iter()
        .any(|c| matches!(c, Command::Log { message, .. } if message.contains("late"))));
    deck.run(|s| s.answer_by_key(good));
    deck.run(|s| s.answer_by_key(good));
    // The stored settings were never rewritten by the plugin; in memory Work holds NEW now.
    deck.pi(
        "x",
        PiMessage::Rename {
            account: id("work"),
            label: "Work2".into(),
        },
    );
    assert_eq!(
        entries(&deck.disk)["work"],
        (Some(NEW.to_owned()), None),
        "{}",
        deck.disk
    );
}

#[test]
fn p2_pi_removes_an_account_mid_check_and_readds_the_same_id_late_answers_are_ignored() {
    let mut deck = Deck::new(json!({"managementKey": HOME}));
    deck.send(EventKind::Started);
    deck.deliver_all();
    deck.run(|s| s.appear(Action::Balance, "c", json!({"account": "acct-c"})));
    let out = deck.pi(
        "c",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-c")),
            label: Some("Client".into()),
        },
    );
    let old_check = out
        .iter()
        .find_map(|c| match c {
            Command::Fetch { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    deck.pi(
        "c",
        PiMessage::Disconnect {
            account: Some(id("acct-c")),
        },
    );
    assert!(!entries(&deck.disk).contains_key("acct-c"));
    deck.pi(
        "c",
        PiMessage::Connect {
            key: Some(key(NEW)),
            account: Some(id("acct-c")),
            label: Some("Client".into()),
        },
    );
    let late = deck.send(EventKind::Fetched {
        id: old_check,
        endpoint: Endpoint::Key,
        result: Ok(Fetched::Key(KeyInfo {
            is_management_key: true,
        })),
    });
    assert!(
        fetches(&late).is_empty(),
        "a late answer started a poll: {late:?}"
    );
    assert_eq!(
        entries(&deck.disk)["acct-c"],
        (None, Some(NEW.to_owned())),
        "{}",
        deck.disk
    );
    deck.run(|s| s.answer_by_key(good));
    deck.run(|s| s.answer_by_key(good));
    assert_eq!(entries(&deck.disk)["acct-c"], (Some(NEW.to_owned()), None));
    assert!(
        deck.sim.texts("c").contains("$63.00"),
        "{}",
        deck.sim.texts("c")
    );
    let sent: Vec<_> = fetches(&deck.sim.history);
    assert!(
        sent.iter()
            .filter(|(e, _)| *e != Endpoint::Key)
            .all(|(_, k)| k != CLIENT),
        "the removed key polled: {sent:?}"
    );
}

#[test]
fn p2_a_poll_answer_for_a_removed_account_does_not_reach_its_readded_namesake() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.deliver_all();
    let out = deck.run(|s| s.appear(Action::Balance, "w", json!({"account": "work"})));
    let polls: Vec<_> = out
        .iter()
        .filter_map(|c| match c {
            Command::Fetch { id, endpoint, .. } => Some((*id, endpoint.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(polls.len(), 2);
    deck.pi(
        "w",
        PiMessage::Disconnect {
            account: Some(id("work")),
        },
    );
    deck.pi(
        "w",
        PiMessage::Connect {
            key: Some(key(NEW)),
            account: Some(id("work")),
            label: Some("Work".into()),
        },
    );
    for (fetch, endpoint) in polls {
        let result = good(endpoint.clone(), &key(WORK));
        let out = deck.send(EventKind::Fetched {
            id: fetch,
            endpoint,
            result,
        });
        assert!(fetches(&out).is_empty(), "{out:?}");
    }
    assert!(
        !deck.sim.texts("w").contains("$5.00"),
        "the removed key's numbers reached the new account: {}",
        deck.sim.texts("w")
    );
}

#[test]
fn p2_disconnect_of_an_unknown_id_and_rename_of_an_unknown_id_write_nothing() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.deliver_all();
    let before = deck.disk.clone();
    for message in [
        PiMessage::Disconnect {
            account: Some(id("nobody")),
        },
        PiMessage::Rename {
            account: id("nobody"),
            label: "X".into(),
        },
        PiMessage::Unknown {
            name: "connect (with an account that is not an id)".into(),
        },
    ] {
        let out = deck.pi("t", message);
        assert!(out
            .iter()
            .all(|c| !matches!(c, Command::StoreKey { .. } | Command::ClearKey)));
    }
    assert_eq!(deck.disk, before);
}

#[test]
fn p2_connect_default_by_the_id_default_is_the_default_account() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.deliver_all();
    let text = json!({"event":"sendToPlugin","action":Action::Balance.uuid(),"context":"t",
        "payload":{"event":"connect","account":"default","key":NEW,"label":"Home"}});
    let Ok(Inbound::Event(event)) = parse_inbound(&text.to_string()) else {
        panic!()
    };
    deck.send(event);
    let on_disk = entries(&deck.disk);
    assert_eq!(
        on_disk.len(),
        2,
        "no account called default was made: {}",
        deck.disk
    );
    assert_eq!(
        on_disk["default"],
        (Some(HOME.to_owned()), Some(NEW.to_owned()))
    );
    assert_eq!(on_disk["work"].0.as_deref(), Some(WORK));
}

#[test]
fn p2_more_accounts_than_the_cap_in_the_settings_are_not_lost_at_the_next_write() {
    let many: Vec<Value> = (0..20)
        .map(|n| {
            json!({"id": format!("a{n}"), "label": format!("A{n}"),
                        "key": format!("sk-or-v1-many{n:02}00000000000000000000")})
        })
        .collect();
    let mut deck = Deck::new(json!({"managementKey": HOME, "accounts": many}));
    deck.send(EventKind::Started);
    let out = deck.deliver_all();
    let said = out.iter().any(|c| {
        matches!(c, Command::Log { level: LogLevel::Warn, message } if message.contains('5') || message.contains("more"))
    });
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Home".into(),
        },
    );
    let kept = entries(&deck.disk).len() - 1;
    assert!(
        kept == 20,
        "{kept} of 20 accounts written back (keys of the rest lost); the drop was logged: {said}"
    );
}

/// Every string on disk that could be a key, wherever it sits.
fn all_keys(disk: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut stack = vec![disk];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if text.starts_with("sk-or-") => {
                keys.insert(text.clone());
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    keys
}

/// Issue 22, finding 4: settings in shapes the plugin does not read as accounts, then one write
/// (a rename); every key that was on disk is on disk after it.
fn keys_survive_a_write(disk: Value) -> Deck {
    let before = all_keys(&disk);
    assert!(!before.is_empty());
    let mut deck = Deck::new(disk);
    deck.send(EventKind::Started);
    deck.deliver_all();
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Renamed".into(),
        },
    );
    assert_eq!(deck.disk["managementLabel"], "Renamed", "a write happened");
    let after = all_keys(&deck.disk);
    let lost: Vec<_> = before.difference(&after).collect();
    assert!(
        lost.is_empty(),
        "keys lost at the next write: {lost:?}\n{}",
        deck.disk
    );
    deck
}

#[test]
fn p2_an_accounts_object_in_place_of_a_list_keeps_its_key() {
    let deck = keys_survive_a_write(json!({"managementKey": HOME,
        "accounts": {"id": "work", "label": "Work", "key": WORK}}));
    assert_eq!(
        entries(&deck.disk)["work"].0.as_deref(),
        Some(WORK),
        "read as the account it is"
    );
}

#[test]
fn p2_nested_entries_keep_their_keys() {
    keys_survive_a_write(json!({"managementKey": HOME, "accounts": [
        {"id": "work", "label": "Work", "key": WORK},
        [{"id": "client", "key": CLIENT}],
        [[NEW]],
        [1, null]]}));
}

#[test]
fn p2_entries_past_the_64th_keep_their_keys() {
    let many: Vec<Value> = (0..70)
        .map(|n| {
            json!({"id": format!("a{n}"), "label": format!("A{n}"),
                   "key": format!("sk-or-v1-many{n:02}00000000000000000000")})
        })
        .collect();
    let deck = keys_survive_a_write(json!({"managementKey": HOME, "accounts": many}));
    assert_eq!(all_keys(&deck.disk).len(), 71);
}

#[test]
fn p2_members_this_version_does_not_know_keep_their_keys() {
    keys_survive_a_write(json!({"managementKey": HOME,
        "backupKey": NEW,
        "accounts": [{"id": "work", "label": "Work", "key": WORK, "oldKey": CLIENT}]}));
}

#[test]
fn p2_what_the_log_says_when_kept_values_pass_the_bound() {
    let long = "z".repeat(1000);
    // A nested list of 200 KiB of keys among as many accounts as are read, each with two keys
    // of 1 KiB, then 300 more lists: the accounts are written back whatever comes before them,
    // kept values only in what is left.
    let account = |n: usize| {
        json!({"id": format!("a{n}"), "key": format!("sk-or-v1-{long}k{n:03}"),
               "pendingKey": format!("sk-or-v1-{long}p{n:03}")})
    };
    let nested = |n: usize| json!([format!("sk-or-v1-{long}{n:04}")]);
    let big: Vec<String> = (0..200)
        .map(|n| format!("sk-or-v1-{long}b{n:03}"))
        .collect();
    let mut listed: Vec<Value> = vec![account(0), json!([big])];
    listed.extend((1..63).map(account));
    listed.extend((1..300).map(nested));
    let mut deck = Deck::new(json!({"managementKey": HOME, "accounts": listed}));
    deck.send(EventKind::Started);
    let out = deck.deliver_all();
    assert!(
        out.iter().any(
            |c| matches!(c, Command::Log { level: LogLevel::Warn, message }
            if message.contains("beyond the 256 KiB"))
        ),
        "{out:?}"
    );
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Renamed".into(),
        },
    );
    let written = deck.disk.to_string().len();
    assert!(
        written <= openbalance_core::MAX_SETTINGS_BYTES,
        "{written} bytes"
    );
    assert_eq!(
        entries(&deck.disk).len(),
        1 + 63 + 1,
        "every account read is written back (and the default, and the kept lists as \"?\")"
    );
    assert!(
        all_keys(&deck.disk).len() > 1 + 126 + 50,
        "kept values fill what is left"
    );
}

/// Issue 22, finding 5: a host answers two `getGlobalSettings` with one answer (or loses one).
/// A change made elsewhere after the plugin wrote is news, not a late answer: the next write
/// keeps the account it brought, and its key.
fn a_change_after_merged_answers_is_kept(merge: bool) {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.run(|s| s.advance(6 * SECOND_MS)); // the retry
    assert_eq!(deck.asks.len(), 2);
    match merge {
        true => {
            deck.asks.pop_front();
            deck.deliver_one();
        }
        false => {
            deck.asks.pop_back();
            deck.deliver_one();
        }
    }
    assert!(deck.asks.is_empty());
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-c")),
            label: Some("Client".into()),
        },
    );
    assert!(entries(&deck.disk).contains_key("acct-c"));
    // Another writer adds an account; Stream Deck tells the plugin.
    let mut changed = deck.disk.clone();
    changed["accounts"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "x9", "label": "Elsewhere", "key": NEW}));
    deck.disk = changed.clone();
    let out = deck.send(settings_event(&changed));
    assert!(
        !out.iter().any(
            |c| matches!(c, Command::Log { message, .. } if message.contains("ignored a copy"))
        ),
        "a change made elsewhere was taken for a late answer"
    );
    deck.pi(
        "t",
        PiMessage::Rename {
            account: AccountId::default(),
            label: "Home".into(),
        },
    );
    let on_disk = entries(&deck.disk);
    assert_eq!(
        on_disk.get("x9").and_then(|e| e.0.as_deref()),
        Some(NEW),
        "the next write dropped the account added elsewhere, and its key: {}",
        deck.disk
    );
    assert!(on_disk.contains_key("acct-c") && on_disk.contains_key("work"));
}

#[test]
fn p2_one_answer_to_two_asks_does_not_make_later_copies_late() {
    a_change_after_merged_answers_is_kept(true);
}

#[test]
fn p2_a_lost_answer_does_not_make_later_copies_late() {
    a_change_after_merged_answers_is_kept(false);
}

#[test]
fn p2_a_change_elsewhere_that_brings_back_an_earlier_content_is_news() {
    let mut deck = Deck::new(home_and_work_disk());
    deck.send(EventKind::Started);
    deck.deliver_all();
    deck.send(settings_event(&json!({"managementKey": HOME})));
    let out = deck.send(settings_event(&home_and_work_disk()));
    assert!(
        !out.iter().any(
            |c| matches!(c, Command::Log { message, .. } if message.contains("ignored a copy"))
        ),
        "{out:?}"
    );
    deck.run(|s| s.appear(Action::Balance, "w", json!({"account": "work"})));
    assert!(!deck.sim.texts("w").contains("No account"));
}

#[test]
fn p1_a_generated_id_does_not_take_the_id_a_later_entry_names() {
    // A hand-edited settings file: an entry without id before one with id "account-1". A tile
    // showing "account-1" means the second entry's account.
    let mut deck = Deck::new(json!({"managementKey": HOME, "accounts": [
        {"label": "First", "key": CLIENT},
        {"id": "account-1", "label": "Second", "key": WORK}]}));
    deck.send(EventKind::Started);
    deck.deliver_all();
    deck.run(|s| s.appear(Action::Balance, "t", json!({"account": "account-1"})));
    deck.run(|s| s.answer_by_key(good));
    assert!(
        deck.sim.texts("t").contains("$5.00"),
        "the tile set to account-1 shows {} (the First entry's key's numbers)",
        deck.sim.texts("t")
    );
}

// ---------------------------------------------------------------------------------------------
// Promise 3: one account's failure stays its own.

/// Home and Work with Balance tiles; everything answers well once; then Work answers with
/// `trouble` (Home always well) for two hours. Returns Home's views and the times Home polled.
fn isolation_run(trouble: Option<ApiError>) -> (Vec<String>, Vec<i64>, Option<Timestamp>, String) {
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.send(settings_event(&home_and_work_disk()));
    sim.appear(Action::Balance, "home", json!({}));
    sim.appear(Action::TopModels, "home-top", json!({}));
    sim.appear(Action::Balance, "work", json!({"account": "work"}));
    sim.appear(Action::Today, "work-today", json!({"account": "work"}));
    sim.answer_by_key(good);
    let mut views = Vec::new();
    let mut polled = Vec::new();
    let mut due = None;
    for minute in 0..120 {
        let out = sim.advance(MINUTE_MS);
        let out = [
            out,
            sim.answer_by_key(|endpoint, k| match (&trouble, k.expose()) {
                (Some(e), WORK) => Err(e.clone()),
                _ => good(endpoint, k),
            }),
        ]
        .concat();
        if fetches(&out)
            .iter()
            .any(|(e, k)| *e == Endpoint::Credits && k == HOME)
        {
            polled.push(sim.now.since(MORNING));
        }
        views.push(format!(
            "{:?} / {:?}",
            sim.view("home"),
            sim.view("home-top")
        ));
        if minute == 30 {
            due = sim.plugin.poll_due_for(&AccountId::default());
        }
    }
    (views, polled, due, sim.texts("work"))
}

#[test]
fn p3_work_failing_never_changes_homes_tiles_deadlines_or_cadence() {
    let control = isolation_run(None);
    for trouble in [
        ApiError::KeyRejected,
        ApiError::NotManagementKey,
        ApiError::Offline,
        ApiError::Timeout,
        ApiError::Service { status: 503 },
        ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(3600)),
        },
        ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(90)),
        },
        ApiError::RateLimited { retry_after: None },
        ApiError::BadBody(BodyError::Shape { detail: "x".into() }),
    ] {
        let attacked = isolation_run(Some(trouble.clone()));
        assert_ne!(
            attacked.3, control.3,
            "Work's own tile shows its {trouble:?}"
        );
        assert_eq!(
            attacked.1, control.1,
            "Home's cadence under Work's {trouble:?}"
        );
        assert_eq!(
            attacked.2, control.2,
            "Home's deadline under Work's {trouble:?}"
        );
        for (n, (a, c)) in attacked.0.iter().zip(&control.0).enumerate() {
            assert_eq!(a, c, "Home's tiles at minute {n} under Work's {trouble:?}");
        }
    }
}

#[test]
fn p3_a_429_on_one_account_does_not_make_the_other_wait_on_hold_or_wake() {
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.send(settings_event(&home_and_work_disk()));
    sim.appear(Action::Balance, "home", json!({}));
    sim.appear(Action::Balance, "work", json!({"account": "work"}));
    sim.answer_by_key(|endpoint, k| match k.expose() {
        WORK => Err(ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(1800)),
        }),
        _ => good(endpoint, k),
    });
    let out = sim.hold("home");
    sim.send(EventKind::KeyUp {
        context: "home".into(),
    });
    assert_eq!(
        fetches(&out)
            .iter()
            .filter(|(e, _)| *e == Endpoint::Credits)
            .map(|(_, k)| k.as_str())
            .collect::<Vec<_>>(),
        [HOME]
    );
    sim.answer_by_key(good);
    let out = sim.send(EventKind::SystemDidWakeUp);
    let sent = fetches(&out);
    assert!(sent.iter().any(|(_, k)| k == HOME), "{sent:?}");
    assert!(
        !sent.iter().any(|(_, k)| k == WORK),
        "Work's wait ignored: {sent:?}"
    );
    assert!(!sim.texts("home").contains("wait"), "{}", sim.texts("home"));
}

#[test]
fn p3_a_tile_appearing_on_one_account_does_not_repoll_another_whose_keys_failed() {
    // Work's /keys fails (503) while its credits work: Work backs off. A page switch that shows
    // a Home tile must not make Work poll now (and reset its back-off).
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.send(settings_event(&home_and_work_disk()));
    sim.appear(Action::Today, "work-today", json!({"account": "work"}));
    sim.answer_by_key(|endpoint, k| match (&endpoint, k.expose()) {
        (Endpoint::Keys { .. }, WORK) => Err(ApiError::Service { status: 503 }),
        _ => good(endpoint, k),
    });
    let due = sim.plugin.poll_due_for(&id("work"));
    sim.now = sim.now.plus_millis(10 * SECOND_MS);
    let out = sim.appear(Action::Balance, "home", json!({}));
    let work_polls: Vec<_> = fetches(&out)
        .into_iter()
        .filter(|(_, k)| k == WORK)
        .collect();
    assert!(
        work_polls.is_empty(),
        "a Home tile appearing re-polled Work (back-off due {:?}): {work_polls:?}",
        due.map(|d| d.since(sim.now))
    );
}

// ---------------------------------------------------------------------------------------------
// Promise 5: only managementKey.

#[test]
fn p5_one_account_output_has_no_account_fields() {
    let mut deck = Deck::new(json!({"managementKey": HOME}));
    deck.send(EventKind::Started);
    deck.run(|s| s.appear(Action::Balance, "t", json!({})));
    deck.deliver_all();
    pi_appears(&mut deck, "t");
    deck.run(|s| s.answer_by_key(good));
    deck.pi("t", PiMessage::connect(Some(key(NEW))));
    deck.run(|s| s.answer_by_key(good));
    deck.run(|s| s.answer_by_key(good));
    deck.pi("t", PiMessage::connect(None));
    deck.pi("t", PiMessage::disconnect());
    deck.pi("t", PiMessage::connect(Some(key(WORK))));
    deck.run(|s| s.answer_by_key(|_, _| Err(ApiError::KeyRejected)));
    let mut texts = deck.wire.clone();
    let mut stores = Vec::new();
    for command in &deck.sim.history {
        if let Command::StoreKey { .. } | Command::ClearKey = command {
            let Outbound::Text(t) = encode(command, "P") else {
                panic!()
            };
            stores.push(t);
        }
        if let Command::StoreKey { .. } | Command::ClearKey | Command::SendKeyStatus { .. } =
            command
        {
            texts.push(serde_json::to_string(command).unwrap());
        }
    }
    texts.extend(stores.iter().cloned());
    assert!(!stores.is_empty());
    for text in texts {
        for field in [
            "\"accounts\"",
            "\"account\"",
            "managementLabel",
            "\"label\"",
        ] {
            assert!(!text.contains(field), "{field} in {text}");
        }
    }
    assert!(deck
        .sim
        .plugin
        .views()
        .values()
        .all(|v| v.account.is_none()));
}

// ---------------------------------------------------------------------------------------------
// Random stories against the Deck model.

mod stories {
    use super::*;
    use proptest::prelude::*;

    const ACCOUNTS: [&str; 4] = ["default", "work", "client", "x9"];

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Kind {
        Good,
        Revoked,
        Flaky,
        Inference,
    }

    fn kind(n: usize) -> Kind {
        match n {
            0 | 1 => Kind::Good,
            2 => Kind::Revoked,
            3 => Kind::Flaky,
            _ => Kind::Inference,
        }
    }

    fn pool_key(a: usize, n: usize) -> String {
        format!("sk-or-v1-atk{a}{n}{}{a}{n}{a}{n}", "0".repeat(40))
    }

    fn who(k: &str) -> Option<(usize, usize)> {
        (0..4)
            .flat_map(|a| (0..5).map(move |n| (a, n)))
            .find(|(a, n)| pool_key(*a, *n) == k)
    }

    fn remaining(a: usize, n: usize) -> f64 {
        100.0 + 10.0 * (a * 5 + n) as f64
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// Stream Deck answers every getGlobalSettings asked so far.
        Deliver,
        /// Stream Deck answers only the oldest.
        DeliverOne,
        /// Stream Deck answers every getGlobalSettings asked so far with one answer (a host
        /// that merges them), holding what it holds now.
        DeliverMerged,
        /// Stream Deck loses every answer not delivered.
        Lose,
        /// The plugin restarts (a new process; tiles reappear; settings asked).
        Restart,
        Appear(usize, usize),
        Switch(usize, usize),
        Disappear(usize),
        PiAppear(usize),
        Connect(usize, usize, bool),
        ConnectJunk(usize),
        Disconnect(usize),
        Rename(usize, usize),
        /// Answer everything: all offline, or one account's polls rate-limited.
        Answer(bool, Option<usize>),
        AnswerOne,
        Advance(i64),
        Hold(usize),
        /// Stream Deck tells the plugin the settings as they stand (a PI or another writer
        /// saved, or a getGlobalSettings answer) while anything may be in flight.
        Echo,
        /// Another writer removes an account from the settings (and Stream Deck says so).
        ExtRemove(usize),
        /// Another writer sets an account's key (and Stream Deck says so).
        ExtSetKey(usize, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => Just(Op::Deliver),
            1 => Just(Op::DeliverOne),
            1 => Just(Op::DeliverMerged),
            1 => Just(Op::Lose),
            1 => Just(Op::Restart),
            3 => (0usize..4, 0usize..4).prop_map(|(t, a)| Op::Appear(t, a)),
            1 => (0usize..4, 0usize..4).prop_map(|(t, a)| Op::Switch(t, a)),
            1 => (0usize..4).prop_map(Op::Disappear),
            1 => (0usize..4).prop_map(Op::PiAppear),
            4 => (0usize..4, 0usize..5, any::<bool>()).prop_map(|(a, n, l)| Op::Connect(a, n, l)),
            1 => (0usize..4).prop_map(Op::ConnectJunk),
            2 => (0usize..4).prop_map(Op::Disconnect),
            1 => (0usize..4, 0usize..3).prop_map(|(a, l)| Op::Rename(a, l)),
            4 => (prop::bool::weighted(0.1), prop::option::weighted(0.2, 0usize..4))
                .prop_map(|(o, l)| Op::Answer(o, l)),
            3 => Just(Op::AnswerOne),
            2 => prop::sample::select(vec![2_000, 6_000, MINUTE_MS, POLL_INTERVAL_MS, 2 * HOUR_MS])
                .prop_map(Op::Advance),
            1 => (0usize..4).prop_map(Op::Hold),
        ]
    }

    fn op_after_read() -> impl Strategy<Value = Op> {
        prop_oneof![
            8 => op().prop_filter("read once", |op| !matches!(op, Op::Restart | Op::Lose | Op::DeliverOne)),
            2 => Just(Op::Echo),
            1 => (1usize..3).prop_map(Op::ExtRemove),
            1 => (0usize..3, 0usize..5).prop_map(|(a, n)| Op::ExtSetKey(a, n)),
        ]
    }

    /// The first settings: for each of default/work/client, maybe present, maybe a key, maybe
    /// a pending key.
    fn disk() -> impl Strategy<Value = Value> {
        let slot = || (prop::option::of(0usize..5), prop::option::of(0usize..5));
        (slot(), prop::option::of(slot()), prop::option::of(slot())).prop_map(|(d, w, c)| {
            let mut value = serde_json::Map::new();
            if let Some(n) = d.0 {
                value.insert("managementKey".into(), pool_key(0, n).into());
            }
            if let Some(n) = d.1 {
                value.insert("pendingKey".into(), pool_key(0, n).into());
            }
            let mut accounts = Vec::new();
            for (a, s) in [(1, w), (2, c)] {
                let Some((k, p)) = s else { continue };
                let mut entry = serde_json::Map::new();
                entry.insert("id".into(), ACCOUNTS[a].into());
                entry.insert("label".into(), ACCOUNTS[a].to_uppercase().into());
                if let Some(n) = k {
                    entry.insert("key".into(), pool_key(a, n).into());
                }
                if let Some(n) = p {
                    entry.insert("pendingKey".into(), pool_key(a, n).into());
                }
                accounts.push(Value::Object(entry));
            }
            if !accounts.is_empty() {
                value.insert("accounts".into(), accounts.into());
            }
            Value::Object(value)
        })
    }

    fn reply(
        offline: bool,
        limited: Option<usize>,
    ) -> impl FnMut(Endpoint, &ApiKey) -> Result<Fetched, ApiError> {
        move |endpoint, k| {
            if offline {
                return Err(ApiError::Offline);
            }
            let Some((a, n)) = who(k.expose()) else {
                return Err(ApiError::KeyRejected);
            };
            if limited == Some(a) && endpoint != Endpoint::Key {
                return Err(ApiError::RateLimited {
                    retry_after: Some(RetryAfter::Seconds(600)),
                });
            }
            match (kind(n), endpoint) {
                (Kind::Revoked, _) => Err(ApiError::KeyRejected),
                (Kind::Flaky, _) => Err(ApiError::Offline),
                (Kind::Inference, Endpoint::Key) => Ok(Fetched::Key(KeyInfo {
                    is_management_key: false,
                })),
                (
                    Kind::Inference,
                    Endpoint::Keys { .. } | Endpoint::Workspaces { .. } | Endpoint::Budgets { .. },
                ) => Err(ApiError::NotManagementKey),
                (Kind::Inference, Endpoint::Credits) => Ok(Fetched::Credits(Credits {
                    total_credits: 0.0,
                    total_usage: 0.0,
                })),
                (Kind::Inference, Endpoint::Activity) | (Kind::Good, Endpoint::Activity) => {
                    Ok(Fetched::Activity(Activity::from_rows(Vec::new())))
                }
                (Kind::Good, Endpoint::Credits) => Ok(Fetched::Credits(Credits {
                    total_credits: remaining(a, n) + 1.0,
                    total_usage: 1.0,
                })),
                (Kind::Good, Endpoint::Key) => Ok(Fetched::Key(KeyInfo {
                    is_management_key: true,
                })),
                (Kind::Good, Endpoint::Keys { .. }) => Ok(Fetched::Keys(Default::default())),
                (Kind::Good, Endpoint::Workspaces { .. }) => {
                    Ok(Fetched::Workspaces(Default::default()))
                }
                (Kind::Good, Endpoint::Budgets { .. }) => Ok(Fetched::Budgets(Default::default())),
            }
        }
    }

    fn tile(t: usize) -> String {
        format!("tile-{t}")
    }

    fn action(t: usize) -> Action {
        match t {
            3 => Action::Today,
            _ => Action::Balance,
        }
    }

    fn account_setting(a: usize) -> Value {
        match a {
            0 => json!({}),
            a => json!({ "account": ACCOUNTS[a] }),
        }
    }

    /// What the person did, per account id: op indices.
    #[derive(Default)]
    struct Person {
        acted: BTreeMap<String, usize>,
        disconnected: BTreeMap<String, usize>,
        /// Keys the person gave this account, or found pending for it at the start.
        given: BTreeMap<String, BTreeSet<String>>,
    }

    struct Story {
        deck: Deck,
        tiles: BTreeMap<usize, usize>,
        person: Person,
        /// A getGlobalSettings answer was delivered since the last start.
        read: bool,
        /// The PI only talks once the settings were read (skips PI ops before).
        pi_waits: bool,
    }

    impl Story {
        fn apply(&mut self, op: &Op, at: usize) -> Vec<Command> {
            let pi_op = matches!(
                op,
                Op::Connect(..) | Op::ConnectJunk(_) | Op::Disconnect(_) | Op::Rename(..)
            );
            if pi_op && self.pi_waits && !self.read {
                return Vec::new();
            }
            if matches!(op, Op::Deliver | Op::DeliverOne | Op::DeliverMerged)
                && !self.deck.asks.is_empty()
            {
                self.read = true;
            }
            if matches!(op, Op::Restart) {
                self.read = false;
            }
            let deck = &mut self.deck;
            match op {
                Op::Deliver => deck.deliver_all(),
                Op::DeliverOne => deck.deliver_one().unwrap_or_default(),
                Op::DeliverMerged => match deck.asks.len() {
                    0 => Vec::new(),
                    _ => {
                        deck.asks.clear();
                        let now = deck.disk.clone();
                        deck.send(settings_event(&now))
                    }
                },
                Op::Lose => {
                    deck.asks.clear();
                    Vec::new()
                }
                Op::Restart => {
                    let now = deck.sim.now;
                    deck.sim = Sim::new(now);
                    deck.asks.clear();
                    let mut out = deck.send(EventKind::Started);
                    for (t, a) in self.tiles.clone() {
                        out.extend(deck.run(|s| s.appear(action(t), &tile(t), account_setting(a))));
                    }
                    out
                }
                Op::Appear(t, a) => {
                    self.tiles.insert(*t, *a);
                    deck.run(|s| s.appear(action(*t), &tile(*t), account_setting(*a)))
                }
                Op::Switch(t, a) => {
                    if self.tiles.contains_key(t) {
                        self.tiles.insert(*t, *a);
                    }
                    deck.send(EventKind::DidReceiveSettings {
                        action: action(*t).uuid().into(),
                        context: tile(*t),
                        settings: account_setting(*a),
                    })
                }
                Op::Disappear(t) => {
                    self.tiles.remove(t);
                    deck.send(EventKind::WillDisappear {
                        action: action(*t).uuid().into(),
                        context: tile(*t),
                    })
                }
                Op::PiAppear(t) => deck.send(EventKind::PropertyInspectorDidAppear {
                    action: action(*t).uuid().into(),
                    context: tile(*t),
                }),
                Op::Connect(a, n, by_name) => {
                    let name = ACCOUNTS[*a].to_owned();
                    self.person.acted.insert(name.clone(), at);
                    self.person
                        .given
                        .entry(name.clone())
                        .or_default()
                        .insert(pool_key(*a, *n));
                    let account = match (*a, *by_name) {
                        (0, false) => None,
                        _ => Some(id(&name)),
                    };
                    deck.pi(
                        "tile-0",
                        PiMessage::Connect {
                            key: Some(key(&pool_key(*a, *n))),
                            account,
                            label: by_name.then(|| name.to_uppercase()),
                        },
                    )
                }
                Op::ConnectJunk(a) => deck.pi(
                    "tile-0",
                    PiMessage::Connect {
                        key: None,
                        account: (*a > 0).then(|| id(ACCOUNTS[*a])),
                        label: None,
                    },
                ),
                Op::Disconnect(a) => {
                    let name = ACCOUNTS[*a].to_owned();
                    self.person.acted.insert(name.clone(), at);
                    self.person.disconnected.insert(name, at);
                    deck.pi(
                        "tile-0",
                        PiMessage::Disconnect {
                            account: (*a > 0).then(|| id(ACCOUNTS[*a])),
                        },
                    )
                }
                Op::Rename(a, l) => deck.pi(
                    "tile-0",
                    PiMessage::Rename {
                        account: id(ACCOUNTS[*a]),
                        label: ["A", "Bee", "Sea"][*l].into(),
                    },
                ),
                Op::Answer(offline, limited) => {
                    let r = reply(*offline, *limited);
                    deck.run(|s| s.answer_by_key(r))
                }
                Op::AnswerOne => deck.run(|s| {
                    let Some((fetch, endpoint)) = s.open.first().cloned() else {
                        return Vec::new();
                    };
                    s.open.remove(0);
                    let result = match s.sent_with.remove(&fetch) {
                        Some(k) => reply(false, None)(endpoint.clone(), &k),
                        None => Err(ApiError::Offline),
                    };
                    s.send(EventKind::Fetched {
                        id: fetch,
                        endpoint,
                        result,
                    })
                }),
                Op::Advance(ms) => deck.run(|s| s.advance(*ms)),
                Op::Hold(t) => deck.run(|s| {
                    let mut out = s.hold(&tile(*t));
                    out.extend(s.send(EventKind::KeyUp { context: tile(*t) }));
                    out
                }),
                Op::Echo => {
                    let disk = deck.disk.clone();
                    deck.send(settings_event(&disk))
                }
                Op::ExtRemove(a) => {
                    let name = ACCOUNTS[*a].to_owned();
                    self.person.acted.insert(name.clone(), at);
                    self.person.disconnected.insert(name.clone(), at);
                    if let Some(list) = deck.disk.get_mut("accounts").and_then(Value::as_array_mut)
                    {
                        list.retain(|e| e["id"] != name.as_str());
                    }
                    let disk = deck.disk.clone();
                    deck.send(settings_event(&disk))
                }
                Op::ExtSetKey(a, n) => {
                    let name = ACCOUNTS[*a].to_owned();
                    self.person.acted.insert(name.clone(), at);
                    self.person.disconnected.insert(name.clone(), at);
                    let k = pool_key(*a, *n);
                    if *a == 0 {
                        deck.disk["managementKey"] = k.into();
                    } else {
                        if !deck.disk.get("accounts").is_some_and(Value::is_array) {
                            deck.disk["accounts"] = json!([]);
                        }
                        let list = deck.disk["accounts"].as_array_mut().unwrap();
                        match list.iter_mut().find(|e| e["id"] == name.as_str()) {
                            Some(e) => e["key"] = k.into(),
                            None => list.push(json!({"id": name, "label": "Ext", "key": k})),
                        }
                    }
                    let disk = deck.disk.clone();
                    deck.send(settings_event(&disk))
                }
            }
        }
    }

    type Entries = BTreeMap<String, (Option<String>, Option<String>)>;

    /// The keys on disk now against the keys on disk before this op.
    fn check_disk(
        before: &Entries,
        now: &Entries,
        since: &BTreeMap<(String, String), usize>,
        person: &Person,
    ) -> Result<(), String> {
        for (account, (stored, pending)) in before {
            let (now_stored, now_pending) = now.get(account).cloned().unwrap_or_default();
            if let Some(k) = stored {
                let appeared = since
                    .get(&(account.clone(), k.clone()))
                    .copied()
                    .unwrap_or(0);
                let disconnected = person
                    .disconnected
                    .get(account)
                    .is_some_and(|at| *at >= appeared);
                let fine = match &now_stored {
                    Some(now_k) if now_k == k => true,
                    Some(now_k) => {
                        let given = person.given.get(account).is_some_and(|g| g.contains(now_k));
                        let proven = who(now_k).is_some_and(|(_, n)| kind(n) == Kind::Good);
                        (given && proven) || disconnected
                    }
                    None => disconnected,
                };
                if !fine {
                    return Err(format!(
                        "{account}'s stored key {} (on disk since op {appeared}) became {:?}",
                        &k[k.len() - 4..],
                        now_stored.as_ref().map(|k| &k[k.len() - 4..])
                    ));
                }
            }
            if let Some(p) = pending {
                let appeared = since
                    .get(&(account.clone(), p.clone()))
                    .copied()
                    .unwrap_or(0);
                let acted = person.acted.get(account).is_some_and(|at| *at >= appeared);
                let refuted =
                    who(p).is_some_and(|(_, n)| kind(n) != Kind::Good && kind(n) != Kind::Flaky);
                let fine = now_pending.as_ref() == Some(p)
                    || now_stored.as_ref() == Some(p)
                    || refuted
                    || acted;
                if !fine {
                    return Err(format!(
                        "{account}'s pending key {} (on disk since op {appeared}) was dropped; now {:?}/{:?}",
                        &p[p.len() - 4..],
                        now_stored.as_ref().map(|k| &k[k.len() - 4..]),
                        now_pending.as_ref().map(|k| &k[k.len() - 4..])
                    ));
                }
            }
        }
        for (account, (stored, pending)) in now {
            for k in stored.iter().chain(pending) {
                let owner = who(k).map(|(a, _)| ACCOUNTS[a]);
                if owner != Some(account.as_str()) {
                    return Err(format!("{account} holds {owner:?}'s key"));
                }
            }
        }
        Ok(())
    }

    fn amount(text: &str) -> Option<f64> {
        text.trim_start_matches('$').replace(',', "").parse().ok()
    }

    fn run_story(first: Value, ops: &[Op]) -> Result<(), TestCaseError> {
        run_story_with(first, ops, false, true)
    }

    fn run_story_with(
        first: Value,
        ops: &[Op],
        pi_waits: bool,
        disk_rules: bool,
    ) -> Result<(), TestCaseError> {
        let secrets: Vec<String> = (0..4)
            .flat_map(|a| (0..5).map(move |n| pool_key(a, n)))
            .collect();
        let mut person = Person::default();
        for (account, (_, pending)) in entries(&first) {
            if let Some(p) = pending {
                person.given.entry(account).or_default().insert(p);
            }
        }
        let mut story = Story {
            deck: Deck::new(first),
            tiles: BTreeMap::new(),
            person,
            read: false,
            pi_waits,
        };
        story.deck.send(EventKind::Started);
        let mut before = entries(&story.deck.disk);
        let mut since: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (at, op) in ops.iter().enumerate() {
            let at = at + 1;
            let out = story.apply(op, at);
            for command in &out {
                let printed = serde_json::to_string(command).unwrap();
                let shown = match command {
                    Command::StoreKey { .. } | Command::ClearKey => String::new(),
                    other => match encode(other, "P") {
                        Outbound::Text(t) => t,
                        _ => String::new(),
                    },
                };
                for secret in &secrets {
                    prop_assert!(!printed.contains(secret.as_str()), "key in {}", printed);
                    prop_assert!(
                        !shown.contains(secret.as_str()),
                        "key on the wire: {}",
                        shown
                    );
                }
            }
            let now = entries(&story.deck.disk);
            let checked = match disk_rules {
                true => check_disk(&before, &now, &since, &story.person),
                false => Ok(()),
            };
            if let Err(e) = checked {
                return Err(TestCaseError::fail(format!(
                    "op {at} {op:?}: {e}\ndisk {}",
                    story.deck.disk
                )));
            }
            for (account, (stored, pending)) in &now {
                for k in stored.iter().chain(pending) {
                    let was = before
                        .get(account)
                        .is_some_and(|(s, p)| s.as_ref() == Some(k) || p.as_ref() == Some(k));
                    if !was {
                        since.insert((account.clone(), k.clone()), at);
                    }
                }
            }
            before = now;
            for (t, a) in &story.tiles {
                if action(*t) != Action::Balance {
                    continue;
                }
                let Some(view) = story.deck.sim.view(&tile(*t)) else {
                    continue;
                };
                if let Body::Hero { value, .. } = &view.body {
                    let Some(shown) = amount(&value.text) else {
                        continue;
                    };
                    let mut own: Vec<f64> = (0..5).map(|n| remaining(*a, n)).collect();
                    own.push(0.0);
                    prop_assert!(
                        own.contains(&shown),
                        "op {} {:?}: tile {} on {} shows {}",
                        at,
                        op,
                        t,
                        ACCOUNTS[*a],
                        value.text
                    );
                }
            }
        }
        let recording = serde_json::to_string(&story.deck.sim.events).unwrap();
        for secret in &secrets {
            prop_assert!(
                !recording.contains(secret.as_str()),
                "a key in the recording"
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 384, failure_persistence: None, ..ProptestConfig::default() })]

        /// Everything goes, including PI actions before the settings are read.
        #[test]
        fn disk_never_loses_a_key(first in disk(), ops in prop::collection::vec(op(), 1..45)) {
            run_story(first, &ops)?;
        }

        /// The same stories, but the settings are read before the person can act (the PI only
        /// talks once Stream Deck has answered): isolates everything but the read-ordering bug.
        #[test]
        fn disk_never_loses_a_key_once_read(first in disk(), ops in prop::collection::vec(op_after_read(), 1..60)) {
            let ops: Vec<Op> = std::iter::once(Op::Deliver).chain(ops).collect();
            run_story(first, &ops)?;
        }

        /// Restarts, lost and slow answers, retried getGlobalSettings answered late: but the PI
        /// only talks once the plugin has read the settings since its start.
        #[test]
        fn disk_never_loses_a_key_when_the_pi_waits_for_the_read(first in disk(), ops in prop::collection::vec(op(), 1..60)) {
            // Stream Deck answers whatever it was asked in one burst (no fetch answer between).
            let ops: Vec<Op> = ops
                .into_iter()
                .map(|op| match op {
                    Op::DeliverOne => Op::Deliver,
                    other => other,
                })
                .collect();
            run_story_with(first, &ops, true, true)?;
        }

        /// Everything goes, the disk rules off: no panic, no key printed, no tile crossed.
        #[test]
        fn anything_goes_without_panic_leak_or_crossing(first in disk(), ops in prop::collection::vec(prop_oneof![op(), op_after_read()], 1..60)) {
            run_story_with(first, &ops, false, false)?;
        }

        /// As above, but Stream Deck answers a retried getGlobalSettings late, after the plugin
        /// has read an earlier answer and acted on it.
        #[test]
        fn disk_never_loses_a_key_with_late_retry_answers(first in disk(), ops in prop::collection::vec(op(), 1..60)) {
            run_story_with(first, &ops, true, true)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Promise 6: no panic on events no parser makes (recordings deserialise ids unchecked).

mod wild {
    use super::*;
    use proptest::prelude::*;

    fn raw_id() -> impl Strategy<Value = AccountId> {
        prop::sample::select(vec![
            "default", "", "work", "w", "a b", "DEFAULT", "x9", "☃",
        ])
        .prop_map(|s| serde_json::from_value::<AccountId>(json!(s)).unwrap())
    }

    fn raw_key() -> impl Strategy<Value = Option<ApiKey>> {
        prop::option::of(prop::sample::select(vec![HOME, WORK, NEW, CLIENT]).prop_map(key))
    }

    fn event() -> impl Strategy<Value = EventKind> {
        let account = (raw_id(), raw_key(), raw_key(), any::<bool>()).prop_map(|(id, k, p, u)| {
            StoredAccount {
                id,
                label: "L".into(),
                key: k,
                pending: p,
                unusable: u,
                kept: None,
            }
        });
        prop_oneof![
            (raw_key(), raw_key(), prop::collection::vec(account, 0..24)).prop_map(
                |(key, pending, accounts)| EventKind::DidReceiveGlobalSettings {
                    key,
                    pending,
                    unusable: false,
                    label: None,
                    accounts,
                    skipped_accounts: 0,
                    kept: Default::default(),
                }
            ),
            (
                raw_id(),
                raw_key(),
                prop::option::of(Just("Lbl".to_owned()))
            )
                .prop_map(|(a, key, label)| EventKind::SendToPlugin {
                    action: Action::Balance.uuid().into(),
                    context: "c".into(),
                    message: PiMessage::Connect {
                        key,
                        account: Some(a),
                        label,
                    },
                }),
            raw_id().prop_map(|a| EventKind::SendToPlugin {
                action: Action::Balance.uuid().into(),
                context: "c".into(),
                message: PiMessage::Disconnect { account: Some(a) },
            }),
            raw_id().prop_map(|a| EventKind::SendToPlugin {
                action: Action::Balance.uuid().into(),
                context: "c".into(),
                message: PiMessage::Rename {
                    account: a,
                    label: String::new(),
                },
            }),
            (prop::sample::select(vec!["c", "d"]), raw_id()).prop_map(|(c, a)| {
                EventKind::WillAppear {
                    action: Action::Today.uuid().into(),
                    context: c.into(),
                    settings: json!({"account": a.as_str()}),
                    controller: None,
                    device: None,
                }
            }),
            Just(EventKind::PropertyInspectorDidAppear {
                action: Action::Balance.uuid().into(),
                context: "c".into()
            }),
            Just(EventKind::Wake),
            Just(EventKind::SystemDidWakeUp),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_panic_on_unchecked_ids(events in prop::collection::vec(event(), 1..30), answers in prop::collection::vec(any::<bool>(), 30)) {
            let mut sim = Sim::new(MORNING);
            sim.send(EventKind::Started);
            for (event, answer) in events.into_iter().zip(answers) {
                sim.send(event);
                sim.now = sim.now.plus_millis(7 * SECOND_MS);
                if answer {
                    sim.answer_by_key(good);
                }
                sim.advance(MINUTE_MS);
            }
        }
    }
}
