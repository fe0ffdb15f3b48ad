//! End-to-end tests of the `mynapin` command line against the simulated card.
//!
//! Each test writes a card profile file (with [`Profile::save_atomically`]) and runs the
//! binary on it with `--simulated=FILE`, so that a sequence of commands acts on one card.
//! Every run is checked three ways: the exit code (docs/DESIGN.md: 0 ok, 2 usage, 4 wrong PIN,
//! 5 blocked, 6 guard, 7 outcome unknown, 1 other), the JSON document on stdout (the
//! contract: `schema`, `kind`, `state`, `left`, `max`, `error`, `exit_code`), and the
//! card's state read back from the file with [`Profile::load`].
//!
//! The card's PINs are distinctive values (`7391`, `QZ7391XK`, …) that cannot turn up in
//! output by chance, and *every* run checks that no PIN leaks: neither a value typed on
//! stdin nor a value stored on the card may appear in stdout or stderr (the profile's
//! own path is blanked out first). [`no_pin_leaks_on_any_path_in_any_format`] runs each
//! PIN-reading path in JSON, Japanese text and English text.
//!
//! PINs come from `--pin-stdin`. The one test of the terminal prompt runs the binary
//! under `setsid`, so it has no controlling terminal even when `cargo test` runs in one.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use mynapin::card::PinKind;
use mynapin::sim::{PinProfile, Pins, Profile, QueryWhenBlocked, SignPinFile};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

// The card's values: distinctive, so that finding one in the output is never chance.
const AUTH: &str = "7391";
const SIGN: &str = "QZ7391XK";
const TEXT: &str = "4826";
const JUKI: &str = "5063";
// Values typed that are not on the card.
const WRONG_DIGITS: &str = "8052";
const WRONG_SIGN: &str = "WV8052RT";
const NEW_DIGITS: &str = "6194";
const NEW_SIGN: &str = "MK6194PL";

/// `(kind, value on the card, wrong value, max tries)` for the four PINs, in status order.
const KINDS: [(&str, &str, &str, u8); 4] = [
    ("auth", AUTH, WRONG_DIGITS, 3),
    ("sign", SIGN, WRONG_SIGN, 5),
    ("text", TEXT, WRONG_DIGITS, 3),
    ("juki", JUKI, WRONG_DIGITS, 3),
];

/// How long one run may take before it counts as hung (e.g. waiting on a prompt).
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The test card: the default profile with the distinctive values, every counter full.
fn distinctive_profile() -> Profile {
    Profile {
        description: Some("mynapin CLI tests".to_owned()),
        pins: Pins {
            auth: PinProfile::full(AUTH, 3),
            sign: PinProfile::full(SIGN, 5),
            text: PinProfile::full(TEXT, 3),
            juki: PinProfile::full(JUKI, 3),
        },
        ..Profile::default()
    }
}

fn pin<'a>(profile: &'a Profile, kind: &str) -> &'a PinProfile {
    match kind {
        "auth" => &profile.pins.auth,
        "sign" => &profile.pins.sign,
        "text" => &profile.pins.text,
        "juki" => &profile.pins.juki,
        other => panic!("no PIN kind {other}"),
    }
}

fn pin_mut<'a>(profile: &'a mut Profile, kind: &str) -> &'a mut PinProfile {
    match kind {
        "auth" => &mut profile.pins.auth,
        "sign" => &mut profile.pins.sign,
        "text" => &mut profile.pins.text,
        "juki" => &mut profile.pins.juki,
        other => panic!("no PIN kind {other}"),
    }
}

fn stored_values(profile: &Profile) -> Vec<String> {
    let person = &profile.person;
    PinKind::ALL
        .iter()
        .map(|&kind| profile.pins.get(kind).value.clone())
        // The fake cardholder's data counts as personal data: never in any output either.
        .chain([
            person.my_number.clone(),
            person.name.clone(),
            person.address.clone(),
            person.code_b(),
        ])
        .collect()
}

/// Every value typed on stdin, as typed and in either ASCII case.
fn typed_values(stdin: &str) -> Vec<String> {
    stdin
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.is_empty())
        .flat_map(|line| {
            [
                line.to_owned(),
                line.to_ascii_uppercase(),
                line.to_ascii_lowercase(),
            ]
        })
        .collect()
}

/// A simulated card in a profile file of its own.
struct Card {
    dir: TempDir,
    path: PathBuf,
    /// The values the card was made with; kept even if the file is made unreadable.
    secrets: Vec<String>,
}

impl Card {
    /// The distinctive card, edited by `edit`.
    fn with(edit: impl FnOnce(&mut Profile)) -> Card {
        let mut profile = distinctive_profile();
        edit(&mut profile);
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("card.toml");
        profile.save_atomically(&path).expect("write the profile");
        Card {
            dir,
            path,
            secrets: stored_values(&profile),
        }
    }

    /// The distinctive card, every counter full.
    fn new() -> Card {
        Card::with(|_| {})
    }

    /// A card file with this exact text (for broken profiles); its secrets are the
    /// distinctive values.
    fn from_text(text: &str) -> Card {
        let card = Card::new();
        std::fs::write(&card.path, text).expect("write the profile text");
        card
    }

    /// The card's state now, as the file says.
    fn profile(&self) -> Profile {
        Profile::load(&self.path).expect("the profile file stays valid")
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("read the profile file")
    }

    /// Runs `mynapin --simulated=FILE ARGS…` with `stdin`, checking that no PIN leaks.
    fn run(&self, args: &[&str], stdin: &str) -> Run {
        let simulated = format!("--simulated={}", self.path.display());
        let mut all = vec![simulated.as_str()];
        all.extend_from_slice(args);
        let mut secrets = self.secrets.clone();
        if let Ok(profile) = Profile::load(&self.path) {
            secrets.extend(stored_values(&profile));
        }
        secrets.extend(typed_values(stdin));
        mynapin(&all, Some(stdin), &secrets, Some(self.dir.path()))
    }

