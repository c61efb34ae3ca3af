//! The shell's one timer: the core says when it next needs waking (`Command::Wake`), and this
//! sends `EventKind::Wake` then. Nothing else wakes the plugin while it is idle.

use crate::clock;
use openbalance_core::{Event, EventKind, Timestamp};
use smol::channel::Sender;
use smol::{LocalExecutor, Task, Timer};

pub struct Wake<'ex> {
    executor: &'ex LocalExecutor<'static>,
    events: Sender<Event>,
    /// Dropping the task cancels it, so replacing it is the whole of "move the wake-up".
    task: Option<Task<()>>,
}

impl<'ex> Wake<'ex> {
    pub fn new(executor: &'ex LocalExecutor<'static>, events: Sender<Event>) -> Self {
        Wake {
            executor,
            events,
            task: None,
        }
    }

    /// Wakes the core at `at` (replacing any earlier request); `None`: no wake-up at all.
    pub fn set(&mut self, at: Option<Timestamp>) {
        self.task = at.map(|at| {
            let events = self.events.clone();
            self.executor.spawn(async move {
                Timer::after(clock::until(at)).await;
                // Stamped when it fires, not when it was due: after a sleep the core sees the truth.
                let _ = events.send(Event::new(clock::now(), EventKind::Wake)).await;
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_once_at_the_last_time_asked_and_not_after_a_cancel() {
        let executor = LocalExecutor::new();
        let (tx, rx) = smol::channel::unbounded();
        let mut wake = Wake::new(&executor, tx);
        smol::block_on(executor.run(async {
            let soon = clock::now().plus_millis(20);
            wake.set(Some(clock::now().plus_millis(60_000)));
            wake.set(Some(soon));
            let fired = rx.recv().await.unwrap();
            assert_eq!(fired.event, EventKind::Wake);
            assert!(fired.at >= soon);
            wake.set(Some(clock::now().plus_millis(20)));
            wake.set(None);
            Timer::after(std::time::Duration::from_millis(80)).await;
            assert!(
                rx.try_recv().is_err(),
                "moved and cancelled wake-ups stay quiet"
            );
        }));
    }
}
