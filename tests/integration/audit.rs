//! The audit log through the `mynapin` binary and the library: no typed secret ever in
//! it, one record per outcome, a log that cannot be written stops the procedure before the
//! card is touched (exit 3), the chain check finds edits, removals, swaps and a truncated
//! tail (exit 9) and the next append repairs a truncation, concurrent writers all land in
//! one valid chain, new logs are owner-only, and `audit show --since` filters.
//!
//! Also [`state_home`]: every CLI test module runs the binary with `XDG_STATE_HOME` there,
//! so no test writes an audit record into the real home.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use mynapin::audit::{AuditContext, AuditLog, AuditRecord, Procedure, verify};
use mynapin::card::PinKind;
use mynapin::sim::{PinProfile, Pins, Profile};
use serde_json::Value;
use tempfile::TempDir;

const RUN_TIMEOUT: Duration = Duration::from_secs(60);
pub(crate) const AUTH: &str = "7391";
pub(crate) const SIGN: &str = "QZ7391XK";
pub(crate) const WRONG: &str = "8052";
const NEW_AUTH: &str = "6194";
const NEW_SIGN: &str = "mk6194pl";

/// The `XDG_STATE_HOME` the CLI tests give the binary (in the target's temporary folder),
/// so that their audit records never land in the real home.
pub fn state_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("state-home")
}

/// A folder with a distinctive card profile and a log path.
pub(crate) struct Counter {
    pub(crate) dir: TempDir,
    pub(crate) card: PathBuf,
    pub(crate) log: PathBuf,
}

impl Counter {
    pub(crate) fn new() -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let card = dir.path().join("card.toml");
        let profile = Profile {
            pins: Pins {
                auth: PinProfile::full(AUTH, 3),
                sign: PinProfile::full(SIGN, 5),
                ..Profile::default().pins
            },
            ..Profile::default()
        };
        profile.save_atomically(&card).unwrap();
        let log = dir.path().join("logs/audit.jsonl");
        Counter { dir, card, log }
    }

    /// `mynapin --simulated=CARD --audit-log LOG --format json --lang en ARGS` → (exit, stdout).
    pub(crate) fn run(&self, args: &[&str], stdin: &str) -> (i32, String) {
        self.run_with_log(&self.log, args, stdin)
    }

    pub(crate) fn run_with_log(&self, log: &Path, args: &[&str], stdin: &str) -> (i32, String) {
        let output = Command::cargo_bin("mynapin")
            .unwrap()
            .arg(format!("--simulated={}", self.card.display()))
            .arg("--audit-log")
            .arg(log)
            .args(["--format", "json", "--lang", "en", "--operator", "tanaka"])
            .args(args)
            .write_stdin(stdin)
            .timeout(RUN_TIMEOUT)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }

    pub(crate) fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    pub(crate) fn records(&self) -> Vec<Value> {
        self.lines()
            .iter()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// `audit verify --format json` → (exit, document).
    pub(crate) fn audit_verify(&self) -> (i32, Value) {
        let (code, stdout) = self.run(&["audit", "verify"], "");
        (code, serde_json::from_str(&stdout).unwrap())
    }
}

