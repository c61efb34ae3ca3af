//! Each tile is declared once, in the core's `Descriptor`s; the bundle's manifest and the Property
//! Inspector must agree with them (a tile missing from either, or one they have that the core does
//! not, fails here).

use openbalance_core::action::{Action, Tap, PLUGIN_UUID};
use openbalance_core::streamdeck::STRIP_ITEM;
use serde_json::{json, Value};
use std::path::PathBuf;

fn bundle() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sdplugin")
        .join(format!("{PLUGIN_UUID}.sdPlugin"))
}

#[test]
fn the_manifest_lists_exactly_the_declared_tiles() {
    let text = std::fs::read_to_string(bundle().join("manifest.json")).expect("manifest.json");
    let manifest: Value = serde_json::from_str(&text).expect("manifest is JSON");
    let actions = manifest["Actions"].as_array().expect("Actions");
    assert_eq!(
        actions.len(),
        Action::ALL.len(),
        "one manifest action per tile"
    );
    for action in Action::ALL {
        let d = action.descriptor();
        let entry = actions
            .iter()
            .find(|a| a["UUID"] == d.uuid)
            .unwrap_or_else(|| panic!("{} missing from the manifest", d.uuid));
        assert_eq!(entry["Name"], d.name, "{}", d.uuid);
        assert_eq!(
            entry["Icon"],
            format!("imgs/actions/{}/icon", d.slug),
            "{}",
            d.uuid
        );
        assert_eq!(
            entry["States"][0]["Image"],
            format!("imgs/actions/{}/key", d.slug),
            "{}",
            d.uuid
        );
        // Every tile works on a Stream Deck + dial too, and says honestly what the dial does.
        assert_eq!(
            entry["Controllers"],
            json!(["Keypad", "Encoder"]),
            "{}",
            d.uuid
        );
        let encoder = &entry["Encoder"];
        assert_eq!(encoder["layout"], STRIP_LAYOUT, "{}", d.uuid);
        assert_eq!(encoder["Icon"], format!("imgs/actions/{}/dial", d.slug));
        let triggers = &encoder["TriggerDescription"];
        assert_eq!(triggers["Rotate"], d.dial.rotate, "{}", d.uuid);
        assert_eq!(triggers["Push"], d.dial.push, "{}", d.uuid);
        let touch = triggers["Touch"].as_str().unwrap_or("");
        match d.tap {
            Tap::Open(_) | Tap::Limit => {
                assert!(touch.starts_with("Open your "), "{}: {touch}", d.uuid)
            }
            Tap::Acknowledge => assert_eq!(touch, "Acknowledge the alert", "{}", d.uuid),
        }
        assert_eq!(triggers["LongTouch"], "Refresh now", "{}", d.uuid);
    }
}

/// The strip layout every dial uses: one pixmap over the whole 200×100 canvas, under the key the
/// plugin's `setFeedback` fills.
const STRIP_LAYOUT: &str = "layouts/strip.json";

#[test]
fn the_strip_layout_is_one_pixmap_over_the_whole_canvas() {
    let text = std::fs::read_to_string(bundle().join(STRIP_LAYOUT)).expect("the strip layout");
    let layout: Value = serde_json::from_str(&text).expect("layout is JSON");
    assert_eq!(
        layout["items"],
        json!([{"key": STRIP_ITEM, "type": "pixmap", "rect": [0, 0, 200, 100]}])
    );
}

/// `ui/tiles.js`: every tile as the core declares it, for the inspector and its tests (which keep
/// no list of their own): its slug, the i18n key of its name, its settings, their defaults and
/// the ranges its numbers are held to.
fn tiles_js() -> String {
    let entries: Vec<String> = Action::ALL
        .into_iter()
        .map(|action| {
            let d = action.descriptor();
            let entry = json!({
                "slug": d.slug,
                "name": format!("tile{}", d.name.replace(' ', "")),
                "settings": d.settings,
                "defaults": openbalance_core::default_settings(action),
                "ranges": openbalance_core::setting_ranges(action),
            });
            format!("    {entry}")
        })
        .collect();
    format!(
        "// Every tile as the core declares it (core/src/tile/*.rs: each tile's descriptor and its\n\
         // settings' defaults), for the Property Inspector and its tests: they keep no list of their\n\
         // own. Written by `OPENBALANCE_BLESS=1 cargo test -p openbalance --test e2e descriptors`;\n\
         // that test fails when this file falls behind the core. Not edited by hand.\n\
         (function (root) {{\n  \"use strict\";\n  root.OpenBalanceTiles = [\n{}\n  ];\n}})(typeof window !== \"undefined\" ? window : globalThis);\n",
        entries.join(",\n")
    )
}

