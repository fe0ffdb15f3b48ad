//! Fault injection: a card pulled from the reader at a chosen command.
//!
//! Used by the in-process transport and by the vpcd link (which closes its connection),
//! so tests can check that a write whose answer was lost is reported as *outcome unknown*
//! and never as a success.

use std::fmt;
use std::str::FromStr;

use crate::apdu::Command;

/// Where a simulated card removal happens: at the first command with the given INS that
/// carries a data field (so `lose-answer:20` hits a VERIFY with a PIN, never the empty
/// counter query `00 20 00 80`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The card is pulled right before it receives the first command with this INS.
    RemoveBefore {
        /// Instruction byte that triggers the removal.
        ins: u8,
    },
    /// The card executes the first command with this INS, then is pulled before its
    /// answer reaches the host.
    LoseAnswerOf {
        /// Instruction byte that triggers the removal.
        ins: u8,
    },
}

impl Fault {
    /// The instruction byte that triggers the fault.
    pub fn ins(self) -> u8 {
        match self {
            Fault::RemoveBefore { ins } | Fault::LoseAnswerOf { ins } => ins,
        }
    }

    /// True when `command` triggers this fault: its INS matches and it has data.
    pub fn matches(self, command: &Command) -> bool {
        command.ins == self.ins() && !command.data.as_bytes().is_empty()
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::RemoveBefore { ins } => write!(f, "remove-before:{ins:02X}"),
            Fault::LoseAnswerOf { ins } => write!(f, "lose-answer:{ins:02X}"),
        }
    }
}

/// A fault spec is `remove-before:INS` or `lose-answer:INS`, INS in hex (e.g. `24`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid fault {0:?}: expected remove-before:INS or lose-answer:INS with INS in hex, e.g. lose-answer:24"
)]
pub struct InvalidFault(pub String);

impl FromStr for Fault {
    type Err = InvalidFault;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidFault(spec.to_owned());
        let (when, ins) = spec.split_once(':').ok_or_else(invalid)?;
        let ins = u8::from_str_radix(ins.trim_start_matches("0x"), 16).map_err(|_| invalid())?;
        match when {
            "remove-before" => Ok(Fault::RemoveBefore { ins }),
            "lose-answer" => Ok(Fault::LoseAnswerOf { ins }),
            _ => Err(invalid()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let fault: Fault = "lose-answer:24".parse().unwrap();
        assert_eq!(fault, Fault::LoseAnswerOf { ins: 0x24 });
        assert_eq!(fault.to_string(), "lose-answer:24");
        assert_eq!(
            "remove-before:2C".parse(),
            Ok(Fault::RemoveBefore { ins: 0x2C })
        );
        assert!("explode:24".parse::<Fault>().is_err());
        assert!("lose-answer:XYZ".parse::<Fault>().is_err());
    }
}
