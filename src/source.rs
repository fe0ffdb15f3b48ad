//! Card sources: what card a front end works on, described once (ripgrep's split of
//! low-level arguments into one high-level value), and the open card it gives.
//!
//! A front end builds a [`CardSource`] from its own input (the CLI from `--simulated`,
//! `--replay`, `--reader` and `--wait`; a counter page from its configuration), opens it
//! with [`CardSource::open`], runs flows on the [`OpenCard`] (recorded to a trace with
//! [`OpenCard::run`] when asked), and closes it with [`OpenCard::close`], which writes a
//! simulated card back to its profile file (the file *is* the card) and checks that a
//! replayed trace was used to its end. Nothing here prompts: a front end that asks the
//! user which reader to use passes the answer as [`ReaderChoice::Exact`].

use std::path::PathBuf;
use std::time::Duration;

use crate::card::PinOptions;
use crate::codes::{Coded, ErrorClass};
use crate::report::CardDescription;
use crate::sim::{Fault, Profile, ProfileError, ProfileFile, SimCard};
use crate::transport::{
    Logged, ReaderChoice, ReplayTransport, SimTransport, TraceError, TraceRecorder, Transport,
    TransportError,
};

/// What card to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSource {
    /// The simulated card: the built-in default card (`profile: None`), or the card a
    /// profile file describes, written back to that file when the card is closed.
    Simulated {
        /// The profile file, if any.
        profile: Option<PathBuf>,
        /// A card pulled at a chosen command (tests and training), if any.
        fault: Option<Fault>,
    },
    /// A trace served back in place of a card (support: replays a trace captured at a
    /// counter against this version's flows; stops at the first command that differs).
    Replay(PathBuf),
    /// A card in a PC/SC reader.
    Reader {
        /// Which reader.
        choice: ReaderChoice,
        /// How long to wait for a card (and for a reader plugged in later): `None` does
        /// not wait, [`Duration::MAX`] waits without limit.
        wait: Option<Duration>,
    },
}

impl CardSource {
    /// True for a card in a reader: a citizen's card, to which a command not confirmed on
    /// real cards is sent only when the caller's policy allows it
    /// ([`crate::card::PinOptions::allow_unconfirmed_commands`]).
    pub fn is_real_card(&self) -> bool {
        matches!(self, CardSource::Reader { .. })
    }

    /// The policy for a PIN flow on this card: what the user `asked`, with
    /// [`PinOptions::allow_unconfirmed_commands`] set for a card that is not real (simulated
    /// or replayed), which no command can harm. Only a card in a reader needs the user's
    /// explicit permission (docs/protocol.md §5.1, §6). Every front end takes its policy
    /// from here.
    pub fn pin_options(&self, asked: PinOptions) -> PinOptions {
        PinOptions {
            allow_unconfirmed_commands: asked.allow_unconfirmed_commands || !self.is_real_card(),
            ..asked
        }
    }

    /// Opens the card: loads the profile or the trace, or connects to the reader
    /// (exclusively, waiting as asked). A profile file is locked (waiting for another
    /// command using the same card to close it) and read once the lock is held; it stays
    /// locked until [`OpenCard::close`] (or until the open card is dropped).
    pub fn open(&self) -> Result<OpenCard, SourceError> {
        let opened = match self {
            CardSource::Simulated { profile, fault } => {
                let file = match profile {
                    Some(path) => {
                        let file = ProfileFile::open(path).map_err(SourceError::Profile)?;
                        tracing::info!(path = %path.display(), "simulated card: profile file locked and read");
                        Some(Box::new(file))
                    }
                    None => {
                        tracing::info!("simulated card: the built-in default card");
                        None
                    }
                };
                let card = file
                    .as_ref()
                    .map_or_else(Profile::default, |file| file.profile().clone());
                let mut transport = SimTransport::new(SimCard::new(card));
                if let Some(fault) = fault {
                    tracing::info!(?fault, "simulated card: fault staged");
                    transport = transport.with_fault(*fault);
                }
                Opened::Simulated {
                    transport: Box::new(transport),
                    profile: profile.clone(),
                    file,
                }
            }
            CardSource::Replay(path) => {
                let transport = ReplayTransport::load(path).map_err(SourceError::Trace)?;
                tracing::info!(path = %path.display(), exchanges = transport.remaining(), "replaying a trace instead of a card");
                Opened::Replay {
                    transport,
                    path: path.clone(),
                }
            }
            CardSource::Reader { choice, wait } => {
                tracing::info!(?choice, ?wait, "opening a card in a PC/SC reader");
                open_reader(choice, *wait)?
            }
        };
        Ok(OpenCard { opened })
    }
}

