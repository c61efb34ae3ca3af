//! How often a tap may open a page. A tap on a key (or a touch on a dial's strip) opens the
//! tile's OpenRouter page in the browser; a flood of taps (a stuck key, a host replaying
//! events, a hand on the strip) would open a tab for each. One page a second per tile is more
//! than a hand asks for; the taps between do nothing. Decided from event times, so a replay
//! opens exactly what the live run opened.

use crate::timestamp::{Timestamp, SECOND_MS};
use std::collections::BTreeMap;

/// The least time between two pages opened from one tile.
pub const OPEN_EVERY_MS: i64 = SECOND_MS;

/// When each tile last opened a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Opens {
    last: BTreeMap<String, Timestamp>,
}

impl Opens {
    /// Whether a tap on `context` at `now` may open its page (and if so, it counts as opened).
    /// A clock that went back is no reason to open nothing.
    pub fn allow(&mut self, context: &str, now: Timestamp) -> bool {
        if let Some(at) = self.last.get(context) {
            if (0..OPEN_EVERY_MS).contains(&now.since(*at)) {
                return false;
            }
        }
        self.last.insert(context.to_owned(), now);
        true
    }

    /// The tile left the deck.
    pub fn forget(&mut self, context: &str) {
        self.last.remove(context);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_a_second_per_tile() {
        let mut opens = Opens::default();
        let t = Timestamp(1_000_000);
        assert!(opens.allow("a", t));
        assert!(!opens.allow("a", t));
        assert!(!opens.allow("a", t.plus_millis(999)));
        assert!(
            opens.allow("b", t.plus_millis(1)),
            "another tile is another hand"
        );
        assert!(opens.allow("a", t.plus_millis(1_000)));
        assert!(opens.allow("a", t), "the clock went back");
        opens.forget("a");
        assert!(opens.allow("a", t.plus_millis(1)));
    }
}
