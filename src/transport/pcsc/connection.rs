//! [`PcscTransport`]: one card in a PC/SC reader, connected for each flow, carrying APDUs
//! for the card layer.
//!
//! Rules it keeps (docs/DESIGN.md "transport/", docs/pcscd-vpcd.md §4–§5):
//! - a command is never resent on its own: a resent VERIFY costs the citizen a try;
//! - a response shorter than 2 bytes is an error (vpcd reports a card pulled during
//!   `SCardTransmit` as success with 0 bytes);
//! - the receive buffer holds extended responses (`MAX_BUFFER_SIZE_EXTENDED`, 65548 bytes)
//!   and is wiped after every exchange, since it may hold secrets of a card under test;
//! - after PIN work the card is left unpowered (safety rule 6).
//!
//! # Exclusive connection instead of `SCardBeginTransaction`
//!
//! [`PcscTransport::connect`] opens the card with `SCARD_SHARE_EXCLUSIVE` for the whole
//! flow, as MCARD does while a PIN is verified (docs/protocol.md §10.3): no other application
//! can send a command, reset the card or read it while a verified state exists. A PC/SC
//! transaction would give less (other handles may stay connected and can act between
//! transactions), and `pcsc::Transaction<'_>` borrows the `pcsc::Card` mutably, so keeping
//! one open inside this struct would make it self-referential. Each flow therefore
//! connects exclusively (at [`PcscTransport::connect`] or at the next
//! [`Transport::begin_transaction`]) and disconnects at [`Transport::end_transaction`]
//! with the flow's disposition, which also frees the card for other applications between
//! flows.
//!
//! # Shared connection for read-only probes
//!
//! [`PcscTransport::connect_shared`] opens the card with `SCARD_SHARE_SHARED`, for a probe
//! that must not lock other applications out for long (e.g. `mynapin readers` asking
//! whether the card answers the JPKI AP). Its [`Transport::begin_transaction`] takes a
//! PC/SC transaction (`SCardBeginTransaction`), which the disconnect at
//! [`Transport::end_transaction`] releases; dropping it leaves the card as it is
//! (`SCARD_LEAVE_CARD`), since other applications may be using it.

use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

use ::pcsc::{
    Context, MAX_BUFFER_SIZE_EXTENDED, PNP_NOTIFICATION, Protocols, ReaderState, ShareMode, State,
};
use zeroize::{Zeroize, Zeroizing};

use super::errors::{Phase, ignore_timeout, map_error, pcsc_disposition, unknown_reader};
use super::readers::{has_card, reader_states, shared_reader_states};
use crate::apdu::{Command, Response};
use crate::transport::{Disposition, Transport, TransportError};
use crate::transport::{ReaderChoice, choose_reader};

/// A card in a PC/SC reader, connected for each flow: exclusively for PIN work
/// ([`PcscTransport::connect`]), shared for read-only probes
/// ([`PcscTransport::connect_shared`]).
pub struct PcscTransport {
    context: Context,
    /// `SCARD_SHARE_EXCLUSIVE` or `SCARD_SHARE_SHARED`, for every connect and reconnect.
    share: ShareMode,
    reader: CString,
    reader_name: String,
    atr: Vec<u8>,
    /// `None` between flows (after [`Transport::end_transaction`]) or after a failure.
    card: Option<::pcsc::Card>,
    /// Set when an exchange showed the card gone (0-byte answer, removed card): pcscd
    /// then reports `SCardDisconnect(UNPOWER)` as a success although it could not power
    /// anything down, so the end of the flow says the card was removed instead.
    lost: bool,
    receive: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader_name)
            .field("atr", &hex::encode_upper(&self.atr))
            .field("connected", &self.card.is_some())
            .field("shared", &(self.share == ShareMode::Shared))
            .finish()
    }
}

impl PcscTransport {
    /// Connects exclusively to the card in the reader `choice` names.
    ///
    /// Without `wait`, a missing card gives [`TransportError::NoCard`] (or
    /// [`TransportError::NoReaders`], [`TransportError::ReaderNotFound`]) at once. With
    /// `wait`, it waits up to that long for a card to be inserted and for readers to be
    /// plugged in, blocking in `SCardGetStatusChange` on the readers and the PnP
    /// pseudo-reader `\\?PnP?\Notification` (no polling), and gives
    /// [`TransportError::Timeout`] when the time is up. Several readers with a card under
    /// [`ReaderChoice::Auto`] give [`TransportError::AmbiguousReader`] at once.
    pub fn connect(choice: &ReaderChoice, wait: Option<Duration>) -> Result<Self, TransportError> {
        Self::connect_with(choice, wait, ShareMode::Exclusive)
    }

