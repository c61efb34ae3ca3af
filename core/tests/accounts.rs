//! Several OpenRouter accounts on one deck, told to the core with simulated time: each account's
//! tiles show its own numbers, each key goes only with its own account's requests, one account's
//! trouble stays on its own tiles, and accounts are added, renamed and removed from the Property
//! Inspector with the global settings written back whole.

use openbalance_core::action::Action;
use openbalance_core::openrouter::{Activity, ApiError, Credits, Endpoint, Fetched, KeyInfo};
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::MINUTE_MS;
use openbalance_core::{
    AccountId, ApiKey, Command, EventKind, KeyStatus, PiMessage, StoredAccount, POLL_INTERVAL_MS,
};
use serde_json::json;

mod common;

use common::{id, key, CLIENT, HOME, MORNING, WORK};

const NEW_WORK: &str = "sk-or-v1-work0000000000000000000000000000000000000000000000000000003333";

fn work_account(key_text: Option<&str>) -> StoredAccount {
    StoredAccount {
        id: id("work"),
        label: "Work".into(),
        key: key_text.map(key),
        pending: None,
        unusable: false,
        kept: None,
    }
}

/// What each key's account holds: distinct numbers, so a crossed key shows on the wrong tile.
fn credits_of(k: &ApiKey) -> Credits {
    let (total, used) = match k.expose() {
        HOME => (100.0, 10.0),
        WORK => (50.0, 45.0),
        NEW_WORK => (70.0, 7.0),
        CLIENT => (30.0, 1.0),
        _ => (0.0, 0.0),
    };
    Credits {
        total_credits: total,
        total_usage: used,
    }
}

/// OpenRouter, answering each request for the key it carries; `revoked` keys get a 401.
fn openrouter(
    revoked: &'static [&'static str],
) -> impl FnMut(Endpoint, &ApiKey) -> Result<Fetched, ApiError> {
    move |endpoint, k| {
        if revoked.contains(&k.expose()) {
            return Err(ApiError::KeyRejected);
        }
        Ok(match endpoint {
            Endpoint::Credits => Fetched::Credits(credits_of(k)),
            Endpoint::Activity => Fetched::Activity(Activity::from_rows(Vec::new())),
            Endpoint::Key => Fetched::Key(KeyInfo {
                is_management_key: true,
            }),
            Endpoint::Keys { .. } => Fetched::Keys(Default::default()),
            Endpoint::Workspaces { .. } => Fetched::Workspaces(Default::default()),
            Endpoint::Budgets { .. } => Fetched::Budgets(Default::default()),
        })
    }
}

/// Started with the home key as the default account and Work beside it; a Balance tile on each,
/// and a second Work tile (Top Models) that must not make Work poll twice.
fn two_accounts() -> (Sim, Vec<Command>) {
    let mut sim = Sim::new(MORNING);
    let mut out = sim.send(EventKind::Started);
    out.extend(sim.send(EventKind::DidReceiveGlobalSettings {
        key: Some(key(HOME)),
        pending: None,
        unusable: false,
        label: Some("Home".into()),
        accounts: vec![work_account(Some(WORK))],
        skipped_accounts: 0,
        kept: Default::default(),
    }));
    out.extend(sim.appear(Action::Balance, "home-balance", json!({})));
    out.extend(sim.appear(Action::Balance, "work-balance", json!({"account": "work"})));
    out.extend(sim.appear(Action::TopModels, "work-top", json!({"account": "work"})));
    (sim, out)
}

/// Every fetch in `commands` with the key it carries, as `(endpoint, key text)`.
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

fn count(fetches: &[(Endpoint, String)], endpoint: Endpoint, key: &str) -> usize {
    fetches
        .iter()
        .filter(|(e, k)| *e == endpoint && k == key)
        .count()
}

fn stores(commands: &[Command]) -> Vec<&Command> {
    commands
        .iter()
        .filter(|c| matches!(c, Command::StoreKey { .. } | Command::ClearKey))
        .collect()
}

