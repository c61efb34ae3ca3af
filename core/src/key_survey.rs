//! One poll's walk over the account's keys: the workspaces first (`/workspaces`, every page), then
//! every page of each workspace's keys (`/keys?workspace_id=…`), then, when a Budget tile wants
//! them, each workspace's budgets. One request at a time; every answer is folded into the
//! [`KeyLedger`] as it comes.
//!
//! `GET /keys` lists the default workspace only unless `workspace_id` is given, so an
//! organisation's spend is the sum over every workspace it lists. An account that has no
//! `/workspaces` (refused or missing: older or personal accounts) is its default workspace, read
//! without `workspace_id`. When the list cannot be had this time, the last poll's is used; when
//! none is known, the default workspace alone is a floor, never passed off as the whole.

use crate::key_ledger::{KeyLedger, Listing, WorkspaceKeys};
use crate::openrouter::{
    ApiError, BodyError, Endpoint, Fetched, Workspace, WorkspaceId, KEYS_PAGE, WORKSPACES_PAGE,
};

/// Keys pages one poll reads, over every workspace (20,000 keys, or 200 workspaces of a page
/// each); beyond, the sums are a floor.
pub const MAX_KEY_PAGES: u32 = 200;
/// Workspaces one poll reads (five pages of `/workspaces`).
pub const MAX_WORKSPACES: usize = 5 * WORKSPACES_PAGE as usize;
/// Workspaces whose budgets one poll asks for (those a tile picks first).
pub const MAX_BUDGET_ASKS: usize = 50;

/// What the last poll learnt of the workspaces: a fallback when this poll cannot ask.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Known {
    #[default]
    Nothing,
    DefaultOnly,
    Workspaces(Vec<Workspace>),
    /// A list that was not whole (a later page failed, some were skipped or beyond the cap):
    /// used when this poll cannot ask, and still a floor.
    Partial(Vec<Workspace>),
}

impl Known {
    /// What a ledger tells the next poll.
    pub fn from_ledger(ledger: Option<&KeyLedger>) -> Known {
        let list = |l: &KeyLedger| {
            l.workspaces
                .iter()
                .filter_map(|w| {
                    Some(Workspace {
                        id: w.id.clone()?,
                        name: w.name.clone(),
                        slug: w.slug.clone(),
                    })
                })
                .collect()
        };
        match ledger.map(|l| (l.listing, l)) {
            Some((Listing::DefaultOnly, _)) => Known::DefaultOnly,
            Some((Listing::Workspaces, l)) if l.workspaces_whole => Known::Workspaces(list(l)),
            Some((Listing::Workspaces, l)) => Known::Partial(list(l)),
            _ => Known::Nothing,
        }
    }
}

/// What the survey needs besides the keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// A Budget tile shows the account: each workspace's budgets too.
    pub budgets: bool,
    pub known: Known,
    /// Workspaces a Budget tile picks: their budgets are asked for first, so a pick is never
    /// beyond [`MAX_BUDGET_ASKS`].
    pub picked: Vec<WorkspaceId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Workspaces {
        offset: u32,
    },
    Keys {
        ws: usize,
        offset: u32,
    },
    /// The `at`-th workspace of [`Survey::budget_order`].
    Budgets {
        at: usize,
    },
}

/// A survey under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    budgets: bool,
    known: Known,
    ledger: KeyLedger,
    stage: Stage,
    /// Keys pages read so far.
    pages: u32,
    /// Workspaces picked by a tile, asked for first.
    picked: Vec<WorkspaceId>,
    /// The workspaces whose budgets this poll asks for, in order (indexes into the ledger's).
    budget_order: Vec<usize>,
    /// Whether any keys page came back: without one there is nothing to show.
    keys_read: bool,
    /// The first error of a keys page, the survey's error when no page came back.
    keys_error: Option<ApiError>,
    /// The workspace and fingerprint of the last keys page read: a page the same as the one
    /// before is a server ignoring `offset`, even when its keys have no hash to tell them by.
    last_page: Option<(usize, u64)>,
}

