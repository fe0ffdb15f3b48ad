//! What the commands print: JSON documents with a versioned `schema` (the tested
//! contract), and text for people at the counter. Errors go to stderr as text, or to
//! stdout as a `mynapin.error/1` document with `--format json`.

use mynapin::card::{PinStatus, StatusReport};
use mynapin::report::{Document, ErrorDocument};

use crate::exit::{Exit, Failure};
use mynapin::messages::{Message, pin_label, reset_advice};

use crate::i18n::Lang;

/// A document as one line of JSON, for a command to print.
pub fn json_line(document: &impl Document) -> Result<String, Failure> {
    document
        .to_json_line()
        .map_err(|error| Failure::Usage(format!("cannot write the JSON document: {error}")))
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
        Failure::Source(error) => lang.text(&error.message()),
        Failure::Usage(message) | Failure::Refused(message) => message.clone(),
    }
}

/// The error document or text, and the exit code.
pub fn report_failure(lang: Lang, json_format: bool, command: &str, failure: &Failure) -> Exit {
    let (exit, code) = failure.classify();
    let message = failure_text(lang, failure);
    if json_format {
        let mut document = ErrorDocument::new(command, code, exit as u8, message);
        if let Failure::Card(error) = failure {
            document = document.with_card_error(error);
        }
        match document.to_json_line() {
            Ok(line) => print!("{line}"),
            Err(error) => eprintln!("mynapin: {}: {error}", document.message),
        }
    } else {
        eprintln!("mynapin: {message}");
    }
    exit
}
