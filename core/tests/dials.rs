//! Stream Deck + dials, told to the core with simulated time: every tile turns through its views,
//! a push goes back to the default, a quiet minute does too, a touch is a key's tap and a long
//! touch a key's hold. Assertions are on commands and on what the strip says.

use openbalance_core::action::{Action, ACTIVITY_URL, CREDITS_URL, KEYS_URL};
use openbalance_core::catalogue::short_date;
use openbalance_core::demo::{self, Shape};
use openbalance_core::lang::Lang;
use openbalance_core::openrouter::{ActivityRow, ApiError, Credits};
use openbalance_core::palette::{DARK, LIGHT};
use openbalance_core::sim::Sim;
use openbalance_core::strip::{Position, StripBody};
use openbalance_core::timestamp::{Day, HOUR_MS, SECOND_MS};
use openbalance_core::view::{Body, Urgency};
use openbalance_core::{Command, EventKind, Timestamp, STRIP_PACE_MS};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
/// 2025-11-25 08:00 UTC, a Tuesday.
const MORNING: Timestamp = Timestamp(1_764_028_800_000 + 8 * HOUR_MS);
const DIAL: &str = "dial-1";

fn account(sim: &Sim, shape: Shape) -> (Credits, Vec<ActivityRow>) {
    let rows = demo::activity(sim.now.day(), shape);
    (demo::credits(&rows), rows)
}

/// A started plugin with the demo account, `action` on a dial, and its first poll answered.
fn dial(action: Action, settings: Value, shape: Shape) -> Sim {
    let mut sim = Sim::new(MORNING);
    sim.keys = demo::keys(
        &demo::activity(MORNING.day(), Shape::default()),
        MORNING.day(),
        0.6,
    );
    sim.start(Some(KEY));
    sim.appear_dial(action, DIAL, settings);
    let (credits, rows) = account(&sim, shape);
    sim.answer_all(credits, &rows);
    sim
}

fn strips(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::DrawStrip { context, .. } => Some(context.clone()),
            _ => None,
        })
        .collect()
}

fn keys_drawn(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Draw { context, .. } => Some(context.clone()),
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

fn place(sim: &Sim) -> Option<String> {
    match sim.strip(DIAL)?.position? {
        Position::Place { text } => Some(text.text),
        Position::Dots { lit, count, .. } => Some(format!("dot {lit} of {count}")),
    }
}

#[test]
fn a_dial_tile_is_drawn_on_the_strip_and_a_key_tile_as_before() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    let appeared = sim.appear_dial(Action::Balance, DIAL, json!({}));
    assert_eq!(
        strips(&appeared),
        [DIAL],
        "drawn at once, even before numbers"
    );
    assert!(keys_drawn(&appeared).is_empty(), "no key image for a dial");
    let key = sim.appear(Action::Balance, "key-1", json!({}));
    assert_eq!(keys_drawn(&key), ["key-1"]);
    assert!(strips(&key).is_empty());
    let (credits, rows) = account(&sim, Shape::default());
    let polled = sim.answer_all(credits, &rows);
    assert_eq!(strips(&polled), [DIAL]);
    assert_eq!(keys_drawn(&polled), ["key-1"]);
    // The default strip says what the key says.
    let key_texts = sim.texts("key-1");
    assert_eq!(sim.strip_texts(DIAL), key_texts);
    assert!(key_texts.starts_with("BALANCE | $"), "{key_texts}");
    assert!(sim.plugin.views().contains_key("key-1"));
    assert!(!sim.plugin.views().contains_key(DIAL));
}

