//! End-to-end tests of the `mynapin` binary through a real pcscd: the simulated card runs
//! as its own process (`mynapin sim serve`) on vpcd slot 1 (`Virtual PCD 00 01`, port
//! 35964), the tool talks to it through pcscd like to any reader, and the counters are
//! checked on the card's own state file (`--state-out`) after it is pulled. Also the
//! interop check with OpenSC's `pkcs15-tool`, a client nobody here wrote.
//!
//! They need `pcscd --foreground` running with vsmartcard-vpcd, so they are `#[ignore]`d
//! and `.ci/test` runs them (`-- --include-ignored`); run without pcscd, each fails and
//! says what is missing. The pcscd-not-running test needs pcscd stopped (`.ci/test` runs
//! it last). Tests share one lock with `pcsc_e2e`'s: one card at a time.

use crate::common::{lock, require_pcscd, require_pcscd_stopped};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mynapin::sim::Profile;
use serde_json::Value;

const SLOT1_READER: &str = "Virtual PCD 00 01";
pub(crate) const SLOT1_PORT: &str = "35964";
const SLOT0_PORT: &str = "35963";
/// pcscd polls a slot every 400 ms; after a card is pulled, the next one must not arrive
/// before pcscd has noticed the removal (docs/pcscd-vpcd.md §4).
const AFTER_PULL: Duration = Duration::from_millis(1000);

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mynapin"))
}

/// What one run of the tool gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn mynapin(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mynapin starts");
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write;
        // A command that reads no PIN may exit before reading: a broken pipe is fine.
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("mynapin ends");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The tool on slot 1, in JSON.
fn on_slot1(args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["--reader", SLOT1_READER, "--format", "json"];
    all.extend_from_slice(args);
    mynapin(&all, stdin)
}

/// Tries left per kind from a `mynapin.status/1` document (`None` where not reported).
fn tries(status: &Value) -> Vec<(String, Option<u64>)> {
    status["pins"]
        .as_array()
        .unwrap_or_else(|| panic!("no pins in {status}"))
        .iter()
        .map(|pin| {
            (
                pin["kind"].as_str().unwrap_or_default().to_owned(),
                pin["left"].as_u64(),
            )
        })
        .collect()
}

fn left(status: &Value, kind: &str) -> Option<u64> {
    tries(status)
        .into_iter()
        .find(|(k, _)| k == kind)
        .and_then(|(_, left)| left)
}

fn card_present(port: &str) -> bool {
    let index = if port == SLOT0_PORT { 0 } else { 1 };
    let run = mynapin(&["readers", "--no-probe", "--format", "json"], "");
    run.code == 0 && run.json()["readers"][index]["card_present"] == Value::Bool(true)
}

fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A simulated card process inserted in a vpcd slot (also the card of the counter page's
/// browser test through pcscd).
pub(crate) struct InsertedCard {
    child: Option<Child>,
    dir: tempfile::TempDir,
    port: &'static str,
}

impl InsertedCard {
    pub(crate) fn insert(
        port: &'static str,
        profile: &Profile,
        fault: Option<&str>,
    ) -> InsertedCard {
        assert!(!card_present(port), "slot {port} already holds a card");
        let dir = tempfile::tempdir().expect("temporary folder");
        let profile_path = dir.path().join("card.toml");
        profile
            .save_atomically(&profile_path)
            .expect("profile written");
        let state = dir.path().join("state.toml");
        let mut args = vec![
            "sim".to_owned(),
            "serve".to_owned(),
            "--port".to_owned(),
            port.to_owned(),
            "--profile".to_owned(),
            profile_path.display().to_string(),
            "--state-out".to_owned(),
            state.display().to_string(),
        ];
        if let Some(fault) = fault {
            args.extend(["--fault".to_owned(), fault.to_owned()]);
        }
        let child = Command::new(binary())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mynapin sim serve starts");
        wait_until("pcscd sees the card", || card_present(port));
        InsertedCard {
            child: Some(child),
            dir,
            port,
        }
    }

    /// Pulls the card (SIGTERM), and returns the state it holds.
    pub(crate) fn pull(mut self) -> Profile {
        self.stop();
        Profile::load(&self.dir.path().join("state.toml")).expect("the card wrote its state")
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let status = child.wait().expect("card process ends");
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            assert!(status.success(), "sim serve failed: {status}\n{stderr}");
            wait_until("pcscd sees the card gone", || !card_present(self.port));
            std::thread::sleep(AFTER_PULL);
        }
    }
}

