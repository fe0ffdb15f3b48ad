//! The integration tests, in one test binary (`cargo test --test integration`) so that a
//! small CI machine links one executable instead of one per file. Each module was a test
//! file of its own; a test's path names its module (`traces::goldens_equal_the_recordings`),
//! so `cargo test --test integration traces::` runs one module.
//!
//! Tests that need an environment `cargo test` cannot provide are `#[ignore]`d, with the
//! reason and how to run them: through a running pcscd with vsmartcard-vpcd (`e2e_cli`,
//! `pcsc_e2e`; `.ci/test` runs them), in Debian's headless Chromium (`browser`; `.ci/test`
//! runs them), with pcscd stopped (`*not_running*`), or against a real card (`real_card`,
//! never in CI). Run explicitly (`-- --ignored`) without their environment, they fail and
//! say what is missing; they never pass by skipping.
// Tests may unwrap: a panic is how a test reports a broken expectation.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "pcsc")]
mod common;

mod audit;
mod audit_records;
#[cfg(target_os = "linux")]
mod browser;
mod cli;
mod cli_guide;
// Unix file modes, links, signals or script(1): not built elsewhere.
#[cfg(unix)]
mod cli_hardening;
mod cli_info;
// Unix file modes, links, signals or script(1): not built elsewhere.
#[cfg(unix)]
mod cli_terminal;
mod cli_trace;
mod doctor;
#[cfg(feature = "pcsc")]
mod e2e_cli;
#[cfg(feature = "pcsc")]
mod e2e_info;
mod fault_table;
mod flows;
mod info_flow;
mod logging;
mod messages;
#[cfg(feature = "pcsc")]
mod opensc_interop;
mod packaging;
#[cfg(target_os = "linux")]
mod page_browser;
// Unix file modes, links, signals or script(1): not built elsewhere.
#[cfg(unix)]
mod page_security;
// Unix file modes, links, signals or script(1): not built elsewhere.
#[cfg(unix)]
mod page_server;
#[cfg(feature = "pcsc")]
mod pcsc_e2e;
mod procedure;
// Unix file modes, links, signals or script(1): not built elsewhere.
#[cfg(unix)]
mod profile_files;
#[cfg(feature = "pcsc")]
mod real_card;
mod reset;
mod reset_cli;
mod schemas;
mod shell;
mod traces;
