//! `mynapin reset KIND --authority …`: reset (初期化) a PIN.
//!
//! - `other-password` and `terminal-key` (simulated and test cards; on a real card only
//!   with `--allow-unconfirmed-command`, refused before any value or key is read): the
//!   values (and the key file) are read and checked first, then one library flow runs.
//! - `issuer` (real cards): the counters are read and shown with the instruction to reset
//!   the PIN with the J-LIS equipment; then the tool waits for the card to come back
//!   (`--wait[=SECONDS]`: removed and present again, by PC/SC status change; else Enter on
//!   the terminal; without either, or for a simulated or replayed card, at once), reads
//!   the counter again and, with `--confirm`, verifies the new value (guarded). The
//!   counter read before the hand-over is in the record from then on; Ctrl-C or SIGTERM
//!   from the hand-over to the confirmation value end the flow with its record
//!   (`interrupted`); a full counter's reset is `ok` only once its confirmation succeeds.
//!
//! In counter mode the reset rules are checked first ([`counter_rules`]). Every outcome
//! leaves an audit record (`mynapin.audit/2`, with the authority; never a value or the
//! key).

use std::path::{Path, PathBuf};

use mynapin::card::{Authority, Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus};
use mynapin::messages::{Message, io_message};
use mynapin::report::CardDescription;
use mynapin::terminal_key::{KeyError, KeyProblem, TerminalKey};

use super::Context;
use super::verify::uppercase_notice;
use crate::audit::Trail;
use crate::cli::{AuthorityArg, GlobalArgs, ResetArgs};
use crate::exit::Failure;
use crate::prompt::PinInput;
use crate::session;
use mynapin::audit::{AuditRecord, Procedure};

