//! The `mynapin` command: parses the command line, reads PINs before touching the card,
//! runs one library flow, prints text or JSON, and exits with the code of docs/DESIGN.md.
//!
//! This is the only place that prints, prompts, reads the environment or picks an exit
//! code; the library below does none of these.

mod cli;
mod clock;
mod commands;
mod exit;
mod i18n;
mod output;
mod present;
mod prompt;
mod session;
mod signals;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use commands::Context;
use commands::counter::Counter;
use exit::{Exit, Failure};
use i18n::Lang;
use mynapin::procedure::Procedure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let context = Context {
        lang: cli
            .global
            .lang
            .unwrap_or_else(|| Lang::from_locale(i18n::locale_from_env())),
        format: cli.global.format,
    };
    let command_name = match &cli.command {
        Command::Status(_) => "status",
        Command::Verify(_) => "verify",
        Command::Change(_) => "change",
        Command::Readers(_) => "readers",
        Command::Sim(_) => "sim",
        Command::Guide(_) => "guide",
    };
    match run(context, &cli) {
        Ok(printed) => {
            print!("{printed}");
            Exit::Ok.into()
        }
        Err(failure) => {
            output::report_failure(context.lang, context.json(), command_name, &failure).into()
        }
    }
}

/// Reads input, opens the card, runs the command, then closes the card (saving a
/// simulated card's profile whatever the command's outcome). Returns what to print; it is
/// printed only once the card is closed, so a failure to save the card file never
/// follows a printed success.
fn run(context: Context, cli: &Cli) -> Result<String, Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::Sim(command) => commands::sim::run(context, command),
        Command::Readers(args) => commands::readers::run(context, args),
        Command::Guide(args) => commands::guide::run(context, global, args),
        Command::Status(args) => {
            let reader = prompt::choose_reader_when_several(global, context.lang);
            let source = session::card_source(global, reader, context.lang)?;
            session::with_card(context, global, &source, "status", |card| {
                commands::status::run(context, args, card)
            })
        }
        Command::Verify(args) => {
            // Counter mode: the rules are checked before anything touches the card.
            let counter = Procedure::Change;
            if let Counter::EndsHere(_, printed) =
                commands::counter::check(context, global, &args.counter, counter)?
            {
                return Ok(printed);
            }
            let options = args.options(global.real_card());
            let reader = prompt::choose_reader_when_several(global, context.lang);
            let source = session::card_source(global, reader, context.lang)?;
            let pin = commands::verify::read_pin(context, args)?;
            let flow = format!("verify {}", pin.kind());
            session::with_card(context, global, &source, &flow, |card| {
                commands::verify::run(context, options, pin, card)
            })
        }
        Command::Change(args) => {
            if let Counter::EndsHere(_, printed) =
                commands::counter::check(context, global, &args.counter, Procedure::Change)?
            {
                return Ok(printed);
            }
            let options = args.options(global.real_card());
            commands::change::check_confirmed(context, options, args.kind)?;
            let reader = prompt::choose_reader_when_several(global, context.lang);
            let source = session::card_source(global, reader, context.lang)?;
            let pins = commands::change::read_pins(context, args)?;
            let flow = format!("change {}", args.kind);
            session::with_card(context, global, &source, &flow, |card| {
                commands::change::run(context, options, pins, card)
            })
        }
    }
}
