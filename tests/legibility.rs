//! What the renderer does with what the core says, on every key size and in every language: every
//! text it draws has capitals about 8 of the key's pixels tall (16 units of the 144 image on a
//! 72-pixel key, 12 on a 96-pixel one), nothing is cut (English is cut nowhere, so no language may
//! be), no header loses its period, nor an account label its name, at any length the Property
//! Inspector allows, beside any badge, and no word is broken inside nor a Chinese, Japanese or Korean
//! character left alone on a last line.

use openbalance::render::{drawn_strip_texts, drawn_texts, smallest_cap, top_lines};
use openbalance_core::action::Action;
use openbalance_core::catalogue::{say, text as word, Msg, Phrase};
use openbalance_core::demo::{self, Shape};
use openbalance_core::gallery::{gallery_in, strips_in, Sample, StripSample};
use openbalance_core::lang::Lang;
use openbalance_core::sim::Sim;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::view::{KeySize, Rgb, Text, TileView};
use openbalance_core::Timestamp;
use serde_json::json;

/// 2025-11-25 09:00 UTC.
const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * HOUR_MS);
const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";

/// Capitals at least this many device pixels tall on the smallest key of each size (7.9: "about
/// 8", which leaves "Tap for help" one line on a 72-pixel key).
const FLOOR_DEVICE_PX: f32 = 7.85;

/// The longest account name the Property Inspector accepts (`LABEL_MAX` in `ui/pi.js`).
const LABEL_MAX: usize = 10;

/// Every key picture in every language, named `de balance-remaining-dark`. The renderer draws
/// shared Han characters the way the language writes them, as the plugin does.
fn every_gallery() -> Vec<(Lang, Sample)> {
    Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            gallery_in(NOW, lang).into_iter().map(move |mut s| {
                s.name = format!("{} {}", lang.code(), s.name);
                (lang, s)
            })
        })
        .collect()
}

/// Every strip picture in every language, likewise.
fn every_strip() -> Vec<(Lang, StripSample)> {
    Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            strips_in(NOW, lang).into_iter().map(move |mut s| {
                s.name = format!("{} {}", lang.code(), s.name);
                (lang, s)
            })
        })
        .collect()
}

#[test]
fn every_text_on_every_key_size_is_at_least_8_device_pixels_tall() {
    let mut checked = 0;
    for (lang, sample) in every_gallery() {
        openbalance::render::cjk::prefer(lang);
        let cap = smallest_cap(&sample.view);
        let device = cap * sample.view.size.design_px() as f32 / 144.0;
        assert!(
            device >= FLOOR_DEVICE_PX,
            "{}: capitals {device:.1} px tall on its key",
            sample.name
        );
        checked += 1;
    }
    assert_eq!(checked, Lang::ALL.len() * 3 * 96);
}

/// Nothing the core wrote is cut on any key: every "…" drawn is one the core wrote itself
/// ("Preparing…"), and every text of the view is drawn, whole, if on several lines.
#[test]
fn no_text_is_cut_on_any_key_size() {
    // Spaces and the " · " a header may lose where it breaks aside.
    let squeeze = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '·')
            .collect::<String>()
    };
    // Every failure at once: a translation that runs long usually does in several places.
    let mut cut = Vec::new();
    for (lang, sample) in every_gallery() {
        openbalance::render::cjk::prefer(lang);
        let drawn = drawn_texts(&sample.view);
        let wrote: Vec<&str> = sample.view.texts();
        for line in &drawn {
            if line.ends_with('…')
                && !wrote
                    .iter()
                    .any(|w| w.ends_with('…') && w.contains(line.trim_end_matches('…')))
            {
                cut.push(format!(
                    "{} {:?}: cut to {line:?} ({wrote:?})",
                    sample.name, sample.view.size
                ));
            }
        }
        // A key's workspace beside its name is left out whole where there is no room for it (the
        // strip always says it): dropped, never cut.
        // A badge that would take a line of a full top is a mark instead (its word is on larger
        // keys and the dial).
        let mut tags: Vec<&str> = match &sample.view.body {
            openbalance_core::view::Body::Ranking { rows, .. } => rows
                .iter()
                .filter_map(|r| r.tag.as_ref().map(|t| t.text.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        tags.extend(sample.view.badge.iter().map(|b| b.text.as_str()));
        let all = squeeze(&drawn.join(""));
        for text in wrote.into_iter().filter(|t| !tags.contains(t)) {
            if !all.contains(&squeeze(text)) {
                cut.push(format!(
                    "{}: {text:?} not drawn whole in {drawn:?}",
                    sample.name
                ));
            }
        }
    }
    assert!(cut.is_empty(), "{} cut:\n{}", cut.len(), cut.join("\n"));
}

#[test]
fn the_inspector_allows_the_label_length_checked_here() {
    let pi = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sdplugin/com.openbalance.openrouter.sdPlugin/ui/pi.js"
    ))
    .expect("read pi.js");
    assert!(
        pi.contains(&format!("var LABEL_MAX = {LABEL_MAX};")),
        "ui/pi.js's LABEL_MAX is no longer {LABEL_MAX}: change it here too"
    );
}