    /// Connects in shared mode (`SCARD_SHARE_SHARED`) to the card in the reader `choice`
    /// names, without waiting, for a read-only probe: other applications keep their
    /// connections, and the card is left as it is when the probe ends (see the module
    /// documentation). Errors as [`PcscTransport::connect`] without `wait`.
    pub fn connect_shared(choice: &ReaderChoice) -> Result<Self, TransportError> {
        Self::connect_with(choice, None, ShareMode::Shared)
    }

    /// [`PcscTransport::connect`] with the share mode of every connect of this transport.
    fn connect_with(
        choice: &ReaderChoice,
        wait: Option<Duration>,
        share: ShareMode,
    ) -> Result<Self, TransportError> {
        // A reader named exactly, without a wait: connect by its name, with no listing
        // (`SCardConnect` says whether the reader or its card is missing).
        if let (ReaderChoice::Exact(name), None) = (choice, wait)
            && let Ok(reader) = CString::new(name.as_str())
        {
            let context = super::readers::establish()?;
            return match Self::open(context, &reader, share, Vec::new()) {
                Err(error) if super::readers::context_is_dead(&error) => {
                    super::readers::forget_context();
                    Self::open(super::readers::establish()?, &reader, share, Vec::new())
                }
                other => other,
            };
        }
        let deadline = wait.map(|wait| Instant::now().checked_add(wait));
        // The shared context, made anew if pcscd restarted since; waiting below keeps it.
        let (context, mut first) = match shared_reader_states() {
            Ok((context, states)) => (context, Some(states)),
            Err(error) => return Err(error),
        };
        loop {
            // Learn the PnP event count before listing, so that a reader plugged in after
            // the listing wakes the wait below.
            let mut pnp = ReaderState::new(PNP_NOTIFICATION(), State::UNAWARE);
            if deadline.is_some() {
                ignore_timeout(
                    context.get_status_change(Duration::ZERO, std::slice::from_mut(&mut pnp)),
                )
                .map_err(|error| map_error("SCardGetStatusChange", error, Phase::Setup))?;
            }
            // Without a wait, the first listing serves; while waiting, list again after
            // the PnP count above, so a reader plugged in after the listing wakes the wait.
            let states = match (first.take(), deadline) {
                (Some(states), None) => states,
                _ => reader_states(&context)?,
            };
            let readers: Vec<(String, bool)> = states
                .iter()
                .map(|state| {
                    (
                        state.name().to_string_lossy().into_owned(),
                        has_card(state.event_state()),
                    )
                })
                .collect();
            let not_yet = match choose_reader(&readers, choice) {
                Ok(index) if readers[index].1 => {
                    let atr = states[index].atr().to_vec();
                    match Self::open(context.clone(), states[index].name(), share, atr) {
                        Ok(transport) => return Ok(transport),
                        // The card went away between the listing and the connect.
                        Err(error @ (TransportError::NoCard | TransportError::CardRemoved)) => {
                            error
                        }
                        Err(error) => return Err(error),
                    }
                }
                Ok(_) => TransportError::NoCard,
                Err(
                    error @ (TransportError::NoCard
                    | TransportError::NoReaders
                    | TransportError::ReaderNotFound { .. }),
                ) => error,
                Err(error) => return Err(error),
            };
            let deadline = match deadline {
                None => return Err(not_yet),
                Some(deadline) => deadline,
            };
            let timeout = match deadline {
                // A wait too long to represent: wait without limit.
                None => None,
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(TransportError::Timeout);
                    }
                    Some(left)
                }
            };
            let mut watched = states;
            for state in &mut watched {
                state.sync_current_state();
            }
            pnp.sync_current_state();
            watched.push(pnp);
            match context.get_status_change(timeout, &mut watched) {
                Ok(()) => {}
                Err(::pcsc::Error::Timeout) => return Err(TransportError::Timeout),
                Err(error) => return Err(map_error("SCardGetStatusChange", error, Phase::Setup)),
            }
        }
    }

    /// Connects to the card in `reader` with `share`; `atr` is the one pcscd reported in
    /// the reader's state (read with `SCardStatus` only when that is empty).
    fn open(
        context: Context,
        reader: &CStr,
        share: ShareMode,
        atr: Vec<u8>,
    ) -> Result<Self, TransportError> {
        let card = connect_card(&context, reader, share)?;
        let atr = if atr.is_empty() { read_atr(&card) } else { atr };
        tracing::info!(
            reader = %reader.to_string_lossy(),
            share = ?share,
            atr = %hex::encode_upper(&atr),
            "connected to the card"
        );
        Ok(PcscTransport {
            context,
            share,
            reader: reader.to_owned(),
            reader_name: reader.to_string_lossy().into_owned(),
            atr,
            card: Some(card),
            lost: false,
            receive: Zeroizing::new(vec![0; MAX_BUFFER_SIZE_EXTENDED]),
        })
    }

    /// The reader's name, as pcscd lists it.
    pub fn reader_name(&self) -> &str {
        &self.reader_name
    }

    /// The card's ATR, as read at the last connect.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// The connected card, connecting first when a flow ended (or failed)
    /// before. With `check`, an existing handle is checked with `SCardStatus`: a card
    /// reset by another application is reconnected silently (the card layer selects the
    /// application and the PIN file again anyway, docs/protocol.md §10.1), and a dead handle
    /// (card removed, reader gone) is replaced by a fresh connect, whose error then says
    /// what the matter is.
    fn card(&mut self, check: bool) -> Result<&mut ::pcsc::Card, TransportError> {
        // An exclusive handle cannot be reset by another application, and a card pulled
        // since shows at the first exchange: only a shared handle is checked.
        if check && self.share == ShareMode::Shared {
            match self.card.as_ref().map(::pcsc::Card::status2_owned) {
                None | Some(Ok(_)) => {}
                Some(Err(::pcsc::Error::ResetCard)) => self.reconnect_after_reset(),
                Some(Err(_)) => self.card = None,
            }
        }
        if self.card.is_none() {
            let card = connect_card(&self.context, &self.reader, self.share)?;
            self.atr = read_atr(&card);
            self.card = Some(card);
            self.lost = false;
        }
        self.card
            .as_mut()
            .ok_or_else(|| TransportError::Link("the card connection was lost".to_owned()))
    }

    /// `SCardReconnect(LEAVE_CARD)` after `SCARD_W_RESET_CARD`; drops the handle on failure.
    fn reconnect_after_reset(&mut self) {
        if let Some(card) = self.card.as_mut()
            && card
                .reconnect(self.share, Protocols::ANY, ::pcsc::Disposition::LeaveCard)
                .is_err()
        {
            self.card = None;
        }
    }
}

