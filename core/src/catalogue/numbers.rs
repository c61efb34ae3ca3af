//! Amounts, percentages and ratios the way each language writes them. The currency stays the US
//! dollar, OpenRouter's; only separators, the sign's place and large-number words change.
//!
//! English is exactly `crate::money` (the digits kept follow one rule everywhere: "as many digits
//! as fit and matter"), and every other language is that English text rewritten, so a language
//! can never show more or fewer digits than English. The conventions are CLDR's (48, as ICU 78
//! ships them in `Intl.NumberFormat`), with one choice of ours: the dollar is the narrow symbol
//! `$` in every language, as OpenRouter's own pages show it, rather than CLDR's standard symbol
//! where that differs (fr `$US`, es, ko, zh `US$`): a key has no room for it, and nothing on a
//! key is in another currency.
//!
//! | lang | amount | small | large | percent | ratio |
//! |---|---|---|---|---|---|
//! | en | `$1,234` `$123.45` | `$0.042` | `$1.23M` `$45.6B` | `45.2%` | `3.4×` |
//! | de | `1.234 $` `123,45 $` | `0,042 $` | `1,23 Mio. $` `45,6 Mrd. $` | `45,2 %` | `3,4×` |
//! | fr | `1 234 $` `123,45 $` (U+202F groups) | `0,042 $` | `1,23 M $` `45,6 Md $` | `45,2 %` | `3,4×` |
//! | es | `1234 $` `12.345 $` `123,45 $` | `0,042 $` | `1,23 M $` `45.600 M $` | `45,2 %` | `3,4×` |
//! | ja | `$1,234` `$123.45` | `$0.042` | `$123万` `$456億` | `45.2%` | `3.4×` |
//! | ko | as ja | | `$123만` `$456억` | | |
//! | zh_CN | as ja | | `$123万` `$456亿` | | |
//! | zh_TW | as ja | | `$123萬` `$456億` | | |
//!
//! The space before `$` and `%` in de/fr/es is a no-break space (U+00A0), French groups with a
//! narrow no-break space (U+202F), Spanish groups only from five digits (CLDR's minimum grouping
//! digits of 2: `1234 $`, `12.345 $`). The minus stays the core's U+2212.
//!
//! Sources: `Intl.NumberFormat(locale, {style: "currency", currency: "USD"})` in Node 20 (ICU 78.2,
//! CLDR 48) gives `1.234,56 $` (de-DE), `1 234,56 $US` (fr-FR), `1234,56 US$` and `12.345,60 US$`
//! (es-ES), `$1,234.56` (ja-JP), `US$1,234.56` (ko-KR, zh-CN, zh-TW), and with
//! `currencyDisplay: "narrowSymbol"` `$` in each place; percentages `45 %` (de, fr, es) and `45%`;
//! compact `1,2 Mio. $`, `1,2 M $US`, `1,2 M US$`, `$123万`, `US$123만`, `US$123万`, `US$123萬`.
//! ICU's `data/curr/root.txt` has USD's symbol `US$` and its narrow symbol `$`; CLDR's guide to
//! currency symbols (cldr.unicode.org, "Currency Names and Symbols") says the symbol is the most
//! commonly understood designator in the locale, which for a screen that only ever shows US
//! dollars is `$`.

use super::Lang;
use crate::money;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// An amount of US dollars: `$1,234` · `1.234 $` · `1 234 $` · `$123万`.
pub fn money(lang: Lang, usd: f64) -> String {
    localise(lang, &money::dollars(usd), usd)
}

/// A threshold or a limit: whole dollars without cents when they are whole (`$10`, `10 $`),
/// as the low-balance line and the budget captions show it.
pub fn whole_money(lang: Lang, usd: f64) -> String {
    let english = money::dollars(usd);
    let english = english.strip_suffix(".00").unwrap_or(&english);
    localise(lang, english, usd)
}

/// A share of 100 with one decimal below 100: `45.2%`, `45,2 %`.
pub fn percent(lang: Lang, value: f64) -> String {
    localise_percent(lang, &money::percent(value))
}

/// A whole percentage: `69%`, `69 %`, `<1%`.
pub fn whole_percent(lang: Lang, value: f64) -> String {
    localise_percent(lang, &money::whole_percent(value))
}

/// A spend ratio: `3.4×`, `3,4×`, `>999×`.
pub fn ratio(lang: Lang, value: f64) -> String {
    let english = money::ratio(value);
    match lang.decimal_comma() {
        true => separators(lang, &english),
        false => english,
    }
}

