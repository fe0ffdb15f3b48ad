//! What the commands print: JSON documents with a versioned `schema` (the tested
//! contract), and text for people at the counter. Errors go to stderr as text, or to
//! stdout as a `mynapin.error/1` document with `--format json`.

use mynapin::card::{PinKind, PinStatus, StatusReport};
use serde_json::{Value, json};

use crate::exit::{Exit, Failure};
use mynapin::messages::{Message, pin_label, reset_advice};

use crate::i18n::Lang;

/// Schema of `status`.
pub const STATUS_SCHEMA: &str = "mynapin.status/1";
/// Schema of `verify`.
pub const VERIFY_SCHEMA: &str = "mynapin.verify/1";
/// Schema of `change`.
pub const CHANGE_SCHEMA: &str = "mynapin.change/1";
/// Schema of an error.
pub const ERROR_SCHEMA: &str = "mynapin.error/1";

/// One PIN row as JSON: `kind`, `state`, and `left`/`max` where the card told them.
pub fn pin_json(kind: PinKind, status: PinStatus) -> Value {
    let mut row = json!({ "kind": kind.name() });
    let fields = match status {
        PinStatus::Remaining { left, max } => {
            json!({"state": "remaining", "left": left, "max": max})
        }
        PinStatus::Blocked { max } => json!({"state": "blocked", "left": 0, "max": max}),
        PinStatus::Verified => json!({"state": "verified", "max": kind.max_tries()}),
        PinStatus::NotAvailable(reason) => {
            json!({"state": "not-available", "reason": reason.name()})
        }
    };
    if let (Some(row), Value::Object(fields)) = (row.as_object_mut(), fields) {
        row.extend(fields);
    }
    row
}

/// The `mynapin.status/1` document.
pub fn status_json(report: &StatusReport, source: &Value) -> Value {
    json!({
        "schema": STATUS_SCHEMA,
        "card": source,
        "signature_certificate": report.signature_certificate,
        "pins": report.pins.iter().map(|row| pin_json(row.kind, row.status)).collect::<Vec<_>>(),
    })
}

/// The status as text for staff: each password's name, tries left out of max, and for a
/// blocked one what the citizen can do next.
pub fn status_text(lang: Lang, report: &StatusReport) -> String {
    let catalog = lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("status-title")));
    for row in &report.pins {
        let state = match row.status {
            PinStatus::Remaining { left, max } => Message::new("status-remaining")
                .with("left", left)
                .with("max", max),
            PinStatus::Blocked { max } => Message::new("status-blocked").with("max", max),
            PinStatus::Verified => Message::new("status-verified"),
            PinStatus::NotAvailable(reason) => {
                Message::new("status-not-available").with("reason", reason.message())
            }
        };
        let line = Message::new("status-row")
            .with("label", pin_label(row.kind))
            .with("state", state);
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
    out
}

/// The text of a failure in the user's language.
pub fn failure_text(lang: Lang, failure: &Failure) -> String {
    match failure {
        Failure::Card(error) => lang.text(&error.message()),
        Failure::Profile(error) => lang.text(&error.message()),
        Failure::ProfileNotSaved(error) => lang.text(&error.not_saved_message()),
        Failure::Vpcd(error) => lang.text(&error.message()),
        Failure::Usage(message) | Failure::Refused(message) => message.clone(),
    }
}

/// The error document or text, and the exit code.
pub fn report_failure(lang: Lang, json_format: bool, command: &str, failure: &Failure) -> Exit {
    let (exit, code) = failure.classify();
    let message = failure_text(lang, failure);
    if json_format {
        let mut document = json!({
            "schema": ERROR_SCHEMA,
            "command": command,
            "error": code,
            "exit_code": exit as u8,
            "message": message,
        });
        if let (Some(object), Failure::Card(error)) = (document.as_object_mut(), failure) {
            object.extend(error_details(error));
        }
        println!("{document}");
    } else {
        eprintln!("mynapin: {message}");
    }
    exit
}

/// Machine-readable details of a card error (kind, tries left, status word).
fn error_details(error: &mynapin::card::CardError) -> serde_json::Map<String, Value> {
    use mynapin::card::CardError;
    let mut details = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        details.insert(key.to_owned(), value);
    };
    match error {
        CardError::PinFormat(format) => put("kind", json!(format.kind.name())),
        CardError::SameNewPin(kind)
        | CardError::NewPinMismatch(kind)
        | CardError::LastTryGuard(kind)
        | CardError::CounterUnknown(kind) => put("kind", json!(kind.name())),
        CardError::NotAvailable { kind, reason } => {
            put("kind", json!(kind.name()));
            put("reason", json!(reason.name()));
        }
        CardError::WrongPin { kind, left } => {
            put("kind", json!(kind.name()));
            put("left", json!(left));
            put("max", json!(kind.max_tries()));
        }
        CardError::Blocked { kind, just_now } => {
            put("kind", json!(kind.name()));
            put("left", json!(0));
            put("just_now", json!(just_now));
        }
        CardError::OutcomeUnknown {
            kind, operation, ..
        } => {
            put("kind", json!(kind.name()));
            put("operation", json!(format!("{operation:?}").to_lowercase()));
        }
        CardError::OutcomeUnknownStatus {
            kind,
            operation,
            sw,
        } => {
            put("kind", json!(kind.name()));
            put("operation", json!(format!("{operation:?}").to_lowercase()));
            put("sw", json!(sw.to_string()));
        }
        CardError::NewPinRejected { kind, sw } => {
            put("kind", json!(kind.name()));
            put("sw", json!(sw.to_string()));
        }
        CardError::UnexpectedStatus { step, sw } => {
            put("step", json!(step));
            put("sw", json!(sw.to_string()));
        }
        _ => {}
    }
    details
}
