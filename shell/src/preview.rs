//! `openbalance preview`: pictures of the tiles without Stream Deck.
//!
//! Without a key it renders the core's gallery (every tile in every state) so a design change can
//! be reviewed in one contact sheet. With `OPENROUTER_MANAGEMENT_KEY` set it runs the real core
//! against the real API (or `OPENBALANCE_API_BASE`) and renders what your four tiles would show.

use crate::clock;
use crate::fold::{fold, Host};
use crate::http::{self, ApiBase, Http};
use crate::logfile::Log;
use crate::tiles;
use openbalance_core::gallery::{
    gallery_for, gallery_in, size_suffix, strips_in, Sample, StripSample,
};
use openbalance_core::lang::Lang;
use openbalance_core::view::{KeySize, Rgb};
use openbalance_core::{
    Action, ApiKey, Command, Event, EventKind, FetchId, Plugin, StripView, TileView,
};
use smol::{LocalExecutor, Timer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Long enough for a slow `/activity`, short enough that a hung preview gives up by itself.
const LIVE_DEADLINE: Duration = Duration::from_secs(90);
const SHEET_GAP: u32 = 12;
const SHEET_COLUMNS: usize = 6;
/// Strips are wide: two to a row of their contact sheet, drawn at 2× for a close look.
const STRIP_SHEET_COLUMNS: usize = 2;
const STRIP_SHEET_SCALE: f32 = 2.0;

#[derive(Debug)]
pub enum PreviewError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// The core's gallery is empty: nothing to show.
    EmptyGallery,
    /// A rendered tile did not decode: a renderer bug.
    BadTile {
        name: String,
    },
    /// Live mode ended without a picture of some tile.
    NoDraw {
        tile: String,
    },
}

impl fmt::Display for PreviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreviewError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            PreviewError::EmptyGallery => write!(f, "the core's gallery has no samples yet"),
            PreviewError::BadTile { name } => write!(f, "the tile {name} did not render to a PNG"),
            PreviewError::NoDraw { tile } => write!(f, "the core never drew the {tile} tile"),
        }
    }
}

impl std::error::Error for PreviewError {}

/// The states the languages' sheet shows, one column each: every tile with numbers, the words
/// that run longest (a trouble state, a budget's captions, a spike's basis).
const LANGUAGE_SAMPLES: [&str; 10] = [
    "balance-trend-up-dark",
    "balance-low-alarm-dark",
    "topmodels-page1-dark",
    "monthly-dark",
    "spike-spike-dark",
    "today-local-time-dark",
    "budget-key-warning-dark",
    "budget-workspace-spent-dark",
    "state-not-management-key-dark",
    "balance-stale-rate-limited-dark",
];

/// Writes the pictures, said in `lang`, and returns their paths, contact sheet last. Without a
/// key, a sheet of the same states in every language comes first (`languages-contact-sheet.png`,
/// and its 72-pixel keys as a device shows them).
pub fn run(out: &Path, lang: Lang) -> Result<Vec<PathBuf>, PreviewError> {
    openbalance::render::cjk::prefer(lang);
    let key = match std::env::var("OPENROUTER_MANAGEMENT_KEY") {
        Ok(text) if !text.trim().is_empty() => {
            let key = ApiKey::new(&text);
            if key.is_none() {
                Log::stderr().warn(
                    "OPENROUTER_MANAGEMENT_KEY is not an OpenRouter key (sk-or-…); \
                     showing the demo account instead",
                );
            }
            key
        }
        _ => None,
    };
    let from_key = key.is_some();
    let (samples, strip_samples) = match key {
        Some(key) => live(key, lang)?,
        None => {
            let now = clock::now();
            (gallery_in(now, lang), strips_in(now, lang))
        }
    };
    if samples.is_empty() {
        return Err(PreviewError::EmptyGallery);
    }
    let mut written = match from_key {
        true => Vec::new(),
        false => write_languages(clock::now(), out)?,
    };
    openbalance::render::cjk::prefer(lang);
    written.extend(write_strips(&strip_samples, out)?);
    written.extend(write_all(&samples, out)?);
    Ok(written)
}

