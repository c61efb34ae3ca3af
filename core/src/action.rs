//! The four tiles a person can put on a key, and the pages a tap on them opens.

use serde::{Deserialize, Serialize};

pub const PLUGIN_UUID: &str = "com.openbalance.openrouter";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Balance,
    TopModels,
    MonthlySpend,
    SpikeAlert,
}

pub const CREDITS_URL: &str = "https://openrouter.ai/settings/credits";
pub const ACTIVITY_URL: &str = "https://openrouter.ai/activity";
/// Where OpenRouter makes Management keys ("Create New Key"); `/settings/keys` is for inference keys.
pub const KEYS_URL: &str = "https://openrouter.ai/settings/management-keys";

impl Action {
    pub const ALL: [Action; 4] = [
        Action::Balance,
        Action::TopModels,
        Action::MonthlySpend,
        Action::SpikeAlert,
    ];

    /// The manifest's action UUID, e.g. `com.openbalance.openrouter.balance`.
    pub fn uuid(self) -> &'static str {
        match self {
            Action::Balance => "com.openbalance.openrouter.balance",
            Action::TopModels => "com.openbalance.openrouter.topmodels",
            Action::MonthlySpend => "com.openbalance.openrouter.monthlyspend",
            Action::SpikeAlert => "com.openbalance.openrouter.spikealert",
        }
    }

    pub fn from_uuid(uuid: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.uuid() == uuid)
    }

    /// The page a tap opens, when the tile has data to explain. Spike Alert acknowledges instead.
    pub fn tap_url(self) -> Option<&'static str> {
        match self {
            Action::Balance => Some(CREDITS_URL),
            Action::TopModels | Action::MonthlySpend => Some(ACTIVITY_URL),
            Action::SpikeAlert => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_round_trip_and_share_the_plugin_prefix() {
        for action in Action::ALL {
            assert_eq!(Action::from_uuid(action.uuid()), Some(action));
            assert!(action.uuid().starts_with(PLUGIN_UUID));
        }
        assert_eq!(Action::from_uuid("com.openbalance.openrouter"), None);
    }
}
