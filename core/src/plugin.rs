//! The model and its one entry point, [`Plugin::update`]: fold an event, return commands.

use crate::account::Account;
use crate::action::{Action, KEYS_URL};
use crate::api_key::ApiKey;
use crate::command::{Command, KeyReport, KeyStatus, LogLevel};
use crate::event::{Event, EventKind, FetchId, PiMessage, TimerId};
use crate::key_state::{status_of, Candidate, Keys, Stage, Stored, Verdict};
use crate::openrouter::{ApiError, Endpoint, Fetched, KeyInfo};
use crate::poll::{Completed, PollStep, Poller, TimerCheck, POLL_INTERVAL_MS};
use crate::press::{Presses, Release};
use crate::settings::TileSettings;
use crate::spike::{assess, Severity, SpikeState};
use crate::tiles::{view, Display, Scene, Tile};
use crate::timestamp::{Timestamp, MINUTE_MS};
use crate::top_models::{page_count, rank};
use crate::view::TileView;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub const CYCLE_MS: i64 = MINUTE_MS;

#[derive(Debug, Clone, Default)]
pub struct Plugin {
    now: Timestamp,
    ids: u64,
    keys: Keys,
    poller: Poller,
    account: Account,
    /// Visible tiles by Stream Deck context, ordered so output order is deterministic.
    tiles: BTreeMap<String, Tile>,
    /// Open Property Inspectors: context → action UUID.
    inspectors: BTreeMap<String, String>,
    presses: Presses,
    /// Spike tiles acknowledged, then hidden (a page or folder switch) before the next poll: the
    /// acknowledgement holds until that poll, wherever the tile was.
    acknowledged_hidden: BTreeSet<String>,
    turns: u64,
    cycle_due: Option<Timestamp>,
    last_report: Option<KeyReport>,
}

/// Commands collected during one update.
type Out = Vec<Command>;

fn log(out: &mut Out, level: LogLevel, message: impl Into<String>) {
    out.push(Command::Log {
        level,
        message: message.into(),
    });
}

impl Plugin {
    pub fn new() -> Self {
        Plugin::default()
    }

    /// Folds one event into the model and returns what the shell must do, in order.
    pub fn update(&mut self, event: Event) -> Vec<Command> {
        self.now = event.at;
        let mut out = Vec::new();
        match event.event {
            EventKind::Started => {
                out.push(Command::GetGlobalSettings);
                log(&mut out, LogLevel::Info, "started");
            }
            EventKind::WillAppear {
                action,
                context,
                settings,
                controller,
            } => self.appear(&action, context, &settings, controller.as_deref(), &mut out),
            EventKind::WillDisappear { context, .. } => self.disappear(&context, &mut out),
            EventKind::KeyDown { context } => {
                if self.tiles.contains_key(&context) {
                    let at = self.presses.down(&context, self.now);
                    out.push(Command::StartTimer {
                        timer: TimerId::Hold { context },
                        at,
                    });
                }
            }
            EventKind::KeyUp { context } => match self.presses.up(&context, self.now) {
                Release::Tap => {
                    out.push(Command::CancelTimer {
                        timer: TimerId::Hold {
                            context: context.clone(),
                        },
                    });
                    self.tap(&context, &mut out);
                }
                Release::LateHold => {
                    out.push(Command::CancelTimer {
                        timer: TimerId::Hold {
                            context: context.clone(),
                        },
                    });
                    self.hold(&context, &mut out);
                }
                Release::EndOfHold | Release::Unmatched => {}
            },
            EventKind::DidReceiveSettings {
                action,
                context,
                settings,
            } => {
                if let Some(action) = Action::from_uuid(&action) {
                    if let Some(tile) = self.tiles.get_mut(&context) {
                        tile.settings = read_settings(action, &settings, &mut out);
                    }
                }
            }
            EventKind::DidReceiveGlobalSettings { key } => self.global_settings(key, &mut out),
            EventKind::PropertyInspectorDidAppear { action, context } => {
                self.inspectors.insert(context, action);
                // `settle` sends the status to every open inspector, this new one included.
                self.last_report = None;
            }
            EventKind::PropertyInspectorDidDisappear { context } => {
                self.inspectors.remove(&context);
            }
            EventKind::SendToPlugin {
                action,
                context,
                message,
            } => {
                self.inspectors.insert(context.clone(), action.clone());
                match message {
                    PiMessage::Connect { key } => self.connect(key, &mut out),
                    PiMessage::Disconnect => self.disconnect(&mut out),
                    PiMessage::Unknown { name } => log(
                        &mut out,
                        LogLevel::Warn,
                        format!("ignored Property Inspector message {name:?}"),
                    ),
                }
            }
            EventKind::SystemDidWakeUp => {
                log(&mut out, LogLevel::Info, "woke from sleep: refreshing");
                if self.wants_polling() {
                    self.start_poll(None, &mut out);
                }
            }
            EventKind::TimerFired { timer } => self.timer(timer, &mut out),
            EventKind::Fetched {
                id,
                endpoint,
                result,
            } => self.fetched(id, endpoint, result, &mut out),
        }
        self.settle(&mut out);
        out
    }

