//! Whole stories told to the core with simulated time: a day of polls, a spike that builds and is
//! acknowledged, a key that is replaced, an offline night. Assertions are on commands and views.

use openbalance_core::action::{Action, ACTIVITY_URL, CREDITS_URL, KEYS_URL};
use openbalance_core::demo::{self, Shape};
use openbalance_core::openrouter::{ApiError, Credits, Endpoint, Fetched, KeyInfo, RetryAfter};
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::{HOUR_MS, MINUTE_MS, SECOND_MS};
use openbalance_core::POLL_INTERVAL_MS;
use openbalance_core::{ApiKey, Command, EventKind, KeyStatus, PiMessage, Timestamp};
use serde_json::json;

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
const OTHER_KEY: &str = "sk-or-v1-fedcba9876543210fedcba98765432ff";
/// 2025-11-25 08:00 UTC.
const MORNING: Timestamp = Timestamp(1_764_028_800_000 + 8 * HOUR_MS);

fn fetches(commands: &[Command]) -> Vec<Endpoint> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Fetch { endpoint, .. } => Some(endpoint.clone()),
            _ => None,
        })
        .collect()
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

fn drawn(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Draw { context, .. } => Some(context.clone()),
            _ => None,
        })
        .collect()
}

fn reports(commands: &[Command]) -> Vec<(bool, String, KeyStatus)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::SendKeyStatus { report, .. } => {
                Some((report.has_key, report.last4.clone(), report.status))
            }
            _ => None,
        })
        .collect()
}

fn demo_account(
    sim: &Sim,
    shape: Shape,
) -> (Credits, Vec<openbalance_core::openrouter::ActivityRow>) {
    let rows = demo::activity(sim.now.day(), shape);
    (demo::credits(&rows), rows)
}

/// Two weeks of polls every 15 minutes before `until`, spending `per_hour` every hour: the shape
/// a steady account has learnt, as the shell would hand it over at start.
fn learned_flat(until: Timestamp, per_hour: f64) -> openbalance_core::intraday::Shape {
    let account = ApiKey::new(KEY).map(|k| k.redacted()).unwrap_or_default();
    let mut shape = openbalance_core::intraday::Shape::new(account);
    let quarter = 15 * MINUTE_MS;
    let start = until.plus_millis(-14 * 24 * HOUR_MS);
    let mut total = 0.0;
    for i in 0..=(14 * 24 * 4) {
        shape.observe(start.plus_millis(i * quarter), total);
        total += per_hour / 4.0;
    }
    shape
}

/// A plugin with the key stored and all four tiles on keys, first poll answered.
fn four_tiles() -> Sim {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    for (action, ctx) in [
        (Action::Balance, "b"),
        (Action::TopModels, "t"),
        (Action::MonthlySpend, "m"),
        (Action::SpikeAlert, "s"),
    ] {
        sim.appear(action, ctx, json!({}));
    }
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer_all(c, &rows);
    sim
}

#[test]
fn start_asks_for_global_settings_and_tiles_prepare() {
    let mut sim = Sim::new(MORNING);
    let out = sim.send(EventKind::Started);
    assert_eq!(out.first(), Some(&Command::GetGlobalSettings));
    let out = sim.appear(Action::Balance, "b", json!({}));
    assert_eq!(
        drawn(&out),
        ["b"],
        "the first image is drawn at once, before any network answer"
    );
    assert!(sim.texts("b").contains("Preparing…"));
    assert!(
        fetches(&out).is_empty(),
        "no key known yet: nothing to fetch"
    );
    let out = sim.send(EventKind::DidReceiveGlobalSettings {
        key: None,
        pending: None,
        unusable: false,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    });
    assert!(sim.texts("b").contains("No key yet"), "{}", sim.texts("b"));
    assert_eq!(drawn(&out), ["b"]);
}

#[test]
fn a_day_of_polls_two_requests_each_however_many_tiles() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    let mut first = Vec::new();
    for (action, ctx) in [
        (Action::Balance, "b"),
        (Action::TopModels, "t"),
        (Action::MonthlySpend, "m"),
        (Action::SpikeAlert, "s"),
    ] {
        first.extend(sim.appear(action, ctx, json!({})));
    }
    assert_eq!(
        fetches(&first),
        [Endpoint::Credits, Endpoint::Activity],
        "one poll for four tiles"
    );
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer_all(c, &rows);
    assert!(
        sim.texts("b").starts_with("BALANCE | $"),
        "{}",
        sim.texts("b")
    );
    assert!(sim.texts("s").contains("Normal"), "{}", sim.texts("s"));

    // A whole day: a poll every 15 minutes after the last completed one, two requests each.
    let mut polls = 0;
    for _ in 0..(24 * 4) {
        let out = sim.advance(POLL_INTERVAL_MS);
        let f = fetches(&out);
        if !f.is_empty() {
            assert_eq!(f, [Endpoint::Credits, Endpoint::Activity]);
            polls += 1;
            let mut c2 = c;
            c2.total_usage += polls as f64 * 0.05;
            sim.answer_all(c2, &rows);
        }
    }
    assert_eq!(polls, 24 * 4);
    assert!(sim.open.is_empty());
}

#[test]
fn never_two_polls_in_flight() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    assert_eq!(sim.open.len(), 2);
    sim.send(EventKind::SystemDidWakeUp);
    sim.hold("b");
    assert_eq!(sim.open.len(), 2, "wake and hold join the poll under way");
}

#[test]
fn taps_open_the_right_pages_and_a_hold_refreshes_without_opening() {
    let mut sim = four_tiles();
    for (ctx, url) in [("b", CREDITS_URL), ("t", ACTIVITY_URL), ("m", ACTIVITY_URL)] {
        let out = sim.tap(ctx);
        assert_eq!(urls(&out), [url]);
        let next = sim.wake.map(|at| at.since(sim.now));
        assert!(
            next > Some(2 * SECOND_MS),
            "the tap ended the hold deadline: {next:?}"
        );
    }

    let down = sim.send(EventKind::KeyDown {
        context: "m".into(),
    });
    assert_eq!(
        down,
        [Command::Wake {
            at: Some(sim.now.plus_millis(2 * SECOND_MS))
        }],
        "the hold deadline is the next wake-up"
    );
    let held = sim.advance(2 * SECOND_MS);
    assert_eq!(
        fetches(&held),
        [Endpoint::Credits, Endpoint::Activity],
        "the hold polls while the key is still down"
    );
    sim.now = sim.now.plus_millis(1500);
    let up = sim.send(EventKind::KeyUp {
        context: "m".into(),
    });
    assert!(
        urls(&up).is_empty(),
        "the release after a hold opens nothing"
    );
    let (c, rows) = demo_account(&sim, Shape::default());
    let done = sim.answer_all(c, &rows);
    assert!(done.contains(&Command::ShowOk {
        context: "m".into()
    }));
}

