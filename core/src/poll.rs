//! The one shared poller: one `/credits` and one `/activity` request per poll however many tiles
//! (and every page of `/keys`, only while a tile that needs it is visible), never two polls in
//! flight, every 15 minutes after the last completed poll, and back-off after failures (honouring
//! `Retry-After` on a 429).

use crate::api_key::ApiKey;
use crate::command::LogLevel;
use crate::event::FetchId;
use crate::key_ledger::KeyLedger;
use crate::key_survey::{Next, Plan, Survey};
use crate::openrouter::{retry_after_millis, Activity, ApiError, Credits, Endpoint, Fetched};
use crate::requests::{Purpose, Requests};
use crate::timestamp::{Timestamp, HOUR_MS, MINUTE_MS};

pub const POLL_INTERVAL_MS: i64 = 15 * MINUTE_MS;
pub const FIRST_RETRY_MS: i64 = MINUTE_MS;
/// A server asking for more than an hour is most likely confused; we look again after an hour.
pub const MAX_RETRY_AFTER_MS: i64 = HOUR_MS;

#[derive(Debug, Clone, PartialEq)]
enum Answer<T> {
    Waiting(FetchId),
    Done(Result<T, ApiError>),
}

impl<T> Answer<T> {
    fn waiting(&self) -> Option<FetchId> {
        match self {
            Answer::Waiting(id) => Some(*id),
            Answer::Done(_) => None,
        }
    }

    fn take(&mut self, id: FetchId, result: Result<T, ApiError>) -> bool {
        match self {
            Answer::Waiting(waiting) if *waiting == id => {
                *self = Answer::Done(result);
                true
            }
            _ => false,
        }
    }
}

/// The walk over the account's keys a poll makes, while a tile needs them.
#[derive(Debug, Clone, PartialEq)]
enum SurveySlot {
    Waiting { id: FetchId, survey: Box<Survey> },
    Done(Result<KeyLedger, ApiError>),
}

/// A poll under way.
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    pub key: ApiKey,
    pub started: Timestamp,
    credits: Answer<Credits>,
    activity: Answer<Activity>,
    /// `None` when no visible tile needs `/keys`.
    keys: Option<SurveySlot>,
    /// Keys held to force this poll: they get a showOk / showAlert when it ends.
    pub held_by: Vec<String>,
}

/// The answers of a finished poll.
#[derive(Debug, Clone, PartialEq)]
pub struct Completed {
    pub key: ApiKey,
    pub credits: Result<Credits, ApiError>,
    pub activity: Result<Activity, ApiError>,
    /// `None` when this poll did not ask for `/keys`.
    pub key_usage: Option<Result<KeyLedger, ApiError>>,
    pub held_by: Vec<String>,
}

impl Completed {
    /// What the log says of a finished poll: skipped rows once, and each source's outcome on its
    /// own line when anything failed (a partial failure is partial).
    pub fn log_lines(&self) -> Vec<(LogLevel, String)> {
        let mut lines = Vec::new();
        if let Ok(activity) = &self.activity {
            if !activity.skipped.is_empty() {
                lines.push((LogLevel::Warn, format!("/activity: {}", activity.skipped)));
            }
        }
        if let Some(Ok(ledger)) = &self.key_usage {
            lines.extend(ledger.log_lines().into_iter().map(|l| (LogLevel::Warn, l)));
        }
        if self.error().is_none() {
            lines.push((LogLevel::Info, "poll ok".to_owned()));
            return lines;
        }
        let keys = self.key_usage.as_ref().map(|k| {
            let first = Endpoint::Keys {
                offset: 0,
                workspace: None,
            };
            (first, k.as_ref().err())
        });
        let sources = [
            (Endpoint::Credits, self.credits.as_ref().err()),
            (Endpoint::Activity, self.activity.as_ref().err()),
        ];
        for (endpoint, error) in sources.into_iter().chain(keys) {
            let line = match error {
                Some(e) => format!("poll: {} failed: {e}", endpoint.path()),
                None => format!("poll: {} ok", endpoint.path()),
            };
            lines.push((LogLevel::Warn, line));
        }
        lines
    }

