//! `openbalance`: the Stream Deck plugin binary, a thin smol shell around `openbalance-core`.
//!
//! Stream Deck starts it with `-port … -pluginUUID … -registerEvent … -info …`; everything it
//! decides is decided by the core. The developer subcommands (`replay`, `preview`, `icons`) share
//! the same pieces so that what they show is what the plugin does.

mod args;
mod clock;
mod data_url;
mod deck;
mod fold;
mod http;
mod image_cache;
mod logfile;
#[cfg(feature = "preview")]
mod preview;
mod record;
mod redact;
mod replay;
mod run;
mod shell;
mod state;
mod tiles;
mod timers;

use args::{Invocation, PluginArgs};
use deck::Deck;
use http::{ApiBase, Http};
use logfile::Log;
use openbalance_core::{streamdeck, Plugin};
use record::Recorder;
use redact::redact;
use replay::Report;
use run::{Ending, Stop};
use shell::Shell;
use smol::LocalExecutor;
use std::io::{self, BufReader};
use std::path::Path;
use std::process::ExitCode;

/// Exit status for a command line we could not understand.
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    // Before any thread starts: it changes the environment.
    http::use_the_os_trust_store();
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let Ok(args) = args else {
        eprintln!(
            "openbalance: arguments must be valid UTF-8\n{}",
            args::USAGE
        );
        return ExitCode::from(USAGE_ERROR);
    };
    match args::parse(&args) {
        Ok(Invocation::Plugin(plugin_args)) => run_plugin(plugin_args),
        Ok(Invocation::Replay { recording }) => run_replay(&recording),
        Ok(Invocation::Preview { out, lang }) => run_preview(&out, lang),
        Ok(Invocation::Icons { out }) => run_icons(&out),
        Ok(Invocation::Help) => print_lines(&[args::USAGE]),
        Ok(Invocation::Version) => {
            print_lines(&[concat!("openbalance ", env!("CARGO_PKG_VERSION"))])
        }
        Err(error) => {
            eprintln!(
                "openbalance: {}\n{}",
                redact(&error.to_string()),
                args::USAGE
            );
            ExitCode::from(USAGE_ERROR)
        }
    }
}

