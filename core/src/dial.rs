//! The dials of a Stream Deck + (and + XL, Studio): which view each dial tile is turned to, whether
//! it is pushed in, and what its touch strip last showed.
//!
//! What the controls mean is decided here and in `plugin/controls.rs`, never in the shell:
//! - **rotate** steps through the tile's views ([`Stops`], laid out per action in `strip.rs`);
//!   turning while pushed in moves [`fast`] (a week a tick on Monthly Spend);
//! - **push** (a press and release without a turn) goes back to the tile's default view;
//! - **touch** does what a tap on a key does; a **long touch** what a 2-second hold does;
//! - a view turned away returns to the default after a quiet minute ([`QUIET_MS`], a deadline).
//!
//! A strip follows a turn at the display's pace: a dial turned fast (a flick sends a burst of
//! `dialRotate`, a host may flood them) gets at most one strip per [`STRIP_PACE_MS`], and the
//! strip of where it stopped always goes out when the pace allows (a deadline), so the last
//! view is never lost. Anything else that changes a strip (numbers, a push, the quiet minute)
//! draws it at once. Decided from event times: a replay draws exactly what the live run drew.

use crate::command::Command;
use crate::sent::Sent;
use crate::strip::StripView;
use crate::timestamp::{Timestamp, MINUTE_MS};
use std::collections::BTreeMap;

/// A dial left alone this long goes back to its default view.
pub const QUIET_MS: i64 = MINUTE_MS;

/// The least time between two strips a turn draws on one dial: about the touch strip's own
/// refresh (20 a second), far more than a person reads while turning, and it keeps a flick or a
/// flood from rendering and sending a 200×100 PNG per detent.
pub const STRIP_PACE_MS: i64 = 50;

pub use crate::event::MAX_TICKS;

/// How a tile's views line up under its dial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stops {
    /// A ring of `count` views (Balance's modes and periods, Today's day/week/month): turning
    /// goes round; the default is stop `home`.
    Ring { count: i32, home: i32 },
    /// A list of `len` entries (a ranking, the days of the month, the models behind a verdict),
    /// shown over the default view: the first tick lands on entry `entry` (the top of a ranking,
    /// the newest day), later ticks move along it and stop at either end.
    List { len: i32, entry: i32 },
    /// Nothing to turn through (no numbers yet).
    Nothing,
}

impl Stops {
    /// A list of `len` entries entered at its top (a ranking, the models behind a verdict, the
    /// account's limits); nothing to turn through while it is empty.
    pub fn from_top(len: usize) -> Stops {
        match i32::try_from(len) {
            Ok(0) => Stops::Nothing,
            Ok(len) => Stops::List { len, entry: 0 },
            Err(_) => Stops::List {
                len: i32::MAX,
                entry: 0,
            },
        }
    }

    /// Where `ticks` more take a dial standing at `at` (`None`: the default view).
    pub fn step(self, at: Option<i32>, ticks: i32) -> Option<i32> {
        let ticks = i64::from(ticks.clamp(-MAX_TICKS, MAX_TICKS));
        if ticks == 0 {
            return at;
        }
        match self {
            Stops::Nothing => at,
            Stops::Ring { count, home } if count > 0 => {
                let count = i64::from(count);
                let from = i64::from(at.unwrap_or(home));
                let to = (from + ticks).rem_euclid(count) as i32;
                (to != home).then_some(to)
            }
            Stops::List { len, entry } if len > 0 => {
                let last = i64::from(len) - 1;
                let to = match at {
                    None => i64::from(entry) + ticks - ticks.signum(),
                    Some(i) => i64::from(i).min(last) + ticks,
                };
                Some(to.clamp(0, last) as i32)
            }
            Stops::Ring { .. } | Stops::List { .. } => at,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dial {
    /// The view turned to; `None` is the tile's default view.
    pub at: Option<i32>,
    /// Pushed in (a `dialDown` and no `dialUp` yet).
    pressed: bool,
    /// Turned while pushed in: the release is the end of a turn, not a push.
    turned_pressed: bool,
    /// The strip last sent, so only changes are drawn.
    drawn: Sent<StripView>,
    /// When it was sent.
    drawn_at: Option<Timestamp>,
    /// When the dial was last turned: a change a turn makes is drawn at the pace.
    turned_at: Option<Timestamp>,
    /// When a strip a turn changed too soon goes out.
    due: Option<Timestamp>,
}

/// When a dial's strip, changed by a turn sooner than the pace allows, goes out (`None`:
/// nothing waits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paced {
    pub context: String,
    pub at: Option<Timestamp>,
}

/// Every dial tile on the deck, by context. A context is a dial when it appeared on an
/// `"Encoder"` controller; everything else is a key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dials {
    dials: BTreeMap<String, Dial>,
}

impl Dials {
    /// A dial tile (re)appeared: its default view, drawn afresh.
    pub fn place(&mut self, context: &str) {
        self.dials.insert(context.to_owned(), Dial::default());
    }

    pub fn forget(&mut self, context: &str) {
        self.dials.remove(context);
    }

    pub fn contains(&self, context: &str) -> bool {
        self.dials.contains_key(context)
    }

    pub fn at(&self, context: &str) -> Option<i32> {
        self.dials.get(context).and_then(|d| d.at)
    }

    pub fn is_pressed(&self, context: &str) -> bool {
        self.dials.get(context).is_some_and(|d| d.pressed)
    }

