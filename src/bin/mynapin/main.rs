//! The `mynapin` command: parses the command line, reads PINs before touching the card,
//! runs one library flow, prints text or JSON, and exits with the code of DESIGN.md.
//!
//! This is the only place that prints, prompts, reads the environment or picks an exit
//! code; the library below does none of these.

mod cli;
mod clock;
mod commands;
mod exit;
mod i18n;
mod output;
mod prompt;
mod session;
mod signals;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use commands::Context;
use exit::{Exit, Failure};
use i18n::Lang;
use session::Session;

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
        Command::Status(args) => {
            let reader = commands::readers::ask_when_several(global, context.lang);
            with_card(context, global, reader, "status", |card| {
                commands::status::run(context, args, card)
            })
        }
        Command::Verify(args) => {
            let options = args.options(global.real_card());
            let reader = commands::readers::ask_when_several(global, context.lang);
            let pin = commands::verify::read_pin(context, args)?;
            let flow = format!("verify {}", pin.kind());
            with_card(context, global, reader, &flow, |card| {
                commands::verify::run(context, options, pin, card)
            })
        }
        Command::Change(args) => {
            let options = args.options(global.real_card());
            commands::change::check_confirmed(context, options, args.kind)?;
            let reader = commands::readers::ask_when_several(global, context.lang);
            let pins = commands::change::read_pins(context, args)?;
            let flow = format!("change {}", args.kind);
            with_card(context, global, reader, &flow, |card| {
                commands::change::run(context, options, pins, card)
            })
        }
    }
}

/// Opens the card, runs one flow on it (traced with `--trace`), and closes it.
fn with_card(
    context: Context,
    global: &cli::GlobalArgs,
    reader: Option<String>,
    flow: &str,
    command: impl FnOnce(session::CardLink<'_>) -> Result<String, Failure>,
) -> Result<String, Failure> {
    let mut session = Session::open(global, reader, context.lang)?;
    let trace = global.trace.as_deref().map(|path| (path, flow));
    let result = session.run(context.lang, trace, command);
    match (result, session.finish(context.lang)) {
        (Err(failure), Err(Failure::ProfileNotSaved(save))) => {
            // Both matter: the command's failure is the answer, but the card file is stale.
            eprintln!("mynapin: {}", context.lang.text(&save.not_saved_message()));
            Err(failure)
        }
        (result, saved) => saved.and(result),
    }
}
