//! `openbalance replay <recording>`: fold recorded events through a fresh core and print every
//! command, one JSON line each. No network, no clock: the same recording always prints the same
//! bytes, which is what makes a recording from the field a test case.

use crate::redact::redact;
use openbalance_core::{Event, Plugin};
use std::io::{self, BufRead, Write};

/// What a replay went through.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub events: usize,
    pub commands: usize,
    /// 1-based numbers of the lines that were not events (and were skipped).
    pub bad_lines: Vec<usize>,
}

/// Replays `input` to `out`; complaints about bad lines go to `err`. Only I/O on `out` fails it:
/// one broken line must not hide what the rest of the recording shows.
pub fn replay(
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Report> {
    let mut plugin = Plugin::new();
    let mut report = Report::default();
    for (index, line) in input.split(b'\n').enumerate() {
        let number = index + 1;
        let line = line?;
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let event: Event = match serde_json::from_str(&text) {
            Ok(event) => event,
            Err(error) => {
                report.bad_lines.push(number);
                writeln!(
                    err,
                    "line {number}: not an event, skipped: {}",
                    redact(&error.to_string())
                )?;
                continue;
            }
        };
        report.events += 1;
        for command in plugin.update(event) {
            let json = serde_json::to_string(&command).map_err(io::Error::other)?;
            writeln!(out, "{}", redact(&json))?;
            report.commands += 1;
        }
    }
    out.flush()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bad_lines_and_carries_on() {
        let recording = "{\"at\":1,\"event\":{\"type\":\"started\"}}\n\nnot json\n{\"at\":2,\"event\":{\"type\":\"nope\"}}\n\
                         {\"at\":3,\"event\":{\"type\":\"systemDidWakeUp\"}}\n";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let report = replay(recording.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(report.events, 2);
        assert_eq!(report.bad_lines, vec![3, 4]);
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("line 3:") && err.contains("line 4:"), "{err}");
    }

    #[test]
    fn is_deterministic() {
        let recording = "{\"at\":1,\"event\":{\"type\":\"started\"}}\n";
        let run = || {
            let mut out = Vec::new();
            replay(recording.as_bytes(), &mut out, &mut io::sink()).unwrap();
            out
        };
        assert_eq!(run(), run());
    }
}
