//! `mynapin info`: what the card shows without any PIN ([`mynapin::card::Card::info`]),
//! judged against the current time.

use mynapin::card::Card;

use super::Context;
use crate::exit::Failure;
use crate::session::CardLink;

/// Runs `info`; returns what to print.
pub fn run(context: Context, card: CardLink<'_>) -> Result<String, Failure> {
    let report = Card::new(card.transport).info()?;
    let now = crate::clock::unix_now();
    crate::present::info::info(context, card.source, card.atr.as_deref(), &report, now)
}
