//! The plugin's own log: `<plugin folder>/logs/openbalance.log`, capped in size.
//!
//! Elgato's Node SDK writes to `logs/` inside the bundle, so people (and support) look there. A
//! native plugin has to do it itself. The file is capped and rotated once (`.1`) so a plugin left
//! running for months cannot fill a disk; every line is redacted before it is written.

use crate::clock;
use crate::redact::redact;
use openbalance_core::LogLevel;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "openbalance.log";
/// Large enough for weeks of normal use (a poll logs a line or two), small enough not to matter.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Where log lines go: the file when it could be opened, stderr otherwise.
#[derive(Debug)]
pub struct Log {
    file: Option<CappedFile>,
}

#[derive(Debug)]
struct CappedFile {
    path: PathBuf,
    file: File,
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

    /// One line, redacted, newlines flattened so a message cannot forge other lines.
    pub fn write(&mut self, level: LogLevel, message: &str) {
        let level = match level {
            LogLevel::Info => "INFO ",
            LogLevel::Warn => "WARN ",
            LogLevel::Error => "ERROR",
        };
        let flat = message.replace(['\n', '\r'], " ");
        let line = format!(
            "{} {level} {}\n",
            clock::iso8601(clock::now()),
            redact(&flat)
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

/// `OPENBALANCE_LOG_DIR` when set; else `<bundle>/logs` when the executable sits in the bundle's
/// `bin/` (Elgato's layout); else `logs/` beside the executable.
pub fn log_dir(override_dir: Option<OsString>, exe: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = override_dir.filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let exe_dir = exe?.parent()?;
    let plugin_dir = match exe_dir.file_name() {
        Some(name) if name == "bin" => exe_dir.parent()?,
        _ => exe_dir,
    };
    Some(plugin_dir.join("logs"))
}

impl CappedFile {
    fn open(path: &Path, cap: u64) -> io::Result<CappedFile> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let written = file.metadata()?.len();
        Ok(CappedFile {
            path: path.to_owned(),
            file,
            written,
            cap,
        })
    }

    fn append(&mut self, line: &[u8]) -> io::Result<()> {
        if self.written > 0 && self.written + line.len() as u64 > self.cap {
            self.rotate()?;
        }
        self.file.write_all(line)?;
        self.written += line.len() as u64;
        Ok(())
    }

    /// Keeps one previous file: enough to see what led up to a problem.
    fn rotate(&mut self) -> io::Result<()> {
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        fs::rename(&self.path, &old)?;
        *self = CappedFile::open(&self.path, self.cap)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
