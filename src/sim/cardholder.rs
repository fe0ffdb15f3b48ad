//! The files of the text AP (券面事項入力補助AP) and the visual AP (券面事項確認AP), made
//! from the profile's plainly fake `[person]`.
//!
//! Layouts follow a JPKI *test* card's dumps published with soltia48/myna-card
//! (`tests/fixtures/text-0001-physical.bin`, `text-0002.bin`, `text-0005.bin`,
//! `surface-0001.bin` … `surface-0003.bin`) and what the public clients parse (myna
//! `src/text.rs`, `src/visual.rs`; jpki-rs `core/src/ap/support.rs`, `surface.rs`). Every
//! object is BER-TLV with two-byte private tags (`FF xx` constructed, `DF xx` primitive);
//! myna and jpki-rs read the fields *by position*, myna-card *by tag* and checks the
//! offset tables, so every field is present, in the card's order, with true offsets.
//!
//! What is not the real card's: the images are one 8×8 PNG (real cards carry PNGs and a
//! JPEG 2000 photo); the card's public key is a fixed placeholder modulus and the
//! signatures are zero bytes, so a client that checks them reports a mismatch; the key
//! identifiers are `9999999…`, which no J-LIS hierarchy uses (production ones start `5`,
//! the test card's `6`).

use super::profile::Person;

/// An 8×8 1-bit greyscale PNG (a cross on white), standing for every image of the card
/// face: name, address, photo, security code.
const PLACEHOLDER_PNG: [u8; 78] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x00, 0xEC, 0x74, 0x83,
    0x26, 0x00, 0x00, 0x00, 0x15, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xA8, 0x63, 0xD8, 0xCB,
    0x70, 0x9B, 0xE1, 0x39, 0x10, 0xDE, 0x06, 0xB2, 0xEA, 0x00, 0x2F, 0xE0, 0x05, 0xFB, 0xC2, 0x5C,
    0x65, 0x15, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A 16-byte key identifier no J-LIS hierarchy uses: `9999999` `08 05` `999` + 4 zero
/// bytes (the layout of myna-card's `KeyId`: 7 digits, 2 bytes, 3 digits, 4 bytes).
const FAKE_KEY_ID: [u8; 16] = *b"9999999\x08\x05999\0\0\0\0";

/// Length of an RSA-2048 modulus and of its signatures.
const RSA_LEN: usize = 256;

/// A BER length: short form below 128, else `81 xx` or `82 xx xx`.
fn ber_length(len: usize) -> Vec<u8> {
    match len {
        0..=0x7F => vec![len as u8],
        0x80..=0xFF => vec![0x81, len as u8],
        _ => {
            let [hi, lo] = (len.min(0xFFFF) as u16).to_be_bytes();
            vec![0x82, hi, lo]
        }
    }
}

/// A TLV with a two-byte tag.
fn tlv(tag: [u8; 2], value: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    out.extend(ber_length(value.len()));
    out.extend_from_slice(value);
    out
}

/// A constructed object whose first element is an offset table (tag `table_tag`) giving
/// the position, from the start of the file, of each of `fields`; then the fields.
fn with_offset_table(outer: [u8; 2], table_tag: [u8; 2], fields: &[Vec<u8>]) -> Vec<u8> {
    let table_len = 2 * fields.len();
    let table_tlv_len = 2 + ber_length(table_len).len() + table_len;
    let fields_len: usize = fields.iter().map(Vec::len).sum();
    let body_len = table_tlv_len + fields_len;
    let header_len = 2 + ber_length(body_len).len();
    let mut offsets = Vec::with_capacity(table_len);
    let mut position = header_len + table_tlv_len;
    for field in fields {
        offsets.extend((position.min(0xFFFF) as u16).to_be_bytes());
        position += field.len();
    }
    let mut body = tlv(table_tag, &offsets);
    for field in fields {
        body.extend_from_slice(field);
    }
    tlv(outer, &body)
}

/// An RSA public key value as the card writes it: `90 03 <e>` `91 82 01 00 <n>`. Here a
/// fixed placeholder modulus (not a key anyone holds).
fn placeholder_public_key() -> Vec<u8> {
    let mut modulus = vec![0xC5; RSA_LEN];
    for (index, byte) in modulus.iter_mut().enumerate().skip(1) {
        *byte = (index as u8).wrapping_mul(37) ^ 0x5A;
    }
    let mut value = tlv_one(0x90, &[0x01, 0x00, 0x01]);
    value.extend(tlv_one(0x91, &modulus));
    value
}

