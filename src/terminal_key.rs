//! The terminal key of the terminal-key reset authority (docs/DESIGN.md "Reset").
//!
//! **This is mynapin's own definition for simulated and test cards, not a fact about real
//! My Number Cards**: no public description of a real card's terminal authentication
//! exists (docs/protocol.md §6). On a card that follows it, GET CHALLENGE `00 84 00 00 08`
//! gives 8 bytes, and EXTERNAL AUTHENTICATE `00 82 00 00 10 <cryptogram>` proves the
//! terminal holds a 128-bit AES key: the cryptogram is AES-128 (FIPS-197, ECB, one block)
//! under the key of the block `challenge (8 bytes) ‖ 00×8`.
//!
//! [`TerminalKey`] keeps the 16 key bytes in a zeroizing buffer and has no `Debug`,
//! `Display` or `Clone`; [`KeyError`] never quotes a key file's content. It depends on std,
//! `aes` and `zeroize` only, so both the card layer and the simulated card can use it.

use std::io::Read;
use std::path::{Path, PathBuf};

use aes::Aes128;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use zeroize::Zeroizing;

/// Bytes in a terminal key (AES-128).
pub const KEY_LEN: usize = 16;
/// Bytes in a challenge (GET CHALLENGE `00 84 00 00 08`).
pub const CHALLENGE_LEN: usize = 8;
/// Bytes in a cryptogram (one AES block; EXTERNAL AUTHENTICATE Lc `10`).
pub const CRYPTOGRAM_LEN: usize = 16;
/// Largest key file read: a key file is 32 hex digits plus separators and comments.
const MAX_FILE_LEN: u64 = 4096;

/// A 128-bit AES terminal key. The bytes are wiped on drop and never printed: the type
/// has no `Debug`, `Display` or `Clone`.
pub struct TerminalKey {
    bytes: Zeroizing<[u8; KEY_LEN]>,
}

/// A key read from a file, with what the file's permissions say.
pub struct LoadedKey {
    /// The key.
    pub key: TerminalKey,
    /// True when the file is readable by its group or by others (Unix mode bits `0o044`):
    /// a warning for the front end to show, not an error. Always false off Unix.
    pub readable_by_others: bool,
}

/// What is wrong with a key's text (never the text itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// A character that is not a hex digit, a space, a colon or part of a `#` comment line.
    NotHex,
    /// Not 32 hex digits.
    Length {
        /// Hex digits found.
        digits: usize,
    },
    /// The file is larger than a key file can be.
    TooLarge,
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyProblem::NotHex => f.write_str("must be 32 hex digits (spaces and colons allowed)"),
            KeyProblem::Length { digits } => {
                write!(f, "must be 32 hex digits, found {digits}")
            }
            KeyProblem::TooLarge => write!(f, "is larger than {MAX_FILE_LEN} bytes"),
        }
    }
}

/// Why a terminal key could not be had. It names the file and the problem, never the
/// content.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key file could not be read.
    #[error("terminal key file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The key's text is not a key.
    #[error("terminal key{}: {problem}", path.as_ref().map(|p| format!(" file {}", p.display())).unwrap_or_default())]
    Invalid {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
        /// What is wrong.
        problem: KeyProblem,
    },
}

