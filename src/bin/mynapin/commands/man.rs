//! `mynapin man`: the manual page, generated from the clap definition (`clap_mangen`):
//! `mynapin.1` in roff on stdout, or with `--dir DIR` that page and one
//! `mynapin-COMMAND.1` per subcommand (`mynapin-sim-serve.1`, …) written into DIR, which
//! is how the Debian package gets its pages (`.ci/package`).

use clap::CommandFactory;
use mynapin::messages::{Message, io_message};

use super::Context;
use crate::cli::{Cli, ManArgs};
use crate::exit::Failure;

/// The page on stdout, or the pages written into `--dir` (then nothing to print).
pub fn run(context: Context, args: &ManArgs) -> Result<String, Failure> {
    let command = Cli::command();
    let cannot_write = |path: &std::path::Path, error: std::io::Error| {
        let message = Message::new("man-cannot-write")
            .with("path", path.display().to_string())
            .with("problem", io_message(&error));
        Failure::Usage(context.lang.text(&message))
    };
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|error| cannot_write(dir, error))?;
            clap_mangen::generate_to(command, dir).map_err(|error| cannot_write(dir, error))?;
            Ok(String::new())
        }
        None => {
            let mut page = Vec::new();
            // As generate_to does for the pages above: `help` has no page of its own.
            clap_mangen::Man::new(command.disable_help_subcommand(true))
                .render(&mut page)
                .map_err(|error| cannot_write(std::path::Path::new("-"), error))?;
            Ok(String::from_utf8_lossy(&page).into_owned())
        }
    }
}
