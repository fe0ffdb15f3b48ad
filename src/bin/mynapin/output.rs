//! What the commands print: JSON documents with a versioned `schema` (the tested
//! contract), and text for people at the counter. Errors go to stderr as text, or to
//! stdout as a `mynapin.error/1` document with `--format json`.

use mynapin::card::{PinStatus, StatusReport};
use mynapin::report::{Document, ErrorDocument};

use crate::exit::{Exit, Failure};
use crate::i18n::{self, Lang, label, reset_advice, unavailable_text};

/// A document as one line of JSON, for a command to print.
pub fn json_line(document: &impl Document) -> Result<String, Failure> {
    document
        .to_json_line()
        .map_err(|error| Failure::Usage(format!("cannot write the JSON document: {error}")))
}

/// The status as text for staff: each password's name, tries left out of max, and for a
/// blocked one what the citizen can do next.
pub fn status_text(lang: Lang, report: &StatusReport) -> String {
    let mut out = String::from(lang.pick(
        "マイナンバーカードの暗証番号の状態\n",
        "My Number Card PIN status\n",
    ));
    for row in &report.pins {
        let state = match (lang, row.status) {
            (Lang::Ja, PinStatus::Remaining { left, max }) => format!("残り {left}/{max} 回"),
            (Lang::En, PinStatus::Remaining { left, max }) => format!("{left} of {max} tries left"),
            (Lang::Ja, PinStatus::Blocked { max }) => format!("ロック中 (0/{max} 回)"),
            (Lang::En, PinStatus::Blocked { max }) => format!("BLOCKED (0 of {max})"),
            (Lang::Ja, PinStatus::Verified) => "照合済み(このカードセッション中)".to_owned(),
            (Lang::En, PinStatus::Verified) => "verified in this card session".to_owned(),
            (_, PinStatus::NotAvailable(reason)) => {
                format!("- ({})", unavailable_text(lang, reason))
            }
        };
        out.push_str(&format!("  {}: {state}\n", label(lang, row.kind)));
        match row.status {
            PinStatus::Blocked { .. } => {
                out.push_str(&format!("    → {}\n", reset_advice(lang, row.kind)))
            }
            PinStatus::Remaining { left: 1, .. } => out.push_str(&format!(
                "    → {}\n",
                lang.pick(
                    "残り1回です。次に間違えるとロックされます。",
                    "One try left: the next mistake blocks it.",
                )
            )),
            _ => {}
        }
    }
    out
}

/// The error document or text, and the exit code.
pub fn report_failure(lang: Lang, json_format: bool, command: &str, failure: &Failure) -> Exit {
    let (exit, code) = failure.classify();
    let message = match failure {
        Failure::Card(error) => i18n::card_error_text(lang, error),
        Failure::Profile(error) => i18n::profile_error_text(lang, error),
        Failure::ProfileNotSaved(error) => i18n::profile_not_saved_text(lang, error),
        Failure::Usage(message) | Failure::Refused(message) => message.clone(),
        Failure::Vpcd(error) => match lang {
            Lang::Ja => format!("pcscd の vpcd ドライバーに接続できません: {error}"),
            Lang::En => format!("Cannot reach pcscd's vpcd driver: {error}"),
        },
    };
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
