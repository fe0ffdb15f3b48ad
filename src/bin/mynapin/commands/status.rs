//! `mynapin status`: every PIN's tries left, read without consuming a try; as text, one
//! more line with the 利用者証明用 certificate's expiry and days left.
//!
//! The certificate is read by a call of its own ([`Card::auth_certificate`]) after the
//! status flow, when a JPKI PIN is asked: the status flow, its golden traces and the
//! `mynapin.status/1` document stay as they are, and a certificate that cannot be read
//! only leaves the line out. It is read for the text of a card; on a replay it is read
//! in every format, so that a trace recorded by a text `status` (which holds the reads)
//! replays whole in JSON too, while a trace without them (a golden, a JSON `status`)
//! only ends the read early: the divergence is the unreadable certificate, not a failure.

use mynapin::card::{Card, PinKind};
use mynapin::report::CardDescription;

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
    let replay = matches!(source, CardDescription::Replay { .. });
    let mut flow = Card::new(card.transport);
    let report = flow.status_of(&kinds)?;
    let mut out = crate::present::status(context, source, &report)?;
    let jpki = kinds
        .iter()
        .any(|kind| matches!(kind, PinKind::Auth | PinKind::Sign));
    if jpki && (!context.json() || replay) {
        let read = flow.auth_certificate();
        let now = crate::clock::unix_now();
        let line = read
            .ok()
            .and_then(|read| crate::present::info::status_expiry_line(context, &read, now));
        if let (false, Some(line)) = (context.json(), line) {
            out.push_str(&line);
        }
    }
    Ok(out)
}
