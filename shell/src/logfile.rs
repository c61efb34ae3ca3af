//! The plugin's own log: `<plugin folder>/logs/openbalance.log`, capped in size.
//!
//! Elgato's Node SDK writes to `logs/` inside the bundle, so people (and support) look there. A
//! native plugin has to do it itself. The file is capped and rotated once (`.1`) so a plugin left
//! running for months cannot fill a disk; every line is cut to [`MAX_LINE_BYTES`] and redacted
//! before it is written, so the two files together never hold more than `2 × MAX_BYTES` (2 MiB)
//! whatever a peer sends.

use crate::clock;
use crate::redact::redact;
use openbalance_core::{is_bidi_control, LogLevel};
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "openbalance.log";
/// Large enough for weeks of normal use (a poll logs a line or two), small enough not to matter.
pub const MAX_BYTES: u64 = 1024 * 1024;
/// The most of one message a line keeps. Peer text (event names, error bodies) can be any size;
/// a line never is, so one message cannot push a file past [`MAX_BYTES`].
pub const MAX_LINE_BYTES: usize = 2048;

/// Where log lines go: the file when it could be opened, stderr otherwise.
#[derive(Debug)]
pub struct Log {
    file: Option<CappedFile>,
}

#[derive(Debug)]
struct CappedFile {
    path: PathBuf,
    /// `None` after an open failed (during a rotation): the next line tries again.
    file: Option<File>,
    written: u64,
    cap: u64,
}

impl Log {
    /// The plugin's log, in `OPENBALANCE_LOG_DIR` or the bundle's `logs/`. Falls back to stderr
    /// when the folder cannot be created: a read-only install must still run.
    pub fn for_plugin() -> Log {
        let exe = std::env::current_exe().ok();
        let dir = log_dir(std::env::var_os("OPENBALANCE_LOG_DIR"), exe.as_deref());
        let file = dir.and_then(
            |dir| match CappedFile::open(&dir.join(FILE_NAME), MAX_BYTES) {
                Ok(file) => Some(file),
                Err(error) => {
                    eprintln!(
                        "openbalance: cannot open the log in {}: {error}",
                        dir.display()
                    );
                    None
                }
            },
        );
        Log { file }
    }

    /// For the developer subcommands, whose reader is at the terminal.
    #[cfg(feature = "preview")]
    pub fn stderr() -> Log {
        Log { file: None }
    }

    pub fn info(&mut self, message: &str) {
        self.write(LogLevel::Info, message);
    }

    pub fn warn(&mut self, message: &str) {
        self.write(LogLevel::Warn, message);
    }

    pub fn error(&mut self, message: &str) {
        self.write(LogLevel::Error, message);
    }

    /// One line, at most [`MAX_LINE_BYTES`] of the message, redacted, newlines flattened so a
    /// message cannot forge other lines.
    pub fn write(&mut self, level: LogLevel, message: &str) {
        let level = match level {
            LogLevel::Info => "INFO ",
            LogLevel::Warn => "WARN ",
            LogLevel::Error => "ERROR",
        };
        let line = format!(
            "{} {level} {}\n",
            clock::iso8601(clock::now()),
            bounded(message)
        );
        let written = match &mut self.file {
            Some(file) => file.append(line.as_bytes()).is_ok(),
            None => false,
        };
        if !written {
            eprint!("{line}");
        }
    }
}

/// The message as it goes into a line: cut first (a 50 MB message is never copied whole), then
/// flattened and redacted, then cut again, since redaction may lengthen a string of tiny
/// `sk-or-` fragments. A cut ends on a char boundary with a marker giving the original size.
fn bounded(message: &str) -> String {
    let head = &message[..floor_char_boundary(message, MAX_LINE_BYTES)];
    let flat = plain(head);
    let redacted = redact(&flat);
    let kept = floor_char_boundary(&redacted, MAX_LINE_BYTES);
    let mut line = redacted[..kept].to_owned();
    if head.len() < message.len() || kept < redacted.len() {
        line.push_str(&format!("… [cut from {} bytes]", message.len()));
    }
    line
}

/// A message made one plain line: newlines flattened (a message cannot forge other lines) and
/// bidirectional controls dropped (a label or an error body cannot turn the line around for the
/// person reading it; `openbalance_core::is_bidi_control`).
pub fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

/// The largest index `<= at` that starts a char (`str::floor_char_boundary` is not stable yet).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Names logged once each (Stream Deck events the plugin has no use for, which can come by the
/// hundred), with bounded memory: [`OncePerName::MAX_NAMES`] names of at most
/// [`OncePerName::NAME_CHARS`] chars, then one line saying no more are logged.
#[derive(Debug, Default)]
pub struct OncePerName {
    seen: BTreeSet<String>,
    full: bool,
}

