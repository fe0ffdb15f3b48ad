//! The APDU layer: command and response encoding, the command length fields
//! ([`length`]), status words (ISO/IEC 7816-4).
//!
//! Nothing here knows about the My Number Card; the card layer builds on these types, the
//! transports carry them, and the simulated card parses them.

mod command;
pub mod length;
mod response;
mod status;

pub use command::{
    Command, INS_CHANGE_KEY, INS_CHANGE_REFERENCE_DATA, INS_EXTERNAL_AUTHENTICATE,
    INS_GET_CHALLENGE, INS_READ_BINARY, INS_RESET_RETRY_COUNTER, INS_SELECT, INS_VERIFY, Payload,
    carries_secret,
};
pub use response::Response;
pub use status::StatusWord;

/// Bytes as upper-case hex separated by single spaces, as in traces and the docs: `90 00`.
pub fn spaced_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (index, byte) in bytes.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{byte:02X}"));
    }
    out
}

/// What can be wrong with an APDU's bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApduError {
    /// A response must hold at least SW1 SW2.
    #[error("response of {0} bytes is shorter than a status word (2 bytes)")]
    ResponseTooShort(usize),
    /// The length fields of a command do not match its size.
    #[error("malformed command APDU ({0} bytes): its length fields do not match its size")]
    MalformedCommand(usize),
    /// More data than an extended command can carry (65535 bytes).
    #[error("command data of {0} bytes exceeds 65535")]
    DataTooLong(usize),
    /// Ne must be 1..=65536.
    #[error("expected length {0} is outside 1..=65536")]
    InvalidLe(usize),
}
