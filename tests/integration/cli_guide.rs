//! The `mynapin guide` command (text in Japanese and English, JSON valid against
//! `schemas/mynapin.guide/2.schema.json`, `--card` on a simulated card) and counter mode:
//! refusals exit 6 with `counter-requirements-not-met` and never touch the card (the
//! simulated card's profile file is byte-for-byte the same, and no trace is written); a
//! proxy's application visit ends without the card; the counter flags outside counter
//! mode are usage errors; the configuration file turns counter mode on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn mynapin() -> Command {
    let mut command = Command::cargo_bin("mynapin").expect("the binary");
    command
        .env_remove("MYNAPIN_CONFIG")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env("LC_ALL", "C")
        .timeout(Duration::from_secs(60));
    command
}

/// A simulated card (the default profile) in a file, and its bytes.
fn card() -> (TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().expect("a folder");
    let output = mynapin().args(["sim", "profile"]).output().expect("run");
    let path = dir.path().join("card.toml");
    std::fs::write(&path, &output.stdout).expect("write");
    (dir, path, output.stdout)
}

fn validate(document: &Value) {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/mynapin.guide/2.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("json");
    let validator = jsonschema::draft202012::new(&schema).expect("a schema");
    let problems: Vec<String> = validator
        .iter_errors(document)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{document}\n{problems:#?}");
}

#[test]
fn guide_in_japanese_lists_what_to_bring_and_when() {
    let output = mynapin()
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "self",
            "--at",
            "2026-05-06T10:00",
        ])
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.starts_with("旭市: 暗証番号の再設定(初期化)(本人)"),
        "{text}"
    );
    assert!(text.contains("Aから1点、またはBから1点"), "{text}");
    assert!(
        text.contains("旭市役所 本庁舎1階 正面玄関左の特設ブース"),
        "{text}"
    );
    assert!(text.contains("現在、窓口は閉まっています。"), "{text}");
    assert!(
        text.contains("次に開くのは 2026-05-07 09:00 です。"),
        "{text}"
    );
    assert!(
        text.contains("https://www.city.asahi.lg.jp/soshiki/7/2222.html"),
        "{text}"
    );
}

#[test]
fn guide_in_english_for_a_proxy_says_the_first_visit_ends_there() {
    let output = mynapin()
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "proxy",
            "--visit",
            "application",
        ])
        .args(["--at", "2026-05-07T10:00", "--lang", "en"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(text.contains("one from list A, or 2 from list B"), "{text}");
    assert!(text.contains("does not finish the procedure"), "{text}");
    assert!(text.contains("open now (until 17:00)"), "{text}");
    assert!(text.contains("Citizens' Life Division"), "{text}");
}

#[test]
fn guide_json_is_valid_for_every_applicant_and_city() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for file in [
        "asahi-chiba.toml",
        "kashima-ibaraki.toml",
        "kasugai-aichi.toml",
        "kikuchi-kumamoto.toml",
        "ome-tokyo.toml",
    ] {
        for applicant in ["self", "household", "legal-minor", "legal-ward", "proxy"] {
            let output = mynapin()
                .args([
                    "guide",
                    "--procedure",
                    "reset",
                    "--applicant",
                    applicant,
                    "--format",
                    "json",
                ])
                .arg("--rules")
                .arg(rules.join(file))
                .output()
                .expect("run");
            assert!(output.status.success(), "{file} {applicant}");
            let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
            validate(&document);
        }
    }
}

