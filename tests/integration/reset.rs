//! The reset (初期化) flows (`mynapin::card::Card::reset_with_other_password`,
//! `reset_with_terminal_key`, `issuer_before`/`issuer_after`) against the in-process
//! simulated card, and `mynapin reset` as a whole process.
//!
//! After every step the tests check the simulated card's four counters (and the terminal
//! key's), the APDUs sent (their count, and none at all for a refusal on the host), and
//! that the new value verifies (or the old one still does). The CLI tests check exit
//! codes, JSON documents, and that no typed value or key appears in stdout, stderr or the
//! trace.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use mynapin::apdu::{
    Command as Apdu, INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE, INS_RESET_RETRY_COUNTER,
    Response, StatusWord,
};
use mynapin::card::{
    Authority, Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus, ResetOutcome,
    Unavailable,
};
use mynapin::sim::{Fault, Profile, SimCard, TerminalProfile};
use mynapin::terminal_key::TerminalKey;
use mynapin::transport::{Disposition, SimTransport, Transport, TransportError};
use serde_json::Value;
use tempfile::TempDir;

/// The simulated card's default terminal key (FIPS-197's example key).
const KEY_HEX: &str = "000102030405060708090A0B0C0D0E0F";
/// Another key, which the card rejects.
const WRONG_KEY_HEX: &str = "F0E0D0C0B0A090807060504030201000";
/// A seed for the simulated card's challenges, so runs repeat exactly.
const SEED: u64 = 2026;
/// The policy of a simulated card: the reset commands may be sent (as the CLI does).
const SIM: PinOptions = PinOptions {
    allow_last_try: false,
    allow_unconfirmed_commands: true,
};
/// How long one run of the binary may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// Helpers

fn card(edit: impl FnOnce(&mut Profile)) -> SimTransport {
    let mut profile = Profile::default();
    edit(&mut profile);
    SimTransport::new(SimCard::new(profile).with_seeded_challenges(SEED))
}

fn sign_blocked(profile: &mut Profile) {
    profile.pins.sign.tries_left = 0;
}

/// auth, sign, text, juki tries left on the card.
fn counters(transport: &SimTransport) -> [u8; 4] {
    PinKind::ALL.map(|kind| transport.card().pin(kind).tries_left)
}

fn terminal_tries(transport: &SimTransport) -> Option<u8> {
    transport
        .card()
        .terminal()
        .map(|terminal| terminal.tries_left)
}

fn pin(kind: PinKind, value: &str) -> Pin {
    Pin::new(kind, value).unwrap()
}

fn key(hex: &str) -> TerminalKey {
    TerminalKey::from_hex(hex).unwrap()
}

/// Verifies `value` on the card in a flow of its own (the card was unpowered since).
fn verifies(transport: &mut SimTransport, kind: PinKind, value: &str) -> bool {
    Card::new(transport).verify(&pin(kind, value), SIM).is_ok()
}

fn full(kind: PinKind) -> PinStatus {
    PinStatus::Remaining {
        left: kind.max_tries(),
        max: kind.max_tries(),
    }
}

/// A transport that answers `sw` to every command with instruction `ins`, without passing
/// it to the card: a card that does not offer (or refuses) that command.
struct Answering {
    inner: SimTransport,
    ins: u8,
    sw: StatusWord,
}

impl Transport for Answering {
    fn transmit(&mut self, command: &Apdu) -> Result<Response, TransportError> {
        if command.ins == self.ins {
            return Ok(Response::status_only(self.sw));
        }
        self.inner.transmit(command)
    }
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.inner.end_transaction(disposition)
    }
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.inner.reset_card(disposition)
    }
}

// ---------------------------------------------------------------------------------------
// other-password

