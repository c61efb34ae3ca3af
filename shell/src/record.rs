//! `OPENBALANCE_RECORD=<path>`: every event the core folds, one JSON line each.
//!
//! Inputs, not outputs: `openbalance replay` folds the same events through a fresh core and gets
//! the same commands, so a recording from someone's machine reproduces their tiles exactly.
//!
//! A recording is capped at [`MAX_BYTES`]. At the cap it stops, rather than rotating: the core's
//! state is a fold of every event since `started`, so only a recording that keeps its beginning
//! replays to what the plugin showed; a rotated tail would replay into a core that never saw the
//! key or the tiles. The stop is logged (the error [`Recorder::record`] returns once).

use crate::redact::redact;
use openbalance_core::{Event, RecordingHeader, RECORDING_FORMAT};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Weeks of recording at the normal pace (an `activity` answer is the big event, every 15
/// minutes), and still a file an editor opens.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct Recorder {
    file: Option<File>,
    written: u64,
    cap: u64,
}

impl Recorder {
    pub fn off() -> Recorder {
        Recorder::default()
    }

    /// Appends, so a restarted plugin continues the same story (up to the cap, counting what the
    /// file already holds).
    pub fn to_file(path: &Path) -> io::Result<Recorder> {
        Recorder::capped(path, MAX_BYTES)
    }

    /// A new or empty file starts with the format line. A file in another format is moved
    /// aside to `<path>.old` (never appended to: one file, one format) and a new one begun.
    fn capped(path: &Path, cap: u64) -> io::Result<Recorder> {
        let first = std::fs::read(path)
            .ok()
            .and_then(|bytes| bytes.split(|b| *b == b'\n').next().map(<[u8]>::to_vec));
        let current = first
            .as_deref()
            .and_then(|line| serde_json::from_slice::<RecordingHeader>(line).ok())
            .is_some_and(|h| h.format == RECORDING_FORMAT);
        if first.as_ref().is_some_and(|l| !l.is_empty()) && !current {
            let mut aside = path.as_os_str().to_owned();
            aside.push(".old");
            std::fs::rename(path, &aside)?;
        }
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        let mut written = file.metadata()?.len();
        if written == 0 {
            let header =
                serde_json::to_string(&RecordingHeader::current(env!("CARGO_PKG_VERSION")))
                    .map_err(io::Error::other)?;
            file.write_all(format!("{header}\n").as_bytes())?;
            written = header.len() as u64 + 1;
        }
        Ok(Recorder {
            file: Some(file),
            written,
            cap,
        })
    }

    /// One line per event, written whole in one call so a line is never cut. The key serialises
    /// redacted; [`redact`] is the second guard. A failed write, or a line that would pass the
    /// cap, turns recording off rather than stopping the plugin; the error says which.
    pub fn record(&mut self, event: &Event) -> io::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let result = serde_json::to_string(event)
            .map_err(io::Error::other)
            .and_then(|json| {
                let mut line = redact(&json).into_owned();
                line.push('\n');
                let len = line.len() as u64;
                if self.written + len > self.cap {
                    return Err(io::Error::other(format!(
                        "the recording reached its cap of {}; nothing more is recorded",
                        size(self.cap)
                    )));
                }
                file.write_all(line.as_bytes())?;
                self.written += len;
                Ok(())
            });
        if result.is_err() {
            self.file = None;
        }
        result
    }
}

/// `64 MiB`, or bytes when the cap is not a whole number of MiB.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    match bytes % MIB {
        0 => format!("{} MiB", bytes / MIB),
        _ => format!("{bytes} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openbalance_core::{EventKind, Timestamp};

    fn event(i: i64) -> Event {
        Event::new(Timestamp(1_700_000_000_000 + i), EventKind::SystemDidWakeUp)
    }

    fn header_len() -> u64 {
        serde_json::to_string(&RecordingHeader::current(env!("CARGO_PKG_VERSION")))
            .unwrap()
            .len() as u64
            + 1
    }

    #[test]
    fn stops_at_the_cap_with_whole_lines_and_says_so_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recording.jsonl");
        let line_len = serde_json::to_string(&event(0)).unwrap().len() as u64 + 1;
        let cap = header_len() + line_len * 5 / 2;
        let mut recorder = Recorder::capped(&path, cap).unwrap();
        let results: Vec<io::Result<()>> = (0..10).map(|i| recorder.record(&event(i))).collect();
        assert!(results[0].is_ok() && results[1].is_ok());
        let stopped = results[2].as_ref().unwrap_err().to_string();
        assert_eq!(
            stopped,
            format!("the recording reached its cap of {cap} bytes; nothing more is recorded")
        );
        assert!(results[3..].iter().all(|r| r.is_ok()), "said once");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.len() as u64 <= cap);
        let mut lines = text.lines();
        let header: RecordingHeader = serde_json::from_str(lines.next().unwrap()).unwrap();
        assert_eq!(header.format, RECORDING_FORMAT);
        assert_eq!(lines.clone().count(), 2);
        for line in lines {
            serde_json::from_str::<Event>(line).unwrap();
        }
    }

    #[test]
    fn a_restart_counts_what_the_file_already_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recording.jsonl");
        let line_len = serde_json::to_string(&event(0)).unwrap().len() as u64 + 1;
        let cap = header_len() + line_len * 3;
        let mut first = Recorder::capped(&path, cap).unwrap();
        first.record(&event(0)).unwrap();
        first.record(&event(1)).unwrap();
        let mut second = Recorder::capped(&path, cap).unwrap();
        second.record(&event(2)).unwrap();
        assert!(second.record(&event(3)).is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap().lines().count(),
            4,
            "one format line, three events"
        );
    }

    #[test]
    fn a_file_in_another_format_is_moved_aside_not_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recording.jsonl");
        let old = "{\"at\":1,\"event\":{\"type\":\"started\"}}\n";
        std::fs::write(&path, old).unwrap();
        let mut recorder = Recorder::capped(&path, MAX_BYTES).unwrap();
        recorder.record(&event(0)).unwrap();
        let aside = dir.path().join("recording.jsonl.old");
        assert_eq!(std::fs::read_to_string(aside).unwrap(), old, "kept whole");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\"recording\":\"openbalance\""), "{text}");
        assert_eq!(text.lines().count(), 2);
    }

    #[test]
    fn the_cap_reads_in_mib() {
        assert_eq!(size(MAX_BYTES), "64 MiB");
        assert_eq!(size(100), "100 bytes");
    }
}