#[test]
fn a_spike_builds_is_acknowledged_and_the_next_poll_re_evaluates() {
    let mut sim = Sim::new(MORNING);
    let baseline = demo::activity(sim.now.day(), Shape::default())
        .iter()
        .filter(|r| r.date >= sim.now.day().plus(-7))
        .map(|r| r.usage)
        .sum::<f64>()
        / 7.0;
    // A steady account: two weeks of history say every hour costs a 24th of the usual day.
    sim.send(EventKind::IntradayLoaded {
        shape: learned_flat(MORNING, baseline / 24.0),
    });
    sim.start(Some(KEY));
    sim.appear(Action::SpikeAlert, "s", json!({"threshold": 3}));
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer_all(c, &rows);
    assert!(sim.texts("s").contains("Normal"), "{}", sim.texts("s"));

    // Spending starts to run hot. A usual quarter hour costs baseline / 96; the alert weighs the
    // last half hour against what it usually costs: 1, 1.5, 5 and 12 times usual.
    let quarter = baseline / 96.0;
    let mut usage = c.total_usage;
    let mut states = Vec::new();
    for burst in [1.0, 2.0, 8.0, 16.0] {
        sim.advance(POLL_INTERVAL_MS);
        usage += quarter * burst;
        sim.answer_all(
            Credits {
                total_usage: usage,
                ..c
            },
            &rows,
        );
        states.push(sim.texts("s"));
    }
    assert!(
        states[0].contains("Normal") && states[1].contains("Normal"),
        "{states:?}"
    );
    assert!(
        states[2].contains("Spike") && states[2].contains("5.0×"),
        "{states:?}"
    );
    assert!(states[3].contains("Critical"), "{states:?}");

    let out = sim.tap("s");
    assert!(urls(&out).is_empty());
    assert!(out.contains(&Command::ShowOk {
        context: "s".into()
    }));
    assert!(
        sim.texts("s").starts_with("ACKNOWLEDGED | Critical"),
        "{}",
        sim.texts("s")
    );

    // Still burning at the next poll: the alert comes back honestly.
    sim.advance(POLL_INTERVAL_MS);
    usage += baseline;
    sim.answer_all(
        Credits {
            total_usage: usage,
            ..c
        },
        &rows,
    );
    assert!(sim.texts("s").contains("Critical"), "{}", sim.texts("s"));

    // Hours of calm later, the live rate has cooled and the tile returns to normal.
    for _ in 0..16 {
        sim.advance(POLL_INTERVAL_MS);
        sim.answer_all(
            Credits {
                total_usage: usage,
                ..c
            },
            &rows,
        );
    }
    assert!(sim.texts("s").contains("Normal"), "{}", sim.texts("s"));
}

