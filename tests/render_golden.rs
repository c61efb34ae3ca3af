//! Golden images: every body kind in dark and light, compared with reference PNGs under
//! `tests/golden/` at the workspace root.
//!
//! `OPENBALANCE_BLESS=1 cargo test -p openbalance --test render_golden` rewrites the references
//! after a deliberate design change (look at them before committing). The comparison tolerates
//! the small anti-aliasing differences a dependency update brings, not a moved or missing element.
//! `OPENBALANCE_CONTACT_SHEET=path.png` also writes all goldens side by side for a quick look.

#[path = "golden_compare.rs"]
mod golden_compare;
use golden_compare::{decode, difference};

use openbalance::render::{encode_png, render_pixels, render_png, TILE_PX};
use openbalance_core::palette::{Palette, DARK, LIGHT};
use openbalance_core::view::{Bar, Body, Glyph, Icon, RankRow, Rgb, Text, TileView, TrendLine};

/// The core's own palettes, so the goldens always show the colours the plugin really uses.
type Theme = Palette;

fn t(text: &str, color: Rgb) -> Text {
    Text {
        text: text.to_owned(),
        color,
    }
}

fn glyph(icon: Icon, color: Rgb) -> Glyph {
    Glyph { icon, color }
}

fn tile(p: &Theme, header: &str, body: Body) -> TileView {
    TileView {
        background: p.background,
        header: t(header, p.header),
        body,
        badge: None,
        account: None,
    }
}

fn status(
    p: &Theme,
    header: &str,
    icon: Option<Glyph>,
    headline: &str,
    detail: Option<&str>,
) -> TileView {
    tile(
        p,
        header,
        Body::Status {
            icon,
            headline: t(headline, p.text),
            detail: detail.map(|d| t(d, p.muted)),
        },
    )
}

fn hero(
    p: &Theme,
    header: &str,
    value: &str,
    value_color: Rgb,
    trend: Option<(Icon, Rgb, &str)>,
) -> TileView {
    tile(
        p,
        header,
        Body::Hero {
            value: t(value, value_color),
            trend: trend.map(|(icon, color, words)| TrendLine {
                icon: glyph(icon, color),
                text: t(words, color),
            }),
        },
    )
}

fn ranking(p: &Theme, rows: &[(&str, &str)], pager: Option<&str>) -> TileView {
    tile(
        p,
        "TOP MODELS",
        Body::Ranking {
            rows: rows
                .iter()
                .map(|(name, value)| RankRow {
                    name: t(name, p.muted),
                    value: t(value, p.text),
                    tag: None,
                })
                .collect(),
            pager: pager.map(|x| t(x, p.header)),
        },
    )
}

