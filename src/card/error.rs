//! Card-layer errors: each names the PIN and keeps the status word where there is one.

use crate::apdu::StatusWord;
use crate::transport::TransportError;

use super::{PinFormatError, PinKind, Unavailable};

/// The operation whose answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// VERIFY with a value: whether it consumed a try is unknown.
    Verify,
    /// CHANGE REFERENCE DATA / CHANGE KEY: whether the new value is set is unknown.
    Change,
}

/// Maps a status word answered to a VERIFY or CHANGE with a value that says the card
/// failed while executing it: `64 xx` (state of non-volatile memory unchanged is only
/// `64 00`, but the card's use of it is undocumented), `65 xx` (memory changed or failed),
/// `6F 00` (no precise diagnosis). The card may have written part of it, so the outcome is
/// unknown rather than a failure.
pub(super) fn execution_error(
    kind: PinKind,
    operation: Operation,
    sw: StatusWord,
) -> Option<CardError> {
    let [sw1, _] = sw.to_bytes();
    matches!(sw1, 0x64 | 0x65 | 0x6F).then_some(CardError::OutcomeUnknownStatus {
        kind,
        operation,
        sw,
    })
}

/// Maps the failure of a transmit that carried a write (VERIFY or CHANGE with a value).
///
/// When nothing can have reached the card (the command could not be encoded, or a
/// replayed trace expected another command), it is a plain transport error. Otherwise the
/// card may have executed the command, and the outcome is unknown (safety rule 5) — this
/// includes a response shorter than 2 bytes, which is how pcscd reports a card that
/// vanished mid-exchange.
pub(super) fn lost_answer(
    kind: PinKind,
    operation: Operation,
    source: TransportError,
) -> CardError {
    use crate::apdu::ApduError;
    match source {
        TransportError::Apdu(ApduError::ResponseTooShort(_)) => CardError::OutcomeUnknown {
            kind,
            operation,
            source,
        },
        // pcsc-lite reports a reset by another application before transmitting anything.
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

/// Why a card flow did not succeed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// The PIN's format is wrong; nothing was sent to the card.
    #[error(transparent)]
    PinFormat(#[from] PinFormatError),
    /// The new PIN equals the current one; nothing was sent to the card.
    #[error("the new {0} PIN is the same as the current one")]
    SameNewPin(PinKind),
    /// The current and the new value were checked for different PIN kinds (a caller bug).
    #[error("the current value is a {current} PIN but the new one a {new} PIN")]
    KindMismatch {
        /// The kind of the current value.
        current: PinKind,
        /// The kind of the new value.
        new: PinKind,
    },
    /// The new value was typed twice differently; nothing was sent to the card.
    #[error("the two entries of the new {0} PIN differ")]
    NewPinMismatch(PinKind),
    /// The PIN does not exist on this card.
    #[error("the {kind} PIN is not available on this card ({reason:?})")]
    NotAvailable {
        /// Which PIN.
        kind: PinKind,
        /// Why.
        reason: Unavailable,
    },
    /// The card refused the PIN; `left` tries remain (more than zero).
    #[error("wrong {kind} PIN: {left} tries left")]
    WrongPin {
        /// Which PIN.
        kind: PinKind,
        /// Tries left.
        left: u8,
    },
    /// The PIN is blocked. `just_now` is true when this flow's wrong try blocked it.
    #[error("the {kind} PIN is blocked")]
    Blocked {
        /// Which PIN.
        kind: PinKind,
        /// True when the try sent by this flow used the last attempt.
        just_now: bool,
    },
    /// Exactly one try is left and the caller did not allow spending it.
    #[error("only one try is left for the {0} PIN; refused without an explicit override")]
    LastTryGuard(PinKind),
    /// The card reports the PIN as verified even after a power cycle, so its counter
    /// cannot be read; refused without an explicit override.
    #[error("the card does not report the {0} PIN's counter; refused without an explicit override")]
    CounterUnknown(PinKind),
    /// The connection dropped after a VERIFY or CHANGE was sent, before its answer came.
    #[error("the card's answer to the {kind} {operation:?} was lost; the outcome is unknown")]
    OutcomeUnknown {
        /// Which PIN.
        kind: PinKind,
        /// What was sent.
        operation: Operation,
        /// The link failure.
        #[source]
        source: TransportError,
    },
    /// VERIFY or CHANGE answered an execution error (`64 xx`, `65 xx`, `6F 00`): the card
    /// may have written part of it; the outcome is unknown.
    #[error("the card answered {sw} to the {kind} {operation:?}; the outcome is unknown")]
    OutcomeUnknownStatus {
        /// Which PIN.
        kind: PinKind,
        /// What was sent.
        operation: Operation,
        /// The card's answer.
        sw: StatusWord,
    },
    /// CHANGE answered `6A 80`: the card rejected the new value's format.
    #[error("the card rejected the new {kind} PIN ({sw})")]
    NewPinRejected {
        /// Which PIN.
        kind: PinKind,
        /// The card's answer.
        sw: StatusWord,
    },
    /// The card answered a step with a status word the flow does not expect.
    #[error("unexpected answer {sw} to {step}")]
    UnexpectedStatus {
        /// The command, e.g. `SELECT JPKI AP`.
        step: &'static str,
        /// The card's answer.
        sw: StatusWord,
    },
    /// The card could not be reached.
    #[error(transparent)]
    Transport(#[from] TransportError),
}
