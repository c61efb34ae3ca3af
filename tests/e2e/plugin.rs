//! The plugin under Stream Deck: registration, polling, drawing, presses, errors, the Property
//! Inspector, secrecy and shutdown.

use crate::fake_deck::{png_of, png_size, FakeDeck, Launch, PATIENCE};
use crate::fake_openrouter::{hash_of, unreachable_base, FakeOpenRouter, Reply, KEY_IS_INFERENCE};
use crate::*;
use openbalance_core::action::{Tap, ACTIVITY_URL, CREDITS_URL, KEY_LIMITS_URL};
use openbalance_core::view::Body;
use serde_json::json;
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn registers_first_then_asks_for_the_global_settings() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    let first = &deck.messages()[0];
    assert_eq!(
        first.json,
        json!({"event": "registerPlugin", "uuid": fake_deck::PLUGIN_UUID})
    );
}

#[test]
fn one_poll_asks_once_for_credits_and_activity_however_many_tiles() {
    let fake = FakeOpenRouter::start();
    // OpenRouter's answers take a moment, as they do live: every tile is on its key before the
    // poll completes, and the Today tile's /keys joins it.
    for path in ["/credits", "/activity"] {
        let mut reply = fake.reply(path);
        reply.delay_ms = 400;
        fake.set(path, reply);
    }
    let deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    show_all_tiles(&deck);
    deck.wait_for_fetched(4);
    // Give a mistaken second poll time to show itself.
    thread::sleep(Duration::from_millis(500));
    assert_eq!(fake.count("/credits"), 1, "{:?}", fake.requests());
    assert_eq!(fake.count("/activity"), 1, "{:?}", fake.requests());
    assert_eq!(fake.count("/keys"), 1, "one page, for the Today tile");
    for request in fake.requests() {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        let agent = request.header("user-agent").unwrap_or("");
        assert!(
            agent.starts_with("OpenBalance/") && agent.contains("Stream Deck plugin"),
            "{agent}"
        );
    }
    assert_key_stays_secret(&deck);
}

#[test]
fn every_tile_gets_a_144_pixel_png() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    show_all_tiles(&deck);
    for action in Action::ALL {
        let image = deck.wait_for(0, "a setImage per tile", is_image_for(&context_of(action)));
        assert_eq!(png_size(&png_of(&image)), (144, 144), "{}", action.uuid());
    }
    deck.wait_for_fetched(4);
    let views = last_views(&deck.recording_path());
    for action in Action::ALL {
        let view = &views[&context_of(action)];
        assert!(
            !matches!(view.body, Body::Status { .. }),
            "{action:?} shows data: {:?}",
            view.texts()
        );
    }
}

#[test]
fn a_tap_opens_the_page_behind_the_tile() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(4);
    for action in Action::ALL {
        let context = context_of(action);
        let mark = deck.count();
        deck.key(true, action.uuid(), &context);
        deck.key(false, action.uuid(), &context);
        match action.descriptor().tap {
            Tap::Open(url) => {
                let opened = deck.wait_for_event(mark, "openUrl");
                assert_eq!(opened.json["payload"]["url"], url, "{action:?}");
            }
            Tap::Limit => {
                // The picked key's own page, where its limit is set (as OpenRouter's "key limit
                // exceeded" errors link it).
                let opened = deck.wait_for_event(mark, "openUrl");
                let page = format!("{KEY_LIMITS_URL}/{}", hash_of("Support bot"));
                assert_eq!(opened.json["payload"]["url"], page, "{action:?}");
            }
            Tap::Acknowledge => {
                // Spike Alert acknowledges instead; it must not open anything.
                deck.wait_for(mark, "an acknowledgement", |m| {
                    m.event() == "showOk" || m.event() == "setImage"
                });
                thread::sleep(Duration::from_millis(300));
                assert!(
                    deck.messages()[mark..]
                        .iter()
                        .all(|m| m.event() != "openUrl"),
                    "{}",
                    deck.summary()
                );
            }
        }
    }
    let urls: Vec<_> = Action::ALL
        .iter()
        .filter_map(|a| match a.descriptor().tap {
            Tap::Open(url) => Some(url),
            Tap::Acknowledge | Tap::Limit => None,
        })
        .collect();
    assert_eq!(
        urls,
        [CREDITS_URL, ACTIVITY_URL, ACTIVITY_URL, ACTIVITY_URL]
    );
}

