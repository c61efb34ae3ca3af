//! `openbalance replay <recording>`: fold recorded events through a fresh core and print every
//! command, one JSON line each. No network, no clock: the same recording always prints the same
//! bytes, which is what makes a recording from the field a test case.

use crate::fold::{fold, Host};
use crate::redact::redact;
use openbalance_core::{Command, Event, Plugin, RecordingHeader, RECORDING_FORMAT};
use std::io::{self, BufRead, Write};

/// What a replay went through.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub events: usize,
    pub commands: usize,
    /// 1-based numbers of the lines that were not events (and were skipped).
    pub bad_lines: Vec<usize>,
    /// The recording is in another format: why nothing was replayed, in plain words.
    pub other_format: Option<String>,
}

/// Reads the first line: the format line of this build's format, or why the recording is not.
fn check_format(line: &str) -> Result<(), String> {
    let ours = RECORDING_FORMAT;
    let this = env!("CARGO_PKG_VERSION");
    match serde_json::from_str::<RecordingHeader>(line) {
        Ok(header) if header.format == ours => Ok(()),
        Ok(header) => Err(format!(
            "this recording is in format {} (written by OpenBalance {}); this OpenBalance ({this}) \
             replays format {ours}. Replay it with the version that wrote it: its events would be \
             misread here",
            header.format, header.by
        )),
        Err(_) => Err(format!(
            "this recording has no format line, so it was written by an OpenBalance from before \
             recording formats (format 1); this OpenBalance ({this}) replays format {ours}. Replay \
             it with the version that wrote it: its events would be misread here"
        )),
    }
}

/// Replays `input` to `out`; complaints about bad lines go to `err`. Only I/O on `out` fails it:
/// one broken line must not hide what the rest of the recording shows. It is the plugin's own
/// loop ([`fold`]) with a recording for events and stdout for commands.
pub fn replay(
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Report> {
    let mut host = Replayer {
        lines: input.split(b'\n'),
        number: 0,
        checked: false,
        report: Report::default(),
        out,
        err,
        failed: None,
    };
    smol::block_on(fold(&mut host, Plugin::new()));
    if let Some(error) = host.failed {
        return Err(error);
    }
    host.out.flush()?;
    Ok(host.report)
}

struct Replayer<'a, R, O, E> {
    lines: io::Split<R>,
    number: usize,
    checked: bool,
    report: Report,
    out: &'a mut O,
    err: &'a mut E,
    /// The first I/O error: it ends the replay.
    failed: Option<io::Error>,
}

impl<R: BufRead, O: Write, E: Write> Replayer<'_, R, O, E> {
    /// The next event, skipping (and naming) lines that are not events.
    fn read(&mut self) -> io::Result<Option<Event>> {
        loop {
            let Some(line) = self.lines.next() else {
                return Ok(None);
            };
            self.number += 1;
            let line = line?;
            let text = String::from_utf8_lossy(&line);
            if text.trim().is_empty() {
                continue;
            }
            if !self.checked {
                self.checked = true;
                match check_format(&text) {
                    Ok(()) => continue,
                    Err(why) => {
                        self.report.other_format = Some(why);
                        return Ok(None);
                    }
                }
            }
            match serde_json::from_str::<Event>(&text) {
                Ok(event) => {
                    self.report.events += 1;
                    return Ok(Some(event));
                }
                Err(error) => {
                    self.report.bad_lines.push(self.number);
                    let number = self.number;
                    let why = redact(&error.to_string()).into_owned();
                    writeln!(self.err, "line {number}: not an event, skipped: {why}")?;
                }
            }
        }
    }
}

impl<R: BufRead, O: Write, E: Write> Host for Replayer<'_, R, O, E> {
    async fn next(&mut self) -> Option<Event> {
        if self.failed.is_some() {
            return None;
        }
        self.read().unwrap_or_else(|error| {
            self.failed = Some(error);
            None
        })
    }

    async fn execute(&mut self, command: Command) {
        if self.failed.is_some() {
            return;
        }
        let written = serde_json::to_string(&command)
            .map_err(io::Error::other)
            .and_then(|json| writeln!(self.out, "{}", redact(&json)));
        match written {
            Ok(()) => self.report.commands += 1,
            Err(error) => self.failed = Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> String {
        serde_json::to_string(&RecordingHeader::current(env!("CARGO_PKG_VERSION"))).unwrap()
    }

    #[test]
    fn names_bad_lines_and_carries_on() {
        let recording = format!(
            "{}\n{{\"at\":1,\"event\":{{\"type\":\"started\"}}}}\n\nnot json\n\
             {{\"at\":2,\"event\":{{\"type\":\"nope\"}}}}\n\
             {{\"at\":3,\"event\":{{\"type\":\"systemDidWakeUp\"}}}}\n",
            header()
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let report = replay(recording.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(report.events, 2);
        assert_eq!(report.bad_lines, vec![4, 5]);
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("line 4:") && err.contains("line 5:"), "{err}");
    }

    #[test]
    fn is_deterministic() {
        let recording = format!(
            "{}\n{{\"at\":1,\"event\":{{\"type\":\"started\"}}}}\n",
            header()
        );
        let run = || {
            let mut out = Vec::new();
            replay(recording.as_bytes(), &mut out, &mut io::sink()).unwrap();
            out
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn a_recording_in_another_format_says_so_and_replays_nothing() {
        let old = "{\"at\":1,\"event\":{\"type\":\"started\"}}\n";
        let newer = "{\"recording\":\"openbalance\",\"format\":99,\"by\":\"9.9.9\"}\n{\"at\":1}\n";
        for (recording, says) in [
            (old, "before recording formats (format 1)"),
            (newer, "format 99 (written by OpenBalance 9.9.9)"),
        ] {
            let mut out = Vec::new();
            let report = replay(recording.as_bytes(), &mut out, &mut io::sink()).unwrap();
            let why = report.other_format.unwrap_or_default();
            assert!(why.contains(says), "{why}");
            assert!(out.is_empty() && report.events == 0);
        }
    }
}