#[test]
fn every_outcome_is_recorded_and_no_typed_secret_ever_is() {
    let counter = Counter::new();
    let verify: &[&str] = &["verify", "auth", "--pin-stdin"];
    let wrong = format!("{WRONG}\n");
    let runs: [(&[&str], String, i32, &str); 8] = [
        (verify, format!("{AUTH}\n"), 0, "ok"),
        (verify, wrong.clone(), 4, "failed"),
        (verify, "12\n".into(), 2, "failed"),
        (
            &["change", "auth", "--pin-stdin"],
            format!("{AUTH}\n{NEW_AUTH}\n"),
            0,
            "ok",
        ),
        (
            &["change", "sign", "--pin-stdin"],
            format!("{SIGN}\n{NEW_SIGN}\n"),
            0,
            "ok",
        ),
        (verify, wrong.clone(), 4, "failed"),
        (verify, wrong.clone(), 4, "failed"),
        (verify, wrong, 6, "refused"),
    ];
    for (args, stdin, exit, _) in &runs {
        let (code, stdout) = counter.run(args, stdin);
        assert_eq!(code, *exit, "{args:?}: {stdout}");
    }
    let expected: Vec<&str> = runs.iter().map(|run| run.3).collect();
    let records = counter.records();
    let outcomes: Vec<&str> = records
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, expected);
    assert_eq!(records.last().unwrap()["error"], "last-try-guard");
    assert_eq!(records[0]["operator"], "tanaka");
    assert_eq!(records[1]["before"]["left"], 3, "{}", records[1]);
    assert_eq!(records[1]["after"]["left"], 2, "{}", records[1]);
    assert_eq!(records[1]["error"], "wrong-pin", "{}", records[1]);
    // No secret in any field: the hashes are left out (hex digits could spell four digits
    // by chance), and the folder's random name, which the profile path holds, is blanked.
    let folder = counter.dir.path().display().to_string();
    let secrets = [
        AUTH, SIGN, WRONG, NEW_AUTH, NEW_SIGN, "MK6194PL", "qz7391xk",
    ];
    for mut record in records {
        let object = record.as_object_mut().unwrap();
        object.remove("prev");
        object.remove("intact_prev");
        let text = record.to_string().replace(&folder, "<dir>");
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let (code, report) = counter.audit_verify();
    assert_eq!(
        (code, report["intact"].clone()),
        (0, Value::Bool(true)),
        "{report}"
    );
}

#[test]
fn an_unwritable_log_stops_verify_change_and_every_reset_before_the_card_is_touched() {
    let counter = Counter::new();
    let before = std::fs::read(&counter.card).unwrap();
    // A folder where the log file should be: unwritable even for root.
    let folder = counter.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let key_file = counter.dir.path().join("terminal.key");
    std::fs::write(&key_file, "000102030405060708090A0B0C0D0E0F\n").unwrap();
    let key_arg = key_file.display().to_string();
    for (args, stdin) in [
        (&["verify", "auth", "--pin-stdin"][..], format!("{WRONG}\n")),
        (
            &["change", "auth", "--pin-stdin"][..],
            format!("{AUTH}\n{NEW_AUTH}\n"),
        ),
        (
            &[
                "reset",
                "auth",
                "--authority",
                "other-password",
                "--pin-stdin",
            ][..],
            format!("{SIGN}\n{NEW_AUTH}\n"),
        ),
        (
            &[
                "reset",
                "text",
                "--authority",
                "terminal-key",
                "--key-file",
                &key_arg,
                "--pin-stdin",
            ][..],
            format!("{NEW_AUTH}\n"),
        ),
        (
            &["reset", "auth", "--confirm", "--pin-stdin"][..],
            format!("{AUTH}\n"),
        ),
    ] {
        let (code, stdout) = counter.run_with_log(&folder, args, &stdin);
        assert_eq!(code, 3, "{stdout}");
        let error: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(error["error"], "audit-log-unwritable", "{error}");
        assert_eq!(
            std::fs::read(&counter.card).unwrap(),
            before,
            "the card changed"
        );
    }
}

#[test]
fn the_chain_check_finds_an_edit_a_removal_a_swap_and_a_truncated_tail() {
    let counter = Counter::new();
    for _ in 0..4 {
        let (code, _) = counter.run(&["verify", "auth", "--pin-stdin"], &format!("{AUTH}\n"));
        assert_eq!(code, 0);
    }
    let original = counter.lines();
    let write = |lines: &[String]| std::fs::write(&counter.log, lines.join("\n") + "\n").unwrap();
    let edited = {
        let mut lines = original.clone();
        lines[1] = lines[1].replace("tanaka", "suzuki");
        lines
    };
    let removed = [&original[..1], &original[2..]].concat();
    let swapped = vec![
        original[0].clone(),
        original[2].clone(),
        original[1].clone(),
        original[3].clone(),
    ];
    for (lines, line, kind) in [
        (edited, 3, "mismatch"),
        (removed, 2, "mismatch"),
        (swapped, 2, "mismatch"),
    ] {
        write(&lines);
        let (code, report) = counter.audit_verify();
        assert_eq!(code, 9, "{report}");
        assert_eq!(report["problem"]["line"], line, "{report}");
        assert_eq!(report["problem"]["kind"], kind, "{report}");
    }
    // A crash in the middle of the last line's write.
    let whole = original.join("\n") + "\n";
    std::fs::write(&counter.log, &whole[..whole.len() - 30]).unwrap();
    let (code, report) = counter.audit_verify();
    assert_eq!(code, 9, "{report}");
    assert_eq!(report["problem"]["kind"], "truncated-tail", "{report}");
    assert_eq!(report["problem"]["line"], 4, "{report}");
    // The next procedure is recorded on a new line and repairs the chain around it.
    let (code, _) = counter.run(&["verify", "auth", "--pin-stdin"], &format!("{AUTH}\n"));
    assert_eq!(code, 0);
    let (code, report) = counter.audit_verify();
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["repaired_truncations"],
        serde_json::json!([4]),
        "{report}"
    );
    assert_eq!(report["records"], 4, "{report}");
    assert_eq!(counter.lines().len(), 5, "{:?}", counter.lines());
}

