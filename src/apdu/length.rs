//! Where a command APDU's data field and Le field lie: the case detection of
//! ISO/IEC 7816-3 §12.1.3 and 7816-4 §5.1, short and extended, in one place.
//!
//! [`body_layout`] reads only the bytes that decide the layout (the first body byte and,
//! for an extended command, Lc), through a function, so that it works both on wire bytes
//! ([`super::Command::from_bytes`]) and on recorded bytes some of which are masked (the
//! trace masking, `transport/trace/mask.rs`). [`decode_le`] turns the Le field into Ne.
//!
//! | case | body after `CLA INS P1 P2`       | data      | Le        |
//! |------|----------------------------------|-----------|-----------|
//! | 1    | (none)                           | —         | —         |
//! | 2S   | `Le`                             | —         | 4..5      |
//! | 2E   | `00 Le1 Le2`                     | —         | 5..7      |
//! | 3S   | `Lc(01..FF) data`                | 5..5+Lc   | —         |
//! | 3E   | `00 Lc1 Lc2 data` (Lc ≥ 1)       | 7..7+Lc   | —         |
//! | 4S   | `Lc(01..FF) data Le`             | 5..5+Lc   | last 1    |
//! | 4E   | `00 Lc1 Lc2 data Le1 Le2`        | 7..7+Lc   | last 2    |

use std::ops::Range;

/// Length of a command header: CLA INS P1 P2.
pub const HEADER_LEN: usize = 4;

/// Largest Ne of a short command (Le `00` encodes 256).
const SHORT_MAX_NE: usize = 256;
/// Largest Ne of an extended command (Le `00 00` encodes 65536).
const EXTENDED_MAX_NE: usize = 65_536;

/// The layout of a command's body: positions in the whole command, header included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLayout {
    /// The data field; empty (at the end) for cases 1 and 2.
    pub data: Range<usize>,
    /// The Le field: 1 byte (short) or 2 bytes (extended); empty (at the end) for cases 1
    /// and 3. [`decode_le`] gives Ne from its bytes.
    pub le: Range<usize>,
}

/// Detects the case of a command of `len` bytes (ISO/IEC 7816-3 §12.1.3), reading the
/// byte at a position through `byte` (`None` for an unknown, e.g. masked, byte).
///
/// `None` when the command is shorter than its header, when the length fields do not
/// match the size (a short Lc of `00`, an extended Lc of `00 00`, a size that is neither
/// with nor without Le), or when a byte that decides the layout is unknown. The bytes of
/// the data and Le fields are never read.
pub fn body_layout(len: usize, byte: impl Fn(usize) -> Option<u8>) -> Option<BodyLayout> {
    let body = len.checked_sub(HEADER_LEN)?;
    let end = len..len;
    match body {
        // Case 1: header only.
        0 => {
            return Some(BodyLayout {
                data: end.clone(),
                le: end,
            });
        }
        // Case 2S: Le only.
        1 => {
            return Some(BodyLayout {
                data: end,
                le: HEADER_LEN..len,
            });
        }
        _ => {}
    }
    let first = byte(HEADER_LEN)?;
    if first == 0x00 && body == 3 {
        // Case 2E: 00 Le1 Le2.
        return Some(BodyLayout {
            data: end,
            le: HEADER_LEN + 1..len,
        });
    }
    let (lc, start, le_len) = if first == 0x00 {
        // Cases 3E and 4E: 00 Lc1 Lc2 data [Le1 Le2].
        let lc = u16::from_be_bytes([byte(HEADER_LEN + 1)?, byte(HEADER_LEN + 2)?]);
        (usize::from(lc), HEADER_LEN + 3, 2)
    } else {
        // Cases 3S and 4S: Lc data [Le]; an Lc of 00 is not a short Lc.
        (usize::from(first), HEADER_LEN + 1, 1)
    };
    if lc == 0 || len < start {
        return None;
    }
    let data = start..start + lc;
    match len - start {
        rest if rest == lc => Some(BodyLayout { data, le: end }),
        rest if rest == lc + le_len => Some(BodyLayout {
            le: data.end..len,
            data,
        }),
        _ => None,
    }
}

