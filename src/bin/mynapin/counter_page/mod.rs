//! `mynapin counter`: the counter's web page, served by mynapin itself on loopback for the
//! clerk and the citizen at the desk (README "Counter page").
//!
//! The server binds `127.0.0.1` on a free (or `--port`) port, prints a URL with a one-use
//! random token, and opens the workstation's browser at it. The first request with the
//! token gets an HttpOnly, SameSite=Strict session cookie; the token is then spent, so no
//! other browser session is served ([`guard`]). The desk's state lives here ([`desk`]);
//! screens are rendered on the server ([`screens`], maud, every value escaped); the card's
//! presence is watched by PC/SC status changes or, for the simulated card, by the training
//! controls ([`watch`]), and pushed to the page by server-sent events; card work runs on
//! a blocking thread, one procedure at a time ([`work`]), with the same guards, flows and
//! audit records as the command line.
//!
//! Stack: axum on tokio (HTTP/1 only), maud for the HTML, one small script for the events
//! and the live format check; every asset is embedded in the binary.

mod desk;
mod guard;
mod handlers;
mod screens;
mod watch;
mod work;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mynapin::card::Authority;
use mynapin::config::Config;
use mynapin::messages::Message;
use mynapin::procedure::Rules;
use mynapin::source::CardSource;
use mynapin::terminal_key::TerminalKey;
use mynapin::web::token::Secret;

use crate::cli::{CounterPageArgs, GlobalArgs};
use crate::commands::Context;
use crate::exit::Failure;
use crate::i18n::Lang;

pub use desk::Desk;

/// Everything the handlers share: the configuration, the secrets, the desk.
pub struct Shared {
    /// The command line's options (the audit log, the operator, the rules).
    pub global: GlobalArgs,
    /// The card to open for each piece of card work.
    pub source: CardSource,
    /// The simulated card's training controls, when the card is simulated.
    pub training: Option<watch::Training>,
    /// Who authorises resets at this workstation.
    pub authority: Authority,
    /// The terminal key, for `terminal-key` resets.
    pub key: Option<TerminalKey>,
    /// Counter mode: the rules are checked before the card is touched.
    pub counter_mode: bool,
    /// The municipality's rules.
    pub rules: Rules,
    /// The loopback port served (the Host and Origin checks compare with it).
    pub port: u16,
    /// The one-use token of the printed URL; `None` once used.
    pub start_token: Mutex<Option<Secret>>,
    /// The session cookie's value.
    pub session: Secret,
    /// The CSRF token every form carries.
    pub csrf: Secret,
    /// The desk.
    pub desk: Mutex<Desk>,
    /// Held while card work runs: a second request gets "busy".
    pub card_lock: Arc<tokio::sync::Mutex<()>>,
    /// The desk's generation, for the server-sent events.
    pub events: tokio::sync::watch::Sender<u64>,
    /// Idle time after which the desk is cleared.
    pub idle: Duration,
    /// Set on SIGINT or SIGTERM: the server stops, and the page's event streams end (an
    /// open page would otherwise hold the graceful shutdown for as long as it is shown).
    pub stop: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    /// Runs `change` on the desk, then tells the page when the desk changed.
    pub fn with_desk<R>(&self, change: impl FnOnce(&mut Desk) -> R) -> R {
        let mut desk = self
            .desk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let result = change(&mut desk);
        // Sent while the desk is still locked, so generations go out in order (an earlier
        // one never overtakes a later one, which would make the page reload again).
        let generation = desk.generation;
        self.events.send_if_modified(|current| {
            let changed = *current != generation;
            *current = generation;
            changed
        });
        result
    }

