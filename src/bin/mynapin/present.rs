//! The presenter: the library's typed results as what the user reads. With
//! `--format json`, the `mynapin::report` document of the result (the tested contract); as
//! text, sentences from the message catalogues in the user's language. Command files hand
//! their results here and print nothing themselves.

use std::path::Path;

use mynapin::audit::{LoggedRecord, VerifyReport};

use mynapin::card::{
    Authority, ChangeOutcome, PinKind, PinStatus, ResetOutcome, StatusReport, VerifyOutcome,
};
use mynapin::messages::{Message, pin_label, pin_name, reset_advice};
use mynapin::report::{
    AuditVerifyDocument, CardDescription, ChangeDocument, ProfileDocument, ResetDocument,
    SimServeDocument, StatusDocument, VerifyDocument,
};
#[cfg(feature = "pcsc")]
use mynapin::report::{ReaderRow, ReadersDocument};
use mynapin::sim::Profile;
use mynapin::sim::vpcd::ServeEnd;

use crate::commands::Context;
use crate::exit::Failure;
use crate::output::json_line;

/// `status`: the document, or each PIN's tries left with advice for a blocked one or
/// the last try.
pub fn status(
    context: Context,
    card: CardDescription,
    report: &StatusReport,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&StatusDocument::new(card, report));
    }
    let catalog = context.lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("status-title")));
    for row in &report.pins {
        let line = Message::new("status-row")
            .with("label", pin_label(row.kind))
            .with("state", row.status.message());
        out.push_str(&format!("  {}\n", catalog.text(&line)));
        let advice = match row.status {
            PinStatus::Blocked { .. } => Some(reset_advice(row.kind)),
            PinStatus::Remaining { left: 1, .. } => Some(Message::new("status-last-try")),
            _ => None,
        };
        if let Some(advice) = advice {
            out.push_str(&format!("    → {}\n", catalog.text(&advice)));
        }
    }
    Ok(out)
}

/// `verify`: the document, or that the PIN is correct and its counter is full again.
pub fn verified(
    context: Context,
    card: CardDescription,
    outcome: &VerifyOutcome,
    uppercased: bool,
    unpowered: bool,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&VerifyDocument::new(card, outcome, uppercased, unpowered));
    }
    let correct = Message::new("verify-correct")
        .with("pin", pin_name(outcome.kind))
        .with("left", outcome.tries_now)
        .with("max", outcome.kind.max_tries());
    Ok(format!("{}\n", context.lang.text(&correct)))
}

/// `change`: the document, or that the PIN was changed, with the counter read after.
pub fn changed(
    context: Context,
    card: CardDescription,
    outcome: &ChangeOutcome,
    uppercased: bool,
    unpowered: bool,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&ChangeDocument::new(card, outcome, uppercased, unpowered));
    }
    let after = match outcome.status_after {
        Some(status @ PinStatus::Remaining { .. }) => status.message(),
        _ => Message::new("change-tries-unknown"),
    };
    let done = Message::new("change-done")
        .with("pin", pin_name(outcome.kind))
        .with("after", after);
    Ok(format!("{}\n", context.lang.text(&done)))
}

/// `reset`: the document, or that the PIN was reset, with the counter read after; for the
/// issuer's reset, that the counter is full again and, with `--confirm`, that the new
/// value verifies.
pub fn reset(
    context: Context,
    card: CardDescription,
    outcome: &ResetOutcome,
    new_value_verified: bool,
    uppercased: bool,
    unpowered: Option<bool>,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&ResetDocument::new(
            card,
            outcome,
            new_value_verified,
            uppercased,
            unpowered,
        ));
    }
    let catalog = context.lang.catalog();
    let after = match outcome.status_after {
        Some(status) => status.message(),
        None => Message::new("reset-tries-unknown"),
    };
    let kind = outcome.kind;
    let done = match outcome.authority {
        Authority::Issuer => Message::new("reset-issuer-done")
            .with("pin", pin_name(kind))
            .with("after", after),
        authority => Message::new("reset-done")
            .with("pin", pin_name(kind))
            .with("authority", authority.message())
            .with("after", after),
    };
    let mut out = format!("{}\n", catalog.text(&done));
    if new_value_verified {
        let confirmed = Message::new("reset-issuer-confirmed")
            .with("pin", pin_name(kind))
            .with("left", kind.max_tries())
            .with("max", kind.max_tries());
        out.push_str(&format!("{}\n", catalog.text(&confirmed)));
    }
    Ok(out)
}

/// `reset --authority issuer`, before the hand-over: the target's state as read, and the
/// instruction to reset it with the J-LIS equipment and put the card back (shown on
/// stderr whatever the format, for the staff at the counter).
pub fn reset_handover(context: Context, kind: PinKind, before: &StatusReport) -> String {
    let catalog = context.lang.catalog();
    let mut out = String::new();
    if let Some(status) = before.get(kind) {
        let row = Message::new("reset-issuer-before")
            .with("label", pin_label(kind))
            .with("state", status.message());
        out.push_str(&format!("{}\n", catalog.text(&row)));
    }
    out.push_str(&format!(
        "{}\n",
        catalog.text(&Message::new("reset-issuer-instruction"))
    ));
    out
}

