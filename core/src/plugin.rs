//! The model and its one entry point, [`Plugin::update`]: fold an event, return commands.
//!
//! This is the orchestrator. Each concept has its own home and sub-machine: the key's life
//! (`keys`), the shared poll (`poll`), every deadline (`deadlines`), every request (`requests`),
//! the tiles on keys (`board`), the open Property Inspector (`inspector`), taps and holds
//! (`press`); views are projected by `tiles`. What is left here is the wiring between them: this
//! file dispatches each event and settles what changed; `plugin/controls.rs` (tiles appearing, tap
//! and hold), `plugin/keying.rs` (key steps, settings, routing answers) and `plugin/polling.rs`
//! (when to poll, what a finished poll changes) hold the rest of the wiring.

use crate::account::Account;
use crate::action::{Action, Tap, KEYS_URL};
use crate::alarm::LowBalance;
use crate::api_key::ApiKey;
use crate::board::Board;
use crate::command::{Command, KeyStatus, LogLevel};
use crate::deadlines::{Deadline, Deadlines};
use crate::dial::Dials;
use crate::event::{Event, EventKind, FetchId, PiMessage};
use crate::inspector::Inspector;
use crate::intraday::Shape;
use crate::keys::{status_of, KeyPhase, KeyStep, Keys};
use crate::openrouter::{ApiError, BodyError, Endpoint, Fetched};
use crate::poll::{Completed, PollStep, Poller, POLL_INTERVAL_MS};
use crate::press::{Presses, Release};
use crate::requests::{Purpose, Requests};
use crate::settings;
use crate::settings::RankBy;
use crate::spike::{assess, Severity, SpikeState};
use crate::strip::StripView;
use crate::tiles::{view, Display, Scene, Tile};
use crate::timestamp::{Timestamp, MINUTE_MS, SECOND_MS};
use crate::top_models::{page_count, rank, rank_keys};
use crate::view::TileView;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod controls;
mod keying;
mod polling;

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
    /// The tiles on dials: which view each is turned to, what its strip last showed.
    dials: Dials,
    /// Minutes of the cycle tick so far (Top Models' page).
    turns: u64,
    /// How many times `getGlobalSettings` was sent without an answer.
    settings_asks: u32,
    /// The machine's offset from UTC, as the shell last told it.
    utc_offset_minutes: Option<i32>,
    low_balance: LowBalance,
    /// An intraday shape read from disk, waiting to learn whose account is polled.
    kept_shape: Option<Shape>,
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
            EventKind::DialRotate {
                context,
                ticks,
                pressed,
            } => self.turn(&context, ticks, pressed),
            EventKind::DialDown { context } => self.dials.down(&context),
            EventKind::DialUp { context } => self.release_dial(&context),
            EventKind::TouchTap { context, hold } => self.touch(&context, hold, &mut out),
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
                    self.tiles_changed(&mut out);
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
            EventKind::IntradayLoaded { shape } => {
                if shape.is_usable() {
                    self.kept_shape = Some(shape);
                } else {
                    out.push(warn("ignored a kept intraday shape in another format"));
                }
            }
            EventKind::LocalTime { utc_offset_minutes } => {
                // Any real offset is within a day; anything else is not an offset.
                self.utc_offset_minutes = Some(utc_offset_minutes).filter(|m| m.abs() < 24 * 60);
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

    /// The view each visible key shows now, by context.
    pub fn views(&self) -> BTreeMap<String, TileView> {
        let scene = self.scene();
        self.board
            .tiles()
            .filter(|(ctx, _)| !self.dials.contains(ctx))
            .map(|(ctx, tile)| (ctx.clone(), view(tile, &scene)))
            .collect()
    }

    /// The strip each visible dial shows now, by context.
    pub fn strips(&self) -> BTreeMap<String, StripView> {
        let scene = self.scene();
        self.board
            .tiles()
            .filter(|(ctx, _)| self.dials.contains(ctx))
            .map(|(ctx, tile)| {
                let at = self.dials.at(ctx);
                (ctx.clone(), crate::strip::view(tile, &scene, at))
            })
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
            Deadline::Quiet(context) => self.dials.home(&context),
            Deadline::Settings if self.keys.phase() == KeyPhase::Unread => {
                out.push(warn(
                    "Stream Deck has not sent the global settings; asking again",
                ));
                self.ask_for_settings(out);
            }
            Deadline::Settings => {}
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
            utc_offset_minutes: self.utc_offset_minutes,
        }
    }

    fn severity_for(&self, tile: &Tile) -> Option<Severity> {
        let recent = self.account.recent_spend(self.now);
        let evidence = self.account.spike_evidence(self.now, &recent)?;
        match assess(&evidence, tile.settings.threshold)? {
            SpikeState::Assessed(a) => Some(a.severity),
            SpikeState::GatheringBaseline { .. } => None,
        }
    }

    /// After every event: keep the minute tick honest, draw what changed, tell the open Property
    /// Inspector when the key status changed, and ask the shell for the next wake-up.
    fn settle(&mut self, out: &mut Out) {
        // The minute tick turns Top Models' pages, and counts down a wait OpenRouter imposed.
        // (A dial's strip shows its ranking three rows at a time and turns by hand: no pages.)
        let paging = self.board.tiles().any(|(ctx, tile)| {
            if self.dials.contains(ctx) {
                return false;
            }
            let ranked = match (tile.action, tile.settings.by) {
                (Action::TopModels, RankBy::Model) => self.account.spend.as_ref().map(rank),
                (Action::TopModels, RankBy::Key) => {
                    self.account.keys.as_ref().map(|k| rank_keys(&k.keys))
                }
                _ => None,
            };
            ranked.is_some_and(|r| page_count(&r) > 1)
        });
        let waiting = self.poller.waiting_until(self.now).is_some();
        if paging || (waiting && !self.board.is_empty()) {
            let at = self.now.plus_millis(CYCLE_MS);
            self.deadlines.set_unless_sooner(Deadline::Cycle, at);
        } else {
            self.deadlines.clear(&Deadline::Cycle);
        }
        let views = self.views();
        out.extend(self.board.redraw(views));
        let strips = self.strips();
        out.extend(self.dials.redraw(strips));
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