/// A TLV with a one-byte tag.
fn tlv_one(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(ber_length(value.len()));
    out.extend_from_slice(value);
    out
}

/// Text AP EF `0001`: `FF 10 0C` + the 12 digits + two filler bytes `FF FF`, 17 bytes
/// physically, as myna and jpki-rs read it (`00 B0 00 00 11`).
pub fn my_number_file(person: &Person) -> Vec<u8> {
    let mut file = tlv([0xFF, 0x10], person.my_number.as_bytes());
    file.extend([0xFF, 0xFF]);
    file
}

/// Text AP EF `0002`, 基本4情報: `FF 20` { `DF 21` offsets of the four fields, `DF 22`
/// name, `DF 23` address (UTF-8), `DF 24` birth date `YYYYMMDD`, `DF 25` sex }.
pub fn attributes_file(person: &Person) -> Vec<u8> {
    with_offset_table(
        [0xFF, 0x20],
        [0xDF, 0x21],
        &[
            tlv([0xDF, 0x22], person.name.as_bytes()),
            tlv([0xDF, 0x23], person.address.as_bytes()),
            tlv([0xDF, 0x24], person.birth_date.as_bytes()),
            tlv([0xDF, 0x25], person.sex.as_bytes()),
        ],
    )
}

/// Text AP EF `0005`, readable without a PIN: `FF 40` { `DF 41` 4-byte identification,
/// `DF 42` key identifier, `DF 43` 128 bytes (unknown on real cards: 32 bytes then `FF`s) }.
pub fn text_basic_info() -> Vec<u8> {
    let mut unknown = vec![0x00; 32];
    unknown.resize(128, 0xFF);
    let mut body = tlv([0xDF, 0x41], &[0x01, 0x03, 0x0E, 0x01]);
    body.extend(tlv([0xDF, 0x42], &FAKE_KEY_ID));
    body.extend(tlv([0xDF, 0x43], &unknown));
    tlv([0xFF, 0x40], &body)
}

/// Visual AP EF `0001`, the age record (opened by the date-of-birth key): `FF 10` {
/// `DF 11` birth date, `DF 12` the card's public key, `DF 13` signature }.
pub fn age_file(person: &Person) -> Vec<u8> {
    let mut body = tlv([0xDF, 0x11], person.birth_date.as_bytes());
    body.extend(tlv([0xDF, 0x12], &placeholder_public_key()));
    body.extend(tlv([0xDF, 0x13], &[0x00; RSA_LEN]));
    tlv([0xFF, 0x10], &body)
}

/// Visual AP EF `0002`, the card face: `FF 20` { `DF 21` offsets of the nine fields,
/// `DF 22` birth date, `DF 23` sex, `DF 24` the card's public key, `DF 25` name image,
/// `DF 26` address image, `DF 27` photo, `DF 28` signature, `DF 29` expiry date,
/// `DF 2A` security-code image }.
pub fn card_face_file(person: &Person) -> Vec<u8> {
    with_offset_table(
        [0xFF, 0x20],
        [0xDF, 0x21],
        &[
            tlv([0xDF, 0x22], person.birth_date.as_bytes()),
            tlv([0xDF, 0x23], person.sex.as_bytes()),
            tlv([0xDF, 0x24], &placeholder_public_key()),
            tlv([0xDF, 0x25], &PLACEHOLDER_PNG),
            tlv([0xDF, 0x26], &PLACEHOLDER_PNG),
            tlv([0xDF, 0x27], &PLACEHOLDER_PNG),
            tlv([0xDF, 0x28], &[0x00; RSA_LEN]),
            tlv([0xDF, 0x29], person.card_expiry.as_bytes()),
            tlv([0xDF, 0x2A], &PLACEHOLDER_PNG),
        ],
    )
}

