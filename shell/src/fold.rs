//! The main loop, the whole of it: receive → record → update → execute. The plugin, `replay` and
//! the live `preview` all run this one loop, each with its own [`Host`]. It knows no host, so the
//! hosts (`shell.rs`, `replay.rs`, `preview.rs`) and the run that starts one (`run.rs`) depend on
//! it and never on each other.

use openbalance_core::{Command, Event, Plugin};

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
