//! `mynapin info` and the expiry line of `status` through a real pcscd: the simulated card
//! served on vpcd slot 1 (`mynapin sim serve`, [`InsertedCard`]), read like any card in a
//! reader: its ATR from pcscd, its certificates' dates, nothing personal, no counter
//! spent.
//!
//! Needs `pcscd --foreground` with vsmartcard-vpcd, so `#[ignore]`d; `.ci/test` runs it
//! with the other `e2e` tests. Shares their lock: one card at a time.

use std::path::PathBuf;
use std::process::Command;

use mynapin::card::PinKind;
use mynapin::sim::Profile;
use serde_json::Value;

use crate::common::{lock, require_pcscd};
use crate::e2e_cli::{InsertedCard, SLOT1_PORT};

const SLOT1_READER: &str = "Virtual PCD 00 01";

/// Runs the tool on slot 1; returns (exit code, stdout, stderr).
fn on_slot1(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(PathBuf::from(env!("CARGO_BIN_EXE_mynapin")))
        .args(["--reader", SLOT1_READER])
        .args(args)
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .output()
        .expect("mynapin runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn e2e_info_of_the_simulated_card_through_pcscd() {
    require_pcscd();
    let _one = lock();
    let profile = Profile::default();
    let card = InsertedCard::insert(SLOT1_PORT, &profile, None);

    let (code, stdout, stderr) = on_slot1(&["--format", "json", "info"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let document: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(document["schema"], "mynapin.info/1");
    assert_eq!(document["card"]["source"], "pcsc");
    assert_eq!(document["card"]["reader"], SLOT1_READER);
    assert_eq!(document["atr"], "3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F");
    assert_eq!(document["interface"], "contactless");
    assert_eq!(document["token_label"], "JPKIAPICCTOKEN2");
    assert_eq!(document["signature_certificate"], true);
    assert_eq!(
        document["auth_certificate"]["not_after"],
        "2031-01-01T00:00:00Z"
    );
    assert_eq!(document["auth_certificate"]["subject"], Value::Null);
    assert_eq!(
        document["auth_ca_certificate"]["not_after"],
        "2046-01-01T00:00:00Z"
    );

    let (code, ja, stderr) = on_slot1(&["--lang", "ja", "info"]);
    assert_eq!(code, 0, "{ja}{stderr}");
    assert!(ja.contains("2026-01-01 から 2031-01-01 まで"), "{ja}");
    let (code, status, stderr) = on_slot1(&["--lang", "en", "status"]);
    assert_eq!(code, 0, "{status}{stderr}");
    assert!(
        status.contains("User authentication certificate expires: 2031-01-01"),
        "{status}"
    );

    let state = card.pull();
    for kind in PinKind::ALL {
        assert_eq!(
            state.pins.get(kind).tries_left,
            profile.pins.get(kind).tries_left,
            "{kind}: a counter moved"
        );
    }
    let person = &profile.person;
    for secret in [
        person.my_number.as_str(),
        person.name.as_str(),
        person.address.as_str(),
        "mynapin simulated card auth",
    ]
    .into_iter()
    .chain(
        PinKind::ALL
            .iter()
            .map(|&kind| profile.pins.get(kind).value.as_str()),
    ) {
        for text in [&stdout, &ja, &status] {
            assert!(!text.contains(secret), "{secret:?} printed:\n{text}");
        }
    }
}
