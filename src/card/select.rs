//! Moving to a PIN's application and key reference, and reading which certificates exist:
//! the SELECTs and the READ BINARY that come before every PIN command (docs/protocol.md §10.1).

use crate::apdu::StatusWord;
use crate::layout::{CERT_PRESENT, EF_JPKI_CERT_PRESENCE, PinKind};
use crate::transport::Transport;

use super::{Card, CardError, apdus};

/// The step name of SELECT of `kind`'s application, for [`CardError::UnexpectedStatus`].
pub(super) fn application_step(kind: PinKind) -> &'static str {
    match kind {
        PinKind::Auth | PinKind::Sign => "SELECT JPKI AP",
        PinKind::Text => "SELECT text AP",
        PinKind::Juki => "SELECT 住基 AP",
    }
}

/// The step name of SELECT of `kind`'s key reference, for [`CardError::UnexpectedStatus`].
fn pin_file_step(kind: PinKind) -> &'static str {
    match kind {
        PinKind::Auth => "SELECT EF 0018",
        PinKind::Sign => "SELECT EF 001B",
        PinKind::Text => "SELECT EF 0011",
        PinKind::Juki => "SELECT EF 001C",
    }
}

impl<T: Transport> Card<T> {
    /// SELECT `kind`'s application `00 A4 04 0C 0A <AID>`; `Ok(false)` on `6A 82`.
    pub(super) fn select_application(&mut self, kind: PinKind) -> Result<bool, CardError> {
        let command = apdus::select_application(kind.application());
        let step = application_step(kind);
        let found = found(self.transmit(&command)?.status(), step)?;
        tracing::debug!(step, found, "application selected");
        Ok(found)
    }

    /// SELECT `kind`'s key reference `00 A4 02 0C 02 <IEF>` (its application already
    /// selected); `Ok(false)` on `6A 82`.
    pub(super) fn select_pin_file(&mut self, kind: PinKind) -> Result<bool, CardError> {
        let command = apdus::select_file(kind.file_id());
        let step = pin_file_step(kind);
        let found = found(self.transmit(&command)?.status(), step)?;
        tracing::debug!(step, found, "PIN key reference selected");
        Ok(found)
    }

    /// Reads JPKI EF `0008` (JPKI AP already selected): `Some(true)` when its first byte
    /// is `8F` (signature certificate present), `Some(false)` for any other first byte,
    /// `None` when the file cannot be read.
    pub(super) fn read_certificate_presence(&mut self) -> Result<Option<bool>, CardError> {
        let select = apdus::select_file(EF_JPKI_CERT_PRESENCE);
        if !found(self.transmit(&select)?.status(), "SELECT EF 0008")? {
            return Ok(None);
        }
        let response = self.transmit(&apdus::read_binary(3))?;
        let present = match (response.status(), response.data().first()) {
            (StatusWord::Success, Some(&first)) => Some(first == CERT_PRESENT),
            _ => None,
        };
        tracing::debug!(
            signature_certificate = ?present,
            "JPKI EF 0008 read (which certificates the card holds)"
        );
        Ok(present)
    }
}

/// A SELECT's answer: `90 00` found, `6A 82` not found, anything else unexpected.
fn found(sw: StatusWord, step: &'static str) -> Result<bool, CardError> {
    match sw {
        StatusWord::Success => Ok(true),
        StatusWord::FileNotFound => Ok(false),
        sw => Err(CardError::UnexpectedStatus { step, sw }),
    }
}