    /// `run` with `--format json`.
    fn json(&self, args: &[&str], stdin: &str) -> Run {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        self.run(&all, stdin)
    }
}

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}---",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// The single JSON document on stdout; its `schema` must start with `mynapin.`.
    fn json(&self) -> Value {
        let document: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not one JSON document ({error}):\n{self}"));
        let schema = document["schema"].as_str().unwrap_or_default();
        assert!(schema.starts_with("mynapin."), "schema {schema:?}:\n{self}");
        document
    }

    /// A success in JSON: exit 0, this schema, nothing on stderr.
    fn success(&self, schema: &str) -> Value {
        assert_eq!(self.code, 0, "{self}");
        assert!(
            self.stderr.is_empty(),
            "JSON mode writes no stderr:\n{self}"
        );
        let document = self.json();
        assert_eq!(document["schema"], schema, "{self}");
        document
    }

    /// A failure in JSON: this exit code, a `mynapin.error/2` document with this error
    /// code, the same `exit_code`, a message, and nothing on stderr.
    fn failure(&self, exit: i32, error: &str) -> Value {
        assert_eq!(self.code, exit, "{self}");
        assert!(
            self.stderr.is_empty(),
            "JSON mode writes no stderr:\n{self}"
        );
        let document = self.json();
        assert_eq!(document["schema"], "mynapin.error/2", "{self}");
        assert_eq!(document["error"], error, "{self}");
        assert_eq!(document["exit_code"], exit, "{self}");
        assert!(
            document["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{self}"
        );
        document
    }

    /// A failure in text mode: this exit code, nothing on stdout, the message on stderr.
    fn text_failure(&self, exit: i32) -> &str {
        assert_eq!(self.code, exit, "{self}");
        assert!(self.stdout.is_empty(), "{self}");
        // A notice (e.g. about upper-casing) may come first; the error line follows.
        assert!(
            self.stderr
                .lines()
                .any(|line| line.starts_with("mynapin: ")),
            "{self}"
        );
        &self.stderr
    }

    /// Fails if any secret appears in stdout or stderr (after blanking `blank`).
    fn assert_no_leak(&self, secrets: &[String], blank: Option<&Path>) {
        let blank = |text: &str| match blank {
            Some(path) => text.replace(&path.display().to_string(), "<dir>"),
            None => text.to_owned(),
        };
        let (stdout, stderr) = (blank(&self.stdout), blank(&self.stderr));
        for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
            assert!(
                !stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()),
                "PIN value {secret:?} leaked:\n{self}"
            );
        }
    }
}

/// Runs the binary with a locale-independent environment and a timeout; checks leaks.
fn mynapin(args: &[&str], stdin: Option<&str>, secrets: &[String], blank: Option<&Path>) -> Run {
    let mut command = Command::cargo_bin("mynapin").expect("the mynapin binary");
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .timeout(RUN_TIMEOUT);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin);
    }
    let output = command.output().expect("run mynapin");
    let run = Run {
        code: output.status.code().expect("mynapin exited by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    run.assert_no_leak(secrets, blank);
    run
}

/// One PIN row of a `mynapin.status/1` document, by kind.
fn row<'a>(status: &'a Value, kind: &str) -> &'a Value {
    status["pins"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["kind"] == kind))
        .unwrap_or_else(|| panic!("no {kind} row in {status}"))
}

fn lines(values: &[&str]) -> String {
    values.iter().map(|value| format!("{value}\n")).collect()
}

// ---------------------------------------------------------------------------------------
// status
// ---------------------------------------------------------------------------------------

#[test]
fn status_of_the_built_in_card() {
    let secrets = stored_values(&Profile::default());
    let run = mynapin(
        &["--simulated", "status", "--format", "json"],
        None,
        &secrets,
        None,
    );
    let status = run.success("mynapin.status/1");
    assert_eq!(status["card"]["source"], "simulated");
    assert_eq!(status["card"]["profile"], Value::Null);
    assert_eq!(status["signature_certificate"], true);
    let rows = status["pins"].as_array().expect("pins is an array");
    let kinds: Vec<_> = rows.iter().map(|row| row["kind"].clone()).collect();
    assert_eq!(kinds, ["auth", "sign", "text", "juki"], "{status}");
    for (row, max) in rows.iter().zip([3, 5, 3, 3]) {
        assert_eq!(row["state"], "remaining", "{row}");
        assert_eq!(row["left"], max, "{row}");
        assert_eq!(row["max"], max, "{row}");
    }
}

#[test]
fn status_of_named_pins_lists_only_those_in_card_order() {
    let secrets = stored_values(&Profile::default());
    let run = mynapin(
        &["--simulated", "status", "sign", "auth", "--format", "json"],
        None,
        &secrets,
        None,
    );
    let status = run.success("mynapin.status/1");
    let kinds: Vec<_> = status["pins"]
        .as_array()
        .expect("pins is an array")
        .iter()
        .map(|row| row["kind"].clone())
        .collect();
    assert_eq!(kinds, ["auth", "sign"], "{status}");
}

#[test]
fn status_reports_the_file_counters_and_leaves_the_file_unchanged() {
    let card = Card::with(|profile| {
        profile.pins.auth.tries_left = 2;
        profile.pins.sign.tries_left = 4;
        profile.pins.text.tries_left = 1;
    });
    let (before, before_bytes) = (card.profile(), card.bytes());
    let status = card.json(&["status"], "").success("mynapin.status/1");
    assert_eq!(
        status["card"]["profile"],
        card.path.display().to_string(),
        "{status}"
    );
    for (kind, left, max) in [
        ("auth", 2, 3),
        ("sign", 4, 5),
        ("text", 1, 3),
        ("juki", 3, 3),
    ] {
        let row = row(&status, kind);
        assert_eq!(row["state"], "remaining", "{row}");
        assert_eq!(
            (&row["left"], &row["max"]),
            (&left.into(), &max.into()),
            "{row}"
        );
    }
    // Twice, and in text too: reading counters never consumes a try.
    card.run(&["status", "--lang", "en"], "");
    card.json(&["status"], "").success("mynapin.status/1");
    assert_eq!(card.profile(), before);
    assert_eq!(card.bytes(), before_bytes);
}

