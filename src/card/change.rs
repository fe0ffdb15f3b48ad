//! The change flow: guarded counter read, VERIFY the current value, then CHANGE REFERENCE
//! DATA `00 24 01 80 Lc <new>` (P1 `01`: the data holds only the new value; protocol.md
//! §5.1), or for the 住基 PIN the JICSAP CHANGE KEY `80 32 00 80 Lc <new>` (MCARD).
//! Then the counter is read once more to confirm.

use crate::apdu::{Command, INS_CHANGE_KEY, INS_CHANGE_REFERENCE_DATA, StatusWord};
use crate::transport::{Disposition, Transport};

use super::error::lost_answer;
use super::{Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus};

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
    /// checked when the [`Pin`]s were made, so a bad value never reaches the card.
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

    fn send_change(&mut self, new: &Pin) -> Result<(), CardError> {
        let kind = new.kind();
        let command = match kind {
            PinKind::Juki => Command::new(0x80, INS_CHANGE_KEY, 0x00, 0x80),
            _ => Command::new(0x00, INS_CHANGE_REFERENCE_DATA, 0x01, 0x80),
        }
        .with_sensitive_data(new.as_bytes());
        let response = self
            .transport
            .transmit(&command)
            .map_err(|source| lost_answer(kind, Operation::Change, source))?;
        match response.status() {
            StatusWord::Success => Ok(()),
            sw @ StatusWord::IncorrectData => Err(CardError::NewPinRejected { kind, sw }),
            sw => Err(CardError::UnexpectedStatus {
                step: "CHANGE REFERENCE DATA",
                sw,
            }),
        }
    }
}
