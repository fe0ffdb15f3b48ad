//! A second front end in a few lines: the status of the simulated card, as the
//! `mynapin.status/1` document and as text in the language named on the command line,
//! using only the library (card source, flow, document, message catalogue, error code):
//! open the card, run a flow, close the card, show the result.
//!
//! ```sh
//! cargo run --example status_document -- en            # the built-in card, in English
//! cargo run --example status_document -- ja card.toml  # a profile file, in Japanese
//! ```

use std::process::ExitCode;

use mynapin::Coded;
use mynapin::card::Card;
use mynapin::messages::{Catalog, Message, pin_label};
use mynapin::report::{Document, StatusDocument};
use mynapin::source::CardSource;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let catalog = Catalog::for_tag(&args.next().unwrap_or_else(|| "ja".to_owned()));
    let source = CardSource::Simulated {
        profile: args.next().map(Into::into),
        fault: None,
    };
    let mut card = match source.open() {
        Ok(card) => card,
        Err(error) => return fail(&catalog, error.code(), &error.message()),
    };
    let report = match Card::new(card.transport()).status() {
        Ok(report) => report,
        Err(error) => return fail(&catalog, error.code(), &error.message()),
    };
    let description = card.description();
    // Closing writes a profile file's card back (the file is the card) and unlocks it.
    if let Err(error) = card.close() {
        return fail(&catalog, error.code(), &error.message());
    }
    match StatusDocument::new(description, &report).to_json_line() {
        Ok(line) => print!("{line}"),
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    }
    for row in &report.pins {
        println!(
            "{}: {}",
            catalog.text(&pin_label(row.kind)),
            catalog.text(&row.status.message())
        );
    }
    ExitCode::SUCCESS
}

/// Prints the error in the catalogue's language with its stable code.
fn fail(catalog: &Catalog, code: &str, message: &Message) -> ExitCode {
    eprintln!("[{code}] {}", catalog.text(message));
    ExitCode::FAILURE
}
