//! Runtime budgets of the release binary, measured the way Stream Deck would see them: launched
//! by the fake Stream Deck with four live tiles, polling the fake OpenRouter over HTTPS (a rustls
//! server on 127.0.0.1 in front of it, with a throwaway CA the plugin trusts beside the system's
//! roots, so each poll pays for a real handshake and a real certificate check).
//!
//! `cargo bench -p openbalance --bench runtime` (or `scripts/bench-runtime`, which adds strace and
//! the Node SDK comparison). With `OPENBALANCE_BENCH_NODE` naming the launcher of the Node SDK
//! bench plugin (`tests/bench/node-sdk-plugin/run`), the same steps run against it too and a
//! side-by-side table with the ratios follows. Linux only: it reads `/proc/<pid>/status`. Prints
//! a Markdown report for BENCHMARKS.md.
//!
//! Then the floods: 5 000 `dialRotate` events on one dial and 5 000 `touchTap` events on another,
//! each written as fast as the socket takes them, and what the plugin sent back for them
//! (`setFeedback`, `openUrl`, everything). `OPENBALANCE_BENCH_ONLY=floods` runs only those.

#[allow(dead_code)]
#[path = "../e2e/fake_deck.rs"]
mod fake_deck;
#[allow(dead_code)]
#[path = "../e2e/fake_openrouter.rs"]
mod fake_openrouter;
#[allow(dead_code)]
#[path = "../e2e/tls_front.rs"]
mod tls_front;

use fake_deck::{FakeDeck, Launch};
use fake_openrouter::FakeOpenRouter;
use openbalance_core::Action;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};
use tls_front::{Ca, Leaf, TlsFront};

const KEY: &str = "sk-or-v1-benchbenchbench0123456789abcdef0123456789abcdef012345678";
const FORCED_POLLS: usize = 5;
const IDLE: Duration = Duration::from_secs(10);
const LAUNCHES: usize = 5;

fn context(action: Action, run: usize) -> String {
    format!(
        "bench-{}-{run}",
        action.uuid().rsplit('.').next().unwrap_or("x")
    )
}

/// The names of the process's threads (`comm`), to see who besides the main thread is there.
fn thread_names(pid: u32) -> String {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return String::new();
    };
    let mut names: Vec<String> = tasks
        .flatten()
        .map(|t| {
            std::fs::read_to_string(t.path().join("comm"))
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect();
    names.sort();
    names.join(", ")
}

/// A `Name: value kB` field of a `/proc` file, 0 when absent.
fn proc_field(path: &str, name: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// `VmRSS`, `VmHWM` (kB) and `Threads` of a process.
fn status(pid: u32) -> (u64, u64, u64) {
    let path = format!("/proc/{pid}/status");
    (
        proc_field(&path, "VmRSS:"),
        proc_field(&path, "VmHWM:"),
        proc_field(&path, "Threads:"),
    )
}

/// The resident set split by what it costs: memory only this process has (anonymous: heap,
/// stacks; and private dirty pages) versus file pages it shares with the page cache and other
/// processes (code and read-only data of the binary and its libraries).
fn breakdown(pid: u32) -> String {
    let status = format!("/proc/{pid}/status");
    let rollup = format!("/proc/{pid}/smaps_rollup");
    format!(
        "RssAnon {} kB · RssFile {} kB · Pss {} kB · Private_Dirty {} kB · Private_Clean {} kB",
        proc_field(&status, "RssAnon:"),
        proc_field(&status, "RssFile:"),
        proc_field(&rollup, "Pss:"),
        proc_field(&rollup, "Private_Dirty:"),
        proc_field(&rollup, "Private_Clean:"),
    )
}

/// Context switches summed over every thread the process has now (voluntary + involuntary):
/// each one is a wake-up.
fn switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .map(|task| {
            let text = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            text.lines()
                .filter(|l| l.contains("ctxt_switches:"))
                .filter_map(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .and_then(|v| v.parse::<u64>().ok())
                })
                .sum::<u64>()
        })
        .sum()
}

