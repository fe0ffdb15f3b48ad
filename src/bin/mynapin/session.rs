//! The card a command works on: the simulated card (built-in or a profile file) or a
//! reader. A profile file *is* the card: after the command, whatever its outcome, the
//! card's state is written back to it atomically.

use std::path::PathBuf;

use mynapin::sim::{Profile, SimCard};
use mynapin::transport::{SimTransport, Transport};
use serde_json::{Value, json};

use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::i18n::Lang;

/// An open card.
pub enum Session {
    /// The simulated card; `profile_path` is written back when set.
    Simulated {
        /// The in-process transport holding the card.
        transport: SimTransport,
        /// The profile file the card came from, if any.
        profile_path: Option<PathBuf>,
    },
}

impl Session {
    /// Opens the card the global options name.
    pub fn open(global: &GlobalArgs, lang: Lang) -> Result<Session, Failure> {
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
                    transport,
                    profile_path: profile_path.clone(),
                })
            }
            None => {
                if global.sim_fault.is_some() {
                    return Err(Failure::Usage(
                        lang.pick(
                            "--sim-fault は --simulated と一緒に使います。",
                            "--sim-fault needs --simulated.",
                        )
                        .to_owned(),
                    ));
                }
                Err(Failure::Usage(
                    lang.pick(
                        "この版はカードリーダーに対応していません。--simulated を使ってください。",
                        "This build has no card reader support yet; use --simulated.",
                    )
                    .to_owned(),
                ))
            }
        }
    }

    /// The transport to run a flow on.
    pub fn transport(&mut self) -> &mut dyn Transport {
        match self {
            Session::Simulated { transport, .. } => transport,
        }
    }

    /// Where the card is, for JSON documents.
    pub fn source_json(&self) -> Value {
        match self {
            Session::Simulated { profile_path, .. } => json!({
                "source": "simulated",
                "profile": profile_path.as_ref().map(|path| path.display().to_string()),
            }),
        }
    }

    /// Ends the session: a simulated card from a profile file is saved back to it.
    pub fn finish(self) -> Result<(), Failure> {
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
        }
    }
}
