//! Every API key of every workspace, folded page by page into what the tiles need: the account's
//! spend today (Today), the keys that spent most this month (Top Models by key), each workspace's
//! sums (its budgets), and a bounded directory of keys with their limits (the Budget tile and the
//! inspector's list).
//!
//! Pages are folded as they arrive and then dropped, so a poll holds sums, six ranked keys and at
//! most [`MAX_DIRECTORY`] entries whatever OpenRouter sends. A key two answers both list is counted
//! once (by `hash`); a number that is not whole says so (`incomplete`), and the log says why.

use crate::openrouter::{
    ApiError, Budgets, Endpoint, KeyHash, KeyLimit, KeyRow, KeysPage, Usage, WorkspaceId,
};
use crate::top_models::{order, Ranked, MAX_MODELS};
use std::collections::BTreeSet;

const OPENROUTER: &str = "https://openrouter.ai";

/// Keys ranked for Top Models by key.
pub const MAX_TOP: usize = MAX_MODELS;
/// Keys kept by hash for the Budget tile and the inspector; more are still summed.
pub const MAX_DIRECTORY: usize = 1_000;
/// Keys summed in one poll (200 pages); beyond, the sums are a floor.
pub const MAX_KEYS: u32 = 20_000;
/// Failures kept for the log of one poll.
const MAX_FAILURES: usize = 8;

/// Where the list of workspaces came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// `/workspaces` listed them (this poll, or the last one when this poll's ask failed).
    Workspaces,
    /// The account has no `/workspaces` (refused or missing: an older or personal account): its
    /// default workspace is all there is, and `/keys` without `workspace_id` lists it whole.
    DefaultOnly,
    /// `/workspaces` failed and nothing was known: the default workspace alone, a floor.
    Unknown,
}

/// One workspace's keys, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceKeys {
    /// `None`: the default workspace of an account without workspaces.
    pub id: Option<WorkspaceId>,
    pub name: String,
    /// Its slug, for the address of its pages on OpenRouter.
    pub slug: Option<WorkspaceId>,
    /// Credits its keys spent, disabled keys included.
    pub usage: Usage,
    /// BYOK spend of its keys, apart.
    pub byok: Usage,
    /// Keys counted.
    pub keys: u32,
    /// Every page of its keys was read.
    pub complete: bool,
    /// Its budgets, from the last answer that came (kept when a later ask fails).
    pub budgets: Option<Budgets>,
    /// Why the last ask for its budgets failed, if it did.
    pub budgets_error: Option<ApiError>,
}

impl WorkspaceKeys {
    pub fn new(id: Option<WorkspaceId>, name: String) -> WorkspaceKeys {
        WorkspaceKeys {
            id,
            name,
            slug: None,
            usage: Usage::default(),
            byok: Usage::default(),
            keys: 0,
            complete: true,
            budgets: None,
            budgets_error: None,
        }
    }
}

/// A key among the month's biggest spenders.
#[derive(Debug, Clone, PartialEq)]
pub struct TopKey {
    pub name: String,
    pub monthly: f64,
    /// Index into [`KeyLedger::workspaces`].
    pub workspace: usize,
}

/// A key kept by its hash: enough for its limit's tile and the inspector's list.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    pub hash: KeyHash,
    pub name: String,
    pub disabled: bool,
    /// Index into [`KeyLedger::workspaces`].
    pub workspace: usize,
    pub usage: Usage,
    pub byok: Usage,
    pub limit: Option<KeyLimit>,
}