fn context(time: &str) -> AuditContext {
    AuditContext {
        time: time.into(),
        operator: "sato".into(),
        workstation: "counter-1".into(),
    }
}

#[test]
fn appends_from_many_threads_and_processes_all_land_whole_in_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    std::thread::scope(|scope| {
        for thread in 0..6 {
            let log = &log;
            scope.spawn(move || {
                let mut audit = AuditLog::open(log).unwrap();
                for _ in 0..20 {
                    let record = AuditRecord::new(
                        &context("2026-11-26T09:00:00Z"),
                        Procedure::Verify,
                        Some(PinKind::ALL[thread % 4]),
                    );
                    audit.append(&record).unwrap();
                }
            });
        }
    });
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mynapin"))
                .args(["--simulated", "--audit-log"])
                .arg(&log)
                .args(["verify", "auth", "--pin-stdin"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"1234\n").unwrap();
            child
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let report = verify(&log).unwrap();
    assert!(report.intact(), "{report:?}");
    assert_eq!((report.lines, report.records), (124, 124));
}

#[cfg(unix)]
#[test]
fn the_default_log_is_owner_only_under_xdg_state_home() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .args(["--simulated", "verify", "auth", "--pin-stdin"])
        .env("XDG_STATE_HOME", home.path())
        .write_stdin("1234\n")
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    assert!(output.status.success());
    let log = home.path().join("mynapin/audit.jsonl");
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(log.parent().unwrap()), 0o700);
}

#[test]
fn audit_show_filters_by_since_as_text_and_json_lines() {
    let counter = Counter::new();
    let mut audit = AuditLog::open(&counter.log).unwrap();
    for time in [
        "2026-11-25T23:59:59Z",
        "2026-11-26T00:00:00Z",
        "2026-11-27T08:30:00Z",
    ] {
        audit
            .append(&AuditRecord::new(
                &context(time),
                Procedure::Change,
                Some(PinKind::Sign),
            ))
            .unwrap();
    }
    let show = |args: &[&str]| {
        let output = Command::cargo_bin("mynapin")
            .unwrap()
            .arg("--audit-log")
            .arg(&counter.log)
            .args(["--lang", "en", "audit", "show"])
            .args(args)
            .timeout(RUN_TIMEOUT)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, text) = show(&["--since", "2026-11-26"]);
    assert_eq!(code, 0);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.starts_with("2026-11-26T00:00:00Z  sato@counter-1  change sign  ok"),
        "{text}"
    );
    let (code, json) = show(&["--since", "2026-11-27T00:00:00Z", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json, format!("{}\n", counter.lines()[2]));
    assert_eq!(show(&["--since", "yesterday"]).0, 2);
    assert_eq!(show(&[]).1.lines().count(), 3);
}