#[test]
fn status_of_a_blocked_signature_password() {
    for answer in [QueryWhenBlocked::Sw63C0, QueryWhenBlocked::Sw6984] {
        let card = Card::with(|profile| {
            profile.pins.sign.tries_left = 0;
            profile.behaviour.query_when_blocked = answer;
        });
        let before = card.profile();
        let status = card.json(&["status"], "").success("mynapin.status/1");
        let sign = row(&status, "sign");
        assert_eq!(sign["state"], "blocked", "{answer:?}: {sign}");
        assert_eq!(sign["left"], 0, "{answer:?}: {sign}");
        assert_eq!(sign["max"], 5, "{answer:?}: {sign}");
        assert_eq!(row(&status, "auth")["state"], "remaining", "{status}");
        assert_eq!(card.profile(), before);
    }
}

#[test]
fn status_of_a_childs_card_shows_a_sign_pin_file_that_answers_with_its_counter() {
    let card = Card::with(|profile| {
        profile.signature_certificate = false;
        profile.sign_pin_file = SignPinFile::Present;
    });
    let status = card.json(&["status"], "").success("mynapin.status/1");
    assert_eq!(status["signature_certificate"], false, "{status}");
    let sign = row(&status, "sign");
    assert_eq!(sign["state"], "remaining", "{sign}");
    assert_eq!(sign["left"], 5, "{sign}");
    let text = card.run(&["--lang", "en", "status"], "").stdout;
    assert!(
        text.contains("Signature password: 5 of 5") && text.contains("no signature certificate"),
        "{text}"
    );
}

#[test]
fn status_of_a_childs_card_has_no_signature_password() {
    let card = Card::with(|profile| {
        profile.signature_certificate = false;
        profile.sign_pin_file = SignPinFile::Missing;
    });
    let status = card.json(&["status"], "").success("mynapin.status/1");
    assert_eq!(status["signature_certificate"], false, "{status}");
    let sign = row(&status, "sign");
    assert_eq!(sign["state"], "not-available", "{sign}");
    assert_eq!(sign["reason"], "no-signature-certificate", "{sign}");
    assert!(sign.get("left").is_none(), "no counter shown: {sign}");
    for kind in ["auth", "text", "juki"] {
        assert_eq!(row(&status, kind)["state"], "remaining", "{status}");
    }
}