/// Runs `reset` as the arguments ask, leaves its audit record in `trail`; returns what to
/// print.
pub fn run(
    context: Context,
    global: &GlobalArgs,
    args: &ResetArgs,
    trail: &mut Trail,
) -> Result<String, Failure> {
    let kind = args.kind;
    let authority = Authority::from(authority_arg(context, global, args)?);
    // The record if the command stops before a flow leaves its own: it names the authority.
    trail.set(
        AuditRecord::new(trail.context(), Procedure::Reset, Some(kind)).with_authority(authority),
    );
    let key_file = key_file(global, args, authority)?;
    check_flags(context, args, authority, key_file.as_deref())?;
    authority.check(kind)?;
    if let Some(printed) = counter_rules(context, global, args, trail)? {
        return Ok(printed);
    }
    let source = session::card_source(global, context.lang)?;
    let options = args.options(&source);
    if authority != Authority::Issuer {
        check_confirmed(context, options, kind)?;
    }
    let source = session::with_menu_choice(source, global, context.lang);
    let flow = format!("reset {kind} ({authority})");
    match authority {
        Authority::OtherPassword => {
            let values = read_other_password(context, args)?;
            session::with_card(context, global, &source, &flow, |card| {
                let mut flow = Card::new(card.transport);
                let result = flow.reset_with_other_password(&values.new, &values.proof, options);
                let unpowered = super::warn_if_left_powered(context, &flow);
                trail.set(
                    AuditRecord::of_reset(
                        trail.context(),
                        card.source.clone(),
                        kind,
                        authority,
                        &result,
                    )
                    .with_known_before(flow.reset_counter_before()),
                );
                let outcome = result?;
                let uppercased = values.new.was_uppercased() || values.proof.was_uppercased();
                crate::present::reset(
                    context,
                    card.source,
                    &outcome,
                    false,
                    uppercased,
                    Some(unpowered),
                )
            })
        }
        Authority::TerminalKey => {
            let key = load_key(context, key_file.as_deref())?;
            let mut input = PinInput::open(args.pin_stdin, context.lang)?;
            let new = new_value(context, &mut input, kind)?;
            input.finish(context.lang, 1)?;
            session::with_card(context, global, &source, &flow, |card| {
                let mut flow = Card::new(card.transport);
                let result = flow.reset_with_terminal_key(&new, &key, options);
                let unpowered = super::warn_if_left_powered(context, &flow);
                trail.set(
                    AuditRecord::of_reset(
                        trail.context(),
                        card.source.clone(),
                        kind,
                        authority,
                        &result,
                    )
                    .with_known_before(flow.reset_counter_before()),
                );
                let outcome = result?;
                crate::present::reset(
                    context,
                    card.source,
                    &outcome,
                    false,
                    new.was_uppercased(),
                    Some(unpowered),
                )
            })
        }
        Authority::Issuer => {
            let mut input = PinInput::open(args.pin_stdin, context.lang)?;
            // From standard input the value is known now: check its format before any APDU.
            let mut confirming = match (args.confirm, &input) {
                (true, PinInput::Lines(_)) => Some(confirm_value(context, &mut input, kind)?),
                _ => None,
            };
            input.finish(context.lang, usize::from(args.confirm))?;
            session::with_card(context, global, &source, &flow, |card| {
                let described = card.source.clone();
                let mut flow = Card::new(card.transport);
                // From here the record names the card; from the first read on, the counter
                // before: a wait that ends in a timeout or an interrupt still says what
                // was read and handed over.
                let started = AuditRecord::new(trail.context(), Procedure::Reset, Some(kind))
                    .with_card(described.clone())
                    .with_authority(authority);
                trail.set(started.clone());
                let before = flow.issuer_before(kind)?;
                let handed_over = started.with_counters(before.get(kind), None);
                trail.set(handed_over.clone());
                // A full counter stays full after a reset: only verifying the new value
                // (--confirm) can tell that the reset was done.
                let full = matches!(
                    before.get(kind),
                    Some(PinStatus::Remaining { left, max }) if left == max
                );
                if full && !args.confirm {
                    let advice = Message::new("reset-issuer-needs-confirm")
                        .with("pin", mynapin::messages::pin_name(kind));
                    return Err(Failure::Usage(context.lang.text(&advice)));
                }
                crate::output::stderr(&crate::present::reset_handover(context, kind, &before));
                // From the hand-over to the confirmation value, Ctrl-C or SIGTERM end the
                // flow with its record (`interrupted`) instead of ending the process.
                let interruptible = crate::tty::Interruptible::start();
                if let Err(failure) =
                    wait_for_card_back(context, global, &described, &interruptible)
                {
                    trail.set(crate::audit::unproven(handed_over, &failure));
                    return Err(failure);
                }
                // Without a confirmation to read, the signals' default action is back now.
                let interruptible = interruptible.filter(|_| args.confirm);
                let result = flow
                    .issuer_after(kind, &before)
                    .and_then(mynapin::card::ResetOutcome::into_done);
                let checked = AuditRecord::of_reset(
                    trail.context(),
                    described.clone(),
                    kind,
                    authority,
                    &result,
                )
                .with_known_before(before.get(kind));
                trail.set(checked.clone());
                let outcome = result?;
                let (verified, unpowered) = if args.confirm {
                    if !full {
                        // The reset is done (its counter shows it) and recorded as such;
                        // the confirmation is a verify of its own, with its own record.
                        trail.step_done();
                        trail.set(
                            AuditRecord::new(trail.context(), Procedure::Verify, Some(kind))
                                .with_card(described.clone()),
                        );
                    }
                    let pin = match confirming.take() {
                        Some(pin) => pin,
                        // A full counter's reset is not proven until its confirmation:
                        // a value that cannot be read leaves it `unproven`, never `ok`.
                        None => {
                            confirm_value(context, &mut input, kind).inspect_err(|failure| {
                                if full {
                                    trail.set(crate::audit::unproven(handed_over.clone(), failure));
                                }
                            })?
                        }
                    };
                    drop(interruptible);
                    let verified = flow.verify(&pin, options);
                    let unpowered = super::warn_if_left_powered(context, &flow);
                    if full {
                        // A counter full before: the reset is proven by this confirmation
                        // only, and recorded as done only with it.
                        trail.set(match &verified {
                            Ok(_) => checked,
                            Err(error) => handed_over.clone().unproven(error),
                        });
                        trail.step_done();
                    }
                    trail.set(AuditRecord::of_verify(
                        trail.context(),
                        described.clone(),
                        kind,
                        &verified,
                    ));
                    verified?;
                    (Some(pin.was_uppercased()), Some(unpowered))
                } else {
                    (None, None)
                };
                crate::present::reset(
                    context,
                    described,
                    &outcome,
                    verified.is_some(),
                    verified.unwrap_or(false),
                    unpowered,
                )
            })
        }
    }
}

/// `--authority`, else the workstation configuration's `authority`, else `issuer` (the
/// only one for real cards).
fn authority_arg(
    context: Context,
    global: &GlobalArgs,
    args: &ResetArgs,
) -> Result<AuthorityArg, Failure> {
    match args.authority {
        Some(authority) => Ok(authority),
        None => configured_authority(context, &super::counter::config(global)?),
    }
}

