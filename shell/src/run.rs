//! The main loop, the whole of it: receive → record → update → execute.

use crate::clock;
use crate::shell::Shell;
use openbalance_core::{Event, EventKind, Plugin};

/// Runs until Stream Deck closes the socket. Commands are carried out in the order the core gave
/// them; HTTP and timers run as tasks and come back later as events.
pub async fn run(shell: &mut Shell<'_>, mut plugin: Plugin) {
    let mut event = Event::new(clock::now(), EventKind::Started);
    loop {
        shell.record(&event);
        for command in plugin.update(event) {
            shell.execute(command).await;
        }
        event = match shell.receive().await {
            Some(next) => next,
            None => return,
        };
    }
}
