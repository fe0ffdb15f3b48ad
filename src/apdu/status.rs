//! Status words (SW1 SW2) of ISO/IEC 7816-4 §5.6 and JIS X 6320-4 (JICSAP), as one enum.
//!
//! Every variant documents its hex value. `63Cx` keeps its retry counter in
//! [`StatusWord::RemainingTries`]; anything not named here is kept whole in
//! [`StatusWord::Other`], so a status word is never thrown away. `u16 → StatusWord → u16`
//! is an exact round trip (checked by a property test).

use std::fmt;

/// A response's status word, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusWord {
    /// `90 00`: normal processing.
    Success,
    /// `61 xx`: xx more bytes can be fetched with GET RESPONSE (`00` means 256).
    BytesAvailable(u8),
    /// `62 82`: end of file reached before Le bytes were read.
    EndOfFileReached,
    /// `63 00`: verification failed, no counter given (JICSAP: counter unlimited).
    VerificationFailed,
    /// `63 Cx`: verification failed or counter queried; x tries remain (`63 C0`: none).
    RemainingTries(u8),
    /// `65 81`: memory failure.
    MemoryFailure,
    /// `67 00`: wrong length (Lc or Le).
    WrongLength,
    /// `68 81`: logical channel not supported (seen on the My Number Card for channels ≠ 0).
    LogicalChannelNotSupported,
    /// `69 81`: command incompatible with the file structure.
    IncompatibleFileStructure,
    /// `69 82`: security status not satisfied (e.g. CHANGE without a prior VERIFY).
    SecurityStatusNotSatisfied,
    /// `69 83`: authentication method blocked (ISO).
    AuthenticationMethodBlocked,
    /// `69 84`: reference data not usable; JICSAP: "referenced IEF locked" (a blocked PIN).
    ReferenceDataBlocked,
    /// `69 85`: conditions of use not satisfied.
    ConditionsNotSatisfied,
    /// `69 86`: command not allowed (no current EF).
    NoCurrentEf,
    /// `6A 80`: incorrect parameters in the data field.
    IncorrectData,
    /// `6A 81`: function not supported.
    FunctionNotSupported,
    /// `6A 82`: file or application not found.
    FileNotFound,
    /// `6A 83`: record not found.
    RecordNotFound,
    /// `6A 86`: incorrect parameters P1-P2.
    IncorrectP1P2,
    /// `6A 88`: referenced data not found.
    ReferenceDataNotFound,
    /// `6B 00`: wrong parameters P1-P2 (JICSAP: offset beyond the end of the EF).
    WrongP1P2,
    /// `6C xx`: wrong Le; xx is the exact length available.
    WrongLe(u8),
    /// `6D 00`: instruction code not supported.
    InsNotSupported,
    /// `6E 00`: class not supported.
    ClaNotSupported,
    /// `6F 00`: no precise diagnosis.
    NoPreciseDiagnosis,
    /// Any other value, kept as received.
    Other(u16),
}

impl StatusWord {
    /// The two bytes, SW1 first.
    pub fn to_bytes(self) -> [u8; 2] {
        u16::from(self).to_be_bytes()
    }

    /// Builds the status word from SW1 and SW2.
    pub fn from_bytes(sw1: u8, sw2: u8) -> Self {
        Self::from(u16::from_be_bytes([sw1, sw2]))
    }

    /// True for `90 00`.
    pub fn is_success(self) -> bool {
        self == StatusWord::Success
    }
}

