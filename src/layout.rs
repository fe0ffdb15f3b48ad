//! The My Number Card's published layout: application identifiers, file identifiers, and
//! the one table of its four credentials (docs/DESIGN.md "The credentials"; docs/protocol.md §1, §2,
//! §3.3, §5.1, §7). Shared by the card layer, which addresses them, and the simulated card,
//! which serves them; nothing here does any I/O.

mod format;
mod kind;

pub use format::{DIGITS_LEN, FormatProblem, PinFormat, SIGN_MAX_LEN, SIGN_MIN_LEN};
pub use kind::{PinKind, UnknownPinKind};

/// JPKI AP, 公的個人認証AP: `D3 92 F0 00 26 01 00 00 00 01`.
pub const AID_JPKI: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// 券面事項入力補助AP (text): `D3 92 10 00 31 00 01 01 04 08`.
pub const AID_TEXT: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// 券面事項確認AP (visual): `D3 92 10 00 31 00 01 01 04 02`.
pub const AID_VISUAL: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
/// 住基AP: `D3 92 10 00 31 00 01 01 04 01`.
pub const AID_JUKI: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01];
/// 共通カードAP: `D3 92 10 00 31 00 01 01 01 00`.
pub const AID_COMMON: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00];

/// JPKI EF `0001`: 署名用証明書 (readable after the sign password is verified).
pub const EF_JPKI_SIGN_CERT: u16 = 0x0001;
/// JPKI EF `0002`: 署名用CA証明書.
pub const EF_JPKI_SIGN_CA_CERT: u16 = 0x0002;
/// JPKI EF `0006`: token information; its first 32 bytes are the label.
pub const EF_JPKI_TOKEN_INFO: u16 = 0x0006;
/// JPKI EF `0008`: which certificates exist (`8F 8F 00` when both do).
pub const EF_JPKI_CERT_PRESENCE: u16 = 0x0008;
/// JPKI EF `000A`: 利用者証明用証明書 (readable without a PIN).
pub const EF_JPKI_AUTH_CERT: u16 = 0x000A;
/// JPKI EF `000B`: 利用者証明用CA証明書.
pub const EF_JPKI_AUTH_CA_CERT: u16 = 0x000B;
/// JPKI EF `0017`: the auth private key.
pub const EF_JPKI_AUTH_KEY: u16 = 0x0017;
/// JPKI IEF `0018`: 利用者証明用パスワード, 4 digits, 3 tries.
pub const IEF_JPKI_AUTH_PIN: u16 = 0x0018;
/// JPKI EF `001A`: the sign private key.
pub const EF_JPKI_SIGN_KEY: u16 = 0x001A;
/// JPKI IEF `001B`: 署名用パスワード, 6–16 characters, 5 tries.
pub const IEF_JPKI_SIGN_PIN: u16 = 0x001B;
/// Text AP IEF `0011`: 券面事項入力補助用暗証番号, 4 digits, 3 tries.
pub const IEF_TEXT_PIN: u16 = 0x0011;
/// Text AP `0012`: a key reference blocked on every card examined (MCARD, observed).
pub const IEF_TEXT_BLOCKED_KEY: u16 = 0x0012;
/// 住基 AP (and 共通カードAP) IEF `001C`: 住民基本台帳用暗証番号, 4 digits, 3 tries.
pub const IEF_JUKI_PIN: u16 = 0x001C;

/// First byte of EF `0008` when the signature certificate exists.
pub const CERT_PRESENT: u8 = 0x8F;

/// The command that sets a new value for a PIN once it is verified (docs/protocol.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeCommand {
    /// CHANGE REFERENCE DATA `00 24 01 80 Lc <new>`: the JPKI and text AP PINs (every peer).
    ChangeReferenceData,
    /// JICSAP CHANGE KEY `80 32 00 80 Lc <new>`: the 住基 AP PIN (MCARD `juki.rs` only).
    ChangeKey,
}

impl ChangeCommand {
    /// Whether the command may go to a real card without an explicit override: CHANGE
    /// REFERENCE DATA is what every peer sends; CHANGE KEY `80 32 00 80` appears only in
    /// MCARD's code (docs/protocol.md §5.1), so it is sent to a real card only when the user
    /// explicitly allows it (`PinOptions::allow_unconfirmed_commands` in the card layer).
    pub fn is_confirmed(self) -> bool {
        match self {
            ChangeCommand::ChangeReferenceData => true,
            ChangeCommand::ChangeKey => false,
        }
    }
}

/// One of the card's PINs: everything the card layer and the simulated card know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential {
    /// Which PIN; its position in [`CREDENTIALS`] is [`PinKind::index`].
    pub kind: PinKind,
    /// The stable name used on the command line, in JSON and in card profiles.
    pub name: &'static str,
    /// The name citizens and staff know it by (docs/DESIGN.md "The credentials").
    pub japanese_name: &'static str,
    /// The AID of the application holding it.
    pub aid: &'static [u8; 10],
    /// Its key reference (IEF) inside that application.
    pub ief: u16,
    /// The rule its value follows (docs/protocol.md §7).
    pub format: PinFormat,
    /// The counter's maximum (docs/protocol.md §3.3).
    pub max_tries: u8,
    /// The command that changes it (docs/protocol.md §5.1).
    pub change: ChangeCommand,
}

/// The card's four PINs, in [`PinKind::ALL`] order (docs/DESIGN.md "The credentials").
pub const CREDENTIALS: [Credential; 4] = [
    Credential {
        kind: PinKind::Auth,
        name: "auth",
        japanese_name: "利用者証明用電子証明書パスワード",
        aid: &AID_JPKI,
        ief: IEF_JPKI_AUTH_PIN,
        format: PinFormat::FourDigits,
        max_tries: 3,
        change: ChangeCommand::ChangeReferenceData,
    },
    Credential {
        kind: PinKind::Sign,
        name: "sign",
        japanese_name: "署名用電子証明書パスワード",
        aid: &AID_JPKI,
        ief: IEF_JPKI_SIGN_PIN,
        format: PinFormat::SignPassword,
        max_tries: 5,
        change: ChangeCommand::ChangeReferenceData,
    },
    Credential {
        kind: PinKind::Text,
        name: "text",
        japanese_name: "券面事項入力補助用暗証番号",
        aid: &AID_TEXT,
        ief: IEF_TEXT_PIN,
        format: PinFormat::FourDigits,
        max_tries: 3,
        change: ChangeCommand::ChangeReferenceData,
    },
    Credential {
        kind: PinKind::Juki,
        name: "juki",
        japanese_name: "住民基本台帳用暗証番号",
        aid: &AID_JUKI,
        ief: IEF_JUKI_PIN,
        format: PinFormat::FourDigits,
        max_tries: 3,
        change: ChangeCommand::ChangeKey,
    },
];

// Each row sits at its kind's index, so `PinKind::credential` is a plain lookup.
const _: () = {
    let mut index = 0;
    while index < CREDENTIALS.len() {
        assert!(CREDENTIALS[index].kind.index() == index);
        index += 1;
    }
};