#[test]
fn a_key_is_replaced_through_the_property_inspector() {
    let mut sim = four_tiles();
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
    });

    let out = sim.pi("b", PiMessage::disconnect());
    assert!(out.contains(&Command::ClearKey));
    assert_eq!(reports(&out), [(false, String::new(), KeyStatus::None)]);
    assert!(sim.texts("b").contains("No key yet"));
    let tap = sim.tap("b");
    assert_eq!(
        urls(&tap),
        [KEYS_URL],
        "without a key a tap helps create one"
    );

    let out = sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    assert_eq!(fetches(&out), [Endpoint::Key]);
    assert_eq!(reports(&out), [(false, "32ff".into(), KeyStatus::Checking)]);
    assert!(sim.texts("b").contains("Checking key…"));
    let out = sim
        .answer(
            Endpoint::Key,
            Ok(Fetched::Key(KeyInfo {
                is_management_key: true,
            })),
        )
        .unwrap();
    assert_eq!(fetches(&out), [Endpoint::Credits, Endpoint::Activity]);
    let (c, rows) = demo_account(&sim, Shape::default());
    let out = sim.answer_all(c, &rows);
    let stored: Vec<_> = out
        .iter()
        .filter_map(|c| match c {
            Command::StoreKey { key: Some(key), .. } => Some(key.expose().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(stored, [OTHER_KEY]);
    assert_eq!(reports(&out), [(true, "32ff".into(), KeyStatus::Connected)]);
    assert!(sim.texts("b").starts_with("BALANCE | $"));
    for c in &sim.history {
        let text = serde_json::to_string(c).unwrap();
        assert!(
            !text.contains(OTHER_KEY) && !text.contains(KEY),
            "a command printed the key: {text}"
        );
    }
}

#[test]
fn an_inference_key_is_refused_and_the_stored_key_carries_on() {
    let mut sim = four_tiles();
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
    });
    sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    let out = sim
        .answer(
            Endpoint::Key,
            Ok(Fetched::Key(KeyInfo {
                is_management_key: false,
            })),
        )
        .unwrap();
    // The stored key stays; only the refused candidate leaves the global settings.
    let saved: Vec<_> = out
        .iter()
        .filter_map(|c| match c {
            Command::StoreKey { key, pending, .. } => Some((
                key.as_ref().map(|k| k.expose().to_owned()),
                pending.is_some(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(saved, [(Some(KEY.to_owned()), false)]);
    assert_eq!(
        reports(&out),
        [(true, "cdef".into(), KeyStatus::NotManagementKey)]
    );
    assert!(
        sim.texts("b").starts_with("BALANCE | $"),
        "the old key's numbers stay"
    );
}

#[test]
fn without_a_stored_key_a_refusal_shows_on_every_tile() {
    let mut sim = Sim::new(MORNING);
    sim.start(None);
    sim.appear(Action::TopModels, "t", json!({}));
    sim.pi("t", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    sim.answer(Endpoint::Key, Err(ApiError::KeyRejected));
    assert!(
        sim.texts("t").contains("Key rejected"),
        "{}",
        sim.texts("t")
    );

    sim.pi("t", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    sim.answer(
        Endpoint::Key,
        Ok(Fetched::Key(KeyInfo {
            is_management_key: true,
        })),
    );
    sim.answer(Endpoint::Credits, Err(ApiError::NotManagementKey));
    sim.answer(Endpoint::Activity, Err(ApiError::NotManagementKey));
    assert!(
        sim.texts("t").contains("Not a Management key"),
        "{}",
        sim.texts("t")
    );

    let out = sim.pi("t", PiMessage::connect(None));
    assert_eq!(reports(&out), [(false, String::new(), KeyStatus::Rejected)]);
    assert!(fetches(&out).is_empty());
}

#[test]
fn a_zero_zero_answer_is_checked_with_the_key_endpoint() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    let zero = Credits {
        total_credits: 0.0,
        total_usage: 0.0,
    };
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(zero)));
    let out = sim
        .answer(
            Endpoint::Activity,
            Ok(Fetched::Activity(Default::default())),
        )
        .unwrap();
    assert_eq!(fetches(&out), [Endpoint::Key], "0/0 is ambiguous: ask /key");
    sim.answer(
        Endpoint::Key,
        Ok(Fetched::Key(KeyInfo {
            is_management_key: false,
        })),
    );
    assert!(
        sim.texts("b").contains("Not a Management key"),
        "{}",
        sim.texts("b")
    );
}

#[test]
fn an_offline_night_keeps_the_numbers_backs_off_and_recovers() {
    let mut sim = four_tiles();
    let before = sim.view("b").unwrap();
    sim.advance(POLL_INTERVAL_MS);
    sim.fail_all(ApiError::Offline);
    let stale = sim.view("b").unwrap();
    assert_eq!(stale.body, before.body, "the last numbers stay on screen");
    assert_eq!(
        stale.badge.as_ref().map(|b| b.text.as_str()),
        Some("offline")
    );

    // Back-off: 1, 2, 4, 8, 15, 15… minutes between attempts, never faster.
    let mut gaps = Vec::new();
    let mut last = sim.now;
    for _ in 0..8 {
        let due = sim.plugin.poll_due().unwrap();
        gaps.push(due.since(last) / MINUTE_MS);
        sim.advance(due.since(sim.now));
        last = sim.now;
        sim.fail_all(ApiError::Offline);
    }
    assert_eq!(gaps, [1, 2, 4, 8, 15, 15, 15, 15]);

    sim.send(EventKind::SystemDidWakeUp);
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer_all(c, &rows);
    assert_eq!(sim.view("b").unwrap().badge, None);
}

#[test]
fn first_poll_failures_show_their_state() {
    for (error, text) in [
        (ApiError::KeyRejected, "Key rejected"),
        (ApiError::NotManagementKey, "Not a Management key"),
        (ApiError::Offline, "Offline"),
        (ApiError::Timeout, "Offline"),
        (ApiError::Service { status: 500 }, "OpenRouter error"),
        (
            ApiError::RateLimited {
                retry_after: Some(RetryAfter::Seconds(90)),
            },
            "Rate limited",
        ),
    ] {
        let mut sim = Sim::new(MORNING);
        sim.start(Some(KEY));
        sim.appear(Action::MonthlySpend, "m", json!({}));
        sim.fail_all(error.clone());
        assert!(
            sim.texts("m").contains(text),
            "{error:?}: {}",
            sim.texts("m")
        );
    }
}

#[test]
fn rate_limits_wait_as_long_as_asked() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    sim.fail_all(ApiError::RateLimited {
        retry_after: Some(RetryAfter::Seconds(600)),
    });
    let due = sim.plugin.poll_due().unwrap();
    assert_eq!(due.since(sim.now), 10 * MINUTE_MS);
}

#[test]
fn settings_change_redraws_with_defaults_for_bad_values() {
    let mut sim = four_tiles();
    let out = sim.send(EventKind::DidReceiveSettings {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
        settings: json!({"mode": "percent", "period": "7d", "theme": "light"}),
    });
    assert_eq!(drawn(&out), ["b"]);
    assert!(
        sim.texts("b").starts_with("USED % · 7D |"),
        "{}",
        sim.texts("b")
    );
    let out = sim.send(EventKind::DidReceiveSettings {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
        settings: json!({"mode": 42}),
    });
    assert!(out
        .iter()
        .any(|c| matches!(c, Command::Log { message, .. } if message.contains("mode"))));
    assert!(sim.texts("b").starts_with("BALANCE |"));
}

#[test]
fn top_models_cycle_every_minute_only_while_visible() {
    let mut sim = four_tiles();
    let first = sim.texts("t");
    assert!(first.contains("1/3"), "{first}");
    sim.advance(MINUTE_MS);
    assert!(sim.texts("t").contains("2/3"));
    sim.advance(2 * MINUTE_MS);
    assert!(sim.texts("t").contains("1/3"));
    let out = sim.send(EventKind::WillDisappear {
        action: Action::TopModels.uuid().into(),
        context: "t".into(),
    });
    // The minute tick is gone: the next wake-up is the poll.
    assert!(out.contains(&Command::Wake {
        at: sim.plugin.poll_due()
    }));
    assert!(sim.texts("t").is_empty());
}

#[test]
fn no_tiles_no_polling() {
    let mut sim = four_tiles();
    for ctx in ["b", "t", "m", "s"] {
        sim.send(EventKind::WillDisappear {
            action: String::new(),
            context: ctx.into(),
        });
    }
    assert_eq!(sim.wake, None, "nothing to wake for");
    assert_eq!(sim.plugin.next_deadline(), None);
    assert!(fetches(&sim.advance(3 * HOUR_MS)).is_empty());
    // Coming back within 15 minutes of the last poll waits for its turn; later polls at once.
    let out = sim.appear(Action::Balance, "b", json!({}));
    assert_eq!(fetches(&out), [Endpoint::Credits, Endpoint::Activity]);
}

#[test]
fn late_answers_for_a_removed_key_are_ignored() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    let pending = sim.open.clone();
    sim.pi("b", PiMessage::disconnect());
    for (id, endpoint) in pending {
        let out = sim.send(EventKind::Fetched {
            id,
            endpoint,
            result: Err(ApiError::KeyRejected),
        });
        assert!(drawn(&out).is_empty());
    }
    assert!(sim.texts("b").contains("No key yet"));
}

#[test]
fn today_so_far_comes_from_the_credits_total() {
    let mut sim = four_tiles();
    let c = demo_account(&sim, Shape::default()).0;
    sim.advance(POLL_INTERVAL_MS);
    let rows = demo_account(&sim, Shape::default()).1;
    sim.answer_all(
        Credits {
            total_usage: c.total_usage + 1.25,
            ..c
        },
        &rows,
    );
    assert!(sim.texts("m").contains("today $1.25"), "{}", sim.texts("m"));
}

#[test]
fn unknown_actions_and_stray_events_are_harmless() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    let out = sim.send(EventKind::WillAppear {
        action: "com.example.other".into(),
        context: "x".into(),
        settings: json!(null),
        controller: None,
        device: None,
    });
    assert!(out.iter().any(|c| matches!(c, Command::Log { .. })));
    assert!(drawn(&out).is_empty());
    assert!(sim
        .send(EventKind::KeyUp {
            context: "nobody".into()
        })
        .iter()
        .all(|c| matches!(c, Command::Log { .. })));
    // A wake-up with nothing due does nothing but ask for the same wake-up again.
    let next = sim.plugin.next_deadline();
    let out = sim.send(EventKind::Wake);
    assert!(
        out.iter().all(|c| *c == Command::Wake { at: next }),
        "{out:?}"
    );
}

// ---- Regressions found in review ----

fn zero() -> Credits {
    Credits {
        total_credits: 0.0,
        total_usage: 0.0,
    }
}

#[test]
fn an_inference_verdict_survives_the_next_ambiguous_poll() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
    });
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(zero())));
    sim.answer(
        Endpoint::Activity,
        Ok(Fetched::Activity(Default::default())),
    );
    sim.answer(
        Endpoint::Key,
        Ok(Fetched::Key(KeyInfo {
            is_management_key: false,
        })),
    );
    assert!(sim.texts("b").contains("Not a Management key"));
    sim.advance(POLL_INTERVAL_MS);
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(zero())));
    let out = sim
        .answer(
            Endpoint::Activity,
            Ok(Fetched::Activity(Default::default())),
        )
        .unwrap();
    assert!(
        sim.texts("b").contains("Not a Management key"),
        "{}",
        sim.texts("b")
    );
    assert!(
        reports(&out)
            .iter()
            .all(|r| r.2 == KeyStatus::NotManagementKey),
        "{:?}",
        reports(&out)
    );
}

