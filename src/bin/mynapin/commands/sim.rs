//! `mynapin sim …`: the simulated card's own commands: print the default profile, and
//! serve the card to pcscd's vpcd driver.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mynapin::messages::Message;
use mynapin::sim::vpcd::{self, VpcdEvent, VpcdOptions};
use mynapin::sim::{PRESETS, Preset, Profile, SimCard};
use mynapin::source::SourceError;

use super::Context;
use crate::cli::{ServeArgs, SimCommand};
use crate::exit::Failure;

/// Runs a `sim` subcommand; returns what to print.
pub fn run(context: Context, command: &SimCommand) -> Result<String, Failure> {
    match command {
        SimCommand::Profile(args) => {
            crate::present::profile(context, preset_or_default(args.preset.as_deref()))
        }
        SimCommand::Presets => crate::present::presets(context, &PRESETS),
        SimCommand::Serve(args) => serve(context, args),
    }
}

/// The preset's card, or the default card without one (clap allows only preset names).
fn preset_or_default(name: Option<&str>) -> Profile {
    name.and_then(Preset::named)
        .map_or_else(Profile::default, Preset::profile)
}

/// Serves the card until pcscd closes the link, a signal arrives, or the fault fires;
/// then writes the card's state to `--state-out`.
fn serve(context: Context, args: &ServeArgs) -> Result<String, Failure> {
    let profile = match &args.profile {
        Some(path) => Profile::load(path)?,
        None => preset_or_default(args.preset.as_deref()),
    };
    let mut card = SimCard::new(profile);
    let stop = crate::signals::stop_flag_on_signals().map_err(|error| {
        let message = Message::new("sim-signal-handler").with_detail(error.to_string());
        Failure::Usage(context.lang.text(&message))
    })?;
    let apdus = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&apdus);
    let verbose = args.verbose;
    let options = VpcdOptions {
        host: args.host.clone(),
        port: args.port,
        connect_timeout: Duration::from_secs(args.connect_timeout),
        fault: args.fault,
        observer: Some(Arc::new(move |event: &VpcdEvent| {
            if let VpcdEvent::Apdu { .. } = event {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            if verbose {
                crate::output::stderr(&format!("mynapin sim serve: {event}\n"));
            }
        })),
    };
    let ended = vpcd::serve(&mut card, &options, &stop);
    // The state is written whatever the end, so a test can read what the card holds.
    if let Some(path) = &args.state_out {
        card.to_profile()
            .save_atomically(path)
            .map_err(|error| Failure::Source(SourceError::ProfileNotSaved(error)))?;
    }
    let ended = ended.map_err(Failure::Vpcd)?;
    let apdus = apdus.load(Ordering::Relaxed);
    crate::present::served(context, ended, apdus, args.state_out.as_deref())
}
