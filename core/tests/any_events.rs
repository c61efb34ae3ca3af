//! Properties of the whole plugin under arbitrary event streams: it never panics, the same events
//! always give the same commands (replay), and the key never appears in a command's printed form.

use openbalance_core::action::Action;
use openbalance_core::openrouter::{
    Activity, ActivityRow, ApiError, BodyError, Credits, Endpoint, Fetched, KeyInfo, RetryAfter,
    Skipped,
};
use openbalance_core::{
    AccountId, ApiKey, Command, Day, Event, EventKind, FetchId, PiMessage, Plugin, StoredAccount,
    Timestamp,
};
use proptest::prelude::*;
use serde_json::json;

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
const OTHER_KEY: &str = "sk-or-v1-fedcba9876543210fedcba9876543210";
const WORK_KEY: &str = "sk-or-v1-work0000000000000000000000000000000a";

fn context() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c"]).prop_map(str::to_owned)
}

fn action() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(Action::ALL.to_vec()).prop_map(|a| a.uuid().to_owned()),
        Just("com.example.unknown".to_owned()),
    ]
}

fn error() -> impl Strategy<Value = ApiError> {
    prop_oneof![
        Just(ApiError::KeyRejected),
        Just(ApiError::NotManagementKey),
        Just(ApiError::Offline),
        Just(ApiError::Timeout),
        (0u64..4000).prop_map(|s| ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(s))
        }),
        Just(ApiError::RateLimited { retry_after: None }),
        (500u16..600).prop_map(|status| ApiError::Service { status }),
        Just(ApiError::BadBody(BodyError::NotJson { detail: "x".into() })),
    ]
}

fn rows() -> impl Strategy<Value = Vec<ActivityRow>> {
    prop::collection::vec(
        (
            19_990i32..20_001,
            prop::sample::select(vec!["m/a", "m/b", "m/c"]),
            prop_oneof![Just(0.0), 0.0f64..50.0],
        ),
        0..20,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(d, m, u)| ActivityRow {
                date: Day(d),
                model: m.into(),
                usage: u,
                byok_usage: 0.0,
                requests: 1,
            })
            .collect()
    })
}

fn result() -> impl Strategy<Value = Result<Fetched, ApiError>> {
    prop_oneof![
        (0.0f64..500.0, 0.0f64..500.0).prop_map(|(c, u)| Ok(Fetched::Credits(Credits {
            total_credits: c,
            total_usage: u
        }))),
        (rows(), 0u32..3).prop_map(|(rows, bad_date)| Ok(Fetched::Activity(Activity {
            rows,
            skipped: Skipped {
                bad_date,
                ..Skipped::default()
            }
        }))),
        any::<bool>().prop_map(|m| Ok(Fetched::Key(KeyInfo {
            is_management_key: m
        }))),
        error().prop_map(Err),
    ]
}

