//! What a person reads off a tile, as words and colours: an alarm always shows what is left; only
//! what needs acting on is loud (trends are quiet tones); a key is drawn for the size the host says
//! it is, with fewer things on a small one; and "usual" means one thing wherever it is written.

use openbalance_core::action::Action;
use openbalance_core::demo::{self, Shape};
use openbalance_core::gallery::{gallery, gallery_for, strips};
use openbalance_core::lang::Lang;
use openbalance_core::money::dollars;
use openbalance_core::openrouter::Credits;
use openbalance_core::palette::{DARK, LIGHT};
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::view::{Body, KeySize, TileView, Urgency};
use openbalance_core::{Command, Timestamp};
use proptest::prelude::*;
use serde_json::json;

const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";
/// 2025-11-25 09:00 UTC, a Tuesday.
const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * HOUR_MS);

/// A Balance tile with `settings` on a key of `device_type` (none: a device never named), the
/// demo account with `left` of its balance remaining.
fn balance(settings: serde_json::Value, device_type: Option<u32>, left: f64) -> Sim {
    let mut sim = Sim::new(NOW);
    sim.start(Some(KEY));
    match device_type {
        Some(kind) => {
            sim.device("deck", kind);
            sim.appear_on("deck", Action::Balance, "k", settings);
        }
        None => {
            sim.appear(Action::Balance, "k", settings);
        }
    }
    let rows = demo::activity(NOW.day(), Shape::default());
    let credits = demo::credits(&rows);
    let credits = Credits {
        total_credits: credits.total_usage + left,
        ..credits
    };
    sim.answer_all(credits, &rows);
    sim
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the tile shows (remaining, used or % over any period, runway), on any key, in
    /// either theme: below its alarm it says LOW BALANCE over the balance that is left, filled;
    /// above it, never.
    #[test]
    fn a_low_balance_alarm_always_shows_what_is_left(
        mode in prop::sample::select(vec!["remaining", "used", "percent", "runway"]),
        period in prop::sample::select(vec!["7d", "30d", "all"]),
        theme in prop::sample::select(vec!["dark", "light"]),
        device in prop::sample::select(vec![None, Some(0u32), Some(1), Some(2), Some(7)]),
        threshold in 1.0f64..500.0,
        share in 0.0f64..2.0,
    ) {
        let left = (threshold * share * 100.0).round() / 100.0;
        let settings = json!({"mode": mode, "period": period, "theme": theme, "lowBalance": threshold});
        let sim = balance(settings, device, left);
        let view = sim.view("k").expect("drawn");
        let low = left < threshold;
        prop_assert_eq!(view.header.text == "LOW BALANCE", low, "{}", sim.texts("k"));
        prop_assert_eq!(matches!(view.urgency, Some(Urgency::Alarm { .. })), low);
        if low {
            let Body::Hero { value, .. } = &view.body else {
                return Err(TestCaseError::fail(sim.texts("k")));
            };
            prop_assert_eq!(&value.text, &dollars(left));
        }
    }
}

/// Every key picture of the gallery, every size and theme, with its name.
fn every_key() -> Vec<(String, TileView)> {
    gallery(NOW).into_iter().map(|s| (s.name, s.view)).collect()
}

/// Loud is for what needs acting on (a low balance, a critical spike, a budget reached: filled)
/// or watching (a spike, a budget past its warning line: framed); a day's trend, up or down, is
/// drawn in the quiet tones and never in alarm red.
#[test]
fn only_alarms_are_loud_and_trends_are_quiet() {
    for (name, view) in every_key() {
        let p = if name.contains("-light") {
            &LIGHT
        } else {
            &DARK
        };
        let loud = match view.urgency {
            Some(Urgency::Alarm { .. }) => "alarm",
            Some(Urgency::Warn { .. }) => "warn",
            None => "",
        };
        let expected = if name.starts_with("balance-low-alarm")
            || name.starts_with("spike-critical")
            || name.starts_with("budget-key-reached")
        {
            "alarm"
        } else if name.starts_with("spike-spike") || name.starts_with("budget-key-warning") {
            "warn"
        } else {
            ""
        };
        assert_eq!(loud, expected, "{name}: {:?}", view.texts());
        if let Body::Hero {
            trend: Some(line), ..
        } = &view.body
        {
            if view.urgency.is_none() {
                assert!(
                    [p.rise, p.fall, p.muted].contains(&line.text.color),
                    "{name}: trend in {:?}",
                    line.text.color
                );
            }
        }
    }
}

