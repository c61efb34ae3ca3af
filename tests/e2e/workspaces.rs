//! Issue 18 end to end: an organisation's numbers are whole over every workspace (`/workspaces`,
//! then `/keys?workspace_id=…` for each, every page), an account without workspaces works as
//! before, and the Budget tile shows key limits and workspace budgets — from the published shapes
//! in `tests/fixtures/openrouter/organisations.json`, through the whole plugin, with the exact tile
//! texts.

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::{key_row, limited_key_row, workspace_row, FakeOpenRouter, Reply};
use crate::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/openrouter")
}

const PRODUCTION: &str = "550e8400-e29b-41d4-a716-446655440000";

/// The tiles every organisation case puts on keys.
fn tiles() -> Vec<(Action, &'static str, Value)> {
    let key = |hash: &str| json!({ "key": hash });
    let budget = |interval: &str| json!({"workspace": PRODUCTION, "interval": interval});
    vec![
        (Action::Today, "today", json!({})),
        (Action::TopModels, "topkeys", json!({"by": "key"})),
        (
            Action::Budget,
            "budget-key",
            key("d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3"),
        ),
        (
            Action::Budget,
            "budget-key-reached",
            key("e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4"),
        ),
        (
            Action::Budget,
            "budget-key-disabled",
            key("c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2"),
        ),
        (
            Action::Budget,
            "budget-raycast",
            key("b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1"),
        ),
        (Action::Budget, "budget-workspace", budget("monthly")),
        (Action::Budget, "budget-lifetime", budget("lifetime")),
        (
            Action::Budget,
            "budget-unknown-interval",
            budget("quarterly"),
        ),
    ]
}

fn reply(spec: &Value) -> Reply {
    let file = spec["body"].as_str().unwrap_or("empty.txt");
    let body = std::fs::read(fixtures().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    Reply {
        status: spec["status"].as_u64().unwrap_or(200) as u16,
        headers: vec![(
            "Content-Type".to_owned(),
            spec["contentType"]
                .as_str()
                .unwrap_or("application/json")
                .to_owned(),
        )],
        body,
        delay_ms: 0,
    }
}

/// `*` in `pattern` stands for any run of characters (a reset's day and time depend on the date
/// and the machine's zone); everything else must match exactly.
fn matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(after) = rest.strip_prefix(part) else {
                return false;
            };
            rest = after;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part) && (part.is_empty() || rest.len() >= part.len());
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    rest.is_empty()
}

