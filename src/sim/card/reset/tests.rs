//! Tests of the reset commands: every answer of GET CHALLENGE, EXTERNAL AUTHENTICATE and
//! RESET RETRY COUNTER, the counters after every step, and no panic on any bytes.

use proptest::prelude::*;

use super::super::SimCard;
use crate::layout::PinKind;
use crate::sim::profile::{Profile, TEST_TERMINAL_KEY, TerminalProfile};
use crate::terminal_key::TerminalKey;

const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
const SELECT_TEXT_AP: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
const SELECT_JUKI_AP: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01";
const SELECT_AUTH_PIN: &str = "00 A4 02 0C 02 00 18";
const SELECT_SIGN_PIN: &str = "00 A4 02 0C 02 00 1B";
const SELECT_TEXT_PIN: &str = "00 A4 02 0C 02 00 11";
const SELECT_JUKI_PIN: &str = "00 A4 02 0C 02 00 1C";
const VERIFY_AUTH: &str = "00 20 00 80 04 31 32 33 34";
const VERIFY_SIGN: &str = "00 20 00 80 08 41 42 43 44 31 32 33 34";
/// RESET RETRY COUNTER with the new 4-digit value `5678`.
const RESET_5678: &str = "00 2C 02 80 04 35 36 37 38";

fn card() -> SimCard {
    SimCard::new(Profile::default()).with_seeded_challenges(7)
}

fn bytes(spaced_hex: &str) -> Vec<u8> {
    hex::decode(spaced_hex.replace(' ', "")).unwrap()
}

fn run(card: &mut SimCard, spaced_hex: &str) -> String {
    hex::encode_upper(card.process(&bytes(spaced_hex)).to_bytes())
}

fn test_key() -> TerminalKey {
    TerminalKey::from_hex(TEST_TERMINAL_KEY).unwrap()
}

/// GET CHALLENGE, checked, returning the challenge.
fn challenge(card: &mut SimCard) -> [u8; 8] {
    let response = card.process(&bytes("00 84 00 00 08")).to_bytes();
    assert_eq!(response.len(), 10, "{response:02X?}");
    assert_eq!(response[8..], [0x90, 0x00]);
    response[..8].try_into().unwrap()
}

fn external_authenticate(card: &mut SimCard, cryptogram: &[u8; 16]) -> String {
    let mut apdu = bytes("00 82 00 00 10");
    apdu.extend_from_slice(cryptogram);
    hex::encode_upper(card.process(&apdu).to_bytes())
}

/// GET CHALLENGE then EXTERNAL AUTHENTICATE with `key`'s cryptogram.
fn authenticate_with(card: &mut SimCard, key: &TerminalKey) -> String {
    let challenge = challenge(card);
    external_authenticate(card, &key.cryptogram(&challenge))
}

fn terminal_tries(card: &SimCard) -> u8 {
    card.terminal().unwrap().tries_left
}

#[test]
fn get_challenge_answers() {
    let mut card = card();
    let first = challenge(&mut card);
    let second = challenge(&mut card);
    assert_ne!(first, second, "a fresh challenge each time");
    assert_eq!(run(&mut card, "00 84 00 01 08"), "6A86");
    assert_eq!(run(&mut card, "00 84 01 00 08"), "6A86");
    assert_eq!(run(&mut card, "00 84 00 00 10"), "6700");
    assert_eq!(run(&mut card, "00 84 00 00 00"), "6700", "Le 256");
    assert_eq!(run(&mut card, "00 84 00 00"), "6700", "no Le");
    assert_eq!(run(&mut card, "00 84 00 00 01 00 08"), "6700", "data");
    assert_eq!(run(&mut card, "80 84 00 00 08"), "6D00");
}