impl TerminalKey {
    /// A key from its 16 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        TerminalKey {
            bytes: Zeroizing::new(*bytes),
        }
    }

    /// A key from 32 hex digits, upper or lower case, with any spaces, tabs, newlines or
    /// colons between them (`00 01 02 … 0F`, `00:01:…`).
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        parse_hex(text).map_err(|problem| KeyError::Invalid {
            path: None,
            problem,
        })
    }

    /// Reads a key file: 32 hex digits as [`TerminalKey::from_hex`] takes them; lines
    /// whose first non-blank character is `#` are comments. Reports whether the file is
    /// readable by group or others ([`LoadedKey::readable_by_others`]).
    pub fn load(path: &Path) -> Result<LoadedKey, KeyError> {
        let io = |source| KeyError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let readable_by_others = readable_by_others(&file.metadata().map_err(io)?);
        let mut content = Zeroizing::new(Vec::new());
        file.take(MAX_FILE_LEN + 1)
            .read_to_end(&mut content)
            .map_err(io)?;
        let invalid = |problem| KeyError::Invalid {
            path: Some(path.to_owned()),
            problem,
        };
        if content.len() as u64 > MAX_FILE_LEN {
            return Err(invalid(KeyProblem::TooLarge));
        }
        let text = std::str::from_utf8(&content).map_err(|_| invalid(KeyProblem::NotHex))?;
        let key_text: Zeroizing<String> = Zeroizing::new(
            text.lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .flat_map(|line| line.chars().chain(['\n']))
                .collect(),
        );
        let key = parse_hex(&key_text).map_err(invalid)?;
        Ok(LoadedKey {
            key,
            readable_by_others,
        })
    }

    /// The block EXTERNAL AUTHENTICATE encrypts: `challenge (8 bytes) ‖ 00×8`.
    pub fn challenge_block(challenge: &[u8; CHALLENGE_LEN]) -> [u8; CRYPTOGRAM_LEN] {
        let mut block = [0u8; CRYPTOGRAM_LEN];
        block[..CHALLENGE_LEN].copy_from_slice(challenge);
        block
    }

    /// The cryptogram for `challenge`: AES-128 encryption under this key of
    /// [`TerminalKey::challenge_block`].
    pub fn cryptogram(&self, challenge: &[u8; CHALLENGE_LEN]) -> [u8; CRYPTOGRAM_LEN] {
        self.encrypt_block(Self::challenge_block(challenge))
    }

    /// Whether `cryptogram` is the right one for `challenge`, compared in constant time
    /// (every byte is looked at whatever the first difference). A cryptogram of any length
    /// other than 16 bytes does not match.
    pub fn matches(&self, challenge: &[u8; CHALLENGE_LEN], cryptogram: &[u8]) -> bool {
        if cryptogram.len() != CRYPTOGRAM_LEN {
            return false;
        }
        let expected = Zeroizing::new(self.cryptogram(challenge));
        let difference = expected
            .iter()
            .zip(cryptogram)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(difference) == 0
    }

    /// AES-128 encryption of one block (the cipher's key schedule is wiped on drop).
    fn encrypt_block(&self, block: [u8; CRYPTOGRAM_LEN]) -> [u8; CRYPTOGRAM_LEN] {
        let key: &[u8; KEY_LEN] = &self.bytes;
        let cipher = Aes128::new(key.into());
        let mut block = aes::Block::from(block);
        cipher.encrypt_block(&mut block);
        block.into()
    }
}

/// Parses 32 hex digits with separators into a key, keeping every copy in zeroizing buffers.
fn parse_hex(text: &str) -> Result<TerminalKey, KeyProblem> {
    let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != b':')
            .collect(),
    );
    if !compact.iter().all(u8::is_ascii_hexdigit) {
        return Err(KeyProblem::NotHex);
    }
    if compact.len() != 2 * KEY_LEN {
        return Err(KeyProblem::Length {
            digits: compact.len(),
        });
    }
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    hex::decode_to_slice(&*compact, &mut *bytes).map_err(|_| KeyProblem::NotHex)?;
    Ok(TerminalKey { bytes })
}

#[cfg(unix)]
fn readable_by_others(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o044 != 0
}

