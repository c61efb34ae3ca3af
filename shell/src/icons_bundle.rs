//! The static images a Stream Deck bundle ships (plugin, category and action icons, default key
//! images), drawn by the tile renderer so they can never drift from what the keys show.
//!
//! Stream Deck's rules shape them: category and action icons are monochrome white on transparent
//! (the app tints them itself), every image comes at 1× and 2×, and a key image is what an action
//! shows before the plugin has sent anything, so it is the tile's "Preparing…" state.

use crate::render::icons::{circle, draw_icon, outline, solid};
use crate::render::text::{self, Align, Face, Style};
use crate::render::{encode_png, render_pixels_at, Canvas};
use openbalance_core::action::{Action, BundleIcon};
use openbalance_core::palette::DARK;
use openbalance_core::view::{Body, Glyph, Icon, Rgb, Text, TileView};
use raqote::{
    Color, DrawOptions, Gradient, GradientStop, LineCap, LineJoin, PathBuilder, Point, Source,
    Spread, StrokeStyle,
};
use std::f32::consts::PI;
use std::io;
use std::path::{Path, PathBuf};

/// One image of the bundle: where it goes under the bundle directory, its side, its PNG bytes.
#[derive(Debug, Clone)]
pub struct BundleImage {
    pub path: String,
    pub px: u32,
    pub png: Vec<u8>,
}

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// Writes every bundle image under `dir` (creating folders) and returns the paths written.
pub fn write_bundle_images(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for image in bundle_images() {
        let path = dir.join(&image.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &image.png)?;
        written.push(path);
    }
    Ok(written)
}

/// Every bundle image, in memory.
pub fn bundle_images() -> Vec<BundleImage> {
    let mut out = Vec::new();
    let mut add = |path: String, px: u32, png: Vec<u8>| out.push(BundleImage { path, px, png });
    for (name, px) in [("icon.png", 256), ("icon@2x.png", 512)] {
        add(
            format!("imgs/plugin/{name}"),
            px,
            encode_png(&plugin_icon(px)),
        );
    }
    for (name, px) in [("category.png", 28), ("category@2x.png", 56)] {
        add(
            format!("imgs/plugin/{name}"),
            px,
            encode_png(&category_icon(px)),
        );
    }
    for action in Action::ALL {
        let d = action.descriptor();
        for (name, px) in [("icon.png", 20), ("icon@2x.png", 40)] {
            add(
                format!("imgs/actions/{}/{name}", d.slug),
                px,
                encode_png(&action_icon(d.icon, px)),
            );
        }
        for (name, px) in [("key.png", 72), ("key@2x.png", 144)] {
            add(
                format!("imgs/actions/{}/{name}", d.slug),
                px,
                encode_png(&render_pixels_at(&preparing(d.header), px)),
            );
        }
        for (name, px) in [("dial.png", 72), ("dial@2x.png", 144)] {
            add(
                format!("imgs/actions/{}/{name}", d.slug),
                px,
                encode_png(&dial_icon(d.icon, px)),
            );
        }
    }
    out
}

/// The dial's face in the Stream Deck app (the manifest's `Encoder` `Icon`): the action's own
/// white glyph on a dark disc, transparent around it.
fn dial_icon(icon: BundleIcon, px: u32) -> raqote::DrawTarget {
    let mut canvas = Canvas::new(px, 72.0);
    canvas.fill(&circle(36.0, 36.0, 35.0), DARK.background, 1.0);
    let glyph = action_icon(icon, px * 5 / 9);
    let side = glyph.width();
    let offset = (px as f32 - side as f32) / 2.0;
    canvas.dt.set_transform(&raqote::Transform::identity());
    canvas.dt.draw_image_at(
        offset.round(),
        offset.round(),
        &raqote::Image {
            width: side,
            height: glyph.height(),
            data: glyph.get_data(),
        },
        &DrawOptions::new(),
    );
    canvas.into_target()
}