#[test]
fn holding_a_key_two_seconds_polls_now_and_opens_nothing() {
    let fake = FakeOpenRouter::start();
    let deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(4);
    let context = context_of(Action::Balance);
    let mark = deck.count();
    deck.key(true, Action::Balance.uuid(), &context);
    thread::sleep(Duration::from_millis(2_300));
    deck.key(false, Action::Balance.uuid(), &context);
    deck.wait_for_fetched(6);
    assert_eq!(fake.count("/credits"), 2);
    assert_eq!(fake.count("/activity"), 2);
    thread::sleep(Duration::from_millis(300));
    assert!(
        deck.messages()[mark..]
            .iter()
            .all(|m| m.event() != "openUrl"),
        "{}",
        deck.summary()
    );
}

/// Launches with a key against `base`, shows the tiles, waits for both answers, and returns what
/// the shell recorded as the answers' classification plus the tiles' last views.
fn run_failing_poll(base: &str) -> (FakeDeck, Vec<Value>, BTreeMap<String, TileView>) {
    let mut deck = FakeDeck::launch(Launch::with_key(base, KEY));
    show_all_tiles(&deck);
    // /credits and /activity; the Today tile's walk over the keys (/workspaces first) joins the
    // poll only if it came in time, and its answers may come first.
    let patience = Instant::now() + PATIENCE;
    let fetched = loop {
        let fetched = deck.wait_for_fetched(2);
        if error_kinds(&fetched).len() >= 2 || Instant::now() > patience {
            break fetched;
        }
        thread::sleep(Duration::from_millis(25));
    };
    for action in Action::ALL {
        deck.wait_for(0, "an image per tile", is_image_for(&context_of(action)));
    }
    thread::sleep(Duration::from_millis(200));
    assert!(
        deck.is_running(),
        "the plugin survives; stderr:\n{}",
        deck.stderr()
    );
    // Still answering: a new tile gets its picture.
    let mark = deck.count();
    deck.will_appear(Action::Balance.uuid(), "ctx-late", json!({}));
    deck.wait_for(
        mark,
        "an image for a tile added after the failure",
        is_image_for("ctx-late"),
    );
    assert_key_stays_secret(&deck);
    let views = last_views(&deck.recording_path());
    (deck, fetched, views)
}

/// The classification of the `/credits` and `/activity` answers (the Today tile's `/keys` aside).
fn error_kinds(fetched: &[Value]) -> Vec<String> {
    fetched
        .iter()
        .filter(|f| {
            matches!(
                f["event"]["endpoint"].as_str(),
                Some("credits" | "activity")
            )
        })
        .map(|f| {
            f["event"]["result"]["Err"]["kind"]
                .as_str()
                .unwrap_or("ok")
                .to_owned()
        })
        .collect()
}

fn all_tiles_say(views: &BTreeMap<String, TileView>, words: &[&str]) {
    for action in Action::ALL {
        let view = &views[&context_of(action)];
        let texts = texts_lowercase(view);
        assert!(
            words.iter().any(|w| texts.contains(w)),
            "{action:?} should say one of {words:?}: {texts}"
        );
    }
}

#[test]
fn a_rejected_key_shows_key_rejected() {
    let fake = FakeOpenRouter::start();
    fake.set("/credits", Reply::error(401, "User not found."));
    fake.set("/activity", Reply::error(401, "User not found."));
    let (_deck, fetched, views) = run_failing_poll(&fake.base());
    assert_eq!(error_kinds(&fetched), ["keyRejected", "keyRejected"]);
    all_tiles_say(&views, &["rejected", "invalid"]);
}

#[test]
fn an_inference_key_shows_not_a_management_key() {
    let fake = FakeOpenRouter::start();
    fake.set(
        "/credits",
        Reply::error(403, "Only management keys can perform this operation"),
    );
    fake.set(
        "/activity",
        Reply::error(403, "Only management keys can perform this operation"),
    );
    fake.set("/key", Reply::json(200, KEY_IS_INFERENCE));
    let (_deck, fetched, views) = run_failing_poll(&fake.base());
    assert!(
        error_kinds(&fetched[..2])
            .iter()
            .all(|k| k == "notManagementKey"),
        "{fetched:?}"
    );
    // "Not a Management key"; on the MK.2's 72-pixel keys, "Wrong key type".
    all_tiles_say(&views, &["management", "wrong key type"]);
}

