//! A simulated Stream Deck and OpenRouter around a [`Plugin`], with a clock that moves only when
//! told. The gallery uses it to reach every state honestly; scenario tests use it to tell stories.

use crate::action::Action;
use crate::api_key::ApiKey;
use crate::command::Command;
use crate::event::{Event, EventKind, FetchId, PiMessage};
use crate::openrouter::{
    Activity, ActivityRow, ApiError, Budgets, Credits, Endpoint, Fetched, KeyInfo, KeyRow,
    KeysPage, Workspace, WorkspaceId, WorkspacesPage, KEYS_PAGE, WORKSPACES_PAGE,
};
use crate::plugin::Plugin;
use crate::strip::StripView;
use crate::timestamp::Timestamp;
use crate::view::TileView;
use serde_json::Value;

pub struct Sim {
    pub plugin: Plugin,
    pub now: Timestamp,
    /// Fetches issued and not yet answered, oldest first.
    pub open: Vec<(FetchId, Endpoint)>,
    /// The one wake-up the shell holds, as the core last asked for it.
    pub wake: Option<Timestamp>,
    /// Every command so far.
    pub history: Vec<Command>,
    /// Every event sent so far, as a recording would hold them.
    pub events: Vec<Event>,
    /// The account's keys, as `/keys` pages them (100 a page), each in the workspace its row
    /// names (`None`: the default workspace).
    pub keys: Vec<KeyRow>,
    /// The organisation's workspaces; none: an account without `/workspaces` (404).
    pub workspaces: Vec<Workspace>,
    /// Each workspace's budgets (none set: an empty list).
    pub budgets: Vec<(WorkspaceId, Budgets)>,
    /// The key each open fetch carries (the Authorization header a real shell would send).
    pub sent_with: std::collections::BTreeMap<FetchId, ApiKey>,
}

impl Sim {
    pub fn new(now: Timestamp) -> Sim {
        Sim {
            plugin: Plugin::new(),
            now,
            open: Vec::new(),
            wake: None,
            history: Vec::new(),
            events: Vec::new(),
            keys: Vec::new(),
            workspaces: Vec::new(),
            budgets: Vec::new(),
            sent_with: std::collections::BTreeMap::new(),
        }
    }

    pub fn send(&mut self, event: EventKind) -> Vec<Command> {
        let event = Event::new(self.now, event);
        self.events.push(event.clone());
        let commands = self.plugin.update(event);
        for command in &commands {
            match command {
                Command::Fetch { id, endpoint, key } => {
                    self.open.push((*id, endpoint.clone()));
                    self.sent_with.insert(*id, key.clone());
                }
                Command::CancelFetch { id } => {
                    self.open.retain(|(open, _)| open != id);
                    self.sent_with.remove(id);
                }
                Command::Wake { at } => self.wake = *at,
                _ => {}
            }
        }
        self.history.extend(commands.iter().cloned());
        commands
    }

    /// Starts the plugin with `key` in the global settings (or none).
    pub fn start(&mut self, key: Option<&str>) -> Vec<Command> {
        let mut out = self.send(EventKind::Started);
        out.extend(self.send(EventKind::DidReceiveGlobalSettings {
            key: key.and_then(ApiKey::new),
            pending: None,
            unusable: false,
            label: None,
            accounts: Vec::new(),
            skipped_accounts: 0,
            kept: Default::default(),
        }));
        out
    }

    pub fn appear(&mut self, action: Action, context: &str, settings: Value) -> Vec<Command> {
        self.send(EventKind::WillAppear {
            action: action.uuid().to_owned(),
            context: context.to_owned(),
            settings,
            controller: Some("Keypad".to_owned()),
            device: None,
        })
    }

    /// A tile placed on a key of `device` (named before by [`Sim::device`]).
    pub fn appear_on(
        &mut self,
        device: &str,
        action: Action,
        context: &str,
        settings: Value,
    ) -> Vec<Command> {
        self.send(EventKind::WillAppear {
            action: action.uuid().to_owned(),
            context: context.to_owned(),
            settings,
            controller: Some("Keypad".to_owned()),
            device: Some(device.to_owned()),
        })
    }

    /// The host names a device and its type (`deviceDidConnect`, or `-info` at launch).
    pub fn device(&mut self, device: &str, device_type: u32) -> Vec<Command> {
        self.send(EventKind::DeviceDidConnect {
            device: device.to_owned(),
            device_type: Some(device_type),
        })
    }

