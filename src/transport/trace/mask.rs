//! Masking the secret data of recorded commands (docs/DESIGN.md safety rule 4).
//!
//! A [`TraceBytes`] is a command as a trace holds it: each byte is either known or masked
//! (`**`). Every constructor applies the masking rule, so a `TraceBytes` never holds a
//! secret: when a command carries a secret — it is VERIFY `20`/`21`, CHANGE REFERENCE DATA
//! `24`/`25`, RESET RETRY COUNTER `2C`/`2D`, EXTERNAL AUTHENTICATE `82`, and with a
//! proprietary CLA the JICSAP CHANGE KEY `80 32` ([`carries_secret`]), or its payload is
//! [`crate::apdu::Payload::Sensitive`] — every byte of its data field is masked. The header (CLA INS P1 P2), the Lc byte(s) and Le
//! stay visible, so a trace still shows the PIN's length, as the card saw it.
//!
//! The data field is located on the encoded bytes with the case detection of
//! ISO/IEC 7816-3 §12.1.3 ([`body_layout`], shared with [`Command::from_bytes`]), for short
//! and extended encodings alike: e.g. `00 20 00 80 04 31 32 33 34` becomes `00 20 00 80 04 ** ** ** **`,
//! and the extended `00 20 00 80 00 00 04 31 32 33 34` becomes
//! `00 20 00 80 00 00 04 ** ** ** **`. When the length fields cannot be read (malformed, or
//! masked already), everything after the header is masked.

use std::fmt;
use std::ops::Range;

use crate::apdu::length::{HEADER_LEN, body_layout};
use crate::apdu::{ApduError, Command, carries_secret};

/// A recorded command's bytes; `None` is a masked byte, written `**`.
///
/// Built only through the masking rule (see the module docs), so it never holds a secret;
/// it prints as spaced upper-case hex, e.g. `00 20 00 80 04 ** ** ** **`.
#[derive(Clone, PartialEq, Eq)]
pub struct TraceBytes(Vec<Option<u8>>);

impl TraceBytes {
    /// Encodes `command` (short where it fits, extended otherwise) and masks its data when
    /// [`Command::is_sensitive`] says it carries a secret. The unmasked encoding lives in a
    /// zeroizing buffer that is wiped before this returns.
    pub fn from_command(command: &Command) -> Result<Self, ApduError> {
        let encoded = command.to_bytes()?;
        Ok(Self::masked(&encoded, command.is_sensitive()))
    }

    /// Masks raw command bytes as they would go on the wire. Without the [`Command`] only
    /// the CLA and INS tell whether the data is secret ([`carries_secret`]).
    pub fn from_encoded(bytes: &[u8]) -> Self {
        Self::masked(bytes, false)
    }

    /// Masks `bytes`; `sensitive` forces masking whatever the INS.
    pub(crate) fn masked(bytes: &[u8], sensitive: bool) -> Self {
        let secret = sensitive || possibly_secret(bytes.first().copied(), bytes.get(1).copied());
        let hidden = hidden_range(bytes.len(), secret, |index| bytes.get(index).copied());
        TraceBytes(
            bytes
                .iter()
                .enumerate()
                .map(|(index, byte)| (!hidden.contains(&index)).then_some(*byte))
                .collect(),
        )
    }

    /// Applies the masking rule to bytes read from a trace file, some perhaps masked
    /// already. A trace written by another tool may hold a PIN in clear: it is masked on
    /// reading, so it is never written back nor printed.
    pub(crate) fn from_parsed(bytes: Vec<Option<u8>>) -> Self {
        let secret = possibly_secret(
            bytes.first().copied().flatten(),
            bytes.get(1).copied().flatten(),
        );
        let hidden = hidden_range(bytes.len(), secret, |index| {
            bytes.get(index).copied().flatten()
        });
        let mut bytes = bytes;
        for byte in bytes.iter_mut().take(hidden.end).skip(hidden.start) {
            *byte = None;
        }
        TraceBytes(bytes)
    }

    /// True when `sent` has the same length and equals every known byte; a masked byte
    /// matches any value.
    pub fn matches(&self, sent: &[u8]) -> bool {
        self.0.len() == sent.len()
            && self
                .0
                .iter()
                .zip(sent)
                .all(|(expected, actual)| expected.is_none_or(|byte| byte == *actual))
    }

    /// The bytes, `None` where masked.
    pub fn as_slice(&self) -> &[Option<u8>] {
        &self.0
    }

