//! Tests of the text and visual applications' key references and the reads they open, in
//! the sequences myna and jpki-cli send, and of the state a card writes back.

use super::SimCard;
use crate::sim::profile::{Preset, Profile};

const SELECT_TEXT: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
const SELECT_VISUAL: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02";

fn run(card: &mut SimCard, spaced_hex: &str) -> String {
    let bytes = hex::decode(spaced_hex.replace(' ', "")).unwrap();
    hex::encode_upper(card.process(&bytes).to_bytes())
}

/// VERIFY with ASCII `value`.
fn verify(card: &mut SimCard, value: &str) -> String {
    let mut apdu = vec![0x00, 0x20, 0x00, 0x80, u8::try_from(value.len()).unwrap()];
    apdu.extend_from_slice(value.as_bytes());
    hex::encode_upper(card.process(&apdu).to_bytes())
}

#[test]
fn myna_pin_status_sequence_answers_63cx_for_all_seven_keys() {
    // myna's `pin status`: text 0011, 0014, 0015; visual 0013, 0012; then JPKI.
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_TEXT);
    for (ief, expected) in [("00 11", "63C3"), ("00 14", "63CA"), ("00 15", "63CA")] {
        assert_eq!(run(&mut card, &format!("00 A4 02 0C 02 {ief}")), "9000");
        assert_eq!(run(&mut card, "00 20 00 80"), expected, "text {ief}");
    }
    run(&mut card, SELECT_VISUAL);
    for ief in ["00 13", "00 12", "00 11"] {
        assert_eq!(run(&mut card, &format!("00 A4 02 0C 02 {ief}")), "9000");
        assert_eq!(run(&mut card, "00 20 00 80"), "63CA", "visual {ief}");
    }
}

#[test]
fn the_text_pin_opens_my_number_and_attributes_as_myna_reads_them() {
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_TEXT);
    run(&mut card, "00 A4 02 0C 02 00 01");
    assert_eq!(
        run(&mut card, "00 B0 00 00 11"),
        "6982",
        "closed before the PIN"
    );
    run(&mut card, "00 A4 02 0C 02 00 11");
    assert_eq!(verify(&mut card, "1234"), "9000");
    run(&mut card, "00 A4 02 0C 02 00 01");
    let my_number = run(&mut card, "00 B0 00 00 11");
    assert_eq!(
        my_number,
        format!("FF100C{}FFFF9000", hex::encode_upper(b"123456789018"))
    );
    run(&mut card, "00 A4 02 0C 02 00 02");
    let head = run(&mut card, "00 B0 00 00 07");
    assert!(head.starts_with("FF20"), "{head}");
}

#[test]
fn code_a_opens_my_number_but_not_the_attributes_and_code_b_the_reverse() {
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_TEXT);
    run(&mut card, "00 A4 02 0C 02 00 14");
    assert_eq!(verify(&mut card, "123456789018"), "9000");
    run(&mut card, "00 A4 02 0C 02 00 01");
    assert!(run(&mut card, "00 B0 00 00 11").ends_with("9000"));
    run(&mut card, "00 A4 02 0C 02 00 02");
    assert_eq!(run(&mut card, "00 B0 00 00 07"), "6982");
    run(&mut card, "00 A4 02 0C 02 00 15");
    assert_eq!(verify(&mut card, "60040120351234"), "9000");
    run(&mut card, "00 A4 02 0C 02 00 02");
    assert!(run(&mut card, "00 B0 00 00 07").ends_with("9000"));
}

#[test]
fn visual_face_opens_with_either_code_and_wrong_values_count_down() {
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_VISUAL);
    run(&mut card, "00 A4 02 0C 02 00 03");
    assert!(
        run(&mut card, "00 B0 00 00 07").starts_with("FF30"),
        "basic info needs nothing"
    );
    run(&mut card, "00 A4 02 0C 02 00 13");
    assert_eq!(
        verify(&mut card, "123456789000"),
        "63C9",
        "a wrong 照合番号A"
    );
    assert_eq!(card.to_profile().codes.visual_a.tries_left, 9);
    assert_eq!(verify(&mut card, "123456789018"), "9000");
    assert_eq!(card.to_profile().codes.visual_a.tries_left, 10);
    run(&mut card, "00 A4 02 0C 02 00 02");
    assert!(run(&mut card, "00 B0 00 00 07").starts_with("FF20"));
    run(&mut card, "00 A4 02 0C 02 00 01");
    assert_eq!(
        run(&mut card, "00 B0 00 00 07"),
        "6982",
        "the age record needs the birth key"
    );
    run(&mut card, "00 A4 02 0C 02 00 11");
    assert_eq!(verify(&mut card, "600401"), "9000");
    run(&mut card, "00 A4 02 0C 02 00 01");
    assert!(run(&mut card, "00 B0 00 00 07").starts_with("FF10"));
}

#[test]
fn a_code_key_cannot_be_changed_or_reset() {
    let mut card = SimCard::new(Profile::default());
    run(&mut card, SELECT_TEXT);
    run(&mut card, "00 A4 02 0C 02 00 14");
    verify(&mut card, "123456789018");
    assert_eq!(run(&mut card, "00 24 01 80 04 31 31 31 31"), "6985");
    assert_eq!(run(&mut card, "00 2C 02 80 04 31 31 31 31"), "6985");
}

#[test]
fn a_changed_card_writes_back_a_description_of_its_state() {
    let mut card = SimCard::new(Preset::named("fresh").unwrap().profile());
    assert_eq!(
        card.to_profile().description.as_deref(),
        Some("a new card: every counter full"),
        "unchanged, the description stays"
    );
    run(&mut card, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
    run(&mut card, "00 A4 02 0C 02 00 1B");
    for _ in 0..5 {
        verify(&mut card, "WRONG1");
    }
    let written = card.to_profile();
    let description = written.description.unwrap();
    assert!(
        description.contains("sign blocked (0 of 5)") && description.starts_with("preset fresh"),
        "{description}"
    );
    assert!(!description.contains("every counter full"), "{description}");
}
