//! Card work for the page, on a blocking thread, one piece at a time (the card lock): the
//! status read, and the procedures with the same library flows, guards and audit records
//! as the command line. The audit record is appended before the result is put on the
//! desk, so the result screen never shows a procedure the log does not have (or says so).
//!
//! PIN values arrive here as [`Pin`]s (zeroized when dropped), checked for their format by
//! the handler before anything is sent; none is stored on the desk or written anywhere.

use std::sync::Arc;

use mynapin::audit::{AuditRecord, Procedure as AuditProcedure};
use mynapin::card::{
    Authority, Card, CardError, Pin, PinKind, PinOptions, PinStatus, StatusReport,
};
use mynapin::messages::{Message, pin_name, reset_advice};
use mynapin::procedure::CheckRecord;
use mynapin::transport::Transport;

use super::Shared;
use super::desk::{Absence, CardState, Ending, Outcome, Step};
use crate::audit::Trail;
use crate::cli::Format;
use crate::commands::Context;
use crate::exit::{Exit, Failure};
use crate::i18n::Lang;

/// A procedure to run, with its values (already format-checked).
pub enum Work {
    /// VERIFY.
    Verify(Pin),
    /// CHANGE REFERENCE DATA.
    Change {
        /// The current value.
        current: Pin,
        /// The new value.
        new: Pin,
    },
    /// A reset proved by the other JPKI password.
    ResetOtherPassword {
        /// The other password.
        proof: Pin,
        /// The new value.
        new: Pin,
    },
    /// A reset authorised by the workstation's terminal key.
    ResetTerminalKey {
        /// The new value.
        new: Pin,
    },
    /// An issuer reset: read the counters, then hand the card over.
    IssuerStart,
    /// After an issuer reset: verify the value set at the J-LIS equipment.
    IssuerConfirm(Pin),
}

/// What the procedure needs besides its values.
pub struct Request {
    /// The desk's language when it was asked.
    pub lang: Lang,
    /// The staff confirmed spending a last try.
    pub allow_last_try: bool,
    /// Counter mode: what the rules check recorded.
    pub check: Option<CheckRecord>,
    /// The desk's epoch when it was asked ([`super::Desk::epoch`]): the result goes on
    /// the desk only if it is still the same procedure.
    pub epoch: u64,
    /// A confirmation: the record of the issuer reset it proves, appended before its own.
    pub pending_reset: Option<AuditRecord>,
}

/// Reads the card's status (every PIN; no try consumed) onto the desk. The read runs as a
/// task of its own, holding the card lock to its end even when the request that asked for
/// it goes away (a browser that navigates drops its request).
pub async fn refresh_status(shared: Arc<Shared>) {
    let task = tokio::spawn(async move {
        let _held = shared.card_lock.lock().await;
        let worker = Arc::clone(&shared);
        let state = tokio::task::spawn_blocking(move || read_status(&worker))
            .await
            .unwrap_or_else(|_| CardState::Unreadable(Message::new("page-card-unreadable")));
        shared.with_desk(|desk| {
            desk.card = state;
            desk.changed();
        });
    });
    let _ = task.await;
}

/// The status, as a desk's card state.
fn read_status(shared: &Shared) -> CardState {
    if !super::watch::simulated_present(shared) {
        return CardState::Absent(Absence::EmptyReader);
    }
    let context = Context {
        lang: shared.desk().lang,
        format: Format::Text,
    };
    let mut report = None;
    let result =
        crate::session::with_card(context, &shared.global, &shared.source, "status", |card| {
            report = Some(Card::new(card.transport).status_of(&PinKind::ALL)?);
            Ok(String::new())
        });
    match (result, report) {
        (Ok(_), Some(report)) => CardState::Read(report),
        (Err(failure), _) => match failure.classify().0 {
            Exit::Environment => CardState::Absent(Absence::EmptyReader),
            _ => CardState::Unreadable(failure_message(&failure)),
        },
        (Ok(_), None) => CardState::Unreadable(Message::new("page-card-unreadable")),
    }
}

