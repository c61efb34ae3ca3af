//! The main loop, the whole of it: receive → record → update → execute; and what ends it. The
//! plugin, `replay` and the live `preview` all run this one loop, each with its own [`Host`].

use crate::deck;
use crate::shell::Shell;
use openbalance_core::{Command, Event, Plugin};
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

/// Where events come from and where commands go: Stream Deck, OpenRouter and the clock for the
/// plugin; a recording and stdout for `replay`; OpenRouter and pictures for a live `preview`.
pub(crate) trait Host {
    /// The next event to fold, or `None` when there are no more.
    async fn next(&mut self) -> Option<Event>;
    /// Keeps the event (`OPENBALANCE_RECORD`); most hosts do not.
    fn record(&mut self, _event: &Event) {}
    async fn execute(&mut self, command: Command);
}

/// The one loop: every event is recorded, folded, and its commands carried out in order.
pub(crate) async fn fold(host: &mut impl Host, mut plugin: Plugin) -> Plugin {
    while let Some(event) = host.next().await {
        host.record(&event);
        for command in plugin.update(event) {
            host.execute(command).await;
        }
    }
    plugin
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
