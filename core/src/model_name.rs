//! Model ids shortened for a key: `anthropic/claude-3.5-sonnet:beta` → `claude-3.5-sonnet`.
//!
//! Only meaning-free parts are removed (the vendor prefix, a routing suffix, a release date);
//! fitting the result into pixels is the renderer's job, which shrinks and then ellipsizes.

pub fn short(model: &str) -> String {
    let name = model.rsplit('/').next().unwrap_or(model);
    let name = match name.split_once(':') {
        Some((base, _variant)) if !base.is_empty() => base,
        _ => name,
    };
    let name = strip_date_suffix(name);
    if name.trim().is_empty() {
        model.trim().to_owned()
    } else {
        name.to_owned()
    }
}

/// Short names for models shown together. Where two shorten to the same text (`x:free` and `x`),
/// those keep everything but the vendor prefix, and if that still collides, the whole id.
pub fn labels(models: &[&str]) -> Vec<String> {
    let shorts: Vec<String> = models.iter().map(|m| short(m)).collect();
    let clash = |i: usize, names: &[String]| names.iter().filter(|n| **n == names[i]).count() > 1;
    let middles: Vec<String> = (0..models.len())
        .map(|i| {
            if clash(i, &shorts) {
                models[i].rsplit('/').next().unwrap_or(models[i]).to_owned()
            } else {
                shorts[i].clone()
            }
        })
        .collect();
    (0..models.len())
        .map(|i| {
            if clash(i, &middles) {
                models[i].to_owned()
            } else {
                middles[i].clone()
            }
        })
        .collect()
}

/// `gpt-4o-2024-08-06` → `gpt-4o`; `claude-3-opus-20240229` → `claude-3-opus`.
fn strip_date_suffix(name: &str) -> &str {
    let bytes = name.as_bytes();
    let is_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if bytes.len() > 11 {
        let tail = &bytes[bytes.len() - 11..];
        if tail[0] == b'-'
            && is_digits(&tail[1..5])
            && tail[5] == b'-'
            && is_digits(&tail[6..8])
            && tail[8] == b'-'
            && is_digits(&tail[9..11])
        {
            return &name[..name.len() - 11];
        }
    }
    if bytes.len() > 9 {
        let tail = &bytes[bytes.len() - 9..];
        if tail[0] == b'-' && is_digits(&tail[1..]) && tail[1] == b'2' {
            return &name[..name.len() - 9];
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn removes_only_meaningless_parts() {
        assert_eq!(short("openai/gpt-4.1"), "gpt-4.1");
        assert_eq!(
            short("anthropic/claude-3.5-sonnet:beta"),
            "claude-3.5-sonnet"
        );
        assert_eq!(short("openai/gpt-4o-2024-08-06"), "gpt-4o");
        assert_eq!(short("anthropic/claude-3-opus-20240229"), "claude-3-opus");
        assert_eq!(
            short("meta-llama/llama-3.1-405b-instruct"),
            "llama-3.1-405b-instruct"
        );
        assert_eq!(short("mistral"), "mistral");
        assert_eq!(short("vendor/"), "vendor/");
        assert_eq!(short(":free"), ":free");
    }

    #[test]
    fn labels_stay_distinct() {
        assert_eq!(labels(&["m/x:free", "m/x", "n/y"]), ["x:free", "x", "y"]);
        assert_eq!(labels(&["a/x", "b/x"]), ["a/x", "b/x"]);
        assert_eq!(
            labels(&["openai/gpt-4o-2024-08-06", "anthropic/claude"]),
            ["gpt-4o", "claude"]
        );
    }

    proptest! {
        #[test]
        fn labels_of_distinct_models_are_distinct(models in proptest::collection::btree_set("[ab]/[xy](:free|-2024-08-06)?", 0..6)) {
            let list: Vec<&str> = models.iter().map(String::as_str).collect();
            let shown = labels(&list);
            let unique: std::collections::BTreeSet<_> = shown.iter().collect();
            prop_assert_eq!(unique.len(), shown.len());
        }

        #[test]
        fn never_panics_and_never_empties(model in "\\PC{1,40}") {
            let s = short(&model);
            prop_assert!(!s.is_empty() || model.trim().is_empty());
        }
    }
}
