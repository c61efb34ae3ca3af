//! Time to draw and encode one tile, per body kind: the budget is 1 ms median in release, so a
//! refresh of a full 32-key deck stays well under a frame of work.
//!
//! `cargo bench -p openbalance --bench render` (plain binary, no harness).

use openbalance::render::{encode_png, render_pixels, render_png};
use openbalance_core::view::{Bar, Body, Glyph, Icon, RankRow, Rgb, Text, TileView, TrendLine};
use std::hint::black_box;
use std::time::{Duration, Instant};

const BG: Rgb = Rgb(0x11, 0x13, 0x18);
const HEADER: Rgb = Rgb(0x8b, 0x93, 0xa1);
const TEXT: Rgb = Rgb(0xf5, 0xf7, 0xfa);
const MUTED: Rgb = Rgb(0x9a, 0xa3, 0xaf);
const GOOD: Rgb = Rgb(0x22, 0xc5, 0x5e);
const WARN: Rgb = Rgb(0xf5, 0x9e, 0x0b);
const ACCENT: Rgb = Rgb(0x81, 0x8c, 0xf8);

fn t(text: &str, color: Rgb) -> Text {
    Text {
        text: text.to_owned(),
        color,
    }
}

fn tile(header: &str, body: Body) -> TileView {
    TileView {
        background: BG,
        header: t(header, HEADER),
        body,
        badge: None,
        account: None,
        size: Default::default(),
        urgency: None,
    }
}

fn views() -> Vec<(&'static str, TileView)> {
    let mut offline = tile(
        "BALANCE",
        Body::Hero {
            value: t("$1,234", TEXT),
            trend: None,
        },
    );
    offline.badge = Some(t("offline", WARN));
    vec![
        (
            "status",
            tile(
                "TOP MODELS",
                Body::Status {
                    icon: Some(Glyph {
                        icon: Icon::Offline,
                        color: MUTED,
                    }),
                    headline: t("Offline", TEXT),
                    detail: Some(t("Can't reach OpenRouter", MUTED)),
                },
            ),
        ),
        (
            "hero",
            tile(
                "BALANCE",
                Body::Hero {
                    value: t("$42.17", TEXT),
                    trend: Some(TrendLine {
                        icon: Some(Glyph {
                            icon: Icon::ArrowDown,
                            color: GOOD,
                        }),
                        text: t("$3.20 · 12%", GOOD),
                    }),
                },
            ),
        ),
        ("hero+badge", offline),
        (
            "ranking",
            tile(
                "TOP MODELS",
                Body::Ranking {
                    rows: vec![
                        RankRow {
                            name: t("claude-sonnet-4", MUTED),
                            value: t("$12.40", TEXT),
                            tag: None,
                        },
                        RankRow {
                            name: t("llama-3.1-nemotron-70b-instruct", MUTED),
                            value: t("$3.05", TEXT),
                            tag: None,
                        },
                    ],
                    pager: Some(t("1/3", HEADER)),
                },
            ),
        ),
        (
            "chart",
            tile(
                "30-DAY SPEND",
                Body::Chart {
                    value: t("$86.40", TEXT),
                    bars: [0.35, 0.6, 0.2, 0.9, 0.45, 1.0, 0.0]
                        .into_iter()
                        .map(|height| Bar {
                            height,
                            color: ACCENT,
                        })
                        .collect(),
                    caption: Some(t("today $4.12", MUTED)),
                },
            ),
        ),
        (
            "alert",
            tile(
                "SPIKE ALERT",
                Body::Alert {
                    icon: Glyph {
                        icon: Icon::Warning,
                        color: WARN,
                    },
                    label: t("Spike", WARN),
                    model: Some(t("claude-opus-4", TEXT)),
                    ratio: Some(t("4.2×", WARN)),
                    basis: Some(t("vs usual Tue 10–11", TEXT)),
                    model_note: Some(t("rose most yday", TEXT)),
                },
            ),
        ),
    ]
}

/// Median and 90th percentile of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..runs / 10 {
        f();
    }
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    (samples[runs / 2], samples[runs * 9 / 10])
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let runs = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(1000)
        .max(10);
    println!("{runs} runs per tile; microseconds per tile");
    println!(
        "{:<12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "body", "draw p50", "draw p90", "png p50", "png p90", "total p50", "total p90", "bytes"
    );
    let mut worst = Duration::ZERO;
    for (name, view) in views() {
        let (draw50, draw90) = time(runs, || {
            black_box(render_pixels(black_box(&view)));
        });
        let pixels = render_pixels(&view);
        let (png50, png90) = time(runs, || {
            black_box(encode_png(black_box(&pixels)));
        });
        let (all50, all90) = time(runs, || {
            black_box(render_png(black_box(&view)));
        });
        worst = worst.max(all50);
        println!(
            "{:<12} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>8}",
            name,
            us(draw50),
            us(draw90),
            us(png50),
            us(png90),
            us(all50),
            us(all90),
            render_png(&view).len()
        );
    }
    let verdict = if worst <= Duration::from_millis(1) {
        "within"
    } else {
        "OVER"
    };
    println!(
        "worst median {:.1} µs: {verdict} the 1 ms budget",
        us(worst)
    );
}
