//! The verify flow: guarded counter read, VERIFY `00 20 00 80 Lc <PIN>` (docs/protocol.md
//! §4), then on success the counter read again (`00 20 00 80`), never assumed.

use crate::apdu::StatusWord;
use crate::transport::{Disposition, Transport, TransportError};

use super::{Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus, apdus};

/// A successful verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOutcome {
    /// Which PIN.
    pub kind: PinKind,
    /// Tries left before this VERIFY (`None` if the card would not say).
    pub tries_before: Option<u8>,
    /// Tries left now, read with the empty VERIFY right after the success. A card that
    /// answers that query with `90 00` ("verified", docs/protocol.md §3.2) gives no counter,
    /// and neither does one whose answer is lost: then this is the kind's maximum, to which
    /// a success resets the counter (§3.3).
    pub tries_now: u8,
}

impl<T: Transport> Card<T> {
    /// Verifies `pin` after the guards of safety rule 3, then leaves the card unpowered.
    pub fn verify(&mut self, pin: &Pin, options: PinOptions) -> Result<VerifyOutcome, CardError> {
        let kind = pin.kind();
        options.permits(Operation::Verify, kind)?;
        self.in_transaction(Disposition::Unpower, |card| {
            let tries_before = card.guarded_counter(kind, options)?;
            card.send_verify(pin)?;
            // Read, not assumed. The verification stands whatever this read gives, except
            // a replayed trace that parts ways here: the flow is not the one recorded.
            let tries_now = match card.query_selected(kind) {
                Ok(PinStatus::Remaining { left, .. }) => left,
                Err(error @ CardError::Transport(TransportError::Divergence { .. })) => {
                    return Err(error);
                }
                _ => kind.max_tries(),
            };
            Ok(VerifyOutcome {
                kind,
                tries_before,
                tries_now,
            })
        })
    }

    /// VERIFY with the value, on the key reference already selected: `90 00` verified,
    /// `63 Cx` wrong (x tries left, `63 C0` blocked by this try), `69 83`/`69 84` blocked.
    pub(super) fn send_verify(&mut self, pin: &Pin) -> Result<(), CardError> {
        let kind = pin.kind();
        self.send_write(
            &apdus::verify(pin),
            kind,
            Operation::Verify,
            |sw| match sw {
                StatusWord::Success => Ok(()),
                StatusWord::RemainingTries(0) => Err(CardError::Blocked {
                    kind,
                    just_now: true,
                }),
                StatusWord::RemainingTries(left) => Err(CardError::WrongPin { kind, left }),
                StatusWord::ReferenceDataBlocked | StatusWord::AuthenticationMethodBlocked => {
                    Err(CardError::Blocked {
                        kind,
                        just_now: false,
                    })
                }
                sw => Err(CardError::UnexpectedStatus { step: "VERIFY", sw }),
            },
        )
    }
}
