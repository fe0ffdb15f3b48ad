//! One module per subcommand. Each reads what it needs (PINs first, before the card is
//! touched), runs the library flow, and prints its result; failures go back to `main`.

pub mod change;
pub mod readers;
pub mod sim;
pub mod status;
pub mod verify;

use crate::cli::Format;
use crate::i18n::Lang;

/// What every command needs to know about the user's choices.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Message language.
    pub lang: Lang,
    /// Output format.
    pub format: Format,
}

impl Context {
    /// True for `--format json`.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}
