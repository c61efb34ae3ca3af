//! The touch strip above a dial, as data: what a dial tile shows on its 200×100 region. The shell
//! draws a [`StripView`] and nothing else; each tile's module (`tile/`) builds its strips, on the
//! key's view, so every state says what the key says.
//!
//! | tile | turning steps through | first tick lands on |
//! |---|---|---|
//! | Balance | remaining · used 7D/30D/all · used % 7D/30D/all · runway (a ring) | the next view |
//! | Today | today · this week · this month (a ring) | this week |
//! | Top Models | the ranking, one entry a tick | #1 |
//! | Monthly Spend | the 30 days, one a tick (a week pushed in) | yesterday |
//! | Spike Alert | each model's own ratio, the one that rose most first | that model |
//! | Budget | every limit and budget of the account, nearest to its limit first | the nearest |

use crate::view::{Bar, Glyph, Rgb, Text, Urgency};
use serde::{Deserialize, Serialize};

/// What a dial's strip shows. The shell draws it at 200×100 and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripView {
    pub background: Rgb,
    /// Small label along the top edge, as on the key ("USED · 7D", "30-DAY SPEND").
    pub header: Text,
    /// Top right: where the dial stands among its views, when that says something.
    pub position: Option<Position>,
    /// A corner marker when the numbers are older than they should be ("offline").
    pub badge: Option<Text>,
    pub body: StripBody,
    /// Whose numbers these are ("WORK"), when the deck shows more than one OpenRouter account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Text>,
    /// An alarm (filled) or a warning (framed), as on the key: a low balance stands for every
    /// view the dial turns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Position {
    /// One dot per view of a ring, the current one lit: this dial turns, and here is where.
    Dots {
        count: u8,
        lit: u8,
        on: Rgb,
        off: Rgb,
    },
    /// A place in a list: "2/6".
    Place { text: Text },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StripBody {
    /// A state without numbers, in the key's words.
    Status {
        icon: Option<Glyph>,
        headline: Text,
        detail: Option<Text>,
    },
    /// One large number with a line below it (Balance, Today).
    Hero { value: Text, line: Option<Line> },
    /// Up to three ranked rows; `selected` is the row the dial points at (Top Models).
    List {
        rows: Vec<Row>,
        selected: Option<usize>,
    },
    /// An amount and a note beside it over a bar per day, oldest first; `marked` is the bar the
    /// dial stands on (Monthly Spend).
    Chart {
        value: Text,
        note: Option<Text>,
        bars: Vec<Bar>,
        marked: Option<usize>,
    },
    /// An amount against a limit, a bar of spent ÷ limit, and two lines: what the amount is of,
    /// and when the window starts again (Budget).
    Gauge {
        value: Text,
        fill: Option<f32>,
        bar: Rgb,
        caption: Option<Text>,
        note: Option<Text>,
    },
    /// A verdict or one model's ratio: icon and label with the ratio at the right, a line below
    /// (the model), and a smaller one under it when there is more to say.
    Alert {
        icon: Glyph,
        label: Text,
        ratio: Option<Text>,
        detail: Option<Text>,
        note: Option<Text>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub icon: Option<Glyph>,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub rank: Text,
    pub name: Text,
    pub value: Text,
}

impl StripView {
    /// Every text on the strip, top left to bottom right, as a person would read it.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.header.text.as_str()];
        if let Some(Position::Place { text }) = &self.position {
            out.push(&text.text);
        }
        out.extend(self.badge.iter().map(|t| t.text.as_str()));
        match &self.body {
            StripBody::Status {
                headline, detail, ..
            } => {
                out.push(&headline.text);
                out.extend(detail.iter().map(|t| t.text.as_str()));
            }
            StripBody::Hero { value, line } => {
                out.push(&value.text);
                out.extend(line.iter().map(|l| l.text.text.as_str()));
            }
            StripBody::List { rows, .. } => {
                for row in rows {
                    out.extend(
                        [&row.rank.text, &row.name.text, &row.value.text].map(|s| s.as_str()),
                    );
                }
            }
            StripBody::Chart { value, note, .. } => {
                out.push(&value.text);
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
            StripBody::Gauge {
                value,
                caption,
                note,
                ..
            } => {
                out.push(&value.text);
                out.extend(caption.iter().map(|t| t.text.as_str()));
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
            StripBody::Alert {
                label,
                ratio,
                detail,
                note,
                ..
            } => {
                out.push(&label.text);
                out.extend(ratio.iter().map(|t| t.text.as_str()));
                out.extend(detail.iter().map(|t| t.text.as_str()));
                out.extend(note.iter().map(|t| t.text.as_str()));
            }
        }
        out
    }
}
