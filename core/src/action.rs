//! The tiles a person can put on a key, each declared once: its [`Descriptor`] holds every fact
//! the core, the bundle images and the manifest and Property Inspector tests read about it.
//!
//! Adding a tile means a variant here, its descriptor, its view (`tiles.rs`), its icon drawing
//! (the shell's `icons_bundle.rs`), its settings UI (`ui/pi.js`) and its tests. Every match on
//! [`Action`] and [`BundleIcon`] is exhaustive, and [`Action::ALL`]'s length comes from one, so a
//! tile left out anywhere does not compile.

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

const BALANCE: Descriptor = Descriptor {
    action: Action::Balance,
    uuid: "com.openbalance.openrouter.balance",
    slug: "balance",
    name: "Balance",
    header: "BALANCE",
    tap: Tap::Open(CREDITS_URL),
    settings: &["mode", "period", "lowBalance"],
    icon: BundleIcon::Coin,
    dial: DialWords {
        rotate: "Remaining, used, % used, runway; 7D, 30D, all time",
        push: "Back to your chosen view",
    },
};

const TOP_MODELS: Descriptor = Descriptor {
    action: Action::TopModels,
    uuid: "com.openbalance.openrouter.topmodels",
    slug: "topmodels",
    name: "Top Models",
    header: "TOP MODELS",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &["by"],
    icon: BundleIcon::Ranking,
    dial: DialWords {
        rotate: "Scroll the ranking, one at a time",
        push: "Back to the top three",
    },
};

const MONTHLY_SPEND: Descriptor = Descriptor {
    action: Action::MonthlySpend,
    uuid: "com.openbalance.openrouter.monthlyspend",
    slug: "monthlyspend",
    name: "Monthly Spend",
    header: "30-DAY SPEND",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &[],
    icon: BundleIcon::Chart,
    dial: DialWords {
        rotate: "Day by day; pushed in, a week at a time",
        push: "Back to the 30-day total",
    },
};

const SPIKE_ALERT: Descriptor = Descriptor {
    action: Action::SpikeAlert,
    uuid: "com.openbalance.openrouter.spikealert",
    slug: "spikealert",
    name: "Spike Alert",
    header: "SPIKE ALERT",
    tap: Tap::Acknowledge,
    settings: &["threshold"],
    icon: BundleIcon::Warning,
    dial: DialWords {
        rotate: "Each model's own ratio, biggest rise first",
        push: "Back to the verdict",
    },
};

const TODAY: Descriptor = Descriptor {
    action: Action::Today,
    uuid: "com.openbalance.openrouter.today",
    slug: "today",
    name: "Today",
    header: "TODAY",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &[],
    icon: BundleIcon::Sun,
    dial: DialWords {
        rotate: "Today, this week, this month",
        push: "Back to today",
    },
};

const BUDGET: Descriptor = Descriptor {
    action: Action::Budget,
    uuid: "com.openbalance.openrouter.budget",
    slug: "budget",
    name: "Budget",
    header: "BUDGET",
    tap: Tap::Limit,
    settings: &["key", "workspace", "interval", "show", "warnAt"],
    icon: BundleIcon::Gauge,
    dial: DialWords {
        rotate: "Every limit and budget, nearest to its limit first",
        push: "Back to your pick",
    },
};

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

    pub const fn descriptor(self) -> &'static Descriptor {
        match self {
            Action::Balance => &BALANCE,
            Action::TopModels => &TOP_MODELS,
            Action::MonthlySpend => &MONTHLY_SPEND,
            Action::SpikeAlert => &SPIKE_ALERT,
            Action::Today => &TODAY,
            Action::Budget => &BUDGET,
        }
    }

    /// The manifest's action UUID, e.g. `com.openbalance.openrouter.balance`.
    pub fn uuid(self) -> &'static str {
        self.descriptor().uuid
    }

    pub fn slug(self) -> &'static str {
        self.descriptor().slug
    }

    pub fn from_uuid(uuid: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.uuid() == uuid)
    }

    /// Whether the tile reads this setting (besides `theme`, which every tile reads).
    pub fn reads(self, setting: &str) -> bool {
        self.descriptor().settings.contains(&setting)
    }
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
