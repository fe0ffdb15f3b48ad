//! Card presence without connecting: what a front end needs to wait for a card to be taken
//! out and put back ([`wait_for_swap`], the issuer's reset of a PIN with the J-LIS
//! equipment) or to show whether a card is on the reader ([`watch_presence`], the counter
//! page).
//!
//! Both block in `SCardGetStatusChange` (docs/pcscd-vpcd.md §4), at most a second
//! ([`WAKE`]) at a time so that their `stop` check is read at least once a second, and
//! map PC/SC errors to [`TransportError`] with the transport's own mapping (`errors.rs`).
//! The decisions themselves ([`SwapProgress`], [`chosen_readers`], [`Changes`]) are pure
//! functions over reader states, tested without pcscd.

use std::ffi::{CStr, CString};
use std::mem::Discriminant;
use std::time::{Duration, Instant};

use ::pcsc::{Context, ReaderState, State};

use super::errors::{Phase, map_error, unknown_reader};
use super::readers::{establish_own, has_card};
use crate::transport::{ReaderChoice, TransportError};

/// Longest single wait in `SCardGetStatusChange`: how soon a `stop` check, readers
/// plugged in or out, and the end of pcscd are noticed.
const WAKE: Duration = Duration::from_secs(1);

/// How [`wait_for_swap`] ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// The reader was seen without a card, then with one again.
    Back,
    /// `stop` turned true first.
    Stopped,
}

/// Waits until the card in the reader named exactly `reader` has been taken out and a card
/// is in it again: the reader must be seen without a card (`SCARD_STATE_PRESENT` clear)
/// and then with one. A reader already empty at the start only needs the card put back.
///
/// `timeout` bounds the whole wait (`None`: no limit; a time too long to represent is no
/// limit either); when it runs out the result is [`TransportError::Timeout`]. `stop` is
/// checked before every wait of at most a second; when it returns true the result is
/// [`Swap::Stopped`]. A reader pcscd does not know gives
/// [`TransportError::ReaderNotFound`]; other PC/SC errors are mapped as the transport
/// maps them while setting up (e.g. [`TransportError::NoService`]).
pub fn wait_for_swap(
    reader: &str,
    timeout: Option<Duration>,
    stop: &dyn Fn() -> bool,
) -> Result<Swap, TransportError> {
    let not_found = || TransportError::ReaderNotFound {
        wanted: reader.to_owned(),
        available: Vec::new(),
    };
    let name = CString::new(reader).map_err(|_| not_found())?;
    let context = establish_own()?;
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    let mut states = [ReaderState::new(name, State::UNAWARE)];
    let mut progress = SwapProgress::default();
    loop {
        if stop() {
            return Ok(Swap::Stopped);
        }
        let slice = match deadline {
            None => WAKE,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(TransportError::Timeout);
                }
                left.min(WAKE)
            }
        };
        match context.get_status_change(slice, &mut states) {
            Ok(()) => {}
            // Nothing changed within this slice: check `stop` and the deadline again.
            Err(::pcsc::Error::Timeout) => continue,
            Err(error) => return Err(status_error(&context, states[0].name(), error)),
        }
        if progress.observe(states[0].event_state().contains(State::PRESENT)) {
            return Ok(Swap::Back);
        }
        states[0].sync_current_state();
    }
}

/// The rule of [`wait_for_swap`], fed one observation of the reader at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SwapProgress {
    seen_empty: bool,
}

impl SwapProgress {
    /// Takes one observation (`present`: a card is in the reader); true once a card is
    /// present after the reader was seen empty.
    fn observe(&mut self, present: bool) -> bool {
        if !present {
            self.seen_empty = true;
            false
        } else {
            self.seen_empty
        }
    }
}

/// Whether a card is on the reader(s) a [`ReaderChoice`] names, as [`watch_presence`]
/// reports it.
#[derive(Debug)]
pub enum Presence {
    /// A usable card (present, not mute) is in one of the readers.
    Card,
    /// The readers are there, without a usable card.
    Empty,
    /// No reader the choice names is connected.
    NoReader,
    /// PC/SC cannot be used (pcscd stopped or restarting, or another PC/SC failure while
    /// listing or waiting), as the transport maps the error.
    Unreachable(TransportError),
}