#[test]
fn sign_is_reset_by_the_auth_password_and_the_reverse() {
    let mut transport = card(sign_blocked);
    assert_eq!(counters(&transport), [3, 0, 3, 3]);
    let outcome = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            SIM,
        )
        .unwrap();
    assert_eq!(
        outcome,
        ResetOutcome {
            kind: PinKind::Sign,
            authority: Authority::OtherPassword,
            status_before: PinStatus::Blocked { max: 5 },
            status_after: Some(full(PinKind::Sign)),
        }
    );
    assert!(outcome.counter_full());
    // SELECT AP, SELECT + READ BINARY 0008, SELECT 001B + query, SELECT 0018 + query,
    // VERIFY, SELECT 001B, RESET RETRY COUNTER, query.
    assert_eq!(transport.exchanges(), 11);
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
    assert!(
        PinKind::ALL
            .iter()
            .all(|&kind| !transport.card().pin(kind).verified)
    );
    assert!(!verifies(&mut transport, PinKind::Sign, "ABCD1234"));
    assert_eq!(counters(&transport), [3, 4, 3, 3]);
    assert!(verifies(&mut transport, PinKind::Sign, "NEWSIGN1"));
    assert_eq!(counters(&transport), [3, 5, 3, 3]);

    let mut transport = card(|profile| profile.pins.auth.tries_left = 0);
    let outcome = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Auth, "8642"),
            &pin(PinKind::Sign, "ABCD1234"),
            SIM,
        )
        .unwrap();
    assert_eq!(outcome.status_before, PinStatus::Blocked { max: 3 });
    assert_eq!(outcome.status_after, Some(full(PinKind::Auth)));
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
    assert!(verifies(&mut transport, PinKind::Auth, "8642"));
}

#[test]
fn a_wrong_proving_password_costs_its_own_try_and_leaves_the_target_untouched() {
    let mut transport = card(sign_blocked);
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "9999"),
            SIM,
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::WrongPin {
                kind: PinKind::Auth,
                left: 2
            }
        ),
        "{error:?}"
    );
    assert_eq!(counters(&transport), [2, 0, 3, 3]);
    let sent: Vec<u8> = transport.headers().iter().map(|header| header[1]).collect();
    assert!(!sent.contains(&INS_RESET_RETRY_COUNTER), "{sent:02X?}");
}

#[test]
fn the_proving_password_is_guarded_like_verify() {
    // Blocked: refused after reading the counters; no VERIFY with data.
    let mut transport = card(|profile| {
        profile.pins.auth.tries_left = 0;
        profile.pins.sign.tries_left = 0;
    });
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            SIM,
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::Blocked {
                kind: PinKind::Auth,
                just_now: false
            }
        ),
        "{error:?}"
    );
    assert_eq!(transport.exchanges(), 7);
    assert_eq!(counters(&transport), [0, 0, 3, 3]);

    // The last try: refused without the override, spent with it.
    let last_try = |profile: &mut Profile| {
        profile.pins.auth.tries_left = 1;
        profile.pins.sign.tries_left = 0;
    };
    let mut transport = card(last_try);
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            SIM,
        )
        .unwrap_err();
    assert!(
        matches!(error, CardError::LastTryGuard(PinKind::Auth)),
        "{error:?}"
    );
    assert_eq!(counters(&transport), [1, 0, 3, 3]);
    let mut transport = card(last_try);
    let allowed = PinOptions {
        allow_last_try: true,
        ..SIM
    };
    Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            allowed,
        )
        .unwrap();
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
}

