//! The corpus of OpenRouter answers, as the live service sends them and as the docs describe
//! them (`tests/fixtures/openrouter/`), each run through the whole plugin against the fake host.
//!
//! `cases.json` lists each case: the reply for every endpoint (status, headers, a body file), and
//! the texts every tile must end with — or `sameAs` another case, when a live shape must draw
//! exactly (view for view, colours included) what the documented shape draws. Body files use
//! `@DAY-n@` for the UTC date n days before today, because `/activity` covers the last 30 days.

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::{FakeOpenRouter, Reply};
use crate::*;
use openbalance_core::TileView;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/openrouter")
}

/// The tiles every case puts on keys: the four defaults and a Balance that needs activity.
fn tiles() -> Vec<(Action, &'static str, Value)> {
    vec![
        (Action::Balance, "balance", json!({})),
        (
            Action::Balance,
            "balance-used-7d",
            json!({"mode": "used", "period": "7d"}),
        ),
        (Action::TopModels, "topmodels", json!({})),
        (Action::MonthlySpend, "monthlyspend", json!({})),
        (Action::SpikeAlert, "spikealert", json!({})),
    ]
}

fn body(file: &str) -> Vec<u8> {
    let path = fixtures().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let mut text = text;
    for n in (1..=31).rev() {
        let day = openbalance_core::Timestamp(now - n * 86_400_000).day();
        text = text.replace(&format!("@DAY-{n}@"), &day.to_string());
    }
    text.into_bytes()
}

fn reply(spec: &Value) -> Reply {
    let status = spec["status"].as_u64().unwrap_or(200) as u16;
    let mut headers = vec![(
        "Content-Type".to_owned(),
        spec["contentType"]
            .as_str()
            .unwrap_or("application/json")
            .to_owned(),
    )];
    if let Some(extra) = spec["headers"].as_object() {
        for (name, value) in extra {
            headers.push((name.clone(), value.as_str().unwrap_or("").to_owned()));
        }
    }
    Reply {
        status,
        headers,
        body: body(spec["body"].as_str().unwrap_or("empty.txt")),
        delay_ms: 0,
    }
}

/// Runs one case; the last view of each tile, and the log text.
fn run(case: &Value) -> (BTreeMap<String, TileView>, String) {
    let fake = FakeOpenRouter::start();
    for (endpoint, path) in [
        ("credits", "/credits"),
        ("activity", "/activity"),
        ("key", "/key"),
    ] {
        if !case[endpoint].is_null() {
            fake.set(path, reply(&case[endpoint]));
        } else if endpoint == "key" {
            fake.set(path, reply(&json!({"body": "key-management.json"})));
        }
    }
    // Every answer drawn with the fullest words: keys on a device the host does not name.
    let deck = FakeDeck::launch(Launch::with_key(&fake.base(), KEY).naming_no_devices());
    deck.wait_for_event(0, "getGlobalSettings");
    for (action, context, settings) in tiles() {
        deck.will_appear(action.uuid(), context, settings);
    }
    let fetches = case["fetches"].as_u64().unwrap_or(2) as usize;
    deck.wait_for_fetched(fetches);
    for (_, context, _) in tiles() {
        deck.wait_for(0, "an image per tile", is_image_for(context));
    }
    assert_key_stays_secret(&deck);
    let views = last_views(&deck.recording_path());
    let log = std::fs::read_to_string(deck.log_dir().join("openbalance.log")).unwrap_or_default();
    (views, log)
}

fn texts(view: &TileView) -> String {
    view.texts().join(" | ")
}

#[test]
fn every_answer_in_the_corpus_draws_the_expected_tiles() {
    let cases: Vec<Value> =
        serde_json::from_slice(&std::fs::read(fixtures().join("cases.json")).expect("cases.json"))
            .expect("cases.json is JSON");
    assert!(cases.len() >= 20, "the corpus covers the shapes of issue 7");
    // Every case runs its own plugin, all at once: each waits on the network, not the CPU.
    let results: Vec<(String, BTreeMap<String, TileView>, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|case| s.spawn(move || run(case)))
            .collect();
        cases
            .iter()
            .zip(handles)
            .map(|(case, h)| {
                let name = case["name"].as_str().unwrap_or("?").to_owned();
                let (views, log) = h
                    .join()
                    .unwrap_or_else(|_| panic!("case {name} failed to run"));
                (name, views, log)
            })
            .collect()
    });
    let by_name: BTreeMap<&str, &BTreeMap<String, TileView>> =
        results.iter().map(|(n, v, _)| (n.as_str(), v)).collect();
    let mut failures = Vec::new();
    let mut printed = Vec::new();
    for (case, (name, views, log)) in cases.iter().zip(&results) {
        let actual: BTreeMap<&str, String> = tiles()
            .iter()
            .map(|(_, ctx, _)| (*ctx, views.get(*ctx).map(texts).unwrap_or_default()))
            .collect();
        printed.push(json!({"name": name, "tiles": actual}));
        if let Some(other) = case["sameAs"].as_str() {
            let Some(expected) = by_name.get(other) else {
                failures.push(format!("{name}: sameAs unknown case {other}"));
                continue;
            };
            if *expected != views {
                failures.push(format!(
                    "{name}: should draw exactly what {other} draws\n  {name}: {actual:?}"
                ));
            }
        }
        if let Some(expected) = case["tiles"].as_object() {
            for (ctx, want) in expected {
                let got = actual.get(ctx.as_str()).cloned().unwrap_or_default();
                if want.as_str() != Some(got.as_str()) {
                    failures.push(format!("{name}/{ctx}:\n  want {want}\n  got  {got:?}"));
                }
            }
        }
        if let Some(badges) = case["badges"].as_object() {
            for (ctx, want) in badges {
                let got = views
                    .get(ctx)
                    .and_then(|v| v.badge.as_ref())
                    .map(|b| b.text.as_str());
                if want.as_str() != got {
                    failures.push(format!("{name}/{ctx}: badge want {want}, got {got:?}"));
                }
            }
        }
        for needle in case["log"].as_array().into_iter().flatten() {
            let needle = needle.as_str().unwrap_or("");
            if !log.contains(needle) {
                failures.push(format!("{name}: log lacks {needle:?}\n{log}"));
            }
        }
    }
    if !failures.is_empty() {
        eprintln!(
            "actual texts:\n{}",
            serde_json::to_string_pretty(&printed).unwrap_or_default()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
