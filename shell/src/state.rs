//! What the plugin keeps between runs besides the keys (which are Stream Deck's to keep): each
//! account's intraday shape, in `<plugin folder>/state/intraday.json` (or `OPENBALANCE_STATE_DIR`).
//! One account's file is the bare shape (what every earlier version wrote and reads); with several
//! accounts it is `{"shapes": [...]}`, one per account (the shape names its key, redacted).
//! The core decides what it holds; the shell only reads it at start (as an event) and writes it
//! when told (a command). A few kilobytes; anything over [`MAX_BYTES`] is not ours and is ignored.

use openbalance_core::intraday::Shape;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "intraday.json";
/// A shape is about 7 kB, so [`MAX_SHAPES`] of them fit well inside; a file much larger than
/// that was not written by us.
pub const MAX_BYTES: u64 = 256 * 1024;

/// As many shapes as one deck keeps accounts: the most recently saved ones.
pub const MAX_SHAPES: usize = 16;

/// The file with several accounts.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Shapes {
    shapes: Vec<Shape>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Kept {
    One(Shape),
    Several(Shapes),
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

/// Why a kept shape could not be read (a missing file is not a problem: there is none yet).
#[derive(Debug)]
pub enum ReadError {
    TooLarge(u64),
    Io(io::Error),
    NotAShape(serde_json::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge(n) => write!(f, "{n} bytes is not a shape this plugin wrote"),
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAShape(e) => write!(f, "not an intraday shape ({e})"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The kept shapes, none when there are none yet.
pub fn read(dir: &Path) -> Result<Vec<Shape>, ReadError> {
    let path = dir.join(FILE_NAME);
    let len = match fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if len > MAX_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let bytes = fs::read(&path).map_err(ReadError::Io)?;
    match serde_json::from_slice(&bytes) {
        Ok(Kept::One(shape)) => Ok(vec![shape]),
        Ok(Kept::Several(Shapes { shapes })) => Ok(shapes),
        // The single shape's error says more than the untagged enum's.
        Err(_) => Err(ReadError::NotAShape(
            serde_json::from_slice::<Shape>(&bytes)
                .err()
                .unwrap_or_else(|| {
                    serde_json::Error::io(io::Error::other("neither a shape nor shapes"))
                }),
        )),
    }
}

/// Keeps `shape` beside the other accounts' (replacing its own account's older one), whole or
/// not at all: to a temporary file, then renamed over the old one. A file that cannot be read is
/// replaced: what it held is already lost.
pub fn write(dir: &Path, shape: &Shape) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut shapes = read(dir).unwrap_or_default();
    shapes.retain(|s| s.account != shape.account);
    shapes.push(shape.clone());
    let extra = shapes.len().saturating_sub(MAX_SHAPES);
    shapes.drain(..extra);
    let json = match shapes.as_slice() {
        [one] => serde_json::to_vec(one),
        _ => serde_json::to_vec(&Shapes { shapes }),
    }
    .map_err(io::Error::other)?;
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(&json)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openbalance_core::Timestamp;

    #[test]
    fn a_shape_survives_a_round_trip_and_odd_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(dir.path()).unwrap().is_empty(), "nothing kept yet");
        let mut shape = Shape::new("redacted…abcd#1234".into());
        for i in 0..10 {
            shape.observe(Timestamp(1_795_996_800_000 + i * 900_000), i as f64);
        }
        write(dir.path(), &shape).unwrap();
        assert_eq!(read(dir.path()).unwrap(), [shape.clone()]);
        let one: Shape = serde_json::from_slice(&fs::read(dir.path().join(FILE_NAME)).unwrap())
            .expect("one account's file is the bare shape, as older versions read it");
        assert_eq!(one, shape);
        fs::write(dir.path().join(FILE_NAME), b"{\"not\":\"a shape\"}").unwrap();
        assert!(matches!(read(dir.path()), Err(ReadError::NotAShape(_))));
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
        let kept = read(dir.path()).unwrap();
        assert_eq!(kept, [shape("bbbb", 2.0), shape("aaaa", 3.0)]);
        for n in 0..(MAX_SHAPES + 4) {
            write(dir.path(), &shape(&format!("{n:04}"), 1.0)).unwrap();
        }
        let kept = read(dir.path()).unwrap();
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
}