/// What the survey asks next, or its result.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Fetch(Endpoint),
    Done(Result<KeyLedger, ApiError>),
}

impl Survey {
    /// Starts a survey: the first request is the first page of workspaces.
    pub fn start(plan: Plan) -> (Survey, Endpoint) {
        let survey = Survey {
            budgets: plan.budgets,
            known: plan.known,
            ledger: KeyLedger::new(Listing::Workspaces),
            stage: Stage::Workspaces { offset: 0 },
            pages: 0,
            picked: plan.picked,
            budget_order: Vec::new(),
            keys_read: false,
            keys_error: None,
            last_page: None,
        };
        let endpoint = survey.endpoint();
        (survey, endpoint)
    }

    /// A Budget tile came while the survey runs: its budgets are asked for too.
    pub fn add_budgets(&mut self, picked: &[WorkspaceId]) {
        self.budgets = true;
        for id in picked {
            if !self.picked.contains(id) {
                self.picked.push(id.clone());
            }
        }
    }

    /// The request the survey waits for.
    pub fn endpoint(&self) -> Endpoint {
        match self.stage {
            Stage::Workspaces { offset } => Endpoint::Workspaces { offset },
            Stage::Keys { ws, offset } => Endpoint::Keys {
                offset,
                workspace: self.ledger.workspaces.get(ws).and_then(|w| w.id.clone()),
            },
            Stage::Budgets { at } => {
                let ws = self.budget_order.get(at).copied().unwrap_or(usize::MAX);
                match self.ledger.workspaces.get(ws).and_then(|w| w.id.clone()) {
                    Some(workspace) => Endpoint::Budgets { workspace },
                    // Only workspaces with an id are asked (see `start_budgets`).
                    None => Endpoint::Workspaces { offset: 0 },
                }
            }
        }
    }

    /// Takes the answer to [`Survey::endpoint`]; returns the next request or the result.
    pub fn answer(&mut self, result: Result<Fetched, ApiError>) -> Next {
        let endpoint = self.endpoint();
        match self.stage {
            Stage::Workspaces { offset } => self.workspaces(offset, endpoint, result),
            Stage::Keys { ws, offset } => self.keys(ws, offset, endpoint, result),
            Stage::Budgets { at } => self.budgets(at, endpoint, result),
        }
    }

    fn workspaces(
        &mut self,
        offset: u32,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    ) -> Next {
        match expect(result, |f| match f {
            Fetched::Workspaces(page) => Some(page),
            _ => None,
        }) {
            Ok(page) => {
                if page.skipped > 0 {
                    // A workspace we cannot ask about (no usable id) has keys we cannot read.
                    self.ledger.incomplete = true;
                    self.ledger.workspaces_whole = false;
                    self.ledger.skipped_workspaces =
                        self.ledger.skipped_workspaces.saturating_add(page.skipped);
                }
                for w in page.workspaces {
                    if self.ledger.workspaces.len() >= MAX_WORKSPACES {
                        self.ledger.incomplete = true;
                        self.ledger.workspaces_whole = false;
                        break;
                    }
                    if self.ledger.workspace(&w.id).is_none() {
                        self.ledger.workspaces.push(keys_of(w));
                    }
                }
                let next = offset.saturating_add(WORKSPACES_PAGE);
                let more = page.listed >= WORKSPACES_PAGE && page.total.is_none_or(|t| t > next);
                if more && (next as usize) < MAX_WORKSPACES {
                    self.stage = Stage::Workspaces { offset: next };
                    return Next::Fetch(self.endpoint());
                }
                if more {
                    self.ledger.incomplete = true;
                    self.ledger.workspaces_whole = false;
                }
                if self.ledger.workspaces.is_empty() {
                    // Every account has a Default workspace; an empty list says nothing.
                    self.default_only(Listing::DefaultOnly);
                }
            }
            Err(error) if offset > 0 => {
                // Some workspaces are known, not all: count those, as a floor.
                self.ledger.incomplete = true;
                self.ledger.workspaces_whole = false;
                self.ledger.failed(endpoint, error.clone());
                if matches!(error, ApiError::RateLimited { .. }) {
                    // No key was read: this poll has no keys to show (the last poll's stay),
                    // never an empty ledger passed off as a floor of $0.
                    self.keys_error = Some(error);
                    return self.done();
                }
            }
            Err(error) if refuses_workspaces(&error) => {
                self.default_only(Listing::DefaultOnly);
            }
            Err(error) => {
                self.ledger.failed(endpoint, error.clone());
                if matches!(error, ApiError::RateLimited { .. }) {
                    self.keys_error = Some(error);
                    return self.done();
                }
                match std::mem::take(&mut self.known) {
                    Known::Workspaces(list) if !list.is_empty() => {
                        self.ledger.workspaces = list.into_iter().map(keys_of).collect();
                    }
                    Known::Partial(list) if !list.is_empty() => {
                        self.ledger.workspaces = list.into_iter().map(keys_of).collect();
                        self.ledger.incomplete = true;
                        self.ledger.workspaces_whole = false;
                    }
                    Known::DefaultOnly => self.default_only(Listing::DefaultOnly),
                    _ => self.default_only(Listing::Unknown),
                }
            }
        }
        self.stage = Stage::Keys { ws: 0, offset: 0 };
        Next::Fetch(self.endpoint())
    }