#[cfg(feature = "pcsc")]
fn open_reader(choice: &ReaderChoice, wait: Option<Duration>) -> Result<Opened, SourceError> {
    let transport = crate::transport::PcscTransport::connect(choice, wait)?;
    Ok(Opened::Reader(Box::new(transport)))
}

#[cfg(not(feature = "pcsc"))]
fn open_reader(_choice: &ReaderChoice, _wait: Option<Duration>) -> Result<Opened, SourceError> {
    Err(SourceError::NoReaderSupport)
}

/// An open card, from [`CardSource::open`].
pub struct OpenCard {
    opened: Opened,
}

enum Opened {
    Simulated {
        transport: Box<SimTransport>,
        profile: Option<PathBuf>,
        /// The locked profile file, written back on close.
        file: Option<Box<ProfileFile>>,
    },
    Replay {
        transport: ReplayTransport,
        path: PathBuf,
    },
    #[cfg(feature = "pcsc")]
    Reader(Box<crate::transport::PcscTransport>),
}

/// A trace to record while a flow runs: the file and its `# key: value` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceRequest {
    /// Where the trace is written (atomically), whatever the flow's result.
    pub path: PathBuf,
    /// What the flow is, e.g. `change auth` (the `flow` header).
    pub flow: String,
    /// When it ran, e.g. `2026-11-26T09:15:02Z` (the `date` header), given by the front
    /// end: the library reads no clock.
    pub date: String,
}

impl OpenCard {
    /// Where the card is, for documents and trace headers.
    pub fn description(&self) -> CardDescription {
        match &self.opened {
            Opened::Simulated { profile, .. } => CardDescription::simulated(profile.as_deref()),
            Opened::Replay { path, .. } => CardDescription::replay(path),
            #[cfg(feature = "pcsc")]
            Opened::Reader(transport) => {
                CardDescription::pcsc(transport.reader_name(), transport.atr())
            }
        }
    }

    /// The card's ATR: the simulated card's (from its profile), the reader's card's;
    /// `None` for a replay, whose trace does not keep it.
    pub fn atr(&self) -> Option<Vec<u8>> {
        match &self.opened {
            Opened::Simulated { transport, .. } => Some(transport.card().atr().to_vec()),
            Opened::Replay { .. } => None,
            #[cfg(feature = "pcsc")]
            Opened::Reader(transport) => Some(transport.atr().to_vec()),
        }
    }

    /// The transport to run flows on.
    pub fn transport(&mut self) -> &mut dyn Transport {
        match &mut self.opened {
            Opened::Simulated { transport, .. } => transport.as_mut(),
            Opened::Replay { transport, .. } => transport,
            #[cfg(feature = "pcsc")]
            Opened::Reader(transport) => transport.as_mut(),
        }
    }

