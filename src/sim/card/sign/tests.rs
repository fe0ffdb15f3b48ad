//! Tests of COMPUTE DIGITAL SIGNATURE: each scheme's signature checked with the public key
//! of the certificate the card serves (read back through READ BINARY), and every refusal.

use rsa::PublicKey as RsaPublicKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePublicKey;
use rsa::pss::Pss;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

use super::super::SimCard;
use super::{SHA256_DIGEST_INFO_PREFIX, digest_info};
use crate::sim::profile::Profile;

const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
const SELECT_AUTH_PIN: &str = "00 A4 02 0C 02 00 18";
const SELECT_SIGN_PIN: &str = "00 A4 02 0C 02 00 1B";
const SELECT_AUTH_KEY: &str = "00 A4 02 0C 02 00 17";
const SELECT_SIGN_KEY: &str = "00 A4 02 0C 02 00 1A";
const VERIFY_AUTH: &str = "00 20 00 80 04 31 32 33 34";
const VERIFY_SIGN: &str = "00 20 00 80 08 41 42 43 44 31 32 33 34";

fn bytes(spaced_hex: &str) -> Vec<u8> {
    hex::decode(spaced_hex.replace(' ', "")).unwrap()
}

fn run(card: &mut SimCard, spaced_hex: &str) -> String {
    hex::encode_upper(card.process(&bytes(spaced_hex)).to_bytes())
}

/// `80 2A P1 P2 Lc <data> 00`, as OpenSC's `jpki_compute_signature` builds it.
fn sign_apdu(p1: u8, p2: u8, data: &[u8]) -> Vec<u8> {
    let mut apdu = vec![0x80, 0x2A, p1, p2, u8::try_from(data.len()).unwrap()];
    apdu.extend_from_slice(data);
    apdu.push(0x00);
    apdu
}

/// The signature and the status word, as hex.
fn sign(card: &mut SimCard, p1: u8, p2: u8, data: &[u8]) -> (Vec<u8>, String) {
    let response = card.process(&sign_apdu(p1, p2, data)).to_bytes();
    let (body, sw) = response.split_at(response.len() - 2);
    (body.to_vec(), hex::encode_upper(sw))
}

/// The whole file under the current EF, read as a client does: 256-byte chunks until
/// the card says the offset is past the end.
fn read_file(card: &mut SimCard, ef: &str) -> Vec<u8> {
    assert_eq!(run(card, &format!("00 A4 02 0C 02 {ef}")), "9000");
    let mut content = Vec::new();
    loop {
        let [hi, lo] = u16::try_from(content.len()).unwrap().to_be_bytes();
        let response = card.process(&[0x00, 0xB0, hi, lo, 0x00]).to_bytes();
        let (body, sw) = response.split_at(response.len() - 2);
        if sw != [0x90, 0x00] {
            break;
        }
        content.extend_from_slice(body);
    }
    content
}

/// The public key of the certificate in `ef`, as the card serves it.
fn served_key(card: &mut SimCard, ef: &str) -> RsaPublicKey {
    let der = read_file(card, ef);
    let certificate = Certificate::from_der(&der).expect("the served file is one certificate");
    let spki = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .unwrap();
    RsaPublicKey::from_public_key_der(&spki).unwrap()
}

fn digest_info_of(message: &[u8]) -> Vec<u8> {
    digest_info(&Sha256::digest(message))
}

/// A card with the JPKI AP selected and `pin` verified.
fn verified(select_pin: &str, verify: &str) -> SimCard {
    let mut card = SimCard::new(Profile::default());
    assert_eq!(run(&mut card, SELECT_JPKI), "9000");
    assert_eq!(run(&mut card, select_pin), "9000");
    assert_eq!(run(&mut card, verify), "9000");
    card
}

#[test]
fn the_digest_info_prefix_is_sha256s() {
    // RFC 8017 §9.2 note 1: SHA-256's DigestInfo is 30 31 30 0d 06 09 60 86 48 01 65 03 04
    // 02 01 05 00 04 20 || H; the rsa crate's own prefix for SHA-256 must agree.
    let from_crate = Pkcs1v15Sign::new::<Sha256>();
    let hash = Sha256::digest(b"x");
    let ours = digest_info(&hash);
    assert_eq!(ours.len(), SHA256_DIGEST_INFO_PREFIX.len() + 32);
    let key = crate::sim::keys::private_key(crate::layout::PinKind::Auth).unwrap();
    let theirs = key.sign(from_crate, &hash).unwrap();
    let mine = key.sign(Pkcs1v15Sign::new_unprefixed(), &ours).unwrap();
    assert_eq!(theirs, mine);
}

#[test]
fn openscs_sequence_signs_with_the_auth_key_and_the_served_certificate_verifies_it() {
    let mut card = verified(SELECT_AUTH_PIN, VERIFY_AUTH);
    assert_eq!(run(&mut card, SELECT_AUTH_KEY), "9000");
    let message = b"mynapin simulated card: a message to sign";
    let (signature, sw) = sign(&mut card, 0x00, 0x80, &digest_info_of(message));
    assert_eq!(sw, "9000");
    assert_eq!(signature.len(), 256);
    let key = served_key(&mut card, "00 0A");
    key.verify(
        Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(message),
        &signature,
    )
    .expect("the auth certificate's key verifies the signature");
    let sign_certificate_key = {
        let mut other = verified(SELECT_SIGN_PIN, VERIFY_SIGN);
        served_key(&mut other, "00 01")
    };
    assert!(
        sign_certificate_key
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(message),
                &signature
            )
            .is_err(),
        "and the other key does not"
    );
}

