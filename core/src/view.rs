//! What a tile shows, as data: texts, colours, an icon, bars. The shell draws a [`TileView`] and
//! nothing else; layout in pixels and fonts are the shell's business, meaning is the core's.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::device::KeySize;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TileView {
    pub background: Rgb,
    /// Small label along the top edge ("BALANCE", "USED · 7D").
    pub header: Text,
    pub body: Body,
    /// A corner marker when the numbers shown are older than they should be ("offline").
    pub badge: Option<Text>,
    /// Whose numbers these are ("WORK"), when the deck shows more than one OpenRouter account:
    /// drawn at the top right beside the header, or on a line under it when they do not fit side
    /// by side (neither is ever cut for the other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Text>,
    /// The key it is drawn for: a 72–80 px key has fewer, larger elements, and the renderer keeps
    /// every text's capitals at least 8 of the key's pixels tall. Absent: a 144 px key, or one on a
    /// device the host did not name, drawn as before devices were known.
    #[serde(default, skip_serializing_if = "KeySize::is_large")]
    pub size: KeySize,
    /// Something to act on (a low balance, a critical spike, a spent budget) or to watch (a spike,
    /// a budget's warning line passed), drawn so that no daily trend can look like it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
}

/// How loudly a tile asks to be looked at. The colours of everything else on an alarmed tile are
/// chosen by the core for the fill (see `tile/loud.rs`); the renderer draws the fill or the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "camelCase")]
pub enum Urgency {
    /// Watch it: a thick frame in `color` round the tile.
    Warn { color: Rgb },
    /// Act now: the whole tile filled with `color`, every text knocked out of it.
    Alarm { color: Rgb },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Body {
    /// A state without numbers: Preparing…, No key, Key rejected, Offline, No activity yet.
    Status {
        icon: Option<Glyph>,
        headline: Text,
        detail: Option<Text>,
    },
    /// One large number with a trend line below it (Balance).
    Hero {
        value: Text,
        trend: Option<TrendLine>,
    },
    /// Ranked names with amounts (Top Models), and which page of how many.
    Ranking {
        rows: Vec<RankRow>,
        pager: Option<Text>,
    },
    /// A number over a bar chart, oldest bar on the left (Monthly Spend).
    Chart {
        value: Text,
        bars: Vec<Bar>,
        caption: Option<Text>,
    },
    /// An amount against a limit (Budget): the amount as the hero, a bar of spent ÷ limit under
    /// it, what the amount is of ("left of $200") and when the window starts again.
    Gauge {
        value: Text,
        /// Spent ÷ limit, 0.0–1.0; `None` when the spend is not known (the limit alone).
        fill: Option<f32>,
        /// The bar's colour: calm, warning, or the limit reached.
        bar: Rgb,
        caption: Option<Text>,
        note: Option<Text>,
    },
    /// Icon and label side by side, the ratio that decided them and what it compares with below
    /// (Spike Alert); then, apart, the model that rose most and what that means.
    Alert {
        icon: Glyph,
        label: Text,
        model: Option<Text>,
        ratio: Option<Text>,
        /// What the ratio compares with ("vs usual Tue 10–11").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Text>,
        /// What the model line is ("rose most yday"): not what the ratio measures.
        #[serde(default, skip_serializing_if = "Option::is_none", rename = "modelNote")]
        model_note: Option<Text>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub text: String,
    pub color: Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glyph {
    pub icon: Icon,
    pub color: Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Icon {
    Check,
    Warning,
    ArrowUp,
    ArrowDown,
    ArrowFlat,
    Key,
    Offline,
    Hourglass,
}

/// The line under a big number: an icon (an arrow for a trend) and words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendLine {
    /// `None` for a plain line (on a small key, when the day began).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Glyph>,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub name: Text,
    pub value: Text,
    /// A key's workspace, when the account has several: drawn small beside the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// 0.0 (no spend) to 1.0 (the tallest bar of the chart).
    pub height: f32,
    pub color: Rgb,
}

/// A colour; serialised as `#rrggbb` so recordings and replays stay readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.is_ascii());
        let channel = |i: usize| hex.and_then(|h| u8::from_str_radix(&h[i..i + 2], 16).ok());
        match (channel(0), channel(2), channel(4)) {
            (Some(r), Some(g), Some(b)) => Ok(Rgb(r, g, b)),
            _ => Err(serde::de::Error::custom(format!(
                "not a #rrggbb colour: {text}"
            ))),
        }
    }
}

impl TileView {
    /// Every text on the tile, top to bottom, as a person would read it.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.header.text.as_str()];
        match &self.body {
            Body::Status {
                headline, detail, ..
            } => {
                out.push(&headline.text);
                out.extend(detail.iter().map(|t| t.text.as_str()));
            }
            Body::Hero { value, trend } => {
                out.push(&value.text);
                out.extend(trend.iter().map(|t| t.text.text.as_str()));
            }
            Body::Ranking { rows, pager } => {
                for row in rows {
                    out.push(&row.name.text);
                    out.push(&row.value.text);
                    out.extend(row.tag.iter().map(|t| t.text.as_str()));
                }
                out.extend(pager.iter().map(|t| t.text.as_str()));
            }
            Body::Chart { value, caption, .. } => {
                out.push(&value.text);
                out.extend(caption.iter().map(|t| t.text.as_str()));
            }
            Body::Gauge {
                value,
                caption,
                note,
                ..
            } => {
                out.push(&value.text);
                out.extend(caption.iter().map(|t| t.text.as_str()));
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
            Body::Alert {
                label,
                model,
                ratio,
                basis,
                model_note,
                ..
            } => {
                out.push(&label.text);
                out.extend(ratio.iter().map(|t| t.text.as_str()));
                out.extend(basis.iter().map(|t| t.text.as_str()));
                out.extend(model.iter().map(|t| t.text.as_str()));
                out.extend(model_note.iter().map(|t| t.text.as_str()));
            }
        }
        out.extend(self.badge.iter().map(|t| t.text.as_str()));
        out.extend(self.account.iter().map(|t| t.text.as_str()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_round_trip_as_hex() {
        let json = serde_json::to_string(&Rgb(255, 8, 171)).unwrap();
        assert_eq!(json, "\"#ff08ab\"");
        assert_eq!(
            serde_json::from_str::<Rgb>(&json).unwrap(),
            Rgb(255, 8, 171)
        );
        assert!(serde_json::from_str::<Rgb>("\"#ff08\"").is_err());
        assert!(serde_json::from_str::<Rgb>("\"#ééé\"").is_err());
    }
}