/// The workstation configuration's `authority`, else `issuer` (also the counter page's
/// default). A name that is not an authority is a usage error.
pub fn configured_authority(
    context: Context,
    config: &mynapin::config::Config,
) -> Result<AuthorityArg, Failure> {
    match config.authority.as_deref() {
        None => Ok(AuthorityArg::Issuer),
        Some(name) => <AuthorityArg as clap::ValueEnum>::from_str(name, false).map_err(|_| {
            let problem = Message::new("reset-config-authority").with("authority", name);
            Failure::Usage(context.lang.text(&problem))
        }),
    }
}

/// Counter mode: the municipality's reset rules (applicant, documents, papers), checked
/// before any value, key or card is touched. A refusal is the error (exit 6); a proxy's
/// application visit ends here with what to print.
fn counter_rules(
    context: Context,
    global: &GlobalArgs,
    args: &ResetArgs,
    trail: &mut Trail,
) -> Result<Option<String>, Failure> {
    use super::counter::{Counter, check};
    let procedure = mynapin::procedure::Procedure::Reset;
    let checked = check(context, global, &args.counter, procedure);
    crate::trail_counter(trail, &checked);
    match checked? {
        Counter::EndsHere(_, printed) => Ok(Some(printed)),
        Counter::Allowed(_) | Counter::Off => Ok(None),
    }
}

/// The terminal key's file of a `terminal-key` reset: `--key-file`, else the workstation
/// configuration's `key_file` (as the counter page takes it); `None` for the other
/// authorities unless `--key-file` names one (a usage error, [`check_flags`]).
fn key_file(
    global: &GlobalArgs,
    args: &ResetArgs,
    authority: Authority,
) -> Result<Option<PathBuf>, Failure> {
    match (&args.key_file, authority) {
        (Some(path), _) => Ok(Some(path.clone())),
        (None, Authority::TerminalKey) => Ok(super::counter::config(global)?.key_file),
        (None, _) => Ok(None),
    }
}

/// Flags that belong to another authority are usage errors: `--key-file` only with
/// `terminal-key` (where a key file, from `--key-file` or the configuration, is
/// required), `--confirm` only with `issuer`.
fn check_flags(
    context: Context,
    args: &ResetArgs,
    authority: Authority,
    key_file: Option<&Path>,
) -> Result<(), Failure> {
    let problem = match authority {
        Authority::TerminalKey if key_file.is_none() => Message::new("reset-key-file-needed"),
        Authority::OtherPassword | Authority::Issuer if args.key_file.is_some() => {
            Message::new("reset-key-file-only-terminal-key")
        }
        Authority::OtherPassword | Authority::TerminalKey if args.confirm => {
            Message::new("reset-confirm-only-issuer")
        }
        _ => return Ok(()),
    };
    Err(Failure::Usage(context.lang.text(&problem)))
}

/// Refuses, before any value or key is read, a reset command the library policy does not
/// permit ([`PinOptions::permits`]): on a real card, without `--allow-unconfirmed-command`.
fn check_confirmed(context: Context, options: PinOptions, kind: PinKind) -> Result<(), Failure> {
    match options.permits(Operation::Reset, kind) {
        Err(error @ CardError::UnconfirmedCommand { .. }) => {
            let advice = Message::new("reset-unconfirmed-command");
            Err(Failure::Refused(error, context.lang.text(&advice)))
        }
        other => other.map_err(Failure::from),
    }
}

/// The proving password and the new value of an other-password reset.
struct OtherPasswordValues {
    proof: Pin,
    new: Pin,
}

/// Reads the other JPKI password (once), then the new value (twice on a terminal); both
/// checked, so a bad format sends nothing.
fn read_other_password(context: Context, args: &ResetArgs) -> Result<OtherPasswordValues, Failure> {
    let kind = args.kind;
    let other = kind.other_jpki().ok_or(CardError::AuthorityNotApplicable {
        kind,
        authority: Authority::OtherPassword,
    })?;
    let mut input = PinInput::open(args.pin_stdin, context.lang)?;
    let proof = Pin::new(other, &input.current(context.lang, other)?).map_err(CardError::from)?;
    uppercase_notice(context, &proof);
    let new = new_value(context, &mut input, kind)?;
    input.finish(context.lang, 2)?;
    Ok(OtherPasswordValues { proof, new })
}

/// The new value: typed twice on a terminal (the entries must agree), once on stdin;
/// checked for its kind's format.
fn new_value(context: Context, input: &mut PinInput, kind: PinKind) -> Result<Pin, Failure> {
    let new = Pin::new(kind, &input.new_value(context.lang, kind)?).map_err(CardError::from)?;
    uppercase_notice(context, &new);
    Ok(new)
}