/// Runs `work` (the caller holds the card lock), records it, puts the result (or the
/// hand-over) on the desk, and reads the status again.
pub fn run(shared: &Shared, kind: PinKind, work: Work, request: &Request) {
    let context = Context {
        lang: request.lang,
        format: Format::Text,
    };
    // No permission for unconfirmed commands from the page: only a simulated card gets
    // them (the library's rule for a card that is not real).
    let options = shared.source.pin_options(PinOptions {
        allow_last_try: request.allow_last_try,
        allow_unconfirmed_commands: false,
    });
    let (procedure, authority) = match &work {
        Work::Verify(_) | Work::IssuerConfirm(_) => (AuditProcedure::Verify, None),
        Work::Change { .. } => (AuditProcedure::Change, None),
        Work::ResetOtherPassword { .. } => (AuditProcedure::Reset, Some(Authority::OtherPassword)),
        Work::ResetTerminalKey { .. } => (AuditProcedure::Reset, Some(Authority::TerminalKey)),
        Work::IssuerStart => {
            issuer_start(shared, context, kind, request.epoch);
            return;
        }
    };
    let mut trail = match Trail::open(&shared.global, request.lang, procedure, Some(kind)) {
        Ok(trail) => trail,
        Err(failure) => {
            finish(shared, kind, failed(&failure, kind), request.epoch);
            return;
        }
    };
    if let Some(check) = &request.check {
        trail.counter_checked(check);
    }
    if let Some(authority) = authority {
        trail.set(
            AuditRecord::new(trail.context(), procedure, Some(kind)).with_authority(authority),
        );
    }
    let mut left_powered = false;
    let result = if super::watch::simulated_present(shared) {
        crate::session::with_card(
            context,
            &shared.global,
            &shared.source,
            &flow_name(&work, kind),
            |card| {
                let described = card.source.clone();
                let mut flow = Card::new(card.transport);
                let done = match &work {
                    Work::Verify(pin) | Work::IssuerConfirm(pin) => {
                        let result = flow.verify(pin, options);
                        trail.set(AuditRecord::of_verify(
                            trail.context(),
                            described,
                            kind,
                            &result,
                        ));
                        result.map(|_| ())
                    }
                    Work::Change { current, new } => {
                        let result = flow.change(current, new, options);
                        trail.set(AuditRecord::of_change(
                            trail.context(),
                            described,
                            kind,
                            &result,
                        ));
                        result.map(|_| ())
                    }
                    Work::ResetOtherPassword { proof, new } => {
                        let result = flow.reset_with_other_password(new, proof, options);
                        trail.set(AuditRecord::of_reset(
                            trail.context(),
                            described,
                            kind,
                            Authority::OtherPassword,
                            &result,
                        ));
                        result.map(|_| ())
                    }
                    Work::ResetTerminalKey { new } => match &shared.key {
                        Some(key) => {
                            let result = flow.reset_with_terminal_key(new, key, options);
                            trail.set(AuditRecord::of_reset(
                                trail.context(),
                                described,
                                kind,
                                Authority::TerminalKey,
                                &result,
                            ));
                            result.map(|_| ())
                        }
                        None => Err(CardError::AuthorityNotApplicable {
                            kind,
                            authority: Authority::TerminalKey,
                        }),
                    },
                    Work::IssuerStart => Ok(()),
                };
                left_powered = powered(&flow);
                done.map(|()| String::new()).map_err(Failure::from)
            },
        )
    } else {
        Err(Failure::from(mynapin::transport::TransportError::NoCard))
    };
    if let Some(reset) = &request.pending_reset {
        // The issuer reset this confirmation is to prove, recorded first: done when the
        // confirmation succeeded, else `unproven` (never `ok`).
        trail.done_before(match &result {
            Ok(_) => reset.clone(),
            Err(failure) => crate::audit::unproven(reset.clone(), failure),
        });
    }
    let recorded = trail.finish(request.lang, result);
    let mut outcome = match recorded {
        Ok((_, exit)) => {
            let mut outcome = done(&work, kind);
            outcome.not_recorded = exit == Exit::NotRecorded;
            outcome
        }
        Err(failure) => failed(&failure, kind),
    };
    if left_powered {
        outcome.next = Message::new("page-next-take-card-out");
    }
    finish(shared, kind, outcome, request.epoch);
}

/// Whether the flow could not power the card down (a PIN may still be verified on it).
fn powered<T: Transport>(flow: &Card<T>) -> bool {
    flow.power_down_failure().is_some()
}

/// The trace's flow name.
fn flow_name(work: &Work, kind: PinKind) -> String {
    match work {
        Work::Verify(_) | Work::IssuerConfirm(_) => format!("verify {kind}"),
        Work::Change { .. } => format!("change {kind}"),
        Work::ResetOtherPassword { .. } => format!("reset {kind} (other-password)"),
        Work::ResetTerminalKey { .. } => format!("reset {kind} (terminal-key)"),
        Work::IssuerStart => format!("reset {kind} (issuer)"),
    }
}

/// The outcome of a procedure that was done.
fn done(work: &Work, kind: PinKind) -> Outcome {
    let summary = match work {
        Work::Verify(_) => Message::new("page-result-verified"),
        Work::Change { .. } => Message::new("page-result-changed"),
        Work::ResetOtherPassword { .. } | Work::ResetTerminalKey { .. } => {
            Message::new("page-result-reset")
        }
        Work::IssuerStart | Work::IssuerConfirm(_) => Message::new("page-result-confirmed"),
    }
    .with("pin", pin_name(kind));
    Outcome {
        ending: Ending::Done,
        summary,
        after: None,
        next: Message::new("page-next-done"),
        not_recorded: false,
        kind,
        confirm: false,
        must_confirm: false,
    }
}

