//! The vpcd wire format (docs/pcscd-vpcd.md §4): every message is a 2-byte big-endian length
//! N and N bytes; a 1-byte frame is a control byte, a longer one a command APDU.
//! [`FrameDecoder`] reassembles frames from reads of any size; [`encode_frame`] builds one
//! reply in one buffer, so that it goes out in one write.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::link::READ_CHUNK;

/// Largest frame body: the length prefix is 16 bits.
pub const MAX_FRAME_BODY: usize = u16::MAX as usize;

/// A control byte (a 1-byte frame from vpcd).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// `00`: power off.
    PowerOff,
    /// `01`: power on (cold reset).
    PowerOn,
    /// `02`: warm reset.
    Reset,
    /// `04`: send the ATR.
    GetAtr,
    /// Any other byte: ignored.
    Unknown(u8),
}

impl Control {
    /// Decodes the byte.
    pub fn from_byte(byte: u8) -> Self {
        match byte {
            0x00 => Control::PowerOff,
            0x01 => Control::PowerOn,
            0x02 => Control::Reset,
            0x04 => Control::GetAtr,
            other => Control::Unknown(other),
        }
    }

    /// The byte on the wire.
    pub fn byte(self) -> u8 {
        match self {
            Control::PowerOff => 0x00,
            Control::PowerOn => 0x01,
            Control::Reset => 0x02,
            Control::GetAtr => 0x04,
            Control::Unknown(byte) => byte,
        }
    }
}

impl fmt::Display for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Control::PowerOff => "power off",
            Control::PowerOn => "power on",
            Control::Reset => "reset",
            Control::GetAtr => "get ATR",
            Control::Unknown(_) => "unknown, ignored",
        };
        write!(f, "{:02X} ({name})", self.byte())
    }
}

/// One message from vpcd. Its `Debug` shows a command's length, never its bytes (a
/// VERIFY carries a PIN).
#[derive(PartialEq, Eq)]
pub enum Message {
    /// A 1-byte frame.
    Control(Control),
    /// A frame of 2 bytes or more: a command APDU (kept in a wiping buffer).
    Apdu(Zeroizing<Vec<u8>>),
    /// A 0-byte frame (vpcd never sends one; ignored).
    Empty,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Control(control) => write!(f, "Control({control})"),
            Message::Apdu(bytes) => write!(f, "Apdu({} bytes)", bytes.len()),
            Message::Empty => f.write_str("Empty"),
        }
    }
}

impl Message {
    /// Classifies a frame body by its length (§4: a 1-byte frame is always control).
    pub fn from_frame(body: Zeroizing<Vec<u8>>) -> Self {
        match body.as_slice() {
            [] => Message::Empty,
            [byte] => Message::Control(Control::from_byte(*byte)),
            _ => Message::Apdu(body),
        }
    }
}

/// Encodes one frame: the 2-byte big-endian length, then the body, in one buffer (so that
/// it goes out in one write). Bodies over 65535 bytes cannot be framed.
pub fn encode_frame(body: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let length = u16::try_from(body.len()).ok()?;
    let mut frame = Zeroizing::new(Vec::with_capacity(2 + body.len()));
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(body);
    Some(frame)
}

/// Reassembles frames from bytes as they arrive, in any split.
///
/// Its buffer is allocated once for the largest frame plus one read, so it never moves
/// (a reallocation would leave stray copies of a PIN behind), and consumed bytes are wiped.
pub struct FrameDecoder {
    buffer: Zeroizing<Vec<u8>>,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder {
            buffer: Zeroizing::new(Vec::with_capacity(2 + MAX_FRAME_BODY + READ_CHUNK)),
        }
    }
}

impl fmt::Debug for FrameDecoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FrameDecoder({} bytes buffered)", self.buffer.len())
    }
}

impl FrameDecoder {
    /// Adds received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete frame's body, if one has arrived.
    pub fn next_frame(&mut self) -> Option<Zeroizing<Vec<u8>>> {
        let [hi, lo, ..] = self.buffer.as_slice() else {
            return None;
        };
        let length = usize::from(u16::from_be_bytes([*hi, *lo]));
        if self.buffer.len() < 2 + length {
            return None;
        }
        let body = Zeroizing::new(self.buffer[2..2 + length].to_vec());
        let rest = self.buffer.len() - (2 + length);
        self.buffer.copy_within(2 + length.., 0);
        self.buffer[rest..].zeroize();
        self.buffer.truncate(rest);
        Some(body)
    }

    /// Bytes of an incomplete frame waiting for the rest.
    pub fn pending(&self) -> usize {
        self.buffer.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";

    #[test]
    fn length_prefix_is_big_endian() {
        let body = vec![0xAB; 258];
        let frame = encode_frame(&body).unwrap();
        assert_eq!(&frame[..2], &[0x01, 0x02]);
        assert_eq!(frame.len(), 260);
        assert_eq!(*encode_frame(&[0x04]).unwrap(), [0x00, 0x01, 0x04]);
        assert_eq!(
            encode_frame(&vec![0; MAX_FRAME_BODY]).unwrap().len(),
            65_537
        );
        assert!(encode_frame(&vec![0; MAX_FRAME_BODY + 1]).is_none());
    }

    #[test]
    fn decoder_reassembles_any_split() {
        let mut wire = Vec::new();
        for body in [&[0x04][..], &[0x01], &hex_bytes(SELECT_JPKI), &[]] {
            wire.extend_from_slice(&encode_frame(body).unwrap());
        }
        for chunk in [1, 2, 3, 7, wire.len()] {
            let mut decoder = FrameDecoder::default();
            let mut frames = Vec::new();
            for piece in wire.chunks(chunk) {
                decoder.push(piece);
                while let Some(frame) = decoder.next_frame() {
                    frames.push(Message::from_frame(frame));
                }
            }
            assert_eq!(
                frames,
                [
                    Message::Control(Control::GetAtr),
                    Message::Control(Control::PowerOn),
                    Message::Apdu(Zeroizing::new(hex_bytes(SELECT_JPKI))),
                    Message::Empty,
                ],
                "chunks of {chunk}"
            );
            assert_eq!(decoder.pending(), 0);
        }
    }

    #[test]
    fn decoder_waits_for_the_whole_body() {
        let mut decoder = FrameDecoder::default();
        decoder.push(&[0x01]);
        assert!(decoder.next_frame().is_none(), "half a length prefix");
        decoder.push(&[0x2C, 0xAA]);
        assert!(decoder.next_frame().is_none(), "1 of 300 body bytes");
        assert_eq!(decoder.pending(), 3);
        decoder.push(&[0xBB; 299]);
        decoder.push(&[0x00, 0x01]);
        let body = decoder.next_frame().unwrap();
        assert_eq!(body.len(), 300);
        assert_eq!((body[0], body[299]), (0xAA, 0xBB));
        assert!(decoder.next_frame().is_none(), "next frame incomplete");
        decoder.push(&[0x02]);
        assert_eq!(
            Message::from_frame(decoder.next_frame().unwrap()),
            Message::Control(Control::Reset)
        );
    }

    #[test]
    fn control_bytes() {
        for (byte, control) in [
            (0x00, Control::PowerOff),
            (0x01, Control::PowerOn),
            (0x02, Control::Reset),
            (0x04, Control::GetAtr),
            (0x03, Control::Unknown(0x03)),
        ] {
            assert_eq!(Control::from_byte(byte), control);
            assert_eq!(control.byte(), byte);
        }
        assert_eq!(Control::GetAtr.to_string(), "04 (get ATR)");
    }
}
