//! What we know about the account: the last good answers, kept on screen when a later poll fails.

use crate::intraday::Shape;
use crate::key_ledger::KeyLedger;
use crate::openrouter::{ApiError, Credits};
use crate::poll::Completed;
use crate::shape_learning::Learnt;
use crate::spike::Evidence;

/// The Spike Alert looks at the last half hour of polls.
pub const SPIKE_WINDOW_MS: i64 = 30 * crate::timestamp::MINUTE_MS;
use crate::spend::Spend;
use crate::timestamp::Timestamp;
use crate::usage_log::UsageLog;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Numbers {
    pub credits: Option<Credits>,
    pub spend: Option<Spend>,
    pub usage: UsageLog,
    /// Why the last poll failed, as one error for the key's health (a key problem first).
    pub trouble: Option<ApiError>,
    /// Why the last `/credits` answer failed: the balance on screen is older than it should be.
    pub credits_error: Option<ApiError>,
    /// Why the last `/activity` answer failed: the spend on screen is older than it should be.
    pub activity_error: Option<ApiError>,
    /// Every key of every workspace, summed, ranked and listed, from the last poll that asked.
    pub key_usage: Option<KeyLedger>,
    /// When `keys` was fetched: "today" is that UTC day's.
    pub key_usage_at: Option<Timestamp>,
    pub key_usage_error: Option<ApiError>,
    /// Whether any poll for this key has finished.
    pub polled: bool,
    /// What each hour of the week usually costs this account, learnt from the polls.
    pub intraday: Shape,
}

/// What a tile's numbers come from, so a failure of one source marks only the tiles that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    pub credits: bool,
    pub activity: bool,
    pub keys: bool,
    /// The workspaces' budgets too (asked for with the keys).
    pub budgets: bool,
}

impl Needs {
    /// Nothing: a tile's needs are this with what it reads.
    pub const NONE: Needs = Needs {
        credits: false,
        activity: false,
        keys: false,
        budgets: false,
    };
}

impl Numbers {
    /// Takes in a finished poll: each good answer replaces the old one, a failed one keeps it.
    /// Returns whether the intraday shape learnt a whole hour (worth saving).
    pub fn absorb(&mut self, completed: &Completed, at: Timestamp) -> Learnt {
        let mut learnt = Learnt::Nothing;
        if let Ok(credits) = &completed.credits {
            self.credits = Some(*credits);
            self.usage.record(at, credits.total_usage);
            learnt = self.intraday.observe(at, credits.total_usage);
        }
        if let Ok(activity) = &completed.activity {
            self.spend = Some(Spend::from_rows(&activity.rows, at.day()));
        }
        match &completed.key_usage {
            Some(Ok(ledger)) => {
                let mut ledger = ledger.clone();
                if let Some(before) = &self.key_usage {
                    ledger.keep_budgets_from(before);
                }
                self.key_usage = Some(ledger);
                self.key_usage_at = Some(at);
                self.key_usage_error = None;
            }
            Some(Err(error)) => self.key_usage_error = Some(error.clone()),
            // Not asked this poll: what is known stays, and is not marked stale for it.
            None => {}
        }
        self.trouble = completed.error().cloned();
        self.credits_error = completed.credits.as_ref().err().cloned();
        self.activity_error = completed.activity.as_ref().err().cloned();
        self.polled = true;
        learnt
    }

    /// The poll intervals the Spike Alert weighs, as of `now` (see [`Account::spike_evidence`]).
    pub fn recent_spend(&self, now: Timestamp) -> Vec<(Timestamp, Timestamp, f64)> {
        self.usage.recent(now, SPIKE_WINDOW_MS)
    }

    /// Everything the Spike Alert weighs, as of `now`; `recent` from [`Account::recent_spend`].
    pub fn spike_evidence<'a>(
        &'a self,
        now: Timestamp,
        recent: &'a [(Timestamp, Timestamp, f64)],
    ) -> Option<Evidence<'a>> {
        Some(Evidence {
            spend: self.spend.as_ref()?,
            recent,
            shape: &self.intraday,
            today_so_far: self
                .today(now.day())
                .or_else(|| self.usage.today_so_far(now)),
        })
    }

    pub fn has_data(&self) -> bool {
        self.credits.is_some() || self.spend.is_some() || self.key_usage.is_some()
    }

    /// The account's spend today (UTC) across every key, disabled ones included: the keys' sum
    /// as of `keys_at`, when that was `today`. (Between polls nothing new arrives: `total_usage`
    /// is read at the same polls.)
    pub fn today(&self, today: crate::timestamp::Day) -> Option<f64> {
        let keys = self.key_usage.as_ref()?;
        (self.key_usage_at?.day() == today).then_some(keys.today)
    }

    /// The failure that makes what a tile shows older than it should be, if any.
    pub fn stale_for(&self, needs: Needs) -> Option<&ApiError> {
        let credits = self.credits_error.as_ref().filter(|_| needs.credits);
        let activity = self.activity_error.as_ref().filter(|_| needs.activity);
        let keys = self.key_usage_error.as_ref().filter(|_| needs.keys);
        credits.or(activity).or(keys)
    }

    /// The name of the first source a tile needs that failed, for "Activity: retrying".
    pub fn missing_source(&self, needs: Needs) -> Option<crate::catalogue::Msg> {
        use crate::catalogue::Msg;
        if needs.activity && self.activity_error.is_some() {
            Some(Msg::SourceActivity)
        } else if needs.keys && self.key_usage_error.is_some() {
            Some(Msg::SourceApiKeys)
        } else {
            None
        }
    }

    /// A new account (another key): nothing learnt about the old one applies.
    pub fn clear(&mut self) {
        *self = Numbers::default();
    }
}
