//! Fault injection: what goes wrong between the host and the simulated card, and at which
//! command.
//!
//! Used by the in-process transport ([`crate::transport::SimTransport`], every kind) and by
//! the vpcd link (`sim serve --fault`, the kinds [`FaultKind::through_vpcd`] allows), so
//! tests can check that a write whose answer was lost or answered with an execution error
//! is reported as *outcome unknown* and never as a success or a failure.
//!
//! A fault is a [`FaultKind`] (what happens) at a [`FaultTarget`] (which command). Its spec,
//! for `--fault` and `--sim-fault`, is `KIND:TARGET`:
//!
//! | KIND | the card | the host gets |
//! |---|---|---|
//! | `remove-before` | pulled before the command: not executed | card removed |
//! | `lose-answer` | executes it, then is pulled | card removed |
//! | `empty-answer` | executes it, then vanishes | 0 bytes (pcscd's answer when the card vanished mid-exchange) |
//! | `one-byte-answer` | executes it, then vanishes | 1 byte |
//! | `sw-XXXX` | answers `XX XX` instead of its own answer; executes the command when SW1 is `65` or `6F` | that status word |
//! | `timeout` | executes it; its answer does not come in time | a link timeout |
//! | `card-reset` | reset by another application before the command: not executed, the session lost | card reset |
//! | `slow` | executes it and answers normally, after [`SLOW_ANSWER`] (a slow card: what does a front end do meanwhile?) | its answer, late |
//!
//! `TARGET` is `INS` (hex), the first command with that instruction byte that is not a bare
//! header (so `lose-answer:20` hits a VERIFY carrying a PIN, never the counter query
//! `00 20 00 80`); `INS:N`, the N-th such command; or `at:N`, the N-th command APDU of the
//! link, whatever it is (what the fault table uses). A fault fires once.
//!
//! Whether `sw-XXXX` executes the command is a choice, per ISO/IEC 7816-4 §5.6: `64 xx` is
//! "execution error, state of non-volatile memory unchanged" (not executed); `65 xx` is
//! "memory changed" (executed, e.g. `65 81` memory failure after the write); `6F 00` "no
//! precise diagnosis" may come either way and is staged as executed, the worse case (an
//! error hiding a write that was done). Any other status word stages a refusal (not
//! executed).

use std::fmt;
use std::str::FromStr;

use crate::apdu::{Command, StatusWord};

/// What goes wrong (see the module documentation for the spec of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// `remove-before`: the card is pulled before it receives the command.
    Remove,
    /// `lose-answer`: the card executes the command, then is pulled before its answer
    /// reaches the host.
    LoseAnswer,
    /// `empty-answer`: the card executes the command and vanishes; the host receives 0
    /// bytes (pcscd's answer when the card vanished mid-exchange).
    EmptyAnswer,
    /// `one-byte-answer`: the card executes the command and vanishes; the host receives 1
    /// byte.
    OneByteAnswer,
    /// `sw-XXXX`: the card answers this status word (as a `u16`, SW1 first) instead of its
    /// own answer; it executes the command when SW1 is `65` or `6F`.
    Status(u16),
    /// `timeout`: the card executes the command, but its answer does not come in time
    /// (the transport's [`crate::transport::TransportError::Timeout`]).
    Timeout,
    /// `card-reset`: another application resets the card before the command, which is
    /// not sent ([`crate::transport::TransportError::CardReset`]); the card's session
    /// (selections, verified states) is lost.
    CardReset,
    /// `slow`: the card executes the command and answers normally, but only after
    /// [`SLOW_ANSWER`] (e.g. to test that a front end refuses a second request meanwhile).
    Slow,
}

/// How long a [`FaultKind::Slow`] card takes to answer.
pub const SLOW_ANSWER: std::time::Duration = std::time::Duration::from_secs(3);

impl FaultKind {
    /// The kinds the fault table stages at every APDU of every flow: each of the above,
    /// with `6F 00`, `64 00` and `65 81` for [`FaultKind::Status`].
    ///
    /// Harness API: the integration tests' fault table (`tests/integration/fault_table.rs`)
    /// iterates over it; the tool itself does not use it.
    pub const TABLE: [FaultKind; 9] = [
        FaultKind::Remove,
        FaultKind::LoseAnswer,
        FaultKind::EmptyAnswer,
        FaultKind::OneByteAnswer,
        FaultKind::Status(0x6F00),
        FaultKind::Status(0x6400),
        FaultKind::Status(0x6581),
        FaultKind::Timeout,
        FaultKind::CardReset,
    ];

