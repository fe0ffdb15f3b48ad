//! Stable error codes and error classes: what a front end needs to react to a failure
//! without matching on the library's enums (as yubikey.rs gives `Error::name()`).
//!
//! Every library error implements [`Coded`]: [`Coded::code`] is the kebab-case string of
//! the `error` field of the `mynapin.error/2` JSON document (README "JSON"), stable across
//! versions; [`Coded::class`] is the [`ErrorClass`] a front end maps to its own reaction
//! (the CLI to an exit code, the counter page to a screen). [`ALL_CODES`] lists every code.

use crate::apdu::ApduError;
use crate::audit::AuditError;
use crate::card::CardError;
use crate::config::ConfigError;
use crate::procedure::{Refusal, RulesError};
use crate::sim::ProfileError;
use crate::sim::vpcd::VpcdError;
use crate::transport::{TraceError, TransportError};

/// What kind of failure an error is, for the caller's reaction. The CLI's exit codes
/// (README "Exit codes") are one per class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Usage or invalid input (a PIN of the wrong format, a broken profile or trace
    /// file, an unknown reader); nothing was sent to the card, or the card rejected the
    /// new value's format. CLI exit 2.
    Usage,
    /// The environment: pcscd not running, no reader, no card, card removed or reset,
    /// timeout. CLI exit 3.
    Environment,
    /// A wrong PIN (or a terminal key the card rejected); tries remain. CLI exit 4.
    WrongPin,
    /// The PIN (or the terminal key) is blocked (already, or by this wrong try). CLI exit 5.
    Blocked,
    /// Refused by a guard (last try, unknown counter, a command not confirmed on real
    /// cards, the counter's rules not met). CLI exit 6.
    Refused,
    /// The answer to a write (VERIFY, CHANGE, RESET RETRY COUNTER) was lost: whether it took effect is unknown
    /// (docs/DESIGN.md safety rule 5). CLI exit 7.
    OutcomeUnknown,
    /// Anything else: an unexpected answer from the card, a link failure. CLI exit 1.
    Other,
}

/// An error with a stable code and a class.
pub trait Coded {
    /// The stable kebab-case code, e.g. `wrong-pin` (one of [`ALL_CODES`]).
    fn code(&self) -> &'static str;
    /// The class of failure.
    fn class(&self) -> ErrorClass;
}

/// Every code [`Coded::code`] can return, for schemas and documentation.
pub const ALL_CODES: &[&str] = &[
    "pin-format",
    "same-new-pin",
    "new-pin-mismatch",
    "new-pin-rejected",
    "bad-profile",
    "usage",
    "not-available",
    "wrong-pin",
    "blocked",
    "last-try-guard",
    "counter-unknown",
    "unconfirmed-command",
    "outcome-unknown",
    "unexpected-status",
    "no-service",
    "no-reader",
    "no-card",
    "card-removed",
    "card-reset",
    "short-response",
    "timeout",
    "sharing-violation",
    "reader-not-found",
    "ambiguous-reader",
    "trace-divergence",
    "link-failure",
    "profile-not-saved",
    "profile-read-only",
    "vpcd-unreachable",
    "vpcd-link",
    "kind-mismatch",
    "audit-log-unwritable",
    "audit-log-unreadable",
    "authority-not-applicable",
    "terminal-key-rejected",
    "terminal-key-blocked",
    "no-terminal-key",
    "reset-unsupported",
    "reset-not-done",
    "counter-requirements-not-met",
    "interrupted",
];

