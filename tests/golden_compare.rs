//! The comparison both golden-image tests share (`render_golden.rs` for keys, `strip_golden.rs`
//! for dials): each picture against its reference PNG under `tests/golden/`, tolerating the small
//! anti-aliasing differences a dependency update brings, not a moved or missing element.
//! `OPENBALANCE_BLESS=1` rewrites the references instead (look at them before committing).

use std::path::{Path, PathBuf};

pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

/// Straight RGBA pixels of a PNG (RGB gets an opaque alpha).
pub fn decode(png: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let decoder = png::Decoder::new(png);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let bytes = &buf[..frame.buffer_size()];
    let rgba = match (frame.color_type, frame.bit_depth) {
        (png::ColorType::Rgba, png::BitDepth::Eight) => bytes.to_vec(),
        (png::ColorType::Rgb, png::BitDepth::Eight) => bytes
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => return Err(format!("unexpected PNG format {other:?}")),
    };
    Ok((frame.width, frame.height, rgba))
}

/// Mean absolute channel difference, and the share of pixels with any channel off by more than 48.
pub fn difference(a: &[u8], b: &[u8]) -> (f64, f64) {
    let total: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    let far = a
        .chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
        .count();
    (
        total as f64 / a.len().max(1) as f64,
        far as f64 / (a.len() / 4).max(1) as f64,
    )
}

/// Compares (or, blessing, writes) every named PNG; the mismatches, one line each.
pub fn check(pictures: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<String> {
    let bless = std::env::var("OPENBALANCE_BLESS").is_ok_and(|v| v == "1");
    let dir = golden_dir();
    if bless {
        std::fs::create_dir_all(&dir).expect("create tests/golden");
    }
    let mut failures = Vec::new();
    for (name, png) in pictures {
        let path = dir.join(format!("{name}.png"));
        if bless {
            std::fs::write(&path, &png).expect("write golden");
            continue;
        }
        let Ok(reference) = std::fs::read(&path) else {
            failures.push(format!(
                "{name}: no reference at {} (run with OPENBALANCE_BLESS=1 to create it)",
                path.display()
            ));
            continue;
        };
        let (Ok(actual), Ok(expected)) = (decode(&png), decode(&reference)) else {
            failures.push(format!("{name}: does not decode"));
            continue;
        };
        if (actual.0, actual.1) != (expected.0, expected.1) {
            failures.push(format!(
                "{name}: size {:?} vs {:?}",
                (actual.0, actual.1),
                (expected.0, expected.1)
            ));
            continue;
        }
        let (mean, far) = difference(&actual.2, &expected.2);
        if mean >= 1.0 || far > 0.005 {
            let out = std::env::temp_dir().join(format!("openbalance-{name}.actual.png"));
            let _ = std::fs::write(&out, &png);
            failures.push(format!(
                "{name}: mean diff {mean:.3}, {:.2}% pixels far off; actual written to {}",
                far * 100.0,
                out.display()
            ));
        }
    }
    failures
}