impl Drop for InsertedCard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            std::thread::sleep(AFTER_PULL);
        }
    }
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn status_verify_change_through_pcscd_with_counters_on_the_card() {
    require_pcscd();
    let _one = lock();
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);

    let status = on_slot1(&["status"], "");
    assert_eq!(status.code, 0, "{status}");
    let document = status.json();
    assert_eq!(document["card"]["source"], "pcsc");
    assert_eq!(document["card"]["reader"], SLOT1_READER);
    let full = tries(&document);
    assert_eq!(left(&document, "auth"), Some(3), "{status}");
    assert_eq!(left(&document, "sign"), Some(5), "{status}");

    let wrong = on_slot1(&["verify", "auth", "--pin-stdin"], "9876\n");
    assert_eq!(
        (wrong.code, &wrong.json()["left"]),
        (4, &Value::from(2)),
        "{wrong}"
    );
    let after_wrong = on_slot1(&["status"], "");
    assert_eq!(left(&after_wrong.json(), "auth"), Some(2), "{after_wrong}");

    let right = on_slot1(&["verify", "auth", "--pin-stdin"], "1234\n");
    assert_eq!(right.code, 0, "{right}");
    let change = on_slot1(&["change", "sign", "--pin-stdin"], "abcd1234\nQZ7391XK\n");
    assert_eq!(change.code, 0, "{change}");
    assert_eq!(change.json()["schema"], "mynapin.change/1");
    for secret in ["abcd1234", "ABCD1234", "QZ7391XK", "9876"] {
        for run in [&wrong, &right, &change] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} leaked: {run}"
            );
        }
    }
    let new_sign = on_slot1(&["verify", "sign", "--pin-stdin"], "QZ7391XK\n");
    assert_eq!(new_sign.code, 0, "{new_sign}");
    let end = on_slot1(&["status"], "");
    assert_eq!(
        tries(&end.json()),
        full,
        "every counter back to full: {end}"
    );

    let state = card.pull();
    assert_eq!(
        state.pins.sign.value, "QZ7391XK",
        "the card holds the new value"
    );
    assert_eq!(
        [
            state.pins.auth.tries_left,
            state.pins.sign.tries_left,
            state.pins.text.tries_left
        ],
        [3, 5, 3]
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn a_trace_through_pcscd_masks_every_pin_byte() {
    require_pcscd();
    let _one = lock();
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("counter.trace");
    let trace_arg = trace.display().to_string();
    let run = on_slot1(
        &["--trace", &trace_arg, "change", "auth", "--pin-stdin"],
        "1234\n7391\n",
    );
    assert_eq!(run.code, 0, "{run}");
    let text = std::fs::read_to_string(&trace).expect("trace written");
    assert!(text.contains("\"source\":\"pcsc\""), "{text}");
    assert!(text.contains("> 00 24 01 80 04 ** ** ** **"), "{text}");
    assert!(
        !text.contains("37 33 39 31") && !text.contains("31 32 33 34"),
        "{text}"
    );
    // The captured trace replays against the same flow without a card.
    let replay = mynapin(
        &["--replay", &trace_arg, "change", "auth", "--pin-stdin"],
        "1234\n7391\n",
    );
    assert_eq!(replay.code, 0, "{replay}");
    assert_eq!(card.pull().pins.auth.value, "7391");
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn card_pulled_in_the_middle_of_a_change_is_never_a_success() {
    require_pcscd();
    let _one = lock();
    // The card executes the CHANGE, then vanishes before answering.
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), Some("lose-answer:24"));
    let run = on_slot1(&["change", "auth", "--pin-stdin"], "1234\n7391\n");
    assert!(
        run.code == 7 || run.code == 3,
        "outcome unknown or a clean error: {run}"
    );
    assert_ne!(run.json()["schema"], "mynapin.change/1", "{run}");
    if run.code == 7 {
        assert_eq!(run.json()["operation"], "change", "{run}");
    }
    let state = card.pull();
    assert_eq!(
        state.pins.auth.value, "7391",
        "the card did execute the change"
    );

    // The card vanishes before the CHANGE reaches it.
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), Some("remove-before:24"));
    let run = on_slot1(&["change", "auth", "--pin-stdin"], "1234\n7391\n");
    assert!(
        run.code == 7 || run.code == 3,
        "outcome unknown or a clean error: {run}"
    );
    assert_eq!(
        card.pull().pins.auth.value,
        "1234",
        "the card never saw the change"
    );
}

