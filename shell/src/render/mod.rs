//! Draws a [`TileView`] into pixels: the only place that knows fonts, sizes and positions.
//!
//! Everything is laid out on a 144-unit square (the key's native size on a Stream Deck MK.2) and
//! scaled to the target size, so the 72-pixel default key images of the bundle come from the same
//! code as the live 144-pixel tiles. Nothing in here panics on any view: texts are cut to fit,
//! heights are clamped, and a glyph no face has becomes a replacement mark (or nothing, for joiners).

mod badge;
pub mod cjk;
mod encode;
pub(crate) mod icons;
mod layout;
mod paint;
mod strip;
pub(crate) mod text;

use openbalance_core::view::Rgb;
use openbalance_core::TileView;
use raqote::{DrawOptions, DrawTarget, Path, Source, Transform};

pub use encode::encode_png;
pub use strip::{
    render_strip_pixels, render_strip_pixels_at, render_strip_png, STRIP_HEIGHT, STRIP_WIDTH,
};

/// Side of a Stream Deck key image, in pixels.
pub const TILE_PX: u32 = 144;

/// Side of the layout grid; every position and size in the layouts is in these units.
pub(crate) const UNITS: f32 = 144.0;

/// Largest image the renderer agrees to allocate; anything beyond is no key image.
const MAX_PX: u32 = 2048;

/// The view as a 144×144 PNG, ready for `setImage`.
pub fn render_png(view: &TileView) -> Vec<u8> {
    encode_png(&render_pixels(view))
}

/// The view as 144×144 premultiplied ARGB pixels, for tests and benchmarks that look at pixels.
pub fn render_pixels(view: &TileView) -> DrawTarget {
    render_pixels_at(view, TILE_PX)
}

/// The view drawn at `px`×`px` (clamped to 1..=2048), with the 144-pixel layout scaled to fit.
pub fn render_pixels_at(view: &TileView, px: u32) -> DrawTarget {
    let mut canvas = Canvas::new(px, UNITS);
    layout::draw_view(&mut canvas, view);
    canvas.dt
}

/// The smallest capitals of any text on the view as drawn, in units of the 144-unit image
/// (infinite when it has no text): the legibility tests hold this against the key's floor.
pub fn smallest_cap(view: &TileView) -> f32 {
    let mut canvas = Canvas::new(TILE_PX, UNITS);
    layout::draw_view(&mut canvas, view);
    canvas.smallest_cap
}

/// Every text drawn for the view, in the order drawn (a line each): to check that what the core
/// wrote was drawn whole.
pub fn drawn_texts(view: &TileView) -> Vec<String> {
    let mut canvas = Canvas::new(TILE_PX, UNITS);
    layout::draw_view(&mut canvas, view);
    canvas.drawn
}

/// Every text drawn on a dial's strip, in order.
pub fn drawn_strip_texts(view: &openbalance_core::StripView) -> Vec<String> {
    strip::drawn_texts(view)
}

