//! Every HTTP request the core sends, in one table that records why it was sent and for which
//! account, so an answer goes straight to the account that asked and to the part of it that waits
//! (its poller or its key machine), and one that nobody waits for any more (cancelled,
//! superseded, from a forgotten key) is recognised as late.

use crate::account_id::AccountId;
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
    /// Why each open request was sent, and whose it is once the plugin sends it.
    open: BTreeMap<FetchId, (Purpose, Option<AccountId>)>,
}

impl Requests {
    /// A new request id, recorded with its purpose.
    pub fn issue(&mut self, purpose: Purpose) -> FetchId {
        self.last += 1;
        let id = FetchId(self.last);
        self.open.insert(id, (purpose, None));
        id
    }

    /// The request goes out on behalf of this account (its machines issue ids without knowing
    /// whose they are; the plugin, sending the request, does).
    pub fn send_for(&mut self, id: FetchId, account: &AccountId) {
        if let Some((_, owner)) = self.open.get_mut(&id) {
            *owner = Some(account.clone());
        }
    }

    /// An answer arrived: what it was for and whose it is, or `None` when nobody waits for it.
    pub fn take(&mut self, id: FetchId) -> Option<(Purpose, AccountId)> {
        match self.open.remove(&id)? {
            (purpose, Some(account)) => Some((purpose, account)),
            (_, None) => None,
        }
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
        let work = AccountId::parse(Some("work")).unwrap();
        let poll = r.issue(Purpose::Poll);
        let check = r.issue(Purpose::CheckCandidate);
        r.send_for(poll, &work);
        r.send_for(check, &work);
        assert_ne!(poll, check);
        assert!(r.cancel(check));
        assert!(!r.cancel(check));
        assert_eq!(r.take(check), None, "a cancelled request's answer is late");
        assert_eq!(r.take(poll), Some((Purpose::Poll, work)));
        assert_eq!(r.take(poll), None, "a duplicate answer is late");
        assert_eq!(r.open(), 0);
    }
}
