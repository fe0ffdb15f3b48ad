//! The JSON Schema files in `schemas/` against the documents they describe.
//!
//! Every file is checked to be a valid draft 2020-12 schema whose `$id` and `schema`
//! const are the name of a [`mynapin::report`] document type. Then real documents are
//! validated against the file their own `schema` field names: documents built through the
//! library types for every PIN state, card source, serve end and card error, and documents
//! printed by the `mynapin` binary for each command and a spread of error codes. A few
//! broken documents must fail, so that a schema that accepts anything cannot pass.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use mynapin::Coded;
use mynapin::apdu::StatusWord;
use mynapin::audit::{AuditContext, AuditLog, AuditRecord, AuditTag, Procedure};
use mynapin::card::{
    Authority, CardError, ChangeOutcome, FormatProblem, Operation, PinFormatError, PinKind,
    PinReport, PinStatus, ResetOutcome, StatusReport, Unavailable, VerifyOutcome,
};
use mynapin::report::{
    AuditVerifyDocument, CardDescription, ChangeDocument, DoctorDocument, Document, ErrorDocument,
    GuideDocument, InfoDocument, PresetsDocument, ProfileDocument, ReaderRow, ReadersDocument,
    ResetDocument, SCHEMAS, SimServeDocument, StatusDocument, VerifyDocument,
};
use mynapin::sim::vpcd::ServeEnd;
use mynapin::sim::{PRESETS, Profile, QueryAfterVerify, QueryWhenBlocked, SignPinFile};
use mynapin::transport::TransportError;
use serde_json::{Value, json};
use tempfile::TempDir;

/// How long one run of the binary may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// The draft every schema file declares.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// The schema file of a schema name: `schemas/<name>.schema.json`.
fn schema_path(name: &str) -> PathBuf {
    schemas_dir().join(format!("{name}.schema.json"))
}