#[test]
fn a_new_key_whose_key_check_failed_is_not_taken_as_verified() {
    let mut sim = Sim::new(MORNING);
    sim.start(None);
    sim.appear(Action::Balance, "b", json!({}));
    sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    sim.answer(Endpoint::Key, Err(ApiError::Service { status: 500 }));
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(zero())));
    let out = sim
        .answer(
            Endpoint::Activity,
            Ok(Fetched::Activity(Default::default())),
        )
        .unwrap();
    assert!(out.iter().any(|c| matches!(c, Command::StoreKey { .. })));
    assert_eq!(
        fetches(&out),
        [Endpoint::Key],
        "0/0 from an unverified key is checked again"
    );
}

#[test]
fn a_wake_up_that_comes_early_does_nothing_and_loses_nothing() {
    let mut sim = four_tiles();
    let due = sim.plugin.poll_due().unwrap();
    let cycle_due = sim.plugin.next_deadline().unwrap();
    assert!(cycle_due < due, "the minute tick comes first");
    // The shell's clock stepped: it wakes the plugin five seconds early.
    sim.now = cycle_due.plus_millis(-5 * SECOND_MS);
    let out = sim.send(EventKind::Wake);
    assert_eq!(
        out,
        [Command::Wake {
            at: Some(cycle_due)
        }],
        "asked again for the same instant"
    );
    assert!(sim.texts("t").contains("1/3"));
    // At their time, cycling and polling go on.
    let out = sim.advance(cycle_due.since(sim.now));
    assert!(sim.texts("t").contains("2/3"), "{}", sim.texts("t"));
    assert!(fetches(&out).is_empty());
    let out = sim.advance(due.since(sim.now));
    assert_eq!(fetches(&out), [Endpoint::Credits, Endpoint::Activity]);
}

/// A release and a new press before the first press's hold deadline: the old deadline is gone,
/// the new press holds two seconds after it went down.
#[test]
fn an_earlier_press_never_holds_a_new_one() {
    let mut sim = four_tiles();
    let down = |sim: &mut Sim| {
        sim.send(EventKind::KeyDown {
            context: "b".into(),
        })
    };
    let up = |sim: &mut Sim| {
        sim.send(EventKind::KeyUp {
            context: "b".into(),
        })
    };
    down(&mut sim);
    sim.now = sim.now.plus_millis(100);
    up(&mut sim);
    sim.now = sim.now.plus_millis(1_400);
    down(&mut sim);
    assert!(
        fetches(&sim.advance(600)).is_empty(),
        "2 s after the first press: no hold"
    );
    assert_eq!(
        fetches(&sim.advance(1_400)),
        [Endpoint::Credits, Endpoint::Activity]
    );
}

#[test]
fn a_hold_always_gets_an_answer() {
    // Held while a new key's first poll is refused.
    let mut sim = Sim::new(MORNING);
    sim.start(None);
    sim.appear(Action::Balance, "b", json!({}));
    sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    sim.answer(
        Endpoint::Key,
        Ok(Fetched::Key(KeyInfo {
            is_management_key: true,
        })),
    );
    sim.hold("b");
    sim.answer(Endpoint::Credits, Err(ApiError::NotManagementKey));
    let out = sim
        .answer(Endpoint::Activity, Err(ApiError::NotManagementKey))
        .unwrap();
    assert!(
        out.contains(&Command::ShowAlert {
            context: "b".into()
        }),
        "{out:?}"
    );

    // Held during a poll that a new key replaces: the new key's poll answers the hold.
    let mut sim = four_tiles();
    sim.hold("m");
    sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    sim.answer(
        Endpoint::Key,
        Ok(Fetched::Key(KeyInfo {
            is_management_key: true,
        })),
    );
    let (c, rows) = demo_account(&sim, Shape::default());
    let out = sim.answer_all(c, &rows);
    assert!(
        out.contains(&Command::ShowOk {
            context: "m".into()
        }),
        "{out:?}"
    );

    // Held during a poll, then disconnected: the abandoned hold hears it failed.
    let mut sim = four_tiles();
    sim.hold("m");
    let out = sim.pi("b", PiMessage::disconnect());
    assert!(
        out.contains(&Command::ShowAlert {
            context: "m".into()
        }),
        "{out:?}"
    );
}

