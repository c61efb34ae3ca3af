//! The model and its one entry point, [`Plugin::update`].

use crate::command::Command;
use crate::event::Event;

#[derive(Debug, Clone, Default)]
pub struct Plugin {}

impl Plugin {
    pub fn new() -> Self {
        Plugin {}
    }

    /// Folds one event into the model and returns what the shell must do, in order.
    pub fn update(&mut self, event: Event) -> Vec<Command> {
        let _ = event;
        Vec::new()
    }
}