    /// Whether the card executes the command this fault hits.
    pub fn executes(self) -> bool {
        match self {
            FaultKind::Remove | FaultKind::CardReset => false,
            FaultKind::LoseAnswer
            | FaultKind::EmptyAnswer
            | FaultKind::OneByteAnswer
            | FaultKind::Timeout
            | FaultKind::Slow => true,
            FaultKind::Status(sw) => matches!(sw.to_be_bytes()[0], 0x65 | 0x6F),
        }
    }

    /// Whether the card is gone after this fault (every later command fails as removed).
    pub fn removes_card(self) -> bool {
        matches!(
            self,
            FaultKind::Remove
                | FaultKind::LoseAnswer
                | FaultKind::EmptyAnswer
                | FaultKind::OneByteAnswer
        )
    }

    /// Whether `mynapin sim serve` can stage it through vpcd: everything but `timeout`
    /// (vpcd waits for the card without limit) and `card-reset` (done by another PC/SC
    /// client, not by the card).
    pub fn through_vpcd(self) -> bool {
        !matches!(self, FaultKind::Timeout | FaultKind::CardReset)
    }

    /// The status word of [`FaultKind::Status`], decoded.
    pub fn status_word(self) -> Option<StatusWord> {
        match self {
            FaultKind::Status(sw) => Some(StatusWord::from(sw)),
            _ => None,
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Remove => f.write_str("remove-before"),
            FaultKind::LoseAnswer => f.write_str("lose-answer"),
            FaultKind::EmptyAnswer => f.write_str("empty-answer"),
            FaultKind::OneByteAnswer => f.write_str("one-byte-answer"),
            FaultKind::Status(sw) => write!(f, "sw-{sw:04X}"),
            FaultKind::Timeout => f.write_str("timeout"),
            FaultKind::CardReset => f.write_str("card-reset"),
            FaultKind::Slow => f.write_str("slow"),
        }
    }
}

impl FromStr for FaultKind {
    type Err = ();

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "remove-before" => FaultKind::Remove,
            "lose-answer" => FaultKind::LoseAnswer,
            "empty-answer" => FaultKind::EmptyAnswer,
            "one-byte-answer" => FaultKind::OneByteAnswer,
            "timeout" => FaultKind::Timeout,
            "card-reset" => FaultKind::CardReset,
            "slow" => FaultKind::Slow,
            _ => {
                let hex = name.strip_prefix("sw-").ok_or(())?;
                if hex.len() != 4 {
                    return Err(());
                }
                FaultKind::Status(u16::from_str_radix(hex, 16).map_err(|_| ())?)
            }
        })
    }
}

/// Which command a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultTarget {
    /// The `nth` (1-based) command with this instruction byte that is not a bare header
    /// (a counter query `00 20 00 80` does not count).
    Ins {
        /// Instruction byte.
        ins: u8,
        /// Which occurrence, from 1.
        nth: usize,
    },
    /// The `position`-th (1-based) command APDU of the link, whatever it is.
    At {
        /// Which APDU, from 1.
        position: usize,
    },
}

impl fmt::Display for FaultTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultTarget::Ins { ins, nth: 1 } => write!(f, "{ins:02X}"),
            FaultTarget::Ins { ins, nth } => write!(f, "{ins:02X}:{nth}"),
            FaultTarget::At { position } => write!(f, "at:{position}"),
        }
    }
}

/// A fault staged on the simulated card: a [`FaultKind`] at a [`FaultTarget`].
///
/// `RemoveBefore` and `LoseAnswerOf` are the first two faults, kept as they were (the
/// first command with the INS that is not a bare header); [`Fault::Staged`] is any kind at
/// any target. Equality compares [`Fault::kind`] and [`Fault::target`], so
/// `Fault::RemoveBefore { ins: 0x24 }` equals the staged `remove-before:24:1`.
#[derive(Debug, Clone, Copy)]
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
    /// Any fault at any command.
    Staged {
        /// What happens.
        kind: FaultKind,
        /// At which command.
        target: FaultTarget,
    },
}

