//! The open Property Inspector and what it was last told. Stream Deck shows one inspector at a
//! time, so the one that appears (or sends a message) replaces the last: the key status goes only
//! where someone can read it, once per change.

use crate::command::{BudgetChoices, Command, KeyOwner, KeyReport};
use crate::sent::Sent;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inspector {
    /// (context, action UUID) of the open inspector.
    open: Option<(String, String)>,
    told: Sent<KeyReport>,
    /// The limits a Budget tile's inspector was last told of.
    told_choices: Sent<BudgetChoices>,
    /// Its last connect was refused: the key is already this account's.
    duplicate: Option<KeyOwner>,
}

impl Inspector {
    pub fn appeared(&mut self, context: String, action: String) {
        self.open = Some((context, action));
        self.told.forget();
        self.told_choices.forget();
        self.duplicate = None;
    }

    /// Its connect was refused: the key is already `owner`'s. Said until the next connect.
    pub fn refused_duplicate(&mut self, owner: KeyOwner) {
        self.duplicate = Some(owner);
    }

    /// The account the last refused key belongs to.
    pub fn duplicate(&self) -> Option<&KeyOwner> {
        self.duplicate.as_ref()
    }

    /// The inspector asked for the Budget tile's list again.
    pub fn wants_choices(&mut self) {
        self.told_choices.forget();
    }

    /// The list of limits to send, when it changed since the open inspector was last told.
    pub fn tell_choices(&mut self, choices: BudgetChoices) -> Option<Command> {
        if !self.told_choices.differs(&choices) {
            return None;
        }
        let (context, action) = self.open.as_ref()?;
        let command = Command::SendBudgetChoices {
            action: action.clone(),
            context: context.clone(),
            choices: choices.clone(),
        };
        self.told_choices.send(choices);
        Some(command)
    }

    pub fn disappeared(&mut self, context: &str) {
        if self.open.as_ref().is_some_and(|(c, _)| c == context) {
            self.open = None;
        }
    }

    /// The context of the open inspector: its tile's account is the one it reports on.
    pub fn context(&self) -> Option<&str> {
        self.open.as_ref().map(|(c, _)| c.as_str())
    }

    /// A message came from this inspector: it is open, and it is the one to answer.
    pub fn sent_by(&mut self, context: &str, action: &str) {
        if self.open.as_ref().is_none_or(|(c, _)| c != context) {
            self.appeared(context.to_owned(), action.to_owned());
        }
    }

    /// The sender shows "Checking…" until it hears back, even when the status is unchanged; an
    /// earlier refusal no longer stands.
    pub fn expects_an_answer(&mut self) {
        self.told.forget();
        self.duplicate = None;
    }

    /// The status to send, when it changed since the open inspector was last told.
    pub fn tell(&mut self, report: KeyReport) -> Option<Command> {
        let report = self.told.send(report)?;
        let (context, action) = self.open.as_ref()?;
        Some(Command::SendKeyStatus {
            action: action.clone(),
            context: context.clone(),
            report,
        })
    }
}
