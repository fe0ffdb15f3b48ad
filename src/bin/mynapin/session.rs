//! From the command line to a card: the global options become one
//! [`CardSource`](mynapin::source::CardSource) (the library opens it, saves a simulated
//! card's profile and checks a replay), and one flow runs on the open card, traced with
//! `--trace FILE` (PIN bytes masked; saved even when the command failed).

use std::path::Path;
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
    /// The card's ATR, when known (not for a replay).
    pub atr: Option<Vec<u8>>,
}

/// The card the global options name: `--replay`, `--simulated[=PROFILE]` (with
/// `--sim-fault`), or a reader: `--reader` ([`ReaderChoice::from_argument`]: an index or
/// a part of the name), else the only reader with a card ([`ReaderChoice::Auto`]; see
/// [`with_menu_choice`]), waiting with `--wait`.
pub fn card_source(global: &GlobalArgs, lang: Lang) -> Result<CardSource, Failure> {
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
    let choice = match &global.reader {
        Some(argument) => ReaderChoice::from_argument(argument),
        None => ReaderChoice::Auto,
    };
    let wait = global
        .wait
        .map(|seconds| seconds.map_or(Duration::MAX, Duration::from_secs));
    Ok(CardSource::Reader { choice, wait })
}

/// `source`, with the reader the user picks from the terminal menu when no reader was
/// named and several hold a card ([`crate::prompt::choose_reader_when_several`]): opened
/// as [`ReaderChoice::Exact`], never read as an index or a pattern. Called after the
/// checks that need no card, before any PIN is typed.
pub fn with_menu_choice(source: CardSource, global: &GlobalArgs, lang: Lang) -> CardSource {
    let CardSource::Reader { wait, .. } = source else {
        return source;
    };
    match crate::prompt::choose_reader_when_several(global, lang) {
        Some(name) => CardSource::Reader {
            choice: ReaderChoice::Exact(name),
            wait,
        },
        None => source,
    }
}

/// Checks the global options before anything runs (nothing read, opened or written):
///
/// - `--reader` and `--wait` choose and wait for a reader: with `--simulated` or
///   `--replay` they would be ignored, so they are refused;
/// - `--trace FILE` replaces FILE (write, then rename): a path that exists and is not a
///   regular file (a device, a pipe, a folder, `/dev/stdout` to a pipe or terminal), or
///   that is the same file (device and inode, through any link or name) as the replayed
///   trace, the card profile, the audit log or the command's standard input, output or
///   error (`/dev/stdout` redirected to a file) is refused.
///
/// # Errors
///
/// A usage failure (exit 2) naming the option.
pub fn check_options(global: &GlobalArgs, lang: Lang) -> Result<(), Failure> {
    if global.simulated.is_some() || global.replay.is_some() {
        let source = if global.replay.is_some() {
            "--replay"
        } else {
            "--simulated"
        };
        let option = match (&global.reader, &global.wait) {
            (Some(_), _) => Some("--reader"),
            (None, Some(_)) => Some("--wait"),
            (None, None) => None,
        };
        if let Some(option) = option {
            let message = Message::new("session-reader-not-applicable")
                .with("option", option)
                .with("source", source);
            return Err(Failure::Usage(lang.text(&message)));
        }
    }
    let Some(trace) = &global.trace else {
        return Ok(());
    };
    // A path that does not exist (or a link to nothing) cannot be anything else.
    let Ok(target) = std::fs::metadata(trace) else {
        return Ok(());
    };
    let shown = trace.display().to_string();
    if !target.is_file() {
        let message = Message::new("trace-path-not-a-file").with("path", shown);
        return Err(Failure::Usage(lang.text(&message)));
    }
    // Same device and inode; where the platform cannot tell (not Unix), never the same.
    let target_id = mynapin::file_identity::identity(&target);
    let same = |path: &Path| {
        target_id.is_some()
            && std::fs::metadata(path)
                .ok()
                .and_then(|other| mynapin::file_identity::identity(&other))
                == target_id
    };
    #[cfg(unix)]
    let stream = |stat: rustix::io::Result<rustix::fs::Stat>| {
        // st_dev is i32 on macOS, u64 on Linux; `as` widens it the way std does.
        #[allow(clippy::unnecessary_cast)]
        let id = |stat: rustix::fs::Stat| (stat.st_dev as u64, stat.st_ino as u64);
        stat.is_ok_and(|stat| Some(id(stat)) == target_id)
    };
    #[cfg(not(unix))]
    let stream = |_: ()| false;
    let what = if global.replay.as_deref().is_some_and(same) {
        Some(Message::new("trace-what-replay"))
    } else if let Some(Some(profile)) = &global.simulated
        && same(profile)
    {
        Some(Message::new("trace-what-profile"))
    } else if same(&crate::audit::audit_path(global)) {
        Some(Message::new("trace-what-audit-log"))
    } else if standard_stream_is_target(&stream) {
        Some(Message::new("trace-what-stream"))
    } else {
        None
    };
    match what {
        Some(what) => {
            let message = Message::new("trace-path-is-input")
                .with("path", shown)
                .with("what", what);
            Err(Failure::Usage(lang.text(&message)))
        }
        None => Ok(()),
    }
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
    if let CardSource::Replay(path) = source {
        // Whatever the replay answers, no card saw this command: say so every time.
        let notice = Message::new("replay-notice").with("path", path.display().to_string());
        crate::output::warn(&context.lang.text(&notice));
    }
    let request = global.trace.as_ref().map(|path| TraceRequest {
        path: path.clone(),
        flow: flow.to_owned(),
        date: crate::clock::utc_now(),
    });
    let description = card.description();
    let atr = card.atr();
    let (result, trace_failure) = card.run(request.as_ref(), |transport| {
        command(CardLink {
            transport,
            source: description,
            atr,
        })
    });
    if let Some(error) = trace_failure {
        let warning = match error {
            TraceError::InvalidHeaderKey { .. } => Message::new("trace-cannot-start"),
            _ => Message::new("trace-cannot-save"),
        }
        .with("problem", error.message());
        crate::output::warn(&context.lang.text(&warning));
    }
    match (result, card.close()) {
        (Err(failure), Err(SourceError::ProfileNotSaved(save))) => {
            // Both matter: the command's failure is the answer, but the card file is stale.
            crate::output::warn(&context.lang.text(&save.not_saved_message()));
            Err(failure)
        }
        (result, closed) => closed.map_err(Failure::Source).and(result),
    }
}

/// Whether standard input, output or error is the file `stream` recognises (`fstat` on
/// Unix; elsewhere their identity cannot be read, so no).
#[cfg(unix)]
fn standard_stream_is_target(
    stream: &dyn Fn(rustix::io::Result<rustix::fs::Stat>) -> bool,
) -> bool {
    stream(rustix::fs::fstat(std::io::stdin()))
        || stream(rustix::fs::fstat(std::io::stdout()))
        || stream(rustix::fs::fstat(std::io::stderr()))
}

/// See the Unix version: not known here.
#[cfg(not(unix))]
fn standard_stream_is_target(_stream: &dyn Fn(()) -> bool) -> bool {
    false
}
