//! Message catalogues for any front end and any language: the library's errors, the PIN
//! kinds' names and rules, and the command-line tool's wording, as message ids with typed
//! arguments ([`Message`]) rendered by a Fluent catalogue ([`Catalog`]).
//!
//! The catalogues are the `locales/*.ftl` files, one per language, embedded at build time
//! (`build.rs` lists the folder): adding a language is adding one file. Japanese (`ja`) is
//! the default, and the fallback for a message another catalogue lacks.
//!
//! Every library error has a `message()` (e.g. [`crate::card::CardError::message`]); its
//! arguments are names, counts, paths and status words, never a PIN value, and never an
//! English sentence from a parser or the operating system except as a separate
//! [`Message::with_detail`] that the Japanese catalogue leaves out.
//!
//! ```
//! use mynapin::card::{CardError, PinKind};
//! use mynapin::messages::Catalog;
//!
//! let error = CardError::WrongPin { kind: PinKind::Auth, left: 2 };
//! assert_eq!(
//!     Catalog::for_tag("en").text(&error.message()),
//!     "Wrong user authentication password: 2 tries left."
//! );
//! assert!(Catalog::for_tag("ja").text(&error.message()).contains("残り2回"));
//! ```

mod apdu;
mod audit;
mod card;
mod catalog;
mod embedded;
mod io;
mod message;
mod pin;
mod procedure;
mod profile;
mod source;
mod status;
mod trace;
mod transport;
mod vpcd;

#[cfg(test)]
mod tests;

pub use catalog::{Catalog, DEFAULT_TAG};
pub use io::io_message;
pub use message::{Message, MessageArg};
pub use pin::{format_hint, pin_label, pin_name, reset_advice};
pub use procedure::{
    all_of, any_of, applicant_name, ends_here_message, paper_name, procedure_name, proof_name,
    visit_name, waiver_name,
};
pub use profile::preset_description;
/// The language tag type [`Catalog::new`] and [`Catalog::matching`] take (from `unic-langid`).
pub use unic_langid::LanguageIdentifier;
