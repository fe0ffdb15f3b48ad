//! Whether a card is on the reader, as events for the page.
//!
//! - A card in a PC/SC reader: a thread blocks in `SCardGetStatusChange` (returning at
//!   once on a change, and at least every second to notice readers plugged in or out and
//!   the end of the server); a change of "a card is present" goes to the desk.
//! - The simulated card (staff training, tests): it is in the reader until the training
//!   controls take it out ([`Training`]). The default card is a private copy of the
//!   built-in profile in a temporary folder, so that its counters live across procedures
//!   like a real card's; `--simulated=PROFILE` uses that file.
//!
//! On removal the desk is cleared (except during an issuer hand-over, where the card is
//! away on purpose); on insertion its status is read (no try consumed).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use mynapin::messages::Message;
use mynapin::sim::Profile;
use mynapin::source::CardSource;

use super::Shared;
use super::desk::{Absence, CardState, Step};
use crate::cli::GlobalArgs;
use crate::commands::Context;
use crate::exit::Failure;

/// The simulated card's training controls.
pub struct Training {
    /// Whether the card is in the (simulated) reader.
    pub present: AtomicBool,
    /// The profile file that is the card.
    pub profile: PathBuf,
    /// The private folder of the default card's copy, removed at the end.
    folder: Option<PathBuf>,
}

impl Drop for Training {
    fn drop(&mut self) {
        if let Some(folder) = &self.folder {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

/// The card source of the page, and the training controls for a simulated card.
pub fn source(
    context: Context,
    global: &GlobalArgs,
) -> Result<(CardSource, Option<Training>), Failure> {
    let Some(profile) = &global.simulated else {
        let mut source = crate::session::card_source(global, None, context.lang)?;
        if let CardSource::Reader { wait, .. } = &mut source {
            // The page waits for the card itself (watch below); work opens it at once.
            *wait = None;
        }
        return Ok((source, None));
    };
    let (path, folder) = match profile {
        Some(path) => {
            // Read once now, so a broken profile stops the command before the page opens.
            Profile::load(path).map_err(Failure::Profile)?;
            (path.clone(), None)
        }
        None => default_card_copy(context)?,
    };
    let source = CardSource::Simulated {
        profile: Some(path.clone()),
        fault: global.sim_fault,
    };
    let training = Training {
        present: AtomicBool::new(true),
        profile: path,
        folder,
    };
    Ok((source, Some(training)))
}

/// The built-in default card, written to a new private folder (mode 0700).
fn default_card_copy(context: Context) -> Result<(PathBuf, Option<PathBuf>), Failure> {
    use std::os::unix::fs::DirBuilderExt;
    let failed = |error: std::io::Error| {
        let message = Message::new("page-training-card")
            .with("problem", mynapin::messages::io_message(&error));
        Failure::Usage(context.lang.text(&message))
    };
    let suffix = mynapin::web::token::Secret::generate()
        .map(|secret| secret.to_hex())
        .unwrap_or_else(|_| std::process::id().to_string());
    let folder = std::env::temp_dir().join(format!("mynapin-counter-{suffix}"));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&folder)
        .map_err(failed)?;
    let path = folder.join("card.toml");
    Profile::default()
        .save_atomically(&path)
        .map_err(Failure::Profile)?;
    Ok((path, Some(folder)))
}

/// Starts watching the card: the first status read, then the changes.
pub fn start(shared: Arc<Shared>, stop: tokio::sync::watch::Receiver<bool>) {
    match &shared.training {
        Some(training) => {
            let present = training.present.load(Ordering::SeqCst);
            tokio::spawn(changed(Arc::clone(&shared), present, Absence::EmptyReader));
        }
        None => start_reader_watch(shared, stop),
    }
}

/// The training controls: the card taken out of the simulated reader, or put back.
pub async fn training_move(shared: Arc<Shared>, present: bool) {
    let Some(training) = &shared.training else {
        return;
    };
    if training.present.swap(present, Ordering::SeqCst) != present {
        changed(shared, present, Absence::EmptyReader).await;
    }
}

/// A change of presence: removal clears the desk (the hand-over excepted), insertion reads
/// the status (or, after a hand-over, checks the reset).
pub async fn changed(shared: Arc<Shared>, present: bool, why_absent: Absence) {
    let handover = shared.with_desk(|desk| {
        let handover = desk.step == Step::Handover;
        if present {
            desk.card = CardState::Reading;
        } else {
            desk.card = CardState::Absent(why_absent);
            if handover {
                // Only an empty reader is the card taken away: a pcscd restart or a reader
                // unplugged with the card in it is not.
                if why_absent == Absence::EmptyReader {
                    desk.handover_away = true;
                }
            } else {
                desk.clear();
            }
        }
        desk.changed();
        handover
    });
    if !present {
        return;
    }
    if handover {
        super::work::issuer_back(shared).await;
    } else {
        super::work::refresh_status(shared).await;
    }
}

/// Whether the simulated card is in its reader (always true for a real reader: there
/// the card itself decides, and work reports what it finds).
pub fn simulated_present(shared: &Shared) -> bool {
    shared
        .training
        .as_ref()
        .is_none_or(|training| training.present.load(Ordering::SeqCst))
}

#[cfg(feature = "pcsc")]
fn start_reader_watch(shared: Arc<Shared>, stop: tokio::sync::watch::Receiver<bool>) {
    let CardSource::Reader { choice, .. } = shared.source.clone() else {
        return;
    };
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || pcsc::watch(&choice, &sender, &stop));
    tokio::spawn(async move {
        while let Some((present, why)) = receiver.recv().await {
            changed(Arc::clone(&shared), present, why).await;
        }
    });
}

#[cfg(not(feature = "pcsc"))]
fn start_reader_watch(shared: Arc<Shared>, _stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(changed(shared, false, Absence::ServiceDown));
}

#[cfg(feature = "pcsc")]
mod pcsc {
    //! The PC/SC side of the watch: `SCardGetStatusChange` on the readers the choice names.