    /// The number of bytes, masked ones included.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for a command of no bytes (a trace file never holds one).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many bytes are masked.
    pub fn masked_count(&self) -> usize {
        self.0.iter().filter(|byte| byte.is_none()).count()
    }
}

impl fmt::Display for TraceBytes {
    /// Spaced upper-case hex with `**` for masked bytes: `00 20 00 80 04 ** ** ** **`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, byte) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            match byte {
                Some(byte) => write!(f, "{byte:02X}")?,
                None => f.write_str("**")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for TraceBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TraceBytes({self})")
    }
}

/// Whether a command with this CLA and INS may carry a secret. An unknown (masked) INS
/// may be any instruction, and an unknown CLA may be proprietary (`80 32` CHANGE KEY).
fn possibly_secret(cla: Option<u8>, ins: Option<u8>) -> bool {
    match (cla, ins) {
        (_, None) => true,
        (Some(cla), Some(ins)) => carries_secret(cla, ins),
        (None, Some(ins)) => carries_secret(0x80, ins),
    }
}

/// The positions to mask in a command of `len` bytes: its data field when `secret`, or
/// everything after the header when the data field cannot be located.
fn hidden_range(len: usize, secret: bool, byte: impl Fn(usize) -> Option<u8>) -> Range<usize> {
    if !secret {
        return 0..0;
    }
    data_field(len, byte).unwrap_or(HEADER_LEN.min(len)..len)
}