impl Transport for PcscTransport {
    /// `SCardTransmit` once. `SCARD_W_RESET_CARD` reconnects and fails with
    /// [`TransportError::CardReset`]; a response under 2 bytes fails with
    /// [`crate::apdu::ApduError::ResponseTooShort`]. Nothing is ever resent.
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        let bytes = command.to_bytes()?;
        let mut receive = std::mem::take(&mut self.receive);
        let outcome = match self.card(false) {
            Err(error) => Err(error),
            Ok(card) => match card.transmit(&bytes, receive.as_mut_slice()) {
                Ok(answer) => {
                    let length = answer.len();
                    let response = Response::from_bytes(answer).map_err(TransportError::from);
                    receive[..length].zeroize();
                    self.receive = receive;
                    // vpcd's answer when the card vanished mid-exchange (docs/pcscd-vpcd.md §4).
                    self.lost |= response.is_err();
                    return response;
                }
                Err(error) => Ok(error),
            },
        };
        receive.as_mut_slice().zeroize();
        self.receive = receive;
        let outcome = outcome?;
        match outcome {
            ::pcsc::Error::ResetCard => {
                self.reconnect_after_reset();
                Err(TransportError::CardReset)
            }
            // vpcd (and some CCID readers) answer SCARD_E_NOT_TRANSACTED once the card has
            // gone away during an exchange (docs/pcscd-vpcd.md §4).
            ::pcsc::Error::NotTransacted => {
                self.lost = true;
                Err(TransportError::CardRemoved)
            }
            error => {
                let error = map_error("SCardTransmit", error, Phase::Flow);
                self.lost |= matches!(error, TransportError::CardRemoved);
                Err(error)
            }
        }
    }

    /// Makes sure the card is connected (reconnecting silently after a reset by another
    /// application). Exclusive sharing stands in for `SCardBeginTransaction`; a shared
    /// connection takes a PC/SC transaction, released by the disconnect at
    /// [`Transport::end_transaction`]. See the module documentation.
    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        let shared = self.share == ShareMode::Shared;
        let card = self.card(true)?;
        if shared {
            let transaction = card
                .transaction()
                .map_err(|error| map_error("SCardBeginTransaction", error, Phase::Flow))?;
            // `pcsc::Transaction` borrows the card; forgetting it keeps the transaction
            // open until `SCardDisconnect`, which ends every transaction of the handle
            // (pcsc-lite `RFUnlockAllSharing`), instead of ending it here with the borrow.
            std::mem::forget(transaction);
        }
        Ok(())
    }

    /// Disconnects with the disposition: [`Disposition::Unpower`] →
    /// `SCARD_UNPOWER_CARD`, [`Disposition::Reset`] → `SCARD_RESET_CARD`,
    /// [`Disposition::Leave`] → `SCARD_LEAVE_CARD`. The next flow connects again. After an
    /// exchange that showed the card gone, it still disconnects, then reports
    /// [`TransportError::CardRemoved`]: the card could not be powered down (nor needed to be).
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        let lost = std::mem::take(&mut self.lost);
        let ended = match self.card.take() {
            None => Ok(()),
            Some(card) => {
                card.disconnect(pcsc_disposition(disposition))
                    .or_else(|(mut card, error)| {
                        // Dropping the handle now would make the pcsc crate disconnect with a
                        // warm reset, which does not clear a verified PIN (docs/protocol.md §4): try
                        // the disposition once more through a reconnect, then leave the card.
                        card.reconnect(self.share, Protocols::ANY, pcsc_disposition(disposition))
                            .map_err(|_| map_error("SCardDisconnect", error, Phase::Flow))?;
                        card.disconnect(::pcsc::Disposition::LeaveCard)
                            .map_err(|(_card, error)| {
                                map_error("SCardDisconnect", error, Phase::Flow)
                            })
                    })
            }
        };
        match ended {
            Ok(()) if lost => Err(TransportError::CardRemoved),
            other => other,
        }
    }

    /// `SCardReconnect` with the disposition (same share mode, any protocol), staying
    /// connected.
    /// Fails with [`TransportError::CardRemoved`] after an exchange showed the card gone.
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        if self.lost {
            return Err(TransportError::CardRemoved);
        }
        let share = self.share;
        let card = self.card(false)?;
        match card.reconnect(share, Protocols::ANY, pcsc_disposition(disposition)) {
            Ok(()) => Ok(()),
            Err(error) => {
                self.card = None;
                Err(map_error("SCardReconnect", error, Phase::Flow))
            }
        }
    }
}