fn critical_acknowledged() -> Sim {
    let mut sim = Sim::new(MORNING);
    let usual_hour = demo::activity(MORNING.day(), Shape::default())
        .iter()
        .filter(|r| r.date >= MORNING.day().plus(-7))
        .map(|r| r.usage)
        .sum::<f64>()
        / 7.0
        / 24.0;
    sim.send(EventKind::IntradayLoaded {
        shape: learned_flat(MORNING, usual_hour),
    });
    sim.start(Some(KEY));
    sim.appear(Action::SpikeAlert, "s", json!({}));
    let rows = demo::activity(
        sim.now.day(),
        Shape {
            last_day_surge: 16.0,
            ..Shape::default()
        },
    );
    sim.answer_all(demo::credits(&rows), &rows);
    sim.tap("s");
    assert!(
        sim.texts("s").starts_with("ACKNOWLEDGED | Critical"),
        "{}",
        sim.texts("s")
    );
    sim
}

#[test]
fn a_failed_poll_does_not_end_an_acknowledgement() {
    let mut sim = critical_acknowledged();
    sim.advance(POLL_INTERVAL_MS);
    sim.fail_all(ApiError::Offline);
    assert!(
        sim.texts("s").starts_with("ACKNOWLEDGED | Critical"),
        "{}",
        sim.texts("s")
    );
}

#[test]
fn an_acknowledgement_survives_a_page_switch() {
    let mut sim = critical_acknowledged();
    sim.send(EventKind::WillDisappear {
        action: Action::SpikeAlert.uuid().into(),
        context: "s".into(),
    });
    sim.appear(Action::SpikeAlert, "s", json!({}));
    assert!(
        sim.texts("s").starts_with("ACKNOWLEDGED | Critical"),
        "{}",
        sim.texts("s")
    );
    let out = sim.advance(POLL_INTERVAL_MS);
    assert!(!fetches(&out).is_empty());
    let rows = demo::activity(
        sim.now.day(),
        Shape {
            last_day_surge: 16.0,
            ..Shape::default()
        },
    );
    // Still spending hard: $5 in a quarter hour against a baseline of a few dollars a day.
    let mut credits = demo::credits(&rows);
    credits.total_usage += 5.0;
    let out = sim.answer_all(credits, &rows);
    assert!(
        sim.texts("s").starts_with("SPIKE ALERT | Critical"),
        "the next poll re-evaluates: {}",
        sim.texts("s")
    );
    assert!(out.iter().any(|c| matches!(c, Command::Log { message, .. } if message.contains("its own baseline") || message.contains("new this week"))), "the culprit's own ratio is logged");
}

#[test]
fn connecting_the_stored_key_again_answers_the_inspector() {
    let mut sim = four_tiles();
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
    });
    let out = sim.pi("b", PiMessage::connect(ApiKey::new(KEY)));
    assert_eq!(reports(&out), [(true, "cdef".into(), KeyStatus::Connected)]);
}

#[test]
fn tapping_spike_alert_without_numbers_promises_nothing() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::SpikeAlert, "s", json!({}));
    sim.fail_all(ApiError::Offline);
    let out = sim.tap("s");
    assert!(out.contains(&Command::ShowAlert {
        context: "s".into()
    }));
    assert!(!out.iter().any(|c| matches!(c, Command::ShowOk { .. })));
}

/// Live `/activity` bodies (dates with a time, RFC 3339, integer amounts, extra fields) draw
/// exactly what the docs' bare dates draw.
#[test]
fn live_shaped_activity_draws_exactly_what_bare_dates_draw() {
    use openbalance_core::openrouter::classify;
    let shapes: [fn(&str) -> String; 4] = [
        |d| d.to_owned(),
        |d| format!("{d} 00:00:00"),
        |d| format!("{d}T00:00:00Z"),
        |d| format!("{d}T00:00:00.000+00:00"),
    ];
    let mut seen = Vec::new();
    for shape in shapes {
        let mut sim = four_tiles();
        let (credits, rows) = demo_account(&sim, Shape::default());
        sim.advance(POLL_INTERVAL_MS);
        let body = demo::activity_body(&rows).to_string();
        let body = rows.iter().fold(body, |body, row| {
            let day = row.date.to_string();
            body.replace(&format!("{day} 00:00:00"), &shape(&day))
        });
        let activity = classify(&Endpoint::Activity, 200, None, body.as_bytes());
        assert!(activity.is_ok(), "{activity:?}");
        sim.answer(Endpoint::Credits, Ok(Fetched::Credits(credits)));
        sim.answer(Endpoint::Activity, activity);
        let views: Vec<_> = ["b", "t", "m", "s"].iter().map(|c| sim.view(c)).collect();
        assert!(views
            .iter()
            .all(|v| v.as_ref().is_some_and(|v| v.badge.is_none())));
        seen.push(views);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "every date shape draws the same tiles"
    );
}

