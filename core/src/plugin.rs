//! The model and its one entry point, [`Plugin::update`]: fold an event, return commands.

use crate::account::Account;
use crate::action::{Action, Tap, KEYS_URL};
use crate::api_key::ApiKey;
use crate::command::{Command, KeyReport, KeyStatus, LogLevel};
use crate::event::{Event, EventKind, FetchId, PiMessage, TimerId};
use crate::keys::{status_of, KeyPhase, KeyStep, Keys};
use crate::openrouter::{ApiError, Endpoint, Fetched};
use crate::poll::{Completed, PollStep, Poller, TimerCheck, POLL_INTERVAL_MS};
use crate::press::{Presses, Release};
use crate::requests::{Purpose, Requests};
use crate::settings::TileSettings;
use crate::spike::{assess, Severity, SpikeState};
use crate::tiles::{view, Display, Scene, Tile};
use crate::timestamp::{Timestamp, MINUTE_MS, SECOND_MS};
use crate::top_models::{page_count, rank};
use crate::view::TileView;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub const CYCLE_MS: i64 = MINUTE_MS;

#[derive(Debug, Clone, Default)]
pub struct Plugin {
    now: Timestamp,
    requests: Requests,
    keys: Keys,
    poller: Poller,
    account: Account,
    /// Visible tiles by Stream Deck context, ordered so output order is deterministic.
    tiles: BTreeMap<String, Tile>,
    /// The open Property Inspector (context, action UUID). Stream Deck shows one at a time, so
    /// one that appears replaces the last: key status goes only where someone can read it.
    inspector: Option<(String, String)>,
    presses: Presses,
    /// Spike tiles acknowledged, then hidden (a page or folder switch) before the next poll: the
    /// acknowledgement holds until that poll, wherever the tile was.
    acknowledged_hidden: BTreeSet<String>,
    turns: u64,
    cycle_due: Option<Timestamp>,
    last_report: Option<KeyReport>,
    /// How many times `getGlobalSettings` was sent without an answer.
    settings_asks: u32,
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
                self.settings_asks = 0;
                self.ask_for_settings(&mut out);
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
            EventKind::DidReceiveGlobalSettings {
                key,
                pending,
                unusable,
            } => self.global_settings(key, pending, unusable, &mut out),
            EventKind::PropertyInspectorDidAppear { action, context } => {
                self.inspector = Some((context, action));
                // `settle` sends the status to the inspector that just opened.
                self.last_report = None;
            }
            EventKind::PropertyInspectorDidDisappear { context } => {
                if self.inspector.as_ref().is_some_and(|(c, _)| *c == context) {
                    self.inspector = None;
                }
            }
            EventKind::SendToPlugin {
                action,
                context,
                message,
            } => {
                // Only an open inspector sends; it is the one to answer.
                if self.inspector.as_ref().is_none_or(|(c, _)| *c != context) {
                    self.inspector = Some((context.clone(), action.clone()));
                    self.last_report = None;
                }
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
            let steps = self.poller.pause();
            self.emit(steps, out);
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
        match action.descriptor().tap {
            Tap::Open(url) => out.push(Command::OpenUrl {
                url: url.to_owned(),
            }),
            Tap::Acknowledge if !matches!(self.display(), Display::Data) => {
                // Nothing on the tile to acknowledge: a check mark would say otherwise.
                out.push(Command::ShowAlert {
                    context: context.to_owned(),
                });
            }
            Tap::Acknowledge => {
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
        if let Some(until) = self.poller.waiting_until(self.now) {
            log(
                out,
                LogLevel::Info,
                format!(
                    "hold: OpenRouter asked us to wait {} s more; not polling before then",
                    until.since(self.now) / 1000
                ),
            );
        } else {
            log(out, LogLevel::Info, "refresh forced by a 2-second hold");
        }
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
            TimerId::Settings => {
                if self.keys.phase() == KeyPhase::Unread {
                    log(
                        out,
                        LogLevel::Warn,
                        "Stream Deck has not sent the global settings; asking again",
                    );
                    self.ask_for_settings(out);
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

    /// `getGlobalSettings`, asked again after 5, 10, 20, 40, then every 60 s until answered: an
    /// unanswered request would leave every tile "Preparing…" for good.
    fn ask_for_settings(&mut self, out: &mut Out) {
        out.push(Command::GetGlobalSettings);
        let wait = ((5 * SECOND_MS) << self.settings_asks.min(4)).min(MINUTE_MS);
        self.settings_asks = self.settings_asks.saturating_add(1);
        out.push(Command::StartTimer {
            timer: TimerId::Settings,
            at: self.now.plus_millis(wait),
        });
    }

    fn global_settings(
        &mut self,
        key: Option<ApiKey>,
        pending: Option<ApiKey>,
        unusable: bool,
        out: &mut Out,
    ) {
        if self.keys.phase() == KeyPhase::Unread {
            out.push(Command::CancelTimer {
                timer: TimerId::Settings,
            });
        }
        let steps = self
            .keys
            .global_settings(key, pending, unusable, &mut self.requests);
        self.run_key_steps(steps, out);
    }

    fn connect(&mut self, key: Option<ApiKey>, out: &mut Out) {
        // The sender shows "Checking…" until it hears back, even when the status is unchanged.
        self.last_report = None;
        let steps = self.keys.connect(key, &mut self.requests);
        self.run_key_steps(steps, out);
    }

    fn disconnect(&mut self, out: &mut Out) {
        let steps = self.keys.disconnect();
        self.run_key_steps(steps, out);
    }

    /// Carries out what the key machine asked, in order.
    fn run_key_steps(&mut self, steps: Vec<KeyStep>, out: &mut Out) {
        for step in steps {
            match step {
                KeyStep::Check { id, key } => out.push(Command::Fetch {
                    id,
                    endpoint: Endpoint::Key,
                    key,
                }),
                KeyStep::CancelCheck(id) => {
                    if self.requests.cancel(id) {
                        out.push(Command::CancelFetch { id });
                    }
                }
                KeyStep::Save {
                    stored: None,
                    pending: None,
                } => out.push(Command::ClearKey),
                KeyStep::Save { stored, pending } => out.push(Command::StoreKey {
                    key: stored,
                    pending,
                }),
                KeyStep::AccountChanged => self.forget_account(out),
                KeyStep::PollNow => self.start_fresh_poll(out),
                KeyStep::ResumeStored => {
                    let steps = self.poller.reset();
                    self.emit(steps, out);
                    self.ensure_polling(out);
                }
                KeyStep::EnsurePolling => self.ensure_polling(out),
                KeyStep::Log(level, message) => log(out, level, message),
            }
        }
        self.mark_inference_key();
    }

    /// `/key` said "inference key" and the answers are still the empty ones that made us ask:
    /// keep saying so.
    fn mark_inference_key(&mut self) {
        if self.keys.known_inference() && self.account.trouble.is_none() {
            self.account.trouble = Some(ApiError::NotManagementKey);
        }
    }

    /// Everything learnt with the old key belongs to its account: drop it.
    fn forget_account(&mut self, out: &mut Out) {
        self.account.clear();
        self.keys.forget_confirmation();
        let steps = self.poller.reset();
        self.emit(steps, out);
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
        let late = |out: &mut Out| {
            log(
                out,
                LogLevel::Info,
                format!("ignored a late answer from {}", endpoint.path()),
            )
        };
        // The request table says what the answer is for.
        match self.requests.take(id) {
            None => late(out),
            Some(Purpose::CheckCandidate | Purpose::ConfirmStored) => {
                let info = match result {
                    Ok(Fetched::Key(info)) => Ok(info),
                    Ok(_) => Err(ApiError::BadBody(crate::openrouter::BodyError::Shape {
                        detail: "not a /key answer".into(),
                    })),
                    Err(e) => Err(e),
                };
                match self.keys.key_checked(id, info) {
                    Some(steps) => self.run_key_steps(steps, out),
                    None => late(out),
                }
            }
            Some(Purpose::Poll) => match self.poller.answer(id, result) {
                Err(crate::poll::NotAwaited) => late(out),
                Ok(None) => {}
                Ok(Some(completed)) => self.poll_completed(completed, out),
            },
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
        self.emit(steps, out);
        self.start_poll(None, out);
        if !self.poller.join(&held) {
            self.emit(held.into_iter().map(PollStep::Abandoned).collect(), out);
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
        let (steps, ours) = self.keys.poll_completed(&completed);
        let refused = steps.contains(&KeyStep::ResumeStored);
        self.run_key_steps(steps, out);
        if refused {
            return;
        }
        if !ours {
            // A candidate that could not be checked waits (and the back-off retries it).
            if !self.keys.is_candidate(&completed.key) {
                log(
                    out,
                    LogLevel::Info,
                    "ignored a poll for a key no longer in use",
                );
            }
            return self.schedule_next_poll(&completed, out);
        }
        self.account.absorb(&completed, self.now);
        self.mark_inference_key();
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
        let steps = self
            .keys
            .confirm_if_ambiguous(&completed, &mut self.requests);
        self.run_key_steps(steps, out);
        // "Until the next poll" means the next poll that brought numbers to re-evaluate.
        if completed.credits.is_ok() || completed.activity.is_ok() {
            self.acknowledged_hidden.clear();
            for tile in self.tiles.values_mut() {
                tile.acknowledged = false;
            }
            self.log_spikes(out);
        }
        self.schedule_next_poll(&completed, out);
    }

    fn schedule_next_poll(&mut self, completed: &Completed, out: &mut Out) {
        if self.poller.is_active() {
            return;
        }
        let due = self.poller.schedule_after(completed, self.now);
        if self.wants_polling() {
            out.push(Command::StartTimer {
                timer: TimerId::Poll,
                at: due,
            });
        } else {
            let steps = self.poller.pause();
            self.emit(steps, out);
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
        if self.poller.in_flight().is_none() && self.poller.waiting_until(self.now).is_none() {
            let steps = self.keys.poll_starting(&mut self.requests);
            self.run_key_steps(steps, out);
        }
        let steps = self
            .poller
            .start(&key, self.now, &mut self.requests, held_by);
        self.emit(steps, out);
    }
}

impl Plugin {
    /// The poller's steps, as commands.
    fn emit(&mut self, steps: Vec<PollStep>, out: &mut Out) {
        for step in steps {
            out.push(match step {
                PollStep::Fetch(id, endpoint, key) => Command::Fetch { id, endpoint, key },
                PollStep::SetTimer(at) => Command::StartTimer {
                    timer: TimerId::Poll,
                    at,
                },
                PollStep::CancelTimer => Command::CancelTimer {
                    timer: TimerId::Poll,
                },
                PollStep::Abandoned(context) => Command::ShowAlert { context },
                PollStep::Cancel(id) => {
                    if !self.requests.cancel(id) {
                        continue;
                    }
                    Command::CancelFetch { id }
                }
            });
        }
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
        match self.keys.phase() {
            KeyPhase::Unread => Display::Preparing,
            KeyPhase::None => Display::NoKey,
            KeyPhase::Refused(status) => Display::KeyProblem(status),
            KeyPhase::Checking => Display::Checking,
            KeyPhase::Waiting(error) => Display::Trouble(error),
            KeyPhase::Stored => match &self.account.trouble {
                Some(e) if e.is_key_problem() => Display::KeyProblem(status_of(e)),
                _ if self.account.has_data() => Display::Data,
                Some(e) => Display::Trouble(e),
                None if self.keys.has_candidate() => Display::Checking,
                None => Display::Preparing,
            },
        }
    }

    fn scene(&self) -> Scene<'_> {
        Scene {
            display: self.display(),
            account: &self.account,
            now: self.now,
            turns: self.turns,
            retry_in_ms: self
                .poller
                .waiting_until(self.now)
                .map(|t| t.since(self.now)),
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
        // The minute tick turns Top Models' pages, and counts down a wait OpenRouter imposed.
        let cycling = self.tiles.values().any(|t| t.action == Action::TopModels)
            && self
                .account
                .spend
                .as_ref()
                .is_some_and(|s| page_count(&rank(s)) > 1);
        let cycling =
            cycling || (!self.tiles.is_empty() && self.poller.waiting_until(self.now).is_some());
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
            if let Some((context, action)) = &self.inspector {
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
