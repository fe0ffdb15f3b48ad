//! Response APDUs (ISO/IEC 7816-4 §5.1): response data followed by SW1 SW2.
//!
//! A response shorter than 2 bytes is an error, never a guess: pcscd hands back a 0-byte
//! "success" when the card vanished during the exchange (see docs/pcscd-vpcd.md §4).
//! The data is kept in a zeroizing buffer, since it may echo secrets of a card under test.

use zeroize::Zeroizing;

use super::{ApduError, StatusWord};

/// A response APDU.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Response {
    data: Zeroizing<Vec<u8>>,
    status: StatusWord,
}

impl Response {
    /// A response with data and a status word.
    pub fn new(data: impl Into<Vec<u8>>, status: StatusWord) -> Self {
        Response {
            data: Zeroizing::new(data.into()),
            status,
        }
    }

    /// A response that carries only a status word.
    pub fn status_only(status: StatusWord) -> Self {
        Self::new(Vec::new(), status)
    }

    /// Splits received bytes into data and status word.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ApduError> {
        match bytes {
            [data @ .., sw1, sw2] => {
                Ok(Self::new(data.to_vec(), StatusWord::from_bytes(*sw1, *sw2)))
            }
            _ => Err(ApduError::ResponseTooShort(bytes.len())),
        }
    }

    /// The bytes on the wire: data then SW1 SW2.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.status.to_bytes());
        out
    }

    /// The response data (without the status word).
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The status word.
    pub fn status(&self) -> StatusWord {
        self.status
    }

    /// True for `90 00`.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_data_and_status() {
        let response = Response::from_bytes(&[0x8F, 0x8F, 0x00, 0x90, 0x00]).unwrap();
        assert_eq!(response.data(), &[0x8F, 0x8F, 0x00]);
        assert!(response.is_success());
        let query = Response::from_bytes(&[0x63, 0xC3]).unwrap();
        assert_eq!(query.status(), StatusWord::RemainingTries(3));
        assert!(query.data().is_empty());
    }

    #[test]
    fn shorter_than_two_bytes_is_an_error() {
        assert_eq!(
            Response::from_bytes(&[]),
            Err(ApduError::ResponseTooShort(0))
        );
        assert_eq!(
            Response::from_bytes(&[0x90]),
            Err(ApduError::ResponseTooShort(1))
        );
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_bytes_never_panics_and_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            match Response::from_bytes(&bytes) {
                Ok(response) => prop_assert_eq!(response.to_bytes(), bytes),
                Err(_) => prop_assert!(bytes.len() < 2),
            }
        }
    }
}
