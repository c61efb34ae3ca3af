//! Top Models: models ranked by 30-day spend — or the account's API keys of every workspace by
//! this month's — a page at a time, turning every minute; its dial scrolls the ranking.

use super::strip_view::{from_key, place, LIST_ROWS};
use super::words::{dollars, model_labels, no_activity, text};
use super::{Kind, Loud, Scene};
use crate::action::{Action, BundleIcon, Descriptor, DialWords, Tap, ACTIVITY_URL};
use crate::board::Tile;
use crate::catalogue::{say, text as word, Msg, Phrase};
use crate::dial::Stops;
use crate::numbers::Needs;
use crate::palette::Palette;
use crate::settings::{enum_field, field, RankBy, TileSettings};
use crate::strip::{Row, StripBody, StripView};
use crate::top_models::{page, page_count, rank, PAGE_SIZE};
use crate::view::{Body, KeySize, RankRow, Text, TileView};
use serde_json::{Map, Value};

pub const DESCRIPTOR: Descriptor = Descriptor {
    action: Action::TopModels,
    uuid: "com.openbalance.openrouter.topmodels",
    slug: "topmodels",
    name: "Top Models",
    header: "TOP MODELS",
    tap: Tap::Open(ACTIVITY_URL),
    settings: &["by"],
    icon: BundleIcon::Ranking,
    dial: DialWords {
        rotate: "Scroll the ranking, one at a time",
        push: "Back to the top three",
    },
};

pub struct TopModels;

impl Kind for TopModels {
    fn read_settings(
        &self,
        object: &Map<String, Value>,
        settings: &mut TileSettings,
        fallbacks: &mut Vec<&'static str>,
    ) {
        if let Some(by) = field(object, "by", enum_field, fallbacks) {
            settings.by = by;
        }
    }

    fn needs(&self, s: &TileSettings) -> Needs {
        match s.by {
            RankBy::Model => Needs {
                activity: true,
                ..Needs::NONE
            },
            RankBy::Key => Needs {
                keys: true,
                ..Needs::NONE
            },
        }
    }

    fn header(&self, tile: &Tile, scene: &Scene) -> String {
        let header = match (tile.settings.by, scene.size) {
            (RankBy::Key, _) => Msg::HeaderTopKeys,
            (RankBy::Model, KeySize::Small) => Msg::HeaderModelsSmall,
            (RankBy::Model, _) => Msg::HeaderTopModels,
        };
        word(scene.lang, header).to_owned()
    }

    fn body(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        header: &mut Text,
    ) -> Option<(Body, Option<Loud>)> {
        let (body, small_header) = top_models(tile, scene, p)?;
        if let Some(h) = small_header {
            header.text = h;
        }
        Some((body, None))
    }

    fn stops(&self, tile: &Tile, scene: &Scene) -> Stops {
        Stops::from_top(ranking(tile, scene).map_or(0, |r| r.len()))
    }

    fn strip(
        &self,
        tile: &Tile,
        scene: &Scene,
        p: &Palette,
        at: Option<i32>,
        key: &TileView,
    ) -> Option<StripView> {
        strip(tile, scene, p, at, key)
    }

    /// Pages of the ranking a key turns through, a page a minute (a dial's strip shows three
    /// rows and turns by hand).
    fn pages(&self, tile: &Tile, scene: &Scene) -> usize {
        let ranked = match tile.settings.by {
            RankBy::Model => scene.numbers.spend.as_ref().map(rank),
            RankBy::Key => scene.numbers.key_usage.as_ref().map(|l| l.ranked()),
        };
        ranked.map_or(0, |r| page_count(&r, per_page(scene.size)))
    }
}

