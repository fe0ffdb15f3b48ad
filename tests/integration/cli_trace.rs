//! CLI tests of `--trace` (record the exchange, PIN bytes masked) and `--replay` (serve a
//! trace back in place of a card), including the golden traces of `apdu-traces/`.

use assert_cmd::Command;
use serde_json::Value;

const GOLDENS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/apdu-traces");

fn mynapin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let output = Command::cargo_bin("mynapin")
        .expect("binary builds")
        .args(args)
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(stdin)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {stdout}"))
}

#[test]
fn trace_records_the_exchange_with_every_pin_byte_masked() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("change.trace");
    let trace_arg = trace.display().to_string();
    // Distinctive values: the default card's sign password, then a new one.
    let (code, stdout, stderr) = mynapin(
        &[
            "--simulated",
            "--trace",
            &trace_arg,
            "change",
            "sign",
            "--pin-stdin",
            "--format",
            "json",
        ],
        "ABCD1234\nQZ7391XK\n",
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = std::fs::read_to_string(&trace).expect("the trace was written");
    assert!(text.starts_with("# mynapin-trace 1\n"), "{text}");
    assert!(text.contains("# flow: change sign"), "{text}");
    assert!(text.contains("# date: "), "{text}");
    for secret in [
        "ABCD1234",
        "QZ7391XK",
        "41 42 43 44 31 32 33 34",
        "51 5A 37 33 39 31 58 4B",
    ] {
        assert!(!text.contains(secret), "{secret} in\n{text}");
    }
    // Both PIN-carrying commands are there, with their data masked byte for byte.
    assert!(
        text.contains("> 00 20 00 80 08 ** ** ** ** ** ** ** **"),
        "{text}"
    );
    assert!(
        text.contains("> 00 24 01 80 08 ** ** ** ** ** ** ** **"),
        "{text}"
    );
}

#[test]
fn trace_is_written_when_the_command_fails() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("wrong.trace");
    let trace_arg = trace.display().to_string();
    let (code, _, _) = mynapin(
        &[
            "--simulated",
            "--trace",
            &trace_arg,
            "verify",
            "auth",
            "--pin-stdin",
        ],
        "9876\n",
    );
    assert_eq!(code, 4);
    let text = std::fs::read_to_string(&trace).expect("the trace was written");
    assert!(text.contains("< 63 C2"), "{text}");
    assert!(!text.contains("39 38 37 36"), "{text}");
}

#[test]
fn a_recorded_trace_replays_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("verify.trace");
    let trace_arg = trace.display().to_string();
    let (code, ..) = mynapin(
        &[
            "--simulated",
            "--trace",
            &trace_arg,
            "verify",
            "text",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert_eq!(code, 0);
    let (code, stdout, stderr) = mynapin(
        &[
            "--replay",
            &trace_arg,
            "verify",
            "text",
            "--pin-stdin",
            "--format",
            "json",
        ],
        "1234\n",
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let document = json(&stdout);
    assert_eq!(document["schema"], "mynapin.verify/1");
    assert_eq!(document["card"]["source"], "replay");
}

/// A golden trace replayed through the CLI: (file, arguments, stdin, exit code, JSON
/// schema, error code).
type GoldenCase = (
    &'static str,
    &'static [&'static str],
    &'static str,
    i32,
    &'static str,
    Option<&'static str>,
);

#[test]
fn golden_traces_replay_through_the_cli() {
    let cases: [GoldenCase; 6] = [
        (
            "status-fresh.trace",
            &["status"],
            "",
            0,
            "mynapin.status/1",
            None,
        ),
        (
            "verify-auth-ok.trace",
            &["verify", "auth", "--pin-stdin"],
            "1234\n",
            0,
            "mynapin.verify/1",
            None,
        ),
        (
            "verify-auth-wrong.trace",
            &["verify", "auth", "--pin-stdin"],
            "9999\n",
            4,
            "mynapin.error/2",
            Some("wrong-pin"),
        ),
        (
            "verify-auth-last-try-refused.trace",
            &["verify", "auth", "--pin-stdin"],
            "1234\n",
            6,
            "mynapin.error/2",
            Some("last-try-guard"),
        ),
        (
            "change-auth.trace",
            &["change", "auth", "--pin-stdin"],
            "1234\n5678\n",
            0,
            "mynapin.change/1",
            None,
        ),
        (
            "change-auth-answer-lost.trace",
            &["change", "auth", "--pin-stdin"],
            "1234\n5678\n",
            7,
            "mynapin.error/2",
            Some("outcome-unknown"),
        ),
    ];
    for (file, args, stdin, exit, schema, error) in cases {
        let golden = format!("{GOLDENS}/{file}");
        let mut all = vec!["--replay", golden.as_str(), "--format", "json"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = mynapin(&all, stdin);
        assert_eq!(code, exit, "{file}: {stdout}{stderr}");
        let document = json(&stdout);
        assert_eq!(document["schema"], schema, "{file}");
        if let Some(error) = error {
            assert_eq!(document["error"], error, "{file}: {document}");
        }
    }
}

#[test]
fn replaying_a_trace_with_another_flow_fails_with_the_divergence() {
    let golden = format!("{GOLDENS}/change-auth.trace");
    // A verify is a prefix of the change: the trace has exchanges left over.
    let (code, stdout, _) = mynapin(
        &[
            "--replay",
            &golden,
            "--format",
            "json",
            "verify",
            "auth",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(json(&stdout)["error"], "trace-divergence");
    // A status sends another command at the third exchange (English: the message's words
    // are checked; the default language is Japanese).
    let (code, stdout, _) = mynapin(
        &[
            "--replay", &golden, "--format", "json", "--lang", "en", "status",
        ],
        "",
    );
    assert_eq!(code, 1, "{stdout}");
    let document = json(&stdout);
    assert_eq!(document["error"], "trace-divergence");
    let message = document["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("exchange 2") && message.contains("00 A4 02 0C 02 00 18"),
        "{message}"
    );
}

#[test]
fn a_broken_trace_file_is_a_clear_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.trace");
    std::fs::write(&path, "# mynapin-trace 1\n> 00 A4 04 0C ZZ\n< 90 00\n").unwrap();
    let path_arg = path.display().to_string();
    let (code, stdout, _) = mynapin(
        &[
            "--replay", &path_arg, "--format", "json", "--lang", "en", "status",
        ],
        "",
    );
    assert_eq!(code, 2, "{stdout}");
    let message = json(&stdout)["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("line 2"), "{message}");
}