/// A small key shows no more than a large one of the same state, and never more than five
/// texts (header, answer, a line; the account and a badge when there are); a medium key no more
/// than a large one either.
#[test]
fn smaller_keys_show_fewer_things() {
    let large = gallery_for(NOW, KeySize::Large, Lang::En);
    for size in [KeySize::Medium, KeySize::Small] {
        let smaller = gallery_for(NOW, size, Lang::En);
        assert_eq!(smaller.len(), large.len());
        for (s, l) in smaller.iter().zip(&large) {
            assert_eq!(s.view.size, size, "{}", s.name);
            let (ns, nl) = (s.view.texts().len(), l.view.texts().len());
            assert!(
                ns <= nl,
                "{}: {:?} vs {:?}",
                s.name,
                s.view.texts(),
                l.view.texts()
            );
            if size == KeySize::Small {
                assert!(ns <= 5, "{}: {:?}", s.name, s.view.texts());
            }
        }
    }
}

/// The host names the device (at launch or when it connects) before or after the key appears:
/// either way the key is drawn for its size, and a key on a device never named as before.
#[test]
fn a_key_is_drawn_for_the_device_it_is_on() {
    let size = |sim: &Sim| sim.view("k").map(|v| v.size);
    // Named first: drawn small from the first picture.
    let sim = balance(json!({}), Some(0), 50.0);
    assert_eq!(size(&sim), Some(KeySize::Small));
    // Named after: redrawn for its size.
    let mut sim = balance(json!({}), None, 50.0);
    let before = sim.send(openbalance_core::EventKind::WillAppear {
        action: Action::Balance.uuid().into(),
        context: "k".into(),
        settings: json!({}),
        controller: Some("Keypad".into()),
        device: Some("xl".into()),
    });
    assert!(before.iter().any(|c| matches!(c, Command::Draw { .. })));
    assert_eq!(size(&sim), Some(KeySize::Large), "a device not named yet");
    let named = sim.device("xl", 2);
    assert!(
        named
            .iter()
            .any(|c| matches!(c, Command::Draw { view, .. } if view.size == KeySize::Medium)),
        "{named:?}"
    );
    // A Stream Deck + keeps medium keys; its dials' strips are drawn at their own size.
    sim.device("xl", 7);
    assert_eq!(size(&sim), Some(KeySize::Medium));
    // A device type this build does not know: as before.
    sim.device("xl", 99);
    assert_eq!(size(&sim), Some(KeySize::Large));
}

/// "usual" is always "usual day" (the mean of the last 7 complete days) or "usual" and a time of
/// the week (what that hour usually costs): never bare, on any key or strip.
#[test]
fn usual_is_never_bare() {
    let days = ["day", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut texts: Vec<(String, String)> = Vec::new();
    for (name, view) in every_key() {
        texts.extend(
            view.texts()
                .into_iter()
                .map(|t| (name.clone(), t.to_owned())),
        );
    }
    for strip in strips(NOW) {
        texts.extend(
            strip
                .view
                .texts()
                .into_iter()
                .map(|t| (strip.name.clone(), t.to_owned())),
        );
    }
    let mut seen = 0;
    for (name, text) in texts {
        let mut rest = text.as_str();
        while let Some(i) = rest.find("usual") {
            seen += 1;
            let after = rest[i + 5..].trim_start();
            assert!(
                days.iter().any(|d| after.starts_with(d)),
                "{name}: bare \"usual\" in {text:?}"
            );
            rest = &rest[i + 5..];
        }
    }
    assert!(seen > 10, "the gallery says usual somewhere");
}
