//! Why the audit log could not be used ([`AuditError`]); its codes are in
//! `crate::codes`, its messages in `crate::messages`.

use std::path::PathBuf;

/// A failure to open, write or read the audit log, or a record that may not be written.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The log cannot be created, opened for appending, locked, written or synced.
    #[error("cannot write the audit log {}: {source}", path.display())]
    Unwritable {
        /// The log file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The log cannot be read.
    #[error("cannot read the audit log {}: {source}", path.display())]
    Unreadable {
        /// The log file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// An applicant kind or document category that is not a short code ([`super::AuditTag`]):
    /// it could be a document's number, which a record must never hold. The value is not
    /// kept, not even in this error.
    #[error(
        "an applicant kind or document category must be 1 to 32 ASCII letters, digits or '-', at most 4 of them digits"
    )]
    BadTag,
}