/// How the top of a key is laid out, line by line, as text: `H:` a header line, `A:` the account
/// label (`A>` at the right of a header line), `B` the badge. For tests that check that no header
/// loses its period and no label its name.
pub fn top_lines(view: &TileView) -> Vec<String> {
    let grid = layout::Grid::of(view.size);
    let top = layout::Top::fit(&grid, view, view.background);
    top.lines
        .iter()
        .map(|line| {
            line.iter()
                .map(|mark| match mark {
                    layout::Mark::Header(t) => format!("H:{t}"),
                    layout::Mark::Account { text, right: true } => format!("A>{text}"),
                    layout::Mark::Account { text, right: false } => format!("A:{text}"),
                    layout::Mark::Badge => "B".to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// A caption for a picture on a contact sheet: `words` centred in a `width`×`height` box, in
/// `ink` on `background`, at the renderer's 12 px, on up to two lines (broken at hyphens), cut
/// with "…" when even that is too long.
pub fn caption(words: &str, width: u32, height: u32, ink: Rgb, background: Rgb) -> DrawTarget {
    let mut canvas = Canvas::sized(width, height, 1.0);
    canvas.fill_all(background);
    let style = text::Style::new(text::Face::Text, 12.0);
    let (style, lines) = text::wrap(style, words, width as f32 - 4.0, 12.0, 2);
    let pitch = style.line_height().round();
    let block = style.cap_height() + pitch * lines.len().saturating_sub(1) as f32;
    let mut baseline = ((height as f32 - block) / 2.0 + style.cap_height()).round();
    for line in &lines {
        text::draw_aligned(
            &mut canvas,
            style,
            line,
            width as f32 / 2.0,
            baseline,
            text::Align::Center,
            ink,
        );
        baseline += pitch;
    }
    canvas.into_target()
}

/// A draw target plus how many device pixels one layout unit is.
pub(crate) struct Canvas {
    pub(crate) dt: DrawTarget,
    pub(crate) scale: f32,
    /// The smallest cap height of any text drawn so far, in layout units (∞ before any): what
    /// the legibility tests read.
    pub(crate) smallest_cap: f32,
    /// Every text drawn, in order: what the tests read to know nothing was cut.
    pub(crate) drawn: Vec<String>,
}

impl Canvas {
    /// A transparent `px`×`px` canvas whose layout grid is `units` wide.
    pub(crate) fn new(px: u32, units: f32) -> Canvas {
        let px = px.clamp(1, MAX_PX);
        let side = i32::try_from(px).unwrap_or(TILE_PX as i32);
        let scale = if units > 0.0 { px as f32 / units } else { 1.0 };
        let mut canvas = Canvas {
            dt: DrawTarget::new(side, side),
            scale,
            smallest_cap: f32::INFINITY,
            drawn: Vec::new(),
        };
        canvas.reset_transform();
        canvas
    }

    /// A transparent `width`×`height` canvas (clamped to 1..=2048) at `scale` pixels per unit.
    pub(crate) fn sized(width: u32, height: u32, scale: f32) -> Canvas {
        let side = |px: u32| i32::try_from(px.clamp(1, MAX_PX)).unwrap_or(1);
        let mut canvas = Canvas {
            dt: DrawTarget::new(side(width), side(height)),
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
            smallest_cap: f32::INFINITY,
            drawn: Vec::new(),
        };
        canvas.reset_transform();
        canvas
    }

    pub(crate) fn into_target(self) -> DrawTarget {
        self.dt
    }

    /// Back to plain layout units after something drew with its own transform.
    pub(crate) fn reset_transform(&mut self) {
        let s = self.scale;
        self.dt
            .set_transform(&Transform::new(s, 0.0, 0.0, s, 0.0, 0.0));
    }

    pub(crate) fn fill_all(&mut self, color: Rgb) {
        self.dt.clear(icons::solid(color));
    }

    /// Fills a path given in layout units, at `alpha` opacity.
    pub(crate) fn fill(&mut self, path: &Path, color: Rgb, alpha: f32) {
        let options = DrawOptions {
            alpha: alpha.clamp(0.0, 1.0),
            ..DrawOptions::new()
        };
        self.dt
            .fill(path, &Source::Solid(icons::solid(color)), &options);
    }

    /// Source-over blends `color` at `coverage` (0..1) into one device pixel; off-canvas is a no-op.
    pub(crate) fn blend_pixel(&mut self, x: i32, y: i32, coverage: f32, color: Rgb) {
        let (w, h) = (self.dt.width(), self.dt.height());
        if x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        let a = (coverage.clamp(0.0, 1.0) * 255.0 + 0.5) as u32;
        if a == 0 {
            return;
        }
        let index = (y * w + x) as usize;
        let Some(pixel) = self.dt.get_data_mut().get_mut(index) else {
            return;
        };
        let inv = 255 - a;
        let d = *pixel;
        let channel =
            |src: u8, shift: u32| div255(u32::from(src) * a + ((d >> shift) & 0xff) * inv);
        let alpha = div255(255 * a + (d >> 24) * inv);
        *pixel = alpha << 24
            | channel(color.0, 16) << 16
            | channel(color.1, 8) << 8
            | channel(color.2, 0);
    }
}

/// `v / 255`, rounded, for `v` up to 255 × 255 × 2.
fn div255(v: u32) -> u32 {
    let v = v + 128;
    ((v + (v >> 8)) >> 8).min(255)
}

#[cfg(test)]
mod tests;