impl Coded for TransportError {
    fn code(&self) -> &'static str {
        match self {
            TransportError::NoService => "no-service",
            TransportError::NoReaders => "no-reader",
            TransportError::NoCard => "no-card",
            TransportError::CardRemoved => "card-removed",
            TransportError::CardReset => "card-reset",
            TransportError::Apdu(ApduError::ResponseTooShort(_)) => "short-response",
            TransportError::Timeout => "timeout",
            TransportError::SharingViolation => "sharing-violation",
            TransportError::ReaderNotFound { .. } => "reader-not-found",
            TransportError::AmbiguousReader { .. } => "ambiguous-reader",
            TransportError::Divergence { .. } => "trace-divergence",
            TransportError::Apdu(_) | TransportError::Link(_) => "link-failure",
        }
    }

    fn class(&self) -> ErrorClass {
        match self {
            TransportError::NoService
            | TransportError::NoReaders
            | TransportError::NoCard
            | TransportError::CardRemoved
            | TransportError::CardReset
            | TransportError::Apdu(ApduError::ResponseTooShort(_))
            | TransportError::Timeout
            | TransportError::SharingViolation => ErrorClass::Environment,
            TransportError::ReaderNotFound { .. } | TransportError::AmbiguousReader { .. } => {
                ErrorClass::Usage
            }
            TransportError::Divergence { .. }
            | TransportError::Apdu(_)
            | TransportError::Link(_) => ErrorClass::Other,
        }
    }
}

impl Coded for CardError {
    fn code(&self) -> &'static str {
        match self {
            CardError::PinFormat(_) => "pin-format",
            CardError::SameNewPin(_) => "same-new-pin",
            CardError::NewPinMismatch(_) => "new-pin-mismatch",
            CardError::KindMismatch { .. } => "kind-mismatch",
            CardError::NewPinRejected { .. } => "new-pin-rejected",
            CardError::NotAvailable { .. } => "not-available",
            CardError::WrongPin { .. } => "wrong-pin",
            CardError::Blocked { .. } => "blocked",
            CardError::UnconfirmedCommand { .. } => "unconfirmed-command",
            CardError::LastTryGuard(_) => "last-try-guard",
            CardError::CounterUnknown(_) => "counter-unknown",
            CardError::OutcomeUnknown { .. } | CardError::OutcomeUnknownStatus { .. } => {
                "outcome-unknown"
            }
            CardError::UnexpectedStatus { .. } => "unexpected-status",
            CardError::AuthorityNotApplicable { .. } => "authority-not-applicable",
            CardError::TerminalKeyRejected { .. } => "terminal-key-rejected",
            CardError::TerminalKeyBlocked { .. } => "terminal-key-blocked",
            CardError::NoTerminalKey => "no-terminal-key",
            CardError::ResetUnsupported { .. } => "reset-unsupported",
            CardError::ResetNotDone { .. } => "reset-not-done",
            CardError::Transport(transport) => transport.code(),
        }
    }

    fn class(&self) -> ErrorClass {
        match self {
            CardError::PinFormat(_)
            | CardError::SameNewPin(_)
            | CardError::NewPinMismatch(_)
            | CardError::KindMismatch { .. }
            | CardError::NewPinRejected { .. }
            | CardError::AuthorityNotApplicable { .. } => ErrorClass::Usage,
            CardError::WrongPin { .. } | CardError::TerminalKeyRejected { .. } => {
                ErrorClass::WrongPin
            }
            CardError::Blocked { .. } | CardError::TerminalKeyBlocked { .. } => ErrorClass::Blocked,
            CardError::LastTryGuard(_)
            | CardError::CounterUnknown(_)
            | CardError::UnconfirmedCommand { .. } => ErrorClass::Refused,
            CardError::OutcomeUnknown { .. } | CardError::OutcomeUnknownStatus { .. } => {
                ErrorClass::OutcomeUnknown
            }
            CardError::NotAvailable { .. }
            | CardError::UnexpectedStatus { .. }
            | CardError::NoTerminalKey
            | CardError::ResetUnsupported { .. }
            | CardError::ResetNotDone { .. } => ErrorClass::Other,
            CardError::Transport(transport) => transport.class(),
        }
    }
}

impl Coded for ProfileError {
    /// A profile that cannot be read or is not valid: `bad-profile`. (Failing to write a
    /// simulated card back to its file is the source's `profile-not-saved`.)
    fn code(&self) -> &'static str {
        "bad-profile"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Usage
    }
}

