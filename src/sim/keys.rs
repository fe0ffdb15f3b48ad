//! The simulated card's private keys: **test-only** RSA-2048 keys that match the
//! certificates it serves (JPKI EF `000A` and `0001`).
//!
//! `tools/sim-keys` makes the keys and certificates in `src/sim/certs/` from fixed seeds,
//! byte for byte the same on every run (`.ci/test` checks the committed files against it).
//! Because the seeds are in this repository, anyone can make these keys: a signature by
//! the simulated card proves nothing, and no real system may ever trust its certificates,
//! whose issuers say "SIMULATED … NOT JPKI".

use std::sync::OnceLock;

use rsa::PrivateKey as RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;

use crate::layout::PinKind;

/// 利用者証明用秘密鍵 (JPKI EF `0017`), PKCS#8 DER, test-only.
const AUTH_KEY_DER: &[u8] = include_bytes!("certs/auth-key.der");
/// 署名用秘密鍵 (JPKI EF `001A`), PKCS#8 DER, test-only.
const SIGN_KEY_DER: &[u8] = include_bytes!("certs/sign-key.der");

/// Length of every signature: the modulus of an RSA-2048 key, in bytes.
pub const SIGNATURE_LEN: usize = 256;

/// The key whose use `kind`'s PIN authorises: auth → EF `0017`, sign → EF `001A`; `None`
/// for the PINs that guard no key (text, 住基) or a key file that does not parse.
///
/// Parsed once per process, on the first signature: a card that never signs never pays
/// for it.
pub fn private_key(kind: PinKind) -> Option<&'static RsaPrivateKey> {
    static AUTH: OnceLock<Option<RsaPrivateKey>> = OnceLock::new();
    static SIGN: OnceLock<Option<RsaPrivateKey>> = OnceLock::new();
    let (cell, der) = match kind {
        PinKind::Auth => (&AUTH, AUTH_KEY_DER),
        PinKind::Sign => (&SIGN, SIGN_KEY_DER),
        PinKind::Text | PinKind::Juki => return None,
    };
    cell.get_or_init(|| RsaPrivateKey::from_pkcs8_der(der).ok())
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts;

    #[test]
    fn both_keys_parse_and_are_rsa_2048() {
        for kind in [PinKind::Auth, PinKind::Sign] {
            let key = private_key(kind).expect("committed key parses");
            assert_eq!(key.size(), SIGNATURE_LEN, "{kind}");
        }
        assert!(private_key(PinKind::Text).is_none());
        assert!(private_key(PinKind::Juki).is_none());
    }
}
