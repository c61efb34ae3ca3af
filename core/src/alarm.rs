//! The low-balance alarm: a Balance tile with `lowBalance` set alarms below it, and the key gets
//! one `showAlert` when the balance *crosses* below — not at every poll. The state is kept per
//! threshold, not per tile, so a page switch (tiles leaving and coming back) is not a crossing.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LowBalance {
    /// Threshold (its bits, for an exact key) → whether the balance was below it last time.
    below: BTreeMap<u64, bool>,
}

impl LowBalance {
    /// The balance is `remaining`; these thresholds (USD, > 0) are on the deck. Returns the ones
    /// the balance has just crossed below (a threshold seen for the first time while below counts:
    /// the person should hear of it once).
    pub fn observe(&mut self, remaining: f64, thresholds: &[f64]) -> Vec<f64> {
        let mut crossed = Vec::new();
        for &threshold in thresholds.iter().filter(|t| **t > 0.0) {
            let below = is_low(remaining, threshold);
            let was = self.below.insert(threshold.to_bits(), below);
            if below && was != Some(true) {
                crossed.push(threshold);
            }
        }
        crossed.sort_by(f64::total_cmp);
        crossed.dedup();
        crossed
    }

    /// A new account (another key): nothing it showed before says anything now.
    pub fn clear(&mut self) {
        self.below.clear();
    }
}

/// The Budget tiles' alarm: one `showAlert` when a limit is first reached, none while it stays
/// reached, one more after its window resets and it is reached again. Kept per limit (the tile's
/// pick, as text), not per tile, for the same reason as [`LowBalance`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LimitsReached {
    reached: std::collections::BTreeSet<String>,
}

impl LimitsReached {
    /// The limit named `which` is (or is not) reached now; `true` when it has just been reached.
    pub fn observe(&mut self, which: String, reached: bool) -> bool {
        match reached {
            true => self.reached.insert(which),
            false => {
                self.reached.remove(&which);
                false
            }
        }
    }

    pub fn clear(&mut self) {
        self.reached.clear();
    }
}

/// Below the alarm line (`threshold` 0 is off).
pub fn is_low(remaining: f64, threshold: f64) -> bool {
    threshold > 0.0 && remaining < threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn alerts_once_per_crossing() {
        let mut alarm = LowBalance::default();
        assert_eq!(alarm.observe(20.0, &[5.0]), Vec::<f64>::new());
        assert_eq!(alarm.observe(4.0, &[5.0]), [5.0]);
        assert_eq!(
            alarm.observe(3.0, &[5.0]),
            Vec::<f64>::new(),
            "still low: no new alert"
        );
        assert_eq!(alarm.observe(6.0, &[5.0]), Vec::<f64>::new());
        assert_eq!(
            alarm.observe(1.0, &[5.0, 5.0]),
            [5.0],
            "crossed again; once per threshold"
        );
        assert_eq!(alarm.observe(1.0, &[0.0]), Vec::<f64>::new(), "0 is off");
        let mut fresh = LowBalance::default();
        assert_eq!(
            fresh.observe(1.0, &[5.0]),
            [5.0],
            "already low when first seen"
        );
    }

    #[test]
    fn a_limit_alerts_once_per_reaching() {
        let mut limits = LimitsReached::default();
        assert!(!limits.observe("k".into(), false));
        assert!(limits.observe("k".into(), true));
        assert!(
            !limits.observe("k".into(), true),
            "still reached: no new alert"
        );
        assert!(limits.observe("other".into(), true), "each limit its own");
        assert!(!limits.observe("k".into(), false));
        assert!(
            limits.observe("k".into(), true),
            "reached again after a reset"
        );
    }

    proptest! {
        /// One alert per crossing into "low", and none otherwise.
        #[test]
        fn one_alert_per_crossing(balances in proptest::collection::vec(0.0f64..100.0, 1..60), threshold in 0.5f64..50.0) {
            let mut alarm = LowBalance::default();
            let alerts: usize = balances.iter().map(|b| alarm.observe(*b, &[threshold]).len()).sum();
            let mut crossings = 0;
            let mut was_low = false;
            for b in &balances {
                let low = *b < threshold;
                if low && !was_low {
                    crossings += 1;
                }
                was_low = low;
            }
            prop_assert_eq!(alerts, crossings);
        }

        /// Scaling every balance and the threshold together changes nothing.
        #[test]
        fn is_scale_free(balances in proptest::collection::vec(0.0f64..100.0, 1..30), threshold in 0.5f64..50.0, exp in -20i32..20) {
            let k = 2f64.powi(exp);
            let run = |k: f64| {
                let mut alarm = LowBalance::default();
                balances.iter().map(|b| alarm.observe(b * k, &[threshold * k]).len()).collect::<Vec<_>>()
            };
            prop_assert_eq!(run(1.0), run(k));
        }
    }
}
