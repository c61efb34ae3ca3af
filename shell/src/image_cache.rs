//! Which image each key shows now, so an identical redraw is not sent again. A tile redraws on
//! every poll and every page turn; most of the time nothing visible changed, and each `setImage`
//! is ~10 KB of base64 through Stream Deck.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

#[derive(Debug, Default)]
pub struct Images {
    shown: HashMap<String, u64>,
}

impl Images {
    /// Whether `png` differs from what `context` shows, remembering it as shown if so.
    pub fn changed(&mut self, context: &str, png: &[u8]) -> bool {
        let mut hasher = DefaultHasher::new();
        png.hash(&mut hasher);
        let digest = hasher.finish();
        match self.shown.get_mut(context) {
            Some(shown) if *shown == digest => false,
            Some(shown) => {
                *shown = digest;
                true
            }
            None => {
                self.shown.insert(context.to_owned(), digest);
                true
            }
        }
    }

    /// The key left the screen; when it comes back it must be drawn again.
    pub fn forget(&mut self, context: &str) {
        self.shown.remove(context);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_each_picture_once_per_key() {
        let mut images = Images::default();
        assert!(images.changed("a", b"one"));
        assert!(!images.changed("a", b"one"));
        assert!(images.changed("b", b"one"));
        assert!(images.changed("a", b"two"));
        images.forget("a");
        assert!(images.changed("a", b"two"));
    }
}
