//! The PC/SC transport: real readers through pcsc-lite (the `pcsc` crate), behind the
//! cargo feature `pcsc`.
//!
//! It lists readers ([`list_readers`]), picks one by index or name substring
//! ([`choose_reader`], a pure function), waits for a card or a reader with
//! `SCardGetStatusChange` and the PnP pseudo-reader, and carries APDUs for the card layer
//! ([`PcscTransport`]).
//!
//! Rules it keeps (DESIGN.md "transport/", reference/pcscd-vpcd.md §4–§5):
//! - a command is never resent on its own: a resent VERIFY costs the citizen a try;
//! - a response shorter than 2 bytes is an error (vpcd reports a card pulled during
//!   `SCardTransmit` as success with 0 bytes);
//! - the receive buffer holds extended responses (`MAX_BUFFER_SIZE_EXTENDED`, 65548 bytes)
//!   and is wiped after every exchange, since it may hold secrets of a card under test;
//! - after PIN work the card is left unpowered (safety rule 6).
//!
//! # Exclusive connection instead of `SCardBeginTransaction`
//!
//! The card is opened with `SCARD_SHARE_EXCLUSIVE` for the whole flow, as MCARD does while
//! a PIN is verified (protocol.md §10.3): no other application can send a command, reset
//! the card or read it while a verified state exists. A PC/SC transaction would give less
//! (other handles may stay connected and can act between transactions), and
//! `pcsc::Transaction<'_>` borrows the `pcsc::Card` mutably, so keeping one open inside
//! this struct would make it self-referential. Each flow therefore connects exclusively
//! (at [`PcscTransport::connect`] or at the next [`Transport::begin_transaction`]) and
//! disconnects at [`Transport::end_transaction`] with the flow's disposition, which also
//! frees the card for other applications between flows.

use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

use ::pcsc::{
    Context, MAX_BUFFER_SIZE_EXTENDED, PNP_NOTIFICATION, Protocols, ReaderState, Scope, ShareMode,
    State,
};
use zeroize::{Zeroize, Zeroizing};

use super::{Disposition, Transport, TransportError};
use crate::apdu::{Command, Response};

/// SELECT JPKI AP by DF name, no FCI: `00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01`
/// (protocol.md §1; OpenSC's JPKI detection step 2, §8.2).
pub const SELECT_JPKI_AP: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];

/// One reader as [`list_readers`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderInfo {
    /// Position in pcscd's reader list (the number `ReaderChoice::Named("0")` selects).
    pub index: usize,
    /// The reader's name, e.g. `Virtual PCD 00 00`.
    pub name: String,
    /// Whether a card is in the reader (`SCARD_STATE_PRESENT`).
    pub card_present: bool,
    /// The card's ATR, when a card is present and pcscd has read it.
    pub atr: Option<Vec<u8>>,
    /// Whether the card answered `90 00` to [`SELECT_JPKI_AP`]; `None` when not probed,
    /// when there is no card, or when the card could not be reached (e.g. another
    /// application holds it exclusively).
    pub jpki: Option<bool>,
}

/// Which reader to use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReaderChoice {
    /// The only reader that holds a card.
    #[default]
    Auto,
    /// A reader index (a number, as [`ReaderInfo::index`]) or a case-insensitive
    /// substring of the reader's name. An empty or blank string means [`ReaderChoice::Auto`].
    Named(String),
}

