//! The simulated card's COMPUTE DIGITAL SIGNATURE, `80 2A P1 P2 Lc <data> Le`, with the
//! test-only keys of [`crate::sim::keys`].
//!
//! What is known (docs/protocol.md §9 and §2.5): OpenSC's JPKI driver (`card-jpki.c`,
//! `jpki_set_security_env` + `jpki_compute_signature`) selects the key EF (`0017` auth,
//! `001A` sign) and sends `80 2A 00 80 Lc <DigestInfo> 00`, expecting the 256-byte
//! signature and `90 00`; myna and jpki-cli send the same. soltia48/myna-card (`ap/jpki.rs`,
//! tested against a card) names the key with P2 = `80 | SFI` instead (`97` auth, `9A` sign)
//! and found P1 `00`–`05` to choose the scheme, every other P1 answering `6A 86`:
//!
//! | P1 | data | signed |
//! |---|---|---|
//! | `00` | 1..=245 bytes, as given (a DigestInfo for a usual signature) | PKCS#1 v1.5 |
//! | `01` | the message, hashed by the card with SHA-256 | PKCS#1 v1.5 over the bare hash |
//! | `02` | a 32-byte SHA-256 hash | PKCS#1 v1.5 over its DigestInfo |
//! | `03` | the message, hashed by the card with SHA-256 | PKCS#1 v1.5 over its DigestInfo |
//! | `04` | a 32-byte SHA-256 hash | RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) |
//! | `05` | the message, hashed by the card with SHA-256 | RSASSA-PSS as for `04` |
//!
//! The answers below that no public source shows are this simulated card's choice
//! (ISO 7816-4 meanings), marked *inferred*:
//!
//! - the key's PIN not verified in this card session (the auth PIN for `0017`, the sign
//!   password for `001A`, the same verified state VERIFY sets): `69 82` (OpenSC reports it as
//!   "Security status not satisfied"); *inferred* from the sign certificate's read rule;
//! - data of a length the scheme cannot take (none, more than 245 bytes for `00`, not 32
//!   for `02`/`04`): `67 00` (myna-card says the card answers `69 85` or `67 00` without
//!   saying which when; *inferred*);
//! - Le absent: `67 00`; Le shorter than the 256-byte signature: `6C 00` (the exact length,
//!   256, ISO 7816-4 §5.1.3); *inferred*;
//! - no current EF: `69 86`; the current EF (or the one P2 names) is not a private key:
//!   `69 81`; P2 naming a file the application lacks: `6A 82`; P2 neither `80` nor
//!   `80 | SFI`: `6A 86`; *inferred*.

use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pss::Pss;
use sha2::{Digest, Sha256};

use crate::apdu::{Command, Response, StatusWord};
use crate::layout::PinKind;
use crate::sim::keys::{SIGNATURE_LEN, private_key};

use super::super::filesystem::FileBody;
use super::{SimCard, status};

/// INS of COMPUTE DIGITAL SIGNATURE with CLA `80` (the card's own command).
pub(super) const INS_COMPUTE_SIGNATURE: u8 = 0x2A;

/// The DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Most data PKCS#1 v1.5 can sign under a 2048-bit key: k − 11 bytes (RFC 8017 §9.2).
const MAX_PKCS1_DATA: usize = SIGNATURE_LEN - 11;

/// Length of a SHA-256 hash.
const SHA256_LEN: usize = 32;

/// The signature scheme P1 chooses.
#[derive(Clone, Copy)]
enum Scheme {
    /// `00`: PKCS#1 v1.5 over the data as given.
    Verbatim,
    /// `01`: PKCS#1 v1.5 over the bare SHA-256 of the data.
    HashBare,
    /// `02`: PKCS#1 v1.5 over the DigestInfo of a given SHA-256 hash.
    PrehashedDigestInfo,
    /// `03`: PKCS#1 v1.5 over the DigestInfo of the data's SHA-256.
    HashDigestInfo,
    /// `04`: RSASSA-PSS of a given SHA-256 hash.
    PrehashedPss,
    /// `05`: RSASSA-PSS of the data's SHA-256.
    HashPss,
}