/// [`LANGUAGE_SAMPLES`] in every language, a row each, on a 144-pixel key and on a 72-pixel one
/// as the device shows it: one look tells whether a language's words fit where English's do.
fn write_languages(
    now: openbalance_core::Timestamp,
    out: &Path,
) -> Result<Vec<PathBuf>, PreviewError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |error| PreviewError::Io { path, error }
    };
    std::fs::create_dir_all(out).map_err(io_error(out))?;
    let mut written = Vec::new();
    for size in [KeySize::Large, KeySize::Small] {
        let mut pictures = Vec::new();
        for lang in Lang::ALL {
            openbalance::render::cjk::prefer(lang);
            let samples = gallery_for(now, size, lang);
            for name in LANGUAGE_SAMPLES {
                let wanted = format!("{name}{}", size_suffix(size));
                let sample = samples.iter().find(|s| s.name == wanted).ok_or_else(|| {
                    PreviewError::NoDraw {
                        tile: wanted.clone(),
                    }
                })?;
                let pixels = decode(&tiles::render_png(&sample.view)).ok_or_else(|| {
                    PreviewError::BadTile {
                        name: wanted.clone(),
                    }
                })?;
                let pixels = match size.is_large() {
                    true => pixels,
                    false => shrink(&pixels, size.design_px()),
                };
                pictures.push((format!("{} {name}", lang.code()), pixels));
            }
        }
        let sheet = match size.is_large() {
            true => out.join("languages-contact-sheet.png"),
            false => out.join(format!(
                "languages-contact-sheet{}-actual.png",
                size_suffix(size)
            )),
        };
        std::fs::write(&sheet, contact_sheet(&pictures, LANGUAGE_SAMPLES.len()))
            .map_err(io_error(&sheet))?;
        written.push(sheet);
    }
    Ok(written)
}

/// Each dial's strip as the 200×100 PNG the plugin sends, and all of them on one sheet at 2×.
fn write_strips(samples: &[StripSample], out: &Path) -> Result<Vec<PathBuf>, PreviewError> {
    if samples.is_empty() {
        return Ok(Vec::new());
    }
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |error| PreviewError::Io { path, error }
    };
    std::fs::create_dir_all(out).map_err(io_error(out))?;
    let mut written = Vec::new();
    let mut pictures = Vec::new();
    for sample in samples {
        let png = tiles::render_strip_png(&sample.view);
        let path = out.join(format!("{}.png", file_name(&sample.name)));
        std::fs::write(&path, &png).map_err(io_error(&path))?;
        written.push(path);
        let large = openbalance::render::render_strip_pixels_at(&sample.view, STRIP_SHEET_SCALE);
        let pixels = decode(&openbalance::render::encode_png(&large)).ok_or_else(|| {
            PreviewError::BadTile {
                name: sample.name.clone(),
            }
        })?;
        pictures.push((sample.name.clone(), pixels));
    }
    let sheet = out.join("strips-contact-sheet.png");
    std::fs::write(&sheet, contact_sheet(&pictures, STRIP_SHEET_COLUMNS))
        .map_err(io_error(&sheet))?;
    written.push(sheet);
    Ok(written)
}

/// Each key picture as the 144×144 PNG the plugin sends, then one labelled contact sheet per key
/// size (`contact-sheet.png` for a 144-pixel key, `-96px` and `-72px` for the XL's and the MK.2's
/// layouts), and for the smaller keys the same sheet at the key's own pixels, as Stream Deck
/// scales it down (`-72px-actual.png`): what a person sees on the device.
fn write_all(samples: &[Sample], out: &Path) -> Result<Vec<PathBuf>, PreviewError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |error| PreviewError::Io { path, error }
    };
    std::fs::create_dir_all(out).map_err(io_error(out))?;
    let mut written = Vec::new();
    let mut by_size: BTreeMap<KeySize, Vec<(String, Pixels)>> = BTreeMap::new();
    for sample in samples {
        let png = tiles::render_png(&sample.view);
        let path = out.join(format!("{}.png", file_name(&sample.name)));
        std::fs::write(&path, &png).map_err(io_error(&path))?;
        let pixels = decode(&png).ok_or_else(|| PreviewError::BadTile {
            name: sample.name.clone(),
        })?;
        let label = sample
            .name
            .strip_suffix(&size_suffix(sample.view.size))
            .unwrap_or(&sample.name)
            .to_owned();
        by_size
            .entry(sample.view.size)
            .or_default()
            .push((label, pixels));
        written.push(path);
    }
    // Largest first, as `KeySize` orders them last.
    for (size, pictures) in by_size.iter().rev() {
        let suffix = size_suffix(*size);
        let sheet = out.join(format!("contact-sheet{suffix}.png"));
        std::fs::write(&sheet, contact_sheet(pictures, SHEET_COLUMNS)).map_err(io_error(&sheet))?;
        written.push(sheet);
        if !size.is_large() {
            let px = size.design_px();
            let shrunk: Vec<(String, Pixels)> = pictures
                .iter()
                .map(|(label, p)| (label.clone(), shrink(p, px)))
                .collect();
            let actual = out.join(format!("contact-sheet{suffix}-actual.png"));
            std::fs::write(&actual, contact_sheet(&shrunk, SHEET_COLUMNS))
                .map_err(io_error(&actual))?;
            written.push(actual);
        }
    }
    // The large sheet last: the one a person opens first.
    if let Some(i) = written
        .iter()
        .position(|p| p.file_name().is_some_and(|n| n == "contact-sheet.png"))
    {
        let sheet = written.remove(i);
        written.push(sheet);
    }
    Ok(written)
}