/// English digits (`1,234.5`) in `lang`'s separators; Spanish leaves four-digit numbers ungrouped.
fn separators(lang: Lang, english: &str) -> String {
    if !lang.decimal_comma() {
        return english.to_owned();
    }
    let group = match lang {
        Lang::Fr => NNBSP.to_string(),
        Lang::Es if integer_digits(english) < 5 => String::new(),
        _ => ".".to_owned(),
    };
    english
        .chars()
        .map(|c| match c {
            ',' => group.clone(),
            '.' => ",".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// Digits before the decimal point of the first number in `text`.
fn integer_digits(text: &str) -> usize {
    text.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .count()
}

/// `money`'s English (`−$1,234.56`, `<$0.0001`, `$1.23M`, `$999B+`, `—`) in `lang`.
fn localise(lang: Lang, english: &str, usd: f64) -> String {
    if lang == Lang::En || english == money::UNKNOWN {
        return english.to_owned();
    }
    let (sign, rest) = match english.strip_prefix('−') {
        Some(rest) => ("−", rest),
        None => ("", english),
    };
    let (less, rest) = match rest.strip_prefix('<') {
        Some(rest) => ("<", rest),
        None => ("", rest),
    };
    let body = rest.trim_start_matches('$');
    let compact = body.ends_with(['M', 'B', '+']);
    if !lang.decimal_comma() {
        return match compact {
            true => format!("{sign}${}", east_asian_compact(lang, usd.abs())),
            false => english.to_owned(),
        };
    }
    let (number, unit) = match body {
        b if b.ends_with("B+") => (&b[..b.len() - 2], big_unit(lang, true)),
        b if b.ends_with('B') => (&b[..b.len() - 1], big_unit(lang, true)),
        b if b.ends_with('M') => (&b[..b.len() - 1], big_unit(lang, false)),
        b => (b, ""),
    };
    let plus = if body.ends_with('+') { "+" } else { "" };
    let number = separators(lang, number);
    match (lang, unit.is_empty()) {
        // Spanish says thousands of millions: 45,6 B → 45.600 M.
        (Lang::Es, false) if body.contains('B') => {
            let millions = separators(lang, &thousands_of_millions(number.as_str()));
            format!("{sign}{less}{millions}{plus}{NBSP}M{NBSP}$")
        }
        (_, false) => format!("{sign}{less}{number}{plus}{NBSP}{unit}{NBSP}$"),
        (_, true) => format!("{sign}{less}{number}{NBSP}$"),
    }
}

/// The word for a million or a billion (milliard) before the dollar sign.
fn big_unit(lang: Lang, billions: bool) -> &'static str {
    match (lang, billions) {
        (Lang::De, false) => "Mio.",
        (Lang::De, true) => "Mrd.",
        (Lang::Fr, true) => "Md",
        _ => "M",
    }
}

/// "45,6" billions written as millions for Spanish, in English digits again ("45,600").
fn thousands_of_millions(localised: &str) -> String {
    let plain = localised.replace(['.', NNBSP], "").replace(',', ".");
    let value: f64 = plain.parse().unwrap_or(0.0);
    let millions = (value * 1000.0).round() as u64;
    let digits = millions.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A million and more the East Asian way, in ten-thousands (万) and hundred-millions (億), three
/// significant digits as the English `$1.23M`: `123万`, `4.56億`, `9999億+` past the cap.
fn east_asian_compact(lang: Lang, a: f64) -> String {
    let (wan, yi) = match lang {
        Lang::Ko => ("만", "억"),
        Lang::ZhCn => ("万", "亿"),
        Lang::ZhTw => ("萬", "億"),
        _ => ("万", "億"),
    };
    if a >= 999.5e9 {
        return format!("9999{yi}+");
    }
    let (value, unit) = match a >= 99_995_000.0 {
        true => (a / 1e8, yi),
        false => (a / 1e4, wan),
    };
    money::scaled(value, unit)
}

/// `money`'s percentages (`45.2%`, `−13%`, `<0.1%`, `>9,999%`) in `lang`: a no-break space
/// before `%` where the language writes one.
fn localise_percent(lang: Lang, english: &str) -> String {
    if !lang.decimal_comma() || english == money::UNKNOWN {
        return english.to_owned();
    }
    let number = separators(lang, english.trim_end_matches('%'));
    format!("{number}{NBSP}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plain(s: String) -> String {
        s.replace(NBSP, " ").replace(NNBSP, "_")
    }

    #[test]
    fn english_is_the_cores_money() {
        for usd in [
            0.0,
            0.042,
            123.45,
            1234.4,
            -12.5,
            1.5e6,
            2e15,
            f64::NAN,
            0.00001,
        ] {
            assert_eq!(money(Lang::En, usd), money::dollars(usd));
        }
        assert_eq!(whole_money(Lang::En, 10.0), "$10");
        assert_eq!(whole_money(Lang::En, 12.5), "$12.50");
        assert_eq!(percent(Lang::En, 45.2), "45.2%");
        assert_eq!(whole_percent(Lang::En, -13.0), "−13%");
        assert_eq!(ratio(Lang::En, 3.4), "3.4×");
    }

    #[test]
    fn each_language_writes_dollars_its_way() {
        let cases: &[(Lang, f64, &str)] = &[
            (Lang::De, 1234.4, "1.234 $"),
            (Lang::De, 123.45, "123,45 $"),
            (Lang::De, 0.042, "0,042 $"),
            (Lang::De, -12.5, "−12,50 $"),
            (Lang::De, 0.0, "0 $"),
            (Lang::De, 0.00001, "<0,0001 $"),
            (Lang::De, 1_234_567.0, "1,23 Mio. $"),
            (Lang::De, 45.6e9, "45,6 Mrd. $"),
            (Lang::De, 2e15, "999+ Mrd. $"),
            (Lang::Fr, 1234.4, "1_234 $"),
            (Lang::Fr, 123_456.0, "123_456 $"),
            (Lang::Fr, 123.45, "123,45 $"),
            (Lang::Fr, 45.6e9, "45,6 Md $"),
            (Lang::Es, 1234.4, "1234 $"),
            (Lang::Es, 12_345.0, "12.345 $"),
            (Lang::Es, 123.45, "123,45 $"),
            (Lang::Es, 1_234_567.0, "1,23 M $"),
            (Lang::Es, 45.6e9, "45.600 M $"),
            (Lang::Ja, 1234.4, "$1,234"),
            (Lang::Ja, 123.45, "$123.45"),
            (Lang::Ja, -12.5, "−$12.50"),
            (Lang::Ja, 1_234_567.0, "$123万"),
            (Lang::Ja, 45.6e9, "$456億"),
            (Lang::Ja, 99_999_999.0, "$1.00億"),
            (Lang::Ko, 1_234_567.0, "$123만"),
            (Lang::Ko, 45.6e9, "$456억"),
            (Lang::ZhCn, 1_234_567.0, "$123万"),
            (Lang::ZhCn, 45.6e9, "$456亿"),
            (Lang::ZhTw, 1_234_567.0, "$123萬"),
            (Lang::ZhTw, 12_000_000.0, "$1200萬"),
            (Lang::ZhTw, 2e15, "$9999億+"),
            (Lang::ZhTw, 123.45, "$123.45"),
        ];
        for (lang, usd, want) in cases {
            assert_eq!(plain(money(*lang, *usd)), *want, "{lang:?} {usd}");
        }
        for lang in Lang::ALL {
            assert_eq!(money(lang, f64::NAN), "—");
        }
    }

    #[test]
    fn whole_amounts_drop_their_cents_in_every_language() {
        assert_eq!(plain(whole_money(Lang::De, 10.0)), "10 $");
        assert_eq!(plain(whole_money(Lang::De, 12.5)), "12,50 $");
        assert_eq!(plain(whole_money(Lang::Fr, 1500.0)), "1_500 $");
        assert_eq!(whole_money(Lang::Ja, 10.0), "$10");
    }

    #[test]
    fn percentages_and_ratios() {
        assert_eq!(plain(percent(Lang::De, 45.2)), "45,2 %");
        assert_eq!(plain(whole_percent(Lang::Fr, -13.0)), "−13 %");
        assert_eq!(plain(whole_percent(Lang::Es, 20_000.0)), ">9999 %");
        assert_eq!(plain(whole_percent(Lang::De, 20_000.0)), ">9.999 %");
        assert_eq!(plain(percent(Lang::De, 0.01)), "<0,1 %");
        assert_eq!(whole_percent(Lang::Ja, 60.0), "60%");
        assert_eq!(ratio(Lang::De, 3.4), "3,4×");
        assert_eq!(ratio(Lang::Fr, 2000.0), ">999×");
        assert_eq!(ratio(Lang::ZhCn, 3.4), "3.4×");
    }

    proptest! {
        /// Every language keeps English's digits: the same digits in the same order.
        #[test]
        fn no_language_shows_other_digits(usd in -1e7f64..1e7) {
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            let english = digits(&money(Lang::En, usd));
            for lang in [Lang::De, Lang::Fr] {
                prop_assert_eq!(digits(&money(lang, usd)), english.clone());
            }
            if usd.abs() < 999_999.5 {
                for lang in Lang::ALL {
                    prop_assert_eq!(digits(&money(lang, usd)), english.clone());
                }
            }
        }

        #[test]
        fn never_empty_never_panics(usd in proptest::num::f64::ANY) {
            for lang in Lang::ALL {
                prop_assert!(!money(lang, usd).is_empty());
                prop_assert!(!percent(lang, usd).is_empty());
                prop_assert!(!ratio(lang, usd).is_empty());
            }
        }
    }
}