#[test]
fn each_account_polls_once_with_its_own_key_and_its_tiles_show_its_own_numbers() {
    let (mut sim, out) = two_accounts();
    let sent = fetches(&out);
    assert_eq!(count(&sent, Endpoint::Credits, HOME), 1, "{sent:?}");
    assert_eq!(count(&sent, Endpoint::Activity, HOME), 1);
    assert_eq!(
        count(&sent, Endpoint::Credits, WORK),
        1,
        "two Work tiles, one poll"
    );
    assert_eq!(count(&sent, Endpoint::Activity, WORK), 1);
    assert_eq!(sent.len(), 4, "{sent:?}");
    sim.answer_by_key(openrouter(&[]));
    let home = sim.view("home-balance").unwrap();
    let work = sim.view("work-balance").unwrap();
    assert!(
        sim.texts("home-balance").contains("$90.00"),
        "{}",
        sim.texts("home-balance")
    );
    assert!(
        sim.texts("work-balance").contains("$5.00"),
        "{}",
        sim.texts("work-balance")
    );
    assert_eq!(home.account.map(|t| t.text), Some("HOME".into()));
    assert_eq!(work.account.map(|t| t.text), Some("WORK".into()));

    // A quarter of an hour later each account polls again, on its own schedule, once.
    let out = sim.advance(POLL_INTERVAL_MS);
    let sent = fetches(&out);
    for k in [HOME, WORK] {
        assert_eq!(count(&sent, Endpoint::Credits, k), 1, "{sent:?}");
        assert_eq!(count(&sent, Endpoint::Activity, k), 1, "{sent:?}");
    }
}

#[test]
fn one_account_revoked_leaves_the_other_untouched() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    let home_before = sim.view("home-balance");
    sim.advance(POLL_INTERVAL_MS);
    let out = sim.answer_by_key(openrouter(&[WORK]));
    assert!(
        sim.texts("work-balance").contains("Key rejected"),
        "{}",
        sim.texts("work-balance")
    );
    assert!(
        sim.texts("work-top").contains("Key rejected"),
        "{}",
        sim.texts("work-top")
    );
    assert_eq!(
        sim.view("home-balance"),
        home_before,
        "Home's tile is not touched"
    );
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Draw { context, .. } if context == "home-balance")),
        "Home's tile is not even redrawn"
    );
    // Home keeps polling on its schedule, Work's key is not sent again and again.
    let out = sim.advance(POLL_INTERVAL_MS);
    let sent = fetches(&out);
    assert_eq!(count(&sent, Endpoint::Credits, HOME), 1, "{sent:?}");
    sim.answer_by_key(openrouter(&[WORK]));
    assert!(sim.texts("home-balance").contains("$90.00"));
}

#[test]
fn offline_for_one_account_is_only_that_accounts_badge() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    sim.advance(POLL_INTERVAL_MS);
    let mut base = openrouter(&[]);
    sim.answer_by_key(|endpoint, k| match k.expose() {
        WORK => Err(ApiError::Offline),
        _ => base(endpoint, k),
    });
    let work = sim.view("work-balance").unwrap();
    let home = sim.view("home-balance").unwrap();
    assert!(work.badge.is_some(), "Work's numbers are stale: {work:?}");
    assert_eq!(home.badge, None, "Home's are not");
}

