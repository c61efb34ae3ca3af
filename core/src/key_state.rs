//! The Management key's life: unknown until Stream Deck tells us, stored, being checked, or
//! refused — and what the Property Inspector may learn of it (never the key itself).

use crate::api_key::ApiKey;
use crate::command::{KeyReport, KeyStatus};
use crate::event::FetchId;
use crate::openrouter::ApiError;

#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub key: ApiKey,
    pub verdict: Verdict,
}

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

/// A key sent by the Property Inspector, verified before it replaces anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub key: ApiKey,
    pub stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for `/key`.
    KeyCheck(FetchId),
    /// Past `/key`; the first poll with it decides. `verified` when `/key` said it is a
    /// Management key (it may instead have failed, and then the credits answer decides alone).
    FirstPoll { verified: bool },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keys {
    /// Whether Stream Deck has told us the global settings yet.
    pub known: bool,
    pub stored: Option<Stored>,
    pub candidate: Option<Candidate>,
    /// Why the last key the Property Inspector sent was refused.
    pub refused: Option<KeyStatus>,
    /// A `/key` request confirming a stored key whose credits came back all zero.
    pub confirming: Option<FetchId>,
}

impl Keys {
    /// The key polls use: a candidate past its `/key` check, else the stored key.
    pub fn for_polling(&self) -> Option<&ApiKey> {
        match &self.candidate {
            Some(Candidate {
                key,
                stage: Stage::FirstPoll { .. },
            }) => Some(key),
            Some(Candidate {
                stage: Stage::KeyCheck(_),
                ..
            }) => None,
            None => self.stored.as_ref().map(|s| &s.key),
        }
    }

    pub fn is_stored(&self, key: &ApiKey) -> bool {
        self.stored.as_ref().is_some_and(|s| &s.key == key)
    }

    /// What the Property Inspector is told. `health` is the stored key's status from the polls.
    pub fn report(&self, health: KeyStatus) -> KeyReport {
        let stored_last4 = self
            .stored
            .as_ref()
            .map(|s| s.key.last4())
            .unwrap_or_default();
        let has_key = self.stored.is_some();
        if let Some(candidate) = &self.candidate {
            return KeyReport {
                has_key,
                last4: candidate.key.last4(),
                status: KeyStatus::Checking,
            };
        }
        if let Some(status) = self.refused {
            return KeyReport {
                has_key,
                last4: stored_last4,
                status,
            };
        }
        match &self.stored {
            None => KeyReport {
                has_key: false,
                last4: String::new(),
                status: KeyStatus::None,
            },
            Some(_) => KeyReport {
                has_key: true,
                last4: stored_last4,
                status: health,
            },
        }
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

    fn key(s: &str) -> ApiKey {
        ApiKey::new(s).unwrap()
    }

    #[test]
    fn reports_never_carry_more_than_last4() {
        let mut keys = Keys {
            known: true,
            ..Keys::default()
        };
        assert_eq!(keys.report(KeyStatus::Connected).status, KeyStatus::None);
        keys.stored = Some(Stored {
            key: key("sk-or-v1-aaaaaaaaaaaa1111"),
            verdict: Verdict::Management,
        });
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            (r.has_key, r.last4.as_str(), r.status),
            (true, "1111", KeyStatus::Connected)
        );
        keys.candidate = Some(Candidate {
            key: key("sk-or-v1-bbbbbbbbbbbb2222"),
            stage: Stage::FirstPoll { verified: true },
        });
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            (r.has_key, r.last4.as_str(), r.status),
            (true, "2222", KeyStatus::Checking)
        );
        assert_eq!(
            keys.for_polling().map(ApiKey::last4).as_deref(),
            Some("2222")
        );
        keys.candidate = None;
        keys.refused = Some(KeyStatus::NotManagementKey);
        let r = keys.report(KeyStatus::Connected);
        assert_eq!(
            (r.last4.as_str(), r.status),
            ("1111", KeyStatus::NotManagementKey)
        );
    }
}