#[test]
fn refusals_on_the_host_send_nothing() {
    // text and juki have no other password; juki has no terminal key reset.
    for kind in [PinKind::Text, PinKind::Juki] {
        let mut transport = card(|_| {});
        let error = Card::new(&mut transport)
            .reset_with_other_password(&pin(kind, "5678"), &pin(PinKind::Auth, "1234"), SIM)
            .unwrap_err();
        assert!(
            matches!(error, CardError::AuthorityNotApplicable { kind: k, authority: Authority::OtherPassword } if k == kind),
            "{error:?}"
        );
        assert_eq!(transport.exchanges(), 0);
    }
    let mut transport = card(|_| {});
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&pin(PinKind::Juki, "5678"), &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::AuthorityNotApplicable {
                kind: PinKind::Juki,
                authority: Authority::TerminalKey
            }
        ),
        "{error:?}"
    );
    // A proving password of the target's own kind is a caller's mistake.
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Sign, "ABCD1234"),
            SIM,
        )
        .unwrap_err();
    assert!(matches!(error, CardError::KindMismatch { .. }), "{error:?}");
    // A real card's policy: not confirmed, refused.
    for result in [
        Card::new(&mut transport).reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            PinOptions::default(),
        ),
        Card::new(&mut transport).reset_with_terminal_key(
            &pin(PinKind::Auth, "5678"),
            &key(KEY_HEX),
            PinOptions::default(),
        ),
    ] {
        assert!(
            matches!(
                result,
                Err(CardError::UnconfirmedCommand {
                    operation: Operation::Reset,
                    ..
                })
            ),
            "{result:?}"
        );
    }
    assert_eq!(transport.exchanges(), 0);
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
}

#[test]
fn a_childs_card_has_no_sign_password_to_reset_or_to_prove_with() {
    let child = |profile: &mut Profile| profile.signature_certificate = false;
    let mut transport = card(child);
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Auth, "8642"),
            &pin(PinKind::Sign, "ABCD1234"),
            SIM,
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::NotAvailable {
                kind: PinKind::Sign,
                reason: Unavailable::NoSignatureCertificate
            }
        ),
        "{error:?}"
    );
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&pin(PinKind::Sign, "NEWSIGN1"), &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(matches!(error, CardError::NotAvailable { .. }), "{error:?}");
    let error = Card::new(&mut transport)
        .issuer_before(PinKind::Sign)
        .unwrap_err();
    assert!(matches!(error, CardError::NotAvailable { .. }), "{error:?}");
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
}

// ---------------------------------------------------------------------------------------
// terminal-key

#[test]
fn the_terminal_key_resets_auth_sign_and_text() {
    for kind in [PinKind::Auth, PinKind::Sign, PinKind::Text] {
        let mut transport = card(|profile| profile.pins.get_mut(kind).tries_left = 0);
        let new = if kind == PinKind::Sign {
            "NEWSIGN1"
        } else {
            "8642"
        };
        let outcome = Card::new(&mut transport)
            .reset_with_terminal_key(&pin(kind, new), &key(KEY_HEX), SIM)
            .unwrap();
        assert_eq!(outcome.authority, Authority::TerminalKey);
        assert_eq!(
            outcome.status_before,
            PinStatus::Blocked {
                max: kind.max_tries()
            }
        );
        assert_eq!(outcome.status_after, Some(full(kind)), "{kind}");
        assert_eq!(counters(&transport), [3, 5, 3, 3], "{kind}");
        assert_eq!(terminal_tries(&transport), Some(3));
        let sent: Vec<u8> = transport.headers().iter().map(|header| header[1]).collect();
        for ins in [
            INS_GET_CHALLENGE,
            INS_EXTERNAL_AUTHENTICATE,
            INS_RESET_RETRY_COUNTER,
        ] {
            assert_eq!(
                sent.iter().filter(|&&sent| sent == ins).count(),
                1,
                "{kind}"
            );
        }
        assert!(verifies(&mut transport, kind, new), "{kind}");
    }
}

#[test]
fn a_wrong_blocked_or_missing_terminal_key_changes_no_pin() {
    let mut transport = card(sign_blocked);
    let new = pin(PinKind::Sign, "NEWSIGN1");
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&new, &key(WRONG_KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(error, CardError::TerminalKeyRejected { left: 2 }),
        "{error:?}"
    );
    assert_eq!(terminal_tries(&transport), Some(2));
    assert_eq!(counters(&transport), [3, 0, 3, 3]);
    let sent: Vec<u8> = transport.headers().iter().map(|header| header[1]).collect();
    assert!(!sent.contains(&INS_RESET_RETRY_COUNTER));

    let mut transport = card(|profile| {
        sign_blocked(profile);
        if let Some(terminal) = &mut profile.terminal {
            terminal.tries_left = 0;
        }
    });
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&new, &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(error, CardError::TerminalKeyBlocked { just_now: false }),
        "blocked before: {error:?}"
    );
    assert_eq!(counters(&transport), [3, 0, 3, 3]);
    assert_eq!(terminal_tries(&transport), Some(0));

    let mut transport = card(|profile| {
        sign_blocked(profile);
        profile.terminal = None;
    });
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&new, &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(matches!(error, CardError::NoTerminalKey), "{error:?}");
    assert_eq!(counters(&transport), [3, 0, 3, 3]);
}