#[test]
fn os_challenges_are_unpredictable() {
    let mut card = SimCard::new(Profile::default());
    let challenges: Vec<_> = (0..4).map(|_| challenge(&mut card)).collect();
    for (i, a) in challenges.iter().enumerate() {
        for b in &challenges[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn external_authenticate_succeeds_once_per_challenge() {
    let mut card = card();
    assert!(!card.terminal().unwrap().authenticated);
    let challenge = challenge(&mut card);
    let cryptogram = test_key().cryptogram(&challenge);
    assert_eq!(external_authenticate(&mut card, &cryptogram), "9000");
    let terminal = card.terminal().unwrap();
    assert!(terminal.authenticated);
    assert_eq!((terminal.tries_left, terminal.max_tries), (3, 3));
    assert_eq!(
        external_authenticate(&mut card, &cryptogram),
        "6985",
        "the challenge was used"
    );
    assert_eq!(terminal_tries(&card), 3, "6985 costs no try");
    card.reset();
    assert!(!card.terminal().unwrap().authenticated, "reset clears it");
}

#[test]
fn a_challenge_is_consumed_whatever_the_result() {
    let mut card = card();
    let used = challenge(&mut card);
    assert_eq!(run(&mut card, "00 82 00 00 04 00 00 00 00"), "6700");
    assert_eq!(
        external_authenticate(&mut card, &test_key().cryptogram(&used)),
        "6985",
        "a malformed EXTERNAL AUTHENTICATE consumed the challenge"
    );
    let used = challenge(&mut card);
    assert_eq!(
        run(
            &mut card,
            "00 82 00 01 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        "6A86"
    );
    assert_eq!(
        external_authenticate(&mut card, &test_key().cryptogram(&used)),
        "6985"
    );
    let used = challenge(&mut card);
    card.reset();
    assert_eq!(
        external_authenticate(&mut card, &test_key().cryptogram(&used)),
        "6985",
        "a reset clears the challenge"
    );
    assert_eq!(terminal_tries(&card), 3);
    // Only the latest challenge counts.
    let old = challenge(&mut card);
    let _new = challenge(&mut card);
    assert_eq!(
        external_authenticate(&mut card, &test_key().cryptogram(&old)),
        "63C2"
    );
}

#[test]
fn wrong_cryptograms_count_down_and_block() {
    let mut card = card();
    let wrong = TerminalKey::from_bytes(&[0x55; 16]);
    assert_eq!(authenticate_with(&mut card, &wrong), "63C2");
    assert_eq!(terminal_tries(&card), 2);
    assert_eq!(
        authenticate_with(&mut card, &test_key()),
        "9000",
        "restores the counter"
    );
    assert_eq!(terminal_tries(&card), 3);
    assert_eq!(authenticate_with(&mut card, &wrong), "63C2");
    assert!(
        !card.terminal().unwrap().authenticated,
        "a failure drops the authentication"
    );
    assert_eq!(authenticate_with(&mut card, &wrong), "63C1");
    assert_eq!(
        authenticate_with(&mut card, &wrong),
        "63C0",
        "the try that uses it up"
    );
    assert_eq!(terminal_tries(&card), 0);
    assert_eq!(
        authenticate_with(&mut card, &test_key()),
        "6983",
        "blocked even with the right key"
    );
    assert_eq!(authenticate_with(&mut card, &wrong), "6983");
    assert_eq!(
        external_authenticate(&mut card, &[0; 16]),
        "6983",
        "blocked before the missing challenge"
    );
    assert_eq!(terminal_tries(&card), 0);
    assert!(!card.terminal().unwrap().authenticated);
    assert_eq!(card.to_profile().terminal.unwrap().tries_left, 0);
}

#[test]
fn external_authenticate_length_and_parameter_errors() {
    let mut card = card();
    challenge(&mut card);
    assert_eq!(
        run(
            &mut card,
            "00 82 00 00 11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        "6700"
    );
    challenge(&mut card);
    assert_eq!(
        run(
            &mut card,
            "00 82 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        "6700",
        "Le present"
    );
    assert_eq!(run(&mut card, "00 82 00 00"), "6700");
    assert_eq!(run(&mut card, "00 82 01 00"), "6A86");
    assert_eq!(
        terminal_tries(&card),
        3,
        "no try lost to a malformed command"
    );
}

#[test]
fn a_card_without_terminal_key_answers_6a88() {
    let mut card = SimCard::new(Profile {
        terminal: None,
        ..Profile::default()
    });
    assert_eq!(card.terminal(), None);
    let challenge = challenge(&mut card);
    assert_eq!(
        external_authenticate(&mut card, &test_key().cryptogram(&challenge)),
        "6A88"
    );
    // A profile built in code with a broken key: no key either, no panic.
    let mut card = SimCard::new(Profile {
        terminal: Some(TerminalProfile {
            key: "not hex".into(),
            ..TerminalProfile::test_default()
        }),
        ..Profile::default()
    });
    assert_eq!(card.terminal(), None);
    assert_eq!(external_authenticate(&mut card, &[0; 16]), "6A88");
}

#[test]
fn the_other_jpki_password_authorises_a_reset() {
    let mut card = card();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_SIGN_PIN);
    for _ in 0..5 {
        run(&mut card, "00 20 00 80 06 5A 5A 5A 31 32 33");
    }
    assert_eq!(card.pin(PinKind::Sign).tries_left, 0, "sign blocked");
    assert_eq!(
        run(&mut card, "00 2C 02 80 06 4E 45 57 31 32 33"),
        "6982",
        "auth not verified yet"
    );
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, VERIFY_AUTH), "9000");
    run(&mut card, SELECT_SIGN_PIN);
    assert_eq!(
        run(&mut card, "00 2C 02 80 06 6E 65 77 31 32 33"),
        "6A80",
        "lower case is not a sign password"
    );
    assert_eq!(
        card.pin(PinKind::Sign).tries_left,
        0,
        "6A80 changes nothing"
    );
    assert_eq!(run(&mut card, "00 2C 02 80 06 4E 45 57 31 32 33"), "9000");
    let sign = card.pin(PinKind::Sign);
    assert_eq!((sign.tries_left, sign.verified), (5, false));
    assert_eq!(card.to_profile().pins.sign.value, "NEW123");
    assert_eq!(run(&mut card, "00 20 00 80 06 4E 45 57 31 32 33"), "9000");

    // The reverse: sign verified authorises auth, and the reset clears auth's verified flag.
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, "00 20 00 80 04 39 39 39 39"), "63C2");
    assert_eq!(run(&mut card, RESET_5678), "9000");
    let auth = card.pin(PinKind::Auth);
    assert_eq!((auth.tries_left, auth.verified), (3, false));
    assert_eq!(run(&mut card, "00 20 00 80 04 35 36 37 38"), "9000");
    assert!(card.pin(PinKind::Auth).verified);
    assert_eq!(run(&mut card, "00 2C 02 80 04 31 31 31 31"), "9000");
    assert!(!card.pin(PinKind::Auth).verified, "reset clears verified");

    // A PIN's own verification does not authorise its reset.
    card.reset();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, "00 20 00 80 04 31 31 31 31"), "9000");
    assert_eq!(run(&mut card, RESET_5678), "6982");
}