/// `(lang, [labels in status order], count text for 3 of 3, for 5 of 5, blocked sign,
/// reset advice)`.
type TextCase = (
    &'static str,
    [&'static str; 4],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const TEXT_CASES: [TextCase; 2] = [
    (
        "ja",
        [
            "利用者証明用電子証明書パスワード",
            "署名用電子証明書パスワード",
            "券面事項入力補助用暗証番号",
            "住民基本台帳用暗証番号",
        ],
        "3/3",
        "5/5",
        "0/5",
        "市区町村の窓口",
    ),
    (
        "en",
        [
            "User authentication password",
            "Signature password",
            "Card info input support PIN",
            "Resident registry PIN",
        ],
        "3 of 3",
        "5 of 5",
        "0 of 5",
        "municipal office",
    ),
];

#[test]
fn status_text_names_each_pin_with_its_count_in_japanese_and_english() {
    for (lang, labels, three, five, _, advice) in TEXT_CASES {
        let card = Card::new();
        let run = card.run(&["status", "--lang", lang], "");
        assert_eq!(run.code, 0, "{run}");
        for (label, count) in labels.into_iter().zip([three, five, three, three]) {
            let line = run
                .stdout
                .lines()
                .find(|line| line.contains(label))
                .unwrap_or_else(|| panic!("{lang}: no line for {label}:\n{run}"));
            assert!(line.contains(count), "{lang}: {line:?} lacks {count:?}");
        }
        assert!(
            !run.stdout.contains(advice),
            "no advice when nothing is blocked:\n{run}"
        );
    }
}

#[test]
fn status_text_of_a_blocked_pin_says_where_to_reset_it() {
    for (lang, labels, _, _, blocked, advice) in TEXT_CASES {
        let card = Card::with(|profile| profile.pins.sign.tries_left = 0);
        let run = card.run(&["status", "--lang", lang], "");
        assert_eq!(run.code, 0, "{run}");
        let line = run
            .stdout
            .lines()
            .find(|line| line.contains(labels[1]))
            .unwrap_or_else(|| panic!("{lang}: no sign line:\n{run}"));
        assert!(line.contains(blocked), "{lang}: {line:?} lacks {blocked:?}");
        assert!(
            run.stdout.contains(advice),
            "{lang}: no reset advice:\n{run}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------------------

#[test]
fn verify_the_right_pin_of_each_kind() {
    for (kind, value, _, max) in KINDS {
        let card = Card::new();
        let before = card.profile();
        let verify = card
            .json(&["verify", kind, "--pin-stdin"], &lines(&[value]))
            .success("mynapin.verify/1");
        assert_eq!(verify["kind"], kind, "{verify}");
        assert_eq!(verify["result"], "verified", "{verify}");
        assert_eq!(verify["tries_before"], max, "{verify}");
        assert_eq!(verify["left"], max, "{verify}");
        assert_eq!(verify["max"], max, "{verify}");
        assert_eq!(verify["uppercased"], false, "{verify}");
        assert_eq!(card.profile(), before, "{kind}");
    }
}

#[test]
fn verify_the_right_pin_restores_the_counter() {
    let card = Card::with(|profile| profile.pins.auth.tries_left = 2);
    let verify = card
        .json(&["verify", "auth", "--pin-stdin"], &lines(&[AUTH]))
        .success("mynapin.verify/1");
    assert_eq!(verify["tries_before"], 2, "{verify}");
    assert_eq!(verify["left"], 3, "{verify}");
    assert_eq!(card.profile().pins.auth.tries_left, 3);
}

#[test]
fn verify_a_wrong_pin_costs_exactly_one_try() {
    for (kind, value, wrong, max) in KINDS {
        let card = Card::new();
        for spent in 1..=2 {
            let error = card
                .json(&["verify", kind, "--pin-stdin"], &lines(&[wrong]))
                .failure(4, "wrong-pin");
            assert_eq!(error["command"], "verify", "{error}");
            assert_eq!(error["kind"], kind, "{error}");
            assert_eq!(error["left"], max - spent, "{error}");
            assert_eq!(error["max"], max, "{error}");
            let after = card.profile();
            assert_eq!(pin(&after, kind).tries_left, max - spent, "{kind}");
            assert_eq!(pin(&after, kind).value, value, "{kind}");
        }
        // The other PINs are untouched.
        let after = card.profile();
        for (other, _, _, other_max) in KINDS.iter().filter(|k| k.0 != kind) {
            assert_eq!(
                pin(&after, other).tries_left,
                *other_max,
                "{kind} → {other}"
            );
        }
    }
}

#[test]
fn verify_a_wrong_pin_in_text_says_how_many_tries_are_left() {
    let card = Card::new();
    let run = card.run(
        &["verify", "auth", "--pin-stdin", "--lang", "en"],
        &lines(&[WRONG_DIGITS]),
    );
    assert!(run.text_failure(4).contains("2 tries left"), "{run}");
    let run = card.run(
        &["verify", "auth", "--pin-stdin", "--lang", "ja"],
        &lines(&[WRONG_DIGITS]),
    );
    assert!(run.text_failure(4).contains("残り1回"), "{run}");
    assert_eq!(card.profile().pins.auth.tries_left, 1);
}

/// PINs of the wrong format, per kind.
const BAD_FORMATS: [(&str, &str); 14] = [
    ("auth", "123"),
    ("auth", "12345"),
    ("auth", "12a4"),
    ("auth", "１２３４"),
    ("text", "123"),
    ("juki", "12345"),
    ("sign", "ABCDE"),
    ("sign", "ABCDEFGH"),
    ("sign", "1234567"),
    ("sign", "A234567890123456B"),
    ("sign", "ＡＢＣ１２３"),
    ("sign", "ABCD-1234"),
    ("sign", "ABCD 1234"),
    ("sign", "QZ7391XKé"),
];

#[test]
fn verify_a_pin_of_the_wrong_format_sends_nothing() {
    for (kind, typed) in BAD_FORMATS {
        let card = Card::new();
        let (before, before_bytes) = (card.profile(), card.bytes());
        let error = card
            .json(&["verify", kind, "--pin-stdin"], &lines(&[typed]))
            .failure(2, "pin-format");
        assert_eq!(error["kind"], kind, "{typed:?}: {error}");
        assert_eq!(card.bytes(), before_bytes, "{kind} {typed:?}");
        assert_eq!(card.profile(), before, "{kind} {typed:?}");
        // Had any APDU been sent, the card would vanish at the first SELECT (exit 3).
        card.json(
            &[
                "verify",
                kind,
                "--pin-stdin",
                "--sim-fault",
                "remove-before:A4",
            ],
            &lines(&[typed]),
        )
        .failure(2, "pin-format");
        let run = card.run(
            &["verify", kind, "--pin-stdin", "--lang", "en"],
            &lines(&[typed]),
        );
        assert!(
            run.text_failure(2).contains("nothing was sent to the card"),
            "{run}"
        );
        assert_eq!(card.bytes(), before_bytes, "{kind} {typed:?}");
    }
}

#[test]
fn verify_refuses_the_last_try() {
    for (kind, _, wrong, _) in KINDS {
        let card = Card::with(|profile| pin_mut(profile, kind).tries_left = 1);
        let before = card.profile();
        let error = card
            .json(&["verify", kind, "--pin-stdin"], &lines(&[wrong]))
            .failure(6, "last-try-guard");
        assert_eq!(error["kind"], kind, "{error}");
        assert_eq!(card.profile(), before, "{kind}");
        let run = card.run(
            &["verify", kind, "--pin-stdin", "--lang", "en"],
            &lines(&[wrong]),
        );
        assert!(run.text_failure(6).contains("--allow-last-try"), "{run}");
        assert_eq!(card.profile(), before, "{kind}");
    }
}

#[test]
fn verify_with_allow_last_try_and_a_wrong_pin_blocks() {
    let card = Card::with(|profile| profile.pins.auth.tries_left = 1);
    let error = card
        .json(
            &["verify", "auth", "--pin-stdin", "--allow-last-try"],
            &lines(&[WRONG_DIGITS]),
        )
        .failure(5, "blocked");
    assert_eq!(error["kind"], "auth", "{error}");
    assert_eq!(error["left"], 0, "{error}");
    assert_eq!(error["just_now"], true, "{error}");
    let after = card.profile();
    assert_eq!(after.pins.auth.tries_left, 0);
    assert_eq!(after.pins.auth.value, AUTH);
    let status = card.json(&["status"], "").success("mynapin.status/1");
    assert_eq!(row(&status, "auth")["state"], "blocked", "{status}");
}

#[test]
fn verify_with_allow_last_try_and_the_right_pin_restores_the_counter() {
    let card = Card::with(|profile| profile.pins.sign.tries_left = 1);
    let verify = card
        .json(
            &["verify", "sign", "--pin-stdin", "--allow-last-try"],
            &lines(&[SIGN]),
        )
        .success("mynapin.verify/1");
    assert_eq!(verify["tries_before"], 1, "{verify}");
    assert_eq!(card.profile().pins.sign.tries_left, 5);
}

#[test]
fn verify_refuses_a_blocked_pin_and_says_where_to_reset_it() {
    for (kind, value, _, _) in KINDS {
        let card = Card::with(|profile| pin_mut(profile, kind).tries_left = 0);
        let before = card.profile();
        // Even the right value, even with the override: a blocked PIN is not tried.
        let error = card
            .json(
                &["verify", kind, "--pin-stdin", "--allow-last-try"],
                &lines(&[value]),
            )
            .failure(5, "blocked");
        assert_eq!(error["kind"], kind, "{error}");
        assert_eq!(error["left"], 0, "{error}");
        assert_eq!(error["just_now"], false, "{error}");
        assert_eq!(card.profile(), before, "{kind}");
        for (lang, _, _, _, _, advice) in TEXT_CASES {
            let run = card.run(
                &["verify", kind, "--pin-stdin", "--lang", lang],
                &lines(&[value]),
            );
            assert!(run.text_failure(5).contains(advice), "{run}");
        }
        assert_eq!(card.profile(), before, "{kind}");
    }
}

#[test]
fn verify_a_lowercase_signature_password_with_a_notice() {
    let lowercase = SIGN.to_ascii_lowercase();
    let card = Card::new();
    let verify = card
        .json(&["verify", "sign", "--pin-stdin"], &lines(&[&lowercase]))
        .success("mynapin.verify/1");
    assert_eq!(verify["uppercased"], true, "{verify}");
    for (lang, notice) in [("en", "uppercase"), ("ja", "大文字")] {
        let run = card.run(
            &["verify", "sign", "--pin-stdin", "--lang", lang],
            &lines(&[&lowercase]),
        );
        assert_eq!(run.code, 0, "{run}");
        assert!(run.stderr.contains(notice), "{lang}: no notice:\n{run}");
    }
    // Upper-case input gets no notice.
    let run = card.run(
        &["verify", "sign", "--pin-stdin", "--lang", "en"],
        &lines(&[SIGN]),
    );
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.is_empty(), "{run}");
    assert_eq!(card.profile().pins.sign.tries_left, 5);
}

#[test]
fn verify_the_signature_password_of_a_childs_card_is_not_available() {
    let card = Card::with(|profile| profile.signature_certificate = false);
    let before = card.profile();
    let error = card
        .json(&["verify", "sign", "--pin-stdin"], &lines(&[SIGN]))
        .failure(1, "not-available");
    assert_eq!(error["kind"], "sign", "{error}");
    assert_eq!(error["reason"], "no-signature-certificate", "{error}");
    assert_eq!(card.profile(), before);
}

// ---------------------------------------------------------------------------------------
// change
// ---------------------------------------------------------------------------------------

#[test]
fn change_auth_then_only_the_new_value_verifies() {
    let card = Card::new();
    let change = card
        .json(
            &["change", "auth", "--pin-stdin"],
            &lines(&[AUTH, NEW_DIGITS]),
        )
        .success("mynapin.change/1");
    assert_eq!(change["kind"], "auth", "{change}");
    assert_eq!(change["result"], "changed", "{change}");
    assert_eq!(change["tries_before"], 3, "{change}");
    assert_eq!(change["after"]["state"], "remaining", "{change}");
    assert_eq!(change["after"]["left"], 3, "{change}");
    assert_eq!(change["after"]["max"], 3, "{change}");
    let after = card.profile();
    assert_eq!(after.pins.auth.value, NEW_DIGITS);
    assert_eq!(after.pins.auth.tries_left, 3);
    assert_eq!(after.pins.text.value, TEXT, "other PINs untouched");

    card.json(&["verify", "auth", "--pin-stdin"], &lines(&[NEW_DIGITS]))
        .success("mynapin.verify/1");
    let error = card
        .json(&["verify", "auth", "--pin-stdin"], &lines(&[AUTH]))
        .failure(4, "wrong-pin");
    assert_eq!(error["left"], 2, "{error}");
    assert_eq!(card.profile().pins.auth.tries_left, 2);
}

#[test]
fn change_in_text_says_it_was_changed() {
    for (lang, said) in [("ja", "変更しました"), ("en", "was changed")] {
        let card = Card::new();
        let run = card.run(
            &["change", "text", "--pin-stdin", "--lang", lang],
            &lines(&[TEXT, NEW_DIGITS]),
        );
        assert_eq!(run.code, 0, "{run}");
        assert!(run.stdout.contains(said), "{run}");
        assert_eq!(card.profile().pins.text.value, NEW_DIGITS);
    }
}

#[test]
fn change_the_juki_pin() {
    let card = Card::new();
    card.json(
        &["change", "juki", "--pin-stdin"],
        &lines(&[JUKI, NEW_DIGITS]),
    )
    .success("mynapin.change/1");
    assert_eq!(card.profile().pins.juki.value, NEW_DIGITS);
    card.json(&["verify", "juki", "--pin-stdin"], &lines(&[NEW_DIGITS]))
        .success("mynapin.verify/1");
}

#[test]
fn change_sign_stores_a_lowercase_new_value_in_uppercase() {
    let card = Card::new();
    let lowercase = NEW_SIGN.to_ascii_lowercase();
    let change = card
        .json(
            &["change", "sign", "--pin-stdin"],
            &lines(&[SIGN, &lowercase]),
        )
        .success("mynapin.change/1");
    assert_eq!(change["uppercased"], true, "{change}");
    assert_eq!(card.profile().pins.sign.value, NEW_SIGN);
    card.json(&["verify", "sign", "--pin-stdin"], &lines(&[NEW_SIGN]))
        .success("mynapin.verify/1");
    // Text mode tells the user about the conversion.
    let run = card.run(
        &["change", "sign", "--pin-stdin", "--lang", "en"],
        &lines(&[NEW_SIGN, &SIGN.to_ascii_lowercase()]),
    );
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("uppercase"), "{run}");
    assert_eq!(card.profile().pins.sign.value, SIGN);
}

#[test]
fn change_with_a_wrong_current_value_costs_one_try_and_changes_nothing() {
    for (kind, value, wrong, max) in KINDS {
        let new = if kind == "sign" { NEW_SIGN } else { NEW_DIGITS };
        let card = Card::new();
        let error = card
            .json(&["change", kind, "--pin-stdin"], &lines(&[wrong, new]))
            .failure(4, "wrong-pin");
        assert_eq!(error["command"], "change", "{error}");
        assert_eq!(error["kind"], kind, "{error}");
        assert_eq!(error["left"], max - 1, "{error}");
        let after = card.profile();
        assert_eq!(pin(&after, kind).value, value, "{kind}");
        assert_eq!(pin(&after, kind).tries_left, max - 1, "{kind}");
    }
}

#[test]
fn change_to_the_same_value_is_refused() {
    for (kind, value, _, _) in KINDS {
        let card = Card::new();
        let before = card.profile();
        let error = card
            .json(&["change", kind, "--pin-stdin"], &lines(&[value, value]))
            .failure(2, "same-new-pin");
        assert_eq!(error["kind"], kind, "{error}");
        assert_eq!(card.profile(), before, "{kind}");
    }
}

#[test]
fn change_sign_to_a_lowercase_copy_of_the_current_value_is_refused() {
    let card = Card::new();
    let before = card.profile();
    let error = card
        .json(
            &["change", "sign", "--pin-stdin"],
            &lines(&[SIGN, &SIGN.to_ascii_lowercase()]),
        )
        .failure(2, "same-new-pin");
    assert_eq!(error["kind"], "sign", "{error}");
    assert_eq!(card.profile(), before);
}

#[test]
fn change_to_a_new_value_of_the_wrong_format_sends_nothing() {
    for (kind, current, new) in [
        ("auth", AUTH, "61945"),
        ("auth", AUTH, "619"),
        ("text", TEXT, "61a4"),
        ("sign", SIGN, "MKXKPLRT"),
        ("sign", SIGN, "MK61"),
        ("sign", SIGN, "ＭＫ６１９４ＰＬ"),
    ] {
        let card = Card::new();
        let before_bytes = card.bytes();
        let error = card
            .json(&["change", kind, "--pin-stdin"], &lines(&[current, new]))
            .failure(2, "pin-format");
        assert_eq!(error["kind"], kind, "{error}");
        card.json(
            &[
                "change",
                kind,
                "--pin-stdin",
                "--sim-fault",
                "remove-before:A4",
            ],
            &lines(&[current, new]),
        )
        .failure(2, "pin-format");
        assert_eq!(card.bytes(), before_bytes, "{kind} {new:?}");
    }
}

#[test]
fn change_with_a_missing_stdin_line_is_a_usage_error() {
    for stdin in [lines(&[AUTH]), String::new(), format!("\n{NEW_DIGITS}\n")] {
        let card = Card::new();
        let before_bytes = card.bytes();
        let error = card
            .json(&["change", "auth", "--pin-stdin"], &stdin)
            .failure(2, "usage");
        assert!(
            error["message"]
                .as_str()
                .unwrap_or_default()
                .contains("--pin-stdin"),
            "{error}"
        );
        assert_eq!(card.bytes(), before_bytes, "{stdin:?}");
    }
    let card = Card::new();
    let run = card.run(&["verify", "auth", "--pin-stdin", "--lang", "en"], "");
    assert!(run.text_failure(2).contains("not enough lines"), "{run}");
}

#[test]
fn change_refuses_the_last_try() {
    let card = Card::with(|profile| profile.pins.auth.tries_left = 1);
    let before = card.profile();
    card.json(
        &["change", "auth", "--pin-stdin"],
        &lines(&[AUTH, NEW_DIGITS]),
    )
    .failure(6, "last-try-guard");
    assert_eq!(card.profile(), before);
    card.json(
        &["change", "auth", "--pin-stdin", "--allow-last-try"],
        &lines(&[AUTH, NEW_DIGITS]),
    )
    .success("mynapin.change/1");
    let after = card.profile();
    assert_eq!(after.pins.auth.value, NEW_DIGITS);
    assert_eq!(after.pins.auth.tries_left, 3);
}

#[test]
fn change_whose_answer_is_lost_is_outcome_unknown_though_the_card_changed() {
    let card = Card::new();
    let error = card
        .json(
            &[
                "change",
                "auth",
                "--pin-stdin",
                "--sim-fault",
                "lose-answer:24",
            ],
            &lines(&[AUTH, NEW_DIGITS]),
        )
        .failure(7, "outcome-unknown");
    assert_eq!(error["command"], "change", "{error}");
    assert_eq!(error["operation"], "change", "{error}");
    assert_eq!(error["kind"], "auth", "{error}");
    // The card executed the CHANGE before vanishing: the file holds the new value, yet
    // the tool reported the outcome as unknown, not as a success.
    assert_eq!(card.profile().pins.auth.value, NEW_DIGITS);

    let card = Card::new();
    let run = card.run(
        &[
            "change",
            "sign",
            "--pin-stdin",
            "--lang",
            "en",
            "--sim-fault",
            "lose-answer:24",
        ],
        &lines(&[SIGN, NEW_SIGN]),
    );
    let message = run.text_failure(7);
    assert!(message.contains("UNKNOWN"), "{run}");
    assert!(!message.contains("was changed"), "{run}");
    assert_eq!(card.profile().pins.sign.value, NEW_SIGN);
}

#[test]
fn change_whose_card_vanishes_before_the_write_is_outcome_unknown_and_unchanged() {
    let card = Card::new();
    let error = card
        .json(
            &[
                "change",
                "auth",
                "--pin-stdin",
                "--sim-fault",
                "remove-before:24",
            ],
            &lines(&[AUTH, NEW_DIGITS]),
        )
        .failure(7, "outcome-unknown");
    assert_eq!(error["operation"], "change", "{error}");
    let after = card.profile();
    assert_eq!(after.pins.auth.value, AUTH);
    assert_eq!(
        after.pins.auth.tries_left, 3,
        "the VERIFY before it succeeded"
    );
    card.json(&["verify", "auth", "--pin-stdin"], &lines(&[AUTH]))
        .success("mynapin.verify/1");
}

// ---------------------------------------------------------------------------------------
// Usage errors, the terminal, broken profiles
// ---------------------------------------------------------------------------------------

#[test]
fn command_line_usage_errors_exit_2() {
    for args in [
        &["--simulated", "frobnicate"][..],
        &["--simulated", "verify"],
        &["--simulated", "verify", "foo"],
        &["--simulated", "change", "foo", "--pin-stdin"],
        &["--simulated", "verify", "auth", "1234"],
        &["--simulated", "status", "--format", "xml"],
        &["--simulated", "status", "--lang", "fr"],
        &["--simulated", "status", "--sim-fault", "explode:24"],
        &[],
    ] {
        let mut command = Command::cargo_bin("mynapin").expect("the mynapin binary");
        command
            .args(args)
            .timeout(RUN_TIMEOUT)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("--help"));
    }
}

#[test]
fn sim_fault_without_simulated_is_a_usage_error() {
    let run = mynapin(
        &[
            "status",
            "--format",
            "json",
            "--sim-fault",
            "lose-answer:24",
        ],
        None,
        &[],
        None,
    );
    run.failure(2, "usage");
}

#[test]
fn without_a_terminal_and_without_pin_stdin_the_error_says_what_to_do() {
    // `setsid` gives the binary no controlling terminal even under an interactive
    // `cargo test`, so the prompt cannot open /dev/tty.
    let binary = env!("CARGO_BIN_EXE_mynapin");
    for (args, lang_hint) in [
        (&["verify", "auth", "--format", "json"][..], None),
        (&["change", "sign", "--format", "json"], None),
        (&["verify", "auth", "--lang", "en"], Some("--pin-stdin")),
    ] {
        let card = Card::new();
        let before_bytes = card.bytes();
        let simulated = format!("--simulated={}", card.path.display());
        let output = Command::new("setsid")
            .arg("--wait")
            .arg(binary)
            .arg(&simulated)
            .args(args)
            .env("XDG_STATE_HOME", crate::audit::state_home())
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .timeout(RUN_TIMEOUT)
            .output()
            .expect("run setsid (util-linux) with mynapin");
        let run = Run {
            code: output.status.code().expect("exit code"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8"),
        };
        match lang_hint {
            None => {
                let error = run.failure(2, "usage");
                assert!(
                    error["message"]
                        .as_str()
                        .unwrap_or_default()
                        .contains("--pin-stdin"),
                    "{error}"
                );
            }
            Some(hint) => assert!(run.text_failure(2).contains(hint), "{run}"),
        }
        assert_eq!(card.bytes(), before_bytes);
    }
}

/// A broken profile: a name, the change to the distinctive profile's text, and what
/// the message must name.
struct Broken {
    name: &'static str,
    break_it: fn(&str) -> String,
    names: &'static str,
}

const BROKEN: [Broken; 7] = [
    Broken {
        name: "bad TOML",
        break_it: |text| text.replacen("tries_left = 3", "tries_left = = 3", 1),
        names: "tries_left",
    },
    Broken {
        name: "wrong type",
        break_it: |text| text.replacen("max_tries = 5", "max_tries = \"five\"", 1),
        names: "max_tries",
    },
    Broken {
        name: "tries_left above max_tries",
        break_it: |text| text.replacen("tries_left = 3", "tries_left = 4", 1),
        names: "pins.auth.tries_left",
    },
    Broken {
        name: "unknown top-level field",
        break_it: |text| text.replacen("\natr =", "\ncolour = \"red\"\natr =", 1),
        names: "colour",
    },
    Broken {
        name: "unknown PIN field",
        break_it: |text| text.replacen("tries_left = 5", "tries_lefts = 5", 1),
        names: "tries_lefts",
    },
    Broken {
        name: "max_tries zero",
        break_it: |text| {
            text.replacen(
                "tries_left = 3\nmax_tries = 3",
                "tries_left = 0\nmax_tries = 0",
                1,
            )
        },
        names: "pins.auth.max_tries",
    },
    Broken {
        name: "value too long",
        break_it: |text| text.replacen(SIGN, "QZ7391XKQZ7391XKQ", 1),
        names: "pins.sign.value",
    },
];

#[test]
fn a_broken_profile_is_a_usage_error_naming_the_field_and_is_left_untouched() {
    let valid = distinctive_profile().to_toml();
    for broken in BROKEN {
        let text = (broken.break_it)(&valid);
        assert_ne!(text, valid, "{}: the edit applies", broken.name);
        for (args, stdin) in [
            (&["status"][..], String::new()),
            (&["verify", "auth", "--pin-stdin"], lines(&[AUTH])),
            (
                &["change", "auth", "--pin-stdin"],
                lines(&[AUTH, NEW_DIGITS]),
            ),
        ] {
            let card = Card::from_text(&text);
            let error = card.json(args, &stdin).failure(2, "bad-profile");
            let message = error["message"].as_str().unwrap_or_default();
            assert!(message.contains(broken.names), "{}: {error}", broken.name);
            assert_eq!(
                card.bytes(),
                text.as_bytes(),
                "{}: file untouched",
                broken.name
            );
            let run = card.run(&[&["--lang", "en"][..], args].concat(), &stdin);
            assert!(run.text_failure(2).contains(broken.names), "{run}");
            assert_eq!(
                card.bytes(),
                text.as_bytes(),
                "{}: file untouched",
                broken.name
            );
        }
    }
}

#[test]
fn a_missing_profile_file_is_a_usage_error_and_is_not_created() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("absent.toml");
    let simulated = format!("--simulated={}", path.display());
    let run = mynapin(&[&simulated, "status", "--format", "json"], None, &[], None);
    run.failure(2, "bad-profile");
    assert!(!path.exists());
}

#[test]
fn a_profile_that_cannot_be_saved_back_gives_one_consistent_json_document() {
    // The file name is valid, but the temporary `.NAME.PID.tmp` beside it is longer than
    // NAME_MAX (255), so the save after the command fails even for root.
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(format!("{}.toml", "c".repeat(245)));
    std::fs::write(&path, distinctive_profile().to_toml()).expect("write the profile");
    let card = Card {
        dir,
        path,
        secrets: stored_values(&distinctive_profile()),
    };
    let run = card.json(
        &["change", "auth", "--pin-stdin"],
        &lines(&[AUTH, NEW_DIGITS]),
    );
    // The card is the file: if it cannot be saved, the change is lost, and the one
    // document printed says so (exit 1), never "changed".
    run.failure(1, "profile-not-saved");
}

#[test]
fn a_broken_profile_error_does_not_quote_a_pin_value() {
    let valid = distinctive_profile().to_toml();
    for text in [
        valid.replacen(&format!("\"{AUTH}\""), AUTH, 1),
        valid.replacen(&format!("\"{SIGN}\""), &format!("\"{SIGN}"), 1),
        valid.replacen(&format!("\"{SIGN}\""), &format!("\"{SIGN}\" x"), 1),
    ] {
        let card = Card::from_text(&text);
        // `run` fails the test if AUTH or SIGN appears in the output.
        card.json(&["status"], "").failure(2, "bad-profile");
        let run = card.run(&["status", "--lang", "en"], "");
        run.text_failure(2);
    }
}

// ---------------------------------------------------------------------------------------
// No PIN leaks, JSON contract: every PIN-reading path, in JSON, Japanese and English
// ---------------------------------------------------------------------------------------

/// One path through a PIN-reading command.
struct LeakPath {
    edit: fn(&mut Profile),
    args: &'static [&'static str],
    stdin: &'static str,
    exit: i32,
}

