//! Every deadline the core keeps, in one table (quinn-proto's timer table): one slot per kind,
//! [`Deadlines::next`] is the earliest, and a wake-up fires exactly the slots that are due. The
//! shell keeps a single timer for [`Deadlines::next`]; a wake-up that comes early finds nothing
//! due and costs nothing but a new wake-up for the same instant.

use crate::account_id::AccountId;
use crate::timestamp::Timestamp;
use std::collections::BTreeMap;

/// The one tolerance: a wake-up this much before a deadline still fires it (timers round to the
/// millisecond and the shell's clock is read a moment after its timer woke).
pub const EARLY_MS: i64 = 50;

/// What a deadline is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Deadline {
    /// Ask for the global settings again (Stream Deck has not answered).
    Settings,
    /// An account's next poll, or a retry after a failure.
    Poll(AccountId),
    /// The minute tick: Top Models' pages, a wait's countdown.
    Cycle,
    /// A key went down at this context: if it is still down, that is a hold.
    Hold(String),
    /// The dial at this context was turned away from its default view: after a quiet minute it
    /// goes back.
    Quiet(String),
    /// The dial at this context is turning faster than its strip is drawn: its strip goes out
    /// then, showing where the dial stands (`dial::STRIP_PACE_MS`).
    Strip(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deadlines {
    slots: BTreeMap<Deadline, Timestamp>,
}

impl Deadlines {
    /// Sets (or moves) a deadline.
    pub fn set(&mut self, deadline: Deadline, at: Timestamp) {
        self.slots.insert(deadline, at);
    }

    /// Sets a deadline unless it is already set for an earlier time.
    pub fn set_unless_sooner(&mut self, deadline: Deadline, at: Timestamp) {
        let slot = self.slots.entry(deadline).or_insert(at);
        *slot = (*slot).min(at);
    }

    pub fn clear(&mut self, deadline: &Deadline) {
        self.slots.remove(deadline);
    }

    pub fn get(&self, deadline: &Deadline) -> Option<Timestamp> {
        self.slots.get(deadline).copied()
    }

    /// When the shell must wake the core next.
    pub fn next(&self) -> Option<Timestamp> {
        self.slots.values().min().copied()
    }

    /// Removes and returns the deadlines due at `now`, earliest first.
    pub fn take_due(&mut self, now: Timestamp) -> Vec<Deadline> {
        let mut due: Vec<(Timestamp, Deadline)> = self
            .slots
            .iter()
            .filter(|(_, at)| now.since(**at) >= -EARLY_MS)
            .map(|(d, at)| (*at, d.clone()))
            .collect();
        due.sort();
        for (_, deadline) in &due {
            self.slots.remove(deadline);
        }
        due.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_what_is_due_earliest_first_and_nothing_early() {
        let mut d = Deadlines::default();
        d.set(Deadline::Poll(AccountId::default()), Timestamp(1_000));
        d.set(Deadline::Hold("a".into()), Timestamp(500));
        d.set(Deadline::Cycle, Timestamp(60_000));
        assert_eq!(d.next(), Some(Timestamp(500)));
        assert_eq!(
            d.take_due(Timestamp(400)),
            [],
            "an early wake-up fires nothing"
        );
        assert_eq!(d.next(), Some(Timestamp(500)), "and loses nothing");
        assert_eq!(
            d.take_due(Timestamp(1_000 - EARLY_MS)),
            [
                Deadline::Hold("a".into()),
                Deadline::Poll(AccountId::default())
            ]
        );
        assert_eq!(d.next(), Some(Timestamp(60_000)));
        d.set_unless_sooner(Deadline::Cycle, Timestamp(90_000));
        assert_eq!(d.get(&Deadline::Cycle), Some(Timestamp(60_000)));
        d.set_unless_sooner(Deadline::Cycle, Timestamp(30_000));
        assert_eq!(d.get(&Deadline::Cycle), Some(Timestamp(30_000)));
        d.clear(&Deadline::Cycle);
        assert_eq!(d.next(), None);
    }
}
