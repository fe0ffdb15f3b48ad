//! The verify flow: guarded counter read, then VERIFY `00 20 00 80 Lc <PIN>` (docs/protocol.md §4).

use crate::apdu::StatusWord;
use crate::transport::{Disposition, Transport};

use super::{Card, CardError, Operation, Pin, PinKind, PinOptions, apdus};

/// A successful verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOutcome {
    /// Which PIN.
    pub kind: PinKind,
    /// Tries left before this VERIFY (`None` if the card would not say).
    pub tries_before: Option<u8>,
    /// Tries left now: after a success the card resets the counter to its maximum
    /// (docs/protocol.md §3.3), which is this kind's maximum; it is not read again.
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
            Ok(VerifyOutcome {
                kind,
                tries_before,
                tries_now: kind.max_tries(),
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
