//! `mynapin sim …`: the simulated card's own commands.

use mynapin::sim::Profile;

use crate::cli::SimCommand;
use crate::exit::Failure;

/// Runs a `sim` subcommand.
pub fn run(command: &SimCommand) -> Result<(), Failure> {
    match command {
        SimCommand::Profile => {
            print!("{}", Profile::default().to_toml());
            Ok(())
        }
    }
}
