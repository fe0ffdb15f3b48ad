//! Card-layer errors: each names the PIN and keeps the status word where there is one.

use crate::apdu::StatusWord;
use crate::transport::TransportError;

use super::{Authority, PinFormatError, PinKind, PinStatus, Unavailable};

/// A write the card layer sends: the operation whose answer was lost, or that a
/// [`PinOptions`](super::PinOptions) policy does not permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// VERIFY with a value `00 20 00 80 Lc <PIN>`.
    Verify,
    /// CHANGE REFERENCE DATA `00 24 01 80` or, for the 住基 PIN, CHANGE KEY `80 32 00 80`.
    Change,
    /// RESET RETRY COUNTER `00 2C 02 80 Lc <new>`, after the other JPKI password's VERIFY or
    /// the terminal key's EXTERNAL AUTHENTICATE `00 82 00 00 10` (this project's definition
    /// for simulated and test cards; no public source shows it on a real card).
    Reset,
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
    #[error("wrong {kind} PIN: {} left", counted(.left, "try", "tries"))]
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
    /// The operation's command on this PIN is not confirmed on real cards (docs/protocol.md
    /// §5.1: the 住基 PIN's CHANGE KEY `80 32 00 80`), and the caller's
    /// [`PinOptions`](super::PinOptions) did not allow it; nothing was sent to the card.
    #[error(
        "the {kind} {operation:?} command is not confirmed on real cards; refused without an explicit override"
    )]
    UnconfirmedCommand {
        /// Which PIN.
        kind: PinKind,
        /// What was asked.
        operation: Operation,
    },
    /// Exactly one try is left and the caller did not allow spending it.
    #[error("only one try is left for the {0} PIN; refused without an explicit override")]
    LastTryGuard(PinKind),
    /// The card reports the PIN as verified even after a power cycle, so its counter
    /// cannot be read; refused without an explicit override.
    #[error("the card does not report the {0} PIN's counter; refused without an explicit override")]
    CounterUnknown(PinKind),
    /// The connection dropped after a VERIFY, CHANGE or RESET RETRY COUNTER was sent,
    /// before its answer came.
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
    /// VERIFY, CHANGE or RESET RETRY COUNTER answered an execution error (`64 xx`, `65 xx`, `6F 00`): the card
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
    /// CHANGE or RESET RETRY COUNTER answered `6A 80`: the card rejected the new value's
    /// format.
    #[error("the card rejected the new {kind} PIN ({sw})")]
    NewPinRejected {
        /// Which PIN.
        kind: PinKind,
        /// The card's answer.
        sw: StatusWord,
    },
    /// The reset authority cannot reset this PIN; nothing was sent to the card. The other
    /// password proves only the two JPKI passwords (`auth` ↔ `sign`); the terminal key
    /// resets `auth`, `sign` and `text`, not the 住基 PIN.
    #[error("the {kind} PIN cannot be reset by the {authority} authority")]
    AuthorityNotApplicable {
        /// The PIN to reset.
        kind: PinKind,
        /// The authority asked for.
        authority: Authority,
    },
    /// EXTERNAL AUTHENTICATE `00 82` answered `63 Cx` (x > 0): the card rejected the
    /// terminal key; `left` attempts remain. The target PIN is untouched.
    #[error("the card rejected the terminal key: {} left", counted(.left, "attempt", "attempts"))]
    TerminalKeyRejected {
        /// Attempts left for the terminal key.
        left: u8,
    },
    /// EXTERNAL AUTHENTICATE `00 82` answered `69 83` (or `63 C0`, `just_now`): the
    /// terminal key is blocked on this card. The target PIN is untouched.
    #[error("the terminal key is blocked on this card")]
    TerminalKeyBlocked {
        /// True when this flow's attempt used the key's last one (`63 C0`).
        just_now: bool,
    },
    /// EXTERNAL AUTHENTICATE `00 82` answered `6A 88`: the card holds no terminal key.
    #[error("the card has no terminal key")]
    NoTerminalKey,
    /// The card does not support this reset: it answered `6D 00`, `69 82` or `6A 86` to
    /// GET CHALLENGE `00 84`, EXTERNAL AUTHENTICATE `00 82` or RESET RETRY COUNTER `00 2C`
    /// (every real card today); nothing was changed. Only the official routes remain.
    #[error("the card does not support the {authority} reset of the {kind} PIN ({step} → {sw})")]
    ResetUnsupported {
        /// The PIN to reset.
        kind: PinKind,
        /// The authority tried.
        authority: Authority,
        /// The command refused, e.g. `RESET RETRY COUNTER`.
        step: &'static str,
        /// The card's answer.
        sw: StatusWord,
    },
    /// After the hand-over to the issuer's (J-LIS) equipment, the PIN's counter is not
    /// back at its maximum: the reset has not been done (or not on this card).
    #[error("the {kind} PIN is not reset: its counter is not back at its maximum")]
    ResetNotDone {
        /// The PIN.
        kind: PinKind,
        /// Its state read now.
        status: PinStatus,
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

/// `1 try`, `2 tries`: a count with its noun, for the English `Display` texts.
fn counted(count: &u8, one: &str, other: &str) -> String {
    let noun = if *count == 1 { one } else { other };
    format!("{count} {noun}")
}
