//! The no-echo prompt on the controlling terminal (`/dev/tty`), and what keeps the
//! terminal usable when the process is stopped while it is shown.
//!
//! Echo is switched off (and echo of the final newline kept, `ECHONL`) for one line, then
//! switched back by a guard, whatever happens in between. SIGINT (Ctrl-C), SIGTERM and
//! SIGHUP while the prompt waits do not kill the process with echo still off: the handler
//! only notes the signal, the reading loop (which wakes every 100 ms) restores the saved
//! terminal settings, and the process then dies of that same signal (the shell sees 130
//! for SIGINT, 143 for SIGTERM). Outside the prompt these signals keep their default
//! action, except during an [`Interruptible`] wait (an issuer reset's hand-over), which
//! ends with its audit record when one comes.

use std::fs::File;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::termios::{LocalModes, OptionalActions, Termios};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use zeroize::Zeroizing;

/// The longest line kept; the rest of a longer one is read and dropped.
const MAX_LINE: usize = 1024;

/// How often the reading loop looks at the signal flags.
const TICK: Timespec = Timespec {
    tv_sec: 0,
    tv_nsec: 100_000_000,
};

/// The prompt could not be shown or read (no terminal, or it failed).
#[derive(Debug)]
pub struct NoTerminal;

/// Why [`read_hidden`] returned no value.
#[derive(Debug)]
pub enum Unread {
    /// No terminal, or it failed.
    NoTerminal,
    /// A signal came while an [`Interruptible`] was alive (the process goes on to record
    /// it instead of dying of it).
    Interrupted,
}

/// The signal flags, registered once per process at the first prompt.
struct Watch {
    /// The signal caught while prompting (0: none).
    caught: Arc<AtomicUsize>,
    /// True outside the prompt: the signals then take their default action at once.
    outside: Arc<AtomicBool>,
}

fn watch() -> Option<&'static Watch> {
    static WATCH: OnceLock<Option<Watch>> = OnceLock::new();
    WATCH
        .get_or_init(|| {
            let watch = Watch {
                caught: Arc::new(AtomicUsize::new(0)),
                outside: Arc::new(AtomicBool::new(true)),
            };
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                let value = usize::try_from(signal).ok()?;
                signal_hook::flag::register_usize(signal, Arc::clone(&watch.caught), value).ok()?;
                signal_hook::flag::register_conditional_default(signal, Arc::clone(&watch.outside))
                    .ok()?;
            }
            Some(watch)
        })
        .as_ref()
}

/// Puts the saved settings back when dropped, and marks the prompt as over (the signals'
/// default action back, unless an [`Interruptible`] is alive).
struct Restore<'a> {
    tty: &'a File,
    saved: Termios,
    watch: &'static Watch,
    outside_after: bool,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let _ = rustix::termios::tcsetattr(self.tty, OptionalActions::Now, &self.saved);
        self.watch
            .outside
            .store(self.outside_after, Ordering::SeqCst);
    }
}

/// Whether an [`Interruptible`] is alive: a signal at a prompt then returns
/// [`Unread::Interrupted`] instead of ending the process.
static INTERRUPTIBLE: AtomicBool = AtomicBool::new(false);

/// Shows `prompt` on the terminal and reads one line without echo (the line break and a
/// carriage return before it removed). The value is held in zeroizing memory only.
///
/// SIGINT, SIGTERM or SIGHUP while it waits end the process by that signal, echo back on;
/// during an [`Interruptible`] wait they end the prompt with [`Unread::Interrupted`].
///
/// # Errors
///
/// [`Unread::NoTerminal`] when there is no controlling terminal or it cannot be read;
/// [`Unread::Interrupted`] as said.
pub fn read_hidden(prompt: &str) -> Result<Zeroizing<String>, Unread> {
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| Unread::NoTerminal)?;
    let watch = watch().ok_or(Unread::NoTerminal)?;
    let saved = rustix::termios::tcgetattr(&tty).map_err(|_| Unread::NoTerminal)?;
    tty.write_all(prompt.as_bytes())
        .map_err(|_| Unread::NoTerminal)?;
    tty.flush().map_err(|_| Unread::NoTerminal)?;
    let mut hidden = saved.clone();
    hidden.local_modes.remove(LocalModes::ECHO);
    hidden.local_modes.insert(LocalModes::ECHONL);
    let outside_after = watch.outside.load(Ordering::SeqCst);
    watch.caught.store(0, Ordering::SeqCst);
    watch.outside.store(false, Ordering::SeqCst);
    let reader = tty.try_clone().map_err(|_| Unread::NoTerminal)?;
    let restore = Restore {
        tty: &reader,
        saved,
        watch,
        outside_after,
    };
    rustix::termios::tcsetattr(&reader, OptionalActions::Now, &hidden)
        .map_err(|_| Unread::NoTerminal)?;
    let line = read_line(&reader, watch);
    drop(restore);
    match line {
        Ok(line) => Ok(line),
        Err(Stop::Signal(signal)) => {
            // Echo is back; the line the user was on is ended, then the signal's own end
            // (or, during an interruptible wait, the caller's record of it).
            let _ = tty.write_all(b"\n");
            if INTERRUPTIBLE.load(Ordering::SeqCst) {
                return Err(Unread::Interrupted);
            }
            die_of(signal)
        }
        Err(Stop::Failed) => Err(Unread::NoTerminal),
    }
}

