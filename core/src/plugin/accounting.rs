//! The accounts on the deck, as the plugin wires them: read from the global settings, added,
//! renamed and removed from the Property Inspector, written back whole, and chosen per tile.

use super::*;

impl Plugin {
    /// A tile's settings changed; when it now shows another account, that account polls and the
    /// one it left stops if nothing else shows it.
    pub(super) fn settings_changed(
        &mut self,
        action: &str,
        context: &str,
        settings: &Value,
        out: &mut Out,
    ) {
        let (Some(action), Some(tile)) = (Action::from_uuid(action), self.board.get_mut(context))
        else {
            return;
        };
        let (read, account, warning) = settings::read(action, settings);
        tile.settings = read;
        let before = std::mem::replace(&mut tile.account, account.clone());
        out.extend(warning.map(warn));
        if before != account {
            tile.acknowledged = false;
            self.ensure_polling(&account, out);
            self.stop_if_unshown(&before, out);
        }
        self.tiles_changed(out);
    }

    /// Stream Deck told us what the global settings hold: the default account's key, and the
    /// accounts beside it. Accounts no longer there go; new ones come; then every account's key
    /// machine reads its own keys (all of them before any writes back, so a write never misses
    /// an account not read yet).
    pub(super) fn global_settings(
        &mut self,
        key: Option<ApiKey>,
        pending: Option<ApiKey>,
        unusable: bool,
        label: Option<String>,
        accounts: Vec<StoredAccount>,
        out: &mut Out,
    ) {
        self.deadlines.clear(&Deadline::Settings);
        let listed: Vec<AccountId> = accounts.iter().map(|a| a.id.clone()).collect();
        for id in self.accounts.ids() {
            if !id.is_default() && !listed.contains(&id) {
                self.drop_slot(&id, out);
            }
        }
        if let Some(slot) = self.accounts.get_mut(&AccountId::default()) {
            slot.label = label;
        }
        for stored in &accounts {
            match self.accounts.get_mut(&stored.id) {
                Some(slot) => slot.label = Some(stored.label.clone()),
                None => {
                    let slot = Slot {
                        id: stored.id.clone(),
                        label: Some(stored.label.clone()),
                        ..Slot::default()
                    };
                    if !self.accounts.add(slot) {
                        out.push(warn(format!("ignored the account {} (no room)", stored.id)));
                    }
                }
            }
        }
        self.accounts.reorder(&listed);
        let mut reads = vec![(AccountId::default(), key, pending, unusable)];
        reads.extend(
            accounts
                .into_iter()
                .map(|a| (a.id, a.key, a.pending, a.unusable)),
        );
        let mut all_steps = Vec::new();
        for (id, key, pending, unusable) in reads {
            if let Some(slot) = self.accounts.get_mut(&id) {
                let steps = slot
                    .keys
                    .global_settings(key, pending, unusable, &mut self.requests);
                all_steps.push((id, steps));
            }
        }
        for (id, steps) in all_steps {
            self.run_key_steps(&id, steps, out);
        }
    }

    /// The Property Inspector sent a key for an account; one not known yet is added first.
    pub(super) fn connect(
        &mut self,
        id: AccountId,
        key: Option<ApiKey>,
        label: Option<String>,
        out: &mut Out,
    ) {
        let mut renamed = false;
        match self.accounts.get_mut(&id) {
            Some(slot) => {
                if label.is_some() && slot.label != label {
                    slot.label = label;
                    renamed = true;
                }
            }
            None => {
                // Writing the global settings before reading them would lose the keys in them.
                if self.settings_unread() {
                    let line = "connect refused: Stream Deck has not sent the global settings yet";
                    return out.push(warn(line));
                }
                if self.accounts.is_full() {
                    let most = crate::accounts::MAX_ACCOUNTS;
                    return out.push(warn(format!(
                        "connect refused: {most} accounts is the most one deck keeps"
                    )));
                }
                let place = self.accounts.iter().count() + 1;
                let label = label.unwrap_or_else(|| format!("Account {place}"));
                log(
                    out,
                    LogLevel::Info,
                    format!("added the account {label:?} ({id})"),
                );
                self.accounts.add(Slot::added(id.clone(), label));
            }
        }
        let Some(slot) = self.accounts.get_mut(&id) else {
            return;
        };
        let steps = slot.keys.connect(key, &mut self.requests);
        let saves = steps.iter().any(|s| matches!(s, KeyStep::Save { .. }));
        self.run_key_steps(&id, steps, out);
        if renamed && !saves {
            out.push(self.settings_now());
        }
    }

