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
    /// Why the last poll failed, as one error for the key's health (a key problem first).
    pub trouble: Option<ApiError>,
    /// Why the last `/credits` answer failed: the balance on screen is older than it should be.
    pub credits_error: Option<ApiError>,
    /// Why the last `/activity` answer failed: the spend on screen is older than it should be.
    pub activity_error: Option<ApiError>,
    /// Whether any poll for this key has finished.
    pub polled: bool,
}

/// What a tile's numbers come from, so a failure of one source marks only the tiles that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    pub credits: bool,
    pub activity: bool,
}

impl Account {
    /// Takes in a finished poll: each good answer replaces the old one, a failed one keeps it.
    pub fn absorb(&mut self, completed: &Completed, at: Timestamp) {
        if let Ok(credits) = &completed.credits {
            self.credits = Some(*credits);
            self.usage.record(at, credits.total_usage);
        }
        if let Ok(activity) = &completed.activity {
            self.spend = Some(Spend::from_rows(&activity.rows, at.day()));
        }
        self.trouble = completed.error().cloned();
        self.credits_error = completed.credits.as_ref().err().cloned();
        self.activity_error = completed.activity.as_ref().err().cloned();
        self.polled = true;
    }

    pub fn has_data(&self) -> bool {
        self.credits.is_some() || self.spend.is_some()
    }

    /// The failure that makes what a tile shows older than it should be, if any.
    pub fn stale_for(&self, needs: Needs) -> Option<&ApiError> {
        let credits = self.credits_error.as_ref().filter(|_| needs.credits);
        let activity = self.activity_error.as_ref().filter(|_| needs.activity);
        credits.or(activity)
    }

    pub fn clear(&mut self) {
        *self = Account::default();
    }
}