#[test]
fn a_server_error_shows_offline() {
    let fake = FakeOpenRouter::start();
    fake.set("/credits", Reply::error(500, "Internal Server Error"));
    fake.set("/activity", Reply::error(503, "Service Unavailable"));
    fake.set("/keys", Reply::error(502, "Bad Gateway"));
    let (_deck, fetched, views) = run_failing_poll(&fake.base());
    let mut kinds = error_kinds(&fetched);
    kinds.sort();
    assert_eq!(kinds, ["service", "service"]);
    all_tiles_say(
        &views,
        &["offline", "reach", "trouble", "error", "unavailable"],
    );
}

#[test]
fn a_malformed_answer_shows_an_error_state() {
    let fake = FakeOpenRouter::start();
    fake.set(
        "/credits",
        Reply::json(200, r#"{"data":{"total_credits":"lots"}}"#),
    );
    fake.set("/activity", Reply::json(200, "<html>maintenance</html>"));
    fake.set("/keys", Reply::json(200, "<html>maintenance</html>"));
    let (_deck, fetched, views) = run_failing_poll(&fake.base());
    assert_eq!(error_kinds(&fetched), ["badBody", "badBody"]);
    for action in Action::ALL {
        assert!(
            matches!(
                views[&context_of(action)].body,
                Body::Status { .. } | Body::Alert { .. }
            ),
            "{action:?}"
        );
    }
}

#[test]
fn an_unreachable_openrouter_shows_offline() {
    let (_deck, fetched, views) = run_failing_poll(&unreachable_base());
    assert_eq!(error_kinds(&fetched), ["offline", "offline"]);
    all_tiles_say(&views, &["offline", "reach"]);
}

#[test]
fn the_property_inspector_connects_and_disconnects_the_key() {
    let fake = FakeOpenRouter::start();
    let deck = FakeDeck::launch(Launch::without_key(&fake.base()));
    deck.wait_for_event(0, "getGlobalSettings");
    let (action, context) = (Action::Balance.uuid(), context_of(Action::Balance));
    deck.will_appear(action, &context, json!({}));
    deck.send(json!({"event": "propertyInspectorDidAppear", "action": action, "context": context, "device": "DEV1"}));
    let mark = deck.count();
    deck.send_to_plugin(
        action,
        &context,
        json!({"event": "connect", "key": format!("  {KEY}\n")}),
    );

    // First kept as pending (it survives a restart), then stored once a poll proved it.
    let pending = deck.wait_for_event(mark, "setGlobalSettings");
    assert_eq!(pending.json["payload"], json!({"pendingKey": KEY}));
    let stored = deck.wait_for(mark, "the key stored", |m| {
        m.event() == "setGlobalSettings" && m.json["payload"].get("managementKey").is_some()
    });
    assert_eq!(stored.json["payload"], json!({"managementKey": KEY}));
    assert_eq!(stored.json["context"], fake_deck::PLUGIN_UUID);
    let connected = deck.wait_for(mark, "keyStatus connected", |m| {
        m.event() == "sendToPropertyInspector" && m.json["payload"]["status"] == "connected"
    });
    assert_eq!(connected.json["payload"]["hasKey"], true);
    assert_eq!(connected.json["payload"]["last4"], &KEY[KEY.len() - 4..]);
    assert_eq!(connected.context(), context);
    assert!(
        fake.count("/key") >= 1,
        "the key type is checked: {:?}",
        fake.requests()
    );
    deck.wait_for_fetched(3);
    assert!(fake.count("/credits") >= 1 && fake.count("/activity") >= 1);

    let mark = deck.count();
    deck.send_to_plugin(action, &context, json!({"event": "disconnect"}));
    let cleared = deck.wait_for_event(mark, "setGlobalSettings");
    assert_eq!(cleared.json["payload"], json!({}));
    let status = deck.wait_for(mark, "keyStatus without a key", |m| {
        m.event() == "sendToPropertyInspector" && m.json["payload"]["hasKey"] == false
    });
    assert_eq!(status.json["payload"]["status"], "none");
    assert_key_stays_secret(&deck);
}

#[test]
fn exits_when_stream_deck_closes_the_socket() {
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for(0, "a first image", |m| m.event() == "setImage");
    deck.close();
    let status = deck
        .wait_exit(PATIENCE)
        .unwrap_or_else(|| panic!("still running {PATIENCE:?} after close"));
    assert!(status.success(), "{status:?}; stderr:\n{}", deck.stderr());
}

#[test]
fn ignores_messages_it_does_not_understand() {
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    deck.wait_for_event(0, "getGlobalSettings");
    deck.send(json!({"event": "dialRotate", "context": "x", "payload": {"ticks": 1}}));
    deck.send(json!({"event": "keyDown"}));
    deck.send(json!([1, 2, 3]));
    deck.send(json!({"event": "sendToPlugin", "action": "a", "context": "c", "payload": {"event": "connect", "key": 5}}));
    let started = Instant::now();
    let mark = deck.count();
    deck.will_appear(
        Action::SpikeAlert.uuid(),
        "ctx-after-noise",
        json!({"threshold": "lots"}),
    );
    deck.wait_for(
        mark,
        "an image after the noise",
        is_image_for("ctx-after-noise"),
    );
    assert!(deck.is_running());
    assert!(started.elapsed() < PATIENCE);
    let log = std::fs::read_to_string(deck.log_dir().join("openbalance.log")).unwrap_or_default();
    assert!(log.contains("skipped a Stream Deck message"), "{log}");
}

#[test]
fn refuses_plain_http_to_another_host_and_says_so() {
    // No key, so nothing is fetched: the refused base must not send us to the internet.
    let mut launch = Launch::without_key("http://openrouter.example/api/v1");
    launch.env.push((
        "OPENBALANCE_API_BASE".into(),
        "http://openrouter.example/api/v1".into(),
    ));
    let deck = FakeDeck::launch(launch);
    deck.wait_for_event(0, "getGlobalSettings");
    let log_file = deck.log_dir().join("openbalance.log");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let log = std::fs::read_to_string(&log_file).unwrap_or_default();
        if log.contains("OPENBALANCE_API_BASE refused") {
            assert!(log.contains("https://openrouter.ai/api/v1"), "{log}");
            break;
        }
        assert!(Instant::now() < deadline, "no refusal in the log:\n{log}");
        thread::sleep(Duration::from_millis(25));
    }
}

