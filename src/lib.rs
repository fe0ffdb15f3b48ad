//! mynapin: PIN status, verify and change for the Japanese My Number Card
//! (マイナンバーカード), over ISO 7816 APDUs, with a faithful simulated card.
//!
//! Modules, from the front ends' side down to the card's (docs/DESIGN.md, README
//! "Architecture"; `sim` depends only on `apdu`, `layout` and `terminal_key`):
//!
//! - [`source`]: what card to open ([`source::CardSource`]: simulated, replayed or in a
//!   reader), and the open card a front end runs flows on;
//! - [`procedure`]: the counter's rules as data (who may apply, identity documents,
//!   places, hours, the kiosk route) and their evaluation, pure functions;
//! - [`config`]: a counter workstation's configuration file (counter mode, rules, audit log);
//! - [`report`]: the versioned JSON documents of the results (schemas in `schemas/`);
//! - [`messages`]: message ids for every error and text, rendered by Fluent catalogues
//!   (`locales/*.ftl`) in any language;
//! - [`audit`]: the tamper-evident audit log (one hash-chained JSON line per card action
//!   or refusal);
//! - [`codes`]: the stable error codes and classes of every error ([`Coded`]);
//! - [`card`]: `Card<T: Transport>`, the guarded flows, their policy, one constructor per
//!   APDU, and the JPKI probe;
//! - [`layout`]: the card's AIDs, file identifiers and the table of its four credentials;
//! - [`apdu`]: commands, responses, status words and the ISO 7816-4 length parser;
//! - [`transport`]: the [`transport::Transport`] trait, PC/SC readers, traces and replay;
//! - [`terminal_key`]: the AES-128 terminal key of the terminal-key reset (this project's
//!   definition for simulated and test cards), used by `card` and `sim` alike;
//! - [`web`]: the counter page's request checks (form decoding, Host, Origin, cookies,
//!   random tokens), pure functions the web server in the CLI calls and a fuzz target drives;
//! - [`sim`]: the simulated card, its profile file and its link to pcscd's vpcd driver
//!   (it depends on `apdu`, `layout` and `terminal_key` only).
//!
//! Nothing in the library prints, prompts, reads the environment, handles signals or picks
//! an exit code; that is a front end's job (the `mynapin` command-line tool, or the short
//! example in `examples/status_document.rs`).
#![warn(missing_docs)]

pub mod apdu;
mod atomic_file;
pub mod audit;
pub mod card;
pub mod certificate;
pub mod codes;
pub mod config;
pub mod doctor;
pub mod file_identity;
pub mod layout;
pub mod messages;
pub mod procedure;
pub mod report;
pub mod sim;
pub mod source;
pub mod terminal_key;
pub mod transport;
pub mod web;

pub use codes::{Coded, ErrorClass};