#[test]
fn a_tile_switched_to_another_account_polls_it_and_the_old_one_stops_when_unshown() {
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.send(EventKind::DidReceiveGlobalSettings {
        key: Some(key(HOME)),
        pending: None,
        unusable: false,
        label: None,
        accounts: vec![work_account(Some(WORK))],
        skipped_accounts: 0,
        kept: Default::default(),
    });
    let out = sim.appear(Action::Balance, "b", json!({}));
    assert_eq!(fetches(&out).len(), 2, "only the shown account polls");
    assert!(fetches(&out).iter().all(|(_, k)| k == HOME));
    sim.answer_by_key(openrouter(&[]));
    assert_eq!(
        sim.view("b").unwrap().account.map(|t| t.text),
        Some("DEFAULT".into()),
        "an unnamed default account is called Default once there are two"
    );
    let out = sim.send(EventKind::DidReceiveSettings {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
        settings: json!({"account": "work"}),
    });
    let sent = fetches(&out);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().all(|(_, k)| k == WORK));
    sim.answer_by_key(openrouter(&[]));
    assert!(sim.texts("b").contains("$5.00"));
    assert_eq!(
        sim.plugin.poll_due_for(&AccountId::default()),
        None,
        "Home is not shown: no poll"
    );
    assert!(sim.plugin.poll_due_for(&id("work")).is_some());
    let later = fetches(&sim.advance(3 * POLL_INTERVAL_MS));
    assert!(later.iter().all(|(_, k)| k == WORK), "{later:?}");
}

#[test]
fn an_account_is_added_from_the_inspector_checked_like_a_key_and_kept_beside_the_default() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(HOME));
    sim.appear(Action::Balance, "home", json!({}));
    sim.answer_by_key(openrouter(&[]));
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "home".into(),
    });
    let out = sim.pi(
        "home",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-client1")),
            label: Some("Client".into()),
        },
    );
    // The key is checked with /key, and waits as the new account's pendingKey meanwhile.
    assert_eq!(fetches(&out), [(Endpoint::Key, CLIENT.to_owned())]);
    let Some(Command::StoreKey {
        key: Some(default_key),
        accounts,
        ..
    }) = stores(&out).first().copied()
    else {
        panic!("the settings are written whole: {out:?}")
    };
    assert_eq!(
        default_key.expose(),
        HOME,
        "the default key is written back with it"
    );
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id, id("acct-client1"));
    assert_eq!(accounts[0].label, "Client");
    assert_eq!(accounts[0].key, None);
    assert_eq!(
        accounts[0].pending.as_ref().map(ApiKey::expose),
        Some(CLIENT)
    );
    // The inspector now hears of both accounts; this tile's is the default.
    let report = out
        .iter()
        .rev()
        .find_map(|c| match c {
            Command::SendKeyStatus { report, .. } => Some(report.clone()),
            _ => None,
        })
        .expect("a status");
    assert_eq!(report.account, Some(AccountId::default()));
    let listed: Vec<(&str, &str, KeyStatus)> = report
        .accounts
        .iter()
        .map(|a| (a.id.as_str(), a.label.as_str(), a.status))
        .collect();
    assert_eq!(
        listed,
        [
            ("default", "Default", KeyStatus::Connected),
            ("acct-client1", "Client", KeyStatus::Checking)
        ]
    );
    assert_eq!(report.accounts[1].last4, "4444");
    // /key says Management; the first poll with it proves it and it is stored.
    let out = sim.answer_by_key(openrouter(&[]));
    let out = [out, sim.answer_by_key(openrouter(&[]))].concat();
    let last = stores(&out).last().copied().cloned();
    let Some(Command::StoreKey { key, accounts, .. }) = last else {
        panic!("stored once proven: {out:?}")
    };
    assert_eq!(key.as_ref().map(ApiKey::expose), Some(HOME));
    assert_eq!(accounts[0].key.as_ref().map(ApiKey::expose), Some(CLIENT));
    assert_eq!(accounts[0].pending, None);
    // The tile for it shows the client's numbers once it is picked.
    sim.appear(
        Action::Balance,
        "client",
        json!({"account": "acct-client1"}),
    );
    sim.answer_by_key(openrouter(&[]));
    assert!(
        sim.texts("client").contains("$29.00"),
        "{}",
        sim.texts("client")
    );
    assert!(sim.texts("home").contains("$90.00"));
}

