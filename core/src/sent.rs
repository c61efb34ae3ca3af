//! What was last sent somewhere — a tile's image, a dial's strip, what the inspector was told — so
//! that only a change goes out again. One rule for every "send only what changed" in the core.

/// The value last sent, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent<T>(Option<T>);

impl<T> Default for Sent<T> {
    fn default() -> Self {
        Sent(None)
    }
}

impl<T: PartialEq + Clone> Sent<T> {
    /// Whether `value` would be news: nothing was sent yet, or something else was.
    pub fn differs(&self, value: &T) -> bool {
        self.0.as_ref() != Some(value)
    }

    /// `Some(value)` when it is news, and it is then what was last sent; `None` when it was
    /// sent already.
    pub fn send(&mut self, value: T) -> Option<T> {
        if !self.differs(&value) {
            return None;
        }
        self.0 = Some(value.clone());
        Some(value)
    }

    /// The next value goes out whatever it is (the receiver is new, or asked again).
    pub fn forget(&mut self) {
        self.0 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_news_goes_out() {
        let mut sent = Sent::default();
        assert_eq!(sent.send(1), Some(1));
        assert_eq!(sent.send(1), None);
        assert!(sent.differs(&2));
        assert_eq!(sent.send(2), Some(2));
        sent.forget();
        assert_eq!(sent.send(2), Some(2), "a new receiver hears it again");
    }
}