#[test]
fn resets_are_recorded_with_their_authority_and_no_value_or_key() {
    const KEY: &str = "5D17A3C9E4B2086F91CA37D5E08B64F2";
    const NEW_AFTER_PROOF: &str = "RX5280QT";
    const NEW_BY_KEY: &str = "4826";
    let counter = Counter::new();
    let mut profile = Profile::load(&counter.card).unwrap();
    profile.pins.get_mut(PinKind::Sign).tries_left = 0;
    profile.terminal = Some(mynapin::sim::TerminalProfile {
        key: KEY.to_owned(),
        tries_left: 3,
        max_tries: 3,
    });
    profile.save_atomically(&counter.card).unwrap();
    let key_file = counter.dir.path().join("terminal.key");
    std::fs::write(&key_file, format!("{KEY}\n")).unwrap();
    let key_arg = key_file.display().to_string();
    let runs: [(&[&str], String, i32); 3] = [
        (
            &[
                "reset",
                "sign",
                "--authority",
                "other-password",
                "--pin-stdin",
            ],
            format!("{AUTH}\n{NEW_AFTER_PROOF}\n"),
            0,
        ),
        (
            &[
                "reset",
                "text",
                "--authority",
                "terminal-key",
                "--key-file",
                &key_arg,
                "--pin-stdin",
            ],
            format!("{NEW_BY_KEY}\n"),
            0,
        ),
        (
            &[
                "reset",
                "sign",
                "--authority",
                "other-password",
                "--pin-stdin",
            ],
            format!("{WRONG}\n{NEW_AFTER_PROOF}\n"),
            4,
        ),
    ];
    for (args, stdin, exit) in &runs {
        let (code, stdout) = counter.run(args, stdin);
        assert_eq!(code, *exit, "{args:?}: {stdout}");
    }
    let records = counter.records();
    let summary: Vec<(&str, &str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["procedure"].as_str().unwrap(),
                r["authority"].as_str().unwrap(),
                r["kind"].as_str().unwrap(),
                r["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("reset", "other-password", "sign", "ok"),
            ("reset", "terminal-key", "text", "ok"),
            ("reset", "other-password", "sign", "failed"),
        ]
    );
    assert_eq!(records[0]["before"]["state"], "blocked");
    assert_eq!(records[0]["after"]["left"], 5);
    assert_eq!(records[2]["error"], "wrong-pin");
    let log = std::fs::read_to_string(&counter.log).unwrap();
    for secret in [
        KEY,
        &KEY.to_lowercase(),
        NEW_AFTER_PROOF,
        NEW_BY_KEY,
        AUTH,
        WRONG,
    ] {
        let visible = log
            .lines()
            .map(|line| line.split("\"prev\"").next().unwrap_or_default())
            .any(|line| line.contains(secret));
        assert!(!visible, "{secret} in the audit log:\n{log}");
    }
    assert_eq!(counter.audit_verify().0, 0);
}

#[test]
fn the_workstation_configuration_names_the_log_the_operator_and_the_reset_authority() {
    let counter = Counter::new();
    let configured_log = counter.dir.path().join("configured/audit.jsonl");
    let config = counter.dir.path().join("mynapin.toml");
    std::fs::write(
        &config,
        format!(
            "audit_log = \"{}\"\noperator = \"madoguchi-3\"\nauthority = \"other-password\"\n",
            configured_log.display()
        ),
    )
    .unwrap();
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .env("XDG_STATE_HOME", state_home())
        .env_remove("USER")
        .arg(format!("--simulated={}", counter.card.display()))
        .arg("--config")
        .arg(&config)
        .args(["--format", "json", "reset", "auth", "--pin-stdin"])
        .write_stdin(format!("{SIGN}\n5827\n"))
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let log = std::fs::read_to_string(&configured_log).unwrap();
    let record: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(record["authority"], "other-password");
    assert_eq!(record["operator"], "madoguchi-3");
    assert!(!counter.log.exists(), "only the configured log is written");
}

