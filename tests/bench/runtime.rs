//! Runtime budgets of the release binary, measured the way Stream Deck would see them: launched
//! by the fake Stream Deck with four live tiles, polling the fake OpenRouter.
//!
//! `cargo bench -p openbalance --bench runtime` (or `scripts/bench-runtime`, which adds strace).
//! Linux only: it reads `/proc/<pid>/status`. Prints a Markdown report for BENCHMARKS.md.

#[allow(dead_code)]
#[path = "../e2e/fake_deck.rs"]
mod fake_deck;
#[allow(dead_code)]
#[path = "../e2e/fake_openrouter.rs"]
mod fake_openrouter;

use fake_deck::{FakeDeck, Launch};
use fake_openrouter::FakeOpenRouter;
use openbalance_core::Action;
use serde_json::json;
use std::thread;
use std::time::{Duration, Instant};

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

/// willAppear sent → that tile's first setImage received, for all four tiles.
fn first_image_latencies(deck: &FakeDeck, run: usize) -> Vec<f64> {
    Action::ALL
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

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this too, without it, and a
    // 40-second measurement of a debug build would only slow the tests down and mislead.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("runtime bench: run it with `cargo bench -p openbalance --bench runtime`");
        return;
    }
    let binary = std::env::var_os("OPENBALANCE_BENCH_BINARY")
        .map(Into::into)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_BIN_EXE_openbalance")));
    println!("binary: {}\n", binary.display());

    // Cold: a fresh process, tiles appear before any data.
    let mut cold = Vec::new();
    for run in 0..LAUNCHES {
        let fake = FakeOpenRouter::start();
        let deck = FakeDeck::launch(Launch {
            binary: Some(binary.clone()),
            ..Launch::with_key(&fake.base(), KEY)
        });
        deck.wait_for_event(0, "getGlobalSettings");
        thread::sleep(Duration::from_millis(100));
        cold.extend(first_image_latencies(&deck, run));
    }

    // Warm: one long-lived process, four tiles, several forced polls.
    let fake = FakeOpenRouter::start();
    let mut deck = FakeDeck::launch(Launch {
        binary: Some(binary.clone()),
        ..Launch::with_key(&fake.base(), KEY)
    });
    deck.wait_for_event(0, "getGlobalSettings");
    let (rss_start, _, _) = status(deck.pid());
    let mut warm = first_image_latencies(&deck, 0);
    deck.wait_for_fetched(2);
    let balance = context(Action::Balance, 0);
    for poll in 1..=FORCED_POLLS {
        deck.key(true, Action::Balance.uuid(), &balance);
        thread::sleep(Duration::from_millis(2_100));
        deck.key(false, Action::Balance.uuid(), &balance);
        deck.wait_for_fetched(2 * (poll + 1));
    }
    // Tiles appearing while data is there: the render of a full tile.
    for run in 1..=3 {
        warm.extend(first_image_latencies(&deck, 100 + run));
    }
    thread::sleep(Duration::from_millis(500));
    let pid = deck.pid();
    let (rss, hwm, threads_after_polls) = status(pid);
    let split = breakdown(pid);

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

    println!("| measure | budget | result |");
    println!("|---|---|---|");
    println!(
        "| first image after willAppear, fresh process (Preparing…) | ≤ 50 ms | {} |",
        summary(cold)
    );
    println!(
        "| first image after willAppear, with data | ≤ 50 ms | {} |",
        summary(warm)
    );
    println!("| VmRSS at start (registered, no tiles) | — | {rss_start} kB |");
    println!(
        "| VmRSS, 4 tiles after {} polls | ≤ 7 MB | {rss} kB (peak VmHWM {hwm} kB) |",
        FORCED_POLLS + 1
    );
    println!(
        "| VmRSS after {:.0} s idle | ≤ 7 MB | {rss_idle} kB |",
        idle_secs
    );
    println!("| of which, after the polls | — | {split} |");
    println!(
        "| threads right after the last poll / idle | — | {threads_after_polls} / {threads_idle} ({idle_threads}) |"
    );
    println!("| context switches over {idle_secs:.1} s idle, all threads | only the core's timers | {wakeups} |");
    println!(
        "| requests: /credits, /activity | one each per poll | {}, {} |",
        fake.count("/credits"),
        fake.count("/activity")
    );
    println!("\nLargest resident mappings (kB):\n```\n{mappings}```");
    if let Some(report) = strace {
        println!("\n`strace -c -f` over the idle window:\n```\n{}```", report);
    }
    assert!(
        running,
        "the plugin died during the benchmark:\n{}",
        deck.stderr()
    );
    println!("\npid {pid} (for `strace -c -f -p {pid}`), closing.");
    deck.close();
    let _ = deck.wait_exit(Duration::from_secs(5));
}