    /// The default account's key goes (the account stays, keyless); another account goes whole.
    pub(super) fn disconnect(&mut self, id: AccountId, out: &mut Out) {
        if id.is_default() {
            if let Some(slot) = self.accounts.get_mut(&id) {
                let steps = slot.keys.disconnect();
                self.run_key_steps(&id, steps, out);
            }
            return;
        }
        let Some(label) = self.accounts.get(&id).map(|s| s.label().to_owned()) else {
            return out.push(warn(format!("disconnect: there is no account {id}")));
        };
        self.drop_slot(&id, out);
        log(
            out,
            LogLevel::Info,
            format!("removed the account {label:?} ({id})"),
        );
        out.push(self.settings_now());
    }

    pub(super) fn rename(&mut self, id: &AccountId, label: String, out: &mut Out) {
        let Some(slot) = self.accounts.get_mut(id) else {
            return out.push(warn(format!("rename: there is no account {id}")));
        };
        if slot.label.as_deref() == Some(label.as_str()) {
            return;
        }
        slot.label = Some(label);
        out.push(self.settings_now());
    }

    /// Removes an account: what it had under way is cancelled, its tiles say it is gone.
    fn drop_slot(&mut self, id: &AccountId, out: &mut Out) {
        let Some(mut slot) = self.accounts.remove(id) else {
            return;
        };
        for fetch in slot.keys.open_requests() {
            self.cancel_request(fetch, out);
        }
        let steps = slot.poller.reset();
        self.emit(id, steps, out);
        self.deadlines.clear(&Deadline::Poll(id.clone()));
    }

    /// The global settings as they stand, to write back.
    fn settings_now(&self) -> Command {
        let default = self.accounts.default_slot();
        let stored = default.keys.stored_key().cloned();
        let pending = default.keys.pending_key().cloned();
        self.settings_to_store(&default.id.clone(), stored, pending)
    }

    /// The whole global settings object with `saving`'s keys as its key machine asks: Stream
    /// Deck replaces the object, so every other account's keys are written as they stand.
    pub(super) fn settings_to_store(
        &self,
        saving: &AccountId,
        stored: Option<ApiKey>,
        pending: Option<ApiKey>,
    ) -> Command {
        let keys_of = |slot: &Slot| match &slot.id == saving {
            true => (stored.clone(), pending.clone()),
            false => (
                slot.keys.stored_key().cloned(),
                slot.keys.pending_key().cloned(),
            ),
        };
        let default = self.accounts.default_slot();
        let (key, pending_key) = keys_of(default);
        let accounts: Vec<StoredAccount> = self
            .accounts
            .iter()
            .filter(|slot| !slot.id.is_default())
            .map(|slot| {
                let (key, pending) = keys_of(slot);
                StoredAccount {
                    id: slot.id.clone(),
                    label: slot.label().to_owned(),
                    key,
                    pending,
                    unusable: false,
                }
            })
            .collect();
        let label = default.label.clone();
        if key.is_none() && pending_key.is_none() && label.is_none() && accounts.is_empty() {
            return Command::ClearKey;
        }
        Command::StoreKey {
            key,
            pending: pending_key,
            label,
            accounts,
        }
    }
}