/// One row OpenRouter sends oddly (no date, negative usage) never blanks the others' numbers.
#[test]
fn one_odd_row_leaves_every_tile_with_the_other_rows_numbers() {
    use openbalance_core::openrouter::classify;
    let mut clean = four_tiles();
    let mut odd = four_tiles();
    let (credits, rows) = demo_account(&clean, Shape::default());
    let good = demo::activity_body(&rows);
    let mut with_odd = good.clone();
    if let Some(data) = with_odd["data"].as_array_mut() {
        data.push(json!({"date": "last tuesday", "model": "x/y", "usage": 9.0}));
        data.push(json!({"date": "2025-11-20 00:00:00", "model": "x/y", "usage": -3}));
        data.push(json!({"date": "2025-11-20 00:00:00", "usage": 0, "byok_usage_inference": 1}));
    }
    let mut logs = Vec::new();
    for (sim, body) in [(&mut clean, good), (&mut odd, with_odd)] {
        sim.advance(POLL_INTERVAL_MS);
        sim.answer(Endpoint::Credits, Ok(Fetched::Credits(credits)));
        let activity = classify(&Endpoint::Activity, 200, None, body.to_string().as_bytes());
        let out = sim.answer(Endpoint::Activity, activity).unwrap_or_default();
        logs.push(out);
    }
    for ctx in ["b", "t", "m", "s"] {
        assert_eq!(clean.view(ctx), odd.view(ctx), "{ctx}");
    }
    let warned: Vec<&str> = logs[1]
        .iter()
        .filter_map(|c| match c {
            Command::Log { message, .. } if message.starts_with("/activity") => {
                Some(message.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        warned,
        ["/activity: 2 rows skipped (1 without a usable date, 1 with missing or impossible usage)"]
    );
}

/// `/credits` answered and `/activity` did not: the balance is fresh and unmarked, the tiles
/// that need activity keep their older numbers with a badge, or say what is missing.
#[test]
fn a_partial_failure_is_partial() {
    let mut sim = four_tiles();
    let (credits, _) = demo_account(&sim, Shape::default());
    sim.advance(POLL_INTERVAL_MS);
    let newer = Credits {
        total_usage: credits.total_usage + 1.0,
        ..credits
    };
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(newer)));
    sim.answer(Endpoint::Activity, Err(ApiError::Service { status: 502 }));
    let balance = sim.view("b").unwrap();
    assert_eq!(balance.badge, None, "{}", sim.texts("b"));
    assert!(sim
        .texts("b")
        .contains(&openbalance_core::money::dollars(newer.remaining())));
    for ctx in ["t", "m", "s"] {
        let badge = sim.view(ctx).and_then(|v| v.badge).map(|b| b.text);
        assert_eq!(badge.as_deref(), Some("stale"), "{ctx}: {}", sim.texts(ctx));
    }

    // A first poll whose activity fails: no older numbers, so the tile says what is missing.
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    sim.appear(Action::TopModels, "t", json!({}));
    sim.appear(
        Action::Balance,
        "u",
        json!({"mode": "used", "period": "7d"}),
    );
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(credits)));
    sim.answer(
        Endpoint::Activity,
        Err(ApiError::BadBody(
            openbalance_core::openrouter::BodyError::NotJson { detail: "x".into() },
        )),
    );
    assert_eq!(sim.view("b").unwrap().badge, None);
    assert!(sim
        .texts("b")
        .contains(&openbalance_core::money::dollars(credits.remaining())));
    assert_eq!(
        sim.texts("t"),
        "TOP MODELS | Unexpected answer | Activity: retrying"
    );
    assert_eq!(
        sim.texts("u"),
        "USED · 7D | Unexpected answer | Activity: retrying"
    );
}

fn saved_keys(commands: &[Command]) -> Vec<(Option<String>, Option<String>)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::StoreKey { key, pending, .. } => Some((
                key.as_ref().map(|k| k.last4()),
                pending.as_ref().map(|k| k.last4()),
            )),
            Command::ClearKey => Some((None, None)),
            _ => None,
        })
        .collect()
}

/// Issue 8, item 1: key A works; a mistyped key B is connected while `/key` is unreachable. A
/// is never replaced; B waits beside it (persisted as pending) and is refuted by the next check.
#[test]
fn a_key_that_could_not_be_checked_never_replaces_the_working_key() {
    let mut sim = four_tiles();
    let balance = sim.texts("b");
    let out = sim.pi("b", PiMessage::connect(ApiKey::new(OTHER_KEY)));
    assert_eq!(
        saved_keys(&out),
        [(Some("cdef".into()), Some("32ff".into()))],
        "B is kept beside A, A stays stored"
    );
    let out = sim.answer(Endpoint::Key, Err(ApiError::Offline)).unwrap();
    assert!(
        saved_keys(&out).is_empty(),
        "nothing is stored on an unanswered check"
    );
    assert!(fetches(&out).is_empty(), "no poll with the unchecked key");
    assert_eq!(sim.texts("b"), balance, "A's numbers stay, unmarked");
    // A's next poll runs with A and checks B again; A keeps working.
    let out = sim.advance(POLL_INTERVAL_MS);
    let mut asked = fetches(&out);
    asked.sort();
    assert_eq!(
        asked,
        [Endpoint::Credits, Endpoint::Activity, Endpoint::Key]
    );
    for c in &out {
        if let Command::Fetch { endpoint, key, .. } = c {
            let expected = if *endpoint == Endpoint::Key {
                "32ff"
            } else {
                "cdef"
            };
            assert_eq!(key.last4(), expected, "{endpoint:?}");
        }
    }
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer(Endpoint::Credits, Ok(Fetched::Credits(c)));
    sim.answer(
        Endpoint::Activity,
        Ok(Fetched::Activity(
            openbalance_core::openrouter::Activity::from_rows(rows),
        )),
    );
    let out = sim
        .answer(Endpoint::Key, Err(ApiError::KeyRejected))
        .unwrap();
    assert_eq!(
        saved_keys(&out),
        [(Some("cdef".into()), None)],
        "B is dropped; A stays"
    );
    assert_eq!(reports(&out), [(true, "cdef".into(), KeyStatus::Rejected)]);
    assert!(sim.texts("b").starts_with("BALANCE | $"));
}

/// A pasted key over ~1 MiB is not a key: refused at once, the stored key untouched.
#[test]
fn a_huge_pasted_key_is_refused_and_loses_nothing() {
    let mut sim = four_tiles();
    let huge = format!("sk-or-v1-{}", "a".repeat(1 << 20));
    assert!(ApiKey::new(&huge).is_none(), "no key is a megabyte long");
    sim.send(EventKind::PropertyInspectorDidAppear {
        action: Action::Balance.uuid().into(),
        context: "b".into(),
    });
    let out = sim.pi("b", PiMessage::connect(ApiKey::new(&huge)));
    assert!(saved_keys(&out).is_empty());
    assert!(fetches(&out).is_empty());
    assert_eq!(reports(&out), [(true, "cdef".into(), KeyStatus::Rejected)]);
}

