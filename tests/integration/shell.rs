//! Shell integration: `mynapin completions SHELL` and `mynapin man` (generated from the
//! clap definition). Every subcommand `mynapin --help` lists must be completed by every
//! shell's script and have its manual page; the pages must format without a warning
//! (`man --warnings -l`, where man-db is installed; .ci/setup installs it).

use std::path::Path;
use std::process::Stdio;

use assert_cmd::Command;

fn mynapin(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("mynapin")
        .unwrap()
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env_remove("MYNAPIN_LOG")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The subcommands `mynapin --help` lists (its `Commands:` section), `help` excepted.
fn subcommands() -> Vec<String> {
    let (code, help, stderr) = mynapin(&["--help"]);
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    assert!(names.len() >= 10, "too few subcommands in\n{help}");
    names
}

#[test]
fn every_shells_completions_name_every_subcommand() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, stderr) = mynapin(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(script.contains("mynapin"), "{shell}: {script}");
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: no {name}");
        }
        // Options are completed too.
        assert!(script.contains("--simulated"), "{shell}");
    }
    let (code, _, _) = mynapin(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
}

#[test]
fn the_bash_script_is_valid_bash() {
    let (_, script, _) = mynapin(&["completions", "bash"]);
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// Whether man-db's `man` is installed.
fn man_installed() -> bool {
    std::process::Command::new("man")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// `man --warnings -l PAGE`: the formatted text, or the warnings.
fn format_page(page: &Path) -> Result<String, String> {
    let output = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::null())
        .output()
        .expect("man runs");
    let warnings = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() && warnings.trim().is_empty() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(warnings)
    }
}

#[test]
fn the_manual_pages_name_every_subcommand_and_format_cleanly() {
    let names = subcommands();
    let (code, page, stderr) = mynapin(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains(".TH mynapin 1"), "{page}");
    assert!(page.contains(".SH NAME"), "{page}");
    for name in &names {
        assert!(
            page.contains(&format!("mynapin\\-{name}(1)")),
            "no {name} in\n{page}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let (code, printed, stderr) = mynapin(&["man", "--dir", &pages.display().to_string()]);
    assert_eq!((code, printed.as_str()), (0, ""), "{stderr}");
    let mut files = vec![pages.join("mynapin.1")];
    files.extend(
        names
            .iter()
            .map(|name| pages.join(format!("mynapin-{name}.1"))),
    );
    // A nested subcommand has a page of its own too.
    files.push(pages.join("mynapin-sim-serve.1"));
    for file in &files {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        assert!(text.contains(".TH "), "{}", file.display());
    }
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), page);

    if !man_installed() {
        eprintln!("man-db is not installed: the pages were checked for structure only");
        return;
    }
    // The check can fail: a page with an unknown macro gives a warning.
    let broken = dir.path().join("broken.1");
    std::fs::write(&broken, ".TH broken 1\n.SH NAME\n.XYZZY nothing\n").unwrap();
    assert!(
        format_page(&broken).is_err(),
        "man reported nothing on a broken page"
    );
    for file in &files {
        let text =
            format_page(file).unwrap_or_else(|warnings| panic!("{}: {warnings}", file.display()));
        assert!(text.contains("NAME"), "{}: {text}", file.display());
    }
    let top = format_page(&files[0]).unwrap();
    assert!(top.contains("マイナンバーカード"), "{top}");
}
