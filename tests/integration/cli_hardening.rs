//! The command line under hostile conditions (a tester's findings, one test each): trace
//! paths that must not be replaced, output that cannot be written, signals at the no-echo
//! prompt, `--pin-stdin` on a terminal, usage errors in JSON and Japanese, replayed
//! answers said to be replayed, extra input lines and options that would be ignored.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mynapin::sim::Profile;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mynapin");
const GOLDENS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/apdu-traces");

/// One run: exit code (`None`: killed by a signal), stdout, stderr.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}--- stderr\n{}---",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not one JSON document ({error}):\n{self}"))
    }
}

/// The binary with a fixed environment (no locale, the tests' state home).
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("XDG_STATE_HOME", crate::audit::state_home());
    command
}

/// Runs with `stdin`, stdout and stderr captured.
fn run(args: &[&str], stdin: &str) -> Run {
    run_with(captured(args), stdin)
}

fn run_with(mut command: Command, stdin: &str) -> Run {
    command.stdin(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn captured(args: &[&str]) -> Command {
    let mut command = command(args);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command
}

fn card_file(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("card.toml");
    Profile::default().save_atomically(&path).unwrap();
    let argument = format!("--simulated={}", path.display());
    (path, argument)
}

fn usage_failure(run: &Run) {
    assert_eq!(run.code, Some(2), "{run}");
}

// 1. --trace FILE never replaces what is not a trace of its own.

#[test]
fn trace_to_a_fifo_is_refused_and_the_fifo_stays() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let trace = fifo.display().to_string();
    let result = run_with(
        captured(&["--simulated", "--lang", "en", "--trace", &trace, "status"]),
        "",
    );
    usage_failure(&result);
    assert!(result.stderr.contains("--trace"), "{result}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "still a FIFO"
    );
}

#[test]
fn trace_through_a_link_to_the_redirected_stdout_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let link = dir.path().join("stdout-link");
    // What `--trace /dev/stdout` is when stdout is redirected to a file, without
    // touching /dev.
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let mut command = command(&[
        "--simulated",
        "--lang",
        "en",
        "--trace",
        &link.display().to_string(),
        "status",
    ]);
    command
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::piped());
    let result = run_with(command, "");
    usage_failure(&result);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains("mynapin-trace"), "{written}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn trace_onto_the_replayed_trace_is_refused_and_it_stays() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("status.trace");
    std::fs::copy(Path::new(GOLDENS).join("status-fresh.trace"), &trace).unwrap();
    let before = std::fs::read(&trace).unwrap();
    let path = trace.display().to_string();
    // The same file under another name: still refused.
    let other = dir
        .path()
        .join(".")
        .join("status.trace")
        .display()
        .to_string();
    let result = run(
        &[
            "--replay", &path, "--trace", &other, "--format", "json", "status",
        ],
        "",
    );
    usage_failure(&result);
    assert_eq!(result.json()["error"], "usage", "{result}");
    assert_eq!(std::fs::read(&trace).unwrap(), before);
}

#[test]
fn trace_onto_the_profile_is_refused_and_the_card_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (path, simulated) = card_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let trace = path.display().to_string();
    let result = run(
        &[
            &simulated,
            "--lang",
            "en",
            "--trace",
            &trace,
            "verify",
            "auth",
            "--pin-stdin",
        ],
        "1234\n",
    );
    usage_failure(&result);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn trace_to_a_new_or_regular_file_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("new.trace");
    std::fs::write(&trace, "old").unwrap();
    let path = trace.display().to_string();
    let result = run(&["--simulated", "--trace", &path, "status"], "");
    assert_eq!(result.code, Some(0), "{result}");
    assert!(
        std::fs::read_to_string(&trace)
            .unwrap()
            .starts_with("# mynapin-trace 1")
    );
}

// 2. Output that cannot be written never panics.

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

#[test]
fn stdout_to_a_full_device_is_exit_10_not_a_panic() {
    let mut command = command(&["--simulated", "--lang", "en", "status"]);
    command.stdout(dev_full()).stderr(Stdio::piped());
    let result = run_with(command, "");
    assert_eq!(result.code, Some(10), "{result}");
    assert!(!result.stderr.contains("panicked"), "{result}");
    assert!(result.stderr.contains("output"), "{result}");
}

