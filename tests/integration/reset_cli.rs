//! `mynapin reset` through the binary, where the other modules leave gaps: the
//! configuration's `key_file` for a `terminal-key` workstation, the warning on a key file
//! others can read, the message naming the official routes when the card refuses the
//! reset commands (and the card unchanged). (A log that cannot be written stopping every
//! reset flow: [`crate::audit`].)

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use mynapin::card::PinKind;
use mynapin::sim::Profile;
use serde_json::Value;
use tempfile::TempDir;

/// The default simulated card's terminal key (the profile's test value).
const KEY_HEX: &str = "000102030405060708090A0B0C0D0E0F";

/// A folder with a card whose `text` PIN is blocked, a key file (mode `mode`) and a log.
struct Desk {
    dir: TempDir,
    card: PathBuf,
    key: PathBuf,
    log: PathBuf,
}

impl Desk {
    fn new(mode: u32) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let card = dir.path().join("card.toml");
        let mut profile = Profile::default();
        profile.pins.get_mut(PinKind::Text).tries_left = 0;
        profile.save_atomically(&card).unwrap();
        let key = dir.path().join("terminal.key");
        std::fs::write(&key, format!("{KEY_HEX}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
        let log = dir.path().join("audit.jsonl");
        Desk {
            dir,
            card,
            key,
            log,
        }
    }

    /// `mynapin --simulated=CARD --audit-log LOG ARGS` (no configuration unless given).
    fn run(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let output = Command::cargo_bin("mynapin")
            .unwrap()
            .env("XDG_STATE_HOME", crate::audit::state_home())
            .env_remove("MYNAPIN_CONFIG")
            .arg(format!("--simulated={}", self.card.display()))
            .arg("--audit-log")
            .arg(&self.log)
            .args(args)
            .write_stdin(stdin)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn text_tries(&self) -> u8 {
        Profile::load(&self.card)
            .unwrap()
            .pins
            .get(PinKind::Text)
            .tries_left
    }
}

#[test]
fn a_terminal_key_workstation_takes_the_key_file_from_its_configuration() {
    let desk = Desk::new(0o600);
    let config = desk.dir.path().join("mynapin.toml");
    // A relative key_file, from the configuration file's folder.
    std::fs::write(
        &config,
        "authority = \"terminal-key\"\nkey_file = \"terminal.key\"\n",
    )
    .unwrap();
    let config_arg = config.display().to_string();
    let (code, stdout, stderr) = desk.run(
        &[
            "--config",
            &config_arg,
            "--format",
            "json",
            "reset",
            "text",
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let document: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["authority"], "terminal-key", "{document}");
    assert_eq!(desk.text_tries(), 3);
    // --key-file still wins over the configuration: a missing file is named.
    let missing = desk.dir.path().join("no-such.key");
    let missing_arg = missing.display().to_string();
    let (code, _, stderr) = desk.run(
        &[
            "--config",
            &config_arg,
            "--lang",
            "en",
            "reset",
            "text",
            "--key-file",
            &missing_arg,
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no-such.key"), "{stderr}");
    // Without key_file in the configuration, the terminal key is still required.
    std::fs::write(&config, "authority = \"terminal-key\"\n").unwrap();
    let (code, _, stderr) = desk.run(
        &[
            "--config",
            &config_arg,
            "--lang",
            "en",
            "reset",
            "text",
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("needs --key-file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_warned_about_in_both_languages() {
    for (mode, warned) in [(0o640, true), (0o604, true), (0o600, false)] {
        let desk = Desk::new(mode);
        let key = desk.key.display().to_string();
        for (lang, warning) in [
            ("en", "can be read by other users"),
            ("ja", "は他のユーザーも読めます"),
        ] {
            let (code, stdout, stderr) = desk.run(
                &[
                    "--lang",
                    lang,
                    "reset",
                    "text",
                    "--authority",
                    "terminal-key",
                    "--key-file",
                    &key,
                    "--pin-stdin",
                ],
                "8642\n",
            );
            assert_eq!(code, 0, "{mode:o} {lang}: {stdout}{stderr}");
            assert_eq!(stderr.contains(warning), warned, "{mode:o}: {stderr}");
            assert_eq!(stderr.contains(&key), warned, "{mode:o}: {stderr}");
        }
    }
}

#[test]
fn a_card_that_refuses_the_reset_commands_gets_the_official_routes_and_is_unchanged() {
    let desk = Desk::new(0o600);
    let key = desk.key.display().to_string();
    // RESET RETRY COUNTER answered 6D 00, then EXTERNAL AUTHENTICATE answered 69 82.
    for fault in ["sw-6D00:2C", "sw-6982:82"] {
        for (lang, routes) in [
            (
                "en",
                "only at the municipal counter, where the staff use the J-LIS equipment",
            ),
            (
                "ja",
                "市区町村の窓口で、J-LIS の機器によってのみ再設定(初期化)できます",
            ),
        ] {
            let before = std::fs::read(&desk.card).unwrap();
            let (code, stdout, stderr) = desk.run(
                &[
                    "--lang",
                    lang,
                    "--sim-fault",
                    fault,
                    "reset",
                    "text",
                    "--authority",
                    "terminal-key",
                    "--key-file",
                    &key,
                    "--pin-stdin",
                ],
                "8642\n",
            );
            assert_eq!(code, 1, "{fault} {lang}: {stdout}{stderr}");
            assert!(stderr.contains(routes), "{fault} {lang}: {stderr}");
            // Every PIN as it was (only the terminal key's own counter may have moved).
            let before = Profile::parse(std::str::from_utf8(&before).unwrap(), &desk.card).unwrap();
            let after = Profile::load(&desk.card).unwrap();
            assert_eq!(after.pins, before.pins, "{fault} {lang}: a PIN changed");
            assert_eq!(after.pins.get(PinKind::Text).tries_left, 0);
        }
    }
    // The JPKI routes for a JPKI password: the counter, or the kiosk with the other one.
    let (code, _, stderr) = desk.run(
        &[
            "--lang",
            "en",
            "--sim-fault",
            "sw-6D00:2C",
            "reset",
            "auth",
            "--authority",
            "terminal-key",
            "--key-file",
            &key,
            "--pin-stdin",
        ],
        "8642\n",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("with the JPKI PIN reset app and a convenience-store kiosk"),
        "{stderr}"
    );
    let records: Vec<Value> = std::fs::read_to_string(&desk.log)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(
        records
            .iter()
            .all(|record| record["error"] == "reset-unsupported"),
        "{records:?}"
    );
}
