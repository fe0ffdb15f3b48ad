//! `mynapin doctor`: the document and exit code on this machine whatever runs (a broken
//! configuration through `MYNAPIN_CONFIG`), and, through a real pcscd with vpcd, each
//! fault the suite can stage: a My Number Card on slot 1, a card that is not one, no card,
//! and pcscd stopped (`not_running`: `.ci/test` runs it after stopping pcscd). A polkit
//! refusal cannot be staged here (the tests run as root, whom polkit always allows, and
//! this pcscd asks no polkit): the unit tests of `src/doctor/tests.rs` cover it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What one run gave: exit code, stdout, stderr.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}\n{}", self.stdout, self.stderr))
    }
}

/// pcsc-lite's client looks for pcscd's socket here instead of /run/pcscd/pcscd.comm: a
/// path where no pcscd listens keeps the tests that do not hold the pcscd lock away from
/// the machine's pcscd and its cards (doctor would send SELECT to each).
pub(crate) const NO_PCSCD: (&str, &str) = ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm");

/// `mynapin ARGS doctor` through the machine's pcscd (hold the pcscd lock).
#[cfg(feature = "pcsc")]
fn doctor(args: &[&str], config: Option<&Path>) -> Run {
    doctor_in(args, config, &[])
}

/// `mynapin ARGS doctor` out of pcscd's reach.
fn doctor_without_pcscd(args: &[&str], config: Option<&Path>) -> Run {
    doctor_in(args, config, &[NO_PCSCD])
}

fn doctor_in(args: &[&str], config: Option<&Path>, envs: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mynapin"));
    command
        .envs(envs.iter().copied())
        .args(args)
        .arg("doctor")
        .env("LANG", "en_US.UTF-8")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MYNAPIN_CONFIG");
    if let Some(config) = config {
        command.env("MYNAPIN_CONFIG", config);
    }
    let output = command.output().expect("mynapin runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The entry of `check` in a `mynapin.doctor/1` document.
fn check<'a>(document: &'a Value, check: &str) -> &'a Value {
    document["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|entry| entry["check"] == check))
        .unwrap_or_else(|| panic!("no {check} in {document}"))
}

/// Exit 3 exactly when a check failed, and `ok` says the same.
fn assert_exit_matches(run: &Run, document: &Value) {
    let failed = document["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|entry| entry["outcome"] == "failure");
    assert_eq!(document["ok"], Value::Bool(!failed), "{document}");
    assert_eq!(run.code, if failed { 3 } else { 0 }, "{document}");
}

#[test]
fn a_broken_configuration_is_a_failure_with_its_line_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mynapin.toml");
    std::fs::write(&config, "counter = true\ncountr = false\n").unwrap();
    let run = doctor_without_pcscd(&["--format", "json"], Some(&config));
    let document = run.json();
    assert_eq!(document["schema"], "mynapin.doctor/1");
    // Out of pcscd's reach indeed: nothing here touched the machine's cards.
    #[cfg(feature = "pcsc")]
    assert_eq!(check(&document, "pcscd")["outcome"], "failure");
    let entry = check(&document, "configuration");
    assert_eq!(entry["outcome"], "failure", "{document}");
    assert!(
        entry["summary"].as_str().unwrap().contains("line 2"),
        "{entry}"
    );
    assert!(
        entry["fix"].as_str().unwrap().contains("MYNAPIN_CONFIG"),
        "{entry}"
    );
    // Which rules apply is unknown while the configuration cannot be read.
    assert_eq!(check(&document, "rules")["outcome"], "skipped");
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert_eq!(document["ok"], false);

    // The same file fixed: that check is fine, the exit code follows the others.
    std::fs::write(&config, "counter = true\n").unwrap();
    let run = doctor_without_pcscd(&["--format", "json"], Some(&config));
    let document = run.json();
    assert_eq!(check(&document, "configuration")["outcome"], "ok");
    assert_exit_matches(&run, &document);

    // Text, in Japanese: one line per check, the failure marked, its fix indented.
    std::fs::write(&config, "countr = false\n").unwrap();
    let run = doctor_without_pcscd(&["--lang", "ja"], Some(&config));
    assert_eq!(run.code, 3);
    let line = run
        .stdout
        .lines()
        .find(|line| line.starts_with("✗ 設定ファイル"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.contains("1行目"), "{line}");
    assert!(run.stdout.contains("    → "), "{}", run.stdout);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| !line.starts_with(' '))
            .count(),
        12
    );
}