/// `mynapin guide` on the test-only rules (`tests/fixtures/rules/`) for one applicant.
fn fixture_guide(applicant: &str, extra: &[&str]) -> std::process::Output {
    let output = mynapin()
        .args(["guide", "--procedure", "reset", "--applicant", applicant])
        .args(["--at", "2026-05-07T10:00"])
        .args(extra)
        .arg("--rules")
        .arg(crate::procedure::fixture_rules_path())
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{applicant} {extra:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn guide_shows_a_household_member_a_reservation_a_fee_and_the_proxy_age() {
    // Japanese (the default): the household member's own document, the reservation, the fee.
    let text = String::from_utf8(fixture_guide("household", &[]).stdout).expect("UTF-8");
    assert!(
        text.starts_with("試験市: 暗証番号の再設定(初期化)(同一世帯員)"),
        "{text}"
    );
    assert!(
        text.contains("窓口に来る代理人の本人確認書類(Aから1点)"),
        "{text}"
    );
    assert!(text.contains("予約が必要です。"), "{text}");
    assert!(text.contains("手数料: 300円"), "{text}");
    let text = String::from_utf8(fixture_guide("proxy", &["--visit", "completion"]).stdout)
        .expect("UTF-8");
    assert!(text.contains("任意代理人は15歳以上であること"), "{text}");
    assert!(text.contains("委任状"), "{text}");
    // English.
    let text =
        String::from_utf8(fixture_guide("household", &["--lang", "en"]).stdout).expect("UTF-8");
    assert!(text.contains("a member of the same household"), "{text}");
    assert!(text.contains("A reservation is needed."), "{text}");
    assert!(text.contains("Fee: 300 yen"), "{text}");
    let text = String::from_utf8(
        fixture_guide("proxy", &["--visit", "application", "--lang", "en"]).stdout,
    )
    .expect("UTF-8");
    assert!(text.contains("the proxy is 15 or older"), "{text}");
    assert!(text.contains("A reservation is needed."), "{text}");
    // JSON, valid against the schema.
    let household: Value =
        serde_json::from_slice(&fixture_guide("household", &["--format", "json"]).stdout)
            .expect("JSON");
    validate(&household);
    assert_eq!(household["applicant"], "household");
    assert_eq!(household["reservation_required"], true);
    assert_eq!(household["counter_fee_yen"], 300);
    assert!(household["not_accepted"].is_null(), "{household}");
    let items = household["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|item| item["item"] == "agent-ids"
                && item["alternatives"] == serde_json::json!(["A1"])),
        "{household}"
    );
    let proxy: Value = serde_json::from_slice(
        &fixture_guide("proxy", &["--visit", "completion", "--format", "json"]).stdout,
    )
    .expect("JSON");
    validate(&proxy);
    let items = proxy["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|item| item["item"] == "agent-min-age" && item["years"] == 15),
        "{proxy}"
    );
    assert!(
        items
            .iter()
            .any(|item| item["item"] == "paper" && item["paper"] == "power-of-attorney"),
        "{proxy}"
    );
    // A shipped city whose page names neither: nothing is said about either.
    let asahi: Value = serde_json::from_slice(
        &mynapin()
            .args(["guide", "--procedure", "reset", "--applicant", "self"])
            .args(["--format", "json"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("JSON");
    assert!(asahi["reservation_required"].is_null(), "{asahi}");
    assert!(asahi["counter_fee_yen"].is_null(), "{asahi}");
}

#[test]
fn guide_with_the_card_adds_its_routes_and_leaves_the_counters_alone() {
    let (_dir, path, _) = card();
    // Block the signature password: the kiosk with the user authentication password.
    let text = std::fs::read_to_string(&path).expect("read");
    let blocked = text.replacen("tries_left = 5", "tries_left = 0", 1);
    assert_ne!(text, blocked);
    std::fs::write(&path, &blocked).expect("write");
    let output = mynapin()
        .arg(format!("--simulated={}", path.display()))
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "self",
            "--card",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    validate(&document);
    assert_eq!(document["routes"][0]["route"], "kiosk");
    assert_eq!(document["routes"][0]["reset"], "sign");
    assert_eq!(document["routes"][1]["route"], "counter");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        blocked,
        "status consumes no try"
    );
}

#[test]
fn guide_with_a_childs_card_says_it_has_no_signature_password_and_offers_no_kiosk() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("child.toml");
    let mut profile = mynapin::sim::Profile {
        signature_certificate: false,
        ..mynapin::sim::Profile::default()
    };
    profile
        .pins
        .get_mut(mynapin::card::PinKind::Auth)
        .tries_left = 0;
    profile.save_atomically(&path).expect("save");
    let guide = |lang: &str, format: &str| {
        let output = mynapin()
            .arg(format!("--simulated={}", path.display()))
            .args(["--lang", lang, "--format", format])
            .args([
                "guide",
                "--procedure",
                "reset",
                "--applicant",
                "legal-minor",
            ])
            .args(["--card", "--at", "2026-05-07T10:00"])
            .output()
            .expect("run");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let document: Value = serde_json::from_str(&guide("en", "json")).expect("JSON");
    validate(&document);
    assert_eq!(document["signature_password"], false, "{document}");
    assert_eq!(
        document["routes"],
        serde_json::json!([{"route": "counter", "pins": ["auth"]}])
    );
    let english = guide("en", "text");
    assert!(
        english.contains("This card has no signature password"),
        "{english}"
    );
    assert!(
        !english.contains("convenience-store multifunction printer"),
        "{english}"
    );
    let japanese = guide("ja", "text");
    assert!(
        japanese.contains("このカードには署名用電子証明書パスワードがありません"),
        "{japanese}"
    );
    assert!(!japanese.contains("マルチコピー機"), "{japanese}");
    // The adult's card the same way: the kiosk is offered, the document says it has one.
    let mut profile = mynapin::sim::Profile::default();
    profile
        .pins
        .get_mut(mynapin::card::PinKind::Auth)
        .tries_left = 0;
    profile.save_atomically(&path).expect("save");
    let document: Value = serde_json::from_str(&guide("en", "json")).expect("JSON");
    assert_eq!(document["signature_password"], true, "{document}");
    assert!(guide("en", "text").contains("convenience-store multifunction printer"));
}

#[test]
fn guide_rejects_a_visit_for_anyone_but_a_proxy_and_a_bad_rules_file() {
    mynapin()
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "self",
            "--visit",
            "completion",
        ])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().expect("a folder");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "format = 1\nmunicipalty = 1\n").expect("write");
    let output = mynapin()
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "self",
            "--lang",
            "en",
        ])
        .arg("--rules")
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2 (field municipalty)"), "{stderr}");
}