#[test]
fn a_power_off_ends_the_authorisation() {
    let mut card = card();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_SIGN_PIN);
    run(&mut card, VERIFY_SIGN);
    assert_eq!(authenticate_with(&mut card, &test_key()), "9000");
    card.reset();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, RESET_5678), "6982");
}

#[test]
fn the_terminal_authorises_auth_sign_and_text_but_never_juki() {
    let mut card = card();
    assert_eq!(authenticate_with(&mut card, &test_key()), "9000");
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, RESET_5678), "9000");
    run(&mut card, SELECT_SIGN_PIN);
    assert_eq!(
        run(&mut card, "00 2C 02 80 04 35 36 37 38"),
        "6A80",
        "sign needs 6 to 16 of A-Z and 0-9"
    );
    assert_eq!(run(&mut card, "00 2C 02 80 06 41 42 43 31 32 33"), "9000");
    run(&mut card, SELECT_TEXT_AP);
    run(&mut card, SELECT_TEXT_PIN);
    assert_eq!(run(&mut card, "00 2C 02 80 04 41 42 43 44"), "6A80");
    assert_eq!(run(&mut card, "00 2C 02 80 05 31 32 33 34 35"), "6A80");
    assert_eq!(run(&mut card, RESET_5678), "9000");
    assert_eq!(card.to_profile().pins.text.value, "5678");
    run(&mut card, "00 A4 02 0C 02 00 12");
    assert_eq!(run(&mut card, RESET_5678), "6984", "the always-blocked key");
    run(&mut card, SELECT_JUKI_AP);
    run(&mut card, SELECT_JUKI_PIN);
    assert_eq!(run(&mut card, "00 20 00 80 04 31 32 33 34"), "9000");
    assert_eq!(run(&mut card, RESET_5678), "6982", "住基 never");
    assert_eq!(card.to_profile().pins.juki.value, "1234");
    assert!(
        card.terminal().unwrap().authenticated,
        "for the whole session"
    );
}

