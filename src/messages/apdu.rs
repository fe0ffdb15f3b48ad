//! Why bytes are not a valid APDU.

use crate::apdu::ApduError;

use super::Message;

impl ApduError {
    /// What is wrong with the APDU, with its size.
    pub fn message(&self) -> Message {
        let (id, length) = match self {
            ApduError::ResponseTooShort(length) => ("apdu-response-too-short", length),
            ApduError::MalformedCommand(length) => ("apdu-malformed-command", length),
            ApduError::DataTooLong(length) => ("apdu-data-too-long", length),
            ApduError::InvalidLe(length) => ("apdu-invalid-le", length),
        };
        Message::new(id).with("length", *length)
    }
}
