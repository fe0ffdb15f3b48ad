//! The readers pcscd knows: [`list_readers`] for callers, and the context and reader
//! states the connection builds on (one `SCardGetStatusChange` with every state
//! `UNAWARE`, docs/pcscd-vpcd.md §4).

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
    let context = establish()?;
    let states = reader_states(&context)?;
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

/// `SCardEstablishContext(SCARD_SCOPE_USER)`.
pub(super) fn establish() -> Result<Context, TransportError> {
    Context::establish(Scope::User)
        .map_err(|error| map_error("SCardEstablishContext", error, Phase::Setup))
}

/// The readers pcscd knows and their current state (one `SCardGetStatusChange` with
/// every state `UNAWARE`, which returns at once). Readers that vanished in between are
/// left out.
pub(super) fn reader_states(context: &Context) -> Result<Vec<ReaderState>, TransportError> {
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
