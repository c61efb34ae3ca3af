//! The Management key's life, as a sub-machine: what Stream Deck has stored, a key the Property
//! Inspector sent that is not yet proven, and what the Property Inspector may learn of them (never
//! the key itself). Its transitions — global settings read, connect, `/key` answered, poll
//! completed, disconnect — return [`KeyStep`]s for the plugin to carry out.
//!
//! The rule it keeps: **a key that worked is never lost to one that has not.** A pasted key waits
//! beside the stored one as a candidate, persisted as `pendingKey` so it survives a restart, until
//! `/key` or a poll with it proves it (it is then stored) or refutes it (it is dropped). While it
//! cannot be checked (OpenRouter unreachable), the stored key keeps polling and the candidate is
//! checked again at every poll.
//!
//! This file holds the machine's state and what it answers (its phase, the key polls use, the
//! Property Inspector's report); `transitions` holds how it moves.

use crate::api_key::ApiKey;
use crate::command::{KeyReport, KeyStatus, LogLevel};
use crate::event::FetchId;
use crate::openrouter::ApiError;

mod transitions;

/// What `/key` said about a key. It is kept with the key, because the ambiguous answer that made
/// us ask (credits 0/0, no activity) comes back at every poll and must not erase the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not asked, or `/key` could not answer.
    Unknown,
    Management,
    /// `is_management_key: false`.
    Inference,
}

#[derive(Debug, Clone, PartialEq)]
struct Stored {
    key: ApiKey,
    verdict: Verdict,
}

/// What Stream Deck's global settings hold, as far as we know.
#[derive(Debug, Clone, Default, PartialEq)]
enum Saved {
    /// Not told yet.
    #[default]
    Unread,
    Empty,
    Stored(Stored),
}

/// A key sent by the Property Inspector (or found pending at start), not yet proven.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    key: ApiKey,
    stage: Stage,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Waiting for `/key`.
    Checking(FetchId),
    /// Past `/key`; the next poll is made with it and decides. `verified` when `/key` said it is
    /// a Management key (it may instead have failed, and then the credits answer decides alone).
    FirstPoll { verified: bool },
    /// Nothing could answer for it (`error`); it waits and is checked again at the next poll.
    Waiting { error: ApiError },
}

/// What the key machine asks of the plugin.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyStep {
    /// Ask `/key` about `key`; the answer goes to [`Keys::key_checked`].
    Check {
        id: FetchId,
        key: ApiKey,
    },
    /// A check no longer wanted (a newer candidate, a disconnect): cancel the request.
    CancelCheck(FetchId),
    /// Write the global settings: the stored key and the candidate waiting beside it.
    Save {
        stored: Option<ApiKey>,
        pending: Option<ApiKey>,
    },
    /// The key in use now reads another account: forget what was learnt with the old one.
    AccountChanged,
    /// Drop any poll under way and poll now with the key now in use.
    PollNow,
    /// Drop any poll under way (it used a key no longer in play) and carry on with the stored key.
    ResumeStored,
    /// A key is usable: make sure polling runs.
    EnsurePolling,
    Log(LogLevel, String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keys {
    saved: Saved,
    candidate: Option<Candidate>,
    /// Why the last key the Property Inspector sent was refused.
    refused: Option<KeyStatus>,
    /// A `/key` request confirming a stored key whose credits came back all zero.
    confirming: Option<FetchId>,
}

/// What tiles show about the key, before any numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyPhase<'a> {
    /// Global settings not read yet.
    Unread,
    /// No key, nothing being checked.
    None,
    /// The last key sent was refused and nothing is stored.
    Refused(KeyStatus),
    /// No key stored; a candidate is being checked.
    Checking,
    /// No key stored; the candidate could not be checked for this reason.
    Waiting(&'a ApiError),
    /// A key is stored.
    Stored,
}

impl Keys {
    /// The key machine of an account just added: its settings are known, and hold no key yet.
    pub fn known_empty() -> Keys {
        Keys {
            saved: Saved::Empty,
            ..Keys::default()
        }
    }

    /// The candidate waiting to be proven, as the global settings keep it.
    pub fn pending_key(&self) -> Option<&ApiKey> {
        self.candidate.as_ref().map(|c| &c.key)
    }

    /// The `/key` requests still open (an account being removed cancels them).
    pub fn open_requests(&self) -> Vec<FetchId> {
        let checking = match &self.candidate {
            Some(Candidate {
                stage: Stage::Checking(id),
                ..
            }) => Some(*id),
            _ => None,
        };
        [checking, self.confirming].into_iter().flatten().collect()
    }

    fn stored(&self) -> Option<&Stored> {
        match &self.saved {
            Saved::Stored(stored) => Some(stored),
            Saved::Unread | Saved::Empty => None,
        }
    }

    pub fn stored_key(&self) -> Option<&ApiKey> {
        self.stored().map(|s| &s.key)
    }

    pub fn is_stored(&self, key: &ApiKey) -> bool {
        self.stored_key() == Some(key)
    }

    pub fn verdict(&self) -> Option<Verdict> {
        self.stored().map(|s| s.verdict)
    }

    /// The key polls use: a candidate the next poll decides (or the only key there is), else the
    /// stored key. A candidate waiting beside a stored key does not poll: the key that works does.
    pub fn for_polling(&self) -> Option<&ApiKey> {
        match (&self.candidate, self.stored()) {
            (
                Some(Candidate {
                    key,
                    stage: Stage::FirstPoll { .. },
                }),
                _,
            ) => Some(key),
            (
                Some(Candidate {
                    key,
                    stage: Stage::Waiting { .. },
                }),
                None,
            ) => Some(key),
            (_, stored) => stored.map(|s| &s.key),
        }
    }

    pub fn phase(&self) -> KeyPhase<'_> {
        if self.stored().is_some() {
            return KeyPhase::Stored;
        }
        match (&self.candidate, self.refused, &self.saved) {
            (
                Some(Candidate {
                    stage: Stage::Waiting { error },
                    ..
                }),
                _,
                _,
            ) => KeyPhase::Waiting(error),
            (Some(_), _, _) => KeyPhase::Checking,
            (None, Some(status), _) => KeyPhase::Refused(status),
            (None, None, Saved::Unread) => KeyPhase::Unread,
            (None, None, _) => KeyPhase::None,
        }
    }

    pub fn is_candidate(&self, key: &ApiKey) -> bool {
        self.candidate.as_ref().is_some_and(|c| &c.key == key)
    }

    pub fn has_candidate(&self) -> bool {
        self.candidate.is_some()
    }

    /// What the Property Inspector is told. `health` is the stored key's status from the polls.
    pub fn report(&self, health: KeyStatus) -> KeyReport {
        let stored_last4 = self.stored_key().map(ApiKey::last4).unwrap_or_default();
        let has_key = self.stored().is_some();
        if let Some(candidate) = &self.candidate {
            let status = match &candidate.stage {
                Stage::Waiting { error } => status_of(error),
                Stage::Checking(_) | Stage::FirstPoll { .. } => KeyStatus::Checking,
            };
            return KeyReport::new(has_key, candidate.key.last4(), status);
        }
        match (self.refused, has_key) {
            (Some(status), _) => KeyReport::new(has_key, stored_last4, status),
            (None, false) => KeyReport::new(false, String::new(), KeyStatus::None),
            (None, true) => KeyReport::new(true, stored_last4, health),
        }
    }

    /// `/key` said "inference key" and the answers are still the empty ones that made us ask.
    pub fn known_inference(&self) -> bool {
        self.verdict() == Some(Verdict::Inference)
    }
}

