//! The command line: launch flags, `preview`, `icons`.

use crate::fake_deck::png_size;
use crate::fake_openrouter::FakeOpenRouter;
use crate::KEY;
use openbalance_core::Action;
use std::process::Command;

fn openbalance() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_openbalance"));
    command
        .env_remove("OPENROUTER_MANAGEMENT_KEY")
        .env_remove("OPENBALANCE_API_BASE");
    command
}

#[test]
fn bad_launch_flags_exit_2_with_a_reason() {
    let cases: [(&[&str], &str); 4] = [
        (&[], "missing -port"),
        (
            &[
                "-port",
                "abc",
                "-pluginUUID",
                "U",
                "-registerEvent",
                "r",
                "-info",
                "{}",
            ],
            "-port must be a port number",
        ),
        (
            &["-port", "1234", "-registerEvent", "r", "-info", "{}"],
            "missing -pluginUUID",
        ),
        (
            &[
                "-port",
                "1234",
                "-pluginUUID",
                "U",
                "-registerEvent",
                "r",
                "-info",
            ],
            "-info needs a value",
        ),
    ];
    for (args, reason) in cases {
        let output = openbalance().args(args).output().expect("run openbalance");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(reason) && stderr.contains("usage:"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn nobody_listening_on_the_port_is_a_clear_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let output = openbalance()
        .args([
            "-port",
            &port.to_string(),
            "-pluginUUID",
            "U",
            "-registerEvent",
            "registerPlugin",
            "-info",
            "{}",
        ])
        .env("OPENBALANCE_LOG_DIR", dir.path())
        .output()
        .expect("run openbalance");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot connect to Stream Deck"));
}

#[test]
fn preview_with_a_key_renders_the_four_live_tiles() {
    let fake = FakeOpenRouter::start();
    let dir = tempfile::tempdir().unwrap();
    let output = openbalance()
        .args(["preview", "--out"])
        .arg(dir.path())
        .env("OPENROUTER_MANAGEMENT_KEY", KEY)
        .env("OPENBALANCE_API_BASE", fake.base())
        .output()
        .expect("run openbalance preview");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains(crate::KEY_SECRET_PART));
    // It says what it waits for, and never calls a key from the environment "stored".
    assert!(
        stderr.contains("live preview with OPENROUTER_MANAGEMENT_KEY")
            && stderr.contains("waiting up to"),
        "{stderr}"
    );
    assert!(!stderr.contains("stored"), "{stderr}");
    for name in Action::ALL.map(Action::slug) {
        let png = std::fs::read(dir.path().join(format!("{name}.png"))).expect(name);
        assert_eq!(png_size(&png), (144, 144));
    }
    let sheet = std::fs::read(dir.path().join("contact-sheet.png")).expect("contact sheet");
    let (w, h) = png_size(&sheet);
    assert!(w > 4 * 144 && h > 144, "{w}×{h}");
    assert_eq!(fake.count("/credits"), 1);
    assert_eq!(fake.count("/activity"), 1);
}

#[test]
fn preview_without_a_key_renders_the_gallery() {
    let dir = tempfile::tempdir().unwrap();
    let output = openbalance()
        .args(["preview", "--out"])
        .arg(dir.path())
        .output()
        .expect("run openbalance preview");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pngs: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
        .collect();
    assert!(
        pngs.len() > 4,
        "a gallery of states, not just four tiles: {}",
        pngs.len()
    );
    assert!(dir.path().join("contact-sheet.png").exists());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("contact-sheet.png"), "{stdout}");
}

#[test]
fn icons_writes_the_bundle_images() {
    let dir = tempfile::tempdir().unwrap();
    let output = openbalance()
        .args(["icons", "--out"])
        .arg(dir.path())
        .output()
        .expect("run openbalance icons");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed = String::from_utf8_lossy(&output.stdout);
    let written: Vec<&str> = listed.lines().collect();
    assert!(!written.is_empty(), "lists what it wrote");
    for path in written {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!bytes.is_empty(), "{path}");
    }
}

#[test]
fn version_prints_the_version() {
    for flag in ["--version", "-V", "version"] {
        let output = openbalance()
            .arg(flag)
            .output()
            .expect("run openbalance --version");
        assert!(output.status.success(), "{flag}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            concat!("openbalance ", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
    }
}

#[test]
fn replay_of_an_empty_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n\n").unwrap();
    let output = openbalance()
        .arg("replay")
        .arg(&empty)
        .output()
        .expect("run replay");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("holds no events: nothing to replay"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn replay_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // Far more output than a pipe holds, so the writer meets the closed end.
    let dir = tempfile::tempdir().unwrap();
    let recording = dir.path().join("long.jsonl");
    let header = serde_json::to_string(&openbalance_core::RecordingHeader::current(env!(
        "CARGO_PKG_VERSION"
    )))
    .unwrap();
    let mut lines = vec![header, r#"{"at":1,"event":{"type":"started"}}"#.to_owned()];
    lines.extend(
        (2..20_000).map(|at| format!(r#"{{"at":{at},"event":{{"type":"systemDidWakeUp"}}}}"#)),
    );
    std::fs::write(&recording, lines.join("\n")).unwrap();
    let mut child = openbalance()
        .arg("replay")
        .arg(&recording)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run replay");
    // `| head -c 10`: read a little, then hang up.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("replay ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?} {stderr}", output.status);
    assert!(stderr.is_empty(), "quiet: {stderr}");
}

#[test]
fn replay_of_a_recording_from_another_format_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    std::fs::write(
        &old,
        "{\"at\":1,\"event\":{\"type\":\"timerFired\",\"timer\":{\"timer\":\"poll\"}}}\n",
    )
    .unwrap();
    let output = openbalance()
        .arg("replay")
        .arg(&old)
        .output()
        .expect("run replay");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "nothing replayed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("before recording formats (format 1)"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "one plain message, not one per line: {stderr}"
    );
}

/// `openbalance --help` (or a subcommand's `--help`) prints the usage and exits 0, with no
/// complaint on stderr about the flag it was asked for.
#[test]
fn help_prints_the_usage_and_exits_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["preview", "--help"],
        &["replay", "--help"],
    ] {
        let output = openbalance().args(args).output().expect("run openbalance");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("usage:"), "{args:?}: {stdout}");
        assert!(stdout.contains("openbalance preview"), "{stdout}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
