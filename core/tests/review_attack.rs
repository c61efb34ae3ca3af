//! A reviewer's attack on issues 18 and 22, told to the whole core with simulated time: the walk
//! over workspaces under partial failure, the Budget tile's alert, the tap's address. Each test
//! names the finding it reproduces.

use openbalance_core::action::Action;
use openbalance_core::openrouter::{
    ApiError, Budget, Budgets, Credits, Endpoint, Fetched, Interval, KeyHash, KeyInfo, KeyLimit,
    KeyRow, KeysPage, RetryAfter, Usage, Workspace, WorkspaceId, WorkspacesPage,
};
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::{HOUR_MS, MINUTE_MS};
use openbalance_core::{ApiKey, Command, Timestamp};
use serde_json::json;

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
/// 2025-11-25 08:00 UTC.
const MORNING: Timestamp = Timestamp(1_764_028_800_000 + 8 * HOUR_MS);

fn credits() -> Credits {
    Credits {
        total_credits: 100.0,
        total_usage: 10.0,
    }
}

fn ws(id: &str, name: &str) -> Workspace {
    Workspace {
        id: WorkspaceId::parse(id).expect("an id"),
        name: name.to_owned(),
        slug: None,
    }
}

fn row(hash: Option<&str>, name: &str, workspace: &str, daily: f64) -> KeyRow {
    KeyRow {
        hash: hash.and_then(KeyHash::parse),
        name: name.to_owned(),
        workspace: WorkspaceId::parse(workspace),
        usage: Usage {
            daily,
            weekly: daily,
            monthly: daily,
            total: daily,
        },
        ..KeyRow::default()
    }
}

fn limited(hash: &str, name: &str, workspace: &str, limit: f64, remaining: f64) -> KeyRow {
    KeyRow {
        limit: Some(KeyLimit {
            limit,
            remaining: Some(remaining),
            reset: Interval::Daily,
            include_byok: false,
        }),
        ..row(Some(hash), name, workspace, limit - remaining)
    }
}

/// Answers every open fetch (and those its answers start) with `reply`, the rest as OpenRouter
/// would for a healthy account.
fn answer(
    sim: &mut Sim,
    mut reply: impl FnMut(&Sim, &Endpoint) -> Option<Result<Fetched, ApiError>>,
) -> Vec<Command> {
    let mut out = Vec::new();
    let mut guard = 0;
    while let Some((_, endpoint)) = sim.open.first().cloned() {
        guard += 1;
        assert!(guard < 2_000, "the walk ends");
        let result = match reply(sim, &endpoint) {
            Some(r) => r,
            None => match &endpoint {
                Endpoint::Credits => Ok(Fetched::Credits(credits())),
                Endpoint::Activity => Ok(Fetched::Activity(Default::default())),
                Endpoint::Key => Ok(Fetched::Key(KeyInfo {
                    is_management_key: true,
                })),
                other => sim.organisation(other),
            },
        };
        out.extend(sim.answer(endpoint, result).unwrap_or_default());
    }
    out
}

fn alerts(commands: &[Command], context: &str) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::ShowAlert { context: c } if c == context))
        .count()
}