    /// The view each visible tile shows now, by context.
    pub fn views(&self) -> BTreeMap<String, TileView> {
        let scene = self.scene();
        self.tiles
            .iter()
            .map(|(ctx, tile)| (ctx.clone(), view(tile, &scene)))
            .collect()
    }

    fn appear(
        &mut self,
        action: &str,
        context: String,
        settings: &Value,
        controller: Option<&str>,
        out: &mut Out,
    ) {
        let Some(action) = Action::from_uuid(action) else {
            log(
                out,
                LogLevel::Warn,
                format!("ignored unknown action {:?}", truncate(action)),
            );
            return;
        };
        if let Some(other) = controller.filter(|c| *c != "Keypad") {
            log(
                out,
                LogLevel::Info,
                format!(
                    "{} placed on a {other:?} controller; drawn as a key",
                    action.uuid()
                ),
            );
        }
        let settings = read_settings(action, settings, out);
        let mut tile = Tile::new(action, settings);
        tile.acknowledged = self.acknowledged_hidden.remove(&context);
        self.tiles.insert(context, tile);
        self.ensure_polling(out);
    }

    fn disappear(&mut self, context: &str, out: &mut Out) {
        if self.tiles.remove(context).is_some_and(|t| t.acknowledged) {
            self.acknowledged_hidden.insert(context.to_owned());
        }
        if self.presses.forget(context) {
            out.push(Command::CancelTimer {
                timer: TimerId::Hold {
                    context: context.to_owned(),
                },
            });
        }
        if self.tiles.is_empty() {
            emit(self.poller.pause(), out);
        }
    }

    fn tap(&mut self, context: &str, out: &mut Out) {
        let Some(tile) = self.tiles.get(context) else {
            return;
        };
        let action = tile.action;
        if matches!(self.display(), Display::NoKey | Display::KeyProblem(_)) {
            out.push(Command::OpenUrl {
                url: KEYS_URL.to_owned(),
            });
            return;
        }
        match action.tap_url() {
            Some(url) => out.push(Command::OpenUrl {
                url: url.to_owned(),
            }),
            None if !matches!(self.display(), Display::Data) => {
                // Nothing on the tile to acknowledge: a check mark would say otherwise.
                out.push(Command::ShowAlert {
                    context: context.to_owned(),
                });
            }
            None => {
                let severity = self.severity_for(tile);
                if let Some(tile) = self.tiles.get_mut(context) {
                    if severity.is_some_and(|s| s > Severity::Normal) && !tile.acknowledged {
                        tile.acknowledged = true;
                        log(
                            out,
                            LogLevel::Info,
                            "spike acknowledged until the next poll",
                        );
                    }
                }
                out.push(Command::ShowOk {
                    context: context.to_owned(),
                });
            }
        }
    }

