//! The diagnostics of `-v`/`-vv`/`-vvv` and `MYNAPIN_LOG` (src/bin/mynapin/logging.rs):
//! they say what they promise at each level, go to stderr only, and never show a PIN, a
//! new PIN, the terminal key, the simulated cardholder's personal data, or any data byte
//! of an APDU — in either language, for status, verify, change and both test resets, with
//! and without a trace file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use mynapin::layout::PinKind;
use mynapin::sim::Profile;
use tempfile::TempDir;

const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Distinctive PIN values for the card (the defaults, 1234, are too common a string).
const AUTH: &str = "8642";
const SIGN: &str = "QZ7391XK";
const TEXT: &str = "5173";
const JUKI: &str = "2468";
/// New values the commands set.
const NEW_SIGN: &str = "MK52PW9Z";
const NEW_AUTH: &str = "9317";
/// The card's terminal key, and its key file's spelling.
const KEY_SPACED: &str = "5A 3C 96 E1 0F 7B 22 D4 81 6E C9 07 B5 48 F3 1A";

/// The simulated cardholder (`mynapin sim profile`, `[person]`), and the 照合番号B made of
/// it (era birth date 600401, expiry year 2035, security code 1234).
const PERSONAL: &[&str] = &[
    "123456789018",
    "見本　花子",
    "見本",
    "見本県見本市見本町１－２－３",
    "19850401",
    "20350401",
    "60040120351234",
];

/// A card profile with the distinctive values, and a key file for it.
struct Card {
    dir: TempDir,
    profile: PathBuf,
    key: PathBuf,
}

impl Card {
    fn new() -> Card {
        let dir = TempDir::new().unwrap();
        let mut profile = Profile::default();
        for (kind, value) in [
            (PinKind::Auth, AUTH),
            (PinKind::Sign, SIGN),
            (PinKind::Text, TEXT),
            (PinKind::Juki, JUKI),
        ] {
            profile.pins.get_mut(kind).value = value.to_owned();
        }
        profile
            .terminal
            .as_mut()
            .expect("the default card has a terminal key")
            .key = KEY_SPACED.to_owned();
        assert_eq!(
            profile.person.my_number, PERSONAL[0],
            "the fake cardholder moved"
        );
        let path = dir.path().join("card.toml");
        profile.save_atomically(&path).unwrap();
        let key = dir.path().join("terminal.key");
        std::fs::write(&key, format!("{}\n", KEY_SPACED.replace(' ', ""))).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Card {
            dir,
            profile: path,
            key,
        }
    }
}

/// Every secret of the runs: the PIN values typed and stored, the new values, the key.
fn secrets() -> Vec<String> {
    let mut all: Vec<String> = [AUTH, SIGN, TEXT, JUKI, NEW_SIGN, NEW_AUTH]
        .iter()
        .map(|value| (*value).to_owned())
        .collect();
    all.push(KEY_SPACED.to_owned());
    all.extend(PERSONAL.iter().map(|value| (*value).to_owned()));
    all
}

/// `secret` as typed, lower-cased, and the hex of its bytes spaced and not, either case
/// (the key as the spaced hex it is, and unspaced).
fn forms(secret: &str) -> Vec<String> {
    let bytes: Vec<u8> = if secret == KEY_SPACED {
        hex::decode(secret.replace(' ', "")).unwrap()
    } else {
        secret.as_bytes().to_vec()
    };
    let hex: Vec<String> = bytes.iter().map(|byte| format!("{byte:02X}")).collect();
    let mut forms = vec![
        secret.to_owned(),
        secret.to_lowercase(),
        hex.join(" "),
        hex.concat(),
    ];
    forms.extend(forms.clone().iter().map(|form| form.to_lowercase()));
    forms.sort();
    forms.dedup();
    forms
}

/// The longest run of space-separated two-digit hex tokens in `text`: a header is four
/// (CLA INS P1 P2), a status word two; anything longer is data bytes.
fn longest_hex_run(text: &str) -> usize {
    let mut longest = 0;
    for line in text.lines() {
        let mut run = 0;
        for token in line.split([' ', '=', '"', '(', ')', ',', '[', ']']) {
            if token.len() == 2 && token.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                run += 1;
                longest = longest.max(run);
            } else if !token.is_empty() {
                run = 0;
            }
        }
    }
    longest
}

/// One command of the matrix: its arguments after `--simulated=CARD`, its standard input,
/// and what its log must show at -v (INFO) to prove the log is there at all.
struct Case {
    name: &'static str,
    args: Vec<String>,
    stdin: String,
    info_shows: &'static str,
}

fn cases(card: &Card) -> Vec<Case> {
    let owned = |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect();
    vec![
        Case {
            name: "status",
            args: owned(&["status"]),
            stdin: String::new(),
            info_shows: "transaction ended",
        },
        Case {
            name: "verify",
            args: owned(&["verify", "auth", "--pin-stdin"]),
            stdin: format!("{AUTH}\n"),
            info_shows: "guard passed",
        },
        Case {
            name: "change",
            args: owned(&["change", "sign", "--pin-stdin"]),
            stdin: format!("{SIGN}\n{NEW_SIGN}\n"),
            info_shows: "guard passed",
        },
        Case {
            name: "reset other-password",
            args: owned(&[
                "reset",
                "sign",
                "--authority",
                "other-password",
                "--pin-stdin",
            ]),
            stdin: format!("{AUTH}\n{NEW_SIGN}\n"),
            info_shows: "guard passed",
        },
        Case {
            name: "reset terminal-key",
            args: vec![
                "reset".into(),
                "auth".into(),
                "--authority".into(),
                "terminal-key".into(),
                "--key-file".into(),
                card.key.display().to_string(),
                "--pin-stdin".into(),
            ],
            stdin: format!("{NEW_AUTH}\n"),
            info_shows: "audit record appended",
        },
    ]
}

