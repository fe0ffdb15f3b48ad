//! `mynapin.verify/1`: a PIN verified, printed by `verify`.

use serde::Serialize;

use super::{CardDescription, Document};
use crate::card::{PinKind, VerifyOutcome};

/// The `mynapin.verify/1` document (failures are [`ErrorDocument`](super::ErrorDocument)s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyDocument {
    schema: &'static str,
    /// The card used.
    pub card: CardDescription,
    /// Which PIN.
    pub kind: PinKind,
    result: &'static str,
    /// Tries left before the VERIFY; `null` when the card would not say.
    pub tries_before: Option<u8>,
    /// Tries left now (the counter is back to its maximum).
    pub left: u8,
    /// The counter's maximum.
    pub max: u8,
    /// Whether the signature password was upper-cased before it was sent.
    pub uppercased: bool,
    /// Whether the card was left unpowered (no verified state lingers).
    pub unpowered: bool,
}

impl VerifyDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.verify/1";

    /// The document of `outcome` on `card`.
    pub fn new(
        card: CardDescription,
        outcome: &VerifyOutcome,
        uppercased: bool,
        unpowered: bool,
    ) -> Self {
        VerifyDocument {
            schema: Self::SCHEMA,
            card,
            kind: outcome.kind,
            result: "verified",
            tries_before: outcome.tries_before,
            left: outcome.tries_now,
            max: outcome.kind.max_tries(),
            uppercased,
            unpowered,
        }
    }
}

impl Document for VerifyDocument {
    const SCHEMA: &'static str = VerifyDocument::SCHEMA;
}
