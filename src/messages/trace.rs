//! What is wrong with a trace file, by line and byte. Like the errors themselves, no
//! message quotes the offending text: a damaged line may hold a PIN typed in clear.

use crate::transport::TraceError;

use super::{Message, io_message};

impl TraceError {
    /// What is wrong with the trace, or with reading or writing it.
    pub fn message(&self) -> Message {
        match self {
            TraceError::MissingVersion => Message::new("trace-missing-version"),
            TraceError::UnknownVersion { version } => {
                Message::new("trace-unknown-version").with("version", version.as_str())
            }
            TraceError::BadHex { line, byte } => Message::new("trace-bad-hex")
                .with("line", *line)
                .with("byte", *byte),
            TraceError::ResponseWithoutCommand { line } => {
                Message::new("trace-response-without-command").with("line", *line)
            }
            TraceError::CommandWithoutResponse { line } => {
                Message::new("trace-command-without-response").with("line", *line)
            }
            TraceError::CommandTooShort { line, len } => Message::new("trace-command-too-short")
                .with("line", *line)
                .with("length", *len),
            TraceError::ResponseTooShort { line, len } => Message::new("trace-response-too-short")
                .with("line", *line)
                .with("length", *len),
            TraceError::MaskedResponse { line, byte } => Message::new("trace-masked-response")
                .with("line", *line)
                .with("byte", *byte),
            TraceError::UnrecognisedLine { line } => {
                Message::new("trace-unrecognised-line").with("line", *line)
            }
            TraceError::InvalidHeaderKey { key } => {
                Message::new("trace-invalid-header-key").with("key", key.as_str())
            }
            TraceError::Io { path, source } => Message::new("trace-io")
                .with("path", path.display().to_string())
                .with("reason", io_message(source)),
            TraceError::InFile { path, error } => Message::new("trace-in-file")
                .with("path", path.display().to_string())
                .with("problem", error.message()),
        }
    }
}
