//! Golden images of the Stream Deck + touch strip: every strip body in dark and light, compared
//! with reference PNGs under `tests/golden/strip-*.png` at the workspace root.
//!
//! `OPENBALANCE_BLESS=1 cargo test -p openbalance --test strip_golden` rewrites the references
//! after a deliberate design change (look at them before committing). The comparison tolerates the
//! small anti-aliasing differences a dependency update brings, not a moved or missing element.

#[path = "golden_compare.rs"]
mod golden_compare;
use golden_compare::{decode, difference};

use openbalance::render::{render_strip_png, STRIP_HEIGHT, STRIP_WIDTH};
use openbalance_core::palette::{Palette, DARK, LIGHT};
use openbalance_core::strip::{Line, Position, Row, StripBody, StripView};
use openbalance_core::view::{Bar, Glyph, Icon, Rgb, Text, Urgency};

fn t(text: &str, color: Rgb) -> Text {
    Text {
        text: text.to_owned(),
        color,
    }
}

fn glyph(icon: Icon, color: Rgb) -> Glyph {
    Glyph { icon, color }
}

fn strip(p: &Palette, header: &str, position: Option<Position>, body: StripBody) -> StripView {
    StripView {
        background: p.background,
        header: t(header, p.header),
        position,
        badge: None,
        body,
        account: None,
        urgency: None,
    }
}

fn dots(p: &Palette, count: u8, lit: u8) -> Option<Position> {
    Some(Position::Dots {
        count,
        lit,
        on: p.text,
        off: mix(p.muted, p.background, 0.45),
    })
}

fn place(p: &Palette, text: &str) -> Option<Position> {
    Some(Position::Place {
        text: t(text, p.header),
    })
}

fn mix(a: Rgb, b: Rgb, amount: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * amount + f32::from(y) * (1.0 - amount)).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Thirty days of a working month: quiet weekends, a busy last week.
fn month(p: &Palette, lit: usize) -> Vec<Bar> {
    (0..30)
        .map(|i| {
            let weekend = i % 7 == 5 || i % 7 == 6;
            let height = if weekend {
                0.3
            } else {
                0.55 + (i % 5) as f32 * 0.09
            };
            Bar {
                height: if i == 17 { 0.0 } else { height },
                color: if i == lit {
                    p.accent
                } else {
                    mix(p.accent, p.background, 0.42)
                },
            }
        })
        .collect()
}

