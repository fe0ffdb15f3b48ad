//! Why the audit log could not be used ([`AuditError`]), and what its check found
//! ([`ProblemKind`]).

use crate::audit::{AuditError, ChainProblem, ProblemKind};

use super::{Message, io_message};

impl AuditError {
    /// The explanation, naming the log file and the cause (never a record's content).
    pub fn message(&self) -> Message {
        match self {
            AuditError::Unwritable { path, source } => Message::new("audit-log-unwritable")
                .with("path", path.display().to_string())
                .with("cause", io_message(source)),
            AuditError::Unreadable { path, source } => Message::new("audit-log-unreadable")
                .with("path", path.display().to_string())
                .with("cause", io_message(source)),
            AuditError::BadTag => Message::new("audit-bad-tag"),
        }
    }
}

impl ChainProblem {
    /// What is wrong, and where.
    pub fn message(&self) -> Message {
        let id = match self.kind {
            ProblemKind::Malformed => Message::new("audit-problem-malformed"),
            ProblemKind::Mismatch => Message::new("audit-problem-mismatch"),
            ProblemKind::TruncatedTail => Message::new("audit-problem-truncated-tail"),
        };
        id.with("line", self.line)
    }
}
