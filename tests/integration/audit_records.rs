//! What the audit records say of the cases where the truth is easy to blur: a proxy's
//! application visit (the card never touched: `application-only`, with its visit), an
//! issuer reset only its confirmation can prove (`unproven` unless the confirmation
//! succeeds), and reset failures after the counter was read (the counter before is
//! recorded). Also how `audit show` prints them.

use assert_cmd::Command;
use mynapin::card::PinKind;
use mynapin::sim::Profile;
use serde_json::{Value, json};

use crate::audit::{AUTH, Counter, SIGN, WRONG, state_home};

/// The proxy's application visit in counter mode: `reset auth` with the agent's licence.
const PROXY_APPLICATION: &[&str] = &[
    "--counter",
    "reset",
    "auth",
    "--pin-stdin",
    "--applicant",
    "proxy",
    "--visit",
    "application",
    "--agent-id",
    "A:drivers-license",
];

/// `mynapin --audit-log LOG --lang en audit show` (text).
fn audit_show(counter: &Counter) -> String {
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .env("XDG_STATE_HOME", state_home())
        .arg("--audit-log")
        .arg(&counter.log)
        .args(["--lang", "en", "audit", "show"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_proxy_application_visit_is_recorded_as_application_only_with_its_visit() {
    let counter = Counter::new();
    let card = std::fs::read(&counter.card).unwrap();
    let (code, stdout) = counter.run(PROXY_APPLICATION, "");
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(std::fs::read(&counter.card).unwrap(), card, "card touched");
    let records = counter.records();
    assert_eq!(records.len(), 1, "{records:?}");
    let record = &records[0];
    assert_eq!(record["outcome"], "application-only", "{record}");
    assert_eq!(record["visit"], "application", "{record}");
    assert_eq!(record["error"], Value::Null, "{record}");
    assert_eq!(record["card"], Value::Null, "{record}");
    assert_eq!(record["applicant"], "proxy", "{record}");
    assert_eq!(record["documents"], json!(["agent-A"]), "{record}");
    let shown = audit_show(&counter);
    assert!(
        shown.contains("reset auth (application visit)  application-only  - → -"),
        "{shown}"
    );
    // The completion visit that then goes to the card says which visit it was, and ends
    // as the procedure ends (here refused: nothing was brought).
    let (code, _) = counter.run(
        &[
            "--counter",
            "reset",
            "auth",
            "--pin-stdin",
            "--applicant",
            "proxy",
            "--visit",
            "completion",
        ],
        "",
    );
    assert_eq!(code, 6);
    let records = counter.records();
    assert_eq!(
        (records[1]["visit"].clone(), records[1]["outcome"].clone()),
        (json!("completion"), json!("refused"))
    );
    // Outside counter mode no record has a visit.
    let (code, _) = counter.run(&["verify", "auth", "--pin-stdin"], &format!("{AUTH}\n"));
    assert_eq!(code, 0);
    let records = counter.records();
    assert!(records[2].get("visit").is_none(), "{}", records[2]);
    assert_eq!(counter.audit_verify().0, 0);
}

#[test]
fn an_issuer_reset_of_a_full_counter_is_ok_only_with_its_confirmation() {
    let counter = Counter::new();
    // The right value: the confirmation proves the reset, recorded as done first.
    let (code, stdout) = counter.run(
        &["reset", "sign", "--confirm", "--pin-stdin"],
        &format!("{SIGN}\n"),
    );
    assert_eq!(code, 0, "{stdout}");
    // A wrong value: nothing proves the reset.
    let (code, stdout) = counter.run(
        &["reset", "auth", "--confirm", "--pin-stdin"],
        &format!("{WRONG}\n"),
    );
    assert_eq!(code, 4, "{stdout}");
    let records = counter.records();
    let summary: Vec<(Value, Value, Value, Value)> = records
        .iter()
        .map(|r| {
            (
                r["procedure"].clone(),
                r["kind"].clone(),
                r["outcome"].clone(),
                r["error"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (json!("reset"), json!("sign"), json!("ok"), Value::Null),
            (json!("verify"), json!("sign"), json!("ok"), Value::Null),
            (
                json!("reset"),
                json!("auth"),
                json!("unproven"),
                json!("wrong-pin")
            ),
            (
                json!("verify"),
                json!("auth"),
                json!("failed"),
                json!("wrong-pin")
            ),
        ]
    );
    // The unproven reset keeps the counter read before the hand-over, not the
    // confirmation's counters.
    assert_eq!(records[2]["before"]["left"], 3, "{}", records[2]);
    assert_eq!(records[2]["after"], Value::Null, "{}", records[2]);
    assert!(
        audit_show(&counter).contains("reset auth  unproven (wrong-pin)  3/3 → -"),
        "{}",
        audit_show(&counter)
    );
    assert_eq!(counter.audit_verify().0, 0);
}

#[test]
fn reset_failures_after_the_counter_was_read_record_it() {
    let counter = Counter::new();
    // A full counter without --confirm: refused after the read.
    let (code, _) = counter.run(&["reset", "auth"], "");
    assert_eq!(code, 2);
    // A blocked PIN the simulated card leaves blocked: the issuer check says not done.
    let mut profile = Profile::load(&counter.card).unwrap();
    profile.pins.get_mut(PinKind::Auth).tries_left = 0;
    profile.save_atomically(&counter.card).unwrap();
    let (code, _) = counter.run(&["reset", "auth"], "");
    assert_eq!(code, 1);
    // A card that refuses RESET RETRY COUNTER (6D 00) after the proof was verified.
    let (code, _) = counter.run(
        &[
            "reset",
            "auth",
            "--authority",
            "other-password",
            "--pin-stdin",
            "--sim-fault",
            "sw-6D00:2C",
        ],
        &format!("{SIGN}\n4826\n"),
    );
    assert_eq!(code, 1);
    let records = counter.records();
    let seen: Vec<(Value, Value, Value)> = records
        .iter()
        .map(|r| (r["error"].clone(), r["before"].clone(), r["card"].clone()))
        .map(|(error, before, card)| (error, before, json!(card.is_object())))
        .collect();
    let row = |state: &str, left: u8| json!({"kind":"auth","state":state,"left":left,"max":3});
    assert_eq!(
        seen,
        [
            (json!("usage"), row("remaining", 3), json!(true)),
            (json!("reset-not-done"), row("blocked", 0), json!(true)),
            (json!("reset-unsupported"), row("blocked", 0), json!(true)),
        ]
    );
}

#[cfg(unix)]
#[test]
fn without_operator_or_user_variables_the_record_names_the_real_users_account() {
    let counter = Counter::new();
    let expected = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let expected = String::from_utf8(expected.stdout)
        .unwrap()
        .trim()
        .to_owned();
    assert!(!expected.is_empty());
    for user in [None, Some("someone-else")] {
        let mut command = Command::cargo_bin("mynapin").unwrap();
        command
            .env("XDG_STATE_HOME", state_home())
            .env_remove("USER")
            .env_remove("LOGNAME")
            .env_remove("MYNAPIN_CONFIG")
            .arg(format!("--simulated={}", counter.card.display()))
            .arg("--audit-log")
            .arg(&counter.log)
            .args(["verify", "auth", "--pin-stdin"])
            .write_stdin(format!("{AUTH}\n"));
        // A $USER that says otherwise does not change who the OS says runs it.
        if let Some(user) = user {
            command.env("USER", user);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{output:?}");
    }
    let records = counter.records();
    assert_eq!(records[0]["operator"], expected.as_str(), "{}", records[0]);
    assert_eq!(records[1]["operator"], expected.as_str(), "{}", records[1]);
}

#[cfg(unix)]
#[test]
fn a_log_open_to_others_is_made_owner_only_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let counter = Counter::new();
    let (code, _) = counter.run(&["verify", "auth", "--pin-stdin"], &format!("{AUTH}\n"));
    assert_eq!(code, 0);
    let mode = || {
        std::fs::metadata(&counter.log)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(), 0o600);
    for (lang, warning) in [
        ("en", "its permissions are now owner-only (0600)"),
        ("ja", "所有者だけが読み書きできるように(0600)変更しました"),
    ] {
        std::fs::set_permissions(&counter.log, std::fs::Permissions::from_mode(0o644)).unwrap();
        let output = Command::cargo_bin("mynapin")
            .unwrap()
            .env("XDG_STATE_HOME", state_home())
            .arg(format!("--simulated={}", counter.card.display()))
            .arg("--audit-log")
            .arg(&counter.log)
            .args(["--lang", lang, "verify", "auth", "--pin-stdin"])
            .write_stdin(format!("{AUTH}\n"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(warning), "{stderr}");
        assert!(stderr.contains("0644"), "{stderr}");
        assert_eq!(mode(), 0o600, "{lang}");
    }
    // The records were appended to the same chain.
    assert_eq!(counter.records().len(), 3);
    assert_eq!(counter.audit_verify().0, 0);
}