    /// Runs `flow` on the card's transport, its exchanges logged ([`Logged`]: headers and
    /// lengths only, at the TRACE level), recording the exchange (secret data masked)
    /// to `trace` when asked. The flow's result comes back with the trace's own failure,
    /// if the trace could not be started or saved: that must not hide the flow's result
    /// (a PIN change that happened must not look like a failure), so the front end
    /// reports it beside the result.
    pub fn run<R>(
        &mut self,
        trace: Option<&TraceRequest>,
        flow: impl FnOnce(&mut dyn Transport) -> R,
    ) -> (R, Option<TraceError>) {
        let Some(request) = trace else {
            return (flow(&mut Logged::new(self.transport())), None);
        };
        let card = self.description().to_string();
        let recorder = TraceRecorder::new(self.transport())
            .with_header("flow", &request.flow)
            .and_then(|recorder| recorder.with_header("card", &card))
            .and_then(|recorder| recorder.with_header("date", &request.date));
        let mut recorder = match recorder {
            Ok(recorder) => recorder,
            Err(error) => {
                tracing::info!(%error, "the trace cannot be started");
                return (flow(&mut Logged::new(self.transport())), Some(error));
            }
        };
        let result = flow(&mut Logged::new(&mut recorder));
        let saved = recorder.save(&request.path);
        match &saved {
            Ok(()) => {
                tracing::info!(path = %request.path.display(), "trace saved (secret bytes masked)")
            }
            Err(error) => tracing::info!(path = %request.path.display(), %error, "trace not saved"),
        }
        (result, saved.err())
    }

    /// Closes the card: a simulated card from a profile file is written back to it when
    /// its state changed (whatever the flows' outcome; [`ProfileError::ReadOnly`] inside
    /// [`SourceError::ProfileNotSaved`] when the file may not be written), then the file
    /// is unlocked; a replay passes only if the flows used the whole trace
    /// ([`SourceError::ReplayIncomplete`] otherwise).
    pub fn close(self) -> Result<(), SourceError> {
        match self.opened {
            Opened::Simulated {
                transport,
                file: Some(file),
                profile,
            } => {
                let written = file
                    .write_back(&transport.into_card().to_profile())
                    .map_err(SourceError::ProfileNotSaved)?;
                let path = profile.as_deref().map(|path| path.display().to_string());
                if written {
                    tracing::info!(
                        ?path,
                        "simulated card: state changed, profile file written back and unlocked"
                    );
                } else {
                    tracing::info!(
                        ?path,
                        "simulated card: state unchanged, profile file left as it was and unlocked"
                    );
                }
                Ok(())
            }
            Opened::Simulated { file: None, .. } => Ok(()),
            #[cfg(feature = "pcsc")]
            Opened::Reader(_) => Ok(()),
            // A diverged replay already failed the flow with its divergence.
            Opened::Replay { transport, .. }
                if transport.has_diverged() || transport.is_finished() =>
            {
                Ok(())
            }
            Opened::Replay { transport, .. } => Err(SourceError::ReplayIncomplete {
                position: transport.served() + 1,
                remaining: transport.remaining(),
            }),
        }
    }
}

/// Why a card could not be opened or closed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The profile file cannot be read or is not valid; nothing was done.
    #[error(transparent)]
    Profile(ProfileError),
    /// The simulated card could not be written back to its profile file: the flow's
    /// effect on the card is lost with it.
    #[error("the simulated card was not saved: {0}")]
    ProfileNotSaved(#[source] ProfileError),
    /// The trace to replay cannot be read or is not valid.
    #[error(transparent)]
    Trace(TraceError),
    /// The reader or its card could not be reached.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The flows ended before the replayed trace did: exchange `position` and
    /// `remaining` exchanges in all were never asked for.
    #[error(
        "the replayed trace diverges at exchange {position}: the trace has {remaining} more exchange(s), the flow ended"
    )]
    ReplayIncomplete {
        /// 1-based index of the first exchange not asked for.
        position: usize,
        /// How many exchanges were left.
        remaining: usize,
    },
    /// This build has no PC/SC support (built without the `pcsc` feature).
    #[error("this build has no card reader support (built without the pcsc feature)")]
    NoReaderSupport,
}