#[test]
fn balance_turns_through_modes_and_periods_and_round() {
    let mut sim = dial(Action::Balance, json!({}), Shape::default());
    assert_eq!(place(&sim).as_deref(), Some("dot 0 of 8"));
    let mut headers = Vec::new();
    for _ in 0..8 {
        sim.turn(DIAL, 1);
        headers.push(sim.strip(DIAL).unwrap().header.text);
    }
    assert_eq!(
        headers,
        [
            "USED · 7D",
            "USED · 30D",
            "USED · ALL TIME",
            "USED % · 7D",
            "USED % · 30D",
            "USED % · ALL TIME",
            "RUNWAY",
            "BALANCE"
        ]
    );
    // The burst's pace runs out (nothing to draw: the strip already shows home).
    let caught_up = sim.advance(STRIP_PACE_MS);
    assert!(strips(&caught_up).is_empty());
    assert_eq!(
        sim.plugin.next_deadline(),
        sim.plugin.poll_due(),
        "home again: no quiet minute waits"
    );
    sim.turn(DIAL, -1);
    assert!(
        sim.strip_texts(DIAL).starts_with("RUNWAY | "),
        "{}",
        sim.strip_texts(DIAL)
    );
    assert_eq!(place(&sim).as_deref(), Some("dot 7 of 8"));
}

#[test]
fn balance_starts_at_the_tiles_own_setting() {
    let mut sim = dial(
        Action::Balance,
        json!({"mode": "used", "period": "7d"}),
        Shape::default(),
    );
    assert!(sim.strip_texts(DIAL).starts_with("USED · 7D | $"));
    sim.turn(DIAL, 1);
    assert!(sim.strip_texts(DIAL).starts_with("USED · 30D | $"));
    sim.turn(DIAL, -2);
    assert!(sim.strip_texts(DIAL).starts_with("BALANCE | $"));
}

#[test]
fn today_turns_through_today_this_week_and_this_month() {
    let mut sim = dial(Action::Today, json!({}), Shape::default());
    let sum = |f: fn(&openbalance_core::openrouter::KeyRow) -> f64| -> f64 {
        sim.keys.iter().map(f).sum()
    };
    let (week, month) = (sum(|k| k.usage.weekly), sum(|k| k.usage.monthly));
    assert!(sim.strip_texts(DIAL).contains("of usual day"));
    sim.turn(DIAL, 1);
    let texts = sim.strip_texts(DIAL);
    assert!(texts.starts_with("THIS WEEK | "), "{texts}");
    assert!(
        texts.contains(&openbalance_core::money::dollars(week)),
        "{texts}"
    );
    assert!(texts.contains("from Monday (UTC)"));
    sim.turn(DIAL, 1);
    let texts = sim.strip_texts(DIAL);
    assert!(texts.starts_with("THIS MONTH | "), "{texts}");
    assert!(
        texts.contains(&openbalance_core::money::dollars(month)),
        "{texts}"
    );
    sim.turn(DIAL, 1);
    assert!(
        sim.strip_texts(DIAL).contains("of usual day"),
        "round to today"
    );
}

#[test]
fn top_models_scrolls_the_ranking_one_entry_a_tick() {
    let mut sim = dial(Action::TopModels, json!({}), Shape::default());
    let rows = |sim: &Sim| match sim.strip(DIAL).unwrap().body {
        StripBody::List { rows, selected } => (
            rows.iter().map(|r| r.rank.text.clone()).collect::<Vec<_>>(),
            selected,
        ),
        other => panic!("{other:?}"),
    };
    assert_eq!(rows(&sim), (vec!["1".into(), "2".into(), "3".into()], None));
    assert_eq!(place(&sim), None);
    sim.turn(DIAL, 1);
    assert_eq!(place(&sim).as_deref(), Some("1/6"));
    assert_eq!(rows(&sim).1, Some(0));
    sim.turn(DIAL, 1);
    sim.turn(DIAL, 1);
    assert_eq!(place(&sim).as_deref(), Some("3/6"));
    assert_eq!(
        rows(&sim),
        (vec!["2".into(), "3".into(), "4".into()], Some(1)),
        "the chosen entry stays in view with one above it"
    );
    // A hand's next turn, a moment after the strip caught up (a burst is drawn at the display's
    // pace).
    sim.advance(2 * STRIP_PACE_MS);
    let at_end = sim.turn(DIAL, 10);
    assert_eq!(place(&sim).as_deref(), Some("6/6"));
    assert_eq!(
        rows(&sim),
        (vec!["4".into(), "5".into(), "6".into()], Some(2))
    );
    assert_eq!(strips(&at_end), [DIAL]);
    assert!(
        strips(&sim.turn(DIAL, 1)).is_empty(),
        "past the end nothing moves, nothing is redrawn"
    );
    sim.turn(DIAL, -10);
    assert_eq!(place(&sim).as_deref(), Some("1/6"));
}

