//! PIN values, checked against their kind's format (docs/protocol.md §7) before any APDU.
//!
//! A [`Pin`] exists only once its format is right for its kind, so a badly formatted PIN
//! never reaches the card. The value lives in a zeroizing buffer, prints as `REDACTED`,
//! and never appears in an error: [`PinFormatError`] says what rule was broken, not what
//! was typed.

use std::fmt;

use zeroize::Zeroizing;

use crate::layout::{FormatProblem, PinFormat, PinKind};

/// A PIN's format is wrong for its kind. Holds no part of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {kind} PIN has the wrong format: {problem:?}")]
pub struct PinFormatError {
    /// Which PIN.
    pub kind: PinKind,
    /// Which rule.
    pub problem: FormatProblem,
}

/// A PIN value whose format suits its kind. Two `Pin`s are equal when they send the same
/// bytes for the same kind, however they were typed (`abcd1234` equals `ABCD1234`).
#[derive(Clone)]
pub struct Pin {
    kind: PinKind,
    bytes: Zeroizing<Vec<u8>>,
    uppercased: bool,
}

impl Pin {
    /// Checks `typed` against the kind's format. The signature password is upper-cased
    /// first (J-LIS: lowercase input is converted, for this password only);
    /// [`Pin::was_uppercased`] tells the caller to say so.
    pub fn new(kind: PinKind, typed: &str) -> Result<Pin, PinFormatError> {
        let mut bytes = Zeroizing::new(typed.as_bytes().to_vec());
        let format = kind.format();
        let uppercased =
            format == PinFormat::SignPassword && bytes.iter().any(u8::is_ascii_lowercase);
        if format == PinFormat::SignPassword {
            bytes.make_ascii_uppercase();
        }
        format
            .check(&bytes)
            .map_err(|problem| PinFormatError { kind, problem })?;
        Ok(Pin {
            kind,
            bytes,
            uppercased,
        })
    }

    /// The kind this value was checked for.
    pub fn kind(&self) -> PinKind {
        self.kind
    }

    /// True when lowercase letters were converted to uppercase.
    pub fn was_uppercased(&self) -> bool {
        self.uppercased
    }

    /// The bytes sent to the card (ASCII, no padding; docs/protocol.md §4).
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl PartialEq for Pin {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.bytes == other.bytes
    }
}

impl Eq for Pin {}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pin({}, REDACTED)", self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(kind: PinKind, typed: &str) -> Option<FormatProblem> {
        Pin::new(kind, typed).err().map(|error| error.problem)
    }

    #[test]
    fn four_digit_pins() {
        for kind in [PinKind::Auth, PinKind::Text, PinKind::Juki] {
            assert_eq!(problem(kind, "1234"), None);
            assert_eq!(problem(kind, "0000"), None);
            for bad in ["123", "12345", "12a4", "", " 1234", "１２３４", "12 4"] {
                assert_eq!(
                    problem(kind, bad),
                    Some(FormatProblem::NotFourDigits),
                    "{bad:?}"
                );
            }
        }
    }

    #[test]
    fn signature_password() {
        assert_eq!(problem(PinKind::Sign, "ABCD12"), None);
        assert_eq!(problem(PinKind::Sign, "A234567890123456"), None);
        assert_eq!(
            problem(PinKind::Sign, "ABCDE"),
            Some(FormatProblem::SignLength)
        );
        assert_eq!(
            problem(PinKind::Sign, "A2345678901234567"),
            Some(FormatProblem::SignLength)
        );
        assert_eq!(
            problem(PinKind::Sign, "ABCDEFGH"),
            Some(FormatProblem::SignNeedsLetterAndDigit)
        );
        assert_eq!(
            problem(PinKind::Sign, "1234567"),
            Some(FormatProblem::SignNeedsLetterAndDigit)
        );
        assert_eq!(
            problem(PinKind::Sign, "ABCD-1234"),
            Some(FormatProblem::SignCharacters)
        );
        assert_eq!(
            problem(PinKind::Sign, "ＡＢＣＤ１２３４"),
            Some(FormatProblem::SignCharacters)
        );
        assert_eq!(
            problem(PinKind::Sign, "ABCDé1234"),
            Some(FormatProblem::SignCharacters)
        );
    }

    #[test]
    fn signature_password_is_uppercased_with_a_flag() {
        let pin = Pin::new(PinKind::Sign, "abcd1234").unwrap();
        assert!(pin.was_uppercased());
        assert_eq!(pin.as_bytes(), b"ABCD1234");
        assert!(
            !Pin::new(PinKind::Sign, "ABCD1234")
                .unwrap()
                .was_uppercased()
        );
    }

    #[test]
    fn nothing_secret_in_debug_or_errors() {
        let pin = Pin::new(PinKind::Auth, "9876").unwrap();
        assert!(!format!("{pin:?}").contains("9876"));
        let error = Pin::new(PinKind::Sign, "SECRETPW").unwrap_err();
        assert!(!format!("{error:?} {error}").contains("SECRETPW"));
    }
}
