//! The tiles a person can put on a key, each declared once: its [`Descriptor`] holds every fact
//! the core, the bundle images and the manifest and Property Inspector tests read about it.
//!
//! The words for the tiles (vocabulary): which tiles there are ([`Action`]) and what a
//! [`Descriptor`] says of one. Each tile's descriptor lives in its own module (`tile/<name>.rs`),
//! with everything else about it; `Action::descriptor` is the one dispatch to them. Every match
//! on [`Action`] and [`BundleIcon`] is exhaustive, and [`Action::ALL`]'s length comes from one, so
//! a tile left out anywhere does not compile.

use serde::{Deserialize, Serialize};

pub const PLUGIN_UUID: &str = "com.openbalance.openrouter";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Balance,
    TopModels,
    MonthlySpend,
    SpikeAlert,
    Today,
    Budget,
}

pub const CREDITS_URL: &str = "https://openrouter.ai/settings/credits";
pub const ACTIVITY_URL: &str = "https://openrouter.ai/activity";
/// Where OpenRouter lists a person's API keys, and their limits (the default workspace's).
pub const KEY_LIMITS_URL: &str = "https://openrouter.ai/workspaces/default/keys";
/// Where OpenRouter makes Management keys ("Create New Key"); `/settings/keys` is for inference keys.
pub const KEYS_URL: &str = "https://openrouter.ai/settings/management-keys";

/// What a tap does on a tile that shows numbers (without them, every tap opens the key help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tap {
    Open(&'static str),
    /// Acknowledge the alert on the tile until the next poll.
    Acknowledge,
    /// Open the page where the tile's limit is set on OpenRouter (the key's, or the workspace's).
    Limit,
}

/// The drawing of a tile's monochrome action icon in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleIcon {
    /// A coin with a dollar sign.
    Coin,
    /// Three ranked bars, longest first.
    Ranking,
    /// Four vertical bars.
    Chart,
    /// The warning triangle the alert shows.
    Warning,
    /// A sun: today.
    Sun,
    /// A gauge: a bar part filled, with a limit mark.
    Gauge,
}

/// Everything about one tile that is not its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Descriptor {
    pub action: Action,
    /// The manifest's action UUID, e.g. `com.openbalance.openrouter.balance`.
    pub uuid: &'static str,
    /// The last part of the UUID: the folder under `imgs/actions/`, file names, the PI's tile id.
    pub slug: &'static str,
    /// The manifest's `Name`.
    pub name: &'static str,
    /// The header the tile shows (Balance's changes with its mode; this is its default).
    pub header: &'static str,
    pub tap: Tap,
    /// The settings it reads besides `theme` (every tile has a theme).
    pub settings: &'static [&'static str],
    pub icon: BundleIcon,
    /// On a Stream Deck + dial: what turning and pushing do, as the manifest's `Encoder`
    /// `TriggerDescription` says them (a touch is the tap, a long touch the hold).
    pub dial: DialWords,
}

/// The manifest's words for a dial's rotate and push (`strip.rs` and `dial.rs` do what they say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialWords {
    pub rotate: &'static str,
    pub push: &'static str,
}

/// How many tiles there are, from an exhaustive match: a new variant must be counted here.
const COUNT: usize = match Action::Balance {
    Action::Balance
    | Action::TopModels
    | Action::MonthlySpend
    | Action::SpikeAlert
    | Action::Today
    | Action::Budget => 6,
};

impl Action {
    pub const ALL: [Action; COUNT] = [
        Action::Balance,
        Action::TopModels,
        Action::MonthlySpend,
        Action::SpikeAlert,
        Action::Today,
        Action::Budget,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_are_consistent() {
        let mut slugs = std::collections::BTreeSet::new();
        for (i, action) in Action::ALL.into_iter().enumerate() {
            let d = action.descriptor();
            assert_eq!(d.action, action);
            assert_eq!(Action::from_uuid(d.uuid), Some(action));
            assert_eq!(d.uuid, format!("{PLUGIN_UUID}.{}", d.slug));
            assert!(slugs.insert(d.slug), "slug {} twice", d.slug);
            assert_eq!(Action::ALL[i], action, "ALL lists each once, in order");
        }
        assert_eq!(Action::from_uuid("com.openbalance.openrouter"), None);
    }
}
