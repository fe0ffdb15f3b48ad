//! The simulated card's applications and files (docs/protocol.md §1, §2).
//!
//! Five applications answer SELECT by AID. The four PINs sit where
//! [`crate::layout::CREDENTIALS`] says (the 共通カードAP's IEF `001C` is the 住基 PIN again,
//! an inference); the other key references and files are listed here. File contents are
//! test data:
//!
//! - JPKI: the generated test certificates (see `src/sim/certs/README.md`), the private
//!   keys' EFs (`0017`, `001A`, usable by COMPUTE DIGITAL SIGNATURE only), a token label
//!   and the certificate-presence bytes of EF `0008`;
//! - text and visual APs: the plainly fake cardholder of the profile's `[person]`, in the
//!   layouts [`crate::sim::cardholder`] documents.

use crate::layout::*;

use super::cardholder;
use super::profile::{CodeKind, Profile, SignPinFile};

const AUTH_CERT: &[u8] = include_bytes!("certs/auth.der");
const AUTH_CA_CERT: &[u8] = include_bytes!("certs/auth-ca.der");
const SIGN_CERT: &[u8] = include_bytes!("certs/sign.der");
const SIGN_CA_CERT: &[u8] = include_bytes!("certs/sign-ca.der");

/// Size of JPKI EF `0006`, a PKCS#11 CK_TOKEN_INFO (docs/protocol.md §2.1).
const TOKEN_INFO_LEN: usize = 160;

/// Text AP EF `0001`: 個人番号.
const EF_TEXT_MY_NUMBER: u16 = 0x0001;
/// Text AP EF `0002`: 基本4情報.
const EF_TEXT_ATTRIBUTES: u16 = 0x0002;
/// Text AP EF `0005`: the application's basic information.
const EF_TEXT_BASIC_INFO: u16 = 0x0005;
/// Text AP IEF `0014`: 照合番号A.
const IEF_TEXT_CODE_A: u16 = 0x0014;
/// Text AP IEF `0015`: 照合番号B.
const IEF_TEXT_CODE_B: u16 = 0x0015;
/// Visual AP EF `0001`: the age record.
const EF_VISUAL_AGE: u16 = 0x0001;
/// Visual AP EF `0002`: the card face.
const EF_VISUAL_FACE: u16 = 0x0002;
/// Visual AP EF `0003`: the application's basic information.
const EF_VISUAL_BASIC_INFO: u16 = 0x0003;
/// Visual AP IEF `0011`: the date-of-birth key.
const IEF_VISUAL_BIRTH: u16 = 0x0011;
/// Visual AP IEF `0012`: 照合番号B.
const IEF_VISUAL_CODE_B: u16 = 0x0012;
/// Visual AP IEF `0013`: 照合番号A.
const IEF_VISUAL_CODE_A: u16 = 0x0013;

/// A key reference whose verified state can open a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRef {
    /// One of the four PINs.
    Pin(PinKind),
    /// A key reference opened by the cardholder's data.
    Code(CodeKind),
}