fn load_schema(name: &str) -> Value {
    let path = schema_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The problems `document` has against the schema file its `schema` field names.
fn problems(document: &Value) -> Vec<String> {
    let name = document["schema"]
        .as_str()
        .unwrap_or_else(|| panic!("no schema field in {document}"));
    let validator = jsonschema::draft202012::new(&load_schema(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    validator
        .iter_errors(document)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

/// Asserts that `document` is valid against the schema its `schema` field names.
fn assert_valid(document: &Value) {
    let found = problems(document);
    assert!(found.is_empty(), "{document}\nis invalid: {found:#?}");
}

/// Asserts that `document` is invalid against its schema (why: `what`).
fn assert_invalid(document: &Value, what: &str) {
    assert!(
        !problems(document).is_empty(),
        "{what}: the schema accepts {document}"
    );
}

/// A library document as the JSON text the tool prints, parsed back.
fn printed<D: Document>(document: &D) -> Value {
    let line = document.to_json_line().expect("serialisable");
    assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
    let value: Value = serde_json::from_str(&line).expect("valid JSON");
    assert_eq!(value["schema"], D::SCHEMA, "{line}");
    value
}

fn cards() -> Vec<CardDescription> {
    vec![
        CardDescription::simulated(None),
        CardDescription::simulated(Some(Path::new("/tmp/card.toml"))),
        CardDescription::replay(Path::new("apdu-traces/status-fresh.trace")),
        CardDescription::pcsc(
            "SONY FeliCa RC-S300/P 00 00",
            &[0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05, 0xE0],
        ),
    ]
}

/// Every state a PIN of `kind` can be in.
fn states(kind: PinKind) -> Vec<PinStatus> {
    let max = kind.max_tries();
    let mut states: Vec<PinStatus> = (1..=max)
        .map(|left| PinStatus::Remaining { left, max })
        .collect();
    states.extend([
        PinStatus::Blocked { max },
        PinStatus::Verified,
        PinStatus::NotAvailable(Unavailable::NoSignatureCertificate),
        PinStatus::NotAvailable(Unavailable::ApplicationNotFound),
        PinStatus::NotAvailable(Unavailable::PinNotFound),
    ]);
    states
}

// ---------------------------------------------------------------------------------------
// The schema files themselves
// ---------------------------------------------------------------------------------------

#[test]
fn every_schema_file_is_a_valid_draft_2020_12_schema_named_by_its_id() {
    for name in SCHEMAS {
        let schema = load_schema(name);
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{name}: not a valid draft 2020-12 schema: {error}");
        }
        assert_eq!(schema["$schema"], DRAFT_2020_12, "{name}");
        assert_eq!(schema["$id"], name, "{name}: $id");
        assert_eq!(schema["properties"]["schema"]["const"], name, "{name}");
        assert_eq!(schema["additionalProperties"], false, "{name}");
        assert_eq!(schema["type"], "object", "{name}");
        let required = schema["required"].as_array().expect("required");
        assert!(required.contains(&json!("schema")), "{name}");
    }
}

#[test]
fn each_document_type_names_its_own_schema_file() {
    let constants = [
        StatusDocument::SCHEMA,
        VerifyDocument::SCHEMA,
        ChangeDocument::SCHEMA,
        ResetDocument::SCHEMA,
        ReadersDocument::SCHEMA,
        ProfileDocument::SCHEMA,
        PresetsDocument::SCHEMA,
        SimServeDocument::SCHEMA,
        ErrorDocument::SCHEMA,
        AuditRecord::SCHEMA,
        AuditVerifyDocument::SCHEMA,
        GuideDocument::SCHEMA,
        InfoDocument::SCHEMA,
        DoctorDocument::SCHEMA,
    ];
    assert_eq!(constants, SCHEMAS);
    for constant in constants {
        assert_eq!(load_schema(constant)["$id"], constant);
    }
}

#[test]
fn the_schemas_folder_holds_exactly_one_file_per_document_type() {
    let mut found = Vec::new();
    let mut folders = vec![schemas_dir()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("schemas/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.to_string_lossy().ends_with(".schema.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    let mut expected: Vec<PathBuf> = SCHEMAS.iter().map(|name| schema_path(name)).collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// The exit code of each class, as README "Exit codes" documents it.
fn readme_exit_code(class: mynapin::ErrorClass) -> u8 {
    use mynapin::ErrorClass;
    match class {
        ErrorClass::Other => 1,
        ErrorClass::Usage => 2,
        ErrorClass::Environment => 3,
        ErrorClass::WrongPin => 4,
        ErrorClass::Blocked => 5,
        ErrorClass::Refused => 6,
        ErrorClass::OutcomeUnknown => 7,
    }
}

#[test]
fn the_error_schema_lists_exactly_the_codes_the_library_can_return() {
    let schema = load_schema(ErrorDocument::SCHEMA);
    let mut listed: Vec<&str> = schema["properties"]["error"]["enum"]
        .as_array()
        .expect("an enum of codes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    listed.sort_unstable();
    let mut codes = mynapin::codes::ALL_CODES.to_vec();
    codes.sort_unstable();
    assert_eq!(listed, codes);
}

#[test]
fn the_error_schema_lists_exactly_the_codes_the_readme_documents() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme.find("Error codes:").expect("an 'Error codes:' list");
    let end = start + readme[start..].find("\n\n").expect("end of the list");
    let mut documented: Vec<&str> = readme[start..end].split('`').skip(1).step_by(2).collect();
    documented.sort_unstable();
    let schema = load_schema(ErrorDocument::SCHEMA);
    let mut listed: Vec<&str> = schema["properties"]["error"]["enum"]
        .as_array()
        .expect("an enum of codes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, documented);
}

// ---------------------------------------------------------------------------------------
// Documents built through the library types
// ---------------------------------------------------------------------------------------

#[test]
fn status_documents_for_every_pin_state_and_card_source_are_valid() {
    for card in cards() {
        for kind in PinKind::ALL {
            for status in states(kind) {
                for signature_certificate in [Some(true), Some(false), None] {
                    let report = StatusReport {
                        pins: vec![PinReport { kind, status }],
                        signature_certificate,
                    };
                    assert_valid(&printed(&StatusDocument::new(card.clone(), &report)));
                }
            }
        }
        let all = StatusReport {
            pins: PinKind::ALL
                .iter()
                .map(|&kind| PinReport {
                    kind,
                    status: PinStatus::Remaining {
                        left: kind.max_tries(),
                        max: kind.max_tries(),
                    },
                })
                .collect(),
            signature_certificate: Some(true),
        };
        assert_valid(&printed(&StatusDocument::new(card.clone(), &all)));
        let none = StatusReport {
            pins: Vec::new(),
            signature_certificate: None,
        };
        assert_valid(&printed(&StatusDocument::new(card, &none)));
    }
}

#[test]
fn verify_and_change_documents_are_valid() {
    for card in cards() {
        for kind in PinKind::ALL {
            for tries_before in [None, Some(1), Some(kind.max_tries())] {
                let outcome = VerifyOutcome {
                    kind,
                    tries_before,
                    tries_now: kind.max_tries(),
                };
                for (uppercased, unpowered) in [(false, true), (true, false)] {
                    let document =
                        VerifyDocument::new(card.clone(), &outcome, uppercased, unpowered);
                    assert_valid(&printed(&document));
                }
                let afters = states(kind).into_iter().map(Some).chain([None]);
                for status_after in afters {
                    let outcome = ChangeOutcome {
                        kind,
                        tries_before,
                        status_after,
                    };
                    let document = ChangeDocument::new(card.clone(), &outcome, false, true);
                    assert_valid(&printed(&document));
                }
            }
        }
    }
}

#[test]
fn reset_documents_for_every_authority_and_state_are_valid() {
    for card in cards() {
        for kind in PinKind::ALL {
            for authority in Authority::ALL {
                for status_before in states(kind) {
                    let max = kind.max_tries();
                    let afters = [
                        Some(PinStatus::Remaining { left: max, max }),
                        Some(PinStatus::Blocked { max }),
                        None,
                    ];
                    for status_after in afters {
                        let outcome = ResetOutcome {
                            kind,
                            authority,
                            status_before,
                            status_after,
                        };
                        for (verified, unpowered) in
                            [(false, None), (true, Some(true)), (false, Some(false))]
                        {
                            let document = ResetDocument::new(
                                card.clone(),
                                &outcome,
                                verified,
                                kind == PinKind::Sign,
                                unpowered,
                            );
                            assert_valid(&printed(&document));
                        }
                    }
                }
            }
        }
    }
    let outcome = ResetOutcome {
        kind: PinKind::Auth,
        authority: Authority::Issuer,
        status_before: PinStatus::Blocked { max: 3 },
        status_after: Some(PinStatus::Remaining { left: 3, max: 3 }),
    };
    let good = printed(&ResetDocument::new(
        CardDescription::simulated(None),
        &outcome,
        false,
        false,
        None,
    ));
    let mut bad_authority = good.clone();
    bad_authority["authority"] = json!("puk");
    assert_invalid(&bad_authority, "an unknown authority");
    let mut no_before = good;
    if let Some(object) = no_before.as_object_mut() {
        object.remove("before");
    }
    assert_invalid(&no_before, "a reset without the state before");
}

#[test]
fn readers_profile_and_serve_documents_are_valid() {
    let rows = vec![
        ReaderRow {
            index: 0,
            name: "Virtual PCD 00 00".to_owned(),
            card_present: true,
            atr: Some("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F".to_owned()),
            jpki: Some(true),
        },
        ReaderRow {
            index: 1,
            name: "SONY FeliCa RC-S300/P 00 00".to_owned(),
            card_present: false,
            atr: None,
            jpki: None,
        },
    ];
    assert_valid(&printed(&ReadersDocument::new(rows)));
    assert_valid(&printed(&ReadersDocument::new(Vec::new())));

    let mut child = Profile {
        description: None,
        signature_certificate: false,
        ..Profile::default()
    };
    child.pins.sign.tries_left = 0;
    child.behaviour.query_after_verify = QueryAfterVerify::Sw9000;
    child.behaviour.query_when_blocked = QueryWhenBlocked::Sw6984;
    for profile in [Profile::default(), child] {
        assert_valid(&printed(&ProfileDocument::new(profile)));
    }
    for preset in PRESETS {
        assert_valid(&printed(&ProfileDocument::new(preset.profile())));
    }
    let mut spoiled = serde_json::to_value(ProfileDocument::new(Profile::default())).unwrap();
    spoiled["profile"]["person"]["sex"] = json!("3");
    assert_invalid(&spoiled, "a sex code outside JIS X 0303");
    assert_valid(&printed(&PresetsDocument::new(&PRESETS, |preset| {
        preset.name.to_owned()
    })));

    for ended in [
        ServeEnd::PcscdClosed,
        ServeEnd::Stopped,
        ServeEnd::FaultInjected,
    ] {
        for state_out in [None, Some(Path::new("/tmp/state.toml"))] {
            assert_valid(&printed(&SimServeDocument::new(ended, 12, state_out)));
        }
    }
}

/// A card error of each variant, with the code and exit code the tool gives it.
fn card_errors() -> Vec<(CardError, &'static str, u8)> {
    let sw = StatusWord::from(0x6A80);
    vec![
        (
            CardError::PinFormat(PinFormatError {
                kind: PinKind::Sign,
                problem: FormatProblem::SignLength,
            }),
            "pin-format",
            2,
        ),
        (CardError::SameNewPin(PinKind::Auth), "same-new-pin", 2),
        (
            CardError::NewPinMismatch(PinKind::Text),
            "new-pin-mismatch",
            2,
        ),
        (
            CardError::KindMismatch {
                current: PinKind::Auth,
                new: PinKind::Sign,
            },
            "kind-mismatch",
            2,
        ),
        (
            CardError::NewPinRejected {
                kind: PinKind::Juki,
                sw,
            },
            "new-pin-rejected",
            2,
        ),
        (
            CardError::NotAvailable {
                kind: PinKind::Sign,
                reason: Unavailable::NoSignatureCertificate,
            },
            "not-available",
            1,
        ),
        (
            CardError::WrongPin {
                kind: PinKind::Auth,
                left: 2,
            },
            "wrong-pin",
            4,
        ),
        (
            CardError::Blocked {
                kind: PinKind::Sign,
                just_now: true,
            },
            "blocked",
            5,
        ),
        (CardError::LastTryGuard(PinKind::Auth), "last-try-guard", 6),
        (
            CardError::CounterUnknown(PinKind::Sign),
            "counter-unknown",
            6,
        ),
        (
            CardError::OutcomeUnknown {
                kind: PinKind::Auth,
                operation: Operation::Change,
                source: TransportError::CardRemoved,
            },
            "outcome-unknown",
            7,
        ),
        (
            CardError::OutcomeUnknownStatus {
                kind: PinKind::Text,
                operation: Operation::Verify,
                sw: StatusWord::from(0x6581),
            },
            "outcome-unknown",
            7,
        ),
        (
            CardError::UnexpectedStatus {
                step: "SELECT JPKI AP",
                sw: StatusWord::from(0x6D00),
            },
            "unexpected-status",
            1,
        ),
        (
            CardError::OutcomeUnknown {
                kind: PinKind::Sign,
                operation: Operation::Reset,
                source: TransportError::CardRemoved,
            },
            "outcome-unknown",
            7,
        ),
        (
            CardError::AuthorityNotApplicable {
                kind: PinKind::Juki,
                authority: Authority::OtherPassword,
            },
            "authority-not-applicable",
            2,
        ),
        (
            CardError::TerminalKeyRejected { left: 2 },
            "terminal-key-rejected",
            4,
        ),
        (
            CardError::TerminalKeyBlocked { just_now: false },
            "terminal-key-blocked",
            5,
        ),
        (CardError::NoTerminalKey, "no-terminal-key", 1),
        (
            CardError::ResetUnsupported {
                kind: PinKind::Auth,
                authority: Authority::TerminalKey,
                step: "RESET RETRY COUNTER",
                sw: StatusWord::from(0x6982),
            },
            "reset-unsupported",
            1,
        ),
        (
            CardError::ResetNotDone {
                kind: PinKind::Sign,
                status: PinStatus::Blocked { max: 5 },
            },
            "reset-not-done",
            1,
        ),
        (
            CardError::Transport(TransportError::NoService),
            "no-service",
            3,
        ),
        (
            CardError::Transport(TransportError::CardRemoved),
            "card-removed",
            3,
        ),
    ]
}

#[test]
fn error_documents_of_every_card_error_and_other_failures_are_valid() {
    for (error, code, exit_code) in card_errors() {
        // The library's own mapping agrees with the README's codes and exit codes.
        assert_eq!(
            (error.code(), readme_exit_code(error.class())),
            (code, exit_code),
            "{error:?}"
        );
        for command in ["status", "verify", "change", "reset"] {
            let document = ErrorDocument::new(command, code, exit_code, error.to_string())
                .with_card_error(&error);
            assert_valid(&printed(&document));
        }
    }
    for (command, code, exit_code) in [
        ("status", "usage", 2),
        ("status", "bad-profile", 2),
        ("change", "unconfirmed-command", 6),
        ("verify", "profile-not-saved", 1),
        ("sim", "vpcd-unreachable", 3),
        ("sim", "vpcd-link", 1),
        ("readers", "no-reader", 3),
    ] {
        assert_valid(&printed(&ErrorDocument::new(
            command, code, exit_code, "message",
        )));
    }
}

#[test]
fn the_details_of_a_card_error_keep_their_order_and_leave_out_what_does_not_apply() {
    let wrong = CardError::WrongPin {
        kind: PinKind::Auth,
        left: 2,
    };
    let line = ErrorDocument::new("verify", "wrong-pin", 4, "m")
        .with_card_error(&wrong)
        .to_json_line()
        .expect("serialisable");
    assert_eq!(
        line,
        "{\"schema\":\"mynapin.error/2\",\"command\":\"verify\",\"error\":\"wrong-pin\",\
         \"exit_code\":4,\"message\":\"m\",\"kind\":\"auth\",\"left\":2,\"max\":3}\n"
    );
    let unexpected = CardError::UnexpectedStatus {
        step: "VERIFY",
        sw: StatusWord::from(0x6D00),
    };
    let value = printed(
        &ErrorDocument::new("verify", "unexpected-status", 1, "m").with_card_error(&unexpected),
    );
    let keys: Vec<&String> = value.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "schema",
            "command",
            "error",
            "exit_code",
            "message",
            "step",
            "sw"
        ]
    );
}

#[test]
fn broken_documents_are_rejected() {
    let report = StatusReport {
        pins: vec![PinReport {
            kind: PinKind::Auth,
            status: PinStatus::Remaining { left: 3, max: 3 },
        }],
        signature_certificate: Some(true),
    };
    let good = printed(&StatusDocument::new(
        CardDescription::simulated(None),
        &report,
    ));
    assert_valid(&good);
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut document = good.clone();
        edit(&mut document);
        document
    };
    assert_invalid(&broken(&|d| d["extra"] = json!(1)), "an unknown field");
    assert_invalid(
        &broken(&|d| d["pins"][0]["state"] = json!("locked")),
        "an unknown state",
    );
    assert_invalid(
        &broken(&|d| d["pins"][0]["kind"] = json!("pin1")),
        "an unknown kind",
    );
    assert_invalid(
        &broken(&|d| d["pins"][0]["reason"] = json!("pin-not-found")),
        "a reason on a remaining PIN",
    );
    assert_invalid(
        &broken(&|d| d["card"]["source"] = json!("usb")),
        "an unknown source",
    );
    assert_invalid(
        &broken(&|d| d["card"]["reader"] = json!("x")),
        "a reader on a simulated card",
    );
    assert_invalid(
        &broken(&|d| {
            if let Some(object) = d.as_object_mut() {
                object.remove("signature_certificate");
            }
        }),
        "a missing field",
    );

    let wrong = CardError::WrongPin {
        kind: PinKind::Auth,
        left: 2,
    };
    let error = printed(&ErrorDocument::new("verify", "wrong-pin", 4, "m").with_card_error(&wrong));
    assert_valid(&error);
    let mut no_left = error.clone();
    if let Some(object) = no_left.as_object_mut() {
        object.remove("left");
    }
    assert_invalid(&no_left, "wrong-pin without left");
    let mut unknown_code = error.clone();
    unknown_code["error"] = json!("oops");
    assert_invalid(&unknown_code, "an unknown error code");
    let mut bad_operation = error;
    bad_operation["operation"] = json!("erase");
    assert_invalid(&bad_operation, "an unknown operation");
}

// ---------------------------------------------------------------------------------------
// Documents printed by the binary
// ---------------------------------------------------------------------------------------

/// Runs `mynapin --format json --lang en ARGS` with `stdin`; returns its stdout parsed,
/// after checking the exit code is `exit` and the document names `schema`.
fn run(args: &[&str], stdin: &str, exit: i32, schema: &str) -> Value {
    let output = Command::cargo_bin("mynapin")
        .expect("the mynapin binary")
        .args(["--format", "json", "--lang", "en"])
        .args(args)
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .write_stdin(stdin)
        .timeout(RUN_TIMEOUT)
        .output()
        .expect("mynapin runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(exit),
        "{args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{args:?}: {error}: {stdout}"));
    assert_eq!(document["schema"], schema, "{args:?}: {stdout}");
    document
}

/// Runs like [`run`] and checks the document against its schema; returns it.
fn run_valid(args: &[&str], stdin: &str, exit: i32, schema: &str) -> Value {
    let document = run(args, stdin, exit, schema);
    assert_valid(&document);
    document
}

/// Runs a command that must fail with `code`; checks the error document.
fn run_error(args: &[&str], stdin: &str, exit: i32, code: &str) {
    let document = run_valid(args, stdin, exit, ErrorDocument::SCHEMA);
    assert_eq!(document["error"], code, "{args:?}: {document}");
    assert_eq!(document["exit_code"], exit, "{args:?}: {document}");
}

/// A profile file in `dir`, the default card changed by `edit`; returns its
/// `--simulated=FILE` option.
fn card_file(dir: &TempDir, name: &str, edit: impl FnOnce(&mut Profile)) -> String {
    let mut profile = Profile::default();
    edit(&mut profile);
    let path = dir.path().join(format!("{name}.toml"));
    profile.save_atomically(&path).expect("profile saved");
    format!("--simulated={}", path.display())
}

fn trace(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("apdu-traces")
        .join(name)
        .display()
        .to_string()
}

/// A golden trace with one exchange's answer replaced (and what follows it cut), in `dir`.
fn crafted_trace(dir: &TempDir, from: &str, old: &str, new: &str) -> String {
    let text = std::fs::read_to_string(trace(from)).expect("golden trace");
    assert!(text.contains(old), "{from} has no {old:?}");
    let path = dir.path().join(from);
    std::fs::write(&path, text.replace(old, new)).expect("trace written");
    path.display().to_string()
}

/// Info documents over every way a certificate can be read or not, at instants before,
/// inside and after its validity.
#[test]
fn info_documents_for_every_certificate_state_are_valid() {
    use mynapin::card::{FileProblem, InfoReport};
    use mynapin::certificate::CertificateSummary;
    let auth =
        CertificateSummary::of_card_certificate(include_bytes!("../../src/sim/certs/auth.der"));
    let ca =
        CertificateSummary::of_ca_certificate(include_bytes!("../../src/sim/certs/auth-ca.der"));
    let problems = [
        FileProblem::ApplicationNotFound,
        FileProblem::NotFound,
        FileProblem::BadHeader,
        FileProblem::TooLong(9000),
        FileProblem::Truncated {
            read: 3,
            expected: 910,
        },
        FileProblem::NotTlv,
        FileProblem::NotCertificate,
        FileProblem::Unexpected(StatusWord::SecurityStatusNotSatisfied),
    ];
    let mut seen_standings = std::collections::BTreeSet::new();
    let mut seen_problems = std::collections::BTreeSet::new();
    // 2025-06-01, 2027-01-01, 2030-11-01, 2031-06-01 (UTC).
    for now in [1_748_736_000, 1_798_761_600, 1_919_635_200, 1_938_124_800] {
        for card in cards() {
            let atr: Option<&[u8]> = match &card {
                CardDescription::Replay { .. } => None,
                _ => Some(&[0x3B, 0x88, 0x80, 0x01, 0x00]),
            };
            let mut reads = vec![Ok(auth.clone().expect("auth"))];
            reads.extend(problems.iter().cloned().map(Err));
            for auth_read in reads {
                let report = InfoReport {
                    jpki: true,
                    token_label: Some("JPKIAPICCTOKEN2".into()),
                    signature_certificate: Some(false),
                    auth_certificate: auth_read,
                    auth_ca_certificate: Ok(ca.clone().expect("ca")),
                };
                let document = printed(&InfoDocument::new(card.clone(), atr, &report, now));
                assert_valid(&document);
                let row = &document["auth_certificate"];
                seen_standings.insert(row["standing"].to_string());
                seen_problems.insert(row["problem"].to_string());
                assert!(
                    row["subject"].is_null(),
                    "the card's subject is never printed"
                );
            }
        }
    }
    assert_eq!(seen_standings.len(), 5, "{seen_standings:?}"); // 4 standings + none
    assert_eq!(seen_problems.len(), problems.len() + 1, "{seen_problems:?}");
    let no_jpki = InfoReport {
        jpki: false,
        token_label: None,
        signature_certificate: None,
        auth_certificate: Err(FileProblem::ApplicationNotFound),
        auth_ca_certificate: Err(FileProblem::ApplicationNotFound),
    };
    let document = printed(&InfoDocument::new(
        cards()[0].clone(),
        Some(&[0x3B, 0x00]),
        &no_jpki,
        0,
    ));
    assert_valid(&document);
    // Broken documents: a read certificate without its dates, an unknown interface or
    // problem.
    let mut broken = document.clone();
    broken["auth_certificate"] = json!({"state": "read"});
    assert_invalid(&broken, "a read certificate without dates");
    let mut broken = document.clone();
    broken["interface"] = json!("nfc");
    assert_invalid(&broken, "an unknown interface");
    let mut broken = document;
    broken["auth_ca_certificate"] = json!({"state": "unreadable", "problem": "lost", "sw": null});
    assert_invalid(&broken, "an unknown problem");
}

#[test]
fn info_documents_printed_by_the_tool_are_valid() {
    let dir = TempDir::new().expect("temp dir");
    let info = InfoDocument::SCHEMA;
    let document = run_valid(&["--simulated", "info"], "", 0, info);
    assert_eq!(document["auth_certificate"]["expires_on"], "2031-01-01");
    assert_eq!(document["auth_ca_certificate"]["expires_on"], "2046-01-01");
    let child = card_file(&dir, "child", |p| p.signature_certificate = false);
    let document = run_valid(&[&child, "info"], "", 0, info);
    assert_eq!(document["signature_certificate"], false);
    // Failures of `info` name it as their command.
    run_error(
        &["--simulated", "--sim-fault", "remove-before:B0:4", "info"],
        "",
        3,
        "card-removed",
    );
    run_error(&["info", "--bogus"], "", 2, "usage");
}

#[test]
fn status_documents_printed_by_the_tool_are_valid() {
    let dir = TempDir::new().expect("temp dir");
    let status = StatusDocument::SCHEMA;
    run_valid(&["--simulated", "status"], "", 0, status);
    run_valid(&["--simulated", "status", "sign", "juki"], "", 0, status);
    let blocked = card_file(&dir, "blocked", |p| p.pins.sign.tries_left = 0);
    let document = run_valid(&[&blocked, "status"], "", 0, status);
    assert_eq!(document["pins"][1]["state"], "blocked");
    let last = card_file(&dir, "last", |p| p.pins.auth.tries_left = 1);
    run_valid(&[&last, "status"], "", 0, status);
    let child = card_file(&dir, "child", |p| {
        p.signature_certificate = false;
        p.sign_pin_file = SignPinFile::Missing;
        p.pins.sign.tries_left = 0;
    });
    let document = run_valid(&[&child, "status"], "", 0, status);
    assert_eq!(document["pins"][1]["state"], "not-available");
    let fresh = trace("status-fresh.trace");
    run_valid(&["--replay", &fresh, "status"], "", 0, status);
    let verified = crafted_trace(
        &dir,
        "status-fresh.trace",
        "> 00 20 00 80\n< 63 C3\n> 00 A4 02 0C 02 00 1B",
        "> 00 20 00 80\n< 90 00\n> 00 A4 02 0C 02 00 1B",
    );
    let document = run_valid(&["--replay", &verified, "status"], "", 0, status);
    assert_eq!(document["pins"][0]["state"], "verified");
}

#[test]
fn verify_and_change_documents_printed_by_the_tool_are_valid() {
    let dir = TempDir::new().expect("temp dir");
    let card = card_file(&dir, "card", |_| {});
    let (verify, change) = (VerifyDocument::SCHEMA, ChangeDocument::SCHEMA);
    run_valid(
        &[&card, "verify", "auth", "--pin-stdin"],
        "1234\n",
        0,
        verify,
    );
    let document = run_valid(
        &[&card, "verify", "sign", "--pin-stdin"],
        "abcd1234\n",
        0,
        verify,
    );
    assert_eq!(document["uppercased"], true);
    run_valid(
        &[&card, "change", "text", "--pin-stdin"],
        "1234\n5678\n",
        0,
        change,
    );
    let ok = trace("verify-auth-ok.trace");
    run_valid(
        &["--replay", &ok, "verify", "auth", "--pin-stdin"],
        "1234\n",
        0,
        verify,
    );
    let changed = trace("change-sign.trace");
    run_valid(
        &["--replay", &changed, "change", "sign", "--pin-stdin"],
        "ABCD1234\nNEWPASS9876\n",
        0,
        change,
    );
}

#[test]
fn reset_documents_printed_by_the_tool_are_valid() {
    let dir = TempDir::new().expect("temp dir");
    let reset = ResetDocument::SCHEMA;
    let blocked = card_file(&dir, "blocked", |p| p.pins.sign.tries_left = 0);
    run_valid(
        &[
            &blocked,
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        "1234\nNEWSIGN1\n",
        0,
        reset,
    );
    let key = dir.path().join("terminal.key");
    std::fs::write(&key, "000102030405060708090A0B0C0D0E0F\n").expect("written");
    let key = key.display().to_string();
    let text = card_file(&dir, "text", |p| p.pins.text.tries_left = 0);
    run_valid(
        &[
            &text,
            "reset",
            "text",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--pin-stdin",
        ],
        "8642\n",
        0,
        reset,
    );
    let replayed = trace("reset-auth-terminal-key.trace");
    run_valid(
        &[
            "--replay",
            &replayed,
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--pin-stdin",
        ],
        "8642\n",
        0,
        reset,
    );
    let card = card_file(&dir, "card", |_| {});
    let document = run_valid(
        &[&card, "reset", "auth", "--confirm", "--pin-stdin"],
        "1234\n",
        0,
        reset,
    );
    assert_eq!(document["new_value_verified"], true);
    // A full counter cannot show a reset: without --confirm it is refused before the card.
    run_error(&[&card, "reset", "juki"], "", 2, "usage");
    let still = card_file(&dir, "still", |p| p.pins.sign.tries_left = 0);
    run_error(&[&still, "reset", "sign"], "", 1, "reset-not-done");
    run_error(
        &[
            &card,
            "reset",
            "juki",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        "",
        2,
        "authority-not-applicable",
    );
    run_error(
        &[
            "--simulated",
            "--sim-fault",
            "lose-answer:2C",
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--pin-stdin",
        ],
        "8642\n",
        7,
        "outcome-unknown",
    );
    // A card that does not know GET CHALLENGE: the golden cut after it, answered 6D 00.
    let golden = std::fs::read_to_string(trace("reset-auth-terminal-key.trace")).expect("golden");
    let cut = golden.find("> 00 84 00 00 08\n").expect("GET CHALLENGE") + 17;
    let unsupported = dir.path().join("unsupported.trace");
    std::fs::write(
        &unsupported,
        format!("{}< 6D 00\n# end transaction (unpower)\n", &golden[..cut]),
    )
    .expect("written");
    let unsupported = unsupported.display().to_string();
    run_error(
        &[
            "--replay",
            &unsupported,
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--pin-stdin",
        ],
        "8642\n",
        1,
        "reset-unsupported",
    );
}

#[test]
fn error_documents_printed_by_the_tool_are_valid() {
    let dir = TempDir::new().expect("temp dir");
    let card = card_file(&dir, "card", |_| {});
    run_error(
        &[&card, "verify", "auth", "--pin-stdin"],
        "12a4\n",
        2,
        "pin-format",
    );
    run_error(
        &[&card, "verify", "auth", "--pin-stdin"],
        "9999\n",
        4,
        "wrong-pin",
    );
    let last = card_file(&dir, "last", |p| p.pins.auth.tries_left = 1);
    run_error(
        &[&last, "verify", "auth", "--pin-stdin"],
        "1234\n",
        6,
        "last-try-guard",
    );
    run_error(
        &[&last, "verify", "auth", "--pin-stdin", "--allow-last-try"],
        "9999\n",
        5,
        "blocked",
    );
    let child = card_file(&dir, "child", |p| p.signature_certificate = false);
    run_error(
        &[&child, "verify", "sign", "--pin-stdin"],
        "ABCD1234\n",
        1,
        "not-available",
    );
    run_error(
        &[&card, "change", "auth", "--pin-stdin"],
        "1234\n1234\n",
        2,
        "same-new-pin",
    );
    run_error(
        &[
            "--simulated",
            "--sim-fault",
            "lose-answer:24",
            "change",
            "auth",
            "--pin-stdin",
        ],
        "1234\n5678\n",
        7,
        "outcome-unknown",
    );
    run_error(
        &["--simulated", "--sim-fault", "remove-before:A4", "status"],
        "",
        3,
        "card-removed",
    );
    run_error(&["--sim-fault", "lose-answer:20", "status"], "", 2, "usage");
    run_error(
        &["change", "juki", "--pin-stdin"],
        "1234\n5678\n",
        6,
        "unconfirmed-command",
    );
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "pins = 3\n").expect("written");
    let broken = format!("--simulated={}", broken.display());
    run_error(&[&broken, "status"], "", 2, "bad-profile");

    let fresh = trace("status-fresh.trace");
    run_error(
        &["--replay", &fresh, "verify", "juki", "--pin-stdin"],
        "1234\n",
        1,
        "trace-divergence",
    );
    let unexpected = crafted_trace(
        &dir,
        "verify-auth-ok.trace",
        "< 90 00\n> 00 20 00 80\n< 63 C3\n# end",
        "< 6D 00\n# end",
    );
    run_error(
        &["--replay", &unexpected, "verify", "auth", "--pin-stdin"],
        "1234\n",
        1,
        "unexpected-status",
    );
    let rejected = crafted_trace(
        &dir,
        "change-auth.trace",
        "< 90 00\n> 00 20 00 80\n< 63 C3\n# end",
        "< 6A 80\n# end",
    );
    run_error(
        &["--replay", &rejected, "change", "auth", "--pin-stdin"],
        "1234\n5678\n",
        2,
        "new-pin-rejected",
    );
}

#[test]
fn sim_documents_printed_by_the_tool_are_valid() {
    let document = run_valid(&["sim", "profile"], "", 0, ProfileDocument::SCHEMA);
    assert_eq!(document["schema"], "mynapin.profile/3");
    assert_eq!(document["profile"]["pins"]["sign"]["max_tries"], 5);
    assert_eq!(document["profile"]["terminal"]["max_tries"], 3);
    for preset in PRESETS {
        let document = run_valid(
            &["sim", "profile", "--preset", preset.name],
            "",
            0,
            ProfileDocument::SCHEMA,
        );
        assert_eq!(document["profile"]["preset"], preset.name);
    }
    let listed = run_valid(&["sim", "presets"], "", 0, PresetsDocument::SCHEMA);
    let names: Vec<&str> = listed["presets"]
        .as_array()
        .expect("presets")
        .iter()
        .filter_map(|row| row["name"].as_str())
        .collect();
    assert_eq!(names, PRESETS.map(|preset| preset.name));

    // A stand-in for vpcd that accepts the card's connection and closes it at once.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener
        .local_addr()
        .expect("its address")
        .port()
        .to_string();
    let vpcd = std::thread::spawn(move || drop(listener.accept()));
    let document = run_valid(
        &["sim", "serve", "--port", &port, "--connect-timeout", "5"],
        "",
        0,
        SimServeDocument::SCHEMA,
    );
    assert_eq!(document["ended"], "pcscd-closed");
    vpcd.join().expect("the stand-in ends");

    // Nothing listens on a port just released: vpcd is unreachable.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a loopback port")
        .port()
        .to_string();
    run_error(
        &["sim", "serve", "--port", &port, "--connect-timeout", "1"],
        "",
        3,
        "vpcd-unreachable",
    );
}

/// `sim serve --state-out` keeps the terminal key's counter: a stand-in vpcd sends GET
/// CHALLENGE and a wrong EXTERNAL AUTHENTICATE, then closes; the state file says 2 of 3.
#[test]
fn sim_serve_state_out_keeps_the_terminal_counter() {
    use std::io::{Read, Write};

    let dir = TempDir::new().expect("a temporary folder");
    let state = dir.path().join("after.toml");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener
        .local_addr()
        .expect("its address")
        .port()
        .to_string();
    let vpcd = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the card connects");
        let mut exchange = |command: &[u8]| {
            let length = u16::try_from(command.len()).expect("short").to_be_bytes();
            stream.write_all(&length).expect("send");
            stream.write_all(command).expect("send");
            let mut length = [0u8; 2];
            stream.read_exact(&mut length).expect("a reply");
            let mut body = vec![0; usize::from(u16::from_be_bytes(length))];
            stream.read_exact(&mut body).expect("the reply body");
            body
        };
        let challenge = exchange(&[0x00, 0x84, 0x00, 0x00, 0x08]);
        assert_eq!(challenge.len(), 10, "{challenge:02X?}");
        let mut authenticate = vec![0x00, 0x82, 0x00, 0x00, 0x10];
        authenticate.extend([0u8; 16]);
        assert_eq!(exchange(&authenticate), [0x63, 0xC2]);
    });
    let state_out = state.display().to_string();
    let document = run_valid(
        &[
            "sim",
            "serve",
            "--port",
            &port,
            "--connect-timeout",
            "5",
            "--state-out",
            &state_out,
        ],
        "",
        0,
        SimServeDocument::SCHEMA,
    );
    vpcd.join().expect("the stand-in ends");
    assert_eq!(document["ended"], "pcscd-closed");
    let terminal = Profile::load(&state)
        .expect("the state file is a profile")
        .terminal
        .expect("with its terminal table");
    assert_eq!((terminal.tries_left, terminal.max_tries), (2, 3));
}

#[test]
fn readers_prints_a_valid_document_whether_or_not_pcscd_runs() {
    let output = Command::cargo_bin("mynapin")
        .expect("the mynapin binary")
        .args(["--format", "json", "readers", "--no-probe"])
        .timeout(RUN_TIMEOUT)
        .output()
        .expect("mynapin runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("a JSON document");
    assert_valid(&document);
    let expected = if output.status.success() {
        ReadersDocument::SCHEMA
    } else {
        ErrorDocument::SCHEMA
    };
    assert_eq!(document["schema"], expected, "{document}");
}

// ---------------------------------------------------------------------------------------
// The audit log
// ---------------------------------------------------------------------------------------

/// Every line of a log written by the library (each procedure, a reset with its
/// authority, a counter refusal with applicant and documents, a card error, a repaired
/// truncation) and by the binary is valid `mynapin.audit/2`; `audit verify` documents,
/// intact and broken, are valid `mynapin.audit-verify/1`; a record with a secret-shaped
/// extra field or a bad hash is not.
#[test]
fn audit_records_and_verify_documents_match_their_schemas() {
    let dir = TempDir::new().unwrap();
    let log_path = dir.path().join("audit.jsonl");
    let context = AuditContext {
        time: "2026-11-26T09:15:02Z".into(),
        operator: "tanaka".into(),
        workstation: "counter-3".into(),
    };
    let card = CardDescription::pcsc("SONY FeliCa RC-S300/P 00 00", &[0x3B, 0x88]);
    let records = [
        AuditRecord::of_verify(
            &context,
            card.clone(),
            PinKind::Auth,
            &Err(CardError::WrongPin {
                kind: PinKind::Auth,
                left: 2,
            }),
        ),
        AuditRecord::of_change(
            &context,
            CardDescription::simulated(None),
            PinKind::Sign,
            &Ok(ChangeOutcome {
                kind: PinKind::Sign,
                tries_before: Some(5),
                status_after: Some(PinStatus::Remaining { left: 5, max: 5 }),
            }),
        ),
        AuditRecord::new(&context, Procedure::Reset, Some(PinKind::Sign))
            .with_card(card)
            .with_authority(Authority::Issuer)
            .with_counters(Some(PinStatus::Blocked { max: 5 }), None)
            .with_failure(&CardError::Blocked {
                kind: PinKind::Sign,
                just_now: false,
            }),
        AuditRecord::new(&context, Procedure::Change, Some(PinKind::Auth))
            .with_applicant(AuditTag::new("proxy").unwrap())
            .with_documents(vec![
                AuditTag::new("A").unwrap(),
                AuditTag::new("B").unwrap(),
            ])
            .with_failure(&CardError::LastTryGuard(PinKind::Auth)),
    ];
    let mut log = AuditLog::open(&log_path).unwrap();
    for record in &records {
        log.append(record).unwrap();
    }
    // A crash's fragment, then a repairing record.
    let mut bytes = std::fs::read(&log_path).unwrap();
    bytes.truncate(bytes.len() - 20);
    std::fs::write(&log_path, &bytes).unwrap();
    log.append(&records[0]).unwrap();
    let text = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[4].contains("repaired_truncation"), "{}", lines[4]);
    for (index, line) in lines.iter().enumerate() {
        if index == 3 {
            continue; // the fragment
        }
        assert_valid(&serde_json::from_str(line).unwrap());
    }
    let mut record: Value = serde_json::from_str(lines[0]).unwrap();
    record["pin"] = json!("1234");
    assert_invalid(&record, "an extra field");
    let mut record: Value = serde_json::from_str(lines[0]).unwrap();
    record["prev"] = json!("xyz");
    assert_invalid(&record, "a bad hash");

    let audit_verify = |args: &[&str], exit: i32| {
        let output = Command::cargo_bin("mynapin")
            .unwrap()
            .arg("--audit-log")
            .arg(&log_path)
            .args(["--format", "json", "audit", "verify"])
            .args(args)
            .timeout(RUN_TIMEOUT)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(exit));
        let document: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_valid(&document);
        document
    };
    assert_eq!(audit_verify(&[], 0)["repaired_truncations"], json!([4]));
    std::fs::write(&log_path, text.replacen("tanaka", "suzuki", 1)).unwrap();
    assert_eq!(audit_verify(&[], 9)["problem"]["kind"], "mismatch");
    std::fs::write(&log_path, "garbage\n").unwrap();
    assert_eq!(audit_verify(&[], 9)["problem"]["kind"], "malformed");

    // Through the binary: a record of the built-in card, and the unwritable log's error.
    let cli_log = dir.path().join("cli.jsonl");
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .args(["--simulated", "--audit-log"])
        .arg(&cli_log)
        .args(["verify", "auth", "--pin-stdin"])
        .write_stdin("1234\n")
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    assert!(output.status.success());
    let line = std::fs::read_to_string(&cli_log).unwrap();
    assert_valid(&serde_json::from_str(line.trim_end()).unwrap());
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .args(["--simulated", "--format", "json", "--audit-log"])
        .arg(dir.path())
        .args(["verify", "auth", "--pin-stdin"])
        .write_stdin("1234\n")
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let error: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(error["error"], "audit-log-unwritable");
    assert_valid(&error);
}

// ---------------------------------------------------------------------------------------
// The guide
// ---------------------------------------------------------------------------------------

#[test]
fn guide_documents_for_every_city_applicant_and_visit_are_valid() {
    use mynapin::procedure::calendar::LocalDateTime;
    use mynapin::procedure::{Applicant, Procedure, Route, Rules, Visit, requirements};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules/")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let routes = vec![
        Route::Kiosk {
            reset: PinKind::Sign,
            with: PinKind::Auth,
        },
        Route::Counter {
            pins: vec![PinKind::Sign, PinKind::Text],
        },
        Route::ChangeOnline,
    ];
    for file in files {
        let rules = Rules::load(&file).unwrap_or_else(|error| panic!("{error}"));
        for procedure in [Procedure::Reset, Procedure::Change] {
            for applicant in Applicant::ALL {
                for visit in [None, Some(Visit::Application), Some(Visit::Completion)] {
                    let needed = requirements(&rules, procedure, applicant, visit);
                    for at in ["2026-05-07T10:00", "2026-05-17T10:00"] {
                        let at = LocalDateTime::parse(at).expect("a date");
                        for routes in [None, Some(routes.clone()), Some(Vec::new())] {
                            let document = GuideDocument::new(
                                &rules, procedure, applicant, &needed, at, routes,
                            );
                            assert_valid(&printed(&document));
                        }
                    }
                }
            }
        }
    }
    let rules = Rules::embedded().expect("embedded");
    let needed = requirements(&rules, Procedure::Reset, Applicant::Holder, None);
    let at = LocalDateTime::parse("2026-05-07T10:00").expect("a date");
    let mut document = printed(&GuideDocument::new(
        &rules,
        Procedure::Reset,
        Applicant::Holder,
        &needed,
        at,
        None,
    ));
    document["items"][1]["alternatives"] = json!(["C1"]);
    assert_invalid(&document, "a bad combination");
}

