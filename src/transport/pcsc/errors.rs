//! How PC/SC errors become [`TransportError`]s, and how our [`Disposition`] becomes
//! pcsc-lite's (docs/pcscd-vpcd.md §4).

use std::ffi::CStr;

use ::pcsc::MAX_BUFFER_SIZE_EXTENDED;

use crate::transport::{Disposition, TransportError};

/// Whether an error came before a card was in use (connect, listing, waiting) or during
/// a flow: "no smart card" means "no card" in the first case and "card removed" in the
/// second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Establishing the context, listing readers, waiting, connecting.
    Setup,
    /// Exchanging APDUs, resetting or disconnecting the card of a flow.
    Flow,
}

/// Maps a PC/SC error to ours; `call` names the PC/SC function for [`TransportError::Link`].
pub(super) fn map_error(call: &'static str, error: ::pcsc::Error, phase: Phase) -> TransportError {
    use ::pcsc::Error as E;
    match (error, phase) {
        (E::NoService | E::ServiceStopped, _) => TransportError::NoService,
        (E::NoReadersAvailable, _) => TransportError::NoReaders,
        (E::NoSmartcard, Phase::Setup) => TransportError::NoCard,
        (E::NoSmartcard | E::RemovedCard, _) => TransportError::CardRemoved,
        (E::SharingViolation, _) => TransportError::SharingViolation,
        (E::Timeout, _) => TransportError::Timeout,
        (E::ResetCard, _) => TransportError::CardReset,
        (E::InsufficientBuffer, _) => TransportError::Link(format!(
            "{call}: the response did not fit in {MAX_BUFFER_SIZE_EXTENDED} bytes; the command was executed and is not resent"
        )),
        (error, _) => TransportError::Link(format!("{call}: {error} ({error:?})")),
    }
}

/// `SCARD_E_UNKNOWN_READER` or `SCARD_E_READER_UNAVAILABLE` for `reader`:
/// [`TransportError::ReaderNotFound`], listing the readers pcscd knows now.
pub(super) fn unknown_reader(context: &::pcsc::Context, reader: &CStr) -> TransportError {
    TransportError::ReaderNotFound {
        wanted: reader.to_string_lossy().into_owned(),
        available: context
            .list_readers_owned()
            .unwrap_or_default()
            .iter()
            .map(|name| name.to_string_lossy().into_owned())
            .collect(),
    }
}

/// `SCARD_E_TIMEOUT` from a zero-timeout `SCardGetStatusChange` only says nothing
/// changed: treat it as success.
pub(super) fn ignore_timeout(result: Result<(), ::pcsc::Error>) -> Result<(), ::pcsc::Error> {
    match result {
        Err(::pcsc::Error::Timeout) => Ok(()),
        other => other,
    }
}

/// The PC/SC disposition for ours (`SCARD_LEAVE_CARD`, `SCARD_RESET_CARD`,
/// `SCARD_UNPOWER_CARD`).
pub(super) fn pcsc_disposition(disposition: Disposition) -> ::pcsc::Disposition {
    match disposition {
        Disposition::Leave => ::pcsc::Disposition::LeaveCard,
        Disposition::Reset => ::pcsc::Disposition::ResetCard,
        Disposition::Unpower => ::pcsc::Disposition::UnpowerCard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pcsc_errors() {
        use ::pcsc::Error as E;
        let setup = |error| map_error("SCardConnect", error, Phase::Setup);
        let flow = |error| map_error("SCardTransmit", error, Phase::Flow);
        assert!(matches!(setup(E::NoService), TransportError::NoService));
        assert!(matches!(flow(E::ServiceStopped), TransportError::NoService));
        assert!(matches!(
            setup(E::NoReadersAvailable),
            TransportError::NoReaders
        ));
        assert!(matches!(setup(E::NoSmartcard), TransportError::NoCard));
        assert!(matches!(flow(E::NoSmartcard), TransportError::CardRemoved));
        assert!(matches!(flow(E::RemovedCard), TransportError::CardRemoved));
        assert!(matches!(
            setup(E::SharingViolation),
            TransportError::SharingViolation
        ));
        assert!(matches!(setup(E::Timeout), TransportError::Timeout));
        assert!(matches!(flow(E::ResetCard), TransportError::CardReset));
        match flow(E::UnresponsiveCard) {
            TransportError::Link(text) => {
                assert!(text.starts_with("SCardTransmit: "), "{text}");
                assert!(text.contains("UnresponsiveCard"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        match flow(E::InsufficientBuffer) {
            TransportError::Link(text) => assert!(text.contains("not resent"), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dispositions() {
        assert_eq!(
            pcsc_disposition(Disposition::Unpower),
            ::pcsc::Disposition::UnpowerCard
        );
        assert_eq!(
            pcsc_disposition(Disposition::Reset),
            ::pcsc::Disposition::ResetCard
        );
        assert_eq!(
            pcsc_disposition(Disposition::Leave),
            ::pcsc::Disposition::LeaveCard
        );
    }

    #[test]
    fn a_zero_wait_timeout_is_no_error() {
        assert_eq!(ignore_timeout(Err(::pcsc::Error::Timeout)), Ok(()));
        assert_eq!(
            ignore_timeout(Err(::pcsc::Error::NoService)),
            Err(::pcsc::Error::NoService)
        );
    }
}
