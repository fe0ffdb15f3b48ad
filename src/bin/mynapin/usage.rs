//! A command line clap rejects, reported like every other failure (README "JSON"): with
//! `--format json` a `mynapin.error/2` document (`error: "usage"`, exit 2) on stdout, in
//! the language of `--lang` or the locale. The options are looked for in the raw
//! arguments, since clap did not parse them. English shows clap's own error; another
//! language a catalogue message naming clap's error kind (in that language) and the
//! argument at fault.
//! `--help` and `--version` print as clap prints them (exit 0).

use std::ffi::OsString;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use mynapin::messages::Message;
use mynapin::report::{Document, ErrorDocument};

use crate::cli::Cli;
use crate::exit::Exit;
use crate::i18n::{self, Lang};
use crate::output;

/// The subcommands, to name the one a usage error is about.
const COMMANDS: &[&str] = &[
    "status",
    "verify",
    "change",
    "reset",
    "readers",
    "sim",
    "audit",
    "guide",
    "completions",
    "man",
    "info",
    "counter",
    "doctor",
];

/// Parses the process's arguments; on an error, reports it and gives the exit code.
pub fn parse() -> Result<Cli, Exit> {
    let args: Vec<OsString> = std::env::args_os().collect();
    Cli::try_parse_from(&args).map_err(|error| report(&args, &error))
}

/// What the raw arguments ask for: the language, whether JSON, the subcommand named.
struct Raw {
    lang: Lang,
    json: bool,
    command: &'static str,
}

impl Raw {
    fn of(args: &[OsString]) -> Raw {
        let words: Vec<String> = args
            .iter()
            .skip(1)
            .map(|arg| arg.to_string_lossy().into_owned())
            .take_while(|arg| arg != "--")
            .collect();
        let value = |name: &str| {
            let joined = format!("{name}=");
            let mut found = None;
            for (index, word) in words.iter().enumerate() {
                if let Some(value) = word.strip_prefix(&joined) {
                    found = Some(value.to_owned());
                } else if word == name {
                    found = words.get(index + 1).cloned();
                }
            }
            found
        };
        let lang = value("--lang")
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_else(|| Lang::from_locale(i18n::locale_from_env()));
        let json = value("--format").is_some_and(|format| format == "json");
        let command = words
            .iter()
            .find_map(|word| COMMANDS.iter().find(|command| **command == word))
            .copied()
            .unwrap_or("mynapin");
        Raw {
            lang,
            json,
            command,
        }
    }
}

/// Reports clap's `error` as the raw arguments ask, and gives the exit code.
fn report(args: &[OsString], error: &clap::Error) -> Exit {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Help and version go to stdout, as clap prints them.
        return match output::print(&error.render().to_string()) {
            Ok(()) => Exit::Ok,
            Err(_) => Exit::OutputLost,
        };
    }
    let raw = Raw::of(args);
    let english = raw.lang.tag() == "en";
    let rendered = error.render().to_string();
    let message = if english {
        rendered
            .trim()
            .strip_prefix("error: ")
            .unwrap_or(rendered.trim())
            .to_owned()
    } else {
        let mut message = Message::new("usage-invalid").with("kind", kind_message(error.kind()));
        message = match at_fault(error) {
            Some(argument) => message.with("argument", argument),
            None => message.with("argument", "-"),
        };
        raw.lang.text(&message)
    };
    if raw.json {
        let document = ErrorDocument::new(raw.command, "usage", Exit::Usage as u8, message);
        match document.to_json_line() {
            Ok(line) => {
                if output::print(&line).is_err() {
                    output::warn(&document.message);
                }
            }
            Err(_) => output::warn(&document.message),
        }
    } else if english {
        output::stderr(&rendered);
    } else {
        output::warn(&message);
    }
    Exit::Usage
}

/// clap's error kind as a catalogue message (its own `Debug` name is English).
fn kind_message(kind: ErrorKind) -> Message {
    match kind {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            Message::new("usage-kind-invalid-value")
        }
        ErrorKind::UnknownArgument => Message::new("usage-kind-unknown-argument"),
        ErrorKind::InvalidSubcommand => Message::new("usage-kind-invalid-subcommand"),
        ErrorKind::NoEquals => Message::new("usage-kind-no-equals"),
        ErrorKind::TooManyValues => Message::new("usage-kind-too-many-values"),
        ErrorKind::TooFewValues => Message::new("usage-kind-too-few-values"),
        ErrorKind::WrongNumberOfValues => Message::new("usage-kind-wrong-number-of-values"),
        ErrorKind::ArgumentConflict => Message::new("usage-kind-argument-conflict"),
        ErrorKind::MissingRequiredArgument => Message::new("usage-kind-missing-required-argument"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Message::new("usage-kind-missing-subcommand")
        }
        ErrorKind::InvalidUtf8 => Message::new("usage-kind-invalid-utf8"),
        _ => Message::new("usage-kind-other"),
    }
}

/// The argument (or value, or subcommand) clap names as the one at fault.
fn at_fault(error: &clap::Error) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        Some(ContextValue::Strings(values)) => Some(values.join(", ")),
        _ => None,
    };
    let value = text(ContextKind::InvalidValue);
    let argument = text(ContextKind::InvalidArg);
    let subcommand = text(ContextKind::InvalidSubcommand);
    match (argument, value, subcommand) {
        (Some(argument), Some(value), _) => Some(format!("{argument} = {value}")),
        (Some(argument), None, _) => Some(argument),
        (None, _, Some(subcommand)) => Some(subcommand),
        (None, value, None) => value,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_subcommand_is_known_to_usage_errors_and_the_error_schema() {
        use super::COMMANDS;
        use crate::cli::Cli;
        use clap::CommandFactory;
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../schemas/mynapin.error/2.schema.json"))
                .unwrap();
        let listed = schema["properties"]["command"]["enum"]
            .as_array()
            .unwrap()
            .clone();
        for command in Cli::command().get_subcommands() {
            let name = command.get_name();
            assert!(COMMANDS.contains(&name), "{name} missing from COMMANDS");
            assert!(
                listed.contains(&serde_json::json!(name)),
                "{name} missing from the error schema"
            );
        }
    }

    use super::*;

    #[test]
    fn error_kinds_are_named_in_the_users_language() {
        let ja = Lang::from_tag("ja").expect("the ja catalogue");
        for kind in [
            ErrorKind::InvalidValue,
            ErrorKind::UnknownArgument,
            ErrorKind::InvalidSubcommand,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::ArgumentConflict,
            ErrorKind::Io,
        ] {
            let text = ja.text(&kind_message(kind));
            // No English letters: not clap's `Debug` name nor an English catalogue text.
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{kind:?}: {text}"
            );
        }
    }

    #[test]
    fn raw_options_are_found_in_both_spellings() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        let raw = Raw::of(&args(&[
            "mynapin",
            "--format=json",
            "--lang",
            "en",
            "verify",
            "x",
        ]));
        assert!(raw.json);
        assert_eq!(raw.lang.tag(), "en");
        assert_eq!(raw.command, "verify");
        let raw = Raw::of(&args(&["mynapin", "--format", "text", "--lang=ja", "frob"]));
        assert!(!raw.json);
        assert_eq!(raw.lang.tag(), "ja");
        assert_eq!(raw.command, "mynapin");
    }
}
