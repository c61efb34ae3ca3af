//! The shell's hands: where events come from and how each command is carried out.
//!
//! Nothing here decides anything about money, time or keys. Events are stamped with the clock and
//! passed on; commands are translated to Stream Deck text, HTTP requests, timers and log lines.

use crate::clock;
use crate::data_url::png_data_url;
use crate::deck::Deck;
use crate::http::{self, Http};
use crate::image_cache::Images;
use crate::logfile::Log;
use crate::record::Recorder;
use crate::redact::redact;
use crate::tiles;
use crate::timers::Wake;
use openbalance_core::openrouter::Endpoint;
use openbalance_core::streamdeck::{self, Inbound, Outbound};
use openbalance_core::{ApiKey, Command, Event, EventKind, FetchId, LogLevel};
use serde_json::json;
use smol::channel::{Receiver, Sender};
use smol::LocalExecutor;
use std::cell::RefCell;
use std::rc::Rc;

pub struct Shell<'ex> {
    executor: &'ex LocalExecutor<'static>,
    deck: Deck,
    plugin_uuid: String,
    /// Answers from HTTP and timers, which run as tasks beside the loop.
    answers: Receiver<Event>,
    answer_sender: Sender<Event>,
    http: Rc<Http>,
    wake: Wake<'ex>,
    images: Images,
    recorder: Recorder,
    log: Rc<RefCell<Log>>,
    /// Whether `Started` was handed to the core yet.
    started: bool,
    /// The machine's UTC offset, read at start, handed to the core right after `Started`.
    utc_offset: Option<i32>,
    /// The person's language from the launch info, handed to the core once, first thing.
    lang: Option<openbalance_core::lang::Lang>,
    /// The devices the launch's `-info` named, handed to the core after it (one event each, in
    /// order), so each key is drawn for its size from the first picture.
    devices: std::collections::VecDeque<EventKind>,
    /// Where the intraday shape is kept, and whether it was handed to the core yet.
    state_dir: Option<std::path::PathBuf>,
    shape_read: bool,
    /// Kept shapes not yet handed to the core, last first (one event each).
    shapes_to_hand: Vec<openbalance_core::intraday::Shape>,
    /// Requests in flight by id: dropping a task cancels its request (and frees its socket).
    fetches: std::collections::HashMap<FetchId, smol::Task<()>>,
    /// Names of Stream Deck events the plugin has no use for, already logged once (bounded).
    ignored: crate::logfile::OncePerName,
}

/// One input to the loop: a frame from Stream Deck, an answer from a task, or the end.
enum Input {
    Frame(String),
    Answer(Event),
    Closed,
}

impl<'ex> Shell<'ex> {
    pub fn new(
        executor: &'ex LocalExecutor<'static>,
        deck: Deck,
        plugin_uuid: String,
        http: Http,
        recorder: Recorder,
        log: Log,
    ) -> Self {
        let (answer_sender, answers) = smol::channel::unbounded();
        Shell {
            executor,
            deck,
            plugin_uuid,
            wake: Wake::new(executor, answer_sender.clone()),
            answers,
            answer_sender,
            http: Rc::new(http),
            images: Images::default(),
            fetches: Default::default(),
            started: false,
            utc_offset: None,
            lang: None,
            devices: Default::default(),
            state_dir: None,
            shape_read: false,
            shapes_to_hand: Vec::new(),
            recorder,
            log: Rc::new(RefCell::new(log)),
            ignored: Default::default(),
        }
    }