/// Every header a tile can have (every action, mode, period and state that changes it) on a key
/// of `size`, as the core draws it.
fn headers(size: KeySize, lang: Lang) -> Vec<TileView> {
    let mut settings = vec![
        (Action::TopModels, json!({})),
        (Action::TopModels, json!({"by": "key"})),
        (Action::MonthlySpend, json!({})),
        (Action::SpikeAlert, json!({})),
        (Action::Today, json!({})),
        (Action::Balance, json!({"mode": "runway"})),
        (Action::Balance, json!({"lowBalance": 1000})),
    ];
    for mode in ["remaining", "used", "percent"] {
        for period in ["7d", "30d", "all"] {
            settings.push((Action::Balance, json!({"mode": mode, "period": period})));
        }
    }
    // A budget's header is the name a person gave its key or workspace.
    for name in [
        "Support bot",
        "Nightly evals",
        "Raycast",
        "Prototype (old)",
        "Cursor",
    ] {
        settings.push((Action::Budget, json!({"key": demo::hash(name)})));
    }
    let production = demo::production().map(|id| id.to_string());
    settings.push((
        Action::Budget,
        json!({"workspace": production, "interval": "monthly"}),
    ));
    let mut out = Vec::new();
    for offset in [None, Some(0), Some(60), Some(-330)] {
        for (action, settings) in &settings {
            let mut sim = Sim::new(NOW);
            sim.send(openbalance_core::EventKind::Language { lang });
            let rows = demo::activity(NOW.day(), Shape::default());
            sim.keys = demo::keys(&rows, NOW.day(), 0.6);
            sim.workspaces = demo::workspaces();
            sim.budgets = demo::budgets(&sim.keys);
            sim.start(Some(KEY));
            if let Some(minutes) = offset {
                sim.send(openbalance_core::EventKind::LocalTime {
                    utc_offset_minutes: minutes,
                });
            }
            match size {
                KeySize::Small => sim.device("deck", 0),
                KeySize::Medium => sim.device("deck", 2),
                KeySize::Large => Vec::new(),
            };
            sim.appear_on("deck", *action, "k", settings.clone());
            sim.answer_all(demo::credits(&rows), &rows);
            let view = sim.view("k").expect("drawn");
            assert_eq!(view.size, size);
            out.push(view);
        }
    }
    out
}

/// The letters of a header, as a person reads them (" · ", spaces and line breaks aside).
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .collect()
}

#[test]
fn no_header_loses_its_period_and_no_label_its_name_on_any_key() {
    let labels = [
        "WORK".to_owned(),
        "CLIENT ABC".to_owned(),
        "PERSONAL".to_owned(),
        "M".repeat(LABEL_MAX),
        "W".repeat(LABEL_MAX),
    ];
    let mut lost = Vec::new();
    for lang in Lang::ALL {
        openbalance::render::cjk::prefer(lang);
        headers_keep_their_words(lang, &labels, &mut lost);
    }
    lost.sort();
    lost.dedup();
    assert!(lost.is_empty(), "{} lost:\n{}", lost.len(), lost.join("\n"));
}

