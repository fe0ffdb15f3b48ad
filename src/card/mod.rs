//! The card layer: `Card<T: Transport>`, the PIN values and policies, and the guarded
//! flows `status`, `verify`, `change` and `reset` (three authorities, `reset.rs`), and
//! `info`, which reads what the card shows without a PIN (`info.rs`, `read_file.rs`).
//!
//! Safety rules enforced here (docs/DESIGN.md):
//! 1. a PIN's format is checked before any APDU ([`Pin::new`]);
//! 2. counters are read with the empty VERIFY `00 20 00 80`, which consumes no try;
//! 3. before any VERIFY the counter is read: a blocked PIN is refused, and so is the last
//!    try unless [`PinOptions::allow_last_try`] is set;
//! 5. a VERIFY, CHANGE or RESET RETRY COUNTER whose answer was lost is reported as [`CardError::OutcomeUnknown`];
//! 6. every PIN flow ends with the card unpowered.
//!
//! A command not confirmed on real cards is sent only when
//! [`PinOptions::allow_unconfirmed_commands`] is set ([`PinOptions::permits`]).
//!
//! The application and the PIN file are selected right before each PIN command
//! (docs/protocol.md §10.1). The PINs themselves are described once, in [`crate::layout`].

mod apdus;
mod change;
mod error;
mod guard;
mod info;
mod options;
mod pin;
pub mod probe;
mod read_file;
mod reset;
mod select;
mod status;
mod status_flow;
mod verify;
mod write;

pub use crate::layout::{
    DIGITS_LEN, FormatProblem, PinKind, SIGN_MAX_LEN, SIGN_MIN_LEN, UnknownPinKind,
};
pub use change::ChangeOutcome;
pub use error::{CardError, Operation};
pub use info::{CertificateRead, InfoReport, TOKEN_LABEL_LEN};
pub use options::PinOptions;
pub use pin::{Pin, PinFormatError};
pub use read_file::{FileProblem, HeaderProblem, MAX_OBJECT_LEN, decode_header};
pub use reset::{Authority, ResetOutcome};
pub use status::{PinReport, PinStatus, StatusReport, Unavailable};
pub use verify::VerifyOutcome;

use crate::apdu::{Command, Response};
use crate::transport::{Disposition, Transport, TransportError};

/// A My Number Card behind a transport.
pub struct Card<T: Transport> {
    transport: T,
    end_failure: Option<TransportError>,
    /// The target's counter read by the last reset flow before its commands.
    reset_before: Option<PinStatus>,
}

impl<T: Transport> Card<T> {
    /// Wraps a transport.
    pub fn new(transport: T) -> Self {
        Card {
            transport,
            end_failure: None,
            reset_before: None,
        }
    }

    /// The transport, e.g. to inspect a simulated card.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Whether the last flow could not leave the card as it should (for a PIN flow:
    /// unpowered). `None` when it could, or when the card was gone anyway
    /// ([`TransportError::CardRemoved`]: a pulled card holds no verified state). A caller
    /// should then tell the user to remove the card from the reader.
    pub fn power_down_failure(&self) -> Option<&TransportError> {
        self.end_failure
            .as_ref()
            .filter(|error| !matches!(error, TransportError::CardRemoved))
    }

    /// The target's counter as the last reset flow ([`Card::reset_with_other_password`],
    /// [`Card::reset_with_terminal_key`]) read it before its commands, also when the flow
    /// failed after that read (e.g. [`CardError::ResetUnsupported`]), for the record;
    /// `None` when the flow stopped before it.
    pub fn reset_counter_before(&self) -> Option<PinStatus> {
        self.reset_before
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Runs `flow` inside one transaction, then leaves the card as `disposition` says,
    /// whatever the flow's result. A failure to end the transaction does not hide the
    /// flow's own result; it is kept for [`Card::power_down_failure`].
    fn in_transaction<R>(
        &mut self,
        disposition: Disposition,
        flow: impl FnOnce(&mut Self) -> Result<R, CardError>,
    ) -> Result<R, CardError> {
        self.end_failure = None;
        tracing::debug!(?disposition, "card flow begins");
        self.transport.begin_transaction()?;
        let result = flow(self);
        self.end_failure = self.transport.end_transaction(disposition).err();
        match &result {
            Ok(_) => tracing::debug!(?disposition, "card flow done"),
            Err(error) => tracing::debug!(?disposition, %error, "card flow failed"),
        }
        result
    }

    /// Sends a command that carries no PIN (a SELECT, a READ BINARY, the counter query):
    /// any link failure is a plain transport error. Writes go through `send_write`.
    fn transmit(&mut self, command: &Command) -> Result<Response, CardError> {
        Ok(self.transport.transmit(command)?)
    }
}
