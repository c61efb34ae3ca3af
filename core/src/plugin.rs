//! The model and its one entry point, [`Plugin::update`]: fold an event, return commands.
//!
//! This is the orchestrator. Each concept has its own home and sub-machine: the accounts on the
//! deck, each with its key machine, poller, numbers and alarm (`accounts`, `keys`, `poll`,
//! `account`), every deadline (`deadlines`), every request (`requests`), the tiles on keys
//! (`board`), the open Property Inspector (`inspector`), taps and holds (`press`); views are
//! projected by `tiles`. What is left here is the wiring between them: this file dispatches each
//! event and settles what changed; `plugin/accounting.rs` (accounts read, added, renamed, removed
//! and written back), `plugin/controls.rs` (tiles appearing, tap and hold), `plugin/keying.rs`
//! (key steps, routing answers to the account that asked), `plugin/polling.rs` (when each account
//! polls, what a finished poll changes) and `plugin/showing.rs` (each tile's scene, the
//! inspector's report) hold the rest.

use crate::account_id::AccountId;
use crate::accounts::{Account, Accounts};
use crate::action::{Action, Tap, KEYS_URL};
use crate::api_key::ApiKey;
use crate::board::Board;
use crate::board::Tile;
use crate::command::{
    AccountReport, BudgetChoices, ChoicesState, Command, KeyOwner, KeyReport, KeyStatus, LogLevel,
};
use crate::copies::Copies;
use crate::deadlines::{Deadline, Deadlines};
use crate::device::Devices;
use crate::dial::Dials;
use crate::event::{Event, EventKind, FetchId, PiMessage};
use crate::inspector::Inspector;
use crate::intraday::Shape;
use crate::kept::{KeptSettings, Verbatim};
use crate::keys::{status_of, KeyPhase, KeyStep};
use crate::numbers::Numbers;
use crate::openrouter::{ApiError, BodyError, Endpoint, Fetched};
use crate::opens::Opens;
use crate::poll::{Completed, PollStep, POLL_INTERVAL_MS};
use crate::press::{Presses, Release};
use crate::requests::{Purpose, Requests};
use crate::spike::{assess, Severity, SpikeState};
use crate::stored_account::StoredAccount;
use crate::strip::StripView;
use crate::tile::{view, Display, Scene};
use crate::timestamp::{Timestamp, MINUTE_MS, SECOND_MS};
use crate::view::TileView;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod accounting;
mod controls;
mod keying;
mod polling;
mod showing;

pub const CYCLE_MS: i64 = MINUTE_MS;

