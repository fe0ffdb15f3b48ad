//! Every library error rendered in every catalogue: no missing argument, no missing
//! message, no bidi marks, and no English in the Japanese text (neither the English
//! catalogue's sentences, nor the errors' `Display` strings, nor an English detail).

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use fluent_syntax::ast;

use super::embedded::CATALOGUES;
use super::{Catalog, DEFAULT_TAG, Message, format_hint, pin_label, pin_name, reset_advice};
use crate::apdu::{ApduError, StatusWord};
use crate::card::{CardError, FormatProblem, Operation, PinFormatError, PinKind, Unavailable};
use crate::layout::PinFormat;
use crate::sim::vpcd::VpcdError;
use crate::sim::{
    Expected, ProfileError, ProfileProblem, SyntaxPlace, SyntaxPosition, SyntaxProblem,
};
use crate::transport::{END_OF_TRACE, TraceError, TransportError};

/// English words that only a detail carries in these samples.
const DETAIL: &str = "zebra detail";

fn transport_errors() -> Vec<TransportError> {
    vec![
        TransportError::NoService,
        TransportError::NoReaders,
        TransportError::NoCard,
        TransportError::CardRemoved,
        TransportError::CardReset,
        TransportError::Timeout,
        TransportError::SharingViolation,
        TransportError::ReaderNotFound {
            wanted: "ACS".into(),
            available: vec!["Reader A".into(), "Reader B".into()],
        },
        TransportError::AmbiguousReader {
            wanted: String::new(),
            candidates: vec!["Reader A".into(), "Reader B".into()],
        },
        TransportError::AmbiguousReader {
            wanted: "Reader".into(),
            candidates: vec!["Reader A".into(), "Reader B".into()],
        },
        TransportError::Apdu(ApduError::ResponseTooShort(0)),
        TransportError::Apdu(ApduError::MalformedCommand(3)),
        TransportError::Apdu(ApduError::DataTooLong(70000)),
        TransportError::Apdu(ApduError::InvalidLe(0)),
        TransportError::Divergence {
            position: 2,
            expected: "00 A4 02 0C 02 00 18".into(),
            actual: "00 A4 02 0C 02 00 1B".into(),
        },
        TransportError::Divergence {
            position: 3,
            expected: END_OF_TRACE.into(),
            actual: "00 20 00 80".into(),
        },
        TransportError::Link(DETAIL.into()),
    ]
}

fn card_errors() -> Vec<CardError> {
    let sw = StatusWord::from_bytes(0x65, 0x81);
    let mut errors = Vec::new();
    for kind in PinKind::ALL {
        for problem in [
            FormatProblem::NotFourDigits,
            FormatProblem::SignLength,
            FormatProblem::SignCharacters,
            FormatProblem::SignNeedsLetterAndDigit,
        ] {
            errors.push(CardError::PinFormat(PinFormatError { kind, problem }));
        }
        for reason in [
            Unavailable::NoSignatureCertificate,
            Unavailable::ApplicationNotFound,
            Unavailable::PinNotFound,
        ] {
            errors.push(CardError::NotAvailable { kind, reason });
        }
        for operation in [Operation::Verify, Operation::Change] {
            for source in transport_errors() {
                errors.push(CardError::OutcomeUnknown {
                    kind,
                    operation,
                    source,
                });
            }
            errors.push(CardError::OutcomeUnknownStatus {
                kind,
                operation,
                sw,
            });
        }
        errors.extend([
            CardError::SameNewPin(kind),
            CardError::NewPinMismatch(kind),
            CardError::WrongPin { kind, left: 1 },
            CardError::WrongPin { kind, left: 2 },
            CardError::Blocked {
                kind,
                just_now: true,
            },
            CardError::Blocked {
                kind,
                just_now: false,
            },
            CardError::LastTryGuard(kind),
            CardError::CounterUnknown(kind),
            CardError::NewPinRejected {
                kind,
                sw: StatusWord::from_bytes(0x6A, 0x80),
            },
            CardError::KindMismatch {
                current: kind,
                new: PinKind::Sign,
            },
        ]);
    }
    errors.push(CardError::UnexpectedStatus {
        step: "SELECT JPKI AP",
        sw: StatusWord::from_bytes(0x6A, 0x82),
    });
    errors.extend(transport_errors().into_iter().map(CardError::Transport));
    errors
}

fn io_errors() -> Vec<io::Error> {
    [
        io::ErrorKind::NotFound,
        io::ErrorKind::PermissionDenied,
        io::ErrorKind::ConnectionRefused,
        io::ErrorKind::TimedOut,
        io::ErrorKind::BrokenPipe,
    ]
    .into_iter()
    .map(io::Error::from)
    .chain([io::Error::other(DETAIL)])
    .collect()
}

