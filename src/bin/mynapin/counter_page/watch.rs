//! Whether a card is on the reader, as events for the page.
//!
//! - A card in a PC/SC reader: a thread runs the library's watcher
//!   (`mynapin::transport::pcsc::watch_presence`: `SCardGetStatusChange`, returning at
//!   once on a change and at least every second to notice readers plugged in or out and
//!   the end of the server); each change goes to the desk.
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

impl Training {
    /// Whether the card is the page's own copy of the built-in card (`--simulated`
    /// without a file), which a training preset may replace; a profile file the user
    /// named is never overwritten that way.
    pub fn swappable(&self) -> bool {
        self.folder.is_some()
    }
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
        let mut source = crate::session::card_source(global, context.lang)?;
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

/// The built-in default card, written to a new private folder (mode 0700 on Unix; the
/// platform's default elsewhere, the file itself created owner-only where it can be).
fn default_card_copy(context: Context) -> Result<(PathBuf, Option<PathBuf>), Failure> {
    let failed = |error: std::io::Error| {
        let message = Message::new("page-training-card")
            .with("problem", mynapin::messages::io_message(&error));
        Failure::Usage(context.lang.text(&message))
    };
    let suffix = mynapin::web::token::Secret::generate()
        .map(|secret| secret.to_hex())
        .unwrap_or_else(|_| std::process::id().to_string());
    let folder = std::env::temp_dir().join(format!("mynapin-counter-{suffix}"));
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&folder).map_err(failed)?;
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

/// Watches the chosen readers on a thread of its own
/// ([`mynapin::transport::pcsc::watch_presence`]) and hands every change to [`changed`].
#[cfg(feature = "pcsc")]
fn start_reader_watch(shared: Arc<Shared>, stop: tokio::sync::watch::Receiver<bool>) {
    use mynapin::transport::pcsc::watch_presence;

    let CardSource::Reader { choice, .. } = shared.source.clone() else {
        return;
    };
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        watch_presence(&choice, &|| *stop.borrow(), &mut |presence| {
            sender.send(desk_event(&presence)).is_ok()
        });
    });
    tokio::spawn(async move {
        while let Some((present, why)) = receiver.recv().await {
            changed(Arc::clone(&shared), present, why).await;
        }
    });
}

/// A presence change as the desk takes it: whether a card is there, and why not. Any
/// PC/SC failure shows as the service being down.
#[cfg(feature = "pcsc")]
fn desk_event(presence: &mynapin::transport::pcsc::Presence) -> (bool, Absence) {
    use mynapin::transport::pcsc::Presence;
    match presence {
        Presence::Card => (true, Absence::EmptyReader),
        Presence::Empty => (false, Absence::EmptyReader),
        Presence::NoReader => (false, Absence::ReaderMissing),
        Presence::Unreachable(_) => (false, Absence::ServiceDown),
    }
}

#[cfg(not(feature = "pcsc"))]
fn start_reader_watch(shared: Arc<Shared>, _stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(changed(shared, false, Absence::ServiceDown));
}

#[cfg(all(test, feature = "pcsc"))]
mod tests {
    use mynapin::transport::TransportError;
    use mynapin::transport::pcsc::Presence;

    use super::*;

    #[test]
    fn the_desk_tells_why_no_card_is_there() {
        assert!(desk_event(&Presence::Card).0);
        assert_eq!(desk_event(&Presence::Empty), (false, Absence::EmptyReader));
        assert_eq!(
            desk_event(&Presence::NoReader),
            (false, Absence::ReaderMissing)
        );
        // Whatever PC/SC failed, the page shows the service as down.
        for error in [TransportError::NoService, TransportError::Link("x".into())] {
            assert_eq!(
                desk_event(&Presence::Unreachable(error)),
                (false, Absence::ServiceDown)
            );
        }
    }
}