/// The key before any data: what the core shows while the plugin starts, in the dark theme.
fn preparing(header: &str) -> TileView {
    TileView {
        background: DARK.background,
        header: Text {
            text: header.to_uppercase(),
            color: DARK.header,
        },
        body: Body::Status {
            icon: Some(Glyph {
                icon: Icon::Hourglass,
                color: DARK.muted,
            }),
            headline: Text {
                text: "Preparing…".to_owned(),
                color: DARK.text,
            },
            detail: None,
        },
        badge: None,
        account: None,
        size: Default::default(),
        urgency: None,
    }
}

fn stroke_style(width: f32) -> StrokeStyle {
    StrokeStyle {
        width,
        cap: LineCap::Round,
        join: LineJoin::Round,
        miter_limit: 4.0,
        dash_array: Vec::new(),
        dash_offset: 0.0,
    }
}

fn color(c: Rgb, alpha: u8) -> Color {
    Color::new(alpha, c.0, c.1, c.2)
}

fn vertical_gradient(top: f32, bottom: f32, stops: &[(f32, Color)]) -> Source<'static> {
    Source::new_linear_gradient(
        Gradient {
            stops: stops
                .iter()
                .map(|&(position, color)| GradientStop { position, color })
                .collect(),
        },
        Point::new(0.0, top),
        Point::new(0.0, bottom),
        Spread::Pad,
    )
}

/// The app icon: an accent-coloured coin with a dollar sign on OpenRouter's near-black, inside a
/// three-quarters gauge in the "good" green for "balance left". Drawn on a 256-unit grid.
fn plugin_icon(px: u32) -> raqote::DrawTarget {
    let mut canvas = Canvas::new(px, 256.0);
    let mut pb = PathBuilder::new();
    rounded_square(&mut pb, 0.0, 0.0, 256.0, 56.0);
    let background = vertical_gradient(
        0.0,
        256.0,
        &[
            (0.0, color(Rgb(0x23, 0x27, 0x33), 255)),
            (1.0, color(Rgb(0x0c, 0x0e, 0x12), 255)),
        ],
    );
    canvas
        .dt
        .fill(&pb.finish(), &background, &DrawOptions::new());

    let (cx, cy, r) = (128.0, 128.0, 70.0);
    // A gauge around the coin, three-quarters full: what is left of the balance.
    let gauge = 96.0;
    canvas.dt.stroke(
        &circle(cx, cy, gauge),
        &Source::Solid(solid(Rgb(0x2a, 0x2f, 0x3b))),
        &stroke_style(13.0),
        &DrawOptions::new(),
    );
    let mut arc = PathBuilder::new();
    arc.move_to(cx, cy - gauge);
    arc.arc(cx, cy, gauge, -PI / 2.0, 1.5 * PI);
    canvas.dt.stroke(
        &arc.finish(),
        &Source::Solid(solid(DARK.good)),
        &stroke_style(13.0),
        &DrawOptions::new(),
    );
    // A soft glow under the coin so it lifts off the background.
    for (grow, alpha) in [(10.0, 0.07), (5.0, 0.1)] {
        canvas.fill(&circle(cx, cy + 4.0, r + grow), DARK.accent, alpha);
    }
    let coin = vertical_gradient(
        cy - r,
        cy + r,
        &[
            (0.0, color(Rgb(0xa5, 0xb4, 0xfc), 255)),
            (0.55, color(Rgb(0x81, 0x8c, 0xf8), 255)),
            (1.0, color(Rgb(0x4f, 0x46, 0xe5), 255)),
        ],
    );
    canvas
        .dt
        .fill(&circle(cx, cy, r), &coin, &DrawOptions::new());
    canvas.dt.stroke(
        &circle(cx, cy, r - 11.0),
        &Source::Solid(solid(Rgb(0xe0, 0xe7, 0xff))),
        &stroke_style(4.5),
        &DrawOptions {
            alpha: 0.5,
            ..DrawOptions::new()
        },
    );
    let dollar = Style::new(Face::Bold, 92.0);
    text::draw_aligned(
        &mut canvas,
        dollar,
        "$",
        cx,
        cy + dollar.cap_height() / 2.0,
        Align::Center,
        WHITE,
    );
    canvas.into_target()
}