fn profile_errors() -> Vec<ProfileError> {
    let path = || PathBuf::from("card.toml");
    let mut errors: Vec<ProfileError> = io_errors()
        .into_iter()
        .map(|source| ProfileError::Io {
            path: path(),
            source,
        })
        .collect();
    let problems = [
        SyntaxProblem::NotToml,
        SyntaxProblem::UnknownField { expected: vec![] },
        SyntaxProblem::UnknownField {
            expected: vec!["value", "tries_left"],
        },
        SyntaxProblem::MissingField {
            field: "pins.auth.value".into(),
        },
        SyntaxProblem::WrongValue { expected: None },
        SyntaxProblem::WrongValue {
            expected: Some(Expected::Text),
        },
        SyntaxProblem::WrongValue {
            expected: Some(Expected::Integer { min: 0, max: 15 }),
        },
        SyntaxProblem::WrongValue {
            expected: Some(Expected::Boolean),
        },
        SyntaxProblem::WrongValue {
            expected: Some(Expected::Choice(&["counter", "9000"])),
        },
        SyntaxProblem::WrongValue {
            expected: Some(Expected::Table),
        },
    ];
    for (place, problem) in [
        SyntaxPlace::Field("pins.auth.value".into()),
        SyntaxPlace::Table("pins.auth".into()),
        SyntaxPlace::Unknown,
    ]
    .into_iter()
    .cycle()
    .zip(problems)
    {
        errors.push(ProfileError::Syntax {
            path: path(),
            at: Some(SyntaxPosition {
                line: 13,
                column: 9,
                place,
            }),
            problem,
        });
    }
    errors.push(ProfileError::Syntax {
        path: path(),
        at: None,
        problem: SyntaxProblem::NotToml,
    });
    errors.push(ProfileError::NotRegularFile { path: path() });
    errors.push(ProfileError::TooLarge {
        path: path(),
        max: 65536,
    });
    errors.push(ProfileError::ReadOnly { path: path() });
    for problem in [
        ProfileProblem::AtrNotHex,
        ProfileProblem::AtrLength { found: 40 },
        ProfileProblem::AtrTsByte,
        ProfileProblem::TokenLabel { max: 32 },
        ProfileProblem::ValueLength { max: 16 },
        ProfileProblem::MaxTries { max: 15 },
        ProfileProblem::TriesOverMax {
            tries_left: 9,
            max_tries: 3,
        },
        ProfileProblem::TerminalKey,
        ProfileProblem::PinFormat {
            format: PinFormat::FourDigits,
        },
        ProfileProblem::PinFormat {
            format: PinFormat::SignPassword,
        },
        ProfileProblem::KindMaxTries { max: 3 },
    ] {
        errors.push(ProfileError::Invalid {
            path: path(),
            field: "pins.auth.tries_left".into(),
            problem,
        });
    }
    errors
}

fn trace_errors() -> Vec<TraceError> {
    let mut errors = vec![
        TraceError::MissingVersion,
        TraceError::UnknownVersion {
            version: "7".into(),
        },
        TraceError::BadHex { line: 2, byte: 5 },
        TraceError::ResponseWithoutCommand { line: 2 },
        TraceError::CommandWithoutResponse { line: 2 },
        TraceError::CommandTooShort { line: 2, len: 3 },
        TraceError::ResponseTooShort { line: 3, len: 1 },
        TraceError::MaskedResponse { line: 3, byte: 1 },
        TraceError::UnrecognisedLine { line: 4 },
        TraceError::InvalidHeaderKey { key: "a b".into() },
        TraceError::InFile {
            path: PathBuf::from("x.trace"),
            error: Box::new(TraceError::BadHex { line: 2, byte: 5 }),
        },
    ];
    errors.extend(io_errors().into_iter().map(|source| TraceError::Io {
        path: PathBuf::from("x.trace"),
        source,
    }));
    errors
}

fn vpcd_errors() -> Vec<VpcdError> {
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], 35963));
    let mut errors = Vec::new();
    for source in io_errors() {
        errors.push(VpcdError::Io { address, source });
    }
    for source in io_errors() {
        errors.push(VpcdError::Connect {
            address,
            waited: Duration::from_secs(10),
            source,
        });
    }
    errors.push(VpcdError::Resolve {
        host: "vpcd.invalid".into(),
        port: 35963,
        source: io::Error::other(DETAIL),
    });
    errors
}

/// Every error as (its message, its English `Display` text).
fn samples() -> Vec<(Message, String)> {
    let mut samples = Vec::new();
    samples.extend(card_errors().iter().map(|e| (e.message(), e.to_string())));
    samples.extend(
        profile_errors()
            .iter()
            .map(|e| (e.message(), e.to_string())),
    );
    samples.extend(
        profile_errors()
            .iter()
            .map(|e| (e.not_saved_message(), e.to_string())),
    );
    samples.extend(trace_errors().iter().map(|e| (e.message(), e.to_string())));
    samples.extend(vpcd_errors().iter().map(|e| (e.message(), e.to_string())));
    for kind in PinKind::ALL {
        for message in [
            pin_label(kind),
            pin_name(kind),
            format_hint(kind),
            reset_advice(kind),
        ] {
            samples.push((message, String::new()));
        }
    }
    samples
}

