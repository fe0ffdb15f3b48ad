//! `mynapin.reset/1`: a PIN reset (初期化), printed by `reset`.

use serde::Serialize;

use super::{CardDescription, Document, PinRow};
use crate::card::{Authority, PinKind, ResetOutcome};

/// The `mynapin.reset/1` document (failures, including an issuer's reset not done, are
/// [`ErrorDocument`](super::ErrorDocument)s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResetDocument {
    schema: &'static str,
    /// The card used.
    pub card: CardDescription,
    /// Which PIN.
    pub kind: PinKind,
    /// Who authorised the reset: `other-password`, `terminal-key` or `issuer`.
    pub authority: Authority,
    result: &'static str,
    /// The PIN's row read before the reset (for `issuer`, before the hand-over).
    pub before: PinRow,
    /// The PIN's row read after; `null` when that read failed (the reset stands).
    pub after: Option<PinRow>,
    /// Whether the new value was verified afterwards (`issuer` with `--confirm`).
    pub new_value_verified: bool,
    /// Whether a signature password (the new value or the proving one) was upper-cased
    /// before it was sent.
    pub uppercased: bool,
    /// Whether the card was left unpowered after PIN work (no verified state lingers);
    /// `null` when no PIN was sent (`issuer` without `--confirm`).
    pub unpowered: Option<bool>,
}

impl ResetDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.reset/1";

    /// The document of `outcome` on `card`.
    pub fn new(
        card: CardDescription,
        outcome: &ResetOutcome,
        new_value_verified: bool,
        uppercased: bool,
        unpowered: Option<bool>,
    ) -> Self {
        ResetDocument {
            schema: Self::SCHEMA,
            card,
            kind: outcome.kind,
            authority: outcome.authority,
            result: "reset",
            before: PinRow::new(outcome.kind, outcome.status_before),
            after: outcome
                .status_after
                .map(|status| PinRow::new(outcome.kind, status)),
            new_value_verified,
            uppercased,
            unpowered,
        }
    }
}

impl Document for ResetDocument {
    const SCHEMA: &'static str = ResetDocument::SCHEMA;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::PinStatus;

    #[test]
    fn fields_in_order_with_the_authority_by_its_stable_name() {
        let outcome = ResetOutcome {
            kind: PinKind::Sign,
            authority: Authority::OtherPassword,
            status_before: PinStatus::Blocked { max: 5 },
            status_after: Some(PinStatus::Remaining { left: 5, max: 5 }),
        };
        let line = ResetDocument::new(
            CardDescription::simulated(None),
            &outcome,
            false,
            true,
            Some(true),
        )
        .to_json_line()
        .unwrap();
        assert_eq!(
            line,
            "{\"schema\":\"mynapin.reset/1\",\"card\":{\"source\":\"simulated\",\"profile\":null},\
             \"kind\":\"sign\",\"authority\":\"other-password\",\"result\":\"reset\",\
             \"before\":{\"kind\":\"sign\",\"state\":\"blocked\",\"left\":0,\"max\":5},\
             \"after\":{\"kind\":\"sign\",\"state\":\"remaining\",\"left\":5,\"max\":5},\
             \"new_value_verified\":false,\"uppercased\":true,\"unpowered\":true}\n"
        );
    }
}