/// Runs a PIN command in counter mode on a card file and returns the output, after
/// checking the card was not touched (same bytes, no trace written).
fn refused(args: &[&str]) -> std::process::Output {
    let (dir, path, before) = card();
    let trace = dir.path().join("trace.txt");
    let output = mynapin()
        .arg(format!("--simulated={}", path.display()))
        .arg("--trace")
        .arg(&trace)
        .args(args)
        .write_stdin("1234\n5678\n")
        .output()
        .expect("run");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the card file changed"
    );
    assert!(!trace.exists(), "an APDU exchange was traced");
    output
}

#[test]
fn counter_mode_refuses_before_the_card_with_exit_6() {
    // A legal representative without the representative's identity documents or a proof.
    let output = refused(&[
        "--counter",
        "verify",
        "auth",
        "--pin-stdin",
        "--applicant",
        "legal-minor",
        "--id",
        "B:pension-book",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(6));
    let error: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(error["error"], "counter-requirements-not-met");
    assert_eq!(error["exit_code"], 6);
    // Copies are not accepted: the message says so.
    let output = refused(&[
        "--counter",
        "--lang",
        "en",
        "change",
        "auth",
        "--pin-stdin",
        "--applicant",
        "proxy",
        "--visit",
        "completion",
        "--id",
        "A:passport:copy",
        "--agent-id",
        "A:passport",
        "--agent-id",
        "B:employee-id",
        "--papers",
        "reply-form,pin-slip",
    ]);
    assert_eq!(output.status.code(), Some(6));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("copies are not accepted"), "{stderr}");
    // An applicant the rules do not accept.
    let output = refused(&[
        "--counter",
        "verify",
        "auth",
        "--pin-stdin",
        "--applicant",
        "household",
    ]);
    assert_eq!(output.status.code(), Some(6));
}

