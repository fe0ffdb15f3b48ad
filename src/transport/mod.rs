//! Transports: how command APDUs reach a card and responses come back.
//!
//! [`Transport`] is the one contract the card layer uses. Every flow runs inside one
//! exclusive transaction ([`Transport::begin_transaction`] … [`Transport::end_transaction`])
//! and ends by leaving the card as a [`Disposition`] says: after PIN work, unpowered, so no
//! verified state lingers (docs/DESIGN.md safety rule 6). A transport never resends a command
//! on its own: a resent VERIFY costs the citizen a try.
//!
//! [`TraceRecorder`] wraps any transport and writes its exchanges, secret data masked, in
//! the trace format of [`TraceFile`]; [`ReplayTransport`] serves a trace back and fails on
//! the first divergence. Both live in `trace/`. [`Logged`] reports the exchanges as
//! `tracing` events (headers and lengths only, never data bytes).

mod choice;
mod error;
mod log;
#[cfg(feature = "pcsc")]
pub mod pcsc;
mod sim;
mod trace;

#[cfg(feature = "pcsc")]
pub use self::pcsc::{PcscTransport, ReaderInfo, list_readers};
pub use choice::{ReaderChoice, choose_reader};
pub use error::TransportError;
pub use log::{Logged, command_header};
pub use sim::SimTransport;
pub use trace::{
    END_OF_TRACE, Exchange, ReplayTransport, Reply, TRACE_VERSION_LINE, TraceBytes, TraceEntry,
    TraceError, TraceFile, TraceRecorder, transport_error_from_text, transport_error_text,
};

use crate::apdu::{Command, Response};

/// What happens to the card when a transaction ends or the card is reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Leave the card powered as it is (read-only flows).
    Leave,
    /// Warm reset.
    Reset,
    /// Power the card down: every verified state is lost.
    Unpower,
}

/// A link to one card.
pub trait Transport {
    /// Sends one command and returns its response. Must not resend on failure; a
    /// response shorter than 2 bytes is an error.
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError>;

    /// Starts the exclusive transaction of one flow.
    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        Ok(())
    }

    /// Ends the flow's transaction and leaves the card as `disposition` says.
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError>;

    /// Resets or power-cycles the card within the flow (used when the card reports a PIN
    /// as already verified, so that its counter can be read).
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError>;
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        (**self).transmit(command)
    }
    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        (**self).begin_transaction()
    }
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        (**self).end_transaction(disposition)
    }
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        (**self).reset_card(disposition)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        (**self).transmit(command)
    }
    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        (**self).begin_transaction()
    }
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        (**self).end_transaction(disposition)
    }
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        (**self).reset_card(disposition)
    }
}
