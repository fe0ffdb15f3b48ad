//! The trace replayer: a transport that serves a [`TraceFile`] back, for replay tests of
//! the golden traces and of traces attached to bug reports.
//!
//! Each command sent is compared with the trace's next command, a masked byte (`**`)
//! matching any value; on a match the recorded response (or recorded link failure) is
//! returned. The first command that differs — or any command after the last exchange —
//! gets [`TransportError::Divergence`] with the 1-based exchange number and both commands
//! as spaced hex, the one sent with its secret data masked, so the error never shows a
//! PIN. Once diverged, the replay stays diverged: every later command gets the same
//! error. Transactions and resets are no-ops that succeed.
//!
//! A recorded link failure (`# transport error: card removed`) is served back as that
//! failure, and a flow that stops there has used the trace as the recorded run did:
//! whatever the file holds after it (a hand-edited trace, exchanges of a later run) is
//! not reported as the flow ending early.

use std::path::Path;

use crate::apdu::{Command, Response};

use super::format::transport_error_from_text;
use super::{Exchange, Reply, TraceBytes, TraceError, TraceFile};
use crate::transport::{Disposition, Transport, TransportError};

/// What [`TransportError::Divergence`] says when the trace has no more exchanges.
pub const END_OF_TRACE: &str = "end of trace";

/// The first divergence, kept to be reported again.
#[derive(Debug, Clone)]
struct Divergence {
    position: usize,
    expected: String,
    actual: String,
}

impl Divergence {
    fn to_error(&self) -> TransportError {
        TransportError::Divergence {
            position: self.position,
            expected: self.expected.clone(),
            actual: self.actual.clone(),
        }
    }
}

/// A transport that replays a trace.
#[derive(Debug)]
pub struct ReplayTransport {
    exchanges: Vec<Exchange>,
    next: usize,
    divergence: Option<Divergence>,
    /// The last exchange served was a recorded link failure.
    stopped_by_link: bool,
}

impl ReplayTransport {
    /// Replays the exchanges of `trace` (its headers and comments play no part).
    pub fn new(trace: &TraceFile) -> Self {
        ReplayTransport {
            exchanges: trace.exchanges().cloned().collect(),
            next: 0,
            divergence: None,
            stopped_by_link: false,
        }
    }

    /// Reads a trace file to replay.
    pub fn load(path: &Path) -> Result<Self, TraceError> {
        Ok(Self::new(&TraceFile::load(path)?))
    }

    /// How many exchanges have been served.
    pub fn served(&self) -> usize {
        self.next
    }

    /// How many exchanges of the trace have not been served.
    pub fn remaining(&self) -> usize {
        self.exchanges.len() - self.next
    }

    /// True when nothing diverged and the flow sent exactly the trace's commands: every
    /// exchange was served, or the last one served was a recorded link failure (where
    /// the recorded flow stopped too; what follows it is not this flow's).
    pub fn is_finished(&self) -> bool {
        (self.remaining() == 0 || self.stopped_by_link) && self.divergence.is_none()
    }

    /// True once a command differed from the trace (or came after its end).
    pub fn has_diverged(&self) -> bool {
        self.divergence.is_some()
    }

    fn diverge(&mut self, expected: String, actual: String) -> TransportError {
        let divergence = Divergence {
            position: self.next + 1,
            expected,
            actual,
        };
        let error = divergence.to_error();
        self.divergence = Some(divergence);
        error
    }
}