impl Coded for SourceError {
    fn code(&self) -> &'static str {
        match self {
            SourceError::Profile(error) => error.code(),
            SourceError::ProfileNotSaved(ProfileError::ReadOnly { .. }) => "profile-read-only",
            SourceError::ProfileNotSaved(_) => "profile-not-saved",
            SourceError::Trace(error) => error.code(),
            SourceError::Transport(error) => error.code(),
            SourceError::ReplayIncomplete { .. } => "trace-divergence",
            SourceError::NoReaderSupport => "usage",
        }
    }

    fn class(&self) -> ErrorClass {
        match self {
            SourceError::Profile(error) => error.class(),
            SourceError::ProfileNotSaved(_) | SourceError::ReplayIncomplete { .. } => {
                ErrorClass::Other
            }
            SourceError::Trace(error) => error.class(),
            SourceError::Transport(error) => error.class(),
            SourceError::NoReaderSupport => ErrorClass::Usage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{Card, PinKind};

    fn simulated(profile: Option<PathBuf>) -> CardSource {
        CardSource::Simulated {
            profile,
            fault: None,
        }
    }

    #[test]
    fn a_profile_file_is_the_card_and_is_saved_back_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("card.toml");
        let mut profile = Profile::default();
        profile.pins.get_mut(PinKind::Auth).tries_left = 2;
        profile.save_atomically(&path).unwrap();
        let mut card = simulated(Some(path.clone())).open().unwrap();
        assert_eq!(
            card.description().to_string(),
            format!(r#"{{"source":"simulated","profile":"{}"}}"#, path.display())
        );
        let report = Card::new(card.transport()).status().unwrap();
        assert_eq!(
            report.get(PinKind::Auth),
            Some(crate::card::PinStatus::Remaining { left: 2, max: 3 })
        );
        card.close().unwrap();
        assert_eq!(Profile::load(&path).unwrap(), profile);
    }

    #[test]
    fn a_replay_that_is_not_used_to_its_end_fails_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let trace = dir.path().join("status.trace");
        let mut card = simulated(None).open().unwrap();
        let request = TraceRequest {
            path: trace.clone(),
            flow: "status".to_owned(),
            date: "2026-01-01T00:00:00Z".to_owned(),
        };
        let (report, trace_error) = card.run(Some(&request), |transport| {
            Card::new(transport).status_of(&[PinKind::Auth])
        });
        assert!(report.is_ok() && trace_error.is_none());
        let text = std::fs::read_to_string(&trace).unwrap();
        assert!(text.contains("# flow: status\n# card: {\"source\":\"simulated\",\"profile\":null}\n# date: 2026-01-01T00:00:00Z\n"), "{text}");

        let source = CardSource::Replay(trace);
        let mut replayed = source.open().unwrap();
        Card::new(replayed.transport())
            .status_of(&[PinKind::Auth])
            .unwrap();
        replayed.close().unwrap();
        let unused = source.open().unwrap();
        let error = unused.close().unwrap_err();
        assert!(
            matches!(
                error,
                SourceError::ReplayIncomplete {
                    position: 1,
                    remaining: 3
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            (error.code(), error.class()),
            ("trace-divergence", ErrorClass::Other)
        );
    }

    #[test]
    fn errors_say_what_could_not_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        let error = simulated(Some(missing.clone())).open().err().unwrap();
        assert_eq!(error.code(), "bad-profile");
        let error = CardSource::Replay(missing).open().err().unwrap();
        assert_eq!((error.code(), error.class()), ("usage", ErrorClass::Usage));
        assert!(
            CardSource::Reader {
                choice: ReaderChoice::Auto,
                wait: None
            }
            .is_real_card()
        );
        assert!(!simulated(None).is_real_card());
    }

    #[test]
    fn only_a_real_card_needs_the_permission_for_unconfirmed_commands() {
        let reader = CardSource::Reader {
            choice: ReaderChoice::Auto,
            wait: None,
        };
        let replay = CardSource::Replay(PathBuf::from("trace.txt"));
        let last_try = PinOptions {
            allow_last_try: true,
            allow_unconfirmed_commands: false,
        };
        assert_eq!(reader.pin_options(last_try), last_try);
        for source in [simulated(None), replay] {
            let options = source.pin_options(last_try);
            assert!(options.allow_unconfirmed_commands, "{source:?}");
            assert!(options.allow_last_try, "{source:?}");
            assert!(!source.pin_options(PinOptions::default()).allow_last_try);
        }
        let asked = PinOptions {
            allow_last_try: false,
            allow_unconfirmed_commands: true,
        };
        assert_eq!(reader.pin_options(asked), asked);
    }
}
