//! `mynapin completions SHELL`: the shell's completion script, generated from the clap
//! definition (`clap_complete`), printed to stdout. The Debian package installs the
//! bash, zsh and fish scripts (`.ci/package`).

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// The completion script of `args.shell`.
pub fn run(args: &CompletionsArgs) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mynapin", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}