    /// A copy of the desk, to render.
    pub fn desk(&self) -> Desk {
        self.desk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// Runs the page until SIGINT or SIGTERM. Returns what to print at the end.
pub fn run(
    context: Context,
    global: &GlobalArgs,
    args: &CounterPageArgs,
) -> Result<String, Failure> {
    let config = crate::commands::counter::config(global)?;
    let rules = crate::commands::counter::rules(global, &config)?;
    let authority = authority(context, args, &config)?;
    let key = match authority {
        Authority::TerminalKey => Some(load_key(context, args, &config)?),
        _ => None,
    };
    if global.replay.is_some() {
        let message = Message::new("page-usage-no-replay");
        return Err(Failure::Usage(context.lang.text(&message)));
    }
    let (source, training) = watch::source(context, global)?;
    // The audit log must be writable before the page opens: a counter that cannot record
    // must not start.
    drop(crate::audit::open_log(global, context.lang)?);
    let idle = Duration::from_secs(args.idle.or(config.idle_seconds).unwrap_or(120));
    let secret = || {
        Secret::generate().map_err(|error| {
            let message = Message::new("page-no-random").with_detail(error.to_string());
            Failure::Usage(context.lang.text(&message))
        })
    };
    let token = secret()?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", args.port)).map_err(|error| {
        let message = Message::new("page-cannot-listen")
            .with("port", args.port)
            .with("problem", mynapin::messages::io_message(&error));
        Failure::Usage(context.lang.text(&message))
    })?;
    let port = listener
        .local_addr()
        .map(|address| address.port())
        .unwrap_or(args.port);
    let url = format!("http://127.0.0.1:{port}/start?token={}", token.to_hex());
    let shared = Arc::new(Shared {
        global: global.clone(),
        source,
        training,
        authority,
        key,
        counter_mode: global.counter || config.counter,
        rules,
        port,
        start_token: Mutex::new(Some(token)),
        session: secret()?,
        csrf: secret()?,
        desk: Mutex::new(Desk::new(context.lang)),
        card_lock: Arc::new(tokio::sync::Mutex::new(())),
        events: tokio::sync::watch::channel(0).0,
        idle,
        stop: tokio::sync::watch::channel(false).0,
    });
    crate::output::print(&format!("{url}\n")).map_err(|_| Failure::Usage(String::new()))?;
    let note = Message::new("page-started").with("url", url.clone());
    crate::output::stderr(&format!("{}\n", context.lang.text(&note)));
    let opener = match args.no_browser {
        true => None,
        false => open_browser(&url),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| runtime_failed(context, &error))?;
    let served = runtime.block_on(serve(shared, listener));
    if let Some(folder) = opener {
        let _ = std::fs::remove_dir_all(folder);
    }
    served.map_err(|error| {
        let message = Message::new("page-server-failed")
            .with("problem", mynapin::messages::io_message(&error));
        Failure::Usage(context.lang.text(&message))
    })?;
    Ok(format!(
        "{}\n",
        context.lang.text(&Message::new("page-stopped"))
    ))
}

/// The async runtime could not be built (threads, an epoll descriptor): in the user's
/// language, the OS's English words only as the English catalogue's detail.
fn runtime_failed(context: Context, error: &std::io::Error) -> Failure {
    let message =
        Message::new("page-runtime-failed").with("problem", mynapin::messages::io_message(error));
    Failure::Usage(context.lang.text(&message))
}

/// Serves until SIGINT or SIGTERM: the routes, the card watch and the idle timer.
async fn serve(shared: Arc<Shared>, listener: std::net::TcpListener) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let stop = shared.stop.subscribe();
    watch::start(Arc::clone(&shared), stop.clone());
    tokio::spawn(idle_timer(Arc::clone(&shared), stop.clone()));
    let app = handlers::router(Arc::clone(&shared));
    let mut stopped = stop;
    let signalled = Arc::clone(&shared);
    tokio::spawn(async move {
        shutdown_signal().await;
        signalled.stop.send_replace(true);
    });
    let mut grace = stopped.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    });
    // Open connections get SHUTDOWN_GRACE to finish once told to stop, no more: a half-sent
    // request (from any program on the workstation) would otherwise hold the server for
    // as long as its sender likes. Card work already running is not cut short: it runs on
    // the blocking pool, which the runtime waits for when it is dropped.
    tokio::select! {
        served = server.into_future() => served,
        () = async move {
            let _ = grace.wait_for(|stop| *stop).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    }
}

