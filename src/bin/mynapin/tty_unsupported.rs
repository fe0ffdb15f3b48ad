//! The terminal prompt on platforms other than Unix: **not supported yet**. No hidden
//! prompt can be shown (the Unix one switches echo off through termios on `/dev/tty`), so
//! [`read_hidden`] says there is no terminal and the commands ask for `--pin-stdin`
//! instead; signals are not caught around a wait ([`Interruptible::start`] gives `None`),
//! so an issuer hand-over waits only with `--wait` there. The same API as the Unix module.

use zeroize::Zeroizing;

/// The prompt could not be shown or read (no terminal, or it failed).
#[derive(Debug)]
pub struct NoTerminal;

/// Why [`read_hidden`] returned no value.
#[derive(Debug)]
pub enum Unread {
    /// No terminal, or it failed (here: always).
    NoTerminal,
    /// A signal came while an [`Interruptible`] was alive (never here).
    #[allow(dead_code)]
    Interrupted,
}

/// No hidden prompt on this platform: always [`Unread::NoTerminal`].
pub fn read_hidden(_prompt: &str) -> Result<Zeroizing<String>, Unread> {
    Err(Unread::NoTerminal)
}

/// Signals are not noted on this platform; [`Interruptible::start`] gives `None`.
pub struct Interruptible;

impl Interruptible {
    /// `None`: not supported on this platform.
    pub fn start() -> Option<Interruptible> {
        None
    }

    /// Never true (no [`Interruptible`] exists here).
    pub fn caught(&self) -> bool {
        false
    }

    /// Not supported on this platform.
    ///
    /// # Errors
    ///
    /// Always [`NoTerminal`].
    pub fn wait_for_enter(&self, _prompt: &str) -> Result<bool, NoTerminal> {
        Err(NoTerminal)
    }
}
