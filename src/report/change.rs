//! `mynapin.change/1`: a PIN changed, printed by `change`.

use serde::Serialize;

use super::{CardDescription, Document, PinRow};
use crate::card::{ChangeOutcome, PinKind};

/// The `mynapin.change/1` document (failures are [`ErrorDocument`](super::ErrorDocument)s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeDocument {
    schema: &'static str,
    /// The card used.
    pub card: CardDescription,
    /// Which PIN.
    pub kind: PinKind,
    result: &'static str,
    /// Tries left before the flow's VERIFY; `null` when the card would not say.
    pub tries_before: Option<u8>,
    /// The PIN's row read after the change; `null` when that read failed (the change
    /// stands).
    pub after: Option<PinRow>,
    /// Whether a signature password was upper-cased before it was sent.
    pub uppercased: bool,
    /// Whether the card was left unpowered (no verified state lingers).
    pub unpowered: bool,
}

impl ChangeDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.change/1";

    /// The document of `outcome` on `card`.
    pub fn new(
        card: CardDescription,
        outcome: &ChangeOutcome,
        uppercased: bool,
        unpowered: bool,
    ) -> Self {
        ChangeDocument {
            schema: Self::SCHEMA,
            card,
            kind: outcome.kind,
            result: "changed",
            tries_before: outcome.tries_before,
            after: outcome
                .status_after
                .map(|status| PinRow::new(outcome.kind, status)),
            uppercased,
            unpowered,
        }
    }
}

impl Document for ChangeDocument {
    const SCHEMA: &'static str = ChangeDocument::SCHEMA;
}