#[test]
fn the_last_wrong_key_blocks_the_terminal_key() {
    let mut transport = card(|profile| {
        profile.terminal = Some(TerminalProfile {
            key: KEY_HEX.to_owned(),
            tries_left: 1,
            max_tries: 3,
        });
    });
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&pin(PinKind::Auth, "8642"), &key(WRONG_KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(error, CardError::TerminalKeyBlocked { just_now: true }),
        "this try used the key up: {error:?}"
    );
    assert_eq!(terminal_tries(&transport), Some(0));
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
}

// ---------------------------------------------------------------------------------------
// Cards that do not support the commands, or reject the new value

#[test]
fn a_card_without_the_reset_commands_changes_nothing() {
    for (ins, sw) in [
        (INS_GET_CHALLENGE, StatusWord::InsNotSupported),
        (INS_EXTERNAL_AUTHENTICATE, StatusWord::IncorrectP1P2),
        (
            INS_RESET_RETRY_COUNTER,
            StatusWord::SecurityStatusNotSatisfied,
        ),
        (INS_RESET_RETRY_COUNTER, StatusWord::InsNotSupported),
    ] {
        let mut transport = Answering {
            inner: card(sign_blocked),
            ins,
            sw,
        };
        let error = Card::new(&mut transport)
            .reset_with_terminal_key(&pin(PinKind::Sign, "NEWSIGN1"), &key(KEY_HEX), SIM)
            .unwrap_err();
        assert!(
            matches!(error, CardError::ResetUnsupported { kind: PinKind::Sign, authority: Authority::TerminalKey, sw: got, .. } if got == sw),
            "{ins:02X} {sw}: {error:?}"
        );
        assert_eq!(counters(&transport.inner), [3, 0, 3, 3]);
    }
    let mut transport = Answering {
        inner: card(sign_blocked),
        ins: INS_RESET_RETRY_COUNTER,
        sw: StatusWord::SecurityStatusNotSatisfied,
    };
    let error = Card::new(&mut transport)
        .reset_with_other_password(
            &pin(PinKind::Sign, "NEWSIGN1"),
            &pin(PinKind::Auth, "1234"),
            SIM,
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::ResetUnsupported {
                authority: Authority::OtherPassword,
                ..
            }
        ),
        "{error:?}"
    );
    // The proving password verified (its counter full), the target untouched.
    assert_eq!(counters(&transport.inner), [3, 0, 3, 3]);
}

#[test]
fn a_new_value_the_card_rejects_is_new_pin_rejected() {
    let mut transport = Answering {
        inner: card(sign_blocked),
        ins: INS_RESET_RETRY_COUNTER,
        sw: StatusWord::IncorrectData,
    };
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&pin(PinKind::Sign, "NEWSIGN1"), &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::NewPinRejected {
                kind: PinKind::Sign,
                sw: StatusWord::IncorrectData
            }
        ),
        "{error:?}"
    );
    assert_eq!(counters(&transport.inner), [3, 0, 3, 3]);
}

#[test]
fn a_lost_answer_to_reset_retry_counter_is_an_unknown_outcome() {
    let mut transport = card(sign_blocked).with_fault(Fault::LoseAnswerOf {
        ins: INS_RESET_RETRY_COUNTER,
    });
    let error = Card::new(&mut transport)
        .reset_with_terminal_key(&pin(PinKind::Sign, "NEWSIGN1"), &key(KEY_HEX), SIM)
        .unwrap_err();
    assert!(
        matches!(
            error,
            CardError::OutcomeUnknown {
                kind: PinKind::Sign,
                operation: Operation::Reset,
                ..
            }
        ),
        "{error:?}"
    );
    // The card did execute it before its answer was lost.
    assert_eq!(counters(&transport), [3, 5, 3, 3]);
}

