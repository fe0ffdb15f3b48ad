//! The card a command works on: the simulated card (built-in or a profile file), a trace
//! replayed in its place, or a reader. A profile file *is* the card: after the command,
//! whatever its outcome, the card's state is written back to it atomically. With
//! `--trace FILE`, the exchange is recorded (PIN bytes masked) and saved even when the
//! command failed.

use std::path::{Path, PathBuf};

use mynapin::messages::Message;
use mynapin::report::CardDescription;
use mynapin::sim::{Profile, SimCard};
use mynapin::transport::{ReplayTransport, SimTransport, TraceRecorder, Transport, TransportError};

use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::i18n::Lang;

/// What a command is given to work on: a transport and a description of the card.
pub struct CardLink<'a> {
    /// The transport to run one flow on.
    pub transport: &'a mut dyn Transport,
    /// Where the card is, for JSON documents.
    pub source: CardDescription,
}

/// An open card.
pub enum Session {
    /// The simulated card; `profile_path` is written back when set.
    Simulated {
        /// The in-process transport holding the card (boxed: the card is large).
        transport: Box<SimTransport>,
        /// The profile file the card came from, if any.
        profile_path: Option<PathBuf>,
    },
    /// A card in a PC/SC reader.
    #[cfg(feature = "pcsc")]
    Pcsc(Box<mynapin::transport::PcscTransport>),
    /// A trace served back in place of a card.
    Replay {
        /// The replaying transport.
        transport: ReplayTransport,
        /// The trace file.
        path: PathBuf,
    },
}

impl Session {
    /// Opens the card the global options name; `chosen_reader` (the full name of the reader
    /// the user picked when several hold a card) overrides `--reader`.
    pub fn open(
        global: &GlobalArgs,
        chosen_reader: Option<String>,
        lang: Lang,
    ) -> Result<Session, Failure> {
        if global.sim_fault.is_some() && global.simulated.is_none() {
            return Err(Failure::Usage(
                lang.text(&Message::new("session-sim-fault-needs-simulated")),
            ));
        }
        if let Some(path) = &global.replay {
            let transport = ReplayTransport::load(path)
                .map_err(|error| Failure::Usage(lang.text(&error.message())))?;
            return Ok(Session::Replay {
                transport,
                path: path.clone(),
            });
        }
        match &global.simulated {
            Some(profile_path) => {
                let profile = match profile_path {
                    Some(path) => Profile::load(path)?,
                    None => Profile::default(),
                };
                let mut transport = SimTransport::new(SimCard::new(profile));
                if let Some(fault) = global.sim_fault {
                    transport = transport.with_fault(fault);
                }
                Ok(Session::Simulated {
                    transport: Box::new(transport),
                    profile_path: profile_path.clone(),
                })
            }
            None => open_reader(global, chosen_reader, lang),
        }
    }

    /// Where the card is, for JSON documents and trace headers.
    pub fn card_description(&self) -> CardDescription {
        match self {
            Session::Simulated { profile_path, .. } => {
                CardDescription::simulated(profile_path.as_deref())
            }
            Session::Replay { path, .. } => CardDescription::replay(path),
            #[cfg(feature = "pcsc")]
            Session::Pcsc(transport) => {
                CardDescription::pcsc(transport.reader_name(), transport.atr())
            }
        }
    }

    fn transport(&mut self) -> &mut dyn Transport {
        match self {
            Session::Simulated { transport, .. } => transport.as_mut(),
            Session::Replay { transport, .. } => transport,
            #[cfg(feature = "pcsc")]
            Session::Pcsc(transport) => transport.as_mut(),
        }
    }

    /// Runs `command` on the card, recording the exchange to `trace` when asked. A trace
    /// that cannot be saved is reported on stderr without hiding the command's result: a
    /// PIN change that happened must not look like a failure.
    pub fn run<R>(
        &mut self,
        lang: Lang,
        trace: Option<(&Path, &str)>,
        command: impl FnOnce(CardLink<'_>) -> R,
    ) -> R {
        let source = self.card_description();
        let Some((path, flow)) = trace else {
            return command(CardLink {
                transport: self.transport(),
                source,
            });
        };
        let card_header = source.to_string();
        let recorder = TraceRecorder::new(self.transport())
            .with_header("flow", flow)
            .and_then(|recorder| recorder.with_header("card", &card_header))
            .and_then(|recorder| recorder.with_header("date", &crate::clock::utc_now()));
        let mut recorder = match recorder {
            Ok(recorder) => recorder,
            Err(error) => {
                let warning = Message::new("trace-cannot-start").with("problem", error.message());
                eprintln!("mynapin: {}", lang.text(&warning));
                return command(CardLink {
                    transport: self.transport(),
                    source,
                });
            }
        };
        let result = command(CardLink {
            transport: &mut recorder,
            source,
        });
        if let Err(error) = recorder.save(path) {
            let warning = Message::new("trace-cannot-save").with("problem", error.message());
            eprintln!("mynapin: {}", lang.text(&warning));
        }
        result
    }

    /// Ends the session: a simulated card from a profile file is saved back to it; a
    /// replay that did not use the whole trace fails (its divergence worded in `lang`).
    pub fn finish(self, lang: Lang) -> Result<(), Failure> {
        match self {
            Session::Simulated {
                transport,
                profile_path: Some(path),
            } => transport
                .into_card()
                .to_profile()
                .save_atomically(&path)
                .map_err(Failure::ProfileNotSaved),
            Session::Simulated {
                profile_path: None, ..
            } => Ok(()),
            #[cfg(feature = "pcsc")]
            Session::Pcsc(_) => Ok(()),
            // A replay passes only if the flow used the whole trace.
            Session::Replay { transport, .. }
                if transport.has_diverged() || transport.is_finished() =>
            {
                Ok(())
            }
            Session::Replay { transport, .. } => Err(Failure::from(TransportError::Divergence {
                position: transport.served() + 1,
                expected: lang.text(
                    &Message::new("replay-more-exchanges").with("count", transport.remaining()),
                ),
                actual: lang.text(&Message::new("replay-end-of-flow")),
            })),
        }
    }
}

/// Connects to the card in a reader: the user's choice by its exact name, else `--reader`
/// ([`ReaderChoice::from_argument`]: an index, or a part of the name), waiting with
/// `--wait`.
///
/// [`ReaderChoice::from_argument`]: mynapin::transport::ReaderChoice::from_argument
#[cfg(feature = "pcsc")]
fn open_reader(
    global: &GlobalArgs,
    chosen_reader: Option<String>,
    _lang: Lang,
) -> Result<Session, Failure> {
    use mynapin::transport::{PcscTransport, ReaderChoice};
    let choice = match (chosen_reader, &global.reader) {
        (Some(name), _) => ReaderChoice::Exact(name),
        (None, Some(argument)) => ReaderChoice::from_argument(argument),
        (None, None) => ReaderChoice::Auto,
    };
    let wait = global
        .wait
        .map(|seconds| seconds.map_or(std::time::Duration::MAX, std::time::Duration::from_secs));
    Ok(Session::Pcsc(Box::new(PcscTransport::connect(
        &choice, wait,
    )?)))
}

/// Without the `pcsc` feature only the simulated card exists.
#[cfg(not(feature = "pcsc"))]
fn open_reader(
    _global: &GlobalArgs,
    _chosen_reader: Option<String>,
    lang: Lang,
) -> Result<Session, Failure> {
    Err(crate::commands::readers::no_pcsc(lang))
}
