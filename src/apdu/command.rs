//! Command APDUs (ISO/IEC 7816-4 §5.1, §5.2): cases 1–4, short and extended encoding.
//!
//! A command's data is either [`Payload::Plain`] or [`Payload::Sensitive`]. Sensitive data
//! (a PIN) prints as `REDACTED` in `Debug`, lives in a zeroizing buffer, and is masked by
//! the trace recorder. [`Command::from_bytes`] parses what arrives on the wire (used by the
//! simulated card and the trace replayer) and marks as sensitive the data of the
//! instructions that carry a secret ([`carries_secret`]): VERIFY `20`/`21`, CHANGE
//! REFERENCE DATA `24`/`25`, RESET RETRY COUNTER `2C`/`2D`, EXTERNAL AUTHENTICATE `82`, and
//! with a proprietary CLA the JICSAP CHANGE KEY `80 32`.

use std::fmt;

use zeroize::Zeroizing;

use super::ApduError;
use super::length::{body_layout, decode_le};

/// INS `20`: VERIFY.
pub const INS_VERIFY: u8 = 0x20;
/// INS `24`: CHANGE REFERENCE DATA.
pub const INS_CHANGE_REFERENCE_DATA: u8 = 0x24;
/// INS `2C`: RESET RETRY COUNTER.
pub const INS_RESET_RETRY_COUNTER: u8 = 0x2C;
/// INS `32` with a proprietary CLA (`80`): JICSAP CHANGE KEY, used by the 住基 AP.
pub const INS_CHANGE_KEY: u8 = 0x32;
/// INS `A4`: SELECT.
pub const INS_SELECT: u8 = 0xA4;
/// INS `B0`: READ BINARY.
pub const INS_READ_BINARY: u8 = 0xB0;
/// INS `84`: GET CHALLENGE.
pub const INS_GET_CHALLENGE: u8 = 0x84;
/// INS `82`: EXTERNAL AUTHENTICATE.
pub const INS_EXTERNAL_AUTHENTICATE: u8 = 0x82;

/// Largest Lc of a short command (ISO 7816-4 §5.1: 1..=255).
const SHORT_MAX_DATA: usize = 255;
/// Largest Le of a short command (`00` encodes 256).
const SHORT_MAX_LE: usize = 256;
/// Largest Lc or Le of an extended command (`00 00` Le encodes 65536).
const EXTENDED_MAX: usize = 65_536;

/// True when the instruction carries a secret in its data field: VERIFY (`20`, and `21`
/// with BER-TLV data), CHANGE REFERENCE DATA (`24`/`25`), RESET RETRY COUNTER (`2C`/`2D`),
/// EXTERNAL AUTHENTICATE (`82`, a cryptogram under a key) and, with a proprietary class,
/// the JICSAP CHANGE KEY (`80 32`). mynapin sends only some of these; the others are masked
/// so that a trace or replay of another client never shows them either.
pub fn carries_secret(cla: u8, ins: u8) -> bool {
    matches!(
        ins,
        INS_VERIFY
            | 0x21
            | INS_CHANGE_REFERENCE_DATA
            | 0x25
            | INS_RESET_RETRY_COUNTER
            | 0x2D
            | INS_EXTERNAL_AUTHENTICATE
    ) || (cla & 0x80 != 0 && ins == INS_CHANGE_KEY)
}

/// The data field of a command.
#[derive(Clone, PartialEq, Eq)]
pub enum Payload {
    /// Ordinary bytes (AIDs, file identifiers, certificates).
    Plain(Vec<u8>),
    /// Secret bytes (PINs, keys): never printed, wiped on drop, masked in traces.
    Sensitive(Zeroizing<Vec<u8>>),
}

impl Payload {
    /// The bytes, whichever kind they are.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Payload::Plain(bytes) => bytes,
            Payload::Sensitive(bytes) => bytes,
        }
    }

    /// True for [`Payload::Sensitive`].
    pub fn is_sensitive(&self) -> bool {
        matches!(self, Payload::Sensitive(_))
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Plain(bytes) => write!(f, "Plain({})", hex::encode_upper(bytes)),
            Payload::Sensitive(_) => f.write_str("REDACTED"),
        }
    }
}

/// A command APDU.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Command {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Data field (empty `Plain` for cases 1 and 2).
    pub data: Payload,
    /// Expected response length Ne (`None` for cases 1 and 3; 1..=65536 otherwise).
    pub le: Option<usize>,
}

