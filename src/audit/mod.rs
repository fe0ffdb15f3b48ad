//! The tamper-evident audit log: one JSON line per card action or refusal at the counter,
//! each chained to the line before it by its SHA-256 hash (docs/DESIGN.md "audit/",
//! README "Audit log").
//!
//! - [`AuditRecord`]: what one line holds (schema `mynapin.audit/2`): when, who, where,
//!   which card and PIN, the procedure, its outcome and error code, the counters before
//!   and after. Never a PIN, a key, or the citizen's personal data: the record has no field
//!   that could take one, and document *categories* are checked to be short letter codes.
//! - [`AuditLog`]: opens a log (owner-only file in an owner-only folder) and appends
//!   records under an exclusive lock, each line written whole, flushed and synced before
//!   [`AuditLog::append`] returns.
//! - [`verify`]: walks the chain and names the first line that breaks it.
//! - [`read_records`]: the well-formed records, for display.
//!
//! # The chain
//!
//! Every line ends with `"prev"`: the lowercase hex SHA-256 of the bytes of the line just
//! before it, without its newline. The first line's `prev` is [`GENESIS`], the SHA-256 of
//! no bytes. Editing a line changes its hash and breaks the next line's `prev`; removing,
//! inserting or swapping lines breaks the `prev` of the line after the change; removing the
//! first line leaves a first line whose `prev` is not [`GENESIS`].
//!
//! A crash during a write can leave a *fragment*: a last line without its newline. The
//! next append notices it, starts its line on a new line (the `\n` is part of the same
//! single write), and marks itself `"repaired_truncation":true`: its `prev` is the hash of
//! the fragment (so the fragment, too, can no longer be changed unnoticed) and its
//! `intact_prev` the hash of the last well-formed record before the damage, so the chain
//! stays checkable across it. [`verify`] lists such repaired fragments and still reports the
//! log intact; a fragment with no record after it is reported as a truncated tail.
//!
//! What a chain kept in the same file cannot show: the removal of the *last* lines, or an
//! edit of the last line (nothing after it hashes it). The verify report gives the last
//! line's hash ([`VerifyReport::last_hash`]) to note elsewhere, which closes that gap.
//!
//! Nothing here reads the clock or the environment: the caller gives the time, the
//! operator and the workstation ([`AuditContext`]).

mod error;
mod log;
mod read;
mod record;
mod verify;

pub use error::AuditError;
pub use log::{AuditLog, LoosePermissions};
pub use read::{LoggedRecord, read_records};
pub use record::{
    AuditContext, AuditRecord, AuditTag, Authority, DocumentCategory, LEGACY_RECORD_SCHEMA,
    Outcome, Procedure, RECORD_SCHEMA,
};
pub use verify::{ChainProblem, ProblemKind, VerifyReport, verify, verify_bytes};

use sha2::{Digest, Sha256};

/// The `prev` of the first line: the SHA-256 of no bytes, as lowercase hex.
pub const GENESIS: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The lowercase hex SHA-256 of `line` (a line's bytes without its newline).
pub fn line_hash(line: &[u8]) -> String {
    hex::encode(Sha256::digest(line))
}

#[cfg(test)]
mod tests;