/// The candidate survives a restart: Stream Deck hands it back as `pendingKey`, and it is checked.
#[test]
fn a_pending_key_is_checked_after_a_restart() {
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    sim.appear(Action::Balance, "b", json!({}));
    let out = sim.send(EventKind::DidReceiveGlobalSettings {
        key: ApiKey::new(KEY),
        pending: ApiKey::new(OTHER_KEY),
        unusable: false,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    });
    let mut asked = fetches(&out);
    asked.sort();
    assert_eq!(
        asked,
        [Endpoint::Credits, Endpoint::Activity, Endpoint::Key]
    );
    let out = sim
        .answer(
            Endpoint::Key,
            Ok(Fetched::Key(KeyInfo {
                is_management_key: true,
            })),
        )
        .unwrap();
    assert_eq!(
        fetches(&out),
        [Endpoint::Credits, Endpoint::Activity],
        "a poll with B"
    );
    let (c, rows) = demo_account(&sim, Shape::default());
    let out = sim.answer_all(c, &rows);
    assert_eq!(saved_keys(&out), [(Some("32ff".into()), None)]);
}

/// A bad value in the global settings is dropped with a line in the log.
#[test]
fn a_bad_stored_key_is_logged() {
    let mut sim = Sim::new(MORNING);
    sim.send(EventKind::Started);
    let out = sim.send(EventKind::DidReceiveGlobalSettings {
        key: None,
        pending: None,
        unusable: true,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    });
    assert!(out.iter().any(|c| matches!(c, Command::Log { message, .. }
        if message.contains("not an OpenRouter key"))));
}