/// The accent pulled 40 % towards the background, as the core dims older bars.
fn dim(c: Rgb, bg: Rgb) -> Rgb {
    let mix = |a: u8, b: u8| ((u16::from(a) * 3 + u16::from(b) * 2) / 5) as u8;
    Rgb(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

fn chart(p: &Theme, value: &str, heights: &[f32], caption: Option<&str>) -> TileView {
    let last = heights.len().saturating_sub(1);
    tile(
        p,
        "30-DAY SPEND",
        Body::Chart {
            value: t(value, p.text),
            bars: heights
                .iter()
                .enumerate()
                .map(|(i, &height)| Bar {
                    height,
                    color: if i == last {
                        p.accent
                    } else {
                        dim(p.accent, p.background)
                    },
                })
                .collect(),
            caption: caption.map(|c| t(c, p.muted)),
        },
    )
}

fn alert(
    p: &Theme,
    icon: Icon,
    color: Rgb,
    label: &str,
    model: Option<&str>,
    ratio: &str,
) -> TileView {
    tile(
        p,
        "SPIKE ALERT",
        Body::Alert {
            icon: glyph(icon, color),
            label: t(label, color),
            model: model.map(|m| t(m, p.text)),
            ratio: Some(t(ratio, color)),
            basis: None,
        },
    )
}

/// An alert as the tile shows it: with the line saying what the ratio compares with.
fn alert_with_basis(p: &Theme, mut view: TileView, basis: &str) -> TileView {
    if let Body::Alert { basis: b, .. } = &mut view.body {
        *b = Some(t(basis, p.muted));
    }
    view
}

/// A Budget tile: the amount, the bar at `fill` in `bar`'s colour, what it is of, when it resets.
fn gauge(
    p: &Theme,
    header: &str,
    (value, color): (&str, Rgb),
    (fill, bar): (Option<f32>, Rgb),
    caption: (&str, Rgb),
    note: &str,
) -> TileView {
    tile(
        p,
        header,
        Body::Gauge {
            value: t(value, color),
            fill,
            bar,
            caption: Some(t(caption.0, caption.1)),
            note: Some(t(note, p.muted)),
        },
    )
}

/// Every representative view, named for its file.
fn views() -> Vec<(String, TileView)> {
    let mut out = Vec::new();
    for (theme, p) in [("dark", &DARK), ("light", &LIGHT)] {
        let mut add = |name: &str, view: TileView| out.push((format!("{name}-{theme}"), view));
        add(
            "status-preparing",
            status(
                p,
                "BALANCE",
                Some(glyph(Icon::Hourglass, p.muted)),
                "Preparing…",
                None,
            ),
        );
        add(
            "status-no-key",
            status(
                p,
                "BALANCE",
                Some(glyph(Icon::Key, p.accent)),
                "No key yet",
                Some("Add it in settings"),
            ),
        );
        add(
            "status-not-management",
            status(
                p,
                "TOP MODELS",
                Some(glyph(Icon::Warning, p.warn)),
                "Not a Management key",
                Some("Tap for help"),
            ),
        );
        add(
            "status-offline",
            status(
                p,
                "30-DAY SPEND",
                Some(glyph(Icon::Offline, p.muted)),
                "Offline",
                Some("Can't reach OpenRouter"),
            ),
        );
        add(
            "status-no-activity",
            status(
                p,
                "TOP MODELS",
                None,
                "No activity yet",
                Some("in the last 30 days"),
            ),
        );
        add(
            "hero-balance",
            hero(
                p,
                "BALANCE",
                "$42.17",
                p.text,
                Some((Icon::ArrowDown, p.good, "yday $3.20 −12%")),
            ),
        );
        let mut used = hero(
            p,
            "USED · 30D",
            "$1,234",
            p.text,
            Some((Icon::ArrowUp, p.bad, "yday $61.20 +48%")),
        );
        used.badge = Some(t("offline", p.warn));
        add("hero-used-offline", used);
        add(
            "hero-percent",
            hero(
                p,
                "USED % · 7D",
                "45.2%",
                p.text,
                Some((Icon::ArrowFlat, p.muted, "yday $0.80 · same")),
            ),
        );
        add("hero-low", hero(p, "BALANCE", "$0.42", p.warn, None));
        add(
            "hero-today",
            hero(
                p,
                "SINCE 01:00",
                "$2.41",
                p.text,
                Some((Icon::ArrowFlat, p.muted, "60% of usual day")),
            ),
        );
        add(
            "hero-runway",
            hero(
                p,
                "RUNWAY",
                "≈ 22 days",
                p.text,
                Some((Icon::ArrowUp, p.bad, "yday $4.16 +69%")),
            ),
        );
        let mut alarm = hero(
            p,
            "LOW BALANCE",
            "$6.40",
            p.bad,
            Some((Icon::ArrowUp, p.bad, "yday $4.16 +69%")),
        );
        alarm.header.color = p.bad;
        add("hero-low-balance-alarm", alarm);
        let mut waiting = hero(p, "USED · 7D", "$28.16", p.text, None);
        waiting.badge = Some(t("wait 30m", p.warn));
        add("hero-rate-limited-wait", waiting);
        add(
            "ranking",
            ranking(
                p,
                &[("claude-sonnet-4", "$12.40"), ("gpt-4o-mini", "$3.05")],
                Some("1/3"),
            ),
        );
        add(
            "ranking-long",
            ranking(
                p,
                &[
                    ("llama-3.1-nemotron-70b-instruct", "$1,024"),
                    ("deepseek-r1-distill-qwen-32b", "$0.042"),
                ],
                None,
            ),
        );
        add(
            "ranking-one",
            ranking(p, &[("gemini-2.5-pro", "$7.77")], Some("2/2")),
        );
        add(
            "gauge-calm",
            gauge(
                p,
                "SUPPORT BOT",
                ("$44.08", p.text),
                (Some(0.42), p.accent),
                ("left of $76.00", p.muted),
                "resets 1 Jan",
            ),
        );
        add(
            "gauge-warning",
            gauge(
                p,
                "NIGHTLY EVALS",
                ("$0.05", p.warn),
                (Some(0.87), p.warn),
                ("left of $0.40", p.muted),
                "resets 01:00",
            ),
        );
        add(
            "gauge-reached",
            gauge(
                p,
                "RAYCAST",
                ("$0", p.bad),
                (Some(1.0), p.bad),
                ("$1.10 limit reached", p.bad),
                "resets Mon",
            ),
        );
        add(
            "gauge-limit-alone",
            gauge(
                p,
                "PRODUCTION",
                ("$900.00", p.text),
                (None, p.muted),
                ("limit", p.muted),
                "quarterly",
            ),
        );
        let mut tagged = ranking(p, &[("Cursor", "$54.05"), ("Support bot", "$31.72")], None);
        if let Body::Ranking { rows, .. } = &mut tagged.body {
            rows[0].tag = Some(t("Default", p.header));
            rows[1].tag = Some(t("Production", p.header));
        }
        tagged.header.text = "TOP KEYS".into();
        add("ranking-by-key-workspaces", tagged);
        add(
            "chart",
            chart(
                p,
                "$86.40",
                &[0.35, 0.6, 0.2, 0.9, 0.45, 1.0, 0.55],
                Some("today $4.12"),
            ),
        );
        add(
            "chart-zeros",
            chart(
                p,
                "$0.30",
                &[0.0, 0.0, 1.0, 0.0, 0.0, 0.5, 0.0],
                Some("last 7 days"),
            ),
        );
        add(
            "alert-spike",
            alert(
                p,
                Icon::Warning,
                p.warn,
                "Spike",
                Some("claude-opus-4"),
                "4.2×",
            ),
        );
        add(
            "alert-critical",
            alert(p, Icon::Warning, p.bad, "Critical", Some("o1-pro"), "new"),
        );
        add(
            "alert-normal",
            alert(p, Icon::Check, p.good, "Normal", None, "0.9×"),
        );
        let spike = alert(
            p,
            Icon::Warning,
            p.warn,
            "Spike",
            Some("claude-sonnet-4.5"),
            "4.0×",
        );
        add(
            "alert-spike-vs-usual",
            alert_with_basis(p, spike, "vs usual Tue 10–11"),
        );
        let normal = alert(p, Icon::Check, p.good, "Normal", Some("gpt-4.1"), "0.8×");
        add(
            "alert-normal-whole-day",
            alert_with_basis(p, normal, "vs a usual day"),
        );
        add(
            "alert-acknowledged",
            alert(
                p,
                Icon::Check,
                p.muted,
                "Acknowledged",
                Some("gpt-4.1"),
                "3.1×",
            ),
        );
        // A deck with several accounts: the account's label at the top right, in the core's
        // muted colour; cut beside a long header; left out where a badge takes the corner.
        let work = |mut view: TileView, label: &str| {
            view.account = Some(t(label, p.muted));
            view
        };
        add(
            "account-hero-balance",
            work(
                hero(
                    p,
                    "BALANCE",
                    "$92.49",
                    p.text,
                    Some((Icon::ArrowDown, p.good, "yday $4.16 −31%")),
                ),
                "WORK",
            ),
        );
        add(
            "account-long",
            work(
                hero(
                    p,
                    "USED · ALL TIME",
                    "$1,234",
                    p.text,
                    Some((Icon::ArrowUp, p.bad, "yday $61.20 +48%")),
                ),
                "CLIENT ACME LTD",
            ),
        );
        add(
            "account-ranking",
            work(
                ranking(
                    p,
                    &[("claude-sonnet-4", "$12.40"), ("gpt-4o-mini", "$3.05")],
                    Some("1/3"),
                ),
                "WORK",
            ),
        );
        let mut offline = hero(p, "USED · 30D", "$116.14", p.text, None);
        offline.badge = Some(t("offline", p.warn));
        add("account-badge-wins", work(offline, "WORK"));
        // What a renderer must survive: text far too long, glyphs Inter lacks, many bars.
        let mut long = status(
            p,
            "A HEADER FAR TOO LONG FOR ANY KEY",
            Some(glyph(Icon::Warning, p.bad)),
            &"Something went wrong ".repeat(20),
            Some(&"detail ".repeat(40)),
        );
        long.badge = Some(t("a badge that will not fit", p.warn));
        add("stress-long", long);
        add(
            "stress-unicode",
            ranking(p, &[("🚀 模型 — naïve", "¥1,234"), ("", "")], Some("")),
        );
        let many: Vec<f32> = (0..50).map(|i| ((i * 37) % 50) as f32 / 49.0).collect();
        add(
            "stress-50-bars",
            chart(p, "$9,999,999.99 and more", &many, None),
        );
    }
    out
}

#[test]
fn tiles_match_their_golden_images() {
    let failures = golden_compare::check(
        views()
            .into_iter()
            .map(|(name, view)| (name, render_png(&view))),
    );
    if let Ok(sheet) = std::env::var("OPENBALANCE_CONTACT_SHEET") {
        std::fs::write(sheet, contact_sheet()).expect("write contact sheet");
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}

/// All goldens on a grey board, dark ones first, seven to a row, for a designer's look.
fn contact_sheet() -> Vec<u8> {
    let views = views();
    let cols = 7;
    let rows = views.len().div_ceil(cols) as i32;
    let gap = 12;
    let side = TILE_PX as i32;
    let mut sheet =
        raqote::DrawTarget::new(cols as i32 * (side + gap) + gap, rows * (side + gap) + gap);
    sheet.clear(raqote::SolidSource::from_unpremultiplied_argb(
        255, 0x60, 0x60, 0x60,
    ));
    for (i, (_, view)) in views.iter().enumerate() {
        let (col, row) = ((i % cols) as i32, (i / cols) as i32);
        sheet.copy_surface(
            &render_pixels(view),
            raqote::IntRect::new(
                raqote::IntPoint::new(0, 0),
                raqote::IntPoint::new(side, side),
            ),
            raqote::IntPoint::new(gap + col * (side + gap), gap + row * (side + gap)),
        );
    }
    encode_png(&sheet)
}

#[test]
fn tiles_are_144_square_and_deterministic() {
    for (name, view) in views() {
        let first = render_png(&view);
        let (w, h, _) = decode(&first).expect("decodes");
        assert_eq!((w, h), (TILE_PX, TILE_PX), "{name}");
        assert_eq!(
            first,
            render_png(&view),
            "{name} differs between two renders"
        );
    }
}

#[test]
fn the_comparison_notices_a_different_tile() {
    let views = views();
    let a = decode(&render_png(&views[0].1)).expect("decodes").2;
    let b = decode(&render_png(&views[5].1)).expect("decodes").2;
    let (mean, far) = difference(&a, &b);
    assert!(mean >= 1.0 || far > 0.005);
    assert_eq!(difference(&a, &a), (0.0, 0.0));
}
