//! What the CJK glyphs cost (issue 19): resident memory before any text, after English tiles,
//! and after the same tiles in every language (the CJK subsets parsed and drawn from), and the
//! time to draw and encode one tile per language. The words are the catalogue's.
//!
//! `cargo bench -p openbalance --bench glyphs` (plain binary, no harness); with
//! `OPENBALANCE_GLYPHS_OUT=<dir>` it also writes each language's tiles as PNGs to look at.

use openbalance::render::render_png;
use openbalance_core::catalogue::{self, numbers, Msg, Phrase};
use openbalance_core::lang::Lang;
use openbalance_core::view::{Body, Glyph, Icon, Rgb, Text, TileView, TrendLine};
use std::time::Instant;

const BG: Rgb = Rgb(0x11, 0x13, 0x18);
const HEADER: Rgb = Rgb(0x8b, 0x93, 0xa1);
const TEXT: Rgb = Rgb(0xf5, 0xf7, 0xfa);
const MUTED: Rgb = Rgb(0x9a, 0xa3, 0xaf);
const GOOD: Rgb = Rgb(0x22, 0xc5, 0x5e);

fn t(text: impl Into<String>, color: Rgb) -> Text {
    Text {
        text: text.into(),
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

/// A Balance hero, a key state and a Today line, in `lang`.
fn views(lang: Lang) -> Vec<(&'static str, TileView)> {
    let say = |m| catalogue::text(lang, m);
    let yday = numbers::money(lang, 4.41);
    let change = numbers::whole_percent(lang, -13.0);
    let pct = numbers::whole_percent(lang, 60.0);
    vec![
        (
            "balance",
            tile(
                say(Msg::HeaderBalance),
                Body::Hero {
                    value: t(numbers::money(lang, 1234.5), TEXT),
                    trend: Some(TrendLine {
                        icon: Some(Glyph {
                            icon: Icon::ArrowDown,
                            color: GOOD,
                        }),
                        text: t(
                            catalogue::say(
                                lang,
                                Phrase::YdayChange {
                                    amount: &yday,
                                    change: &change,
                                },
                            ),
                            GOOD,
                        ),
                    }),
                },
            ),
        ),
        (
            "no-key",
            tile(
                say(Msg::HeaderSpikeAlert),
                Body::Status {
                    icon: None,
                    headline: t(say(Msg::NotManagementKey), TEXT),
                    detail: Some(t(say(Msg::TapForHelp), MUTED)),
                },
            ),
        ),
        (
            "today",
            tile(
                say(Msg::HeaderToday),
                Body::Hero {
                    value: t(numbers::money(lang, 12.5), TEXT),
                    trend: Some(TrendLine {
                        icon: None,
                        text: t(
                            catalogue::say(lang, Phrase::ShareOfUsualDay { percent: &pct }),
                            MUTED,
                        ),
                    }),
                },
            ),
        ),
    ]
}

/// Resident and mapped-file memory of this process, from /proc (Linux), in kB.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("RssFile:").unwrap_or(0)))
}

fn main() {
    let out = std::env::var_os("OPENBALANCE_GLYPHS_OUT").map(std::path::PathBuf::from);
    let show = |label: &str| match memory() {
        Some((rss, file)) => println!("{label:<34} VmRSS {rss:>6} kB   RssFile {file:>6} kB"),
        None => println!("{label:<34} (no /proc)"),
    };
    show("before any text");
    let mut per_lang = vec![];
    for lang in Lang::ALL {
        let tiles = views(lang);
        let start = Instant::now();
        let rounds = 40;
        let mut bytes = 0;
        for _ in 0..rounds {
            for (_, view) in &tiles {
                bytes += render_png(view).len();
            }
        }
        let per_tile = start.elapsed() / (rounds * tiles.len() as u32);
        per_lang.push((lang, per_tile, bytes / (rounds as usize)));
        if let Some(dir) = &out {
            let _ = std::fs::create_dir_all(dir);
            for (name, view) in &tiles {
                let _ = std::fs::write(
                    dir.join(format!("{}-{name}.png", lang.code())),
                    render_png(view),
                );
            }
        }
        if lang == Lang::En {
            show("after English tiles");
        }
    }
    show("after the same tiles in all 8");
    println!();
    println!("| language | draw + encode, one tile | PNG bytes (3 tiles) |");
    println!("|---|---|---|");
    for (lang, per_tile, bytes) in per_lang {
        println!(
            "| {} | {:.2} ms | {bytes} |",
            lang.code(),
            per_tile.as_secs_f64() * 1000.0
        );
    }
}