/// A picture scaled down to `px`×`px` by averaging the pixels each new one covers: how Stream
/// Deck's downscaling looks, near enough to judge legibility by.
fn shrink(picture: &Pixels, px: u32) -> Pixels {
    let px = px.clamp(1, picture.width.max(1));
    let (w, h) = (picture.width as f32, picture.height as f32);
    let (fx, fy) = (w / px as f32, h / px as f32);
    let mut argb = Vec::with_capacity((px * px) as usize);
    for y in 0..px {
        for x in 0..px {
            let (x0, x1) = (x as f32 * fx, (x + 1) as f32 * fx);
            let (y0, y1) = (y as f32 * fy, (y + 1) as f32 * fy);
            let mut sum = [0.0f32; 4];
            let mut area = 0.0;
            let mut sy = y0.floor() as u32;
            while (sy as f32) < y1 && sy < picture.height {
                let cover_y = (y1.min(sy as f32 + 1.0) - y0.max(sy as f32)).max(0.0);
                let mut sx = x0.floor() as u32;
                while (sx as f32) < x1 && sx < picture.width {
                    let cover = cover_y * (x1.min(sx as f32 + 1.0) - x0.max(sx as f32)).max(0.0);
                    let p = picture.argb[(sy * picture.width + sx) as usize];
                    for (i, shift) in [24, 16, 8, 0].into_iter().enumerate() {
                        sum[i] += ((p >> shift) & 0xff) as f32 * cover;
                    }
                    area += cover;
                    sx += 1;
                }
                sy += 1;
            }
            let c = |i: usize| ((sum[i] / area.max(1e-6)).round() as u32).min(255);
            argb.push(c(0) << 24 | c(1) << 16 | c(2) << 8 | c(3));
        }
    }
    Pixels {
        width: px,
        height: px,
        argb,
    }
}

/// Sample names are the core's; keep them to characters every file system accepts.
fn file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "tile".to_owned()
    } else {
        safe
    }
}

/// A decoded tile: width, height, premultiplied ARGB as raqote wants it.
struct Pixels {
    width: u32,
    height: u32,
    argb: Vec<u32>,
}

fn decode(png_bytes: &[u8]) -> Option<Pixels> {
    let mut decoder = png::Decoder::new(png_bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).ok()?;
    let channels = frame.color_type.samples();
    let argb = buffer[..frame.buffer_size()]
        .chunks_exact(channels)
        .map(|px| {
            let (r, g, b, a) = match *px {
                [r, g, b, a] => (r, g, b, a),
                [r, g, b] => (r, g, b, 255),
                [l, a] => (l, l, l, a),
                [l] => (l, l, l, 255),
                _ => (0, 0, 0, 0),
            };
            let pre = |c: u8| (u32::from(c) * u32::from(a) / 255) & 0xff;
            (u32::from(a) << 24) | (pre(r) << 16) | (pre(g) << 8) | pre(b)
        })
        .collect();
    Some(Pixels {
        width: frame.width,
        height: frame.height,
        argb,
    })
}

/// Height of the caption under each picture of a contact sheet.
const CAPTION_HEIGHT: u32 = 34;
const SHEET_BACKGROUND: Rgb = Rgb(0x30, 0x30, 0x34);

