//! What the plugin shows, drawn from the model: each tile's scene (its own account's numbers and
//! nothing else), the views and strips of the visible tiles, and the open Property Inspector's
//! report.

use super::*;
use crate::catalogue::Msg;
use crate::view::KeySize;

impl Plugin {
    /// The view each visible key shows now, by context.
    pub fn views(&self) -> BTreeMap<String, TileView> {
        self.board
            .tiles()
            .filter(|(ctx, _)| !self.dials.contains(ctx))
            .map(|(ctx, tile)| (ctx.clone(), view(tile, &self.scene(tile))))
            .collect()
    }

    /// The strip each visible dial shows now, by context.
    pub fn strips(&self) -> BTreeMap<String, StripView> {
        self.board
            .tiles()
            .filter(|(ctx, _)| self.dials.contains(ctx))
            .map(|(ctx, tile)| {
                let at = self.dials.at(ctx);
                // A strip is drawn at its own size, whatever the device's keys are.
                let scene = Scene {
                    size: KeySize::Large,
                    ..self.scene(tile)
                };
                (ctx.clone(), crate::tile::strip_view(tile, &scene, at))
            })
            .collect()
    }

    /// What a tile shows, drawn from its own account and nothing else.
    pub(super) fn scene(&self, tile: &Tile) -> Scene<'_> {
        let Some(slot) = self.accounts.get(&tile.account) else {
            return Scene {
                display: match self.settings_unread() {
                    true => Display::Preparing,
                    false => Display::NoAccount,
                },
                numbers: &self.nobody,
                now: self.now,
                turns: self.turns,
                retry_in_ms: None,
                utc_offset_minutes: self.utc_offset_minutes,
                label: None,
                size: self.devices.key_size(tile.device.as_deref()),
                lang: self.lang,
            };
        };
        let waiting = slot.poller.waiting_until(self.now);
        Scene {
            display: display(slot),
            numbers: &slot.numbers,
            now: self.now,
            turns: self.turns,
            retry_in_ms: waiting.map(|t| t.since(self.now)),
            utc_offset_minutes: self.utc_offset_minutes,
            // The first account's name when it has none is said in the person's language.
            label: self.accounts.several().then(|| {
                slot.label
                    .as_deref()
                    .unwrap_or(crate::catalogue::text(self.lang, Msg::DefaultAccount))
            }),
            size: self.devices.key_size(tile.device.as_deref()),
            lang: self.lang,
        }
    }

    pub(super) fn severity_for(&self, tile: &Tile) -> Option<Severity> {
        let account = self.scene(tile).numbers;
        let recent = account.recent_spend(self.now);
        let evidence = account.spike_evidence(self.now, &recent)?;
        match assess(&evidence, tile.settings.threshold)? {
            SpikeState::Assessed(a) => Some(a.severity),
            SpikeState::GatheringBaseline { .. } => None,
        }
    }

    /// What the open Property Inspector is told: its tile's account, and with several accounts
    /// (or a tile whose account is gone) every account's label, last four and status.
    pub(super) fn report(&self) -> KeyReport {
        let id = self
            .inspector
            .context()
            .and_then(|c| self.board.get(c))
            .map(|t| t.account.clone())
            .unwrap_or_default();
        let slot = self.accounts.get(&id);
        let mut report = match slot {
            Some(slot) => slot.key_machine.report(health(slot)),
            None => KeyReport::new(false, String::new(), KeyStatus::None),
        };
        report.already_connected = self.inspector.duplicate().cloned();
        if self.accounts.several() || slot.is_none() {
            report.account = Some(id);
            report.accounts = self
                .accounts
                .iter()
                .map(|slot| {
                    let own = slot.key_machine.report(health(slot));
                    AccountReport {
                        id: slot.id.clone(),
                        label: slot.label().to_owned(),
                        has_key: own.has_key,
                        last4: own.last4,
                        status: own.status,
                    }
                })
                .collect();
        }
        report
    }
}

impl Plugin {
    /// The limits the open inspector's Budget tile can pick from: its account's workspaces with
    /// their budgets and their keys' limits, names only. `None` when no Budget tile's inspector
    /// is open.
    pub(super) fn budget_choices(&self) -> Option<BudgetChoices> {
        let tile = self.inspector.context().and_then(|c| self.board.get(c))?;
        if tile.action != Action::Budget {
            return None;
        }
        let scene = self.scene(tile);
        let account = self.accounts.several().then(|| tile.account.clone());
        let ledger = scene.numbers.key_usage.as_ref();
        let state = match (scene.display, ledger) {
            (Display::NoKey | Display::NoAccount, _) => ChoicesState::NoKey,
            (_, Some(_)) => ChoicesState::Ready,
            (Display::KeyProblem(_) | Display::Trouble(_), None) => ChoicesState::Trouble,
            (_, None) if scene.numbers.key_usage_error.is_some() => ChoicesState::Trouble,
            (_, None) => ChoicesState::Loading,
        };
        let Some(ledger) = ledger.filter(|_| state == ChoicesState::Ready) else {
            return Some(BudgetChoices {
                account,
                state,
                complete: true,
                workspaces: Vec::new(),
            });
        };
        let (workspaces, listed_all) = crate::budget::choices(ledger);
        Some(BudgetChoices {
            account,
            state,
            complete: listed_all && !ledger.incomplete,
            workspaces,
        })
    }
}

/// How a key is doing, from the polls made with it.
pub(super) fn health(slot: &Account) -> KeyStatus {
    match &slot.numbers.trouble {
        Some(e) => status_of(e),
        None if !slot.numbers.polled && slot.poller.in_flight().is_some() => KeyStatus::Checking,
        None => KeyStatus::Connected,
    }
}

/// What an account's tiles show before (or instead of) its numbers.
pub(super) fn display(slot: &Account) -> Display<'_> {
    match slot.key_machine.phase() {
        KeyPhase::Unread => Display::Preparing,
        KeyPhase::None => Display::NoKey,
        KeyPhase::Refused(status) => Display::KeyProblem(status),
        KeyPhase::Checking => Display::Checking,
        KeyPhase::Waiting(error) => Display::Trouble(error),
        KeyPhase::Stored => match &slot.numbers.trouble {
            Some(e) if e.is_key_problem() => Display::KeyProblem(status_of(e)),
            _ if slot.numbers.has_data() => Display::Data,
            Some(e) => Display::Trouble(e),
            None if slot.key_machine.has_candidate() => Display::Checking,
            None => Display::Preparing,
        },
    }
}