impl OncePerName {
    pub const MAX_NAMES: usize = 64;
    pub const NAME_CHARS: usize = 40;

    /// The line to log for an unknown Stream Deck event `name`, if any: its first sighting (the
    /// name cut to [`Self::NAME_CHARS`] chars), and once, when the bound is reached, that no new
    /// names will be logged.
    pub fn ignored_event(&mut self, name: &str) -> Option<String> {
        let mut short: String = name.chars().take(Self::NAME_CHARS).collect();
        if self.full || self.seen.contains(&short) {
            return None;
        }
        if self.seen.len() >= Self::MAX_NAMES {
            self.full = true;
            return Some("too many unknown event names; no longer logging new ones".to_owned());
        }
        self.seen.insert(short.clone());
        if short.len() < name.len() {
            short.push('…');
        }
        Some(format!("ignoring Stream Deck events {short:?}"))
    }
}

/// `OPENBALANCE_LOG_DIR` when set; else `<bundle>/logs` when the executable sits in the bundle's
/// `bin/` (Elgato's layout); else `logs/` beside the executable.
pub fn log_dir(override_dir: Option<OsString>, exe: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = override_dir.filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    Some(crate::state::plugin_dir(exe?)?.join("logs"))
}

impl CappedFile {
    fn open(path: &Path, cap: u64) -> io::Result<CappedFile> {
        let mut capped = CappedFile {
            path: path.to_owned(),
            file: None,
            written: 0,
            cap,
        };
        capped.reopen()?;
        Ok(capped)
    }

    /// Opens (creating the folder and the file if need be) and continues at the file's end.
    fn reopen(&mut self) -> io::Result<&mut File> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = open_append(&self.path)?;
        self.written = file.metadata()?.len();
        Ok(self.file.insert(file))
    }

    /// A line never straddles the cap: the file rotates first. A failure anywhere (the rotation's
    /// rename or open, the write) sends this line to stderr, and the next line tries again.
    fn append(&mut self, line: &[u8]) -> io::Result<()> {
        if self.written > 0 && self.written + line.len() as u64 > self.cap {
            self.rotate()?;
        }
        let file = match &mut self.file {
            Some(file) => file,
            None => self.reopen()?,
        };
        file.write_all(line)?;
        self.written += line.len() as u64;
        Ok(())
    }

    /// Keeps one previous file: enough to see what led up to a problem. The current file is
    /// reopened by the next [`append`](Self::append), so a failed open is retried there.
    fn rotate(&mut self) -> io::Result<()> {
        self.file = None;
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        match fs::rename(&self.path, &old) {
            Ok(()) => {}
            // Already moved by a rotation whose open failed, or removed by someone: start anew.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        self.written = 0;
        Ok(())
    }
}

