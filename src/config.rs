//! The workstation configuration file of a counter (TOML; by default
//! [`DEFAULT_PATH`], `/etc/mynapin/mynapin.toml`; the CLI takes `--config FILE` or the
//! `MYNAPIN_CONFIG` variable). The library only parses it; a front end decides where it is.
//!
//! ```toml
//! counter = true                                  # counter mode: check the rules before the card
//! rules = "/etc/mynapin/rules/asahi-chiba.toml"   # the municipality's rules (default: embedded)
//! audit_log = "/var/log/mynapin/audit.jsonl"      # where the audit log is appended
//! authority = "issuer"                            # the reset authority of this workstation
//! operator = "窓口3"                               # who operates it (a label, not a person's name)
//! idle_seconds = 120                              # the counter page clears itself after this idle time
//! ```
//!
//! Every field is optional; unknown fields are errors naming the line and the field.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where the CLI looks without `--config` or `MYNAPIN_CONFIG`, on Unix (see
/// [`default_path`] for every platform).
pub const DEFAULT_PATH: &str = "/etc/mynapin/mynapin.toml";

/// The workstation configuration's default place: [`DEFAULT_PATH`] on Unix;
/// `%ProgramData%\mynapin\mynapin.toml` on Windows (where machine-wide settings live).
pub fn default_path() -> PathBuf {
    #[cfg(windows)]
    if let Some(program_data) = std::env::var_os("ProgramData") {
        return PathBuf::from(program_data)
            .join("mynapin")
            .join("mynapin.toml");
    }
    PathBuf::from(DEFAULT_PATH)
}

/// A workstation's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Counter mode: `verify`, `change` and `reset` check the counter rules (applicant,
    /// documents, papers) and refuse before touching the card when something is missing.
    #[serde(default)]
    pub counter: bool,
    /// The rules file (default: the embedded rules of the seed city). A relative path is
    /// taken from the configuration file's folder.
    pub rules: Option<PathBuf>,
    /// The audit log file.
    pub audit_log: Option<PathBuf>,
    /// The reset authority of this workstation (`other-password`, `terminal-key`,
    /// `issuer`), read by the reset command.
    pub authority: Option<String>,
    /// A label of the operator or counter position, recorded in the audit log.
    pub operator: Option<String>,
    /// The counter page (`mynapin counter`): seconds without activity after which the
    /// screen is cleared (default 120).
    pub idle_seconds: Option<u64>,
    /// The terminal key file of a `terminal-key` workstation (simulated and test cards),
    /// used by `reset` and the counter page when `--key-file` is not given. A relative
    /// path is taken from the configuration file's folder.
    pub key_file: Option<PathBuf>,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("configuration {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not valid: a syntax error, an unknown field, a value of the wrong type.
    #[error("configuration {path}: line {line}: {detail}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The 1-based line, 0 when unknown.
        line: usize,
        /// The dotted field at that line, empty when unknown.
        field: String,
        /// The parser's words (English).
        detail: String,
    },
}

impl Config {
    /// Parses a configuration; `path` names it in errors and anchors relative paths.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Syntax`].
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|error| {
            let line = error.span().map_or(0, |span| {
                text.get(..span.start).unwrap_or(text).matches('\n').count() + 1
            });
            let field = text
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|line| line.split_once('='))
                .map(|(key, _)| key.trim().to_owned())
                .unwrap_or_default();
            ConfigError::Syntax {
                path: path.to_owned(),
                line,
                field,
                detail: error.message().to_owned(),
            }
        })?;
        let folder = path.parent().unwrap_or(Path::new(""));
        for file in [
            &mut config.rules,
            &mut config.audit_log,
            &mut config.key_file,
        ] {
            if let Some(file) = file.as_mut().filter(|file| file.is_relative()) {
                *file = folder.join(&*file);
            }
        }
        Ok(config)
    }

    /// Reads a configuration file; `Ok(None)` when it does not exist and `optional`
    /// (the default path on a machine that is not a counter).
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: unreadable or not valid.
    pub fn load(path: &Path, optional: bool) -> Result<Option<Config>, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path).map(Some),
            Err(error) if optional && error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ConfigError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_and_relative_paths_follow_the_file() {
        let text = "counter = true\nrules = \"rules.toml\"\naudit_log = \"/var/log/a.jsonl\"\noperator = \"窓口3\"\n";
        let config = Config::parse(text, Path::new("/etc/mynapin/mynapin.toml"));
        let config = config.unwrap_or_default();
        assert!(config.counter);
        assert_eq!(config.rules, Some(PathBuf::from("/etc/mynapin/rules.toml")));
        assert_eq!(config.audit_log, Some(PathBuf::from("/var/log/a.jsonl")));
    }

    #[test]
    fn an_unknown_field_names_its_line_and_field() {
        let error = Config::parse("counter = true\ncountr = false\n", Path::new("c.toml"));
        match error {
            Err(ConfigError::Syntax { line, field, .. }) => {
                assert_eq!((line, field.as_str()), (2, "countr"));
            }
            other => panic!("{other:?}"),
        }
    }
}
