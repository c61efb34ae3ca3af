//! The renderer must draw anything the core (or a corrupted recording) could hand it.

use super::layout::{HeaderRow, LABEL_GAP, LABEL_SHARE};
use super::text::{self, Face, Style};
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
            })
            .boxed(),
        (
            text(),
            proptest::option::of(
                (glyph(), text()).prop_map(|(icon, text)| TrendLine { icon, text })
            )
        )
            .prop_map(|(value, trend)| Body::Hero { value, trend })
            .boxed(),
        (
            proptest::collection::vec(
                (text(), text(), proptest::option::of(text()))
                    .prop_map(|(name, value, tag)| RankRow { name, value, tag }),
                0..6
            ),
            proptest::option::of(text())
        )
            .prop_map(|(rows, pager)| Body::Ranking { rows, pager })
            .boxed(),
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
            })
            .boxed(),
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
            })
            .boxed(),
        (
            text(),
            proptest::option::of(height()),
            rgb(),
            proptest::option::of(text()),
            proptest::option::of(text())
        )
            .prop_map(|(value, fill, bar, caption, note)| Body::Gauge {
                value,
                fill,
                bar,
                caption,
                note
            })
            .boxed(),
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
    fn the_account_label_and_the_header_share_their_row_without_meeting(
        header in words(),
        account in words(),
        room in 100.0f32..200.0,
    ) {
        let style = Style::new(Face::Text, 12.0).tracked(0.04);
        let row = HeaderRow::fit(style, &header, &account, room);
        let header_width = row.style.width(&row.header);
        let label_width = row.account_width();
        // Measured boxes: the header from the left, the label ending at the right, and between
        // them a gap of at least 6 units (whatever LABEL_GAP is set to).
        let gap = if row.account.is_some() { 6.0 } else { 0.0 };
        prop_assert!(header_width + gap + label_width <= room + 0.01,
            "{:?} + {:?} in {room}", row.header, row.account);
        prop_assert!(row.style.size >= text::MIN_PX);
        // The label never takes more than its share of a row the header needs.
        let whole = style.tracked(0.0).width(&header.to_uppercase());
        prop_assert!(label_width <= (room * LABEL_SHARE).max(room - LABEL_GAP - whole) + 0.01);
        // Something of a label that has letters is always shown, and nothing of one without.
        prop_assert_eq!(row.account.is_some(), !account.trim().is_empty());
        // What fits whole is drawn whole.
        if style.width(&header.to_uppercase()) + LABEL_GAP + style.width(account.trim()) <= room
            && !account.trim().is_empty()
        {
            prop_assert_eq!(&row.header, &header.to_uppercase());
            prop_assert_eq!(row.account.as_deref(), Some(account.trim()));
            prop_assert_eq!(row.style, style);
        }
    }

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

/// Columns of `rows` holding ink of each colour, red, green and blue (the header, a badge or a
/// position, the account label in these tests); `None` where there is none. Pixels are told apart by which channel
/// leads, so anti-aliased edges count too.
pub(super) fn ink_columns(
    pixels: &DrawTarget,
    rows: std::ops::Range<i32>,
) -> [Option<(i32, i32)>; 3] {
    let w = pixels.width();
    let mut out = [None; 3];
    for y in rows {
        for x in 0..w {
            let p = pixels.get_data()[(y * w + x) as usize];
            let c = [(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff];
            for (i, v) in c.iter().enumerate() {
                let others = c.iter().enumerate().filter(|(j, _)| *j != i);
                if *v >= 40 && others.clone().all(|(_, o)| *v > o + 30) {
                    let (lo, hi) = out[i].unwrap_or((x, x));
                    out[i] = Some((lo.min(x), hi.max(x)));
                }
            }
        }
    }
    out
}

/// A Hero tile with a red header and a blue account label on black.
fn labelled(header: &str, account: &str) -> TileView {
    TileView {
        background: Rgb(0, 0, 0),
        header: Text {
            text: header.into(),
            color: Rgb(255, 0, 0),
        },
        body: Body::Hero {
            value: Text {
                text: "$92.49".into(),
                color: Rgb(255, 255, 255),
            },
            trend: None,
        },
        badge: None,
        account: Some(Text {
            text: account.into(),
            color: Rgb(0, 0, 255),
        }),
    }
}

#[test]
fn on_a_key_the_label_ends_at_the_margin_and_never_touches_the_header() {
    let cases = [
        ("BALANCE", "WORK"),
        ("TOP MODELS", "WORK"),
        ("USED · ALL TIME", "CLIENT ACME LTD"),
        (
            "A HEADER FAR TOO LONG FOR ANY KEY",
            "AN ACCOUNT FAR TOO LONG AS WELL",
        ),
        ("WWWWWWWWWWWWWWWWWWWW", "WWWWWWWWWWWWWWWWWWWW"),
        ("", "WORK"),
        ("BALANCE", "🚀 模型 naïve"),
    ];
    for (header, account) in cases {
        let [red, _, blue] = ink_columns(&render_pixels(&labelled(header, account)), 0..29);
        let (_, label_right) = blue.unwrap_or_else(|| panic!("{account:?} not drawn"));
        // Right-aligned on the margin the badge uses (134), give or take the last glyph's bearing.
        assert!(
            (131..=134).contains(&label_right),
            "{account:?} ends at {label_right}"
        );
        if let (Some((_, header_right)), Some((label_left, _))) = (red, blue) {
            assert!(
                label_left - header_right >= 5,
                "{header:?} ends at {header_right}, {account:?} starts at {label_left}"
            );
        }
    }
}

#[test]
fn on_a_key_a_badge_takes_the_corner_and_the_label_is_not_drawn() {
    let mut view = labelled("USED · 30D", "WORK");
    view.badge = Some(Text {
        text: "offline".into(),
        color: Rgb(0, 200, 0),
    });
    let [red, green, blue] = ink_columns(&render_pixels(&view), 0..29);
    assert!(red.is_some() && green.is_some());
    assert_eq!(blue, None);
    let mut without = view.clone();
    without.account = None;
    assert_eq!(
        render_pixels(&view).get_data(),
        render_pixels(&without).get_data()
    );
}

#[test]
fn an_empty_label_draws_the_tile_as_without_one() {
    for account in ["", "   "] {
        let view = labelled("USED · ALL TIME", account);
        let mut without = view.clone();
        without.account = None;
        assert_eq!(
            render_pixels(&view).get_data(),
            render_pixels(&without).get_data(),
            "{account:?}"
        );
    }
}