impl Transport for ReplayTransport {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        if let Some(divergence) = &self.divergence {
            return Err(divergence.to_error());
        }
        // An unencodable command fails here as it would on any transport, before it
        // reaches the card; the recorder does not record it either.
        let sent = command.to_bytes()?;
        let Some(exchange) = self.exchanges.get(self.next) else {
            let actual = TraceBytes::masked(&sent, command.is_sensitive()).to_string();
            return Err(self.diverge(END_OF_TRACE.to_owned(), actual));
        };
        if !exchange.command.matches(&sent) {
            let expected = exchange.command.to_string();
            let actual = TraceBytes::masked(&sent, command.is_sensitive()).to_string();
            return Err(self.diverge(expected, actual));
        }
        let reply = exchange.reply.clone();
        self.next += 1;
        self.stopped_by_link = matches!(reply, Reply::TransportError(_));
        match reply {
            Reply::Response(bytes) => Ok(Response::from_bytes(&bytes)?),
            Reply::TransportError(what) => Err(transport_error_from_text(&what)),
        }
    }

    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        Ok(())
    }

    fn end_transaction(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
        Ok(())
    }

    fn reset_card(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apdu::{INS_VERIFY, StatusWord};
    use crate::transport::TraceRecorder;
    use proptest::prelude::*;

    const TRACE: &str = "\
# mynapin-trace 1
# flow: verify auth
> 00 A4 02 0C 02 00 18
< 90 00
> 00 20 00 80
< 63 C3
> 00 20 00 80 04 ** ** ** **
< 63 C2
";

    fn replay(text: &str) -> ReplayTransport {
        ReplayTransport::new(&TraceFile::parse(text).unwrap())
    }

    fn select_auth_pin() -> Command {
        Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x00, 0x18])
    }

    fn verify(pin: &[u8]) -> Command {
        Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(pin)
    }

    #[test]
    fn serves_the_trace_and_masked_bytes_match_any_pin() {
        let mut replay = replay(TRACE);
        assert_eq!(replay.remaining(), 3);
        assert!(replay.transmit(&select_auth_pin()).unwrap().is_success());
        let query = replay
            .transmit(&Command::new(0x00, INS_VERIFY, 0x00, 0x80))
            .unwrap();
        assert_eq!(query.status(), StatusWord::RemainingTries(3));
        replay.begin_transaction().unwrap();
        replay.reset_card(Disposition::Unpower).unwrap();
        let wrong = replay.transmit(&verify(b"5555")).unwrap();
        assert_eq!(wrong.status(), StatusWord::RemainingTries(2));
        replay.end_transaction(Disposition::Unpower).unwrap();
        assert!(replay.is_finished());
        assert_eq!(replay.served(), 3);
    }

    #[test]
    fn first_divergence_names_position_and_both_commands() {
        let mut replay = replay(TRACE);
        replay.transmit(&select_auth_pin()).unwrap();
        let error = replay
            .transmit(&Command::new(0x00, INS_VERIFY, 0x00, 0x81))
            .unwrap_err();
        let TransportError::Divergence {
            position,
            expected,
            actual,
        } = &error
        else {
            panic!("expected a divergence, got {error:?}");
        };
        assert_eq!(*position, 2);
        assert_eq!(expected, "00 20 00 80");
        assert_eq!(actual, "00 20 00 81");
        assert_eq!(
            error.to_string(),
            "trace diverges at exchange 2: the trace expects 00 20 00 80, the flow sent 00 20 00 81"
        );
        assert!(replay.has_diverged() && !replay.is_finished());
        // Stays diverged, even when the next command would match.
        let again = replay
            .transmit(&Command::new(0x00, INS_VERIFY, 0x00, 0x80))
            .unwrap_err();
        assert!(matches!(
            again,
            TransportError::Divergence { position: 2, .. }
        ));
        assert_eq!(replay.served(), 1);
    }

    #[test]
    fn a_pin_of_another_length_diverges_without_showing_the_pin() {
        let mut replay = replay(TRACE);
        replay.transmit(&select_auth_pin()).unwrap();
        replay
            .transmit(&Command::new(0x00, INS_VERIFY, 0x00, 0x80))
            .unwrap();
        let error = replay.transmit(&verify(b"246813")).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains("the trace expects 00 20 00 80 04 ** ** ** **, the flow sent 00 20 00 80 06 ** ** ** ** ** **"),
            "{shown}"
        );
        assert!(
            !shown.contains("32 34 36") && !shown.contains("246813"),
            "{shown}"
        );
    }

    #[test]
    fn a_command_after_the_end_diverges() {
        let mut replay = replay("# mynapin-trace 1\n> 00 A4 02 0C 02 00 18\n< 90 00\n");
        replay.transmit(&select_auth_pin()).unwrap();
        assert!(replay.is_finished());
        let error = replay.transmit(&verify(b"1234")).unwrap_err();
        assert!(
            matches!(&error, TransportError::Divergence { position: 2, expected, actual }
                if expected == END_OF_TRACE && actual == "00 20 00 80 04 ** ** ** **"),
            "{error:?}"
        );
        assert!(!replay.is_finished());
    }

    #[test]
    fn a_recorded_link_failure_is_served_back() {
        let mut replay = replay(
            "# mynapin-trace 1\n> 00 24 01 80 04 ** ** ** **\n# transport error: card removed\n",
        );
        let change = Command::new(0x00, 0x24, 0x01, 0x80).with_sensitive_data(b"5678");
        let error = replay.transmit(&change).unwrap_err();
        assert!(matches!(error, TransportError::CardRemoved), "{error:?}");
        assert!(replay.is_finished());
    }

    #[test]
    fn a_flow_stopped_by_a_recorded_link_failure_has_finished() {
        let mut replay = replay(
            "# mynapin-trace 1\n> 00 A4 02 0C 02 00 18\n< 90 00\n> 00 20 00 80 04 ** ** ** **\n# transport error: card removed\n> 00 24 01 80 04 ** ** ** **\n< 90 00\n",
        );
        replay.transmit(&select_auth_pin()).unwrap();
        assert!(!replay.is_finished());
        let error = replay.transmit(&verify(b"1234")).unwrap_err();
        assert!(matches!(error, TransportError::CardRemoved), "{error:?}");
        assert_eq!(replay.remaining(), 1);
        assert!(replay.is_finished() && !replay.has_diverged());
    }

    #[test]
    fn an_unencodable_command_takes_no_exchange() {
        let mut replay = replay(TRACE);
        let error = replay
            .transmit(&Command::new(0x00, 0xB0, 0x00, 0x00).with_le(0))
            .unwrap_err();
        assert!(matches!(error, TransportError::Apdu(_)));
        assert_eq!(replay.remaining(), 3);
        assert!(!replay.has_diverged());
    }

    /// Answers every command with `90 00`.
    struct Echo;

    impl Transport for Echo {
        fn transmit(&mut self, _command: &Command) -> Result<Response, TransportError> {
            Ok(Response::status_only(StatusWord::Success))
        }
        fn end_transaction(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
            Ok(())
        }
        fn reset_card(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
            Ok(())
        }
    }

    proptest! {
        #[test]
        fn what_is_recorded_replays_through_the_text_format(
            commands in proptest::collection::vec(
                (
                    any::<[u8; 4]>(),
                    proptest::collection::vec(any::<u8>(), 0..300),
                    proptest::option::of(1usize..=65_536),
                    any::<bool>(),
                ),
                0..6,
            ),
        ) {
            let commands: Vec<Command> = commands
                .into_iter()
                .map(|([cla, ins, p1, p2], data, le, sensitive)| {
                    let command = Command::new(cla, ins, p1, p2);
                    let command = if sensitive {
                        command.with_sensitive_data(&data)
                    } else {
                        command.with_data(data)
                    };
                    match le {
                        Some(le) => command.with_le(le),
                        None => command,
                    }
                })
                .collect();
            let mut recorder = TraceRecorder::new(Echo);
            for command in &commands {
                recorder.transmit(command).unwrap();
            }
            let text = recorder.trace().to_text();
            let mut replay = replay(&text);
            for command in &commands {
                prop_assert!(replay.transmit(command).unwrap().is_success());
            }
            prop_assert!(replay.is_finished());
        }
    }

    #[test]
    fn an_empty_trace_expects_nothing() {
        let mut replay = replay("# mynapin-trace 1\n");
        assert!(replay.is_finished());
        let error = replay.transmit(&select_auth_pin()).unwrap_err();
        assert!(matches!(
            error,
            TransportError::Divergence { position: 1, .. }
        ));
    }
}
