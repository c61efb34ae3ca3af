//! Numbers formatted to fit a 144-pixel key: `$1,234` · `$123.45` · `$0.042` · `45.2%` · `3.4×`.
//!
//! The rule is "as many digits as fit and matter": cents stop mattering above $1,000, and below a
//! dollar two significant digits say more than `$0.00`.

/// Shown for a number that cannot be shown (NaN, infinite): honest, never a panic.
pub const UNKNOWN: &str = "—";

pub fn dollars(amount: f64) -> String {
    if !amount.is_finite() {
        return UNKNOWN.to_owned();
    }
    let sign = if amount < 0.0 { "−" } else { "" };
    let a = amount.abs();
    let body = if a == 0.0 {
        "0".to_owned()
    } else if a >= 999.5e9 {
        "999B+".to_owned()
    } else if a >= 999_999.5 {
        compact(a)
    } else if a >= 999.995 {
        grouped(a.round() as u64)
    } else if a >= 0.0995 {
        format!("{a:.2}")
    } else if a >= 0.0001 {
        two_significant(a)
    } else {
        return format!("{sign}<$0.0001");
    };
    format!("{sign}${body}")
}

/// `$1.23M`, `$45.6B`: past a million only the scale matters on a key.
fn compact(a: f64) -> String {
    let (value, unit) = if a >= 999_999_500.0 {
        (a / 1e9, "B")
    } else {
        (a / 1e6, "M")
    };
    scaled(value, unit)
}

/// `value` (below 1,000) to three significant digits, then `unit`: `1.23M`, `45.6B`, `123万`.
pub(crate) fn scaled(value: f64, unit: &str) -> String {
    if value >= 99.95 {
        format!("{value:.0}{unit}")
    } else if value >= 9.995 {
        format!("{value:.1}{unit}")
    } else {
        format!("{value:.2}{unit}")
    }
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.0421 → "0.042", 0.00318 → "0.0032".
fn two_significant(a: f64) -> String {
    let decimals = (-a.log10().floor()) as usize + 1;
    let text = format!("{a:.decimals$}");
    // Rounding can carry into one more significant digit (0.0995 → 0.10): trim a trailing zero.
    if text.ends_with('0') && text.len() > 4 {
        text[..text.len() - 1].to_owned()
    } else {
        text
    }
}

/// A share of 100: `45.2%`, `123%`, `<0.1%`.
/// A percentage in whole numbers, for the short lines under a big number: `69%`, `<1%`, `0%`.
pub fn whole_percent(value: f64) -> String {
    if !value.is_finite() {
        return UNKNOWN.to_owned();
    }
    let sign = if value < 0.0 { "−" } else { "" };
    let v = value.abs();
    match v {
        0.0 => "0%".to_owned(),
        v if v < 0.5 => format!("{sign}<1%"),
        v if v >= 9_999.5 => format!("{sign}>9,999%"),
        v => format!("{sign}{}%", grouped(v.round() as u64)),
    }
}

pub fn percent(value: f64) -> String {
    if !value.is_finite() {
        return UNKNOWN.to_owned();
    }
    let sign = if value < 0.0 { "−" } else { "" };
    let v = value.abs();
    if v == 0.0 {
        "0%".to_owned()
    } else if v < 0.05 {
        format!("{sign}<0.1%")
    } else if v >= 9_999.5 {
        format!("{sign}>9,999%")
    } else if v >= 99.95 {
        format!("{sign}{}%", grouped(v.round() as u64))
    } else {
        format!("{sign}{v:.1}%")
    }
}

/// A spend ratio: `0.8×`, `3.4×`, `12×`, `>999×`.
pub fn ratio(value: f64) -> String {
    if value.is_nan() || value < 0.0 {
        return UNKNOWN.to_owned();
    }
    if value >= 999.5 {
        ">999×".to_owned()
    } else if value >= 9.95 {
        format!("{value:.0}×")
    } else {
        format!("{value:.1}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dollars_fit_the_key() {
        let cases = [
            (1234.4, "$1,234"),
            (123.45, "$123.45"),
            (0.042, "$0.042"),
            (0.0421, "$0.042"),
            (0.00318, "$0.0032"),
            (0.5, "$0.50"),
            (0.0996, "$0.10"),
            (0.0995, "$0.10"),
            (0.994, "$0.99"),
            (0.996, "$1.00"),
            (999.994, "$999.99"),
            (999.996, "$1,000"),
            (123_456.0, "$123,456"),
            (1_234_567.0, "$1.23M"),
            (45_600_000_000.0, "$45.6B"),
            (2e15, "$999B+"),
            (0.0, "$0"),
            (-12.5, "−$12.50"),
            (0.00001, "<$0.0001"),
            (f64::NAN, "—"),
            (f64::INFINITY, "—"),
        ];
        for (amount, expected) in cases {
            assert_eq!(dollars(amount), expected, "{amount}");
        }
    }

    #[test]
    fn percents_and_ratios() {
        assert_eq!(percent(45.23), "45.2%");
        assert_eq!(percent(0.04), "<0.1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(123.4), "123%");
        assert_eq!(percent(99.96), "100%");
        assert_eq!(percent(1e9), ">9,999%");
        assert_eq!(percent(f64::NAN), "—");
        assert_eq!(ratio(3.42), "3.4×");
        assert_eq!(ratio(12.4), "12×");
        assert_eq!(ratio(5000.0), ">999×");
        assert_eq!(ratio(f64::INFINITY), ">999×");
        assert_eq!(ratio(f64::NAN), "—");
    }

    proptest! {
        #[test]
        fn dollars_are_short_and_never_panic(amount in proptest::num::f64::ANY) {
            let text = dollars(amount);
            prop_assert!(text.chars().count() <= 10, "{} -> {}", amount, text);
        }

        #[test]
        fn dollars_keep_their_order(a in 0.0f64..1e7, b in 0.0f64..1e7) {
            // Shown values never contradict the order of the amounts by more than rounding.
            let parse = |s: &str| -> f64 {
                let t = s.trim_start_matches('$').replace(',', "");
                if let Some(m) = t.strip_suffix('M') { m.parse::<f64>().unwrap() * 1e6 } else { t.parse().unwrap_or(0.0) }
            };
            if a < b { prop_assert!(parse(&dollars(a)) <= parse(&dollars(b))); }
        }

        #[test]
        fn percent_and_ratio_never_panic(v in proptest::num::f64::ANY) {
            prop_assert!(percent(v).chars().count() <= 8);
            prop_assert!(ratio(v).chars().count() <= 6);
        }
    }
}
