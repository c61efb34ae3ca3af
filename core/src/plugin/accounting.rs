//! The accounts on the deck, as the plugin wires them: read from the global settings, added,
//! renamed and removed from the Property Inspector, written back whole, and chosen per tile.

use super::*;
use crate::copies::Settings;
use crate::streamdeck::MAX_ACCOUNT_ENTRIES;

/// A Property Inspector cannot send this many key messages in the moment before Stream Deck
/// answers; past it, the oldest is dropped (and logged) rather than the list growing.
const MAX_EARLY: usize = 8;

impl Plugin {
    /// A message from the Property Inspector about keys and accounts. Before the global settings
    /// are read it waits: acting on it would write an object without the keys Stream Deck holds.
    pub(super) fn inspector_said(&mut self, message: PiMessage, out: &mut Out) {
        if self.settings_unread()
            && !matches!(
                message,
                PiMessage::Unknown { .. } | PiMessage::BudgetChoices
            )
        {
            if self.early.len() >= MAX_EARLY {
                self.early.remove(0);
                out.push(warn(
                    "dropped the oldest Property Inspector request waiting for the settings",
                ));
            }
            let line = "the Property Inspector's request waits for Stream Deck's global settings";
            log(out, LogLevel::Info, line);
            self.early.push(message);
            return;
        }
        match message {
            PiMessage::Connect {
                key,
                account,
                label,
            } => self.connect(account.unwrap_or_default(), key, label, out),
            PiMessage::Disconnect { account } => self.disconnect(account.unwrap_or_default(), out),
            PiMessage::Rename { account, label } => self.rename(&account, label, out),
            PiMessage::BudgetChoices => self.inspector.wants_choices(),
            PiMessage::Unknown { name } => {
                out.push(warn(format!("ignored Property Inspector message {name:?}")))
            }
        }
    }

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
        let (read, account, warning) = crate::tile::read_settings(action, settings);
        tile.settings = read;
        let before = std::mem::replace(&mut tile.account, account.clone());
        out.extend(warning.map(warn));
        if before != account {
            tile.acknowledged = false;
            self.ensure_polling(&account, out);
            self.stop_if_unshown(&before, out);
        }
        self.tile_changed(&account, out);
    }

    /// Stream Deck told us what the global settings hold (unless this is a stale copy): the
    /// default account's key, and the accounts beside it. Accounts no longer there go; new ones
    /// come; then every account's key machine reads its own keys (all of them before any writes
    /// back, so a write never misses an account not read yet).
    pub(super) fn settings_arrived(&mut self, event: EventKind, out: &mut Out) {
        let EventKind::DidReceiveGlobalSettings {
            key,
            pending,
            unusable,
            label,
            accounts,
            skipped_accounts,
            kept,
        } = event
        else {
            return;
        };
        let content = Settings {
            key: key.as_ref(),
            pending: pending.as_ref(),
            label: label.as_deref(),
            accounts: &accounts,
            kept: &kept,
        }
        .content();
        if self.copies.is_late(content) {
            let line = "ignored a copy of the global settings older than what Stream Deck holds";
            return log(out, LogLevel::Info, line);
        }
        self.copies.took(content);
        if skipped_accounts > 0 {
            let line = format!(
                "dropped {skipped_accounts} entries of the global settings' accounts that hold \
                 no key (not accounts, or past the {MAX_ACCOUNT_ENTRIES} read)"
            );
            out.push(warn(line));
        }
        let kept_entries = kept.entries.len();
        if kept_entries > 0 {
            let line = format!(
                "kept {kept_entries} entries of the global settings' accounts that hold a key but \
                 are not accounts read (nested, or past the {MAX_ACCOUNT_ENTRIES} read), to write \
                 back as they are"
            );
            log(out, LogLevel::Info, line);
        }
        if kept.beyond > 0 {
            let (n, most) = (kept.beyond, crate::kept::MAX_SETTINGS_BYTES / 1024);
            out.push(warn(format!(
                "{n} values holding keys in the global settings are beyond the {most} KiB kept \
                 and will not be written back"
            )));
        }
        self.kept = kept.to_write();
        self.kept_members = accounts
            .iter()
            .filter_map(|a| Some((a.id.clone(), a.kept.clone()?)))
            .collect();
        self.deadlines.clear(&Deadline::Settings);
        let first = !std::mem::replace(&mut self.settings_read, true);
        let listed: Vec<AccountId> = accounts.iter().map(|a| a.id.clone()).collect();
        for id in self.accounts.ids() {
            if !id.is_default() && !listed.contains(&id) {
                self.drop_slot(&id, out);
            }
        }
        if let Some(slot) = self.accounts.get_mut(&AccountId::default()) {
            slot.label = label;
        }
        self.unplaced.clear();
        for stored in &accounts {
            match self.accounts.get_mut(&stored.id) {
                Some(slot) => slot.label = Some(stored.label.clone()),
                None => {
                    let slot = Account {
                        id: stored.id.clone(),
                        label: Some(stored.label.clone()),
                        ..Account::default()
                    };
                    if !self.accounts.add(slot) {
                        self.unplaced.push(stored.clone());
                    }
                }
            }
        }
        if !self.unplaced.is_empty() {
            let (n, most) = (self.unplaced.len(), crate::stored_account::MAX_ACCOUNTS);
            out.push(warn(format!(
                "{n} accounts beyond the {most} one deck shows are kept in the settings, not shown"
            )));
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
                let steps =
                    slot.key_machine
                        .global_settings(key, pending, unusable, &mut self.requests);
                all_steps.push((id, steps));
            }
        }
        for (id, steps) in all_steps {
            self.run_key_steps(&id, steps, out);
        }
        if first {
            for message in std::mem::take(&mut self.early) {
                self.inspector_said(message, out);
            }
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
        // One key, one account: a key another account holds (stored, or being checked) is not
        // added again; the inspector is told whose it is (never the key).
        if let Some(owner) = key.as_ref().and_then(|k| self.owner_of(k, &id)) {
            let line = format!(
                "connect refused: the key is already the account {:?}'s ({})",
                owner.label, owner.account
            );
            log(out, LogLevel::Info, line);
            return self.inspector.refused_duplicate(owner);
        }
        let mut renamed = false;
        match self.accounts.get_mut(&id) {
            Some(slot) => {
                if label.is_some() && slot.label != label {
                    slot.label = label;
                    renamed = true;
                }
            }
            None => {
                if self.accounts.is_full() || self.unplaced.iter().any(|a| a.id == id) {
                    let most = crate::stored_account::MAX_ACCOUNTS;
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
                self.accounts.add(Account::added(id.clone(), label));
            }
        }
        let Some(slot) = self.accounts.get_mut(&id) else {
            return;
        };
        let steps = slot.key_machine.connect(key, &mut self.requests);
        let saves = steps.iter().any(|s| matches!(s, KeyStep::Save { .. }));
        self.run_key_steps(&id, steps, out);
        if renamed && !saves {
            self.write_settings(self.settings_now(), out);
        }
    }

    /// The account other than `except` that holds `key`, stored or waiting to be checked (those
    /// kept past the most a deck shows included).
    fn owner_of(&self, key: &ApiKey, except: &AccountId) -> Option<KeyOwner> {
        let placed = self
            .accounts
            .iter()
            .filter(|slot| &slot.id != except)
            .find(|slot| slot.key_machine.is_stored(key) || slot.key_machine.is_candidate(key))
            .map(|slot| KeyOwner {
                account: slot.id.clone(),
                label: slot.label().to_owned(),
            });
        placed.or_else(|| {
            self.unplaced
                .iter()
                .filter(|a| &a.id != except)
                .find(|a| a.key.as_ref() == Some(key) || a.pending.as_ref() == Some(key))
                .map(|a| KeyOwner {
                    account: a.id.clone(),
                    label: a.label.clone(),
                })
        })
    }

    /// The default account's key goes (the account stays, keyless); another account goes whole.
    pub(super) fn disconnect(&mut self, id: AccountId, out: &mut Out) {
        if id.is_default() {
            if let Some(slot) = self.accounts.get_mut(&id) {
                let steps = slot.key_machine.disconnect();
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
        self.write_settings(self.settings_now(), out);
    }

    pub(super) fn rename(&mut self, id: &AccountId, label: String, out: &mut Out) {
        let Some(slot) = self.accounts.get_mut(id) else {
            return out.push(warn(format!("rename: there is no account {id}")));
        };
        if slot.label.as_deref() == Some(label.as_str()) {
            return;
        }
        slot.label = Some(label);
        self.write_settings(self.settings_now(), out);
    }

    /// Removes an account: what it had under way is cancelled, its tiles say it is gone.
    fn drop_slot(&mut self, id: &AccountId, out: &mut Out) {
        let Some(mut slot) = self.accounts.remove(id) else {
            return;
        };
        self.kept_members.remove(id);
        for fetch in slot.key_machine.open_requests() {
            self.cancel_request(fetch, out);
        }
        let steps = slot.poller.reset();
        self.emit(id, steps, out);
        self.deadlines.clear(&Deadline::Poll(id.clone()));
    }

    /// Writes the global settings. Whatever Stream Deck held before is older than what it holds
    /// now: a copy of it that comes late is not news (`copies.rs`).
    pub(super) fn write_settings(&mut self, command: Command, out: &mut Out) {
        let empty = KeptSettings::default();
        let content = match &command {
            Command::StoreKey {
                key,
                pending,
                label,
                accounts,
                kept,
            } => Settings {
                key: key.as_ref(),
                pending: pending.as_ref(),
                label: label.as_deref(),
                accounts,
                kept,
            },
            _ => Settings {
                key: None,
                pending: None,
                label: None,
                accounts: &[],
                kept: &empty,
            },
        }
        .content();
        self.copies.wrote(content);
        out.push(command);
    }

    /// The global settings as they stand, to write back.
    fn settings_now(&self) -> Command {
        let default = self.accounts.default_slot();
        let stored = default.key_machine.stored_key().cloned();
        let pending = default.key_machine.pending_key().cloned();
        self.settings_to_store(&default.id, stored, pending)
    }

    /// The whole global settings object with `saving`'s keys as its key machine asks: Stream
    /// Deck replaces the object, so every other account's keys are written as they stand.
    pub(super) fn settings_to_store(
        &self,
        saving: &AccountId,
        stored: Option<ApiKey>,
        pending: Option<ApiKey>,
    ) -> Command {
        let keys_of = |slot: &Account| match &slot.id == saving {
            true => (stored.clone(), pending.clone()),
            false => (
                slot.key_machine.stored_key().cloned(),
                slot.key_machine.pending_key().cloned(),
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
                    kept: self.kept_members.get(&slot.id).cloned(),
                }
            })
            .chain(self.unplaced.iter().cloned())
            .collect();
        let label = default.label.clone();
        let nothing = key.is_none() && pending_key.is_none() && label.is_none();
        if nothing && accounts.is_empty() && self.kept.is_empty() {
            return Command::ClearKey;
        }
        Command::StoreKey {
            key,
            pending: pending_key,
            label,
            accounts,
            kept: self.kept.clone(),
        }
    }
}