/// `doctor --format json` prints a valid `mynapin.doctor/1` (out of pcscd's reach, with
/// and without a broken configuration), and the schema refuses an unknown check or
/// outcome.
#[test]
fn doctor_prints_a_valid_document() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("mynapin.toml");
    std::fs::write(&config, "countr = 1\n").unwrap();
    for config in [None, Some(&config)] {
        let mut command = Command::cargo_bin("mynapin").expect("the mynapin binary");
        command
            .args(["--format", "json", "doctor"])
            .env(crate::doctor::NO_PCSCD.0, crate::doctor::NO_PCSCD.1)
            .env("XDG_STATE_HOME", crate::audit::state_home())
            .env_remove("MYNAPIN_CONFIG")
            .timeout(RUN_TIMEOUT);
        if let Some(config) = config {
            command.env("MYNAPIN_CONFIG", config);
        }
        let output = command.output().expect("mynapin runs");
        let document: Value = serde_json::from_slice(&output.stdout).expect("a JSON document");
        assert_valid(&document);
        assert_eq!(document["schema"], DoctorDocument::SCHEMA, "{document}");
        let mut broken = document.clone();
        broken["checks"][0]["check"] = json!("kernel");
        assert_invalid(&broken, "an unknown check");
        let mut broken = document.clone();
        broken["checks"][1]["outcome"] = json!("fine");
        assert_invalid(&broken, "an unknown outcome");
    }
}