    /// The one error that explains the poll: a key problem first (it explains the other), then
    /// the credits error, then the activity error.
    pub fn error(&self) -> Option<&ApiError> {
        let keys = self.key_usage.as_ref().and_then(|k| k.as_ref().err());
        let errors = [
            self.credits.as_ref().err(),
            self.activity.as_ref().err(),
            keys,
        ];
        errors
            .iter()
            .flatten()
            .find(|e| e.is_key_problem())
            .or_else(|| errors.iter().flatten().next())
            .copied()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Poller {
    in_flight: Option<InFlight>,
    failures: u32,
    last_completed: Option<Timestamp>,
    /// A server-imposed wait (429 with `Retry-After`): no poll before it ends, forced or not.
    wait_until: Option<Timestamp>,
}

/// An answer no poll is waiting for: the key was replaced or removed, or it came twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAwaited;

/// What the poller asks of the plugin. The poll deadline itself lives in the plugin's one
/// deadline table; these steps set and clear it.
#[derive(Debug, Clone, PartialEq)]
pub enum PollStep {
    Fetch(FetchId, Endpoint, ApiKey),
    /// Poll at this time, unless a poll is already due sooner.
    SetTimer(Timestamp),
    /// No poll is due (one started, or polling stopped).
    CancelTimer,
    /// A key held to force a poll that was abandoned: it deserves a showAlert.
    Abandoned(String),
    /// A request of an abandoned poll, still unanswered: cancel it.
    Cancel(FetchId),
}

impl Poller {
    pub fn in_flight(&self) -> Option<&InFlight> {
        self.in_flight.as_ref()
    }

    pub fn last_completed(&self) -> Option<Timestamp> {
        self.last_completed
    }

    /// When the wait OpenRouter imposed ends, while it runs.
    pub fn waiting_until(&self, now: Timestamp) -> Option<Timestamp> {
        self.wait_until.filter(|until| *until > now)
    }

    /// Starts a poll now unless one is under way (a hold joins the one under way).
    pub fn start(
        &mut self,
        key: &ApiKey,
        now: Timestamp,
        requests: &mut Requests,
        held_by: Option<&str>,
        survey: Option<Plan>,
    ) -> Vec<PollStep> {
        if let Some(flight) = &mut self.in_flight {
            flight.held_by.extend(held_by.map(str::to_owned));
            return Vec::new();
        }
        if let Some(until) = self.waiting_until(now) {
            // The server asked us to wait: a forced poll is answered with an alert, and the
            // poll happens when the wait ends.
            let mut steps: Vec<PollStep> = held_by
                .map(|c| PollStep::Abandoned(c.to_owned()))
                .into_iter()
                .collect();
            steps.push(PollStep::SetTimer(until));
            return steps;
        }
        let (credits, activity) = (requests.issue(Purpose::Poll), requests.issue(Purpose::Poll));
        let survey = survey.map(|plan| (requests.issue(Purpose::Poll), Survey::start(plan)));
        let mut steps = vec![PollStep::CancelTimer];
        steps.push(PollStep::Fetch(credits, Endpoint::Credits, key.clone()));
        steps.push(PollStep::Fetch(activity, Endpoint::Activity, key.clone()));
        let keys = survey.map(|(id, (survey, first))| {
            steps.push(PollStep::Fetch(id, first, key.clone()));
            SurveySlot::Waiting {
                id,
                survey: Box::new(survey),
            }
        });
        self.in_flight = Some(InFlight {
            key: key.clone(),
            started: now,
            credits: Answer::Waiting(credits),
            activity: Answer::Waiting(activity),
            keys,
            held_by: held_by.map(str::to_owned).into_iter().collect(),
        });
        steps
    }

    /// A tile that needs `/keys` came while a poll without them is under way: the keys join that
    /// poll (it completes when they are in), rather than a second poll being started. A Budget
    /// tile joining a survey under way adds the budgets to it.
    pub fn want_keys(&mut self, plan: Plan, requests: &mut Requests) -> Vec<PollStep> {
        let Some(flight) = &mut self.in_flight else {
            return Vec::new();
        };
        match &mut flight.keys {
            None => {
                let id = requests.issue(Purpose::Poll);
                let (survey, first) = Survey::start(plan);
                flight.keys = Some(SurveySlot::Waiting {
                    id,
                    survey: Box::new(survey),
                });
                vec![PollStep::Fetch(id, first, flight.key.clone())]
            }
            Some(SurveySlot::Waiting { survey, .. }) => {
                if plan.budgets {
                    survey.add_budgets(&plan.picked);
                }
                Vec::new()
            }
            Some(SurveySlot::Done(_)) => Vec::new(),
        }
    }

    /// Takes an answer: the next `/keys` page to fetch, if any, and the finished poll once every
    /// answer is in. Answers that belong to no poll under way (a replaced key, a disconnect) are
    /// refused.
    pub fn answer(
        &mut self,
        id: FetchId,
        result: Result<Fetched, ApiError>,
        requests: &mut Requests,
    ) -> Result<(Vec<PollStep>, Option<Completed>), NotAwaited> {
        let flight = self.in_flight.as_mut().ok_or(NotAwaited)?;
        let mut steps = Vec::new();
        let survey_waits =
            matches!(&flight.keys, Some(SurveySlot::Waiting { id: w, .. }) if *w == id);
        let taken = if survey_waits {
            if let Some(SurveySlot::Waiting {
                id: waiting,
                survey,
            }) = &mut flight.keys
            {
                match survey.answer(result) {
                    Next::Fetch(endpoint) => {
                        let next_id = requests.issue(Purpose::Poll);
                        *waiting = next_id;
                        steps.push(PollStep::Fetch(next_id, endpoint, flight.key.clone()));
                    }
                    Next::Done(result) => flight.keys = Some(SurveySlot::Done(result)),
                }
            }
            true
        } else {
            match result {
                Ok(Fetched::Credits(c)) => flight.credits.take(id, Ok(c)),
                Ok(Fetched::Activity(rows)) => flight.activity.take(id, Ok(rows)),
                Ok(_) => false,
                Err(e) => {
                    flight.credits.take(id, Err(e.clone())) || flight.activity.take(id, Err(e))
                }
            }
        };
        if !taken {
            return Err(NotAwaited);
        }
        let keys_done = !matches!(flight.keys, Some(SurveySlot::Waiting { .. }));
        match (&flight.credits, &flight.activity) {
            (Answer::Done(_), Answer::Done(_)) if keys_done => {}
            _ => return Ok((steps, None)),
        }
        let Some(flight) = self.in_flight.take() else {
            return Err(NotAwaited);
        };
        let (Answer::Done(credits), Answer::Done(activity)) = (flight.credits, flight.activity)
        else {
            return Err(NotAwaited);
        };
        let keys = flight.keys.and_then(|k| match k {
            SurveySlot::Done(result) => Some(result),
            SurveySlot::Waiting { .. } => None,
        });
        Ok((
            steps,
            Some(Completed {
                key: flight.key,
                credits,
                activity,
                key_usage: keys,
                held_by: flight.held_by,
            }),
        ))
    }

    /// Schedules the next poll after a finished one: 15 minutes after success, back-off after
    /// trouble. Returns when it is due.
    pub fn schedule_after(&mut self, completed: &Completed, now: Timestamp) -> Timestamp {
        self.last_completed = Some(now);
        let delay = match completed.error() {
            None => {
                self.failures = 0;
                POLL_INTERVAL_MS
            }
            // A bad key will not heal by itself; look again at the normal pace, no faster.
            Some(e) if e.is_key_problem() => {
                self.failures = 0;
                POLL_INTERVAL_MS
            }
            Some(e) => {
                self.failures = self.failures.saturating_add(1);
                let backoff = backoff_ms(self.failures);
                match e {
                    ApiError::RateLimited {
                        retry_after: Some(r),
                    } => backoff.max(retry_after_millis(*r, now).min(MAX_RETRY_AFTER_MS)),
                    _ => backoff,
                }
            }
        };
        let due = now.plus_millis(delay);
        // A wait asked on any answer of the poll, every page of the keys' walk included, is the
        // account's.
        let walk = match &completed.key_usage {
            Some(Ok(ledger)) => ledger.failures.iter().map(|(_, e)| e).collect(),
            _ => Vec::new(),
        };
        let retry_after = [
            completed.credits.as_ref().err(),
            completed.activity.as_ref().err(),
            completed.key_usage.as_ref().and_then(|k| k.as_ref().err()),
        ]
        .into_iter()
        .flatten()
        .chain(walk)
        .find_map(|e| match e {
            ApiError::RateLimited {
                retry_after: Some(r),
            } => Some(retry_after_millis(*r, now).min(MAX_RETRY_AFTER_MS)),
            _ => None,
        });
        self.wait_until = retry_after.map(|ms| now.plus_millis(ms));
        due
    }

    /// Adds keys held during a poll under way; `false` when there is none to join.
    pub fn join(&mut self, held_by: &[String]) -> bool {
        match &mut self.in_flight {
            Some(flight) => {
                flight.held_by.extend(held_by.iter().cloned());
                true
            }
            None => held_by.is_empty(),
        }
    }

    /// Forgets everything: a new key or no key. Late answers will be refused; keys held for the
    /// abandoned poll come back as [`PollStep::Abandoned`], so they still get an answer.
    pub fn reset(&mut self) -> Vec<PollStep> {
        let (held, unanswered) = match self.in_flight.take() {
            Some(flight) => {
                let keys = match &flight.keys {
                    Some(SurveySlot::Waiting { id, .. }) => Some(*id),
                    _ => None,
                };
                let unanswered: Vec<FetchId> =
                    [flight.credits.waiting(), flight.activity.waiting(), keys]
                        .into_iter()
                        .flatten()
                        .collect();
                (flight.held_by, unanswered)
            }
            None => (Vec::new(), Vec::new()),
        };
        // A wait the server imposed outlives a key change: it is OpenRouter's to lift.
        *self = Poller {
            wait_until: self.wait_until,
            ..Poller::default()
        };
        let mut steps: Vec<PollStep> = held.into_iter().map(PollStep::Abandoned).collect();
        steps.extend(unanswered.into_iter().map(PollStep::Cancel));
        steps.push(PollStep::CancelTimer);
        steps
    }

    /// Stops polling (no tile left to show data), keeping what was learnt.
    pub fn pause(&mut self) -> Vec<PollStep> {
        vec![PollStep::CancelTimer]
    }
}

/// 1, 2, 4, 8 minutes… never longer than the normal interval.
pub fn backoff_ms(failures: u32) -> i64 {
    let doublings = failures.saturating_sub(1).min(10);
    (FIRST_RETRY_MS << doublings).min(POLL_INTERVAL_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openrouter::RetryAfter;
    use proptest::prelude::*;

    fn key() -> ApiKey {
        ApiKey::new("sk-or-v1-test-key-0000").unwrap()
    }

    fn fetch_ids(steps: &[PollStep]) -> Vec<FetchId> {
        steps
            .iter()
            .filter_map(|s| match s {
                PollStep::Fetch(id, ..) => Some(*id),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn one_poll_at_a_time_and_both_answers_complete_it() {
        let mut p = Poller::default();
        let mut ids = Requests::default();
        let now = Timestamp(0);
        let steps = p.start(&key(), now, &mut ids, None, None);
        let [c, a] = fetch_ids(&steps)[..] else {
            panic!("{steps:?}")
        };
        assert!(
            p.start(&key(), now, &mut ids, Some("ctx"), None).is_empty(),
            "never two in flight"
        );
        let credits = Credits {
            total_credits: 10.0,
            total_usage: 1.0,
        };
        assert_eq!(
            p.answer(c, Ok(Fetched::Credits(credits)), &mut ids),
            Ok((vec![], None))
        );
        assert_eq!(
            p.answer(c, Ok(Fetched::Credits(credits)), &mut ids),
            Err(NotAwaited),
            "a duplicate answer is refused"
        );
        let done = p
            .answer(a, Ok(Fetched::Activity(Activity::default())), &mut ids)
            .unwrap()
            .1
            .unwrap();
        assert_eq!(done.held_by, vec!["ctx".to_owned()]);
        assert_eq!(done.error(), None);
        assert_eq!(p.schedule_after(&done, now), Timestamp(POLL_INTERVAL_MS));
    }

    #[test]
    fn backs_off_and_honours_retry_after() {
        let mut p = Poller::default();
        let mut ids = Requests::default();
        // Each failure at a later hour, after any wait the previous one imposed.
        let hour = std::cell::Cell::new(0);
        let fail = |p: &mut Poller, ids: &mut Requests, e: ApiError| {
            hour.set(hour.get() + 2);
            let now = Timestamp(hour.get() * HOUR_MS);
            let steps = p.start(&key(), now, ids, None, None);
            let [c, a] = fetch_ids(&steps)[..] else {
                panic!("a poll starts: {steps:?}")
            };
            p.answer(c, Err(e.clone()), ids).unwrap();
            let done = p.answer(a, Err(e), ids).unwrap().1.unwrap();
            p.schedule_after(&done, now).since(now)
        };
        assert_eq!(fail(&mut p, &mut ids, ApiError::Offline), MINUTE_MS);
        assert_eq!(fail(&mut p, &mut ids, ApiError::Offline), 2 * MINUTE_MS);
        assert_eq!(
            fail(&mut p, &mut ids, ApiError::Service { status: 502 }),
            4 * MINUTE_MS
        );
        let limited = ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(600)),
        };
        assert_eq!(fail(&mut p, &mut ids, limited), 10 * MINUTE_MS);
        // While the wait runs, a forced start sends nothing; it sets the timer for the wait's end.
        let now = Timestamp(hour.get() * HOUR_MS + MINUTE_MS);
        assert_eq!(
            p.start(&key(), now, &mut ids, Some("held"), None),
            [
                PollStep::Abandoned("held".into()),
                PollStep::SetTimer(Timestamp(hour.get() * HOUR_MS + 10 * MINUTE_MS))
            ]
        );
        assert_eq!(
            p.waiting_until(now),
            Some(Timestamp(hour.get() * HOUR_MS + 10 * MINUTE_MS))
        );
        let absurd = ApiError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(u64::MAX)),
        };
        assert_eq!(fail(&mut p, &mut ids, absurd), HOUR_MS);
        assert_eq!(
            fail(&mut p, &mut ids, ApiError::KeyRejected),
            POLL_INTERVAL_MS
        );
    }

    #[test]
    fn a_key_problem_explains_the_poll() {
        let done = Completed {
            key: key(),
            credits: Err(ApiError::Timeout),
            activity: Err(ApiError::NotManagementKey),
            key_usage: None,
            held_by: vec![],
        };
        assert_eq!(done.error(), Some(&ApiError::NotManagementKey));
    }

    #[test]
    fn answers_after_a_reset_are_refused() {
        let mut p = Poller::default();
        let mut ids = Requests::default();
        let steps = p.start(&key(), Timestamp(0), &mut ids, None, None);
        p.reset();
        assert_eq!(
            p.answer(fetch_ids(&steps)[0], Err(ApiError::Offline), &mut ids),
            Err(NotAwaited)
        );
    }

    #[test]
    fn the_walk_over_the_keys_is_one_poll_and_a_failed_page_is_incomplete_not_wrong() {
        use crate::openrouter::{KeyHash, KeyRow, KeysPage, Usage};
        let page = |from: usize, n: usize| KeysPage {
            keys: (from..from + n)
                .map(|i| KeyRow {
                    hash: KeyHash::parse(&format!("h{i}")),
                    name: format!("k{i}"),
                    disabled: i % 3 == 0,
                    usage: Usage {
                        daily: 0.5,
                        weekly: 1.0,
                        monthly: 2.0,
                        total: 2.0,
                    },
                    ..KeyRow::default()
                })
                .collect(),
            listed: n as u32,
            ..KeysPage::default()
        };
        let credits = Credits {
            total_credits: 10.0,
            total_usage: 1.0,
        };
        for second_page_fails in [false, true] {
            let mut p = Poller::default();
            let mut ids = Requests::default();
            let steps = p.start(&key(), Timestamp(0), &mut ids, None, Some(Plan::default()));
            let [c, a, w] = fetch_ids(&steps)[..] else {
                panic!("{steps:?}")
            };
            p.answer(c, Ok(Fetched::Credits(credits)), &mut ids)
                .unwrap();
            p.answer(a, Ok(Fetched::Activity(Activity::default())), &mut ids)
                .unwrap();
            // No workspaces for this account: its default workspace, read without an id.
            let (next, done) = p
                .answer(w, Err(ApiError::UnexpectedStatus { status: 404 }), &mut ids)
                .unwrap();
            assert!(done.is_none());
            let [PollStep::Fetch(k, Endpoint::Keys { offset: 0, .. }, _)] = next[..] else {
                panic!("{next:?}")
            };
            let (next, done) = p
                .answer(k, Ok(Fetched::Keys(page(0, 100))), &mut ids)
                .unwrap();
            assert!(done.is_none(), "a full page asks for the next");
            let [PollStep::Fetch(k2, Endpoint::Keys { offset: 100, .. }, _)] = next[..] else {
                panic!("{next:?}")
            };
            let second = match second_page_fails {
                false => Ok(Fetched::Keys(page(100, 3))),
                true => Err(ApiError::Service { status: 502 }),
            };
            let (_, done) = p.answer(k2, second, &mut ids).unwrap();
            let ledger = done.unwrap().key_usage.unwrap().unwrap();
            assert_eq!(ledger.incomplete, second_page_fails);
            let expected = if second_page_fails { 100 } else { 103 };
            assert_eq!(ledger.counted, expected);
        }
    }

    proptest! {
        #[test]
        fn backoff_grows_and_is_capped(f in 0u32..u32::MAX) {
            let b = backoff_ms(f);
            prop_assert!((FIRST_RETRY_MS..=POLL_INTERVAL_MS).contains(&b));
            prop_assert!(backoff_ms(f.saturating_add(1)) >= b);
        }
    }
}
