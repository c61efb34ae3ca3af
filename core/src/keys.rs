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

use crate::api_key::ApiKey;
use crate::command::{KeyReport, KeyStatus, LogLevel};
use crate::event::FetchId;
use crate::openrouter::{ApiError, KeyInfo};
use crate::poll::Completed;
use crate::requests::{Purpose, Requests};

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

fn log(steps: &mut Vec<KeyStep>, level: LogLevel, message: impl Into<String>) {
    steps.push(KeyStep::Log(level, message.into()));
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

    /// Stream Deck told us what its global settings hold. `unusable` when a stored value was
    /// there but cannot be a key (it is dropped, and the log says so).
    pub fn global_settings(
        &mut self,
        stored: Option<ApiKey>,
        pending: Option<ApiKey>,
        unusable: bool,
        ids: &mut Requests,
    ) -> Vec<KeyStep> {
        let mut steps = Vec::new();
        if unusable {
            log(
                &mut steps,
                LogLevel::Warn,
                "the global settings hold a value that is not an OpenRouter key; ignoring it",
            );
        }
        match stored {
            Some(key) if self.is_stored(&key) => {}
            Some(key) => {
                log(&mut steps, LogLevel::Info, format!("using the key {key}"));
                steps.push(KeyStep::AccountChanged);
                self.saved = Saved::Stored(Stored {
                    key,
                    verdict: Verdict::Unknown,
                });
                steps.push(KeyStep::EnsurePolling);
            }
            None => {
                if self.stored().is_some() {
                    log(&mut steps, LogLevel::Info, "the stored key was removed");
                    steps.push(KeyStep::AccountChanged);
                }
                self.saved = Saved::Empty;
            }
        }
        let known = |key: &ApiKey| {
            self.is_stored(key) || self.candidate.as_ref().is_some_and(|c| &c.key == key)
        };
        if let Some(key) = pending.filter(|k| !known(k)) {
            // A key pasted before a restart, never proven: check it now.
            log(
                &mut steps,
                LogLevel::Info,
                format!("checking the key {key} that was waiting to be verified"),
            );
            self.begin_check(key, ids, &mut steps);
        } else if self.candidate.is_some() && self.stored().is_some() {
            steps.push(KeyStep::EnsurePolling);
        }
        steps
    }

    /// The Property Inspector sent a key (`None`: what it sent cannot be a key).
    pub fn connect(&mut self, key: Option<ApiKey>, ids: &mut Requests) -> Vec<KeyStep> {
        let mut steps = Vec::new();
        let Some(key) = key else {
            log(
                &mut steps,
                LogLevel::Warn,
                "connect refused: that is not an OpenRouter key",
            );
            self.refused = Some(KeyStatus::Rejected);
            return steps;
        };
        self.refused = None;
        if self.is_stored(&key) {
            log(
                &mut steps,
                LogLevel::Info,
                "connect with the key already stored: refreshing",
            );
            // Whatever was waiting beside it, the person chose the stored key.
            if self.drop_candidate(&mut steps) {
                self.save(&mut steps);
            }
            steps.push(KeyStep::PollNow);
            return steps;
        }
        // The same key already being checked: nothing new to do.
        if let Some(Candidate {
            stage: Stage::Checking(_) | Stage::FirstPoll { .. },
            ..
        }) = self.candidate.as_ref().filter(|c| c.key == key)
        {
            return steps;
        }
        log(
            &mut steps,
            LogLevel::Info,
            format!("checking the new key {key}"),
        );
        self.begin_check(key, ids, &mut steps);
        self.save(&mut steps);
        steps
    }

    pub fn disconnect(&mut self) -> Vec<KeyStep> {
        let mut steps = Vec::new();
        log(&mut steps, LogLevel::Info, "key disconnected");
        self.drop_candidate(&mut steps);
        self.saved = Saved::Empty;
        self.refused = None;
        self.confirming = None;
        self.save(&mut steps);
        steps.push(KeyStep::AccountChanged);
        steps
    }

    /// A poll is starting with the stored key: a candidate waiting beside it is checked again.
    pub fn poll_starting(&mut self, ids: &mut Requests) -> Vec<KeyStep> {
        let mut steps = Vec::new();
        let waiting = matches!(
            &self.candidate,
            Some(Candidate {
                stage: Stage::Waiting { .. },
                ..
            })
        );
        if waiting && self.stored().is_some() {
            if let Some(candidate) = self.candidate.take() {
                self.begin_check(candidate.key, ids, &mut steps);
            }
        }
        steps
    }

    /// A `/key` answer. `false` when no check of ours was waiting for it.
    pub fn key_checked(
        &mut self,
        id: FetchId,
        info: Result<KeyInfo, ApiError>,
    ) -> Option<Vec<KeyStep>> {
        let mut steps = Vec::new();
        if self.confirming == Some(id) {
            self.confirming = None;
            match info {
                Ok(KeyInfo {
                    is_management_key: false,
                }) => {
                    log(
                        &mut steps,
                        LogLevel::Warn,
                        "the stored key is not a Management key (credits came back 0/0)",
                    );
                    self.set_verdict(Verdict::Inference);
                }
                Ok(KeyInfo {
                    is_management_key: true,
                }) => self.set_verdict(Verdict::Management),
                // Unknown stays unknown: the next ambiguous poll asks again.
                Err(e) => log(
                    &mut steps,
                    LogLevel::Info,
                    format!("could not confirm the key type: {e}"),
                ),
            }
            return Some(steps);
        }
        let alone = self.stored().is_none();
        let candidate = self
            .candidate
            .as_mut()
            .filter(|c| c.stage == Stage::Checking(id))?;
        match info {
            Ok(KeyInfo {
                is_management_key: false,
            })
            | Err(ApiError::NotManagementKey) => {
                self.refuse(KeyStatus::NotManagementKey, &mut steps)
            }
            Err(ApiError::KeyRejected) => self.refuse(KeyStatus::Rejected, &mut steps),
            Ok(KeyInfo {
                is_management_key: true,
            }) => {
                candidate.stage = Stage::FirstPoll { verified: true };
                steps.push(KeyStep::PollNow);
            }
            Err(error @ (ApiError::Offline | ApiError::Timeout)) => {
                log(
                    &mut steps,
                    LogLevel::Warn,
                    if alone {
                        format!("could not check the new key ({error}); retrying")
                    } else {
                        format!(
                            "could not check the new key ({error}); keeping the current key and \
                             checking the new one again at the next poll"
                        )
                    },
                );
                candidate.stage = Stage::Waiting { error };
                // Alone, the candidate polls (and the poll's credits decide); beside a stored key
                // it waits for that key's next poll.
                steps.push(if alone {
                    KeyStep::PollNow
                } else {
                    KeyStep::EnsurePolling
                });
            }
            Err(error) => {
                // `/key` is unwell; the credits answer can still tell a Management key apart.
                log(
                    &mut steps,
                    LogLevel::Warn,
                    format!("/key failed ({error}); checking the key with /credits"),
                );
                candidate.stage = Stage::FirstPoll { verified: false };
                steps.push(KeyStep::PollNow);
            }
        }
        Some(steps)
    }

    /// A poll finished. A candidate it was made with is proven by good credits, refuted by a key
    /// problem, and otherwise waits. Returns `true` in `.1` when the poll's numbers belong to the
    /// stored key (after any adoption), so the plugin takes them in.
    pub fn poll_completed(&mut self, completed: &Completed) -> (Vec<KeyStep>, bool) {
        let mut steps = Vec::new();
        let ours = self
            .candidate
            .as_ref()
            .is_some_and(|c| c.key == completed.key);
        if ours {
            match &completed.credits {
                Err(ApiError::KeyRejected) => {
                    self.refuse(KeyStatus::Rejected, &mut steps);
                    return (steps, false);
                }
                Err(ApiError::NotManagementKey) => {
                    self.refuse(KeyStatus::NotManagementKey, &mut steps);
                    return (steps, false);
                }
                Ok(_) => self.adopt(&mut steps),
                Err(error) => {
                    log(
                        &mut steps,
                        LogLevel::Warn,
                        format!("could not check the new key ({error}); it waits"),
                    );
                    if let Some(candidate) = &mut self.candidate {
                        candidate.stage = Stage::Waiting {
                            error: error.clone(),
                        };
                    }
                    // Beside a stored key, carry on with it; alone, the back-off retries.
                    return (steps, false);
                }
            }
        }
        let stored = self.is_stored(&completed.key);
        if stored {
            if completed.error().is_none() {
                self.refused = None;
            }
            self.apply_numbers(completed);
        }
        (steps, stored)
    }

    /// Real numbers prove a Management key, whatever `/key` said.
    fn apply_numbers(&mut self, completed: &Completed) {
        let has_numbers = completed.credits.as_ref().is_ok_and(|c| !c.is_all_zero())
            || completed
                .activity
                .as_ref()
                .is_ok_and(|activity| !activity.is_empty());
        if has_numbers {
            self.set_verdict(Verdict::Management);
        }
    }

    /// `/key` said "inference key" and the answers are still the empty ones that made us ask.
    pub fn known_inference(&self) -> bool {
        self.verdict() == Some(Verdict::Inference)
    }

    /// A 200 with both totals zero and no activity comes from a new account or from an inference
    /// key; `/key` tells. Asks once per ambiguous stored key.
    pub fn confirm_if_ambiguous(
        &mut self,
        completed: &Completed,
        ids: &mut Requests,
    ) -> Vec<KeyStep> {
        let zero = completed.credits.as_ref().is_ok_and(|c| c.is_all_zero());
        let no_activity = completed
            .activity
            .as_ref()
            .is_ok_and(|activity| activity.is_empty());
        let unconfirmed = self.verdict() == Some(Verdict::Unknown);
        if !(zero && no_activity && unconfirmed && self.confirming.is_none()) {
            return Vec::new();
        }
        let Some(key) = self.stored_key().cloned() else {
            return Vec::new();
        };
        let id = ids.issue(Purpose::ConfirmStored);
        self.confirming = Some(id);
        vec![KeyStep::Check { id, key }]
    }

    /// The account was forgotten (a new key, no key): a confirmation under way is moot.
    pub fn forget_confirmation(&mut self) {
        self.confirming = None;
    }

    fn set_verdict(&mut self, verdict: Verdict) {
        if let Saved::Stored(stored) = &mut self.saved {
            stored.verdict = verdict;
        }
    }

    fn begin_check(&mut self, key: ApiKey, ids: &mut Requests, steps: &mut Vec<KeyStep>) {
        self.drop_candidate(steps);
        let id = ids.issue(Purpose::CheckCandidate);
        steps.push(KeyStep::Check {
            id,
            key: key.clone(),
        });
        self.candidate = Some(Candidate {
            key,
            stage: Stage::Checking(id),
        });
    }

    /// Forgets the candidate, cancelling its check; `true` when there was one.
    fn drop_candidate(&mut self, steps: &mut Vec<KeyStep>) -> bool {
        match self.candidate.take() {
            Some(candidate) => {
                if let Stage::Checking(id) = candidate.stage {
                    steps.push(KeyStep::CancelCheck(id));
                }
                true
            }
            None => false,
        }
    }

    fn save(&self, steps: &mut Vec<KeyStep>) {
        steps.push(KeyStep::Save {
            stored: self.stored_key().cloned(),
            pending: self.candidate.as_ref().map(|c| c.key.clone()),
        });
    }

    fn refuse(&mut self, status: KeyStatus, steps: &mut Vec<KeyStep>) {
        if let Some(candidate) = &self.candidate {
            log(
                steps,
                LogLevel::Warn,
                format!("the new key {} was refused: {status:?}", candidate.key),
            );
        }
        self.drop_candidate(steps);
        self.refused = Some(status);
        self.save(steps);
        // The stored key, if any, was never replaced: carry on with it.
        steps.push(KeyStep::ResumeStored);
    }

    fn adopt(&mut self, steps: &mut Vec<KeyStep>) {
        let Some(candidate) = self.candidate.take() else {
            return;
        };
        log(
            steps,
            LogLevel::Info,
            format!("stored the new key {}", candidate.key),
        );
        let verdict = match candidate.stage {
            Stage::FirstPoll { verified: true } => Verdict::Management,
            _ => Verdict::Unknown,
        };
        self.saved = Saved::Stored(Stored {
            key: candidate.key,
            verdict,
        });
        self.refused = None;
        self.confirming = None;
        self.save(steps);
        steps.push(KeyStep::AccountChanged);
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
    use crate::openrouter::{Activity, Credits};

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
