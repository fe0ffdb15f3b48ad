//! The PIN kinds' names and format hints, where a blocked PIN can be reset, why a PIN is
//! not available, and what is wrong with a PIN's format.

use crate::card::{FormatProblem, PinFormatError, PinKind, Unavailable};

use super::Message;

/// The PIN's name as staff and citizens know it, standing on its own (a heading, the start
/// of a line): docs/DESIGN.md's table.
pub fn pin_label(kind: PinKind) -> Message {
    match kind {
        PinKind::Auth => Message::new("pin-label-auth"),
        PinKind::Sign => Message::new("pin-label-sign"),
        PinKind::Text => Message::new("pin-label-text"),
        PinKind::Juki => Message::new("pin-label-juki"),
    }
}

/// The PIN's name inside a sentence (English writes it in lower case there).
pub fn pin_name(kind: PinKind) -> Message {
    match kind {
        PinKind::Auth => Message::new("pin-name-auth"),
        PinKind::Sign => Message::new("pin-name-sign"),
        PinKind::Text => Message::new("pin-name-text"),
        PinKind::Juki => Message::new("pin-name-juki"),
    }
}

/// The format rule, as a short hint for a prompt.
pub fn format_hint(kind: PinKind) -> Message {
    match kind {
        PinKind::Sign => Message::new("pin-hint-sign"),
        PinKind::Auth | PinKind::Text | PinKind::Juki => Message::new("pin-hint-four-digits"),
    }
}

/// Where a blocked or forgotten PIN can be reset (初期化): for a JPKI password, also with
/// the other JPKI password (JLIS-PW; city pages).
pub fn reset_advice(kind: PinKind) -> Message {
    match kind.other_jpki() {
        Some(other) => Message::new("pin-reset-jpki").with("other", pin_name(other)),
        None => Message::new("pin-reset-office-only"),
    }
}

impl Unavailable {
    /// Why the PIN is not available, as one line of advice.
    pub fn message(&self) -> Message {
        match self {
            Unavailable::NoSignatureCertificate => {
                Message::new("unavailable-no-signature-certificate")
            }
            Unavailable::ApplicationNotFound => Message::new("unavailable-application-not-found"),
            Unavailable::PinNotFound => Message::new("unavailable-pin-not-found"),
        }
    }
}

impl FormatProblem {
    /// What to type instead.
    pub fn message(&self) -> Message {
        match self {
            FormatProblem::NotFourDigits => Message::new("format-not-four-digits"),
            FormatProblem::SignLength => Message::new("format-sign-length"),
            FormatProblem::SignCharacters => Message::new("format-sign-characters"),
            FormatProblem::SignNeedsLetterAndDigit => Message::new("format-sign-letter-and-digit"),
        }
    }
}

impl PinFormatError {
    /// The PIN, what to type instead, and that nothing was sent to the card.
    pub fn message(&self) -> Message {
        Message::new("card-pin-format")
            .with("label", pin_label(self.kind))
            .with("problem", self.problem.message())
    }
}