/// The outcome of a procedure that failed or whose outcome is unknown.
fn failed(failure: &Failure, kind: PinKind) -> Outcome {
    let unknown = failure.classify().0 == Exit::OutcomeUnknown;
    let next = if unknown {
        Message::new("page-next-unknown")
    } else {
        Message::new("page-next-failed")
    };
    Outcome {
        ending: if unknown {
            Ending::Unknown
        } else {
            Ending::Failed
        },
        summary: failure_message(failure),
        after: None,
        next,
        not_recorded: false,
        kind,
        confirm: false,
        must_confirm: false,
    }
}

/// A failure as a message (the CLI's own texts, already in words, are carried as they are).
pub fn failure_message(failure: &Failure) -> Message {
    match failure {
        Failure::Card(error) | Failure::Refused(error, _) => error.message(),
        Failure::Profile(error) => error.message(),
        Failure::Vpcd(error) => error.message(),
        Failure::Source(error) => error.message(),
        Failure::Audit(error) => error.message(),
        Failure::Rules(error) => error.message(),
        Failure::Config(error) => error.message(),
        Failure::Counter(refusal, _) => refusal.message(),
        Failure::Usage(text) | Failure::Interrupted(text) => {
            Message::new("page-plain").with("text", text.clone())
        }
    }
}

/// Reads the status again and puts the outcome on the desk with the PIN's state after,
/// unless the desk has moved on to another procedure meanwhile (cancelled, the card
/// pulled, idle): then only the card's state is updated.
fn finish(shared: &Shared, kind: PinKind, mut outcome: Outcome, epoch: u64) {
    let state = read_status(shared);
    if let CardState::Read(report) = &state {
        outcome.after = report.get(kind);
        if outcome.ending == Ending::Failed
            && matches!(outcome.after, Some(PinStatus::Blocked { .. }))
        {
            outcome.next = reset_advice(kind);
        }
    }
    shared.with_desk(|desk| {
        desk.card = state;
        if desk.epoch == epoch {
            desk.outcome = Some(outcome);
            desk.step = Step::Result;
            desk.error = None;
        }
        desk.changed();
    });
}

/// An issuer reset, first half: the counters read (no try consumed) and kept on the desk,
/// which then shows the hand-over and waits for the card to come back.
fn issuer_start(shared: &Shared, context: Context, kind: PinKind, epoch: u64) {
    let mut before: Option<StatusReport> = None;
    let result = crate::session::with_card(
        context,
        &shared.global,
        &shared.source,
        &format!("reset {kind} (issuer)"),
        |card| {
            before = Some(Card::new(card.transport).issuer_before(kind)?);
            Ok(String::new())
        },
    );
    match (result, before) {
        (Ok(_), Some(before)) => shared.with_desk(|desk| {
            desk.card = CardState::Read(before.clone());
            if desk.epoch != epoch {
                desk.changed();
                return; // cancelled meanwhile: no hand-over
            }
            desk.handover = Some(before);
            desk.handover_away = false;
            desk.step = Step::Handover;
            desk.error = None;
            desk.changed();
        }),
        (Err(failure), _) => {
            // Nothing was sent but reads: recorded as the reset that did not start.
            let mut trail = match Trail::open(
                &shared.global,
                context.lang,
                AuditProcedure::Reset,
                Some(kind),
            ) {
                Ok(trail) => trail,
                Err(audit) => return finish(shared, kind, failed(&audit, kind), epoch),
            };
            trail.set(
                AuditRecord::new(trail.context(), AuditProcedure::Reset, Some(kind))
                    .with_authority(Authority::Issuer),
            );
            let outcome = failed(&failure, kind);
            // The failure is the answer; a record that cannot be appended is said on stderr.
            let _ = trail.finish(context.lang, Err(failure));
            finish(shared, kind, outcome, epoch);
        }
        (Ok(_), None) => {}
    }
}

/// An issuer reset, second half: the card is back; its counter is read again and the
/// reset recorded as done (counter at its maximum) or not done.
pub async fn issuer_back(shared: Arc<Shared>) {
    // A task of its own: it holds the card lock to its end whoever asked (see
    // `refresh_status`).
    let task = tokio::spawn(async move {
        let held = shared.card_lock.lock().await;
        let worker = Arc::clone(&shared);
        let _ = tokio::task::spawn_blocking(move || issuer_after(&worker)).await;
        drop(held);
    });
    let _ = task.await;
}