#[test]
fn a_change_done_with_stdout_full_says_it_was_done() {
    let dir = tempfile::tempdir().unwrap();
    let (path, simulated) = card_file(dir.path());
    let mut command = command(&[&simulated, "--lang", "en", "change", "auth", "--pin-stdin"]);
    command.stdout(dev_full()).stderr(Stdio::piped());
    let result = run_with(command, "1234\n5678\n");
    assert_eq!(result.code, Some(10), "{result}");
    assert!(result.stderr.contains("was done"), "{result}");
    assert_eq!(Profile::load(&path).unwrap().pins.auth.value, "5678");
}

#[test]
fn stdout_to_a_closed_pipe_is_exit_10_not_a_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = command(&["--simulated", "--format", "json", "status"]);
    command.stdout(writer).stderr(Stdio::piped());
    let result = run_with(command, "");
    assert_eq!(result.code, Some(10), "{result}");
    assert!(!result.stderr.contains("panicked"), "{result}");
}

#[test]
fn stderr_to_a_full_device_keeps_the_exit_code() {
    let mut command = command(&[
        "--simulated",
        "--lang",
        "en",
        "verify",
        "auth",
        "--pin-stdin",
    ]);
    command.stdout(Stdio::piped()).stderr(dev_full());
    let result = run_with(command, "9999\n");
    assert_eq!(result.code, Some(4), "{result}");
    let mut command = command_all_full(&["--simulated", "--lang", "en", "status", "bogus"]);
    let status = command.status().unwrap();
    assert_eq!(status.code(), Some(2));
}

fn command_all_full(args: &[&str]) -> Command {
    let mut command = command(args);
    command.stdout(dev_full()).stderr(dev_full());
    command
}

// 3. and 4. The terminal.

/// Runs `shell` under script(1) (a pseudo-terminal), sending each input once its text
/// shows (after a moment, as the prompt switches echo off after showing); returns the
/// screen. Killed after 20 s.
fn on_terminal(shell: &str, inputs: &[(&str, &str)]) -> String {
    let mut child = Command::new("script")
        .args(["-qec", shell, "/dev/null"])
        .env("LANG", "en_US.UTF-8")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script(1) runs (package bsdutils)");
    let screen = Arc::new(Mutex::new(String::new()));
    let mut output = child.stdout.take().unwrap();
    let reader = {
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 1024];
            while let Ok(read) = output.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&chunk[..read]).into_owned();
                screen
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push_str(&text);
            }
        })
    };
    let shown = || {
        screen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    };
    let mut input = child.stdin.take().unwrap();
    let start = Instant::now();
    let mut seen = 0;
    for (wanted, typed) in inputs {
        loop {
            let now = shown();
            if let Some(at) = now[seen..].find(wanted) {
                seen += at + wanted.len();
                break;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("no {wanted:?} in {now:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        input.write_all(typed.as_bytes()).unwrap();
        input.flush().unwrap();
    }
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            let _ = reader.join();
            panic!("still running: {:?}", shown());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = reader.join();
    shown()
}

/// Whether the `stty -a` output after `MARK` has echo on.
fn echo_on_after(screen: &str, mark: &str) -> bool {
    let after = screen.rsplit(mark).next().unwrap_or_default();
    after.split_whitespace().any(|word| word == "echo")
}

#[test]
fn ctrl_c_at_the_pin_prompt_restores_echo() {
    // The shell traps SIGINT so that it outlives the Ctrl-C (its children get the
    // default action back) and reports what the tool left behind.
    let shell = format!(
        "trap 'echo TRAPPED' INT; {BIN} --simulated --lang en verify auth; echo \"EXIT=$?\"; echo STTY; stty -a"
    );
    let screen = on_terminal(&shell, &[("User authentication password (", "\u{3}")]);
    assert!(screen.contains("EXIT=130"), "{screen}");
    assert!(echo_on_after(&screen, "STTY"), "echo left off: {screen}");
}

#[test]
fn ctrl_c_at_an_issuer_confirmation_is_recorded_and_restores_echo() {
    // An issuer reset of a full counter: only the confirmation could prove it, so a Ctrl-C
    // at its prompt leaves the reset recorded `unproven` (`interrupted`), not nothing.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let shell = format!(
        "trap 'echo TRAPPED' INT; {BIN} --simulated --audit-log '{}' --lang en reset auth --confirm; echo \"EXIT=$?\"; echo STTY; stty -a",
        log.display()
    );
    let screen = on_terminal(&shell, &[("User authentication password (", "\u{3}")]);
    assert!(
        screen.contains("EXIT=1\r") || screen.contains("EXIT=1\n"),
        "{screen}"
    );
    assert!(screen.contains("Interrupted"), "{screen}");
    assert!(echo_on_after(&screen, "STTY"), "echo left off: {screen}");
    let log = std::fs::read_to_string(&log).unwrap();
    let records: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "{log}");
    assert_eq!(records[0]["procedure"], "reset", "{log}");
    assert_eq!(records[0]["outcome"], "unproven", "{log}");
    assert_eq!(records[0]["error"], "interrupted", "{log}");
    assert_eq!(records[0]["before"]["left"], 3, "{log}");
}

