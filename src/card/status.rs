//! What the card says about a PIN's counter, typed (never a bare status word).

use super::PinKind;

/// A PIN's state as read with the empty VERIFY `00 20 00 80` (docs/protocol.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinStatus {
    /// `63 Cx`, x > 0: x tries left out of `max`.
    Remaining {
        /// Tries left.
        left: u8,
        /// The counter's maximum for this kind (3 or 5).
        max: u8,
    },
    /// `63 C0`, `69 84` or `69 83`: no tries left; only a reset (初期化) helps.
    Blocked {
        /// The counter's maximum for this kind.
        max: u8,
    },
    /// `90 00`: already verified in this card session; the card gives no counter.
    Verified,
    /// The card has no such PIN in use, and says why.
    NotAvailable(Unavailable),
}

/// Why a PIN row has no counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unavailable {
    /// JPKI EF `0008` says the signature certificate does not exist (a child's card).
    NoSignatureCertificate,
    /// SELECT of the PIN's application answered `6A 82` (e.g. a smartphone JPKI token).
    ApplicationNotFound,
    /// SELECT of the PIN's key reference answered `6A 82`.
    PinNotFound,
}

impl Unavailable {
    /// The stable name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Unavailable::NoSignatureCertificate => "no-signature-certificate",
            Unavailable::ApplicationNotFound => "application-not-found",
            Unavailable::PinNotFound => "pin-not-found",
        }
    }
}

/// One row of a status report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinReport {
    /// Which PIN.
    pub kind: PinKind,
    /// Its state.
    pub status: PinStatus,
}

/// The state of every PIN on the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// One row per PIN, in [`PinKind::ALL`] order.
    pub pins: Vec<PinReport>,
    /// Whether the signature certificate exists (`None` when EF `0008` could not be read).
    pub signature_certificate: Option<bool>,
}

impl StatusReport {
    /// The row of one PIN.
    pub fn get(&self, kind: PinKind) -> Option<PinStatus> {
        self.pins
            .iter()
            .find(|row| row.kind == kind)
            .map(|row| row.status)
    }
}

impl serde::Serialize for PinStatus {
    /// As a document's PIN row without its `kind`: `{"state":"remaining","left":2,"max":3}`,
    /// `{"state":"blocked","left":0,"max":5}`, `{"state":"verified"}`,
    /// `{"state":"not-available","reason":"pin-not-found"}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match *self {
            PinStatus::Remaining { left, max } => {
                map.serialize_entry("state", "remaining")?;
                map.serialize_entry("left", &left)?;
                map.serialize_entry("max", &max)?;
            }
            PinStatus::Blocked { max } => {
                map.serialize_entry("state", "blocked")?;
                map.serialize_entry("left", &0u8)?;
                map.serialize_entry("max", &max)?;
            }
            PinStatus::Verified => map.serialize_entry("state", "verified")?,
            PinStatus::NotAvailable(reason) => {
                map.serialize_entry("state", "not-available")?;
                map.serialize_entry("reason", &reason)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialise_as_rows_without_a_kind() {
        let json = |status: PinStatus| serde_json::to_string(&status).unwrap();
        assert_eq!(
            json(PinStatus::Remaining { left: 2, max: 3 }),
            r#"{"state":"remaining","left":2,"max":3}"#
        );
        assert_eq!(
            json(PinStatus::Blocked { max: 5 }),
            r#"{"state":"blocked","left":0,"max":5}"#
        );
        assert_eq!(json(PinStatus::Verified), r#"{"state":"verified"}"#);
        assert_eq!(
            json(PinStatus::NotAvailable(Unavailable::PinNotFound)),
            r#"{"state":"not-available","reason":"pin-not-found"}"#
        );
    }
}