/// One row of the fault table through pcscd: a default card on slot 1 with `fault` staged
/// by `sim serve --fault`, the tool run once, the card pulled. Returns the run and the
/// state the card wrote (`--state-out`).
fn fault_row(fault: &str, args: &[&str], stdin: &str) -> (Run, Profile) {
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), Some(fault));
    let run = on_slot1(args, stdin);
    (run, card.pull())
}

/// The fault table's verify and change rows at each write, through pcscd: the APDUs of
/// `verify auth` are SELECT AP, SELECT EF, the counter query, then the VERIFY (#4); `change
/// auth` adds the CHANGE (#5) and a last query. A write pulled before it reaches the card,
/// or executed and its answer lost, or answered with an execution error, is outcome
/// unknown (exit 7) and the card holds what it did; a card pulled before the first write
/// is an environment error (exit 3) and nothing changed.
#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn e2e_fault_rows_at_each_write_of_verify_and_change() {
    require_pcscd();
    let _one = lock();
    let verify = ["verify", "auth", "--pin-stdin"];
    let change = ["change", "auth", "--pin-stdin"];
    // (fault, command, stdin, exit code, operation named, auth value and tries after)
    type Row<'a> = (
        &'a str,
        &'a [&'a str],
        &'a str,
        i32,
        Option<&'a str>,
        &'a str,
        u8,
    );
    let rows: [Row; 10] = [
        // A wrong PIN shows whether the VERIFY reached the card: a try spent or not.
        (
            "remove-before:at:4",
            &verify,
            "9876\n",
            7,
            Some("verify"),
            "1234",
            3,
        ),
        (
            "lose-answer:at:4",
            &verify,
            "9876\n",
            7,
            Some("verify"),
            "1234",
            2,
        ),
        ("remove-before:at:3", &verify, "9876\n", 3, None, "1234", 3),
        (
            "remove-before:at:4",
            &change,
            "1234\n7391\n",
            7,
            Some("verify"),
            "1234",
            3,
        ),
        (
            "lose-answer:at:4",
            &change,
            "1234\n7391\n",
            7,
            Some("verify"),
            "1234",
            3,
        ),
        (
            "remove-before:at:5",
            &change,
            "1234\n7391\n",
            7,
            Some("change"),
            "1234",
            3,
        ),
        (
            "lose-answer:at:5",
            &change,
            "1234\n7391\n",
            7,
            Some("change"),
            "7391",
            3,
        ),
        (
            "one-byte-answer:24",
            &change,
            "1234\n7391\n",
            7,
            Some("change"),
            "7391",
            3,
        ),
        (
            "sw-6581:at:5",
            &change,
            "1234\n7391\n",
            7,
            Some("change"),
            "7391",
            3,
        ),
        (
            "sw-6400:at:5",
            &change,
            "1234\n7391\n",
            7,
            Some("change"),
            "1234",
            3,
        ),
    ];
    for (fault, args, stdin, code, operation, value, tries) in rows {
        let (run, state) = fault_row(fault, args, stdin);
        let row = format!("{} with {fault}", args[0]);
        assert_eq!(run.code, code, "{row}: {run}");
        let document = run.json();
        assert_eq!(
            document["schema"], "mynapin.error/2",
            "{row}: never a success: {run}"
        );
        if let Some(operation) = operation {
            assert_eq!(document["error"], "outcome-unknown", "{row}: {run}");
            assert_eq!(document["operation"], operation, "{row}: {run}");
        }
        assert_eq!(
            (state.pins.auth.value.as_str(), state.pins.auth.tries_left),
            (value, tries),
            "{row}: the card's state"
        );
    }
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn two_readers_chosen_with_reader() {
    require_pcscd();
    let _one = lock();
    // Slot 0 holds the card .ci/test started; insert one there when running without it.
    let slot0 = (!card_present(SLOT0_PORT))
        .then(|| InsertedCard::insert(SLOT0_PORT, &Profile::default(), None));
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);

    let ambiguous = mynapin(&["--format", "json", "status"], "");
    assert_eq!(ambiguous.code, 2, "{ambiguous}");
    let message = ambiguous.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("Virtual PCD 00 00") && message.contains(SLOT1_READER),
        "{message}"
    );
    assert_eq!(ambiguous.json()["error"], "ambiguous-reader");

    for (choice, reader) in [
        ("1", SLOT1_READER),
        ("pcd 00 01", SLOT1_READER),
        ("0", "Virtual PCD 00 00"),
        ("VIRTUAL PCD 00 00", "Virtual PCD 00 00"),
    ] {
        let run = mynapin(&["--format", "json", "--reader", choice, "status"], "");
        assert_eq!(run.code, 0, "{choice}: {run}");
        assert_eq!(run.json()["card"]["reader"], reader, "{choice}");
    }
    // On a terminal the tool asks which reader, before any PIN (script(1) gives it a pty).
    let asked = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "(sleep 1; printf '2\\n') | script -qec '{} --lang en --format json status auth' /dev/null",
            binary().display()
        ))
        .output()
        .expect("script(1) runs (package bsdutils)");
    let screen = String::from_utf8_lossy(&asked.stdout);
    assert!(screen.contains("Several readers hold a card"), "{screen}");
    assert!(
        screen.contains(&format!("\"reader\":\"{SLOT1_READER}\"")),
        "the second reader was used: {screen}"
    );

    let several = mynapin(&["--format", "json", "--reader", "virtual", "status"], "");
    assert_eq!(
        (several.code, several.json()["error"].as_str()),
        (2, Some("ambiguous-reader")),
        "{several}"
    );
    let none = mynapin(
        &["--format", "json", "--reader", "no such reader", "status"],
        "",
    );
    assert_eq!(
        (none.code, none.json()["error"].as_str()),
        (2, Some("reader-not-found")),
        "{none}"
    );
    card.pull();
    drop(slot0.map(InsertedCard::pull));
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn wait_for_a_card_inserted_later_and_time_out_without_one() {
    require_pcscd();
    let _one = lock();
    let no_card = on_slot1(&["status"], "");
    assert_eq!(
        (no_card.code, no_card.json()["error"].as_str()),
        (3, Some("no-card")),
        "{no_card}"
    );
    let timeout = on_slot1(&["--wait=1", "status"], "");
    assert_eq!(
        (timeout.code, timeout.json()["error"].as_str()),
        (3, Some("timeout")),
        "{timeout}"
    );

    let waiting = Command::new(binary())
        .args([
            "--reader",
            SLOT1_READER,
            "--format",
            "json",
            "--wait=20",
            "status",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mynapin starts");
    std::thread::sleep(Duration::from_millis(500));
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);
    let output = waiting.wait_with_output().expect("mynapin ends");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("\"schema\":\"mynapin.status/1\""),
        "{stdout}"
    );
    card.pull();
}