#[test]
fn sigterm_at_the_pin_prompt_restores_echo() {
    let shell = format!(
        "{BIN} --simulated --lang en verify auth & P=$!; sleep 2; kill -TERM $P; wait $P; echo \"EXIT=$?\"; echo STTY; stty -a"
    );
    let screen = on_terminal(&shell, &[]);
    assert!(
        screen.contains("User authentication password ("),
        "{screen}"
    );
    assert!(screen.contains("EXIT=143"), "{screen}");
    assert!(echo_on_after(&screen, "STTY"), "echo left off: {screen}");
}

#[test]
fn pin_stdin_on_a_terminal_is_refused() {
    let shell = format!("{BIN} --simulated --lang en verify auth --pin-stdin; echo \"EXIT=$?\"");
    // Without the fix the tool waits for lines typed on the terminal (shown as typed).
    let screen = on_terminal(&shell, &[]);
    assert!(screen.contains("EXIT=2"), "{screen}");
    assert!(screen.contains("prompt"), "{screen}");
}

// 5. Usage errors follow --format and --lang.

#[test]
fn an_unknown_subcommand_in_json_is_an_error_document() {
    let result = run(&["--format", "json", "frobnicate"], "");
    usage_failure(&result);
    let document = result.json();
    assert_eq!(document["schema"], "mynapin.error/2", "{result}");
    assert_eq!(document["error"], "usage");
    assert_eq!(document["exit_code"], 2);
    assert!(result.stderr.is_empty(), "{result}");
}

#[test]
fn an_invalid_value_in_json_and_japanese_is_a_japanese_document() {
    let result = run(&["verify", "nothing", "--format=json", "--lang", "ja"], "");
    usage_failure(&result);
    let document = result.json();
    assert_eq!(document["error"], "usage", "{result}");
    assert_eq!(document["command"], "verify", "{result}");
    let message = document["message"].as_str().unwrap();
    assert!(!message.contains("error:"), "{message}");
    assert!(message.contains("mynapin --help"), "{message}");
    assert!(!message.is_ascii(), "{message}");
    // clap's error kind is named in Japanese, not by its English name.
    assert!(!message.contains("invalid-value"), "{message}");
    assert!(message.contains("正しくない値"), "{message}");
}

#[test]
fn an_unknown_subcommand_in_japanese_names_the_kind_in_japanese() {
    let result = run(&["--format", "json", "--lang", "ja", "frobnicate"], "");
    usage_failure(&result);
    let message = result.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("frobnicate"), "{message}");
    assert!(message.contains("知らないサブコマンド"), "{message}");
    assert!(!message.contains("subcommand"), "{message}");
}

#[test]
fn a_usage_error_in_japanese_text_is_japanese() {
    let result = run(&["--lang", "ja", "status", "--bogus"], "");
    usage_failure(&result);
    assert!(result.stdout.is_empty(), "{result}");
    assert!(result.stderr.starts_with("mynapin: "), "{result}");
    assert!(!result.stderr.is_ascii(), "{result}");
    let english = run(&["--lang", "en", "status", "--bogus"], "");
    usage_failure(&english);
    assert!(english.stderr.contains("--bogus"), "{english}");
}

#[test]
fn help_and_version_are_still_clap_s() {
    let help = run(&["--format", "json", "--help"], "");
    assert_eq!(help.code, Some(0), "{help}");
    assert!(help.stdout.contains("Usage"), "{help}");
    let version = run(&["--version"], "");
    assert_eq!(version.code, Some(0), "{version}");
    assert!(version.stdout.starts_with("mynapin "), "{version}");
}

