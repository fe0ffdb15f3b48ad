//! `mynapin sim …`: the simulated card's own commands.

use mynapin::sim::Profile;

use crate::cli::SimCommand;
use crate::exit::Failure;

/// Runs a `sim` subcommand; returns what to print.
pub fn run(command: &SimCommand) -> Result<String, Failure> {
    match command {
        SimCommand::Profile => Ok(Profile::default().to_toml()),
    }
}