/// Visual AP EF `0003`, readable without a PIN: `FF 30` { `DF 31` identification, `DF 32`
/// key identifier, `DF 33` version, `DF 34` municipality code (`99999`, none real),
/// `DF 35` key identifier + 256 bytes }.
pub fn visual_basic_info() -> Vec<u8> {
    let mut tail = FAKE_KEY_ID.to_vec();
    tail.extend([0x00; RSA_LEN]);
    let mut body = tlv([0xDF, 0x31], &[0x06, 0x03, 0x0E, 0x01]);
    body.extend(tlv([0xDF, 0x32], &FAKE_KEY_ID));
    body.extend(tlv([0xDF, 0x33], &[0x00]));
    body.extend(tlv([0xDF, 0x34], b"99999"));
    body.extend(tlv([0xDF, 0x35], &tail));
    tlv([0xFF, 0x30], &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits BER-TLV objects with 1- or 2-byte tags: (tag, value) pairs.
    fn objects(mut bytes: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let tag_len = if bytes[0] & 0x1F == 0x1F { 2 } else { 1 };
            let tag = bytes[..tag_len].to_vec();
            let (len, len_len) = match bytes[tag_len] {
                0x81 => (usize::from(bytes[tag_len + 1]), 2),
                0x82 => (
                    usize::from(u16::from_be_bytes([bytes[tag_len + 1], bytes[tag_len + 2]])),
                    3,
                ),
                short => (usize::from(short), 1),
            };
            let start = tag_len + len_len;
            out.push((tag, bytes[start..start + len].to_vec()));
            bytes = &bytes[start + len..];
        }
        out
    }

    /// Checks an offset table against where each field starts in `file`.
    fn assert_offsets_true(file: &[u8], fields: usize) {
        let outer = objects(file);
        assert_eq!(outer.len(), 1);
        let header_len = file.len() - outer[0].1.len();
        let inner = objects(&outer[0].1);
        assert_eq!(inner.len(), fields + 1);
        assert_eq!(inner[0].0, [0xDF, 0x21]);
        let table = &inner[0].1;
        let mut position = header_len + 3 + table.len();
        for (index, (tag, _)) in inner[1..].iter().enumerate() {
            let offset = usize::from(u16::from_be_bytes([table[2 * index], table[2 * index + 1]]));
            assert_eq!(offset, position, "field {index}");
            assert_eq!(
                file[offset..offset + 2],
                tag[..],
                "field {index} starts with its tag"
            );
            position += objects(&file[offset..])[0].1.len()
                + 2
                + ber_length(objects(&file[offset..])[0].1.len()).len();
        }
    }

    #[test]
    fn my_number_file_is_17_bytes_as_the_clients_read_it() {
        let file = my_number_file(&Person::default());
        assert_eq!(file.len(), 17);
        assert_eq!(file[..3], [0xFF, 0x10, 0x0C]);
        assert_eq!(&file[3..15], b"123456789018");
        assert_eq!(file[15..], [0xFF, 0xFF]);
    }

    #[test]
    fn attributes_have_the_four_fields_in_order_with_true_offsets() {
        let person = Person::default();
        let file = attributes_file(&person);
        assert_offsets_true(&file, 4);
        let inner = objects(&objects(&file)[0].1);
        assert_eq!(inner[1].1, person.name.as_bytes());
        assert_eq!(inner[2].1, person.address.as_bytes());
        assert_eq!(inner[3].1, b"19850401");
        assert_eq!(inner[4].1, b"2");
        // A long address moves the header to the long form and every offset with it.
        let long = Person {
            address: "見本".repeat(40),
            ..Person::default()
        };
        assert_offsets_true(&attributes_file(&long), 4);
    }

    #[test]
    fn card_face_has_nine_fields_with_true_offsets() {
        let file = card_face_file(&Person::default());
        assert_offsets_true(&file, 9);
        let inner = objects(&objects(&file)[0].1);
        assert_eq!(inner[1].1, b"19850401");
        assert_eq!(inner[8].1, b"20350401");
        let key = objects(&inner[3].1);
        assert_eq!(
            (key[0].0.clone(), key[1].0.clone()),
            (vec![0x90], vec![0x91])
        );
        assert_eq!(key[1].1.len(), RSA_LEN);
    }

    #[test]
    fn basic_info_and_age_record_parse() {
        for file in [
            text_basic_info(),
            visual_basic_info(),
            age_file(&Person::default()),
        ] {
            let outer = objects(&file);
            assert_eq!(outer.len(), 1);
            assert!(objects(&outer[0].1).len() >= 3);
        }
    }
}
