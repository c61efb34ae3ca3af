//! The renderer must draw anything the core (or a corrupted recording) could hand it.

use super::layout::LABEL_GAP;
use super::strip::top_row::HeaderRow;
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
                (proptest::option::of(glyph()), text())
                    .prop_map(|(icon, text)| TrendLine { icon, text })
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
            proptest::option::of(text()),
            proptest::option::of(text())
        )
            .prop_map(
                |(icon, label, model, ratio, basis, model_note)| Body::Alert {
                    icon,
                    label,
                    model,
                    ratio,
                    basis,
                    model_note
                }
            )
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
            size: Default::default(),
            urgency: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn the_account_label_and_the_header_share_a_strip_row_without_meeting(
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
        // The header, which says what the number is, is whole whenever it fits the row alone.
        let upper = header.to_uppercase();
        if style.tracked(0.0).width(&upper) <= room {
            prop_assert_eq!(&row.header, &upper);
        }
        // Nothing of a label without letters is shown.
        if account.trim().is_empty() {
            prop_assert!(row.account.is_none());
        }
        // What fits whole is drawn whole.
        if style.width(&upper) + LABEL_GAP + style.width(account.trim()) <= room
            && !account.trim().is_empty()
        {
            prop_assert_eq!(&row.header, &upper);
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
        size: Default::default(),
        urgency: None,
    }
}

/// Rows of `pixels` (0..144) with ink of the blue account label.
fn blue_rows(pixels: &DrawTarget) -> Option<(i32, i32)> {
    let w = pixels.width();
    let mut out: Option<(i32, i32)> = None;
    for y in 0..pixels.height() {
        for x in 0..w {
            let p = pixels.get_data()[(y * w + x) as usize];
            let (r, g, b) = ((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            if b >= 40 && b > r + 30 && b > g + 30 {
                let (lo, hi) = out.unwrap_or((y, y));
                out = Some((lo.min(y), hi.max(y)));
            }
        }
    }
    out
}

#[test]
fn on_a_key_the_label_shares_the_header_line_when_both_fit_and_takes_its_own_when_not() {
    let beside = [("BALANCE", "WORK"), ("TOP MODELS", "WORK"), ("", "WORK")];
    for (header, account) in beside {
        let view = labelled(header, account);
        let [red, _, blue] = ink_columns(&render_pixels(&view), 0..29);
        let (label_left, label_right) = blue.unwrap_or_else(|| panic!("{account:?} not drawn"));
        // Right-aligned on the margin the badge uses (134), give or take the last glyph's bearing.
        assert!(
            (131..=134).contains(&label_right),
            "{account:?} ends at {label_right}"
        );
        if let Some((_, header_right)) = red {
            assert!(label_left - header_right >= 5, "{header:?} {account:?}");
        }
        assert_eq!(top_lines(&view).len(), 1, "{header:?} {account:?}");
    }
    // Too long to share: the header keeps its line whole, the label has the next one(s), whole.
    for (header, account) in [
        ("USED · ALL TIME", "CLIENT ACME"),
        ("USED % · ALL TIME", "PERSONAL USE"),
        ("BALANCE", "🚀 模型 naïve account"),
    ] {
        let view = labelled(header, account);
        let lines = top_lines(&view);
        assert_eq!(lines[0], format!("H:{header}"), "{lines:?}");
        let label: Vec<&str> = lines[1..]
            .iter()
            .filter_map(|l| l.strip_prefix("A:"))
            .collect();
        assert_eq!(label.join(" "), account, "{lines:?}");
        let (top, _) = blue_rows(&render_pixels(&view)).expect("label drawn");
        assert!(top > 22, "{account:?} drawn on the header's line");
    }
}

#[test]
fn on_a_key_a_badge_takes_the_corner_and_the_label_is_still_drawn() {
    let mut view = labelled("USED · 30D", "WORK");
    view.badge = Some(Text {
        text: "offline".into(),
        color: Rgb(0, 200, 0),
    });
    let pixels = render_pixels(&view);
    let [red, green, _] = ink_columns(&pixels, 0..29);
    assert!(red.is_some() && green.is_some());
    assert!(
        blue_rows(&pixels).is_some(),
        "the account label was dropped"
    );
    let lines = top_lines(&view);
    assert!(
        lines[0].starts_with("H:USED · 30D") && lines[0].contains('B'),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("WORK")), "{lines:?}");
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
