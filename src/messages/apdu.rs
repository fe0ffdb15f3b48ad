//! Why bytes are not a valid APDU.

use crate::apdu::ApduError;

use super::Message;

impl ApduError {
    /// What is wrong with the APDU, with its size.
    pub fn message(&self) -> Message {
        let (message, length) = match self {
            ApduError::ResponseTooShort(length) => {
                (Message::new("apdu-response-too-short"), length)
            }
            ApduError::MalformedCommand(length) => (Message::new("apdu-malformed-command"), length),
            ApduError::DataTooLong(length) => (Message::new("apdu-data-too-long"), length),
            ApduError::InvalidLe(length) => (Message::new("apdu-invalid-le"), length),
        };
        message.with("length", *length)
    }
}
