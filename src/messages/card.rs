//! Card-flow failures, each with what the citizen or the staff can do next. An unknown
//! outcome never advises "try again" before the card's state is known.

use crate::card::{Authority, CardError, Operation, PinKind};

use super::{Message, pin_label, pin_name, reset_advice};

/// The official routes to reset `kind` (docs/protocol.md §6): the municipal counter with the
/// J-LIS equipment, and for a JPKI password also the kiosk with the other JPKI password.
fn reset_routes(kind: PinKind) -> Message {
    match kind.other_jpki() {
        Some(other) => Message::new("reset-routes-jpki").with("other", pin_name(other)),
        None => Message::new("reset-routes-office"),
    }
}

impl Authority {
    /// The authority as a short noun phrase ("the other JPKI password", …).
    pub fn message(&self) -> Message {
        match self {
            Authority::OtherPassword => Message::new("authority-other-password"),
            Authority::TerminalKey => Message::new("authority-terminal-key"),
            Authority::Issuer => Message::new("authority-issuer"),
        }
    }
}

impl Operation {
    /// The operation as a noun ("verification", "change").
    pub fn message(&self) -> Message {
        match self {
            Operation::Verify => Message::new("operation-verify"),
            Operation::Change => Message::new("operation-change"),
            Operation::Reset => Message::new("operation-reset"),
        }
    }
}

impl CardError {
    /// The explanation of the failure, with what to do next.
    pub fn message(&self) -> Message {
        match self {
            CardError::PinFormat(format) => format.message(),
            CardError::SameNewPin(kind) => {
                Message::new("card-same-new-pin").with("label", pin_label(*kind))
            }
            CardError::KindMismatch { current, new } => Message::new("card-kind-mismatch")
                .with("current", pin_name(*current))
                .with("new", pin_name(*new)),
            CardError::NewPinMismatch(kind) => {
                Message::new("card-new-pin-mismatch").with("label", pin_label(*kind))
            }
            CardError::NotAvailable { kind, reason } => Message::new("card-not-available")
                .with("label", pin_label(*kind))
                .with("reason", reason.message()),
            CardError::WrongPin { kind, left } => Message::new("card-wrong-pin")
                .with("pin", pin_name(*kind))
                .with("left", *left),
            CardError::Blocked {
                kind,
                just_now: true,
            } => Message::new("card-blocked-just-now")
                .with("pin", pin_name(*kind))
                .with("advice", reset_advice(*kind)),
            CardError::Blocked {
                kind,
                just_now: false,
            } => Message::new("card-blocked")
                .with("pin", pin_name(*kind))
                .with("advice", reset_advice(*kind)),
            CardError::LastTryGuard(kind) => {
                Message::new("card-last-try-guard").with("pin", pin_name(*kind))
            }
            CardError::UnconfirmedCommand { kind, operation } => {
                Message::new("card-unconfirmed-command")
                    .with("pin", pin_name(*kind))
                    .with("operation", operation.message())
            }
            CardError::CounterUnknown(kind) => {
                Message::new("card-counter-unknown").with("pin", pin_name(*kind))
            }
            CardError::OutcomeUnknown {
                kind,
                operation,
                source,
            } => Message::new("card-outcome-unknown")
                .with("pin", pin_name(*kind))
                .with("operation", operation.message())
                .with("cause", source.cause_message()),
            CardError::OutcomeUnknownStatus {
                kind,
                operation,
                sw,
            } => Message::new("card-outcome-unknown")
                .with("pin", pin_name(*kind))
                .with("operation", operation.message())
                .with(
                    "cause",
                    Message::new("cause-execution-error").with("sw", sw.to_string()),
                ),
            CardError::NewPinRejected { kind, sw } => Message::new("card-new-pin-rejected")
                .with("pin", pin_name(*kind))
                .with("sw", sw.to_string()),
            CardError::UnexpectedStatus { step, sw } => Message::new("card-unexpected-status")
                .with("step", *step)
                .with("sw", sw.to_string()),
            CardError::AuthorityNotApplicable { kind, authority } => {
                Message::new("card-authority-not-applicable")
                    .with("label", pin_label(*kind))
                    .with("authority", authority.message())
                    .with("routes", reset_routes(*kind))
            }
            CardError::TerminalKeyRejected { left } => {
                Message::new("card-terminal-key-rejected").with("left", *left)
            }
            CardError::TerminalKeyBlocked { just_now: true } => {
                Message::new("card-terminal-key-blocked-just-now")
            }
            CardError::TerminalKeyBlocked { just_now: false } => {
                Message::new("card-terminal-key-blocked")
            }
            CardError::NoTerminalKey => Message::new("card-no-terminal-key"),
            CardError::ResetUnsupported {
                kind,
                authority,
                step,
                sw,
            } => Message::new("card-reset-unsupported")
                .with("pin", pin_name(*kind))
                .with("authority", authority.message())
                .with("step", *step)
                .with("sw", sw.to_string())
                .with("routes", reset_routes(*kind)),
            CardError::ResetNotDone { kind, status } => Message::new("card-reset-not-done")
                .with("pin", pin_name(*kind))
                .with("state", status.message())
                .with("routes", reset_routes(*kind)),
            CardError::Transport(transport) => transport.message(),
        }
    }
}
