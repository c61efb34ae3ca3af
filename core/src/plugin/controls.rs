//! Tiles arriving and leaving, and what the controls do on them: a key's tap and 2-second hold; a
//! dial's rotate, push and touch (the strip's views are `strip.rs`, the dial's state `dial.rs`).

use super::*;
use crate::dial::QUIET_MS;
use crate::tile::fast_turn;

impl Plugin {
    pub(super) fn appear(
        &mut self,
        action: &str,
        context: String,
        settings: &Value,
        controller: Option<&str>,
        device: Option<String>,
        out: &mut Out,
    ) {
        let Some(action) = Action::from_uuid(action) else {
            let shown: String = action.chars().take(80).collect();
            return out.push(warn(format!("ignored unknown action {shown:?}")));
        };
        match controller {
            Some("Encoder") => self.dials.place(&context),
            other => {
                self.dials.forget(&context);
                if let Some(other) = other.filter(|c| *c != "Keypad") {
                    let uuid = action.uuid();
                    let line = format!("{uuid} placed on a {other:?} controller; drawn as a key");
                    log(out, LogLevel::Info, line);
                }
            }
        }
        self.deadlines.clear(&Deadline::Quiet(context.clone()));
        self.deadlines.clear(&Deadline::Strip(context.clone()));
        let (settings, account, warning) = crate::tile::read_settings(action, settings);
        out.extend(warning.map(warn));
        let mut tile = Tile::new(action, settings, account.clone());
        tile.device = device;
        self.board.place(context, tile);
        self.ensure_polling(&account, out);
        self.tile_changed(&account, out);
    }

    pub(super) fn disappear(&mut self, context: &str, out: &mut Out) {
        let account = self.board.get(context).map(|t| t.account.clone());
        self.board.remove(context);
        self.presses.forget(context);
        self.opens.forget(context);
        self.deadlines.clear(&Deadline::Hold(context.to_owned()));
        self.dials.forget(context);
        self.deadlines.clear(&Deadline::Quiet(context.to_owned()));
        self.deadlines.clear(&Deadline::Strip(context.to_owned()));
        if let Some(account) = account {
            self.stop_if_unshown(&account, out);
        }
    }

    pub(super) fn tap(&mut self, context: &str, out: &mut Out) {
        let Some(tile) = self.board.get(context) else {
            return;
        };
        let display = self.scene(tile).display;
        let opens = match (display, tile.action.descriptor().tap) {
            (Display::NoKey | Display::KeyProblem(_), _) => Some(KEYS_URL.to_owned()),
            (Display::NoAccount, _) | (_, Tap::Acknowledge) => None,
            (_, Tap::Open(url)) => Some(url.to_owned()),
            (_, Tap::Limit) => {
                let ledger = self.scene(tile).numbers.key_usage.as_ref();
                let url = ledger
                    .and_then(|l| crate::budget::page(l, &tile.settings.budget.target))
                    .unwrap_or_else(|| crate::action::KEY_LIMITS_URL.to_owned());
                Some(url)
            }
        };
        if let Some(url) = opens {
            // A flood of taps opens one page a second; the taps between do nothing.
            if self.opens.allow(context, self.now) {
                out.push(Command::OpenUrl { url });
            }
            return;
        }
        if matches!(display, Display::NoAccount) {
            let context = context.to_owned();
            return out.push(Command::ShowAlert { context });
        }
        let context = context.to_owned();
        match tile.action.descriptor().tap {
            Tap::Open(_) | Tap::Limit => {}
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

    pub(super) fn hold(&mut self, context: &str, out: &mut Out) {
        let slot = self
            .board
            .get(context)
            .and_then(|tile| self.accounts.get(&tile.account))
            .filter(|slot| slot.key_machine.for_polling().is_some());
        let Some(slot) = slot else {
            let context = context.to_owned();
            return out.push(Command::ShowAlert { context });
        };
        let id = slot.id.clone();
        let line = match slot.poller.waiting_until(self.now) {
            Some(until) => format!(
                "hold: OpenRouter asked us to wait {} s more; not polling before then",
                until.since(self.now) / SECOND_MS
            ),
            None => "refresh forced by a 2-second hold".to_owned(),
        };
        log(
            out,
            LogLevel::Info,
            format!("{}{line}", self.accounts.prefix(&id)),
        );
        self.start_poll(&id, Some(context), out);
    }

    /// A dial turned: the next view, and a quiet minute before it goes back to the default.
    pub(super) fn turn(&mut self, context: &str, ticks: i32, pressed: bool) {
        let Some(tile) = self
            .board
            .get(context)
            .filter(|_| self.dials.contains(context))
        else {
            return;
        };
        let pressed = pressed || self.dials.is_pressed(context);
        let stops = crate::tile::stops(tile, &self.scene(tile));
        let ticks = ticks.saturating_mul(fast_turn(tile.action, pressed));
        let quiet = Deadline::Quiet(context.to_owned());
        match self.dials.turn(context, ticks, pressed, stops, self.now) {
            true => self.deadlines.set(quiet, self.now.plus_millis(QUIET_MS)),
            false => self.deadlines.clear(&quiet),
        }
    }

    /// A dial came back up: a push (no turn while it was in) goes back to the default view.
    pub(super) fn release_dial(&mut self, context: &str) {
        if self.dials.up(context) {
            self.dials.home(context);
            self.deadlines.clear(&Deadline::Quiet(context.to_owned()));
        }
    }

    /// The strip was touched: a touch is a key's tap, a long touch a key's hold.
    pub(super) fn touch(&mut self, context: &str, hold: bool, out: &mut Out) {
        if !self.dials.contains(context) {
            return;
        }
        match hold {
            true => self.hold(context, out),
            false => self.tap(context, out),
        }
    }
}