    /// A tile placed on a dial (Stream Deck +): `willAppear` with `controller: "Encoder"`.
    pub fn appear_dial(&mut self, action: Action, context: &str, settings: Value) -> Vec<Command> {
        self.send(EventKind::WillAppear {
            action: action.uuid().to_owned(),
            context: context.to_owned(),
            settings,
            controller: Some("Encoder".to_owned()),
            device: None,
        })
    }

    /// The dial turns `ticks` detents (negative: anticlockwise) without being pushed in.
    pub fn turn(&mut self, context: &str, ticks: i32) -> Vec<Command> {
        self.send(EventKind::DialRotate {
            context: context.to_owned(),
            ticks,
            pressed: false,
        })
    }

    /// The dial is pushed in, turned `ticks`, and let go. Returns everything that did.
    pub fn turn_pushed(&mut self, context: &str, ticks: i32) -> Vec<Command> {
        let context = context.to_owned();
        let mut out = self.send(EventKind::DialDown {
            context: context.clone(),
        });
        out.extend(self.send(EventKind::DialRotate {
            context: context.clone(),
            ticks,
            pressed: true,
        }));
        self.now = self.now.plus_millis(150);
        out.extend(self.send(EventKind::DialUp { context }));
        out
    }

    /// A push: the dial goes in and comes back up 150 ms later. Returns what the release did.
    pub fn push(&mut self, context: &str) -> Vec<Command> {
        self.send(EventKind::DialDown {
            context: context.to_owned(),
        });
        self.now = self.now.plus_millis(150);
        self.send(EventKind::DialUp {
            context: context.to_owned(),
        })
    }

    /// A touch on the strip above the dial; `hold` for a long touch.
    pub fn touch(&mut self, context: &str, hold: bool) -> Vec<Command> {
        self.send(EventKind::TouchTap {
            context: context.to_owned(),
            hold,
        })
    }

    pub fn pi(&mut self, context: &str, message: PiMessage) -> Vec<Command> {
        self.send(EventKind::SendToPlugin {
            action: Action::Balance.uuid().to_owned(),
            context: context.to_owned(),
            message,
        })
    }

    /// A tap: the key goes down and comes up 150 ms later. Returns what the release did.
    pub fn tap(&mut self, context: &str) -> Vec<Command> {
        self.send(EventKind::KeyDown {
            context: context.to_owned(),
        });
        self.now = self.now.plus_millis(150);
        self.send(EventKind::KeyUp {
            context: context.to_owned(),
        })
    }

    /// The key goes down and stays down for 2 s, so its hold timer fires. Returns what the hold
    /// did; the key is still down afterwards.
    pub fn hold(&mut self, context: &str) -> Vec<Command> {
        self.send(EventKind::KeyDown {
            context: context.to_owned(),
        });
        self.advance(crate::press::HOLD_MS)
    }

    /// Answers the oldest open fetch of `endpoint`; `None` when there is none.
    pub fn answer(
        &mut self,
        endpoint: Endpoint,
        result: Result<Fetched, ApiError>,
    ) -> Option<Vec<Command>> {
        let index = self.open.iter().position(|(_, e)| *e == endpoint)?;
        let (id, endpoint) = self.open.remove(index);
        self.sent_with.remove(&id);
        Some(self.send(EventKind::Fetched {
            id,
            endpoint,
            result,
        }))
    }

    /// Answers every open fetch with the given account, or with `error`.
    pub fn answer_all(&mut self, credits: Credits, rows: &[ActivityRow]) -> Vec<Command> {
        let mut out = Vec::new();
        while let Some((_, endpoint)) = self.open.first().cloned() {
            let result = match &endpoint {
                Endpoint::Credits => Ok(Fetched::Credits(credits)),
                Endpoint::Activity => Ok(Fetched::Activity(Activity::from_rows(rows.to_vec()))),
                Endpoint::Key => Ok(Fetched::Key(KeyInfo {
                    is_management_key: true,
                })),
                other => self.organisation(other),
            };
            out.extend(self.answer(endpoint, result).unwrap_or_default());
        }
        out
    }