#[test]
fn monthly_spend_shows_all_30_days_and_scrubs_day_by_day() {
    let mut sim = dial(Action::MonthlySpend, json!({}), Shape::default());
    let (_, rows) = account(&sim, Shape::default());
    let today = sim.now.day();
    let day_spend = |back: i32| -> f64 {
        let day = today.plus(-back);
        rows.iter().filter(|r| r.date == day).map(|r| r.usage).sum()
    };
    let total: f64 = rows.iter().map(|r| r.usage).sum();
    let chart = |sim: &Sim| match sim.strip(DIAL).unwrap().body {
        StripBody::Chart {
            value,
            note,
            bars,
            marked,
        } => (value.text, note.map(|n| n.text), bars.len(), marked),
        other => panic!("{other:?}"),
    };
    let (value, _, bars, marked) = chart(&sim);
    assert_eq!((bars, marked), (30, None), "every day of the month");
    assert_eq!(value, openbalance_core::money::dollars(total));
    sim.turn(DIAL, -1);
    let yesterday = sim.now.day().plus(-1);
    assert_eq!(
        chart(&sim),
        (
            openbalance_core::money::dollars(day_spend(1)),
            Some(en_date(yesterday)),
            30,
            Some(29)
        ),
        "the first tick shows the newest day"
    );
    sim.turn(DIAL, -1);
    assert_eq!(chart(&sim).1, Some(en_date(yesterday.plus(-1))));
    assert_eq!(
        chart(&sim).0,
        openbalance_core::money::dollars(day_spend(2))
    );
    sim.turn_pushed(DIAL, -1);
    assert_eq!(
        chart(&sim).1,
        Some(en_date(yesterday.plus(-8))),
        "pushed in, a week a tick"
    );
    assert_eq!(chart(&sim).3, Some(21));
    sim.turn(DIAL, -100);
    assert_eq!(chart(&sim).3, Some(0), "the oldest day is the end");
    assert_eq!(chart(&sim).1, Some(en_date(yesterday.plus(-29))));
    assert!(
        sim.strip(DIAL).is_some_and(|s| s.position.is_none()),
        "the date says where"
    );
}

#[test]
fn spike_alert_steps_through_the_ratios_behind_the_verdict() {
    let surge = Shape {
        last_day_surge: 16.0,
        ..Shape::default()
    };
    let mut sim = dial(Action::SpikeAlert, json!({}), surge);
    let verdict = sim.strip_texts(DIAL);
    assert!(
        verdict.contains("Critical") || verdict.contains("Spike"),
        "{verdict}"
    );
    sim.turn(DIAL, 1);
    let first = sim.strip_texts(DIAL);
    assert!(first.starts_with("YDAY BY MODEL | 1/7 | "), "{first}");
    assert!(
        first.contains("× its usual day | claude-sonnet-4.5 | $")
            && first.contains(" yday · usual day $"),
        "{first}"
    );
    let StripBody::Alert { label, .. } = sim.strip(DIAL).unwrap().body else {
        panic!()
    };
    let first_ratio: f64 = label.text.split('×').next().unwrap().parse().unwrap();
    assert!(
        first_ratio > 3.0,
        "the surging model rose most: {first_ratio}"
    );
    sim.turn(DIAL, 1);
    let second = sim.strip_texts(DIAL);
    assert!(second.starts_with("YDAY BY MODEL | 2/7 | "), "{second}");
    assert_ne!(first, second);
    sim.push(DIAL);
    assert_eq!(
        sim.strip_texts(DIAL),
        verdict,
        "a push goes back to the verdict"
    );
}

