//! Golden images of the tiles said in German and Japanese: a few states of each tile, reached
//! through the core's own gallery (so the words are the catalogue's, the numbers each language's
//! way), on a 144-pixel key and on a 72-pixel one, and a few strips. German runs longest of the
//! Latin languages, Japanese draws from the CJK subsets; both must stay as reviewed.
//!
//! `OPENBALANCE_BLESS=1 cargo test -p openbalance --test language_golden` rewrites the references
//! (`tests/golden/lang-*.png`) after a deliberate change of words or design: look at them first.

#[path = "golden_compare.rs"]
mod golden_compare;

use openbalance::render::{render_png, render_strip_png};
use openbalance_core::gallery::{gallery_in, strips_in};
use openbalance_core::lang::Lang;
use openbalance_core::timestamp::HOUR_MS;
use openbalance_core::Timestamp;

/// 2025-11-25 09:00 UTC, the pictures' fixed moment.
const NOW: Timestamp = Timestamp(1_764_028_800_000 + 9 * HOUR_MS);

/// The key states: one of each tile, the alarm, a budget, a refused key, a stale badge.
const KEYS: [&str; 10] = [
    "balance-trend-up-dark",
    "balance-low-alarm-light",
    "topmodels-page1-dark",
    "monthly-light",
    "spike-spike-dark",
    "today-local-time-dark",
    "budget-key-warning-dark",
    "state-not-management-key-light",
    "balance-stale-rate-limited-dark",
    "spike-gathering-baseline-dark",
];

/// The same states' small keys where the words differ most from the large key's.
const SMALL_KEYS: [&str; 4] = [
    "balance-low-alarm-light-72px",
    "today-local-time-dark-72px",
    "budget-key-warning-dark-72px",
    "state-not-management-key-light-72px",
];

const STRIPS: [&str; 4] = [
    "strip-balance-used-7d-dark",
    "strip-today-week-dark",
    "strip-spike-model-light",
    "strip-budget-nearest-dark",
];

#[test]
fn german_and_japanese_tiles_match_their_golden_images() {
    let mut pictures = Vec::new();
    let mut missing = Vec::new();
    for lang in [Lang::De, Lang::Ja] {
        openbalance::render::cjk::prefer(lang);
        let keys = gallery_in(NOW, lang);
        for name in KEYS.iter().chain(&SMALL_KEYS) {
            match keys.iter().find(|s| s.name == *name) {
                Some(s) => {
                    pictures.push((format!("lang-{}-{name}", lang.code()), render_png(&s.view)))
                }
                None => missing.push(format!("{} {name}", lang.code())),
            }
        }
        let strips = strips_in(NOW, lang);
        for name in STRIPS {
            match strips.iter().find(|s| s.name == name) {
                Some(s) => pictures.push((
                    format!("lang-{}-{name}", lang.code()),
                    render_strip_png(&s.view),
                )),
                None => missing.push(format!("{} {name}", lang.code())),
            }
        }
    }
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "states the gallery no longer has"
    );
    let failures = golden_compare::check(pictures);
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}