/// The category mark in Stream Deck's sidebar: the coin as an outline with a dollar sign.
fn category_icon(px: u32) -> raqote::DrawTarget {
    let mut canvas = Canvas::new(px, 28.0);
    coin_outline(&mut canvas, 14.0, 14.0, 11.5, 2.2, 14.5);
    canvas.into_target()
}

fn coin_outline(canvas: &mut Canvas, cx: f32, cy: f32, r: f32, weight: f32, dollar_size: f32) {
    canvas.dt.stroke(
        &circle(cx, cy, r),
        &Source::Solid(solid(WHITE)),
        &stroke_style(weight),
        &DrawOptions::new(),
    );
    let style = Style::in_icon(Face::Bold, dollar_size);
    text::draw_aligned(
        canvas,
        style,
        "$",
        cx,
        cy + style.cap_height() / 2.0,
        Align::Center,
        WHITE,
    );
}

/// The action list's glyph for each action, white on transparent, on a 20-unit grid.
fn action_icon(icon: BundleIcon, px: u32) -> raqote::DrawTarget {
    let mut canvas = Canvas::new(px, 20.0);
    let weight = 1.8;
    let line = |canvas: &mut Canvas, points: &[(f32, f32)]| {
        let pb = outline(points);
        canvas.dt.stroke(
            &pb.finish(),
            &Source::Solid(solid(WHITE)),
            &stroke_style(weight),
            &DrawOptions::new(),
        );
    };
    match icon {
        BundleIcon::Coin => coin_outline(&mut canvas, 10.0, 10.0, 8.1, weight, 11.0),
        BundleIcon::Ranking => {
            for (i, length) in [14.0, 10.0, 6.0].into_iter().enumerate() {
                let y = 4.5 + 5.5 * i as f32;
                line(&mut canvas, &[(3.0, y), (3.0 + length, y)]);
            }
        }
        BundleIcon::Chart => {
            for (i, top) in [11.0, 7.5, 13.0, 4.0].into_iter().enumerate() {
                let x = 3.5 + 4.33 * i as f32;
                line(&mut canvas, &[(x, 16.5), (x, top)]);
            }
        }
        BundleIcon::Warning => {
            // The same warning triangle the Spike Alert tile shows.
            draw_icon(&mut canvas, Icon::Warning, 0.0, 0.0, 20.0, WHITE);
        }
        BundleIcon::Sun => {
            // A sun: a disc and eight short rays.
            canvas.dt.stroke(
                &circle(10.0, 10.0, 3.6),
                &Source::Solid(solid(WHITE)),
                &stroke_style(weight),
                &DrawOptions::new(),
            );
            for i in 0..8 {
                let a = i as f32 * PI / 4.0;
                let (dx, dy) = (a.cos(), a.sin());
                line(
                    &mut canvas,
                    &[
                        (10.0 + 6.2 * dx, 10.0 + 6.2 * dy),
                        (10.0 + 8.6 * dx, 10.0 + 8.6 * dy),
                    ],
                );
            }
        }
        BundleIcon::Gauge => {
            // A gauge: an outlined bar two thirds full, and the limit's mark at its end.
            let mut pb = PathBuilder::new();
            rounded_square_rect(&mut pb, 2.0, 6.5, 13.5, 7.0, 1.5);
            canvas.dt.stroke(
                &pb.finish(),
                &Source::Solid(solid(WHITE)),
                &stroke_style(1.4),
                &DrawOptions::new(),
            );
            let mut fill = PathBuilder::new();
            fill.rect(4.0, 8.5, 6.5, 3.0);
            canvas.dt.fill(
                &fill.finish(),
                &Source::Solid(solid(WHITE)),
                &DrawOptions::new(),
            );
            line(&mut canvas, &[(17.5, 3.5), (17.5, 16.5)]);
        }
    }
    canvas.into_target()
}