#[test]
fn a_push_goes_back_to_the_default_view_and_a_turn_while_pushed_is_not_a_push() {
    let mut sim = dial(Action::TopModels, json!({}), Shape::default());
    let default = sim.strip(DIAL);
    assert!(
        sim.push(DIAL).is_empty(),
        "at the default a push changes nothing"
    );
    sim.turn(DIAL, 3);
    let back = sim.push(DIAL);
    assert_eq!(strips(&back), [DIAL]);
    assert_eq!(sim.strip(DIAL), default);
    sim.turn_pushed(DIAL, 2);
    assert_eq!(
        place(&sim).as_deref(),
        Some("2/6"),
        "pushed-in turning is turning"
    );
    // A release without a press (the plugin started mid-press) is nothing.
    assert!(sim
        .send(EventKind::DialUp {
            context: DIAL.into()
        })
        .is_empty());
    assert_eq!(place(&sim).as_deref(), Some("2/6"));
}

#[test]
fn a_quiet_minute_brings_the_default_view_back() {
    let mut sim = dial(Action::MonthlySpend, json!({}), Shape::default());
    let default = sim.strip(DIAL);
    sim.turn(DIAL, -3);
    sim.advance(40 * SECOND_MS);
    sim.turn(DIAL, -1);
    assert!(
        sim.advance(59 * SECOND_MS).is_empty(),
        "each turn starts the minute again"
    );
    assert_ne!(sim.strip(DIAL), default);
    let back = sim.advance(SECOND_MS);
    assert_eq!(strips(&back), [DIAL]);
    assert_eq!(sim.strip(DIAL), default);
    // Nothing more is due for the dial: the next wake-up is the next poll.
    assert_eq!(sim.wake, sim.plugin.poll_due());
}

#[test]
fn a_touch_does_what_a_tap_does_on_a_key() {
    let mut sim = dial(Action::Balance, json!({}), Shape::default());
    assert_eq!(urls(&sim.touch(DIAL, false)), [CREDITS_URL]);
    for (action, url) in [
        (Action::TopModels, ACTIVITY_URL),
        (Action::MonthlySpend, ACTIVITY_URL),
        (Action::Today, ACTIVITY_URL),
    ] {
        let mut sim = dial(action, json!({}), Shape::default());
        sim.turn(DIAL, 1);
        assert_eq!(urls(&sim.touch(DIAL, false)), [url], "{action:?}");
    }
    let mut none = Sim::new(MORNING);
    none.start(None);
    none.appear_dial(Action::Balance, DIAL, json!({}));
    assert!(none.strip_texts(DIAL).contains("No key yet"));
    assert_eq!(urls(&none.touch(DIAL, false)), [KEYS_URL]);
    // A touch on something that is not a dial of ours does nothing.
    assert!(sim.touch("elsewhere", false).is_empty());
}

#[test]
fn a_touch_acknowledges_the_spike_on_the_strip() {
    let surge = Shape {
        last_day_surge: 16.0,
        ..Shape::default()
    };
    let mut sim = dial(Action::SpikeAlert, json!({}), surge);
    let touched = sim.touch(DIAL, false);
    assert!(touched.contains(&Command::ShowOk {
        context: DIAL.into()
    }));
    assert_eq!(strips(&touched), [DIAL]);
    assert!(sim.strip_texts(DIAL).starts_with("ACKNOWLEDGED | "));
    assert!(urls(&touched).is_empty());
}

#[test]
fn a_long_touch_refreshes_now_and_answers_like_a_hold() {
    let mut sim = dial(Action::Balance, json!({}), Shape::default());
    sim.advance(5 * 60 * SECOND_MS);
    let long = sim.touch(DIAL, true);
    assert!(
        long.iter().any(|c| matches!(c, Command::Fetch { .. })),
        "a poll now: {long:?}"
    );
    let (credits, rows) = account(&sim, Shape::default());
    let answered = sim.answer_all(credits, &rows);
    assert!(answered.contains(&Command::ShowOk {
        context: DIAL.into()
    }));
    // A failing refresh answers showAlert, as a held key's does.
    sim.advance(5 * 60 * SECOND_MS);
    sim.touch(DIAL, true);
    let failed = sim.fail_all(ApiError::Offline);
    assert!(failed.contains(&Command::ShowAlert {
        context: DIAL.into()
    }));
    assert_eq!(
        sim.strip(DIAL).and_then(|s| s.badge).map(|b| b.text),
        Some("offline".to_owned()),
        "the strip is marked stale like the key"
    );
    let mut none = Sim::new(MORNING);
    none.start(None);
    none.appear_dial(Action::Balance, DIAL, json!({}));
    assert_eq!(
        none.touch(DIAL, true),
        [Command::ShowAlert {
            context: DIAL.into()
        }]
    );
}