#[test]
fn counter_mode_checks_the_reset_rules_before_the_card() {
    // Every authority: the rules come first, so nothing is read from the card.
    // (The key file does not exist: the rules refuse before it is read.)
    for authority in ["issuer", "other-password", "terminal-key"] {
        let key: &[&str] = match authority {
            "terminal-key" => &["--key-file", "/nonexistent/terminal.key"],
            _ => &[],
        };
        let output = refused(
            &[
                &["--counter", "reset", "sign", "--authority", authority][..],
                key,
                &[
                    "--pin-stdin",
                    "--applicant",
                    "legal-minor",
                    "--id",
                    "B:pension-book",
                    "--format",
                    "json",
                ][..],
            ]
            .concat(),
        );
        assert_eq!(output.status.code(), Some(6), "{authority}: {output:?}");
        let error: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(error["error"], "counter-requirements-not-met");
        assert_eq!(error["command"], "reset");
    }
    let output = refused(&[
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
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_proxy_application_visit_ends_without_the_card() {
    let output = refused(&[
        "--counter",
        "change",
        "sign",
        "--pin-stdin",
        "--applicant",
        "proxy",
        "--visit",
        "application",
        "--agent-id",
        "A:drivers-license",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("任意代理人の申請は本日ここまでです"),
        "{text}"
    );
}

#[test]
fn counter_flags_outside_counter_mode_are_usage_errors() {
    let output = refused(&["verify", "auth", "--pin-stdin", "--applicant", "self"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_configuration_file_turns_counter_mode_on_and_names_the_rules() {
    let (dir, path, before) = card();
    let config = dir.path().join("mynapin.toml");
    std::fs::write(
        &config,
        "counter = true\nrules = \"kashima.toml\"\noperator = \"窓口3\"\n",
    )
    .expect("write");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/kashima-ibaraki.toml"),
        dir.path().join("kashima.toml"),
    )
    .expect("copy");
    // Kashima's page describes no change procedure: refused before the card.
    let output = mynapin()
        .env("MYNAPIN_CONFIG", &config)
        .arg(format!("--simulated={}", path.display()))
        .args(["verify", "auth", "--pin-stdin", "--applicant", "self"])
        .write_stdin("1234\n")
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // With the embedded rules, the holder with the card alone may verify.
    let output = mynapin()
        .arg("--config")
        .arg(&config)
        .arg("--rules")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/asahi-chiba.toml"))
        .arg(format!("--simulated={}", path.display()))
        .args(["verify", "auth", "--pin-stdin", "--applicant", "self"])
        .write_stdin("1234\n")
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A configuration with an unknown field is a usage error naming it.
    std::fs::write(&config, "countr = true\n").expect("write");
    let output = mynapin()
        .arg("--config")
        .arg(&config)
        .args([
            "guide",
            "--procedure",
            "reset",
            "--applicant",
            "self",
            "--lang",
            "en",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("field countr"));
}

#[test]
fn a_counter_refusal_in_json_lists_what_is_missing_as_the_guide_names_it() {
    let (_dir, path, before) = card();
    let case = ["--applicant", "legal-minor"];
    let output = mynapin()
        .arg(format!("--simulated={}", path.display()))
        .args(["--counter", "--lang", "en", "--format", "json"])
        .args(["reset", "auth", "--pin-stdin", "--id", "B:pension-book"])
        .args(case)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(6), "{output:?}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    let error: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/mynapin.error/2.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("json");
    let validator = jsonschema::draft202012::new(&schema).expect("a schema");
    assert!(validator.is_valid(&error), "{error}");
    let missing = error["missing"].as_array().expect("a missing array");
    // One entry per line the message lists.
    let listed = error["message"]
        .as_str()
        .expect("a message")
        .matches("\n  - ");
    assert_eq!(missing.len(), listed.count(), "{error}");
    // Each is an item of the guide for the same case, with why it is missing; the holder's
    // pension book counted, so the holder's documents are not among them.
    let guide = mynapin()
        .args(["guide", "--procedure", "reset", "--format", "json"])
        .args(case)
        .output()
        .expect("run");
    let guide: Value = serde_json::from_slice(&guide.stdout).expect("JSON");
    let items = guide["items"].as_array().expect("items");
    for entry in missing {
        let mut item = entry.clone();
        let reason = item.as_object_mut().expect("an object").remove("reason");
        assert_eq!(reason, Some(Value::from("not-presented")), "{entry}");
        assert!(items.contains(&item), "{item} not in {items:?}");
        assert_ne!(item["item"], "holder-ids", "{item}");
    }
    // Other errors have no such field.
    let output = mynapin()
        .arg(format!("--simulated={}", path.display()))
        .args(["--format", "json", "verify", "auth", "--pin-stdin"])
        .write_stdin("0000\n")
        .output()
        .expect("run");
    let error: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(error["error"], "wrong-pin");
    assert!(error.get("missing").is_none(), "{error}");
}