/// How logging is asked for, and the level's mark that must be in stderr.
const LEVELS: &[(&str, Option<&str>, &str)] = &[
    ("-v", None, " INFO "),
    ("-vv", None, "DEBUG "),
    ("-vvv", None, "TRACE "),
    ("env", Some("trace"), "TRACE "),
];

/// Runs one case on a fresh copy of the card; returns (exit code, stdout, stderr).
fn run(
    card: &Card,
    case: &Case,
    lang: &str,
    level: &(&str, Option<&str>, &str),
    trace: Option<&Path>,
) -> (i32, String, String) {
    let copy = card.dir.path().join("run-card.toml");
    std::fs::copy(&card.profile, &copy).unwrap();
    let log = card.dir.path().join("audit.jsonl");
    let mut command = Command::cargo_bin("mynapin").unwrap();
    command
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("MYNAPIN_LOG")
        .env_remove("MYNAPIN_CONFIG")
        .arg(format!("--simulated={}", copy.display()))
        .args(["--lang", lang, "--audit-log"])
        .arg(&log);
    match level.1 {
        Some(env) => {
            command.env("MYNAPIN_LOG", env);
        }
        None => {
            command.arg(level.0);
        }
    }
    if let Some(trace) = trace {
        command.arg("--trace").arg(trace);
    }
    let output = command
        .args(&case.args)
        .write_stdin(case.stdin.as_str())
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn no_level_in_either_language_logs_a_secret_or_data_byte() {
    let card = Card::new();
    let secrets = secrets();
    let trace = card.dir.path().join("run.trace");
    for case in cases(&card) {
        for lang in ["ja", "en"] {
            for level in LEVELS {
                for traced in [None, Some(trace.as_path())] {
                    let what = format!(
                        "{} --lang {lang} {} trace={}",
                        case.name,
                        level.0,
                        traced.is_some()
                    );
                    let (code, stdout, stderr) = run(&card, &case, lang, level, traced);
                    assert_eq!(code, 0, "{what}: {stdout}{stderr}");
                    // The log is there, at the level asked for, on stderr and not stdout.
                    assert!(
                        stderr.contains(level.2),
                        "{what}: no{}line in\n{stderr}",
                        level.2
                    );
                    assert!(stderr.contains(case.info_shows), "{what}: {stderr}");
                    assert!(
                        !stdout.contains("mynapin::"),
                        "{what}: log on stdout\n{stdout}"
                    );
                    if level.2 == "TRACE " {
                        assert!(stderr.contains("header=00 20 00 80"), "{what}: {stderr}");
                    }
                    for secret in &secrets {
                        for form in forms(secret) {
                            assert!(
                                !stdout.contains(&form),
                                "{what}: {form:?} on stdout\n{stdout}"
                            );
                            assert!(
                                !stderr.contains(&form),
                                "{what}: {form:?} on stderr\n{stderr}"
                            );
                        }
                    }
                    let run = longest_hex_run(&stderr);
                    assert!(
                        run <= 4,
                        "{what}: {run} hex bytes in a row on stderr\n{stderr}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_levels_add_up_and_nothing_is_logged_unasked() {
    let card = Card::new();
    let status = cases(&card).swap_remove(0);
    let quiet = run(&card, &status, "en", &("", Some(""), ""), None);
    assert_eq!(quiet.0, 0, "{quiet:?}");
    assert!(
        !quiet.2.contains("mynapin::"),
        "logged unasked:\n{}",
        quiet.2
    );
    let info = run(&card, &status, "en", &LEVELS[0], None).2;
    assert!(
        info.contains("simulated card: profile file locked"),
        "{info}"
    );
    assert!(
        !info.contains("DEBUG ") && !info.contains("TRACE "),
        "{info}"
    );
    let debug = run(&card, &status, "en", &LEVELS[1], None).2;
    assert!(debug.contains("counter read"), "{debug}");
    assert!(!debug.contains("TRACE "), "{debug}");
    let trace = run(&card, &status, "en", &LEVELS[2], None).2;
    // 13 APDUs for the four PINs' status (docs/protocol.md §3), each sent and answered.
    assert_eq!(
        trace.matches("APDU sent").count(),
        trace.matches("APDU answered").count()
    );
    assert!(trace.contains("header=00 A4 04 0C Lc=10"), "{trace}");
    assert!(trace.contains("sw=63 C3"), "{trace}");
}

#[test]
fn an_invalid_environment_filter_is_reported_in_the_users_language_and_ignored() {
    let card = Card::new();
    let status = cases(&card).swap_remove(0);
    let (code, _, stderr) = run(&card, &status, "ja", &("", Some("mynapin=loud"), ""), None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("MYNAPIN_LOG"), "{stderr}");
    assert!(stderr.contains("ログ"), "{stderr}");
    assert!(!stderr.contains("mynapin::"), "{stderr}");
}

#[test]
fn the_secret_forms_cover_what_the_card_would_receive() {
    // The hex the VERIFY of AUTH would carry, as a trace would spell it unmasked.
    assert!(forms(AUTH).contains(&"38 36 34 32".to_owned()));
    assert!(forms(KEY_SPACED).contains(&"5a3c96e10f7b22d4816ec907b548f31a".to_owned()));
    assert_eq!(longest_hex_run("x=00 20 00 80 08 38 36 34 32 y"), 9);
    assert_eq!(longest_hex_run("header=00 20 00 80 Lc=4 sw=63 C3"), 4);
}
