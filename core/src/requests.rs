//! Every HTTP request the core sends, in one table that records why it was sent, so an answer is
//! routed by its purpose and one that nobody waits for any more (cancelled, superseded, from a
//! forgotten key) is recognised as late.

use crate::event::FetchId;
use std::collections::BTreeMap;

/// Why a request was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// One of the two requests of a poll (`/credits`, `/activity`).
    Poll,
    /// `/key` for a key the Property Inspector sent.
    CheckCandidate,
    /// `/key` for the stored key, after an ambiguous 0/0 answer.
    ConfirmStored,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Requests {
    last: u64,
    open: BTreeMap<FetchId, Purpose>,
}

impl Requests {
    /// A new request id, recorded with its purpose.
    pub fn issue(&mut self, purpose: Purpose) -> FetchId {
        self.last += 1;
        let id = FetchId(self.last);
        self.open.insert(id, purpose);
        id
    }

    /// An answer arrived: what it was for, or `None` when nobody waits for it.
    pub fn take(&mut self, id: FetchId) -> Option<Purpose> {
        self.open.remove(&id)
    }

    /// No longer wanted; `true` when it was still open (the shell should then cancel it).
    pub fn cancel(&mut self, id: FetchId) -> bool {
        self.open.remove(&id).is_some()
    }

    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.open.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_each_answer_once_and_forgets_cancelled_ones() {
        let mut r = Requests::default();
        let poll = r.issue(Purpose::Poll);
        let check = r.issue(Purpose::CheckCandidate);
        assert_ne!(poll, check);
        assert!(r.cancel(check));
        assert!(!r.cancel(check));
        assert_eq!(r.take(check), None, "a cancelled request's answer is late");
        assert_eq!(r.take(poll), Some(Purpose::Poll));
        assert_eq!(r.take(poll), None, "a duplicate answer is late");
        assert_eq!(r.open(), 0);
    }
}