/// The English catalogue's messages without placeables, rendered: whole English phrases.
fn english_phrases() -> Vec<String> {
    let english = Catalog::for_tag("en");
    let source = CATALOGUES
        .iter()
        .find(|(tag, _)| *tag == "en")
        .map_or("", |(_, source)| *source);
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(partial, _)| partial);
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => message.value.as_ref().and_then(|value| {
                let plain = value
                    .elements
                    .iter()
                    .all(|element| matches!(element, ast::PatternElement::TextElement { .. }));
                plain.then(|| english.text(&Message::new(message.id.name)))
            }),
            _ => None,
        })
        // Shorter ones are names of things that Japanese text may also write in ASCII.
        .filter(|phrase| phrase.split(' ').count() >= 3)
        .collect()
}

#[test]
fn every_error_renders_in_every_catalogue_with_all_its_arguments() {
    for tag in Catalog::available() {
        let catalog = Catalog::for_tag(tag);
        for (message, _) in samples() {
            let text = catalog.text(&message);
            assert_ne!(text, message.id, "{tag}: {} is missing", message.id);
            assert!(
                !text.contains("{$") && !text.contains("{ $"),
                "{tag}: {text}"
            );
            assert!(!text.contains(['\u{2068}', '\u{2069}']), "{tag}: {text:?}");
            assert!(!text.contains("with-detail"), "{tag}: {text}");
        }
    }
}

#[test]
fn japanese_text_embeds_no_english_error_text() {
    let japanese = Catalog::for_tag(DEFAULT_TAG);
    let phrases = english_phrases();
    assert!(phrases.len() > 20, "{phrases:?}");
    for (message, display) in samples() {
        let text = japanese.text(&message);
        assert!(!text.contains(DETAIL), "an English detail in: {text}");
        assert!(
            display.is_empty() || !text.contains(&display),
            "{display:?} in: {text}"
        );
        for phrase in &phrases {
            assert!(!text.contains(phrase.as_str()), "{phrase:?} in: {text}");
        }
    }
}

#[test]
fn english_text_keeps_a_detail_apart() {
    let english = Catalog::for_tag("en");
    let error = TransportError::Link(DETAIL.into());
    assert_eq!(
        english.text(&error.message()),
        format!("Communication with the card failed. (detail: {DETAIL})")
    );
}

#[test]
fn english_counts_are_plural_aware() {
    let english = Catalog::for_tag("en");
    let wrong = |left| {
        english.text(
            &CardError::WrongPin {
                kind: PinKind::Auth,
                left,
            }
            .message(),
        )
    };
    assert_eq!(wrong(1), "Wrong user authentication password: 1 try left.");
    assert_eq!(
        wrong(2),
        "Wrong user authentication password: 2 tries left."
    );
}

#[test]
fn tags_pick_a_catalogue_and_japanese_is_the_default() {
    assert_eq!(Catalog::for_tag("ja").tag(), "ja");
    assert_eq!(Catalog::for_tag("en-US").tag(), "en");
    assert_eq!(Catalog::for_tag("xx").tag(), DEFAULT_TAG);
    assert_eq!(Catalog::for_tag("not a tag!").tag(), DEFAULT_TAG);
    assert!(Catalog::available().contains(&DEFAULT_TAG));
}

#[test]
fn a_message_missing_from_a_catalogue_falls_back_to_japanese() {
    let partial = Catalog::from_sources(
        "xx",
        "only-here = Only here\n",
        Some("both = 両方 { $n }\n"),
    );
    assert_eq!(partial.text(&Message::new("only-here")), "Only here");
    assert_eq!(partial.text(&Message::new("both").with("n", 2u8)), "両方 2");
    assert_eq!(partial.text(&Message::new("nowhere")), "nowhere");
    assert!(!partial.has("both"));
}

#[test]
fn formatting_errors_do_not_panic() {
    // A missing argument, a cycle of references, and a syntax error.
    let broken = Catalog::from_sources("xx", "a = { $missing } { b }\nb = { a }\nc = {\n", None);
    assert!(broken.text(&Message::new("a")).contains("{$missing}"));
    assert_eq!(broken.text(&Message::new("c")), "c");
}

#[test]
fn every_preset_has_its_own_description_in_every_catalogue() {
    let unknown = super::preset_description("no such preset");
    for tag in Catalog::available() {
        let catalog = Catalog::for_tag(tag);
        for preset in crate::sim::PRESETS {
            let text = catalog.text(&super::preset_description(preset.name));
            assert_ne!(text, catalog.text(&unknown), "{}", preset.name);
            assert!(!text.is_empty(), "{}", preset.name);
        }
    }
}