#[test]
fn the_sign_key_needs_the_sign_password_and_matches_the_sign_certificate() {
    let mut card = verified(SELECT_AUTH_PIN, VERIFY_AUTH);
    assert_eq!(run(&mut card, SELECT_SIGN_KEY), "9000");
    let data = digest_info_of(b"document");
    assert_eq!(
        sign(&mut card, 0x00, 0x80, &data).1,
        "6982",
        "the auth PIN does not open the sign key"
    );
    assert_eq!(run(&mut card, SELECT_SIGN_PIN), "9000");
    assert_eq!(run(&mut card, VERIFY_SIGN), "9000");
    assert_eq!(run(&mut card, SELECT_SIGN_KEY), "9000");
    let (signature, sw) = sign(&mut card, 0x00, 0x80, &data);
    assert_eq!(sw, "9000");
    served_key(&mut card, "00 01")
        .verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(b"document"),
            &signature,
        )
        .expect("the sign certificate's key verifies it");
}

#[test]
fn without_the_pin_in_this_card_session_the_answer_is_6982() {
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_KEY);
    assert_eq!(sign(&mut card, 0x00, 0x80, &digest_info_of(b"m")).1, "6982");
    let mut card = verified(SELECT_AUTH_PIN, VERIFY_AUTH);
    card.reset();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_KEY);
    assert_eq!(
        sign(&mut card, 0x00, 0x80, &digest_info_of(b"m")).1,
        "6982",
        "a power-off ends the verified state"
    );
}

#[test]
fn every_scheme_of_p1_verifies_as_myna_card_describes_it() {
    let message = b"scheme test";
    let hash = Sha256::digest(message);
    let mut card = verified(SELECT_AUTH_PIN, VERIFY_AUTH);
    let key = served_key(&mut card, "00 0A");
    // P2 = 80 | SFI names the key without a SELECT (myna-card).
    let cases: [(u8, Vec<u8>); 6] = [
        (0x00, digest_info(&hash)),
        (0x01, message.to_vec()),
        (0x02, hash.to_vec()),
        (0x03, message.to_vec()),
        (0x04, hash.to_vec()),
        (0x05, message.to_vec()),
    ];
    for (p1, data) in cases {
        let (signature, sw) = sign(&mut card, p1, 0x97, &data);
        assert_eq!(sw, "9000", "P1 {p1:02X}");
        let checked = match p1 {
            0x00 | 0x02 | 0x03 => key.verify(Pkcs1v15Sign::new::<Sha256>(), &hash, &signature),
            0x01 => key.verify(Pkcs1v15Sign::new_unprefixed(), &hash, &signature),
            _ => key.verify(Pss::<Sha256>::new(), &hash, &signature),
        };
        checked.unwrap_or_else(|error| panic!("P1 {p1:02X}: {error}"));
    }
}

#[test]
fn refusals() {
    let mut card = verified(SELECT_AUTH_PIN, VERIFY_AUTH);
    let info = digest_info_of(b"m");
    assert_eq!(
        sign(&mut card, 0x06, 0x97, &info).1,
        "6A86",
        "unknown scheme"
    );
    assert_eq!(
        sign(&mut card, 0x00, 0x17, &info).1,
        "6A86",
        "P2 not 80 or 80|SFI"
    );
    assert_eq!(
        sign(&mut card, 0x00, 0x80, &info).1,
        "6981",
        "the current EF is the PIN, not a key"
    );
    assert_eq!(sign(&mut card, 0x00, 0x98, &info).1, "6981", "SFI of a PIN");
    assert_eq!(sign(&mut card, 0x00, 0x99, &info).1, "6A82", "no EF 0019");
    assert_eq!(sign(&mut card, 0x00, 0x97, &[0u8; 246]).1.len(), 4);
    assert_eq!(
        sign(&mut card, 0x00, 0x97, &[0u8; 246]).1,
        "6700",
        "over k-11"
    );
    assert_eq!(
        sign(&mut card, 0x02, 0x97, &[0u8; 31]).1,
        "6700",
        "not a hash"
    );
    assert_eq!(
        sign(&mut card, 0x04, 0x97, &[0u8; 33]).1,
        "6700",
        "not a hash"
    );
    let mut no_le = sign_apdu(0x00, 0x97, &info);
    no_le.pop();
    assert_eq!(hex::encode_upper(card.process(&no_le).to_bytes()), "6700");
    let mut short_le = sign_apdu(0x00, 0x97, &info);
    *short_le.last_mut().unwrap() = 0x80;
    assert_eq!(
        hex::encode_upper(card.process(&short_le).to_bytes()),
        "6C00",
        "Le below 256: the exact length is 256"
    );
    let mut fresh = SimCard::new(Profile::default());
    assert_eq!(
        sign(&mut fresh, 0x00, 0x80, &info).1,
        "6986",
        "nothing selected"
    );
    assert_eq!(
        sign(&mut fresh, 0x00, 0x97, &info).1,
        "6986",
        "no application"
    );
}

#[test]
fn a_card_without_the_signature_certificate_has_no_sign_key() {
    let mut card = SimCard::new(Profile {
        signature_certificate: false,
        ..Profile::default()
    });
    run(&mut card, SELECT_JPKI);
    assert_eq!(run(&mut card, SELECT_SIGN_KEY), "6A82");
    assert_eq!(sign(&mut card, 0x00, 0x9A, &digest_info_of(b"m")).1, "6A82");
}
