//! Reading one BER-TLV object (a certificate) from a transparent EF without any PIN, for
//! `mynapin info`: the header first with `00 B0 00 00 07`, its length decoded
//! ([`decode_header`]), then the rest in chunks of at most 256 bytes `00 B0 P1 P2 Le`
//! (P1-P2 the offset; docs/protocol.md §2.1), and the whole object checked as one
//! BER-TLV by the `iso7816-tlv` crate.
//!
//! `iso7816-tlv` 0.4 decodes only complete objects (its length reader is private), so the
//! header of a partial read is decoded here, by the same rules (ISO 7816-4 §5.2 / X.690
//! §8.1.2–8.1.3), and the crate checks the object once it is read.
//!
//! Every answer a card may give ends in a value or a [`FileProblem`], never a panic: end
//! of file `62 82` / `6B 00` or an empty answer before the announced length (a short
//! file), a short chunk (read on from where it stopped), `6C xx` (sent again once with
//! Le = xx), an announced length above [`MAX_OBJECT_LEN`] (refused before reading it).
//! `61 xx` is not expected from READ BINARY on this card and is reported as unexpected.
//! A card pulled mid-read is the flow's [`CardError::Transport`].

use crate::apdu::StatusWord;
use crate::transport::Transport;

use super::{Card, CardError, apdus};

/// The largest object accepted: 8192 bytes. JPKI certificates are about 1.2–1.9 KB
/// (\[infer\] from published JPKI certificates; the EF sizes are not public). A header
/// announcing more is refused before anything else is read.
pub const MAX_OBJECT_LEN: usize = 8192;

/// The first READ BINARY's Le: enough for a tag of up to 3 bytes and a length of up to 4
/// (`30 82 xx xx` for every certificate seen).
const HEADER_PROBE: usize = 7;

/// The largest Le of a short READ BINARY (`00`).
const CHUNK: usize = 256;

/// Why an EF's object could not be read (the flow goes on with the other files).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// The application holding the file did not answer its SELECT (`6A 82`).
    #[error("the JPKI application was not found")]
    ApplicationNotFound,
    /// SELECT of the EF answered `6A 82`.
    #[error("the file was not found")]
    NotFound,
    /// The first bytes are not a BER-TLV header (padding `00`/`FF`, a tag or length
    /// form ISO 7816-4 does not allow, an indefinite length).
    #[error("the file does not start with a BER-TLV header")]
    BadHeader,
    /// The header announces more than [`MAX_OBJECT_LEN`] bytes.
    #[error("the file announces {0} bytes, more than accepted")]
    TooLong(usize),
    /// The file ended before the announced length.
    #[error("the file ended after {read} of {expected} bytes")]
    Truncated {
        /// Bytes read.
        read: usize,
        /// Bytes the header announced (header included); 0 when the header itself was cut.
        expected: usize,
    },
    /// The bytes read are not one well-formed BER-TLV object (`iso7816-tlv`).
    #[error("the file is not one BER-TLV object")]
    NotTlv,
    /// The object is not an X.509 certificate.
    #[error("the file is not an X.509 certificate")]
    NotCertificate,
    /// SELECT or READ BINARY answered a status word not expected here (`69 82`…).
    #[error("unexpected answer {0}")]
    Unexpected(StatusWord),
}

/// A BER-TLV header's problem, from [`decode_header`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderProblem {
    /// More bytes are needed to decode the header.
    Incomplete,
    /// The bytes cannot start a BER-TLV object.
    Invalid,
}

/// Decodes a BER-TLV header (ISO 7816-4 §5.2, X.690 §8.1.2–8.1.3): `(header length,
/// value length)`. Tags are 1–3 bytes, not `00` or `FF` (padding); lengths are `00`–`7F`
/// or `81`–`84` followed by that many bytes; the indefinite form `80` is refused.
pub fn decode_header(bytes: &[u8]) -> Result<(usize, usize), HeaderProblem> {
    let first = *bytes.first().ok_or(HeaderProblem::Incomplete)?;
    if first == 0x00 || first == 0xFF {
        return Err(HeaderProblem::Invalid);
    }
    let mut tag_len = 1;
    if first & 0x1F == 0x1F {
        loop {
            let byte = *bytes.get(tag_len).ok_or(HeaderProblem::Incomplete)?;
            tag_len += 1;
            if byte & 0x80 == 0 {
                break;
            }
            if tag_len >= 3 {
                return Err(HeaderProblem::Invalid);
            }
        }
    }
    let length = *bytes.get(tag_len).ok_or(HeaderProblem::Incomplete)?;
    if length < 0x80 {
        return Ok((tag_len + 1, usize::from(length)));
    }
    let count = usize::from(length & 0x7F);
    if count == 0 || count > 4 {
        return Err(HeaderProblem::Invalid);
    }
    let start = tag_len + 1;
    let digits = bytes
        .get(start..start + count)
        .ok_or(HeaderProblem::Incomplete)?;
    let value = digits
        .iter()
        .fold(0u64, |value, &digit| value << 8 | u64::from(digit));
    let value = usize::try_from(value).map_err(|_| HeaderProblem::Invalid)?;
    Ok((start + count, value))
}

/// One READ BINARY's outcome.
enum Chunk {
    /// Bytes read; `end` when the card said the file ends here (`62 82`, `6B 00`, or an
    /// empty `90 00`).
    Bytes { data: Vec<u8>, end: bool },
    /// A status word that ends the read.
    Refused(StatusWord),
}

