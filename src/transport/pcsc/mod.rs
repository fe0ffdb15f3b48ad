//! The PC/SC transport: real readers through pcsc-lite (the `pcsc` crate), behind the
//! cargo feature `pcsc`.
//!
//! - [`list_readers`] (`readers.rs`): the readers pcscd knows, card presence and ATR;
//! - [`ReaderChoice`](crate::transport::ReaderChoice) and [`choose_reader`](crate::transport::choose_reader) (`../choice.rs`, outside the feature): which
//!   reader to use, a pure rule;
//! - [`PcscTransport`] (`connection.rs`): waits for a card or a reader with
//!   `SCardGetStatusChange` and the PnP pseudo-reader, and carries APDUs for the card
//!   layer, exclusively for PIN work or shared for a read-only probe;
//! - [`wait_for_swap`] and [`watch_presence`] (`presence.rs`): a card taken out and put
//!   back, and whether a card is on the chosen readers, without connecting to it;
//! - `errors.rs`: PC/SC errors and dispositions mapped to ours (docs/pcscd-vpcd.md §4).
//!
//! What the card is (e.g. whether it answers the JPKI AP) is the card layer's business
//! ([`crate::card::probe`]); nothing here sends an APDU of its own.

mod connection;
mod errors;
mod presence;
mod readers;

pub use connection::PcscTransport;
pub use presence::{Presence, Swap, wait_for_swap, watch_presence};
pub use readers::{ReaderInfo, list_readers};
