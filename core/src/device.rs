//! The Stream Deck devices the host has told us of, and how large their keys are.
//!
//! Stream Deck scales our 144×144 key image down to the key it lands on: 72 pixels on the
//! original Stream Deck and the MK.2, 80 on the Mini, 96 on the XL and the Neo, 112 on the + XL,
//! 120 on the +. Text that reads well at 144 is half as tall on a 72-pixel key, so a tile is drawn
//! for the size of its key: on the smallest keys fewer, larger elements, the answer first. The host
//! names each device's type in the launch's `-info` and in `deviceDidConnect`, and each key's
//! device in `willAppear`; a key whose device it never named (an older host, an old recording) is
//! drawn as it always was, for a 144-pixel key.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key a tile is drawn for, by the size of its display. Every text kept on a key has capitals
/// at least 8 device pixels tall there: 16 units of the 144-unit image on a 72-pixel key, 12 on a
/// 96-pixel one, 8 on a 144-pixel one.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum KeySize {
    /// 72–80 device pixels: Stream Deck (original, MK.2, Module 15), Mini, Module 6.
    Small,
    /// 96–120 device pixels: XL, Neo, + XL, +.
    Medium,
    /// 144 device pixels, or a key of a device the host did not name: drawn as it always was.
    #[default]
    Large,
}

impl KeySize {
    /// The size class of a key `px` device pixels wide (`None`: not known).
    pub fn of_px(px: Option<u32>) -> KeySize {
        match px {
            Some(px) if px < 96 => KeySize::Small,
            Some(px) if px < 144 => KeySize::Medium,
            _ => KeySize::Large,
        }
    }

    /// The smallest key of the class, in device pixels: what its layout is drawn for.
    pub fn design_px(self) -> u32 {
        match self {
            KeySize::Small => 72,
            KeySize::Medium => 96,
            KeySize::Large => 144,
        }
    }

    pub fn is_large(&self) -> bool {
        *self == KeySize::Large
    }

    pub const ALL: [KeySize; 3] = [KeySize::Small, KeySize::Medium, KeySize::Large];

    /// `small`, `medium`, `large`: for file names.
    pub fn name(self) -> &'static str {
        match self {
            KeySize::Small => "small",
            KeySize::Medium => "medium",
            KeySize::Large => "large",
        }
    }
}

/// A key's side in device pixels for each device type Stream Deck names (`DeviceType` in Elgato's
/// SDK); `None` for devices without key displays (pedal, G keys, SCUF), for displays of their own
/// size (Mobile, Virtual, Studio, Corsair) and for types newer than this list.
pub fn key_px(device_type: u32) -> Option<u32> {
    match device_type {
        0 => Some(72),   // Stream Deck, MK.2, Module 15
        1 => Some(80),   // Mini, Module 6
        2 => Some(96),   // XL, Module 32
        7 => Some(120),  // Stream Deck +
        9 => Some(96),   // Neo
        13 => Some(112), // Stream Deck + XL
        _ => None,
    }
}

/// No deck has more devices than this; a flood of made-up ones is not kept.
pub const MAX_DEVICES: usize = 64;

/// Devices by the id Stream Deck gives them, with their type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Devices {
    types: BTreeMap<String, Option<u32>>,
}

impl Devices {
    /// A device connected (or was named at launch); `false` when it was not kept (too many).
    pub fn connect(&mut self, id: String, device_type: Option<u32>) -> bool {
        if self.types.len() >= MAX_DEVICES && !self.types.contains_key(&id) {
            return false;
        }
        self.types.insert(id, device_type);
        true
    }

    /// The size of the keys of `device` (a key whose device is unknown: [`KeySize::Large`]).
    pub fn key_size(&self, device: Option<&str>) -> KeySize {
        let px = device
            .and_then(|d| self.types.get(d))
            .copied()
            .flatten()
            .and_then(key_px);
        KeySize::of_px(px)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_device_type_draws_for_its_key() {
        let mut devices = Devices::default();
        for (id, kind) in [("mk2", 0), ("mini", 1), ("xl", 2), ("plus", 7), ("neo", 9)] {
            assert!(devices.connect(id.into(), Some(kind)));
        }
        devices.connect("plusxl".into(), Some(13));
        devices.connect("pedal".into(), Some(5));
        devices.connect("future".into(), Some(99));
        devices.connect("untyped".into(), None);
        let size = |d: &str| devices.key_size(Some(d));
        assert_eq!(size("mk2"), KeySize::Small);
        assert_eq!(size("mini"), KeySize::Small);
        assert_eq!(size("xl"), KeySize::Medium);
        assert_eq!(size("neo"), KeySize::Medium);
        assert_eq!(size("plus"), KeySize::Medium);
        assert_eq!(size("plusxl"), KeySize::Medium);
        for unknown in ["pedal", "future", "untyped", "never-named"] {
            assert_eq!(size(unknown), KeySize::Large, "{unknown}");
        }
        assert_eq!(devices.key_size(None), KeySize::Large);
    }

    #[test]
    fn a_flood_of_devices_is_bounded() {
        let mut devices = Devices::default();
        for i in 0..MAX_DEVICES {
            assert!(devices.connect(format!("d{i}"), Some(0)));
        }
        assert!(!devices.connect("one-more".into(), Some(0)));
        assert!(
            devices.connect("d0".into(), Some(2)),
            "a known one may change"
        );
        assert_eq!(devices.key_size(Some("d0")), KeySize::Medium);
    }
}