impl Fault {
    /// `kind` at the `position`-th command APDU (from 1).
    pub fn at(kind: FaultKind, position: usize) -> Self {
        Fault::Staged {
            kind,
            target: FaultTarget::At { position },
        }
    }

    /// What happens.
    pub fn kind(self) -> FaultKind {
        match self {
            Fault::RemoveBefore { .. } => FaultKind::Remove,
            Fault::LoseAnswerOf { .. } => FaultKind::LoseAnswer,
            Fault::Staged { kind, .. } => kind,
        }
    }

    /// At which command.
    pub fn target(self) -> FaultTarget {
        match self {
            Fault::RemoveBefore { ins } | Fault::LoseAnswerOf { ins } => {
                FaultTarget::Ins { ins, nth: 1 }
            }
            Fault::Staged { target, .. } => target,
        }
    }

    /// The instruction byte of an INS target (`None` for a position).
    pub fn ins(self) -> Option<u8> {
        match self.target() {
            FaultTarget::Ins { ins, .. } => Some(ins),
            FaultTarget::At { .. } => None,
        }
    }

    /// True when `command` counts towards an INS target: its INS matches and it is not a
    /// bare header (it carries data or asks for some). Always false for a position.
    pub fn matches(self, command: &Command) -> bool {
        self.ins() == Some(command.ins) && !is_bare_header(command)
    }
}

/// A command with neither data nor Le (case 1), such as the counter query `00 20 00 80`.
fn is_bare_header(command: &Command) -> bool {
    command.data.as_bytes().is_empty() && command.le.is_none()
}

impl PartialEq for Fault {
    fn eq(&self, other: &Self) -> bool {
        (self.kind(), self.target()) == (other.kind(), other.target())
    }
}

impl Eq for Fault {}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.target())
    }
}

/// A fault spec is `KIND:INS`, `KIND:INS:N` or `KIND:at:N` (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid fault {0:?}: expected KIND:INS, KIND:INS:N or KIND:at:N, KIND one of remove-before, lose-answer, empty-answer, one-byte-answer, sw-XXXX, timeout, card-reset, INS in hex and N from 1, e.g. lose-answer:24 or remove-before:at:7"
)]
pub struct InvalidFault(pub String);

impl FromStr for Fault {
    type Err = InvalidFault;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidFault(spec.to_owned());
        let (kind, target) = spec.split_once(':').ok_or_else(invalid)?;
        let kind: FaultKind = kind.parse().map_err(|()| invalid())?;
        let count = |n: &str| match n.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(invalid()),
        };
        let target = match target.split_once(':') {
            Some(("at", position)) => FaultTarget::At {
                position: count(position)?,
            },
            Some((ins, nth)) => FaultTarget::Ins {
                ins: parse_ins(ins).ok_or_else(invalid)?,
                nth: count(nth)?,
            },
            None => FaultTarget::Ins {
                ins: parse_ins(target).ok_or_else(invalid)?,
                nth: 1,
            },
        };
        Ok(match (kind, target) {
            (FaultKind::Remove, FaultTarget::Ins { ins, nth: 1 }) => Fault::RemoveBefore { ins },
            (FaultKind::LoseAnswer, FaultTarget::Ins { ins, nth: 1 }) => {
                Fault::LoseAnswerOf { ins }
            }
            (kind, target) => Fault::Staged { kind, target },
        })
    }
}

/// One or two hex digits, with an optional `0x`.
fn parse_ins(text: &str) -> Option<u8> {
    let hex = text.trim_start_matches("0x");
    if hex.is_empty() || hex.len() > 2 {
        return None;
    }
    u8::from_str_radix(hex, 16).ok()
}

/// A fault armed on a link: counts the commands it sees and says which one fires it
/// (once). Both the in-process transport and the vpcd link use it.
#[derive(Debug, Clone)]
pub struct FaultTrigger {
    fault: Fault,
    apdus: usize,
    hits: usize,
    fired: bool,
}

impl FaultTrigger {
    /// Arms `fault`; nothing seen yet.
    pub fn new(fault: Fault) -> Self {
        FaultTrigger {
            fault,
            apdus: 0,
            hits: 0,
            fired: false,
        }
    }

    /// The fault armed.
    pub fn fault(&self) -> Fault {
        self.fault
    }

    /// Whether the fault has fired.
    pub fn fired(&self) -> bool {
        self.fired
    }

