//! `mynapin status`: every PIN's tries left, read without consuming a try.

use mynapin::card::Card;

use super::Context;
use crate::exit::Failure;
use crate::output::{status_json, status_text};
use crate::session::CardLink;

/// Runs `status`; returns what to print.
pub fn run(context: Context, card: CardLink<'_>) -> Result<String, Failure> {
    let source = card.source.clone();
    let report = Card::new(card.transport).status()?;
    Ok(if context.json() {
        format!("{}\n", status_json(&report, &source))
    } else {
        status_text(context.lang, &report)
    })
}