/// Tries left as OpenSC's `pkcs15-tool --list-pins` reports them, by PIN label.
fn opensc_tries(reader_index: &str) -> Vec<(String, u64)> {
    let output = Command::new("pkcs15-tool")
        .args(["--reader", reader_index, "--list-pins"])
        .env("OPENSC_DRIVER", "jpki")
        .output()
        .expect("pkcs15-tool runs (package opensc)");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "pkcs15-tool failed: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut pins = Vec::new();
    let mut label = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("PIN [") {
            label = rest.trim_end_matches(']').to_owned();
        } else if let Some(value) = line.trim().strip_prefix("Tries left") {
            let count = value.trim_start_matches([' ', ':']).trim();
            pins.push((
                label.clone(),
                count
                    .parse()
                    .unwrap_or_else(|_| panic!("tries {count:?} in {text}")),
            ));
        }
    }
    pins
}

fn assert_same_tries(step: &str) -> (u64, u64) {
    let opensc = opensc_tries("1");
    let status = on_slot1(&["status"], "");
    assert_eq!(status.code, 0, "{status}");
    let ours = status.json();
    let opensc_auth = opensc
        .iter()
        .find(|(label, _)| label == "User Authentication PIN")
        .map(|(_, n)| *n);
    let opensc_sign = opensc
        .iter()
        .find(|(label, _)| label == "Digital Signature PIN")
        .map(|(_, n)| *n);
    assert_eq!(
        opensc_auth,
        left(&ours, "auth"),
        "{step}: auth, OpenSC {opensc:?} vs {status}"
    );
    assert_eq!(
        opensc_sign,
        left(&ours, "sign"),
        "{step}: sign, OpenSC {opensc:?} vs {status}"
    );
    (opensc_auth.unwrap_or(99), opensc_sign.unwrap_or(99))
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn opensc_reports_the_same_tries_left_as_mynapin() {
    require_pcscd();
    let _one = lock();
    let card = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);
    assert_eq!(assert_same_tries("fresh card"), (3, 5));

    // Wrong attempts through mynapin …
    assert_eq!(
        on_slot1(&["verify", "auth", "--pin-stdin"], "9876\n").code,
        4
    );
    for _ in 0..2 {
        assert_eq!(
            on_slot1(&["verify", "sign", "--pin-stdin"], "WRONG123\n").code,
            4
        );
    }
    assert_eq!(assert_same_tries("after mynapin's wrong tries"), (2, 3));

    // … and through OpenSC (a test PIN on its command line; the card is simulated).
    let opensc_wrong = Command::new("pkcs15-tool")
        .args([
            "--reader",
            "1",
            "--verify-pin",
            "--auth-id",
            "01",
            "--pin",
            "9876",
        ])
        .env("OPENSC_DRIVER", "jpki")
        .output()
        .expect("pkcs15-tool runs");
    assert!(
        !opensc_wrong.status.success(),
        "a wrong PIN must fail in OpenSC too"
    );
    assert_eq!(assert_same_tries("after OpenSC's wrong try"), (1, 3));

    let state = card.pull();
    assert_eq!(
        (state.pins.auth.tries_left, state.pins.sign.tries_left),
        (1, 3)
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running and a card served on slot 0 (.ci/test does both): mynapin sim serve --port 35963 & cargo test --test integration slot_0 -- --ignored"]
fn status_of_the_card_ci_started_on_slot_0_consumes_nothing() {
    require_pcscd();
    assert!(
        card_present(SLOT0_PORT),
        "slot 0 holds no card: serve one with `mynapin sim serve --port 35963` (.ci/test does)"
    );
    let _one = lock();
    let first = mynapin(
        &[
            "--reader",
            "Virtual PCD 00 00",
            "--format",
            "json",
            "status",
        ],
        "",
    );
    assert_eq!(first.code, 0, "{first}");
    let second = mynapin(
        &[
            "--reader",
            "Virtual PCD 00 00",
            "--format",
            "json",
            "status",
        ],
        "",
    );
    assert_eq!(
        tries(&first.json()),
        tries(&second.json()),
        "status changed a counter"
    );
    assert_eq!(first.json()["pins"].as_array().map(Vec::len), Some(4));
}

#[test]
#[ignore = "needs pcscd stopped (.ci/test runs it after stopping pcscd): cargo test --test integration not_running -- --ignored"]
fn pcscd_not_running_is_an_environment_error() {
    require_pcscd_stopped();
    assert!(
        !Path::new("/run/pcscd/pcscd.comm").exists(),
        "pcscd must be stopped for this test"
    );
    for args in [
        &["status"][..],
        &["readers"],
        &["verify", "auth", "--pin-stdin"],
    ] {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = mynapin(&all, "1234\n");
        assert_eq!(
            (run.code, run.json()["error"].as_str()),
            (3, Some("no-service")),
            "{args:?}: {run}"
        );
        let text = mynapin(&[&["--lang", "ja"][..], args].concat(), "1234\n");
        assert!(text.stderr.contains("pcscd"), "{text}");
    }
}

/// The reset flows of this project's definition (other password, terminal key) through
/// pcscd: the tool sees a reader, so a real card's policy applies, and the simulated card
/// on slot 1 answers them.
#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn reset_with_the_other_password_and_a_terminal_key_through_pcscd() {
    require_pcscd();
    let _one = lock();
    let mut profile = Profile::default();
    profile.pins.sign.tries_left = 0;
    profile.pins.text.tries_left = 0;
    let card = InsertedCard::insert(SLOT1_PORT, &profile, None);

    // Through a reader the card counts as real: refused before any value is read.
    let refused = on_slot1(
        &[
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--pin-stdin",
        ],
        "",
    );
    assert_eq!(refused.code, 6, "{refused}");
    assert_eq!(refused.json()["error"], "unconfirmed-command", "{refused}");

    let other = on_slot1(
        &[
            "reset",
            "sign",
            "--authority",
            "other-password",
            "--allow-unconfirmed-command",
            "--pin-stdin",
        ],
        "1234\nQZ7391XK\n",
    );
    assert_eq!(other.code, 0, "{other}");
    assert_eq!(other.json()["after"]["left"], 5, "{other}");

    let dir = tempfile::tempdir().expect("temporary folder");
    let key = dir.path().join("terminal.key");
    std::fs::write(&key, "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n").expect("key file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let key = key.display().to_string();
    let terminal = on_slot1(
        &[
            "reset",
            "text",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--allow-unconfirmed-command",
            "--pin-stdin",
        ],
        "7391\n",
    );
    assert_eq!(terminal.code, 0, "{terminal}");
    assert_eq!(terminal.json()["after"]["left"], 3, "{terminal}");
    for run in [&other, &terminal] {
        for secret in ["1234", "QZ7391XK", "7391", "0A 0B 0C", "0A0B0C"] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} leaked: {run}"
            );
        }
    }
    let state = card.pull();
    assert_eq!(
        (state.pins.sign.value.as_str(), state.pins.sign.tries_left),
        ("QZ7391XK", 5)
    );
    assert_eq!(
        (state.pins.text.value.as_str(), state.pins.text.tries_left),
        ("7391", 3)
    );
    assert_eq!(state.pins.auth.tries_left, 3);
}