// ---------------------------------------------------------------------------------------
// issuer

#[test]
fn the_issuer_reset_is_read_before_and_checked_after() {
    let mut transport = card(sign_blocked);
    let before = Card::new(&mut transport)
        .issuer_before(PinKind::Sign)
        .unwrap();
    assert_eq!(
        before.get(PinKind::Sign),
        Some(PinStatus::Blocked { max: 5 })
    );
    let sent: Vec<u8> = transport.headers().iter().map(|header| header[1]).collect();
    assert!(
        !sent.contains(&INS_RESET_RETRY_COUNTER) && !sent.contains(&INS_GET_CHALLENGE),
        "{sent:02X?}"
    );
    assert_eq!(counters(&transport), [3, 0, 3, 3]);

    // Not yet reset: the counter is still blocked.
    let outcome = Card::new(&mut transport)
        .issuer_after(PinKind::Sign, &before)
        .unwrap();
    assert!(!outcome.counter_full());
    assert_eq!(outcome.status_after, Some(PinStatus::Blocked { max: 5 }));

    // The J-LIS equipment reset it: the card comes back with the counter full.
    let mut profile = transport.into_card().to_profile();
    profile.pins.sign.tries_left = 5;
    profile.pins.sign.value = "JLIS2026".to_owned();
    let mut transport = SimTransport::new(SimCard::new(profile));
    let outcome = Card::new(&mut transport)
        .issuer_after(PinKind::Sign, &before)
        .unwrap();
    assert_eq!(
        outcome,
        ResetOutcome {
            kind: PinKind::Sign,
            authority: Authority::Issuer,
            status_before: PinStatus::Blocked { max: 5 },
            status_after: Some(full(PinKind::Sign)),
        }
    );
    assert!(outcome.counter_full());
    assert_eq!(transport.exchanges(), 3);
    assert!(verifies(&mut transport, PinKind::Sign, "JLIS2026"));
}

// ---------------------------------------------------------------------------------------
// The command line

/// Runs `mynapin --lang en ARGS` with `stdin`; returns (exit code, stdout, stderr).
fn mynapin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .arg("--lang")
        .arg("en")
        .args(args)
        .write_stdin(stdin)
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A profile file in `dir`, the default card changed by `edit`; returns its path and its
/// `--simulated=FILE` option.
fn card_file(dir: &TempDir, edit: impl FnOnce(&mut Profile)) -> (PathBuf, String) {
    let mut profile = Profile::default();
    edit(&mut profile);
    let path = dir.path().join("card.toml");
    profile.save_atomically(&path).unwrap();
    let option = format!("--simulated={}", path.display());
    (path, option)
}

