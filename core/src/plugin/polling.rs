//! Each account's poll, as the plugin drives it: when to poll, what a finished poll changes, and
//! the poller's steps turned into requests and deadlines. An account polls on its own schedule
//! while a tile on the deck shows it, whatever the others do.

use super::*;
use crate::budget::Unresolved;
use crate::key_survey::{Known, Plan};
use crate::poll::FIRST_RETRY_MS;
use crate::settings::BudgetTarget;
use crate::shape_learning::Learnt;
use crate::tile::{alarm_of, Alarm};

impl Plugin {
    /// Drops the account's poll under way and starts one with the key now in use; keys held for
    /// the old poll wait for the new one.
    pub(super) fn start_fresh_poll(&mut self, id: &AccountId, out: &mut Out) {
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let (held, steps): (Vec<PollStep>, Vec<PollStep>) = slot
            .poller
            .reset()
            .into_iter()
            .partition(|s| matches!(s, PollStep::Abandoned(_)));
        self.emit(id, steps, out);
        self.start_poll(id, None, out);
        let held: Vec<String> = held
            .into_iter()
            .filter_map(|s| match s {
                PollStep::Abandoned(context) => Some(context),
                _ => None,
            })
            .collect();
        let joined = self
            .accounts
            .get_mut(id)
            .is_some_and(|slot| slot.poller.join(&held));
        if !joined {
            self.emit(id, held.into_iter().map(PollStep::Abandoned).collect(), out);
        }
    }

    pub(super) fn poll_completed(&mut self, id: &AccountId, completed: Completed, out: &mut Out) {
        // Every key held for this poll hears how it went, whichever way this function leaves.
        let good = completed.error().is_none();
        out.extend(completed.held_by.iter().cloned().map(|context| match good {
            true => Command::ShowOk { context },
            false => Command::ShowAlert { context },
        }));
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let (steps, ours) = slot.key_machine.poll_completed(&completed);
        let refused = steps.contains(&KeyStep::ResumeStored);
        self.run_key_steps(id, steps, out);
        if refused {
            return;
        }
        let prefix = self.accounts.prefix(id);
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        if !ours {
            // A candidate that could not be checked waits (and the back-off retries it).
            if !slot.key_machine.is_candidate(&completed.key) {
                let line = format!("{prefix}ignored a poll for a key no longer in use");
                log(out, LogLevel::Info, line);
            }
            return self.schedule_next_poll(id, &completed, out);
        }
        // The shape is the account's: a kept one for this key is taken up, another key starts afresh.
        let whose = completed.key.redacted();
        if slot.numbers.intraday.account != whose {
            let kept = self.kept_shapes.iter().position(|k| k.account == whose);
            slot.numbers.intraday = match kept {
                Some(at) => self.kept_shapes.remove(at),
                None => Shape::new(whose),
            };
        }
        if slot.numbers.absorb(&completed, self.now) == Learnt::AnHour {
            let shape = slot.numbers.intraday.clone();
            out.push(Command::SaveIntraday { shape });
        }
        let steps = slot
            .key_machine
            .confirm_if_ambiguous(&completed, &mut self.requests);
        self.run_key_steps(id, steps, out);
        for (level, line) in completed.log_lines() {
            log(out, level, format!("{prefix}{line}"));
        }
        self.sound_low_balance(id, out);
        self.sound_limits(id, out);
        // "Until the next poll" means the next poll that brought numbers to re-evaluate.
        if completed.credits.is_ok() || completed.activity.is_ok() {
            self.board.clear_acknowledgements(id);
            self.log_spikes(id, out);
        }
        self.schedule_next_poll(id, &completed, out);
        // A Budget tile that came after this poll's walk was over (its `/credits` or
        // `/activity` still coming) has no budgets from it: the next poll comes soon, not in 15
        // minutes. Not when the walk was cut short (a 429): its wait or back-off stands.
        let whole_walk = matches!(&completed.key_usage, Some(Ok(l)) if l.failures.is_empty());
        if whole_walk && completed.error().is_none() && self.lacks_keys(id).is_some() {
            let soon = self.now.plus_millis(FIRST_RETRY_MS);
            self.deadlines
                .set_unless_sooner(Deadline::Poll(id.clone()), soon);
        }
    }

    /// The survey a tile of this account needs and the account does not have: no keys yet, or
    /// no budgets when a Budget tile wants them.
    fn lacks_keys(&self, id: &AccountId) -> Option<Plan> {
        let plan = self.survey_plan(id)?;
        let lacks = match &self.accounts.get(id)?.numbers.key_usage {
            None => true,
            Some(ledger) => plan.budgets && !ledger.budgets_asked,
        };
        (lacks && self.wants_polling(id)).then_some(plan)
    }

    pub(super) fn schedule_next_poll(
        &mut self,
        id: &AccountId,
        completed: &Completed,
        out: &mut Out,
    ) {
        if self.polling_active(id) {
            return;
        }
        let wanted = self.wants_polling(id);
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let due = slot.poller.schedule_after(completed, self.now);
        if wanted {
            self.deadlines.set(Deadline::Poll(id.clone()), due);
        } else {
            let steps = slot.poller.pause();
            self.emit(id, steps, out);
        }
    }

