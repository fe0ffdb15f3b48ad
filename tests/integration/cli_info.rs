//! `mynapin info` and the expiry line of `mynapin status` against the simulated card, in
//! Japanese, English and JSON: the certificate dates the simulated card serves
//! (`src/sim/certs/`: auth 2026-01-01 to 2031-01-01, its CA to 2046-01-01), the days left
//! counted from the clock of this test, and that no PIN, no cardholder data and no
//! subject of the card's own certificate appears anywhere.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use mynapin::card::PinKind;
use mynapin::sim::Profile;
use serde_json::Value;

/// notAfter of the simulated auth certificate, 2031-01-01T00:00:00Z, in Unix seconds.
const AUTH_NOT_AFTER: i64 = 1_924_992_000;

/// The auth certificate's subject CN: never to be printed.
const AUTH_SUBJECT: &str = "mynapin simulated card auth";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with a fixed environment; fails if a PIN value or a cardholder datum
/// of the built-in simulated card, or the card certificate's subject, is printed.
fn mynapin(args: &[&str]) -> Run {
    let output = Command::cargo_bin("mynapin")
        .expect("the mynapin binary")
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run mynapin");
    let run = Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    };
    let profile = Profile::default();
    let person = &profile.person;
    let secrets = PinKind::ALL
        .iter()
        .map(|&kind| profile.pins.get(kind).value.clone())
        .chain([
            person.my_number.clone(),
            person.name.clone(),
            person.address.clone(),
            person.birth_date.clone(),
            person.security_code.clone(),
            AUTH_SUBJECT.to_owned(),
        ]);
    for secret in secrets.filter(|secret| !secret.is_empty()) {
        assert!(
            !run.stdout.contains(&secret) && !run.stderr.contains(&secret),
            "{secret:?} printed by {args:?}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

/// JST calendar days from today to the auth certificate's expiry, counted here.
fn auth_days_left() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let jst_day = |seconds: i64| (seconds + 9 * 3600).div_euclid(86_400);
    jst_day(AUTH_NOT_AFTER) - jst_day(i64::try_from(now).expect("seconds"))
}

#[test]
fn info_in_japanese_shows_both_certificates_dates_and_days_left() {
    let run = mynapin(&["--simulated", "--lang", "ja", "info"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("ATR: 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F (非接触)"),
        "{out}"
    );
    assert!(out.contains("トークンラベル: JPKIAPICCTOKEN2"), "{out}");
    assert!(out.contains("署名用電子証明書: あり"), "{out}");
    assert!(
        out.contains("利用者証明用電子証明書: 2026-01-01 から 2031-01-01 まで"),
        "{out}"
    );
    assert!(
        out.contains("証明書: 2026-01-01 から 2046-01-01 まで"),
        "{out}"
    );
    let days = format!("有効期限まで残り {} 日", auth_days_left());
    assert!(out.contains(&days), "{days} not in\n{out}");
    assert!(
        !out.contains("days"),
        "English in the Japanese text:\n{out}"
    );
}

#[test]
fn info_in_english_and_for_a_childs_card() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("child.toml");
    Profile {
        signature_certificate: false,
        ..Profile::default()
    }
    .save_atomically(&path)
    .expect("profile");
    let simulated = format!("--simulated={}", path.display());
    let run = mynapin(&[&simulated, "--lang", "en", "info"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("(contactless)"), "{out}");
    assert!(out.contains("Signature certificate: none"), "{out}");
    assert!(out.contains("2026-01-01 to 2031-01-01 (JST)"), "{out}");
    assert!(out.contains("2026-01-01 to 2046-01-01 (JST)"), "{out}");
    let days = format!("{} days left before it expires", auth_days_left());
    assert!(out.contains(&days), "{days} not in\n{out}");
}

#[test]
fn info_as_json_gives_the_dates_and_no_subject_of_the_cards_certificate() {
    let run = mynapin(&["--simulated", "--format", "json", "info"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(document["schema"], "mynapin.info/1");
    assert_eq!(document["interface"], "contactless");
    assert_eq!(document["token_label"], "JPKIAPICCTOKEN2");
    let auth = &document["auth_certificate"];
    assert_eq!(auth["not_before"], "2026-01-01T00:00:00Z");
    assert_eq!(auth["not_after"], "2031-01-01T00:00:00Z");
    assert_eq!(auth["days_left"], auth_days_left());
    assert_eq!(auth["renewal_opens"], "2030-10-01");
    assert_eq!(auth["subject"], Value::Null);
    let ca = &document["auth_ca_certificate"];
    assert_eq!(ca["not_after"], "2046-01-01T00:00:00Z");
    assert!(
        ca["subject"]
            .as_str()
            .is_some_and(|s| s.contains("auth-ca"))
    );
}

#[test]
fn status_text_adds_one_line_with_the_auth_certificates_expiry() {
    let line_ja = format!(
        "利用者証明用電子証明書の有効期限: 2031-01-01 (残り {} 日)",
        auth_days_left()
    );
    let run = mynapin(&["--simulated", "--lang", "ja", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| line.contains("有効期限"))
            .count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&line_ja),
        "{line_ja} not in\n{}",
        run.stdout
    );
    let run = mynapin(&["--simulated", "--lang", "en", "status", "sign"]);
    let line_en = format!(
        "User authentication certificate expires: 2031-01-01 ({} days left)",
        auth_days_left()
    );
    assert!(
        run.stdout.contains(&line_en),
        "{line_en} not in\n{}",
        run.stdout
    );
    // Not for the non-JPKI PINs alone, not in JSON (mynapin.status/1 is unchanged), not
    // for the replay of a trace without the certificate reads (a golden).
    let run = mynapin(&["--simulated", "--lang", "en", "status", "text", "juki"]);
    assert!(
        !run.stdout.contains("certificate expires"),
        "{}",
        run.stdout
    );
    let run = mynapin(&["--simulated", "--format", "json", "status"]);
    assert!(!run.stdout.contains("2031"), "{}", run.stdout);
    let trace = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/apdu-traces/status-fresh.trace"
    );
    let run = mynapin(&["--replay", trace, "--lang", "en", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("certificate expires"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_status_trace_with_the_certificate_reads_replays_whole_in_text_and_json() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let trace = dir.path().join("status.trace");
    let trace = trace.to_str().expect("UTF-8 path");
    let recorded = mynapin(&["--simulated", "--lang", "en", "--trace", trace, "status"]);
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    let text = std::fs::read_to_string(trace).expect("trace written");
    assert!(text.contains("> 00 A4 02 0C 02 00 0A"), "{text}");
    let replayed = mynapin(&["--replay", trace, "--lang", "en", "status"]);
    assert_eq!(replayed.code, 0, "{}", replayed.stderr);
    assert!(
        replayed
            .stdout
            .contains("User authentication certificate expires: 2031-01-01"),
        "{}",
        replayed.stdout
    );
    let json = mynapin(&["--replay", trace, "--format", "json", "status"]);
    assert_eq!(json.code, 0, "{}", json.stdout);
    let document: Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(document["schema"], "mynapin.status/1");
}

#[test]
fn status_still_succeeds_when_the_certificate_cannot_be_read() {
    // The status flow reads EF 0008 with the first READ BINARY; the second is the
    // certificate's header.
    for fault in ["sw-6982:B0:2", "remove-before:B0:2", "lose-answer:B0:3"] {
        let run = mynapin(&[
            "--simulated",
            "--sim-fault",
            fault,
            "--lang",
            "en",
            "status",
        ]);
        assert_eq!(run.code, 0, "{fault}: {}", run.stderr);
        assert!(
            run.stdout.contains("3 of 3 tries left"),
            "{fault}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("certificate expires"),
            "{fault}: {}",
            run.stdout
        );
    }
}

#[test]
fn info_of_a_card_pulled_mid_read_fails_like_status() {
    let run = mynapin(&[
        "--simulated",
        "--sim-fault",
        "remove-before:B0:4",
        "--format",
        "json",
        "info",
    ]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(document["schema"], "mynapin.error/2", "{document}");
    assert_eq!(document["error"], "card-removed", "{document}");
}

#[test]
fn info_replays_its_golden_trace_without_an_atr() {
    let trace = concat!(env!("CARGO_MANIFEST_DIR"), "/apdu-traces/info-fresh.trace");
    let run = mynapin(&["--replay", trace, "--format", "json", "info"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(document["card"]["source"], "replay");
    assert_eq!(document["atr"], Value::Null);
    assert_eq!(document["interface"], Value::Null);
    assert_eq!(document["auth_certificate"]["expires_on"], "2031-01-01");
    let run = mynapin(&["--replay", trace, "--lang", "ja", "info"]);
    assert!(run.stdout.contains("ATR: 不明"), "{}", run.stdout);
}