fn views() -> Vec<(String, StripView)> {
    let mut out = Vec::new();
    for (theme, p) in [("dark", &DARK), ("light", &LIGHT)] {
        let mut add =
            |name: &str, view: StripView| out.push((format!("strip-{name}-{theme}"), view));
        add(
            "status-no-key",
            strip(
                p,
                "BALANCE",
                None,
                StripBody::Status {
                    icon: Some(glyph(Icon::Key, p.accent)),
                    headline: t("No key yet", p.text),
                    detail: Some(t("Add it in settings", p.muted)),
                },
            ),
        );
        add(
            "status-preparing",
            strip(
                p,
                "30-DAY SPEND",
                None,
                StripBody::Status {
                    icon: Some(glyph(Icon::Hourglass, p.muted)),
                    headline: t("Preparing…", p.text),
                    detail: None,
                },
            ),
        );
        let trend = |words: &str| Line {
            icon: Some(glyph(Icon::ArrowDown, p.fall)),
            text: t(words, p.fall),
        };
        add(
            "gauge",
            strip(
                p,
                "PRODUCTION",
                None,
                StripBody::Gauge {
                    value: t("$40.66", p.text),
                    fill: Some(0.55),
                    bar: p.accent,
                    caption: Some(t("left of $90.00", p.muted)),
                    note: Some(t("monthly · resets 1 Jan", p.muted)),
                },
            ),
        );
        add(
            "gauge-reached",
            strip(
                p,
                "RAYCAST · DEFAULT",
                Some(Position::Place {
                    text: t("1/6", p.header),
                }),
                StripBody::Gauge {
                    value: t("$0", p.bad),
                    fill: Some(1.0),
                    bar: p.bad,
                    caption: Some(t("$1.10 limit reached", p.bad)),
                    note: Some(t("weekly · resets Mon", p.muted)),
                },
            ),
        );
        add(
            "hero-balance",
            strip(
                p,
                "BALANCE",
                dots(p, 8, 0),
                StripBody::Hero {
                    value: t("$92.49", p.text),
                    line: Some(trend("yday $4.16 −31%")),
                },
            ),
        );
        let mut stale = strip(
            p,
            "USED · 30D",
            dots(p, 8, 2),
            StripBody::Hero {
                value: t("$116.14", p.text),
                line: Some(trend("yday $4.16 −31%")),
            },
        );
        stale.badge = Some(t("offline", p.warn));
        add("hero-stale", stale);
        add(
            "hero-week",
            strip(
                p,
                "THIS WEEK",
                dots(p, 3, 1),
                StripBody::Hero {
                    value: t("≥ $28.15", p.text),
                    line: Some(Line {
                        icon: None,
                        text: t("from Monday (UTC)", p.muted),
                    }),
                },
            ),
        );
        let row = |rank: &str, name: &str, value: &str, chosen: bool| Row {
            rank: t(rank, if chosen { p.accent } else { p.header }),
            name: t(name, if chosen { p.text } else { p.muted }),
            value: t(value, p.text),
        };
        add(
            "list",
            strip(
                p,
                "TOP MODELS",
                None,
                StripBody::List {
                    rows: vec![
                        row("1", "claude-sonnet-4.5", "$43.88", false),
                        row("2", "gpt-4.1", "$25.93", false),
                        row("3", "gemini-2.5-pro", "$17.85", false),
                    ],
                    selected: None,
                },
            ),
        );
        add(
            "list-selected",
            strip(
                p,
                "TOP MODELS",
                place(p, "4/6"),
                StripBody::List {
                    rows: vec![
                        row("3", "gemini-2.5-pro", "$17.85", false),
                        row("4", "gpt-4o-mini", "$10.14", true),
                        row("5", "deepseek-chat-v3.1-a-long-name", "$8.34", false),
                    ],
                    selected: Some(1),
                },
            ),
        );
        add(
            "chart",
            strip(
                p,
                "30-DAY SPEND",
                None,
                StripBody::Chart {
                    value: t("$116.14", p.text),
                    note: Some(t("today $2.41", p.muted)),
                    bars: month(p, 29),
                    marked: None,
                },
            ),
        );
        add(
            "chart-scrub",
            strip(
                p,
                "30-DAY SPEND",
                None,
                StripBody::Chart {
                    value: t("$4.55", p.text),
                    note: Some(t("Fri 27 Nov", p.text)),
                    bars: month(p, 20),
                    marked: Some(20),
                },
            ),
        );
        // A critical verdict fills the strip as it fills the key; the ratio's basis under it, the
        // model that rose most named for what it is.
        let mut verdict = strip(
            p,
            "SPIKE ALERT",
            None,
            StripBody::Alert {
                icon: glyph(Icon::Warning, p.on_alarm),
                label: t("Critical", p.on_alarm),
                ratio: Some(t("7.2×", p.on_alarm)),
                detail: Some(t("vs usual Tue 10–11", p.on_alarm_muted)),
                note: Some(t("rose most yday: claude-sonnet-4.5", p.on_alarm_muted)),
            },
        );
        verdict.header.color = p.on_alarm;
        verdict.background = p.alarm;
        verdict.urgency = Some(Urgency::Alarm { color: p.alarm });
        add("alert-verdict", verdict);
        let mut watch = strip(
            p,
            "SPIKE ALERT",
            None,
            StripBody::Alert {
                icon: glyph(Icon::Warning, p.warn),
                label: t("Spike", p.warn),
                ratio: Some(t("3.9×", p.warn)),
                detail: Some(t("yday vs usual day", p.muted)),
                note: Some(t("rose most yday: claude-sonnet-4.5", p.muted)),
            },
        );
        watch.urgency = Some(Urgency::Warn { color: p.warn });
        add("alert-watch", watch);
        add(
            "alert-model",
            strip(
                p,
                "YDAY BY MODEL",
                place(p, "1/7"),
                StripBody::Alert {
                    icon: glyph(Icon::ArrowUp, p.bad),
                    label: t("18× its usual day", p.bad),
                    ratio: None,
                    detail: Some(t("claude-sonnet-4.5", p.text)),
                    note: Some(t("$26.68 yday · usual day $1.48", p.muted)),
                },
            ),
        );
        // A deck with several accounts: the account's label in the corner, in the core's muted
        // colour, the position left of it; cut beside a long header; beside a badge, the badge
        // in the corner, the label left of it, the position left out.
        let work = |mut view: StripView, label: &str| {
            view.account = Some(t(label, p.muted));
            view
        };
        let balance = |header: &str, lit: u8, value: &str| {
            strip(
                p,
                header,
                dots(p, 8, lit),
                StripBody::Hero {
                    value: t(value, p.text),
                    line: Some(trend("yday $4.16 −31%")),
                },
            )
        };
        add(
            "account-hero-balance",
            work(balance("BALANCE", 0, "$92.49"), "WORK"),
        );
        add(
            "account-ring-longest",
            work(balance("USED % · ALL TIME", 6, "38.2%"), "WORK"),
        );
        add(
            "account-long",
            work(balance("USED % · ALL TIME", 7, "38.2%"), "CLIENT ACME LTD"),
        );
        add(
            "account-hero-week",
            work(
                strip(
                    p,
                    "THIS WEEK",
                    dots(p, 3, 1),
                    StripBody::Hero {
                        value: t("≥ $28.15", p.text),
                        line: Some(Line {
                            icon: None,
                            text: t("from Monday (UTC)", p.muted),
                        }),
                    },
                ),
                "WORK",
            ),
        );
        add(
            "account-list",
            work(
                strip(
                    p,
                    "TOP MODELS",
                    place(p, "4/6"),
                    StripBody::List {
                        rows: vec![
                            row("3", "gemini-2.5-pro", "$17.85", false),
                            row("4", "gpt-4o-mini", "$10.14", true),
                            row("5", "deepseek-chat-v3.1", "$8.34", false),
                        ],
                        selected: Some(1),
                    },
                ),
                "Personal",
            ),
        );
        let mut offline = balance("USED · 30D", 2, "$116.14");
        offline.badge = Some(t("offline", p.warn));
        add("account-badge-and-label", work(offline, "WORK"));
        // What the renderer must survive: text far too long, glyphs Inter lacks.
        let mut long = strip(
            p,
            "A HEADER FAR TOO LONG FOR ANY STRIP AT ALL",
            place(p, "999/999"),
            StripBody::Status {
                icon: Some(glyph(Icon::Warning, p.bad)),
                headline: t(&"Something went wrong ".repeat(20), p.text),
                detail: Some(t("🚀 模型 — naïve ".repeat(10).as_str(), p.muted)),
            },
        );
        long.badge = Some(t("a badge that will not fit", p.warn));
        add("stress-long", long);
    }
    out
}

#[test]
fn strips_match_their_golden_images() {
    let failures = golden_compare::check(
        views()
            .into_iter()
            .map(|(name, view)| (name, render_strip_png(&view))),
    );
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn strips_are_200_by_100_and_deterministic() {
    for (name, view) in views() {
        let first = render_strip_png(&view);
        let (w, h, _) = decode(&first).expect("decodes");
        assert_eq!((w, h), (STRIP_WIDTH, STRIP_HEIGHT), "{name}");
        assert_eq!(
            first,
            render_strip_png(&view),
            "{name} differs between two renders"
        );
    }
}

#[test]
fn a_turned_strip_looks_different() {
    let views = views();
    let find = |name: &str| {
        let view = &views.iter().find(|(n, _)| n == name).expect(name).1;
        decode(&render_strip_png(view)).expect("decodes").2
    };
    let (mean, far) = difference(&find("strip-chart-dark"), &find("strip-chart-scrub-dark"));
    assert!(mean >= 1.0 || far > 0.005, "{mean} {far}");
    let (mean, far) = difference(&find("strip-list-dark"), &find("strip-list-selected-dark"));
    assert!(mean >= 1.0 || far > 0.005, "{mean} {far}");
}