    fn hold(&mut self, context: &str, out: &mut Out) {
        if self.keys.for_polling().is_none() || !self.tiles.contains_key(context) {
            out.push(Command::ShowAlert {
                context: context.to_owned(),
            });
            return;
        }
        log(out, LogLevel::Info, "refresh forced by a 2-second hold");
        self.start_poll(Some(context), out);
    }

    fn timer(&mut self, timer: TimerId, out: &mut Out) {
        match timer {
            TimerId::Poll => match self.poller.timer_fired(self.now) {
                TimerCheck::Due if self.wants_polling() => self.start_poll(None, out),
                TimerCheck::Early(at) => out.push(Command::StartTimer {
                    timer: TimerId::Poll,
                    at,
                }),
                TimerCheck::Due | TimerCheck::Stale => {}
            },
            TimerId::Hold { context } => {
                if self.presses.hold_timer(&context, self.now) {
                    self.hold(&context, out);
                }
            }
            TimerId::Cycle => match self.cycle_due {
                Some(due) if self.now.since(due) >= -1000 => {
                    self.cycle_due = None;
                    self.turns = self.turns.wrapping_add(1);
                }
                // Early (the shell's clock moved): set it again, or the pages would stop turning.
                Some(at) => out.push(Command::StartTimer {
                    timer: TimerId::Cycle,
                    at,
                }),
                None => {}
            },
        }
    }

    fn global_settings(&mut self, key: Option<ApiKey>, out: &mut Out) {
        self.keys.known = true;
        match key {
            Some(key) if self.keys.is_stored(&key) => {}
            Some(key) if self.keys.candidate.as_ref().is_some_and(|c| c.key == key) => {}
            Some(key) => {
                log(out, LogLevel::Info, format!("using the key {key}"));
                self.forget_account(out);
                self.keys.stored = Some(Stored {
                    key,
                    verdict: Verdict::Unknown,
                });
                self.ensure_polling(out);
            }
            None => {
                if self.keys.stored.take().is_some() {
                    log(out, LogLevel::Info, "the stored key was removed");
                    self.forget_account(out);
                }
            }
        }
    }

    fn connect(&mut self, key: Option<ApiKey>, out: &mut Out) {
        // The sender shows "Checking…" until it hears back, even when the status is unchanged.
        self.last_report = None;
        let Some(key) = key else {
            log(
                out,
                LogLevel::Warn,
                "connect refused: that is not an OpenRouter key",
            );
            self.keys.refused = Some(KeyStatus::Rejected);
            return;
        };
        self.keys.refused = None;
        if self.keys.is_stored(&key) {
            log(
                out,
                LogLevel::Info,
                "connect with the key already stored: refreshing",
            );
            self.start_poll(None, out);
            return;
        }
        log(out, LogLevel::Info, format!("checking the new key {key}"));
        let id = self.next_id();
        out.push(Command::Fetch {
            id,
            endpoint: Endpoint::Key,
            key: key.clone(),
        });
        self.keys.candidate = Some(Candidate {
            key,
            stage: Stage::KeyCheck(id),
        });
    }

    fn disconnect(&mut self, out: &mut Out) {
        log(out, LogLevel::Info, "key disconnected");
        self.keys.stored = None;
        self.keys.candidate = None;
        self.keys.refused = None;
        self.keys.known = true;
        out.push(Command::ClearKey);
        self.forget_account(out);
    }

    /// Everything learnt with the old key belongs to its account: drop it.
    fn forget_account(&mut self, out: &mut Out) {
        self.account.clear();
        self.keys.confirming = None;
        emit(self.poller.reset(), out);
        self.acknowledged_hidden.clear();
        for tile in self.tiles.values_mut() {
            tile.acknowledged = false;
        }
    }