fn open_append(path: &Path) -> io::Result<File> {
    #[cfg(test)]
    if tests::FAIL_OPENS.with(|n| n.replace(n.get().saturating_sub(1))) > 0 {
        return Err(io::Error::other("open failed (injected by the test)"));
    }
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many of this test thread's next log opens fail. Root ignores permissions and a
        /// rotation's rename and open touch the same folder, so a real failure of the open
        /// alone cannot be staged from outside.
        pub static FAIL_OPENS: Cell<u32> = const { Cell::new(0) };
    }

    #[test]
    fn finds_the_bundle_logs_folder() {
        let bundle = Path::new("/p/com.openbalance.openrouter.sdPlugin");
        assert_eq!(
            log_dir(None, Some(&bundle.join("bin/openbalance"))),
            Some(bundle.join("logs"))
        );
        assert_eq!(
            log_dir(None, Some(Path::new("/t/debug/openbalance"))),
            Some(PathBuf::from("/t/debug/logs"))
        );
        assert_eq!(
            log_dir(
                Some("/elsewhere".into()),
                Some(&bundle.join("bin/openbalance"))
            ),
            Some(PathBuf::from("/elsewhere"))
        );
        assert_eq!(log_dir(Some("".into()), None), None);
    }

    #[test]
    fn rotates_at_the_cap_and_redacts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join(FILE_NAME);
        let mut log = Log {
            file: Some(CappedFile::open(&path, 200).unwrap()),
        };
        for i in 0..10 {
            log.info(&format!("line {i} with sk-or-v1-secret0123\nforged"));
        }
        let current = fs::read_to_string(&path).unwrap();
        let previous = fs::read_to_string(dir.path().join("logs/openbalance.log.1")).unwrap();
        assert!(current.len() <= 200 && !current.is_empty());
        assert!(previous.len() <= 200);
        for text in [&current, &previous] {
            assert!(!text.contains("secret0123"), "{text}");
            assert!(text.lines().all(|l| l.contains(" INFO  line ")), "{text}");
        }
        assert!(current.contains("line 9"));
    }

    fn log_at(path: &Path, cap: u64) -> Log {
        Log {
            file: Some(CappedFile::open(path, cap).unwrap()),
        }
    }

    #[test]
    fn a_failed_open_during_rotation_is_retried_on_the_next_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut log = log_at(&path, 200);
        log.info(&"a".repeat(120));
        FAIL_OPENS.with(|n| n.set(1));
        // Over the cap: rotates, and the open of the new file fails; this line goes to stderr.
        log.info(&"b".repeat(120));
        assert!(!path.exists(), "the rotation moved the full file away");
        log.info("after the failed open");
        let current = fs::read_to_string(&path).expect("the log file is back");
        assert!(current.contains("after the failed open"), "{current}");
        let previous = fs::read_to_string(dir.path().join("openbalance.log.1")).unwrap();
        assert!(previous.contains("aaaa"), "{previous}");
        log.info("and the one after");
        assert!(fs::read_to_string(&path)
            .unwrap()
            .contains("and the one after"));
    }

    #[test]
    fn one_huge_message_is_cut_and_the_files_stay_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut log = log_at(&path, MAX_BYTES);
        // Multi-byte chars around the cut, a key across it, and 5 MiB of peer text in all.
        let mut huge = "é".repeat(MAX_LINE_BYTES / 2 - 4);
        huge.push_str("sk-or-v1-secret0123456789");
        huge.push_str(&"z".repeat(5 * 1024 * 1024));
        for _ in 0..3 {
            log.warn(&format!("unknown event {huge}"));
        }
        for _ in 0..2000 {
            log.info(&huge);
        }
        let current = fs::read_to_string(&path).unwrap();
        let previous = fs::read_to_string(dir.path().join("openbalance.log.1")).unwrap();
        assert!(current.len() as u64 <= MAX_BYTES && previous.len() as u64 <= MAX_BYTES);
        for text in [&current, &previous] {
            assert!(
                !text.contains("secret0123"),
                "key-shaped text is still redacted"
            );
            for line in text.lines() {
                assert!(line.len() <= MAX_LINE_BYTES + 80, "{}", line.len());
                assert!(line.ends_with(&format!("… [cut from {} bytes]", huge.len())));
            }
        }
        assert!(current.lines().last().unwrap().contains("ééé"));
    }

    #[test]
    fn redaction_cannot_lengthen_a_line_past_the_bound() {
        let fragments = "sk-or-a ".repeat(MAX_LINE_BYTES / 8);
        let line = bounded(&fragments);
        assert!(line.len() <= MAX_LINE_BYTES + 40, "{}", line.len());
        assert!(line.starts_with("sk-or-[redacted] sk-or-[redacted]"));
        assert_eq!(bounded("short é\nline"), "short é line");
    }

    #[test]
    fn no_line_is_turned_around() {
        let forged = "Wo\u{202E}kr: \u{2066}refresh\u{2069} \u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}x";
        assert_eq!(bounded(forged), "Wokr: refresh x");
        assert_eq!(plain("a\r\nb"), "a  b");
    }

    #[test]
    fn cuts_on_char_boundaries() {
        assert_eq!(floor_char_boundary("aé", 2), 1);
        assert_eq!(floor_char_boundary("aé", 3), 3);
        assert_eq!(floor_char_boundary("aé", 9), 3);
        assert_eq!(floor_char_boundary("", 4), 0);
    }

    #[test]
    fn unknown_event_names_are_logged_once_each_and_bounded() {
        let mut once = OncePerName::default();
        assert_eq!(
            once.ignored_event("dialRotate").as_deref(),
            Some("ignoring Stream Deck events \"dialRotate\"")
        );
        assert_eq!(once.ignored_event("dialRotate"), None);
        let long = "n".repeat(10_000);
        let line = once.ignored_event(&long).unwrap();
        assert_eq!(
            line,
            format!("ignoring Stream Deck events \"{}…\"", "n".repeat(40))
        );
        assert_eq!(
            once.ignored_event(&format!("{long}other")),
            None,
            "same first 40"
        );
        let mut lines = Vec::new();
        for i in 0..1000 {
            lines.extend(once.ignored_event(&format!("event{i}")));
        }
        assert_eq!(lines.len(), OncePerName::MAX_NAMES - 2 + 1);
        assert_eq!(
            lines.last().unwrap(),
            "too many unknown event names; no longer logging new ones"
        );
        assert_eq!(once.ignored_event("dialRotate"), None);
        assert_eq!(once.seen.len(), OncePerName::MAX_NAMES);
    }
}
