//! The simulated My Number Card, for tests, CI and staff training.
//!
//! [`SimCard`] is a pure APDU state machine faithful to docs/protocol.md §11, built from a
//! [`Profile`] (a TOML card file). It depends on the APDU layer, the card's published
//! layout ([`crate::layout`]) and the terminal key ([`crate::terminal_key`]) only, never on
//! the card layer. It also answers the reset commands (GET CHALLENGE, EXTERNAL
//! AUTHENTICATE, RESET RETRY COUNTER) as mynapin defines them for simulated and test cards,
//! which is not a fact about real cards. It serves
//! in-process through [`crate::transport::SimTransport`], and behind a real pcscd through
//! the vpcd link, so that any PC/SC client can talk to it.

mod card;
mod cardholder;
mod fault;
mod filesystem;
mod keys;
mod profile;
pub mod vpcd;

pub use card::{PinSnapshot, SimCard, TerminalSnapshot};
pub use fault::{Fault, FaultKind, FaultTarget, FaultTrigger, InvalidFault, SLOW_ANSWER};
pub use profile::{
    Behaviour, DEFAULT_ATR, DEFAULT_TERMINAL_MAX_TRIES, DEFAULT_TOKEN_LABEL, Expected,
    MAX_PROFILE_SIZE, PROFILE_HEADER, PinProfile, Pins, Profile, ProfileError, ProfileFile,
    ProfileProblem, QueryAfterVerify, QueryWhenBlocked, SyntaxPlace, SyntaxPosition, SyntaxProblem,
    TEST_TERMINAL_KEY, TerminalProfile,
};
pub use profile::{
    CodeCounter, CodeKind, Codes, DEFAULT_CODE_MAX_TRIES, DEFAULT_MY_NUMBER, PRESETS, Person,
    PersonProblem, Preset, SignPinFile, check_digit,
};