    fn fetched(
        &mut self,
        id: FetchId,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
        out: &mut Out,
    ) {
        if endpoint == Endpoint::Key {
            return self.key_checked(id, result, out);
        }
        match self.poller.answer(id, result) {
            Err(crate::poll::NotAwaited) => log(
                out,
                LogLevel::Info,
                format!("ignored a late answer from {}", endpoint.path()),
            ),
            Ok(None) => {}
            Ok(Some(completed)) => self.poll_completed(completed, out),
        }
    }

    fn key_checked(&mut self, id: FetchId, result: Result<Fetched, ApiError>, out: &mut Out) {
        let info = match result {
            Ok(Fetched::Key(info)) => Ok(info),
            Ok(_) => Err(ApiError::BadBody(crate::openrouter::BodyError::Shape {
                detail: "not a /key answer".into(),
            })),
            Err(e) => Err(e),
        };
        if self.keys.confirming == Some(id) {
            self.keys.confirming = None;
            match info {
                Ok(KeyInfo {
                    is_management_key: false,
                }) => {
                    log(
                        out,
                        LogLevel::Warn,
                        "the stored key is not a Management key (credits came back 0/0)",
                    );
                    self.account.trouble = Some(ApiError::NotManagementKey);
                    self.set_verdict(Verdict::Inference);
                }
                Ok(KeyInfo {
                    is_management_key: true,
                }) => self.set_verdict(Verdict::Management),
                // Unknown stays unknown: the next ambiguous poll asks again.
                Err(e) => log(
                    out,
                    LogLevel::Info,
                    format!("could not confirm the key type: {e}"),
                ),
            }
            return;
        }
        let Some(candidate) = self
            .keys
            .candidate
            .as_mut()
            .filter(|c| c.stage == Stage::KeyCheck(id))
        else {
            return log(out, LogLevel::Info, "ignored a late answer from /key");
        };
        match info {
            Ok(KeyInfo {
                is_management_key: false,
            })
            | Err(ApiError::NotManagementKey) => self.refuse(KeyStatus::NotManagementKey, out),
            Err(ApiError::KeyRejected) => self.refuse(KeyStatus::Rejected, out),
            Ok(KeyInfo {
                is_management_key: true,
            }) => {
                candidate.stage = Stage::FirstPoll { verified: true };
                self.start_fresh_poll(out);
            }
            Err(e) if matches!(e, ApiError::Offline | ApiError::Timeout) => {
                // Nothing can verify the key now; keep it rather than lose what was pasted.
                log(
                    out,
                    LogLevel::Warn,
                    format!("could not check the new key ({e}); keeping it and retrying"),
                );
                self.adopt_candidate(Verdict::Unknown, out);
                self.start_fresh_poll(out);
            }
            Err(e) => {
                // `/key` is unwell; the credits answer can still tell a Management key apart.
                log(
                    out,
                    LogLevel::Warn,
                    format!("/key failed ({e}); checking the key with /credits"),
                );
                candidate.stage = Stage::FirstPoll { verified: false };
                self.start_fresh_poll(out);
            }
        }
    }

    fn set_verdict(&mut self, verdict: Verdict) {
        if let Some(stored) = &mut self.keys.stored {
            stored.verdict = verdict;
        }
    }

    /// Drops the poll under way and starts one with the key now in use; keys held for the old
    /// poll wait for the new one.
    fn start_fresh_poll(&mut self, out: &mut Out) {
        let mut held = Vec::new();
        let mut steps = Vec::new();
        for step in self.poller.reset() {
            match step {
                PollStep::Abandoned(context) => held.push(context),
                other => steps.push(other),
            }
        }
        emit(steps, out);
        self.start_poll(None, out);
        if !self.poller.join(&held) {
            emit(held.into_iter().map(PollStep::Abandoned).collect(), out);
        }
    }

