//! The strip's own tests: odd input, and the top row's label, position and badge apart.

use super::grid::RIGHT;
use super::top_row::account_row;
use super::{render_strip_pixels, render_strip_pixels_at, render_strip_png};
use openbalance_core::strip::{Line, Position, Row, StripBody, StripView};
use openbalance_core::view::{Bar, Glyph, Icon, Rgb, Text};

fn t(s: &str) -> Text {
    Text {
        text: s.into(),
        color: Rgb(240, 240, 240),
    }
}

fn strip(body: StripBody) -> StripView {
    StripView {
        background: Rgb(17, 19, 24),
        header: t("30-DAY SPEND"),
        position: Some(Position::Dots {
            count: 200,
            lit: 3,
            on: Rgb(255, 255, 255),
            off: Rgb(80, 80, 80),
        }),
        badge: Some(t("offline")),
        body,
        account: None,
        urgency: None,
    }
}

#[test]
fn every_body_renders_at_200_by_100_without_panicking_on_odd_input() {
    let long = "x".repeat(500);
    let bars: Vec<Bar> = [f32::NAN, -1.0, 2.0, f32::INFINITY, 0.5]
        .iter()
        .cycle()
        .take(400)
        .map(|h| Bar {
            height: *h,
            color: Rgb(100, 100, 255),
        })
        .collect();
    let bodies = [
        StripBody::Status {
            icon: Some(Glyph {
                icon: Icon::Warning,
                color: Rgb(255, 0, 0),
            }),
            headline: t(&long),
            detail: Some(t(&long)),
        },
        StripBody::Hero {
            value: t(&long),
            line: Some(Line {
                icon: None,
                text: t(&long),
            }),
        },
        StripBody::List {
            rows: (0..9)
                .map(|_| Row {
                    rank: t(&long),
                    name: t(&long),
                    value: t(&long),
                })
                .collect(),
            selected: Some(99),
        },
        StripBody::Chart {
            value: t(&long),
            note: Some(t(&long)),
            bars,
            marked: Some(7),
        },
        StripBody::Chart {
            value: t(""),
            note: None,
            bars: Vec::new(),
            marked: Some(3),
        },
        StripBody::Alert {
            icon: Glyph {
                icon: Icon::ArrowUp,
                color: Rgb(255, 0, 0),
            },
            label: t(&long),
            ratio: Some(t(&long)),
            detail: Some(t("🦀 模型")),
            note: Some(t(&long)),
        },
    ];
    for body in bodies {
        let view = strip(body);
        let pixels = render_strip_pixels(&view);
        assert_eq!((pixels.width(), pixels.height()), (200, 100));
        let twice = render_strip_pixels_at(&view, 2.0);
        assert_eq!((twice.width(), twice.height()), (400, 200));
        assert_eq!(render_strip_png(&view), render_strip_png(&view));
    }
}

/// A Hero strip with a red header, a green position and a blue account label on black.
fn labelled(header: &str, position: Option<Position>, account: &str) -> StripView {
    StripView {
        background: Rgb(0, 0, 0),
        header: Text {
            text: header.into(),
            color: Rgb(255, 0, 0),
        },
        position,
        badge: None,
        body: StripBody::Hero {
            value: t("$92.49"),
            line: None,
        },
        account: Some(Text {
            text: account.into(),
            color: Rgb(0, 0, 255),
        }),
        urgency: None,
    }
}

fn dots(count: u8) -> Option<Position> {
    Some(Position::Dots {
        count,
        lit: 0,
        on: Rgb(0, 255, 0),
        off: Rgb(0, 120, 0),
    })
}

fn place(words: &str) -> Option<Position> {
    Some(Position::Place {
        text: Text {
            text: words.into(),
            color: Rgb(0, 255, 0),
        },
    })
}

#[test]
fn the_label_takes_the_corner_the_position_sits_left_of_it_and_nothing_touches() {
    let headers = ["BALANCE", "USED % · ALL TIME", &"W".repeat(40), ""];
    let accounts = ["WORK", "CLIENT ACME LTD", "Personal", &"W".repeat(40)];
    let positions = [
        None,
        dots(3),
        dots(8),
        dots(16),
        place("4/6"),
        place("999/999"),
    ];
    for header in headers {
        for account in accounts {
            for position in &positions {
                let view = labelled(header, position.clone(), account);
                let pixels = render_strip_pixels(&view);
                let [red, green, blue] = crate::render::tests::ink_columns(&pixels, 0..24);
                let case = format!("{header:?} {position:?} {account:?}");
                // A header wider than the row alone leaves no room for anything beside it.
                let Some((label_left, label_right)) = blue else {
                    assert!(header.len() > 30, "{case}: label not drawn");
                    continue;
                };
                assert!((189..=192).contains(&label_right), "{case}: {label_right}");
                let mut left_of_label = red;
                if let Some((position_left, position_right)) = green {
                    assert!(label_left - position_right >= 5, "{case}");
                    if let Some((_, header_right)) = red {
                        assert!(position_left - header_right >= 5, "{case}");
                    }
                    left_of_label = green;
                }
                if let Some((_, right)) = left_of_label {
                    assert!(label_left - right >= 5, "{case}");
                }
            }
        }
    }
}

#[test]
fn eight_dots_beside_a_label_are_counted_and_three_stay_dots() {
    // "1/8" is drawn in the position's colour with text; dots are round: count the columns.
    let width = |position| {
        let view = labelled("BALANCE", position, "WORK");
        let [_, green, _] = crate::render::tests::ink_columns(&render_strip_pixels(&view), 0..24);
        green.map(|(l, r)| r - l + 1)
    };
    assert!(width(dots(8)).unwrap() < 30, "8 dots were not compacted");
    let three = width(dots(3)).expect("3 dots drawn");
    assert!((20..=23).contains(&three), "3 dots are {three} wide");
}

#[test]
fn the_balance_ring_keeps_its_headers_whole_beside_a_short_label() {
    let account = t("WORK");
    for header in [
        "REMAINING",
        "USED · 7D",
        "USED · 30D",
        "USED · ALL TIME",
        "USED % · 7D",
        "USED % · 30D",
        "USED % · ALL TIME",
        "RUNWAY",
    ] {
        let (position, row) = account_row(&labelled(header, dots(8), "WORK"), &account, RIGHT);
        assert_eq!(row.header, header, "cut");
        assert_eq!(row.account.as_deref(), Some("WORK"));
        // The same count, in the same place, on every view of the ring.
        assert!(matches!(position, Some(Position::Place { .. })), "{header}");
    }
}

#[test]
fn beside_a_badge_the_label_is_drawn_and_the_header_whole() {
    for (header, label) in [("USED · 30D", "ACME"), ("USED · 7D", "WORK")] {
        let mut view = labelled(header, None, label);
        view.badge = Some(Text {
            text: "offline".into(),
            color: Rgb(0, 255, 0),
        });
        let [red, green, blue] =
            crate::render::tests::ink_columns(&render_strip_pixels(&view), 0..24);
        let (badge_left, _) = green.expect("badge");
        let (label_left, label_right) = blue.expect("label drawn beside the badge");
        let (_, header_right) = red.expect("header");
        assert!(badge_left - label_right >= 5, "{header}");
        assert!(label_left - header_right >= 5, "{header}");
        let right = badge_left as f32 - 6.0;
        let (_, row) = account_row(&view, view.account.as_ref().unwrap(), right);
        assert_eq!(row.header, header, "header cut beside a badge");
        assert_eq!(row.account.as_deref(), Some(label));
    }
}
