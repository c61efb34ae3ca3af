//! HTTPS end to end: the plugin talks to a rustls server on 127.0.0.1 whose certificate comes from
//! a throwaway CA made for the test, in front of the fake OpenRouter.
//!
//! Untrusted, misnamed or expired certificates must be refused before the key is sent: the tiles
//! say Offline, the log says why, and the fake OpenRouter behind the TLS server never sees a
//! request. On Linux the platform verifier takes its roots from the environment when told to
//! (`SSL_CERT_DIR`, `SSL_CERT_FILE`, as OpenSSL does), so the tests there also trust the CA and get
//! real numbers through the same verifier the plugin ships with, not a test-only switch. On macOS
//! (Keychain) and Windows a test cannot change the store without touching the machine, so only the
//! refusals run there, one of them with `SSL_CERT_FILE` naming the CA.

#[path = "tls_front.rs"]
pub mod front;

use crate::fake_deck::{FakeDeck, Launch};
use crate::fake_openrouter::FakeOpenRouter;
use crate::*;
use front::{Ca, Handshake, Leaf, TlsFront};
use std::time::{Duration, Instant};

/// Every tile is put up (each with settings that show numbers): a poll for them is one
/// `/credits`, one `/activity` and the walk over the keys (`/workspaces`, a 404 on the fake, then
/// `/keys`).
const TILES: [Action; Action::ALL.len()] = Action::ALL;

/// Launches the plugin against `front` with `env` added, puts the tiles up and waits for the
/// first poll's two answers.
fn poll_through(front: &TlsFront, env: Vec<(String, String)>) -> (FakeDeck, Vec<Value>) {
    let deck = FakeDeck::launch(Launch {
        env,
        ..Launch::with_key(&front.base(), KEY)
    });
    deck.wait_for_event(0, "getGlobalSettings");
    for action in TILES {
        deck.will_appear(action.uuid(), &context_of(action), settings_of(action));
    }
    let fetched = deck.wait_for_fetched(4);
    for action in TILES {
        deck.wait_for(0, "an image per tile", is_image_for(&context_of(action)));
    }
    (deck, fetched)
}

/// The roots the platform verifier reads, as on a Linux machine whose store is `dirs` (every file
/// in them, as rustls-native-certs reads `SSL_CERT_DIR`). `SSL_CERT_FILE` is set empty: isahc
/// takes that as unset, so a bundle named by the environment the tests run in does not take the
/// platform verifier's place, and rustls-native-certs, finding no file at "", goes on with the
/// folders alone.
#[cfg(all(unix, not(target_vendor = "apple")))]
fn store(dirs: &[&std::path::Path]) -> Vec<(String, String)> {
    let dirs = std::env::join_paths(dirs).expect("cert dirs");
    vec![
        ("SSL_CERT_FILE".into(), String::new()),
        ("SSL_CERT_DIR".into(), dirs.to_string_lossy().into_owned()),
    ]
}

/// How the poll's `/credits` and `/activity` answers came back.
fn results(fetched: &[Value]) -> Vec<String> {
    fetched
        .iter()
        .filter(|f| {
            let endpoint = &f["event"]["endpoint"];
            endpoint == "credits" || endpoint == "activity"
        })
        .map(|f| {
            f["event"]["result"]["Err"]["kind"]
                .as_str()
                .unwrap_or("ok")
                .to_owned()
        })
        .collect()
}

fn log_text(deck: &FakeDeck) -> String {
    std::fs::read_dir(deck.log_dir())
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

/// Every handshake the server saw failed, and the fake behind it got nothing: the key never left.
fn assert_refused(deck: &FakeDeck, fake: &FakeOpenRouter, front: &TlsFront, fetched: &[Value]) {
    assert_eq!(results(fetched), ["offline", "offline"], "{fetched:?}");
    let views = last_views(&deck.recording_path());
    for action in TILES {
        let texts = texts_lowercase(&views[&context_of(action)]);
        assert!(texts.contains("offline"), "{action:?}: {texts}");
    }
    assert!(
        fake.requests().is_empty(),
        "a request crossed a refused connection: {:?}",
        fake.requests()
    );
    // The server records a connection when its thread ends, just after the client hung up.
    let deadline = Instant::now() + Duration::from_secs(5);
    while front.handshakes().len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let handshakes = front.handshakes();
    assert!(
        handshakes.len() >= 2,
        "two connections tried: {handshakes:?}"
    );
    assert!(
        handshakes.iter().all(|h| matches!(h, Handshake::Failed(_))),
        "{handshakes:?}"
    );
    let log = log_text(deck);
    for path in ["GET /credits", "GET /activity"] {
        assert!(
            log.lines()
                .any(|l| l.contains(path)
                    && l.contains("the server certificate could not be validated")),
            "the log should say the certificate was the problem for {path}:\n{log}"
        );
    }
    assert_key_stays_secret(deck);
}

/// Whatever store this machine has, it does not hold a CA made a moment ago.
#[test]
fn a_certificate_from_a_ca_the_machine_does_not_trust_is_refused() {
    let fake = FakeOpenRouter::start();
    let front = TlsFront::start(
        &fake.base(),
        Ca::new("OpenBalance test CA").leaf(Leaf::Good),
    );
    let (deck, fetched) = poll_through(&front, Vec::new());
    assert_refused(&deck, &fake, &front, &fetched);
}

/// `SSL_CERT_FILE` is OpenSSL's convention, not the Keychain's or Windows': there the OS store
/// decides even when the variable names a bundle that would vouch for the server.
#[cfg(any(target_vendor = "apple", windows))]
#[test]
fn ssl_cert_file_does_not_replace_the_os_store() {
    let fake = FakeOpenRouter::start();
    let ca = Ca::new("OpenBalance test CA");
    let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::Good));
    let dir = tempfile::tempdir().expect("tempdir");
    let file = ca.write_into(dir.path()).display().to_string();
    let (deck, fetched) = poll_through(&front, vec![("SSL_CERT_FILE".into(), file)]);
    assert_refused(&deck, &fake, &front, &fetched);
}