    fn refuse(&mut self, status: KeyStatus, out: &mut Out) {
        if let Some(candidate) = self.keys.candidate.take() {
            log(
                out,
                LogLevel::Warn,
                format!("the new key {} was refused: {status:?}", candidate.key),
            );
        }
        self.keys.refused = Some(status);
        // The stored key, if any, was never replaced: carry on with it.
        emit(self.poller.reset(), out);
        self.ensure_polling(out);
    }

    fn adopt_candidate(&mut self, verdict: Verdict, out: &mut Out) {
        if let Some(candidate) = self.keys.candidate.take() {
            log(
                out,
                LogLevel::Info,
                format!("stored the new key {}", candidate.key),
            );
            out.push(Command::StoreKey {
                key: candidate.key.clone(),
            });
            self.account.clear();
            self.keys.stored = Some(Stored {
                key: candidate.key,
                verdict,
            });
            self.keys.refused = None;
            self.keys.known = true;
        }
    }

    fn poll_completed(&mut self, completed: Completed, out: &mut Out) {
        // Every key held for this poll hears how it went, whichever way this function leaves.
        let good = completed.error().is_none();
        out.extend(completed.held_by.iter().cloned().map(|context| {
            if good {
                Command::ShowOk { context }
            } else {
                Command::ShowAlert { context }
            }
        }));
        let candidate_stage = self
            .keys
            .candidate
            .as_ref()
            .filter(|c| c.key == completed.key)
            .map(|c| c.stage);
        if let Some(stage) = candidate_stage {
            match &completed.credits {
                Err(ApiError::KeyRejected) => return self.refuse(KeyStatus::Rejected, out),
                Err(ApiError::NotManagementKey) => {
                    return self.refuse(KeyStatus::NotManagementKey, out)
                }
                _ => {
                    let verdict = match stage {
                        Stage::FirstPoll { verified: true } => Verdict::Management,
                        _ => Verdict::Unknown,
                    };
                    self.adopt_candidate(verdict, out);
                }
            }
        }
        if !self.keys.is_stored(&completed.key) {
            return log(
                out,
                LogLevel::Info,
                "ignored a poll for a key no longer in use",
            );
        }
        self.account.absorb(&completed, self.now);
        if let Ok(activity) = &completed.activity {
            if !activity.skipped.is_empty() {
                // Once per poll, with the reasons: the tiles show the other rows' numbers.
                log(
                    out,
                    LogLevel::Warn,
                    format!("/activity: {}", activity.skipped),
                );
            }
        }
        self.apply_verdict(&completed);
        match completed.error() {
            Some(_) => {
                // Each source on its own line: a partial failure is partial.
                let sources = [
                    (Endpoint::Credits, completed.credits.as_ref().err()),
                    (Endpoint::Activity, completed.activity.as_ref().err()),
                ];
                for (endpoint, error) in sources {
                    let line = match error {
                        Some(e) => format!("poll: {} failed: {e}", endpoint.path()),
                        None => format!("poll: {} ok", endpoint.path()),
                    };
                    log(out, LogLevel::Warn, line);
                }
            }
            None => log(out, LogLevel::Info, "poll ok"),
        }
        if good {
            self.keys.refused = None;
        }
        self.confirm_if_ambiguous(&completed, out);
        // "Until the next poll" means the next poll that brought numbers to re-evaluate.
        if completed.credits.is_ok() || completed.activity.is_ok() {
            self.acknowledged_hidden.clear();
            for tile in self.tiles.values_mut() {
                tile.acknowledged = false;
            }
            self.log_spikes(out);
        }
        let due = self.poller.schedule_after(&completed, self.now);
        if self.wants_polling() {
            out.push(Command::StartTimer {
                timer: TimerId::Poll,
                at: due,
            });
        } else {
            emit(self.poller.pause(), out);
        }
    }