/// All pictures in a grid of `columns` on a neutral background, each with its name under it, as
/// PNG bytes.
fn contact_sheet(pictures: &[(String, Pixels)], columns: usize) -> Vec<u8> {
    let columns = pictures.len().clamp(1, columns.max(1));
    let rows = pictures.len().div_ceil(columns).max(1);
    let cell_w = pictures
        .iter()
        .map(|(_, t)| t.width)
        .max()
        .unwrap_or(tiles::TILE_PX)
        .max(120);
    let cell_h = pictures
        .iter()
        .map(|(_, t)| t.height)
        .max()
        .unwrap_or(tiles::TILE_PX)
        + CAPTION_HEIGHT;
    let side = |n: usize, cell: u32| SHEET_GAP + n as u32 * (cell + SHEET_GAP);
    let (width, height) = (side(columns, cell_w), side(rows, cell_h));
    let mut target = raqote::DrawTarget::new(width as i32, height as i32);
    let bg = SHEET_BACKGROUND;
    target.clear(raqote::SolidSource::from_unpremultiplied_argb(
        255, bg.0, bg.1, bg.2,
    ));
    for (i, (label, tile)) in pictures.iter().enumerate() {
        let x = SHEET_GAP + (i % columns) as u32 * (cell_w + SHEET_GAP);
        let y = SHEET_GAP + (i / columns) as u32 * (cell_h + SHEET_GAP);
        let image = raqote::Image {
            width: tile.width as i32,
            height: tile.height as i32,
            data: &tile.argb,
        };
        let left = x + (cell_w - tile.width) / 2;
        target.draw_image_at(left as f32, y as f32, &image, &raqote::DrawOptions::new());
        let caption =
            openbalance::render::caption(label, cell_w, CAPTION_HEIGHT, Rgb(0xd0, 0xd4, 0xda), bg);
        let image = raqote::Image {
            width: caption.width(),
            height: caption.height(),
            data: caption.get_data(),
        };
        target.draw_image_at(
            x as f32,
            (y + cell_h - CAPTION_HEIGHT) as f32,
            &image,
            &raqote::DrawOptions::new(),
        );
    }
    let rgba: Vec<u8> = target
        .get_data()
        .iter()
        .flat_map(|px| {
            let a = (px >> 24) as u8;
            let un = |c: u32| {
                if a == 0 {
                    0
                } else {
                    ((c & 0xff) * 255 / u32::from(a)) as u8
                }
            };
            [un(px >> 16), un(px >> 8), un(*px), a]
        })
        .collect();
    tiles::encode_rgba(&rgba, width, height)
}