fn event_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(EventKind::Started),
        (
            action(),
            context(),
            prop_oneof![
                Just(json!({})),
                Just(json!({"mode":"percent","period":"7d"})),
                Just(json!({"threshold": "x"})),
                Just(json!({"by": "key", "theme": "light"})),
                Just(json!({"account": "work"})),
                Just(json!({"account": "gone", "mode": "runway"})),
                Just(json!({"account": 5})),
                Just(json!(7))
            ],
            // Keys, dials (Stream Deck +), and a controller we do not know.
            prop::sample::select(vec![None, Some("Keypad"), Some("Encoder"), Some("Neo")]),
            // On a device the host named, one it never did, or none.
            prop::sample::select(vec![None, Some("mk2"), Some("xl"), Some("unnamed")])
        )
            .prop_map(|(action, context, settings, controller, device)| {
                EventKind::WillAppear {
                    action,
                    context,
                    settings,
                    controller: controller.map(str::to_owned),
                    device: device.map(str::to_owned),
                }
            }),
        // Devices named (or renamed to another type) at any moment: their keys change size.
        (
            prop::sample::select(vec!["mk2", "xl", "plus"]),
            prop::option::of(prop::sample::select(vec![0u32, 1, 2, 7, 9, 13, 99]))
        )
            .prop_map(|(device, device_type)| EventKind::DeviceDidConnect {
                device: device.to_owned(),
                device_type
            }),
        // Dials turned any way, pushed, released, touched and long-touched, in any order.
        (context(), -40i32..40, any::<bool>()).prop_map(|(context, ticks, pressed)| {
            EventKind::DialRotate {
                context,
                ticks,
                pressed,
            }
        }),
        (context(), prop::sample::select(vec![i32::MIN, i32::MAX, 0])).prop_map(
            |(context, ticks)| EventKind::DialRotate {
                context,
                ticks,
                pressed: false
            }
        ),
        context().prop_map(|context| EventKind::DialDown { context }),
        context().prop_map(|context| EventKind::DialUp { context }),
        (context(), any::<bool>())
            .prop_map(|(context, hold)| EventKind::TouchTap { context, hold }),
        (action(), context())
            .prop_map(|(action, context)| EventKind::WillDisappear { action, context }),
        context().prop_map(|context| EventKind::KeyDown { context }),
        context().prop_map(|context| EventKind::KeyUp { context }),
        (
            action(),
            context(),
            prop::sample::select(vec![
                json!({"theme":"light","threshold":2}),
                json!({"account":"work"}),
                json!({"account":"default"}),
            ])
        )
            .prop_map(
                |(action, context, settings)| EventKind::DidReceiveSettings {
                    action,
                    context,
                    settings
                }
            ),
        (
            prop::option::of(Just(KEY)),
            prop::option::of(Just(OTHER_KEY)),
            any::<bool>()
        )
            .prop_map(|(k, p, unusable)| EventKind::DidReceiveGlobalSettings {
                key: k.and_then(ApiKey::new),
                pending: p.and_then(ApiKey::new),
                unusable,
                label: None,
                accounts: Vec::new(),
                skipped_accounts: 0,
                kept: Default::default(),
            }),
        // Several accounts: the work account with either key, or pending, or none.
        (
            prop::option::of(Just(KEY)),
            prop::option::of(Just(OTHER_KEY)),
            prop::option::of(Just(WORK_KEY)),
        )
            .prop_map(|(k, w, p)| EventKind::DidReceiveGlobalSettings {
                key: k.and_then(ApiKey::new),
                pending: None,
                unusable: false,
                label: Some("Home".into()),
                accounts: vec![StoredAccount {
                    id: AccountId::parse(Some("work")).unwrap(),
                    label: "Work".into(),
                    key: w.and_then(ApiKey::new),
                    pending: p.and_then(ApiKey::new),
                    unusable: false,
                    kept: None,
                }],
                skipped_accounts: 0,
                kept: Default::default(),
            }),
        (action(), context()).prop_map(|(action, context)| EventKind::PropertyInspectorDidAppear {
            action,
            context
        }),
        (
            action(),
            context(),
            prop_oneof![
                Just(PiMessage::disconnect()),
                Just(PiMessage::connect(ApiKey::new(KEY))),
                Just(PiMessage::connect(None)),
                Just(PiMessage::Connect {
                    key: ApiKey::new(WORK_KEY),
                    account: AccountId::parse(Some("work")),
                    label: Some("Work".into()),
                }),
                Just(PiMessage::Connect {
                    key: ApiKey::new(OTHER_KEY),
                    account: AccountId::parse(Some("client")),
                    label: None,
                }),
                Just(PiMessage::Disconnect {
                    account: AccountId::parse(Some("work")),
                }),
                Just(PiMessage::Rename {
                    account: AccountId::parse(Some("work")).unwrap(),
                    label: "Acme".into(),
                }),
            ]
        )
            .prop_map(|(action, context, message)| EventKind::SendToPlugin {
                action,
                context,
                message
            }),
        Just(EventKind::SystemDidWakeUp),
        // A wake-up at any moment, early or late: whatever is due happens, nothing else.
        Just(EventKind::Wake),
        (
            1u64..12,
            prop::sample::select(vec![Endpoint::Credits, Endpoint::Activity, Endpoint::Key]),
            result()
        )
            .prop_map(|(id, endpoint, result)| EventKind::Fetched {
                id: FetchId(id),
                endpoint,
                result
            }),
    ]
}