fn urls(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::OpenUrl { url } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

fn logs(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Log { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// 101 workspaces (two pages of `/workspaces`), one key each spending $1.00 today.
fn big_organisation(sim: &mut Sim) {
    for i in 0..101 {
        let id = format!("ws-{i:03}");
        sim.workspaces.push(ws(&id, &format!("Team {i}")));
        sim.keys
            .push(row(Some(&format!("h{i:03}")), &format!("k{i}"), &id, 1.0));
    }
}

fn started(sim: &mut Sim) {
    sim.start(Some(KEY));
    sim.appear(Action::Today, "today", json!({}));
}

/// Finding 1: a 429 on a later page of `/workspaces` ends the walk before any key is read, and
/// the empty ledger is taken as this poll's keys: Today falls from $101.00 to "≥ $0.00".
#[test]
fn a_rate_limit_on_the_second_page_of_workspaces_does_not_zero_today() {
    let mut sim = Sim::new(MORNING);
    big_organisation(&mut sim);
    started(&mut sim);
    answer(&mut sim, |_, _| None);
    let before = sim.texts("today");
    assert!(before.contains("$101.00"), "{before}");
    sim.advance(16 * MINUTE_MS);
    answer(&mut sim, |_, e| match e {
        Endpoint::Workspaces { offset: 100 } => Some(Err(ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(60)),
        })),
        _ => None,
    });
    let after = sim.texts("today");
    assert!(
        after.contains("$101.00"),
        "a refused second page is not an account that spent nothing: {after}"
    );
}

/// Finding 2: a workspace whose id is not one the plugin can ask about is skipped, and the sum
/// of the others is shown as whole.
#[test]
fn a_skipped_workspace_makes_today_a_floor() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(ws("ws-a", "A"));
    sim.keys.push(row(Some("ha"), "a", "ws-a", 1.0));
    started(&mut sim);
    answer(&mut sim, |sim, e| match e {
        Endpoint::Workspaces { .. } => Some(Ok(Fetched::Workspaces(WorkspacesPage {
            workspaces: sim.workspaces.clone(),
            // A second workspace came with an id the plugin refuses ("ws.b", or a number).
            listed: 2,
            total: Some(2),
            skipped: 1,
        }))),
        _ => None,
    });
    let today = sim.texts("today");
    assert!(
        today.contains("≥"),
        "one workspace of two was not read; $1.00 is a floor: {today}"
    );
}

/// Finding 3: a workspace list that was partial (its second page failed) is remembered as if it
/// were whole; when the next poll cannot ask, the partial list gives a whole-looking sum.
#[test]
fn a_partial_list_remembered_stays_partial() {
    let mut sim = Sim::new(MORNING);
    big_organisation(&mut sim);
    started(&mut sim);
    answer(&mut sim, |_, e| match e {
        Endpoint::Workspaces { offset: 100 } => Some(Err(ApiError::Service { status: 502 })),
        _ => None,
    });
    let first = sim.texts("today");
    assert!(first.contains("≥ $100.00"), "{first}");
    sim.advance(16 * MINUTE_MS);
    answer(&mut sim, |_, e| match e {
        Endpoint::Workspaces { offset: 0 } => Some(Err(ApiError::Service { status: 502 })),
        _ => None,
    });
    let second = sim.texts("today");
    assert!(
        second.contains("≥"),
        "100 of 101 workspaces remembered are still a floor: {second}"
    );
}

/// Finding 4: a server that ignores `offset` and sends keys without a usable hash (none, or one
/// shaped like a key, which the plugin refuses) is counted again on every page, 200 times.
#[test]
fn a_repeated_page_of_keys_without_hashes_is_counted_once() {
    let mut sim = Sim::new(MORNING);
    started(&mut sim);
    let page = KeysPage {
        keys: (0..100)
            .map(|i| row(None, &format!("k{i}"), "", 0.01))
            .collect(),
        listed: 100,
        ..KeysPage::default()
    };
    let mut asked = 0;
    answer(&mut sim, |_, e| match e {
        Endpoint::Workspaces { .. } => Some(Err(ApiError::UnexpectedStatus { status: 404 })),
        Endpoint::Keys { .. } => {
            asked += 1;
            Some(Ok(Fetched::Keys(page.clone())))
        }
        _ => None,
    });
    let today = sim.texts("today");
    assert!(
        asked <= 3,
        "{asked} pages asked of a server that repeats itself"
    );
    assert!(today.contains("$1.00"), "{today}");
}