/// Picks a reader from `(name, card present)` pairs, in pcscd's order; returns its index.
///
/// - [`ReaderChoice::Named`] with a number: that index, else
///   [`TransportError::ReaderNotFound`].
/// - [`ReaderChoice::Named`] with text: the one reader whose name contains it, compared
///   case-insensitively; several matches give [`TransportError::AmbiguousReader`] unless
///   exactly one name equals the text (ignoring case); no match gives
///   [`TransportError::ReaderNotFound`]. Card presence does not matter here: the caller
///   waits for a card in the named reader or reports [`TransportError::NoCard`].
/// - [`ReaderChoice::Auto`]: the one reader with a card; [`TransportError::NoReaders`]
///   when there are no readers, [`TransportError::NoCard`] when no reader has a card,
///   [`TransportError::AmbiguousReader`] with an empty `wanted` when several have one.
pub fn choose_reader<S: AsRef<str>>(
    readers: &[(S, bool)],
    choice: &ReaderChoice,
) -> Result<usize, TransportError> {
    let names = || {
        readers
            .iter()
            .map(|(name, _)| name.as_ref().to_owned())
            .collect::<Vec<_>>()
    };
    let wanted = match choice {
        ReaderChoice::Named(wanted) if !wanted.trim().is_empty() => wanted.trim(),
        _ => return choose_auto(readers),
    };
    if wanted.bytes().all(|b| b.is_ascii_digit()) {
        return match wanted.parse::<usize>() {
            Ok(index) if index < readers.len() => Ok(index),
            _ => Err(TransportError::ReaderNotFound {
                wanted: wanted.to_owned(),
                available: names(),
            }),
        };
    }
    let needle = wanted.to_lowercase();
    let matches: Vec<usize> = readers
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.as_ref().to_lowercase().contains(&needle))
        .map(|(index, _)| index)
        .collect();
    match matches.as_slice() {
        [] => Err(TransportError::ReaderNotFound {
            wanted: wanted.to_owned(),
            available: names(),
        }),
        [index] => Ok(*index),
        several => {
            let exact: Vec<usize> = several
                .iter()
                .copied()
                .filter(|&index| readers[index].0.as_ref().to_lowercase() == needle)
                .collect();
            match exact.as_slice() {
                [index] => Ok(*index),
                _ => Err(TransportError::AmbiguousReader {
                    wanted: wanted.to_owned(),
                    candidates: several
                        .iter()
                        .map(|&index| readers[index].0.as_ref().to_owned())
                        .collect(),
                }),
            }
        }
    }
}

fn choose_auto<S: AsRef<str>>(readers: &[(S, bool)]) -> Result<usize, TransportError> {
    if readers.is_empty() {
        return Err(TransportError::NoReaders);
    }
    let with_card: Vec<usize> = readers
        .iter()
        .enumerate()
        .filter(|(_, (_, present))| *present)
        .map(|(index, _)| index)
        .collect();
    match with_card.as_slice() {
        [] => Err(TransportError::NoCard),
        [index] => Ok(*index),
        several => Err(TransportError::AmbiguousReader {
            wanted: String::new(),
            candidates: several
                .iter()
                .map(|&index| readers[index].0.as_ref().to_owned())
                .collect(),
        }),
    }
}

/// Lists the readers with card presence and ATR, in pcscd's order. No reader at all gives
/// an empty list.
///
/// With `probe_jpki`, each present card is connected in shared mode and sent
/// [`SELECT_JPKI_AP`] inside a PC/SC transaction; the card is then left as it is
/// (`SCARD_LEAVE_CARD`). Note that this changes the selected application for any other
/// application sharing the card.
pub fn list_readers(probe_jpki: bool) -> Result<Vec<ReaderInfo>, TransportError> {
    let context = establish()?;
    let states = reader_states(&context)?;
    Ok(states
        .iter()
        .enumerate()
        .map(|(index, state)| {
            let card_present = has_card(state.event_state());
            let atr = (card_present && !state.atr().is_empty()).then(|| state.atr().to_vec());
            let jpki = (probe_jpki && card_present)
                .then(|| probe_jpki_ap(&context, state.name()))
                .flatten();
            ReaderInfo {
                index,
                name: state.name().to_string_lossy().into_owned(),
                card_present,
                atr,
                jpki,
            }
        })
        .collect())
}

/// Sends [`SELECT_JPKI_AP`] to the card in `reader`; `None` when the card cannot be reached.
fn probe_jpki_ap(context: &Context, reader: &CStr) -> Option<bool> {
    let mut card = context
        .connect(reader, ShareMode::Shared, Protocols::ANY)
        .ok()?;
    let answer = {
        let transaction = card.transaction().ok()?;
        // P2 0C asks for no FCI, but leave room for a card that sends some.
        let mut buffer = [0u8; 258];
        let answer = transaction
            .transmit(&SELECT_JPKI_AP, &mut buffer)
            .ok()
            .map(|response| response.ends_with(&[0x90, 0x00]));
        let _ = transaction.end(::pcsc::Disposition::LeaveCard);
        answer
    };
    let _ = card.disconnect(::pcsc::Disposition::LeaveCard);
    answer
}

