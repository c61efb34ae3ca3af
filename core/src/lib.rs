//! OpenBalance's core: a pure state machine in the Elm style.
//!
//! Events come in (each with its UTC time), the [`Plugin`] model folds them, and [`Command`]s come
//! out as data for the shell to carry out. Nothing here reads a clock, a socket, a file or the
//! environment, so a recorded list of events always replays to the same commands.
//!
//! The public surface is what a shell needs: the events and commands, the wire formats at the
//! edge (`openrouter`, `streamdeck`), what a tile shows (`view`, `palette`, `action`) and time.
//! Every decision stays inside. The simulator, the demo account and the gallery are behind the
//! `testkit` feature, which `preview` and the tests turn on.

pub mod action;
mod api_key;
mod command;
pub mod device;
mod event;
pub mod intraday;
pub mod money;
pub mod openrouter;
pub mod palette;
pub mod streamdeck;
pub mod strip;
pub mod timestamp;
pub mod view;

mod account_id;
mod accounts;
mod alarm;
mod board;
mod budget;
pub mod catalogue;
mod copies;
mod deadlines;
mod dial;
mod inspector;
mod kept;
mod key_ledger;
mod key_survey;
mod keys;
pub mod lang;
mod model_name;
mod monthly;
mod names;
mod numbers;
mod opens;
mod plugin;
mod poll;
mod press;
mod requests;
mod runway;
mod sent;
mod settings;
mod shape_learning;
mod spend;
mod spike;
#[cfg(test)]
mod spike_study;
mod stored_account;
mod tile;
mod top_models;
mod trend;
mod usage_log;

#[cfg(any(test, feature = "testkit"))]
pub mod demo;
#[cfg(any(test, feature = "testkit"))]
pub mod gallery;
#[cfg(any(test, feature = "testkit"))]
pub mod sim;

pub use account_id::AccountId;
pub use action::Action;
pub use api_key::ApiKey;
pub use command::AccountReport;
pub use command::{Command, KeyOwner, KeyReport, KeyStatus, LogLevel};
pub use dial::STRIP_PACE_MS;
pub use event::{Event, EventKind, FetchId, PiMessage, RecordingHeader, RECORDING_FORMAT};
pub use kept::{KeptSettings, Verbatim, MAX_SETTINGS_BYTES};
pub use names::is_bidi_control;
pub use plugin::Plugin;
pub use poll::POLL_INTERVAL_MS;
pub use press::HOLD_MS;
pub use stored_account::StoredAccount;
pub use strip::StripView;
pub use tile::{default_settings, setting_ranges};
pub use timestamp::{Day, Timestamp};
pub use view::TileView;