    /// What OpenRouter answers about the account's workspaces, keys and budgets.
    pub fn organisation(&self, endpoint: &Endpoint) -> Result<Fetched, ApiError> {
        match endpoint {
            Endpoint::Keys { offset, workspace } => {
                Ok(Fetched::Keys(self.keys_page(*offset, workspace.as_ref())))
            }
            Endpoint::Workspaces { .. } if self.workspaces.is_empty() => {
                Err(ApiError::UnexpectedStatus { status: 404 })
            }
            Endpoint::Workspaces { offset } => {
                let start = (*offset as usize).min(self.workspaces.len());
                let end = (start + WORKSPACES_PAGE as usize).min(self.workspaces.len());
                Ok(Fetched::Workspaces(WorkspacesPage {
                    workspaces: self.workspaces[start..end].to_vec(),
                    listed: (end - start) as u32,
                    total: Some(self.workspaces.len() as u32),
                    skipped: 0,
                }))
            }
            Endpoint::Budgets { workspace } => Ok(Fetched::Budgets(
                self.budgets
                    .iter()
                    .find(|(id, _)| id == workspace)
                    .map(|(_, b)| b.clone())
                    .unwrap_or_default(),
            )),
            Endpoint::Credits | Endpoint::Activity | Endpoint::Key => {
                Err(ApiError::UnexpectedStatus { status: 400 })
            }
        }
    }

    /// Answers every open fetch (and any its answers start) as OpenRouter would for the key it
    /// carries: `reply` decides from the endpoint and the key.
    pub fn answer_by_key(
        &mut self,
        mut reply: impl FnMut(Endpoint, &ApiKey) -> Result<Fetched, ApiError>,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        while let Some((id, endpoint)) = self.open.first().cloned() {
            self.open.remove(0);
            let result = match self.sent_with.remove(&id) {
                Some(key) => reply(endpoint.clone(), &key),
                None => Err(ApiError::Offline),
            };
            out.extend(self.send(EventKind::Fetched {
                id,
                endpoint,
                result,
            }));
        }
        out
    }

    /// The page of a workspace's `keys` starting at `offset`, as OpenRouter sends it: without a
    /// workspace, the default one (keys that name none, or the first workspace).
    pub fn keys_page(&self, offset: u32, workspace: Option<&WorkspaceId>) -> KeysPage {
        let default = self.workspaces.first().map(|w| &w.id);
        let theirs: Vec<&KeyRow> = self
            .keys
            .iter()
            .filter(|k| match workspace {
                Some(id) => k.workspace.as_ref() == Some(id),
                None => {
                    self.workspaces.is_empty()
                        || k.workspace.is_none()
                        || k.workspace.as_ref() == default
                }
            })
            .collect();
        let start = (offset as usize).min(theirs.len());
        let end = (start + KEYS_PAGE as usize).min(theirs.len());
        KeysPage {
            keys: theirs[start..end].iter().map(|k| (*k).clone()).collect(),
            listed: (end - start) as u32,
            ..KeysPage::default()
        }
    }

    pub fn fail_all(&mut self, error: ApiError) -> Vec<Command> {
        let mut out = Vec::new();
        while let Some((_, endpoint)) = self.open.first().cloned() {
            out.extend(
                self.answer(endpoint, Err(error.clone()))
                    .unwrap_or_default(),
            );
        }
        out
    }

    /// Moves the clock, waking the plugin whenever its one wake-up comes due on the way.
    pub fn advance(&mut self, ms: i64) -> Vec<Command> {
        let until = self.now.plus_millis(ms);
        let mut out = Vec::new();
        while let Some(at) = self.wake.filter(|at| *at <= until) {
            self.wake = None;
            self.now = at.max(self.now);
            out.extend(self.send(EventKind::Wake));
        }
        self.now = until;
        out
    }

    pub fn view(&self, context: &str) -> Option<TileView> {
        self.plugin.views().remove(context)
    }

    pub fn strip(&self, context: &str) -> Option<StripView> {
        self.plugin.strips().remove(context)
    }

    /// The visible texts of a dial's strip, joined with ` | ` for compact assertions.
    pub fn strip_texts(&self, context: &str) -> String {
        self.strip(context)
            .map(|v| v.texts().join(" | "))
            .unwrap_or_default()
    }

    /// The visible texts of a tile, joined with ` | ` for compact assertions.
    pub fn texts(&self, context: &str) -> String {
        self.view(context)
            .map(|v| v.texts().join(" | "))
            .unwrap_or_default()
    }
}
