//! The tiles on keys right now, by Stream Deck context, and what each was last drawn with, so
//! only changes are drawn. An acknowledged Spike Alert that leaves (a page or folder switch) and
//! comes back before the next poll keeps its acknowledgement.

use crate::command::Command;
use crate::tiles::Tile;
use crate::view::TileView;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// Ordered, so output order is deterministic.
    tiles: BTreeMap<String, Tile>,
    acknowledged_hidden: BTreeSet<String>,
}

impl Board {
    pub fn place(&mut self, context: String, mut tile: Tile) {
        tile.acknowledged = self.acknowledged_hidden.remove(&context);
        self.tiles.insert(context, tile);
    }

    pub fn remove(&mut self, context: &str) {
        if self.tiles.remove(context).is_some_and(|t| t.acknowledged) {
            self.acknowledged_hidden.insert(context.to_owned());
        }
    }

    pub fn get(&self, context: &str) -> Option<&Tile> {
        self.tiles.get(context)
    }

    pub fn get_mut(&mut self, context: &str) -> Option<&mut Tile> {
        self.tiles.get_mut(context)
    }

    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }

    pub fn tiles(&self) -> impl Iterator<Item = (&String, &Tile)> {
        self.tiles.iter()
    }

    /// A poll brought numbers to re-evaluate (or the account changed): acknowledgements end.
    pub fn clear_acknowledgements(&mut self) {
        self.acknowledged_hidden.clear();
        for tile in self.tiles.values_mut() {
            tile.acknowledged = false;
        }
    }

    /// `Draw` for every tile whose view changed.
    pub fn redraw(&mut self, views: BTreeMap<String, TileView>) -> Vec<Command> {
        let mut out = Vec::new();
        for (context, view) in views {
            if let Some(tile) = self.tiles.get_mut(&context) {
                if tile.drawn.as_ref() != Some(&view) {
                    tile.drawn = Some(view.clone());
                    out.push(Command::Draw { context, view });
                }
            }
        }
        out
    }
}
