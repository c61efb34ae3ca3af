//! Tiles arriving and leaving, and what a tap or a 2-second hold does on them. Controller-specific
//! behaviour lives here: keys today; a dial's rotate, push and touch would join them.

use super::*;

impl Plugin {
    pub(super) fn appear(
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
        self.tiles_changed(out);
    }

    pub(super) fn disappear(&mut self, context: &str, out: &mut Out) {
        self.board.remove(context);
        self.presses.forget(context);
        self.deadlines.clear(&Deadline::Hold(context.to_owned()));
        if self.board.is_empty() {
            let steps = self.poller.pause();
            self.emit(steps, out);
        }
    }

    pub(super) fn tap(&mut self, context: &str, out: &mut Out) {
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

    pub(super) fn hold(&mut self, context: &str, out: &mut Out) {
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
}
