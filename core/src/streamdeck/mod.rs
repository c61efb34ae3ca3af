//! Stream Deck wire formats.
