//! The renderer must draw anything the core (or a corrupted recording) could hand it.

use super::*;
use openbalance_core::view::{Bar, Body, Glyph, Icon, RankRow, Text, TrendLine};
use proptest::prelude::*;

fn rgb() -> impl Strategy<Value = Rgb> {
    any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Rgb(r, g, b))
}

/// Mostly plain words, sometimes anything at all (emoji, Han, controls, combining marks), sometimes
/// far too long.
fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,24}",
        any::<String>(),
        "\\PC{0,40}",
        "[a-z ]{200,500}",
        Just("🚀 模型 — x\u{301}\u{200D}\u{FE0F}\t\n".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = Text> {
    (words(), rgb()).prop_map(|(text, color)| Text { text, color })
}

fn icon() -> impl Strategy<Value = Icon> {
    prop_oneof![
        Just(Icon::Check),
        Just(Icon::Warning),
        Just(Icon::ArrowUp),
        Just(Icon::ArrowDown),
        Just(Icon::ArrowFlat),
        Just(Icon::Key),
        Just(Icon::Offline),
        Just(Icon::Hourglass),
    ]
}

fn glyph() -> impl Strategy<Value = Glyph> {
    (icon(), rgb()).prop_map(|(icon, color)| Glyph { icon, color })
}

fn height() -> impl Strategy<Value = f32> {
    prop_oneof![
        0.0f32..=1.0,
        any::<f32>(),
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(-1.0),
        Just(1e30),
    ]
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        (
            proptest::option::of(glyph()),
            text(),
            proptest::option::of(text())
        )
            .prop_map(|(icon, headline, detail)| Body::Status {
                icon,
                headline,
                detail
            }),
        (
            text(),
            proptest::option::of(
                (glyph(), text()).prop_map(|(icon, text)| TrendLine { icon, text })
            )
        )
            .prop_map(|(value, trend)| Body::Hero { value, trend }),
        (
            proptest::collection::vec(
                (text(), text()).prop_map(|(name, value)| RankRow { name, value }),
                0..6
            ),
            proptest::option::of(text())
        )
            .prop_map(|(rows, pager)| Body::Ranking { rows, pager }),
        (
            text(),
            proptest::collection::vec(
                (height(), rgb()).prop_map(|(height, color)| Bar { height, color }),
                0..200
            ),
            proptest::option::of(text())
        )
            .prop_map(|(value, bars, caption)| Body::Chart {
                value,
                bars,
                caption
            }),
        (
            glyph(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text())
        )
            .prop_map(|(icon, label, model, ratio, basis)| Body::Alert {
                icon,
                label,
                model,
                ratio,
                basis
            }),
    ]
}

fn view() -> impl Strategy<Value = TileView> {
    (
        rgb(),
        text(),
        body(),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(background, header, body, badge, account)| TileView {
            background,
            header,
            body,
            badge,
            account,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn any_view_renders_to_an_opaque_144_png(view in view()) {
        let pixels = render_pixels(&view);
        prop_assert_eq!((pixels.width(), pixels.height()), (144, 144));
        prop_assert!(pixels.get_data().iter().all(|p| p >> 24 == 0xff));
        let png = render_png(&view);
        prop_assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn any_view_renders_at_odd_sizes(view in view(), px in 0u32..300) {
        let pixels = render_pixels_at(&view, px);
        prop_assert_eq!(pixels.width() as u32, px.clamp(1, 2048));
    }
}

#[test]
fn blending_keeps_opaque_pixels_opaque_and_covers_fully_at_one() {
    let mut canvas = Canvas::new(4, 4.0);
    canvas.fill_all(Rgb(10, 20, 30));
    canvas.blend_pixel(1, 1, 1.0, Rgb(200, 100, 50));
    canvas.blend_pixel(2, 2, 0.5, Rgb(255, 255, 255));
    canvas.blend_pixel(-1, 9, 1.0, Rgb(255, 255, 255));
    let data = canvas.dt.get_data();
    assert_eq!(data[5], 0xffc86432);
    assert_eq!(data[10] >> 24, 0xff);
    assert!((data[10] >> 16 & 0xff) > 120);
}
