//! The tiles on keys right now, by Stream Deck context, and what each was last drawn with, so
//! only changes are drawn. An acknowledged Spike Alert that leaves (a page or folder switch) and
//! comes back before the next poll keeps its acknowledgement.

use crate::account_id::AccountId;
use crate::action::Action;
use crate::command::Command;
use crate::settings::TileSettings;
use crate::view::TileView;
use std::collections::BTreeMap;

/// A tile on a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub action: Action,
    pub settings: TileSettings,
    /// Whose numbers it shows.
    pub account: AccountId,
    /// A tap acknowledged the spike; cleared by the next poll.
    pub acknowledged: bool,
    /// The view last sent, so only changes are drawn.
    pub drawn: crate::sent::Sent<TileView>,
    /// The Stream Deck device it is on, when the host said: its keys' size decides the layout.
    pub device: Option<String>,
}

impl Tile {
    pub fn new(action: Action, settings: TileSettings, account: AccountId) -> Tile {
        Tile {
            action,
            settings,
            account,
            acknowledged: false,
            drawn: crate::sent::Sent::default(),
            device: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// Ordered, so output order is deterministic.
    tiles: BTreeMap<String, Tile>,
    /// Acknowledged Spike Alerts that left, by context, with the account they showed.
    acknowledged_hidden: BTreeMap<String, AccountId>,
}

impl Board {
    pub fn place(&mut self, context: String, mut tile: Tile) {
        tile.acknowledged = self
            .acknowledged_hidden
            .remove(&context)
            .is_some_and(|a| a == tile.account);
        self.tiles.insert(context, tile);
    }

    pub fn remove(&mut self, context: &str) {
        if let Some(tile) = self.tiles.remove(context).filter(|t| t.acknowledged) {
            self.acknowledged_hidden
                .insert(context.to_owned(), tile.account);
        }
    }

    pub fn get(&self, context: &str) -> Option<&Tile> {
        self.tiles.get(context)
    }

    pub fn get_mut(&mut self, context: &str) -> Option<&mut Tile> {
        self.tiles.get_mut(context)
    }

    pub fn tiles(&self) -> impl Iterator<Item = (&String, &Tile)> {
        self.tiles.iter()
    }

    /// A poll brought this account numbers to re-evaluate (or the account changed): its tiles'
    /// acknowledgements end; another account's stand.
    pub fn clear_acknowledgements(&mut self, account: &AccountId) {
        self.acknowledged_hidden.retain(|_, a| a != account);
        for tile in self.tiles.values_mut().filter(|t| &t.account == account) {
            tile.acknowledged = false;
        }
    }

    /// Whether any tile shows this account.
    pub fn shows(&self, account: &AccountId) -> bool {
        self.tiles.values().any(|t| &t.account == account)
    }

    /// `Draw` for every tile whose view changed.
    pub fn redraw(&mut self, views: BTreeMap<String, TileView>) -> Vec<Command> {
        let mut out = Vec::new();
        for (context, view) in views {
            if let Some(tile) = self.tiles.get_mut(&context) {
                if let Some(view) = tile.drawn.send(view) {
                    out.push(Command::Draw { context, view });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::settings::TileSettings;

    fn spike_on(account: &str) -> Tile {
        let id = AccountId::parse(Some(account)).unwrap();
        let mut tile = Tile::new(Action::SpikeAlert, TileSettings::default(), id);
        tile.acknowledged = true;
        tile
    }

    #[test]
    fn an_accounts_poll_ends_only_its_own_acknowledgements_shown_or_hidden() {
        let work = AccountId::parse(Some("work")).unwrap();
        let mut board = Board::default();
        board.place("home".into(), spike_on("default"));
        board.place("work".into(), spike_on("work"));
        board.place("home-hidden".into(), spike_on("default"));
        board.place("work-hidden".into(), spike_on("work"));
        // place() takes acknowledgements from the hidden ones only: set them again.
        for ctx in ["home", "work", "home-hidden", "work-hidden"] {
            board.get_mut(ctx).unwrap().acknowledged = true;
        }
        board.remove("home-hidden");
        board.remove("work-hidden");
        board.clear_acknowledgements(&work);
        assert!(board.get("home").unwrap().acknowledged);
        assert!(!board.get("work").unwrap().acknowledged);
        board.place("home-hidden".into(), spike_on("default"));
        board.place("work-hidden".into(), spike_on("work"));
        assert!(
            board.get("home-hidden").unwrap().acknowledged,
            "Home's hidden one kept"
        );
        assert!(
            !board.get("work-hidden").unwrap().acknowledged,
            "Work's hidden one ended"
        );
    }
}