fn issuer_after(shared: &Shared) {
    let desk = shared.desk();
    let (Some(before), Some(choice), Step::Handover) =
        (desk.handover.clone(), desk.choice, desk.step)
    else {
        return;
    };
    if !desk.handover_away {
        return; // the card was never taken away: wait on
    }
    let (kind, epoch) = (choice.kind, desk.epoch);
    let context = Context {
        lang: desk.lang,
        format: Format::Text,
    };
    let mut trail = match Trail::open(
        &shared.global,
        context.lang,
        AuditProcedure::Reset,
        Some(kind),
    ) {
        Ok(trail) => trail,
        Err(failure) => return finish(shared, kind, failed(&failure, kind), epoch),
    };
    if let Some(check) = &desk.check {
        trail.counter_checked(check);
    }
    trail.set(
        AuditRecord::new(trail.context(), AuditProcedure::Reset, Some(kind))
            .with_authority(Authority::Issuer),
    );
    // A counter that was full before stays full after a reset: only the citizen's
    // confirmation of the new value can show that the reset was done. Its record then
    // waits for that confirmation (as the command line refuses this case without
    // `--confirm`), and is appended with it.
    let full_before = matches!(
        before.get(kind),
        Some(PinStatus::Remaining { left, max }) if left == max
    );
    let mut pending = None;
    let result = crate::session::with_card(
        context,
        &shared.global,
        &shared.source,
        &format!("reset {kind} (issuer)"),
        |card| {
            let described = card.source.clone();
            let mut flow = Card::new(card.transport);
            let result = flow
                .issuer_after(kind, &before)
                .and_then(mynapin::card::ResetOutcome::into_done);
            let record =
                AuditRecord::of_reset(trail.context(), described, kind, Authority::Issuer, &result);
            if full_before && result.is_ok() {
                pending = Some(record);
            } else {
                trail.set(record);
            }
            result.map(|_| String::new()).map_err(Failure::from)
        },
    );
    let outcome = if let Some(record) = pending {
        drop(trail);
        shared.with_desk(|desk| {
            if desk.epoch == epoch {
                desk.pending_reset = Some(record);
            }
        });
        Outcome {
            ending: Ending::Done,
            summary: Message::new("page-result-issuer-unproven").with("pin", pin_name(kind)),
            after: None,
            next: Message::new("page-next-issuer-must-confirm"),
            not_recorded: false,
            kind,
            confirm: true,
            must_confirm: true,
        }
    } else {
        match trail.finish(context.lang, result) {
            Ok((_, exit)) => Outcome {
                ending: Ending::Done,
                summary: Message::new("page-result-issuer-checked").with("pin", pin_name(kind)),
                after: None,
                next: Message::new("page-next-issuer-confirm"),
                not_recorded: exit == Exit::NotRecorded,
                kind,
                confirm: true,
                must_confirm: false,
            },
            Err(failure) => failed(&failure, kind),
        }
    };
    shared.with_desk(|desk| {
        if desk.epoch == epoch {
            desk.handover = None;
        }
    });
    finish(shared, kind, outcome, epoch);
}

/// Training only: the simulated J-LIS equipment sets `value` as `kind`'s PIN with its
/// counter full, in the simulated card's profile (while the card is out of the reader).
pub fn training_issuer_reset(shared: &Shared, kind: PinKind, typed: &str) -> Result<(), Failure> {
    let Some(training) = &shared.training else {
        return Ok(());
    };
    Pin::new(kind, typed).map_err(CardError::from)?;
    let value = zeroize::Zeroizing::new(match kind.format() {
        mynapin::layout::PinFormat::SignPassword => typed.to_ascii_uppercase(),
        _ => typed.to_owned(),
    });
    let file = mynapin::sim::ProfileFile::open(&training.profile).map_err(Failure::Profile)?;
    let mut card = file.profile().clone();
    let pin = card.pins.get_mut(kind);
    pin.value = value.as_str().to_owned();
    pin.tries_left = pin.max_tries;
    file.write_back(&card).map_err(Failure::Profile)?;
    Ok(())
}

/// Training: puts the preset's card in place of the page's own simulated card (only that
/// copy, only while it is out of the reader; the caller then inserts it).
pub fn training_load_preset(shared: &Shared, name: &str) -> Result<(), Failure> {
    let (Some(training), Some(preset)) = (&shared.training, mynapin::sim::Preset::named(name))
    else {
        return Ok(());
    };
    if !training.swappable() || super::watch::simulated_present(shared) {
        return Ok(());
    }
    let file = mynapin::sim::ProfileFile::open(&training.profile).map_err(Failure::Profile)?;
    file.write_back(&preset.profile())
        .map_err(Failure::Profile)?;
    Ok(())
}
