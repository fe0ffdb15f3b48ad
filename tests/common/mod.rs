//! Helpers shared by the end-to-end test files that go through a real pcscd.

use std::sync::{Mutex, MutexGuard};

/// Tests in one file that use pcscd and vpcd never run at the same time (cargo runs the
/// test files one after another).
static PCSCD: Mutex<()> = Mutex::new(());

/// Holds pcscd and the vpcd slots for one test.
pub fn lock() -> MutexGuard<'static, ()> {
    PCSCD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// True when `MYNAPIN_E2E=1`; otherwise says why `test` skips.
pub fn enabled(test: &str) -> bool {
    if std::env::var("MYNAPIN_E2E").as_deref() == Ok("1") {
        return true;
    }
    eprintln!(
        "skipping {test}: set MYNAPIN_E2E=1 with `pcscd --foreground` running to test through \
         the real PC/SC stack (.ci/test does; reference/pcscd-vpcd.md §9)"
    );
    false
}
