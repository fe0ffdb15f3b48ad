//! What `doctor` found on the machine, as plain data: the checks read only this, so a test
//! can make up any environment. [`super::gather`] and [`super::pcsc::query`] fill it in on
//! a real machine.

use std::path::PathBuf;

use crate::config::{Config, ConfigError};
use crate::procedure::RulesError;
use crate::transport::ReaderChoice;

/// Everything the checks look at.
#[derive(Debug, Default)]
pub struct Facts {
    /// Whether the machine-level facts (files, units, groups) were gathered: Linux only;
    /// elsewhere those checks say "not checked on this platform".
    pub linux: bool,
    /// libpcsclite.
    pub library: Library,
    /// How pcscd runs.
    pub service: Service,
    /// What pcscd answered; `None` in a build without PC/SC support.
    pub pcsc: Option<Pcsc>,
    /// The login session (for polkit).
    pub session: Session,
    /// pcsc-lite's polkit action and the rules that grant it.
    pub polkit: Polkit,
    /// The CCID driver bundle.
    pub ccid: Ccid,
    /// USB devices plugged in (vendor, product).
    pub usb: Vec<(u16, u16)>,
    /// The udev rules installed and the user's groups.
    pub groups: Groups,
    /// The workstation configuration.
    pub config: ConfigFact,
    /// The rules file.
    pub rules: RulesFact,
    /// The audit log.
    pub audit: AuditFact,
    /// `--reader`: the card check looks at the reader it names only.
    pub reader_choice: ReaderChoice,
}

/// libpcsclite.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Library {
    /// Whether this build links libpcsclite (the `pcsc` feature): if it does, the tool
    /// would not have started without it.
    pub linked: bool,
    /// Where `libpcsclite.so.1` was found.
    pub path: Option<PathBuf>,
    /// pcsc-lite's version (`pcscd --version`).
    pub version: Option<String>,
}

/// pcscd's socket file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum SocketFile {
    /// `/run/pcscd/pcscd.comm` does not exist.
    #[default]
    Missing,
    /// It exists and is a socket.
    Socket,
    /// It exists but is not a socket.
    NotSocket,
}

/// How pcscd runs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Service {
    /// What is at pcscd's socket path.
    pub socket: SocketFile,
    /// The socket path (`/run/pcscd/pcscd.comm`, or `PCSCLITE_CSOCK_NAME`).
    pub socket_path: PathBuf,
    /// `systemctl is-active pcscd.socket pcscd.service` (each word), when systemd runs.
    pub systemd: Option<(String, String)>,
    /// A running pcscd's process id (`/run/pcscd/pcscd.pid` or the process list).
    pub process: Option<u32>,
    /// Whether `pcscd` is installed (found on the usual paths).
    pub installed: bool,
}

/// What `SCardEstablishContext` gave.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Establish {
    /// A context.
    #[default]
    Ok,
    /// `SCARD_E_NO_SERVICE`: pcscd not reachable.
    NoService,
    /// `SCARD_E_NO_ACCESS`: pcscd refused this user (polkit).
    NoAccess,
    /// Anything else, with its words.
    Failed(String),
}

/// What pcscd answered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pcsc {
    /// `SCardEstablishContext`.
    pub establish: Establish,
    /// The readers, with their cards (empty when the context failed).
    pub readers: Vec<Reader>,
    /// Why the readers could not be listed, when the context was made but listing failed.
    pub listing_error: Option<String>,
}

/// One reader pcscd lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reader {
    /// Its name.
    pub name: String,
    /// Whether it holds a usable card.
    pub card_present: bool,
    /// The card's ATR.
    pub atr: Option<Vec<u8>>,
    /// Whether the card answered SELECT of the JPKI AP; `None` when not asked or
    /// unreachable.
    pub jpki: Option<bool>,
}

/// The login session.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Session {
    /// The user id (root is never refused by pcsc-lite's polkit policy).
    pub uid: u32,
    /// The user name.
    pub user: String,
    /// Logged in over SSH (`SSH_CONNECTION`).
    pub ssh: bool,
    /// logind's view of the session: `Some(true)` active and local, `Some(false)` not
    /// active or remote, `None` unknown (no session id, no loginctl).
    pub active_local: Option<bool>,
}

/// pcsc-lite's polkit policy.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Polkit {
    /// Whether the action `org.debian.pcsc-lite.access_pcsc` is installed
    /// (`/usr/share/polkit-1/actions/org.debian.pcsc-lite.policy`).
    pub action_installed: bool,
    /// polkit rules files that name pcsc-lite's actions.
    pub rules: Vec<PathBuf>,
}

/// The CCID driver.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ccid {
    /// Where `ifd-ccid.bundle` was found.
    pub bundle: Option<PathBuf>,
    /// Its version (`CFBundleShortVersionString` of its Info.plist).
    pub version: Option<String>,
}

/// The udev rules and the user's groups.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Groups {
    /// Installed udev rules files that name a reader group, with that group.
    pub udev_rules: Vec<(PathBuf, String)>,
    /// The groups this process has (getgroups and the primary group), by name.
    pub process: Vec<String>,
    /// The groups `/etc/group` lists the user in (what a new login gets).
    pub listed: Vec<String>,
    /// Every group `/etc/group` defines.
    pub defined: Vec<String>,
}

/// The workstation configuration.
#[derive(Debug)]
pub struct ConfigFact {
    /// The file looked at.
    pub path: PathBuf,
    /// Named by `--config`/`MYNAPIN_CONFIG` (must exist) rather than the default path.
    pub explicit: bool,
    /// What loading it gave; `Ok(None)`: the default file does not exist.
    pub loaded: Result<Option<Config>, ConfigError>,
}

impl Default for ConfigFact {
    fn default() -> Self {
        ConfigFact {
            path: PathBuf::from(crate::config::DEFAULT_PATH),
            explicit: false,
            loaded: Ok(None),
        }
    }
}

/// The rules file.
#[derive(Debug, Default)]
pub enum RulesFact {
    /// No file named: the embedded rules.
    #[default]
    Embedded,
    /// The configuration could not be read, so which rules apply is unknown.
    Unknown,
    /// A file, and what loading it gave.
    File(PathBuf, Result<(), RulesError>),
}

/// The audit log.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AuditFact {
    /// Its path.
    pub path: PathBuf,
    /// The file, when it exists.
    pub file: Option<FileFact>,
    /// The nearest existing folder above it and whether this user may create files in it.
    pub folder: Option<(PathBuf, bool)>,
}

/// An existing file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FileFact {
    /// A regular file (not a folder, a device…).
    pub regular: bool,
    /// This user may write it.
    pub writable: bool,
    /// Its permission bits.
    pub mode: u32,
}
