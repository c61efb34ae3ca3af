//! Stream Deck's WebSocket messages: inbound text to typed events, commands to outbound text.

mod inbound;
mod outbound;

pub use inbound::{launch_devices, parse_inbound, Inbound, InboundError, MAX_ACCOUNT_ENTRIES};
pub use outbound::{
    encode, get_global_settings, register, set_feedback, set_image, Outbound, STRIP_ITEM,
};