#[derive(Debug, Clone, Default)]
pub struct Plugin {
    now: Timestamp,
    deadlines: Deadlines,
    /// The wake-up the shell was last asked for (it is spent once it fires).
    wake: Option<Timestamp>,
    /// One table for every request of every account, so ids never repeat.
    requests: Requests,
    /// Each account's key machine, poll, numbers and alarm; the default account first.
    accounts: Accounts,
    board: Board,
    inspector: Inspector,
    presses: Presses,
    /// When each tile last opened a page: a flood of taps opens one a second.
    opens: Opens,
    /// The tiles on dials: which view each is turned to, what its strip last showed.
    dials: Dials,
    /// Minutes of the cycle tick so far (Top Models' page).
    turns: u64,
    /// How many times `getGlobalSettings` was sent without an answer.
    settings_asks: u32,
    /// The machine's offset from UTC, as the shell last told it.
    utc_offset_minutes: Option<i32>,
    /// The person's language, as the host named it (English until told).
    lang: crate::lang::Lang,
    /// The Stream Deck devices the host named, so each key is drawn for its size.
    devices: Devices,
    /// Whether Stream Deck has sent the global settings. Until it has, nothing may be written
    /// back: the object is replaced whole, and the keys in it are not known yet.
    settings_read: bool,
    /// What the Property Inspector asked of the keys before the settings were read, done (in
    /// order) once they are.
    early: Vec<PiMessage>,
    /// Which copies of the global settings are older than what Stream Deck holds.
    copies: Copies,
    /// Accounts in the settings beyond the most one deck keeps: not shown or polled, but written
    /// back as they were, so their keys are not lost.
    unplaced: Vec<StoredAccount>,
    /// What the settings hold beside the accounts that holds a key and is not read (members,
    /// entries that are not accounts, entries past the 64 read), written back as it was.
    kept: KeptSettings,
    /// The same, inside each placed account's entry.
    kept_members: BTreeMap<AccountId, Verbatim>,
    /// Intraday shapes read from disk, each waiting to learn which account polls with its key.
    kept_shapes: Vec<Shape>,
    /// The numbers of an account that is not there: none (what a tile whose account was removed
    /// is drawn from).
    nobody: Numbers,
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
                device,
            } => {
                let controller = controller.as_deref();
                self.appear(&action, context, &settings, controller, device, &mut out)
            }
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
            } => self.settings_changed(&action, &context, &settings, &mut out),
            settings @ EventKind::DidReceiveGlobalSettings { .. } => {
                self.settings_arrived(settings, &mut out)
            }
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
                if matches!(message, PiMessage::Connect { .. }) {
                    self.inspector.expects_an_answer();
                }
                self.inspector_said(message, &mut out);
            }
            EventKind::IntradayLoaded { shape } => match shape.check() {
                Ok(()) => {
                    // One shape per account; a deck has few accounts, a disk may hold old ones.
                    self.kept_shapes.retain(|k| k.account != shape.account);
                    self.kept_shapes.push(shape);
                    let extra = self
                        .kept_shapes
                        .len()
                        .saturating_sub(crate::stored_account::MAX_ACCOUNTS);
                    self.kept_shapes.drain(..extra);
                }
                // That account learns afresh; the others keep theirs.
                Err(fault) => out.push(warn(format!("ignored a kept intraday shape: {fault}"))),
            },
            EventKind::DeviceDidConnect {
                device,
                device_type,
            } => {
                // Its keys' views change size by themselves: `settle` draws what changed.
                if !self.devices.connect(device, device_type) {
                    out.push(warn("ignored a device past the most a deck has"));
                }
            }
            // Every view is said anew in it: `settle` draws what changed.
            EventKind::Language { lang } => self.lang = lang,
            EventKind::LocalTime { utc_offset_minutes } => {
                // Any real offset is within a day; anything else is not an offset.
                self.utc_offset_minutes = Some(utc_offset_minutes).filter(|m| m.abs() < 24 * 60);
            }
            EventKind::SystemDidWakeUp => {
                log(&mut out, LogLevel::Info, "woke from sleep: refreshing");
                for id in self.accounts.ids() {
                    if self.wants_polling(&id) {
                        self.start_poll(&id, None, &mut out);
                    }
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

    /// When the core next needs waking (quinn's `poll_timeout`): the earliest deadline.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.deadlines.next()
    }

    /// When the default account's next poll is due, if one is scheduled (for tests and the log).
    pub fn poll_due(&self) -> Option<Timestamp> {
        self.poll_due_for(&AccountId::default())
    }

    /// When a dial's strip, changed by turns faster than the display's pace, goes out (tests).
    pub fn strip_due(&self, context: &str) -> Option<Timestamp> {
        self.deadlines.get(&Deadline::Strip(context.to_owned()))
    }

    /// When this account's next poll is due, if one is scheduled.
    pub fn poll_due_for(&self, account: &AccountId) -> Option<Timestamp> {
        self.deadlines.get(&Deadline::Poll(account.clone()))
    }

    fn deadline(&mut self, deadline: Deadline, out: &mut Out) {
        match deadline {
            Deadline::Poll(id) if self.wants_polling(&id) => self.start_poll(&id, None, out),
            Deadline::Poll(_) => {}
            Deadline::Hold(context) => {
                if self.presses.hold_timer(&context) {
                    self.hold(&context, out);
                }
            }
            Deadline::Cycle => self.turns = self.turns.wrapping_add(1),
            Deadline::Quiet(context) => self.dials.home(&context),
            // The paced strip goes out as `settle` redraws.
            Deadline::Strip(_) => {}
            Deadline::Settings if self.settings_unread() => {
                out.push(warn(
                    "Stream Deck has not sent the global settings; asking again",
                ));
                self.ask_for_settings(out);
            }
            Deadline::Settings => {}
        }
    }

    /// Global settings not read yet: no account is known, not even whether there is one.
    fn settings_unread(&self) -> bool {
        !self.settings_read
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
            crate::tile::pages(tile, &self.scene(tile)) > 1
        });
        // A wait counts down on the tiles of the account that waits.
        let waiting = self.board.tiles().any(|(_, tile)| {
            self.accounts
                .get(&tile.account)
                .is_some_and(|slot| slot.poller.waiting_until(self.now).is_some())
        });
        if paging || waiting {
            let at = self.now.plus_millis(CYCLE_MS);
            self.deadlines.set_unless_sooner(Deadline::Cycle, at);
        } else {
            self.deadlines.clear(&Deadline::Cycle);
        }
        let views = self.views();
        out.extend(self.board.redraw(views));
        let strips = self.strips();
        let (drawn, paced) = self.dials.redraw(strips, self.now);
        out.extend(drawn);
        for dial in paced {
            let deadline = Deadline::Strip(dial.context);
            match dial.at {
                Some(at) => self.deadlines.set(deadline, at),
                None => self.deadlines.clear(&deadline),
            }
        }
        let report = self.report();
        out.extend(self.inspector.tell(report));
        if let Some(choices) = self.budget_choices() {
            out.extend(self.inspector.tell_choices(choices));
        }
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
