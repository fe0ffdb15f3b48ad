//! The `info` flow: what the card shows without any PIN (docs/protocol.md §2.1): the JPKI
//! token label (EF `0006`, its first 32 bytes), whether the signature certificate exists
//! (EF `0008`), and the 利用者証明用 certificate (EF `000A`) and its CA's (EF `000B`).
//!
//! The signature certificate (EF `0001`) is never read here: it names its holder. The
//! card's own certificate is kept only as its validity and issuer
//! ([`CertificateSummary::of_card_certificate`]).

use crate::certificate::CertificateSummary;
use crate::layout::{EF_JPKI_AUTH_CA_CERT, EF_JPKI_AUTH_CERT, EF_JPKI_TOKEN_INFO, PinKind};
use crate::transport::{Disposition, Transport};

use super::read_file::FileProblem;
use super::{Card, CardError, apdus};

/// The length of the token label at the start of JPKI EF `0006` (a PKCS#11
/// CK_TOKEN_INFO's `label`, 32 bytes padded with spaces).
pub const TOKEN_LABEL_LEN: usize = 32;

/// A certificate as `info` reads it, or why it could not be had.
pub type CertificateRead = Result<CertificateSummary, FileProblem>;

/// What `info` read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoReport {
    /// Whether the JPKI application answered its SELECT.
    pub jpki: bool,
    /// The token label, trailing spaces and `00` removed; `None` when unreadable.
    /// Bytes outside printable ASCII are shown as `?`.
    pub token_label: Option<String>,
    /// Whether the signature certificate exists (EF `0008`); `None` when unreadable.
    pub signature_certificate: Option<bool>,
    /// The 利用者証明用 certificate (EF `000A`), without its subject.
    pub auth_certificate: CertificateRead,
    /// Its CA's certificate (EF `000B`).
    pub auth_ca_certificate: CertificateRead,
}

impl<T: Transport> Card<T> {
    /// Reads what the card shows without a PIN; sends no VERIFY and changes nothing.
    ///
    /// APDUs: SELECT JPKI AP; SELECT EF `0006` + READ BINARY `00 B0 00 00 20`; SELECT EF
    /// `0008` + READ BINARY `00 B0 00 00 03`; for EF `000A` then `000B`: SELECT + READ
    /// BINARY of the header `00 B0 00 00 07` + the rest in chunks of up to 256 bytes
    /// (`Card::read_tlv_object`). A file that cannot be read is reported as such; only
    /// a card that cannot be reached fails the flow.
    pub fn info(&mut self) -> Result<InfoReport, CardError> {
        self.in_transaction(Disposition::Leave, |card| {
            if !card.select_application(PinKind::Auth)? {
                return Ok(InfoReport {
                    jpki: false,
                    token_label: None,
                    signature_certificate: None,
                    auth_certificate: Err(FileProblem::ApplicationNotFound),
                    auth_ca_certificate: Err(FileProblem::ApplicationNotFound),
                });
            }
            let token_label = card.read_token_label()?;
            let signature_certificate = card.read_certificate_presence()?;
            let auth_certificate = card.read_tlv_object(EF_JPKI_AUTH_CERT)?.and_then(|der| {
                CertificateSummary::of_card_certificate(&der).ok_or(FileProblem::NotCertificate)
            });
            let auth_ca_certificate = card.read_tlv_object(EF_JPKI_AUTH_CA_CERT)?.and_then(|der| {
                CertificateSummary::of_ca_certificate(&der).ok_or(FileProblem::NotCertificate)
            });
            Ok(InfoReport {
                jpki: true,
                token_label,
                signature_certificate,
                auth_certificate,
                auth_ca_certificate,
            })
        })
    }

    /// Only the 利用者証明用 certificate (SELECT JPKI AP, then EF `000A` as in
    /// [`Card::info`]): what `status` shows as days left, read after (and apart from) the
    /// status flow.
    pub fn auth_certificate(&mut self) -> Result<CertificateRead, CardError> {
        self.in_transaction(Disposition::Leave, |card| {
            if !card.select_application(PinKind::Auth)? {
                return Ok(Err(FileProblem::ApplicationNotFound));
            }
            Ok(card.read_tlv_object(EF_JPKI_AUTH_CERT)?.and_then(|der| {
                CertificateSummary::of_card_certificate(&der).ok_or(FileProblem::NotCertificate)
            }))
        })
    }

    /// SELECT EF `0006` and READ BINARY `00 B0 00 00 20`: the token label, or `None`.
    fn read_token_label(&mut self) -> Result<Option<String>, CardError> {
        let select = self.transmit(&apdus::select_file(EF_JPKI_TOKEN_INFO))?;
        if !select.is_success() {
            return Ok(None);
        }
        let response = self.transmit(&apdus::read_binary(TOKEN_LABEL_LEN))?;
        if !response.is_success() || response.data().is_empty() {
            return Ok(None);
        }
        Ok(Some(token_label(response.data())))
    }
}

/// The label's text: at most [`TOKEN_LABEL_LEN`] bytes, trailing spaces and `00` removed,
/// bytes outside printable ASCII as `?`.
fn token_label(bytes: &[u8]) -> String {
    let bytes = &bytes[..bytes.len().min(TOKEN_LABEL_LEN)];
    let end = bytes
        .iter()
        .rposition(|&byte| byte != b' ' && byte != 0)
        .map_or(0, |last| last + 1);
    bytes[..end]
        .iter()
        .map(|&byte| {
            if byte.is_ascii_graphic() || byte == b' ' {
                char::from(byte)
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::token_label;

    #[test]
    fn token_label_is_trimmed_and_printable() {
        assert_eq!(
            token_label(b"JPKIAPICCTOKEN2                 "),
            "JPKIAPICCTOKEN2"
        );
        assert_eq!(token_label(b"AB\0\0"), "AB");
        assert_eq!(token_label(&[b'A', 0xE3, b'B', b' ']), "A?B");
        assert_eq!(token_label(&[b'X'; 40]), "X".repeat(32));
        assert_eq!(token_label(b"   "), "");
    }
}
