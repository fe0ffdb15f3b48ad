//! The PIN prompts on a real terminal: `script(1)` gives the tool a pseudo-terminal, the
//! test answers each prompt once it appears, and everything the terminal showed is
//! checked. Proves that PINs are not echoed, that a new PIN is asked twice, and that two
//! different entries change nothing.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mynapin::sim::Profile;

/// Runs the tool on a pseudo-terminal, typing `answers[i]` once the i-th `prompts[i]` text
/// shows; returns the exit code and everything the terminal showed.
pub(crate) fn converse(args: &[&str], prompts_and_answers: &[(&str, &str)]) -> (i32, String) {
    let command = format!(
        "{} {}; echo \"EXIT=$?\"",
        env!("CARGO_BIN_EXE_mynapin"),
        args.iter()
            .map(|arg| format!("'{arg}'"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("LANG", "en_US.UTF-8")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script(1) runs (package bsdutils)");
    let screen = Arc::new(Mutex::new(String::new()));
    let mut output = child.stdout.take().expect("stdout piped");
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
    let mut input = child.stdin.take().expect("stdin piped");
    let mut seen = 0;
    for (prompt, answer) in prompts_and_answers {
        let start = Instant::now();
        loop {
            let shown = screen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone();
            if let Some(at) = shown[seen..].find(prompt) {
                seen += at + prompt.len();
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no prompt {prompt:?} in {shown:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The prompt is printed just before echo is switched off: give it a moment.
        std::thread::sleep(Duration::from_millis(300));
        input
            .write_all(format!("{answer}\r").as_bytes())
            .expect("typed");
        input.flush().expect("typed");
    }
    let status = child.wait().expect("script ends");
    assert!(status.success(), "script(1) failed: {status}");
    reader.join().expect("reader thread");
    let shown = screen
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    let code = shown
        .rsplit("EXIT=")
        .next()
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("no exit code in {shown:?}"));
    (code, shown)
}

fn card_file(dir: &tempfile::TempDir) -> (std::path::PathBuf, String) {
    let path = dir.path().join("card.toml");
    Profile::default()
        .save_atomically(&path)
        .expect("profile written");
    let arg = format!("--simulated={}", path.display());
    (path, arg)
}

const CURRENT: &str = "Signature password (";
const NEW: &str = "New signature password (";
const AGAIN: &str = "Type it again: ";

#[test]
fn change_on_a_terminal_asks_the_new_value_twice_and_echoes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, simulated) = card_file(&dir);
    let (code, shown) = converse(
        &[&simulated, "--lang", "en", "change", "sign"],
        &[
            (CURRENT, "ABCD1234"),
            (NEW, "QZ7391XK"),
            (AGAIN, "QZ7391XK"),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("was changed"), "{shown}");
    for secret in ["ABCD1234", "QZ7391XK"] {
        assert!(!shown.contains(secret), "{secret} was echoed: {shown}");
    }
    assert_eq!(Profile::load(&path).unwrap().pins.sign.value, "QZ7391XK");
}

#[test]
fn two_different_new_entries_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, simulated) = card_file(&dir);
    let before = std::fs::read(&path).unwrap();
    let (code, shown) = converse(
        &[&simulated, "--lang", "en", "change", "sign"],
        &[
            (CURRENT, "ABCD1234"),
            (NEW, "QZ7391XK"),
            (AGAIN, "QZ7391XY"),
        ],
    );
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("differ"), "{shown}");
    assert!(!shown.contains("QZ7391X"), "{shown}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the card was not touched"
    );
}

#[test]
fn verify_on_a_terminal_echoes_nothing() {
    let (code, shown) = converse(
        &["--simulated", "--lang", "en", "verify", "auth"],
        &[("User authentication password (", "1234")],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("is correct"), "{shown}");
    assert!(!shown.contains("1234"), "{shown}");
}

/// Counter mode on a terminal without evidence flags: the checklist asks y/n for each item
/// the rules need; "n" refuses (exit 6) before any PIN is asked or the card touched, "y"
/// goes on to the PIN prompt and the verification.
#[test]
fn the_counter_checklist_asks_on_the_terminal() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (path, simulated) = card_file(&dir);
    let before = std::fs::read(&path).expect("card file");
    let log = dir.path().join("audit.jsonl");
    let log_arg = log.display().to_string();
    let args = [
        simulated.as_str(),
        "--audit-log",
        log_arg.as_str(),
        "--counter",
        "verify",
        "auth",
        "--applicant",
        "legal-ward",
    ];
    // Two items for a legal representative of an adult ward (旭市): the guardianship
    // registry certificate (y/n) and the representative's identity documents (2 from list
    // A, or one from A and one from B: which was shown).
    let (code, shown) = converse(&args, &[("checked? [y/n]", "y"), ("[1-2/n]", "n")]);
    assert_eq!(code, 6, "{shown}");
    assert!(
        shown.contains("2) one from list A and one from list B"),
        "{shown}"
    );
    assert!(
        !shown.contains("User authentication password ("),
        "no PIN asked: {shown}"
    );
    assert_eq!(
        std::fs::read(&path).expect("card file"),
        before,
        "card untouched"
    );

    let (code, shown) = converse(
        &args,
        &[
            ("checked? [y/n]", "y"),
            ("[1-2/n]", "2"),
            ("(4 digits):", "1234"),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("is correct"), "{shown}");
    // The record lists the categories of the documents that were checked: the second
    // combination, not the first.
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .expect("the log")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["documents"], serde_json::json!([]));
    assert_eq!(
        records[1]["documents"],
        serde_json::json!(["agent-A", "agent-B"])
    );
}
