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
        let status = self.query_in_application(kind)?;
        self.guard(kind, status, options)
    }

    /// The guard's decision on `status`, the counter just read from `kind`'s key
    /// reference: the tries left, or the refusal. A `90 00` (already verified in this
    /// session) power-cycles the card and reads again, which selects `kind`'s application
    /// and key reference anew. Leaves the PIN's key reference selected.
    pub(super) fn guard(
        &mut self,
        kind: PinKind,
        status: PinStatus,
        options: PinOptions,
    ) -> Result<Option<u8>, CardError> {
        let status = if status == PinStatus::Verified {
            tracing::info!(
                pin = kind.name(),
                "the card reports the PIN already verified (90 00): power-cycling it to read the counter"
            );
            self.power_cycled_query(kind)?
        } else {
            status
        };
        let decision = match status {
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
        };
        match &decision {
            Ok(left) => tracing::info!(
                pin = kind.name(),
                ?status,
                tries_left = ?left,
                allow_last_try = options.allow_last_try,
                "guard passed: the counter allows sending the value"
            ),
            Err(refusal) => tracing::info!(
                pin = kind.name(),
                ?status,
                allow_last_try = options.allow_last_try,
                refusal = %refusal,
                "guard refused: nothing sent to the PIN"
            ),
        }
        decision
    }

    /// After a `90 00` to the counter query ("already verified in this session"):
    /// power-cycles the card so the counter shows, then selects `kind`'s application and
    /// key reference and reads it again (docs/protocol.md §10.4).
    pub(super) fn power_cycled_query(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        self.transport.reset_card(Disposition::Unpower)?;
        // Some cards answer the first command after a power-up with 6F 00 (MCARD,
        // docs/protocol.md §10.2): send a harmless SELECT MF first and ignore its answer.
        self.transmit(&apdus::select_master_file())?;
        self.query(kind)
    }
}