#[test]
fn a_dial_that_comes_back_starts_at_its_default_and_is_drawn_afresh() {
    let mut sim = dial(Action::TopModels, json!({}), Shape::default());
    let default = sim.strip(DIAL);
    sim.turn(DIAL, 2);
    sim.send(EventKind::WillDisappear {
        action: Action::TopModels.uuid().into(),
        context: DIAL.into(),
    });
    assert!(sim.strip(DIAL).is_none());
    let again = sim.appear_dial(Action::TopModels, DIAL, json!({}));
    assert_eq!(strips(&again), [DIAL]);
    assert_eq!(sim.strip(DIAL), default);
    assert_eq!(
        sim.wake,
        sim.plugin.poll_due(),
        "no quiet minute left behind"
    );
}

#[test]
fn turning_without_numbers_does_nothing() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear_dial(Action::MonthlySpend, DIAL, json!({}));
    let before = sim.strip_texts(DIAL);
    assert!(
        sim.turn(DIAL, 3).is_empty(),
        "Preparing… has nothing to turn to"
    );
    assert_eq!(sim.strip_texts(DIAL), before);
    // A key tile ignores dial events, and so does an unknown context.
    sim.appear(Action::Balance, "key-1", json!({}));
    assert!(sim.turn("key-1", 1).is_empty());
    assert!(sim.turn("nobody", 1).is_empty());
}

#[test]
fn both_themes_colour_the_strip() {
    let dark = dial(Action::MonthlySpend, json!({}), Shape::default());
    let light = dial(
        Action::MonthlySpend,
        json!({"theme": "light"}),
        Shape::default(),
    );
    assert_eq!(dark.strip(DIAL).unwrap().background, DARK.background);
    assert_eq!(light.strip(DIAL).unwrap().background, LIGHT.background);
}

#[test]
fn the_low_balance_alarm_says_which_view_is_shown() {
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear_dial(Action::Balance, DIAL, json!({"lowBalance": 10}));
    let (credits, rows) = account(&sim, Shape::default());
    let low = Credits {
        total_credits: credits.total_usage + 6.4,
        ..credits
    };
    sim.answer_all(low, &rows);
    assert!(sim
        .strip_texts(DIAL)
        .starts_with("LOW BALANCE | $6.40 | below $10"));
    assert!(matches!(
        sim.strip(DIAL).unwrap().urgency,
        Some(Urgency::Alarm { .. })
    ));
    // Turned, each view shows its own number under its own header, and the alarm stays with
    // what is left: never "LOW" over an amount that is not the balance.
    sim.turn(DIAL, 1);
    let turned = sim.strip_texts(DIAL);
    assert!(turned.starts_with("USED · 7D | "), "{turned}");
    assert!(turned.contains("LOW: $6.40 left · below $10"), "{turned}");
    assert!(matches!(
        sim.strip(DIAL).unwrap().urgency,
        Some(Urgency::Alarm { .. })
    ));
}

