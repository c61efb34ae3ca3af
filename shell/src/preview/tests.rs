//! The preview's own checks: its pictures' names, shrinking and contact sheets.

use super::*;
use openbalance_core::view::{Body, Rgb, Text};

fn view(background: Rgb) -> TileView {
    let text = |t: &str| Text {
        text: t.into(),
        color: Rgb(255, 255, 255),
    };
    TileView {
        background,
        header: text("BALANCE"),
        body: Body::Status {
            icon: None,
            headline: text("Preparing…"),
            detail: None,
        },
        badge: None,
        account: None,
        size: KeySize::Large,
        urgency: None,
    }
}

#[test]
fn writes_tiles_and_a_contact_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let samples: Vec<Sample> = (0..7u8)
        .map(|i| Sample {
            name: format!("tile {i}/x"),
            view: view(Rgb(i * 30, 0, 0)),
        })
        .collect();
    let written = write_all(&samples, dir.path()).unwrap();
    assert_eq!(written.len(), 8);
    assert_eq!(written[0], dir.path().join("tile_0_x.png"));
    let sheet = decode(&std::fs::read(dir.path().join("contact-sheet.png")).unwrap()).unwrap();
    let cell = tiles::TILE_PX + SHEET_GAP;
    let row = tiles::TILE_PX + CAPTION_HEIGHT + SHEET_GAP;
    assert_eq!(
        (sheet.width, sheet.height),
        (SHEET_GAP + 6 * cell, SHEET_GAP + 2 * row)
    );
    // The second tile's top-left pixel is its background, opaque.
    let px = sheet.argb[(SHEET_GAP * sheet.width + SHEET_GAP + cell) as usize];
    assert_eq!(px, 0xff1e_0000);
    // Under it, its name: ink of the caption's colour in the caption's band.
    let band = (SHEET_GAP + tiles::TILE_PX..SHEET_GAP + tiles::TILE_PX + CAPTION_HEIGHT)
        .flat_map(|y| (SHEET_GAP..SHEET_GAP + tiles::TILE_PX).map(move |x| (x, y)));
    let inked = band
        .filter(|&(x, y)| sheet.argb[(y * sheet.width + x) as usize] & 0xff > 0x80)
        .count();
    assert!(inked > 20, "no caption under the first tile");
}

#[test]
fn a_smaller_key_gets_its_sheet_and_its_sheet_at_the_keys_own_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let mut small = view(Rgb(0, 0, 0));
    small.size = KeySize::Small;
    let samples = vec![
        Sample {
            name: "state-dark".into(),
            view: view(Rgb(0, 0, 0)),
        },
        Sample {
            name: "state-dark-72px".into(),
            view: small,
        },
    ];
    write_all(&samples, dir.path()).unwrap();
    let actual =
        decode(&std::fs::read(dir.path().join("contact-sheet-72px-actual.png")).unwrap()).unwrap();
    let drawn = decode(&std::fs::read(dir.path().join("contact-sheet-72px.png")).unwrap()).unwrap();
    assert!(
        actual.height < drawn.height,
        "shrunk to the key's 72 pixels"
    );
    let shrunk = shrink(
        &decode(&std::fs::read(dir.path().join("state-dark-72px.png")).unwrap()).unwrap(),
        72,
    );
    assert_eq!((shrunk.width, shrunk.height), (72, 72));
}

#[test]
fn short_names_match_the_action_uuids() {
    let names: Vec<_> = Action::ALL.into_iter().map(short_name).collect();
    assert_eq!(
        names,
        [
            "balance",
            "topmodels",
            "monthlyspend",
            "spikealert",
            "today",
            "budget"
        ]
    );
}
