//! PNG bytes from a draw target, small and fast enough to send a tile every second.

use raqote::DrawTarget;

/// Encodes the pixels as PNG: RGB when every pixel is opaque (every tile is), RGBA with the
/// premultiplication undone otherwise (the bundle's transparent icons).
///
/// Fast deflate with the Sub filter: tiles are flat colour plus text, where Sub already finds the
/// runs, and the default zlib level costs several times the whole render for a few hundred bytes.
pub fn encode_png(target: &DrawTarget) -> Vec<u8> {
    let width = u32::try_from(target.width()).unwrap_or(0);
    let height = u32::try_from(target.height()).unwrap_or(0);
    let data = target.get_data();
    let opaque = data.iter().all(|p| p >> 24 == 0xff);
    let (color, bytes) = if opaque {
        let mut rgb = Vec::with_capacity(data.len() * 3);
        for p in data {
            rgb.extend_from_slice(&[(p >> 16) as u8, (p >> 8) as u8, *p as u8]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        let mut rgba = Vec::with_capacity(data.len() * 4);
        for p in data {
            let a = p >> 24;
            let un = |c: u32| ((c & 0xff) * 255 + a / 2).checked_div(a).unwrap_or(0);
            rgba.extend_from_slice(&[
                un(p >> 16).min(255) as u8,
                un(p >> 8).min(255) as u8,
                un(*p).min(255) as u8,
                a as u8,
            ]);
        }
        (png::ColorType::Rgba, rgba)
    };
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&bytes));
    // Writing a correctly sized buffer into a Vec cannot fail; if it ever did, an empty answer
    // lets the caller keep the previous image instead of crashing the plugin.
    if written.is_err() {
        return Vec::new();
    }
    out
}
