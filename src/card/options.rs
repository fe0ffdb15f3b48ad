//! The caller's policy for a PIN flow: which guards it lifts (docs/DESIGN.md safety rule 3) and
//! whether it may send a command nobody has confirmed on a real card (docs/protocol.md §5.1).

use crate::layout::PinKind;

use super::{CardError, Operation};

/// Choices the caller makes for a PIN flow. The default is the safe one: every guard on,
/// no unconfirmed command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinOptions {
    /// Spend the last remaining try (or a try whose counter the card will not report).
    pub allow_last_try: bool,
    /// Send a command that no public source shows working on a real card: the 住基 PIN's
    /// JICSAP CHANGE KEY `80 32 00 80`, found in one peer's code alone (docs/protocol.md
    /// §5.1), and every reset command (GET CHALLENGE `00 84`, EXTERNAL AUTHENTICATE `00 82`,
    /// RESET RETRY COUNTER `00 2C`: this project's definition, docs/protocol.md §6). A front end sets it for a simulated or replayed card, or when
    /// the user explicitly asks.
    pub allow_unconfirmed_commands: bool,
}

impl PinOptions {
    /// Whether this policy lets `operation` run on `kind`'s PIN. Pure: a front end calls it
    /// before asking for any PIN, and the flows call it before sending anything.
    pub fn permits(&self, operation: Operation, kind: PinKind) -> Result<(), CardError> {
        let confirmed = match operation {
            Operation::Verify => true,
            Operation::Change => kind.change_command().is_confirmed(),
            // No public source shows a reset command on a real card (docs/protocol.md §6).
            Operation::Reset => false,
        };
        if confirmed || self.allow_unconfirmed_commands {
            Ok(())
        } else {
            Err(CardError::UnconfirmedCommand { kind, operation })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resets_and_the_juki_change_need_the_permission() {
        let strict = PinOptions::default();
        let lenient = PinOptions {
            allow_unconfirmed_commands: true,
            ..PinOptions::default()
        };
        for kind in PinKind::ALL {
            for operation in [Operation::Verify, Operation::Change, Operation::Reset] {
                assert!(lenient.permits(operation, kind).is_ok());
                let refused = strict.permits(operation, kind).is_err();
                assert_eq!(
                    refused,
                    operation == Operation::Reset
                        || (operation, kind) == (Operation::Change, PinKind::Juki),
                    "{operation:?} {kind}"
                );
            }
        }
        assert!(matches!(
            strict.permits(Operation::Change, PinKind::Juki),
            Err(CardError::UnconfirmedCommand {
                kind: PinKind::Juki,
                operation: Operation::Change
            })
        ));
    }
}
