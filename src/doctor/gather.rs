//! Gathers [`Facts`] on this machine: Linux files and commands (`/run/pcscd`,
//! `/proc`, `/sys/bus/usb`, `/etc/group`, udev and polkit rules, `pcscd --version`,
//! `systemctl is-active`, `loginctl show-session`), the configuration, rules and audit
//! log the front end names, and pcscd itself ([`super::pcsc::query`]). Elsewhere the
//! machine-level facts stay empty and [`Facts::linux`] false. Nothing is written.
//!
//! The front end reads its own environment (the user, `SSH_CONNECTION`,
//! `XDG_SESSION_ID`, which configuration and log are in force) and hands it over as
//! [`Inputs`].

use std::path::{Path, PathBuf};

use super::{
    AuditFact, Ccid, ConfigFact, Facts, FileFact, Groups, Library, Polkit, RulesFact, Service,
    Session, SocketFile,
};
use crate::config::Config;
use crate::procedure::Rules;
use crate::transport::ReaderChoice;

/// pcscd's socket.
pub const PCSCD_SOCKET: &str = "/run/pcscd/pcscd.comm";
/// pcscd's process id file.
pub const PCSCD_PID: &str = "/run/pcscd/pcscd.pid";
/// pcsc-lite's polkit policy (Debian and derivatives).
pub const POLKIT_POLICY: &str = "/usr/share/polkit-1/actions/org.debian.pcsc-lite.policy";
/// Where the CCID driver bundle is installed.
const CCID_BUNDLES: [&str; 3] = [
    "/usr/lib/pcsc/drivers/ifd-ccid.bundle",
    "/usr/lib64/pcsc/drivers/ifd-ccid.bundle",
    "/usr/local/lib/pcsc/drivers/ifd-ccid.bundle",
];
/// Where udev rules are installed, administrator's first.
const UDEV_RULES: [&str; 3] = [
    "/etc/udev/rules.d",
    "/usr/lib/udev/rules.d",
    "/lib/udev/rules.d",
];
/// Where polkit rules are installed.
const POLKIT_RULES: [&str; 2] = ["/etc/polkit-1/rules.d", "/usr/share/polkit-1/rules.d"];

/// What the front end knows from its own arguments and environment.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The configuration file in force and whether it was named (must exist).
    pub config: (PathBuf, bool),
    /// `--rules`.
    pub rules: Option<PathBuf>,
    /// The audit log in force.
    pub audit_log: PathBuf,
    /// The user name.
    pub user: String,
    /// `SSH_CONNECTION` is set.
    pub ssh: bool,
    /// `XDG_SESSION_ID`.
    pub session_id: Option<String>,
    /// `--reader`.
    pub reader_choice: ReaderChoice,
    /// pcscd's socket as pcsc-lite's client looks for it (`PCSCLITE_CSOCK_NAME`, else
    /// [`PCSCD_SOCKET`]).
    pub pcscd_socket: PathBuf,
}

/// Gathers every fact.
pub fn gather(inputs: Inputs) -> Facts {
    let linux = cfg!(target_os = "linux");
    let (config_path, explicit) = inputs.config.clone();
    let loaded = Config::load(&config_path, !explicit);
    let rules = match (&inputs.rules, &loaded) {
        (Some(path), _) => RulesFact::File(path.clone(), Rules::load(path).map(|_| ())),
        (None, Err(_)) => RulesFact::Unknown,
        (None, Ok(config)) => match config.as_ref().and_then(|config| config.rules.clone()) {
            Some(path) => {
                let loaded = Rules::load(&path).map(|_| ());
                RulesFact::File(path, loaded)
            }
            None => RulesFact::Embedded,
        },
    };
    let mut facts = Facts {
        linux,
        library: Library {
            linked: cfg!(feature = "pcsc"),
            ..Library::default()
        },
        config: ConfigFact {
            path: config_path,
            explicit,
            loaded,
        },
        rules,
        audit: audit_fact(&inputs.audit_log),
        session: Session {
            user: inputs.user.clone(),
            ssh: inputs.ssh,
            ..Session::default()
        },
        reader_choice: inputs.reader_choice.clone(),
        ..Facts::default()
    };
    #[cfg(feature = "pcsc")]
    {
        facts.pcsc = Some(super::pcsc::query(&facts.reader_choice));
    }
    #[cfg(target_os = "linux")]
    linux_facts(&mut facts, &inputs);
    facts
}

