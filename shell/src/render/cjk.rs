//! The faces a glyph Inter lacks is drawn from: Noto Sans CJK Bold, cut to the characters the
//! catalogue uses in Japanese, Korean, Simplified and Traditional Chinese (`scripts/font-subset`;
//! about 107 kB for the four, see BENCHMARKS.md). One subset per language, each from its own
//! regional Noto face, because a Han character shared by Japanese and Chinese is drawn
//! differently in each; the person's language is asked first ([`prefer`]), the others after, so
//! a Japanese word in a Chinese session still draws.
//!
//! What no face has (an emoji in a key's name, a rare Han character in an account label) is the
//! replacement mark `text.rs` draws: an outlined box with a question mark, never an empty box.

use openbalance_core::lang::Lang;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The subsets, in the order of [`Lang`]'s East Asian languages: ja, ko, zh_CN, zh_TW. Each is
/// parsed the first time a text needs a glyph Inter lacks (`text.rs`).
pub(super) static FONTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/NotoSansCJKjp-Bold.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSansCJKkr-Bold.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSansCJKtc-Bold.subset.otf"),
];

/// Which subset is asked first: the person's language's (Japanese's until told).
static FIRST: AtomicUsize = AtomicUsize::new(0);

/// The subset of `lang`, if it is written with one.
pub fn face_of(lang: Lang) -> Option<usize> {
    match lang {
        Lang::Ja => Some(0),
        Lang::Ko => Some(1),
        Lang::ZhCn => Some(2),
        Lang::ZhTw => Some(3),
        _ => None,
    }
}

/// Draws shared Han characters the way `lang` writes them. The shell calls it once it knows the
/// person's language (the launch info); any language without a subset leaves the order as it is.
pub fn prefer(lang: Lang) {
    if let Some(face) = face_of(lang) {
        FIRST.store(face, Ordering::Relaxed);
    }
}

/// The subsets in the order they are asked: the preferred one, then the rest in order.
pub(super) fn order() -> [usize; 4] {
    let first = FIRST.load(Ordering::Relaxed) % FONTS.len();
    let mut out = [first; 4];
    let mut next = 1;
    for face in 0..FONTS.len() {
        if face != first {
            out[next] = face;
            next += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_persons_language_is_asked_first_then_the_others() {
        prefer(Lang::ZhTw);
        assert_eq!(order(), [3, 0, 1, 2]);
        prefer(Lang::De);
        assert_eq!(
            order(),
            [3, 0, 1, 2],
            "a language without a subset changes nothing"
        );
        prefer(Lang::Ko);
        assert_eq!(order(), [1, 0, 2, 3]);
        prefer(Lang::Ja);
        assert_eq!(order(), [0, 1, 2, 3]);
    }
}
