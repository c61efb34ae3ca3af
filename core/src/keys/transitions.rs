//! How the key machine moves: each transition (global settings read, connect, disconnect, a poll
//! starting or completed, a `/key` answer) changes [`Keys`] and returns the [`KeyStep`]s the
//! plugin carries out. What the machine answers about itself is in the parent module.

use super::{Candidate, KeyStep, Keys, Saved, Stage, Stored, Verdict};
use crate::api_key::ApiKey;
use crate::command::{KeyStatus, LogLevel};
use crate::event::FetchId;
use crate::openrouter::{ApiError, KeyInfo};
use crate::poll::Completed;
use crate::requests::{Purpose, Requests};

fn log(steps: &mut Vec<KeyStep>, level: LogLevel, message: impl Into<String>) {
    steps.push(KeyStep::Log(level, message.into()));
}

impl Keys {
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