/// The machine-level facts of a Linux system.
#[cfg(target_os = "linux")]
fn linux_facts(facts: &mut Facts, inputs: &Inputs) {
    let session_id = inputs.session_id.as_deref();
    let pcscd = ["/usr/sbin/pcscd", "/usr/local/sbin/pcscd", "/sbin/pcscd"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.exists());
    facts.library.path = loaded_library("libpcsclite");
    facts.library.version = pcscd
        .and_then(|pcscd| run(pcscd.as_os_str(), &["--version"]))
        .and_then(|out| pcscd_version(&out));
    facts.service = Service {
        socket: socket_file(&inputs.pcscd_socket),
        socket_path: inputs.pcscd_socket.clone(),
        systemd: Path::new("/run/systemd/system")
            .is_dir()
            .then(|| {
                run(
                    "systemctl".as_ref(),
                    &["is-active", "pcscd.socket", "pcscd.service"],
                )
            })
            .flatten()
            .map(|out| {
                let mut words = out.split_whitespace().map(str::to_owned);
                (
                    words.next().unwrap_or_default(),
                    words.next().unwrap_or_default(),
                )
            }),
        process: pcscd_process(),
        installed: pcscd.is_some(),
    };
    facts.session.uid = rustix::process::getuid().as_raw();
    facts.session.active_local = session_id
        .and_then(|id| {
            run(
                "loginctl".as_ref(),
                &["show-session", id, "-p", "Active", "-p", "Remote"],
            )
        })
        .and_then(|out| session_active_local(&out));
    facts.polkit = Polkit {
        action_installed: Path::new(POLKIT_POLICY).exists(),
        rules: files_in(&POLKIT_RULES, "rules")
            .into_iter()
            .filter(|path| {
                std::fs::read_to_string(path)
                    .is_ok_and(|text| text.contains("org.debian.pcsc-lite"))
            })
            .collect(),
    };
    let bundle = CCID_BUNDLES
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.is_dir());
    facts.ccid = Ccid {
        version: bundle
            .as_ref()
            .and_then(|bundle| std::fs::read_to_string(bundle.join("Contents/Info.plist")).ok())
            .and_then(|plist| plist_version(&plist)),
        bundle,
    };
    facts.usb = usb_devices();
    facts.groups = groups(&facts.session.user);
}

/// A library this process has mapped (`/proc/self/maps`), by the start of its file name.
#[cfg(target_os = "linux")]
fn loaded_library(name: &str) -> Option<PathBuf> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .find(|path| {
            Path::new(path)
                .file_name()
                .is_some_and(|file| file.to_string_lossy().starts_with(name))
        })
        .map(PathBuf::from)
}

/// Runs a command with no input; its standard output when it ran (whatever its status:
/// `systemctl is-active` exits 3 for an inactive unit).
#[cfg(target_os = "linux")]
fn run(program: &std::ffi::OsStr, args: &[&str]) -> Option<String> {
    use std::process::{Command, Stdio};
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `pcsc-lite version 1.9.9.` → `1.9.9`.
pub fn pcscd_version(output: &str) -> Option<String> {
    let rest = output.lines().next()?.split("version ").nth(1)?;
    let version = rest.trim().trim_end_matches('.');
    (!version.is_empty()).then(|| version.to_owned())
}

/// `CFBundleShortVersionString` of an Info.plist.
pub fn plist_version(plist: &str) -> Option<String> {
    let after = plist
        .split("<key>CFBundleShortVersionString</key>")
        .nth(1)?;
    let value = after.split("<string>").nth(1)?.split("</string>").next()?;
    Some(value.trim().to_owned())
}

/// `Active=yes` and `Remote=no` of `loginctl show-session`: active and local.
pub fn session_active_local(output: &str) -> Option<bool> {
    let value = |key: &str| {
        output
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .map(str::trim)
    };
    let active = value("Active")?;
    let remote = value("Remote")?;
    Some(active == "yes" && remote == "no")
}

/// What is at pcscd's socket path.
fn socket_file(path: &Path) -> SocketFile {
    match std::fs::symlink_metadata(path) {
        Err(_) => SocketFile::Missing,
        #[cfg(unix)]
        Ok(metadata) if std::os::unix::fs::FileTypeExt::is_socket(&metadata.file_type()) => {
            SocketFile::Socket
        }
        Ok(_) => SocketFile::NotSocket,
    }
}

/// A running pcscd: the process of pcscd's pid file, else any process named `pcscd`.
#[cfg(target_os = "linux")]
fn pcscd_process() -> Option<u32> {
    let is_pcscd = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .is_ok_and(|comm| comm.trim() == "pcscd")
    };
    let from_file = std::fs::read_to_string(PCSCD_PID)
        .ok()
        .and_then(|text| {
            text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                .parse()
                .ok()
        })
        .filter(|&pid| is_pcscd(pid));
    from_file.or_else(|| {
        std::fs::read_dir("/proc")
            .ok()?
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .find(|&pid| is_pcscd(pid))
    })
}