/// Why reading stopped without a line.
enum Stop {
    Signal(i32),
    Failed,
}

/// Reads up to a line break (or the end of input), checking the signal flags between
/// waits.
fn read_line(mut tty: &File, watch: &Watch) -> Result<Zeroizing<String>, Stop> {
    let mut line = Zeroizing::new(vec![0u8; MAX_LINE]);
    let mut scratch = Zeroizing::new([0u8; 64]);
    let mut filled = 0;
    loop {
        let caught = watch.caught.load(Ordering::SeqCst);
        if caught != 0 {
            return Err(Stop::Signal(i32::try_from(caught).unwrap_or(SIGINT)));
        }
        let mut fds = [PollFd::new(&tty, PollFlags::IN)];
        match rustix::event::poll(&mut fds, Some(&TICK)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return Err(Stop::Failed),
        }
        let target: &mut [u8] = if filled < MAX_LINE {
            &mut line[filled..]
        } else {
            &mut scratch[..]
        };
        let read = match tty.read(target) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Stop::Failed),
        };
        if read == 0 {
            break; // end of input (Ctrl-D on an empty line)
        }
        let ended = target[..read].contains(&b'\n');
        if filled < MAX_LINE {
            filled += read;
        }
        if ended {
            break;
        }
    }
    let bytes = &line[..filled];
    let end = bytes
        .iter()
        .position(|byte| *byte == b'\n')
        .unwrap_or(filled);
    let bytes = bytes[..end].strip_suffix(b"\r").unwrap_or(&bytes[..end]);
    let text = std::str::from_utf8(bytes).map_err(|_| Stop::Failed)?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// While alive, SIGINT, SIGTERM and SIGHUP do not end the process: they are only noted,
/// for a wait that checks [`Interruptible::caught`] (an issuer reset's hand-over) to end
/// with its audit record, and a [`read_hidden`] prompt returns [`Unread::Interrupted`].
/// When dropped, the signals take their default action again.
pub struct Interruptible {
    watch: &'static Watch,
}

impl Interruptible {
    /// Starts noting the signals; `None` when their handlers cannot be installed.
    pub fn start() -> Option<Interruptible> {
        let watch = watch()?;
        watch.caught.store(0, Ordering::SeqCst);
        watch.outside.store(false, Ordering::SeqCst);
        INTERRUPTIBLE.store(true, Ordering::SeqCst);
        Some(Interruptible { watch })
    }

    /// Whether one of the signals came since [`Interruptible::start`].
    pub fn caught(&self) -> bool {
        self.watch.caught.load(Ordering::SeqCst) != 0
    }

    /// Shows `prompt` on the terminal and waits for Enter (the line typed is dropped).
    /// `Ok(true)` on Enter or the end of input; `Ok(false)` when a signal came first.
    ///
    /// # Errors
    ///
    /// [`NoTerminal`] when there is no controlling terminal or it cannot be read.
    pub fn wait_for_enter(&self, prompt: &str) -> Result<bool, NoTerminal> {
        let mut tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .map_err(|_| NoTerminal)?;
        let _ = tty.write_all(prompt.as_bytes());
        let _ = tty.flush();
        match read_line(&tty, self.watch) {
            Ok(_) => Ok(true),
            Err(Stop::Signal(_)) => {
                let _ = tty.write_all(b"\n");
                Ok(false)
            }
            Err(Stop::Failed) => Err(NoTerminal),
        }
    }
}

impl Drop for Interruptible {
    fn drop(&mut self) {
        INTERRUPTIBLE.store(false, Ordering::SeqCst);
        self.watch.outside.store(true, Ordering::SeqCst);
    }
}

/// Ends the process by `signal`'s default action (so the parent sees it), or with
/// 128 + `signal` should that return.
fn die_of(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal)
}