#[test]
fn a_refused_key_for_a_new_account_stores_no_key_and_says_so() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(HOME));
    sim.appear(Action::Balance, "t", json!({"account": "acct-x"}));
    sim.answer_by_key(openrouter(&[]));
    assert!(sim.texts("t").contains("No account"), "{}", sim.texts("t"));
    let out = sim.pi(
        "t",
        PiMessage::Connect {
            key: Some(key(CLIENT)),
            account: Some(id("acct-x")),
            label: Some("X".into()),
        },
    );
    assert_eq!(fetches(&out), [(Endpoint::Key, CLIENT.to_owned())]);
    let out = sim.answer_by_key(openrouter(&[CLIENT]));
    assert!(
        sim.texts("t").contains("Key rejected"),
        "{}",
        sim.texts("t")
    );
    let Some(Command::StoreKey { key, accounts, .. }) = stores(&out).last().copied() else {
        panic!("{out:?}")
    };
    assert_eq!(
        key.as_ref().map(ApiKey::expose),
        Some(HOME),
        "the default key stays"
    );
    assert_eq!(
        (accounts[0].key.clone(), accounts[0].pending.clone()),
        (None, None)
    );
}

#[test]
fn replacing_one_accounts_key_keeps_the_old_one_until_the_new_one_works() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    let out = sim.pi(
        "work-balance",
        PiMessage::Connect {
            key: Some(key(NEW_WORK)),
            account: Some(id("work")),
            label: None,
        },
    );
    let Some(Command::StoreKey { key, accounts, .. }) = stores(&out).first().copied() else {
        panic!("{out:?}")
    };
    assert_eq!(key.as_ref().map(ApiKey::expose), Some(HOME));
    assert_eq!(
        accounts[0].key.as_ref().map(ApiKey::expose),
        Some(WORK),
        "kept"
    );
    assert_eq!(
        accounts[0].pending.as_ref().map(ApiKey::expose),
        Some(NEW_WORK)
    );
    sim.answer_by_key(openrouter(&[]));
    sim.answer_by_key(openrouter(&[]));
    assert!(
        sim.texts("work-balance").contains("$63.00"),
        "{}",
        sim.texts("work-balance")
    );
    assert!(sim.texts("home-balance").contains("$90.00"));
}

#[test]
fn removing_an_account_forgets_its_key_everywhere_and_its_tiles_say_so() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    sim.advance(POLL_INTERVAL_MS);
    // A poll is under way for both; Work goes in the middle of it.
    assert!(fetches(&sim.history).iter().any(|(_, k)| k == WORK));
    let out = sim.pi(
        "work-balance",
        PiMessage::Disconnect {
            account: Some(id("work")),
        },
    );
    assert!(
        out.iter().any(|c| matches!(c, Command::CancelFetch { .. })),
        "its requests are cancelled: {out:?}"
    );
    let [Command::StoreKey { key, accounts, .. }] = stores(&out)[..] else {
        panic!("{out:?}")
    };
    assert_eq!(key.as_ref().map(ApiKey::expose), Some(HOME));
    assert!(accounts.is_empty());
    assert!(
        sim.texts("work-balance").contains("No account"),
        "{}",
        sim.texts("work-balance")
    );
    assert_eq!(
        sim.view("home-balance").unwrap().account,
        None,
        "one account: no label"
    );
    sim.answer_by_key(openrouter(&[]));
    let later = fetches(&sim.advance(2 * POLL_INTERVAL_MS));
    assert!(
        !later.is_empty() && later.iter().all(|(_, k)| k == HOME),
        "{later:?}"
    );
}

#[test]
fn disconnecting_the_default_keeps_the_other_accounts() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    let out = sim.pi("home-balance", PiMessage::disconnect());
    let [Command::StoreKey { key, accounts, .. }] = stores(&out)[..] else {
        panic!("{out:?}")
    };
    assert_eq!(key, &None);
    assert_eq!(accounts[0].key.as_ref().map(ApiKey::expose), Some(WORK));
    assert!(
        sim.texts("home-balance").contains("No key"),
        "{}",
        sim.texts("home-balance")
    );
    assert!(sim.texts("work-balance").contains("$5.00"));
}

