//! A PIN's state in words ([`PinStatus`]): tries left out of the maximum, blocked,
//! verified in this card session, or not available and why.

use crate::card::PinStatus;

use super::Message;

impl PinStatus {
    /// The state as a short phrase, e.g. "3 of 3 tries left", "BLOCKED (0 of 5)".
    pub fn message(&self) -> Message {
        match *self {
            PinStatus::Remaining { left, max } => Message::new("status-remaining")
                .with("left", left)
                .with("max", max),
            PinStatus::Blocked { max } => Message::new("status-blocked").with("max", max),
            PinStatus::Verified => Message::new("status-verified"),
            PinStatus::NotAvailable(reason) => {
                Message::new("status-not-available").with("reason", reason.message())
            }
        }
    }
}