/// The value set at the J-LIS equipment, read once for `--confirm`.
fn confirm_value(context: Context, input: &mut PinInput, kind: PinKind) -> Result<Pin, Failure> {
    let pin = Pin::new(kind, &input.current(context.lang, kind)?).map_err(CardError::from)?;
    uppercase_notice(context, &pin);
    Ok(pin)
}

/// Loads the key file (`--key-file` or the configuration's), warning on stderr when the
/// file is readable by group or others. A file that cannot be read or holds no key is a
/// usage error naming the file, never its content.
fn load_key(context: Context, path: Option<&Path>) -> Result<TerminalKey, Failure> {
    let Some(path) = path else {
        return Err(Failure::Usage(
            context.lang.text(&Message::new("reset-key-file-needed")),
        ));
    };
    load_key_file(context, path)
}

/// Loads the terminal key in `path`, warning on stderr when the file is readable by group
/// or others (also for the counter page's `--key-file`).
pub fn load_key_file(context: Context, path: &Path) -> Result<TerminalKey, Failure> {
    let loaded = TerminalKey::load(path).map_err(|error| key_failure(context, path, &error))?;
    if loaded.readable_by_others {
        let warning = Message::new("reset-key-file-open").with("path", path.display().to_string());
        crate::output::warn(&context.lang.text(&warning));
    }
    Ok(loaded.key)
}

/// The usage failure of a key file that cannot be used.
fn key_failure(context: Context, path: &Path, error: &KeyError) -> Failure {
    let problem = match error {
        KeyError::Io { source, .. } => io_message(source),
        KeyError::Invalid { problem, .. } => match problem {
            KeyProblem::NotHex => Message::new("reset-key-not-hex"),
            KeyProblem::Length { digits } => {
                Message::new("reset-key-length").with("digits", *digits)
            }
            KeyProblem::TooLarge => Message::new("reset-key-too-large"),
        },
    };
    let message = Message::new("reset-key-file-unreadable")
        .with("path", path.display().to_string())
        .with("problem", problem);
    Failure::Usage(context.lang.text(&message))
}

/// Waits until the card is back from the J-LIS equipment. A simulated or replayed card is
/// back at once. A card in a reader: with `--wait[=SECONDS]`, until the reader has been
/// empty and holds a card again (PC/SC status change); else, on a terminal, until Enter
/// is pressed; with neither, at once. SIGINT or SIGTERM during the wait ends it with
/// `interrupted` (so the reset's record is still written: `unproven`).
fn wait_for_card_back(
    context: Context,
    global: &GlobalArgs,
    card: &CardDescription,
    interruptible: &Option<crate::tty::Interruptible>,
) -> Result<(), Failure> {
    let CardDescription::Pcsc { reader, .. } = card else {
        return Ok(());
    };
    let interrupted = || {
        let message = Message::new("reset-issuer-interrupted");
        Failure::Interrupted(context.lang.text(&message))
    };
    if let Some(seconds) = global.wait {
        crate::output::stderr(&format!(
            "{}\n",
            context.lang.text(&Message::new("reset-issuer-waiting"))
        ));
        let caught = || interruptible.as_ref().is_some_and(|guard| guard.caught());
        return match wait_for_swap(reader, seconds, &caught) {
            Ok(true) => Ok(()),
            Ok(false) => Err(interrupted()),
            Err(failure) => Err(failure),
        };
    }
    let prompt = context.lang.text(&Message::new("reset-issuer-press-enter"));
    match interruptible
        .as_ref()
        .map(|guard| guard.wait_for_enter(&format!("{prompt} ")))
    {
        Some(Ok(false)) => Err(interrupted()),
        _ => Ok(()),
    }
}

/// Waits until `reader` has been seen without a card and then with one (`Ok(true)`), for
/// at most `seconds` (without limit when `None`), looking at `caught` before every wait
/// of at most a second (`Ok(false)` when it says a signal came):
/// [`mynapin::transport::pcsc::wait_for_swap`].
#[cfg(feature = "pcsc")]
fn wait_for_swap(
    reader: &str,
    seconds: Option<u64>,
    caught: &dyn Fn() -> bool,
) -> Result<bool, Failure> {
    use mynapin::transport::pcsc::Swap;
    let timeout = seconds.map(std::time::Duration::from_secs);
    match mynapin::transport::pcsc::wait_for_swap(reader, timeout, caught)? {
        Swap::Back => Ok(true),
        Swap::Stopped => Ok(false),
    }
}

/// Without PC/SC there is no reader to wait on.
#[cfg(not(feature = "pcsc"))]
fn wait_for_swap(
    _reader: &str,
    _seconds: Option<u64>,
    _caught: &dyn Fn() -> bool,
) -> Result<bool, Failure> {
    Ok(true)
}
