//! Signals for `mynapin sim serve`: SIGTERM or SIGINT asks the served card to stop
//! cleanly (so `--state-out` is still written); a second one ends the process at once.
//! The library never installs a handler: it only reads the flag it is given.

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// A flag that becomes true on SIGTERM or SIGINT, for `mynapin::sim::vpcd::serve`'s `stop`.
///
/// A second signal while the flag is already set exits the process at once (status 1),
/// so a stuck program can still be interrupted.
pub fn stop_flag_on_signals() -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;

    #[test]
    fn sigterm_sets_the_stop_flag() {
        let flag = stop_flag_on_signals().unwrap();
        assert!(!flag.load(Ordering::SeqCst));
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).unwrap();
        assert!(flag.load(Ordering::SeqCst));
    }
}