    /// The tiles showing this account.
    fn tiles_of<'a>(&'a self, id: &'a AccountId) -> impl Iterator<Item = (&'a String, &'a Tile)> {
        self.board.tiles().filter(move |(_, t)| &t.account == id)
    }

    /// Spike and Critical go to the log, once per distinct threshold on the account's tiles.
    pub(super) fn log_spikes(&self, id: &AccountId, out: &mut Out) {
        let Some(slot) = self.accounts.get(id) else {
            return;
        };
        let recent = slot.numbers.recent_spend(self.now);
        let Some(evidence) = slot.numbers.spike_evidence(self.now, &recent) else {
            return;
        };
        let thresholds: BTreeSet<u64> = self
            .tiles_of(id)
            .filter(|(_, t)| alarm_of(t) == Alarm::Spike)
            .map(|(_, t)| t.settings.threshold.to_bits())
            .collect();
        let prefix = self.accounts.prefix(id);
        for threshold in thresholds.into_iter().map(f64::from_bits) {
            if let Some(SpikeState::Assessed(a)) = assess(&evidence, threshold) {
                if a.severity > Severity::Normal {
                    out.push(warn(format!("{prefix}{}", a.log_line(threshold))));
                }
            }
        }
    }

    /// One `showAlert` on each of the account's Balance tiles whose alarm its balance has just
    /// crossed below.
    pub(super) fn sound_low_balance(&mut self, id: &AccountId, out: &mut Out) {
        let Some(remaining) = self
            .accounts
            .get(id)
            .and_then(|slot| slot.numbers.credits)
            .map(|c| c.remaining())
        else {
            return;
        };
        let alarms: Vec<(String, f64)> = self
            .tiles_of(id)
            .filter(|(_, t)| alarm_of(t) == Alarm::LowBalance && t.settings.low_balance > 0.0)
            .map(|(context, t)| (context.clone(), t.settings.low_balance))
            .collect();
        let thresholds: Vec<f64> = alarms.iter().map(|(_, t)| *t).collect();
        let prefix = self.accounts.prefix(id);
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let crossed = slot.low_balance.observe(remaining, &thresholds);
        for threshold in &crossed {
            let line = format!(
                "{prefix}low balance: {} is below the alarm at {}",
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

    /// One `showAlert` on each of the account's Budget tiles whose limit was just reached (and a
    /// warning in the log); a limit below its line again is ready to alert once more.
    pub(super) fn sound_limits(&mut self, id: &AccountId, out: &mut Out) {
        let Some(ledger) = self
            .accounts
            .get(id)
            .and_then(|s| s.numbers.key_usage.as_ref())
        else {
            return;
        };
        // A limit this poll could not see (its key or workspace unread, its budgets not had) is
        // neither reached nor not: what was observed before stands, so a partial poll between
        // two that see it reached is not a new crossing.
        let unseen = |unresolved: &Unresolved| match unresolved {
            Unresolved::BudgetsPending | Unresolved::BudgetsFailed(_) => true,
            Unresolved::KeyNotFound | Unresolved::WorkspaceNotFound => {
                ledger.incomplete || ledger.unkept > 0
            }
            _ => false,
        };
        let picks: Vec<(String, String, Option<crate::budget::Standing>)> = self
            .tiles_of(id)
            .filter(|(_, t)| alarm_of(t) == Alarm::Limit)
            .filter_map(|(context, t)| {
                let which = serde_json::to_string(&t.settings.budget.target).unwrap_or_default();
                match crate::budget::standing(ledger, &t.settings.budget.target) {
                    Err(unresolved) if unseen(&unresolved) => None,
                    standing => Some((context.clone(), which, standing.ok())),
                }
            })
            .collect();
        let prefix = self.accounts.prefix(id);
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let mut alerted = BTreeSet::new();
        for (context, which, standing) in picks {
            let reached = standing
                .as_ref()
                .is_some_and(|s| s.reached() && !s.disabled);
            let fresh = match alerted.contains(&which) {
                true => true,
                false => slot.limits.observe(which.clone(), reached),
            };
            if !(fresh && reached) {
                continue;
            }
            if alerted.insert(which) {
                if let Some(s) = &standing {
                    let line = format!(
                        "{prefix}limit reached: {} has spent {} of its {} {} limit",
                        s.name,
                        crate::money::dollars(s.spent.unwrap_or(s.limit)),
                        crate::money::dollars(s.limit),
                        s.interval.word()
                    );
                    out.push(warn(line));
                }
            }
            out.push(Command::ShowAlert { context });
        }
    }

    /// A tile of this account came or its settings changed: a new alarm is checked, and a tile
    /// that needs `/keys` when the account fetched none gets a poll now rather than in up to 15
    /// minutes. Another account's tiles changing is nothing to this one (its back-off stands).
    pub(super) fn tile_changed(&mut self, id: &AccountId, out: &mut Out) {
        self.sound_low_balance(id, out);
        self.sound_limits(id, out);
        let Some(plan) = self.lacks_keys(id) else {
            return;
        };
        let now = self.now;
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        if slot.poller.in_flight().is_some() {
            let steps = slot.poller.want_keys(plan, &mut self.requests);
            self.emit(id, steps, out);
            return;
        }
        if !slot.numbers.has_data() {
            return;
        }
        // While the keys keep failing, at most one such poll a minute: tiles coming and going
        // (a page or profile switch) must not poll OpenRouter as fast as a hand flips pages.
        let failed = slot.numbers.key_usage_error.is_some()
            || (slot.numbers.key_usage.as_ref()).is_some_and(|l| !l.failures.is_empty());
        let recent = slot
            .poller
            .last_completed()
            .map(|at| at.plus_millis(FIRST_RETRY_MS))
            .filter(|soon| failed && *soon > now);
        match recent {
            None => self.start_fresh_poll(id, out),
            Some(soon) => self
                .deadlines
                .set_unless_sooner(Deadline::Poll(id.clone()), soon),
        }
    }

    /// The walk over the account's keys (and its workspaces' budgets) is made only while a tile
    /// that needs it shows the account; the last poll's workspaces are its fallback.
    pub(super) fn survey_plan(&self, id: &AccountId) -> Option<Plan> {
        let needs: Vec<_> = self
            .tiles_of(id)
            .map(|(_, tile)| crate::tile::needs(tile))
            .collect();
        if !needs.iter().any(|n| n.keys) {
            return None;
        }
        let known = self
            .accounts
            .get(id)
            .map(|slot| slot.numbers.key_usage.as_ref());
        let mut picked = Vec::new();
        for (_, tile) in self.tiles_of(id) {
            if let BudgetTarget::Workspace { id, .. } = &tile.settings.budget.target {
                if tile.action == Action::Budget && !picked.contains(id) {
                    picked.push(id.clone());
                }
            }
        }
        Some(Plan {
            budgets: needs.iter().any(|n| n.budgets),
            known: Known::from_ledger(known.flatten()),
            picked,
        })
    }

    /// An account polls while it has a key and a tile shows it.
    pub(super) fn wants_polling(&self, id: &AccountId) -> bool {
        let keyed = self
            .accounts
            .get(id)
            .is_some_and(|slot| slot.key_machine.for_polling().is_some());
        keyed && self.board.shows(id)
    }

    /// A poll of this account is under way or scheduled.
    pub(super) fn polling_active(&self, id: &AccountId) -> bool {
        let flying = self
            .accounts
            .get(id)
            .is_some_and(|slot| slot.poller.in_flight().is_some());
        flying || self.deadlines.get(&Deadline::Poll(id.clone())).is_some()
    }

    /// Polls now, or schedules the poll when the data on hand is still fresh.
    pub(super) fn ensure_polling(&mut self, id: &AccountId, out: &mut Out) {
        if !self.wants_polling(id) || self.polling_active(id) {
            return;
        }
        let Some(slot) = self.accounts.get(id) else {
            return;
        };
        let fresh_until = slot
            .poller
            .last_completed()
            .map(|t| t.plus_millis(POLL_INTERVAL_MS));
        match fresh_until {
            Some(at) if at > self.now && slot.numbers.has_data() => {
                self.deadlines.set(Deadline::Poll(id.clone()), at)
            }
            _ => self.start_poll(id, None, out),
        }
    }

    /// The account no tile shows any more stops polling (what it learnt stays).
    pub(super) fn stop_if_unshown(&mut self, id: &AccountId, out: &mut Out) {
        if self.board.shows(id) {
            return;
        }
        if let Some(slot) = self.accounts.get_mut(id) {
            let steps = slot.poller.pause();
            self.emit(id, steps, out);
        }
    }

    pub(super) fn start_poll(&mut self, id: &AccountId, held_by: Option<&str>, out: &mut Out) {
        let survey = self.survey_plan(id);
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let Some(key) = slot.key_machine.for_polling().cloned() else {
            return;
        };
        if slot.poller.in_flight().is_none() && slot.poller.waiting_until(self.now).is_none() {
            let steps = slot.key_machine.poll_starting(&mut self.requests);
            self.run_key_steps(id, steps, out);
        }
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        let steps = slot
            .poller
            .start(&key, self.now, &mut self.requests, held_by, survey);
        self.emit(id, steps, out);
    }

    /// An account's poller steps, as commands and deadlines.
    pub(super) fn emit(&mut self, id: &AccountId, steps: Vec<PollStep>, out: &mut Out) {
        for step in steps {
            match step {
                PollStep::Fetch(fetch, endpoint, key) => {
                    self.requests.send_for(fetch, id);
                    out.push(Command::Fetch {
                        id: fetch,
                        endpoint,
                        key,
                    })
                }
                PollStep::SetTimer(at) => self
                    .deadlines
                    .set_unless_sooner(Deadline::Poll(id.clone()), at),
                PollStep::CancelTimer => self.deadlines.clear(&Deadline::Poll(id.clone())),
                PollStep::Abandoned(context) => out.push(Command::ShowAlert { context }),
                PollStep::Cancel(fetch) => self.cancel_request(fetch, out),
            }
        }
    }
}
