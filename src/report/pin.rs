//! One PIN's row in a document: `kind`, `state`, and `left`/`max` or `reason` as the
//! card told them.

use serde::Serialize;

use crate::card::{PinKind, PinStatus, Unavailable};

/// A PIN's `state` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinState {
    /// Tries remain (`left` > 0).
    Remaining,
    /// No tries left.
    Blocked,
    /// The card answered `90 00`: verified in this card session, no counter given.
    Verified,
    /// The PIN is not in use on this card (with a `reason`).
    NotAvailable,
}

/// One PIN row: `{"kind","state","left","max"}`, `{"kind","state":"verified","max"}` or
/// `{"kind","state":"not-available","reason"}`; absent fields are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PinRow {
    /// Which PIN.
    pub kind: PinKind,
    /// Its state.
    pub state: PinState,
    /// Tries left (0 when blocked); absent when the card gave no counter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<u8>,
    /// The counter's maximum; absent for a PIN that is not available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
    /// Why the PIN is not available; only with [`PinState::NotAvailable`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Unavailable>,
}

impl PinRow {
    /// The row of `kind` in `status`. A verified PIN shows its kind's maximum.
    pub fn new(kind: PinKind, status: PinStatus) -> Self {
        let row = |state, left, max, reason| PinRow {
            kind,
            state,
            left,
            max,
            reason,
        };
        match status {
            PinStatus::Remaining { left, max } => {
                row(PinState::Remaining, Some(left), Some(max), None)
            }
            PinStatus::Blocked { max } => row(PinState::Blocked, Some(0), Some(max), None),
            PinStatus::Verified => row(PinState::Verified, None, Some(kind.max_tries()), None),
            PinStatus::NotAvailable(reason) => {
                row(PinState::NotAvailable, None, None, Some(reason))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: impl Serialize) -> String {
        serde_json::to_string(&value).expect("serialisable")
    }

    #[test]
    fn kinds_and_reasons_serialise_as_their_stable_names() {
        for kind in PinKind::ALL {
            assert_eq!(json(kind), format!("\"{}\"", kind.name()));
        }
        for reason in [
            Unavailable::NoSignatureCertificate,
            Unavailable::ApplicationNotFound,
            Unavailable::PinNotFound,
        ] {
            assert_eq!(json(reason), format!("\"{}\"", reason.name()));
        }
    }

    #[test]
    fn each_state_prints_only_its_own_fields_in_order() {
        let rows = [
            (
                PinRow::new(PinKind::Auth, PinStatus::Remaining { left: 2, max: 3 }),
                r#"{"kind":"auth","state":"remaining","left":2,"max":3}"#,
            ),
            (
                PinRow::new(PinKind::Sign, PinStatus::Blocked { max: 5 }),
                r#"{"kind":"sign","state":"blocked","left":0,"max":5}"#,
            ),
            (
                PinRow::new(PinKind::Sign, PinStatus::Verified),
                r#"{"kind":"sign","state":"verified","max":5}"#,
            ),
            (
                PinRow::new(
                    PinKind::Juki,
                    PinStatus::NotAvailable(Unavailable::ApplicationNotFound),
                ),
                r#"{"kind":"juki","state":"not-available","reason":"application-not-found"}"#,
            ),
        ];
        for (row, expected) in rows {
            assert_eq!(json(row), expected);
        }
    }
}