/// Reports the presence of a card on the readers `choice` names: once at the start, then
/// on every change (a change of [`Presence`] variant; two failures in a row are reported
/// once), until `stop` returns true or `report` returns false (its receiver is gone).
/// Blocks the calling thread: run it on a thread of its own.
///
/// Readers are listed again after every wait of at most a second, so readers plugged in or
/// out are followed; after a PC/SC failure the context is established again (pcscd
/// restarted), and when it cannot be, again every second.
pub fn watch_presence(
    choice: &ReaderChoice,
    stop: &dyn Fn() -> bool,
    report: &mut dyn FnMut(Presence) -> bool,
) {
    let mut changes = Changes::default();
    let mut send = |presence: Presence| !changes.is_new(&presence) || report(presence);
    while !stop() {
        let context = match establish_own() {
            Ok(context) => context,
            Err(error) => {
                if !send(Presence::Unreachable(error)) {
                    return;
                }
                std::thread::sleep(WAKE);
                continue;
            }
        };
        let mut states: Vec<ReaderState> = Vec::new();
        loop {
            if stop() {
                return;
            }
            let names = match context.list_readers_owned() {
                Ok(names) => {
                    let texts: Vec<String> = names
                        .iter()
                        .map(|name| name.to_string_lossy().into_owned())
                        .collect();
                    let keep = chosen_readers(choice, &texts);
                    names
                        .into_iter()
                        .enumerate()
                        .filter(|(index, _)| keep.contains(index))
                        .map(|(_, name)| name)
                        .collect()
                }
                Err(::pcsc::Error::NoReadersAvailable) => Vec::new(),
                Err(error) => {
                    let error = map_error("SCardListReaders", error, Phase::Setup);
                    if !send(Presence::Unreachable(error)) {
                        return;
                    }
                    break; // establish again (pcscd restarted or stopped)
                }
            };
            if names.is_empty() {
                if !send(Presence::NoReader) {
                    return;
                }
                states.clear();
                std::thread::sleep(WAKE);
                continue;
            }
            let same = states.len() == names.len()
                && states
                    .iter()
                    .zip(&names)
                    .all(|(state, name)| state.name() == name.as_c_str());
            if !same {
                states = names
                    .into_iter()
                    .map(|name| ReaderState::new(name, State::UNAWARE))
                    .collect();
            }
            match context.get_status_change(WAKE, &mut states) {
                Ok(()) | Err(::pcsc::Error::Timeout) => {}
                Err(error) => {
                    let error = map_error("SCardGetStatusChange", error, Phase::Setup);
                    if !send(Presence::Unreachable(error)) {
                        return;
                    }
                    break;
                }
            }
            let presence = card_in(states.iter().map(ReaderState::event_state));
            for state in &mut states {
                state.sync_current_state();
            }
            if !send(presence) {
                return;
            }
        }
    }
}

/// [`Presence::Card`] when one of the reader states shows a usable card, else
/// [`Presence::Empty`].
fn card_in(mut states: impl Iterator<Item = State>) -> Presence {
    if states.any(has_card) {
        Presence::Card
    } else {
        Presence::Empty
    }
}

/// The positions in `names` (pcscd's reader list, in its order) of the readers `choice`
/// names: every reader for [`ReaderChoice::Auto`] (any of them may get the card), the one
/// at that position for [`ReaderChoice::Index`], the one of exactly that name for
/// [`ReaderChoice::Exact`], and every name containing the text, ignoring case, for
/// [`ReaderChoice::Contains`].
fn chosen_readers<S: AsRef<str>>(choice: &ReaderChoice, names: &[S]) -> Vec<usize> {
    let positions = 0..names.len();
    match choice {
        ReaderChoice::Auto => positions.collect(),
        ReaderChoice::Index(index) => positions.filter(|position| position == index).collect(),
        ReaderChoice::Exact(wanted) => positions
            .filter(|&position| names[position].as_ref() == wanted)
            .collect(),
        ReaderChoice::Contains(part) => {
            let part = part.to_lowercase();
            positions
                .filter(|&position| names[position].as_ref().to_lowercase().contains(&part))
                .collect()
        }
    }
}