// 6. Replay.

#[test]
fn a_replayed_command_says_its_answers_come_from_a_trace() {
    let golden = format!("{GOLDENS}/verify-auth-ok.trace");
    for (lang, word) in [("en", "Replayed"), ("ja", "再生")] {
        let result = run(
            &[
                "--replay",
                &golden,
                "--lang",
                lang,
                "verify",
                "auth",
                "--pin-stdin",
            ],
            "4321\n",
        );
        assert_eq!(result.code, Some(0), "{result}");
        assert!(result.stderr.contains(word), "{result}");
    }
}

#[test]
fn a_replayed_lost_verify_answer_is_outcome_unknown() {
    // change-auth.trace with the VERIFY's answer lost: the original run stopped there,
    // with the rest of the file unserved.
    let golden = std::fs::read_to_string(format!("{GOLDENS}/change-auth.trace")).unwrap();
    let lost = golden.replacen(
        "> 00 20 00 80 04 ** ** ** **\n< 90 00\n",
        "> 00 20 00 80 04 ** ** ** **\n# transport error: card removed\n",
        1,
    );
    assert_ne!(lost, golden);
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("lost.trace");
    std::fs::write(&trace, lost).unwrap();
    let path = trace.display().to_string();
    let result = run(
        &[
            "--replay",
            &path,
            "--format",
            "json",
            "change",
            "auth",
            "--pin-stdin",
        ],
        "1234\n5678\n",
    );
    assert_eq!(result.code, Some(7), "{result}");
    assert_eq!(result.json()["error"], "outcome-unknown", "{result}");
}

// 7. Smaller ones.

#[test]
fn extra_pin_stdin_lines_are_a_usage_error_naming_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let (path, simulated) = card_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let result = run(
        &[&simulated, "--lang", "en", "verify", "auth", "--pin-stdin"],
        "1234\n1234\n",
    );
    usage_failure(&result);
    assert!(result.stderr.contains("1 line"), "{result}");
    let result = run(
        &[&simulated, "--lang", "en", "change", "auth", "--pin-stdin"],
        "1234\n5678\n5678\n",
    );
    usage_failure(&result);
    assert!(result.stderr.contains("2 lines"), "{result}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A trailing line break, or a Windows one, is not an extra line.
    let result = run(&[&simulated, "verify", "auth", "--pin-stdin"], "1234\r\n");
    assert_eq!(result.code, Some(0), "{result}");
}

#[test]
fn reader_or_wait_with_a_simulated_or_replayed_card_is_a_usage_error() {
    let golden = format!("{GOLDENS}/status-fresh.trace");
    for args in [
        vec!["--simulated", "--reader", "1", "status"],
        vec!["--simulated", "--wait=3", "status"],
        vec!["--replay", golden.as_str(), "--reader", "rc-s300", "status"],
        vec!["--replay", golden.as_str(), "--wait", "status"],
    ] {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        let result = run(&all, "");
        usage_failure(&result);
        assert_eq!(result.json()["error"], "usage", "{result}");
    }
}

#[test]
fn english_counts_agree_with_their_number() {
    use mynapin::messages::{Catalog, Message};
    let en = Catalog::for_tag("en");
    let one = |id: &'static str, name: &'static str| {
        en.text(
            &Message::new(id)
                .with(name, 1u64)
                .with("reason", "x")
                .with("path", "p"),
        )
    };
    for (id, name) in [
        ("sim-serve-done", "apdus"),
        ("audit-verify-intact", "records"),
        ("cause-short-answer", "length"),
        ("transport-short-answer", "length"),
        ("apdu-response-too-short", "length"),
    ] {
        let text = one(id, name).replace(['\u{2068}', '\u{2069}'], "");
        for wrong in ["1 APDUs", "1 records", "1 bytes", "1 lines", "1 tries"] {
            assert!(!text.contains(wrong), "{id}: {text}");
        }
    }
    let intact = en.text(
        &Message::new("audit-verify-intact")
            .with("path", "p")
            .with("records", 1u64)
            .with("lines", 1u64),
    );
    assert!(!intact.contains("1 lines"), "{intact}");
    let wrong = mynapin::card::CardError::WrongPin {
        kind: mynapin::card::PinKind::Auth,
        left: 1,
    };
    assert!(!wrong.to_string().contains("1 tries"), "{wrong}");
}