fn rounded_square(pb: &mut PathBuilder, x: f32, y: f32, side: f32, r: f32) {
    rounded_square_rect(pb, x, y, side, side, r);
}

fn rounded_square_rect(pb: &mut PathBuilder, x: f32, y: f32, w: f32, h: f32, r: f32) {
    let r = r.min(w / 2.0).min(h / 2.0);
    pb.move_to(x, y + r);
    pb.arc(x + r, y + r, r, PI, PI / 2.0);
    pb.line_to(x + w - r, y);
    pb.arc(x + w - r, y + r, r, -PI / 2.0, PI / 2.0);
    pb.line_to(x + w, y + h - r);
    pb.arc(x + w - r, y + h - r, r, 0.0, PI / 2.0);
    pb.line_to(x + r, y + h);
    pb.arc(x + r, y + h - r, r, PI / 2.0, PI / 2.0);
    pb.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_of(png: &[u8]) -> (u32, u32) {
        let decoder = png::Decoder::new(png);
        let reader = decoder.read_info().expect("a PNG");
        let info = reader.info();
        (info.width, info.height)
    }

    #[test]
    fn every_image_has_the_size_its_name_promises() {
        let dir = std::env::temp_dir().join(format!("openbalance-bundle-{}", std::process::id()));
        let written = write_bundle_images(&dir).expect("writes");
        assert_eq!(written.len(), 2 + 2 + 6 * Action::ALL.len());
        for path in &written {
            let rel = path.strip_prefix(&dir).expect("under dir");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let base = match rel.as_str() {
                "imgs/plugin/icon.png" | "imgs/plugin/icon@2x.png" => 256,
                "imgs/plugin/category.png" | "imgs/plugin/category@2x.png" => 28,
                r if r.ends_with("/icon.png") || r.ends_with("/icon@2x.png") => 20,
                r if r.ends_with("/key.png") || r.ends_with("/key@2x.png") => 72,
                // The dial's face in the Stream Deck app (the manifest's Encoder Icon).
                r if r.ends_with("/dial.png") || r.ends_with("/dial@2x.png") => 72,
                other => panic!("unexpected file {other}"),
            };
            let px = if rel.contains("@2x") { base * 2 } else { base };
            let bytes = std::fs::read(path).expect("readable");
            assert_eq!(size_of(&bytes), (px, px), "{rel}");
        }
        for action in Action::ALL.map(Action::slug) {
            for file in [
                "icon.png",
                "icon@2x.png",
                "key.png",
                "key@2x.png",
                "dial.png",
                "dial@2x.png",
            ] {
                assert!(dir.join("imgs/actions").join(action).join(file).is_file());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn monochrome_icons_are_white_on_transparent() {
        for image in bundle_images() {
            let monochrome = image.path.contains("category")
                || image.path.starts_with("imgs/actions/") && image.path.contains("/icon");
            if !monochrome {
                continue;
            }
            let decoder = png::Decoder::new(image.png.as_slice());
            let mut reader = decoder.read_info().expect("a PNG");
            let mut buf = vec![0; reader.output_buffer_size()];
            let frame = reader.next_frame(&mut buf).expect("decodes");
            assert_eq!(frame.color_type, png::ColorType::Rgba, "{}", image.path);
            let pixels = &buf[..frame.buffer_size()];
            let mut inked = 0;
            for p in pixels.chunks_exact(4) {
                if p[3] > 0 {
                    inked += 1;
                    assert!(
                        p[0] >= 250 && p[1] >= 250 && p[2] >= 250,
                        "{}: {p:?}",
                        image.path
                    );
                }
            }
            assert!(inked > 0, "{} is empty", image.path);
            assert!(
                pixels.chunks_exact(4).any(|p| p[3] == 0),
                "{} has no transparency",
                image.path
            );
        }
    }
}