#[test]
fn an_unwritable_audit_log_and_a_missing_rules_file_are_failures() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    std::fs::create_dir(&log).unwrap();
    let missing = dir.path().join("no-rules.toml");
    let run = doctor_without_pcscd(
        &[
            "--format",
            "json",
            "--audit-log",
            log.to_str().unwrap(),
            "--rules",
            missing.to_str().unwrap(),
        ],
        None,
    );
    let document = run.json();
    assert_eq!(
        check(&document, "audit-log")["outcome"],
        "failure",
        "{document}"
    );
    assert_eq!(
        check(&document, "rules")["outcome"],
        "failure",
        "{document}"
    );
    assert_eq!(run.code, 3);
}

#[cfg(feature = "pcsc")]
mod through_pcscd {
    use super::*;
    use crate::common::{lock, require_pcscd, require_pcscd_stopped};
    use crate::e2e_cli::{InsertedCard, SLOT1_PORT};
    use mynapin::sim::Profile;

    const SLOT1: &str = "Virtual PCD 00 01";

    #[test]
    #[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration doctor -- --ignored --skip not_running"]
    fn doctor_e2e_a_my_number_card_on_slot_1() {
        require_pcscd();
        let _one = lock();
        let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);
        let run = doctor(&["--format", "json", "--reader", SLOT1], None);
        card.pull();
        let document = run.json();
        for name in ["pcsc-library", "pcscd", "readers", "card"] {
            assert_eq!(
                check(&document, name)["outcome"],
                "ok",
                "{name}: {document}"
            );
        }
        let readers = check(&document, "readers")["items"].to_string();
        assert!(
            readers.contains("Virtual PCD 00 01: vsmartcard vpcd"),
            "{readers}"
        );
        let card = check(&document, "card")["items"][0]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            card.starts_with("Virtual PCD 00 01: ATR 3B 88 80 01"),
            "{card}"
        );
        assert!(card.contains("a contactless My Number Card ATR"), "{card}");
        assert!(card.ends_with("answers JPKI"), "{card}");
        assert_exit_matches(&run, &document);
    }

    #[test]
    #[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration doctor -- --ignored --skip not_running"]
    fn doctor_e2e_a_card_that_is_not_a_my_number_card() {
        require_pcscd();
        let _one = lock();
        // A FeliCa-like ATR, and the SELECT of the JPKI AP refused with 6A 82.
        let profile = Profile {
            atr: "3B 8F 80 01 80 4F 0C A0 00 00 03 06 11 00 3B 00 00 00 00 42".into(),
            ..Profile::default()
        };
        let card = InsertedCard::insert(SLOT1_PORT, &profile, Some("sw-6A82:A4"));
        let run = doctor(&["--format", "json", "--reader", SLOT1], None);
        card.pull();
        let document = run.json();
        let entry = check(&document, "card");
        assert_eq!(entry["outcome"], "failure", "{document}");
        assert!(
            entry["summary"]
                .as_str()
                .unwrap()
                .contains("not a My Number Card"),
            "{entry}"
        );
        let item = entry["items"][0].as_str().unwrap();
        assert!(item.contains("not a known My Number Card ATR"), "{item}");
        assert!(item.ends_with("does not answer JPKI"), "{item}");
        assert_eq!(run.code, 3);
    }

    #[test]
    #[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration doctor -- --ignored --skip not_running"]
    fn doctor_e2e_no_card_in_the_slot() {
        require_pcscd();
        let _one = lock();
        let run = doctor(&["--format", "json", "--reader", SLOT1], None);
        let document = run.json();
        let entry = check(&document, "card");
        assert_eq!(entry["outcome"], "failure", "{document}");
        assert!(
            entry["summary"]
                .as_str()
                .unwrap()
                .contains("no card in Virtual PCD 00 01"),
            "{entry}"
        );
        let vpcd = check(&document, "vpcd-readers");
        assert_eq!(vpcd["outcome"], "warning", "{document}");
        assert!(vpcd["summary"].as_str().unwrap().contains(SLOT1), "{vpcd}");
        assert_eq!(run.code, 3);
    }

    #[test]
    #[ignore = "needs pcscd stopped (.ci/test runs it after stopping pcscd): cargo test --test integration not_running -- --ignored"]
    fn doctor_pcscd_not_running_is_explained() {
        require_pcscd_stopped();
        let run = doctor(&["--format", "json"], None);
        let document = run.json();
        let entry = check(&document, "pcscd");
        assert_eq!(entry["outcome"], "failure", "{document}");
        assert!(
            entry["summary"].as_str().unwrap().contains("not running"),
            "{entry}"
        );
        assert!(entry["fix"].as_str().unwrap().contains("pcscd"), "{entry}");
        for name in ["polkit", "readers", "card", "vpcd-readers"] {
            assert_eq!(
                check(&document, name)["outcome"],
                "skipped",
                "{name}: {document}"
            );
        }
        assert_eq!(run.code, 3);
        let text = doctor(&["--lang", "ja"], None);
        assert!(
            text.stdout.contains("✗ pcscd: pcscd が動いていません"),
            "{}",
            text.stdout
        );
    }
}
