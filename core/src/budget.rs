//! The Budget tile's arithmetic: how much of a limit is spent this window, and when the window
//! starts again. Two kinds of limit:
//!
//! - an API key's own limit: spent = `limit − limit_remaining` as OpenRouter counts it (the key's
//!   spend over its window when `limit_remaining` did not come);
//! - a workspace budget: spent = what the workspace's keys spent over the budget's interval
//!   (`usage_daily`, `_weekly`, `_monthly`, or `usage` for a lifetime budget), BYOK included
//!   only when the workspace says so — summed from the keys, the way OpenRouter's dashboard
//!   sums them.
//!
//! OpenRouter's windows are UTC: days from midnight, weeks from Monday, calendar months. Spend is
//! never negative, what is left never more than the limit, and a reset is always in the future.

use crate::command::{BudgetChoice, KeyChoice, WorkspaceChoice};
use crate::key_ledger::{KeyEntry, KeyLedger, WorkspaceKeys};
use crate::openrouter::{ApiError, Interval, KeyHash, WorkspaceId};
use crate::settings::BudgetTarget;
use crate::timestamp::{Timestamp, DAY_MS};

/// Whose limit it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Key,
    Workspace,
}

/// Where a limit stands this window.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub kind: Kind,
    /// The key's or the workspace's name.
    pub name: String,
    /// A key's workspace, when the account has several.
    pub workspace: Option<String>,
    /// USD.
    pub limit: f64,
    /// Spent this window; `None` when the interval is one we do not know (the limit alone is
    /// shown).
    pub spent: Option<f64>,
    /// Some of the workspace's keys could not be read: the spend is at least this.
    pub floor: bool,
    pub interval: Interval,
    /// A disabled key (its limit no longer matters, and the tile says so).
    pub disabled: bool,
}

impl Standing {
    /// What is left of the limit: never negative, never more than the limit.
    pub fn left(&self) -> Option<f64> {
        self.spent.map(|s| (self.limit - s).clamp(0.0, self.limit))
    }

    /// Spent ÷ limit (1.0 = reached; may exceed it).
    pub fn share(&self) -> Option<f64> {
        let spent = self.spent?;
        match self.limit > 0.0 {
            true => Some(spent / self.limit),
            false => Some(if spent > 0.0 { f64::INFINITY } else { 1.0 }),
        }
    }

    /// The limit is reached: OpenRouter refuses the key's (or workspace's) requests.
    pub fn reached(&self) -> bool {
        self.share().is_some_and(|s| s >= 1.0)
    }
}

/// Why a pick has no standing to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// The tile's settings name no limit yet.
    NotPicked,
    /// No key with that hash in the account (deleted, or another account's).
    KeyNotFound,
    /// The key has no limit set.
    NoLimit { name: String },
    /// No workspace with that id in the account.
    WorkspaceNotFound,
    /// The workspace has no budget (for that interval).
    NoBudget { name: String },
    /// The workspace's budgets could not be read.
    BudgetsFailed(ApiError),
    /// Budgets were not asked for yet (the poll bringing them is coming).
    BudgetsPending,
}

/// Where the picked limit stands, from the account's keys.
pub fn standing(ledger: &KeyLedger, target: &BudgetTarget) -> Result<Standing, Unresolved> {
    match target {
        BudgetTarget::None => Err(Unresolved::NotPicked),
        BudgetTarget::Key(hash) => key_standing(ledger, hash),
        BudgetTarget::Workspace { id, interval } => {
            workspace_standing(ledger, id, interval.as_ref())
        }
    }
}

fn key_standing(ledger: &KeyLedger, hash: &KeyHash) -> Result<Standing, Unresolved> {
    let key = ledger.key(hash).ok_or(Unresolved::KeyNotFound)?;
    entry_standing(ledger, key)
}

/// A listed key's standing (no look-up: `every` and `choices` walk the whole directory, and a
/// look-up by hash for each would make a dial turn cost the square of the keys).
fn entry_standing(ledger: &KeyLedger, key: &KeyEntry) -> Result<Standing, Unresolved> {
    let Some(limit) = &key.limit else {
        return Err(Unresolved::NoLimit {
            name: key.name.clone(),
        });
    };
    let spent = match limit.remaining {
        Some(remaining) => Some((limit.limit - remaining).max(0.0)),
        None => key.usage.over(&limit.reset).map(|credits| {
            let byok = match limit.include_byok {
                true => key.byok.over(&limit.reset).unwrap_or(0.0),
                false => 0.0,
            };
            credits + byok
        }),
    };
    Ok(Standing {
        kind: Kind::Key,
        name: key.name.clone(),
        workspace: ledger
            .names_workspaces()
            .then(|| ledger.workspaces.get(key.workspace).map(|w| w.name.clone()))
            .flatten(),
        limit: limit.limit,
        spent: spent.map(|s| s.max(0.0)),
        floor: false,
        interval: limit.reset.clone(),
        disabled: key.disabled,
    })
}

