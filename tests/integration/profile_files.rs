//! The profile file *is* the simulated card: these tests run the binary on profile files
//! the way a tester does, several processes at once, on files with comments, hard links,
//! other owners, no write permission, and on things that are not files at all.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use mynapin::sim::Profile;
use tempfile::TempDir;

/// Longest any one run may take (a blocked open must fail the test, not hang it).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mynapin")
}

/// The binary on `profile`, English messages, the tests' own audit log home.
fn command(profile: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .arg(format!("--simulated={}", profile.display()))
        .args(["--lang", "en"])
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn spawn(profile: &Path, args: &[&str], stdin: &str) -> Child {
    let mut child = command(profile, args).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child
}

/// Waits for `child`, killing it (and failing) after [`RUN_TIMEOUT`].
fn finish(mut child: Child) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > RUN_TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("mynapin did not finish within {RUN_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn run(profile: &Path, args: &[&str], stdin: &str) -> Output {
    finish(spawn(profile, args, stdin))
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with the default card's profile as `card.toml`.
fn card() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.toml");
    std::fs::write(&path, Profile::default().to_toml()).unwrap();
    (dir, path)
}

#[test]
fn concurrent_wrong_tries_are_each_counted_once() {
    for _round in 0..3 {
        let (_dir, path) = card();
        // sign: 5 tries, so 4 wrong ones run before the last-try guard.
        let children: Vec<Child> = (0..4)
            .map(|_| spawn(&path, &["verify", "sign", "--pin-stdin"], "WRONG9\n"))
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(finish).collect();
        for output in &outputs {
            assert_eq!(code(output), 4, "{}", text(&output.stderr));
        }
        let mut lefts: Vec<String> = outputs
            .iter()
            .map(|output| {
                let stderr = text(&output.stderr);
                stderr
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            })
            .collect();
        lefts.sort();
        lefts.dedup();
        assert_eq!(lefts.len(), 4, "each try saw its own counter: {lefts:?}");
        let profile = Profile::load(&path).unwrap();
        assert_eq!(profile.pins.sign.tries_left, 1, "every try counted once");
    }
}

#[test]
fn concurrent_changes_and_statuses_lose_nothing() {
    for _round in 0..3 {
        let (_dir, path) = card();
        let mut children = vec![
            spawn(&path, &["change", "auth", "--pin-stdin"], "1234\n5678\n"),
            spawn(&path, &["change", "text", "--pin-stdin"], "1234\n4321\n"),
            spawn(
                &path,
                &["change", "sign", "--pin-stdin"],
                "ABCD1234\nZYXW9876\n",
            ),
        ];
        for _ in 0..3 {
            children.push(spawn(&path, &["status"], ""));
        }
        for output in children.into_iter().map(finish) {
            assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        }
        let profile = Profile::load(&path).unwrap();
        assert_eq!(
            (
                profile.pins.auth.value.as_str(),
                profile.pins.text.value.as_str(),
                profile.pins.sign.value.as_str()
            ),
            ("5678", "4321", "ZYXW9876"),
            "no change lost"
        );
    }
}

/// A hand-written profile: comments, odd spacing, keys in another order.
const HAND_WRITTEN: &str = r#"# my test card -- keep these notes!
description = "hand made"   # trailing note

[pins.auth]
# the auth PIN I use for demos
value   =  "1234"     # four digits
max_tries = 3
tries_left = 3

[pins.sign]
value = "ABCD1234"
tries_left = 5
max_tries = 5

[pins.text]
value = "1234"
tries_left = 3
max_tries = 3

[pins.juki]
value = "1234"
tries_left = 3
max_tries = 3
"#;

#[test]
fn status_leaves_the_file_untouched() {
    let (dir, path) = card();
    std::fs::write(&path, HAND_WRITTEN).unwrap();
    let before = std::fs::metadata(&path).unwrap();
    let output = run(&path, &["status"], "");
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
    assert_eq!(after.ino(), before.ino(), "the file was not replaced");
    assert_eq!(after.mtime_nsec(), before.mtime_nsec(), "nor written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn status_works_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = card();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let output = run(&path, &["status"], "");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
}

#[test]
fn a_change_keeps_comments_layout_and_hard_links() {
    let (dir, path) = card();
    std::fs::write(&path, HAND_WRITTEN).unwrap();
    let link = dir.path().join("same-card.toml");
    std::fs::hard_link(&path, &link).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    let output = run(&path, &["change", "auth", "--pin-stdin"], "1234\n5678\n");
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let expected = HAND_WRITTEN.replace(
        "value   =  \"1234\"     # four digits",
        "value   =  \"5678\"     # four digits",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    assert_eq!(std::fs::read_to_string(&link).unwrap(), expected);
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    assert_eq!(std::fs::metadata(&path).unwrap().nlink(), 2);
    // A wrong try changes the counter, in place of the old one, and the description,
    // which must not claim a state the card left (the note after it stays).
    let output = run(&path, &["verify", "text", "--pin-stdin"], "9999\n");
    assert_eq!(code(&output), 4, "{}", text(&output.stderr));
    let expected = expected
        .replacen(
            "[pins.text]\nvalue = \"1234\"\ntries_left = 3",
            "[pins.text]\nvalue = \"1234\"\ntries_left = 2",
            1,
        )
        .replacen(
            "description = \"hand made\"",
            "description = \"written back by mynapin: auth 3 of 3, sign 5 of 5, text 2 of 3, juki 3 of 3\"",
            1,
        );
    assert_eq!(std::fs::read_to_string(&link).unwrap(), expected);
}

#[test]
fn a_rewritten_profile_keeps_its_owner_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = card();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
    }
    let before = std::fs::metadata(&path).unwrap();
    let output = run(&path, &["verify", "auth", "--pin-stdin"], "9999\n");
    assert_eq!(code(&output), 4, "{}", text(&output.stderr));
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(Profile::load(&path).unwrap().pins.auth.tries_left, 2);
    assert_eq!(
        (after.uid(), after.gid(), after.mode() & 0o7777),
        (before.uid(), before.gid(), 0o640)
    );
}

#[test]
fn a_read_only_profile_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = card();
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Nothing to write: works.
    let output = run(&path, &["status"], "");
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    // A change the file cannot keep did not happen to the card (the file is the card):
    // the refusal is the answer, exit 1, never "changed".
    let output = run(&path, &["change", "auth", "--pin-stdin"], "1234\n5678\n");
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(code(&output), 1, "{stdout}{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(!stdout.contains("changed"), "{stdout}");
    assert!(!stderr.contains("5678") && !stdout.contains("5678"));
    // A failed command keeps its own result and exit code; stderr adds the refusal.
    let output = run(&path, &["verify", "auth", "--pin-stdin"], "9999\n");
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 4, "{stderr}");
    assert!(
        stderr.contains("read-only") && stderr.contains("2 tries left"),
        "{stderr}"
    );
    // JSON: one document, the stable code.
    let output = run(
        &path,
        &["--format", "json", "change", "auth", "--pin-stdin"],
        "1234\n5678\n",
    );
    let stdout = text(&output.stdout);
    assert_eq!(code(&output), 1, "{stdout}");
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["error"], "profile-read-only");
    assert_eq!(document["exit_code"], 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn a_fifo_a_device_or_a_huge_file_is_refused() {
    let (dir, path) = card();
    let fifo = dir.path().join("fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let huge = dir.path().join("huge.toml");
    let mut padded = std::fs::read_to_string(&path).unwrap();
    while padded.len() <= 64 * 1024 {
        padded.push_str("# padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&huge, padded).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    for (file, expected) in [
        (fifo.as_path(), "not a regular file"),
        (Path::new("/dev/zero"), "not a regular file"),
        (dir.path(), "not a regular file"),
        (huge.as_path(), "larger than 65536 bytes"),
    ] {
        let output = run(file, &["status"], "");
        let stderr = text(&output.stderr);
        assert_eq!(code(&output), 2, "{}: {stderr}", file.display());
        assert!(stderr.contains(expected), "{stderr}");
    }
    // A symbolic link to a profile is that profile.
    let output = run(&link, &["verify", "auth", "--pin-stdin"], "9999\n");
    assert_eq!(code(&output), 4, "{}", text(&output.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(Profile::load(&path).unwrap().pins.auth.tries_left, 2);
}

#[test]
fn profile_errors_name_the_field_and_line_and_never_a_value() {
    let (_dir, path) = card();
    let default = Profile::default().to_toml();
    let cases = [
        (
            default.replacen("tries_left = 3", "tries_left = \"12`7391\"", 1),
            "pins.auth.tries_left",
        ),
        (
            default.replacen("tries_left = 3", "tries_left = \"QZ\\\"7391\"", 1),
            "pins.auth.tries_left",
        ),
        (
            default.replacen(
                "query_after_verify = \"counter\"",
                "query_after_verify = \"7`391\"",
                1,
            ),
            "behaviour.query_after_verify",
        ),
        (
            default.replacen("value = \"1234\"\n", "", 1),
            "pins.auth.value",
        ),
        (
            default.replacen(
                "query_after_verify = \"counter\"",
                "query_after_verfy = \"counter\"",
                1,
            ),
            "behaviour.query_after_verfy",
        ),
        (
            default.replacen("value = \"ABCD1234\"", "value = \"abcd7391\"", 1),
            "pins.sign.value",
        ),
        (
            default.replacen("value = \"1234\"", "value = \"73915\"", 1),
            "pins.auth.value",
        ),
    ];
    for (profile, field) in cases {
        std::fs::write(&path, &profile).unwrap();
        let output = run(&path, &["status"], "");
        let stderr = text(&output.stderr);
        assert_eq!(code(&output), 2, "{stderr}");
        assert!(stderr.contains(field), "names {field}: {stderr}");
        for fragment in ["7391", "739", "391", "`7", "QZ"] {
            assert!(!stderr.contains(fragment), "quotes {fragment}: {stderr}");
        }
    }
}

#[test]
fn a_pin_counter_above_its_kinds_maximum_is_refused() {
    let (_dir, path) = card();
    let profile = Profile::default().to_toml().replacen(
        "tries_left = 3\nmax_tries = 3",
        "tries_left = 15\nmax_tries = 15",
        1,
    );
    std::fs::write(&path, profile).unwrap();
    let output = run(&path, &["status"], "");
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}{}", text(&output.stdout));
    assert!(stderr.contains("pins.auth.max_tries"), "{stderr}");
}