#[test]
fn records_name_the_proving_pin_the_categories_counted_and_each_step() {
    let counter = Counter::new();
    // other-password with a wrong proving password: the error is the proof's (auth).
    let (code, _) = counter.run(
        &[
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        &format!("{WRONG}\nRX5280QT\n"),
    );
    assert_eq!(code, 4);
    // Counter mode: a passport typed under B counts as A (the rules' list names it).
    let (code, _) = counter.run(
        &[
            "--counter",
            "verify",
            "auth",
            "--pin-stdin",
            "--applicant",
            "legal-ward",
            "--id",
            "B:passport",
        ],
        &format!("{AUTH}\n"),
    );
    assert_eq!(code, 6);
    // issuer --confirm with a wrong value on a counter that was full (sign: the wrong
    // proof above cost auth a try, not sign): only the confirmation could prove the
    // reset, so it is recorded `unproven` (with the confirmation's error), never `ok`;
    // the confirmation has its own failed record.
    let (code, _) = counter.run(&["reset", "sign", "--confirm", "--pin-stdin"], "QW3RTY9\n");
    assert_eq!(code, 4);
    let records = counter.records();
    let field = |index: usize, name: &str| records[index][name].clone();
    assert_eq!(field(0, "proof"), "auth");
    assert_eq!(field(0, "kind"), "sign");
    assert_eq!(field(0, "error"), "wrong-pin");
    assert_eq!(field(1, "outcome"), "refused");
    assert_eq!(field(1, "applicant"), "legal-ward");
    assert_eq!(field(1, "documents"), serde_json::json!(["A"]));
    assert_eq!(
        (
            field(2, "procedure"),
            field(2, "authority"),
            field(2, "outcome")
        ),
        ("reset".into(), "issuer".into(), "unproven".into())
    );
    assert_eq!(field(2, "error"), "wrong-pin");
    assert_eq!(field(2, "before")["left"], 5, "{}", records[2]);
    assert_eq!(
        (
            field(3, "procedure"),
            field(3, "outcome"),
            field(3, "error")
        ),
        ("verify".into(), "failed".into(), "wrong-pin".into())
    );
    assert_eq!(records.len(), 4);
    assert_eq!(counter.audit_verify().0, 0);
}

#[test]
fn no_typed_secret_in_the_log_of_issuer_confirmations_and_counter_mode_runs() {
    const CONFIRM_WRONG: &str = "5719";
    const COUNTER_WRONG: &str = "9362";
    const COUNTER_NEW: &str = "2846";
    const COUNTER_NEW_SIGN: &str = "PX4827NM";
    let counter = Counter::new();
    let counter_mode = |procedure: &str, kind: &str| {
        vec![
            "--counter".to_owned(),
            procedure.to_owned(),
            kind.to_owned(),
            "--pin-stdin".to_owned(),
            "--applicant".to_owned(),
            "self".to_owned(),
            "--id".to_owned(),
            "A:passport".to_owned(),
        ]
    };
    let reset_sign = [
        counter_mode("reset", "sign"),
        vec!["--authority".to_owned(), "other-password".to_owned()],
    ]
    .concat();
    let runs: Vec<(Vec<String>, String, i32)> = vec![
        // issuer --confirm: the right value (the card's), then a wrong one.
        (
            vec!["reset", "auth", "--confirm", "--pin-stdin"]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            format!("{AUTH}\n"),
            0,
        ),
        (
            vec!["reset", "sign", "--confirm", "--pin-stdin"]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            format!("{CONFIRM_WRONG}XK\n"),
            4,
        ),
        (
            counter_mode("verify", "auth"),
            format!("{COUNTER_WRONG}\n"),
            4,
        ),
        (
            counter_mode("change", "auth"),
            format!("{AUTH}\n{COUNTER_NEW}\n"),
            0,
        ),
        (
            reset_sign,
            format!("{COUNTER_NEW}\n{COUNTER_NEW_SIGN}\n"),
            0,
        ),
        // Refused by the rules (no documents): the value is never read, nor logged.
        (
            vec![
                "--counter",
                "verify",
                "auth",
                "--pin-stdin",
                "--applicant",
                "proxy",
                "--visit",
                "completion",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            format!("{COUNTER_NEW}\n"),
            6,
        ),
    ];
    for (args, stdin, exit) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout) = counter.run(&args, stdin);
        assert_eq!(code, *exit, "{args:?}: {stdout}");
    }
    let records = counter.records();
    assert!(records.len() >= runs.len(), "{records:?}");
    assert!(
        records.iter().any(|r| r["applicant"] == "self"),
        "{records:?}"
    );
    let folder = counter.dir.path().display().to_string();
    let secrets = [
        AUTH,
        SIGN,
        &format!("{CONFIRM_WRONG}XK"),
        CONFIRM_WRONG,
        COUNTER_WRONG,
        COUNTER_NEW,
        COUNTER_NEW_SIGN,
        &COUNTER_NEW_SIGN.to_lowercase(),
    ];
    for mut record in records {
        let object = record.as_object_mut().unwrap();
        object.remove("prev");
        object.remove("intact_prev");
        let text = record.to_string().replace(&folder, "<dir>");
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert_eq!(counter.audit_verify().0, 0);
}