    /// Where the intraday shape is kept (`None`: nowhere writable was found; nothing is kept).
    pub fn set_state_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.state_dir = dir;
    }

    /// The kept intraday shapes (one per account), once, at start.
    fn read_shapes(&mut self) -> Vec<openbalance_core::intraday::Shape> {
        if std::mem::replace(&mut self.shape_read, true) {
            return Vec::new();
        }
        let Some(dir) = self.state_dir.clone() else {
            return Vec::new();
        };
        match crate::state::read(&dir) {
            Ok(kept) => {
                for (at, error) in &kept.refused {
                    let line = format!("ignored kept intraday shape {at}: not a shape ({error})");
                    self.log().warn(&line);
                }
                kept.shapes
            }
            Err(error) => {
                self.log()
                    .warn(&format!("ignored the kept intraday shape: {error}"));
                Vec::new()
            }
        }
    }

    /// The machine's UTC offset, as read at start (before any other thread ran).
    pub fn set_utc_offset(&mut self, minutes: Option<i32>) {
        self.utc_offset = minutes;
    }

    /// The launch's `-info`, for the devices it names (`deviceDidConnect` tells of later ones) and
    /// the person's language, whose CJK glyph forms the renderer prefers (`render/cjk.rs`).
    pub fn set_launch_info(&mut self, info: &str) {
        self.devices = streamdeck::launch_devices(info).into();
        let (lang, tag) = launch_language(info);
        // A language Stream Deck adds later, or a host's own: English, and the log says so.
        if lang == openbalance_core::lang::Lang::En
            && !tag.is_empty()
            && !tag.to_ascii_lowercase().starts_with("en")
        {
            let tag: String = tag.chars().take(32).collect();
            self.log().info(&format!(
                "Stream Deck's language {tag:?} is not one OpenBalance speaks: the keys speak English"
            ));
        }
        openbalance::render::cjk::prefer(lang);
        // English is what the core speaks until told otherwise: said only when it is another.
        self.lang = Some(lang).filter(|l| *l != openbalance_core::lang::Lang::En);
    }

    pub fn log(&self) -> std::cell::RefMut<'_, Log> {
        self.log.borrow_mut()
    }

    /// How the connection to Stream Deck ended, once `receive` has returned `None`.
    pub fn deck_end(&mut self) -> crate::deck::End {
        self.deck.end()
    }

    /// The next event for the core, or `None` when Stream Deck has gone away.
    pub async fn receive(&mut self) -> Option<Event> {
        if !self.started {
            self.started = true;
            return Some(Event::new(clock::now(), EventKind::Started));
        }
        if let Some(lang) = self.lang.take() {
            return Some(Event::new(clock::now(), EventKind::Language { lang }));
        }
        if let Some(utc_offset_minutes) = self.utc_offset.take() {
            return Some(Event::new(
                clock::now(),
                EventKind::LocalTime { utc_offset_minutes },
            ));
        }
        if let Some(device) = self.devices.pop_front() {
            return Some(Event::new(clock::now(), device));
        }
        if !self.shape_read {
            self.shapes_to_hand = self.read_shapes();
            self.shapes_to_hand.reverse();
        }
        if let Some(shape) = self.shapes_to_hand.pop() {
            return Some(Event::new(
                clock::now(),
                EventKind::IntradayLoaded { shape },
            ));
        }
        loop {
            let (deck, answers) = (&mut self.deck, &self.answers);
            let input = smol::future::or(
                async { answers.recv().await.map_or(Input::Closed, Input::Answer) },
                async { deck.next_text().await.map_or(Input::Closed, Input::Frame) },
            )
            .await;
            let kind = match input {
                Input::Answer(event) => {
                    if let EventKind::Fetched { id, .. } = &event.event {
                        self.fetches.remove(id);
                    }
                    return Some(event);
                }
                Input::Closed => return None,
                Input::Frame(text) => match streamdeck::parse_inbound(&text) {
                    Ok(Inbound::Event(kind)) => kind,
                    Ok(Inbound::Ignored { event }) => {
                        // Logged once per name: dials and device events can come by the hundred.
                        if let Some(line) = self.ignored.ignored_event(&event) {
                            self.log().info(&line);
                        }
                        continue;
                    }
                    // The text itself is never logged: it may hold the key.
                    Err(error) => {
                        self.log()
                            .warn(&format!("skipped a Stream Deck message: {error}"));
                        continue;
                    }
                },
            };
            if let EventKind::WillDisappear { context, .. } = &kind {
                self.images.forget(context);
            }
            return Some(Event::new(clock::now(), kind));
        }
    }

    pub fn record(&mut self, event: &Event) {
        if let Err(error) = self.recorder.record(event) {
            self.log().error(&format!("recording stopped: {error}"));
        }
    }

    /// Carries out one command. Every kind is named here, so a new one cannot be dropped unseen.
    pub async fn execute(&mut self, command: Command) {
        match command {
            Command::Draw { context, view } => {
                let png = tiles::render_png(&view);
                if self.images.changed(&context, &png) {
                    let text = streamdeck::set_image(&context, &png_data_url(&png));
                    self.send(text).await;
                }
            }
            // A dial: the 200×100 strip, as the one pixmap of the bundle's strip layout.
            Command::DrawStrip { context, view } => {
                let png = tiles::render_strip_png(&view);
                if self.images.changed(&context, &png) {
                    let text = streamdeck::set_feedback(&context, &png_data_url(&png));
                    self.send(text).await;
                }
            }
            Command::Fetch { id, endpoint, key } => self.fetch(id, endpoint, key),
            // Dropping the task cancels the request; its answer never comes.
            Command::CancelFetch { id } => drop(self.fetches.remove(&id)),
            Command::Wake { at } => self.wake.set(at),
            Command::SaveIntraday { shape } => {
                if let Some(dir) = &self.state_dir {
                    if let Err(error) = crate::state::write(dir, &shape) {
                        let line = format!("could not keep the intraday shape: {error}");
                        self.log().warn(&line);
                    }
                }
            }
            Command::Log { level, message } => self.log_from_core(level, &message).await,
            // The key goes out in exactly one message, the one that stores it in Stream Deck.
            Command::StoreKey { .. } => {
                if let Outbound::Text(text) = streamdeck::encode(&command, &self.plugin_uuid) {
                    self.send(text).await
                }
            }
            Command::GetGlobalSettings
            | Command::OpenUrl { .. }
            | Command::ClearKey
            | Command::SendKeyStatus { .. }
            | Command::SendBudgetChoices { .. }
            | Command::ShowOk { .. }
            | Command::ShowAlert { .. } => {
                if let Outbound::Text(text) = streamdeck::encode(&command, &self.plugin_uuid) {
                    self.send(redact(&text).into_owned()).await
                }
            }
        }
    }

    async fn send(&mut self, text: String) {
        if let Err(error) = self.deck.send(text).await {
            // The next receive sees the closed socket and ends the loop.
            self.log()
                .warn(&format!("sending to Stream Deck failed: {error}"));
        }
    }

    /// Runs beside the loop; the answer comes back through `answers` stamped when it arrived.
    fn fetch(&mut self, id: FetchId, endpoint: Endpoint, key: ApiKey) {
        let answers = self.answer_sender.clone();
        let log = Rc::clone(&self.log);
        let http = Rc::clone(&self.http);
        let task = self.executor.spawn(async move {
            let (event, detail) = http::fetch_event(http, id, endpoint, key).await;
            if let Some(detail) = detail {
                log.borrow_mut().warn(&detail);
            }
            let _ = answers.send(event).await;
        });
        self.fetches.insert(id, task);
    }

    /// Warnings and errors also go to Stream Deck's own log, where people report problems from.
    async fn log_from_core(&mut self, level: LogLevel, message: &str) {
        self.log().write(level, message);
        if level != LogLevel::Info {
            let message = crate::logfile::plain(message);
            let text = json!({"event": "logMessage", "payload": {"message": redact(&message)}});
            self.send(text.to_string()).await;
        }
    }
}

impl crate::fold::Host for Shell<'_> {
    async fn next(&mut self) -> Option<Event> {
        self.receive().await
    }

    fn record(&mut self, event: &Event) {
        Shell::record(self, event)
    }

    async fn execute(&mut self, command: Command) {
        Shell::execute(self, command).await
    }
}

/// `application.language` from the launch's `-info`, read as the core reads it (English when it is
/// missing or unknown), and the tag as the launch gave it.
pub(crate) fn launch_language(info: &str) -> (openbalance_core::lang::Lang, String) {
    let value: serde_json::Value = serde_json::from_str(info).unwrap_or_default();
    let tag = value
        .get("application")
        .and_then(|a| a.get("language"))
        .and_then(|l| l.as_str())
        .unwrap_or("");
    (openbalance_core::lang::Lang::parse(tag), tag.to_owned())
}