/// How an error reads as a key status.
pub fn status_of(error: &ApiError) -> KeyStatus {
    match error {
        ApiError::KeyRejected => KeyStatus::Rejected,
        ApiError::NotManagementKey => KeyStatus::NotManagementKey,
        ApiError::Offline | ApiError::Timeout => KeyStatus::Offline,
        ApiError::RateLimited { .. }
        | ApiError::Service { .. }
        | ApiError::UnexpectedStatus { .. }
        | ApiError::BadBody(_) => KeyStatus::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::{Activity, Credits, KeyInfo};
    use crate::poll::Completed;
    use crate::requests::Requests;

    const A: &str = "sk-or-v1-aaaaaaaaaaaa1111";
    const B: &str = "sk-or-v1-bbbbbbbbbbbb2222";

    fn key(s: &str) -> ApiKey {
        ApiKey::new(s).unwrap()
    }

    fn with_a() -> (Keys, Requests) {
        let mut keys = Keys::default();
        let mut ids = Requests::default();
        keys.global_settings(Some(key(A)), None, false, &mut ids);
        (keys, ids)
    }

    fn check_id(steps: &[KeyStep]) -> FetchId {
        steps
            .iter()
            .find_map(|s| match s {
                KeyStep::Check { id, .. } => Some(*id),
                _ => None,
            })
            .expect("a /key check")
    }

    fn saves(steps: &[KeyStep]) -> Vec<(Option<String>, Option<String>)> {
        steps
            .iter()
            .filter_map(|s| match s {
                KeyStep::Save { stored, pending } => Some((
                    stored.as_ref().map(ApiKey::last4),
                    pending.as_ref().map(ApiKey::last4),
                )),
                _ => None,
            })
            .collect()
    }

    fn poll(key_text: &str, credits: Result<Credits, ApiError>) -> Completed {
        Completed {
            key: key(key_text),
            credits,
            activity: Ok(Activity::default()),
            key_usage: None,
            held_by: Vec::new(),
        }
    }

    const SOME: Credits = Credits {
        total_credits: 10.0,
        total_usage: 1.0,
    };

    #[test]
    fn reports_never_carry_more_than_last4() {
        let (mut keys, mut ids) = with_a();
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            (r.has_key, r.last4.as_str(), r.status),
            (true, "1111", KeyStatus::Connected)
        );
        keys.connect(Some(key(B)), &mut ids);
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            (r.has_key, r.last4.as_str(), r.status),
            (true, "2222", KeyStatus::Checking)
        );
        keys.connect(None, &mut ids);
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            r.status,
            KeyStatus::Checking,
            "the candidate is still checked"
        );
    }

    #[test]
    fn an_unverifiable_key_waits_beside_the_working_one_and_is_then_refuted() {
        let (mut keys, mut ids) = with_a();
        let steps = keys.connect(Some(key(B)), &mut ids);
        assert_eq!(saves(&steps), [(Some("1111".into()), Some("2222".into()))]);
        let check = check_id(&steps);
        let steps = keys.key_checked(check, Err(ApiError::Offline)).unwrap();
        assert!(saves(&steps).is_empty(), "nothing replaces the stored key");
        assert_eq!(
            keys.for_polling().map(ApiKey::last4).as_deref(),
            Some("1111")
        );
        assert_eq!(keys.report(KeyStatus::Connected).status, KeyStatus::Offline);
        // The stored key's next poll checks the candidate again.
        let steps = keys.poll_starting(&mut ids);
        let again = check_id(&steps);
        assert_ne!(again, check);
        let steps = keys.key_checked(again, Err(ApiError::KeyRejected)).unwrap();
        assert_eq!(saves(&steps), [(Some("1111".into()), None)]);
        assert_eq!(
            keys.stored_key().map(ApiKey::last4).as_deref(),
            Some("1111")
        );
        assert_eq!(
            keys.report(KeyStatus::Connected).status,
            KeyStatus::Rejected
        );
    }

    #[test]
    fn a_candidate_is_stored_only_when_a_poll_with_it_gets_credits() {
        let mut keys = Keys::default();
        let mut ids = Requests::default();
        keys.global_settings(None, None, false, &mut ids);
        let check = check_id(&keys.connect(Some(key(B)), &mut ids));
        keys.key_checked(check, Err(ApiError::Timeout));
        assert_eq!(keys.phase(), KeyPhase::Waiting(&ApiError::Timeout));
        // Alone, it polls; a failed poll does not store it.
        assert_eq!(
            keys.for_polling().map(ApiKey::last4).as_deref(),
            Some("2222")
        );
        let (steps, stored) = keys.poll_completed(&poll(B, Err(ApiError::Offline)));
        assert!(!stored && saves(&steps).is_empty());
        assert_eq!(keys.stored_key(), None);
        let (steps, stored) = keys.poll_completed(&poll(B, Ok(SOME)));
        assert!(stored);
        assert_eq!(saves(&steps), [(Some("2222".into()), None)]);
        assert!(steps.contains(&KeyStep::AccountChanged));
    }

    #[test]
    fn a_pending_key_survives_a_restart_and_is_checked() {
        let mut keys = Keys::default();
        let mut ids = Requests::default();
        let steps = keys.global_settings(Some(key(A)), Some(key(B)), false, &mut ids);
        let check = check_id(&steps);
        assert_eq!(
            keys.for_polling().map(ApiKey::last4).as_deref(),
            Some("1111")
        );
        // The same settings again (a retried getGlobalSettings) change nothing.
        let again = keys.global_settings(Some(key(A)), Some(key(B)), false, &mut ids);
        assert!(again.iter().all(|s| !matches!(s, KeyStep::Check { .. })));
        let steps = keys
            .key_checked(
                check,
                Ok(KeyInfo {
                    is_management_key: true,
                }),
            )
            .unwrap();
        assert!(steps.contains(&KeyStep::PollNow));
        let (steps, _) = keys.poll_completed(&poll(B, Ok(SOME)));
        assert_eq!(saves(&steps), [(Some("2222".into()), None)]);
        assert_eq!(keys.verdict(), Some(Verdict::Management));
    }

    #[test]
    fn a_newer_candidate_cancels_the_older_check() {
        let (mut keys, mut ids) = with_a();
        let first = check_id(&keys.connect(Some(key(B)), &mut ids));
        let steps = keys.connect(Some(key("sk-or-v1-cccccccccccc3333")), &mut ids);
        assert!(steps.contains(&KeyStep::CancelCheck(first)));
        assert_eq!(
            keys.key_checked(first, Err(ApiError::KeyRejected)),
            None,
            "the cancelled check's late answer is ignored"
        );
        // Reconnecting the stored key drops the candidate and refreshes.
        let second = check_id(&steps);
        let steps = keys.connect(Some(key(A)), &mut ids);
        assert!(steps.contains(&KeyStep::CancelCheck(second)));
        assert!(steps.contains(&KeyStep::PollNow));
        assert_eq!(saves(&steps), [(Some("1111".into()), None)]);
    }

    #[test]
    fn disconnect_forgets_everything() {
        let (mut keys, mut ids) = with_a();
        let check = check_id(&keys.connect(Some(key(B)), &mut ids));
        let steps = keys.disconnect();
        assert!(steps.contains(&KeyStep::CancelCheck(check)));
        assert_eq!(saves(&steps), [(None, None)]);
        assert_eq!(keys.phase(), KeyPhase::None);
        assert_eq!(keys.for_polling(), None);
    }
}
