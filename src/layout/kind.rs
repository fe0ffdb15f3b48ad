//! The names of the card's four PINs, and what each knows about itself by reading
//! [`CREDENTIALS`](super::CREDENTIALS) (docs/DESIGN.md "The credentials").

use std::fmt;
use std::str::FromStr;

use super::{AID_JPKI, CREDENTIALS, ChangeCommand, Credential, PinFormat};

/// One of the card's four PINs; serialised as its name (`auth`, `sign`, `text`, `juki`).
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
    /// All four, in the order `status` lists them (and [`CREDENTIALS`] holds them).
    pub const ALL: [PinKind; 4] = [PinKind::Auth, PinKind::Sign, PinKind::Text, PinKind::Juki];

    /// Its position in [`CREDENTIALS`] and [`PinKind::ALL`], e.g. to index a table of
    /// per-PIN state.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Its row of [`CREDENTIALS`].
    pub fn credential(self) -> &'static Credential {
        &CREDENTIALS[self.index()]
    }

    /// The stable name used on the command line, in JSON and in card profiles.
    pub fn name(self) -> &'static str {
        self.credential().name
    }

    /// The AID of the application holding this PIN.
    pub fn application(self) -> &'static [u8; 10] {
        self.credential().aid
    }

    /// The PIN key reference (IEF) inside its application.
    pub fn file_id(self) -> u16 {
        self.credential().ief
    }

    /// The rule its value follows (docs/protocol.md §7).
    pub fn format(self) -> PinFormat {
        self.credential().format
    }

    /// The counter's maximum (docs/protocol.md §3.3: 5 for sign, 3 for the others).
    pub fn max_tries(self) -> u8 {
        self.credential().max_tries
    }

    /// The command that changes it (docs/protocol.md §5.1).
    pub fn change_command(self) -> ChangeCommand {
        self.credential().change
    }

    /// The other JPKI password, the other PIN of the JPKI AP (a convenience-store kiosk
    /// resets one JPKI password with the other); `None` for the text and 住基 PINs.
    pub fn other_jpki(self) -> Option<PinKind> {
        if self.application() != &AID_JPKI {
            return None;
        }
        CREDENTIALS
            .iter()
            .find(|row| row.aid == &AID_JPKI && row.kind != self)
            .map(|row| row.kind)
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

    /// Parses a [`PinKind::name`], ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        CREDENTIALS
            .iter()
            .find(|row| row.name.eq_ignore_ascii_case(name))
            .map(|row| row.kind)
            .ok_or_else(|| UnknownPinKind(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_the_published_layout() {
        let rows: Vec<_> = PinKind::ALL
            .iter()
            .map(|kind| (kind.name(), kind.file_id(), kind.max_tries()))
            .collect();
        assert_eq!(
            rows,
            [
                ("auth", 0x0018, 3),
                ("sign", 0x001B, 5),
                ("text", 0x0011, 3),
                ("juki", 0x001C, 3)
            ]
        );
        for (index, kind) in PinKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), index);
            assert_eq!(kind.credential().kind, kind);
        }
    }

    #[test]
    fn names_parse_back_ignoring_case() {
        for kind in PinKind::ALL {
            assert_eq!(kind.name().parse(), Ok(kind));
            assert_eq!(kind.name().to_uppercase().parse(), Ok(kind));
        }
        assert_eq!(
            "pin".parse::<PinKind>(),
            Err(UnknownPinKind("pin".to_owned()))
        );
    }

    #[test]
    fn only_the_jpki_passwords_have_a_partner() {
        assert_eq!(PinKind::Auth.other_jpki(), Some(PinKind::Sign));
        assert_eq!(PinKind::Sign.other_jpki(), Some(PinKind::Auth));
        assert_eq!(PinKind::Text.other_jpki(), None);
        assert_eq!(PinKind::Juki.other_jpki(), None);
    }

    #[test]
    fn only_the_juki_change_is_unconfirmed() {
        for kind in PinKind::ALL {
            assert_eq!(
                kind.change_command().is_confirmed(),
                kind != PinKind::Juki,
                "{kind}"
            );
        }
    }
}