/// Finding 5: a poll that cannot find a reached key (a partial walk) forgets that its limit was
/// reached, and the next whole poll alerts a second time for the same crossing.
#[test]
fn a_limit_still_reached_after_a_partial_poll_alerts_once() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(ws("ws-a", "A"));
    sim.workspaces.push(ws("ws-b", "B"));
    sim.keys.push(row(Some("ha"), "a", "ws-a", 1.0));
    sim.keys.push(limited("hb", "CI", "ws-b", 5.0, 0.0));
    sim.start(Some(KEY));
    sim.appear(Action::Budget, "budget", json!({"key": "hb"}));
    let first = answer(&mut sim, |_, _| None);
    assert_eq!(alerts(&first, "budget"), 1, "reached: one alert");
    // The next poll cannot read workspace B (a 502): the key is not seen this time.
    sim.advance(16 * MINUTE_MS);
    let partial = answer(&mut sim, |_, e| match e {
        Endpoint::Keys {
            workspace: Some(w), ..
        } if w.as_str() == "ws-b" => Some(Err(ApiError::Service { status: 502 })),
        _ => None,
    });
    assert_eq!(alerts(&partial, "budget"), 0);
    sim.advance(16 * MINUTE_MS);
    let whole = answer(&mut sim, |_, _| None);
    assert_eq!(
        alerts(&whole, "budget"),
        0,
        "the limit never stopped being reached: no second alert"
    );
}

/// The tap of a Budget tile goes to openrouter.ai whatever the slug or hash the answers held.
#[test]
fn the_budget_tap_stays_on_openrouter() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(Workspace {
        slug: WorkspaceId::parse("evil"),
        ..ws("ws-a", "A")
    });
    sim.keys.push(limited("hb", "CI", "ws-a", 5.0, 1.0));
    sim.start(Some(KEY));
    sim.appear(Action::Budget, "budget", json!({"key": "hb"}));
    sim.appear(Action::Budget, "ws", json!({"workspace": "ws-a"}));
    sim.appear(
        Action::Budget,
        "odd",
        json!({"key": "//evil.example/x", "workspace": "@evil.example"}),
    );
    answer(&mut sim, |_, _| None);
    let mut opened = Vec::new();
    for context in ["budget", "ws", "odd"] {
        opened.extend(urls(&sim.tap(context)));
        sim.advance(2_000);
    }
    assert_eq!(opened.len(), 3, "{opened:?}");
    for url in &opened {
        assert!(url.starts_with("https://openrouter.ai/"), "{url}");
        assert!(!url.contains("//evil") && !url.contains('@'), "{url}");
    }
    let _ = logs(&sim.history);
    let _ = ApiKey::new(KEY);
    let _ = Budgets {
        budgets: vec![Budget {
            limit: 1.0,
            interval: Interval::Daily,
        }],
        include_byok: false,
        skipped: 0,
    };
}

fn monthly(limit: f64) -> Budgets {
    Budgets {
        budgets: vec![Budget {
            limit,
            interval: Interval::Monthly,
        }],
        include_byok: false,
        skipped: 0,
    }
}

/// Finding 6: budgets are asked of the first 50 workspaces only; a Budget tile on the 51st says
/// "Preparing…" at every poll, for ever (its budgets are neither had nor failed).
#[test]
fn a_budget_of_the_fifty_first_workspace_is_not_preparing_for_ever() {
    let mut sim = Sim::new(MORNING);
    for i in 0..51 {
        let id = format!("ws-{i:03}");
        sim.workspaces.push(ws(&id, &format!("Team {i}")));
        sim.keys
            .push(row(Some(&format!("h{i:03}")), &format!("k{i}"), &id, 1.0));
        sim.budgets
            .push((WorkspaceId::parse(&id).expect("id"), monthly(100.0)));
    }
    sim.start(Some(KEY));
    sim.appear(Action::Budget, "first", json!({"workspace": "ws-000"}));
    sim.appear(Action::Budget, "last", json!({"workspace": "ws-050"}));
    answer(&mut sim, |_, _| None);
    sim.advance(16 * MINUTE_MS);
    answer(&mut sim, |_, _| None);
    let first = sim.texts("first");
    assert!(first.contains("left of $100"), "{first}");
    let last = sim.texts("last");
    assert!(!last.contains("Preparing"), "two polls later: {last}");
}