/// Record inputs, replay, and get the same outputs: the URLs opened, the requests made and the
/// very pixels each key shows.
#[test]
fn a_recording_replays_to_what_the_plugin_did() {
    let fake = FakeOpenRouter::start();
    let mut deck = launch_happy(&fake);
    show_all_tiles(&deck);
    deck.wait_for_fetched(4);
    for action in [Action::Balance, Action::TopModels, Action::SpikeAlert] {
        deck.key(true, action.uuid(), &context_of(action));
        deck.key(false, action.uuid(), &context_of(action));
    }
    deck.wait_for(0, "the second openUrl", |m| {
        m.event() == "openUrl" && m.json["payload"]["url"] == ACTIVITY_URL
    });
    thread::sleep(Duration::from_millis(300));
    deck.close();
    deck.wait_exit(PATIENCE).expect("exits after close");

    let commands = replay_commands(&deck.recording_path());
    let replayed_urls: Vec<String> = commands
        .iter()
        .filter_map(|c| match c {
            Command::OpenUrl { url } => Some(url.clone()),
            _ => None,
        })
        .collect();
    let live_urls: Vec<String> = deck
        .messages()
        .iter()
        .filter(|m| m.event() == "openUrl")
        .map(|m| m.json["payload"]["url"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(replayed_urls, live_urls);
    let fetches = commands
        .iter()
        .filter(|c| matches!(c, Command::Fetch { .. }))
        .count();
    assert_eq!(fetches, fake.requests().len());

    let views = last_views(&deck.recording_path());
    for action in Action::ALL {
        let context = context_of(action);
        let live = deck
            .messages()
            .into_iter()
            .rev()
            .find(|m| is_image_for(&context)(m))
            .expect("an image");
        let replayed = openbalance::render::render_png(&views[&context]);
        assert!(
            png_of(&live) == replayed,
            "{action:?}: the replay draws other pixels than the plugin showed"
        );
    }
}
