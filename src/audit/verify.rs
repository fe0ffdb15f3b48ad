//! Checking the chain ([`verify`]): every line a record, every `prev` the hash of the line
//! before, fragments left by a crash repaired by the record after them.

use std::path::Path;

use serde::Serialize;

use super::read::parse_line;
use super::{AuditError, GENESIS, line_hash};

/// What is wrong at the first bad position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The line is not a record (not JSON, not `mynapin.audit/2` or `/1`, no valid `prev`), and no
    /// repairing record follows it.
    Malformed,
    /// The line's `prev` is not the hash of the line before it: the line before was
    /// edited, or lines were removed, inserted or moved just before this one (for line
    /// 1: the first lines were removed). Also a `repaired_truncation` record with no
    /// fragment before it, or one whose `intact_prev` is wrong.
    Mismatch,
    /// The last line has no newline: a write was cut short (a crash) and no record was
    /// appended since. The next append repairs the chain around it.
    TruncatedTail,
}

/// The first bad position in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong there.
    pub kind: ProblemKind,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Lines in the file (a last line without its newline counted).
    pub lines: usize,
    /// Well-formed records whose chain was checked, before the first problem.
    pub records: usize,
    /// Line numbers of fragments left by a crash that a later record repaired (the chain
    /// goes on around them); the log is still intact.
    pub repaired: Vec<usize>,
    /// The hash of the last line checked: note it elsewhere to notice later the removal or
    /// edit of the last lines, which the chain alone cannot show.
    pub last_hash: String,
    /// The first problem; `None` when the log is intact.
    pub problem: Option<ChainProblem>,
}

impl VerifyReport {
    /// Whether the whole chain holds (repaired fragments allowed).
    pub fn intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// Walks the chain of the log at `path` and names the first bad position.
///
/// # Errors
///
/// [`AuditError::Unreadable`] when the file cannot be read (a missing file included).
pub fn verify(path: &Path) -> Result<VerifyReport, AuditError> {
    let bytes = std::fs::read(path).map_err(|source| AuditError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    Ok(verify_bytes(&bytes))
}

/// Walks the chain of a log's bytes (any bytes: nothing here panics).
pub fn verify_bytes(bytes: &[u8]) -> VerifyReport {
    let mut segments: Vec<&[u8]> = bytes.split(|&byte| byte == b'\n').collect();
    // What follows the last newline: empty, or a fragment.
    let fragment = segments.pop().unwrap_or_default();
    let mut report = VerifyReport {
        lines: segments.len() + usize::from(!fragment.is_empty()),
        records: 0,
        repaired: Vec::new(),
        last_hash: GENESIS.to_owned(),
        problem: None,
    };
    // The hash of the line before the current one, and of the last good record.
    let mut before = GENESIS.to_owned();
    let mut intact = GENESIS.to_owned();
    // Lines that are not records, since the last good record.
    let mut pending: Vec<usize> = Vec::new();
    for (index, line) in segments.iter().enumerate() {
        let number = index + 1;
        let hash = line_hash(line);
        match parse_line(line) {
            None => pending.push(number),
            Some(fields) => {
                let linked = if pending.is_empty() {
                    !fields.repaired && fields.prev == before
                } else {
                    fields.repaired
                        && fields.prev == before
                        && fields.intact_prev.as_deref() == Some(intact.as_str())
                };
                if !linked {
                    let (line, kind) = match pending.first() {
                        Some(&first) if !fields.repaired => (first, ProblemKind::Malformed),
                        _ => (number, ProblemKind::Mismatch),
                    };
                    report.problem = Some(ChainProblem { line, kind });
                    report.last_hash = before;
                    return report;
                }
                report.records += 1;
                report.repaired.append(&mut pending);
                intact = hash.clone();
            }
        }
        before = hash;
    }
    report.last_hash = before;
    if !fragment.is_empty() {
        report.last_hash = line_hash(fragment);
        report.problem = Some(ChainProblem {
            line: report.lines,
            kind: ProblemKind::TruncatedTail,
        });
    } else if let Some(&first) = pending.first() {
        report.problem = Some(ChainProblem {
            line: first,
            kind: ProblemKind::Malformed,
        });
    }
    report
}
