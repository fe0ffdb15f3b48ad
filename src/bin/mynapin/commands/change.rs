//! `mynapin change KIND`: change a known PIN (current value once, new value twice).

use mynapin::audit::AuditRecord;
use mynapin::card::{Card, CardError, Operation, Pin, PinKind, PinOptions};
use mynapin::messages::Message;

use super::Context;
use super::verify::uppercase_notice;
use crate::audit::Trail;
use crate::cli::PinArgs;
use crate::exit::Failure;
use crate::prompt::PinInput;
use crate::session::CardLink;

/// The current and the new value, both checked, read before the card is opened.
pub struct ChangePins {
    current: Pin,
    new: Pin,
}

/// Refuses, before any PIN is typed, a change the library policy does not permit
/// ([`PinOptions::permits`]): the 住基 PIN's CHANGE KEY `80 32 00 80` appears only in one
/// peer's code (docs/protocol.md §5.1), so on a real card it needs
/// `--allow-unconfirmed-command`.
pub fn check_confirmed(
    context: Context,
    options: PinOptions,
    kind: PinKind,
) -> Result<(), Failure> {
    match options.permits(Operation::Change, kind) {
        // The 住基 PIN's change is the only unconfirmed command today; the CLI's advice
        // names it and the flag.
        Err(error @ CardError::UnconfirmedCommand { .. }) => {
            let advice = Message::new("change-unconfirmed-command");
            Err(Failure::Refused(error, context.lang.text(&advice)))
        }
        other => other.map_err(Failure::from),
    }
}

/// Reads and checks both values; a bad format or a mismatch sends nothing to the card.
pub fn read_pins(context: Context, args: &PinArgs) -> Result<ChangePins, Failure> {
    let kind = args.kind;
    let mut input = PinInput::open(args.pin_stdin, context.lang)?;
    let current = Pin::new(kind, &input.current(context.lang, kind)?).map_err(CardError::from)?;
    let new = Pin::new(kind, &input.new_value(context.lang, kind)?).map_err(CardError::from)?;
    input.finish(context.lang, 2)?;
    if new.was_uppercased() {
        uppercase_notice(context, &new);
    } else {
        uppercase_notice(context, &current);
    }
    Ok(ChangePins { current, new })
}

/// Runs `change` with the values already read, leaves its audit record in `trail`;
/// returns what to print.
pub fn run(
    context: Context,
    options: PinOptions,
    pins: ChangePins,
    card: CardLink<'_>,
    trail: &mut Trail,
) -> Result<String, Failure> {
    let mut flow = Card::new(card.transport);
    let result = flow.change(&pins.current, &pins.new, options);
    let record = AuditRecord::of_change(
        trail.context(),
        card.source.clone(),
        pins.current.kind(),
        &result,
    );
    trail.set(record);
    let unpowered = super::warn_if_left_powered(context, &flow);
    let outcome = result?;
    let uppercased = pins.new.was_uppercased() || pins.current.was_uppercased();
    crate::present::changed(context, card.source, &outcome, uppercased, unpowered)
}
