//! The card layer: `Card<T: Transport>`, the PIN kinds and policies, and the guarded
//! flows `status`, `verify` and `change`.
//!
//! Safety rules enforced here (DESIGN.md):
//! 1. a PIN's format is checked before any APDU ([`Pin::new`]);
//! 2. counters are read with the empty VERIFY `00 20 00 80`, which consumes no try;
//! 3. before any VERIFY the counter is read: a blocked PIN is refused, and so is the last
//!    try unless [`PinOptions::allow_last_try`] is set;
//! 5. a VERIFY or CHANGE whose answer was lost is reported as [`CardError::OutcomeUnknown`];
//! 6. every PIN flow ends with the card unpowered.
//!
//! The application and the PIN file are selected right before each PIN command
//! (protocol.md §10.1).

mod change;
mod error;
mod kind;
mod pin;
pub mod probe;
mod query;
mod status;
mod verify;

pub use change::ChangeOutcome;
pub use error::{CardError, Operation};
pub use kind::{PinKind, UnknownPinKind};
pub use pin::{DIGITS_LEN, FormatProblem, Pin, PinFormatError, SIGN_MAX_LEN, SIGN_MIN_LEN};
pub use status::{PinReport, PinStatus, StatusReport, Unavailable};
pub use verify::VerifyOutcome;

use crate::apdu::{Command, INS_READ_BINARY, INS_SELECT, Response, StatusWord};
use crate::transport::{Disposition, Transport};

/// Choices the caller makes for a PIN flow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinOptions {
    /// Spend the last remaining try (or a try whose counter the card will not report).
    pub allow_last_try: bool,
}

/// A My Number Card behind a transport.
pub struct Card<T: Transport> {
    transport: T,
    end_failure: Option<crate::transport::TransportError>,
}

impl<T: Transport> Card<T> {
    /// Wraps a transport.
    pub fn new(transport: T) -> Self {
        Card {
            transport,
            end_failure: None,
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
    ///
    /// [`TransportError::CardRemoved`]: crate::transport::TransportError::CardRemoved
    pub fn power_down_failure(&self) -> Option<&crate::transport::TransportError> {
        self.end_failure
            .as_ref()
            .filter(|error| !matches!(error, crate::transport::TransportError::CardRemoved))
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
        self.transport.begin_transaction()?;
        let result = flow(self);
        self.end_failure = self.transport.end_transaction(disposition).err();
        result
    }

    fn transmit(&mut self, command: &Command) -> Result<Response, CardError> {
        Ok(self.transport.transmit(command)?)
    }

    /// SELECT by DF name `00 A4 04 0C 0A <AID>`; `Ok(false)` on `6A 82`.
    fn select_application(
        &mut self,
        aid: &[u8; 10],
        step: &'static str,
    ) -> Result<bool, CardError> {
        let response =
            self.transmit(&Command::new(0x00, INS_SELECT, 0x04, 0x0C).with_data(aid.to_vec()))?;
        match response.status() {
            StatusWord::Success => Ok(true),
            StatusWord::FileNotFound => Ok(false),
            sw => Err(CardError::UnexpectedStatus { step, sw }),
        }
    }

    /// SELECT EF `00 A4 02 0C 02 <FID>` under the current DF; `Ok(false)` on `6A 82`.
    fn select_file(&mut self, file_id: u16, step: &'static str) -> Result<bool, CardError> {
        let command =
            Command::new(0x00, INS_SELECT, 0x02, 0x0C).with_data(file_id.to_be_bytes().to_vec());
        match self.transmit(&command)?.status() {
            StatusWord::Success => Ok(true),
            StatusWord::FileNotFound => Ok(false),
            sw => Err(CardError::UnexpectedStatus { step, sw }),
        }
    }

    /// Reads JPKI EF `0008` (JPKI AP already selected): `Some(true)` when its first byte
    /// is `8F` (signature certificate present), `Some(false)` for any other first byte,
    /// `None` when the file cannot be read.
    fn read_certificate_presence(&mut self) -> Result<Option<bool>, CardError> {
        if !self.select_file(crate::layout::EF_JPKI_CERT_PRESENCE, "SELECT EF 0008")? {
            return Ok(None);
        }
        let response =
            self.transmit(&Command::new(0x00, INS_READ_BINARY, 0x00, 0x00).with_le(3))?;
        Ok(match (response.status(), response.data().first()) {
            (StatusWord::Success, Some(&first)) => Some(first == crate::layout::CERT_PRESENT),
            _ => None,
        })
    }
}
