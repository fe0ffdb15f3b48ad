//! Errors of the trace format: a file that is not a valid trace (each with its 1-based
//! line number), an invalid header, or a file that cannot be read or written.
//!
//! No message quotes the offending text: a damaged line may hold a PIN typed in clear.

use std::path::PathBuf;

/// What is wrong with a trace, or with reading or writing one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// Line 1 is not the version line `# mynapin-trace 1`.
    #[error("line 1: not a mynapin trace: the first line must be `# mynapin-trace 1`")]
    MissingVersion,
    /// Line 1 names a version this build does not read.
    #[error("line 1: unknown trace version {version:?}; this build reads version 1")]
    UnknownVersion {
        /// The version as written (at most 16 characters of it).
        version: String,
    },
    /// A byte is neither two hex digits nor `**`.
    #[error("line {line}, byte {byte}: expected two hex digits or `**`")]
    BadHex {
        /// 1-based line number.
        line: usize,
        /// 1-based position of the byte on the line.
        byte: usize,
    },
    /// A `<` line with no `>` line before it.
    #[error("line {line}: a response (`<`) without a command (`>`) before it")]
    ResponseWithoutCommand {
        /// 1-based line number of the `<` line.
        line: usize,
    },
    /// A `>` line not followed by its `<` line (or a `# transport error:` line).
    #[error(
        "line {line}: the command has no response: the next line must be `< …` or `# transport error: …`"
    )]
    CommandWithoutResponse {
        /// 1-based line number of the `>` line.
        line: usize,
    },
    /// A command of fewer than 4 bytes (CLA INS P1 P2).
    #[error("line {line}: a command needs at least 4 bytes (CLA INS P1 P2), found {len}")]
    CommandTooShort {
        /// 1-based line number.
        line: usize,
        /// Bytes found.
        len: usize,
    },
    /// A response of fewer than 2 bytes (SW1 SW2).
    #[error("line {line}: a response needs at least 2 bytes (SW1 SW2), found {len}")]
    ResponseTooShort {
        /// 1-based line number.
        line: usize,
        /// Bytes found.
        len: usize,
    },
    /// A response with a masked byte: a replay could not serve it.
    #[error("line {line}, byte {byte}: a response cannot hold a masked byte `**`")]
    MaskedResponse {
        /// 1-based line number.
        line: usize,
        /// 1-based position of the byte on the line.
        byte: usize,
    },
    /// A line that starts with none of `#`, `>`, `<`.
    #[error("line {line}: expected a `#` comment, a `>` command or a `<` response")]
    UnrecognisedLine {
        /// 1-based line number.
        line: usize,
    },
    /// A header key that is not letters, digits, `-` and `_`.
    #[error("invalid trace header key {key:?}: use letters, digits, `-` and `_`")]
    InvalidHeaderKey {
        /// The key.
        key: String,
    },
    /// The trace file could not be read or written.
    #[error("trace file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The trace file was read but is not a valid trace.
    #[error("trace file {path}: {error}")]
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        error: Box<TraceError>,
    },
}

impl TraceError {
    /// The 1-based line the error is about, when it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            TraceError::MissingVersion | TraceError::UnknownVersion { .. } => Some(1),
            TraceError::BadHex { line, .. }
            | TraceError::ResponseWithoutCommand { line }
            | TraceError::CommandWithoutResponse { line }
            | TraceError::CommandTooShort { line, .. }
            | TraceError::ResponseTooShort { line, .. }
            | TraceError::MaskedResponse { line, .. }
            | TraceError::UnrecognisedLine { line } => Some(*line),
            TraceError::InFile { error, .. } => error.line(),
            TraceError::InvalidHeaderKey { .. } | TraceError::Io { .. } => None,
        }
    }
}
