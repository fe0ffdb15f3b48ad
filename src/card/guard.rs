//! The guard before every VERIFY with a value (docs/DESIGN.md safety rule 3): read the counter
//! first, and refuse a blocked PIN, a missing one, and the last try unless allowed.

use crate::transport::{Disposition, Transport};

use super::{Card, CardError, PinKind, PinOptions, PinStatus, Unavailable, apdus};

impl<T: Transport> Card<T> {
    /// Selects the PIN's application and key reference, reads the counter, and returns
    /// the tries left (`None` when the card would not say and the caller allowed going
    /// on). Leaves the PIN's key reference selected.
    pub(super) fn guarded_counter(
        &mut self,
        kind: PinKind,
        options: PinOptions,
    ) -> Result<Option<u8>, CardError> {
        if !self.select_application(kind)? {
            return Err(CardError::NotAvailable {
                kind,
                reason: Unavailable::ApplicationNotFound,
            });
        }
        if kind == PinKind::Sign && self.read_certificate_presence()? == Some(false) {
            return Err(CardError::NotAvailable {
                kind,
                reason: Unavailable::NoSignatureCertificate,
            });
        }
        let mut status = self.query_in_application(kind)?;
        if status == PinStatus::Verified {
            // 90 00 means "already verified in this session": power-cycle so the counter
            // shows, then read it again (docs/protocol.md §10.4).
            self.transport.reset_card(Disposition::Unpower)?;
            // Some cards answer the first command after a power-up with 6F 00 (MCARD,
            // docs/protocol.md §10.2): send a harmless SELECT MF first and ignore its answer.
            self.transmit(&apdus::select_master_file())?;
            status = self.query(kind)?;
        }
        match status {
            PinStatus::Blocked { .. } => Err(CardError::Blocked {
                kind,
                just_now: false,
            }),
            PinStatus::NotAvailable(reason) => Err(CardError::NotAvailable { kind, reason }),
            PinStatus::Remaining { left: 1, .. } if !options.allow_last_try => {
                Err(CardError::LastTryGuard(kind))
            }
            PinStatus::Remaining { left, .. } => Ok(Some(left)),
            PinStatus::Verified if !options.allow_last_try => Err(CardError::CounterUnknown(kind)),
            PinStatus::Verified => Ok(None),
        }
    }
}
