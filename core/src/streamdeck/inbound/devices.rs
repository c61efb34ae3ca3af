//! The devices a host names: a device's type from its `deviceInfo`, and the devices the launch's
//! `-info` lists, read as the `deviceDidConnect` events they stand for.

use super::MAX_ID_LEN;
use crate::event::EventKind;
use serde_json::Value;

/// A device's `type` from its `deviceInfo` (or an `-info` entry): a small whole number, else unknown.
pub(super) fn device_type(info: Option<&Value>) -> Option<u32> {
    info?
        .get("type")?
        .as_u64()
        .and_then(|t| u32::try_from(t).ok())
}

/// The devices the launch's `-info` names (`{"devices":[{"id","type",…}]}`), as the events a
/// `deviceDidConnect` for each would be. Anything else in `-info`, or an entry without an id, is
/// passed over: a host that sends no devices draws every key as it always was.
pub fn launch_devices(info: &str) -> Vec<EventKind> {
    let Ok(value) = serde_json::from_str::<Value>(info) else {
        return Vec::new();
    };
    let Some(devices) = value.get("devices").and_then(Value::as_array) else {
        return Vec::new();
    };
    devices
        .iter()
        .take(crate::device::MAX_DEVICES)
        .filter_map(|entry| {
            let id = entry
                .get("id")
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty() && d.len() <= MAX_ID_LEN)?;
            Some(EventKind::DeviceDidConnect {
                device: id.to_owned(),
                device_type: device_type(Some(entry)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streamdeck::inbound::event;
    use serde_json::json;

    /// `deviceDidConnect` as Stream Deck 6 sends it, and the `-info` devices at launch.
    #[test]
    fn parses_devices_from_their_events_and_the_launch_info() {
        let connect = json!({"event":"deviceDidConnect","device":"55F16B35884A859CCE4FFA1FC8D3DE5B",
            "deviceInfo":{"name":"Stream Deck Mini","type":1,"size":{"columns":3,"rows":2}}});
        assert_eq!(
            event(&connect.to_string()),
            EventKind::DeviceDidConnect {
                device: "55F16B35884A859CCE4FFA1FC8D3DE5B".into(),
                device_type: Some(1),
            }
        );
        let untyped = json!({"event":"deviceDidConnect","device":"D","deviceInfo":{"type":"XL"}});
        assert_eq!(
            event(&untyped.to_string()),
            EventKind::DeviceDidConnect {
                device: "D".into(),
                device_type: None,
            }
        );
        let info = json!({"application":{"version":"6.8.0"},"devicePixelRatio":2,
            "devices":[{"id":"A","name":"Stream Deck","size":{"columns":5,"rows":3},"type":0},
                {"name":"no id","type":2},{"id":"C","type":7},{"id":"","type":0},"junk"]});
        assert_eq!(
            launch_devices(&info.to_string()),
            vec![
                EventKind::DeviceDidConnect {
                    device: "A".into(),
                    device_type: Some(0)
                },
                EventKind::DeviceDidConnect {
                    device: "C".into(),
                    device_type: Some(7)
                },
            ]
        );
        for nothing in ["{}", "not json", r#"{"devices":5}"#, "[]"] {
            assert!(launch_devices(nothing).is_empty(), "{nothing}");
        }
        // A flood of devices at launch is bounded like one over time.
        let many: Vec<_> = (0..500)
            .map(|i| json!({"id": format!("D{i}"), "type": 0}))
            .collect();
        let flood = json!({ "devices": many }).to_string();
        assert_eq!(launch_devices(&flood).len(), crate::device::MAX_DEVICES);
    }
}
