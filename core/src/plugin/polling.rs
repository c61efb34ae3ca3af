//! The shared poll, as the plugin drives it: when to poll, what a finished poll changes, and the
//! poller's steps turned into requests and deadlines.

use super::*;
use crate::intraday::Learnt;

impl Plugin {
    /// Drops the poll under way and starts one with the key now in use; keys held for the old
    /// poll wait for the new one.
    pub(super) fn start_fresh_poll(&mut self, out: &mut Out) {
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

    pub(super) fn poll_completed(&mut self, completed: Completed, out: &mut Out) {
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
        // The shape is the account's: a kept one for this key is taken up, another key starts afresh.
        let whose = completed.key.redacted();
        if self.account.intraday.account != whose {
            self.account.intraday = match self.kept_shape.take() {
                Some(kept) if kept.account == whose => kept,
                _ => Shape::new(whose),
            };
        }
        if self.account.absorb(&completed, self.now) == Learnt::AnHour {
            let shape = self.account.intraday.clone();
            out.push(Command::SaveIntraday { shape });
        }
        let steps = self
            .keys
            .confirm_if_ambiguous(&completed, &mut self.requests);
        self.run_key_steps(steps, out);
        for (level, line) in completed.log_lines() {
            log(out, level, line);
        }
        self.sound_low_balance(out);
        // "Until the next poll" means the next poll that brought numbers to re-evaluate.
        if completed.credits.is_ok() || completed.activity.is_ok() {
            self.board.clear_acknowledgements();
            self.log_spikes(out);
        }
        self.schedule_next_poll(&completed, out);
    }

    pub(super) fn schedule_next_poll(&mut self, completed: &Completed, out: &mut Out) {
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
    pub(super) fn log_spikes(&self, out: &mut Out) {
        let recent = self.account.recent_spend(self.now);
        let Some(evidence) = self.account.spike_evidence(self.now, &recent) else {
            return;
        };
        let thresholds: BTreeSet<u64> = self
            .board
            .tiles()
            .filter(|(_, t)| t.action == Action::SpikeAlert)
            .map(|(_, t)| t.settings.threshold.to_bits())
            .collect();
        for threshold in thresholds.into_iter().map(f64::from_bits) {
            if let Some(SpikeState::Assessed(a)) = assess(&evidence, threshold) {
                if a.severity > Severity::Normal {
                    out.push(warn(a.log_line(threshold)));
                }
            }
        }
    }

    /// One `showAlert` on each Balance tile whose alarm the balance has just crossed below.
    pub(super) fn sound_low_balance(&mut self, out: &mut Out) {
        let Some(remaining) = self.account.credits.map(|c| c.remaining()) else {
            return;
        };
        let alarms: Vec<(String, f64)> = self
            .board
            .tiles()
            .filter(|(_, t)| t.action == Action::Balance && t.settings.low_balance > 0.0)
            .map(|(context, t)| (context.clone(), t.settings.low_balance))
            .collect();
        let thresholds: Vec<f64> = alarms.iter().map(|(_, t)| *t).collect();
        let crossed = self.low_balance.observe(remaining, &thresholds);
        for threshold in &crossed {
            let line = format!(
                "low balance: {} is below the alarm at {}",
                crate::money::dollars(remaining),
                crate::money::dollars(*threshold)
            );
            out.push(warn(line));
        }
        for (context, threshold) in alarms {
            if crossed.contains(&threshold) {
                out.push(Command::ShowAlert { context });
            }
        }
    }

    /// A tile came or its settings changed: a new alarm is checked, and a tile that needs `/keys`
    /// when none were fetched gets a poll now rather than in up to 15 minutes.
    pub(super) fn tiles_changed(&mut self, out: &mut Out) {
        self.sound_low_balance(out);
        if !(self.wants_keys() && self.account.keys.is_none() && self.wants_polling()) {
            return;
        }
        if self.poller.in_flight().is_some() {
            let steps = self.poller.want_keys(&mut self.requests);
            self.emit(steps, out);
        } else if self.account.has_data() {
            self.start_fresh_poll(out);
        }
    }

    /// `/keys` is fetched only while a tile that needs it is on a key.
    pub(super) fn wants_keys(&self) -> bool {
        self.board
            .tiles()
            .any(|(_, tile)| crate::tiles::needs(tile).keys)
    }

    pub(super) fn wants_polling(&self) -> bool {
        self.keys.for_polling().is_some() && !self.board.is_empty()
    }

    /// A poll is under way or scheduled.
    pub(super) fn polling_active(&self) -> bool {
        self.poller.in_flight().is_some() || self.deadlines.get(&Deadline::Poll).is_some()
    }

    /// Polls now, or schedules the poll when the data on hand is still fresh.
    pub(super) fn ensure_polling(&mut self, out: &mut Out) {
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

    pub(super) fn start_poll(&mut self, held_by: Option<&str>, out: &mut Out) {
        let Some(key) = self.keys.for_polling().cloned() else {
            return;
        };
        if self.poller.in_flight().is_none() && self.poller.waiting_until(self.now).is_none() {
            let steps = self.keys.poll_starting(&mut self.requests);
            self.run_key_steps(steps, out);
        }
        let with_keys = self.wants_keys();
        let steps = self
            .poller
            .start(&key, self.now, &mut self.requests, held_by, with_keys);
        self.emit(steps, out);
    }

    /// The poller's steps, as commands and deadlines.
    pub(super) fn emit(&mut self, steps: Vec<PollStep>, out: &mut Out) {
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
}