    fn default_only(&mut self, listing: Listing) {
        self.ledger.listing = listing;
        self.ledger.incomplete |= listing == Listing::Unknown;
        self.ledger.workspaces = vec![WorkspaceKeys::new(None, "Default".to_owned())];
    }

    fn keys(
        &mut self,
        ws: usize,
        offset: u32,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    ) -> Next {
        match expect(result, |f| match f {
            Fetched::Keys(page) => Some(page),
            _ => None,
        }) {
            Ok(page) => {
                self.keys_read = true;
                self.pages += 1;
                let fingerprint = crate::key_ledger::page_digest(&page);
                let again = offset > 0
                    && !page.keys.is_empty()
                    && self.last_page == Some((ws, fingerprint));
                self.last_page = Some((ws, fingerprint));
                let repeated = match again {
                    true => {
                        // Every key on it is listed twice (counted once, with a hash or not).
                        self.ledger.repeated_pages += 1;
                        let listed = u32::try_from(page.keys.len()).unwrap_or(u32::MAX);
                        self.ledger.duplicates = self.ledger.duplicates.saturating_add(listed);
                        true
                    }
                    false => self.ledger.fold(ws, &page).repeated,
                };
                let more = page.listed >= KEYS_PAGE && !repeated;
                if more && self.pages < MAX_KEY_PAGES {
                    self.stage = Stage::Keys {
                        ws,
                        offset: offset.saturating_add(KEYS_PAGE),
                    };
                    return Next::Fetch(self.endpoint());
                }
                if more {
                    self.mark_incomplete(ws);
                }
            }
            Err(error) => {
                self.mark_incomplete(ws);
                self.ledger.failed(endpoint, error.clone());
                let limited = matches!(error, ApiError::RateLimited { .. });
                self.keys_error.get_or_insert(error);
                if limited {
                    // Every further ask would be refused too; the account waits.
                    for later in ws + 1..self.ledger.workspaces.len() {
                        self.mark_incomplete(later);
                    }
                    return self.done();
                }
            }
        }
        if ws + 1 < self.ledger.workspaces.len() {
            if self.pages >= MAX_KEY_PAGES {
                for later in ws + 1..self.ledger.workspaces.len() {
                    self.mark_incomplete(later);
                }
                return self.start_budgets();
            }
            self.stage = Stage::Keys {
                ws: ws + 1,
                offset: 0,
            };
            return Next::Fetch(self.endpoint());
        }
        self.start_budgets()
    }

    fn mark_incomplete(&mut self, ws: usize) {
        self.ledger.incomplete = true;
        if let Some(w) = self.ledger.workspaces.get_mut(ws) {
            w.complete = false;
        }
    }

