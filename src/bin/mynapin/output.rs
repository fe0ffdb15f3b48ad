//! How output leaves the tool: a document as one JSON line, and a failure as a
//! `mynapin.error/2` document on stdout with `--format json` or as text on stderr. What a
//! successful command shows is the presenter's (`present.rs`).
//!
//! Nothing here panics when a stream cannot be written (`print!` and `eprintln!` do, with
//! exit 101): what goes to stdout is written with [`print`], whose failure the caller
//! turns into [`Exit::OutputLost`] (10); a message for stderr ([`warn`]) that cannot be
//! written is dropped, since there is nowhere left to say so.

use std::io::Write;

use mynapin::messages::{Message, io_message};
use mynapin::report::{Document, ErrorDocument};

use crate::exit::{Exit, Failure};
use crate::i18n::Lang;

/// A document as one line of JSON, for a command to print.
pub fn json_line(lang: Lang, document: &impl Document) -> Result<String, Failure> {
    document
        .to_json_line()
        .map_err(|error| Failure::Usage(json_failed(lang, &error)))
}

/// That a JSON document could not be written, in `lang`; serde's English words only as
/// the detail the English catalogue shows.
fn json_failed(lang: Lang, error: &serde_json::Error) -> String {
    lang.text(&Message::new("output-json-failed").with_detail(error.to_string()))
}

/// Writes `text` to stdout and flushes it.
///
/// # Errors
///
/// The stream's error: a full device, a closed pipe, …
pub fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Writes `text` to stderr as it is; a stderr that cannot be written is ignored.
pub fn stderr(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// `mynapin: MESSAGE` on a line of its own on stderr (ignored when stderr cannot be
/// written).
pub fn warn(message: &str) {
    stderr(&format!("mynapin: {message}\n"));
}

/// Prints what a command produced, with its exit code. When stdout cannot be written the
/// exit code is [`Exit::OutputLost`] (10), unless the code already says something
/// stdout's loss must not hide (8: done but not recorded); stderr says what happened, and
/// that a card procedure that was done *was* done (its audit record is written before
/// anything is printed).
pub fn print_result(lang: Lang, command: &str, printed: &str, exit: Exit) -> Exit {
    let Err(error) = print(printed) else {
        return exit;
    };
    let message = if matches!(command, "verify" | "change" | "reset") {
        Message::new("output-lost-after-done")
    } else {
        Message::new("output-lost")
    };
    warn(&lang.text(&message.with("problem", io_message(&error))));
    match exit {
        Exit::Ok => Exit::OutputLost,
        other => other,
    }
}

/// The text of a failure in the user's language.
pub fn failure_text(lang: Lang, failure: &Failure) -> String {
    match failure {
        Failure::Card(error) => lang.text(&error.message()),
        Failure::Profile(error) => lang.text(&error.message()),
        Failure::Vpcd(error) => lang.text(&error.message()),
        Failure::Source(error) => lang.text(&error.message()),
        Failure::Audit(error) => lang.text(&error.message()),
        Failure::Rules(error) => lang.text(&error.message()),
        Failure::Config(error) => lang.text(&error.message()),
        Failure::Usage(message)
        | Failure::Interrupted(message)
        | Failure::Refused(_, message)
        | Failure::Counter(_, message) => message.clone(),
    }
}

/// The error document or text, and the exit code: the failure's, whether or not the
/// document or text could be written (a failure's code is its answer).
pub fn report_failure(lang: Lang, json_format: bool, command: &str, failure: &Failure) -> Exit {
    let (exit, code) = failure.classify();
    let message = failure_text(lang, failure);
    if json_format {
        let mut document = ErrorDocument::new(command, code, exit as u8, message);
        match failure {
            Failure::Card(error) => document = document.with_card_error(error),
            Failure::Counter(refusal, _) => document = document.with_refusal(refusal),
            _ => {}
        }
        match document.to_json_line() {
            Ok(line) => {
                if print(&line).is_err() {
                    warn(&document.message);
                }
            }
            Err(error) => {
                warn(&document.message);
                warn(&json_failed(lang, &error));
            }
        }
    } else {
        warn(&message);
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_failure_keeps_serdes_english_out_of_japanese() {
        let Err(error) = serde_json::from_str::<u8>("not json") else {
            panic!("not JSON was read");
        };
        let english = error.to_string();
        let ja = json_failed(Lang::from_tag("ja").expect("ja"), &error);
        assert!(!ja.contains(&english), "{ja}");
        assert!(ja.contains("JSON"), "{ja}");
        let en = json_failed(Lang::from_tag("en").expect("en"), &error);
        assert!(en.contains(&english), "{en}");
    }
}
