//! `mynapin.doctor/1`: what `doctor` found, one entry per check in its order
//! ([`crate::doctor::CheckId::ALL`]).

use serde::Serialize;

use super::Document;
use crate::doctor::{Finding, any_failure};
use crate::messages::Message;

/// The `mynapin.doctor/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoctorDocument {
    schema: &'static str,
    /// No check failed (the exit code is then 0, else 3).
    pub ok: bool,
    /// One entry per check.
    pub checks: Vec<DoctorCheck>,
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoctorCheck {
    /// Its stable name (`pcsc-library`, `pcscd`, …).
    pub check: &'static str,
    /// `ok`, `warning`, `failure` or `skipped`.
    pub outcome: &'static str,
    /// What was found, in the user's language.
    pub summary: String,
    /// What to do, in the user's language; `null` when nothing.
    pub fix: Option<String>,
    /// Details, one per line (e.g. one per reader), in the user's language.
    pub items: Vec<String>,
}

impl DoctorDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.doctor/1";

    /// The document of `findings`, its sentences rendered by `text`.
    pub fn new(findings: &[Finding], text: impl Fn(&Message) -> String) -> Self {
        DoctorDocument {
            schema: Self::SCHEMA,
            ok: !any_failure(findings),
            checks: findings
                .iter()
                .map(|finding| DoctorCheck {
                    check: finding.check.name(),
                    outcome: finding.outcome.name(),
                    summary: text(&finding.summary),
                    fix: finding.fix.as_ref().map(&text),
                    items: finding.items.iter().map(&text).collect(),
                })
                .collect(),
        }
    }
}

impl Document for DoctorDocument {
    const SCHEMA: &'static str = DoctorDocument::SCHEMA;
}