    /// Decides whose budgets this poll asks for — every workspace's in OpenRouter's order, or,
    /// when there are more than [`MAX_BUDGET_ASKS`], those a tile picks first and then the
    /// others up to the cap — and asks for the first.
    fn start_budgets(&mut self) -> Next {
        if !self.budgets {
            return self.done();
        }
        self.ledger.budgets_asked = true;
        let workspaces = &self.ledger.workspaces;
        let picked = |ws: &usize| {
            workspaces[*ws]
                .id
                .as_ref()
                .is_some_and(|id| self.picked.contains(id))
        };
        let mut order: Vec<usize> = (0..workspaces.len())
            .filter(|&ws| workspaces[ws].id.is_some())
            .collect();
        if order.len() > MAX_BUDGET_ASKS {
            let (mut first, rest): (Vec<usize>, Vec<usize>) = order.into_iter().partition(picked);
            first.extend(rest);
            first.truncate(MAX_BUDGET_ASKS);
            order = first;
        }
        self.budget_order = order;
        self.ask_budgets(0)
    }

    fn ask_budgets(&mut self, at: usize) -> Next {
        match self.budget_order.get(at) {
            Some(_) => {
                self.stage = Stage::Budgets { at };
                Next::Fetch(self.endpoint())
            }
            None => self.done(),
        }
    }

    fn budgets(
        &mut self,
        at: usize,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    ) -> Next {
        let result = expect(result, |f| match f {
            Fetched::Budgets(b) => Some(b),
            _ => None,
        });
        let ws = self.budget_order.get(at).copied().unwrap_or(usize::MAX);
        let limited = match &result {
            Err(error @ ApiError::RateLimited { .. }) => Some(error.clone()),
            _ => None,
        };
        if let Some(w) = self.ledger.workspaces.get_mut(ws) {
            match result {
                Ok(budgets) => {
                    w.budgets = Some(budgets);
                    w.budgets_error = None;
                }
                Err(error) => {
                    w.budgets_error = Some(error.clone());
                    self.ledger.failed(endpoint, error);
                }
            }
        }
        if let Some(error) = limited {
            // The workspaces not asked yet could not be either: they keep what the last poll
            // brought, as a failed ask does, rather than going back to "coming".
            for later in self.budget_order.iter().skip(at + 1) {
                if let Some(w) = self.ledger.workspaces.get_mut(*later) {
                    w.budgets_error = Some(error.clone());
                }
            }
            return self.done();
        }
        self.ask_budgets(at + 1)
    }

    fn done(&mut self) -> Next {
        let mut ledger = std::mem::replace(&mut self.ledger, KeyLedger::new(Listing::Unknown));
        ledger.finish();
        match (self.keys_read, self.keys_error.take()) {
            (false, Some(error)) => Next::Done(Err(error)),
            _ => Next::Done(Ok(ledger)),
        }
    }
}

fn keys_of(w: Workspace) -> WorkspaceKeys {
    let mut keys = WorkspaceKeys::new(Some(w.id), w.name);
    keys.slug = w.slug;
    keys
}

/// An answer of the expected kind, or an error saying it was not.
fn expect<T>(
    result: Result<Fetched, ApiError>,
    pick: impl FnOnce(Fetched) -> Option<T>,
) -> Result<T, ApiError> {
    pick(result?).ok_or_else(|| {
        ApiError::BadBody(BodyError::Shape {
            detail: "an answer for another endpoint".to_owned(),
        })
    })
}

