//! The Debian package's own files (`[package.metadata.deb]` in Cargo.toml, `packaging/`):
//! the example `/etc/mynapin/mynapin.toml` parses with the library's loader, as installed
//! and with every example setting switched on; the udev rules, the polkit rule and the
//! postinst name one staff group; every asset from the source tree exists. `.ci/package`
//! builds, installs, runs and purges the package itself.

use std::path::{Path, PathBuf};

use mynapin::config::Config;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The `[package.metadata.deb]` table of Cargo.toml.
fn deb_metadata() -> toml::Table {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    manifest["package"]["metadata"]["deb"]
        .as_table()
        .expect("[package.metadata.deb]")
        .clone()
}

/// The package's assets as (source, destination) pairs.
fn assets() -> Vec<(String, String)> {
    deb_metadata()["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .map(|asset| {
            let asset = asset.as_array().expect("[source, destination, mode]");
            (
                asset[0].as_str().unwrap().to_owned(),
                asset[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_example_configuration_parses_and_changes_nothing_as_installed() {
    let installed = Path::new(mynapin::config::DEFAULT_PATH);
    let text = read("packaging/mynapin.toml");
    let config = Config::parse(&text, installed).unwrap();
    assert_eq!(
        config,
        Config::default(),
        "the installed example must change nothing"
    );

    // Every example setting, switched on, is a valid setting with its example value.
    let mut switched = 0;
    let uncommented: String = text
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(setting)
                if setting.split_once(" = ").is_some_and(|(key, _)| {
                    key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                }) =>
            {
                switched += 1;
                format!("{setting}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    let config = Config::parse(&uncommented, installed)
        .unwrap_or_else(|error| panic!("{error}\n{uncommented}"));
    assert_eq!(
        switched, 7,
        "one example per field of Config:\n{uncommented}"
    );
    assert!(config.counter);
    assert_eq!(config.authority.as_deref(), Some("issuer"));
    assert_eq!(config.idle_seconds, Some(120));
    // The rules file it names is one the package installs, and is a valid rules file.
    let rules = config.rules.expect("rules");
    let name = rules.file_name().unwrap().to_str().unwrap();
    assert!(
        rules.starts_with("/usr/share/mynapin/rules"),
        "{}",
        rules.display()
    );
    assert!(
        assets()
            .iter()
            .any(|(source, destination)| source == "rules/*.toml"
                && destination == "usr/share/mynapin/rules/"),
        "the rules files are not packaged"
    );
    mynapin::procedure::Rules::load(&Path::new(ROOT).join("rules").join(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
}

#[test]
fn udev_polkit_and_postinst_name_one_staff_group() {
    let udev = read("udev/70-mynapin-readers.rules");
    let groups: Vec<&str> = udev
        .split("GROUP=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!groups.is_empty(), "no GROUP in the udev rules");
    let group = groups[0];
    assert!(groups.iter().all(|other| *other == group), "{groups:?}");

    let polkit = read("packaging/polkit/60-mynapin-pcscd.rules");
    assert!(
        polkit.contains(&format!("subject.isInGroup(\"{group}\")")),
        "{polkit}"
    );
    for action in [
        "org.debian.pcsc-lite.access_pcsc",
        "org.debian.pcsc-lite.access_card",
    ] {
        assert!(polkit.contains(&format!("\"{action}\"")), "{action}");
    }
    assert!(polkit.contains("polkit.Result.YES"), "{polkit}");

    let postinst = read("packaging/debian/postinst");
    assert!(postinst.starts_with("#!/bin/sh\n"), "{postinst}");
    assert!(
        postinst.contains(&format!("getent group {group} ")),
        "{postinst}"
    );
    assert!(
        postinst.contains(&format!("addgroup --system --quiet {group}\n")),
        "{postinst}"
    );
    assert!(
        deb_metadata()["depends"]
            .as_str()
            .unwrap()
            .contains("adduser"),
        "postinst runs addgroup: the package must depend on adduser"
    );
}

#[test]
fn every_asset_from_the_source_tree_exists_and_the_paths_are_debians() {
    let mut destinations = Vec::new();
    for (source, destination) in assets() {
        destinations.push(destination.clone());
        // target/ is made by the build (.ci/package); the rest is in git.
        if source.starts_with("target/") {
            continue;
        }
        let found: Vec<PathBuf> = match source.split_once('*') {
            Some((folder, suffix)) => std::fs::read_dir(Path::new(ROOT).join(folder))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.to_str().unwrap().ends_with(suffix))
                .collect(),
            None => vec![Path::new(ROOT).join(&source)],
        };
        assert!(!found.is_empty(), "{source}: nothing to package");
        for path in found {
            assert!(path.is_file(), "{}", path.display());
        }
    }
    for wanted in [
        "usr/bin/",
        "usr/share/man/man1/",
        "usr/share/bash-completion/completions/mynapin",
        "usr/share/zsh/vendor-completions/_mynapin",
        "usr/share/fish/vendor_completions.d/mynapin.fish",
        "usr/lib/udev/rules.d/",
        "usr/share/polkit-1/rules.d/",
        "etc/mynapin/mynapin.toml",
        "usr/share/mynapin/rules/",
    ] {
        assert!(
            destinations.iter().any(|d| d == wanted),
            "no asset for {wanted}"
        );
    }
    let conffiles = deb_metadata()["conf-files"].clone();
    assert_eq!(
        conffiles.as_array().unwrap()[0].as_str(),
        Some(mynapin::config::DEFAULT_PATH),
        "the example configuration is a conffile at the path the CLI reads"
    );
}