impl Command {
    /// Case 1: header only.
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Command {
            cla,
            ins,
            p1,
            p2,
            data: Payload::Plain(Vec::new()),
            le: None,
        }
    }

    /// Sets plain data (case 3, or case 4 with [`Command::with_le`]).
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = Payload::Plain(data.into());
        self
    }

    /// Sets secret data; the caller's copy should itself be zeroizing.
    pub fn with_sensitive_data(mut self, data: &[u8]) -> Self {
        self.data = Payload::Sensitive(Zeroizing::new(data.to_vec()));
        self
    }

    /// Sets Ne, the number of response bytes expected (256 is `00` in a short command).
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// True when the data field must be masked in logs and traces.
    pub fn is_sensitive(&self) -> bool {
        self.data.is_sensitive()
            || (carries_secret(self.cla, self.ins) && !self.data.as_bytes().is_empty())
    }

    /// True when the command needs the extended encoding (Lc > 255 or Ne > 256).
    pub fn needs_extended(&self) -> bool {
        self.data.as_bytes().len() > SHORT_MAX_DATA || self.le.is_some_and(|le| le > SHORT_MAX_LE)
    }

    /// Encodes the command, short where it fits, extended otherwise (ISO 7816-4 §5.2).
    ///
    /// The result is zeroizing because it holds the data field, which may be a PIN.
    pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>, ApduError> {
        let data = self.data.as_bytes();
        if data.len() > EXTENDED_MAX - 1 {
            return Err(ApduError::DataTooLong(data.len()));
        }
        match self.le {
            Some(0) => return Err(ApduError::InvalidLe(0)),
            Some(le) if le > EXTENDED_MAX => return Err(ApduError::InvalidLe(le)),
            _ => {}
        }
        let mut out = Zeroizing::new(Vec::with_capacity(4 + 3 + data.len() + 3));
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if self.needs_extended() {
            if !data.is_empty() {
                out.push(0x00);
                out.extend_from_slice(&(data.len() as u16).to_be_bytes());
                out.extend_from_slice(data);
            }
            if let Some(le) = self.le {
                if data.is_empty() {
                    out.push(0x00);
                }
                let encoded = if le == EXTENDED_MAX { 0 } else { le as u16 };
                out.extend_from_slice(&encoded.to_be_bytes());
            }
        } else {
            if !data.is_empty() {
                out.push(data.len() as u8);
                out.extend_from_slice(data);
            }
            if let Some(le) = self.le {
                out.push(if le == SHORT_MAX_LE { 0 } else { le as u8 });
            }
        }
        Ok(out)
    }

    /// Parses a command as it arrives on the wire (ISO 7816-3 §12.1.3 case detection,
    /// [`body_layout`]).
    ///
    /// The data of PIN-carrying instructions ([`carries_secret`]) becomes
    /// [`Payload::Sensitive`]. Malformed lengths give [`ApduError::MalformedCommand`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ApduError> {
        let malformed = || ApduError::MalformedCommand(bytes.len());
        let layout =
            body_layout(bytes.len(), |index| bytes.get(index).copied()).ok_or_else(malformed)?;
        let (Some([cla, ins, p1, p2]), Some(data), Some(le_field)) = (
            bytes.first_chunk::<4>().copied(),
            bytes.get(layout.data),
            bytes.get(layout.le),
        ) else {
            return Err(malformed());
        };
        let le = decode_le(le_field);
        let command = Command {
            cla,
            ins,
            p1,
            p2,
            data: Payload::Plain(Vec::new()),
            le,
        };
        Ok(if carries_secret(cla, ins) {
            command.with_sensitive_data(data)
        } else {
            command.with_data(data)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    #[test]
    fn case1_query_is_four_bytes() {
        let cmd = Command::new(0x00, INS_VERIFY, 0x00, 0x80);
        assert_eq!(*cmd.to_bytes().unwrap(), hex_bytes("00 20 00 80"));
        assert!(!cmd.is_sensitive());
    }

    #[test]
    fn case2_short_le_256_is_00() {
        let cmd = Command::new(0x00, INS_READ_BINARY, 0x00, 0x00).with_le(256);
        assert_eq!(*cmd.to_bytes().unwrap(), hex_bytes("00 B0 00 00 00"));
    }

    #[test]
    fn case3_select_jpki() {
        let cmd = Command::new(0x00, INS_SELECT, 0x04, 0x0C)
            .with_data(hex_bytes("D3 92 F0 00 26 01 00 00 00 01"));
        assert_eq!(
            *cmd.to_bytes().unwrap(),
            hex_bytes("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")
        );
    }

    #[test]
    fn case4_short() {
        let cmd = Command::new(0x00, INS_SELECT, 0x04, 0x00)
            .with_data([0xA0, 0x00])
            .with_le(256);
        assert_eq!(
            *cmd.to_bytes().unwrap(),
            hex_bytes("00 A4 04 00 02 A0 00 00")
        );
    }

    #[test]
    fn extended_encodings() {
        let case2e = Command::new(0x00, 0xCA, 0x5F, 0x51).with_le(65_536);
        assert_eq!(
            *case2e.to_bytes().unwrap(),
            hex_bytes("00 CA 5F 51 00 00 00")
        );
        let case3e = Command::new(0x80, 0xA2, 0x00, 0x00).with_data(vec![0xAB; 300]);
        let bytes = case3e.to_bytes().unwrap();
        assert_eq!(&bytes[..7], hex_bytes("80 A2 00 00 00 01 2C").as_slice());
        assert_eq!(bytes.len(), 7 + 300);
        let case4e = Command::new(0x80, 0xA2, 0x00, 0x00)
            .with_data(vec![1; 2])
            .with_le(1000);
        assert_eq!(
            *case4e.to_bytes().unwrap(),
            hex_bytes("80 A2 00 00 00 00 02 01 01 03 E8")
        );
    }

    #[test]
    fn rejects_impossible_le() {
        assert_eq!(
            Command::new(0, 0xB0, 0, 0).with_le(0).to_bytes(),
            Err(ApduError::InvalidLe(0))
        );
        assert_eq!(
            Command::new(0, 0xB0, 0, 0).with_le(70_000).to_bytes(),
            Err(ApduError::InvalidLe(70_000))
        );
    }

    #[test]
    fn sensitive_debug_is_redacted() {
        let cmd = Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(b"1234");
        let debug = format!("{cmd:?}");
        assert!(debug.contains("REDACTED"), "{debug}");
        assert!(
            !debug.contains("31323334") && !debug.contains("1234"),
            "{debug}"
        );
        assert_eq!(
            *cmd.to_bytes().unwrap(),
            hex_bytes("00 20 00 80 04 31 32 33 34")
        );
    }

    #[test]
    fn parses_every_case() {
        let c1 = Command::from_bytes(&hex_bytes("00 20 00 80")).unwrap();
        assert_eq!((c1.data.as_bytes().len(), c1.le), (0, None));
        let c2 = Command::from_bytes(&hex_bytes("00 B0 00 00 00")).unwrap();
        assert_eq!(c2.le, Some(256));
        let c3 = Command::from_bytes(&hex_bytes("00 20 00 80 04 31 32 33 34")).unwrap();
        assert!(c3.data.is_sensitive());
        assert_eq!(c3.data.as_bytes(), b"1234");
        let c4 = Command::from_bytes(&hex_bytes("00 A4 04 00 02 A0 00 10")).unwrap();
        assert_eq!((c4.data.as_bytes(), c4.le), (&[0xA0, 0x00][..], Some(16)));
        let c2e = Command::from_bytes(&hex_bytes("00 CA 5F 51 00 00 00")).unwrap();
        assert_eq!(c2e.le, Some(65_536));
        let c4e = Command::from_bytes(&hex_bytes("80 A2 00 00 00 00 02 01 01 03 E8")).unwrap();
        assert_eq!((c4e.data.as_bytes(), c4e.le), (&[1, 1][..], Some(1000)));
    }

    #[test]
    fn rejects_malformed_lengths() {
        for bad in [
            "",
            "00 A4 04",
            "00 A4 04 0C 0A D3 92",
            "00 20 00 80 04 31 32 33 34 00 00",
            "00 A4 04 0C 00 00 05 01",
        ] {
            assert!(Command::from_bytes(&hex_bytes(bad)).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = Command::from_bytes(&bytes);
        }

        #[test]
        fn encode_then_parse_round_trips(
            cla in any::<u8>(), ins in any::<u8>(), p1 in any::<u8>(), p2 in any::<u8>(),
            data in proptest::collection::vec(any::<u8>(), 0..400),
            le in proptest::option::of(1usize..=65_536),
        ) {
            let cmd = Command::new(cla, ins, p1, p2).with_data(data.clone());
            let cmd = match le { Some(le) => cmd.with_le(le), None => cmd };
            let bytes = cmd.to_bytes().unwrap();
            let parsed = Command::from_bytes(&bytes).unwrap();
            prop_assert_eq!(parsed.data.as_bytes(), data.as_slice());
            prop_assert_eq!(parsed.le, le);
            prop_assert_eq!((parsed.cla, parsed.ins, parsed.p1, parsed.p2), (cla, ins, p1, p2));
        }
    }
}
