//! Reading counters without consuming a try: the empty VERIFY `00 20 00 80` (protocol.md
//! §3.1), the `status` flow, and the guarded counter read that precedes every VERIFY.

use crate::apdu::{Command, INS_VERIFY, StatusWord};
use crate::transport::{Disposition, Transport};

use super::{
    Card, CardError, PinKind, PinOptions, PinReport, PinStatus, StatusReport, Unavailable,
};

/// Step names for error messages, per application.
fn select_step(kind: PinKind) -> &'static str {
    match kind {
        PinKind::Auth | PinKind::Sign => "SELECT JPKI AP",
        PinKind::Text => "SELECT text AP",
        PinKind::Juki => "SELECT 住基 AP",
    }
}

fn select_pin_step(kind: PinKind) -> &'static str {
    match kind {
        PinKind::Auth => "SELECT EF 0018",
        PinKind::Sign => "SELECT EF 001B",
        PinKind::Text => "SELECT EF 0011",
        PinKind::Juki => "SELECT EF 001C",
    }
}

/// Decodes the answer to the empty VERIFY (protocol.md §3.2).
pub(super) fn decode_query(kind: PinKind, sw: StatusWord) -> Result<PinStatus, CardError> {
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
    /// BINARY EF `0008`, then SELECT + query for `0018` and for `001B` (not on a card
    /// without the signature certificate); for text and 住基, SELECT AP, SELECT + query.
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
                if card
                    .select_application(PinKind::Auth.application(), select_step(PinKind::Auth))?
                {
                    if wanted(PinKind::Sign) {
                        signature_certificate = card.read_certificate_presence()?;
                    }
                    for kind in jpki {
                        let status = match (kind, signature_certificate) {
                            (PinKind::Sign, Some(false)) => {
                                PinStatus::NotAvailable(Unavailable::NoSignatureCertificate)
                            }
                            _ => card.query_in_application(kind)?,
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

    /// One PIN's state: SELECT its application and key reference, then the empty VERIFY.
    pub fn pin_status(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        self.in_transaction(Disposition::Leave, |card| card.query(kind))
    }

    /// SELECT AP, SELECT PIN EF, empty VERIFY.
    pub(super) fn query(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        if !self.select_application(kind.application(), select_step(kind))? {
            return Ok(PinStatus::NotAvailable(Unavailable::ApplicationNotFound));
        }
        self.query_in_application(kind)
    }

    /// SELECT PIN EF and empty VERIFY, with the PIN's application already selected.
    fn query_in_application(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        if !self.select_file(kind.file_id(), select_pin_step(kind))? {
            return Ok(PinStatus::NotAvailable(Unavailable::PinNotFound));
        }
        self.query_selected(kind)
    }

    /// The empty VERIFY on the key reference already selected.
    pub(super) fn query_selected(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        let response = self.transmit(&Command::new(0x00, INS_VERIFY, 0x00, 0x80))?;
        decode_query(kind, response.status())
    }

    /// The checks before a VERIFY with a value (safety rule 3). Selects the PIN's
    /// application and key reference, reads the counter, and returns the tries left
    /// (`None` when the card would not say and the caller allowed going on). Leaves the
    /// PIN's key reference selected.
    pub(super) fn guarded_counter(
        &mut self,
        kind: PinKind,
        options: PinOptions,
    ) -> Result<Option<u8>, CardError> {
        if !self.select_application(kind.application(), select_step(kind))? {
            return Err(CardError::NotAvailable {
                kind,
                reason: Unavailable::ApplicationNotFound,
            });
        }
        if kind == PinKind::Sign && self.read_certificate_presence()? == Some(false) {
            return Err(CardError::NotAvailable {
                kind,
                reason: Unavailable::NoSignatureCertificate,
            });
        }
        let mut status = self.query_in_application(kind)?;
        if status == PinStatus::Verified {
            // 90 00 means "already verified in this session": power-cycle so the counter
            // shows, then read it again (protocol.md §10.4).
            self.transport.reset_card(Disposition::Unpower)?;
            // Some cards answer the first command after a power-up with 6F 00 (MCARD,
            // protocol.md §10.2): send a harmless SELECT MF first and ignore its answer.
            self.transmit(&Command::new(0x00, crate::apdu::INS_SELECT, 0x00, 0x00))?;
            status = self.query(kind)?;
        }
        match status {
            PinStatus::Blocked { .. } => Err(CardError::Blocked {
                kind,
                just_now: false,
            }),
            PinStatus::NotAvailable(reason) => Err(CardError::NotAvailable { kind, reason }),
            PinStatus::Remaining { left: 1, .. } if !options.allow_last_try => {
                Err(CardError::LastTryGuard(kind))
            }
            PinStatus::Remaining { left, .. } => Ok(Some(left)),
            PinStatus::Verified if !options.allow_last_try => Err(CardError::CounterUnknown(kind)),
            PinStatus::Verified => Ok(None),
        }
    }
}