/// What an EF or key reference is.
#[derive(Debug, Clone)]
pub enum FileBody {
    /// A transparent EF. READ BINARY needs one of `opened_by` verified in this card
    /// session (`69 82` otherwise); an empty list means no condition.
    Binary {
        /// The file's bytes.
        content: Vec<u8>,
        /// Key references any one of which opens the file.
        opened_by: Vec<KeyRef>,
    },
    /// A PIN key reference whose state the profile keeps.
    Pin(PinKind),
    /// A key reference compared with the cardholder's data (照合番号, date of birth).
    Code(CodeKind),
    /// A key reference that is blocked on every card examined (text AP `0012`, docs/protocol.md §2.2).
    BlockedKey,
    /// A private key, usable by COMPUTE DIGITAL SIGNATURE once the PIN named here is
    /// verified (auth for `0017`, sign for `001A`), never readable.
    PrivateKey(PinKind),
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

fn free(content: Vec<u8>) -> FileBody {
    FileBody::Binary {
        content,
        opened_by: Vec::new(),
    }
}

fn opened_by(content: Vec<u8>, keys: &[KeyRef]) -> FileBody {
    FileBody::Binary {
        content,
        opened_by: keys.to_vec(),
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

fn jpki_files(profile: &Profile) -> Vec<(u16, FileBody)> {
    let mut files = vec![
        (EF_JPKI_SIGN_CA_CERT, free(SIGN_CA_CERT.to_vec())),
        (EF_JPKI_TOKEN_INFO, free(token_info(&profile.token_label))),
        (
            EF_JPKI_CERT_PRESENCE,
            free(certificate_presence(profile.signature_certificate).to_vec()),
        ),
        (EF_JPKI_AUTH_CERT, free(AUTH_CERT.to_vec())),
        (EF_JPKI_AUTH_CA_CERT, free(AUTH_CA_CERT.to_vec())),
        (EF_JPKI_AUTH_KEY, FileBody::PrivateKey(PinKind::Auth)),
    ];
    if profile.signature_certificate {
        files.push((
            EF_JPKI_SIGN_CERT,
            opened_by(SIGN_CERT.to_vec(), &[KeyRef::Pin(PinKind::Sign)]),
        ));
        files.push((EF_JPKI_SIGN_KEY, FileBody::PrivateKey(PinKind::Sign)));
    }
    files
}

fn text_files(profile: &Profile) -> Vec<(u16, FileBody)> {
    let person = &profile.person;
    let text_pin = KeyRef::Pin(PinKind::Text);
    vec![
        (
            EF_TEXT_MY_NUMBER,
            opened_by(
                cardholder::my_number_file(person),
                &[text_pin, KeyRef::Code(CodeKind::TextA)],
            ),
        ),
        (
            EF_TEXT_ATTRIBUTES,
            opened_by(
                cardholder::attributes_file(person),
                &[text_pin, KeyRef::Code(CodeKind::TextB)],
            ),
        ),
        (EF_TEXT_BASIC_INFO, free(cardholder::text_basic_info())),
        (IEF_TEXT_BLOCKED_KEY, FileBody::BlockedKey),
        (IEF_TEXT_CODE_A, FileBody::Code(CodeKind::TextA)),
        (IEF_TEXT_CODE_B, FileBody::Code(CodeKind::TextB)),
    ]
}

fn visual_files(profile: &Profile) -> Vec<(u16, FileBody)> {
    let person = &profile.person;
    vec![
        (
            EF_VISUAL_AGE,
            opened_by(
                cardholder::age_file(person),
                &[KeyRef::Code(CodeKind::VisualBirth)],
            ),
        ),
        (
            EF_VISUAL_FACE,
            opened_by(
                cardholder::card_face_file(person),
                &[
                    KeyRef::Code(CodeKind::VisualA),
                    KeyRef::Code(CodeKind::VisualB),
                ],
            ),
        ),
        (EF_VISUAL_BASIC_INFO, free(cardholder::visual_basic_info())),
        (IEF_VISUAL_BIRTH, FileBody::Code(CodeKind::VisualBirth)),
        (IEF_VISUAL_CODE_B, FileBody::Code(CodeKind::VisualB)),
        (IEF_VISUAL_CODE_A, FileBody::Code(CodeKind::VisualA)),
    ]
}

/// The applications of the card the profile describes.
pub fn applications(profile: &Profile) -> Vec<Application> {
    let mut applications = vec![
        Application {
            aid: AID_JPKI,
            files: jpki_files(profile),
        },
        Application {
            aid: AID_TEXT,
            files: text_files(profile),
        },
        Application {
            aid: AID_VISUAL,
            files: visual_files(profile),
        },
        Application {
            aid: AID_JUKI,
            files: Vec::new(),
        },
        Application {
            aid: AID_COMMON,
            // The 共通カードAP's own IEF 001C is the 住基 PIN again (an inference, MCARD).
            files: vec![(IEF_JUKI_PIN, FileBody::Pin(PinKind::Juki))],
        },
    ];
    // The four PINs where the credential table puts them.
    for credential in CREDENTIALS {
        let absent = credential.kind == PinKind::Sign
            && !profile.signature_certificate
            && profile.sign_pin_file == SignPinFile::Missing;
        if absent {
            continue;
        }
        if let Some(application) = applications
            .iter_mut()
            .find(|application| &application.aid == credential.aid)
        {
            application
                .files
                .push((credential.ief, FileBody::Pin(credential.kind)));
        }
    }
    applications
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pin_sits_where_the_credential_table_says() {
        let apps = applications(&Profile::default());
        for credential in CREDENTIALS {
            let app = apps
                .iter()
                .find(|app| &app.aid == credential.aid)
                .unwrap_or_else(|| panic!("{} has its application", credential.name));
            assert!(
                matches!(app.file(credential.ief), Some(FileBody::Pin(kind)) if *kind == credential.kind),
                "{}",
                credential.name
            );
        }
    }

    #[test]
    fn a_childs_card_lacks_the_sign_objects_and_maybe_its_pin() {
        for (pin_file, has_pin) in [(SignPinFile::Present, true), (SignPinFile::Missing, false)] {
            let profile = Profile {
                signature_certificate: false,
                sign_pin_file: pin_file,
                ..Profile::default()
            };
            let apps = applications(&profile);
            let jpki = &apps[0];
            assert!(jpki.file(EF_JPKI_SIGN_CERT).is_none());
            assert!(jpki.file(EF_JPKI_SIGN_KEY).is_none());
            assert_eq!(jpki.file(IEF_JPKI_SIGN_PIN).is_some(), has_pin);
        }
    }
}
