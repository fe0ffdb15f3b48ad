//! Transport errors: what can go wrong between the host and the card, apart from the card's
//! own answers (those are status words, handled by the card layer).

use crate::apdu::ApduError;

/// A failure to exchange APDUs with the card.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The PC/SC service (pcscd) is not running or not reachable.
    #[error("the PC/SC service (pcscd) is not running")]
    NoService,
    /// No card reader is connected.
    #[error("no card reader is connected")]
    NoReaders,
    /// A reader is there but holds no card.
    #[error("no card in the reader")]
    NoCard,
    /// The card was removed (or lost its power) during the flow.
    #[error("the card was removed")]
    CardRemoved,
    /// The card was reset by another application during the flow (PC/SC
    /// `SCARD_W_RESET_CARD`): the applications selected and any verified state are gone.
    /// The transport has reconnected; the command was not resent.
    #[error("the card was reset by another application; run the operation again")]
    CardReset,
    /// The card did not answer within the time allowed.
    #[error("timed out waiting for a card")]
    Timeout,
    /// Another application holds the card exclusively.
    #[error("another application is using the card (sharing violation)")]
    SharingViolation,
    /// The reader named by the user does not exist.
    #[error("no reader matches {wanted:?}; readers: {available:?}")]
    ReaderNotFound {
        /// What the user asked for.
        wanted: String,
        /// The readers there are.
        available: Vec<String>,
    },
    /// Several readers match the user's choice, or several hold cards.
    #[error("several readers match {wanted:?}: {candidates:?}; choose one with --reader")]
    AmbiguousReader {
        /// What the user asked for (empty when nothing was asked).
        wanted: String,
        /// The matching readers.
        candidates: Vec<String>,
    },
    /// The bytes received are not a response APDU (e.g. fewer than 2 bytes).
    #[error("invalid response from the card: {0}")]
    Apdu(#[from] ApduError),
    /// A replayed trace and the commands sent part ways.
    #[error(
        "trace diverges at exchange {position}: the trace expects {expected}, the flow sent {actual}"
    )]
    Divergence {
        /// 1-based index of the exchange.
        position: usize,
        /// The command in the trace (masked bytes as `**`).
        expected: String,
        /// The command sent (secret bytes masked).
        actual: String,
    },
    /// Any other failure of the link, with its description.
    #[error("card link failure: {0}")]
    Link(String),
}
