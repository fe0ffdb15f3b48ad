//! `mynapin doctor`: gathers the workstation's facts ([`mynapin::doctor::gather`]) with
//! what only the front end knows (the configuration, rules and audit log in force, the
//! user, the session), runs the checks and prints them. Exit 0 when no check failed, 3
//! (environment) otherwise; the findings are printed either way.

use std::path::PathBuf;

use mynapin::config::DEFAULT_PATH;
use mynapin::doctor::gather::{Inputs, PCSCD_SOCKET, gather};
use mynapin::doctor::{any_failure, diagnose};
use mynapin::transport::ReaderChoice;

use super::Context;
use crate::cli::GlobalArgs;
use crate::exit::{Exit, Failure};

/// Runs `doctor`; returns what to print and the exit code.
pub fn run(context: Context, global: &GlobalArgs) -> Result<(String, Exit), Failure> {
    let config = match &global.config {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(DEFAULT_PATH), false),
    };
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let inputs = Inputs {
        config,
        rules: global.rules.clone(),
        audit_log: crate::audit::audit_path(global),
        user: env("USER")
            .or_else(|| env("LOGNAME"))
            .unwrap_or_else(|| "unknown".to_owned()),
        ssh: env("SSH_CONNECTION").is_some(),
        session_id: env("XDG_SESSION_ID"),
        reader_choice: global
            .reader
            .as_deref()
            .map_or(ReaderChoice::Auto, ReaderChoice::from_argument),
        pcscd_socket: std::env::var_os("PCSCLITE_CSOCK_NAME")
            .filter(|path| !path.is_empty())
            .map_or_else(|| PathBuf::from(PCSCD_SOCKET), PathBuf::from),
    };
    let findings = diagnose(&gather(inputs));
    let exit = if any_failure(&findings) {
        Exit::Environment
    } else {
        Exit::Ok
    };
    let printed = crate::present::doctor(context, &findings)?;
    Ok((printed, exit))
}
