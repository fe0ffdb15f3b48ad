//! Card profile failures: which file, which field or line, and what is wrong, each as a
//! placeable. The TOML parser's own (English) words come only as a separate detail.

use crate::sim::{ProfileError, ProfileProblem, SyntaxPlace};

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
            ProfileError::Syntax { path, at, message } => {
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
                located.with_detail(message.as_str())
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