#[test]
fn the_inspectors_tile_table_is_the_cores() {
    let path = bundle().join("ui/tiles.js");
    let want = tiles_js();
    if std::env::var_os("OPENBALANCE_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write ui/tiles.js");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/tiles.js is behind the core's tiles: run \
         `OPENBALANCE_BLESS=1 cargo test -p openbalance --test e2e descriptors` and commit it\n\
         want:\n{want}"
    );
    let html = std::fs::read_to_string(bundle().join("ui/property-inspector.html"))
        .expect("property-inspector.html");
    let (tiles, pi) = (
        html.find("<script src=\"tiles.js\">"),
        html.find("<script src=\"pi.js\">"),
    );
    assert!(
        tiles.is_some() && tiles < pi,
        "the inspector loads tiles.js before pi.js"
    );
}

#[test]
fn the_property_inspector_knows_every_tile_and_its_settings() {
    let js = std::fs::read_to_string(bundle().join("ui/pi.js")).expect("pi.js");
    let html = std::fs::read_to_string(bundle().join("ui/property-inspector.html"))
        .expect("property-inspector.html");
    assert!(
        js.contains("root.OpenBalanceTiles") || js.contains("window.OpenBalanceTiles"),
        "pi.js reads its tiles from tiles.js"
    );
    for action in Action::ALL {
        let d = action.descriptor();
        for setting in d.settings.iter().chain(&["theme"]) {
            let rows = rows_for(&html, setting);
            assert!(
                rows.iter()
                    .any(|actions| actions.split(' ').any(|a| a == d.slug)),
                "the inspector shows no {setting} field for {} (rows: {rows:?})",
                d.slug
            );
        }
    }
}

/// The Budget tile's settings in the contract with its inspector (a pick, `show`, `warnAt`), each
/// with its field in the Budget rows; a part of a name is no name.
#[test]
fn the_property_inspector_has_a_field_for_every_budget_setting() {
    let html = std::fs::read_to_string(bundle().join("ui/property-inspector.html"))
        .expect("property-inspector.html");
    for setting in ["key", "workspace", "interval", "show", "warnAt", "theme"] {
        let rows = rows_for(&html, setting);
        assert!(
            rows.iter()
                .any(|actions| actions.split(' ').any(|a| a == "budget")),
            "no {setting} field for budget (rows: {rows:?})"
        );
    }
    assert_eq!(rows_for(&html, "work"), Vec::<String>::new());
}

/// The `data-actions` of the rows holding a field for `setting`: the nearest `data-actions` before
/// it in the page. A field is `data-setting="<setting>"`, or one field that writes several settings
/// together, `data-settings="<setting> …"` (the Budget tile's picker: `key`, or `workspace` and
/// `interval`).
fn rows_for(html: &str, setting: &str) -> Vec<String> {
    let field = format!("data-setting=\"{setting}\"");
    let many = "data-settings=\"";
    let writes = |at: usize| {
        let names = &html[at + many.len()..];
        names
            .find('"')
            .is_some_and(|end| names[..end].split(' ').any(|name| name == setting))
    };
    html.match_indices(&field)
        .chain(html.match_indices(many).filter(|&(at, _)| writes(at)))
        .filter_map(|(at, _)| {
            let before = &html[..at];
            let start = before.rfind("data-actions=\"")? + "data-actions=\"".len();
            let end = start + html[start..].find('"')?;
            Some(html[start..end].to_owned())
        })
        .collect()
}
