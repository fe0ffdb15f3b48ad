//! Developer diagnostics on stderr: `-v`, `-vv`, `-vvv`, or the `MYNAPIN_LOG` environment
//! variable, through `tracing` (the library emits the events; only this binary installs a
//! subscriber). Off unless asked; never on stdout, which carries the command's result.
//!
//! - `-v` (INFO): what the tool decided and why: the reader chosen, the guard passed or
//!   refused, a power cycle, a profile file locked and written back, the transaction's end,
//!   the audit record appended, the trace saved.
//! - `-vv` (DEBUG): each step of a flow (SELECTs, counters read, a value sent and its status
//!   word).
//! - `-vvv` (TRACE): every APDU's header (CLA INS P1 P2, Lc and Le lengths) and status word.
//!
//! No level logs a data byte of any APDU, a PIN, a key, or personal data
//! ([`mynapin::transport::Logged`]); `tests/integration/logging.rs` checks it.
//!
//! `MYNAPIN_LOG` takes a level (`info`, `debug`, `trace`, `off`), which applies to mynapin's
//! own events only, or `tracing-subscriber`'s filter syntax (`mynapin::card=debug,info`)
//! for anything else. `-v` flags, when given, take precedence over it.

use mynapin::messages::Message;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::i18n::Lang;

/// The environment variable read when no `-v` is given.
pub const ENV_VAR: &str = "MYNAPIN_LOG";

/// The target prefix of every mynapin event, the library's and this binary's.
const OWN_TARGET: &str = "mynapin";

/// The filter `-v` flags counted `verbosity` times, or `MYNAPIN_LOG` (`env`) asks for:
/// `None` when logging stays off. An `env` that is no filter is `Err`.
pub fn filter(verbosity: u8, env: Option<&str>) -> Result<Option<EnvFilter>, ()> {
    let level = match verbosity {
        0 => None,
        1 => Some(LevelFilter::INFO),
        2 => Some(LevelFilter::DEBUG),
        _ => Some(LevelFilter::TRACE),
    };
    if let Some(level) = level {
        return Ok(Some(own_events(level)));
    }
    let Some(env) = env.map(str::trim).filter(|env| !env.is_empty()) else {
        return Ok(None);
    };
    if let Ok(level) = env.parse::<LevelFilter>() {
        return Ok((level != LevelFilter::OFF).then(|| own_events(level)));
    }
    EnvFilter::builder()
        .with_default_directive(LevelFilter::OFF.into())
        .parse(env)
        .map(Some)
        .map_err(|_| ())
}

/// mynapin's events at `level`, nobody else's.
fn own_events(level: LevelFilter) -> EnvFilter {
    EnvFilter::default()
        .add_directive(LevelFilter::OFF.into())
        .add_directive(
            format!("{OWN_TARGET}={level}")
                .parse()
                .unwrap_or_else(|_| LevelFilter::OFF.into()),
        )
}

/// Installs the stderr subscriber the flags or the environment ask for (nothing when
/// neither does). A `MYNAPIN_LOG` that is no filter is reported in `lang` and ignored.
pub fn init(verbosity: u8, lang: Lang) {
    let env = std::env::var(ENV_VAR).ok();
    let filter = match filter(verbosity, env.as_deref()) {
        Ok(Some(filter)) => filter,
        Ok(None) => return,
        Err(()) => {
            let message = Message::new("log-filter-invalid").with("value", env.unwrap_or_default());
            crate::output::warn(&lang.text(&message));
            return;
        }
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(true)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(verbosity: u8, env: Option<&str>) -> Option<String> {
        filter(verbosity, env)
            .expect("a valid filter")
            .map(|filter| filter.to_string())
    }

    #[test]
    fn flags_pick_the_level_of_mynapins_events_and_win_over_the_environment() {
        assert_eq!(shown(0, None), None);
        assert_eq!(shown(0, Some("  ")), None);
        assert_eq!(shown(0, Some("off")), None);
        for (verbosity, level) in [(1, "info"), (2, "debug"), (3, "trace"), (9, "trace")] {
            let filter = shown(verbosity, Some("mynapin=error")).expect("on");
            assert!(filter.contains(&format!("mynapin={level}")), "{filter}");
        }
    }

    #[test]
    fn a_bare_level_in_the_environment_is_for_mynapin_alone() {
        let filter = shown(0, Some("TRACE")).expect("on");
        assert!(filter.contains("mynapin=trace"), "{filter}");
        let filter = shown(0, Some("mynapin::card=debug")).expect("on");
        assert!(filter.contains("mynapin::card=debug"), "{filter}");
    }

    #[test]
    fn a_filter_that_does_not_parse_is_refused() {
        assert!(filter(0, Some("mynapin=loud")).is_err());
        assert!(filter(0, Some("[[[")).is_err());
    }
}
