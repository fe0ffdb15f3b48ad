//! The `status` flow: reading counters without consuming a try, with the empty VERIFY
//! `00 20 00 80` (docs/protocol.md §3.1), and decoding its answer (docs/protocol.md §3.2).

use crate::apdu::StatusWord;
use crate::transport::{Disposition, Transport};

use super::{Card, CardError, PinKind, PinReport, PinStatus, StatusReport, Unavailable, apdus};

/// Decodes the answer to the empty VERIFY (docs/protocol.md §3.2): `63 Cx` x tries left
/// (`63 C0`, `69 83`, `69 84` blocked), `90 00` already verified in this card session.
fn decode_query(kind: PinKind, sw: StatusWord) -> Result<PinStatus, CardError> {
    let max = kind.max_tries();
    match sw {
        StatusWord::RemainingTries(0)
        | StatusWord::ReferenceDataBlocked
        | StatusWord::AuthenticationMethodBlocked => Ok(PinStatus::Blocked { max }),
        StatusWord::RemainingTries(left) => Ok(PinStatus::Remaining {
            left,
            max: max.max(left),
        }),
        StatusWord::Success => Ok(PinStatus::Verified),
        sw => Err(CardError::UnexpectedStatus {
            step: "VERIFY (counter query)",
            sw,
        }),
    }
}

impl<T: Transport> Card<T> {
    /// The state of all four PINs. Sends no VERIFY with data and changes no counter.
    pub fn status(&mut self) -> Result<StatusReport, CardError> {
        self.status_of(&PinKind::ALL)
    }

    /// The state of the PINs in `kinds` (reported in [`PinKind::ALL`] order). Sends no
    /// VERIFY with data and changes no counter.
    ///
    /// APDUs: for auth/sign, SELECT JPKI AP, then (only when sign is asked) SELECT + READ
    /// BINARY EF `0008`, then SELECT + query for `0018` and for `001B` (also on a card
    /// without the signature certificate, whose `001B` may be missing or may answer with
    /// a counter: [`StatusReport::signature_certificate`] says which card it is); for text
    /// and 住基, SELECT AP, SELECT + query.
    pub fn status_of(&mut self, kinds: &[PinKind]) -> Result<StatusReport, CardError> {
        let wanted = |kind: PinKind| kinds.contains(&kind);
        self.in_transaction(Disposition::Leave, |card| {
            let mut pins = Vec::with_capacity(PinKind::ALL.len());
            let mut signature_certificate = None;
            let jpki: Vec<PinKind> = [PinKind::Auth, PinKind::Sign]
                .into_iter()
                .filter(|&kind| wanted(kind))
                .collect();
            if !jpki.is_empty() {
                if card.select_application(PinKind::Auth)? {
                    if wanted(PinKind::Sign) {
                        signature_certificate = card.read_certificate_presence()?;
                    }
                    for kind in jpki {
                        let status = match (kind, card.query_in_application(kind)?) {
                            // A card without the signature certificate (a child's) may
                            // lack IEF 001B or keep it with a counter; which real cards do
                            // is not public, so both are reported as they are.
                            (PinKind::Sign, PinStatus::NotAvailable(Unavailable::PinNotFound))
                                if signature_certificate == Some(false) =>
                            {
                                PinStatus::NotAvailable(Unavailable::NoSignatureCertificate)
                            }
                            (_, status) => status,
                        };
                        pins.push(PinReport { kind, status });
                    }
                } else {
                    for kind in jpki {
                        pins.push(PinReport {
                            kind,
                            status: PinStatus::NotAvailable(Unavailable::ApplicationNotFound),
                        });
                    }
                }
            }
            for kind in [PinKind::Text, PinKind::Juki]
                .into_iter()
                .filter(|&kind| wanted(kind))
            {
                let status = card.query(kind)?;
                pins.push(PinReport { kind, status });
            }
            Ok(StatusReport {
                pins,
                signature_certificate,
            })
        })
    }

    /// SELECT AP, SELECT PIN EF, empty VERIFY.
    pub(super) fn query(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        if !self.select_application(kind)? {
            return Ok(PinStatus::NotAvailable(Unavailable::ApplicationNotFound));
        }
        self.query_in_application(kind)
    }

    /// SELECT PIN EF and empty VERIFY, with the PIN's application already selected.
    pub(super) fn query_in_application(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        if !self.select_pin_file(kind)? {
            return Ok(PinStatus::NotAvailable(Unavailable::PinNotFound));
        }
        self.query_selected(kind)
    }

    /// The empty VERIFY on the key reference already selected.
    pub(super) fn query_selected(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        let response = self.transmit(&apdus::query_counter())?;
        let status = decode_query(kind, response.status());
        if let Ok(status) = &status {
            tracing::debug!(
                pin = kind.name(),
                ?status,
                "counter read (empty VERIFY, no try consumed)"
            );
        }
        status
    }
}
