//! One constructor per APDU the card layer sends, each with its bytes and its source.
//! The flows build commands only through these.

use crate::apdu::{
    Command, INS_CHANGE_KEY, INS_CHANGE_REFERENCE_DATA, INS_EXTERNAL_AUTHENTICATE,
    INS_GET_CHALLENGE, INS_READ_BINARY, INS_RESET_RETRY_COUNTER, INS_SELECT, INS_VERIFY,
};
use crate::layout::ChangeCommand;
use crate::terminal_key::{CHALLENGE_LEN, CRYPTOGRAM_LEN};

use super::Pin;

/// SELECT DF by name `00 A4 04 0C 0A <AID>` (P2 `0C`: no FCI; docs/protocol.md §1).
pub(super) fn select_application(aid: &[u8; 10]) -> Command {
    Command::new(0x00, INS_SELECT, 0x04, 0x0C).with_data(aid.to_vec())
}

/// SELECT EF `00 A4 02 0C 02 <FID>` under the current DF (docs/protocol.md §2).
pub(super) fn select_file(file_id: u16) -> Command {
    Command::new(0x00, INS_SELECT, 0x02, 0x0C).with_data(file_id.to_be_bytes().to_vec())
}

/// SELECT MF `00 A4 00 00`: the throwaway first command after a power cycle, whose answer
/// is ignored, because some cards answer that first command `6F 00` (MCARD, docs/protocol.md
/// §10.2).
pub(super) fn select_master_file() -> Command {
    Command::new(0x00, INS_SELECT, 0x00, 0x00)
}

/// READ BINARY `00 B0 00 00 Le`: the first `le` bytes of the current EF (docs/protocol.md §2.1).
pub(super) fn read_binary(le: usize) -> Command {
    Command::new(0x00, INS_READ_BINARY, 0x00, 0x00).with_le(le)
}

/// READ BINARY `00 B0 P1 P2 Le` at `offset` (P1-P2, bit 8 of P1 clear: offsets up to
/// `7FFF`; ISO 7816-4 §11.3.3), `le` up to 256 (`00`): one chunk of a certificate EF read
/// by `mynapin info` (docs/protocol.md §2.1).
pub(super) fn read_binary_at(offset: u16, le: usize) -> Command {
    let [p1, p2] = (offset & 0x7FFF).to_be_bytes();
    Command::new(0x00, INS_READ_BINARY, p1, p2).with_le(le)
}

/// The counter query, a VERIFY without data `00 20 00 80`, which consumes no try
/// (docs/protocol.md §3.1).
pub(super) fn query_counter() -> Command {
    Command::new(0x00, INS_VERIFY, 0x00, 0x80)
}

/// VERIFY `00 20 00 80 Lc <PIN>` (docs/protocol.md §4); the value is sensitive data (zeroized,
/// masked in traces).
pub(super) fn verify(pin: &Pin) -> Command {
    Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(pin.as_bytes())
}

/// The change command of `new`'s kind, carrying only the new value as sensitive data
/// (docs/protocol.md §5.1): CHANGE REFERENCE DATA `00 24 01 80 Lc <new>` (P1 `01`: the data
/// holds only the new value), or for the 住基 PIN the JICSAP CHANGE KEY
/// `80 32 00 80 Lc <new>` (MCARD `juki.rs`).
pub(super) fn change(new: &Pin) -> Command {
    let command = match new.kind().change_command() {
        ChangeCommand::ChangeReferenceData => {
            Command::new(0x00, INS_CHANGE_REFERENCE_DATA, 0x01, 0x80)
        }
        ChangeCommand::ChangeKey => Command::new(0x80, INS_CHANGE_KEY, 0x00, 0x80),
    };
    command.with_sensitive_data(new.as_bytes())
}

/// GET CHALLENGE `00 84 00 00 08`: 8 random bytes for the terminal key's cryptogram (this
/// project's definition for simulated and test cards; docs/DESIGN.md "Reset").
pub(super) fn get_challenge() -> Command {
    Command::new(0x00, INS_GET_CHALLENGE, 0x00, 0x00).with_le(CHALLENGE_LEN)
}

/// EXTERNAL AUTHENTICATE `00 82 00 00 10 <AES-128-ECB(key, challenge ‖ 00×8)>` (docs/DESIGN.md
/// "Reset"); the cryptogram is sensitive data (zeroized, masked in traces).
pub(super) fn external_authenticate(cryptogram: &[u8; CRYPTOGRAM_LEN]) -> Command {
    Command::new(0x00, INS_EXTERNAL_AUTHENTICATE, 0x00, 0x00).with_sensitive_data(cryptogram)
}

/// RESET RETRY COUNTER `00 2C 02 80 Lc <new>` on the key reference already selected (P1 `02`:
/// the data holds only the new value; ISO 7816-4 §11.5.10): sets the value and puts the
/// counter back at its maximum. The new value is sensitive data (zeroized, masked in traces).
pub(super) fn reset_retry_counter(new: &Pin) -> Command {
    Command::new(0x00, INS_RESET_RETRY_COUNTER, 0x02, 0x80).with_sensitive_data(new.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{AID_JPKI, PinKind};

    fn hex(command: &Command) -> String {
        crate::apdu::spaced_hex(&command.to_bytes().unwrap())
    }

    #[test]
    fn bytes_as_documented() {
        assert_eq!(
            hex(&select_application(&AID_JPKI)),
            "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
        );
        assert_eq!(hex(&select_file(0x001B)), "00 A4 02 0C 02 00 1B");
        assert_eq!(hex(&select_master_file()), "00 A4 00 00");
        assert_eq!(hex(&read_binary(3)), "00 B0 00 00 03");
        assert_eq!(hex(&read_binary_at(0, 256)), "00 B0 00 00 00");
        assert_eq!(hex(&read_binary_at(0x0300, 0x8E)), "00 B0 03 00 8E");
        assert_eq!(hex(&read_binary_at(0xFFFF, 1)), "00 B0 7F FF 01");
        assert_eq!(hex(&query_counter()), "00 20 00 80");
        let auth = Pin::new(PinKind::Auth, "1234").unwrap();
        assert_eq!(hex(&verify(&auth)), "00 20 00 80 04 31 32 33 34");
        assert_eq!(hex(&change(&auth)), "00 24 01 80 04 31 32 33 34");
        let juki = Pin::new(PinKind::Juki, "5678").unwrap();
        assert_eq!(hex(&change(&juki)), "80 32 00 80 04 35 36 37 38");
        assert_eq!(hex(&get_challenge()), "00 84 00 00 08");
        assert_eq!(
            hex(&external_authenticate(&[0xA5; 16])),
            "00 82 00 00 10 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5 A5"
        );
        assert_eq!(
            hex(&reset_retry_counter(&auth)),
            "00 2C 02 80 04 31 32 33 34"
        );
    }

    #[test]
    fn pin_values_are_sensitive() {
        let sign = Pin::new(PinKind::Sign, "ABCD1234").unwrap();
        assert!(verify(&sign).is_sensitive());
        assert!(change(&sign).is_sensitive());
        assert!(reset_retry_counter(&sign).is_sensitive());
        assert!(external_authenticate(&[0; 16]).is_sensitive());
        assert!(!query_counter().is_sensitive());
        assert!(!get_challenge().is_sensitive());
    }
}