/// Sleeps through the idle window; with `OPENBALANCE_BENCH_STRACE=1` lets strace watch it and
/// returns strace's syscall summary (every syscall while idle is a wake-up to explain).
fn idle_under_strace(pid: u32) -> Option<String> {
    if std::env::var_os("OPENBALANCE_BENCH_STRACE").is_none() {
        thread::sleep(IDLE);
        return None;
    }
    let output = std::process::Command::new("timeout")
        .args([
            "-s",
            "INT",
            &IDLE.as_secs().to_string(),
            "strace",
            "-c",
            "-f",
            "-p",
            &pid.to_string(),
        ])
        .output();
    match output {
        Ok(out) => Some(String::from_utf8_lossy(&out.stderr).into_owned()),
        Err(e) => {
            thread::sleep(IDLE);
            Some(format!("strace could not run: {e}\n"))
        }
    }
}

/// Where the resident memory is: `Rss` per mapping from `/proc/<pid>/smaps`, summed by name.
fn biggest_mappings(pid: u32) -> String {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by_name: std::collections::BTreeMap<String, u64> = Default::default();
    let mut current = String::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            let name = line.split_whitespace().nth(5).unwrap_or("[anonymous]");
            current = name.rsplit('/').next().unwrap_or(name).to_owned();
        } else if first == "Rss:" {
            let kb: u64 = words.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            *by_name.entry(current.clone()).or_default() += kb;
        }
    }
    let mut sorted: Vec<_> = by_name.into_iter().filter(|(_, kb)| *kb >= 64).collect();
    sorted.sort_by_key(|(_, kb)| std::cmp::Reverse(*kb));
    sorted
        .iter()
        .map(|(name, kb)| format!("{kb:>6}  {name}\n"))
        .collect()
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(mut samples: Vec<f64>) -> String {
    samples.sort_by(|a, b| a.total_cmp(b));
    let n = samples.len();
    format!(
        "min {:.2} ms · median {:.2} ms · max {:.2} ms (n = {n})",
        samples[0],
        samples[n / 2],
        samples[n - 1]
    )
}

/// The four tiles of the budget (and of the Node SDK plugin): a poll for them is one `/credits`
/// and one `/activity` request.
const TILES: [Action; 4] = [
    Action::Balance,
    Action::TopModels,
    Action::MonthlySpend,
    Action::SpikeAlert,
];

/// willAppear sent → that tile's first setImage received, for all four tiles.
fn first_image_latencies(deck: &FakeDeck, run: usize) -> Vec<f64> {
    TILES
        .into_iter()
        .map(|action| {
            let ctx = context(action, run);
            let mark = deck.count();
            let sent = deck.will_appear(action.uuid(), &ctx, json!({}));
            let image = deck.wait_for(mark, "first image", |m| {
                m.event() == "setImage" && m.context() == ctx
            });
            millis(image.at.saturating_duration_since(sent))
        })
        .collect()
}

/// What runs under the fake host.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The native plugin: it records its events, so a poll is "two fetched events".
    Native,
    /// The Node SDK bench plugin: a poll is two requests seen by the fake OpenRouter.
    Node,
}

impl Kind {
    /// The message that says the plugin is up: ours asks for the global settings at once, the
    /// Node one only registers (it asks when a tile first needs the key).
    fn ready(self) -> &'static str {
        match self {
            Kind::Native => "getGlobalSettings",
            Kind::Node => "registerPlugin",
        }
    }
}

/// The fake OpenRouter behind HTTPS, and a CA the plugin under test is told to trust.
struct Api {
    fake: FakeOpenRouter,
    front: TlsFront,
    ca_dir: tempfile::TempDir,
    ca_file: PathBuf,
}

impl Api {
    fn start() -> Api {
        let fake = FakeOpenRouter::start();
        let ca = Ca::new("OpenBalance bench CA");
        let front = TlsFront::start(&fake.base(), ca.leaf(Leaf::Good));
        let ca_dir = tempfile::tempdir().expect("tempdir");
        let ca_file = ca.write_into(ca_dir.path());
        Api {
            fake,
            front,
            ca_dir,
            ca_file,
        }
    }

