//! `OPENBALANCE_RECORD=<path>`: every event the core folds, one JSON line each.
//!
//! Inputs, not outputs: `openbalance replay` folds the same events through a fresh core and gets
//! the same commands, so a recording from someone's machine reproduces their tiles exactly.

use crate::redact::redact;
use openbalance_core::Event;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

#[derive(Debug, Default)]
pub struct Recorder {
    file: Option<File>,
}

impl Recorder {
    pub fn off() -> Recorder {
        Recorder { file: None }
    }

    /// Appends, so a restarted plugin continues the same story.
    pub fn to_file(path: &Path) -> io::Result<Recorder> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Recorder { file: Some(file) })
    }

    /// One line per event. The key serialises redacted; [`redact`] is the second guard. A failed
    /// write turns recording off rather than stopping the plugin.
    pub fn record(&mut self, event: &Event) -> io::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let result = serde_json::to_string(event)
            .map_err(io::Error::other)
            .and_then(|json| writeln!(file, "{}", redact(&json)));
        if result.is_err() {
            self.file = None;
        }
        result
    }
}
