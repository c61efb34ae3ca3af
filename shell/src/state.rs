//! What the plugin keeps between runs besides the keys (which are Stream Deck's to keep): each
//! account's intraday shape, in `<plugin folder>/state/intraday.json` (or `OPENBALANCE_STATE_DIR`).
//! One account's file is the bare shape (what every earlier version wrote and reads); with several
//! accounts it is `{"shapes": [...]}`, one per account (the shape names its key, redacted).
//! The core decides what it holds; the shell only reads it at start (as an event) and writes it
//! when told (a command). A few kilobytes; anything over [`MAX_BYTES`] is not ours and is ignored.

use openbalance_core::intraday::Shape;
use serde::Deserialize;
use serde_json::Value;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub const FILE_NAME: &str = "intraday.json";
/// A shape is about 7 kB, so [`MAX_SHAPES`] of them fit well inside; a file much larger than
/// that was not written by us.
pub const MAX_BYTES: u64 = 256 * 1024;

/// As many shapes as one deck keeps accounts: the most recently saved ones.
pub const MAX_SHAPES: usize = 16;

/// The file with several accounts, as written.
#[derive(serde::Serialize)]
struct Shapes<'a> {
    shapes: &'a [Shape],
}

/// The bundle folder the binary runs from: the parent of its `bin/` (or the binary's own folder).
pub fn plugin_dir(exe: &Path) -> Option<&Path> {
    let exe_dir = exe.parent()?;
    match exe_dir.file_name() {
        Some(name) if name == "bin" => exe_dir.parent(),
        _ => Some(exe_dir),
    }
}

/// `OPENBALANCE_STATE_DIR`, else `state/` in the bundle folder (beside `logs/`).
pub fn state_dir(override_dir: Option<OsString>, exe: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = override_dir.filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    Some(plugin_dir(exe?)?.join("state"))
}

pub fn for_plugin() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok();
    state_dir(std::env::var_os("OPENBALANCE_STATE_DIR"), exe.as_deref())
}