/// How long open connections may take to end once the server is told to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Resolves on Ctrl-C (elsewhere than Unix, where SIGTERM does not exist).
#[cfg(not(unix))]
async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Resolves on SIGINT or SIGTERM.
#[cfg(unix)]
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
    }
}

/// Clears the desk once it has been idle for the configured time (checked every second
/// on the server; the page itself does not poll).
async fn idle_timer(shared: Arc<Shared>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        shared.with_desk(|desk| {
            if desk.idle_for(shared.idle) {
                desk.clear();
            }
        });
    }
}

/// The reset authority: `--authority`, the configuration's, else `issuer`.
fn authority(
    context: Context,
    args: &CounterPageArgs,
    config: &Config,
) -> Result<Authority, Failure> {
    match args.authority {
        Some(authority) => Ok(authority.into()),
        None => crate::commands::reset::configured_authority(context, config).map(Authority::from),
    }
}

/// The terminal key of a `terminal-key` workstation: `--key-file`, else the
/// configuration's `key_file`.
fn load_key(
    context: Context,
    args: &CounterPageArgs,
    config: &Config,
) -> Result<TerminalKey, Failure> {
    let Some(path) = args.key_file.as_deref().or(config.key_file.as_deref()) else {
        return Err(Failure::Usage(
            context.lang.text(&Message::new("reset-key-file-needed")),
        ));
    };
    crate::commands::reset::load_key_file(context, path)
}

/// Opens the workstation's browser at `url`, when there is a desktop. The URL carries
/// the one-use token, and a program's arguments can be read by every user of the PC
/// (`/proc/<pid>/cmdline`): so the browser is given the path of a page that only this user
/// can read (mode 0600 in a 0700 folder), which forwards to the URL. Returns that folder,
/// to remove at the end. Failing to open is not an error: the URL is printed.
#[cfg(unix)]
fn open_browser(url: &str) -> Option<std::path::PathBuf> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let desktop =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !desktop {
        return None;
    }
    let suffix = Secret::generate().ok()?.to_hex();
    let folder = std::env::temp_dir().join(format!("mynapin-open-{suffix}"));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&folder)
        .ok()?;
    let page = folder.join("open.html");
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&page)
        .and_then(|mut file| {
            writeln!(
                file,
                "<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={url}\"><title>mynapin counter</title><a href=\"{url}\">mynapin counter</a>"
            )
        });
    if written.is_ok() {
        let started = std::process::Command::new("xdg-open")
            .arg(&page)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Ok(mut child) = started {
            // Reaped when it ends, so it never lingers as a zombie.
            std::thread::spawn(move || child.wait());
        }
    }
    Some(folder)
}

/// Elsewhere than Unix the browser is not opened (a private file for the one-use URL
/// would need the platform's own access rules): the URL is printed for the clerk to open.
#[cfg(not(unix))]
fn open_browser(_url: &str) -> Option<std::path::PathBuf> {
    None
}

/// The language of `tag` when a catalogue has it.
pub fn lang_of(tag: &str) -> Option<Lang> {
    Lang::from_tag(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;

    #[test]
    fn a_runtime_failure_keeps_the_os_english_out_of_japanese() {
        let english = "failed to spawn worker thread";
        let error = std::io::Error::other(english);
        let text = |tag| {
            let context = Context {
                lang: Lang::from_tag(tag).expect("catalogue"),
                format: Format::Text,
            };
            match runtime_failed(context, &error) {
                Failure::Usage(text) => text,
                other => panic!("{other:?}"),
            }
        };
        let ja = text("ja");
        assert!(!ja.contains(english), "{ja}");
        assert!(ja.contains("窓口の画面"), "{ja}");
        assert!(text("en").contains(english));
    }
}
