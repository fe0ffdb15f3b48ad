//! Random secrets of the counter page: the one-use token in the URL printed on the
//! terminal, the session cookie it turns into, and the CSRF token of every form. 128 bits
//! each from the operating system's generator (`getrandom`), written as 32 lowercase hex
//! digits, compared in constant time, and wiped when dropped.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// The number of random bytes of a secret (128 bits).
pub const SECRET_BYTES: usize = 16;

/// A random secret. No `Debug`: it would print it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret([u8; SECRET_BYTES]);

/// The operating system's random generator failed.
#[derive(Debug, thiserror::Error)]
#[error("no random bytes from the operating system: {0}")]
pub struct NoRandom(String);

impl Secret {
    /// A new secret from the operating system's generator.
    ///
    /// # Errors
    ///
    /// [`NoRandom`] when the generator fails (never silently a weak secret).
    pub fn generate() -> Result<Secret, NoRandom> {
        let mut bytes = [0_u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|error| NoRandom(error.to_string()))?;
        Ok(Secret(bytes))
    }

    /// The secret as 32 lowercase hex digits (for a URL, a cookie or a form field).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Whether `text` is this secret's hex form. The time taken does not depend on where
    /// the first difference is (an attacker timing answers learns nothing); text of
    /// another length is refused at once (the length is public).
    pub fn matches(&self, text: &str) -> bool {
        let expected = self.to_hex();
        let (expected, given) = (expected.as_bytes(), text.as_bytes());
        if expected.len() != given.len() {
            return false;
        }
        let difference = expected
            .iter()
            .zip(given)
            .fold(0_u8, |acc, (left, right)| acc | (left ^ right));
        difference == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_its_hex_and_nothing_else() {
        let secret = Secret::generate().expect("random bytes");
        let hex = secret.to_hex();
        assert_eq!(hex.len(), 32);
        assert!(hex.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert!(secret.matches(&hex));
        assert!(!secret.matches(&hex.to_uppercase()) || hex.bytes().all(|b| b.is_ascii_digit()));
        assert!(!secret.matches(""));
        assert!(!secret.matches(&hex[..31]));
        let mut changed = hex.clone().into_bytes();
        changed[31] = if changed[31] == b'0' { b'1' } else { b'0' };
        assert!(!secret.matches(&String::from_utf8(changed).expect("ascii")));
    }

    #[test]
    fn two_secrets_differ() {
        let first = Secret::generate().expect("random bytes");
        let second = Secret::generate().expect("random bytes");
        assert!(!first.matches(&second.to_hex()));
    }
}