/// What one `/keys` page changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Folded {
    /// Keys counted for the first time.
    pub new: u32,
    /// Every key on the page with a hash had been counted already: the server repeats itself
    /// (it ignores `offset`), and asking for more would only repeat it again.
    pub repeated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyLedger {
    pub listing: Listing,
    pub workspaces: Vec<WorkspaceKeys>,
    /// The month's biggest spenders, most first (ties by name), at most [`MAX_TOP`].
    pub top: Vec<TopKey>,
    pub directory: Vec<KeyEntry>,
    /// Credits spent today (UTC) by every key counted.
    pub today: f64,
    pub counted: u32,
    /// Entries that could not be used (impossible amounts), counted.
    pub skipped: u32,
    /// Entries listed again (the same hash) and not counted twice.
    pub duplicates: u32,
    /// Pages that only repeated keys already counted.
    pub repeated_pages: u32,
    /// Keys summed but not kept in the directory (it was full).
    pub unkept: u32,
    /// Not whole: a page failed or overflowed, a list was longer than we read, or the
    /// workspaces are not known. The sums are then a floor.
    pub incomplete: bool,
    /// Whether budgets were asked for in this poll.
    pub budgets_asked: bool,
    /// The list of workspaces is every one the account has (as far as `/workspaces` said):
    /// false when a later page failed, an entry was skipped or the list passed the cap.
    pub workspaces_whole: bool,
    /// Workspaces `/workspaces` listed without an id we can ask about (their keys unread).
    pub skipped_workspaces: u32,
    /// What failed on the way, for the log (at most a few).
    pub failures: Vec<(Endpoint, ApiError)>,
    /// Hashes counted so far (64-bit digests: small, and a collision costs one key's spend).
    seen: BTreeSet<u64>,
}