    use std::ffi::CString;
    use std::time::Duration;

    use ::pcsc::{Context, ReaderState, Scope, State};
    use mynapin::transport::ReaderChoice;

    use super::Absence;

    /// Longest wait in one `SCardGetStatusChange`, so that readers plugged in or out and
    /// the end of the server are noticed.
    const WAKE: Duration = Duration::from_secs(1);

    /// Sends `(present, why not)` on every change until `stop` turns true or the page ends.
    pub fn watch(
        choice: &ReaderChoice,
        sender: &tokio::sync::mpsc::UnboundedSender<(bool, Absence)>,
        stop: &tokio::sync::watch::Receiver<bool>,
    ) {
        let mut last: Option<(bool, Absence)> = None;
        let mut send = |present: bool, why: Absence| {
            let now = (present, why);
            if last.as_ref() != Some(&now) {
                last = Some(now);
                sender.send(now).is_ok()
            } else {
                true
            }
        };
        while !*stop.borrow() {
            let context = match Context::establish(Scope::User) {
                Ok(context) => context,
                Err(_) => {
                    if !send(false, Absence::ServiceDown) {
                        return;
                    }
                    std::thread::sleep(WAKE);
                    continue;
                }
            };
            let mut states: Vec<ReaderState> = Vec::new();
            loop {
                if *stop.borrow() {
                    return;
                }
                let names = match context.list_readers_owned() {
                    Ok(names) => chosen(choice, names),
                    Err(::pcsc::Error::NoReadersAvailable) => Vec::new(),
                    Err(_) => {
                        if !send(false, Absence::ServiceDown) {
                            return;
                        }
                        break; // establish again (pcscd restarted or stopped)
                    }
                };
                if names.is_empty() {
                    if !send(false, Absence::ReaderMissing) {
                        return;
                    }
                    states.clear();
                    std::thread::sleep(WAKE);
                    continue;
                }
                let same = states.len() == names.len()
                    && states
                        .iter()
                        .zip(&names)
                        .all(|(state, name)| state.name() == name.as_c_str());
                if !same {
                    states = names
                        .into_iter()
                        .map(|name| ReaderState::new(name, State::UNAWARE))
                        .collect();
                }
                match context.get_status_change(WAKE, &mut states) {
                    Ok(()) | Err(::pcsc::Error::Timeout) => {}
                    Err(_) => {
                        if !send(false, Absence::ServiceDown) {
                            return;
                        }
                        break;
                    }
                }
                let present = states.iter().any(|state| {
                    let event = state.event_state();
                    event.contains(State::PRESENT) && !event.contains(State::MUTE)
                });
                for state in &mut states {
                    state.sync_current_state();
                }
                if !send(present, Absence::EmptyReader) {
                    return;
                }
            }
        }
    }

    /// The readers of `names` that `choice` names.
    fn chosen(choice: &ReaderChoice, names: Vec<CString>) -> Vec<CString> {
        let text = |name: &CString| name.to_string_lossy().into_owned();
        match choice {
            ReaderChoice::Auto => names,
            ReaderChoice::Index(index) => names.into_iter().nth(*index).into_iter().collect(),
            ReaderChoice::Exact(wanted) => names
                .into_iter()
                .filter(|name| text(name) == *wanted)
                .collect(),
            ReaderChoice::Contains(part) => {
                let part = part.to_lowercase();
                names
                    .into_iter()
                    .filter(|name| text(name).to_lowercase().contains(&part))
                    .collect()
            }
        }
    }
}
