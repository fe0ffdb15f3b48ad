//! `mynapin.error/2`: a failed command, with the machine-readable details of a card
//! error (PIN kind, tries left, status word…) or, for a counter refusal, the items still
//! missing. `/2` replaced `/1` when it gained the optional `missing`, which a `/1`
//! validator rejects; every other document is as it was, but for its `schema`.

use serde::Serialize;

use super::Document;
use super::guide::GuideItem;
use crate::card::{CardError, Operation, PinKind, Unavailable};
use crate::procedure::{MissingReason, Refusal, Verdict};

/// The `mynapin.error/2` document: `schema`, `command`, `error` (the stable code),
/// `exit_code`, `message`, then the [`ErrorDetails`] that apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorDocument {
    schema: &'static str,
    /// The command that failed, e.g. `verify`.
    pub command: String,
    /// The stable error code, e.g. `wrong-pin`.
    pub error: String,
    /// The process exit code.
    pub exit_code: u8,
    /// The message for people, in the chosen language.
    pub message: String,
    /// Details of a card error; all absent for other failures.
    #[serde(flatten)]
    pub details: ErrorDetails,
    /// `counter-requirements-not-met`: the items the counter's rules still need, in the
    /// order the message lists them; absent for other failures (and when the applicant is
    /// not accepted at all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<MissingItem>>,
}

/// One item a counter refusal still needs: the item as `mynapin.guide/2` names it (`card`,
/// `holder-ids` with its `alternatives`, `proof`, `paper`…), and why it is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingItem {
    /// The item.
    #[serde(flatten)]
    pub item: GuideItem,
    /// Why: `not-presented`, `copy-not-accepted`, `expired-not-accepted`,
    /// `agent-too-young`, `agent-age-unknown`.
    pub reason: MissingReason,
}

/// The details of a card error; each field is present only where it applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorDetails {
    /// Which PIN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PinKind>,
    /// Tries left (`wrong-pin`, `blocked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<u8>,
    /// The counter's maximum (`wrong-pin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
    /// Whether this command's try blocked the PIN (`blocked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub just_now: Option<bool>,
    /// Why the PIN is not available (`not-available`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Unavailable>,
    /// The operation whose outcome is unknown (`outcome-unknown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    /// The command the card answered unexpectedly (`unexpected-status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The card's status word as spaced hex, e.g. `6A 80`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sw: Option<String>,
}

impl ErrorDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.error/2";

    /// A failure of `command` with the stable `code`, `exit_code` and `message`, without
    /// details (add them with [`ErrorDocument::with_card_error`]).
    pub fn new(command: &str, code: &str, exit_code: u8, message: impl Into<String>) -> Self {
        ErrorDocument {
            schema: Self::SCHEMA,
            command: command.to_owned(),
            error: code.to_owned(),
            exit_code,
            message: message.into(),
            details: ErrorDetails::default(),
            missing: None,
        }
    }

    /// The same document with the items a counter refusal still needs (none when the
    /// applicant is not accepted at all).
    pub fn with_refusal(mut self, refusal: &Refusal) -> Self {
        if let Verdict::Missing(missing) = &refusal.verdict {
            self.missing = Some(
                missing
                    .iter()
                    .map(|missing| MissingItem {
                        item: GuideItem::new(&missing.item),
                        reason: missing.reason,
                    })
                    .collect(),
            );
        }
        self
    }

    /// The same document with the details of the card error that caused it.
    pub fn with_card_error(mut self, error: &CardError) -> Self {
        self.details = ErrorDetails::from(error);
        self
    }
}

impl From<&CardError> for ErrorDetails {
    fn from(error: &CardError) -> Self {
        let of_kind = |kind: PinKind| ErrorDetails {
            kind: Some(kind),
            ..ErrorDetails::default()
        };
        match error {
            CardError::PinFormat(format) => of_kind(format.kind),
            CardError::SameNewPin(kind)
            | CardError::NewPinMismatch(kind)
            | CardError::LastTryGuard(kind)
            | CardError::CounterUnknown(kind) => of_kind(*kind),
            CardError::NotAvailable { kind, reason } => ErrorDetails {
                reason: Some(*reason),
                ..of_kind(*kind)
            },
            CardError::WrongPin { kind, left } => ErrorDetails {
                left: Some(*left),
                max: Some(kind.max_tries()),
                ..of_kind(*kind)
            },
            CardError::Blocked { kind, just_now } => ErrorDetails {
                left: Some(0),
                just_now: Some(*just_now),
                ..of_kind(*kind)
            },
            CardError::OutcomeUnknown {
                kind, operation, ..
            } => ErrorDetails {
                operation: Some(*operation),
                ..of_kind(*kind)
            },
            CardError::OutcomeUnknownStatus {
                kind,
                operation,
                sw,
            } => ErrorDetails {
                operation: Some(*operation),
                sw: Some(sw.to_string()),
                ..of_kind(*kind)
            },
            CardError::NewPinRejected { kind, sw } => ErrorDetails {
                sw: Some(sw.to_string()),
                ..of_kind(*kind)
            },
            CardError::UnexpectedStatus { step, sw } => ErrorDetails {
                step: Some((*step).to_owned()),
                sw: Some(sw.to_string()),
                ..ErrorDetails::default()
            },
            CardError::UnconfirmedCommand { kind, operation } => ErrorDetails {
                operation: Some(*operation),
                ..of_kind(*kind)
            },
            CardError::AuthorityNotApplicable { kind, .. }
            | CardError::ResetNotDone { kind, .. } => of_kind(*kind),
            CardError::TerminalKeyRejected { left } => ErrorDetails {
                left: Some(*left),
                ..ErrorDetails::default()
            },
            CardError::TerminalKeyBlocked { just_now } => ErrorDetails {
                left: Some(0),
                just_now: Some(*just_now),
                ..ErrorDetails::default()
            },
            CardError::ResetUnsupported { kind, step, sw, .. } => ErrorDetails {
                step: Some((*step).to_owned()),
                sw: Some(sw.to_string()),
                ..of_kind(*kind)
            },
            CardError::KindMismatch { .. } | CardError::NoTerminalKey | CardError::Transport(_) => {
                ErrorDetails::default()
            }
        }
    }
}

impl Document for ErrorDocument {
    const SCHEMA: &'static str = ErrorDocument::SCHEMA;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_serialise_in_lower_case() {
        let name = |operation| serde_json::to_string(&operation).expect("serialisable");
        assert_eq!(name(Operation::Verify), r#""verify""#);
        assert_eq!(name(Operation::Change), r#""change""#);
    }

    #[test]
    fn a_failure_without_a_card_error_has_no_details() {
        let line = ErrorDocument::new("sim", "vpcd-link", 1, "lost")
            .to_json_line()
            .expect("serialisable");
        assert_eq!(
            line,
            "{\"schema\":\"mynapin.error/2\",\"command\":\"sim\",\"error\":\"vpcd-link\",\
             \"exit_code\":1,\"message\":\"lost\"}\n"
        );
    }
}