    /// `/key` said "inference key" and the answers are still the empty ones that made us ask:
    /// keep saying so. Real numbers prove a Management key, whatever `/key` said.
    fn apply_verdict(&mut self, completed: &Completed) {
        let Some(stored) = &mut self.keys.stored else {
            return;
        };
        let has_numbers = completed.credits.as_ref().is_ok_and(|c| !c.is_all_zero())
            || completed
                .activity
                .as_ref()
                .is_ok_and(|activity| !activity.is_empty());
        if has_numbers {
            stored.verdict = Verdict::Management;
        } else if stored.verdict == Verdict::Inference && self.account.trouble.is_none() {
            self.account.trouble = Some(ApiError::NotManagementKey);
        }
    }

    /// Spike and Critical go to the log with the culprit's own ratio, which the tile leaves out.
    fn log_spikes(&self, out: &mut Out) {
        let Some(spend) = self.account.spend.as_ref() else {
            return;
        };
        let rate = self.account.usage.rate_per_day(self.now);
        let thresholds: BTreeSet<u64> = self
            .tiles
            .values()
            .filter(|t| t.action == Action::SpikeAlert)
            .map(|t| t.settings.threshold.to_bits())
            .collect();
        for threshold in thresholds.into_iter().map(f64::from_bits) {
            let Some(SpikeState::Assessed(a)) = assess(spend, rate, threshold) else {
                continue;
            };
            if a.severity == Severity::Normal {
                continue;
            }
            let culprit = match &a.culprit {
                Some(c) => match c.ratio {
                    Some(r) => format!("; {} rose most, {r:.1}× its own baseline", c.model),
                    None => format!("; {} rose most, new this week", c.model),
                },
                None => String::new(),
            };
            log(
                out,
                LogLevel::Warn,
                format!(
                    "spend {:?} at threshold {threshold}×: {:.1}× the daily baseline ({:?}){culprit}",
                    a.severity, a.ratio, a.source
                ),
            );
        }
    }

    /// A 200 with both totals zero comes from a new account or from an inference key; `/key` tells.
    fn confirm_if_ambiguous(&mut self, completed: &Completed, out: &mut Out) {
        let zero = completed.credits.as_ref().is_ok_and(|c| c.is_all_zero());
        let no_activity = completed
            .activity
            .as_ref()
            .is_ok_and(|activity| activity.is_empty());
        let unconfirmed = self
            .keys
            .stored
            .as_ref()
            .is_some_and(|s| s.verdict == Verdict::Unknown);
        if zero && no_activity && unconfirmed && self.keys.confirming.is_none() {
            let id = self.next_id();
            self.keys.confirming = Some(id);
            out.push(Command::Fetch {
                id,
                endpoint: Endpoint::Key,
                key: completed.key.clone(),
            });
        }
    }

    fn wants_polling(&self) -> bool {
        self.keys.for_polling().is_some() && !self.tiles.is_empty()
    }

    /// Polls now, or sets the timer when the data on hand is still fresh.
    fn ensure_polling(&mut self, out: &mut Out) {
        if !self.wants_polling() || self.poller.is_active() {
            return;
        }
        let fresh_until = self
            .poller
            .last_completed()
            .map(|t| t.plus_millis(POLL_INTERVAL_MS));
        match fresh_until {
            Some(at) if at > self.now && self.account.has_data() => {
                self.poller.schedule_at(at);
                out.push(Command::StartTimer {
                    timer: TimerId::Poll,
                    at,
                });
            }
            _ => self.start_poll(None, out),
        }
    }

    fn start_poll(&mut self, held_by: Option<&str>, out: &mut Out) {
        let Some(key) = self.keys.for_polling().cloned() else {
            return;
        };
        emit(
            self.poller.start(&key, self.now, &mut self.ids, held_by),
            out,
        );
    }
}

/// The poller's requests, as commands.
fn emit(steps: Vec<PollStep>, out: &mut Out) {
    out.extend(steps.into_iter().map(|step| match step {
        PollStep::Fetch(id, endpoint, key) => Command::Fetch { id, endpoint, key },
        PollStep::SetTimer(at) => Command::StartTimer {
            timer: TimerId::Poll,
            at,
        },
        PollStep::CancelTimer => Command::CancelTimer {
            timer: TimerId::Poll,
        },
        PollStep::Abandoned(context) => Command::ShowAlert { context },
    }));
}

