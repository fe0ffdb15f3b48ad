//! Why a card source could not be opened or closed ([`SourceError`]).

use crate::source::SourceError;

use super::Message;

impl SourceError {
    /// The explanation, with what to do next.
    pub fn message(&self) -> Message {
        match self {
            SourceError::Profile(error) => error.message(),
            SourceError::ProfileNotSaved(error) => error.not_saved_message(),
            SourceError::Trace(error) => error.message(),
            SourceError::Transport(error) => error.message(),
            SourceError::ReplayIncomplete {
                position,
                remaining,
            } => Message::new("transport-divergence")
                .with("position", *position)
                .with(
                    "expected",
                    Message::new("replay-more-exchanges").with("count", *remaining),
                )
                .with("actual", Message::new("replay-end-of-flow")),
            SourceError::NoReaderSupport => Message::new("readers-no-pcsc"),
        }
    }
}