/// `readers`: the document, or one line per reader with what its card is, and its ATR.
#[cfg(feature = "pcsc")]
pub fn readers(context: Context, readers: Vec<ReaderRow>) -> Result<String, Failure> {
    if context.json() {
        return json_line(&ReadersDocument::new(readers));
    }
    let catalog = context.lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("readers-title")));
    for reader in &readers {
        let card = catalog.text(&match (reader.card_present, reader.jpki) {
            (false, _) => Message::new("readers-no-card"),
            (true, Some(true)) => Message::new("readers-my-number-card"),
            (true, Some(false)) => Message::new("readers-other-card"),
            (true, None) => Message::new("readers-card-present"),
        });
        out.push_str(&format!("  {}: {}  [{card}]\n", reader.index, reader.name));
        if let Some(atr) = &reader.atr {
            out.push_str(&format!("     ATR {atr}\n"));
        }
    }
    Ok(out)
}

/// `sim profile`: the document, or the profile as a commented TOML file.
pub fn profile(context: Context, profile: Profile) -> Result<String, Failure> {
    if context.json() {
        return json_line(&ProfileDocument::new(profile));
    }
    Ok(profile.to_toml())
}

/// `sim serve` when it ends: the document, or how many APDUs the card answered and why
/// it ended.
pub fn served(
    context: Context,
    ended: ServeEnd,
    apdus: usize,
    state_out: Option<&Path>,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&SimServeDocument::new(ended, apdus, state_out));
    }
    let reason = match ended {
        ServeEnd::PcscdClosed => "pcscd-closed",
        ServeEnd::Stopped => "stopped",
        ServeEnd::FaultInjected => "fault-injected",
    };
    let done = Message::new("sim-serve-done")
        .with("apdus", apdus)
        .with("reason", reason);
    Ok(format!("{}\n", context.lang.text(&done)))
}

/// `audit verify`: the document, or whether the log is intact (with its repaired
/// fragments and the last line's hash), or where it breaks first.
pub fn audit_verified(
    context: Context,
    path: &Path,
    report: &VerifyReport,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(&AuditVerifyDocument::new(path, report));
    }
    let catalog = context.lang.catalog();
    let log = path.display().to_string();
    let head = match &report.problem {
        None => Message::new("audit-verify-intact")
            .with("path", log)
            .with("records", report.records)
            .with("lines", report.lines),
        Some(problem) => Message::new("audit-verify-broken")
            .with("path", log)
            .with("problem", problem.message()),
    };
    let mut out = format!("{}\n", catalog.text(&head));
    for &line in &report.repaired {
        let repaired = Message::new("audit-verify-repaired").with("line", line);
        out.push_str(&format!("  {}\n", catalog.text(&repaired)));
    }
    let last = Message::new("audit-verify-last-hash").with("hash", report.last_hash.as_str());
    out.push_str(&format!("  {}\n", catalog.text(&last)));
    Ok(out)
}

/// `audit show`: with `--format json` each record's line exactly as logged (JSON Lines,
/// for `jq` and log tools); as text one line per record: time, operator@workstation,
/// procedure and PIN, outcome (and error code), the counter before → after.
pub fn audit_records(context: Context, records: &[LoggedRecord]) -> String {
    if context.json() {
        return records
            .iter()
            .map(|record| format!("{}\n", record.text))
            .collect();
    }
    if records.is_empty() {
        return format!("{}\n", context.lang.text(&Message::new("audit-show-empty")));
    }
    records.iter().map(audit_line).collect()
}

/// One record as a line of text (control characters of any field shown as `?`).
fn audit_line(record: &LoggedRecord) -> String {
    let field = |name: &str| record.text_field(name).unwrap_or("-");
    let counter = |name: &str| {
        let row = record.fields.get(name);
        let number = |key: &str| row.and_then(|row| row.get(key)).and_then(|n| n.as_u64());
        match (
            row.and_then(|row| row.get("state"))
                .and_then(|s| s.as_str()),
            number("left"),
            number("max"),
        ) {
            (Some("blocked"), _, _) => "blocked".to_owned(),
            (Some(_), Some(left), Some(max)) => format!("{left}/{max}"),
            (Some(state), _, _) => state.to_owned(),
            (None, _, _) => "-".to_owned(),
        }
    };
    let mut outcome = field("outcome").to_owned();
    if let Some(error) = record.text_field("error") {
        outcome.push_str(&format!(" ({error})"));
    }
    let line = format!(
        "{}  {}@{}  {} {}  {}  {} → {}",
        field("time"),
        field("operator"),
        field("workstation"),
        field("procedure"),
        field("kind"),
        outcome,
        counter("before"),
        counter("after"),
    );
    let shown: String = line
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{shown}\n")
}