#[test]
fn a_rename_is_written_back_and_drawn() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    let out = sim.pi(
        "work-balance",
        PiMessage::Rename {
            account: id("work"),
            label: "Acme".into(),
        },
    );
    let [Command::StoreKey {
        label, accounts, ..
    }] = stores(&out)[..]
    else {
        panic!("{out:?}")
    };
    assert_eq!(label.as_deref(), Some("Home"));
    assert_eq!(accounts[0].label, "Acme");
    assert_eq!(accounts[0].key.as_ref().map(ApiKey::expose), Some(WORK));
    assert_eq!(
        sim.view("work-balance").unwrap().account.map(|t| t.text),
        Some("ACME".into())
    );
}

#[test]
fn global_settings_that_drop_an_account_remove_it_and_a_new_list_adds_them() {
    let (mut sim, _) = two_accounts();
    sim.answer_by_key(openrouter(&[]));
    sim.send(EventKind::DidReceiveGlobalSettings {
        key: Some(key(HOME)),
        pending: None,
        unusable: false,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    });
    assert!(sim.texts("work-balance").contains("No account"));
    let out = sim.send(EventKind::DidReceiveGlobalSettings {
        key: Some(key(HOME)),
        pending: None,
        unusable: false,
        label: None,
        accounts: vec![work_account(Some(WORK))],
        skipped_accounts: 0,
        kept: Default::default(),
    });
    assert_eq!(fetches(&out).iter().filter(|(_, k)| k == WORK).count(), 2);
    sim.answer_by_key(openrouter(&[]));
    assert!(sim.texts("work-balance").contains("$5.00"));
}

#[test]
fn works_spike_tile_is_not_changed_by_homes_poll_while_work_is_offline() {
    let (mut sim, _) = two_accounts();
    sim.appear(Action::SpikeAlert, "work-spike", json!({"account": "work"}));
    sim.answer_by_key(openrouter(&[]));
    // (That an acknowledgement ends only with its own account's poll is `board.rs`'s test.)
    let before = sim.view("work-spike");
    sim.advance(POLL_INTERVAL_MS);
    let mut base = openrouter(&[]);
    sim.answer_by_key(|endpoint, k| match k.expose() {
        WORK => Err(ApiError::Offline),
        _ => base(endpoint, k),
    });
    let after = sim.view("work-spike");
    assert_eq!(
        before.map(|v| v.header.text),
        after.map(|v| v.header.text),
        "Work's tile header unchanged by Home's poll"
    );
}

mod crossing {
    //! Random stories over three accounts: keys come and go, tiles move between accounts,
    //! OpenRouter answers each request for the key it carries (some revoked, some offline). No
    //! tile ever shows another account's balance, no account's settings entry ever holds another
    //! account's key, and no command prints a key.

    use super::*;
    use openbalance_core::view::Body;
    use proptest::prelude::*;

    const ACCOUNTS: [&str; 3] = ["default", "work", "client"];

    /// Two keys per account, each with its own balance ($99, $109, … $149) and last four.
    fn pool_key(account: usize, n: usize) -> String {
        format!(
            "sk-or-v1-prop{account}{n}{}{account}{n}{account}{n}",
            "0".repeat(40)
        )
    }

    fn remaining_of(k: &str) -> Option<f64> {
        (0..3)
            .flat_map(|a| (0..2).map(move |n| (a, n)))
            .find_map(|(a, n)| (pool_key(a, n) == k).then(|| 99.0 + 10.0 * (a * 2 + n) as f64))
    }

