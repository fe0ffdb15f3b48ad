//! Exit codes (docs/DESIGN.md, documented in the README): one per library
//! [`ErrorClass`]; the stable error codes themselves are the library's (`mynapin::codes`).

use std::process::ExitCode;

use mynapin::card::CardError;
use mynapin::sim::ProfileError;
use mynapin::transport::TransportError;
use mynapin::{Coded, ErrorClass};

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
    /// cards, the counter's rules not met).
    Refused = 6,
    /// 7: outcome unknown (the answer to a VERIFY or CHANGE was lost).
    OutcomeUnknown = 7,
    /// 8: the procedure was done on the card, but its audit record could not be written
    /// (the success is printed all the same; README "Audit log").
    NotRecorded = 8,
    /// 9: `audit verify` found the audit log's chain broken.
    AuditBroken = 9,
    /// 10: the command's output could not be written to stdout (a full device, a closed
    /// pipe). What was done stays done: a card procedure's audit record was written
    /// before anything was printed, and stderr says so when it can.
    OutputLost = 10,
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
    /// The card could not be opened or closed (a profile or trace file, a reader, a
    /// replay that ended early, a simulated card not saved back).
    Source(mynapin::source::SourceError),
    /// The simulated card could not reach vpcd (or lost it).
    Vpcd(mynapin::sim::vpcd::VpcdError),
    /// Refused by the library's policy before any PIN was read, with the CLI's own advice
    /// (which names the flag that lifts it) already in the user's language.
    Refused(CardError, String),
    /// Invalid use: a message already in the user's language.
    Usage(String),
    /// The audit log cannot be written (checked before the card is touched) or read.
    Audit(mynapin::audit::AuditError),
    /// Counter mode: the counter's rules are not met; the refusal and its text (the
    /// headline and one line per missing item) already in the user's language.
    Counter(Box<mynapin::procedure::Refusal>, String),
    /// A rules file that cannot be used.
    Rules(mynapin::procedure::RulesError),
    /// A configuration file that cannot be used.
    Config(mynapin::config::ConfigError),
    /// Interrupted (SIGINT, SIGTERM) while waiting for the card (an issuer reset's
    /// hand-over): a message already in the user's language. Code `interrupted`.
    Interrupted(String),
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

impl From<ErrorClass> for Exit {
    /// One exit code per class (README "Exit codes").
    fn from(class: ErrorClass) -> Self {
        match class {
            ErrorClass::Usage => Exit::Usage,
            ErrorClass::Environment => Exit::Environment,
            ErrorClass::WrongPin => Exit::WrongPin,
            ErrorClass::Blocked => Exit::Blocked,
            ErrorClass::Refused => Exit::Refused,
            ErrorClass::OutcomeUnknown => Exit::OutcomeUnknown,
            ErrorClass::Other => Exit::Other,
        }
    }
}

impl Failure {
    /// The exit code and the stable error code of this failure: the library's
    /// [`Coded`] code and class; `usage` for the CLI's own usage errors.
    pub fn classify(&self) -> (Exit, &'static str) {
        let (class, code) = match self {
            Failure::Usage(_) => (ErrorClass::Usage, "usage"),
            Failure::Interrupted(_) => (ErrorClass::Other, "interrupted"),
            Failure::Refused(error, _) => (error.class(), error.code()),
            Failure::Profile(error) => (error.class(), error.code()),
            Failure::Vpcd(error) => (error.class(), error.code()),
            Failure::Source(error) => (error.class(), error.code()),
            Failure::Card(error) => (error.class(), error.code()),
            Failure::Audit(error) => (error.class(), error.code()),
            Failure::Counter(refusal, _) => (refusal.class(), refusal.code()),
            Failure::Rules(error) => (error.class(), error.code()),
            Failure::Config(error) => (error.class(), error.code()),
        };
        (Exit::from(class), code)
    }
}
