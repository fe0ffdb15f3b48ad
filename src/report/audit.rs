//! The audit log's documents: `mynapin.audit/2` (one record line, written by
//! [`crate::audit::AuditLog`]) and `mynapin.audit-verify/1` (the result of
//! `mynapin audit verify`).

use serde::Serialize;

use super::Document;
use crate::audit::{AuditRecord, ChainProblem, VerifyReport};

impl Document for AuditRecord {
    const SCHEMA: &'static str = AuditRecord::SCHEMA;
}

/// The `mynapin.audit-verify/1` document: whether the log's chain holds, and where it
/// breaks first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerifyDocument {
    schema: &'static str,
    /// The log file.
    pub log: String,
    /// Whether the chain holds (repaired fragments allowed).
    pub intact: bool,
    /// Lines in the file.
    pub lines: usize,
    /// Records checked before the first problem.
    pub records: usize,
    /// Line numbers of fragments left by a crash and repaired by the next record.
    pub repaired_truncations: Vec<usize>,
    /// The hash of the last line checked.
    pub last_hash: String,
    /// The first problem, `null` when intact.
    pub problem: Option<ChainProblem>,
}

impl AuditVerifyDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.audit-verify/1";

    /// The document of `report` on the log at `log`.
    pub fn new(log: &std::path::Path, report: &VerifyReport) -> Self {
        AuditVerifyDocument {
            schema: Self::SCHEMA,
            log: log.display().to_string(),
            intact: report.intact(),
            lines: report.lines,
            records: report.records,
            repaired_truncations: report.repaired.clone(),
            last_hash: report.last_hash.clone(),
            problem: report.problem,
        }
    }
}

impl Document for AuditVerifyDocument {
    const SCHEMA: &'static str = AuditVerifyDocument::SCHEMA;
}
