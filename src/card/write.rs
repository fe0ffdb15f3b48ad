//! Sending a write (a VERIFY with a value, a CHANGE) and classifying its answer, the one
//! step every PIN-carrying command goes through: a lost answer or an execution error
//! means the card may have acted, so the outcome is unknown (docs/DESIGN.md safety rule 5).

use crate::apdu::{ApduError, Command, StatusWord};
use crate::layout::PinKind;
use crate::transport::{Transport, TransportError};

use super::{Card, CardError, Operation};

impl<T: Transport> Card<T> {
    /// Transmits `command`, a write of `operation` carrying a `kind` PIN, on the key
    /// reference already selected. A link failure goes through [`lost_answer`]; an
    /// execution error through [`execution_error`]; any other status word is handed to
    /// `classify`.
    pub(super) fn send_write<R>(
        &mut self,
        command: &Command,
        kind: PinKind,
        operation: Operation,
        classify: impl FnOnce(StatusWord) -> Result<R, CardError>,
    ) -> Result<R, CardError> {
        tracing::debug!(
            pin = kind.name(),
            ?operation,
            "sending the value (its bytes are never logged)"
        );
        let response = self
            .transport
            .transmit(command)
            .map_err(|source| lost_answer(kind, operation, source))?;
        let sw = response.status();
        tracing::debug!(pin = kind.name(), ?operation, %sw, "the card answered the write");
        match execution_error(kind, operation, sw) {
            Some(error) => Err(error),
            None => classify(sw),
        }
    }
}

/// Maps a status word answered to a write that says the card failed while executing it:
/// `64 xx` (state of non-volatile memory unchanged is only `64 00`, but the card's use of
/// it is undocumented), `65 xx` (memory changed or failed), `6F xx` (`6F 00`: no precise
/// diagnosis). The card may have written part of it, so the outcome is unknown rather
/// than a failure.
fn execution_error(kind: PinKind, operation: Operation, sw: StatusWord) -> Option<CardError> {
    let [sw1, _] = sw.to_bytes();
    matches!(sw1, 0x64 | 0x65 | 0x6F).then_some(CardError::OutcomeUnknownStatus {
        kind,
        operation,
        sw,
    })
}

/// Maps the failure of a transmit that carried a write.
///
/// When nothing can have reached the card (the command could not be encoded, a replayed
/// trace expected another command, or pcsc-lite reported a reset by another application
/// before transmitting anything), it is a plain transport error. Otherwise the card may
/// have executed the command, and the outcome is unknown (safety rule 5) — this includes
/// a response shorter than 2 bytes, which is how pcscd reports a card that vanished
/// mid-exchange.
fn lost_answer(kind: PinKind, operation: Operation, source: TransportError) -> CardError {
    match source {
        TransportError::Apdu(ApduError::ResponseTooShort(_)) => CardError::OutcomeUnknown {
            kind,
            operation,
            source,
        },
        TransportError::Apdu(_) | TransportError::Divergence { .. } | TransportError::CardReset => {
            CardError::Transport(source)
        }
        source => CardError::OutcomeUnknown {
            kind,
            operation,
            source,
        },
    }
}
