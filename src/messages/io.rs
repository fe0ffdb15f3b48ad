//! Input/output failures by kind: the operating system's own text is English, so the
//! kinds that matter to a user get their own message, and any other is a generic message
//! with the OS text as an English-only detail.

use std::io::{Error, ErrorKind};

use super::Message;

/// Why a file or a connection failed.
pub fn io_message(error: &Error) -> Message {
    match error.kind() {
        ErrorKind::NotFound => Message::new("io-not-found"),
        ErrorKind::PermissionDenied => Message::new("io-permission-denied"),
        ErrorKind::ConnectionRefused => Message::new("io-connection-refused"),
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Message::new("io-timed-out"),
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
        | ErrorKind::UnexpectedEof => Message::new("io-connection-closed"),
        _ => Message::new("io-failed").with_detail(error.to_string()),
    }
}
