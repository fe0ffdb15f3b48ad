//! Exit codes (DESIGN.md, documented in the README) and the stable error codes of the
//! `mynapin.error/1` JSON document.

use std::process::ExitCode;

use mynapin::card::CardError;
use mynapin::sim::ProfileError;
use mynapin::transport::TransportError;

/// The exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Ok = 0,
    /// 1: anything else (an unexpected card answer, a link failure).
    Other = 1,
    /// 2: usage or invalid input (a PIN of the wrong format, a broken profile).
    Usage = 2,
    /// 3: environment (pcscd not running, no reader, no card, timeout).
    Environment = 3,
    /// 4: wrong PIN, tries remain.
    WrongPin = 4,
    /// 5: blocked.
    Blocked = 5,
    /// 6: refused by a guard (last try, unknown counter, a command not confirmed on real
    /// cards).
    Refused = 6,
    /// 7: outcome unknown (the answer to a VERIFY or CHANGE was lost).
    OutcomeUnknown = 7,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Any failure the CLI reports.
#[derive(Debug)]
pub enum Failure {
    /// From the card flows.
    Card(CardError),
    /// From reading the card profile file.
    Profile(ProfileError),
    /// Writing the simulated card's state back to its profile file failed: the command's
    /// effect on the card is lost with it.
    ProfileNotSaved(ProfileError),
    /// The simulated card could not reach vpcd (or lost it).
    Vpcd(mynapin::sim::vpcd::VpcdError),
    /// A command not confirmed on real cards, refused before any PIN was read (a message
    /// already in the user's language).
    Refused(String),
    /// Invalid use: a message already in the user's language.
    Usage(String),
}

impl From<CardError> for Failure {
    fn from(error: CardError) -> Self {
        Failure::Card(error)
    }
}

impl From<TransportError> for Failure {
    fn from(error: TransportError) -> Self {
        Failure::Card(CardError::Transport(error))
    }
}

impl From<ProfileError> for Failure {
    fn from(error: ProfileError) -> Self {
        Failure::Profile(error)
    }
}

fn transport_exit(error: &TransportError) -> (Exit, &'static str) {
    match error {
        TransportError::NoService => (Exit::Environment, "no-service"),
        TransportError::NoReaders => (Exit::Environment, "no-reader"),
        TransportError::NoCard => (Exit::Environment, "no-card"),
        TransportError::CardRemoved => (Exit::Environment, "card-removed"),
        TransportError::CardReset => (Exit::Environment, "card-reset"),
        TransportError::Apdu(mynapin::apdu::ApduError::ResponseTooShort(_)) => {
            (Exit::Environment, "short-response")
        }
        TransportError::Timeout => (Exit::Environment, "timeout"),
        TransportError::SharingViolation => (Exit::Environment, "sharing-violation"),
        TransportError::ReaderNotFound { .. } => (Exit::Usage, "reader-not-found"),
        TransportError::AmbiguousReader { .. } => (Exit::Usage, "ambiguous-reader"),
        TransportError::Divergence { .. } => (Exit::Other, "trace-divergence"),
        _ => (Exit::Other, "link-failure"),
    }
}

impl Failure {
    /// The exit code and the stable error code of this failure.
    pub fn classify(&self) -> (Exit, &'static str) {
        match self {
            Failure::Usage(_) => (Exit::Usage, "usage"),
            Failure::Refused(_) => (Exit::Refused, "unconfirmed-command"),
            Failure::Profile(_) => (Exit::Usage, "bad-profile"),
            Failure::ProfileNotSaved(_) => (Exit::Other, "profile-not-saved"),
            Failure::Vpcd(mynapin::sim::vpcd::VpcdError::Io { .. }) => (Exit::Other, "vpcd-link"),
            Failure::Vpcd(_) => (Exit::Environment, "vpcd-unreachable"),
            Failure::Card(error) => match error {
                CardError::PinFormat(_) => (Exit::Usage, "pin-format"),
                CardError::SameNewPin(_) => (Exit::Usage, "same-new-pin"),
                CardError::NewPinMismatch(_) => (Exit::Usage, "new-pin-mismatch"),
                CardError::KindMismatch { .. } => (Exit::Usage, "kind-mismatch"),
                CardError::NewPinRejected { .. } => (Exit::Usage, "new-pin-rejected"),
                CardError::NotAvailable { .. } => (Exit::Other, "not-available"),
                CardError::WrongPin { .. } => (Exit::WrongPin, "wrong-pin"),
                CardError::Blocked { .. } => (Exit::Blocked, "blocked"),
                CardError::UnconfirmedCommand { .. } => (Exit::Refused, "unconfirmed-command"),
                CardError::LastTryGuard(_) => (Exit::Refused, "last-try-guard"),
                CardError::CounterUnknown(_) => (Exit::Refused, "counter-unknown"),
                CardError::OutcomeUnknown { .. } | CardError::OutcomeUnknownStatus { .. } => {
                    (Exit::OutcomeUnknown, "outcome-unknown")
                }
                CardError::UnexpectedStatus { .. } => (Exit::Other, "unexpected-status"),
                CardError::Transport(transport) => transport_exit(transport),
                _ => (Exit::Other, "error"),
            },
        }
    }
}