fn story() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((0i64..20 * 60_000, event_kind()), 1..60).prop_map(|steps| {
        let mut t = 1_764_028_800_000i64;
        steps
            .into_iter()
            .map(|(gap, kind)| {
                t += gap;
                Event::new(Timestamp(t), kind)
            })
            .collect()
    })
}

fn run(events: &[Event]) -> Vec<String> {
    let mut plugin = Plugin::new();
    events
        .iter()
        .flat_map(|e| plugin.update(e.clone()))
        .map(|c| serde_json::to_string(&c).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_story_replays_identically_and_never_prints_the_key(events in story()) {
        let first = run(&events);
        prop_assert_eq!(&first, &run(&events));
        for line in &first {
            prop_assert!(!line.contains(KEY), "{}", line);
            prop_assert!(!line.contains(OTHER_KEY), "{}", line);
            prop_assert!(!line.contains(WORK_KEY), "{}", line);
        }
        // A recorded (redacted) story replays to the same commands as the live one.
        let recorded: Vec<Event> = events.iter().map(|e| serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap()).collect();
        prop_assert_eq!(first, run(&recorded));
    }

    #[test]
    fn every_visible_tile_is_drawn_and_only_changes_are_redrawn(events in story()) {
        let mut plugin = Plugin::new();
        let mut last = std::collections::BTreeMap::new();
        let mut strips = std::collections::BTreeMap::new();
        for e in events {
            match &e.event {
                // A tile that (re)appears is drawn afresh, even with the same view: never blank.
                EventKind::WillAppear { action, context, .. } if Action::from_uuid(action).is_some() => {
                    last.remove(context);
                    strips.remove(context);
                }
                EventKind::WillDisappear { context, .. } => {
                    last.remove(context);
                    strips.remove(context);
                }
                _ => {}
            }
            for c in plugin.update(e) {
                match c {
                    Command::Draw { context, view } => {
                        prop_assert_ne!(last.get(&context), Some(&view), "an unchanged view was redrawn");
                        last.insert(context, view);
                    }
                    Command::DrawStrip { context, view } => {
                        prop_assert_ne!(strips.get(&context), Some(&view), "an unchanged strip was redrawn");
                        strips.insert(context, view);
                    }
                    _ => {}
                }
            }
            let (views, shown) = (plugin.views(), plugin.strips());
            for (context, view) in &views {
                prop_assert_eq!(last.get(context), Some(view), "a visible tile shows an outdated view");
                prop_assert!(!shown.contains_key(context), "a tile is a key or a dial, never both");
            }
            for (context, view) in &shown {
                // Only while turns outpace the display, and then only until its strip is due.
                let paced = plugin.strip_due(context).is_some();
                prop_assert!(paced || strips.get(context) == Some(view), "a visible dial shows an outdated strip");
            }
        }
    }
}

proptest! {
    /// Recordings store amounts as JSON numbers; every finite amount must read back exactly, or a
    /// replay could cross a rounding boundary the live run did not.
    #[test]
    fn amounts_survive_a_recording_exactly(c in 0.0f64..1e9, u in 0.0f64..1e9) {
        let event = Event::new(Timestamp(0), EventKind::Fetched {
            id: FetchId(1),
            endpoint: Endpoint::Credits,
            result: Ok(Fetched::Credits(Credits { total_credits: c, total_usage: u })),
        });
        let back: Event = serde_json::from_str(&serde_json::to_string(&event).unwrap()).unwrap();
        prop_assert_eq!(back, event);
    }
}
