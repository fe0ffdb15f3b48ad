//! How output leaves the tool: a document as one JSON line, and a failure as a
//! `mynapin.error/1` document on stdout with `--format json` or as text on stderr. What a
//! successful command shows is the presenter's (`present.rs`).

use mynapin::report::{Document, ErrorDocument};

use crate::exit::{Exit, Failure};
use crate::i18n::Lang;

/// A document as one line of JSON, for a command to print.
pub fn json_line(document: &impl Document) -> Result<String, Failure> {
    document
        .to_json_line()
        .map_err(|error| Failure::Usage(format!("cannot write the JSON document: {error}")))
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
        Failure::Usage(message) | Failure::Refused(_, message) | Failure::Counter(_, message) => {
            message.clone()
        }
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
