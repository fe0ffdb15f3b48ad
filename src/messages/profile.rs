//! Card profile failures: which file, which field or line, and what is wrong, each as a
//! placeable. The TOML parser's own words never appear (they quote the file, which holds
//! PIN values): a syntax error is explained by its classification ([`SyntaxProblem`]).

use crate::layout::PinFormat;
use crate::sim::{
    Expected, PersonProblem, ProfileError, ProfileProblem, SyntaxPlace, SyntaxProblem,
};

use super::{Message, io_message};

impl ProfileProblem {
    /// What the field's value must be.
    pub fn message(&self) -> Message {
        match self {
            ProfileProblem::AtrNotHex => Message::new("profile-problem-atr-not-hex"),
            ProfileProblem::AtrLength { found } => {
                Message::new("profile-problem-atr-length").with("found", *found)
            }
            ProfileProblem::AtrTsByte => Message::new("profile-problem-atr-ts-byte"),
            ProfileProblem::TokenLabel { max } => {
                Message::new("profile-problem-token-label").with("max", *max)
            }
            ProfileProblem::ValueLength { max } => {
                Message::new("profile-problem-value-length").with("max", *max)
            }
            ProfileProblem::MaxTries { max } => {
                Message::new("profile-problem-max-tries").with("max", *max)
            }
            ProfileProblem::TriesOverMax {
                tries_left,
                max_tries,
            } => Message::new("profile-problem-tries-over-max")
                .with("tries_left", *tries_left)
                .with("max_tries", *max_tries),
            ProfileProblem::TerminalKey => Message::new("profile-problem-terminal-key"),
            ProfileProblem::PinFormat { format } => match format {
                PinFormat::FourDigits => Message::new("profile-problem-pin-four-digits"),
                PinFormat::SignPassword => Message::new("profile-problem-pin-sign"),
            },
            ProfileProblem::KindMaxTries { max } => {
                Message::new("profile-problem-kind-max-tries").with("max", *max)
            }
            ProfileProblem::Person(problem) => problem.message(),
            ProfileProblem::SignPinFileWithCertificate => {
                Message::new("profile-problem-sign-pin-file")
            }
            ProfileProblem::UnknownPreset => Message::new("profile-problem-unknown-preset"),
        }
    }
}

impl PersonProblem {
    /// What the `[person]` field's value must be (the value itself is never shown: it is
    /// personal data, even when fake).
    pub fn message(&self) -> Message {
        match self {
            PersonProblem::MyNumberDigits => Message::new("profile-problem-my-number-digits"),
            PersonProblem::MyNumberCheckDigit => {
                Message::new("profile-problem-my-number-check-digit")
            }
            PersonProblem::Date => Message::new("profile-problem-date"),
            PersonProblem::Sex => Message::new("profile-problem-sex"),
            PersonProblem::SecurityCode => Message::new("profile-problem-security-code"),
            PersonProblem::Text { max } => {
                Message::new("profile-problem-person-text").with("max", *max)
            }
        }
    }
}

impl Expected {
    /// What the field must hold.
    pub fn message(&self) -> Message {
        match self {
            Expected::Text => Message::new("profile-expected-text"),
            Expected::Integer { min, max } => Message::new("profile-expected-integer")
                .with("min", *min)
                .with("max", *max),
            Expected::Boolean => Message::new("profile-expected-boolean"),
            Expected::Choice(choices) => Message::new("profile-expected-choice").with(
                "choices",
                choices
                    .iter()
                    .map(|choice| format!("\"{choice}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Expected::Table => Message::new("profile-expected-table"),
        }
    }
}

impl SyntaxProblem {
    /// Why the parser refused the profile, in the catalogue's words.
    pub fn message(&self) -> Message {
        match self {
            SyntaxProblem::NotToml => Message::new("profile-syntax-not-toml"),
            SyntaxProblem::UnknownField { expected } if expected.is_empty() => {
                Message::new("profile-syntax-unknown-field")
            }
            SyntaxProblem::UnknownField { expected } => {
                Message::new("profile-syntax-unknown-field-of")
                    .with("expected", expected.join(", "))
            }
            SyntaxProblem::MissingField { field } => {
                Message::new("profile-syntax-missing-field").with("field", field.as_str())
            }
            SyntaxProblem::WrongValue { expected: None } => {
                Message::new("profile-syntax-wrong-value")
            }
            SyntaxProblem::WrongValue {
                expected: Some(expected),
            } => expected.message(),
        }
    }
}

impl ProfileError {
    /// Which profile, where, and what is wrong with it.
    pub fn message(&self) -> Message {
        match self {
            ProfileError::Io { path, source } => Message::new("profile-io")
                .with("path", path.display().to_string())
                .with("reason", io_message(source)),
            ProfileError::Syntax { path, at, problem } => {
                let path = path.display().to_string();
                let located = match at {
                    None => Message::new("profile-syntax").with("path", path),
                    Some(at) => {
                        let (located, place) = match &at.place {
                            SyntaxPlace::Field(field) => {
                                (Message::new("profile-syntax-field"), Some(field))
                            }
                            SyntaxPlace::Table(table) => {
                                (Message::new("profile-syntax-table"), Some(table))
                            }
                            SyntaxPlace::Unknown => (Message::new("profile-syntax-at"), None),
                        };
                        let located = located
                            .with("path", path)
                            .with("line", at.line)
                            .with("column", at.column);
                        match place {
                            Some(place) => located.with("place", place.as_str()),
                            None => located,
                        }
                    }
                };
                Message::new("profile-syntax-explained")
                    .with("located", located)
                    .with("problem", problem.message())
            }
            ProfileError::NotRegularFile { path } => {
                Message::new("profile-not-regular-file").with("path", path.display().to_string())
            }
            ProfileError::TooLarge { path, max } => Message::new("profile-too-large")
                .with("path", path.display().to_string())
                .with("max", *max),
            ProfileError::ReadOnly { path } => {
                Message::new("profile-read-only").with("path", path.display().to_string())
            }
            ProfileError::Invalid {
                path,
                field,
                problem,
            } => Message::new("profile-invalid")
                .with("path", path.display().to_string())
                .with("field", field.as_str())
                .with("problem", problem.message()),
        }
    }

    /// The simulated card could not be written back to this profile: the command's effect
    /// on the card is lost.
    pub fn not_saved_message(&self) -> Message {
        Message::new("profile-not-saved").with("problem", self.message())
    }
}

/// A training preset's one-line description (`mynapin sim presets`); every name of
/// [`crate::sim::PRESETS`] has one (a test checks).
pub fn preset_description(name: &str) -> Message {
    match name {
        "fresh" => Message::new("sim-preset-fresh"),
        "auth-last-try" => Message::new("sim-preset-auth-last-try"),
        "sign-blocked" => Message::new("sim-preset-sign-blocked"),
        "jpki-blocked" => Message::new("sim-preset-jpki-blocked"),
        "text-blocked" => Message::new("sim-preset-text-blocked"),
        "child" => Message::new("sim-preset-child"),
        "child-no-sign-pin" => Message::new("sim-preset-child-no-sign-pin"),
        "terminal-key-blocked" => Message::new("sim-preset-terminal-key-blocked"),
        _ => Message::new("sim-preset-unknown"),
    }
}