    /// The trust the plugin gets. The native plugin's platform verifier reads the system's roots
    /// and the bench CA, all of them (`SSL_CERT_DIR`, the way it reads the distribution's bundle
    /// and folder without it; `SSL_CERT_FILE` empty so that a bundle named by this machine's
    /// environment does not replace the platform verifier). Node keeps its own bundled roots and
    /// adds the CA (`NODE_EXTRA_CA_CERTS`).
    fn trust(&self, kind: Kind) -> Vec<(String, String)> {
        match kind {
            Kind::Native => {
                let mut dirs = vec![self.ca_dir.path().to_owned()];
                if Path::new("/etc/ssl/certs").is_dir() {
                    dirs.insert(0, "/etc/ssl/certs".into());
                }
                let dirs = std::env::join_paths(dirs).expect("cert dirs");
                vec![
                    ("SSL_CERT_FILE".into(), String::new()),
                    ("SSL_CERT_DIR".into(), dirs.to_string_lossy().into_owned()),
                ]
            }
            Kind::Node => vec![(
                "NODE_EXTRA_CA_CERTS".into(),
                self.ca_file.display().to_string(),
            )],
        }
    }

    fn launch(&self, kind: Kind, binary: &Path) -> FakeDeck {
        FakeDeck::launch(Launch {
            binary: Some(binary.to_owned()),
            env: self.trust(kind),
            ..Launch::with_key(&self.front.base(), KEY)
        })
    }