/// A key file holding `hex`, readable by its owner only.
fn key_file(dir: &TempDir, hex: &str) -> String {
    let path = dir.path().join("terminal.key");
    std::fs::write(&path, format!("# test key\n{hex}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

fn tries(path: &Path) -> [u8; 4] {
    let profile = Profile::load(path).unwrap();
    PinKind::ALL.map(|kind| profile.pins.get(kind).tries_left)
}

/// Asserts none of `secrets` (as typed, and as the hex of their bytes, spaced and not)
/// appears in `texts`.
fn assert_secret_free(texts: &[&str], secrets: &[&str]) {
    for secret in secrets {
        let hex: Vec<String> = secret.bytes().map(|b| format!("{b:02X}")).collect();
        let forms = [
            (*secret).to_owned(),
            secret.to_ascii_lowercase(),
            hex.join(" "),
            hex.concat(),
        ];
        for text in texts {
            for form in &forms {
                assert!(!text.contains(form.as_str()), "{form:?} shows in {text}");
            }
        }
    }
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"))
}

#[test]
fn cli_other_password_reset_json_and_no_value_in_output_or_trace() {
    let dir = TempDir::new().unwrap();
    let (path, simulated) = card_file(&dir, sign_blocked);
    let trace = dir.path().join("reset.trace");
    let trace_arg = trace.display().to_string();
    let (code, stdout, stderr) = mynapin(
        &[
            &simulated,
            "--format",
            "json",
            "--trace",
            &trace_arg,
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        "1357\nqz7391xk\n",
    );
    // The card's auth value is 1234: 1357 is wrong, and only auth pays for it.
    assert_eq!(code, 4, "{stdout}{stderr}");
    assert_eq!(json(&stdout)["error"], "wrong-pin");
    assert_eq!(tries(&path), [2, 0, 3, 3]);

    let (code, stdout, stderr) = mynapin(
        &[
            &simulated,
            "--format",
            "json",
            "--trace",
            &trace_arg,
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        "1234\nqz7391xk\n",
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let document = json(&stdout);
    assert_eq!(document["schema"], "mynapin.reset/1");
    assert_eq!(document["authority"], "other-password");
    assert_eq!(document["before"]["state"], "blocked");
    assert_eq!(document["after"]["left"], 5);
    assert_eq!(document["uppercased"], true);
    assert_eq!(document["unpowered"], true);
    assert_eq!(tries(&path), [3, 5, 3, 3]);
    assert_eq!(Profile::load(&path).unwrap().pins.sign.value, "QZ7391XK");
    let trace_text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        trace_text.contains("> 00 2C 02 80 08 ** ** ** ** ** ** ** **"),
        "{trace_text}"
    );
    assert_secret_free(&[&stdout, &stderr, &trace_text], &["1234", "QZ7391XK"]);
}

#[test]
fn cli_terminal_key_reset_and_its_refusals() {
    let dir = TempDir::new().unwrap();
    let (path, simulated) = card_file(&dir, |profile| profile.pins.text.tries_left = 0);
    let good = key_file(&dir, KEY_HEX);
    let trace = dir.path().join("reset.trace");
    let trace_arg = trace.display().to_string();
    let run = |key: &str, stdin: &str| {
        mynapin(
            &[
                &simulated,
                "--format",
                "json",
                "--trace",
                &trace_arg,
                "reset",
                "text",
                "--authority",
                "terminal-key",
                "--key-file",
                key,
                "--pin-stdin",
            ],
            stdin,
        )
    };
    let (code, stdout, stderr) = run(&good, "8642\n");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(json(&stdout)["after"]["left"], 3);
    assert_eq!(tries(&path), [3, 5, 3, 3]);
    let trace_text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        trace_text.contains("> 00 82 00 00 10 ** ** ** ** ** ** ** ** ** ** ** ** ** ** ** **"),
        "{trace_text}"
    );
    assert_secret_free(&[&stdout, &stderr, &trace_text], &["8642"]);
    for text in [&stdout, &stderr, &trace_text] {
        assert!(!text.to_ascii_uppercase().contains("0102030405"), "{text}");
    }

    // A wrong key: 4, two attempts left; the PIN untouched.
    let wrong = dir.path().join("wrong.key");
    std::fs::write(&wrong, WRONG_KEY_HEX).unwrap();
    let (code, stdout, stderr) = run(&wrong.display().to_string(), "8642\n");
    assert_eq!(code, 4, "{stdout}{stderr}");
    assert_eq!(json(&stdout)["error"], "terminal-key-rejected");
    assert_eq!(
        json(&stdout)["left"],
        2,
        "the attempts left, for programs too"
    );
    assert!(
        json(&stdout)["message"]
            .as_str()
            .unwrap()
            .contains("2 attempts")
    );
    assert_secret_free(&[&stdout, &stderr], &[WRONG_KEY_HEX]);
    // A format error: exit 2 before any APDU (a card that vanishes at its first command
    // would otherwise give exit 3).
    let (code, stdout, _) = mynapin(
        &[
            &simulated,
            "--sim-fault",
            "remove-before:A4",
            "--format",
            "json",
            "reset",
            "text",
            "--authority",
            "terminal-key",
            "--key-file",
            &good,
            "--pin-stdin",
        ],
        "86a2\n",
    );
    assert_eq!(
        (code, json(&stdout)["error"].clone()),
        (2, "pin-format".into())
    );
    // A key file that holds no key: exit 2, the file's content never quoted.
    let broken = dir.path().join("broken.key");
    std::fs::write(&broken, "secret-not-a-key\n").unwrap();
    let (code, stdout, stderr) = run(&broken.display().to_string(), "8642\n");
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(!stdout.contains("secret-not-a-key") && !stderr.contains("secret-not-a-key"));
    // No key on the card: 1; a blocked key: 5.
    let (_, no_key) = card_file(&dir, |profile| profile.terminal = None);
    let (code, stdout, _) = mynapin(
        &[
            &no_key,
            "--format",
            "json",
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &good,
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(
        (code, json(&stdout)["error"].clone()),
        (1, "no-terminal-key".into())
    );
    let (_, blocked) = card_file(&dir, |profile| {
        if let Some(terminal) = &mut profile.terminal {
            terminal.tries_left = 0;
        }
    });
    let (code, stdout, _) = mynapin(
        &[
            &blocked,
            "--format",
            "json",
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &good,
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(
        (code, json(&stdout)["error"].clone()),
        (5, "terminal-key-blocked".into())
    );
}

#[test]
fn cli_refusals_and_exit_codes() {
    let dir = TempDir::new().unwrap();
    let (path, simulated) = card_file(&dir, |profile| {
        profile.pins.auth.tries_left = 1;
        profile.pins.sign.tries_left = 0;
    });
    let reset = |args: &[&str], stdin: &str| {
        let mut all = vec![simulated.as_str(), "--format", "json", "reset"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = mynapin(&all, stdin);
        (
            code,
            json(&stdout)["error"].as_str().unwrap_or("").to_owned(),
            stderr,
        )
    };
    let other = ["sign", "--authority", "other-password", "--pin-stdin"];
    assert_eq!(reset(&other, "1234\nNEWSIGN1\n").0, 6);
    assert_eq!(reset(&other, "1234\nNEWSIGN1\n").1, "last-try-guard");
    assert_eq!(tries(&path), [1, 0, 3, 3]);
    let (code, error, _) = reset(
        &[
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
            "--allow-last-try",
        ],
        "9999\nNEWSIGN1\n",
    );
    assert_eq!((code, error.as_str()), (5, "blocked"));
    assert_eq!(tries(&path), [0, 0, 3, 3]);
    assert_eq!(
        reset(
            &["text", "--authority", "other-password", "--pin-stdin"],
            "1234\n5678\n"
        )
        .1,
        "authority-not-applicable"
    );
    assert_eq!(
        reset(
            &["juki", "--authority", "other-password", "--pin-stdin"],
            ""
        )
        .0,
        2
    );
    assert_eq!(
        reset(&["auth", "--authority", "terminal-key", "--pin-stdin"], "").0,
        2,
        "--key-file is required"
    );
    assert_eq!(
        reset(
            &[
                "auth",
                "--confirm",
                "--authority",
                "other-password",
                "--pin-stdin"
            ],
            ""
        )
        .0,
        2
    );
    assert_eq!(tries(&path), [0, 0, 3, 3]);

    // A real card: refused before any value is read (stdin is empty) or any reader used.
    for authority in ["other-password", "terminal-key"] {
        let (code, stdout, _) = mynapin(
            &[
                "--format",
                "json",
                "reset",
                "sign",
                "--authority",
                authority,
                "--key-file",
                "/nonexistent/key",
                "--pin-stdin",
            ]
            .into_iter()
            .filter(|arg| authority == "terminal-key" || !arg.contains("key"))
            .collect::<Vec<_>>(),
            "",
        );
        assert_eq!(code, 6, "{authority}: {stdout}");
        assert_eq!(json(&stdout)["error"], "unconfirmed-command");
    }
}

#[test]
fn cli_lost_answer_to_reset_retry_counter_is_exit_7() {
    let dir = TempDir::new().unwrap();
    let good = key_file(&dir, KEY_HEX);
    let (code, stdout, stderr) = mynapin(
        &[
            "--simulated",
            "--sim-fault",
            "lose-answer:2C",
            "--format",
            "json",
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &good,
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(code, 7, "{stdout}{stderr}");
    let document = json(&stdout);
    assert_eq!(document["error"], "outcome-unknown");
    assert_eq!(document["operation"], "reset");
    assert_secret_free(&[&stdout, &stderr], &["8642"]);
}

#[test]
fn cli_issuer_reads_again_and_confirms_with_the_new_value() {
    let dir = TempDir::new().unwrap();
    // A simulated card is back at once, unchanged: a blocked PIN is not reset.
    let (path, simulated) = card_file(&dir, sign_blocked);
    let (code, stdout, stderr) = mynapin(&[&simulated, "--format", "json", "reset", "sign"], "");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(json(&stdout)["error"], "reset-not-done");
    assert!(stderr.contains("J-LIS equipment"), "{stderr}");
    assert_eq!(tries(&path), [3, 0, 3, 3]);
    // A full counter without --confirm: nothing could show the reset; refused at once.
    let full_dir = TempDir::new().unwrap();
    let (full, full_card) = card_file(&full_dir, |_| {});
    let before = std::fs::read(&full).unwrap();
    let (code, stdout, stderr) = mynapin(&[&full_card, "--format", "json", "reset", "auth"], "");
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        json(&stdout)["message"]
            .as_str()
            .unwrap()
            .contains("--confirm"),
        "{stdout}"
    );
    assert!(
        !stderr.contains("J-LIS equipment"),
        "no hand-over: {stderr}"
    );
    assert_eq!(std::fs::read(&full).unwrap(), before);
    // A full counter, confirmed with the value.
    let (code, stdout, stderr) = mynapin(
        &[
            &simulated,
            "--format",
            "json",
            "reset",
            "auth",
            "--confirm",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let document = json(&stdout);
    assert_eq!(
        (
            document["authority"].clone(),
            document["new_value_verified"].clone()
        ),
        ("issuer".into(), true.into())
    );
    assert_secret_free(&[&stdout, &stderr], &["1234"]);
    // A wrong value set at the counter: wrong-pin, as verify.
    let (code, stdout, _) = mynapin(
        &[
            &simulated,
            "--format",
            "json",
            "reset",
            "auth",
            "--confirm",
            "--pin-stdin",
        ],
        "9999\n",
    );
    assert_eq!(
        (code, json(&stdout)["error"].clone()),
        (4, "wrong-pin".into())
    );
    // Its format is checked before any APDU.
    let (code, stdout, _) = mynapin(
        &[
            "--simulated",
            "--sim-fault",
            "remove-before:A4",
            "--format",
            "json",
            "reset",
            "auth",
            "--confirm",
            "--pin-stdin",
        ],
        "12\n",
    );
    assert_eq!(
        (code, json(&stdout)["error"].clone()),
        (2, "pin-format".into())
    );
}

#[test]
#[cfg(unix)]
fn cli_new_values_that_differ_on_a_terminal_send_nothing() {
    let dir = TempDir::new().unwrap();
    let (path, simulated) = card_file(&dir, sign_blocked);
    let before = std::fs::read(&path).unwrap();
    let (code, shown) = crate::cli_terminal::converse(
        &[
            &simulated,
            "--sim-fault",
            "remove-before:A4",
            "--lang",
            "en",
            "reset",
            "sign",
            "--authority",
            "other-password",
        ],
        &[
            ("User authentication password (", "1234"),
            ("New signature password (", "QZ7391XK"),
            ("Type it again: ", "QZ7391XJ"),
        ],
    );
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("differ"), "{shown}");
    assert_secret_free(&[&shown], &["1234", "QZ7391XK", "QZ7391XJ"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
