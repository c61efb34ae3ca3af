//! The model and its one entry point, [`Plugin::update`]: fold an event, return commands.
//!
//! This is the orchestrator. Each concept has its own home and sub-machine: the key's life
//! (`keys`), the shared poll (`poll`), every deadline (`deadlines`), every request (`requests`),
//! the tiles on keys (`board`), the open Property Inspector (`inspector`), taps and holds
//! (`press`); views are projected by `tiles`. What is left here is the wiring between them.

use crate::account::Account;
use crate::action::{Action, Tap, KEYS_URL};
use crate::api_key::ApiKey;
use crate::board::Board;
use crate::command::{Command, KeyStatus, LogLevel};
use crate::deadlines::{Deadline, Deadlines};
use crate::event::{Event, EventKind, FetchId, PiMessage};
use crate::inspector::Inspector;
use crate::keys::{status_of, KeyPhase, KeyStep, Keys};
use crate::openrouter::{ApiError, BodyError, Endpoint, Fetched};
use crate::poll::{Completed, PollStep, Poller, POLL_INTERVAL_MS};
use crate::press::{Presses, Release};
use crate::requests::{Purpose, Requests};
use crate::settings;
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
    deadlines: Deadlines,
    /// The wake-up the shell was last asked for (it is spent once it fires).
    wake: Option<Timestamp>,
    requests: Requests,
    keys: Keys,
    poller: Poller,
    account: Account,
    board: Board,
    inspector: Inspector,
    presses: Presses,
    /// Minutes of the cycle tick so far (Top Models' page).
    turns: u64,
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
                if self.board.get(&context).is_some() {
                    let at = self.presses.down(&context, self.now);
                    self.deadlines.set(Deadline::Hold(context), at);
                }
            }
            EventKind::KeyUp { context } => {
                let release = self.presses.up(&context, self.now);
                self.deadlines.clear(&Deadline::Hold(context.clone()));
                match release {
                    Release::Tap => self.tap(&context, &mut out),
                    Release::LateHold => self.hold(&context, &mut out),
                    Release::EndOfHold | Release::Unmatched => {}
                }
            }
            EventKind::DidReceiveSettings {
                action,
                context,
                settings,
            } => {
                if let (Some(action), Some(tile)) =
                    (Action::from_uuid(&action), self.board.get_mut(&context))
                {
                    let (read, warning) = settings::read(action, &settings);
                    tile.settings = read;
                    out.extend(warning.map(warn));
                }
            }
            EventKind::DidReceiveGlobalSettings {
                key,
                pending,
                unusable,
            } => self.global_settings(key, pending, unusable, &mut out),
            EventKind::PropertyInspectorDidAppear { action, context } => {
                self.inspector.appeared(context, action)
            }
            EventKind::PropertyInspectorDidDisappear { context } => {
                self.inspector.disappeared(&context)
            }
            EventKind::SendToPlugin {
                action,
                context,
                message,
            } => {
                self.inspector.sent_by(&context, &action);
                match message {
                    PiMessage::Connect { key } => {
                        self.inspector.expects_an_answer();
                        let steps = self.keys.connect(key, &mut self.requests);
                        self.run_key_steps(steps, &mut out);
                    }
                    PiMessage::Disconnect => {
                        let steps = self.keys.disconnect();
                        self.run_key_steps(steps, &mut out);
                    }
                    PiMessage::Unknown { name } => {
                        out.push(warn(format!("ignored Property Inspector message {name:?}")))
                    }
                }
            }
            EventKind::SystemDidWakeUp => {
                log(&mut out, LogLevel::Info, "woke from sleep: refreshing");
                if self.wants_polling() {
                    self.start_poll(None, &mut out);
                }
            }
            EventKind::Wake => {
                // The shell's one timer is spent: `settle` asks for the next deadline again.
                self.wake = None;
                for deadline in self.deadlines.take_due(self.now) {
                    self.deadline(deadline, &mut out);
                }
            }
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
        self.board
            .tiles()
            .map(|(ctx, tile)| (ctx.clone(), view(tile, &scene)))
            .collect()
    }

    /// When the core next needs waking (quinn's `poll_timeout`): the earliest deadline.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.deadlines.next()
    }

    /// When the next poll is due, if one is scheduled (for tests and the log).
    pub fn poll_due(&self) -> Option<Timestamp> {
        self.deadlines.get(&Deadline::Poll)
    }

    fn deadline(&mut self, deadline: Deadline, out: &mut Out) {
        match deadline {
            Deadline::Poll if self.wants_polling() => self.start_poll(None, out),
            Deadline::Poll => {}
            Deadline::Hold(context) => {
                if self.presses.hold_timer(&context) {
                    self.hold(&context, out);
                }
            }
            Deadline::Cycle => self.turns = self.turns.wrapping_add(1),
            Deadline::Settings if self.keys.phase() == KeyPhase::Unread => {
                out.push(warn(
                    "Stream Deck has not sent the global settings; asking again",
                ));
                self.ask_for_settings(out);
            }
            Deadline::Settings => {}
        }
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
            let shown: String = action.chars().take(80).collect();
            return out.push(warn(format!("ignored unknown action {shown:?}")));
        };
        if let Some(other) = controller.filter(|c| *c != "Keypad") {
            let uuid = action.uuid();
            let line = format!("{uuid} placed on a {other:?} controller; drawn as a key");
            log(out, LogLevel::Info, line);
        }
        let (settings, warning) = settings::read(action, settings);
        out.extend(warning.map(warn));
        self.board.place(context, Tile::new(action, settings));
        self.ensure_polling(out);
    }

    fn disappear(&mut self, context: &str, out: &mut Out) {
        self.board.remove(context);
        self.presses.forget(context);
        self.deadlines.clear(&Deadline::Hold(context.to_owned()));
        if self.board.is_empty() {
            let steps = self.poller.pause();
            self.emit(steps, out);
        }
    }

    fn tap(&mut self, context: &str, out: &mut Out) {
        let Some(tile) = self.board.get(context) else {
            return;
        };
        let display = self.display();
        if matches!(display, Display::NoKey | Display::KeyProblem(_)) {
            let url = KEYS_URL.to_owned();
            return out.push(Command::OpenUrl { url });
        }
        let context = context.to_owned();
        match tile.action.descriptor().tap {
            Tap::Open(url) => out.push(Command::OpenUrl {
                url: url.to_owned(),
            }),
            // Nothing on the tile to acknowledge: a check mark would say otherwise.
            Tap::Acknowledge if !matches!(display, Display::Data) => {
                out.push(Command::ShowAlert { context })
            }
            Tap::Acknowledge => {
                let alarming = self
                    .severity_for(tile)
                    .is_some_and(|s| s > Severity::Normal);
                if let Some(tile) = self.board.get_mut(&context).filter(|t| !t.acknowledged) {
                    if alarming {
                        tile.acknowledged = true;
                        let line = "spike acknowledged until the next poll";
                        log(out, LogLevel::Info, line);
                    }
                }
                out.push(Command::ShowOk { context });
            }
        }
    }

    fn hold(&mut self, context: &str, out: &mut Out) {
        if self.keys.for_polling().is_none() || self.board.get(context).is_none() {
            let context = context.to_owned();
            return out.push(Command::ShowAlert { context });
        }
        let line = match self.poller.waiting_until(self.now) {
            Some(until) => format!(
                "hold: OpenRouter asked us to wait {} s more; not polling before then",
                until.since(self.now) / SECOND_MS
            ),
            None => "refresh forced by a 2-second hold".to_owned(),
        };
        log(out, LogLevel::Info, line);
        self.start_poll(Some(context), out);
    }

    /// `getGlobalSettings`, asked again after 5, 10, 20, 40, then every 60 s until answered: an
    /// unanswered request would leave every tile "Preparing…" for good.
    fn ask_for_settings(&mut self, out: &mut Out) {
        out.push(Command::GetGlobalSettings);
        let wait = ((5 * SECOND_MS) << self.settings_asks.min(4)).min(MINUTE_MS);
        self.settings_asks = self.settings_asks.saturating_add(1);
        let at = self.now.plus_millis(wait);
        self.deadlines.set(Deadline::Settings, at);
    }

    fn global_settings(
        &mut self,
        key: Option<ApiKey>,
        pending: Option<ApiKey>,
        unusable: bool,
        out: &mut Out,
    ) {
        self.deadlines.clear(&Deadline::Settings);
        let steps = self
            .keys
            .global_settings(key, pending, unusable, &mut self.requests);
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
                KeyStep::CancelCheck(id) => self.cancel_request(id, out),
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
        // `/key` said "inference key" and the answers are still the empty ones that made us
        // ask: keep saying so.
        if self.keys.known_inference() && self.account.trouble.is_none() {
            self.account.trouble = Some(ApiError::NotManagementKey);
        }
    }

    fn cancel_request(&mut self, id: FetchId, out: &mut Out) {
        if self.requests.cancel(id) {
            out.push(Command::CancelFetch { id });
        }
    }

    /// Everything learnt with the old key belongs to its account: drop it.
    fn forget_account(&mut self, out: &mut Out) {
        self.account.clear();
        self.keys.forget_confirmation();
        let steps = self.poller.reset();
        self.emit(steps, out);
        self.board.clear_acknowledgements();
    }

    fn fetched(
        &mut self,
        id: FetchId,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
        out: &mut Out,
    ) {
        let late = format!("ignored a late answer from {}", endpoint.path());
        // The request table says what the answer is for.
        let routed = match self.requests.take(id) {
            None => false,
            Some(Purpose::CheckCandidate | Purpose::ConfirmStored) => {
                let info = match result {
                    Ok(Fetched::Key(info)) => Ok(info),
                    Ok(_) => Err(ApiError::BadBody(BodyError::Shape {
                        detail: "not a /key answer".into(),
                    })),
                    Err(e) => Err(e),
                };
                let steps = self.keys.key_checked(id, info);
                let routed = steps.is_some();
                self.run_key_steps(steps.unwrap_or_default(), out);
                routed
            }
            Some(Purpose::Poll) => match self.poller.answer(id, result) {
                Err(crate::poll::NotAwaited) => false,
                Ok(None) => true,
                Ok(Some(completed)) => {
                    self.poll_completed(completed, out);
                    true
                }
            },
        };
        if !routed {
            log(out, LogLevel::Info, late);
        }
    }

    /// Drops the poll under way and starts one with the key now in use; keys held for the old
    /// poll wait for the new one.
    fn start_fresh_poll(&mut self, out: &mut Out) {
        let (held, steps): (Vec<PollStep>, Vec<PollStep>) = self
            .poller
            .reset()
            .into_iter()
            .partition(|s| matches!(s, PollStep::Abandoned(_)));
        self.emit(steps, out);
        self.start_poll(None, out);
        let held: Vec<String> = held
            .into_iter()
            .filter_map(|s| match s {
                PollStep::Abandoned(context) => Some(context),
                _ => None,
            })
            .collect();
        if !self.poller.join(&held) {
            self.emit(held.into_iter().map(PollStep::Abandoned).collect(), out);
        }
    }

    fn poll_completed(&mut self, completed: Completed, out: &mut Out) {
        // Every key held for this poll hears how it went, whichever way this function leaves.
        let good = completed.error().is_none();
        out.extend(completed.held_by.iter().cloned().map(|context| match good {
            true => Command::ShowOk { context },
            false => Command::ShowAlert { context },
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
                let line = "ignored a poll for a key no longer in use";
                log(out, LogLevel::Info, line);
            }
            return self.schedule_next_poll(&completed, out);
        }
        self.account.absorb(&completed, self.now);
        let steps = self
            .keys
            .confirm_if_ambiguous(&completed, &mut self.requests);
        self.run_key_steps(steps, out);
        for (level, line) in completed.log_lines() {
            log(out, level, line);
        }
        // "Until the next poll" means the next poll that brought numbers to re-evaluate.
        if completed.credits.is_ok() || completed.activity.is_ok() {
            self.board.clear_acknowledgements();
            self.log_spikes(out);
        }
        self.schedule_next_poll(&completed, out);
    }

    fn schedule_next_poll(&mut self, completed: &Completed, out: &mut Out) {
        if self.polling_active() {
            return;
        }
        let due = self.poller.schedule_after(completed, self.now);
        if self.wants_polling() {
            self.deadlines.set(Deadline::Poll, due);
        } else {
            let steps = self.poller.pause();
            self.emit(steps, out);
        }
    }

    /// Spike and Critical go to the log, once per distinct threshold on the deck.
    fn log_spikes(&self, out: &mut Out) {
        let Some(spend) = self.account.spend.as_ref() else {
            return;
        };
        let rate = self.account.usage.rate_per_day(self.now);
        let thresholds: BTreeSet<u64> = self
            .board
            .tiles()
            .filter(|(_, t)| t.action == Action::SpikeAlert)
            .map(|(_, t)| t.settings.threshold.to_bits())
            .collect();
        for threshold in thresholds.into_iter().map(f64::from_bits) {
            if let Some(SpikeState::Assessed(a)) = assess(spend, rate, threshold) {
                if a.severity > Severity::Normal {
                    out.push(warn(a.log_line(threshold)));
                }
            }
        }
    }

    fn wants_polling(&self) -> bool {
        self.keys.for_polling().is_some() && !self.board.is_empty()
    }

    /// A poll is under way or scheduled.
    fn polling_active(&self) -> bool {
        self.poller.in_flight().is_some() || self.deadlines.get(&Deadline::Poll).is_some()
    }

    /// Polls now, or schedules the poll when the data on hand is still fresh.
    fn ensure_polling(&mut self, out: &mut Out) {
        if !self.wants_polling() || self.polling_active() {
            return;
        }
        let fresh_until = self
            .poller
            .last_completed()
            .map(|t| t.plus_millis(POLL_INTERVAL_MS));
        match fresh_until {
            Some(at) if at > self.now && self.account.has_data() => {
                self.deadlines.set(Deadline::Poll, at)
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

    /// The poller's steps, as commands and deadlines.
    fn emit(&mut self, steps: Vec<PollStep>, out: &mut Out) {
        for step in steps {
            match step {
                PollStep::Fetch(id, endpoint, key) => {
                    out.push(Command::Fetch { id, endpoint, key })
                }
                PollStep::SetTimer(at) => self.deadlines.set_unless_sooner(Deadline::Poll, at),
                PollStep::CancelTimer => self.deadlines.clear(&Deadline::Poll),
                PollStep::Abandoned(context) => out.push(Command::ShowAlert { context }),
                PollStep::Cancel(id) => self.cancel_request(id, out),
            }
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
        let waiting = self.poller.waiting_until(self.now);
        Scene {
            display: self.display(),
            account: &self.account,
            now: self.now,
            turns: self.turns,
            retry_in_ms: waiting.map(|t| t.since(self.now)),
        }
    }

    fn severity_for(&self, tile: &Tile) -> Option<Severity> {
        let spend = self.account.spend.as_ref()?;
        let rate = self.account.usage.rate_per_day(self.now);
        match assess(spend, rate, tile.settings.threshold)? {
            SpikeState::Assessed(a) => Some(a.severity),
            SpikeState::GatheringBaseline { .. } => None,
        }
    }

    /// After every event: keep the minute tick honest, draw what changed, tell the open Property
    /// Inspector when the key status changed, and ask the shell for the next wake-up.
    fn settle(&mut self, out: &mut Out) {
        // The minute tick turns Top Models' pages, and counts down a wait OpenRouter imposed.
        let paging = self.board.any(Action::TopModels)
            && (self.account.spend.as_ref()).is_some_and(|s| page_count(&rank(s)) > 1);
        let waiting = self.poller.waiting_until(self.now).is_some();
        if paging || (waiting && !self.board.is_empty()) {
            let at = self.now.plus_millis(CYCLE_MS);
            self.deadlines.set_unless_sooner(Deadline::Cycle, at);
        } else {
            self.deadlines.clear(&Deadline::Cycle);
        }
        let views = self.views();
        out.extend(self.board.redraw(views));
        let report = self.keys.report(self.health());
        out.extend(self.inspector.tell(report));
        let next = self.deadlines.next();
        if next != self.wake {
            self.wake = next;
            out.push(Command::Wake { at: next });
        }
    }
}

fn warn(message: impl Into<String>) -> Command {
    Command::Log {
        level: LogLevel::Warn,
        message: message.into(),
    }
}