fn workspace_standing(
    ledger: &KeyLedger,
    id: &WorkspaceId,
    interval: Option<&Interval>,
) -> Result<Standing, Unresolved> {
    let workspace = ledger.workspace(id).ok_or(Unresolved::WorkspaceNotFound)?;
    let Some(budgets) = &workspace.budgets else {
        return Err(match &workspace.budgets_error {
            Some(error) => Unresolved::BudgetsFailed(error.clone()),
            None => Unresolved::BudgetsPending,
        });
    };
    let budget = budgets
        .budgets
        .iter()
        .find(|b| interval.is_none_or(|i| &b.interval == i))
        .ok_or_else(|| Unresolved::NoBudget {
            name: workspace.name.clone(),
        })?;
    Ok(budget_standing(
        workspace,
        budget.limit,
        &budget.interval,
        budgets.include_byok,
    ))
}

fn budget_standing(
    workspace: &WorkspaceKeys,
    limit: f64,
    interval: &Interval,
    include_byok: bool,
) -> Standing {
    let spent = workspace.usage.over(interval).map(|credits| {
        let byok = match include_byok {
            true => workspace.byok.over(interval).unwrap_or(0.0),
            false => 0.0,
        };
        (credits + byok).max(0.0)
    });
    Standing {
        kind: Kind::Workspace,
        name: workspace.name.clone(),
        workspace: None,
        limit,
        spent,
        floor: !workspace.complete,
        interval: interval.clone(),
        disabled: false,
    }
}

/// Every limit and budget of the account, nearest to its limit first (unknown intervals last,
/// then by name): what a dial turns through and the inspector lists.
pub fn every(ledger: &KeyLedger) -> Vec<(BudgetTarget, Standing)> {
    let mut all: Vec<(BudgetTarget, Standing)> = Vec::new();
    for workspace in &ledger.workspaces {
        let (Some(id), Some(budgets)) = (&workspace.id, &workspace.budgets) else {
            continue;
        };
        for budget in &budgets.budgets {
            all.push((
                BudgetTarget::Workspace {
                    id: id.clone(),
                    interval: Some(budget.interval.clone()),
                },
                budget_standing(
                    workspace,
                    budget.limit,
                    &budget.interval,
                    budgets.include_byok,
                ),
            ));
        }
    }
    for key in &ledger.directory {
        if let Ok(standing) = entry_standing(ledger, key) {
            all.push((BudgetTarget::Key(key.hash.clone()), standing));
        }
    }
    all.sort_by(|(_, a), (_, b)| {
        let share = |s: &Standing| s.share().unwrap_or(f64::NEG_INFINITY);
        share(b)
            .total_cmp(&share(a))
            .then_with(|| a.name.cmp(&b.name))
    });
    all
}

/// The page on OpenRouter where the picked limit is set: the key's own page (as OpenRouter's
/// "Key limit exceeded" errors link it), the workspace's page, or `None` when the pick names
/// nothing known.
pub fn page(ledger: &KeyLedger, target: &BudgetTarget) -> Option<String> {
    match target {
        BudgetTarget::None => None,
        BudgetTarget::Key(hash) => ledger.key(hash).map(|k| ledger.key_page(k)),
        BudgetTarget::Workspace { id, .. } => {
            ledger.workspace(id).map(|w| ledger.workspace_page(w))
        }
    }
}

/// Keys the inspector lists, over every workspace.
pub const MAX_CHOICES: usize = 200;