/// Finding 7: a 429 on one workspace's budgets ends the walk; the workspaces after it lose the
/// budgets the last poll brought and their tiles go back to "Preparing…".
#[test]
fn a_rate_limit_on_budgets_keeps_the_later_workspaces_budgets() {
    let mut sim = Sim::new(MORNING);
    for (id, name) in [("ws-a", "A"), ("ws-b", "B")] {
        sim.workspaces.push(ws(id, name));
        sim.keys.push(row(Some(&format!("h{id}")), name, id, 1.0));
        sim.budgets
            .push((WorkspaceId::parse(id).expect("id"), monthly(100.0)));
    }
    sim.start(Some(KEY));
    sim.appear(Action::Budget, "b", json!({"workspace": "ws-b"}));
    answer(&mut sim, |_, _| None);
    let before = sim.texts("b");
    assert!(before.contains("left of $100"), "{before}");
    sim.advance(16 * MINUTE_MS);
    answer(&mut sim, |_, e| match e {
        Endpoint::Budgets { workspace } if workspace.as_str() == "ws-a" => {
            Some(Err(ApiError::RateLimited { retry_after: None }))
        }
        _ => None,
    });
    let after = sim.texts("b");
    assert!(after.contains("left of $100"), "{after}");
}

/// Finding 8: a Budget tile on a workspace placed after the poll's walk over the keys ended but
/// before its `/credits` or `/activity` came gets no budgets from that poll, and the poll that
/// ends does not ask again: "Preparing…" until the next poll, 15 minutes later.
#[test]
fn a_budget_tile_placed_while_a_poll_finishes_gets_its_budgets_soon() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(ws("ws-a", "A"));
    sim.keys.push(row(Some("ha"), "a", "ws-a", 1.0));
    sim.budgets
        .push((WorkspaceId::parse("ws-a").expect("id"), monthly(100.0)));
    sim.start(Some(KEY));
    sim.appear(Action::Today, "today", json!({}));
    // The walk ends first; /credits and /activity are slow.
    let mut guard = 0;
    while let Some((_, endpoint)) = sim
        .open
        .iter()
        .find(|(_, e)| !matches!(e, Endpoint::Credits | Endpoint::Activity))
        .cloned()
    {
        guard += 1;
        assert!(guard < 100);
        let result = sim.organisation(&endpoint);
        sim.answer(endpoint, result);
    }
    sim.appear(Action::Budget, "budget", json!({"workspace": "ws-a"}));
    answer(&mut sim, |_, _| None);
    sim.advance(2 * MINUTE_MS);
    answer(&mut sim, |_, _| None);
    let shown = sim.texts("budget");
    assert!(
        shown.contains("left of $100"),
        "two minutes after the poll: {shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 22: key material written back.

mod settings_store {
    use openbalance_core::sim::Sim;
    use openbalance_core::streamdeck::{encode, parse_inbound, Inbound, Outbound};
    use openbalance_core::{AccountId, Command, EventKind, PiMessage};
    use serde_json::{json, Value};
    use std::collections::BTreeSet;

    const HOME: &str = "sk-or-v1-home0000000000000000000000000000000000000000000000000000001111";
    const WORK: &str = "sk-or-v1-work0000000000000000000000000000000000000000000000000000002222";
    const NEW: &str = "sk-or-v1-newk0000000000000000000000000000000000000000000000000000003333";

    fn keys(disk: &Value) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut stack = vec![disk];
        while let Some(value) = stack.pop() {
            match value {
                Value::String(t) if t.starts_with("sk-or-") => {
                    found.insert(t.clone());
                }
                Value::Array(items) => stack.extend(items),
                Value::Object(members) => stack.extend(members.values()),
                _ => {}
            }
        }
        found
    }

    /// Stream Deck's store: reads the object once, then a rename writes it back.
    fn after_a_write(disk: Value) -> Value {
        let mut sim = Sim::new(super::MORNING);
        let mut disk = disk;
        let mut asks = Vec::new();
        let take = |out: Vec<Command>, disk: &mut Value, asks: &mut Vec<Value>| {
            for c in out {
                match &c {
                    Command::StoreKey { .. } | Command::ClearKey => {
                        let Outbound::Text(text) = encode(&c, "PLUGIN") else {
                            panic!()
                        };
                        let v: Value = serde_json::from_str(&text).expect("json");
                        *disk = v["payload"].clone();
                    }
                    Command::GetGlobalSettings => asks.push(disk.clone()),
                    _ => {}
                }
            }
        };
        let out = sim.send(EventKind::Started);
        take(out, &mut disk, &mut asks);
        while let Some(snapshot) = asks.pop() {
            let text =
                json!({"event": "didReceiveGlobalSettings", "payload": {"settings": snapshot}});
            let Ok(Inbound::Event(event)) = parse_inbound(&text.to_string()) else {
                panic!()
            };
            let out = sim.send(event);
            take(out, &mut disk, &mut asks);
        }
        let out = sim.pi(
            "t",
            PiMessage::Rename {
                account: AccountId::default(),
                label: "Renamed".into(),
            },
        );
        take(out, &mut disk, &mut asks);
        assert_eq!(disk["managementLabel"], "Renamed", "a write happened");
        disk
    }

    /// Finding 9: a member the plugin reads (`managementKey`, `pendingKey`, an account's `key`)
    /// holding a key in a shape it cannot use (an object or a list, as a later version might
    /// write it) is dropped as "not an OpenRouter key", and the next write loses the key.
    #[test]
    fn a_key_in_a_shape_the_plugin_cannot_use_survives_a_write() {
        let mut failures = Vec::new();
        for disk in [
            json!({"managementKey": HOME, "pendingKey": {"value": NEW}}),
            json!({"managementKey": HOME, "accounts": [{"id": "work", "label": "Work", "key": [WORK]}]}),
        ] {
            let before = keys(&disk);
            let after = keys(&after_a_write(disk.clone()));
            let lost: Vec<_> = before.difference(&after).collect();
            failures.extend(lost.into_iter().map(|k| format!("lost {k} from {disk}")));
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}

/// Finding 10: the walk keeps the first eight failures for the log, and the wait a 429 asks for
/// is looked for among those only; after eight failed pages, a `Retry-After` on the ninth is not
/// honoured and the account polls again at its usual pace.
#[test]
fn a_retry_after_after_eight_failures_is_honoured() {
    let mut sim = Sim::new(MORNING);
    for i in 0..10 {
        let id = format!("ws-{i}");
        sim.workspaces.push(ws(&id, &format!("W{i}")));
        sim.keys
            .push(row(Some(&format!("h{i}")), &format!("k{i}"), &id, 1.0));
    }
    started(&mut sim);
    answer(&mut sim, |_, e| match e {
        Endpoint::Keys {
            workspace: Some(w), ..
        } => match w.as_str() {
            "ws-0" => None,
            "ws-9" => Some(Err(ApiError::RateLimited {
                retry_after: Some(RetryAfter::Seconds(3_600)),
            })),
            _ => Some(Err(ApiError::Service { status: 502 })),
        },
        _ => None,
    });
    assert!(sim.open.is_empty());
    let polled = sim.advance(30 * MINUTE_MS);
    let asked = polled
        .iter()
        .filter(|c| matches!(c, Command::Fetch { .. }))
        .count();
    assert_eq!(asked, 0, "OpenRouter asked for an hour's wait");
}

/// Finding 11: while `/keys` (or `/workspaces`) keeps failing and `/credits` works, every
/// `willAppear` of a tile that needs the keys (a page switch, a profile switch) starts a fresh
/// poll at once, dropping the back-off: flipping pages polls OpenRouter as fast as the hand.
#[test]
fn page_switches_do_not_bypass_the_back_off_when_keys_fail() {
    let mut sim = Sim::new(MORNING);
    started(&mut sim);
    let failing = |_: &Sim, e: &Endpoint| match e {
        Endpoint::Workspaces { .. } => Some(Err(ApiError::UnexpectedStatus { status: 404 })),
        Endpoint::Keys { .. } => Some(Err(ApiError::Service { status: 500 })),
        _ => None,
    };
    answer(&mut sim, failing);
    let mut polls = 0;
    for _ in 0..20 {
        sim.now = sim.now.plus_millis(2_000);
        sim.send(openbalance_core::EventKind::WillDisappear {
            action: Action::Today.uuid().into(),
            context: "today".into(),
        });
        let out = sim.appear(Action::Today, "today", json!({}));
        polls += out
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Command::Fetch {
                        endpoint: Endpoint::Credits,
                        ..
                    }
                )
            })
            .count();
        answer(&mut sim, failing);
    }
    assert!(
        polls <= 2,
        "{polls} polls in 40 seconds of page switches while /keys fails"
    );
}

