//! What we know about the account: the last good answers, kept on screen when a later poll fails.

use crate::openrouter::{ApiError, Credits};
use crate::poll::Completed;
use crate::spend::Spend;
use crate::timestamp::Timestamp;
use crate::usage_log::UsageLog;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    pub credits: Option<Credits>,
    pub spend: Option<Spend>,
    pub usage: UsageLog,
    /// Why the last poll failed; numbers still on screen are then older than they should be.
    pub trouble: Option<ApiError>,
    /// Whether any poll for this key has finished.
    pub polled: bool,
}

impl Account {
    /// Takes in a finished poll: each good answer replaces the old one, a failed one keeps it.
    pub fn absorb(&mut self, completed: &Completed, at: Timestamp) {
        if let Ok(credits) = &completed.credits {
            self.credits = Some(*credits);
            self.usage.record(at, credits.total_usage);
        }
        if let Ok(rows) = &completed.activity {
            self.spend = Some(Spend::from_rows(rows, at.day()));
        }
        self.trouble = completed.error().cloned();
        self.polled = true;
    }

    pub fn has_data(&self) -> bool {
        self.credits.is_some() || self.spend.is_some()
    }

    pub fn clear(&mut self) {
        *self = Account::default();
    }
}
