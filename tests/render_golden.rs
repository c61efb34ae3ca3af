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
use openbalance_core::view::{
    Bar, Body, Glyph, Icon, KeySize, RankRow, Rgb, Text, TileView, TrendLine, Urgency,
};

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
        size: KeySize::Large,
        urgency: None,
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
                icon: Some(glyph(icon, color)),
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
                    name: t(name, p.text),
                    value: t(value, p.muted),
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
            model_note: model.map(|_| t("rose most yday", p.muted)),
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

/// A view as the core sounds an alarm: the tile filled, every text knocked out of it.
fn alarmed(p: &Theme, mut view: TileView) -> TileView {
    let (on, quiet) = (p.on_alarm, p.on_alarm_muted);
    view.background = p.alarm;
    view.urgency = Some(Urgency::Alarm { color: p.alarm });
    view.header.color = on;
    match &mut view.body {
        Body::Hero { value, trend } => {
            value.color = on;
            if let Some(trend) = trend {
                trend.text.color = quiet;
                if let Some(icon) = &mut trend.icon {
                    icon.color = quiet;
                }
            }
        }
        Body::Gauge {
            value,
            bar,
            caption,
            note,
            ..
        } => {
            value.color = on;
            *bar = on;
            for t in [caption, note].into_iter().flatten() {
                t.color = quiet;
            }
        }
        Body::Alert {
            icon,
            label,
            ratio,
            model,
            basis,
            model_note,
        } => {
            icon.color = on;
            label.color = on;
            if let Some(r) = ratio {
                r.color = on;
            }
            for t in [model, basis, model_note].into_iter().flatten() {
                t.color = quiet;
            }
        }
        _ => {}
    }
    view
}

/// A view as the core marks a watch state: framed.
fn warned(p: &Theme, mut view: TileView) -> TileView {
    view.urgency = Some(Urgency::Warn { color: p.warn });
    view
}

/// The low-balance alarm: what is left, and the line (not on a small key).
fn low_balance(p: &Theme, size: KeySize) -> TileView {
    let line = (size != KeySize::Small).then_some((Icon::Warning, p.text, "below $10"));
    let mut view = alarmed(p, hero(p, "LOW BALANCE", "$6.40", p.text, line));
    view.size = size;
    view
}

