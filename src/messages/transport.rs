//! Transport failures: the full explanation with what to check, and the short cause that
//! stands inside another sentence (an unknown outcome, a card left powered) without the
//! "try again" advice.

use crate::apdu::ApduError;
use crate::transport::{END_OF_TRACE, TransportError};

use super::{Message, MessageArg};

impl TransportError {
    /// The explanation of the failure, with what to check.
    pub fn message(&self) -> Message {
        match self {
            TransportError::NoService => Message::new("transport-no-service"),
            TransportError::NoReaders => Message::new("transport-no-readers"),
            TransportError::NoCard => Message::new("transport-no-card"),
            TransportError::CardRemoved => Message::new("transport-card-removed"),
            TransportError::CardReset => Message::new("transport-card-reset"),
            TransportError::Timeout => Message::new("transport-timeout"),
            TransportError::SharingViolation => Message::new("transport-sharing-violation"),
            TransportError::Apdu(ApduError::ResponseTooShort(length)) => {
                Message::new("transport-short-answer").with("length", *length)
            }
            TransportError::Apdu(error) => {
                Message::new("transport-bad-apdu").with("problem", error.message())
            }
            TransportError::ReaderNotFound { wanted, available } => {
                Message::new("transport-reader-not-found")
                    .with("wanted", wanted.as_str())
                    .with("available", available.join(", "))
            }
            TransportError::AmbiguousReader { wanted, candidates } if wanted.is_empty() => {
                Message::new("transport-several-cards").with("candidates", candidates.join(", "))
            }
            TransportError::AmbiguousReader { wanted, candidates } => {
                Message::new("transport-ambiguous-reader")
                    .with("wanted", wanted.as_str())
                    .with("candidates", candidates.join(", "))
            }
            TransportError::Divergence {
                position,
                expected,
                actual,
            } => Message::new("transport-divergence")
                .with("position", *position)
                .with("expected", trace_side(expected))
                .with("actual", trace_side(actual)),
            TransportError::Link(detail) => Message::new("transport-link").with_detail(detail),
        }
    }

    /// A short phrase for what broke the link, to stand inside another sentence.
    pub fn cause_message(&self) -> Message {
        match self {
            TransportError::CardRemoved | TransportError::NoCard => {
                Message::new("cause-card-removed")
            }
            TransportError::Apdu(ApduError::ResponseTooShort(length)) => {
                Message::new("cause-short-answer").with("length", *length)
            }
            TransportError::Timeout => Message::new("cause-timeout"),
            TransportError::CardReset => Message::new("cause-card-reset"),
            TransportError::NoService => Message::new("cause-no-service"),
            TransportError::NoReaders => Message::new("cause-reader-gone"),
            TransportError::SharingViolation => Message::new("cause-sharing-violation"),
            TransportError::Divergence { position, .. } => {
                Message::new("cause-divergence").with("position", *position)
            }
            TransportError::Link(detail) => Message::new("cause-link-failed").with_detail(detail),
            TransportError::Apdu(error) => {
                Message::new("cause-bad-apdu").with("problem", error.message())
            }
            TransportError::ReaderNotFound { .. } | TransportError::AmbiguousReader { .. } => {
                Message::new("cause-link-failed")
            }
        }
    }
}

/// One side of a replay divergence: a command in hex, or the end of the trace.
fn trace_side(text: &str) -> MessageArg {
    if text == END_OF_TRACE {
        Message::new("replay-end-of-trace").into()
    } else {
        MessageArg::Text(text.to_owned())
    }
}
