//! Failures of the simulated card's link to pcscd's vpcd driver.

use crate::sim::vpcd::VpcdError;

use super::{Message, io_message};

impl VpcdError {
    /// What failed, where, and what to check.
    pub fn message(&self) -> Message {
        match self {
            VpcdError::Resolve { host, port, source } => Message::new("vpcd-resolve")
                .with("host", host.as_str())
                .with("port", *port)
                .with("reason", io_message(source)),
            VpcdError::Connect {
                address,
                waited,
                source,
            } => Message::new("vpcd-connect")
                .with("address", address.to_string())
                .with("seconds", waited.as_secs())
                .with("reason", io_message(source)),
            VpcdError::Io { address, source } => Message::new("vpcd-io")
                .with("address", address.to_string())
                .with("reason", io_message(source)),
        }
    }
}
