//! Every tile in every state, for `openbalance preview`: built by driving a real [`crate::Plugin`]
//! through events, so the pictures show what the plugin really draws.

use crate::timestamp::Timestamp;
use crate::view::TileView;

/// One picture of the preview: a file-friendly name (`balance-remaining-dark`) and its view.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub view: TileView,
}

/// The whole gallery, as of `now`.
pub fn gallery(now: Timestamp) -> Vec<Sample> {
    let _ = now;
    Vec::new()
}