impl From<u16> for StatusWord {
    fn from(value: u16) -> Self {
        let [sw1, sw2] = value.to_be_bytes();
        match (sw1, sw2) {
            (0x90, 0x00) => Self::Success,
            (0x61, n) => Self::BytesAvailable(n),
            (0x62, 0x82) => Self::EndOfFileReached,
            (0x63, 0x00) => Self::VerificationFailed,
            (0x63, n @ 0xC0..=0xCF) => Self::RemainingTries(n & 0x0F),
            (0x65, 0x81) => Self::MemoryFailure,
            (0x67, 0x00) => Self::WrongLength,
            (0x68, 0x81) => Self::LogicalChannelNotSupported,
            (0x69, 0x81) => Self::IncompatibleFileStructure,
            (0x69, 0x82) => Self::SecurityStatusNotSatisfied,
            (0x69, 0x83) => Self::AuthenticationMethodBlocked,
            (0x69, 0x84) => Self::ReferenceDataBlocked,
            (0x69, 0x85) => Self::ConditionsNotSatisfied,
            (0x69, 0x86) => Self::NoCurrentEf,
            (0x6A, 0x80) => Self::IncorrectData,
            (0x6A, 0x81) => Self::FunctionNotSupported,
            (0x6A, 0x82) => Self::FileNotFound,
            (0x6A, 0x83) => Self::RecordNotFound,
            (0x6A, 0x86) => Self::IncorrectP1P2,
            (0x6A, 0x88) => Self::ReferenceDataNotFound,
            (0x6B, 0x00) => Self::WrongP1P2,
            (0x6C, n) => Self::WrongLe(n),
            (0x6D, 0x00) => Self::InsNotSupported,
            (0x6E, 0x00) => Self::ClaNotSupported,
            (0x6F, 0x00) => Self::NoPreciseDiagnosis,
            _ => Self::Other(value),
        }
    }
}

impl From<StatusWord> for u16 {
    fn from(sw: StatusWord) -> Self {
        match sw {
            StatusWord::Success => 0x9000,
            StatusWord::BytesAvailable(n) => 0x6100 | u16::from(n),
            StatusWord::EndOfFileReached => 0x6282,
            StatusWord::VerificationFailed => 0x6300,
            StatusWord::RemainingTries(n) => 0x63C0 | u16::from(n & 0x0F),
            StatusWord::MemoryFailure => 0x6581,
            StatusWord::WrongLength => 0x6700,
            StatusWord::LogicalChannelNotSupported => 0x6881,
            StatusWord::IncompatibleFileStructure => 0x6981,
            StatusWord::SecurityStatusNotSatisfied => 0x6982,
            StatusWord::AuthenticationMethodBlocked => 0x6983,
            StatusWord::ReferenceDataBlocked => 0x6984,
            StatusWord::ConditionsNotSatisfied => 0x6985,
            StatusWord::NoCurrentEf => 0x6986,
            StatusWord::IncorrectData => 0x6A80,
            StatusWord::FunctionNotSupported => 0x6A81,
            StatusWord::FileNotFound => 0x6A82,
            StatusWord::RecordNotFound => 0x6A83,
            StatusWord::IncorrectP1P2 => 0x6A86,
            StatusWord::ReferenceDataNotFound => 0x6A88,
            StatusWord::WrongP1P2 => 0x6B00,
            StatusWord::WrongLe(n) => 0x6C00 | u16::from(n),
            StatusWord::InsNotSupported => 0x6D00,
            StatusWord::ClaNotSupported => 0x6E00,
            StatusWord::NoPreciseDiagnosis => 0x6F00,
            StatusWord::Other(value) => value,
        }
    }
}

impl fmt::Display for StatusWord {
    /// Prints the two bytes as spaced hex, e.g. `63 C2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [sw1, sw2] = self.to_bytes();
        write!(f, "{sw1:02X} {sw2:02X}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_the_pin_answers_of_protocol_md_3_2() {
        assert_eq!(StatusWord::from(0x63C2), StatusWord::RemainingTries(2));
        assert_eq!(StatusWord::from(0x63C0), StatusWord::RemainingTries(0));
        assert_eq!(StatusWord::from(0x6984), StatusWord::ReferenceDataBlocked);
        assert_eq!(
            StatusWord::from(0x6983),
            StatusWord::AuthenticationMethodBlocked
        );
        assert_eq!(StatusWord::from(0x9000), StatusWord::Success);
        assert_eq!(StatusWord::from(0x6300), StatusWord::VerificationFailed);
        assert_eq!(StatusWord::from(0x6A82), StatusWord::FileNotFound);
        assert_eq!(StatusWord::from(0x1234), StatusWord::Other(0x1234));
    }

    #[test]
    fn displays_spaced_hex() {
        assert_eq!(StatusWord::RemainingTries(3).to_string(), "63 C3");
        assert_eq!(
            StatusWord::from_bytes(0x6A, 0x86),
            StatusWord::IncorrectP1P2
        );
        assert_eq!(StatusWord::WrongLe(0x10).to_bytes(), [0x6C, 0x10]);
    }

    proptest! {
        #[test]
        fn u16_round_trip_is_exact(value in any::<u16>()) {
            prop_assert_eq!(u16::from(StatusWord::from(value)), value);
        }
    }
}