/// Issue 8, item 2: 800 inspector appearances send 800 statuses, not 320,400; only the open one
/// hears.
#[test]
fn only_the_open_inspector_hears_the_key_status() {
    let mut sim = four_tiles();
    let mut sent = 0;
    for i in 0..800 {
        let out = sim.send(EventKind::PropertyInspectorDidAppear {
            action: Action::Balance.uuid().into(),
            context: format!("pi-{i}"),
        });
        let to: Vec<String> = out
            .iter()
            .filter_map(|c| match c {
                Command::SendKeyStatus { context, .. } => Some(context.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(to, [format!("pi-{i}")]);
        sent += to.len();
    }
    assert_eq!(sent, 800);
    // A status change goes to the open one only; a closed one hears nothing.
    sim.send(EventKind::PropertyInspectorDidDisappear {
        context: "pi-799".into(),
    });
    let out = sim.pi("b", PiMessage::disconnect());
    let to: Vec<&str> = out
        .iter()
        .filter_map(|c| match c {
            Command::SendKeyStatus { context, .. } => Some(context.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(to, ["b"], "the sender is the open inspector");
}

/// Issue 8, item 5: after a 429 with `Retry-After: 3600`, holds, wake-ups and re-connects of the
/// same key send nothing; each hold gets an alert, the tile says when it will retry, and the poll
/// comes when the wait ends.
#[test]
fn forced_refreshes_honour_retry_after() {
    let mut sim = four_tiles();
    sim.advance(POLL_INTERVAL_MS);
    sim.fail_all(ApiError::RateLimited {
        retry_after: Some(RetryAfter::Seconds(3600)),
    });
    let badge = sim.view("b").and_then(|v| v.badge).map(|b| b.text);
    assert_eq!(badge.as_deref(), Some("wait 60m"));
    let mut sent = Vec::new();
    for _ in 0..6 {
        let out = sim.hold("b");
        assert!(
            out.iter()
                .any(|c| matches!(c, Command::ShowAlert { context } if context == "b")),
            "a hold during the wait gets an alert"
        );
        sent.extend(fetches(&out));
        sim.advance(SECOND_MS);
    }
    sent.extend(fetches(&sim.send(EventKind::SystemDidWakeUp)));
    sent.extend(fetches(&sim.pi("b", PiMessage::connect(ApiKey::new(KEY)))));
    assert_eq!(
        sent,
        [],
        "nothing is sent while OpenRouter asked us to wait"
    );
    // The tile counts down, minute by minute.
    sim.advance(30 * MINUTE_MS);
    let badge = sim.view("b").and_then(|v| v.badge).map(|b| b.text);
    assert_eq!(badge.as_deref(), Some("wait 30m"));
    let out = sim.advance(30 * MINUTE_MS);
    let mut asked = fetches(&out);
    asked.sort();
    assert_eq!(
        asked,
        [Endpoint::Credits, Endpoint::Activity],
        "the poll comes when the wait ends"
    );
}

#[test]
fn a_retry_after_of_two_to_the_64_hits_the_one_hour_cap() {
    use openbalance_core::openrouter::classify;
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::Balance, "b", json!({}));
    for endpoint in [Endpoint::Credits, Endpoint::Activity] {
        let result = classify(&endpoint, 429, Some("18446744073709551616"), b"");
        sim.answer(endpoint, result);
    }
    assert!(
        sim.texts("b").contains("Retry in 60 min"),
        "{}",
        sim.texts("b")
    );
    let due = sim.plugin.poll_due().unwrap();
    assert_eq!(due.since(sim.now), HOUR_MS);
}

/// Issue 8, item 7: an unanswered getGlobalSettings is asked again, with back-off, until answered.
#[test]
fn unanswered_global_settings_are_asked_again() {
    let mut sim = Sim::new(MORNING);
    let asks = |out: &[Command]| {
        out.iter()
            .filter(|c| **c == Command::GetGlobalSettings)
            .count()
    };
    assert_eq!(asks(&sim.send(EventKind::Started)), 1);
    sim.appear(Action::Balance, "b", json!({}));
    assert_eq!(asks(&sim.advance(5 * SECOND_MS)), 1, "after 5 s");
    assert_eq!(asks(&sim.advance(5 * SECOND_MS)), 0, "then it waits longer");
    assert_eq!(asks(&sim.advance(5 * SECOND_MS)), 1, "after 10 s more");
    let out = sim.send(EventKind::DidReceiveGlobalSettings {
        key: ApiKey::new(KEY),
        pending: None,
        unusable: false,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    });
    assert!(
        fetches(&out).contains(&Endpoint::Credits),
        "answered: polling starts"
    );
    assert_eq!(
        asks(&sim.advance(10 * MINUTE_MS)),
        0,
        "answered: no more asking"
    );
}

// ---- Issue 10: Today, runway, low-balance alarm, spend by key ----

use openbalance_core::openrouter::{KeyHash, KeyRow, Usage};

/// 103 keys, every third disabled; key i spent (i + 1) cents today and (i + 1) dollars this month.
fn hundred_and_three_keys() -> Vec<KeyRow> {
    (0..103)
        .map(|i| KeyRow {
            hash: KeyHash::parse(&format!("h{i:03}")),
            name: format!("app {i:03}"),
            disabled: i % 3 == 0,
            usage: Usage {
                daily: f64::from(i + 1) / 100.0,
                weekly: f64::from(i + 1) / 10.0,
                monthly: f64::from(i + 1),
                total: f64::from(i + 1),
            },
            ..KeyRow::default()
        })
        .collect()
}

fn with_tiles(tiles: &[(Action, &str, serde_json::Value)]) -> Sim {
    let mut sim = Sim::new(MORNING);
    sim.keys = hundred_and_three_keys();
    sim.start(Some(KEY));
    for (action, ctx, settings) in tiles {
        sim.appear(*action, ctx, settings.clone());
    }
    let (c, rows) = demo_account(&sim, Shape::default());
    sim.answer_all(c, &rows);
    sim
}

#[test]
fn today_sums_every_key_over_every_page_disabled_ones_included() {
    let mut sim = with_tiles(&[(Action::Today, "d", json!({}))]);
    let pages: Vec<Endpoint> = sim
        .history
        .iter()
        .filter_map(|c| match c {
            Command::Fetch {
                endpoint: e @ Endpoint::Keys { .. },
                ..
            } => Some(e.clone()),
            _ => None,
        })
        .collect();
    // No workspaces on this account (404): its default workspace, read without an id.
    assert_eq!(
        pages,
        [
            Endpoint::Keys {
                offset: 0,
                workspace: None
            },
            Endpoint::Keys {
                offset: 100,
                workspace: None
            }
        ]
    );
    // 1 + 2 + … + 103 cents.
    let expected = (1..=103).sum::<i32>() as f64 / 100.0;
    let texts = sim.texts("d");
    assert!(
        texts.contains(&openbalance_core::money::dollars(expected)),
        "{texts}"
    );
    assert!(texts.contains("of usual day"), "{texts}");
    // The day is OpenRouter's (UTC), said as such.
    assert!(texts.starts_with("TODAY · UTC"), "{texts}");
    sim.send(EventKind::LocalTime {
        utc_offset_minutes: 60,
    });
    assert!(
        sim.texts("d").starts_with("SINCE 01:00"),
        "{}",
        sim.texts("d")
    );
    sim.send(EventKind::LocalTime {
        utc_offset_minutes: -300,
    });
    assert!(
        sim.texts("d").starts_with("SINCE 19:00"),
        "{}",
        sim.texts("d")
    );
}

#[test]
fn without_a_tile_that_needs_them_no_keys_are_fetched() {
    let mut sim = four_tiles();
    sim.advance(POLL_INTERVAL_MS);
    let asked: Vec<Endpoint> = fetches(&sim.history);
    assert!(
        asked.iter().all(|e| !matches!(e, Endpoint::Keys { .. })),
        "{asked:?}"
    );
    assert_eq!(fetches(&sim.fail_all(ApiError::Offline)), []);
    // A by-key Top Models tile appears: the walk over the keys starts now (with the
    // workspaces), not in up to 15 minutes.
    let out = sim.appear(Action::TopModels, "k", json!({"by": "key"}));
    assert!(
        fetches(&out).contains(&Endpoint::Workspaces { offset: 0 }),
        "{:?}",
        fetches(&out)
    );
}

#[test]
fn top_models_by_key_names_the_top_key_never_a_secret() {
    let sim = with_tiles(&[(Action::TopModels, "k", json!({"by": "key"}))]);
    let texts = sim.texts("k");
    assert!(
        texts.starts_with("TOP KEYS | app 102 | $103.00 | app 101 | $102.00"),
        "{texts}"
    );
    assert!(!texts.contains("sk-or"));
}

#[test]
fn runway_says_how_many_days_the_balance_lasts() {
    let sim = with_tiles(&[(Action::Balance, "r", json!({"mode": "runway"}))]);
    let texts = sim.texts("r");
    assert!(texts.starts_with("RUNWAY | ≈ "), "{texts}");
    assert!(texts.contains(" days"), "{texts}");
    // No spend last week: said plainly.
    let mut quiet = Sim::new(MORNING);
    quiet.start(Some(KEY));
    quiet.appear(Action::Balance, "r", json!({"mode": "runway"}));
    quiet.answer_all(
        Credits {
            total_credits: 50.0,
            total_usage: 10.0,
        },
        &[],
    );
    assert_eq!(quiet.texts("r"), "RUNWAY | no recent spend");
}

#[test]
fn low_balance_alarms_in_every_mode_and_alerts_once_per_crossing() {
    let alerts = |out: &[Command], ctx: &str| {
        out.iter()
            .filter(|c| matches!(c, Command::ShowAlert { context } if context == ctx))
            .count()
    };
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    for (ctx, mode) in [
        ("a", "remaining"),
        ("b", "used"),
        ("c", "percent"),
        ("d", "runway"),
    ] {
        sim.appear(
            Action::Balance,
            ctx,
            json!({"mode": mode, "lowBalance": 10}),
        );
    }
    let (c, rows) = demo_account(&sim, Shape::default());
    let credits = |remaining: f64| Credits {
        total_credits: c.total_usage + remaining,
        total_usage: c.total_usage,
    };
    let out = sim.answer_all(credits(50.0), &rows);
    assert_eq!(alerts(&out, "a"), 0);
    assert!(sim.texts("a").starts_with("BALANCE"));
    let mut total = 0;
    for remaining in [8.0, 7.0, 6.5, 12.0, 9.0, 9.0] {
        sim.advance(POLL_INTERVAL_MS);
        let out = sim.answer_all(credits(remaining), &rows);
        total += alerts(&out, "a");
        for ctx in ["a", "b", "c", "d"] {
            let view = sim.view(ctx).unwrap();
            let low = remaining < 10.0;
            assert_eq!(
                view.header.text == "LOW BALANCE",
                low,
                "{ctx} at {remaining}"
            );
        }
    }
    assert_eq!(
        total, 2,
        "crossed below twice: two alerts, not one per poll"
    );
    // A page switch is not a crossing.
    sim.send(EventKind::WillDisappear {
        action: String::new(),
        context: "a".into(),
    });
    let out = sim.appear(Action::Balance, "a", json!({"lowBalance": 10}));
    assert_eq!(alerts(&out, "a"), 0);
}