/// What a Budget tile's inspector can pick from, by workspace in OpenRouter's order: its budgets,
/// then its keys — those with a limit first, nearest to it first, then by name. At most
/// [`MAX_CHOICES`] keys; the flag says whether every key the account listed is there.
pub fn choices(ledger: &KeyLedger) -> (Vec<WorkspaceChoice>, bool) {
    let mut listed = 0usize;
    let mut whole = ledger.unkept == 0;
    let workspaces = ledger
        .workspaces
        .iter()
        .enumerate()
        .map(|(index, workspace)| {
            let budgets = workspace
                .budgets
                .iter()
                .flat_map(|b| {
                    b.budgets.iter().map(|budget| BudgetChoice {
                        interval: budget.interval.word().to_owned(),
                        limit: budget.limit,
                        spent: budget_standing(
                            workspace,
                            budget.limit,
                            &budget.interval,
                            b.include_byok,
                        )
                        .spent,
                    })
                })
                .collect();
            let mut keys: Vec<(Option<f64>, KeyChoice)> = ledger
                .directory
                .iter()
                .filter(|k| k.workspace == index)
                .map(|k| {
                    let standing = entry_standing(ledger, k).ok();
                    let choice = KeyChoice {
                        hash: k.hash.clone(),
                        name: k.name.clone(),
                        limit: k.limit.as_ref().map(|l| l.limit),
                        reset: k.limit.as_ref().and_then(|l| match &l.reset {
                            Interval::Lifetime => None,
                            other => Some(other.word().to_owned()),
                        }),
                        spent: standing.as_ref().and_then(|s| s.spent),
                        disabled: k.disabled,
                    };
                    let share = standing.and_then(|s| s.share());
                    (share, choice)
                })
                .collect();
            keys.sort_by(|(a, ka), (b, kb)| {
                let limited = |c: &KeyChoice| c.limit.is_some();
                limited(kb)
                    .cmp(&limited(ka))
                    .then_with(|| {
                        b.unwrap_or(f64::NEG_INFINITY)
                            .total_cmp(&a.unwrap_or(f64::NEG_INFINITY))
                    })
                    .then_with(|| ka.name.cmp(&kb.name))
            });
            let room = MAX_CHOICES.saturating_sub(listed);
            if keys.len() > room {
                whole = false;
                keys.truncate(room);
            }
            listed += keys.len();
            WorkspaceChoice {
                id: workspace.id.clone(),
                name: workspace.name.clone(),
                budgets,
                keys: keys.into_iter().map(|(_, k)| k).collect(),
            }
        })
        .collect();
    (workspaces, whole)
}