#[test]
fn text_is_not_reset_by_a_jpki_password() {
    let mut card = card();
    run(&mut card, SELECT_JPKI);
    run(&mut card, SELECT_AUTH_PIN);
    run(&mut card, VERIFY_AUTH);
    run(&mut card, SELECT_SIGN_PIN);
    run(&mut card, VERIFY_SIGN);
    run(&mut card, SELECT_TEXT_AP);
    run(&mut card, SELECT_TEXT_PIN);
    assert_eq!(run(&mut card, RESET_5678), "6982");
}

#[test]
fn reset_retry_counter_format_errors() {
    let mut card = card();
    assert_eq!(run(&mut card, RESET_5678), "6986", "nothing selected");
    run(&mut card, SELECT_JPKI);
    assert_eq!(run(&mut card, RESET_5678), "6986", "no EF selected");
    run(&mut card, "00 A4 02 0C 02 00 06");
    assert_eq!(run(&mut card, RESET_5678), "6986", "not a PIN IEF");
    run(&mut card, SELECT_AUTH_PIN);
    assert_eq!(run(&mut card, "00 2C 02 80"), "6700", "no data");
    assert_eq!(
        run(
            &mut card,
            "00 2C 02 80 11 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31"
        ),
        "6700"
    );
    assert_eq!(
        run(&mut card, "00 2C 02 80 04 35 36 37 38 00"),
        "6700",
        "Le"
    );
    assert_eq!(run(&mut card, "00 2C 03 80"), "6A86");
    assert_eq!(run(&mut card, "00 2C 00 80 04 35 36 37 38"), "6A86");
    assert_eq!(run(&mut card, "00 2C 01 80 04 35 36 37 38"), "6A86");
    assert_eq!(run(&mut card, "00 2C 02 81 04 35 36 37 38"), "6A86");
    assert_eq!(card.pin(PinKind::Auth).tries_left, 3);
}

#[test]
fn the_state_file_keeps_the_terminal_counter() {
    let mut card = card();
    authenticate_with(&mut card, &TerminalKey::from_bytes(&[1; 16]));
    let profile = card.to_profile();
    let terminal = profile.terminal.as_ref().unwrap();
    assert_eq!((terminal.tries_left, terminal.max_tries), (2, 3));
    assert_eq!(terminal.key, TEST_TERMINAL_KEY);
    let mut again = SimCard::new(profile).with_seeded_challenges(1);
    assert_eq!(terminal_tries(&again), 2);
    assert_eq!(
        authenticate_with(&mut again, &TerminalKey::from_bytes(&[1; 16])),
        "63C1"
    );
}

#[test]
fn a_code_built_counter_is_kept_within_63cx() {
    let mut card = SimCard::new(Profile {
        terminal: Some(TerminalProfile {
            tries_left: 200,
            max_tries: 0,
            ..TerminalProfile::test_default()
        }),
        ..Profile::default()
    });
    let terminal = card.terminal().unwrap();
    assert_eq!((terminal.tries_left, terminal.max_tries), (1, 1));
    assert_eq!(
        authenticate_with(&mut card, &TerminalKey::from_bytes(&[1; 16])),
        "63C0"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random APDUs (with the reset instructions over-represented) after a session that
    /// may have authenticated: no panic, and always a status word.
    #[test]
    fn no_panic_on_any_bytes(
        authenticated in any::<bool>(),
        apdus in proptest::collection::vec(
            (
                prop_oneof![Just(0x00u8), Just(0x80), any::<u8>()],
                prop_oneof![Just(0x84u8), Just(0x82), Just(0x2C), Just(0xA4), Just(0x20), any::<u8>()],
                proptest::collection::vec(any::<u8>(), 0..24),
            ),
            1..12,
        ),
    ) {
        let mut card = card();
        if authenticated {
            prop_assert_eq!(authenticate_with(&mut card, &test_key()), "9000");
        }
        run(&mut card, SELECT_JPKI);
        run(&mut card, SELECT_AUTH_PIN);
        for (cla, ins, tail) in apdus {
            let mut apdu = vec![cla, ins];
            apdu.extend(tail);
            let response = card.process(&apdu).to_bytes();
            prop_assert!(response.len() >= 2);
            let terminal = card.terminal().unwrap();
            prop_assert!(terminal.tries_left <= terminal.max_tries);
            for kind in PinKind::ALL {
                let pin = card.pin(kind);
                prop_assert!(pin.tries_left <= pin.max_tries);
            }
        }
    }
}