/// Where the data field of an encoded command lies ([`body_layout`], the case detection
/// [`Command::from_bytes`] uses); `None` when the length fields do not match the size, or a
/// length byte that decides it is unknown.
fn data_field(len: usize, byte: impl Fn(usize) -> Option<u8>) -> Option<Range<usize>> {
    body_layout(len, byte).map(|layout| layout.data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apdu::{INS_SELECT, INS_VERIFY};
    use proptest::prelude::*;

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    fn masked(spaced: &str) -> String {
        TraceBytes::from_encoded(&hex_bytes(spaced)).to_string()
    }

    #[test]
    fn short_verify_and_change_data_is_masked() {
        assert_eq!(
            masked("00 20 00 80 04 31 32 33 34"),
            "00 20 00 80 04 ** ** ** **"
        );
        assert_eq!(
            masked("00 24 01 80 08 41 42 43 44 31 32 33 34"),
            "00 24 01 80 08 ** ** ** ** ** ** ** **"
        );
        assert_eq!(
            masked("00 2C 02 80 04 35 36 37 38"),
            "00 2C 02 80 04 ** ** ** **"
        );
        assert_eq!(
            masked("80 32 00 80 04 35 35 35 35"),
            "80 32 00 80 04 ** ** ** **"
        );
    }

    #[test]
    fn le_stays_visible_in_case_4() {
        assert_eq!(
            masked("00 20 00 80 04 31 32 33 34 00"),
            "00 20 00 80 04 ** ** ** ** 00"
        );
        assert_eq!(
            masked("00 20 00 80 00 00 04 31 32 33 34 01 00"),
            "00 20 00 80 00 00 04 ** ** ** ** 01 00"
        );
    }

    #[test]
    fn extended_encoding_is_masked_after_its_three_length_bytes() {
        assert_eq!(
            masked("00 20 00 80 00 00 04 31 32 33 34"),
            "00 20 00 80 00 00 04 ** ** ** **"
        );
        let long = Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(&[0x39; 300]);
        let trace = TraceBytes::from_command(&long).unwrap();
        assert_eq!(trace.len(), 7 + 300);
        assert_eq!(trace.masked_count(), 300);
        assert!(trace.to_string().starts_with("00 20 00 80 00 01 2C ** "));
    }

    #[test]
    fn other_instructions_and_counter_queries_stay_in_clear() {
        assert_eq!(masked("00 20 00 80"), "00 20 00 80");
        assert_eq!(
            masked("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"),
            "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
        );
        assert_eq!(masked("00 B0 00 00 03"), "00 B0 00 00 03");
        // INS 32 with CLA 00 is not CHANGE KEY.
        assert_eq!(masked("00 32 00 80 02 11 22"), "00 32 00 80 02 11 22");
    }

    #[test]
    fn sensitive_payload_is_masked_whatever_the_ins() {
        let command = Command::new(0x00, 0x82, 0x00, 0x01).with_sensitive_data(&[0xAA; 16]);
        let trace = TraceBytes::from_command(&command).unwrap();
        assert_eq!(trace.masked_count(), 16);
        assert!(trace.to_string().starts_with("00 82 00 01 10 ** "));
        let plain = Command::new(0x00, INS_SELECT, 0x02, 0x0C).with_data(vec![0x00, 0x18]);
        assert_eq!(
            TraceBytes::from_command(&plain).unwrap().to_string(),
            "00 A4 02 0C 02 00 18"
        );
    }

    #[test]
    fn malformed_secret_commands_are_masked_after_the_header() {
        assert_eq!(masked("00 20 00 80 04 31 32 33"), "00 20 00 80 ** ** ** **");
        assert_eq!(masked("00 20 00 80 00 31"), "00 20 00 80 ** **");
        assert_eq!(masked("00 20"), "00 20");
    }

    #[test]
    fn parsed_bytes_are_masked_too() {
        let known = |spaced: &str| hex_bytes(spaced).into_iter().map(Some).collect::<Vec<_>>();
        let clear = TraceBytes::from_parsed(known("00 20 00 80 04 31 32 33 34"));
        assert_eq!(clear.to_string(), "00 20 00 80 04 ** ** ** **");
        let mut lc_masked = known("00 20 00 80 04 31 32 33 34");
        lc_masked[4] = None;
        assert_eq!(
            TraceBytes::from_parsed(lc_masked).to_string(),
            "00 20 00 80 ** ** ** ** **"
        );
        let mut ins_masked = known("00 A4 02 0C 02 00 18");
        ins_masked[1] = None;
        assert_eq!(
            TraceBytes::from_parsed(ins_masked).to_string(),
            "00 ** 02 0C 02 ** **",
            "an unknown INS may be VERIFY"
        );
    }

    #[test]
    fn masked_bytes_match_anything_of_the_same_length() {
        let expected = TraceBytes::from_encoded(&hex_bytes("00 20 00 80 04 31 32 33 34"));
        assert!(expected.matches(&hex_bytes("00 20 00 80 04 39 39 39 39")));
        assert!(!expected.matches(&hex_bytes("00 20 00 81 04 39 39 39 39")));
        assert!(!expected.matches(&hex_bytes("00 20 00 80 05 39 39 39 39 39")));
        assert!(!expected.matches(&hex_bytes("00 20 00 80 04 39 39 39")));
    }

    #[test]
    fn debug_shows_the_masked_form() {
        let trace = TraceBytes::from_encoded(&hex_bytes("00 20 00 80 04 31 32 33 34"));
        assert_eq!(
            format!("{trace:?}"),
            "TraceBytes(00 20 00 80 04 ** ** ** **)"
        );
    }

    proptest! {
        #[test]
        fn data_field_agrees_with_command_from_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
        ) {
            let field = data_field(bytes.len(), |index| bytes.get(index).copied());
            match Command::from_bytes(&bytes) {
                Ok(command) => {
                    let field = field.expect("a parsable command has a data field");
                    prop_assert_eq!(&bytes[field], command.data.as_bytes());
                }
                Err(_) => prop_assert!(field.is_none()),
            }
        }

        #[test]
        fn encoded_secret_data_is_never_visible(
            (cla, ins) in prop::sample::select(vec![
                (0x00u8, 0x20u8), (0x00, 0x21), (0x00, 0x24), (0x00, 0x25), (0x00, 0x2C),
                (0x00, 0x2D), (0x00, 0x82), (0x80, 0x32),
            ]),
            data in proptest::collection::vec(any::<u8>(), 1..400),
            le in proptest::option::of(1usize..=65_536),
        ) {
            let command = Command::new(cla, ins, 0x00, 0x80).with_data(data.clone());
            let command = match le { Some(le) => command.with_le(le), None => command };
            let trace = TraceBytes::from_command(&command).unwrap();
            prop_assert_eq!(trace.masked_count(), data.len());
            let encoded = command.to_bytes().unwrap();
            prop_assert!(trace.matches(&encoded));
            let visible = trace.len() - data.len();
            prop_assert!(visible <= 4 + 3 + 3);
        }

        #[test]
        fn masking_arbitrary_bytes_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            holes in proptest::collection::vec(any::<bool>(), 0..300),
        ) {
            let _ = TraceBytes::from_encoded(&bytes);
            let parsed = bytes
                .iter()
                .zip(holes.iter().chain(std::iter::repeat(&false)))
                .map(|(byte, hole)| (!hole).then_some(*byte))
                .collect();
            let _ = TraceBytes::from_parsed(parsed);
        }
    }
}