impl Drop for PcscTransport {
    /// A flow that did not end leaves the card unpowered (safety rule 6); a shared probe
    /// leaves it as it is (`SCARD_LEAVE_CARD`), for the other applications using it.
    fn drop(&mut self) {
        let disposition = match self.share {
            ShareMode::Shared => ::pcsc::Disposition::LeaveCard,
            _ => ::pcsc::Disposition::UnpowerCard,
        };
        if let Some(card) = self.card.take() {
            let _ = card.disconnect(disposition);
        }
    }
}

/// `SCardConnect` with `share` and any protocol; an unknown reader gives
/// [`TransportError::ReaderNotFound`] listing the readers there are.
fn connect_card(
    context: &Context,
    reader: &CStr,
    share: ShareMode,
) -> Result<::pcsc::Card, TransportError> {
    context
        .connect(reader, share, Protocols::ANY)
        .map_err(|error| match error {
            ::pcsc::Error::UnknownReader | ::pcsc::Error::ReaderUnavailable => {
                unknown_reader(context, reader)
            }
            // A mute or unpowered card is no usable card, as the listing says of it.
            ::pcsc::Error::UnresponsiveCard | ::pcsc::Error::UnpoweredCard => {
                TransportError::NoCard
            }
            error => map_error("SCardConnect", error, Phase::Setup),
        })
}

/// The ATR, from one `SCardStatus` into buffers of fixed size (the pcsc crate's owned
/// variant calls it twice, to size the buffers first; `SCardGetAttrib` is not answered by
/// every reader driver, vpcd's included); empty if the status cannot be read.
fn read_atr(card: &::pcsc::Card) -> Vec<u8> {
    // Reader names are at most a few hundred bytes; an ATR at most 33 (ISO 7816-3).
    let mut names = [0u8; 1024];
    let mut atr = [0u8; 64];
    match card.status2(&mut names, &mut atr) {
        Ok(status) => status.atr().to_vec(),
        Err(::pcsc::Error::InsufficientBuffer) => card
            .status2_owned()
            .map(|status| status.atr().to_vec())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}