impl Coded for TraceError {
    /// A trace file that cannot be read or is not valid: `usage`, as every input the
    /// user named that is unusable (the `mynapin.error/2` contract since version 1).
    fn code(&self) -> &'static str {
        "usage"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Usage
    }
}

impl Coded for VpcdError {
    fn code(&self) -> &'static str {
        match self {
            VpcdError::Io { .. } => "vpcd-link",
            VpcdError::Resolve { .. } | VpcdError::Connect { .. } => "vpcd-unreachable",
        }
    }

    fn class(&self) -> ErrorClass {
        match self {
            VpcdError::Io { .. } => ErrorClass::Other,
            VpcdError::Resolve { .. } | VpcdError::Connect { .. } => ErrorClass::Environment,
        }
    }
}

impl Coded for AuditError {
    /// A log that cannot be written (checked before the card is touched) or read: an
    /// environment failure; a record field that may not be logged: a caller's usage error.
    fn code(&self) -> &'static str {
        match self {
            AuditError::Unwritable { .. } => "audit-log-unwritable",
            AuditError::Unreadable { .. } => "audit-log-unreadable",
            AuditError::BadTag => "usage",
        }
    }

    fn class(&self) -> ErrorClass {
        match self {
            AuditError::Unwritable { .. } | AuditError::Unreadable { .. } => {
                ErrorClass::Environment
            }
            AuditError::BadTag => ErrorClass::Usage,
        }
    }
}

impl Coded for Refusal {
    /// The counter's rules are not met (something missing, or the applicant not
    /// accepted): refused before the card is touched.
    fn code(&self) -> &'static str {
        "counter-requirements-not-met"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Refused
    }
}

impl Coded for RulesError {
    /// A rules file that cannot be read or is not valid: `usage`, as every input file the
    /// user named that is unusable.
    fn code(&self) -> &'static str {
        "usage"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Usage
    }
}

impl Coded for ConfigError {
    /// A configuration file that cannot be read or is not valid: `usage`.
    fn code(&self) -> &'static str {
        "usage"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Usage
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::PinKind;

    #[test]
    fn every_code_is_listed_and_kebab_case() {
        let samples: Vec<Box<dyn Coded>> = vec![
            Box::new(TransportError::NoService),
            Box::new(TransportError::Apdu(ApduError::ResponseTooShort(0))),
            Box::new(TransportError::Apdu(ApduError::InvalidLe(0))),
            Box::new(TransportError::Link("x".into())),
            Box::new(CardError::WrongPin {
                kind: PinKind::Auth,
                left: 2,
            }),
            Box::new(CardError::Transport(TransportError::Timeout)),
            Box::new(CardError::LastTryGuard(PinKind::Sign)),
            Box::new(AuditError::Unwritable {
                path: "a".into(),
                source: std::io::Error::other("x"),
            }),
            Box::new(AuditError::Unreadable {
                path: "a".into(),
                source: std::io::Error::other("x"),
            }),
            Box::new(AuditError::BadTag),
        ];
        for error in samples {
            assert!(ALL_CODES.contains(&error.code()), "{}", error.code());
        }
        for code in ALL_CODES {
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code}"
            );
        }
    }

    #[test]
    fn a_card_error_wrapping_a_transport_error_takes_its_code_and_class() {
        let wrapped = CardError::Transport(TransportError::AmbiguousReader {
            wanted: String::new(),
            candidates: Vec::new(),
        });
        assert_eq!(wrapped.code(), "ambiguous-reader");
        assert_eq!(wrapped.class(), ErrorClass::Usage);
        let short = CardError::Transport(TransportError::Apdu(ApduError::ResponseTooShort(1)));
        assert_eq!(
            (short.code(), short.class()),
            ("short-response", ErrorClass::Environment)
        );
    }
}
