//! What the global settings hold that the plugin does not read but must not lose: Stream Deck
//! replaces the whole object on every write, so whatever holds a key and is not written back is
//! gone. An `accounts` entry that is not an account (a nested array, say), an entry past the 64
//! read, a member of the object (or of an entry) this version does not know: each is kept as it
//! was, [`Verbatim`], and written back beside what the plugin writes, up to a byte bound on the
//! whole object; what does not fit is counted, and the log says so.
//!
//! A kept value may hold keys, so it redacts itself exactly as [`ApiKey`] does: `Debug` and
//! `Serialize` print `kept…<bytes> bytes#<fingerprint>`, so a recording and a replay carry the
//! fingerprint and never the text; [`Verbatim::expose`] is the one way to the value, for
//! `setGlobalSettings` only.

use crate::api_key::{fingerprint, ApiKey};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The bound on the whole settings object the plugin writes back. What the plugin itself writes
/// (at most 64 accounts of an id, a label and two keys of at most 1 KiB each) is well within it;
/// kept values fill what is left, in the order they came.
pub const MAX_SETTINGS_BYTES: usize = 256 * 1024;

/// The redacted form's prefix; a recorded kept value reads back as one that redacts to itself.
pub const REDACTED_PREFIX: &str = "kept…";

/// A value from the global settings kept as it was, to be written back as it was.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(from = "Value")]
pub struct Verbatim(Value);

impl From<Value> for Verbatim {
    fn from(value: Value) -> Self {
        Verbatim(value)
    }
}

impl Verbatim {
    /// The value itself. Only for `setGlobalSettings`, where Stream Deck keeps it.
    pub fn expose(&self) -> &Value {
        &self.0
    }

    /// The form written wherever the value would otherwise appear. A recorded one is already in
    /// it.
    pub fn redacted(&self) -> String {
        if let Value::String(text) = &self.0 {
            if text.starts_with(REDACTED_PREFIX) {
                return text.clone();
            }
        }
        let text = self.0.to_string();
        format!(
            "{REDACTED_PREFIX}{} bytes#{:08x}",
            text.len(),
            fingerprint(&text)
        )
    }

    /// A kept object's members, beside what the plugin writes into the same object (its own
    /// members win; a kept member never replaces one). A recorded (redacted) value has none.
    pub fn members(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.as_object().into_iter().flatten()
    }
}

impl Serialize for Verbatim {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted())
    }
}

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verbatim({})", self.redacted())
    }
}

/// Whether a value holds anything that could be a key: a string that [`ApiKey::new`] would take,
/// at any depth (keys are values; a member's name is not looked at). Liberal on purpose: keeping
/// a value that holds no key costs a few bytes; dropping one that does loses the key.
pub fn holds_key(value: &Value) -> bool {
    match value {
        Value::String(text) => ApiKey::new(text).is_some(),
        Value::Array(items) => items.iter().any(holds_key),
        Value::Object(members) => members.values().any(holds_key),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// What the plugin keeps beside what it reads, at the top of the settings object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeptSettings {
    /// Members of the settings object this version does not know that hold a key (one object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Verbatim>,
    /// Entries of `accounts` that are not accounts but hold a key, and every entry past the 64
    /// read that holds one, in their order: written after the accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<Verbatim>,
    /// Values holding a key that did not fit under [`MAX_SETTINGS_BYTES`] (when read; for the
    /// log). Always 0 in what is written.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub beyond: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl KeptSettings {
    pub fn is_empty(&self) -> bool {
        self.fields.is_none() && self.entries.is_empty() && self.beyond == 0
    }

    /// What is written back: the kept values, without the count of those that did not fit.
    pub fn to_write(&self) -> KeptSettings {
        KeptSettings {
            beyond: 0,
            ..self.clone()
        }
    }
}

/// The bytes left under [`MAX_SETTINGS_BYTES`] while one settings object is read.
#[derive(Debug)]
pub struct Budget {
    left: usize,
    /// Values holding a key that did not fit.
    pub beyond: u32,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_SETTINGS_BYTES,
            beyond: 0,
        }
    }
}

impl Budget {
    /// What the plugin itself writes: always written (it is bounded by count), so it only takes
    /// from what kept values may have.
    pub fn charge(&mut self, bytes: usize) {
        self.left = self.left.saturating_sub(bytes);
    }

    /// Keeps `value` if it fits in what is left; else counts it.
    pub fn keep(&mut self, value: Value) -> Option<Verbatim> {
        let bytes = value.to_string().len();
        if bytes > self.left {
            self.beyond = self.beyond.saturating_add(1);
            return None;
        }
        self.left -= bytes;
        Some(Verbatim(value))
    }

    /// The members of `object` not named in `known` that hold a key, kept as one object (each
    /// member kept or counted on its own).
    pub fn keep_members(
        &mut self,
        object: &Map<String, Value>,
        known: &[&str],
    ) -> Option<Verbatim> {
        let mut kept = Map::new();
        for (name, value) in object {
            if known.contains(&name.as_str()) {
                continue;
            }
            if !holds_key(value) {
                continue;
            }
            let member = Value::Object(Map::from_iter([(name.clone(), value.clone())]));
            if let Some(Verbatim(Value::Object(one))) = self.keep(member) {
                kept.extend(one);
            }
        }
        (!kept.is_empty()).then_some(Verbatim(Value::Object(kept)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "sk-or-v1-0123456789abcdef0123456789abcdef";

    #[test]
    fn a_kept_value_never_prints_what_it_holds() {
        let kept = Verbatim::from(json!([[KEY]]));
        for shown in [format!("{kept:?}"), serde_json::to_string(&kept).unwrap()] {
            assert!(!shown.contains("0123456789"), "{shown}");
            assert!(shown.contains(REDACTED_PREFIX), "{shown}");
        }
        let recorded: Verbatim =
            serde_json::from_str(&serde_json::to_string(&kept).unwrap()).unwrap();
        assert_eq!(recorded.redacted(), kept.redacted(), "redacts to itself");
        assert_ne!(
            Verbatim::from(json!([["sk-or-v1-another-key-0000"]])).redacted(),
            kept.redacted()
        );
    }

    #[test]
    fn what_holds_a_key() {
        assert!(holds_key(&json!(KEY)));
        assert!(holds_key(&json!([[{"x": KEY}]])));
        assert!(!holds_key(&json!({ "a-long-member-name": true })));
        for none in [
            json!(null),
            json!(5),
            json!("short"),
            json!("has spaces in it"),
            json!([1, {}]),
        ] {
            assert!(!holds_key(&none), "{none}");
        }
    }

    #[test]
    fn kept_values_fill_the_budget_in_order_and_the_rest_is_counted() {
        let mut budget = Budget::default();
        budget.charge(MAX_SETTINGS_BYTES - 100);
        assert!(budget.keep(json!([KEY])).is_some());
        assert!(budget.keep(json!([KEY, KEY])).is_none());
        assert_eq!(budget.beyond, 1);
        let object = json!({"id": KEY, "old": [KEY], "note": 5, "other": "x"});
        let mut budget = Budget::default();
        let kept = budget.keep_members(object.as_object().unwrap(), &["id"]);
        assert_eq!(
            kept.map(|k| k.expose().clone()),
            Some(json!({"old": [KEY]}))
        );
    }
}
