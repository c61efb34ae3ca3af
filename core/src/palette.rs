//! Colours by theme. Dark follows OpenRouter's own dark look; Light is for bright desks. Both keep
//! the meaning colours (green good, amber watch, red act) clear of the background.
//!
//! Red is kept for what needs acting on. A day's trend (yesterday spent more or less than the day
//! before) keeps the seed's meaning, red up and green down, in quieter tones of those colours
//! (`rise`, `fall`), so a Balance tile is not alarm red most mornings; an alarm fills the whole
//! tile with `alarm` and draws its texts in `on_alarm`, which no trend ever does.

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
    /// A trend up (spent more than the day before): red, quietened.
    pub rise: Rgb,
    /// A trend down: green, quietened.
    pub fall: Rgb,
    /// An alarm tile's fill.
    pub alarm: Rgb,
    /// Texts on the alarm fill: the answer, and the rest.
    pub on_alarm: Rgb,
    pub on_alarm_muted: Rgb,
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
    rise: Rgb(0xc9, 0x74, 0x78),
    fall: Rgb(0x5c, 0xb0, 0x80),
    alarm: Rgb(0xb9, 0x1c, 0x1c),
    on_alarm: Rgb(0xff, 0xff, 0xff),
    on_alarm_muted: Rgb(0xfe, 0xd7, 0xd7),
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
    rise: Rgb(0xa8, 0x4a, 0x50),
    fall: Rgb(0x3a, 0x78, 0x58),
    alarm: Rgb(0xc8, 0x1e, 0x1e),
    on_alarm: Rgb(0xff, 0xff, 0xff),
    on_alarm_muted: Rgb(0xfe, 0xe2, 0xe2),
};

pub fn palette(theme: Theme) -> &'static Palette {
    match theme {
        Theme::Dark => &DARK,
        Theme::Light => &LIGHT,
    }
}

/// WCAG contrast of two colours (1 to 21); 3:1 is the floor for large text, 4.5:1 for small.
/// The one measure of contrast: the palette's tests hold its colours to it, and the renderer picks
/// a badge's ink by it.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_reads_on_its_background() {
        for p in [DARK, LIGHT] {
            for c in [
                p.header, p.text, p.muted, p.good, p.warn, p.bad, p.accent, p.rise, p.fall,
            ] {
                assert!(
                    contrast(c, p.background) >= 3.0,
                    "{c:?} on {:?}: {}",
                    p.background,
                    contrast(c, p.background)
                );
            }
            assert!(contrast(p.text, p.background) >= 7.0);
            // The alarm's texts read on its fill as the tile's read on its background.
            assert!(contrast(p.on_alarm, p.alarm) >= 4.5);
            assert!(contrast(p.on_alarm_muted, p.alarm) >= 4.5);
        }
    }

    /// A trend is quieter than an alarm: nearer the grey of secondary text than red and green
    /// are, so red at full strength means only what needs acting on.
    #[test]
    fn trends_are_quieter_than_the_alarm_colours() {
        let chroma = |c: Rgb| {
            let (max, min) = (c.0.max(c.1).max(c.2), c.0.min(c.1).min(c.2));
            f64::from(max - min)
        };
        for p in [DARK, LIGHT] {
            assert!(chroma(p.rise) < 0.6 * chroma(p.bad), "{:?}", p.rise);
            assert!(chroma(p.fall) < 0.75 * chroma(p.good), "{:?}", p.fall);
            assert!(p.rise.0 > p.rise.1 && p.rise.0 > p.rise.2, "rise stays red");
            assert!(
                p.fall.1 > p.fall.0 && p.fall.1 > p.fall.2,
                "fall stays green"
            );
            // The fill is red at full strength, which nothing else on a tile is.
            assert!(chroma(p.alarm) >= 0.9 * chroma(p.bad), "{:?}", p.alarm);
        }
    }
}