/// Held (no finding): a reached limit alerts once, and a page switch, a settings change that
/// keeps the pick, a second tile placed later with the same pick, and a dial with it do not
/// alert again; after the window resets and the limit is reached again, it alerts once more.
#[test]
fn a_reached_limit_alerts_once_whatever_the_tiles_do() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(ws("ws-a", "A"));
    sim.keys.push(limited("hb", "CI", "ws-a", 5.0, 0.0));
    sim.start(Some(KEY));
    let mut out = sim.appear(Action::Budget, "one", json!({"key": "hb"}));
    out.extend(answer(&mut sim, |_, _| None));
    assert_eq!(alerts(&out, "one"), 1);
    let mut later = Vec::new();
    for _ in 0..3 {
        later.extend(sim.send(openbalance_core::EventKind::WillDisappear {
            action: Action::Budget.uuid().into(),
            context: "one".into(),
        }));
        later.extend(sim.appear(Action::Budget, "one", json!({"key": "hb"})));
        later.extend(answer(&mut sim, |_, _| None));
    }
    later.extend(sim.send(openbalance_core::EventKind::DidReceiveSettings {
        action: Action::Budget.uuid().into(),
        context: "one".into(),
        settings: json!({"key": "hb", "warnAt": 50, "show": "spent"}),
    }));
    later.extend(sim.appear(Action::Budget, "two", json!({"key": "hb"})));
    later.extend(sim.appear_dial(Action::Budget, "dial", json!({"key": "hb"})));
    sim.advance(16 * MINUTE_MS);
    later.extend(answer(&mut sim, |_, _| None));
    let again: usize = ["one", "two", "dial"]
        .iter()
        .map(|c| alerts(&later, c))
        .sum();
    assert_eq!(again, 0, "still reached: no new alert");
    // The window resets (OpenRouter says $5 left), then the limit is reached again.
    sim.keys[0] = limited("hb", "CI", "ws-a", 5.0, 5.0);
    sim.advance(16 * MINUTE_MS);
    let reset = answer(&mut sim, |_, _| None);
    assert_eq!(alerts(&reset, "one"), 0);
    sim.keys[0] = limited("hb", "CI", "ws-a", 5.0, 0.0);
    sim.advance(16 * MINUTE_MS);
    let reached = answer(&mut sim, |_, _| None);
    assert_eq!(
        ["one", "two", "dial"].map(|c| alerts(&reached, c)),
        [1, 1, 1],
        "reached again: each tile showing it alerts once"
    );
}