/// The account has no `/workspaces` for this key: refused (401, 403) or missing (400, 404, 405,
/// 501). Its default workspace is then all it has. (A 401 also fails `/credits`, which says so.)
fn refuses_workspaces(error: &ApiError) -> bool {
    match error {
        ApiError::KeyRejected | ApiError::NotManagementKey => true,
        ApiError::UnexpectedStatus { status } => matches!(status, 400 | 404 | 405),
        ApiError::Service { status } => *status == 501,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::{
        Budget, Budgets, Interval, KeyHash, KeyRow, KeysPage, Usage, WorkspaceId, WorkspacesPage,
    };

    fn ws(id: &str, name: &str) -> Workspace {
        Workspace {
            id: WorkspaceId::parse(id).unwrap(),
            name: name.into(),
            slug: None,
        }
    }

    fn keys(n: u32, prefix: &str, daily: f64) -> Fetched {
        Fetched::Keys(KeysPage {
            keys: (0..n)
                .map(|i| KeyRow {
                    hash: KeyHash::parse(&format!("{prefix}{i}")),
                    name: format!("{prefix}{i}"),
                    usage: Usage {
                        daily,
                        ..Usage::default()
                    },
                    ..KeyRow::default()
                })
                .collect(),
            listed: n,
            ..KeysPage::default()
        })
    }

    fn workspaces(list: Vec<Workspace>) -> Fetched {
        Fetched::Workspaces(WorkspacesPage {
            listed: list.len() as u32,
            total: Some(list.len() as u32),
            workspaces: list,
            skipped: 0,
        })
    }

    /// Runs a survey against a table of answers; returns the requests made and the result.
    fn run(
        plan: Plan,
        answer: impl Fn(&Endpoint) -> Result<Fetched, ApiError>,
    ) -> (Vec<Endpoint>, Result<KeyLedger, ApiError>) {
        let (mut survey, mut endpoint) = Survey::start(plan);
        let mut asked = Vec::new();
        loop {
            asked.push(endpoint.clone());
            assert!(asked.len() < 500, "the survey ends");
            match survey.answer(answer(&endpoint)) {
                Next::Fetch(next) => endpoint = next,
                Next::Done(result) => return (asked, result),
            }
        }
    }

    #[test]
    fn an_organisation_is_every_workspace_summed() {
        let (asked, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Ok(workspaces(vec![
                ws("w-default", "Default"),
                ws("w-prod", "Production"),
            ])),
            Endpoint::Keys {
                offset: 0,
                workspace: Some(w),
            } if w.as_str() == "w-default" => Ok(keys(100, "d", 0.05)),
            Endpoint::Keys {
                offset: 100,
                workspace: Some(w),
            } if w.as_str() == "w-default" => Ok(keys(3, "e", 0.5)),
            Endpoint::Keys {
                workspace: Some(w), ..
            } if w.as_str() == "w-prod" => Ok(keys(12, "p", 1.25)),
            other => panic!("unexpected {other:?}"),
        });
        assert_eq!(asked.len(), 4, "{asked:?}");
        let ledger = result.unwrap();
        assert!((ledger.today - (5.0 + 1.5 + 15.0)).abs() < 1e-9);
        assert!(!ledger.incomplete);
        assert_eq!(ledger.listing, Listing::Workspaces);
        assert_eq!(ledger.workspaces[1].keys, 12);
    }

    #[test]
    fn without_workspaces_the_default_is_whole() {
        for refusal in [
            ApiError::NotManagementKey,
            ApiError::UnexpectedStatus { status: 404 },
        ] {
            let (asked, result) = run(Plan::default(), |e| match e {
                Endpoint::Workspaces { .. } => Err(refusal.clone()),
                Endpoint::Keys {
                    workspace: None, ..
                } => Ok(keys(3, "k", 1.0)),
                other => panic!("unexpected {other:?}"),
            });
            assert_eq!(asked.len(), 2);
            let ledger = result.unwrap();
            assert_eq!(
                (ledger.listing, ledger.incomplete),
                (Listing::DefaultOnly, false)
            );
            assert_eq!(ledger.today, 3.0);
        }
    }

    #[test]
    fn a_failed_list_uses_the_last_one_or_says_floor() {
        let offline = |e: &Endpoint| match e {
            Endpoint::Workspaces { .. } => Err(ApiError::Offline),
            Endpoint::Keys { .. } => Ok(keys(2, "k", 1.0)),
            other => panic!("unexpected {other:?}"),
        };
        let (_, unknown) = run(Plan::default(), offline);
        let unknown = unknown.unwrap();
        assert_eq!(
            (unknown.listing, unknown.incomplete),
            (Listing::Unknown, true)
        );
        let known = Plan {
            budgets: false,
            known: Known::Workspaces(vec![ws("a", "A"), ws("b", "B")]),
            picked: Vec::new(),
        };
        let (asked, remembered) = run(known, offline);
        assert_eq!(asked.len(), 3);
        let remembered = remembered.unwrap();
        assert!(!remembered.incomplete);
        assert_eq!(remembered.failures.len(), 1, "the log hears of it");
    }

    #[test]
    fn a_later_workspace_failing_leaves_a_floor_and_a_first_failure_is_an_error() {
        let (_, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Ok(workspaces(vec![ws("a", "A"), ws("b", "B")])),
            Endpoint::Keys {
                workspace: Some(w), ..
            } if w.as_str() == "a" => Ok(keys(2, "k", 1.0)),
            _ => Err(ApiError::Service { status: 502 }),
        });
        let floor = result.unwrap();
        assert!(floor.incomplete && !floor.workspaces[1].complete);
        assert_eq!(floor.today, 2.0);
        let (_, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Ok(workspaces(vec![ws("a", "A")])),
            _ => Err(ApiError::NotManagementKey),
        });
        assert_eq!(result, Err(ApiError::NotManagementKey));
    }

    #[test]
    fn a_server_that_ignores_offset_is_read_once() {
        let (asked, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Err(ApiError::UnexpectedStatus { status: 404 }),
            Endpoint::Keys { .. } => Ok(keys(100, "same", 0.01)),
            other => panic!("unexpected {other:?}"),
        });
        assert_eq!(asked.len(), 3, "the second page repeats the first: stop");
        let ledger = result.unwrap();
        assert!((ledger.today - 1.0).abs() < 1e-9);
        assert!(!ledger.incomplete);
        assert_eq!(ledger.repeated_pages, 1);
    }

    #[test]
    fn endless_pages_stop_at_the_cap_as_a_floor() {
        let counter = std::cell::Cell::new(0u32);
        let (asked, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Err(ApiError::NotManagementKey),
            Endpoint::Keys { .. } => {
                counter.set(counter.get() + 1);
                Ok(keys(100, &format!("p{}-", counter.get()), 0.0))
            }
            other => panic!("unexpected {other:?}"),
        });
        assert_eq!(asked.len() as u32, 1 + MAX_KEY_PAGES);
        assert!(result.unwrap().incomplete);
    }

    #[test]
    fn budgets_are_asked_per_workspace_when_wanted_and_kept_apart_from_keys() {
        let plan = Plan {
            budgets: true,
            known: Known::Nothing,
            picked: Vec::new(),
        };
        let (asked, result) = run(plan, |e| match e {
            Endpoint::Workspaces { .. } => Ok(workspaces(vec![ws("a", "A"), ws("b", "B")])),
            Endpoint::Keys { .. } => Ok(keys(1, "k", 1.0)),
            Endpoint::Budgets { workspace } if workspace.as_str() == "a" => {
                Ok(Fetched::Budgets(Budgets {
                    budgets: vec![Budget {
                        limit: 200.0,
                        interval: Interval::Monthly,
                    }],
                    include_byok: false,
                    skipped: 0,
                }))
            }
            Endpoint::Budgets { .. } => Err(ApiError::Service { status: 500 }),
            other => panic!("unexpected {other:?}"),
        });
        assert_eq!(asked.len(), 5);
        let ledger = result.unwrap();
        assert!(ledger.budgets_asked);
        assert_eq!(
            ledger.workspaces[0].budgets.as_ref().unwrap().budgets.len(),
            1
        );
        assert!(ledger.workspaces[1].budgets_error.is_some());
        assert!(
            !ledger.incomplete,
            "a budget failing does not make the keys partial"
        );
    }

    #[test]
    fn a_rate_limit_stops_the_walk() {
        let (asked, result) = run(Plan::default(), |e| match e {
            Endpoint::Workspaces { .. } => Ok(workspaces(vec![ws("a", "A"), ws("b", "B")])),
            _ => Err(ApiError::RateLimited { retry_after: None }),
        });
        assert_eq!(asked.len(), 2);
        assert!(matches!(result, Err(ApiError::RateLimited { .. })));
    }
}
