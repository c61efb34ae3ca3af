//! OpenBalance's core: a pure state machine in the Elm style.
//!
//! Events come in (each with its UTC time), the [`Plugin`] model folds them, and [`Command`]s come
//! out as data for the shell to carry out. Nothing here reads a clock, a socket, a file or the
//! environment, so a recorded list of events always replays to the same commands.

pub mod account;
pub mod action;
pub mod api_key;
pub mod board;
pub mod command;
pub mod deadlines;
pub mod demo;
pub mod event;
pub mod gallery;
pub mod inspector;
pub mod keys;
pub mod model_name;
pub mod money;
pub mod monthly;
pub mod openrouter;
pub mod palette;
pub mod plugin;
pub mod poll;
pub mod press;
pub mod requests;
pub mod settings;
pub mod sim;
pub mod spend;
pub mod spike;
pub mod streamdeck;
pub mod tiles;
pub mod timestamp;
pub mod top_models;
pub mod trend;
pub mod usage_log;
pub mod view;

pub use action::Action;
pub use api_key::ApiKey;
pub use command::{Command, KeyReport, KeyStatus, LogLevel};
pub use event::{Event, EventKind, FetchId, PiMessage, RecordingHeader, RECORDING_FORMAT};
pub use plugin::Plugin;
pub use timestamp::{Day, Timestamp};
pub use view::TileView;
