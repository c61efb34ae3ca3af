//! Golden replays: each `tests/recordings/<name>.jsonl` (recorded from the real binary against the
//! fakes) must replay to exactly `<name>.expected`, byte for byte, every time.
//!
//! After an intended change in the core, regenerate with
//! `OPENBALANCE_BLESS=1 cargo test -p openbalance --test e2e replay` and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn recordings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/recordings")
}

fn replay(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openbalance"))
        .arg("replay")
        .arg(path)
        .output()
        .expect("run openbalance replay")
}

#[test]
fn recordings_replay_to_their_golden_output_twice() {
    let mut recordings: Vec<PathBuf> = std::fs::read_dir(recordings_dir())
        .expect("tests/recordings exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    recordings.sort();
    assert!(
        !recordings.is_empty(),
        "no recordings in {}",
        recordings_dir().display()
    );
    let bless = std::env::var_os("OPENBALANCE_BLESS").is_some();
    for recording in recordings {
        let expected_path = recording.with_extension("expected");
        let first = replay(&recording);
        assert!(
            first.status.success(),
            "{}: {}",
            recording.display(),
            String::from_utf8_lossy(&first.stderr)
        );
        assert!(
            !first.stdout.is_empty(),
            "{} replays to nothing",
            recording.display()
        );
        let second = replay(&recording);
        assert_eq!(
            first.stdout,
            second.stdout,
            "{} replays differently the second time",
            recording.display()
        );
        if bless {
            std::fs::write(&expected_path, &first.stdout).expect("write golden output");
            continue;
        }
        let expected = std::fs::read(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if first.stdout != expected {
            let got = String::from_utf8_lossy(&first.stdout);
            let want = String::from_utf8_lossy(&expected);
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(g, w)| g != w)
                .map_or(got.lines().count().min(want.lines().count()), |i| i);
            panic!(
                "{} no longer replays to {} (first difference at output line {}):\n got: {}\nwant: {}\n\
                 If the change is intended: OPENBALANCE_BLESS=1 cargo test -p openbalance --test e2e replay",
                recording.display(),
                expected_path.display(),
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                want.lines().nth(line).unwrap_or("<end>"),
            );
        }
    }
}

#[test]
fn a_bad_line_is_named_skipped_and_fails_the_replay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.jsonl");
    let header =
        serde_json::to_string(&openbalance_core::RecordingHeader::current("test")).expect("header");
    std::fs::write(
        &path,
        format!(
            "{header}\n{{\"at\":1700000000000,\"event\":{{\"type\":\"started\"}}}}\n\
             {{\"at\":1,\"event\":{{\"type\":\"teleported\"}}}}\n\
             garbage sk-or-v1-e2esecret0123456789abcdef\n\
             {{\"at\":1700000000100,\"event\":{{\"type\":\"systemDidWakeUp\"}}}}\n"
        ),
    )
    .expect("write recording");
    let output = replay(&path);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("line 4"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("line 2:") && !stderr.contains("line 5:"),
        "{stderr}"
    );
    assert!(!stderr.contains(crate::KEY_SECRET_PART), "{stderr}");
}