/// Why the kept shapes could not be read at all (a missing file is not a problem: there is none
/// yet).
#[derive(Debug)]
pub enum ReadError {
    TooLarge(u64),
    /// A symlink, a pipe, a device or a folder: only a file we wrote is read, and a pipe or a
    /// device could block the start or never end.
    NotAFile,
    Io(io::Error),
    /// Neither one shape nor `{"shapes": [...]}`.
    NotShapes(serde_json::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge(n) => write!(f, "{n} bytes is not a shape this plugin wrote"),
            ReadError::NotAFile => write!(f, "it is not a regular file (a link, pipe or device)"),
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotShapes(e) => write!(f, "not an intraday shape ({e})"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What the file held: the shapes that read, and why each of the others did not. One account's
/// damaged shape costs that account its shape, never the others theirs.
#[derive(Debug, Default)]
pub struct Kept {
    pub shapes: Vec<Shape>,
    /// The place in the file (from 1) of each shape that is not one, and why.
    pub refused: Vec<(usize, serde_json::Error)>,
}

/// Opens the state file only if it is a regular file: a symlink is not followed, and a pipe or a
/// device is refused after a non-blocking open (so a FIFO planted there cannot stop the start).
/// `None`: there is no file yet.
fn open_regular(path: &Path) -> Result<Option<File>, ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    // Elsewhere the name is checked before the open (there is no O_NOFOLLOW), and the open
    // file again after.
    if cfg!(not(unix)) {
        match fs::symlink_metadata(path) {
            Ok(m) if !m.file_type().is_file() => return Err(ReadError::NotAFile),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(ReadError::NotAFile),
        Err(e) => return Err(ReadError::Io(e)),
    };
    // Checked on what was opened, not on the name, which may have changed since.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok(Some(file))
}

/// The kept shapes, none when there are none yet.
pub fn read(dir: &Path) -> Result<Kept, ReadError> {
    let Some(file) = open_regular(&dir.join(FILE_NAME))? else {
        return Ok(Kept::default());
    };
    // At most one byte past the cap, whatever the file claims its length is.
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    let value: Value = serde_json::from_slice(&bytes).map_err(ReadError::NotShapes)?;
    let several = match &value {
        Value::Object(object) if object.len() == 1 => {
            object.get("shapes").and_then(Value::as_array)
        }
        _ => None,
    };
    let Some(several) = several else {
        // One account's file is the bare shape (what earlier versions wrote and read).
        let shape = serde_json::from_value(value).map_err(ReadError::NotShapes)?;
        return Ok(Kept {
            shapes: vec![shape],
            refused: Vec::new(),
        });
    };
    let mut kept = Kept::default();
    for (at, entry) in several.iter().enumerate() {
        match Shape::deserialize(entry) {
            Ok(shape) => kept.shapes.push(shape),
            Err(error) => kept.refused.push((at + 1, error)),
        }
    }
    Ok(kept)
}

/// Why a shape was not kept.
#[derive(Debug)]
pub enum WriteError {
    /// The core asked to keep a shape that is not whole: refused, so no file ever holds what the
    /// next start could not read.
    NotWhole(openbalance_core::intraday::BadShape),
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotWhole(fault) => write!(f, "the shape is not whole: {fault}"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Tells temporary files of one process apart (several saves may be under way in a test).
static TEMPORARIES: AtomicU32 = AtomicU32::new(0);

/// A new temporary file beside the state file, created exclusively: never one that is there
/// already (a symlink planted under a guessable name would otherwise be followed and its target
/// overwritten).
fn temporary(dir: &Path) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..16 {
        let n = TEMPORARIES.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{FILE_NAME}.{pid}.{n}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Keeps `shape` beside the other accounts' (replacing its own account's older one), whole or
/// not at all: to a new temporary file, then renamed over the old one (a rename replaces a link,
/// it never writes through it). A file that cannot be read is replaced: what it held is already
/// lost; a shape in it that is not whole is dropped.
pub fn write(dir: &Path, shape: &Shape) -> Result<(), WriteError> {
    shape.check().map_err(WriteError::NotWhole)?;
    fs::create_dir_all(dir)?;
    let mut shapes = read(dir).map(|k| k.shapes).unwrap_or_default();
    shapes.retain(|s| s.account != shape.account && s.is_usable());
    shapes.push(shape.clone());
    let extra = shapes.len().saturating_sub(MAX_SHAPES);
    shapes.drain(..extra);
    let json = match shapes.as_slice() {
        [one] => serde_json::to_vec(one),
        _ => serde_json::to_vec(&Shapes { shapes: &shapes }),
    }
    .map_err(io::Error::other)?;
    let (tmp, mut file) = temporary(dir)?;
    let written = file
        .write_all(&json)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp, dir.join(FILE_NAME)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(written?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use openbalance_core::Timestamp;

    #[test]
    fn a_shape_survives_a_round_trip_and_odd_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            read(dir.path()).unwrap().shapes.is_empty(),
            "nothing kept yet"
        );
        let mut shape = Shape::new("redacted…abcd#1234".into());
        for i in 0..10 {
            shape.observe(Timestamp(1_795_996_800_000 + i * 900_000), i as f64);
        }
        write(dir.path(), &shape).unwrap();
        assert_eq!(read(dir.path()).unwrap().shapes, [shape.clone()]);
        let one: Shape = serde_json::from_slice(&fs::read(dir.path().join(FILE_NAME)).unwrap())
            .expect("one account's file is the bare shape, as older versions read it");
        assert_eq!(one, shape);
        fs::write(dir.path().join(FILE_NAME), b"{\"not\":\"a shape\"}").unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::NotShapes(_))));
        fs::write(
            dir.path().join(FILE_NAME),
            vec![b' '; MAX_BYTES as usize + 1],
        )
        .unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::TooLarge(_))));
    }

    #[test]
    fn each_account_keeps_its_own_shape() {
        let dir = tempfile::tempdir().unwrap();
        let shape = |who: &str, usage: f64| {
            let mut s = Shape::new(format!("redacted…{who}#1234"));
            for i in 0..6 {
                s.observe(Timestamp(1_795_996_800_000 + i * 900_000), usage * i as f64);
            }
            s
        };
        write(dir.path(), &shape("aaaa", 1.0)).unwrap();
        write(dir.path(), &shape("bbbb", 2.0)).unwrap();
        write(dir.path(), &shape("aaaa", 3.0)).unwrap();
        let kept = read(dir.path()).unwrap().shapes;
        assert_eq!(kept, [shape("bbbb", 2.0), shape("aaaa", 3.0)]);
        for n in 0..(MAX_SHAPES + 4) {
            write(dir.path(), &shape(&format!("{n:04}"), 1.0)).unwrap();
        }
        let kept = read(dir.path()).unwrap().shapes;
        assert_eq!(kept.len(), MAX_SHAPES);
        assert_eq!(
            kept.last().unwrap().account,
            format!("redacted…{:04}#1234", MAX_SHAPES + 3)
        );
    }

    #[test]
    fn the_state_folder_sits_beside_bin() {
        let dir = state_dir(None, Some(Path::new("/p/x.sdPlugin/bin/openbalance")));
        assert_eq!(dir, Some(PathBuf::from("/p/x.sdPlugin/state")));
        let over = state_dir(Some("/tmp/s".into()), None);
        assert_eq!(over, Some(PathBuf::from("/tmp/s")));
    }

    fn a_shape(who: &str) -> Shape {
        let mut s = Shape::new(format!("redacted…{who}#1234"));
        for i in 0..6 {
            s.observe(Timestamp(1_795_996_800_000 + i * 900_000), i as f64);
        }
        s
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_devices_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::NotAFile)));
        fs::remove_file(&path).unwrap();
        // A link to a real shape is not followed either: only what we wrote is read.
        let elsewhere = tempfile::tempdir().unwrap();
        write(elsewhere.path(), &a_shape("aaaa")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join(FILE_NAME), &path).unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::NotAFile)));
        fs::remove_file(&path).unwrap();
        // A FIFO with no writer: the open does not wait for one.
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(matches!(read(dir.path()), Err(ReadError::NotAFile)));
        // And a save replaces it with a file.
        write(dir.path(), &a_shape("bbbb")).unwrap();
        assert_eq!(read(dir.path()).unwrap().shapes, [a_shape("bbbb")]);
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::NotAFile)));
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_temporary_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let planted = dir.path().join(format!("{FILE_NAME}.tmp"));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        // Every name a save of this process would try next, planted too.
        let pid = std::process::id();
        let next = TEMPORARIES.load(Ordering::Relaxed);
        for n in next..next + 4 {
            let name = dir.path().join(format!("{FILE_NAME}.{pid}.{n}.tmp"));
            std::os::unix::fs::symlink(&victim, name).unwrap();
        }
        write(dir.path(), &a_shape("aaaa")).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert!(fs::symlink_metadata(&planted)
            .unwrap()
            .file_type()
            .is_symlink());
        let kept = fs::symlink_metadata(dir.path().join(FILE_NAME)).unwrap();
        assert!(kept.file_type().is_file());
        assert_eq!(read(dir.path()).unwrap().shapes, [a_shape("aaaa")]);
    }

    #[test]
    fn one_damaged_shape_costs_only_its_account() {
        let dir = tempfile::tempdir().unwrap();
        let good = serde_json::to_value(a_shape("aaaa")).unwrap();
        let mut bad = serde_json::to_value(a_shape("bbbb")).unwrap();
        bad["week"][3]["mean"] = Value::Null;
        let file = serde_json::json!({"shapes": [bad, good, 7]});
        fs::write(dir.path().join(FILE_NAME), file.to_string()).unwrap();
        let kept = read(dir.path()).unwrap();
        assert_eq!(kept.shapes, [a_shape("aaaa")]);
        let places: Vec<usize> = kept.refused.iter().map(|(at, _)| *at).collect();
        assert_eq!(places, [1, 3]);
    }

    #[test]
    fn a_shape_that_is_not_whole_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut value = serde_json::to_value(a_shape("aaaa")).unwrap();
        value["last"] = serde_json::json!([1_795_996_800_000i64, -5.0]);
        let bad: Shape = serde_json::from_value(value).unwrap();
        assert!(matches!(
            write(dir.path(), &bad),
            Err(WriteError::NotWhole(_))
        ));
        assert!(!dir.path().join(FILE_NAME).exists());
    }
}
