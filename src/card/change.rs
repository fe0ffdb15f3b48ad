//! The change flow: guarded counter read, VERIFY the current value, then the kind's change
//! command (docs/protocol.md §5.1): CHANGE REFERENCE DATA `00 24 01 80 Lc <new>`, or for the
//! 住基 PIN the JICSAP CHANGE KEY `80 32 00 80 Lc <new>` (MCARD), which is sent only when
//! the caller's [`PinOptions`] allow unconfirmed commands. Then the counter is read once
//! more to confirm.

use crate::apdu::StatusWord;
use crate::layout::ChangeCommand;
use crate::transport::{Disposition, Transport};

use super::{Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus, apdus};

/// A successful change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeOutcome {
    /// Which PIN.
    pub kind: PinKind,
    /// Tries left before the flow's VERIFY (`None` if the card would not say).
    pub tries_before: Option<u8>,
    /// The counter read after the change (`None` if that read failed; the change stands).
    pub status_after: Option<PinStatus>,
}

impl<T: Transport> Card<T> {
    /// Changes `current` to `new` after the guards, then leaves the card unpowered.
    ///
    /// `current` and `new` must be of the same kind, and different; both formats were
    /// checked when the [`Pin`]s were made, so a bad value never reaches the card. A
    /// change whose command `options` do not permit ([`PinOptions::permits`]) sends
    /// nothing.
    pub fn change(
        &mut self,
        current: &Pin,
        new: &Pin,
        options: PinOptions,
    ) -> Result<ChangeOutcome, CardError> {
        let kind = current.kind();
        if kind != new.kind() {
            return Err(CardError::KindMismatch {
                current: kind,
                new: new.kind(),
            });
        }
        options.permits(Operation::Change, kind)?;
        if current == new {
            return Err(CardError::SameNewPin(kind));
        }
        self.in_transaction(Disposition::Unpower, |card| {
            let tries_before = card.guarded_counter(kind, options)?;
            card.send_verify(current)?;
            card.send_change(new)?;
            let status_after = card.query_selected(kind).ok();
            Ok(ChangeOutcome {
                kind,
                tries_before,
                status_after,
            })
        })
    }

