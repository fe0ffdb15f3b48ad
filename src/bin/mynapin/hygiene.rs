//! Process hygiene while PINs are in memory, applied first thing in `main` (before any
//! argument is parsed or any PIN read): on Linux, no core dumps (`RLIMIT_CORE` 0, soft and
//! hard) and not dumpable (`PR_SET_DUMPABLE` 0, which also stops other processes of the
//! same user from attaching with ptrace or reading `/proc/<pid>/mem`). Through `rustix`'s
//! safe wrappers (the crate forbids unsafe code).
//!
//! A failure never fails the command: the PINs are still wiped after use, only the
//! second line of defence is missing. It is silent unless `--verbose` or `-v` is on the
//! command line, when a note goes to stderr.

/// Applies the settings; called once, at the very start of `main`.
pub fn harden() {
    let verbose = std::env::args_os().any(|arg| arg == "--verbose" || arg == "-v");
    for note in apply() {
        if verbose {
            eprintln!("mynapin: note: {note}");
        }
    }
}

/// Applies the settings and names each that failed.
#[cfg(target_os = "linux")]
fn apply() -> Vec<String> {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    let mut failed = Vec::new();
    let none = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(error) = setrlimit(Resource::Core, none) {
        failed.push(format!("core dumps not disabled ({error})"));
    }
    if let Err(error) = set_dumpable_behavior(DumpableBehavior::NotDumpable) {
        failed.push(format!("the process stays dumpable ({error})"));
    }
    failed
}

/// Elsewhere nothing is applied (and nothing is said).
#[cfg(not(target_os = "linux"))]
fn apply() -> Vec<String> {
    Vec::new()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::os::unix::fs::MetadataExt;
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use rustix::process::{DumpableBehavior, dumpable_behavior};

    /// `Max core file size` of /proc/<pid>/limits: the soft and hard columns.
    fn core_limit(pid: &str) -> String {
        let limits =
            std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("/proc/<pid>/limits");
        let line = limits
            .lines()
            .find(|line| line.starts_with("Max core file size"))
            .expect("a core file size line")
            .to_owned();
        line.split_whitespace()
            .skip(4)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Set in the copy of this test binary that [`a_process_that_applies_them_gets_no_core_and_is_not_dumpable`] starts.
    const IN_CHILD: &str = "MYNAPIN_HYGIENE_TEST_CHILD";

    /// `apply()` changes the whole process for good (a hard limit of 0 cannot be raised
    /// again), so it runs in a copy of this test binary started for this one test: run
    /// in the test process itself, it made the binary test below fail whenever it ran
    /// first (prlimit could no longer set a core limit above 0 for the child).
    #[test]
    fn a_process_that_applies_them_gets_no_core_and_is_not_dumpable() {
        if std::env::var_os(IN_CHILD).is_some() {
            let failed = super::apply();
            assert!(failed.is_empty(), "{failed:?}");
            assert_eq!(core_limit("self"), "0 0");
            assert_eq!(
                dumpable_behavior().expect("PR_GET_DUMPABLE"),
                DumpableBehavior::NotDumpable
            );
            return;
        }
        let name = "hygiene::tests::a_process_that_applies_them_gets_no_core_and_is_not_dumpable";
        let output = Command::new(std::env::current_exe().expect("the test executable's path"))
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(IN_CHILD, "1")
            .stdin(Stdio::null())
            .output()
            .expect("start a copy of the test binary");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "the copy failed ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        // The copy must have run this very test, not filtered it out.
        assert!(
            stdout.contains("1 passed"),
            "the copy ran no test:\n{stdout}"
        );
    }

    /// The built `mynapin` binary, beside the test executable's folder (`target/debug/deps/..`).
    fn binary() -> PathBuf {
        let exe = std::env::current_exe().expect("the test executable's path");
        let path = exe
            .ancestors()
            .nth(2)
            .expect("target/debug/deps/<test>")
            .join("mynapin");
        assert!(
            path.exists(),
            "{} missing: run `cargo build` first",
            path.display()
        );
        path
    }

    struct Running(Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// The real binary, kept running by `sim serve` retrying a port nobody listens on,
    /// started with a core limit above 0 (prlimit(1)): its limits show no core, and its /proc files belong to root while it runs as
    /// another user, which is how the kernel shows a process that is not dumpable. Run as
    /// root, the test starts it as `nobody` through setpriv(1) (util-linux), since a root
    /// process's files belong to root anyway. `cargo build` first: `cargo test` does not
    /// rebuild the binary for a unit test of its own.
    #[test]
    fn the_binary_hardens_itself_first_thing() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let serve = [
            "sim",
            "serve",
            "--port",
            &port.to_string(),
            "--connect-timeout",
            "20",
        ];
        // A core limit above 0 to start from (the default is often 0 already), as far as
        // the hard limit lets this process raise it.
        let hard = rustix::process::getrlimit(rustix::process::Resource::Core).maximum;
        let start_limit = hard.map_or(4096, |hard| hard.min(4096));
        // As root, mynapin runs as `nobody` (setpriv) so that /proc's ownership shows
        // whether it is dumpable; where setpriv cannot run it (a CI sandbox), as root, and
        // then only the core limit is checked (said on stderr).
        let run_as_nobody = rustix::process::getuid().is_root();
        let started_chain = start(&serve, start_limit, run_as_nobody).or_else(|why| {
            eprintln!("hygiene test: {why}; running mynapin as root (dumpable not checked)");
            start(&serve, start_limit, false)
        });
        let (_child, pid, status) = match started_chain {
            Ok(started) => started,
            Err(why) => panic!("{why}"),
        };
        assert_eq!(core_limit(&pid), "0 0", "Max core file size of mynapin");
        let uid: u32 = status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next())
            .unwrap()
            .parse()
            .unwrap();
        if uid != 0 {
            let owner = std::fs::metadata(format!("/proc/{pid}/status"))
                .unwrap()
                .uid();
            assert_eq!(
                owner, 0,
                "/proc/{pid} belongs to uid {owner}: mynapin is dumpable"
            );
        }
    }

    /// Starts `mynapin ARGS` through prlimit (core limit `limit`), as `nobody` when asked;
    /// returns it once the exec'd process is mynapin, with its pid and /proc status.
    fn start(
        args: &[&str],
        limit: u64,
        as_nobody: bool,
    ) -> Result<(Running, String, String), String> {
        let mut command = Command::new("prlimit");
        command.arg(format!("--core={limit}:{limit}"));
        command.arg("--");
        if as_nobody {
            command.args([
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
            ]);
        }
        let child = command
            .arg(binary())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mynapin through prlimit (and setpriv as root), util-linux's");
        let mut child = Running(child);
        let pid = child.0.id().to_string();
        let started = Instant::now();
        loop {
            let status =
                std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
            if status.starts_with("Name:\tmynapin") {
                std::thread::sleep(Duration::from_millis(200));
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
                return Ok((child, pid, status));
            }
            if let Ok(Some(exit)) = child.0.try_wait() {
                let mut said = String::new();
                if let Some(mut stderr) = child.0.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut stderr, &mut said);
                }
                return Err(format!(
                    "the chain ended before mynapin ran ({exit}): {}",
                    said.trim()
                ));
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "mynapin did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