/// Held after the fix for finding 2: a workspace listed twice (in one page of `/workspaces`, or
/// again on the next) is read once and the sums stay whole.
#[test]
fn a_workspace_listed_twice_is_read_once_and_today_stays_whole() {
    let mut sim = Sim::new(MORNING);
    sim.workspaces.push(ws("ws-a", "A"));
    sim.keys.push(row(Some("ha"), "a", "ws-a", 1.0));
    started(&mut sim);
    let mut keys_asked = 0;
    answer(&mut sim, |sim, e| match e {
        Endpoint::Workspaces { .. } => Some(Ok(Fetched::Workspaces(WorkspacesPage {
            workspaces: sim.workspaces.clone(),
            listed: 2,
            total: Some(2),
            skipped: 0,
        }))),
        Endpoint::Keys { .. } => {
            keys_asked += 1;
            None
        }
        _ => None,
    });
    let body =
        r#"{"data":[{"id":"ws-a","name":"A"},{"id":"ws-a","name":"A again"}],"total_count":2}"#;
    let page = openbalance_core::openrouter::parse_workspaces(body.as_bytes()).expect("a page");
    assert_eq!((page.workspaces.len(), page.skipped), (1, 0));
    let today = sim.texts("today");
    assert!(today.contains("$1.00") && !today.contains('≥'), "{today}");
    assert_eq!(keys_asked, 1);
}
