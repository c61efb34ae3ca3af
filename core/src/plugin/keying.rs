//! The key's life and OpenRouter's answers, as the plugin wires them: the key machine's steps
//! carried out, the global settings asked for until answered, and each answer routed by the
//! request table to the sub-machine that asked.

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

    pub(super) fn global_settings(
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
    pub(super) fn run_key_steps(&mut self, steps: Vec<KeyStep>, out: &mut Out) {
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

    pub(super) fn cancel_request(&mut self, id: FetchId, out: &mut Out) {
        if self.requests.cancel(id) {
            out.push(Command::CancelFetch { id });
        }
    }

    /// Everything learnt with the old key belongs to its account: drop it.
    pub(super) fn forget_account(&mut self, out: &mut Out) {
        self.account.clear();
        self.keys.forget_confirmation();
        let steps = self.poller.reset();
        self.emit(steps, out);
        self.board.clear_acknowledgements();
        self.low_balance.clear();
    }

    pub(super) fn fetched(
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
            Some(Purpose::Poll) => match self.poller.answer(id, result, &mut self.requests) {
                Err(crate::poll::NotAwaited) => false,
                Ok((steps, completed)) => {
                    self.emit(steps, out);
                    if let Some(completed) = completed {
                        self.poll_completed(completed, out);
                    }
                    true
                }
            },
        };
        if !routed {
            log(out, LogLevel::Info, late);
        }
    }
}