    fn owner_of(k: &str) -> Option<usize> {
        (0..3).find(|a| (0..2).any(|n| pool_key(*a, n) == k))
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// The global settings: the default's key, and which other accounts exist with which key.
        Settings(Option<usize>, Vec<(usize, Option<usize>)>),
        Appear(usize, usize),
        Disappear(usize),
        Switch(usize, usize),
        Connect(usize, usize),
        Disconnect(usize),
        /// Answer everything; keys with these (account, n) are revoked, `offline` fails them all.
        Answer(Vec<(usize, usize)>, bool),
        Advance(i64),
        Hold(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let key = || prop::option::of(0usize..2);
        prop_oneof![
            (key(), prop::collection::vec((1usize..3, key()), 0..3))
                .prop_map(|(d, a)| Op::Settings(d, a)),
            (0usize..4, 0usize..3).prop_map(|(t, a)| Op::Appear(t, a)),
            (0usize..4).prop_map(Op::Disappear),
            (0usize..4, 0usize..3).prop_map(|(t, a)| Op::Switch(t, a)),
            (0usize..3, 0usize..2).prop_map(|(a, n)| Op::Connect(a, n)),
            (0usize..3).prop_map(Op::Disconnect),
            (
                prop::collection::vec((0usize..3, 0usize..2), 0..2),
                prop::bool::weighted(0.15)
            )
                .prop_map(|(r, o)| Op::Answer(r, o)),
            Just(Op::Answer(Vec::new(), false)),
            prop::sample::select(vec![
                MINUTE_MS,
                2_000,
                POLL_INTERVAL_MS,
                3 * POLL_INTERVAL_MS
            ])
            .prop_map(Op::Advance),
            (0usize..4).prop_map(Op::Hold),
        ]
    }

    fn tile(t: usize) -> String {
        format!("tile-{t}")
    }

    fn account_setting(a: usize) -> serde_json::Value {
        match a {
            0 => json!({}),
            a => json!({"account": ACCOUNTS[a]}),
        }
    }

    fn apply(sim: &mut Sim, op: &Op) -> Vec<Command> {
        match op {
            Op::Settings(default, others) => {
                let mut seen = Vec::new();
                let accounts = others
                    .iter()
                    .filter(|(a, _)| {
                        let fresh = !seen.contains(a);
                        seen.push(*a);
                        fresh
                    })
                    .map(|(a, n)| StoredAccount {
                        id: id(ACCOUNTS[*a]),
                        label: ACCOUNTS[*a].to_uppercase(),
                        key: n.map(|n| key(&pool_key(*a, n))),
                        pending: None,
                        unusable: false,
                        kept: None,
                    })
                    .collect();
                sim.send(EventKind::DidReceiveGlobalSettings {
                    key: default.map(|n| key(&pool_key(0, n))),
                    pending: None,
                    unusable: false,
                    label: None,
                    accounts,
                    skipped_accounts: 0,
                    kept: Default::default(),
                })
            }
            Op::Appear(t, a) => sim.appear(Action::Balance, &tile(*t), account_setting(*a)),
            Op::Disappear(t) => sim.send(EventKind::WillDisappear {
                action: Action::Balance.uuid().into(),
                context: tile(*t),
            }),
            Op::Switch(t, a) => sim.send(EventKind::DidReceiveSettings {
                action: Action::Balance.uuid().into(),
                context: tile(*t),
                settings: account_setting(*a),
            }),
            Op::Connect(a, n) => sim.pi(
                "tile-0",
                PiMessage::Connect {
                    key: Some(key(&pool_key(*a, *n))),
                    account: (*a > 0).then(|| id(ACCOUNTS[*a])),
                    label: Some(ACCOUNTS[*a].to_uppercase()),
                },
            ),
            Op::Disconnect(a) => sim.pi(
                "tile-0",
                PiMessage::Disconnect {
                    account: (*a > 0).then(|| id(ACCOUNTS[*a])),
                },
            ),
            Op::Answer(revoked, offline) => {
                let revoked: Vec<String> = revoked.iter().map(|(a, n)| pool_key(*a, *n)).collect();
                let offline = *offline;
                sim.answer_by_key(move |endpoint, k| {
                    if offline {
                        return Err(ApiError::Offline);
                    }
                    if revoked.iter().any(|r| r == k.expose()) {
                        return Err(ApiError::KeyRejected);
                    }
                    Ok(match endpoint {
                        Endpoint::Credits => Fetched::Credits(Credits {
                            total_credits: remaining_of(k.expose()).unwrap_or(0.0) + 1.0,
                            total_usage: 1.0,
                        }),
                        Endpoint::Activity => Fetched::Activity(Activity::from_rows(Vec::new())),
                        Endpoint::Key => Fetched::Key(KeyInfo {
                            is_management_key: true,
                        }),
                        Endpoint::Keys { .. } => Fetched::Keys(Default::default()),
                        Endpoint::Workspaces { .. } => Fetched::Workspaces(Default::default()),
                        Endpoint::Budgets { .. } => Fetched::Budgets(Default::default()),
                    })
                })
            }
            Op::Advance(ms) => sim.advance(*ms),
            Op::Hold(t) => {
                let mut out = sim.hold(&tile(*t));
                out.extend(sim.send(EventKind::KeyUp { context: tile(*t) }));
                out
            }
        }
    }

    fn amount(text: &str) -> Option<f64> {
        text.trim_start_matches('$').replace(',', "").parse().ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn keys_never_cross_accounts(ops in prop::collection::vec(op(), 1..40)) {
            let mut sim = Sim::new(MORNING);
            sim.send(EventKind::Started);
            let secrets: Vec<String> = (0..3).flat_map(|a| (0..2).map(move |n| pool_key(a, n))).collect();
            // Which account each open request was made for is unknown to a test; the key it
            // carries and the tile it fed are what must agree.
            let mut tiles: std::collections::BTreeMap<usize, usize> = Default::default();
            for op in &ops {
                match op {
                    Op::Appear(t, a) => { tiles.insert(*t, *a); }
                    // Settings for a tile that is not there change nothing.
                    Op::Switch(t, a) if tiles.contains_key(t) => { tiles.insert(*t, *a); }
                    Op::Disappear(t) => { tiles.remove(t); }
                    _ => {}
                }
                let out = apply(&mut sim, op);
                for command in &out {
                    let printed = serde_json::to_string(command).unwrap();
                    for secret in &secrets {
                        prop_assert!(!printed.contains(secret.as_str()), "a key printed: {}", printed);
                    }
                    if let Command::StoreKey { key, pending, accounts, .. } = command {
                        for k in key.iter().chain(pending) {
                            prop_assert_eq!(owner_of(k.expose()), Some(0), "default holds another account's key");
                        }
                        for entry in accounts {
                            let a = ACCOUNTS.iter().position(|x| *x == entry.id.as_str()).unwrap();
                            for k in entry.key.iter().chain(&entry.pending) {
                                prop_assert_eq!(owner_of(k.expose()), Some(a), "{} holds another account's key", entry.id);
                            }
                        }
                    }
                    if let Command::SendKeyStatus { report, .. } = command {
                        for listed in &report.accounts {
                            let a = ACCOUNTS.iter().position(|x| *x == listed.id.as_str()).unwrap();
                            let own: Vec<String> = (0..2).map(|n| pool_key(a, n)[pool_key(a, n).len() - 4..].to_owned()).collect();
                            prop_assert!(listed.last4.is_empty() || own.contains(&listed.last4), "{:?}", listed);
                        }
                    }
                }
                for (t, a) in &tiles {
                    let Some(view) = sim.view(&tile(*t)) else { continue };
                    if let Body::Hero { value, .. } = &view.body {
                        let Some(shown) = amount(&value.text) else { continue };
                        let own: Vec<f64> = (0..2).filter_map(|n| remaining_of(&pool_key(*a, n))).collect();
                        prop_assert!(own.contains(&shown), "tile {} on {} shows {} (own: {:?})", t, ACCOUNTS[*a], value.text, own);
                    }
                }
            }
        }
    }
}