/// Waits until the plugin's first poll is over (its log says how it went).
fn wait_for_poll(deck: &FakeDeck) -> String {
    let log = deck.log_dir().join("openbalance.log");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("poll ok") || text.contains("poll: /") {
            // The draws of the poll's end follow its log lines.
            std::thread::sleep(Duration::from_millis(300));
            return std::fs::read_to_string(&log).unwrap_or_default();
        }
        assert!(Instant::now() < deadline, "no poll ended:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn launch(fake: &FakeOpenRouter, tiles: &[(Action, &'static str, Value)]) -> FakeDeck {
    // The fullest words to check: keys on a device the host does not name.
    let deck = FakeDeck::launch(Launch::with_key(&fake.base(), KEY).naming_no_devices());
    deck.wait_for_event(0, "getGlobalSettings");
    for (action, context, settings) in tiles {
        deck.will_appear(action.uuid(), context, settings.clone());
    }
    deck
}

/// The texts a tile shows; Today's header (when OpenRouter's day began, in the machine's zone)
/// is left out.
fn shown(views: &std::collections::BTreeMap<String, TileView>, context: &str) -> String {
    let texts = views.get(context).map(|v| v.texts()).unwrap_or_default();
    match context {
        "today" => std::iter::once("*")
            .chain(texts.iter().skip(1).copied())
            .collect::<Vec<_>>()
            .join(" | "),
        _ => texts.join(" | "),
    }
}

#[test]
fn every_organisation_shape_draws_the_expected_tiles() {
    let cases: Vec<Value> = serde_json::from_slice(
        &std::fs::read(fixtures().join("organisations.json")).expect("organisations.json"),
    )
    .expect("organisations.json is JSON");
    assert!(cases.len() >= 4);
    let mut failures = Vec::new();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|case| {
                s.spawn(move || {
                    let fake = FakeOpenRouter::start();
                    fake.set("/activity", Reply::json(200, r#"{"data":[]}"#));
                    for spec in case["replies"].as_array().into_iter().flatten() {
                        let path = spec["path"].as_str().unwrap_or("/");
                        match spec["query"].as_str() {
                            Some(part) => fake.set_where(path, part, reply(spec)),
                            None => fake.set(path, reply(spec)),
                        }
                    }
                    let deck = launch(&fake, &tiles());
                    let log = wait_for_poll(&deck);
                    assert_key_stays_secret(&deck);
                    let views = last_views(&deck.recording_path());
                    let asked: Vec<String> = fake
                        .requests()
                        .iter()
                        .filter(|r| !["/credits", "/activity", "/key"].contains(&r.path.as_str()))
                        .map(|r| match r.query.is_empty() {
                            true => r.path.clone(),
                            false => format!("{}?{}", r.path, r.query),
                        })
                        .collect();
                    (views, log, asked)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a case ran"))
            .collect()
    });
    for (case, (views, log, asked)) in cases.iter().zip(&results) {
        let name = case["name"].as_str().unwrap_or("?");
        for (context, want) in case["tiles"].as_object().into_iter().flatten() {
            let want = want.as_str().unwrap_or("");
            let got = shown(views, context);
            if !matches(want, &got) {
                failures.push(format!("{name}/{context}:\n  want {want}\n  got  {got}"));
            }
        }
        if let Some(requests) = case["requests"].as_array() {
            let want: Vec<&str> = requests.iter().filter_map(Value::as_str).collect();
            if want != *asked {
                failures.push(format!(
                    "{name}: requests\n  want {want:?}\n  got  {asked:?}"
                ));
            }
        }
        for needle in case["log"].as_array().into_iter().flatten() {
            let needle = needle.as_str().unwrap_or("");
            if !log.contains(needle) {
                failures.push(format!("{name}: log lacks {needle:?}\n{log}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_glob_matches_only_what_it_should() {
    assert!(matches("a | * | c", "a | b b | c"));
    assert!(matches("resets *", "resets Mon"));
    assert!(!matches("a | b", "a | bc"));
    assert!(!matches("x*", "y"));
    assert!(matches("*", "anything"));
}

/// 103 keys in Default (key i spent (i + 1) cents today, (i + 1) dollars this month) and 12 in
/// Production ($1.25 each today), one of which spent the most this month.
fn organisation(fake: &FakeOpenRouter) {
    let default: Vec<String> = (0..103)
        .map(|i| {
            key_row(
                &format!("app {i:03}"),
                i % 3 == 0,
                f64::from(i + 1) / 100.0,
                f64::from(i + 1),
            )
        })
        .collect();
    let mut production: Vec<String> = (0..11)
        .map(|i| key_row(&format!("prod {i:02}"), false, 1.25, 2.0))
        .collect();
    production.push(key_row("prod biggest spender", false, 1.25, 480.0));
    fake.set_workspaces(&[
        (workspace_row("ws-default", "Default", "default"), default),
        (
            workspace_row("ws-prod", "Production", "production"),
            production,
        ),
    ]);
}

#[test]
fn an_organisation_gets_whole_numbers_over_every_workspace() {
    let fake = FakeOpenRouter::start();
    organisation(&fake);
    let deck = launch(
        &fake,
        &[
            (Action::Today, "today", json!({})),
            (Action::TopModels, "bykey", json!({"by": "key"})),
        ],
    );
    wait_for_poll(&deck);
    let keys: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/keys")
        .map(|r| r.query)
        .collect();
    assert_eq!(
        keys,
        [
            "include_disabled=true&offset=0&workspace_id=ws-default",
            "include_disabled=true&offset=100&workspace_id=ws-default",
            "include_disabled=true&offset=0&workspace_id=ws-prod",
        ],
        "every page of every workspace, once for both tiles"
    );
    assert_eq!(fake.count("/workspaces"), 1);
    let views = last_views(&deck.recording_path());
    // $53.56 in Default (1 + 2 + … + 103 cents) and 12 × $1.25 in Production.
    let today = views["today"].texts().join(" | ");
    assert!(today.contains(" | $68.56 | "), "{today}");
    assert!(!today.contains('≥'), "whole: {today}");
    let by_key = views["bykey"].texts().join(" | ");
    assert!(
        by_key.starts_with("TOP KEYS | prod biggest spender | $480.00 | Production | app 102"),
        "{by_key}"
    );
    assert_key_stays_secret(&deck);
}

#[test]
fn without_a_tile_that_needs_keys_no_workspace_is_asked_for() {
    let fake = FakeOpenRouter::start();
    organisation(&fake);
    let deck = launch(
        &fake,
        &[
            (Action::Balance, "balance", json!({})),
            (Action::TopModels, "models", json!({})),
        ],
    );
    deck.wait_for_fetched(2);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        (fake.count("/workspaces"), fake.count("/keys")),
        (0, 0),
        "{:?}",
        fake.requests()
    );
}

#[test]
fn a_hundred_and_one_workspaces_are_read_over_two_pages() {
    let fake = FakeOpenRouter::start();
    let workspaces: Vec<(String, Vec<String>)> = (0..101)
        .map(|i| {
            (
                workspace_row(
                    &format!("ws-{i:03}"),
                    &format!("Team {i}"),
                    &format!("t{i}"),
                ),
                vec![key_row(&format!("key {i:03}"), false, 0.01, 1.0)],
            )
        })
        .collect();
    fake.set_workspaces(&workspaces);
    let deck = launch(&fake, &[(Action::Today, "today", json!({}))]);
    wait_for_poll(&deck);
    let pages: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/workspaces")
        .map(|r| r.query)
        .collect();
    assert_eq!(pages, ["offset=0&limit=100", "offset=100&limit=100"]);
    assert_eq!(fake.count("/keys"), 101);
    let today = last_views(&deck.recording_path())["today"]
        .texts()
        .join(" | ");
    assert!(today.contains(" | $1.01 | "), "{today}");
}

#[test]
fn the_budget_tile_alerts_once_when_a_limit_is_reached_and_the_inspector_sees_names_only() {
    let fake = FakeOpenRouter::start();
    fake.set_workspaces(&[(
        workspace_row(PRODUCTION, "Production", "production"),
        vec![
            limited_key_row("hash-ci", "CI evals", 5.0, 40.0, 5.0, 0.0, r#""daily""#),
            limited_key_row("hash-bot", "Support bot", 1.0, 60.0, 100.0, 40.0, "null"),
        ],
    )]);
    fake.set(
        &format!("/workspaces/{PRODUCTION}/budgets"),
        Reply::json(
            200,
            r#"{"data":[{"id":"b1","limit_usd":120,"reset_interval":"monthly","workspace_id":"550e8400-e29b-41d4-a716-446655440000"}],"include_byok_in_budgets":false}"#,
        ),
    );
    let deck = launch(
        &fake,
        &[
            (Action::Budget, "ci", json!({"key": "hash-ci"})),
            (
                Action::Budget,
                "prod",
                json!({"workspace": PRODUCTION, "warnAt": 75}),
            ),
        ],
    );
    wait_for_poll(&deck);
    let alert = deck.wait_for(0, "one alert for the reached limit", |m| {
        m.event() == "showAlert"
    });
    assert_eq!(alert.context(), "ci");
    let views = last_views(&deck.recording_path());
    let ci = views["ci"].texts().join(" | ");
    assert!(ci.starts_with("CI EVALS | $0 | $5 limit reached"), "{ci}");
    // $100 of $120 spent is past the 75 % line: warning colours, not alarm ones.
    let prod = &views["prod"];
    assert!(
        prod.texts()
            .join(" | ")
            .starts_with("PRODUCTION | $20.00 | left of $120"),
        "{:?}",
        prod.texts()
    );
    // The inspector of a Budget tile is told the limits by name, never a key or a label.
    deck.send(json!({"event": "propertyInspectorDidAppear",
        "action": Action::Budget.uuid(), "context": "prod", "device": "DEV1"}));
    let choices = deck.wait_for(0, "the budget choices", |m| {
        m.event() == "sendToPropertyInspector" && m.text.contains("budgetChoices")
    });
    let payload = &choices.json["payload"];
    assert_eq!(payload["state"], "ready");
    assert_eq!(payload["workspaces"][0]["name"], "Production");
    assert_eq!(
        payload["workspaces"][0]["budgets"][0]["interval"],
        "monthly"
    );
    let names: Vec<&str> = payload["workspaces"][0]["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["CI evals", "Support bot"],
        "nearest to its limit first"
    );
    assert!(!choices.text.contains("sk-or"), "{}", choices.text);
    assert!(!choices.text.contains("label"), "{}", choices.text);
    // A second poll with the limit still reached: no second alert.
    let mark = deck.count();
    deck.hold(Action::Budget.uuid(), "prod");
    deck.wait_for(mark, "the hold's answer", |m| m.event() == "showOk");
    std::thread::sleep(Duration::from_millis(300));
    let alerts = deck.messages()[mark..]
        .iter()
        .filter(|m| m.event() == "showAlert")
        .count();
    assert_eq!(alerts, 0, "{}", deck.summary());
    assert_key_stays_secret(&deck);
}

#[test]
fn a_wait_asked_on_workspaces_is_honoured_by_a_hold() {
    let fake = FakeOpenRouter::start();
    organisation(&fake);
    fake.set(
        "/workspaces",
        Reply {
            headers: vec![("Retry-After".into(), "600".into())],
            ..Reply::error(429, "Rate limit exceeded")
        },
    );
    let deck = launch(&fake, &[(Action::Today, "today", json!({}))]);
    wait_for_poll(&deck);
    let before = fake.requests().len();
    let mark = deck.count();
    deck.hold(Action::Today.uuid(), "today");
    let answer = deck.wait_for(mark, "the hold's answer", |m| {
        m.event() == "showAlert" || m.event() == "showOk"
    });
    assert_eq!(answer.event(), "showAlert", "OpenRouter asked us to wait");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        fake.requests().len(),
        before,
        "nothing asked during the wait"
    );
}