/// Representative views drawn for a smaller key, as the core words them there.
fn sized(p: &Theme, size: KeySize) -> Vec<(&'static str, TileView)> {
    let small = size == KeySize::Small;
    let trend = (!small).then_some((Icon::ArrowDown, p.fall, "yday $3.20"));
    let mut out = vec![
        ("hero-balance", hero(p, "BALANCE", "$42.17", p.text, trend)),
        ("hero-low-balance-alarm", low_balance(p, size)),
        (
            "hero-percent-all",
            hero(p, "USED % · ALL TIME", "45.2%", p.text, trend),
        ),
        (
            "ranking-one",
            tile(
                p,
                "#1 MODEL",
                Body::Ranking {
                    rows: vec![RankRow {
                        name: t("claude-sonnet-4.5", p.text),
                        value: t("$44.82", p.muted),
                        tag: None,
                    }],
                    pager: None,
                },
            ),
        ),
        (
            "chart",
            chart(
                p,
                "$117.49",
                &(0..30)
                    .map(|i| ((i * 7) % 11) as f32 / 10.0)
                    .collect::<Vec<_>>(),
                (!small).then_some("today $4.12"),
            ),
        ),
        (
            "alert-critical",
            alarmed(
                p,
                tile(
                    p,
                    if small { "SPIKES" } else { "SPIKE ALERT" },
                    Body::Alert {
                        icon: glyph(Icon::Warning, p.bad),
                        label: t("Critical", p.bad),
                        model: None,
                        ratio: Some(t("7.2×", p.bad)),
                        basis: (!small).then(|| t("vs usual Tue 10–11", p.muted)),
                        model_note: None,
                    },
                ),
            ),
        ),
        (
            "alert-spike",
            warned(
                p,
                tile(
                    p,
                    if small { "SPIKES" } else { "SPIKE ALERT" },
                    Body::Alert {
                        icon: glyph(Icon::Warning, p.warn),
                        label: t("Spike", p.warn),
                        model: None,
                        ratio: Some(t("3.9×", p.warn)),
                        basis: (!small).then(|| t("yday vs usual day", p.muted)),
                        model_note: None,
                    },
                ),
            ),
        ),
        (
            "status-not-management",
            status(
                p,
                "BALANCE",
                Some(glyph(Icon::Warning, p.warn)),
                if small {
                    "Wrong key type"
                } else {
                    "Not a Management key"
                },
                Some("Tap for help"),
            ),
        ),
    ];
    let mut today = hero(
        p,
        if small { "TODAY" } else { "SINCE 01:00" },
        "$2.41",
        p.text,
        None,
    );
    if let Body::Hero { trend, .. } = &mut today.body {
        *trend = Some(match small {
            true => TrendLine {
                icon: None,
                text: t("since 01:00", p.muted),
            },
            false => TrendLine {
                icon: Some(glyph(Icon::ArrowFlat, p.muted)),
                text: t("60% of usual day", p.muted),
            },
        });
    }
    out.push(("hero-today", today));
    // A budget near its limit (framed) and one reached (filled); a small key drops the reset.
    let note = if small { None } else { Some("resets 01:00") };
    let budget = |value: &str, fill: f32, caption: &str| {
        let mut view = gauge(
            p,
            "NIGHTLY EVALS",
            (value, p.text),
            (Some(fill), p.warn),
            (caption, p.muted),
            "",
        );
        if let Body::Gauge { note: n, .. } = &mut view.body {
            *n = note.map(|w| t(w, p.muted));
        }
        view
    };
    out.push((
        "gauge-warning",
        warned(p, budget("$0.05", 0.87, "left of $0.40")),
    ));
    out.push((
        "gauge-reached",
        alarmed(p, budget("$0", 1.0, "$1.10 limit reached")),
    ));
    // Whose numbers, and that they are old: a label too long for the header's line, a badge.
    let mut account = hero(p, "USED · ALL TIME", "$1,234", p.text, trend);
    account.account = Some(t("CLIENT ABC", p.accent));
    account.badge = Some(t("offline", p.warn));
    out.push(("account-long-offline", account));
    for (_, view) in &mut out {
        view.size = size;
    }
    out
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
                Some((Icon::ArrowDown, p.fall, "yday $3.20 −12%")),
            ),
        );
        let mut used = hero(
            p,
            "USED · 30D",
            "$1,234",
            p.text,
            Some((Icon::ArrowUp, p.rise, "yday $61.20 +48%")),
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
                Some((Icon::ArrowFlat, p.muted, "yday $0.80")),
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
                Some((Icon::ArrowUp, p.rise, "yday $4.16 +69%")),
            ),
        );
        add("hero-low-balance-alarm", low_balance(p, KeySize::Large));
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
        // Past its warning line a budget is framed; reached, filled, as every alarm.
        add(
            "gauge-warning",
            warned(
                p,
                gauge(
                    p,
                    "NIGHTLY EVALS",
                    ("$0.05", p.warn),
                    (Some(0.87), p.warn),
                    ("left of $0.40", p.muted),
                    "resets 01:00",
                ),
            ),
        );
        add(
            "gauge-reached",
            alarmed(
                p,
                gauge(
                    p,
                    "RAYCAST",
                    ("$0", p.bad),
                    (Some(1.0), p.bad),
                    ("$1.10 limit reached", p.bad),
                    "resets Mon",
                ),
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
            warned(
                p,
                alert(
                    p,
                    Icon::Warning,
                    p.warn,
                    "Spike",
                    Some("claude-opus-4"),
                    "4.2×",
                ),
            ),
        );
        add(
            "alert-critical",
            alarmed(
                p,
                alert(p, Icon::Warning, p.bad, "Critical", Some("o1-pro"), "new"),
            ),
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
                    Some((Icon::ArrowDown, p.fall, "yday $4.16 −31%")),
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
                    Some((Icon::ArrowUp, p.rise, "yday $61.20 +48%")),
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
        add(
            "chart-30-days",
            chart(
                p,
                "$117.49",
                &(0..30)
                    .map(|i| ((i * 7) % 11) as f32 / 10.0)
                    .collect::<Vec<_>>(),
                Some("today $4.12"),
            ),
        );
        // The key's own lines for a label and a badge that do not fit beside the header.
        let mut both = hero(p, "USED · ALL TIME", "$1,234", p.text, None);
        both.account = Some(t("CLIENT ABC", p.accent));
        both.badge = Some(t("offline", p.warn));
        add("account-long-offline", both);
        // The same states drawn for a 96-pixel and a 72-pixel key.
        for size in [KeySize::Medium, KeySize::Small] {
            for (name, view) in sized(p, size) {
                add(&format!("{}-{name}", size.design_px()), view);
            }
        }
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
