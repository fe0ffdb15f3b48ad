//! The `mynapin` command: parses the command line, reads PINs before touching the card,
//! runs one library flow, prints text or JSON, and exits with the code of docs/DESIGN.md.
//!
//! This is the only place that prints, prompts, reads the environment or picks an exit
//! code; the library below does none of these.

mod audit;
mod cli;
mod clock;
mod commands;
mod counter_page;
mod exit;
mod hygiene;
mod i18n;
mod logging;
mod os_user;
mod output;
mod present;
mod prompt;
mod session;
mod signals;
#[cfg(unix)]
mod tty;
#[cfg(not(unix))]
#[path = "tty_unsupported.rs"]
mod tty;
mod usage;

use std::process::ExitCode;

use mynapin::audit::Procedure as AuditProcedure;

use audit::Trail;
use cli::{Cli, Command, GlobalArgs, PinArgs};
use commands::Context;
use commands::counter::Counter;
use exit::{Exit, Failure};
use i18n::Lang;
use mynapin::procedure::Procedure as RulesProcedure;

fn main() -> ExitCode {
    hygiene::harden();
    let cli = match usage::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit.into(),
    };
    let context = Context {
        lang: cli
            .global
            .lang
            .unwrap_or_else(|| Lang::from_locale(i18n::locale_from_env())),
        format: cli.global.format,
    };
    logging::init(cli.global.verbosity, context.lang);
    let command_name = match &cli.command {
        Command::Status(_) => "status",
        Command::Verify(_) => "verify",
        Command::Change(_) => "change",
        Command::Reset(_) => "reset",
        Command::Readers(_) => "readers",
        Command::Sim(_) => "sim",
        Command::Audit(_) => "audit",
        Command::Guide(_) => "guide",
        Command::Info => "info",
        Command::Counter(_) => "counter",
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
        Command::Doctor => "doctor",
    };
    match run(context, &cli) {
        Ok((printed, exit)) => {
            output::print_result(context.lang, command_name, &printed, exit).into()
        }
        Err(failure) => {
            output::report_failure(context.lang, context.json(), command_name, &failure).into()
        }
    }
}

/// Reads input, opens the card, runs the command, then closes the card (saving a
/// simulated card's profile whatever the command's outcome). Returns what to print and the
/// exit code; it is printed only once the card is closed and the audit record of a card
/// procedure appended, so neither a failure to save the card file nor a missing record
/// ever follows a printed success.
fn run(context: Context, cli: &Cli) -> Result<(String, Exit), Failure> {
    let global = &cli.global;
    session::check_options(global, context.lang)?;
    let done = |output| (output, Exit::Ok);
    match &cli.command {
        Command::Sim(command) => commands::sim::run(context, command).map(done),
        Command::Readers(args) => commands::readers::run(context, args).map(done),
        Command::Audit(command) => commands::audit::run(context, global, command),
        Command::Guide(args) => commands::guide::run(context, global, args).map(done),
        Command::Counter(args) => counter_page::run(context, global, args).map(done),
        Command::Completions(args) => Ok(done(commands::completions::run(args))),
        Command::Man(args) => commands::man::run(context, args).map(done),
        Command::Info => {
            let source = session::card_source(global, context.lang)?;
            let source = session::with_menu_choice(source, global, context.lang);
            session::with_card(context, global, &source, "info", |card| {
                commands::info::run(context, card)
            })
            .map(done)
        }
        Command::Doctor => commands::doctor::run(context, global),
        Command::Status(args) => {
            let source = session::card_source(global, context.lang)?;
            let source = session::with_menu_choice(source, global, context.lang);
            session::with_card(context, global, &source, "status", |card| {
                commands::status::run(context, args, card)
            })
            .map(done)
        }
        Command::Verify(args) => {
            // The log is opened before anything else: one that cannot be written stops
            // the procedure before a PIN is typed or the card touched.
            let mut trail = Trail::open(
                global,
                context.lang,
                AuditProcedure::Verify,
                Some(args.kind),
            )?;
            let result = verify(context, global, args, &mut trail);
            trail.finish(context.lang, result)
        }
        Command::Reset(args) => {
            let mut trail =
                Trail::open(global, context.lang, AuditProcedure::Reset, Some(args.kind))?;
            let result = commands::reset::run(context, global, args, &mut trail);
            trail.finish(context.lang, result)
        }
        Command::Change(args) => {
            let mut trail = Trail::open(
                global,
                context.lang,
                AuditProcedure::Change,
                Some(args.kind),
            )?;
            let result = change(context, global, args, &mut trail);
            trail.finish(context.lang, result)
        }
    }
}

/// `verify`: the PIN read, then the flow on the card, which leaves its record in `trail`.
fn verify(
    context: Context,
    global: &GlobalArgs,
    args: &PinArgs,
    trail: &mut Trail,
) -> Result<String, Failure> {
    // Counter mode: the rules (those of a change: the same documents) are checked before
    // anything touches the card.
    if let Some(printed) = counter_check(context, global, args, RulesProcedure::Change, trail)? {
        return Ok(printed);
    }
    let source = session::card_source(global, context.lang)?;
    let options = args.options(&source);
    let source = session::with_menu_choice(source, global, context.lang);
    let pin = commands::verify::read_pin(context, args)?;
    let flow = format!("verify {}", pin.kind());
    session::with_card(context, global, &source, &flow, |card| {
        commands::verify::run(context, options, pin, card, trail)
    })
}

/// `change`: the policy check and both values read, then the flow on the card, which
/// leaves its record in `trail`.
fn change(
    context: Context,
    global: &GlobalArgs,
    args: &PinArgs,
    trail: &mut Trail,
) -> Result<String, Failure> {
    if let Some(printed) = counter_check(context, global, args, RulesProcedure::Change, trail)? {
        return Ok(printed);
    }
    let source = session::card_source(global, context.lang)?;
    let options = args.options(&source);
    commands::change::check_confirmed(context, options, args.kind)?;
    let source = session::with_menu_choice(source, global, context.lang);
    let pins = commands::change::read_pins(context, args)?;
    let flow = format!("change {}", args.kind);
    session::with_card(context, global, &source, &flow, |card| {
        commands::change::run(context, options, pins, card, trail)
    })
}

/// Counter mode's check of a PIN command, before the card is touched: the applicant and
/// the document categories go into the audit record whatever the verdict; a refusal is
/// the error (exit 6); a proxy's first visit ends here with what to print.
fn counter_check(
    context: Context,
    global: &GlobalArgs,
    args: &PinArgs,
    procedure: RulesProcedure,
    trail: &mut Trail,
) -> Result<Option<String>, Failure> {
    let checked = commands::counter::check(context, global, &args.counter, procedure);
    trail_counter(trail, &checked);
    match checked? {
        Counter::EndsHere(_, printed) => Ok(Some(printed)),
        Counter::Allowed(_) | Counter::Off => Ok(None),
    }
}

/// What the counter check recorded (applicant, document categories counted), for the
/// audit record, whatever its verdict.
pub fn trail_counter(trail: &mut Trail, checked: &Result<Counter, Failure>) {
    match checked {
        Ok(Counter::Allowed(assessment)) | Ok(Counter::EndsHere(assessment, _)) => {
            trail.counter_checked(&assessment.record)
        }
        Err(Failure::Counter(refusal, _)) => trail.counter_checked(&refusal.record),
        _ => {}
    }
}
