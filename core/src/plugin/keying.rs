//! Each account's key life and OpenRouter's answers, as the plugin wires them: the key machines'
//! steps carried out, the global settings asked for until answered, and each answer routed by the
//! request table to the account and the sub-machine that asked.

use super::*;

impl Plugin {
    /// `getGlobalSettings`, asked again after 5, 10, 20, 40, then every 60 s until answered: an
    /// unanswered request would leave every tile "Preparing…" for good.
    pub(super) fn ask_for_settings(&mut self, out: &mut Out) {
        out.push(Command::GetGlobalSettings);
        let wait = ((5 * SECOND_MS) << self.settings_asks.min(4)).min(MINUTE_MS);
        self.settings_asks = self.settings_asks.saturating_add(1);
        let at = self.now.plus_millis(wait);
        self.deadlines.set(Deadline::Settings, at);
    }

    /// Carries out what one account's key machine asked, in order.
    pub(super) fn run_key_steps(&mut self, id: &AccountId, steps: Vec<KeyStep>, out: &mut Out) {
        for step in steps {
            match step {
                KeyStep::Check { id: fetch, key } => {
                    self.requests.send_for(fetch, id);
                    out.push(Command::Fetch {
                        id: fetch,
                        endpoint: Endpoint::Key,
                        key,
                    })
                }
                KeyStep::CancelCheck(fetch) => self.cancel_request(fetch, out),
                KeyStep::Save { stored, pending } => {
                    let command = self.settings_to_store(id, stored, pending);
                    self.write_settings(command, out)
                }
                KeyStep::AccountChanged => self.forget_account(id, out),
                KeyStep::PollNow => self.start_fresh_poll(id, out),
                KeyStep::ResumeStored => {
                    if let Some(slot) = self.accounts.get_mut(id) {
                        let steps = slot.poller.reset();
                        self.emit(id, steps, out);
                    }
                    self.ensure_polling(id, out);
                }
                KeyStep::EnsurePolling => self.ensure_polling(id, out),
                KeyStep::Log(level, message) => {
                    log(out, level, format!("{}{message}", self.accounts.prefix(id)))
                }
            }
        }
        // `/key` said "inference key" and the answers are still the empty ones that made us
        // ask: keep saying so.
        if let Some(slot) = self.accounts.get_mut(id) {
            if slot.key_machine.known_inference() && slot.numbers.trouble.is_none() {
                slot.numbers.trouble = Some(ApiError::NotManagementKey);
            }
        }
    }

    pub(super) fn cancel_request(&mut self, id: FetchId, out: &mut Out) {
        if self.requests.cancel(id) {
            out.push(Command::CancelFetch { id });
        }
    }

    /// Everything learnt with the account's old key belongs to that account: drop it.
    pub(super) fn forget_account(&mut self, id: &AccountId, out: &mut Out) {
        let Some(slot) = self.accounts.get_mut(id) else {
            return;
        };
        slot.numbers.clear();
        slot.key_machine.forget_confirmation();
        slot.low_balance.clear();
        slot.limits.clear();
        let steps = slot.poller.reset();
        self.emit(id, steps, out);
        self.board.clear_acknowledgements(id);
    }

    pub(super) fn fetched(
        &mut self,
        fetch: FetchId,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
        out: &mut Out,
    ) {
        let late = format!("ignored a late answer from {}", endpoint.path());
        // The request table says what the answer is for and whose it is.
        let routed = match self.requests.take(fetch) {
            None => false,
            Some((Purpose::CheckCandidate | Purpose::ConfirmStored, id)) => {
                let info = match result {
                    Ok(Fetched::Key(info)) => Ok(info),
                    Ok(_) => Err(ApiError::BadBody(BodyError::Shape {
                        detail: "not a /key answer".into(),
                    })),
                    Err(e) => Err(e),
                };
                let steps = self
                    .accounts
                    .get_mut(&id)
                    .and_then(|account| account.key_machine.key_checked(fetch, info));
                let routed = steps.is_some();
                self.run_key_steps(&id, steps.unwrap_or_default(), out);
                routed
            }
            Some((Purpose::Poll, id)) => {
                let answered = self.accounts.get_mut(&id).and_then(|account| {
                    account
                        .poller
                        .answer(fetch, result, &mut self.requests)
                        .ok()
                });
                match answered {
                    Some((steps, completed)) => {
                        self.emit(&id, steps, out);
                        if let Some(completed) = completed {
                            self.poll_completed(&id, completed, out);
                        }
                        true
                    }
                    None => false,
                }
            }
        };
        if !routed {
            log(out, LogLevel::Info, late);
        }
    }
}
