//! The seam to the renderer (`openbalance::render`, `openbalance::icons_bundle`).
//!
//! TEMPORARY: until the renderer lands this draws a flat tile in the view's background colour, so
//! the plugin and its tests run end to end. Swapping in the real renderer is a two-line change.

use openbalance_core::TileView;
use std::io;
use std::path::{Path, PathBuf};

pub const TILE_PX: u32 = 144;

/// A 144×144 PNG of the view.
pub fn render_png(view: &TileView) -> Vec<u8> {
    let rgb = view.background;
    let pixels: Vec<u8> = (0..TILE_PX * TILE_PX)
        .flat_map(|_| [rgb.0, rgb.1, rgb.2, 255])
        .collect();
    encode_rgba(&pixels, TILE_PX, TILE_PX)
}

/// The bundle's static images (plugin, category and action icons, key defaults).
pub fn write_bundle_images(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let _ = dir;
    Err(io::Error::other("the icon renderer has not landed yet"))
}

/// PNG bytes from straight (not premultiplied) RGBA.
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