impl Scheme {
    fn from_p1(p1: u8) -> Option<Self> {
        Some(match p1 {
            0x00 => Scheme::Verbatim,
            0x01 => Scheme::HashBare,
            0x02 => Scheme::PrehashedDigestInfo,
            0x03 => Scheme::HashDigestInfo,
            0x04 => Scheme::PrehashedPss,
            0x05 => Scheme::HashPss,
            _ => return None,
        })
    }

    /// Whether the scheme takes `len` bytes of data.
    fn takes(self, len: usize) -> bool {
        match self {
            Scheme::Verbatim => (1..=MAX_PKCS1_DATA).contains(&len),
            Scheme::PrehashedDigestInfo | Scheme::PrehashedPss => len == SHA256_LEN,
            // The card hashes: any data a short or extended APDU carries.
            Scheme::HashBare | Scheme::HashDigestInfo | Scheme::HashPss => len >= 1,
        }
    }
}

/// The DigestInfo of a SHA-256 hash.
fn digest_info(hash: &[u8]) -> Vec<u8> {
    let mut info = SHA256_DIGEST_INFO_PREFIX.to_vec();
    info.extend_from_slice(hash);
    info
}

impl SimCard {
    /// COMPUTE DIGITAL SIGNATURE `80 2A P1 P2`: see the module documentation.
    pub(super) fn compute_signature(&mut self, command: &Command) -> Response {
        let Some(scheme) = Scheme::from_p1(command.p1) else {
            return status(StatusWord::IncorrectP1P2);
        };
        let kind = match self.signing_key(command.p2) {
            Ok(kind) => kind,
            Err(sw) => return status(sw),
        };
        let data = command.data.as_bytes();
        let Some(le) = command.le else {
            return status(StatusWord::WrongLength);
        };
        if !scheme.takes(data.len()) {
            return status(StatusWord::WrongLength);
        }
        if !self.pins[kind.index()].verified {
            return status(StatusWord::SecurityStatusNotSatisfied);
        }
        if le < SIGNATURE_LEN {
            // 6C 00: exactly 256 bytes are available.
            return status(StatusWord::WrongLe(0x00));
        }
        let Some(key) = private_key(kind) else {
            return status(StatusWord::NoPreciseDiagnosis);
        };
        let hash = || Sha256::digest(data).to_vec();
        let signed = match scheme {
            Scheme::Verbatim => key.sign(Pkcs1v15Sign::new_unprefixed(), data),
            Scheme::HashBare => key.sign(Pkcs1v15Sign::new_unprefixed(), &hash()),
            Scheme::PrehashedDigestInfo => {
                key.sign(Pkcs1v15Sign::new_unprefixed(), &digest_info(data))
            }
            Scheme::HashDigestInfo => {
                key.sign(Pkcs1v15Sign::new_unprefixed(), &digest_info(&hash()))
            }
            Scheme::PrehashedPss => {
                key.sign_with_rng(&mut getrandom::SysRng, Pss::<Sha256>::new(), data)
            }
            Scheme::HashPss => {
                key.sign_with_rng(&mut getrandom::SysRng, Pss::<Sha256>::new(), &hash())
            }
        };
        match signed {
            Ok(signature) => Response::new(signature, StatusWord::Success),
            Err(_) => status(StatusWord::NoPreciseDiagnosis),
        }
    }

    /// The PIN guarding the key P2 names: `80` the current EF, `80 | SFI` the EF with that
    /// short identifier in the current application (`97` = `0017`, `9A` = `001A`).
    fn signing_key(&self, p2: u8) -> Result<PinKind, StatusWord> {
        let application = self
            .current_application
            .map(|index| &self.applications[index]);
        let body = match p2 {
            0x80 => self.current_body().ok_or(StatusWord::NoCurrentEf)?,
            0x81..=0x9E => application
                .ok_or(StatusWord::NoCurrentEf)?
                .file(u16::from(p2 & 0x1F))
                .ok_or(StatusWord::FileNotFound)?,
            _ => return Err(StatusWord::IncorrectP1P2),
        };
        match body {
            FileBody::PrivateKey(kind) => Ok(*kind),
            _ => Err(StatusWord::IncompatibleFileStructure),
        }
    }
}

#[cfg(test)]
mod tests;
