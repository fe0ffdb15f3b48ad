//! From the command line to a card: the global options become one
//! [`CardSource`](mynapin::source::CardSource) (the library opens it, saves a simulated
//! card's profile and checks a replay), and one flow runs on the open card, traced with
//! `--trace FILE` (PIN bytes masked; saved even when the command failed).

use std::time::Duration;

use mynapin::messages::Message;
use mynapin::report::CardDescription;
use mynapin::source::{CardSource, SourceError, TraceRequest};
use mynapin::transport::{ReaderChoice, TraceError, Transport};

use crate::cli::GlobalArgs;
use crate::commands::Context;
use crate::exit::Failure;
use crate::i18n::Lang;

/// What a command is given to work on: a transport and a description of the card.
pub struct CardLink<'a> {
    /// The transport to run one flow on.
    pub transport: &'a mut dyn Transport,
    /// Where the card is, for JSON documents.
    pub source: CardDescription,
}

/// The card the global options name: `--replay`, `--simulated[=PROFILE]` (with
/// `--sim-fault`), or a reader: `chosen_reader` (the full name the user picked from the
/// menu, opened as [`ReaderChoice::Exact`]), else `--reader`
/// ([`ReaderChoice::from_argument`]: an index or a part of the name), waiting with
/// `--wait`.
pub fn card_source(
    global: &GlobalArgs,
    chosen_reader: Option<String>,
    lang: Lang,
) -> Result<CardSource, Failure> {
    if global.sim_fault.is_some() && global.simulated.is_none() {
        return Err(Failure::Usage(
            lang.text(&Message::new("session-sim-fault-needs-simulated")),
        ));
    }
    if let Some(path) = &global.replay {
        return Ok(CardSource::Replay(path.clone()));
    }
    if let Some(profile) = &global.simulated {
        return Ok(CardSource::Simulated {
            profile: profile.clone(),
            fault: global.sim_fault,
        });
    }
    let choice = match (chosen_reader, &global.reader) {
        (Some(name), _) => ReaderChoice::Exact(name),
        (None, Some(argument)) => ReaderChoice::from_argument(argument),
        (None, None) => ReaderChoice::Auto,
    };
    let wait = global
        .wait
        .map(|seconds| seconds.map_or(Duration::MAX, Duration::from_secs));
    Ok(CardSource::Reader { choice, wait })
}

/// Opens `source`, runs one flow on it (traced with `--trace`), and closes it (saving a
/// simulated card's profile whatever the flow's outcome). A trace that cannot be saved is
/// reported on stderr without hiding the flow's result.
pub fn with_card(
    context: Context,
    global: &GlobalArgs,
    source: &CardSource,
    flow: &str,
    command: impl FnOnce(CardLink<'_>) -> Result<String, Failure>,
) -> Result<String, Failure> {
    let mut card = source.open().map_err(Failure::Source)?;
    let request = global.trace.as_ref().map(|path| TraceRequest {
        path: path.clone(),
        flow: flow.to_owned(),
        date: crate::clock::utc_now(),
    });
    let description = card.description();
    let (result, trace_failure) = card.run(request.as_ref(), |transport| {
        command(CardLink {
            transport,
            source: description,
        })
    });
    if let Some(error) = trace_failure {
        let warning = match error {
            TraceError::InvalidHeaderKey { .. } => Message::new("trace-cannot-start"),
            _ => Message::new("trace-cannot-save"),
        }
        .with("problem", error.message());
        eprintln!("mynapin: {}", context.lang.text(&warning));
    }
    match (result, card.close()) {
        (Err(failure), Err(SourceError::ProfileNotSaved(save))) => {
            // Both matter: the command's failure is the answer, but the card file is stale.
            eprintln!("mynapin: {}", context.lang.text(&save.not_saved_message()));
            Err(failure)
        }
        (result, closed) => closed.map_err(Failure::Source).and(result),
    }
}
