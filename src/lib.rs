//! mynapin: PIN status, verify and change for the Japanese My Number Card
//! (マイナンバーカード), over ISO 7816 APDUs, with a faithful simulated card.
//!
//! Layers, each depending only on those below it (see DESIGN.md):
//!
//! - [`card`]: `Card<T: Transport>`, the PIN kinds, their policies and the guarded flows;
//! - [`apdu`]: commands, responses and status words;
//! - [`transport`]: the [`transport::Transport`] trait and its implementations;
//! - [`sim`]: the simulated card, its profile file and its link to pcscd's vpcd driver;
//! - [`report`]: the versioned JSON documents of the results, for the tool to print.
//! - [`messages`]: message ids for every error and text, rendered by Fluent catalogues
//!   (`locales/*.ftl`) in any language.
//!
//! Nothing in the library prints, prompts, reads the environment or picks an exit code;
//! that is the command-line tool's job.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod apdu;
mod atomic_file;
pub mod card;
pub mod codes;
pub mod layout;
pub mod messages;
pub mod report;
pub mod sim;
pub mod transport;

pub use codes::{Coded, ErrorClass};
