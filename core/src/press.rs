//! Tap or hold: a key that goes down starts a 2-second timer. If the timer fires while the key is
//! still down, that is a hold (it acts at once, while the finger is still on the key) and the
//! release does nothing; a release before that is a tap.

use crate::timestamp::{Timestamp, SECOND_MS};
use std::collections::BTreeMap;

pub const HOLD_MS: i64 = 2 * SECOND_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Press {
    down_at: Timestamp,
    held: bool,
}

/// What a key-up means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    Tap,
    /// The hold already acted; the release only ends it.
    EndOfHold,
    /// The hold timer is late (a busy machine), but the key was down for 2 s: a hold.
    LateHold,
    /// No key-down was seen (the plugin started mid-press): ignore.
    Unmatched,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Presses {
    down: BTreeMap<String, Press>,
}

impl Presses {
    /// Records a key-down; returns when the hold timer must fire.
    pub fn down(&mut self, context: &str, at: Timestamp) -> Timestamp {
        self.down.insert(
            context.to_owned(),
            Press {
                down_at: at,
                held: false,
            },
        );
        at.plus_millis(HOLD_MS)
    }

    pub fn up(&mut self, context: &str, at: Timestamp) -> Release {
        match self.down.remove(context) {
            None => Release::Unmatched,
            Some(p) if p.held => Release::EndOfHold,
            Some(p) if at.since(p.down_at) >= HOLD_MS => Release::LateHold,
            Some(_) => Release::Tap,
        }
    }

    /// The hold deadline came: `true` when the key is still down and this is a new hold. (The
    /// deadline table fires it only when due, and a new key-down moves it.)
    pub fn hold_timer(&mut self, context: &str) -> bool {
        match self.down.get_mut(context) {
            Some(p) if !p.held => {
                p.held = true;
                true
            }
            _ => false,
        }
    }

    pub fn forget(&mut self, context: &str) -> bool {
        self.down.remove(context).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tap_hold_and_late_hold() {
        let mut p = Presses::default();
        let t0 = Timestamp(1_000_000);
        assert_eq!(p.down("a", t0), t0.plus_millis(HOLD_MS));
        assert_eq!(p.up("a", t0.plus_millis(300)), Release::Tap);

        p.down("a", t0);
        assert!(p.hold_timer("a"));
        assert!(!p.hold_timer("a"), "a hold acts once");
        assert_eq!(p.up("a", t0.plus_millis(5000)), Release::EndOfHold);

        p.down("a", t0);
        assert_eq!(p.up("a", t0.plus_millis(HOLD_MS + 50)), Release::LateHold);
        assert_eq!(p.up("a", t0), Release::Unmatched);
        assert!(!p.hold_timer("a"), "a timer after release is stale");
    }
}
