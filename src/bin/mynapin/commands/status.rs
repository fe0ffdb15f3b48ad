//! `mynapin status`: every PIN's tries left, read without consuming a try.

use mynapin::card::{Card, PinKind};

use super::Context;
use crate::cli::StatusArgs;
use crate::exit::Failure;
use crate::session::CardLink;

/// Runs `status`; returns what to print.
pub fn run(context: Context, args: &StatusArgs, card: CardLink<'_>) -> Result<String, Failure> {
    let kinds: Vec<PinKind> = if args.kinds.is_empty() {
        PinKind::ALL.to_vec()
    } else {
        args.kinds.clone()
    };
    let source = card.source;
    let report = Card::new(card.transport).status_of(&kinds)?;
    crate::present::status(context, source, &report)
}
