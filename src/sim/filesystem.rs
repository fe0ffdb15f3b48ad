//! The simulated card's applications and files (docs/protocol.md §1, §2).
//!
//! Five applications answer SELECT by AID; each holds the EFs and PIN key references
//! listed below (the 共通カードAP's IEF `001C` is the 住基 PIN again, an inference). File contents are test data: generated certificates (see
//! `src/sim/certs/README.md`), a token label, and the certificate-presence bytes of
//! JPKI EF `0008`.

use crate::layout::*;

const AUTH_CERT: &[u8] = include_bytes!("certs/auth.der");
const AUTH_CA_CERT: &[u8] = include_bytes!("certs/auth-ca.der");
const SIGN_CERT: &[u8] = include_bytes!("certs/sign.der");
const SIGN_CA_CERT: &[u8] = include_bytes!("certs/sign-ca.der");

/// Size of JPKI EF `0006`, a PKCS#11 CK_TOKEN_INFO (docs/protocol.md §2.1).
const TOKEN_INFO_LEN: usize = 160;

/// What an EF or key reference is.
#[derive(Debug, Clone)]
pub enum FileBody {
    /// A transparent EF; `read_requires` names a PIN that must be verified first.
    Binary {
        /// The file's bytes.
        content: Vec<u8>,
        /// The PIN whose verified state READ BINARY needs (`69 82` otherwise).
        read_requires: Option<PinKind>,
    },
    /// A PIN key reference whose state the profile keeps.
    Pin(PinKind),
    /// A key reference that is blocked on every card examined (text AP `0012`, docs/protocol.md §2.2).
    BlockedKey,
    /// A private key: usable for signing only, never readable.
    PrivateKey,
}

/// An application (DF) and its files.
#[derive(Debug, Clone)]
pub struct Application {
    /// The full 10-byte AID.
    pub aid: [u8; 10],
    /// Its EFs and key references by FID.
    pub files: Vec<(u16, FileBody)>,
}

impl Application {
    /// The file with this FID.
    pub fn file(&self, fid: u16) -> Option<&FileBody> {
        self.files
            .iter()
            .find(|(id, _)| *id == fid)
            .map(|(_, body)| body)
    }
}

fn binary(content: Vec<u8>) -> FileBody {
    FileBody::Binary {
        content,
        read_requires: None,
    }
}

/// EF `0008`: `8F 8F 00` when both certificates exist (MCARD, observed). A first byte
/// other than `8F` means no signature certificate; `00 8F 00` here is an inference.
pub fn certificate_presence(signature_certificate: bool) -> [u8; 3] {
    [
        if signature_certificate {
            CERT_PRESENT
        } else {
            0x00
        },
        0x8F,
        0x00,
    ]
}

fn token_info(label: &str) -> Vec<u8> {
    let mut info = vec![b' '; 32];
    // A profile is validated (at most 32 ASCII bytes); cut anything longer rather than fail.
    let label = &label.as_bytes()[..label.len().min(32)];
    info[..label.len()].copy_from_slice(label);
    info.resize(TOKEN_INFO_LEN, 0x00);
    info
}

/// The applications of a card with this token label and certificate presence.
pub fn applications(token_label: &str, signature_certificate: bool) -> Vec<Application> {
    let mut jpki_files = vec![
        (EF_JPKI_SIGN_CA_CERT, binary(SIGN_CA_CERT.to_vec())),
        (EF_JPKI_TOKEN_INFO, binary(token_info(token_label))),
        (
            EF_JPKI_CERT_PRESENCE,
            binary(certificate_presence(signature_certificate).to_vec()),
        ),
        (EF_JPKI_AUTH_CERT, binary(AUTH_CERT.to_vec())),
        (EF_JPKI_AUTH_CA_CERT, binary(AUTH_CA_CERT.to_vec())),
        (EF_JPKI_AUTH_KEY, FileBody::PrivateKey),
        (IEF_JPKI_AUTH_PIN, FileBody::Pin(PinKind::Auth)),
        (IEF_JPKI_SIGN_PIN, FileBody::Pin(PinKind::Sign)),
    ];
    if signature_certificate {
        jpki_files.push((
            EF_JPKI_SIGN_CERT,
            FileBody::Binary {
                content: SIGN_CERT.to_vec(),
                read_requires: Some(PinKind::Sign),
            },
        ));
        jpki_files.push((EF_JPKI_SIGN_KEY, FileBody::PrivateKey));
    }
    vec![
        Application {
            aid: AID_JPKI,
            files: jpki_files,
        },
        Application {
            aid: AID_TEXT,
            files: vec![
                (IEF_TEXT_PIN, FileBody::Pin(PinKind::Text)),
                (IEF_TEXT_BLOCKED_KEY, FileBody::BlockedKey),
            ],
        },
        Application {
            aid: AID_VISUAL,
            files: Vec::new(),
        },
        Application {
            aid: AID_JUKI,
            files: vec![(IEF_JUKI_PIN, FileBody::Pin(PinKind::Juki))],
        },
        Application {
            aid: AID_COMMON,
            files: vec![(IEF_JUKI_PIN, FileBody::Pin(PinKind::Juki))],
        },
    ]
}