/// The key and the dial answer "how far above usual is spending now?" with the same number and
/// the same words; the dial's per-model ratios answer another question (one model's yesterday
/// against its own usual day) and say so, and the key names its model for what it is (the one
/// that rose most yesterday) without a ratio beside it that could be read as the model's.
#[test]
fn the_key_and_the_strip_agree_on_the_spike_ratio_and_label_each_comparison() {
    let surge = Shape {
        last_day_surge: 16.0,
        ..Shape::default()
    };
    let mut sim = Sim::new(MORNING);
    sim.start(Some(KEY));
    sim.appear(Action::SpikeAlert, "key", json!({}));
    sim.appear_dial(Action::SpikeAlert, DIAL, json!({}));
    let (credits, rows) = account(&sim, surge);
    sim.answer_all(credits, &rows);
    let Body::Alert {
        ratio: Some(key_ratio),
        basis: Some(key_basis),
        model: Some(key_model),
        model_note: Some(key_note),
        ..
    } = sim.view("key").unwrap().body
    else {
        panic!("{}", sim.texts("key"))
    };
    let StripBody::Alert {
        ratio: Some(strip_ratio),
        detail: Some(strip_basis),
        note: Some(strip_note),
        ..
    } = sim.strip(DIAL).unwrap().body
    else {
        panic!("{}", sim.strip_texts(DIAL))
    };
    assert_eq!(strip_ratio.text, key_ratio.text, "the same ratio");
    assert_eq!(strip_basis.text, key_basis.text, "compared with the same");
    assert!(key_basis.text.starts_with("vs usual") || key_basis.text.contains("vs usual day"));
    assert_eq!(key_note.text, "rose most yday");
    assert_eq!(
        strip_note.text,
        format!("rose most yday: {}", key_model.text)
    );
    // Turned to the model the key names: its own ratio, labelled as its own.
    sim.turn(DIAL, 1);
    let StripBody::Alert {
        label,
        ratio: None,
        detail: Some(model),
        ..
    } = sim.strip(DIAL).unwrap().body
    else {
        panic!("{}", sim.strip_texts(DIAL))
    };
    assert_eq!(model.text, key_model.text);
    assert!(label.text.ends_with("× its usual day"), "{}", label.text);
    assert_ne!(label.text, key_ratio.text, "two comparisons, two labels");
    assert!(!key_ratio.text.contains("its") && !key_basis.text.contains("its"));
}

/// Issue 22: a flood of turns (5 000, one a millisecond) draws at most one strip per 50 ms, and
/// the strip of where the dial stopped goes out when the turning stops.
#[test]
fn a_flood_of_turns_is_drawn_at_the_displays_pace_and_the_last_view_goes_out() {
    let mut sim = dial(Action::Balance, json!({}), Shape::default());
    let start = sim.now;
    let mut drawn = Vec::new();
    for n in 0..5_000 {
        drawn.extend(sim.advance(1));
        drawn.extend(sim.turn(DIAL, if n % 3 == 0 { -1 } else { 1 }));
    }
    let flood_ms = sim.now.since(start);
    let during = strips(&drawn).len() as i64;
    assert!(
        during <= flood_ms / STRIP_PACE_MS + 1,
        "{during} strips in {flood_ms} ms"
    );
    assert!(
        during >= flood_ms / STRIP_PACE_MS - 1,
        "the strip kept up: {during}"
    );
    // The turning stops: within the pace, the strip of where it stands goes out, and no more.
    let after = sim.advance(STRIP_PACE_MS);
    let last = after.iter().rev().find_map(|c| match c {
        Command::DrawStrip { view, .. } => Some(view.clone()),
        _ => None,
    });
    let final_view = sim.strip(DIAL);
    assert!(
        last.is_some() && last == final_view,
        "the last view was not sent"
    );
    assert!(strips(&sim.advance(10 * STRIP_PACE_MS)).is_empty());
    // A burst at one instant: the first turn is drawn, the rest once, 50 ms later.
    sim.advance(STRIP_PACE_MS);
    let mut burst = Vec::new();
    for _ in 0..100 {
        burst.extend(sim.turn(DIAL, 1));
    }
    assert_eq!(strips(&burst).len(), 1);
    assert_eq!(
        sim.plugin.strip_due(DIAL),
        Some(sim.now.plus_millis(STRIP_PACE_MS))
    );
    let caught_up = sim.advance(STRIP_PACE_MS);
    assert_eq!(strips(&caught_up), [DIAL]);
    assert_eq!(sim.plugin.strip_due(DIAL), None);
}

/// Issue 22: a flood of touches opens the page once a second, not once a touch.
#[test]
fn a_flood_of_touches_opens_one_page_a_second() {
    let mut sim = dial(Action::Balance, json!({}), Shape::default());
    let mut opened = Vec::new();
    for _ in 0..5_000 {
        opened.extend(sim.touch(DIAL, false));
        sim.advance(1);
    }
    assert_eq!(
        urls(&opened).len(),
        5,
        "{} pages in 5 s",
        urls(&opened).len()
    );
    assert!(urls(&opened).iter().all(|u| u == CREDITS_URL));
}

mod any_dial_events {
    use super::*;
    use openbalance_core::{Event, Plugin};
    use proptest::prelude::*;