/// A card in a PC/SC reader, connected exclusively for each flow.
pub struct PcscTransport {
    context: Context,
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
        let context = establish()?;
        let deadline = wait.map(|wait| Instant::now().checked_add(wait));
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
            let states = reader_states(&context)?;
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
                    match Self::open(context.clone(), states[index].name()) {
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

    /// Connects exclusively to the card in `reader`.
    fn open(context: Context, reader: &CStr) -> Result<Self, TransportError> {
        let card = connect_exclusive(&context, reader)?;
        let atr = read_atr(&card);
        Ok(PcscTransport {
            context,
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

    /// The connected card, connecting exclusively first when a flow ended (or failed)
    /// before. With `check`, an existing handle is checked with `SCardStatus`: a card
    /// reset by another application is reconnected silently (the card layer selects the
    /// application and the PIN file again anyway, protocol.md §10.1), and a dead handle
    /// (card removed, reader gone) is replaced by a fresh connect, whose error then says
    /// what the matter is.
    fn card(&mut self, check: bool) -> Result<&mut ::pcsc::Card, TransportError> {
        if check {
            match self.card.as_ref().map(::pcsc::Card::status2_owned) {
                None | Some(Ok(_)) => {}
                Some(Err(::pcsc::Error::ResetCard)) => self.reconnect_after_reset(),
                Some(Err(_)) => self.card = None,
            }
        }
        if self.card.is_none() {
            let card = connect_exclusive(&self.context, &self.reader)?;
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
        if let Some(card) = self.card.as_mut() {
            if card
                .reconnect(
                    ShareMode::Exclusive,
                    Protocols::ANY,
                    ::pcsc::Disposition::LeaveCard,
                )
                .is_err()
            {
                self.card = None;
            }
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
                    // vpcd's answer when the card vanished mid-exchange (pcscd-vpcd.md §4).
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
            // gone away during an exchange (pcscd-vpcd.md §4).
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

    /// Makes sure the card is connected exclusively (reconnecting silently after a reset by
    /// another application). Exclusive sharing stands in for `SCardBeginTransaction`; see
    /// the module documentation.
    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        self.card(true).map(|_| ())
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
                        // warm reset, which does not clear a verified PIN (protocol.md §4): try
                        // the disposition once more through a reconnect, then leave the card.
                        card.reconnect(
                            ShareMode::Exclusive,
                            Protocols::ANY,
                            pcsc_disposition(disposition),
                        )
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

    /// `SCardReconnect` with the disposition (exclusive, any protocol), staying connected.
    /// Fails with [`TransportError::CardRemoved`] after an exchange showed the card gone.
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        if self.lost {
            return Err(TransportError::CardRemoved);
        }
        let card = self.card(false)?;
        match card.reconnect(
            ShareMode::Exclusive,
            Protocols::ANY,
            pcsc_disposition(disposition),
        ) {
            Ok(()) => Ok(()),
            Err(error) => {
                self.card = None;
                Err(map_error("SCardReconnect", error, Phase::Flow))
            }
        }
    }
}

impl Drop for PcscTransport {
    /// A flow that did not end leaves the card unpowered (safety rule 6).
    fn drop(&mut self) {
        if let Some(card) = self.card.take() {
            let _ = card.disconnect(::pcsc::Disposition::UnpowerCard);
        }
    }
}

/// The PC/SC disposition for ours (`SCARD_LEAVE_CARD`, `SCARD_RESET_CARD`,
/// `SCARD_UNPOWER_CARD`).
fn pcsc_disposition(disposition: Disposition) -> ::pcsc::Disposition {
    match disposition {
        Disposition::Leave => ::pcsc::Disposition::LeaveCard,
        Disposition::Reset => ::pcsc::Disposition::ResetCard,
        Disposition::Unpower => ::pcsc::Disposition::UnpowerCard,
    }
}

/// Whether an error came before a card was in use (connect, listing, waiting) or during
/// a flow: "no smart card" means "no card" in the first case and "card removed" in the
/// second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Setup,
    Flow,
}

/// Maps a PC/SC error to ours; `call` names the PC/SC function for [`TransportError::Link`].
fn map_error(call: &'static str, error: ::pcsc::Error, phase: Phase) -> TransportError {
    use ::pcsc::Error as E;
    match (error, phase) {
        (E::NoService | E::ServiceStopped, _) => TransportError::NoService,
        (E::NoReadersAvailable, _) => TransportError::NoReaders,
        (E::NoSmartcard, Phase::Setup) => TransportError::NoCard,
        (E::NoSmartcard | E::RemovedCard, _) => TransportError::CardRemoved,
        (E::SharingViolation, _) => TransportError::SharingViolation,
        (E::Timeout, _) => TransportError::Timeout,
        (E::ResetCard, _) => TransportError::CardReset,
        (E::InsufficientBuffer, _) => TransportError::Link(format!(
            "{call}: the response did not fit in {MAX_BUFFER_SIZE_EXTENDED} bytes; the command was executed and is not resent"
        )),
        (error, _) => TransportError::Link(format!("{call}: {error} ({error:?})")),
    }
}

fn establish() -> Result<Context, TransportError> {
    Context::establish(Scope::User)
        .map_err(|error| map_error("SCardEstablishContext", error, Phase::Setup))
}

fn connect_exclusive(context: &Context, reader: &CStr) -> Result<::pcsc::Card, TransportError> {
    context
        .connect(reader, ShareMode::Exclusive, Protocols::ANY)
        .map_err(|error| match error {
            ::pcsc::Error::UnknownReader | ::pcsc::Error::ReaderUnavailable => {
                TransportError::ReaderNotFound {
                    wanted: reader.to_string_lossy().into_owned(),
                    available: context
                        .list_readers_owned()
                        .unwrap_or_default()
                        .iter()
                        .map(|name| name.to_string_lossy().into_owned())
                        .collect(),
                }
            }
            error => map_error("SCardConnect", error, Phase::Setup),
        })
}

/// The ATR from `SCardStatus` (empty if the status cannot be read).
fn read_atr(card: &::pcsc::Card) -> Vec<u8> {
    card.status2_owned()
        .map(|status| status.atr().to_vec())
        .unwrap_or_default()
}

/// The readers pcscd knows and their current state (one `SCardGetStatusChange` with
/// every state `UNAWARE`, which returns at once). Readers that vanished in between are
/// left out.
fn reader_states(context: &Context) -> Result<Vec<ReaderState>, TransportError> {
    let names = match context.list_readers_owned() {
        Ok(names) => names,
        Err(::pcsc::Error::NoReadersAvailable) => return Ok(Vec::new()),
        Err(error) => return Err(map_error("SCardListReaders", error, Phase::Setup)),
    };
    let mut states: Vec<ReaderState> = names
        .into_iter()
        .map(|name| ReaderState::new(name, State::UNAWARE))
        .collect();
    if !states.is_empty() {
        ignore_timeout(context.get_status_change(Duration::ZERO, &mut states))
            .map_err(|error| map_error("SCardGetStatusChange", error, Phase::Setup))?;
    }
    states.retain(|state| {
        !state
            .event_state()
            .intersects(State::UNKNOWN | State::IGNORE | State::UNAVAILABLE)
    });
    Ok(states)
}

fn ignore_timeout(result: Result<(), ::pcsc::Error>) -> Result<(), ::pcsc::Error> {
    match result {
        Err(::pcsc::Error::Timeout) => Ok(()),
        other => other,
    }
}

/// A usable card: present and not mute (`SCARD_STATE_PRESENT` without `SCARD_STATE_MUTE`).
fn has_card(state: State) -> bool {
    state.contains(State::PRESENT) && !state.contains(State::MUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_VIRTUAL: [&str; 2] = ["Virtual PCD 00 00", "Virtual PCD 00 01"];

    fn readers<'a>(names: &[&'a str], present: &[bool]) -> Vec<(&'a str, bool)> {
        names.iter().copied().zip(present.iter().copied()).collect()
    }

    fn named(text: &str) -> ReaderChoice {
        ReaderChoice::Named(text.to_owned())
    }

    #[test]
    fn a_number_is_an_index() {
        let list = readers(&TWO_VIRTUAL, &[false, false]);
        assert_eq!(choose_reader(&list, &named("0")).unwrap(), 0);
        assert_eq!(choose_reader(&list, &named(" 1 ")).unwrap(), 1);
        match choose_reader(&list, &named("2")) {
            Err(TransportError::ReaderNotFound { wanted, available }) => {
                assert_eq!(wanted, "2");
                assert_eq!(available, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            choose_reader(&list, &named("99999999999999999999999")),
            Err(TransportError::ReaderNotFound { .. })
        ));
    }

    #[test]
    fn a_text_is_a_case_insensitive_substring() {
        let list = readers(&TWO_VIRTUAL, &[true, false]);
        assert_eq!(
            choose_reader(&list, &named("00 01")).unwrap(),
            1,
            "named reader without a card is still chosen"
        );
        assert_eq!(
            choose_reader(&list, &named("virtual pcd 00 00")).unwrap(),
            0
        );
        assert_eq!(
            choose_reader(&list, &named("VIRTUAL PCD 00 01")).unwrap(),
            1
        );
        let sony = readers(
            &["SONY FeliCa RC-S300/P 00 00", "Virtual PCD 00 00"],
            &[true, true],
        );
        assert_eq!(choose_reader(&sony, &named("felica")).unwrap(), 0);
    }

    #[test]
    fn several_matches_are_ambiguous_unless_one_is_exact() {
        let list = readers(&TWO_VIRTUAL, &[true, true]);
        match choose_reader(&list, &named("Virtual")) {
            Err(TransportError::AmbiguousReader { wanted, candidates }) => {
                assert_eq!(wanted, "Virtual");
                assert_eq!(candidates, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let nested = readers(&["ACR 00", "ACR 00 extra"], &[true, true]);
        assert_eq!(choose_reader(&nested, &named("acr 00")).unwrap(), 0);
    }

    #[test]
    fn no_match_lists_the_readers() {
        let list = readers(&TWO_VIRTUAL, &[true, true]);
        match choose_reader(&list, &named("pasori")) {
            Err(TransportError::ReaderNotFound { wanted, available }) => {
                assert_eq!(wanted, "pasori");
                assert_eq!(available, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let none: Vec<(&str, bool)> = Vec::new();
        assert!(matches!(
            choose_reader(&none, &named("0")),
            Err(TransportError::ReaderNotFound { .. })
        ));
    }

    #[test]
    fn auto_takes_the_single_reader_with_a_card() {
        let none: Vec<(&str, bool)> = Vec::new();
        assert!(matches!(
            choose_reader(&none, &ReaderChoice::Auto),
            Err(TransportError::NoReaders)
        ));
        assert!(matches!(
            choose_reader(&readers(&TWO_VIRTUAL, &[false, false]), &ReaderChoice::Auto),
            Err(TransportError::NoCard)
        ));
        assert_eq!(
            choose_reader(&readers(&TWO_VIRTUAL, &[false, true]), &ReaderChoice::Auto).unwrap(),
            1
        );
        match choose_reader(&readers(&TWO_VIRTUAL, &[true, true]), &ReaderChoice::Auto) {
            Err(TransportError::AmbiguousReader { wanted, candidates }) => {
                assert_eq!(wanted, "");
                assert_eq!(candidates, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let three = readers(&["a", "b", "c"], &[true, false, true]);
        match choose_reader(&three, &ReaderChoice::Auto) {
            Err(TransportError::AmbiguousReader { candidates, .. }) => {
                assert_eq!(candidates, ["a", "c"], "only readers with a card");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_blank_name_means_auto() {
        let list = readers(&TWO_VIRTUAL, &[false, true]);
        assert_eq!(choose_reader(&list, &named("  ")).unwrap(), 1);
        assert_eq!(ReaderChoice::default(), ReaderChoice::Auto);
    }

    #[test]
    fn maps_pcsc_errors() {
        use ::pcsc::Error as E;
        let setup = |error| map_error("SCardConnect", error, Phase::Setup);
        let flow = |error| map_error("SCardTransmit", error, Phase::Flow);
        assert!(matches!(setup(E::NoService), TransportError::NoService));
        assert!(matches!(flow(E::ServiceStopped), TransportError::NoService));
        assert!(matches!(
            setup(E::NoReadersAvailable),
            TransportError::NoReaders
        ));
        assert!(matches!(setup(E::NoSmartcard), TransportError::NoCard));
        assert!(matches!(flow(E::NoSmartcard), TransportError::CardRemoved));
        assert!(matches!(flow(E::RemovedCard), TransportError::CardRemoved));
        assert!(matches!(
            setup(E::SharingViolation),
            TransportError::SharingViolation
        ));
        assert!(matches!(setup(E::Timeout), TransportError::Timeout));
        assert!(matches!(flow(E::ResetCard), TransportError::CardReset));
        match flow(E::UnresponsiveCard) {
            TransportError::Link(text) => {
                assert!(text.starts_with("SCardTransmit: "), "{text}");
                assert!(text.contains("UnresponsiveCard"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        match flow(E::InsufficientBuffer) {
            TransportError::Link(text) => assert!(text.contains("not resent"), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dispositions_and_constants() {
        assert_eq!(
            pcsc_disposition(Disposition::Unpower),
            ::pcsc::Disposition::UnpowerCard
        );
        assert_eq!(
            pcsc_disposition(Disposition::Reset),
            ::pcsc::Disposition::ResetCard
        );
        assert_eq!(
            pcsc_disposition(Disposition::Leave),
            ::pcsc::Disposition::LeaveCard
        );
        assert_eq!(&SELECT_JPKI_AP[..5], &[0x00, 0xA4, 0x04, 0x0C, 0x0A]);
        assert_eq!(&SELECT_JPKI_AP[5..], &crate::layout::AID_JPKI);
        assert!(has_card(State::PRESENT | State::INUSE));
        assert!(!has_card(State::PRESENT | State::MUTE));
        assert!(!has_card(State::EMPTY));
    }
}