    /// Counts `command` (`None`: bytes that are not a command APDU, which count for a
    /// position only) and returns the fault's kind when this command fires it.
    pub fn fires(&mut self, command: Option<&Command>) -> Option<FaultKind> {
        self.apdus += 1;
        let hit = match self.fault.target() {
            FaultTarget::At { position } => self.apdus == position,
            FaultTarget::Ins { nth, .. } => {
                if command.is_some_and(|command| self.fault.matches(command)) {
                    self.hits += 1;
                    self.hits == nth
                } else {
                    false
                }
            }
        };
        if hit && !self.fired {
            self.fired = true;
            Some(self.fault.kind())
        } else {
            None
        }
    }

    /// [`FaultTrigger::fires`] on raw command bytes.
    pub fn fires_on_bytes(&mut self, bytes: &[u8]) -> Option<FaultKind> {
        let command = Command::from_bytes(bytes).ok();
        self.fires(command.as_ref())
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

    #[test]
    fn every_kind_and_target_round_trips() {
        for spec in [
            "remove-before:24",
            "remove-before:20:2",
            "lose-answer:at:7",
            "empty-answer:2C",
            "one-byte-answer:at:1",
            "sw-6F00:24",
            "sw-6400:20:3",
            "sw-6581:at:12",
            "timeout:84",
            "card-reset:at:5",
            "slow:20:2",
        ] {
            let fault: Fault = spec.parse().unwrap();
            assert_eq!(fault.to_string(), spec);
            assert_eq!(fault.to_string().parse::<Fault>(), Ok(fault));
        }
        assert_eq!(
            "remove-before:24:1".parse(),
            Ok(Fault::RemoveBefore { ins: 0x24 })
        );
        assert_eq!(
            "sw-6F00:at:3".parse(),
            Ok(Fault::at(FaultKind::Status(0x6F00), 3))
        );
        for bad in [
            "lose-answer:at:0",
            "lose-answer:24:0",
            "lose-answer:at:",
            "lose-answer:at:x",
            "lose-answer:124",
            "sw-6F0:24",
            "sw-6F000:24",
            "timeout",
            "lose-answer:24:1:2",
        ] {
            assert!(bad.parse::<Fault>().is_err(), "{bad}");
        }
    }

    #[test]
    fn which_kinds_execute_and_remove() {
        let executes: Vec<String> = FaultKind::TABLE
            .iter()
            .filter(|kind| kind.executes())
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            executes,
            [
                "lose-answer",
                "empty-answer",
                "one-byte-answer",
                "sw-6F00",
                "sw-6581",
                "timeout"
            ]
        );
        assert!(!FaultKind::Status(0x6A80).executes());
        assert!(
            FaultKind::TABLE
                .iter()
                .all(|kind| !kind.removes_card() || kind.through_vpcd())
        );
    }

    fn command(bytes: &[u8]) -> Command {
        Command::from_bytes(bytes).unwrap()
    }

    #[test]
    fn a_trigger_fires_once_at_its_target() {
        let query = command(&[0x00, 0x20, 0x00, 0x80]);
        let verify = command(&[0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34]);
        let challenge = command(&[0x00, 0x84, 0x00, 0x00, 0x08]);

        let mut second_verify = FaultTrigger::new("timeout:20:2".parse().unwrap());
        let fired: Vec<bool> = [&query, &verify, &query, &verify, &verify]
            .into_iter()
            .map(|c| second_verify.fires(Some(c)).is_some())
            .collect();
        assert_eq!(fired, [false, false, false, true, false]);

        let mut at_three = FaultTrigger::new("card-reset:at:3".parse().unwrap());
        assert_eq!(at_three.fires(Some(&query)), None);
        assert_eq!(at_three.fires_on_bytes(&[0x01]), None, "garbage counts");
        assert_eq!(
            at_three.fires(Some(&query)),
            Some(FaultKind::CardReset),
            "the query counts for a position"
        );
        assert!(at_three.fired());
        assert_eq!(at_three.fires(Some(&query)), None);

        let mut on_84 = FaultTrigger::new("lose-answer:84".parse().unwrap());
        assert_eq!(
            on_84.fires(Some(&challenge)),
            Some(FaultKind::LoseAnswer),
            "GET CHALLENGE asks for data: not a bare header"
        );
    }
}