/// Drives a real core with the key until every fetch it asked for has been answered, and returns
/// the last picture of each tile, on a key and on a dial.
fn live(key: ApiKey, lang: Lang) -> Result<(Vec<Sample>, Vec<StripSample>), PreviewError> {
    let log = Rc::new(std::cell::RefCell::new(Log::stderr()));
    let (base, refused) = ApiBase::from_env();
    if let Some(error) = refused {
        log.borrow_mut().error(&format!(
            "OPENBALANCE_API_BASE refused ({error}); using {}",
            base.as_str()
        ));
    }
    // A live preview can take a while (`/activity` is slow): say what it is waiting for.
    log.borrow_mut().info(&format!(
        "live preview with OPENROUTER_MANAGEMENT_KEY ({key}): asking {} for /credits and \
         /activity, waiting up to {} s",
        base.as_str(),
        LIVE_DEADLINE.as_secs()
    ));
    let contexts: Vec<(Action, String)> = Action::ALL
        .into_iter()
        .map(|a| (a, format!("preview-{}", short_name(a))))
        .collect();
    let mut startup = vec![EventKind::Started];
    startup.extend((lang != Lang::En).then_some(EventKind::Language { lang }));
    startup.extend(
        clock::utc_offset_minutes()
            .map(|utc_offset_minutes| EventKind::LocalTime { utc_offset_minutes }),
    );
    startup.extend([EventKind::DidReceiveGlobalSettings {
        key: Some(key),
        pending: None,
        unusable: false,
        label: None,
        accounts: Vec::new(),
        skipped_accounts: 0,
        kept: Default::default(),
    }]);
    startup.extend(
        contexts
            .iter()
            .map(|(action, context)| EventKind::WillAppear {
                action: action.uuid().to_owned(),
                context: context.clone(),
                settings: serde_json::json!({}),
                controller: Some("Keypad".to_owned()),
                device: None,
            }),
    );
    // The same tiles on dials (Stream Deck +): their strips.
    startup.extend(
        contexts
            .iter()
            .map(|(action, context)| EventKind::WillAppear {
                action: action.uuid().to_owned(),
                context: format!("{context}-dial"),
                settings: serde_json::json!({}),
                controller: Some("Encoder".to_owned()),
                device: None,
            }),
    );

    let executor = LocalExecutor::new();
    let (answers_tx, answers) = smol::channel::unbounded::<Event>();
    let mut host = LivePreview {
        executor: &executor,
        http: Rc::new(Http::new(base)),
        answers_tx,
        answers,
        startup: startup.into(),
        outstanding: BTreeSet::new(),
        drawn: BTreeMap::new(),
        strips: BTreeMap::new(),
        log: Rc::clone(&log),
        deadline: Instant::now() + LIVE_DEADLINE,
    };
    smol::block_on(executor.run(fold(&mut host, Plugin::new())));
    let (mut drawn, mut drawn_strips) = (host.drawn, host.strips);
    let strip_samples = contexts
        .iter()
        .filter_map(|(action, context)| {
            Some(StripSample {
                name: format!("strip-{}", short_name(*action)),
                view: drawn_strips.remove(&format!("{context}-dial"))?,
            })
        })
        .collect();
    let samples = contexts
        .into_iter()
        .map(|(action, context)| match drawn.remove(&context) {
            Some(view) => Ok(Sample {
                name: short_name(action).to_owned(),
                view,
            }),
            None => Err(PreviewError::NoDraw {
                tile: short_name(action).to_owned(),
            }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((samples, strip_samples))
}

/// The plugin's loop with OpenRouter for answers and pictures for commands: it ends when every
/// request the core made has been answered (or the deadline passed).
struct LivePreview<'ex> {
    executor: &'ex LocalExecutor<'static>,
    http: Rc<Http>,
    answers_tx: smol::channel::Sender<Event>,
    answers: smol::channel::Receiver<Event>,
    /// Stream Deck's part, played once at the start.
    startup: std::collections::VecDeque<EventKind>,
    outstanding: BTreeSet<FetchId>,
    drawn: BTreeMap<String, TileView>,
    strips: BTreeMap<String, StripView>,
    log: Rc<std::cell::RefCell<Log>>,
    deadline: Instant,
}

impl Host for LivePreview<'_> {
    async fn next(&mut self) -> Option<Event> {
        if let Some(kind) = self.startup.pop_front() {
            return Some(Event::new(clock::now(), kind));
        }
        if self.outstanding.is_empty() {
            return None;
        }
        let deadline = self.deadline;
        let answer = smol::future::or(async { self.answers.recv().await.ok() }, async {
            Timer::at(deadline).await;
            None
        })
        .await;
        match answer {
            Some(event) => {
                if let EventKind::Fetched { id, .. } = &event.event {
                    self.outstanding.remove(id);
                }
                Some(event)
            }
            None => {
                self.log.borrow_mut().warn(&format!(
                    "no answer from OpenRouter within {} s; showing what the tiles show now",
                    LIVE_DEADLINE.as_secs()
                ));
                None
            }
        }
    }

    async fn execute(&mut self, command: Command) {
        match command {
            Command::Fetch { id, endpoint, key } => {
                self.outstanding.insert(id);
                let (http, tx) = (Rc::clone(&self.http), self.answers_tx.clone());
                let log = Rc::clone(&self.log);
                self.executor
                    .spawn(async move {
                        let (event, detail) = http::fetch_event(http, id, endpoint, key).await;
                        if let Some(detail) = detail {
                            log.borrow_mut().warn(&detail);
                        }
                        let _ = tx.send(event).await;
                    })
                    .detach();
            }
            Command::CancelFetch { id } => {
                self.outstanding.remove(&id);
            }
            Command::Draw { context, view } => {
                self.drawn.insert(context, view);
            }
            Command::DrawStrip { context, view } => {
                self.strips.insert(context, view);
            }
            Command::Log { level, message } => self.log.borrow_mut().write(level, &message),
            // A preview has no Stream Deck, keeps no settings and no state, and nobody presses
            // its keys: one poll is all it waits for.
            Command::GetGlobalSettings
            | Command::OpenUrl { .. }
            | Command::StoreKey { .. }
            | Command::ClearKey
            | Command::SendKeyStatus { .. }
            | Command::SendBudgetChoices { .. }
            | Command::SaveIntraday { .. }
            | Command::Wake { .. }
            | Command::ShowOk { .. }
            | Command::ShowAlert { .. } => {}
        }
    }
}

/// `balance`, `topmodels`, … : the last part of the action UUID.
fn short_name(action: Action) -> &'static str {
    action.slug()
}

#[cfg(test)]
mod tests;