#[cfg(all(unix, not(target_vendor = "apple")))]
mod with_the_platform_verifier_on_linux {
    use super::*;

    #[test]
    fn the_system_roots_do_not_vouch_for_a_throwaway_ca() {
        let fake = FakeOpenRouter::start();
        let front = TlsFront::start(
            &fake.base(),
            Ca::new("OpenBalance test CA").leaf(Leaf::Good),
        );
        let system = std::path::Path::new("/etc/ssl/certs");
        let empty = tempfile::tempdir().expect("tempdir");
        let roots = if system.is_dir() {
            system
        } else {
            empty.path()
        };
        let (deck, fetched) = poll_through(&front, store(&[roots]));
        assert_refused(&deck, &fake, &front, &fetched);
    }

    #[test]
    fn a_trusted_certificate_works_end_to_end() {
        let fake = FakeOpenRouter::start();
        let ca = Ca::new("OpenBalance test CA");
        let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::Good));
        let roots = tempfile::tempdir().expect("tempdir");
        ca.write_into(roots.path());
        let (deck, fetched) = poll_through(&front, store(&[roots.path()]));
        assert_trusted(&deck, &fake, &fetched);
    }

    #[test]
    fn ssl_cert_file_names_the_roots_as_with_openssl() {
        let fake = FakeOpenRouter::start();
        let ca = Ca::new("OpenBalance test CA");
        let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::Good));
        let roots = tempfile::tempdir().expect("tempdir");
        let file = ca.write_into(roots.path()).display().to_string();
        let (deck, fetched) = poll_through(&front, vec![("SSL_CERT_FILE".into(), file)]);
        assert_trusted(&deck, &fake, &fetched);
    }

    #[test]
    fn a_trusted_ca_does_not_excuse_a_certificate_for_another_name() {
        let fake = FakeOpenRouter::start();
        let ca = Ca::new("OpenBalance test CA");
        let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::WrongName));
        let roots = tempfile::tempdir().expect("tempdir");
        ca.write_into(roots.path());
        let (deck, fetched) = poll_through(&front, store(&[roots.path()]));
        assert_refused(&deck, &fake, &front, &fetched);
    }

    #[test]
    fn a_trusted_ca_does_not_excuse_an_expired_certificate() {
        let fake = FakeOpenRouter::start();
        let ca = Ca::new("OpenBalance test CA");
        let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::Expired));
        let roots = tempfile::tempdir().expect("tempdir");
        ca.write_into(roots.path());
        let (deck, fetched) = poll_through(&front, store(&[roots.path()]));
        assert_refused(&deck, &fake, &front, &fetched);
    }

    #[test]
    fn another_throwaway_ca_in_the_store_does_not_vouch_for_this_one() {
        let fake = FakeOpenRouter::start();
        let front = TlsFront::start(&fake.base(), Ca::new("the server's CA").leaf(Leaf::Good));
        let roots = tempfile::tempdir().expect("tempdir");
        Ca::new("some other CA").write_into(roots.path());
        let (deck, fetched) = poll_through(&front, store(&[roots.path()]));
        assert_refused(&deck, &fake, &front, &fetched);
    }

    fn assert_trusted(deck: &FakeDeck, fake: &FakeOpenRouter, fetched: &[Value]) {
        assert_eq!(results(fetched), ["ok", "ok"], "{}", log_text(deck));
        assert_eq!(fake.count("/credits"), 1);
        assert_eq!(fake.count("/activity"), 1);
        let credits = fake
            .requests()
            .into_iter()
            .find(|r| r.path == "/credits")
            .expect("a /credits request");
        assert_eq!(
            credits.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        let views = last_views(&deck.recording_path());
        let balance = texts_lowercase(&views[&context_of(Action::Balance)]);
        assert!(balance.contains("$74.75"), "{balance}");
        assert_key_stays_secret(deck);
    }
}
