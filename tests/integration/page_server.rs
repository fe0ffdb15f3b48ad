//! The counter page's server for the tests: `mynapin counter --no-browser` started as its
//! own process with its own card profile and audit log in a temporary folder, the URL read
//! from its first line of output, stopped by PID (SIGTERM, then SIGKILL) when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mynapin::sim::Profile;
use tempfile::TempDir;

/// Where a page listens (for a thread beside the test).
#[derive(Debug, Clone, Copy)]
pub struct PageAddress {
    /// The loopback port.
    pub port: u16,
}

/// A running counter page.
pub struct PageServer {
    child: Child,
    /// The one-use URL it printed.
    pub url: String,
    /// Its loopback port.
    pub port: u16,
    /// The card profile (the simulated card), when one was given.
    pub profile: PathBuf,
    /// The audit log.
    pub audit_log: PathBuf,
    /// Everything it wrote on stderr, collected by a thread until it ends.
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    _dir: TempDir,
}

impl PageServer {
    /// Starts the page on the simulated card `card` (written to a profile file first),
    /// with extra arguments (global ones before `counter`, e.g. `--counter`, and the
    /// command's own after it, e.g. `--idle`).
    pub fn simulated(card: &Profile, global: &[&str], own: &[&str]) -> PageServer {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("card.toml");
        card.save_atomically(&profile).unwrap();
        let simulated = format!("--simulated={}", profile.display());
        let mut args: Vec<&str> = vec![&simulated];
        args.extend_from_slice(global);
        args.push("counter");
        args.extend_from_slice(own);
        PageServer::start(dir, profile, &args)
    }

    /// Starts the page on its own copy of the built-in simulated card (`--simulated`
    /// without a file), the card the training presets can replace.
    pub fn simulated_default(global: &[&str], own: &[&str]) -> PageServer {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("no-profile");
        let mut args: Vec<&str> = vec!["--simulated"];
        args.extend_from_slice(global);
        args.push("counter");
        args.extend_from_slice(own);
        PageServer::start(dir, profile, &args)
    }

    /// Starts the page on a PC/SC reader (`--reader READER`).
    #[cfg(feature = "pcsc")]
    pub fn on_reader(reader: &str, global: &[&str], own: &[&str]) -> PageServer {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("no-profile");
        let mut args: Vec<&str> = vec!["--reader", reader];
        args.extend_from_slice(global);
        args.push("counter");
        args.extend_from_slice(own);
        PageServer::start(dir, profile, &args)
    }

    fn start(dir: TempDir, profile: PathBuf, args: &[&str]) -> PageServer {
        let audit_log = dir.path().join("audit.jsonl");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mynapin"))
            .args(["--audit-log", audit_log.to_str().unwrap(), "--lang", "ja"])
            .args(args)
            .arg("--no-browser")
            .env("XDG_STATE_HOME", crate::audit::state_home())
            .env_remove("MYNAPIN_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut from = child.stderr.take().unwrap();
        let into = std::sync::Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0_u8; 4096];
            while let Ok(read) = from.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                into.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "the page printed {url:?}; stderr: {}",
            stderr.lock().unwrap()
        );
        let port = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        PageServer {
            child,
            url,
            port,
            profile,
            audit_log,
            stderr,
            _dir: dir,
        }
    }

    /// Its port alone, for a thread that talks to it beside a test.
    pub fn clone_address(&self) -> PageAddress {
        PageAddress { port: self.port }
    }

    /// The page's address without the token, e.g. `http://127.0.0.1:41234`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The card as its profile file holds it now.
    pub fn card(&self) -> Profile {
        Profile::load(&self.profile).unwrap()
    }

    /// The audit log's lines.
    pub fn audit_lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.audit_log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// What it wrote on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for PageServer {
    fn drop(&mut self) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32);
        if let Some(pid) = pid {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