/// When the window of `interval` next starts again after `now`: the next midnight UTC, the next
/// Monday, the first of the next month; `None` for a limit that never resets (or an interval we
/// do not know).
pub fn next_reset(interval: &Interval, now: Timestamp) -> Option<Timestamp> {
    let today = now.day();
    let day = match interval {
        Interval::Daily => today.plus(1),
        Interval::Weekly => today.plus(7 - today.weekday()),
        Interval::Monthly => today.first_of_next_month()?,
        Interval::Lifetime | Interval::Other(_) => return None,
    };
    let at = day.start();
    // Far outside the calendar arithmetic gives up rather than answer the past.
    (at > now && at.since(now) <= 32 * DAY_MS).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_ledger::Listing;
    use crate::openrouter::{Budget, Budgets, KeyLimit, KeyRow, KeysPage, Usage};
    use crate::timestamp::Day;
    use proptest::prelude::*;

    fn limited(hash: &str, limit: f64, remaining: Option<f64>, reset: Interval) -> KeyRow {
        KeyRow {
            hash: KeyHash::parse(hash),
            name: hash.to_uppercase(),
            usage: Usage {
                daily: 1.0,
                weekly: 3.0,
                monthly: 9.0,
                total: 20.0,
            },
            limit: Some(KeyLimit {
                limit,
                remaining,
                reset,
                include_byok: false,
            }),
            ..KeyRow::default()
        }
    }

    fn ledger(rows: Vec<KeyRow>, budgets: Option<Budgets>) -> KeyLedger {
        let mut l = KeyLedger::new(Listing::Workspaces);
        let mut prod = WorkspaceKeys::new(WorkspaceId::parse("prod"), "Production".into());
        prod.budgets = budgets;
        l.workspaces.push(prod);
        l.fold(
            0,
            &KeysPage {
                listed: rows.len() as u32,
                keys: rows,
                ..KeysPage::default()
            },
        );
        l
    }

    fn key(hash: &str) -> BudgetTarget {
        BudgetTarget::Key(KeyHash::parse(hash).unwrap())
    }

    #[test]
    fn a_keys_limit_is_what_openrouter_says_is_left() {
        let l = ledger(
            vec![
                limited("a", 50.0, Some(12.5), Interval::Daily),
                limited("b", 10.0, None, Interval::Weekly),
                limited("c", 10.0, Some(30.0), Interval::Monthly),
            ],
            None,
        );
        let a = standing(&l, &key("a")).unwrap();
        assert_eq!(
            (a.spent, a.left(), a.reached()),
            (Some(37.5), Some(12.5), false)
        );
        let b = standing(&l, &key("b")).unwrap();
        assert_eq!(b.spent, Some(3.0), "no limit_remaining: the week's spend");
        let c = standing(&l, &key("c")).unwrap();
        assert_eq!(
            (c.spent, c.left()),
            (Some(0.0), Some(10.0)),
            "never negative"
        );
        assert_eq!(standing(&l, &key("zz")), Err(Unresolved::KeyNotFound));
    }

    #[test]
    fn a_workspace_budget_sums_its_keys_over_the_interval() {
        let budgets = Budgets {
            budgets: vec![
                Budget {
                    limit: 100.0,
                    interval: Interval::Weekly,
                },
                Budget {
                    limit: 400.0,
                    interval: Interval::Other("quarterly".into()),
                },
            ],
            include_byok: false,
            skipped: 0,
        };
        let l = ledger(
            vec![
                limited("a", 50.0, None, Interval::Daily),
                limited("b", 5.0, None, Interval::Daily),
            ],
            Some(budgets),
        );
        let prod = WorkspaceId::parse("prod").unwrap();
        let weekly = standing(
            &l,
            &BudgetTarget::Workspace {
                id: prod.clone(),
                interval: None,
            },
        )
        .unwrap();
        assert_eq!((weekly.spent, weekly.left()), (Some(6.0), Some(94.0)));
        let odd = standing(
            &l,
            &BudgetTarget::Workspace {
                id: prod.clone(),
                interval: Some(Interval::Other("quarterly".into())),
            },
        )
        .unwrap();
        assert_eq!((odd.spent, odd.limit), (None, 400.0), "the limit alone");
        assert_eq!(
            standing(
                &l,
                &BudgetTarget::Workspace {
                    id: prod,
                    interval: Some(Interval::Daily)
                }
            ),
            Err(Unresolved::NoBudget {
                name: "Production".into()
            })
        );
        let order: Vec<String> = every(&l).into_iter().map(|(_, s)| s.name).collect();
        assert_eq!(order, ["B", "Production", "A", "Production"]);
    }

    #[test]
    fn windows_reset_at_utc_midnight_monday_and_the_first() {
        // Thursday 2026-12-03 15:00 UTC.
        let now = Day::parse("2026-12-03")
            .unwrap()
            .start()
            .plus_millis(15 * 3_600_000);
        let at = |i: Interval| next_reset(&i, now).map(|t| t.day().to_string());
        assert_eq!(at(Interval::Daily).as_deref(), Some("2026-12-04"));
        assert_eq!(at(Interval::Weekly).as_deref(), Some("2026-12-07"));
        assert_eq!(at(Interval::Monthly).as_deref(), Some("2027-01-01"));
        assert_eq!(at(Interval::Lifetime), None);
        assert_eq!(at(Interval::Other("quarterly".into())), None);
        // At midnight exactly, the window that just began resets next time, not now.
        let monday = Day::parse("2026-12-07").unwrap().start();
        assert_eq!(
            next_reset(&Interval::Weekly, monday).map(|t| t.day().to_string()),
            Some("2026-12-14".to_owned())
        );
    }

    proptest! {
        #[test]
        fn a_reset_is_always_in_the_future(
            ms in -4_000_000_000_000i64..4_000_000_000_000i64,
            which in 0usize..3,
        ) {
            let interval = [Interval::Daily, Interval::Weekly, Interval::Monthly][which].clone();
            let now = Timestamp(ms);
            let at = next_reset(&interval, now);
            prop_assert!(at.is_some());
            let at = at.unwrap_or(now);
            prop_assert!(at > now);
            prop_assert!(at.since(now) <= 31 * DAY_MS);
            prop_assert_eq!(at.millis().rem_euclid(DAY_MS), 0, "at midnight UTC");
            if interval == Interval::Weekly {
                prop_assert_eq!(at.day().weekday(), 0, "a Monday");
            }
        }

        #[test]
        fn a_limit_never_shows_negative_spend_or_more_left_than_the_limit(
            limit in 0.0f64..1e6,
            remaining in proptest::option::of(-1e6f64..2e6),
            daily in 0.0f64..1e6,
        ) {
            let mut row = limited("k", limit, remaining, Interval::Daily);
            row.usage.daily = daily;
            let l = ledger(vec![row], None);
            let s = standing(&l, &key("k")).unwrap();
            let spent = s.spent.unwrap_or(0.0);
            prop_assert!(spent >= 0.0);
            let left = s.left().unwrap_or(0.0);
            prop_assert!((0.0..=limit).contains(&left));
        }
    }
}