const fn leak_path(
    edit: fn(&mut Profile),
    args: &'static [&'static str],
    stdin: &'static str,
    exit: i32,
) -> LeakPath {
    LeakPath {
        edit,
        args,
        stdin,
        exit,
    }
}

fn full(_: &mut Profile) {}
fn auth_last_try(profile: &mut Profile) {
    profile.pins.auth.tries_left = 1;
}
fn sign_last_try(profile: &mut Profile) {
    profile.pins.sign.tries_left = 1;
}
fn sign_blocked(profile: &mut Profile) {
    profile.pins.sign.tries_left = 0;
}
fn auth_blocked(profile: &mut Profile) {
    profile.pins.auth.tries_left = 0;
}
fn child(profile: &mut Profile) {
    profile.signature_certificate = false;
}

const V_AUTH: &[&str] = &["verify", "auth", "--pin-stdin"];
const V_SIGN: &[&str] = &["verify", "sign", "--pin-stdin"];
const V_SIGN_LAST: &[&str] = &["verify", "sign", "--pin-stdin", "--allow-last-try"];
const C_AUTH: &[&str] = &["change", "auth", "--pin-stdin"];
const C_SIGN: &[&str] = &["change", "sign", "--pin-stdin"];

const LEAK_PATHS: &[LeakPath] = &[
    leak_path(full, &["status"], "", 0),
    leak_path(sign_blocked, &["status"], "", 0),
    // verify: success, wrong, each format problem, guards, blocked, unavailable
    leak_path(full, V_AUTH, "7391\n", 0),
    leak_path(full, &["verify", "text", "--pin-stdin"], "4826\n", 0),
    leak_path(full, &["verify", "juki", "--pin-stdin"], "5063\n", 0),
    leak_path(full, V_SIGN, "QZ7391XK\n", 0),
    leak_path(full, V_SIGN, "qz7391xk\n", 0),
    leak_path(full, V_AUTH, "8052\n", 4),
    leak_path(full, V_SIGN, "WV8052RT\n", 4),
    leak_path(full, V_SIGN, "wv8052rt\n", 4),
    leak_path(full, V_AUTH, "805\n", 2),
    leak_path(full, V_AUTH, "80521\n", 2),
    leak_path(full, V_AUTH, "80x2\n", 2),
    leak_path(full, V_SIGN, "WV805\n", 2),
    leak_path(full, V_SIGN, "WVXKRTPL\n", 2),
    leak_path(full, V_SIGN, "8052739\n", 2),
    leak_path(full, V_SIGN, "WV8052RTWV8052RTW\n", 2),
    leak_path(full, V_SIGN, "ＷＶ８０５２ＲＴ\n", 2),
    leak_path(full, V_SIGN, "WV80-52RT\n", 2),
    leak_path(auth_last_try, V_AUTH, "8052\n", 6),
    leak_path(sign_last_try, V_SIGN, "WV8052RT\n", 6),
    leak_path(sign_last_try, V_SIGN_LAST, "WV8052RT\n", 5),
    leak_path(sign_last_try, V_SIGN_LAST, "QZ7391XK\n", 0),
    leak_path(sign_blocked, V_SIGN, "QZ7391XK\n", 5),
    leak_path(child, V_SIGN, "QZ7391XK\n", 1),
    leak_path(full, V_AUTH, "", 2),
    // change: success, wrong current, same, bad new, missing line, guards, faults
    leak_path(full, C_AUTH, "7391\n6194\n", 0),
    leak_path(full, C_SIGN, "QZ7391XK\nMK6194PL\n", 0),
    leak_path(full, C_SIGN, "qz7391xk\nmk6194pl\n", 0),
    leak_path(full, C_AUTH, "8052\n6194\n", 4),
    leak_path(full, C_SIGN, "WV8052RT\nMK6194PL\n", 4),
    leak_path(full, C_AUTH, "7391\n7391\n", 2),
    leak_path(full, C_SIGN, "QZ7391XK\nQZ7391XK\n", 2),
    leak_path(full, C_AUTH, "7391\n61945\n", 2),
    leak_path(full, C_AUTH, "73912\n6194\n", 2),
    leak_path(full, C_SIGN, "QZ7391XK\nMKXKPLRT\n", 2),
    leak_path(full, C_SIGN, "QZ7391XK\nＭＫ６１９４ＰＬ\n", 2),
    leak_path(full, C_AUTH, "7391\n", 2),
    leak_path(auth_last_try, C_AUTH, "7391\n6194\n", 6),
    leak_path(auth_blocked, C_AUTH, "7391\n6194\n", 5),
    leak_path(child, C_SIGN, "QZ7391XK\nMK6194PL\n", 1),
    leak_path(
        full,
        &[
            "change",
            "auth",
            "--pin-stdin",
            "--sim-fault",
            "lose-answer:24",
        ],
        "7391\n6194\n",
        7,
    ),
    leak_path(
        full,
        &[
            "change",
            "sign",
            "--pin-stdin",
            "--sim-fault",
            "remove-before:24",
        ],
        "QZ7391XK\nMK6194PL\n",
        7,
    ),
    leak_path(
        full,
        &[
            "verify",
            "auth",
            "--pin-stdin",
            "--sim-fault",
            "lose-answer:20",
        ],
        "7391\n",
        7,
    ),
];

