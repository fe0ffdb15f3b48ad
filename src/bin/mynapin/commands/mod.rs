//! One module per subcommand. Each reads what it needs (PINs first, before the card is
//! touched), runs the library flow, and hands the typed result to the presenter
//! (`present.rs`); failures go back to `main`.

pub mod audit;
pub mod change;
pub mod completions;
pub mod counter;
pub mod doctor;
pub mod guide;
pub mod info;
pub mod man;
pub mod readers;
pub mod reset;
pub mod sim;
pub mod status;
pub mod verify;

use crate::cli::Format;
use crate::i18n::Lang;

/// After a PIN flow: when the card could not be powered down, a PIN may still be verified
/// on it (safety rule 6), so the user is told to take it out now. Returns whether the card
/// was left unpowered.
pub fn warn_if_left_powered<T: mynapin::transport::Transport>(
    context: Context,
    card: &mynapin::card::Card<T>,
) -> bool {
    let Some(error) = card.power_down_failure() else {
        return true;
    };
    let warning = mynapin::messages::Message::new("warning-left-powered")
        .with("cause", error.cause_message());
    crate::output::warn(&context.lang.text(&warning));
    false
}

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
