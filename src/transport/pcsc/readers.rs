//! The readers pcscd knows: [`list_readers`] for callers, and the context and reader
//! states the connection builds on (one `SCardGetStatusChange` with every state
//! `UNAWARE`, docs/pcscd-vpcd.md §4).

use std::ffi::{CStr, CString};
use std::sync::Mutex;
use std::time::Duration;

use ::pcsc::{Context, ReaderState, Scope, State};

use super::errors::{Phase, ignore_timeout, map_error};
use crate::transport::TransportError;

/// One reader as [`list_readers`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderInfo {
    /// Position in pcscd's reader list (what [`crate::transport::ReaderChoice::Index`] selects).
    pub index: usize,
    /// The reader's name, e.g. `Virtual PCD 00 00` (what [`crate::transport::ReaderChoice::Exact`]
    /// selects).
    pub name: String,
    /// Whether a usable card is in the reader (`SCARD_STATE_PRESENT`, not
    /// `SCARD_STATE_MUTE`).
    pub card_present: bool,
    /// The card's ATR, when a card is present and pcscd has read it.
    pub atr: Option<Vec<u8>>,
}

/// Lists the readers with card presence and ATR, in pcscd's order, without touching any
/// card. No reader at all gives an empty list.
pub fn list_readers() -> Result<Vec<ReaderInfo>, TransportError> {
    let (_context, states) = shared_reader_states()?;
    Ok(states
        .iter()
        .enumerate()
        .map(|(index, state)| {
            let card_present = has_card(state.event_state());
            let atr = (card_present && !state.atr().is_empty()).then(|| state.atr().to_vec());
            ReaderInfo {
                index,
                name: state.name().to_string_lossy().into_owned(),
                card_present,
                atr,
            }
        })
        .collect())
}

/// The process's PC/SC context: established once (`SCardEstablishContext`, which with
/// pcsc-lite opens a socket to pcscd and costs two requests) and shared by every listing
/// and connect that follows, as a tool making a handful of calls should; never released
/// before the process ends (pcscd cleans up when the socket closes). A context pcscd no
/// longer knows (it restarted) is dropped by [`forget_context`] and made anew.
static CONTEXT: Mutex<Option<Context>> = Mutex::new(None);

/// The process's shared PC/SC context ([`CONTEXT`]), established on first use. For short
/// calls only: pcsc-lite serialises the calls of one context, so a thread that blocks in
/// `SCardGetStatusChange` for long takes a context of its own ([`establish_own`]).
pub(super) fn establish() -> Result<Context, TransportError> {
    let mut cached = CONTEXT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(context) = cached.as_ref() {
        return Ok(context.clone());
    }
    let context = establish_own()?;
    *cached = Some(context.clone());
    Ok(context)
}

/// Drops the shared context after a failure that says pcscd no longer knows it (pcscd
/// stopped or restarted), so the next [`establish`] makes a new one.
pub(super) fn forget_context() {
    *CONTEXT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
}

/// Whether `error` says the context is dead (pcscd stopped or restarted since it was
/// established), so a new one may succeed.
pub(super) fn context_is_dead(error: &TransportError) -> bool {
    matches!(error, TransportError::NoService | TransportError::Link(_))
}

/// A PC/SC context of the caller's own (`SCardEstablishContext(SCARD_SCOPE_USER)`), for a
/// thread that waits in `SCardGetStatusChange`.
pub(super) fn establish_own() -> Result<Context, TransportError> {
    Context::establish(Scope::User)
        .map_err(|error| map_error("SCardEstablishContext", error, Phase::Setup))
}

/// The reader states of the shared context ([`reader_states`]); when pcscd no longer knows
/// the context, once more with a new one. Returns the context used.
pub(super) fn shared_reader_states() -> Result<(Context, Vec<ReaderState>), TransportError> {
    let context = establish()?;
    match reader_states(&context) {
        Ok(states) => Ok((context, states)),
        Err(error) if context_is_dead(&error) => {
            forget_context();
            let context = establish()?;
            let states = reader_states(&context)?;
            Ok((context, states))
        }
        Err(error) => Err(error),
    }
}

/// Room for the reader names of one `SCardListReaders` call: a list that fits needs one
/// request instead of two (the sizing call of `list_readers_owned`).
const READER_NAMES_ROOM: usize = 4096;

/// The readers pcscd knows and their current state (one `SCardGetStatusChange` with
/// every state `UNAWARE`, which returns at once). Readers that vanished in between are
/// left out.
pub(super) fn reader_states(context: &Context) -> Result<Vec<ReaderState>, TransportError> {
    let mut room = [0u8; READER_NAMES_ROOM];
    let listed: Result<Vec<CString>, ::pcsc::Error> = match context.list_readers(&mut room) {
        Ok(names) => Ok(names.map(CStr::to_owned).collect()),
        // More names than the room holds: ask for the size first.
        Err(::pcsc::Error::InsufficientBuffer) => context.list_readers_owned(),
        Err(error) => Err(error),
    };
    let names = match listed {
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

/// A usable card: present and not mute (`SCARD_STATE_PRESENT` without `SCARD_STATE_MUTE`).
pub(super) fn has_card(state: State) -> bool {
    state.contains(State::PRESENT) && !state.contains(State::MUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mute_card_is_no_card() {
        assert!(has_card(State::PRESENT | State::INUSE));
        assert!(!has_card(State::PRESENT | State::MUTE));
        assert!(!has_card(State::EMPTY));
    }
}