/// Prints to stdout; a reader that went away (`| head`) is not an error worth a word.
fn print_lines<S: AsRef<str>>(lines: &[S]) -> ExitCode {
    use std::io::Write;
    let mut out = io::stdout().lock();
    for line in lines {
        if let Err(error) = writeln!(out, "{}", line.as_ref()) {
            if error.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("openbalance: cannot write to stdout: {error}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn run_plugin(args: PluginArgs) -> ExitCode {
    // First, while this is the only thread: the local offset cannot be read safely later.
    let utc_offset = clock::utc_offset_minutes();
    let mut log = Log::for_plugin();
    log.info(&format!(
        "OpenBalance {} starting",
        env!("CARGO_PKG_VERSION")
    ));
    if !args.ignored.is_empty() {
        log.info(&format!(
            "ignored launch flags: {}",
            args.ignored.join(", ")
        ));
    }
    let (base, refused) = ApiBase::from_env();
    if let Some(error) = refused {
        log.error(&format!(
            "OPENBALANCE_API_BASE refused ({error}); using {}",
            base.as_str()
        ));
    }
    let recorder = match std::env::var_os("OPENBALANCE_RECORD") {
        Some(path) if !path.is_empty() => Recorder::to_file(Path::new(&path)).unwrap_or_else(|e| {
            log.error(&format!(
                "cannot record to {}: {e}",
                Path::new(&path).display()
            ));
            Recorder::off()
        }),
        _ => Recorder::off(),
    };

    let (timeout, complaint) =
        deck::handshake_timeout(std::env::var_os(deck::HANDSHAKE_TIMEOUT_VAR));
    if let Some(complaint) = complaint {
        log.error(&complaint);
    }
    // From here SIGTERM, SIGINT and SIGHUP end the plugin with a log line instead of silently.
    let (mut stop, refused) = Stop::install();
    if let Some(error) = refused {
        log.error(&format!("cannot catch SIGTERM/SIGINT/SIGHUP: {error}"));
    }

    // One thread runs everything; HTTP adds libcurl's agent thread only while requests fly.
    let executor = LocalExecutor::new();
    smol::block_on(executor.run(async {
        let connect = smol::future::or(
            async { Ok(Deck::connect(args.port, timeout).await) },
            async { Err(stop.signal().await) },
        );
        let mut deck = match connect.await {
            Ok(Ok(deck)) => deck,
            Ok(Err(error)) => {
                log.error(&format!("{error}; exiting"));
                eprintln!("openbalance: {error}");
                return ExitCode::FAILURE;
            }
            Err(signal) => {
                log.info(&format!("received {signal}; exiting"));
                return ExitCode::SUCCESS;
            }
        };
        let register = streamdeck::register(&args.register_event, &args.plugin_uuid);
        if let Err(error) = deck.send(register).await {
            log.error(&format!("registering with Stream Deck failed: {error}"));
            return ExitCode::FAILURE;
        }
        let mut shell = Shell::new(
            &executor,
            deck,
            args.plugin_uuid,
            Http::new(base),
            recorder,
            log,
        );
        shell.set_utc_offset(utc_offset);
        shell.set_launch_info(&args.info);
        shell.set_state_dir(state::for_plugin());
        let ending = run::run(&mut shell, Plugin::new(), &mut stop).await;
        let status = match ending {
            Ending::Deck(end @ deck::End::Closed(_)) => {
                shell.log().info(&format!("{end}; exiting"));
                0
            }
            Ending::Deck(end @ deck::End::Failed(_)) => {
                shell.log().error(&format!("{end}; exiting"));
                eprintln!("openbalance: {end}");
                1
            }
            // A stop that was asked for is a clean stop: Stream Deck (or a person) wanted it.
            Ending::Signal(signal) => {
                shell.log().info(&format!("received {signal}; exiting"));
                0
            }
        };
        // Leave without tearing down in-flight requests. The log and the recording write each
        // line whole and unbuffered, so there is nothing left to flush.
        std::process::exit(status)
    }))
}

fn run_replay(recording: &Path) -> ExitCode {
    let file = match std::fs::File::open(recording) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("openbalance: cannot read {}: {error}", recording.display());
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let stdout = io::stdout();
    match replay::replay(BufReader::new(file), &mut stdout.lock(), &mut io::stderr()) {
        Ok(Report {
            other_format: Some(why),
            ..
        }) => {
            eprintln!("openbalance: {}: {why}", recording.display());
            ExitCode::FAILURE
        }
        Ok(report) if report.events == 0 && report.bad_lines.is_empty() => {
            eprintln!(
                "openbalance: {} holds no events: nothing to replay (is OPENBALANCE_RECORD pointing at it?)",
                recording.display()
            );
            ExitCode::FAILURE
        }
        Ok(report) if report.bad_lines.is_empty() => ExitCode::SUCCESS,
        Ok(report) => {
            eprintln!(
                "openbalance: {} line(s) skipped, {} events replayed",
                report.bad_lines.len(),
                report.events
            );
            ExitCode::FAILURE
        }
        // `replay … | head`: the reader has what it wanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("openbalance: replay failed: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "preview"))]
fn run_preview(_out: &Path, _lang: openbalance_core::lang::Lang) -> ExitCode {
    eprintln!(
        "openbalance preview: this build has no preview (the shipped plugin leaves it out); \
         run `cargo run --release -p openbalance -- preview` from the source tree"
    );
    ExitCode::from(2)
}

#[cfg(feature = "preview")]
fn run_preview(out: &Path, lang: openbalance_core::lang::Lang) -> ExitCode {
    match preview::run(out, lang) {
        Ok(written) => {
            let mut lines: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            lines.push(format!("{} pictures in {}", written.len(), out.display()));
            print_lines(&lines)
        }
        Err(error) => {
            eprintln!("openbalance preview: {}", redact(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn run_icons(out: &Path) -> ExitCode {
    match tiles::write_bundle_images(out) {
        Ok(written) => {
            let lines: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            print_lines(&lines)
        }
        Err(error) => {
            eprintln!("openbalance icons: {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
