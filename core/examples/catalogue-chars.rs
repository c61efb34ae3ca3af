//! Prints every character the catalogue can put on a key, one line per language:
//! `<code>\t<characters>`, each character once, in code-point order. `scripts/font-subset` builds
//! the CJK glyph subsets from it, so the subsets hold exactly what the catalogue draws.
//!
//!     cargo run -q -p openbalance-core --example catalogue-chars

use openbalance_core::catalogue::samples;
use openbalance_core::lang::Lang;
use std::collections::BTreeSet;

fn main() {
    for lang in Lang::ALL {
        let chars: BTreeSet<char> = samples(lang).iter().flat_map(|s| s.chars()).collect();
        println!("{}\t{}", lang.code(), chars.into_iter().collect::<String>());
    }
}