    /// The change command with the new value, right after the VERIFY of the current one:
    /// `90 00` changed, `6A 80` new value rejected.
    fn send_change(&mut self, new: &Pin) -> Result<(), CardError> {
        let kind = new.kind();
        self.send_write(
            &apdus::change(new),
            kind,
            Operation::Change,
            |sw| match sw {
                StatusWord::Success => Ok(()),
                sw @ StatusWord::IncorrectData => Err(CardError::NewPinRejected { kind, sw }),
                sw => Err(CardError::UnexpectedStatus {
                    step: match kind.change_command() {
                        ChangeCommand::ChangeKey => "CHANGE KEY",
                        ChangeCommand::ChangeReferenceData => "CHANGE REFERENCE DATA",
                    },
                    sw,
                }),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apdu::{Command, INS_CHANGE_KEY, INS_CHANGE_REFERENCE_DATA, Response};
    use crate::transport::{Disposition, TransportError};

    /// Answers 90 00 to everything, 63 C3 to the counter query, and `write_answer` to the
    /// VERIFY with data (`on_verify`) or to the CHANGE.
    struct Scripted {
        on_verify: bool,
        write_answer: Option<StatusWord>,
        write_error: Option<fn() -> TransportError>,
        end_error: Option<fn() -> TransportError>,
    }

    impl Transport for Scripted {
        fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
            let is_query = command.ins == 0x20 && command.data.as_bytes().is_empty();
            let is_write = if self.on_verify {
                command.ins == 0x20 && !is_query
            } else {
                command.ins == INS_CHANGE_REFERENCE_DATA || command.ins == INS_CHANGE_KEY
            };
            if is_write {
                if let Some(error) = self.write_error {
                    return Err(error());
                }
                if let Some(sw) = self.write_answer {
                    return Ok(Response::status_only(sw));
                }
            }
            Ok(Response::status_only(if is_query {
                StatusWord::RemainingTries(3)
            } else {
                StatusWord::Success
            }))
        }
        fn end_transaction(&mut self, _: Disposition) -> Result<(), TransportError> {
            self.end_error.map_or(Ok(()), |error| Err(error()))
        }
        fn reset_card(&mut self, _: Disposition) -> Result<(), TransportError> {
            Ok(())
        }
    }

    fn change_with(
        on_verify: bool,
        write_answer: Option<StatusWord>,
        write_error: Option<fn() -> TransportError>,
    ) -> CardError {
        let mut card = Card::new(Scripted {
            on_verify,
            write_answer,
            write_error,
            end_error: None,
        });
        let current = Pin::new(PinKind::Auth, "1234").unwrap();
        let new = Pin::new(PinKind::Auth, "5678").unwrap();
        card.change(&current, &new, PinOptions::default())
            .unwrap_err()
    }

    #[test]
    fn execution_errors_on_a_write_are_an_unknown_outcome() {
        for sw in [
            StatusWord::MemoryFailure,
            StatusWord::NoPreciseDiagnosis,
            StatusWord::Other(0x6400),
        ] {
            for (on_verify, operation) in [(false, Operation::Change), (true, Operation::Verify)] {
                let error = change_with(on_verify, Some(sw), None);
                assert!(
                    matches!(error, CardError::OutcomeUnknownStatus { operation: op, sw: got, .. } if op == operation && got == sw),
                    "{sw}: {error:?}"
                );
            }
        }
    }

    #[test]
    fn other_refusals_stay_definite() {
        let error = change_with(false, Some(StatusWord::InsNotSupported), None);
        assert!(
            matches!(
                error,
                CardError::UnexpectedStatus {
                    step: "CHANGE REFERENCE DATA",
                    ..
                }
            ),
            "{error:?}"
        );
        let error = change_with(false, Some(StatusWord::IncorrectData), None);
        assert!(
            matches!(error, CardError::NewPinRejected { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn a_failed_power_down_is_reported_without_hiding_the_result() {
        for (end_error, reported) in [
            (None, false),
            (
                Some(
                    (|| TransportError::Link("SCardDisconnect failed".into()))
                        as fn() -> TransportError,
                ),
                true,
            ),
            (
                Some((|| TransportError::CardRemoved) as fn() -> TransportError),
                false,
            ),
        ] {
            let mut card = Card::new(Scripted {
                on_verify: false,
                write_answer: None,
                write_error: None,
                end_error,
            });
            let current = Pin::new(PinKind::Auth, "1234").unwrap();
            let new = Pin::new(PinKind::Auth, "5678").unwrap();
            assert!(
                card.change(&current, &new, PinOptions::default()).is_ok(),
                "the change stands"
            );
            assert_eq!(card.power_down_failure().is_some(), reported);
        }
    }

    #[test]
    fn a_reset_reported_before_sending_is_not_an_unknown_outcome() {
        let error = change_with(false, None, Some(|| TransportError::CardReset));
        assert!(
            matches!(error, CardError::Transport(TransportError::CardReset)),
            "{error:?}"
        );
        let error = change_with(false, None, Some(|| TransportError::CardRemoved));
        assert!(
            matches!(
                error,
                CardError::OutcomeUnknown {
                    operation: Operation::Change,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    /// Counts every call that could reach a card; answers `90 00`.
    #[derive(Default)]
    struct Counting {
        calls: usize,
    }

    impl Transport for Counting {
        fn transmit(&mut self, _: &Command) -> Result<Response, TransportError> {
            self.calls += 1;
            Ok(Response::status_only(StatusWord::Success))
        }
        fn begin_transaction(&mut self) -> Result<(), TransportError> {
            self.calls += 1;
            Ok(())
        }
        fn end_transaction(&mut self, _: Disposition) -> Result<(), TransportError> {
            self.calls += 1;
            Ok(())
        }
        fn reset_card(&mut self, _: Disposition) -> Result<(), TransportError> {
            self.calls += 1;
            Ok(())
        }
    }

    #[test]
    fn an_unconfirmed_change_is_refused_before_anything_is_sent() {
        let mut card = Card::new(Counting::default());
        let current = Pin::new(PinKind::Juki, "1234").unwrap();
        let new = Pin::new(PinKind::Juki, "5678").unwrap();
        let error = card
            .change(&current, &new, PinOptions::default())
            .unwrap_err();
        assert!(
            matches!(
                error,
                CardError::UnconfirmedCommand {
                    kind: PinKind::Juki,
                    operation: Operation::Change
                }
            ),
            "{error:?}"
        );
        assert_eq!(card.transport().calls, 0, "zero APDUs, no transaction");
    }

    #[test]
    fn an_allowed_unconfirmed_change_sends_change_key() {
        let mut card = Card::new(Scripted {
            on_verify: false,
            write_answer: Some(StatusWord::InsNotSupported),
            write_error: None,
            end_error: None,
        });
        let current = Pin::new(PinKind::Juki, "1234").unwrap();
        let new = Pin::new(PinKind::Juki, "5678").unwrap();
        let options = PinOptions {
            allow_unconfirmed_commands: true,
            ..PinOptions::default()
        };
        let error = card.change(&current, &new, options).unwrap_err();
        assert!(
            matches!(
                error,
                CardError::UnexpectedStatus {
                    step: "CHANGE KEY",
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
