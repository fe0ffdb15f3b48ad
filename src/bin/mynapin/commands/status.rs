//! `mynapin status`: every PIN's tries left, read without consuming a try.

use mynapin::card::Card;

use super::Context;
use crate::exit::Failure;
use crate::output::{status_json, status_text};
use crate::session::Session;

/// Runs `status`; returns what to print.
pub fn run(context: Context, session: &mut Session) -> Result<String, Failure> {
    let source = session.source_json();
    let report = Card::new(session.transport()).status()?;
    Ok(if context.json() {
        format!("{}\n", status_json(&report, &source))
    } else {
        status_text(context.lang, &report)
    })
}
