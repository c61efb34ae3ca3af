//! The core's timers as smol tasks. Nothing else wakes the plugin while it is idle.

use crate::clock;
use openbalance_core::{Event, EventKind, TimerId, Timestamp};
use smol::channel::Sender;
use smol::{LocalExecutor, Task, Timer};
use std::collections::HashMap;

pub struct Timers<'ex> {
    executor: &'ex LocalExecutor<'static>,
    events: Sender<Event>,
    /// Dropping a task cancels it, so replacing or removing an entry is the whole of "cancel".
    running: HashMap<TimerId, Task<()>>,
}

impl<'ex> Timers<'ex> {
    pub fn new(executor: &'ex LocalExecutor<'static>, events: Sender<Event>) -> Self {
        Timers {
            executor,
            events,
            running: HashMap::new(),
        }
    }

    /// Fires `TimerFired { timer }` at `at`, replacing a running timer with the same id.
    pub fn start(&mut self, timer: TimerId, at: Timestamp) {
        self.running.retain(|_, task| !task.is_finished());
        let events = self.events.clone();
        let fired = EventKind::TimerFired {
            timer: timer.clone(),
        };
        let task = self.executor.spawn(async move {
            Timer::after(clock::until(at)).await;
            // Stamped when it fires, not when it was due: after a sleep the core sees the truth.
            let _ = events.send(Event::new(clock::now(), fired)).await;
        });
        self.running.insert(timer, task);
    }

    pub fn cancel(&mut self, timer: &TimerId) {
        self.running.remove(timer);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.running.values().filter(|t| !t.is_finished()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_once_and_replacing_moves_the_timer() {
        let executor = LocalExecutor::new();
        let (tx, rx) = smol::channel::unbounded();
        let mut timers = Timers::new(&executor, tx);
        smol::block_on(executor.run(async {
            let soon = clock::now().plus_millis(20);
            timers.start(TimerId::Poll, clock::now().plus_millis(60_000));
            timers.start(TimerId::Poll, soon);
            timers.start(TimerId::Cycle, soon);
            timers.cancel(&TimerId::Cycle);
            let fired = rx.recv().await.unwrap();
            assert_eq!(
                fired.event,
                EventKind::TimerFired {
                    timer: TimerId::Poll
                }
            );
            assert!(fired.at >= soon);
            Timer::after(std::time::Duration::from_millis(50)).await;
            assert!(
                rx.try_recv().is_err(),
                "the cancelled and replaced timers stay quiet"
            );
            assert_eq!(timers.len(), 0);
        }));
    }
}
