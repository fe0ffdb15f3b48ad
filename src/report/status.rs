//! `mynapin.status/1`: every PIN's state, printed by `status`.

use serde::Serialize;

use super::{CardDescription, Document, PinRow};
use crate::card::StatusReport;

/// The `mynapin.status/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusDocument {
    schema: &'static str,
    /// The card read.
    pub card: CardDescription,
    /// Whether the signature certificate exists; `null` when it could not be read.
    pub signature_certificate: Option<bool>,
    /// One row per PIN asked for, in [`PinKind::ALL`](crate::card::PinKind::ALL) order.
    pub pins: Vec<PinRow>,
}

impl StatusDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.status/1";

    /// The document of `report`, read from `card`.
    pub fn new(card: CardDescription, report: &StatusReport) -> Self {
        StatusDocument {
            schema: Self::SCHEMA,
            card,
            signature_certificate: report.signature_certificate,
            pins: report
                .pins
                .iter()
                .map(|row| PinRow::new(row.kind, row.status))
                .collect(),
        }
    }
}

impl Document for StatusDocument {
    const SCHEMA: &'static str = StatusDocument::SCHEMA;
}