/// The issuer's reset: the tool reads the blocked counter, waits (`--wait`) while the card
/// is taken out and comes back reset (re-served from an edited profile, standing in for
/// the J-LIS equipment), reads it again and confirms the new value.
#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn issuer_reset_waits_for_the_card_to_come_back_reset() {
    use std::sync::{Arc, Mutex};

    require_pcscd();
    let _one = lock();
    let mut blocked = Profile::default();
    blocked.pins.sign.tries_left = 0;
    let card = InsertedCard::insert(SLOT1_PORT, &blocked, None);

    let mut child = Command::new(binary())
        .args([
            "--reader",
            SLOT1_READER,
            "--format",
            "json",
            "--wait=30",
            "reset",
            "sign",
            "--confirm",
            "--pin-stdin",
        ])
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mynapin starts");
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write;
        input
            .write_all(b"JLIS2026\n")
            .expect("the new value written");
    }
    let stderr = Arc::new(Mutex::new(String::new()));
    let reader = {
        let stderr = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().expect("stderr piped");
        std::thread::spawn(move || {
            let mut chunk = [0u8; 512];
            while let Ok(read) = pipe.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&chunk[..read]).into_owned();
                stderr
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push_str(&text);
            }
        })
    };
    wait_until("the tool read the counters and waits", || {
        stderr
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .contains("Waiting for the card")
    });
    let held = card.pull();
    assert_eq!(held.pins.sign.tries_left, 0, "nothing was sent to reset it");

    // The J-LIS equipment reset it: the card comes back with a new value, counter full.
    let mut reset = held;
    reset.pins.sign.tries_left = 5;
    reset.pins.sign.value = "JLIS2026".to_owned();
    let card = InsertedCard::insert(SLOT1_PORT, &reset, None);
    let output = child.wait_with_output().expect("mynapin ends");
    reader.join().expect("stderr reader");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = stderr
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let document: Value = serde_json::from_str(&stdout).expect("a JSON document");
    assert_eq!(document["schema"], "mynapin.reset/1");
    assert_eq!(document["authority"], "issuer");
    assert_eq!(document["before"]["state"], "blocked");
    assert_eq!(document["after"]["left"], 5);
    assert_eq!(document["new_value_verified"], true);
    assert!(stderr.contains("J-LIS equipment"), "{stderr}");
    assert!(!stdout.contains("JLIS2026") && !stderr.contains("JLIS2026"));
    assert_eq!(card.pull().pins.sign.tries_left, 5);
}
