//! Input/output failures by kind: the operating system's own text is English, so the
//! kinds that matter to a user get their own message, and any other is a generic message
//! with the OS text as an English-only detail.

use std::io::{Error, ErrorKind};

use super::Message;

/// Why a file or a connection failed.
pub fn io_message(error: &Error) -> Message {
    let id = match error.kind() {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::ConnectionRefused => "io-connection-refused",
        ErrorKind::TimedOut | ErrorKind::WouldBlock => "io-timed-out",
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
        | ErrorKind::UnexpectedEof => "io-connection-closed",
        _ => return Message::new("io-failed").with_detail(error.to_string()),
    };
    Message::new(id)
}
