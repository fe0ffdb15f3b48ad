//! The card's PINs (DESIGN.md "The credentials"): where each lives and its tries.

use std::fmt;
use std::str::FromStr;

use crate::layout::{
    AID_JPKI, AID_JUKI, AID_TEXT, IEF_JPKI_AUTH_PIN, IEF_JPKI_SIGN_PIN, IEF_JUKI_PIN, IEF_TEXT_PIN,
};

/// One of the card's four PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PinKind {
    /// 利用者証明用電子証明書パスワード: JPKI AP, IEF `0018`, 4 digits, 3 tries.
    Auth,
    /// 署名用電子証明書パスワード: JPKI AP, IEF `001B`, 6–16 of A–Z/0–9, 5 tries.
    Sign,
    /// 券面事項入力補助用暗証番号: text AP `…04 08`, IEF `0011`, 4 digits, 3 tries.
    Text,
    /// 住民基本台帳用暗証番号: 住基 AP `…04 01`, IEF `001C`, 4 digits, 3 tries.
    Juki,
}

impl PinKind {
    /// All four, in the order `status` lists them.
    pub const ALL: [PinKind; 4] = [PinKind::Auth, PinKind::Sign, PinKind::Text, PinKind::Juki];

    /// The stable name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            PinKind::Auth => "auth",
            PinKind::Sign => "sign",
            PinKind::Text => "text",
            PinKind::Juki => "juki",
        }
    }

    /// The AID of the application holding this PIN.
    pub fn application(self) -> &'static [u8; 10] {
        match self {
            PinKind::Auth | PinKind::Sign => &AID_JPKI,
            PinKind::Text => &AID_TEXT,
            PinKind::Juki => &AID_JUKI,
        }
    }

    /// The PIN key reference (IEF) inside its application.
    pub fn file_id(self) -> u16 {
        match self {
            PinKind::Auth => IEF_JPKI_AUTH_PIN,
            PinKind::Sign => IEF_JPKI_SIGN_PIN,
            PinKind::Text => IEF_TEXT_PIN,
            PinKind::Juki => IEF_JUKI_PIN,
        }
    }

    /// The counter's maximum (protocol.md §3.3: 5 for sign, 3 for the others).
    pub fn max_tries(self) -> u8 {
        match self {
            PinKind::Sign => 5,
            _ => 3,
        }
    }

    /// Whether this is one of the two JPKI passwords, which a convenience-store kiosk can
    /// reset (with the other JPKI password); the others only the municipal office can.
    pub fn is_jpki(self) -> bool {
        matches!(self, PinKind::Auth | PinKind::Sign)
    }

    /// The other JPKI password (the kiosk reset of one needs the other).
    pub fn other_jpki(self) -> Option<PinKind> {
        match self {
            PinKind::Auth => Some(PinKind::Sign),
            PinKind::Sign => Some(PinKind::Auth),
            _ => None,
        }
    }
}

impl fmt::Display for PinKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not one of `auth`, `sign`, `text`, `juki`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown PIN kind {0:?}: expected auth, sign, text or juki")]
pub struct UnknownPinKind(pub String);

impl FromStr for PinKind {
    type Err = UnknownPinKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        PinKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownPinKind(name.to_owned()))
    }
}