    /// Waits until `polls` polls have been answered (and, for the native plugin, folded).
    fn wait_for_polls(&self, deck: &FakeDeck, kind: Kind, polls: usize) {
        let deadline = Instant::now() + fake_deck::PATIENCE;
        while self.fake.count("/credits") < polls || self.fake.count("/activity") < polls {
            assert!(
                Instant::now() < deadline,
                "waited for {polls} polls; stderr:\n{}",
                deck.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
        if kind == Kind::Native {
            deck.wait_for_fetched(2 * polls);
        }
    }
}

/// Everything one plugin is measured on.
struct Measured {
    cold: Vec<f64>,
    warm: Vec<f64>,
    rss_start: u64,
    rss: u64,
    hwm: u64,
    rss_anon: u64,
    split: String,
    threads_after_polls: u64,
    threads_idle: u64,
    idle_threads: String,
    wakeups: u64,
    idle_secs: f64,
    rss_idle: u64,
    mappings: String,
    strace: Option<String>,
    requests: (usize, usize),
    pid: u32,
}

fn measure(kind: Kind, binary: &Path) -> Measured {
    // Cold: a fresh process, tiles appear before any data.
    let mut cold = Vec::new();
    for run in 0..LAUNCHES {
        let api = Api::start();
        let deck = api.launch(kind, binary);
        deck.wait_for_event(0, kind.ready());
        thread::sleep(Duration::from_millis(100));
        cold.extend(first_image_latencies(&deck, run));
    }

    // Warm: one long-lived process, four tiles, several forced polls.
    let api = Api::start();
    let mut deck = api.launch(kind, binary);
    deck.wait_for_event(0, kind.ready());
    let (rss_start, _, _) = status(deck.pid());
    let mut warm = first_image_latencies(&deck, 0);
    api.wait_for_polls(&deck, kind, 1);
    let balance = context(Action::Balance, 0);
    for poll in 1..=FORCED_POLLS {
        // A 2-second hold forces a poll in the native plugin; the Node one polls on the press.
        deck.key(true, Action::Balance.uuid(), &balance);
        thread::sleep(Duration::from_millis(2_100));
        deck.key(false, Action::Balance.uuid(), &balance);
        api.wait_for_polls(&deck, kind, poll + 1);
    }
    // Tiles appearing while data is there: the render of a full tile.
    for run in 1..=3 {
        warm.extend(first_image_latencies(&deck, 100 + run));
    }
    thread::sleep(Duration::from_millis(500));
    let pid = deck.pid();
    let (rss, hwm, threads_after_polls) = status(pid);
    let split = breakdown(pid);
    let rss_anon = proc_field(&format!("/proc/{pid}/status"), "RssAnon:");

    // Idle: nothing should run but the core's own timers.
    let before = switches(pid);
    let idle_started = Instant::now();
    let strace = idle_under_strace(pid);
    let wakeups = switches(pid).saturating_sub(before);
    let idle_secs = idle_started.elapsed().as_secs_f64();
    let (rss_idle, _, threads_idle) = status(pid);
    let idle_threads = thread_names(pid);
    let running = deck.is_running();
    let mappings = biggest_mappings(pid);
    assert!(
        running,
        "the plugin died during the benchmark:\n{}",
        deck.stderr()
    );
    let requests = (api.fake.count("/credits"), api.fake.count("/activity"));
    deck.close();
    let _ = deck.wait_exit(Duration::from_secs(5));
    Measured {
        cold,
        warm,
        rss_start,
        rss,
        hwm,
        rss_anon,
        split,
        threads_after_polls,
        threads_idle,
        idle_threads,
        wakeups,
        idle_secs,
        rss_idle,
        mappings,
        strace,
        requests,
        pid,
    }
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    sorted[sorted.len() / 2]
}

fn report(m: &Measured) {
    println!("| measure | budget | result |");
    println!("|---|---|---|");
    println!(
        "| first image after willAppear, fresh process (Preparing…) | ≤ 50 ms | {} |",
        summary(m.cold.clone())
    );
    println!(
        "| first image after willAppear, with data | ≤ 50 ms | {} |",
        summary(m.warm.clone())
    );
    println!(
        "| VmRSS at start (registered, no tiles) | — | {} kB |",
        m.rss_start
    );
    println!(
        "| VmRSS, 4 tiles after {} polls over HTTPS | ≤ 5.0 MB | {} kB (peak VmHWM {} kB) |",
        FORCED_POLLS + 1,
        m.rss,
        m.hwm
    );
    println!(
        "| VmRSS after {:.0} s idle | ≤ 5.0 MB | {} kB |",
        m.idle_secs, m.rss_idle
    );
    println!("| of which, after the polls | — | {} |", m.split);
    println!(
        "| threads right after the last poll / idle | — | {} / {} ({}) |",
        m.threads_after_polls, m.threads_idle, m.idle_threads
    );
    println!(
        "| context switches over {:.1} s idle, all threads | only the core's timers | {} |",
        m.idle_secs, m.wakeups
    );
    println!(
        "| requests: /credits, /activity | one each per poll | {}, {} |",
        m.requests.0, m.requests.1
    );
    println!("\nLargest resident mappings (kB):\n```\n{}```", m.mappings);
    if let Some(report) = &m.strace {
        println!("\n`strace -c -f` over the idle window:\n```\n{}```", report);
    }
    println!("\npid {} was measured.", m.pid);
}

fn side_by_side(ours: &Measured, node: &Measured) {
    println!("| measure | OpenBalance | Node SDK plugin | Node ÷ OpenBalance |");
    println!("|---|---|---|---|");
    let kb = |name: &str, a: u64, b: u64| {
        println!(
            "| {name} | {a} kB | {b} kB | {:.1}× |",
            b as f64 / a.max(1) as f64
        );
    };
    kb(
        "VmRSS, 4 tiles after 6 polls over HTTPS",
        ours.rss,
        node.rss,
    );
    kb("peak VmHWM", ours.hwm, node.hwm);
    kb(
        "RssAnon (memory only the process has)",
        ours.rss_anon,
        node.rss_anon,
    );
    let ms = |name: &str, a: &[f64], b: &[f64]| {
        println!("| {name} | {:.2} ms | {:.2} ms | — |", median(a), median(b));
    };
    ms(
        "first image, fresh process (median)",
        &ours.cold,
        &node.cold,
    );
    ms("first image, with data (median)", &ours.warm, &node.warm);
    println!(
        "| context switches over {:.0} s idle | {} | {} | — |",
        ours.idle_secs, ours.wakeups, node.wakeups
    );
    println!(
        "| threads idle | {} | {} | — |",
        ours.threads_idle, node.threads_idle
    );
    println!(
        "| requests: /credits, /activity | {}, {} | {}, {} | — |",
        ours.requests.0, ours.requests.1, node.requests.0, node.requests.1
    );
    println!(
        "\nRSS ratio: the Node SDK plugin holds {:.1}× what OpenBalance holds (goal: at least 12×). OpenBalance: {} kB (goal: at most 5 000 kB).",
        node.rss as f64 / ours.rss.max(1) as f64,
        ours.rss
    );
    println!(
        "\nNode SDK plugin, largest resident mappings (kB):\n```\n{}```",
        node.mappings
    );
}

/// Events in each flood.
const FLOOD: usize = 5_000;

/// What the plugin sent during (and right after) one flood.
struct Flood {
    name: &'static str,
    /// From the first event written to the last.
    sending: Duration,
    /// From the first event written to the plugin's last message for the flood.
    answered: Duration,
    by_event: std::collections::BTreeMap<String, usize>,
    /// Whether the last strip sent is the strip of where the dial stopped.
    last_strip_is_the_last_view: Option<bool>,
}

impl Flood {
    fn total(&self) -> usize {
        self.by_event.values().sum()
    }
}

/// Writes `messages` as one flood and counts what comes back until the plugin has been quiet for
/// a second.
fn flood(deck: &FakeDeck, name: &'static str, messages: &[serde_json::Value]) -> Flood {
    let mark = deck.count();
    let (first, last) = deck.send_all(messages);
    deck.wait_quiet(Duration::from_secs(1));
    let sent: Vec<fake_deck::Received> = deck.messages().split_off(mark);
    let mut by_event = std::collections::BTreeMap::new();
    for message in &sent {
        *by_event.entry(message.event().to_owned()).or_insert(0) += 1;
    }
    let answered = sent
        .last()
        .map_or(Duration::ZERO, |m| m.at.saturating_duration_since(first));
    Flood {
        name,
        sending: last.saturating_duration_since(first),
        answered,
        by_event,
        last_strip_is_the_last_view: None,
    }
}

fn floods(binary: &Path) -> Vec<Flood> {
    let api = Api::start();
    let mut deck = api.launch(Kind::Native, binary);
    deck.wait_for_event(0, Kind::Native.ready());
    let (dial, touch) = ("bench-flood-dial", "bench-flood-touch");
    let balance = Action::Balance.uuid();
    for context in [dial, touch] {
        deck.will_appear_dial(balance, context, json!({}));
    }
    api.wait_for_polls(&deck, Kind::Native, 1);
    deck.wait_quiet(Duration::from_secs(1));
    let strip_of = |m: &fake_deck::Received| m.json["payload"]["strip"].as_str().map(str::to_owned);
    let last_strip = |deck: &FakeDeck| {
        deck.messages()
            .iter()
            .rev()
            .find(|m| m.event() == "setFeedback" && m.context() == dial)
            .and_then(strip_of)
    };
    let home = last_strip(&deck);
    // Turns one way and the other: the flood ends where it began, so the last strip sent must be
    // the one from before it (a coalescer that drops the last view would show the turned one).
    let turns: Vec<serde_json::Value> = (0..FLOOD)
        .map(|n| {
            FakeDeck::dial_rotate_message(balance, dial, if n % 2 == 0 { 1 } else { -1 }, false)
        })
        .collect();
    let mut dial_flood = flood(&deck, "dial: 5 000 `dialRotate`, +1 and −1 in turn", &turns);
    dial_flood.last_strip_is_the_last_view = Some(last_strip(&deck) == home);
    let taps: Vec<serde_json::Value> = (0..FLOOD)
        .map(|_| FakeDeck::touch_tap_message(balance, touch, false))
        .collect();
    let touch_flood = flood(&deck, "touch: 5 000 `touchTap`", &taps);
    assert!(
        deck.is_running(),
        "the plugin died in a flood:\n{}",
        deck.stderr()
    );
    vec![dial_flood, touch_flood]
}

fn report_floods(floods: &[Flood]) {
    println!("| flood | written in | last answer after | messages sent | by event | last strip is the last view |");
    println!("|---|---|---|---|---|---|");
    for f in floods {
        let by: Vec<String> = f.by_event.iter().map(|(e, n)| format!("{e} {n}")).collect();
        let last = match f.last_strip_is_the_last_view {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        println!(
            "| {} | {:.0} ms | {:.0} ms | {} | {} | {last} |",
            f.name,
            millis(f.sending),
            millis(f.answered),
            f.total(),
            by.join(", ")
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this too, without it, and a
    // 40-second measurement of a debug build would only slow the tests down and mislead.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("runtime bench: run it with `cargo bench -p openbalance --bench runtime`");
        return;
    }
    let binary = std::env::var_os("OPENBALANCE_BENCH_BINARY")
        .map(Into::into)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_openbalance")));
    println!("binary: {}\n", binary.display());
    if std::env::var("OPENBALANCE_BENCH_ONLY").as_deref() == Ok("floods") {
        return report_floods(&floods(&binary));
    }
    let ours = measure(Kind::Native, &binary);
    report(&ours);
    println!("\n## Floods\n");
    report_floods(&floods(&binary));

    if let Some(node) = std::env::var_os("OPENBALANCE_BENCH_NODE") {
        let node = PathBuf::from(node);
        println!(
            "\n## Side by side: the Node SDK bench plugin ({})\n",
            node.display()
        );
        let theirs = measure(Kind::Node, &node);
        side_by_side(&ours, &theirs);
    }
}
