//! Colours by theme. Dark follows OpenRouter's own dark look; Light is for bright desks. Both keep
//! the meaning colours (green good, amber watch, red act) clear of the background.

use crate::settings::Theme;
use crate::view::Rgb;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub background: Rgb,
    pub header: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub good: Rgb,
    pub warn: Rgb,
    pub bad: Rgb,
    pub accent: Rgb,
}

pub const DARK: Palette = Palette {
    background: Rgb(0x11, 0x13, 0x18),
    header: Rgb(0x8b, 0x93, 0xa1),
    text: Rgb(0xf5, 0xf7, 0xfa),
    muted: Rgb(0x9a, 0xa3, 0xaf),
    good: Rgb(0x22, 0xc5, 0x5e),
    warn: Rgb(0xf5, 0x9e, 0x0b),
    bad: Rgb(0xef, 0x44, 0x44),
    accent: Rgb(0x81, 0x8c, 0xf8),
};

pub const LIGHT: Palette = Palette {
    background: Rgb(0xf5, 0xf6, 0xf8),
    header: Rgb(0x5b, 0x64, 0x72),
    text: Rgb(0x11, 0x18, 0x27),
    muted: Rgb(0x6b, 0x72, 0x80),
    good: Rgb(0x15, 0x80, 0x3d),
    warn: Rgb(0xb4, 0x53, 0x09),
    bad: Rgb(0xdc, 0x26, 0x26),
    accent: Rgb(0x4f, 0x46, 0xe5),
};

pub fn palette(theme: Theme) -> &'static Palette {
    match theme {
        Theme::Dark => &DARK,
        Theme::Light => &LIGHT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance contrast; 3:1 is the floor for large text.
    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let lum = |c: Rgb| {
            let ch = |v: u8| {
                let s = v as f64 / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_colour_reads_on_its_background() {
        for p in [DARK, LIGHT] {
            for c in [p.header, p.text, p.muted, p.good, p.warn, p.bad, p.accent] {
                assert!(
                    contrast(c, p.background) >= 3.0,
                    "{c:?} on {:?}: {}",
                    p.background,
                    contrast(c, p.background)
                );
            }
            assert!(contrast(p.text, p.background) >= 7.0);
        }
    }
}