impl Plugin {
    fn next_id(&mut self) -> FetchId {
        self.ids += 1;
        FetchId(self.ids)
    }

    fn health(&self) -> KeyStatus {
        match &self.account.trouble {
            Some(e) => status_of(e),
            None if !self.account.polled && self.poller.in_flight().is_some() => {
                KeyStatus::Checking
            }
            None => KeyStatus::Connected,
        }
    }

    fn report(&self) -> KeyReport {
        self.keys.report(self.health())
    }

    fn display(&self) -> Display<'_> {
        let keys = &self.keys;
        if keys.stored.is_none() {
            return if keys.candidate.is_some() {
                Display::Checking
            } else if let Some(status) = keys.refused {
                Display::KeyProblem(status)
            } else if keys.known {
                Display::NoKey
            } else {
                Display::Preparing
            };
        }
        match &self.account.trouble {
            Some(e) if e.is_key_problem() => Display::KeyProblem(status_of(e)),
            _ if self.account.has_data() => Display::Data,
            Some(e) => Display::Trouble(e),
            None if keys.candidate.is_some() => Display::Checking,
            None => Display::Preparing,
        }
    }

    fn scene(&self) -> Scene<'_> {
        Scene {
            display: self.display(),
            account: &self.account,
            now: self.now,
            turns: self.turns,
        }
    }

    fn severity_for(&self, tile: &Tile) -> Option<Severity> {
        let spend = self.account.spend.as_ref()?;
        match assess(
            spend,
            self.account.usage.rate_per_day(self.now),
            tile.settings.threshold,
        )? {
            SpikeState::Assessed(a) => Some(a.severity),
            SpikeState::GatheringBaseline { .. } => None,
        }
    }

    /// After every event: keep the cycle timer honest, draw what changed, tell open Property
    /// Inspectors when the key status changed.
    fn settle(&mut self, out: &mut Out) {
        let cycling = self.tiles.values().any(|t| t.action == Action::TopModels)
            && self
                .account
                .spend
                .as_ref()
                .is_some_and(|s| page_count(&rank(s)) > 1);
        match (cycling, self.cycle_due) {
            (true, None) => {
                let at = self.now.plus_millis(CYCLE_MS);
                self.cycle_due = Some(at);
                out.push(Command::StartTimer {
                    timer: TimerId::Cycle,
                    at,
                });
            }
            (false, Some(_)) => {
                self.cycle_due = None;
                out.push(Command::CancelTimer {
                    timer: TimerId::Cycle,
                });
            }
            _ => {}
        }
        let views = self.views();
        for (context, view) in views {
            if let Some(tile) = self.tiles.get_mut(&context) {
                if tile.drawn.as_ref() != Some(&view) {
                    tile.drawn = Some(view.clone());
                    out.push(Command::Draw { context, view });
                }
            }
        }
        let report = self.report();
        if self.last_report.as_ref() != Some(&report) {
            for (context, action) in &self.inspectors {
                out.push(Command::SendKeyStatus {
                    action: action.clone(),
                    context: context.clone(),
                    report: report.clone(),
                });
            }
            self.last_report = Some(report);
        }
    }
}

fn read_settings(action: Action, settings: &Value, out: &mut Out) -> TileSettings {
    let parsed = TileSettings::parse(action, settings);
    if !parsed.fallbacks.is_empty() {
        log(
            out,
            LogLevel::Warn,
            format!(
                "{}: bad {} setting; using the default",
                action.uuid(),
                parsed.fallbacks.join(", ")
            ),
        );
    }
    parsed.settings
}

fn truncate(text: &str) -> String {
    text.chars().take(80).collect()
}
