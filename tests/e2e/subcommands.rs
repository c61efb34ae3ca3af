//! The command line: launch flags, `preview`, `icons`.

use crate::fake_deck::png_size;
use crate::fake_openrouter::FakeOpenRouter;
use crate::KEY;
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
    for name in ["balance", "topmodels", "monthlyspend", "spikealert"] {
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
