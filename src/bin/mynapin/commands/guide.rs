//! `mynapin guide`: the counter checklist for a procedure and applicant under the rules in
//! force (`--rules`, the configuration's, or the embedded default), at `--at` or now (JST),
//! with `--card` the routes open for the card read (a status read: no try consumed).

use std::time::{SystemTime, UNIX_EPOCH};

use mynapin::card::{Card, PinKind, StatusReport};
use mynapin::procedure::calendar::LocalDateTime;
use mynapin::procedure::{Applicant, Visit, requirements, routes, signature_password};

use super::Context;
use crate::cli::{GlobalArgs, GuideArgs};
use crate::exit::Failure;
use crate::i18n::Lang;

/// The local time in Japan now (the library reads no clock; the CLI does).
pub fn now_in_japan() -> LocalDateTime {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0));
    LocalDateTime::from_unix_seconds(seconds)
}

/// Runs `guide`; returns what to print.
pub fn run(context: Context, global: &GlobalArgs, args: &GuideArgs) -> Result<String, Failure> {
    if args.visit.is_some() && args.applicant != Applicant::Proxy {
        let message = mynapin::messages::Message::new("counter-usage-visit-proxy-only");
        return Err(Failure::Usage(context.lang.text(&message)));
    }
    let config = super::counter::config(global)?;
    let rules = super::counter::rules(global, &config)?;
    let at = args.at.unwrap_or_else(now_in_japan);
    let visit = match args.applicant {
        Applicant::Proxy => Some(args.visit.unwrap_or(Visit::Application)),
        _ => None,
    };
    let needed = requirements(&rules, args.procedure, args.applicant, visit);
    let (routes, signature_password) = match args.card {
        true => {
            let status = read_status(context, global)?;
            (Some(routes(&status, &rules)), signature_password(&status))
        }
        false => (None, None),
    };
    crate::present::guide(
        context,
        &rules,
        args.procedure,
        args.applicant,
        &needed,
        at,
        routes,
        signature_password,
    )
}

/// The card's status (every PIN), through the same card source as `status`.
fn read_status(context: Context, global: &GlobalArgs) -> Result<StatusReport, Failure> {
    let lang: Lang = context.lang;
    let source = crate::session::card_source(global, lang)?;
    let source = crate::session::with_menu_choice(source, global, lang);
    let mut report = None;
    crate::session::with_card(context, global, &source, "status", |card| {
        report = Some(Card::new(card.transport).status_of(&PinKind::ALL)?);
        Ok(String::new())
    })?;
    report.ok_or_else(|| Failure::Usage(String::new()))
}
