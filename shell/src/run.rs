//! The plugin's run: the one loop (`fold.rs`) with the plugin's host, raced against a signal; and
//! what ended it.

use crate::deck;
use crate::fold::fold;
use crate::shell::Shell;
use openbalance_core::Plugin;
use std::io;

/// Why the plugin stops, which decides its last log line and its exit status.
#[derive(Debug)]
pub enum Ending {
    /// Stream Deck closed the socket, or it broke.
    Deck(deck::End),
    /// SIGTERM, SIGINT or SIGHUP (its name).
    Signal(&'static str),
}

/// Runs until Stream Deck closes the socket (or it breaks) or a signal asks the plugin to stop.
/// Commands are carried out in the order the core gave them; HTTP and timers run as tasks and come
/// back later as events. A signal drops the loop wherever it waits; recording and logging are
/// synchronous, so no line is ever left half written.
pub async fn run(shell: &mut Shell<'_>, plugin: Plugin, stop: &mut Stop) -> Ending {
    let folded = async {
        fold(shell, plugin).await;
        Ending::Deck(shell.deck_end())
    };
    smol::future::or(folded, async { Ending::Signal(stop.signal().await) }).await
}

/// SIGTERM, SIGINT and SIGHUP turned from "die now, silently" into an input that ends the loop
/// with a log line. Unix only: Windows has no such signals (Stream Deck there ends a plugin by
/// terminating the process), so there it never fires.
pub struct Stop {
    #[cfg(unix)]
    signals: Option<async_signal::Signals>,
}

impl Stop {
    /// Takes over the three signals. On failure the default actions stay (the plugin still
    /// runs, it just dies unlogged), and the error is for the log.
    pub fn install() -> (Stop, Option<io::Error>) {
        #[cfg(unix)]
        {
            use async_signal::{Signal, Signals};
            match Signals::new([Signal::Term, Signal::Int, Signal::Hup]) {
                Ok(signals) => (
                    Stop {
                        signals: Some(signals),
                    },
                    None,
                ),
                Err(error) => (Stop { signals: None }, Some(error)),
            }
        }
        #[cfg(not(unix))]
        {
            (Stop {}, None)
        }
    }

    /// The name of the next signal received; never resolves where there are none.
    pub async fn signal(&mut self) -> &'static str {
        #[cfg(unix)]
        if let Some(signals) = &mut self.signals {
            use async_signal::Signal;
            use smol::stream::StreamExt;
            // Only the three are registered. The stream reads a pipe its own handler writes to;
            // should that read ever fail, stop listening rather than spin on the error.
            while let Some(Ok(received)) = signals.next().await {
                match received {
                    Signal::Term => return "SIGTERM",
                    Signal::Int => return "SIGINT",
                    Signal::Hup => return "SIGHUP",
                    _ => {}
                }
            }
        }
        std::future::pending().await
    }
}
