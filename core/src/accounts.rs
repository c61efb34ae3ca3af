//! The OpenRouter accounts on the deck. A Management key reads one account, so each account is a
//! [`Account`] with its own key machine, its own poll, its own numbers and its own low-balance alarm:
//! nothing one account learns or suffers can reach another's tiles, and a key is only ever handed
//! to requests made by its own account.
//!
//! The default account is the one `managementKey` holds (id `"default"`); it always exists, so a
//! global settings object with only `managementKey` is exactly the one-account plugin of before.
//! Further accounts come from `accounts: [{id, label, key}]`, in the order written there.

use crate::account_id::{AccountId, DEFAULT_LABEL};
use crate::alarm::{LimitsReached, LowBalance};
use crate::keys::Keys;
use crate::numbers::Numbers;
use crate::poll::Poller;
use crate::stored_account::MAX_ACCOUNTS;

/// One account and everything the plugin knows of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    pub id: AccountId,
    /// The name the person gave it; `None` for a default account never named.
    pub label: Option<String>,
    pub key_machine: Keys,
    pub poller: Poller,
    pub numbers: Numbers,
    pub low_balance: LowBalance,
    /// The Budget tiles' limits that were reached at the last poll.
    pub limits: LimitsReached,
}

impl Account {
    /// An account added now: its global settings are known (it has no key yet).
    pub fn added(id: AccountId, label: String) -> Account {
        Account {
            id,
            label: Some(label),
            key_machine: Keys::known_empty(),
            ..Account::default()
        }
    }

    /// The name to show: the person's, or "Default".
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(DEFAULT_LABEL)
    }
}

/// Every account, the default first.
#[derive(Debug, Clone, PartialEq)]
pub struct Accounts {
    slots: Vec<Account>,
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            slots: vec![Account::default()],
        }
    }
}

impl Accounts {
    pub fn get(&self, id: &AccountId) -> Option<&Account> {
        self.slots.iter().find(|s| &s.id == id)
    }

    pub fn get_mut(&mut self, id: &AccountId) -> Option<&mut Account> {
        self.slots.iter_mut().find(|s| &s.id == id)
    }

    pub fn default_slot(&self) -> &Account {
        &self.slots[0]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Account> {
        self.slots.iter()
    }

    pub fn ids(&self) -> Vec<AccountId> {
        self.slots.iter().map(|s| s.id.clone()).collect()
    }

    /// More than one account: tiles say whose numbers they show, and logs whose line it is.
    pub fn several(&self) -> bool {
        self.slots.len() > 1
    }

    pub fn is_full(&self) -> bool {
        self.slots.len() >= MAX_ACCOUNTS
    }

    /// Adds an account after the others; `false` when there is no room (or the id is taken).
    pub fn add(&mut self, slot: Account) -> bool {
        if self.is_full() || self.get(&slot.id).is_some() {
            return false;
        }
        self.slots.push(slot);
        true
    }

    /// Removes an account that is not the default; the slot is returned so what it had under
    /// way can be cancelled.
    pub fn remove(&mut self, id: &AccountId) -> Option<Account> {
        if id.is_default() {
            return None;
        }
        let at = self.slots.iter().position(|s| &s.id == id)?;
        Some(self.slots.remove(at))
    }

    /// The extra accounts in this order (the default stays first); others are kept after them.
    pub fn reorder(&mut self, order: &[AccountId]) {
        let rank = |id: &AccountId| {
            if id.is_default() {
                return 0;
            }
            order
                .iter()
                .position(|o| o == id)
                .map_or(usize::MAX, |p| p + 1)
        };
        self.slots.sort_by_key(|s| rank(&s.id));
    }

    /// The log line's prefix for this account: nothing while it is the only one. Labels are
    /// cleaned when read, but a recording's are not: bidirectional controls are dropped here too.
    pub fn prefix(&self, id: &AccountId) -> String {
        match (self.several(), self.get(id)) {
            (true, Some(slot)) => {
                let label: String = slot
                    .label()
                    .chars()
                    .filter(|c| !crate::names::is_bidi_control(*c))
                    .collect();
                format!("{label}: ")
            }
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_account_cannot_be_removed_and_ids_stay_unique() {
        let mut accounts = Accounts::default();
        let work = AccountId::parse(Some("work")).unwrap();
        assert!(accounts.add(Account::added(work.clone(), "Work".into())));
        assert!(!accounts.add(Account::added(work.clone(), "Again".into())));
        assert!(accounts.several());
        assert!(accounts.remove(&AccountId::default_account()).is_none());
        assert!(accounts.remove(&work).is_some());
        assert!(!accounts.several());
        for n in 0..40 {
            let id = AccountId::parse(Some(&format!("a{n}"))).unwrap();
            accounts.add(Account::added(id, "x".into()));
        }
        assert_eq!(accounts.iter().count(), MAX_ACCOUNTS);
    }
}