    /// Turns a dial at `now`; returns whether it now stands away from its default view.
    pub fn turn(
        &mut self,
        context: &str,
        ticks: i32,
        pressed: bool,
        stops: Stops,
        now: Timestamp,
    ) -> bool {
        let Some(dial) = self.dials.get_mut(context) else {
            return false;
        };
        dial.turned_at = Some(now);
        if pressed || dial.pressed {
            dial.turned_pressed = true;
        }
        dial.at = stops.step(dial.at, ticks);
        dial.at.is_some()
    }

    pub fn down(&mut self, context: &str) {
        if let Some(dial) = self.dials.get_mut(context) {
            dial.pressed = true;
            dial.turned_pressed = false;
        }
    }

    /// The dial came back up: `true` when that was a push (no turn while it was in).
    pub fn up(&mut self, context: &str) -> bool {
        match self.dials.get_mut(context) {
            Some(dial) if dial.pressed => {
                dial.pressed = false;
                !std::mem::take(&mut dial.turned_pressed)
            }
            // No dialDown seen (the plugin started mid-press): nothing to release.
            _ => false,
        }
    }

    /// Back to the default view (a push, or the quiet minute).
    pub fn home(&mut self, context: &str) {
        if let Some(dial) = self.dials.get_mut(context) {
            dial.at = None;
        }
    }

    /// `DrawStrip` for every dial whose strip changed, at `now`; and for each dial, when its
    /// strip is due if a turn changed it faster than [`STRIP_PACE_MS`] (`None`: nothing waits).
    pub fn redraw(
        &mut self,
        strips: BTreeMap<String, StripView>,
        now: Timestamp,
    ) -> (Vec<Command>, Vec<Paced>) {
        let mut out = Vec::new();
        let mut paced = Vec::new();
        for (context, view) in strips {
            let Some(dial) = self.dials.get_mut(&context) else {
                continue;
            };
            let turning = dial.turned_at == Some(now);
            if dial.drawn.differs(&view) {
                let since = dial.drawn_at.map(|t| now.since(t));
                match since.filter(|s| turning && (0..STRIP_PACE_MS).contains(s)) {
                    // Too soon after the last: it goes out when the pace allows.
                    Some(since) => dial.due = Some(now.plus_millis(STRIP_PACE_MS - since)),
                    None => {
                        dial.drawn.send(view.clone());
                        dial.drawn_at = Some(now);
                        dial.due = None;
                        out.push(Command::DrawStrip {
                            context: context.clone(),
                            view,
                        });
                    }
                }
            } else if !turning {
                // Back where it was drawn, and no turn under way: nothing waits.
                dial.due = None;
            }
            // (Turned back to what is drawn mid-burst, the deadline stays: no wake-up churn.)
            let at = dial.due;
            paced.push(Paced { context, at });
        }
        (out, paced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_ring_goes_round_and_home_is_the_default() {
        let ring = Stops::Ring { count: 8, home: 2 };
        assert_eq!(ring.step(None, 1), Some(3));
        assert_eq!(ring.step(None, -3), Some(7));
        assert_eq!(
            ring.step(Some(7), 3),
            None,
            "back at home is the default view"
        );
        assert_eq!(ring.step(None, 8), None);
        assert_eq!(ring.step(Some(5), 0), Some(5));
    }

    #[test]
    fn a_list_is_entered_at_its_start_and_stops_at_its_ends() {
        let ranking = Stops::List { len: 6, entry: 0 };
        assert_eq!(ranking.step(None, 1), Some(0), "the first tick lands on #1");
        assert_eq!(ranking.step(None, 3), Some(2));
        assert_eq!(ranking.step(None, -2), Some(0));
        assert_eq!(ranking.step(Some(4), 5), Some(5));
        assert_eq!(ranking.step(Some(9), -1), Some(4), "a shorter list since");
        let days = Stops::List { len: 30, entry: 29 };
        assert_eq!(
            days.step(None, -1),
            Some(29),
            "the first tick shows the newest day"
        );
        assert_eq!(days.step(None, -3), Some(27));
        assert_eq!(days.step(None, 1), Some(29));
        assert_eq!(days.step(Some(29), -7 * 5), Some(0));
        assert_eq!(Stops::List { len: 0, entry: 0 }.step(None, 1), None);
        assert_eq!(Stops::Nothing.step(None, 3), None);
    }

    #[test]
    fn a_push_is_a_press_without_a_turn() {
        let mut dials = Dials::default();
        dials.place("d");
        let list = Stops::List { len: 6, entry: 0 };
        let t = Timestamp(0);
        assert!(dials.turn("d", 2, false, list, t));
        dials.down("d");
        assert!(dials.up("d"), "pressed and released: a push");
        dials.down("d");
        dials.turn("d", 1, true, list, t);
        assert!(!dials.up("d"), "turned while pressed: not a push");
        assert!(!dials.up("d"), "a release without a press is nothing");
        assert!(!dials.up("other"));
        assert!(!dials.turn("other", 1, false, list, t));
    }

    proptest! {
        #[test]
        fn any_turn_stays_on_a_stop(at in prop::option::of(-50i32..50), ticks in any::<i32>(), count in 1i32..12, home in 0i32..12, len in 0i32..40, entry in 0i32..40) {
            if let Some(i) = (Stops::Ring { count, home: home.min(count - 1) }).step(at.map(|a| a.rem_euclid(count)), ticks) {
                prop_assert!((0..count).contains(&i));
            }
            if let Some(i) = (Stops::List { len, entry: entry.min(len.max(1) - 1) }).step(at, ticks) {
                prop_assert!(len == 0 && Some(i) == at || (0..len).contains(&i));
            }
        }
    }
}