impl KeyLedger {
    pub fn new(listing: Listing) -> KeyLedger {
        KeyLedger {
            listing,
            workspaces: Vec::new(),
            top: Vec::new(),
            directory: Vec::new(),
            today: 0.0,
            counted: 0,
            skipped: 0,
            duplicates: 0,
            repeated_pages: 0,
            unkept: 0,
            incomplete: listing == Listing::Unknown,
            budgets_asked: false,
            workspaces_whole: true,
            skipped_workspaces: 0,
            failures: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    /// Folds one page of workspace `ws`'s keys into the sums, the ranking and the directory.
    pub fn fold(&mut self, ws: usize, page: &KeysPage) -> Folded {
        let mut folded = Folded::default();
        let mut hashed = 0u32;
        self.skipped = self.skipped.saturating_add(page.skipped);
        if page.overflow {
            self.incomplete = true;
            if let Some(w) = self.workspaces.get_mut(ws) {
                w.complete = false;
            }
        }
        for row in &page.keys {
            if self.counted >= MAX_KEYS {
                self.incomplete = true;
                break;
            }
            if let Some(hash) = &row.hash {
                hashed += 1;
                if !self.seen.insert(digest(hash.as_str())) {
                    self.duplicates = self.duplicates.saturating_add(1);
                    continue;
                }
            }
            folded.new += 1;
            self.count(ws, row);
        }
        folded.repeated = hashed > 0 && folded.new == 0;
        if folded.repeated {
            self.repeated_pages += 1;
        }
        folded
    }

    fn count(&mut self, ws: usize, row: &KeyRow) {
        self.counted += 1;
        self.today += row.usage.daily;
        if let Some(w) = self.workspaces.get_mut(ws) {
            w.usage.add(&row.usage);
            w.byok.add(&row.byok);
            w.keys = w.keys.saturating_add(1);
        }
        if row.usage.monthly > 0.0 {
            self.rank(TopKey {
                name: row.name.clone(),
                monthly: row.usage.monthly,
                workspace: ws,
            });
        }
        match &row.hash {
            Some(hash) if self.directory.len() < MAX_DIRECTORY => self.directory.push(KeyEntry {
                hash: hash.clone(),
                name: row.name.clone(),
                disabled: row.disabled,
                workspace: ws,
                usage: row.usage,
                byok: row.byok,
                limit: row.limit.clone(),
            }),
            Some(_) => self.unkept = self.unkept.saturating_add(1),
            None => {}
        }
    }

    fn rank(&mut self, key: TopKey) {
        let at = self
            .top
            .iter()
            .position(|k| {
                key.monthly
                    .total_cmp(&k.monthly)
                    .then_with(|| k.name.cmp(&key.name))
                    .then_with(|| k.workspace.cmp(&key.workspace))
                    .is_gt()
            })
            .unwrap_or(self.top.len());
        if at < MAX_TOP {
            self.top.insert(at, key);
            self.top.truncate(MAX_TOP);
        }
    }

    /// Up to six keys with spend this month, of every workspace, most first; disabled keys count
    /// (they spent it). Each names its workspace when the account has several.
    pub fn ranked(&self) -> Vec<Ranked> {
        let named = self.names_workspaces();
        let mut ranked: Vec<Ranked> = self
            .top
            .iter()
            .filter(|k| k.monthly > 0.0)
            .map(|k| Ranked {
                name: k.name.clone(),
                spend: k.monthly,
                tag: named
                    .then(|| self.workspaces.get(k.workspace).map(|w| w.name.clone()))
                    .flatten(),
            })
            .collect();
        order(&mut ranked);
        ranked
    }

    /// Something on the way failed: the log hears of it (and the caller decides what it costs).
    pub fn failed(&mut self, endpoint: Endpoint, error: ApiError) {
        // A 429 ends the walk, and the wait it asks for is read from here: always kept.
        let limited = matches!(error, ApiError::RateLimited { .. });
        if self.failures.len() < MAX_FAILURES || limited {
            self.failures.push((endpoint, error));
        }
    }

    /// The walk is over: the digests are dropped (memory back), only the results stay.
    pub fn finish(&mut self) {
        self.seen = BTreeSet::new();
    }

    /// A workspace by id.
    pub fn workspace(&self, id: &WorkspaceId) -> Option<&WorkspaceKeys> {
        self.workspaces.iter().find(|w| w.id.as_ref() == Some(id))
    }

    pub fn key(&self, hash: &KeyHash) -> Option<&KeyEntry> {
        self.directory.iter().find(|k| &k.hash == hash)
    }

    /// Workspaces are worth naming on a tile only when there are several.
    pub fn names_workspaces(&self) -> bool {
        self.workspaces.len() > 1
    }

    /// Where OpenRouter shows (and sets) a key's limit, as its own "key limit exceeded" errors
    /// link it: `/workspaces/<slug>/keys/<hash>`, `default` for the default workspace.
    pub fn key_page(&self, key: &KeyEntry) -> String {
        let slug = self
            .workspaces
            .get(key.workspace)
            .and_then(|w| w.slug.as_ref().map(WorkspaceId::as_str))
            .unwrap_or("default");
        format!("{OPENROUTER}/workspaces/{slug}/keys/{}", key.hash.as_str())
    }

    /// A workspace's page on OpenRouter (where its budgets are set).
    pub fn workspace_page(&self, workspace: &WorkspaceKeys) -> String {
        let slug = workspace
            .slug
            .as_ref()
            .or(workspace.id.as_ref())
            .map(WorkspaceId::as_str)
            .unwrap_or("default");
        format!("{OPENROUTER}/workspaces/{slug}")
    }

    /// Takes budgets learnt before for workspaces whose ask failed this time, or that were not
    /// asked (beyond this poll's asks).
    pub fn keep_budgets_from(&mut self, before: &KeyLedger) {
        for w in &mut self.workspaces {
            if w.budgets.is_none() {
                if let Some(old) = w.id.as_ref().and_then(|id| before.workspace(id)) {
                    w.budgets = old.budgets.clone();
                }
            }
        }
    }

    /// What the log says of the keys a poll read: what was skipped, not counted twice, not read.
    pub fn log_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.skipped > 0 {
            lines.push(format!(
                "/keys: {} keys skipped (unusable amounts)",
                self.skipped
            ));
        }
        if self.duplicates > 0 {
            lines.push(format!(
                "/keys: {} keys listed twice, counted once",
                self.duplicates
            ));
        }
        if self.repeated_pages > 0 {
            lines.push(format!(
                "/keys: {} pages repeated keys already counted; stopped there",
                self.repeated_pages
            ));
        }
        if self.unkept > 0 {
            lines.push(format!(
                "/keys: {} keys summed but not listed for Budget (more than {MAX_DIRECTORY})",
                self.unkept
            ));
        }
        if self.skipped_workspaces > 0 {
            lines.push(format!(
                "/workspaces: {} workspaces without a usable id skipped; their keys are not counted",
                self.skipped_workspaces
            ));
        }
        if self.listing == Listing::Unknown {
            lines.push("/workspaces: not known; counted the default workspace alone".to_owned());
        }
        for (endpoint, error) in &self.failures {
            lines.push(format!("{} failed: {error}", describe(endpoint, self)));
        }
        if self.incomplete {
            lines.push("/keys: not every key was read; today's sum is a floor".to_owned());
        }
        lines
    }
}

/// An endpoint as the log names it, with the workspace's name rather than its id.
fn describe(endpoint: &Endpoint, ledger: &KeyLedger) -> String {
    let name = |id: &WorkspaceId| {
        ledger
            .workspace(id)
            .map(|w| w.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match endpoint {
        Endpoint::Keys {
            offset,
            workspace: Some(id),
        } => format!("/keys of {} (from {offset})", name(id)),
        Endpoint::Keys { offset, .. } => format!("/keys (from {offset})"),
        Endpoint::Workspaces { offset } => format!("/workspaces (from {offset})"),
        Endpoint::Budgets { workspace } => format!("budgets of {}", name(workspace)),
        other => other.path().to_owned(),
    }
}

/// A page's rows as one digest (their serialised form: every field read), so two pages can be told
/// the same without keeping either.
pub(crate) fn page_digest(page: &KeysPage) -> u64 {
    let text = serde_json::to_string(&page.keys).unwrap_or_default();
    digest(&text)
}

/// FNV-1a: a fixed, portable digest, so a replay dedupes exactly as the run did.
fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn row(hash: Option<&str>, name: &str, daily: f64, monthly: f64) -> KeyRow {
        KeyRow {
            hash: hash.and_then(KeyHash::parse),
            name: name.to_owned(),
            usage: Usage {
                daily,
                weekly: daily,
                monthly,
                total: monthly,
            },
            ..KeyRow::default()
        }
    }

    fn ledger(workspaces: &[&str]) -> KeyLedger {
        let mut l = KeyLedger::new(Listing::Workspaces);
        for name in workspaces {
            l.workspaces
                .push(WorkspaceKeys::new(WorkspaceId::parse(name), (*name).into()));
        }
        l
    }

    fn page(rows: Vec<KeyRow>) -> KeysPage {
        KeysPage {
            listed: rows.len() as u32,
            keys: rows,
            ..KeysPage::default()
        }
    }

    #[test]
    fn a_key_listed_by_two_answers_counts_once() {
        let mut l = ledger(&["default", "prod"]);
        l.fold(0, &page(vec![row(Some("a"), "A", 1.0, 5.0)]));
        let again = l.fold(
            1,
            &page(vec![
                row(Some("a"), "A", 1.0, 5.0),
                row(Some("b"), "B", 2.0, 9.0),
            ]),
        );
        assert_eq!(again.new, 1);
        assert!(!again.repeated);
        assert_eq!((l.today, l.counted, l.duplicates), (3.0, 2, 1));
        assert_eq!(l.workspaces[1].usage.daily, 2.0);
        let repeat = l.fold(1, &page(vec![row(Some("b"), "B", 2.0, 9.0)]));
        assert!(repeat.repeated);
        assert_eq!(l.today, 3.0);
    }

    #[test]
    fn ranks_the_months_biggest_spenders_across_workspaces() {
        let mut l = ledger(&["default", "prod"]);
        let rows: Vec<KeyRow> = (0..10)
            .map(|i| row(Some(&format!("h{i}")), &format!("k{i}"), 0.0, i as f64))
            .collect();
        l.fold(0, &page(rows[..5].to_vec()));
        l.fold(1, &page(rows[5..].to_vec()));
        let names: Vec<&str> = l.top.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["k9", "k8", "k7", "k6", "k5", "k4"]);
        assert_eq!(l.top[0].workspace, 1);
    }

    #[test]
    fn the_directory_is_bounded_and_the_sums_go_on() {
        let mut l = ledger(&["default"]);
        let rows: Vec<KeyRow> = (0..(MAX_DIRECTORY + 5))
            .map(|i| row(Some(&format!("h{i}")), "k", 0.01, 0.0))
            .collect();
        for chunk in rows.chunks(100) {
            l.fold(0, &page(chunk.to_vec()));
        }
        assert_eq!(l.directory.len(), MAX_DIRECTORY);
        assert_eq!(l.unkept, 5);
        assert_eq!(l.counted as usize, MAX_DIRECTORY + 5);
        assert!(!l.incomplete);
        l.finish();
        assert!(l.seen.is_empty());
    }

    #[test]
    fn keys_rank_by_this_month_and_name_and_name_their_workspace() {
        use crate::openrouter::{KeyHash, KeyRow, KeysPage, Usage, WorkspaceId};
        let key = |name: &str, monthly: f64, disabled: bool| KeyRow {
            hash: KeyHash::parse(name.replace(' ', "-").as_str()),
            name: name.into(),
            disabled,
            usage: Usage {
                monthly,
                ..Usage::default()
            },
            ..KeyRow::default()
        };
        let page = |keys: Vec<KeyRow>| KeysPage {
            listed: keys.len() as u32,
            keys,
            ..KeysPage::default()
        };
        let mut ledger = KeyLedger::new(Listing::DefaultOnly);
        ledger
            .workspaces
            .push(WorkspaceKeys::new(None, "Default".into()));
        ledger.fold(
            0,
            &page(vec![
                key("idle", 0.0, false),
                key("cursor", 4.0, false),
                key("old app", 9.0, true),
                key("bot", 4.0, false),
            ]),
        );
        let ranked = ledger.ranked();
        let names: Vec<_> = ranked.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["old app", "bot", "cursor"]);
        assert!(
            ranked.iter().all(|r| r.tag.is_none()),
            "one workspace: no tag"
        );
        ledger.workspaces.push(WorkspaceKeys::new(
            WorkspaceId::parse("prod"),
            "Production".into(),
        ));
        ledger.fold(1, &page(vec![key("ci", 20.0, false)]));
        let ranked = ledger.ranked();
        assert_eq!(ranked[0].name, "ci");
        assert_eq!(ranked[0].tag.as_deref(), Some("Production"));
        assert_eq!(ranked[1].tag.as_deref(), Some("Default"));
    }

    proptest! {
        /// However the same keys are spread over pages and workspaces, and however often they are
        /// listed again, today's sum is each distinct key's spend once.
        #[test]
        fn sums_are_of_distinct_keys(
            spends in proptest::collection::vec(0u32..10_000, 1..40),
            repeats in proptest::collection::vec((0usize..40, 0usize..3), 0..60),
        ) {
            let mut l = ledger(&["a", "b", "c"]);
            let rows: Vec<KeyRow> = spends
                .iter()
                .enumerate()
                .map(|(i, cents)| row(Some(&format!("h{i}")), "k", f64::from(*cents) / 100.0, 0.0))
                .collect();
            for (i, r) in rows.iter().enumerate() {
                l.fold(i % 3, &page(vec![r.clone()]));
            }
            for (i, ws) in repeats {
                if let Some(r) = rows.get(i) {
                    l.fold(ws, &page(vec![r.clone()]));
                }
            }
            let whole: f64 = spends.iter().map(|c| f64::from(*c) / 100.0).sum();
            prop_assert!((l.today - whole).abs() < 1e-6);
            prop_assert_eq!(l.counted as usize, spends.len());
        }
    }
}
