//! The seam to the renderer (`openbalance::render`, `openbalance::icons_bundle`), plus the PNG
//! encoding the preview's contact sheet needs.

use openbalance_core::{StripView, TileView};

pub use openbalance::icons_bundle::write_bundle_images;

/// Key images are 144×144: Stream Deck scales down for 72×72 keys, never up.
#[cfg(feature = "preview")]
pub const TILE_PX: u32 = 144;

/// A 144×144 PNG of the view.
pub fn render_png(view: &TileView) -> Vec<u8> {
    openbalance::render::render_png(view)
}

/// A 200×100 PNG of a dial's strip.
pub fn render_strip_png(view: &StripView) -> Vec<u8> {
    openbalance::render::render_strip_png(view)
}

/// PNG bytes from straight (not premultiplied) RGBA.
#[cfg(feature = "preview")]
pub fn encode_rgba(rgba: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(rgba));
    debug_assert!(
        written.is_ok(),
        "encoding a well-sized buffer to memory cannot fail"
    );
    out
}
