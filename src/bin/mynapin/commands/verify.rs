//! `mynapin verify KIND`: check a PIN against the card, after the guards.

use mynapin::audit::AuditRecord;
use mynapin::card::{Card, Pin, PinOptions};
use mynapin::messages::Message;

use super::Context;
use crate::audit::Trail;
use crate::cli::PinArgs;
use crate::exit::Failure;
use crate::prompt::PinInput;
use crate::session::CardLink;

/// Tells the user the signature password was upper-cased (J-LIS converts lowercase input).
pub fn uppercase_notice(context: Context, pin: &Pin) {
    if pin.was_uppercased() && !context.json() {
        crate::output::stderr(&format!(
            "{}\n",
            context.lang.text(&Message::new("uppercase-notice"))
        ));
    }
}

/// Reads and checks the PIN, before the card is opened.
pub fn read_pin(context: Context, args: &PinArgs) -> Result<Pin, Failure> {
    let kind = args.kind;
    let mut input = PinInput::open(args.pin_stdin, context.lang)?;
    let typed = input.current(context.lang, kind)?;
    input.finish(context.lang, 1)?;
    let pin = Pin::new(kind, &typed).map_err(mynapin::card::CardError::from)?;
    uppercase_notice(context, &pin);
    Ok(pin)
}

/// Runs `verify` with a PIN already read, leaves its audit record in `trail`; returns
/// what to print.
pub fn run(
    context: Context,
    options: PinOptions,
    pin: Pin,
    card: CardLink<'_>,
    trail: &mut Trail,
) -> Result<String, Failure> {
    let mut flow = Card::new(card.transport);
    let result = flow.verify(&pin, options);
    let record = AuditRecord::of_verify(trail.context(), card.source.clone(), pin.kind(), &result);
    trail.set(record);
    let unpowered = super::warn_if_left_powered(context, &flow);
    let outcome = result?;
    crate::present::verified(
        context,
        card.source,
        &outcome,
        pin.was_uppercased(),
        unpowered,
    )
}
