//! Helpers shared by the end-to-end test modules that go through a real pcscd
//! (`e2e_cli`, `pcsc_e2e`). Their tests are `#[ignore]`d; run explicitly, they call
//! [`require_pcscd`] or [`require_pcscd_stopped`] first, so a missing environment is a
//! failure that says what is missing, never a pass.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use mynapin::transport::list_readers;

/// Tests that use pcscd and vpcd never run at the same time: one lock for the whole test
/// binary, so the `e2e_cli` and `pcsc_e2e` tests take turns too.
static PCSCD: Mutex<()> = Mutex::new(());

/// The readers of pcscd's vsmartcard `vpcd` driver (ports 35963 and 35964).
const VPCD_READERS: [&str; 2] = ["Virtual PCD 00 00", "Virtual PCD 00 01"];

/// pcscd's socket, there while it runs.
const PCSCD_SOCKET: &str = "/run/pcscd/pcscd.comm";

/// Holds pcscd and the vpcd slots for one test.
pub fn lock() -> MutexGuard<'static, ()> {
    PCSCD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Fails the test, saying what is missing, unless pcscd runs with both vpcd readers.
pub fn require_pcscd() {
    const HOW: &str = "start `pcscd --foreground` with vsmartcard-vpcd installed (.ci/setup \
        installs it; .ci/test does all of it), then run \
        `cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0`";
    let readers = list_readers()
        .unwrap_or_else(|error| panic!("this test needs a running pcscd ({error}): {HOW}"));
    let names: Vec<&str> = readers.iter().map(|info| info.name.as_str()).collect();
    for reader in VPCD_READERS {
        assert!(
            names.contains(&reader),
            "this test needs pcscd's vpcd reader {reader:?}, but pcscd lists {names:?}: {HOW}"
        );
    }
}

/// Fails the test unless pcscd is stopped.
pub fn require_pcscd_stopped() {
    assert!(
        !Path::new(PCSCD_SOCKET).exists(),
        "this test needs pcscd stopped, but {PCSCD_SOCKET} exists: .ci/test runs it after \
         stopping pcscd; by hand, stop pcscd and run \
         `cargo test --test integration not_running -- --ignored`"
    );
}