/// Each case in `lang` whose header or label loses words, or whose top takes the body's room,
/// added to `lost`.
fn headers_keep_their_words(lang: Lang, labels: &[String], lost: &mut Vec<String>) {
    let wait = say(lang, Phrase::BadgeWait { minutes: 30 });
    let badges = [
        None,
        Some(word(lang, Msg::BadgeOffline)),
        Some(wait.as_str()),
        Some(word(lang, Msg::BadgeStale)),
    ];
    for size in KeySize::ALL {
        for base in headers(size, lang) {
            for label in labels.iter().map(Some).chain([None]) {
                for badge in badges {
                    let mut view = base.clone();
                    view.account = label.map(|l| Text {
                        text: l.clone(),
                        color: Rgb(0, 0, 255),
                    });
                    view.badge = badge.map(|b| Text {
                        text: b.to_owned(),
                        color: Rgb(0, 200, 0),
                    });
                    let lines = top_lines(&view);
                    let case = format!(
                        "{lang:?} {size:?} {:?} {label:?} {badge:?}: {lines:?}",
                        view.header.text
                    );
                    let all = lines.join(" ");
                    let header_text: String = lines
                        .iter()
                        .map(|l| header_part(l))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let label_whole = label.is_none_or(|label| {
                        let drawn: String = lines
                            .iter()
                            .filter_map(|l| label_part(l))
                            .collect::<Vec<_>>()
                            .concat()
                            .replace(' ', "");
                        drawn == label.replace(' ', "")
                    });
                    let badge_shown =
                        badge.is_none() || lines.iter().any(|l| l.split(' ').any(|m| m == "B"));
                    // The body keeps room for the answer: at most four lines of top.
                    if all.contains('…')
                        || letters(&header_text) != letters(&view.header.text)
                        || !label_whole
                        || !badge_shown
                        || lines.len() > 4
                    {
                        lost.push(case);
                    }
                }
            }
        }
    }
}

/// The header's part of a line of [`top_lines`] ("H:USED · 7D A>WORK B" → "USED · 7D").
fn header_part(line: &str) -> String {
    match line.strip_prefix("H:") {
        Some(rest) => rest
            .split(" A>")
            .next()
            .unwrap_or_default()
            .trim_end_matches(" B")
            .to_owned(),
        None => String::new(),
    }
}

/// The label's part of a line ("A>WORK", "A:CLIENT" …).
fn label_part(line: &str) -> Option<String> {
    let at = line.find("A>").or_else(|| line.find("A:"))?;
    Some(line[at + 2..].trim_end_matches(" B").to_owned())
}

/// The strips, likewise: only the core's own "…" end a line (a key's workspace beside its name
/// goes whole where both do not fit). One line may end cut: the model that rose most, after the
/// words that say what it is, where a long model name runs past the strip's 184 units.
#[test]
fn no_text_is_cut_on_a_strip() {
    let mut cut = Vec::new();
    for (lang, sample) in every_strip() {
        openbalance::render::cjk::prefer(lang);
        let drawn = drawn_strip_texts(&sample.view);
        let wrote = sample.view.texts();
        let culprit = word(lang, Msg::RoseMostYday);
        for line in drawn
            .iter()
            .filter(|l| l.ends_with('…') && !l.starts_with(culprit))
        {
            if !wrote
                .iter()
                .any(|w| w.ends_with('…') && w.contains(line.trim_end_matches('…')))
            {
                cut.push(format!("{}: cut to {line:?} ({wrote:?})", sample.name));
            }
        }
    }
    assert!(cut.is_empty(), "{} cut:\n{}", cut.len(), cut.join("\n"));
}

/// No word is broken inside where it needs not be: a core word split across lines ("GUTHABE" /
/// "N"), or one Chinese, Japanese or Korean character left alone on a last line, reads as a
/// mistake. (A name a person gave that is wider than the key is broken where it must be; the
/// gallery holds none.)
#[test]
fn no_word_is_broken_and_no_character_left_alone() {
    let mut broken = Vec::new();
    for (lang, sample) in every_gallery() {
        openbalance::render::cjk::prefer(lang);
        let drawn = drawn_texts(&sample.view);
        breaks_in(&sample.name, &drawn, &sample.view.texts(), &mut broken);
    }
    for (lang, sample) in every_strip() {
        openbalance::render::cjk::prefer(lang);
        let drawn = drawn_strip_texts(&sample.view);
        breaks_in(&sample.name, &drawn, &sample.view.texts(), &mut broken);
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// Whether `c` is a Chinese, Japanese or Korean character (which break without spaces).
fn wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7A3 | 0xFF00..=0xFF60)
}

/// Each pair of lines drawn one after the other that split one text the core wrote inside a word,
/// or leave one wide character alone at its end, added to `out`.
fn breaks_in(name: &str, drawn: &[String], wrote: &[&str], out: &mut Vec<String>) {
    for pair in drawn.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
            continue;
        };
        if !wrote.iter().any(|w| w.contains(&format!("{a}{b}"))) {
            continue;
        }
        if wide(x) || wide(y) {
            if b.chars().count() == 1 && wrote.iter().any(|w| w.ends_with(b.as_str())) {
                out.push(format!("{name}: {b:?} alone after {a:?}"));
            }
        } else if x.is_alphanumeric() && (y.is_alphanumeric() || y == '-') {
            out.push(format!("{name}: {a:?} | {b:?}"));
        }
    }
}