/// The ranking, and on a smaller key the header that says which place it shows ("#2 MODEL"): one
/// entry a page there, two on a large key; names in the text colour (they are the answer).
fn top_models(tile: &Tile, scene: &Scene, p: &Palette) -> Option<(Body, Option<String>)> {
    let by_key = tile.settings.by == RankBy::Key;
    let lang = scene.lang;
    let ranked = match by_key {
        true => scene.numbers.key_usage.as_ref()?.ranked(),
        false => rank(scene.numbers.spend.as_ref()?),
    };
    if ranked.is_empty() {
        let body = match by_key {
            true => Body::Status {
                icon: None,
                headline: text(word(lang, Msg::NoKeySpend), p.text),
                detail: Some(text(word(lang, Msg::ThisMonth), p.muted)),
            },
            false => no_activity(lang, p, scene.size),
        };
        return Some((body, None));
    }
    // Labels are made distinct across all six, so a name means the same model on every page.
    // A key's name is the person's own: shown as it is, its workspace small beside the amount.
    let labels: Vec<String> = match by_key {
        true => ranked.iter().map(|r| r.name.clone()).collect(),
        false => model_labels(lang, ranked.iter().map(|r| r.name.as_str())),
    };
    let per_page = per_page(scene.size);
    let (index, shown) = page(&ranked, scene.turns, per_page);
    let first = index * per_page;
    let pages = page_count(&ranked, per_page);
    let single = per_page == 1;
    let body = Body::Ranking {
        rows: shown
            .iter()
            .zip(&labels[first..])
            .map(|(r, label)| RankRow {
                name: text(label.clone(), p.text),
                value: text(dollars(lang, r.spend), p.muted),
                tag: r.tag.as_ref().map(|w| text(w.clone(), p.header)),
            })
            .collect(),
        // One entry a page says its place in the header instead.
        pager: (pages > 1 && !single).then(|| text(format!("{}/{}", index + 1, pages), p.header)),
    };
    let header = single.then(|| {
        say(
            lang,
            Phrase::HeaderPlace {
                place: first + 1,
                by_key,
            },
        )
    });
    Some((body, header))
}

/// Entries of Top Models a key shows at once: two on a large key; one on a smaller key, where
/// a model's name at a legible size takes the width (and often two lines).
pub(crate) fn per_page(size: KeySize) -> usize {
    match size {
        KeySize::Large => PAGE_SIZE,
        _ => 1,
    }
}

/// The ranking as the key's: models by 30-day spend, or keys by this month's; labels distinct.
fn ranking(tile: &Tile, scene: &Scene) -> Option<Vec<(String, f64)>> {
    let ranked = match tile.settings.by {
        RankBy::Key => scene.numbers.key_usage.as_ref()?.ranked(),
        RankBy::Model => rank(scene.numbers.spend.as_ref()?),
    };
    let labels: Vec<String> = match tile.settings.by {
        RankBy::Key => ranked
            .iter()
            .map(|r| match &r.tag {
                Some(workspace) => format!("{} · {workspace}", r.name),
                None => r.name.clone(),
            })
            .collect(),
        RankBy::Model => model_labels(scene.lang, ranked.iter().map(|r| r.name.as_str())),
    };
    Some(
        labels
            .into_iter()
            .zip(ranked.iter().map(|r| r.spend))
            .collect(),
    )
}

/// Three rows of the ranking; turned, the row the dial points at is marked and kept in view.
fn strip(
    tile: &Tile,
    scene: &Scene,
    p: &Palette,
    at: Option<i32>,
    key: &TileView,
) -> Option<StripView> {
    let ranked = ranking(tile, scene)?;
    let n = ranked.len();
    if n == 0 {
        return None;
    }
    let selected = at.map(|a| (a.max(0) as usize).min(n - 1));
    let first = selected.map_or(0, |s| s.saturating_sub(1).min(n.saturating_sub(LIST_ROWS)));
    let rows = ranked
        .iter()
        .enumerate()
        .skip(first)
        .take(LIST_ROWS)
        .map(|(i, (name, spend))| {
            let chosen = selected == Some(i);
            Row {
                rank: text(
                    format!("{}", i + 1),
                    if chosen { p.accent } else { p.header },
                ),
                name: text(name.clone(), if chosen { p.text } else { p.muted }),
                value: text(dollars(scene.lang, *spend), p.text),
            }
        })
        .collect();
    let mut strip = from_key(key.clone());
    strip.body = StripBody::List {
        rows,
        selected: selected.map(|s| s - first),
    };
    strip.position = selected.and_then(|s| place(s, n, p));
    Some(strip)
}