    /// One thing a hand (or a host) can do to the dials, after some time.
    fn step() -> impl Strategy<Value = (i64, EventKind)> {
        let context = prop::sample::select(vec!["d0", "d1", "d2", "d3", "d4", "key", "gone"]);
        let kind = prop_oneof![
            (context.clone(), -60i32..60, any::<bool>()).prop_map(|(c, ticks, pressed)| {
                EventKind::DialRotate {
                    context: c.into(),
                    ticks,
                    pressed,
                }
            }),
            (context.clone(), any::<i32>()).prop_map(|(c, ticks)| EventKind::DialRotate {
                context: c.into(),
                ticks,
                pressed: false,
            }),
            context
                .clone()
                .prop_map(|c| EventKind::DialDown { context: c.into() }),
            context
                .clone()
                .prop_map(|c| EventKind::DialUp { context: c.into() }),
            (context.clone(), any::<bool>()).prop_map(|(c, hold)| EventKind::TouchTap {
                context: c.into(),
                hold
            }),
            context.prop_map(|c| EventKind::WillDisappear {
                action: Action::TopModels.uuid().into(),
                context: c.into(),
            }),
        ];
        // Bursts (a flick, a flood) as well as a hand's pauses.
        let gap = prop_oneof![2 => 0i64..60, 3 => 0i64..90_000];
        (gap, kind)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Any sequence of dial events, on every tile with numbers on hand (and a key beside
        /// them), never panics, never shows a broken number, and replays through a recording to
        /// exactly the same commands.
        #[test]
        fn any_dial_story_never_panics_and_replays_identically(steps in prop::collection::vec(step(), 0..80), light in any::<bool>(), surge in 0.5f64..20.0) {
            let theme = if light { "light" } else { "dark" };
            let mut sim = Sim::new(MORNING);
            sim.keys = demo::keys(
        &demo::activity(MORNING.day(), Shape::default()),
        MORNING.day(),
        0.6,
    );
            sim.start(Some(KEY));
            for (i, action) in Action::ALL.into_iter().enumerate() {
                sim.appear_dial(action, &format!("d{i}"), json!({"theme": theme}));
            }
            sim.appear(Action::Balance, "key", json!({}));
            let (credits, rows) = account(&sim, Shape { last_day_surge: surge, ..Shape::default() });
            sim.answer_all(credits, &rows);
            for (gap, kind) in steps {
                sim.advance(gap);
                sim.send(kind);
                // Polls the wake-ups started are answered, so the numbers stay on hand.
                sim.answer_all(credits, &rows);
                for (context, strip) in sim.plugin.strips() {
                    prop_assert!(!strip.texts().iter().any(|t| t.contains("NaN") || t.contains("inf")), "{}: {:?}", context, strip.texts());
                }
            }
            // However fast it turned, once the turning stops each dial's last strip is its view.
            sim.advance(STRIP_PACE_MS);
            let mut last = std::collections::BTreeMap::new();
            for command in &sim.history {
                if let Command::DrawStrip { context, view } = command {
                    last.insert(context.clone(), view.clone());
                }
            }
            for (context, strip) in sim.plugin.strips() {
                prop_assert_eq!(last.get(&context), Some(&strip), "{} lags", context);
            }
            let recorded: Vec<Event> = sim
                .events
                .iter()
                .map(|e| serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap())
                .collect();
            // Compared as printed (a recorded key is its redacted form; replay prints the same).
            let print = |c: &Command| serde_json::to_string(c).unwrap();
            let mut plugin = Plugin::new();
            let replayed: Vec<String> = recorded.into_iter().flat_map(|e| plugin.update(e)).map(|c| print(&c)).collect();
            let live: Vec<String> = sim.history.iter().map(print).collect();
            prop_assert_eq!(replayed, live);
            prop_assert_eq!(plugin.strips(), sim.plugin.strips());
        }
    }
}

/// "Tue 18 Nov": a day as the English strip says it.
fn en_date(day: Day) -> String {
    let (d, m) = day.day_and_month_numbers().expect("a calendar day");
    short_date(Lang::En, day.weekday() as usize, d, m)
}