impl<T: Transport> Card<T> {
    /// SELECT EF `file_id` (its application already selected) and reads the BER-TLV object
    /// it starts with. `Ok(Err(problem))` when the card answered but the object cannot be
    /// had; `Err` only when the card cannot be reached.
    pub(super) fn read_tlv_object(
        &mut self,
        file_id: u16,
    ) -> Result<Result<Vec<u8>, FileProblem>, CardError> {
        match self.transmit(&apdus::select_file(file_id))?.status() {
            StatusWord::Success => {}
            StatusWord::FileNotFound => return Ok(Err(FileProblem::NotFound)),
            sw => return Ok(Err(FileProblem::Unexpected(sw))),
        }
        let mut object: Vec<u8> = Vec::new();
        let mut expected: Option<usize> = None;
        loop {
            let want = match expected {
                Some(total) if object.len() >= total => break,
                Some(total) => (total - object.len()).min(CHUNK),
                None if object.is_empty() => HEADER_PROBE,
                None => CHUNK,
            };
            let (data, end) = match self.read_chunk(object.len(), want)? {
                Chunk::Bytes { data, end } => (data, end),
                Chunk::Refused(sw) => return Ok(Err(FileProblem::Unexpected(sw))),
            };
            object.extend(data.into_iter().take(want));
            if expected.is_none() {
                match decode_header(&object) {
                    Ok((header, value)) => {
                        let total = header.saturating_add(value);
                        if total > MAX_OBJECT_LEN {
                            return Ok(Err(FileProblem::TooLong(total)));
                        }
                        expected = Some(total);
                    }
                    Err(HeaderProblem::Invalid) => return Ok(Err(FileProblem::BadHeader)),
                    Err(HeaderProblem::Incomplete) => {}
                }
            }
            let done = expected.is_some_and(|total| object.len() >= total);
            if end && !done {
                return Ok(Err(FileProblem::Truncated {
                    read: object.len(),
                    expected: expected.unwrap_or(0),
                }));
            }
        }
        object.truncate(expected.unwrap_or(object.len()));
        match iso7816_tlv::ber::Tlv::from_bytes(&object) {
            Ok(_) => Ok(Ok(object)),
            Err(_) => Ok(Err(FileProblem::NotTlv)),
        }
    }

    /// READ BINARY of `want` bytes at `offset` (below [`MAX_OBJECT_LEN`]); on `6C xx`, sent
    /// once more with Le = xx.
    fn read_chunk(&mut self, offset: usize, want: usize) -> Result<Chunk, CardError> {
        let offset = u16::try_from(offset).unwrap_or(u16::MAX);
        let mut response = self.transmit(&apdus::read_binary_at(offset, want))?;
        if let StatusWord::WrongLe(exact) = response.status() {
            let le = if exact == 0 {
                CHUNK
            } else {
                usize::from(exact)
            };
            response = self.transmit(&apdus::read_binary_at(offset, le))?;
        }
        Ok(match response.status() {
            StatusWord::Success => Chunk::Bytes {
                end: response.data().is_empty(),
                data: response.data().to_vec(),
            },
            StatusWord::EndOfFileReached => Chunk::Bytes {
                data: response.data().to_vec(),
                end: true,
            },
            StatusWord::WrongP1P2 => Chunk::Bytes {
                data: Vec::new(),
                end: true,
            },
            sw => Chunk::Refused(sw),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        assert_eq!(decode_header(&[0x30, 0x05]), Ok((2, 5)));
        assert_eq!(decode_header(&[0x30, 0x7F]), Ok((2, 0x7F)));
        assert_eq!(decode_header(&[0x30, 0x81, 0x80]), Ok((3, 0x80)));
        assert_eq!(decode_header(&[0x30, 0x82, 0x03, 0x8E, 0x30]), Ok((4, 910)));
        assert_eq!(
            decode_header(&[0x30, 0x83, 0x01, 0x00, 0x00]),
            Ok((5, 0x10000))
        );
        assert_eq!(
            decode_header(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Ok((6, 0xFFFF_FFFF))
        );
        // Two- and three-byte tags (ISO 7816-4 §5.2).
        assert_eq!(decode_header(&[0x5F, 0x20, 0x03]), Ok((3, 3)));
        assert_eq!(decode_header(&[0x7F, 0x81, 0x01, 0x02]), Ok((4, 2)));
    }

    #[test]
    fn header_cut_short_asks_for_more() {
        for bytes in [
            &[][..],
            &[0x30],
            &[0x30, 0x82, 0x03],
            &[0x5F],
            &[0x7F, 0x81],
        ] {
            assert_eq!(
                decode_header(bytes),
                Err(HeaderProblem::Incomplete),
                "{bytes:02X?}"
            );
        }
    }

    #[test]
    fn header_forms_refused() {
        for bytes in [
            &[0x00, 0x01][..],               // padding
            &[0xFF, 0x01],                   // padding (an erased EF)
            &[0x30, 0x80],                   // indefinite length
            &[0x30, 0x85, 1, 2, 3, 4, 5],    // more than 4 length bytes
            &[0x7F, 0x81, 0x81, 0x01, 0x00], // a 4-byte tag
        ] {
            assert_eq!(
                decode_header(bytes),
                Err(HeaderProblem::Invalid),
                "{bytes:02X?}"
            );
        }
    }
}
