//! The person's language: the eight Stream Deck ships in, read from the host's launch info
//! (`-info` → `application.language`) and carried to the core in an event, so a recording replays
//! in the language it was made in (a recording without one replays in English).
//!
//! Stream Deck names its languages `en`, `de`, `fr`, `es`, `ja`, `ko`, `zh_CN` and `zh_TW`; other
//! hosts (OpenDeck, a later Stream Deck) may send a BCP 47 tag (`de-DE`, `zh-Hans`, `zh-Hant-TW`).
//! Parsing is liberal and never fails: anything it does not recognise is English, the language
//! every word was first written in.

use serde::{Deserialize, Serialize};

/// One of Stream Deck's eight languages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "de")]
    De,
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "es")]
    Es,
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "ko")]
    Ko,
    #[serde(rename = "zh_CN")]
    ZhCn,
    #[serde(rename = "zh_TW")]
    ZhTw,
}

impl Lang {
    /// Every language, English first (the order of the bundle's files and the tests' loops).
    pub const ALL: [Lang; 8] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Ja,
        Lang::Ko,
        Lang::ZhCn,
        Lang::ZhTw,
    ];

    /// Stream Deck's own code, which also names the bundle's `<code>.json`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::ZhCn => "zh_CN",
            Lang::ZhTw => "zh_TW",
        }
    }

    /// The language a host's tag names, English for anything else (an empty tag, a language
    /// Stream Deck may add later, garbage). Case, `_` or `-`, and regions are all accepted:
    /// `de`, `de-DE`, `DE_at` are German; Chinese is Traditional when the tag says `Hant` or names
    /// Taiwan, Hong Kong or Macau, and Simplified otherwise (`zh`, `zh_CN`, `zh-Hans`, `zh-SG`).
    pub fn parse(tag: &str) -> Lang {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-').filter(|p| !p.is_empty());
        let Some(language) = parts.next() else {
            return Lang::En;
        };
        match language {
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "ja" | "jp" => Lang::Ja,
            "ko" | "kr" => Lang::Ko,
            "zh" => {
                let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
                match traditional {
                    true => Lang::ZhTw,
                    false => Lang::ZhCn,
                }
            }
            _ => Lang::En,
        }
    }

    /// Whether numbers take a decimal comma (and a grouping dot or space).
    pub const fn decimal_comma(self) -> bool {
        matches!(self, Lang::De | Lang::Fr | Lang::Es)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stream_decks_codes_and_bcp47_tags_are_read() {
        let cases = [
            ("en", Lang::En),
            ("de", Lang::De),
            ("de-DE", Lang::De),
            ("de_AT", Lang::De),
            ("DE", Lang::De),
            ("fr", Lang::Fr),
            ("fr-CA", Lang::Fr),
            ("es", Lang::Es),
            ("es-419", Lang::Es),
            ("ja", Lang::Ja),
            ("ja-JP", Lang::Ja),
            ("ko", Lang::Ko),
            ("ko_KR", Lang::Ko),
            ("zh_CN", Lang::ZhCn),
            ("zh-CN", Lang::ZhCn),
            ("zh", Lang::ZhCn),
            ("zh-Hans", Lang::ZhCn),
            ("zh-Hans-SG", Lang::ZhCn),
            ("zh_TW", Lang::ZhTw),
            ("zh-TW", Lang::ZhTw),
            ("zh-Hant", Lang::ZhTw),
            ("zh-Hant-HK", Lang::ZhTw),
            ("zh_HK", Lang::ZhTw),
            (" zh_tw ", Lang::ZhTw),
        ];
        for (tag, lang) in cases {
            assert_eq!(Lang::parse(tag), lang, "{tag:?}");
        }
    }

    #[test]
    fn anything_else_is_english() {
        for tag in [
            "", " ", "-", "pt", "pt-BR", "it", "ru", "english", "dee", "zhx", "x-de",
        ] {
            assert_eq!(Lang::parse(tag), Lang::En, "{tag:?}");
        }
    }

    #[test]
    fn codes_round_trip_and_serde_uses_them() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), lang);
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.code()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), lang);
        }
        assert_eq!(Lang::default(), Lang::En);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(tag in "\\PC{0,40}") {
            let _ = Lang::parse(&tag);
        }
    }
}
