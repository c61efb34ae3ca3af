//! The Top Models tile: models ranked by 30-day spend — or the account's keys by this month's
//! spend — shown two at a time (one on a small key).

use crate::spend::Spend;

pub const MAX_MODELS: usize = 6;
pub const PAGE_SIZE: usize = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// A model id, or a key's name.
    pub name: String,
    pub spend: f64,
    /// A key's workspace, when the account has several (drawn small beside the amount).
    pub tag: Option<String>,
}

/// Up to six models with spend, most first; equal spend is ordered by name so the order is stable.
pub fn rank(spend: &Spend) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = spend
        .models_total()
        .filter(|(_, total)| *total > 0.0)
        .map(|(model, total)| Ranked {
            name: model.to_owned(),
            spend: total,
            tag: None,
        })
        .collect();
    order(&mut ranked);
    ranked
}

/// Most first, equal spend by name (a stable order), six at most.
pub(crate) fn order(ranked: &mut Vec<Ranked>) {
    ranked.sort_by(|a, b| {
        b.spend
            .total_cmp(&a.spend)
            .then_with(|| a.name.cmp(&b.name))
    });
    ranked.truncate(MAX_MODELS);
}

/// Pages of `per_page` entries (two on most keys, one on a small key).
pub fn page_count(ranked: &[Ranked], per_page: usize) -> usize {
    ranked.len().div_ceil(per_page.max(1))
}

/// The page to show after `turns` minutes of cycling (wrapping around).
pub fn page(ranked: &[Ranked], turns: u64, per_page: usize) -> (usize, &[Ranked]) {
    let per_page = per_page.max(1);
    let pages = page_count(ranked, per_page);
    if pages == 0 {
        return (0, &[]);
    }
    let index = (turns % pages as u64) as usize;
    let start = index * per_page;
    (index, &ranked[start..(start + per_page).min(ranked.len())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Day;
    use proptest::prelude::*;

    fn spend(models: &[(&str, f64)]) -> Spend {
        let rows: Vec<(i32, &str, f64)> = models.iter().map(|(m, u)| (9, *m, *u)).collect();
        Spend::of(&rows, Day(10))
    }

    #[test]
    fn ranks_by_spend_then_name_and_keeps_six() {
        let s = spend(&[
            ("g", 1.0),
            ("b", 5.0),
            ("a", 5.0),
            ("c", 3.0),
            ("d", 2.0),
            ("e", 2.0),
            ("f", 0.5),
            ("z", 0.0),
        ]);
        let names: Vec<_> = rank(&s).into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "g"]);
    }

    #[test]
    fn pages_of_two_cycle() {
        let ranked = rank(&spend(&[("a", 5.0), ("b", 4.0), ("c", 3.0)]));
        assert_eq!(page_count(&ranked, PAGE_SIZE), 2);
        assert_eq!(page(&ranked, 0, PAGE_SIZE).1.len(), 2);
        assert_eq!(page(&ranked, 1, PAGE_SIZE), (1, &ranked[2..3]));
        assert_eq!(page(&ranked, 2, PAGE_SIZE).0, 0);
        assert_eq!(page(&[], 5, PAGE_SIZE), (0, &[][..]));
        // One a page on a small key: three pages, each its own entry.
        assert_eq!(page_count(&ranked, 1), 3);
        assert_eq!(page(&ranked, 2, 1), (2, &ranked[2..3]));
    }

    proptest! {
        #[test]
        fn ranking_is_sorted_bounded_and_positive(models in proptest::collection::btree_map("[a-h]{1,3}", 0.0f64..50.0, 0..12)) {
            let pairs: Vec<(&str, f64)> = models.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            let ranked = rank(&spend(&pairs));
            prop_assert!(ranked.len() <= MAX_MODELS);
            prop_assert!(ranked.iter().all(|r| r.spend > 0.0));
            for pair in ranked.windows(2) {
                prop_assert!(pair[0].spend > pair[1].spend || (pair[0].spend == pair[1].spend && pair[0].name < pair[1].name));
            }
            let every_page: usize = (0..page_count(&ranked, PAGE_SIZE) as u64).map(|t| page(&ranked, t, PAGE_SIZE).1.len()).sum();
            prop_assert_eq!(every_page, ranked.len());
        }
    }
}