#[cfg(not(unix))]
fn readable_by_others(_metadata: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FIPS-197 appendix C.1 (AES-128): key, plaintext, ciphertext.
    const FIPS_KEY: &str = "000102030405060708090a0b0c0d0e0f";
    const FIPS_PLAIN: &str = "00112233445566778899aabbccddeeff";
    const FIPS_CIPHER: &str = "69c4e0d86a7b0430d8cdb78070b4c55a";

    fn array<const N: usize>(text: &str) -> [u8; N] {
        hex::decode(text).unwrap().try_into().unwrap()
    }

    #[test]
    fn fips_197_appendix_c1() {
        let key = TerminalKey::from_hex(FIPS_KEY).unwrap();
        assert_eq!(key.encrypt_block(array(FIPS_PLAIN)), array(FIPS_CIPHER));
    }

    #[test]
    fn cryptogram_encrypts_challenge_then_eight_zero_bytes() {
        let challenge = [0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18];
        let block = TerminalKey::challenge_block(&challenge);
        assert_eq!(hex::encode(block), "a1b2c3d4e5f607180000000000000000");
        let key = TerminalKey::from_hex(FIPS_KEY).unwrap();
        let cryptogram = key.cryptogram(&challenge);
        assert_eq!(cryptogram, key.encrypt_block(block));
        assert!(key.matches(&challenge, &cryptogram));
        let mut wrong = cryptogram;
        wrong[15] ^= 1;
        assert!(!key.matches(&challenge, &wrong));
        assert!(!key.matches(&challenge, &cryptogram[..15]));
        assert!(!key.matches(&[0; 8], &cryptogram));
        let other = TerminalKey::from_bytes(&[0x55; 16]);
        assert!(!other.matches(&challenge, &cryptogram));
    }

    #[test]
    fn hex_accepts_separators_and_names_problems() {
        let spaced = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F";
        let colons = "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f";
        let plain = TerminalKey::from_hex(FIPS_KEY).unwrap().cryptogram(&[1; 8]);
        for text in [spaced, colons] {
            assert_eq!(
                TerminalKey::from_hex(text).unwrap().cryptogram(&[1; 8]),
                plain
            );
        }
        let problem = |text: &str| match TerminalKey::from_hex(text) {
            Err(KeyError::Invalid { problem, .. }) => problem,
            _ => panic!("accepted"),
        };
        assert_eq!(problem("00 01"), KeyProblem::Length { digits: 4 });
        assert_eq!(problem(""), KeyProblem::Length { digits: 0 });
        assert_eq!(
            problem(&format!("{FIPS_KEY}0")),
            KeyProblem::Length { digits: 33 }
        );
        assert_eq!(
            problem("000102030405060708090a0b0c0d0e0g"),
            KeyProblem::NotHex
        );
        assert_eq!(problem("é"), KeyProblem::NotHex);
    }

    #[test]
    fn load_reads_a_file_and_reports_loose_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terminal.key");
        std::fs::write(
            &path,
            "# test-only key, never a real card's\n00 01 02 03 04 05 06 07\n08 09 0A 0B 0C 0D 0E 0F\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            assert!(!TerminalKey::load(&path).unwrap().readable_by_others);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let loaded = TerminalKey::load(&path).unwrap();
        assert_eq!(loaded.readable_by_others, cfg!(unix));
        let challenge = [9; 8];
        assert_eq!(
            loaded.key.cryptogram(&challenge),
            TerminalKey::from_hex(FIPS_KEY)
                .unwrap()
                .cryptogram(&challenge)
        );
    }

    #[test]
    fn errors_never_quote_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.key");
        let secret = "7391AB7391AB7391AB7391AB7391ABZZ";
        std::fs::write(&path, secret).unwrap();
        let error = TerminalKey::load(&path).err().unwrap();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("7391"), "{shown}");
            assert!(shown.contains("bad.key"), "{shown}");
        }
        std::fs::write(&path, "7391".repeat(9)).unwrap();
        let error = TerminalKey::load(&path).err().unwrap().to_string();
        assert!(
            error.contains("found 36") && !error.contains("7391"),
            "{error}"
        );
        std::fs::write(&path, vec![b'0'; 5000]).unwrap();
        assert!(matches!(
            TerminalKey::load(&path),
            Err(KeyError::Invalid {
                problem: KeyProblem::TooLarge,
                ..
            })
        ));
        assert!(matches!(
            TerminalKey::load(&dir.path().join("missing")),
            Err(KeyError::Io { .. })
        ));
    }
}