/// Ne from the bytes of an Le field: one byte (short, `00` = 256), two bytes (extended,
/// `00 00` = 65536); `None` for an empty field (no Le) or any other length.
pub fn decode_le(field: &[u8]) -> Option<usize> {
    match *field {
        [0x00] => Some(SHORT_MAX_NE),
        [le] => Some(usize::from(le)),
        [0x00, 0x00] => Some(EXTENDED_MAX_NE),
        [hi, lo] => Some(usize::from(u16::from_be_bytes([hi, lo]))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    /// The layout of `spaced`, and Ne decoded from its Le field.
    fn layout(spaced: &str) -> Option<(Range<usize>, Range<usize>, Option<usize>)> {
        let bytes = hex_bytes(spaced);
        let layout = body_layout(bytes.len(), |index| bytes.get(index).copied())?;
        let ne = decode_le(&bytes[layout.le.clone()]);
        Some((layout.data, layout.le, ne))
    }

    #[test]
    fn case_1_is_the_header_alone() {
        assert_eq!(layout("00 20 00 80"), Some((4..4, 4..4, None)));
    }

    #[test]
    fn case_2s_is_one_le_byte() {
        assert_eq!(layout("00 B0 00 00 03"), Some((5..5, 4..5, Some(3))));
        assert_eq!(layout("00 B0 00 00 00"), Some((5..5, 4..5, Some(256))));
    }

    #[test]
    fn case_2e_is_00_and_two_le_bytes() {
        assert_eq!(
            layout("00 CA 5F 51 00 01 00"),
            Some((7..7, 5..7, Some(256)))
        );
        assert_eq!(
            layout("00 CA 5F 51 00 00 00"),
            Some((7..7, 5..7, Some(65_536)))
        );
    }

    #[test]
    fn case_3s_is_lc_and_data() {
        assert_eq!(
            layout("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"),
            Some((5..15, 15..15, None))
        );
    }

    #[test]
    fn case_3e_is_00_lc1_lc2_and_data() {
        assert_eq!(
            layout("00 20 00 80 00 00 04 31 32 33 34"),
            Some((7..11, 11..11, None))
        );
    }

    #[test]
    fn case_4s_ends_with_one_le_byte() {
        assert_eq!(
            layout("00 A4 04 00 02 A0 00 10"),
            Some((5..7, 7..8, Some(16)))
        );
    }

    #[test]
    fn case_4e_ends_with_two_le_bytes() {
        assert_eq!(
            layout("80 A2 00 00 00 00 02 01 01 03 E8"),
            Some((7..9, 9..11, Some(1000)))
        );
    }

    #[test]
    fn malformed_lengths_have_no_layout() {
        for bad in [
            "",
            "00 A4 04",
            "00 A4 04 0C 0A D3 92",
            "00 20 00 80 04 31 32 33 34 00 00",
            "00 A4 04 0C 00 00 05 01",
            "00 20 00 80 00 31",
            "00 20 00 80 00 00 00 31",
        ] {
            assert_eq!(layout(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_unknown_deciding_byte_has_no_layout_but_masked_data_does() {
        let bytes = hex_bytes("00 20 00 80 04 31 32 33 34");
        let lc_unknown = |index: usize| (index != 4).then(|| bytes[index]);
        assert_eq!(body_layout(bytes.len(), lc_unknown), None);
        let data_unknown = |index: usize| (index < 5).then(|| bytes[index]);
        assert_eq!(
            body_layout(bytes.len(), data_unknown),
            Some(BodyLayout {
                data: 5..9,
                le: 9..9
            })
        );
        let extended = hex_bytes("00 20 00 80 00 00 04 31 32 33 34");
        let lc2_unknown = |index: usize| (index != 6).then(|| extended[index]);
        assert_eq!(body_layout(extended.len(), lc2_unknown), None);
        assert_eq!(
            body_layout(5, |_| None),
            Some(BodyLayout {
                data: 5..5,
                le: 4..5
            }),
            "case 2S needs no byte"
        );
    }

    #[test]
    fn le_fields_decode_to_ne() {
        assert_eq!(decode_le(&[]), None);
        assert_eq!(decode_le(&[0x01]), Some(1));
        assert_eq!(decode_le(&[0x00]), Some(256));
        assert_eq!(decode_le(&[0x01, 0x00]), Some(256));
        assert_eq!(decode_le(&[0x00, 0x00]), Some(65_536));
        assert_eq!(decode_le(&[0x00, 0x00, 0x00]), None);
    }
}
