//! PIN values and their formats (DESIGN.md, protocol.md §7), checked before any APDU.
//!
//! A [`Pin`] exists only once its format is right for its kind, so a badly formatted PIN
//! never reaches the card. The value lives in a zeroizing buffer, prints as `REDACTED`,
//! and never appears in an error: [`PinFormatError`] says what rule was broken, not what
//! was typed.

use std::fmt;

use zeroize::Zeroizing;

use super::PinKind;

/// Shortest signature password (JLIS-PW: 6–16 characters).
pub const SIGN_MIN_LEN: usize = 6;
/// Longest signature password.
pub const SIGN_MAX_LEN: usize = 16;
/// Length of the 4-digit PINs (auth, text, juki).
pub const DIGITS_LEN: usize = 4;

/// The rule a PIN broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatProblem {
    /// A 4-digit PIN that is not exactly 4 half-width digits `0`–`9`.
    NotFourDigits,
    /// A signature password shorter than 6 or longer than 16 characters.
    SignLength,
    /// A signature password with a character other than half-width A–Z, a–z, 0–9.
    SignCharacters,
    /// A signature password without a letter or without a digit (both must appear).
    SignNeedsLetterAndDigit,
}

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
        let fail = |problem| PinFormatError { kind, problem };
        let bytes = Zeroizing::new(typed.as_bytes().to_vec());
        match kind {
            PinKind::Sign => {
                if !bytes.iter().all(u8::is_ascii_alphanumeric) {
                    return Err(fail(FormatProblem::SignCharacters));
                }
                if !(SIGN_MIN_LEN..=SIGN_MAX_LEN).contains(&bytes.len()) {
                    return Err(fail(FormatProblem::SignLength));
                }
                if !bytes.iter().any(u8::is_ascii_alphabetic)
                    || !bytes.iter().any(u8::is_ascii_digit)
                {
                    return Err(fail(FormatProblem::SignNeedsLetterAndDigit));
                }
                let uppercased = bytes.iter().any(u8::is_ascii_lowercase);
                let mut upper = bytes;
                upper.make_ascii_uppercase();
                Ok(Pin {
                    kind,
                    bytes: upper,
                    uppercased,
                })
            }
            PinKind::Auth | PinKind::Text | PinKind::Juki => {
                if bytes.len() != DIGITS_LEN || !bytes.iter().all(u8::is_ascii_digit) {
                    return Err(fail(FormatProblem::NotFourDigits));
                }
                Ok(Pin {
                    kind,
                    bytes,
                    uppercased: false,
                })
            }
        }
    }

    /// The kind this value was checked for.
    pub fn kind(&self) -> PinKind {
        self.kind
    }

    /// True when lowercase letters were converted to uppercase.
    pub fn was_uppercased(&self) -> bool {
        self.uppercased
    }

    /// The bytes sent to the card (ASCII, no padding; protocol.md §4).
    pub(crate) fn as_bytes(&self) -> &[u8] {
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
