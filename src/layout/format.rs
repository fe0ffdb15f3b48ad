//! The rules a PIN value follows (docs/protocol.md §7), as the card receives it: checked by the
//! card layer before any APDU and, when a card profile asks for it, by the simulated card
//! on a CHANGE.

/// Shortest signature password (JLIS-PW: 6–16 characters).
pub const SIGN_MIN_LEN: usize = 6;
/// Longest signature password.
pub const SIGN_MAX_LEN: usize = 16;
/// Length of the 4-digit PINs (auth, text, juki).
pub const DIGITS_LEN: usize = 4;

/// A PIN's value rule (docs/protocol.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinFormat {
    /// Exactly 4 half-width digits `0`–`9` (auth, text, 住基): `^[0-9]{4}$`.
    FourDigits,
    /// 6–16 of half-width `A`–`Z` and `0`–`9`, with at least one letter and one digit
    /// (the signature password, JLIS-PW). Lowercase is not part of the rule: the card
    /// layer upper-cases what the user typed first.
    SignPassword,
}

/// The rule a PIN broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatProblem {
    /// A 4-digit PIN that is not exactly 4 half-width digits `0`–`9`.
    NotFourDigits,
    /// A signature password shorter than 6 or longer than 16 characters.
    SignLength,
    /// A signature password with a character other than half-width A–Z, a–z, 0–9 (a–z
    /// only before upper-casing: the value itself holds A–Z and 0–9 only).
    SignCharacters,
    /// A signature password without a letter or without a digit (both must appear).
    SignNeedsLetterAndDigit,
}

impl PinFormat {
    /// Checks the bytes sent to the card; the first rule broken, in the order characters,
    /// length, letter-and-digit.
    pub fn check(self, value: &[u8]) -> Result<(), FormatProblem> {
        match self {
            PinFormat::FourDigits => {
                if value.len() != DIGITS_LEN || !value.iter().all(u8::is_ascii_digit) {
                    return Err(FormatProblem::NotFourDigits);
                }
            }
            PinFormat::SignPassword => {
                if !value
                    .iter()
                    .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
                {
                    return Err(FormatProblem::SignCharacters);
                }
                if !(SIGN_MIN_LEN..=SIGN_MAX_LEN).contains(&value.len()) {
                    return Err(FormatProblem::SignLength);
                }
                if !value.iter().any(u8::is_ascii_uppercase)
                    || !value.iter().any(u8::is_ascii_digit)
                {
                    return Err(FormatProblem::SignNeedsLetterAndDigit);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digits() {
        assert_eq!(PinFormat::FourDigits.check(b"0123"), Ok(()));
        for bad in [&b"123"[..], b"12345", b"12a4", b"", "１２３４".as_bytes()] {
            assert_eq!(
                PinFormat::FourDigits.check(bad),
                Err(FormatProblem::NotFourDigits)
            );
        }
    }

    #[test]
    fn sign_password_as_sent() {
        let check = |value: &str| PinFormat::SignPassword.check(value.as_bytes());
        assert_eq!(check("ABC123"), Ok(()));
        assert_eq!(check("A234567890123456"), Ok(()));
        assert_eq!(check("abc123"), Err(FormatProblem::SignCharacters));
        assert_eq!(check("ABC 123"), Err(FormatProblem::SignCharacters));
        assert_eq!(check("AB123"), Err(FormatProblem::SignLength));
        assert_eq!(check("A2345678901234567"), Err(FormatProblem::SignLength));
        assert_eq!(
            check("ABCDEFGH"),
            Err(FormatProblem::SignNeedsLetterAndDigit)
        );
        assert_eq!(check("123456"), Err(FormatProblem::SignNeedsLetterAndDigit));
    }
}