#[test]
fn no_pin_leaks_on_any_path_in_any_format() {
    for case in LEAK_PATHS {
        for format in [
            &["--format", "json"][..],
            &["--lang", "ja"],
            &["--lang", "en"],
        ] {
            let card = Card::with(case.edit);
            // `Card::run` fails on a leak of any stored or typed value.
            let run = card.run(&[format, case.args].concat(), case.stdin);
            assert_eq!(run.code, case.exit, "{:?}\n{run}", case.args);
            if format[0] == "--format" {
                let document = run.json();
                if run.code != 0 {
                    assert_eq!(document["schema"], "mynapin.error/2", "{run}");
                    assert_eq!(document["exit_code"], run.code, "{run}");
                }
            } else if run.code != 0 {
                run.text_failure(case.exit);
            }
        }
    }
}

#[test]
fn changing_the_juki_pin_on_a_real_card_needs_an_explicit_flag() {
    // Refused before any PIN is read or any reader is opened (no pcscd needed).
    let run = mynapin(
        &["--format", "json", "change", "juki", "--pin-stdin"],
        Some("7391\n4826\n"),
        &[],
        None,
    );
    run.failure(6, "unconfirmed-command");
    assert!(
        run.json()["message"]
            .as_str()
            .is_some_and(|message| message.contains("80 32 00 80")),
        "{run}"
    );
}