/// Which [`Presence`] was reported last, so that only changes are reported.
#[derive(Debug, Default)]
struct Changes {
    last: Option<Discriminant<Presence>>,
}

impl Changes {
    /// Whether `presence` differs from the one seen last (always true the first time);
    /// remembers it.
    fn is_new(&mut self, presence: &Presence) -> bool {
        let now = std::mem::discriminant(presence);
        let new = self.last != Some(now);
        self.last = Some(now);
        new
    }
}

/// A failed `SCardGetStatusChange` on one named reader: an unknown reader is
/// [`TransportError::ReaderNotFound`], the rest as the transport maps it.
fn status_error(context: &Context, reader: &CStr, error: ::pcsc::Error) -> TransportError {
    match error {
        ::pcsc::Error::UnknownReader | ::pcsc::Error::ReaderUnavailable => {
            unknown_reader(context, reader)
        }
        error => map_error("SCardGetStatusChange", error, Phase::Setup),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_needs_the_reader_empty_then_full() {
        let run = |seen: &[bool]| {
            let mut progress = SwapProgress::default();
            seen.iter().position(|&present| progress.observe(present))
        };
        // The card is still in at the start: nothing until it was out and is back.
        assert_eq!(run(&[true, true]), None);
        assert_eq!(run(&[true, false, false, true]), Some(3));
        // Already out at the start: only its return is needed.
        assert_eq!(run(&[false, true]), Some(1));
        assert_eq!(run(&[false, false]), None);
    }

    #[test]
    fn a_card_counts_when_present_and_not_mute() {
        let states = [State::EMPTY, State::PRESENT | State::INUSE];
        assert!(matches!(card_in(states.into_iter()), Presence::Card));
        let mute = [State::EMPTY, State::PRESENT | State::MUTE];
        assert!(matches!(card_in(mute.into_iter()), Presence::Empty));
        assert!(matches!(card_in(std::iter::empty()), Presence::Empty));
    }

    #[test]
    fn the_choice_names_the_watched_readers() {
        let names = [
            "Virtual PCD 00 00",
            "Virtual PCD 00 01",
            "Sony FeliCa Port/PaSoRi 00 00",
        ];
        assert_eq!(chosen_readers(&ReaderChoice::Auto, &names), [0, 1, 2]);
        assert_eq!(chosen_readers(&ReaderChoice::Index(1), &names), [1]);
        assert!(chosen_readers(&ReaderChoice::Index(3), &names).is_empty());
        assert_eq!(
            chosen_readers(&ReaderChoice::Exact("Virtual PCD 00 01".into()), &names),
            [1]
        );
        // Exact is never a pattern.
        assert!(chosen_readers(&ReaderChoice::Exact("Virtual PCD".into()), &names).is_empty());
        assert_eq!(
            chosen_readers(&ReaderChoice::Contains("virtual".into()), &names),
            [0, 1]
        );
        assert_eq!(
            chosen_readers(&ReaderChoice::Contains("FELICA".into()), &names),
            [2]
        );
        assert!(chosen_readers::<&str>(&ReaderChoice::Auto, &[]).is_empty());
    }

    #[test]
    fn only_changes_are_reported() {
        let mut changes = Changes::default();
        assert!(changes.is_new(&Presence::Empty));
        assert!(!changes.is_new(&Presence::Empty));
        assert!(changes.is_new(&Presence::Card));
        assert!(changes.is_new(&Presence::Unreachable(TransportError::NoService)));
        // A second failure, even another one, is the same state for the watcher.
        assert!(!changes.is_new(&Presence::Unreachable(TransportError::Timeout)));
        assert!(changes.is_new(&Presence::NoReader));
        assert!(changes.is_new(&Presence::Empty));
    }
}