/// The files with extension `ext` in the folders, sorted per folder.
#[cfg(target_os = "linux")]
fn files_in(folders: &[&str], ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|found| found == ext))
            .collect();
        files.sort();
        found.extend(files);
    }
    found
}

/// The USB devices plugged in (`/sys/bus/usb/devices/*/idVendor`, `idProduct`).
#[cfg(target_os = "linux")]
fn usb_devices() -> Vec<(u16, u16)> {
    let Ok(entries) = std::fs::read_dir("/sys/bus/usb/devices") else {
        return Vec::new();
    };
    let hex = |path: PathBuf| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| u16::from_str_radix(text.trim(), 16).ok())
    };
    entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            Some((hex(path.join("idVendor"))?, hex(path.join("idProduct"))?))
        })
        .collect()
}

/// The group a udev rules file gives readers: the first `GROUP="…"` of a file that is
/// mynapin's (its name or its end label says so).
pub fn udev_group(file_name: &str, text: &str) -> Option<String> {
    if !(file_name.contains("mynapin") || text.contains("mynapin_readers_end")) {
        return None;
    }
    let after = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| line.split("GROUP=\"").nth(1))?;
    after.split('"').next().map(str::to_owned)
}

/// `/etc/group` as (name, gid, members).
pub fn parse_group_file(text: &str) -> Vec<(String, u32, Vec<String>)> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?.to_owned();
            let _password = fields.next()?;
            let gid = fields.next()?.parse().ok()?;
            let members = fields
                .next()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|member| !member.is_empty())
                .map(str::to_owned)
                .collect();
            Some((name, gid, members))
        })
        .collect()
}

/// The udev rules installed and the user's groups.
#[cfg(target_os = "linux")]
fn groups(user: &str) -> Groups {
    let udev_rules = files_in(&UDEV_RULES, "rules")
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).ok()?;
            udev_group(&name, &text).map(|group| (path, group))
        })
        .collect();
    let table = parse_group_file(&std::fs::read_to_string("/etc/group").unwrap_or_default());
    let mut gids: Vec<u32> = rustix::process::getgroups()
        .unwrap_or_default()
        .iter()
        .map(|gid| gid.as_raw())
        .collect();
    gids.push(rustix::process::getgid().as_raw());
    Groups {
        udev_rules,
        process: table
            .iter()
            .filter(|(_, gid, _)| gids.contains(gid))
            .map(|(name, _, _)| name.clone())
            .collect(),
        listed: table
            .iter()
            .filter(|(_, _, members)| members.iter().any(|member| member == user))
            .map(|(name, _, _)| name.clone())
            .collect(),
        defined: table.into_iter().map(|(name, _, _)| name).collect(),
    }
}

/// The audit log: the file if it exists, else the nearest existing folder above it.
fn audit_fact(path: &Path) -> AuditFact {
    let file = std::fs::metadata(path).ok().map(|metadata| FileFact {
        regular: metadata.is_file(),
        writable: writable(path),
        mode: mode(&metadata),
    });
    let folder = path
        .ancestors()
        .skip(1)
        .map(|folder| {
            if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            }
        })
        .find(|folder| folder.is_dir())
        .map(|folder| (folder.to_owned(), writable(folder)));
    AuditFact {
        path: path.to_owned(),
        file,
        folder,
    }
}

/// Whether this user may write `path` (`access(W_OK)`; for a folder, create in it).
#[cfg(unix)]
fn writable(path: &Path) -> bool {
    let mut access = rustix::fs::Access::WRITE_OK;
    if path.is_dir() {
        access |= rustix::fs::Access::EXEC_OK;
    }
    rustix::fs::access(path, access).is_ok()
}

/// Elsewhere: the read-only flag.
#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| !metadata.permissions().readonly())
}

/// The permission bits.
#[cfg(unix)]
fn mode(metadata: &std::fs::Metadata) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o7777
}

/// Elsewhere: none known.
#[cfg(not(unix))]
fn mode(_metadata: &std::fs::Metadata) -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_log_is_looked_at_without_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("sub/audit.jsonl");
        let new = audit_fact(&log);
        assert_eq!(new.file, None);
        assert_eq!(new.folder, Some((dir.path().to_owned(), true)));
        assert!(!log.exists() && !dir.path().join("sub").exists());
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(&log, "").unwrap();
        let existing = audit_fact(&log).file.unwrap();
        assert!(existing.regular && existing.writable, "{existing:?}");
        assert_eq!(std::fs::read(&log).unwrap(), b"");
        let folder = audit_fact(dir.path()).file.unwrap();
        assert!(!folder.regular);
        assert_eq!(socket_file(&log), SocketFile::NotSocket);
        assert_eq!(socket_file(&dir.path().join("none")), SocketFile::Missing);
    }
}
