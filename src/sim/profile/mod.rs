//! Card profiles: the TOML file that describes a simulated card's initial state.
//!
//! A profile holds the four PIN values and counters, whether the signature certificate
//! exists (a child's card has none), the ATR, the token label, and switches for the
//! behaviours nobody has confirmed on a real card (docs/protocol.md §12). When a profile is
//! given as a file, that file *is* the card: closing the card source
//! (`crate::source::OpenCard::close`) writes its state back with [`Profile::save_atomically`].
//!
//! The built-in default ([`Profile::default`]) has auth `1234`, sign `ABCD1234`, text
//! `1234`, juki `1234`, all counters full, and the test-only terminal key
//! [`TEST_TERMINAL_KEY`] with 3 tries.
//!
//! The optional `[terminal]` table gives the card a terminal key for GET CHALLENGE /
//! EXTERNAL AUTHENTICATE / RESET RETRY COUNTER: that protocol is **mynapin's definition for
//! simulated and test cards, not a fact about real cards** (docs/DESIGN.md "Reset",
//! docs/protocol.md §6).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::layout::PinKind;
use crate::terminal_key::TerminalKey;

/// The first line of every profile written by mynapin.
pub const PROFILE_HEADER: &str =
    "# mynapin card profile (simulated My Number Card; test values only)";

/// A contactless My Number Card ATR listed by pcsc-tools ("JPKI (06)", docs/protocol.md §8.1).
pub const DEFAULT_ATR: &str = "3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F";

/// Token label of a physical card (JPKI EF `0006`, docs/protocol.md §2.1).
pub const DEFAULT_TOKEN_LABEL: &str = "JPKIAPICCTOKEN2";

/// The default card's terminal key, FIPS-197 appendix C.1's example key
/// `00 01 02 … 0F`: **test-only, never a real card's key** (whatever real cards use, if
/// anything, is not public).
pub const TEST_TERMINAL_KEY: &str = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F";

/// The default card's limit of failed external authentications (mynapin's choice).
pub const DEFAULT_TERMINAL_MAX_TRIES: u8 = 3;

/// Comments written before each field by [`Profile::to_toml`].
const FIELD_NOTES: &[(&str, &str)] = &[
    (
        "atr",
        "# ATR presented by the card (hex). The default is a contactless My Number Card ATR.",
    ),
    (
        "token_label",
        "# Label in JPKI EF 0006: JPKIAPICCTOKEN2 on a physical card.",
    ),
    (
        "signature_certificate",
        "# false for a card issued to a child under 15: no 署名用電子証明書 (JPKI EF 0008 starts 00).",
    ),
    (
        "[pins.auth]",
        "# 利用者証明用電子証明書パスワード (JPKI IEF 0018). tries_left = 0 means blocked.",
    ),
    (
        "[pins.sign]",
        "# 署名用電子証明書パスワード (JPKI IEF 001B), compared byte for byte (upper case).",
    ),
    (
        "[pins.text]",
        "# 券面事項入力補助用暗証番号 (text AP IEF 0011).",
    ),
    (
        "[pins.juki]",
        "# 住民基本台帳用暗証番号 (住基 AP IEF 001C).",
    ),
    (
        "[behaviour]",
        "# Behaviours not confirmed on real cards (docs/protocol.md §12); each switch picks one answer.",
    ),
    (
        "query_after_verify",
        "# Empty VERIFY after a successful VERIFY in this session: \"counter\" (63Cx) or \"9000\".",
    ),
    (
        "query_when_blocked",
        "# Empty VERIFY on a blocked PIN: \"63C0\" or \"6984\".",
    ),
    (
        "select_clears_verified",
        "# Whether SELECT of an application clears the verified state.",
    ),
    (
        "change_rejects_bad_format",
        "# Whether CHANGE REFERENCE DATA answers 6A80 to a new value of the wrong format.",
    ),
    (
        "[terminal]",
        "# Terminal key for GET CHALLENGE / EXTERNAL AUTHENTICATE / RESET RETRY COUNTER: mynapin's\n\
         # definition for simulated and test cards, NOT a real card's behaviour (docs/DESIGN.md\n\
         # \"Reset\"). Remove the table for a card without a terminal key (6A88).",
    ),
    (
        "key",
        "# AES-128 key, 32 hex digits. Test-only, never a real card's key.",
    ),
];

/// Longest PIN value a VERIFY can carry (JICSAP 6.4.9 (3): 1..16 bytes).
const MAX_VALUE_LEN: usize = 16;
/// Longest token label (the first 32 bytes of JPKI EF `0006`).
const MAX_TOKEN_LABEL_LEN: usize = 32;
/// Largest counter a `63 Cx` status word can report.
const MAX_TRIES_LIMIT: u8 = 15;

/// What is wrong with a profile file.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read or written.
    #[error("card profile {path}: {source}")]
    Io {
        /// The profile's path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML for a profile.
    #[error("card profile {path}: {}{message}", position_prefix(.at.as_ref()))]
    Syntax {
        /// The profile's path.
        path: PathBuf,
        /// Where the parser stopped, when it says (line, column, and the field or table).
        at: Option<SyntaxPosition>,
        /// The parser's own message (English), every quoted fragment masked.
        message: String,
    },
    /// A field has a value the card cannot hold.
    #[error("card profile {path}: field `{field}`: {problem}")]
    Invalid {
        /// The profile's path (`<built-in>` for the default).
        path: PathBuf,
        /// The dotted field name, e.g. `pins.auth.tries_left`.
        field: String,
        /// What is wrong with it.
        problem: ProfileProblem,
    },
}

/// Where in a profile file the TOML parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxPosition {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
    /// The field or table of that line, when it is a plain dotted key.
    pub place: SyntaxPlace,
}

/// The field or table a syntax error is in (named only from plain dotted keys: never a
/// value, which may be a PIN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxPlace {
    /// The dotted field, e.g. `pins.auth.value`.
    Field(String),
    /// The table, when the line has no key, e.g. `pins.auth`.
    Table(String),
    /// Neither could be named.
    Unknown,
}

impl fmt::Display for SyntaxPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        match &self.place {
            SyntaxPlace::Field(field) => write!(f, " (field `{field}`)"),
            SyntaxPlace::Table(table) => write!(f, " (in [{table}])"),
            SyntaxPlace::Unknown => Ok(()),
        }
    }
}

/// `"line L, column C (field `f`): "`, or nothing without a position.
fn position_prefix(at: Option<&SyntaxPosition>) -> String {
    at.map(|at| format!("{at}: ")).unwrap_or_default()
}

/// What is wrong with a profile field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileProblem {
    /// The ATR is not hex bytes.
    AtrNotHex,
    /// The ATR is shorter than 2 or longer than 33 bytes.
    AtrLength {
        /// Bytes found.
        found: usize,
    },
    /// The ATR's first byte (TS) is neither `3B` nor `3F`.
    AtrTsByte,
    /// The token label is longer than `max` or not ASCII.
    TokenLabel {
        /// Most characters allowed.
        max: usize,
    },
    /// A PIN value is empty, longer than `max` or not ASCII.
    ValueLength {
        /// Most characters allowed.
        max: usize,
    },
    /// A counter's maximum is 0 or more than `max`.
    MaxTries {
        /// Largest maximum allowed.
        max: u8,
    },
    /// Tries left exceed the counter's maximum.
    TriesOverMax {
        /// The tries left given.
        tries_left: u8,
        /// The maximum given.
        max_tries: u8,
    },
    /// The terminal key is not 32 hex digits (the value is never shown).
    TerminalKey,
}

impl fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileProblem::AtrNotHex => write!(f, "must be hex bytes, e.g. \"3B 88 80 01 …\""),
            ProfileProblem::AtrLength { found } => {
                write!(f, "must be 2 to 33 bytes, found {found}")
            }
            ProfileProblem::AtrTsByte => write!(f, "must start with 3B or 3F (the TS byte)"),
            ProfileProblem::TokenLabel { max } => {
                write!(f, "must be at most {max} ASCII characters")
            }
            ProfileProblem::ValueLength { max } => write!(f, "must be 1 to {max} ASCII characters"),
            ProfileProblem::MaxTries { max } => write!(f, "must be 1 to {max}"),
            ProfileProblem::TriesOverMax {
                tries_left,
                max_tries,
            } => write!(f, "{tries_left} is more than max_tries ({max_tries})"),
            ProfileProblem::TerminalKey => {
                write!(f, "must be 32 hex digits (16 bytes; spaces allowed)")
            }
        }
    }
}

/// The initial state of a simulated card.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Debug)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A free note about this card, e.g. "child's card, sign blocked".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ATR the card presents, as hex (spaces allowed), 2..=33 bytes.
    #[serde(default = "default_atr")]
    pub atr: String,
    /// Label in the first 32 bytes of JPKI EF `0006`.
    #[serde(default = "default_token_label")]
    pub token_label: String,
    /// Whether the 署名用電子証明書 exists; `false` for a card issued to a child under 15.
    #[serde(default = "default_true")]
    pub signature_certificate: bool,
    /// The four PINs.
    pub pins: Pins,
    /// Switches for the behaviours that are unknown on real cards.
    #[serde(default)]
    pub behaviour: Behaviour,
    /// The terminal key and its counter (`[terminal]`); `None` for a card without one,
    /// which answers `6A 88` to EXTERNAL AUTHENTICATE. mynapin's definition, not a real
    /// card's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<TerminalProfile>,
}

/// The terminal key of a simulated or test card, and its counter of failed external
/// authentications (`[terminal]`). This is mynapin's definition for simulated and test
/// cards, not a fact about real cards. `Debug` hides the key.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TerminalProfile {
    /// The AES-128 key, 32 hex digits (spaces or colons allowed). Test values only.
    pub key: String,
    /// Failed external authentications left before the key is blocked; 0 means blocked
    /// (`69 83` to every EXTERNAL AUTHENTICATE).
    pub tries_left: u8,
    /// The counter's maximum, restored by a successful EXTERNAL AUTHENTICATE (1..=15).
    pub max_tries: u8,
}

impl fmt::Debug for TerminalProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TerminalProfile")
            .field("key", &"REDACTED")
            .field("tries_left", &self.tries_left)
            .field("max_tries", &self.max_tries)
            .finish()
    }
}

impl TerminalProfile {
    /// The default card's terminal: [`TEST_TERMINAL_KEY`] (test-only), counter full at
    /// [`DEFAULT_TERMINAL_MAX_TRIES`].
    pub fn test_default() -> Self {
        TerminalProfile {
            key: TEST_TERMINAL_KEY.to_owned(),
            tries_left: DEFAULT_TERMINAL_MAX_TRIES,
            max_tries: DEFAULT_TERMINAL_MAX_TRIES,
        }
    }
}

/// The card's PINs, by kind.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Debug)]
#[serde(deny_unknown_fields)]
pub struct Pins {
    /// 利用者証明用電子証明書パスワード, JPKI IEF `0018`.
    pub auth: PinProfile,
    /// 署名用電子証明書パスワード, JPKI IEF `001B`.
    pub sign: PinProfile,
    /// 券面事項入力補助用暗証番号, text AP IEF `0011`.
    pub text: PinProfile,
    /// 住民基本台帳用暗証番号, 住基 AP IEF `001C`.
    pub juki: PinProfile,
}

/// One PIN's value and counter.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PinProfile {
    /// The value the card compares VERIFY data with (byte for byte, no case folding).
    pub value: String,
    /// Tries left; 0 means blocked.
    pub tries_left: u8,
    /// The counter's maximum (3 for the 4-digit PINs, 5 for sign).
    pub max_tries: u8,
}

impl fmt::Debug for PinProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PinProfile")
            .field("value", &"REDACTED")
            .field("tries_left", &self.tries_left)
            .field("max_tries", &self.max_tries)
            .finish()
    }
}

/// Behaviours nobody has confirmed on a real card; each switch picks one plausible answer.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Debug)]
#[serde(deny_unknown_fields, default)]
pub struct Behaviour {
    /// What an empty VERIFY answers once the PIN was verified in this card session:
    /// `"counter"` (`63 Cx`, JICSAP) or `"9000"` (the ISO meaning "already verified").
    pub query_after_verify: QueryAfterVerify,
    /// What an empty VERIFY answers on a blocked PIN: `"63C0"` or `"6984"`.
    pub query_when_blocked: QueryWhenBlocked,
    /// Whether selecting an application clears the verified state (OpenSC assumes so;
    /// MCARD reports only power-down does, docs/protocol.md §4).
    pub select_clears_verified: bool,
    /// Whether CHANGE REFERENCE DATA rejects a new value of the wrong format with `6A 80`
    /// (the card's real answer is unknown, docs/protocol.md §5.2).
    pub change_rejects_bad_format: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            query_after_verify: QueryAfterVerify::Counter,
            query_when_blocked: QueryWhenBlocked::Sw63C0,
            select_clears_verified: false,
            change_rejects_bad_format: false,
        }
    }
}

/// See [`Behaviour::query_after_verify`].
#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Debug)]
pub enum QueryAfterVerify {
    /// `63 Cx` with the (full) counter.
    #[serde(rename = "counter")]
    Counter,
    /// `90 00`.
    #[serde(rename = "9000")]
    Sw9000,
}

/// See [`Behaviour::query_when_blocked`].
#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Debug)]
pub enum QueryWhenBlocked {
    /// `63 C0`.
    #[serde(rename = "63C0")]
    Sw63C0,
    /// `69 84`.
    #[serde(rename = "6984")]
    Sw6984,
}

fn default_atr() -> String {
    DEFAULT_ATR.to_owned()
}

fn default_token_label() -> String {
    DEFAULT_TOKEN_LABEL.to_owned()
}

fn default_true() -> bool {
    true
}

impl PinProfile {
    /// A PIN with full counter.
    pub fn full(value: &str, max_tries: u8) -> Self {
        PinProfile {
            value: value.to_owned(),
            tries_left: max_tries,
            max_tries,
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            description: Some("built-in default card: every counter full".to_owned()),
            atr: default_atr(),
            token_label: default_token_label(),
            signature_certificate: true,
            pins: Pins {
                auth: PinProfile::full("1234", PinKind::Auth.max_tries()),
                sign: PinProfile::full("ABCD1234", PinKind::Sign.max_tries()),
                text: PinProfile::full("1234", PinKind::Text.max_tries()),
                juki: PinProfile::full("1234", PinKind::Juki.max_tries()),
            },
            behaviour: Behaviour::default(),
            terminal: Some(TerminalProfile::test_default()),
        }
    }
}

impl Profile {
    /// Reads and checks a profile file.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses and checks profile text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|error| ProfileError::Syntax {
            path: path.to_owned(),
            at: syntax_position(text, &error),
            message: mask_quoted(error.message().trim_end()),
        })?;
        profile.validate(path)?;
        Ok(profile)
    }

    /// The profile as TOML, with a header and a comment before each field saying what it
    /// means, so the file can be edited by hand.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_else(|error| {
            // Serialising plain strings, integers and booleans cannot fail; keep a trace if it does.
            format!("# serialisation failed: {error}\n")
        });
        let mut out = format!("{PROFILE_HEADER}\n\n");
        for line in body.lines() {
            let key = line.split([' ', '=']).next().unwrap_or_default();
            if let Some((_, note)) = FIELD_NOTES.iter().find(|(field, _)| *field == key) {
                out.push_str(note);
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// Writes the profile to `path` through a temporary file in the same folder and a
    /// rename, so a reader never sees half a card.
    pub fn save_atomically(&self, path: &Path) -> Result<(), ProfileError> {
        let io_error = |source| ProfileError::Io {
            path: path.to_owned(),
            source,
        };
        crate::atomic_file::write_atomically(path, self.to_toml().as_bytes()).map_err(io_error)
    }

    /// The ATR as bytes (checked by [`Profile::validate`]).
    pub fn atr_bytes(&self) -> Vec<u8> {
        parse_hex(&self.atr).unwrap_or_default()
    }

    /// Checks every field the card could not hold, naming the first bad one.
    pub fn validate(&self, path: &Path) -> Result<(), ProfileError> {
        let invalid = |field: &str, problem: ProfileProblem| ProfileError::Invalid {
            path: path.to_owned(),
            field: field.to_owned(),
            problem,
        };
        let atr = parse_hex(&self.atr).ok_or_else(|| invalid("atr", ProfileProblem::AtrNotHex))?;
        if !(2..=33).contains(&atr.len()) {
            return Err(invalid(
                "atr",
                ProfileProblem::AtrLength { found: atr.len() },
            ));
        }
        if atr[0] != 0x3B && atr[0] != 0x3F {
            return Err(invalid("atr", ProfileProblem::AtrTsByte));
        }
        if self.token_label.len() > MAX_TOKEN_LABEL_LEN || !self.token_label.is_ascii() {
            return Err(invalid(
                "token_label",
                ProfileProblem::TokenLabel {
                    max: MAX_TOKEN_LABEL_LEN,
                },
            ));
        }
        for kind in PinKind::ALL {
            let pin = self.pins.get(kind);
            let field = |leaf: &str| format!("pins.{kind}.{leaf}");
            if pin.value.is_empty() || pin.value.len() > MAX_VALUE_LEN || !pin.value.is_ascii() {
                return Err(invalid(
                    &field("value"),
                    ProfileProblem::ValueLength { max: MAX_VALUE_LEN },
                ));
            }
            check_counter(pin.tries_left, pin.max_tries)
                .map_err(|(leaf, problem)| invalid(&field(leaf), problem))?;
        }
        if let Some(terminal) = &self.terminal {
            if TerminalKey::from_hex(&terminal.key).is_err() {
                return Err(invalid("terminal.key", ProfileProblem::TerminalKey));
            }
            check_counter(terminal.tries_left, terminal.max_tries)
                .map_err(|(leaf, problem)| invalid(&format!("terminal.{leaf}"), problem))?;
        }
        Ok(())
    }
}

/// Checks a counter (a PIN's or the terminal key's): the maximum within what `63 Cx` can
/// report, tries left within the maximum. On error, the field's last name and the problem.
fn check_counter(tries_left: u8, max_tries: u8) -> Result<(), (&'static str, ProfileProblem)> {
    if max_tries == 0 || max_tries > MAX_TRIES_LIMIT {
        return Err((
            "max_tries",
            ProfileProblem::MaxTries {
                max: MAX_TRIES_LIMIT,
            },
        ));
    }
    if tries_left > max_tries {
        return Err((
            "tries_left",
            ProfileProblem::TriesOverMax {
                tries_left,
                max_tries,
            },
        ));
    }
    Ok(())
}

impl Pins {
    /// One PIN's profile; its TOML table is `[pins.<kind name>]`.
    pub fn get(&self, kind: PinKind) -> &PinProfile {
        match kind {
            PinKind::Auth => &self.auth,
            PinKind::Sign => &self.sign,
            PinKind::Text => &self.text,
            PinKind::Juki => &self.juki,
        }
    }

    /// One PIN's profile, to change it.
    pub fn get_mut(&mut self, kind: PinKind) -> &mut PinProfile {
        match kind {
            PinKind::Auth => &mut self.auth,
            PinKind::Sign => &mut self.sign,
            PinKind::Text => &mut self.text,
            PinKind::Juki => &mut self.juki,
        }
    }
}

/// Locates a TOML error by line, column and field, without quoting the file: the parser's
/// own message shows the offending line, and its quoted fragments may be a PIN value
/// (however the key is spelled: `value = …`, `pins.auth.value = …`, an inline table), so
/// the message is kept apart and masked. The field is named from the line's key only when
/// each of its dotted parts is lowercase letters and underscores, as every profile key is
/// (`pins.auth.value`, or a typo like `colour`): no card PIN has that shape (4 digits; or
/// A–Z and 0–9 with at least one digit), so a line whose "key" is really a PIN value
/// (`QZ7391XK = 1`, `7391 = 1`) is never echoed.
fn syntax_position(text: &str, error: &toml::de::Error) -> Option<SyntaxPosition> {
    let span = error.span()?;
    let before = &text[..span.start.min(text.len())];
    let line_number = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
    let line = text.lines().nth(line_number - 1).unwrap_or_default();
    let is_key_word =
        |word: &str| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let is_plain_key = |key: &&str| !key.is_empty() && key.split('.').all(is_key_word);
    let key = line
        .split_once('=')
        .map(|(key, _)| key.trim())
        .filter(is_plain_key);
    let table = text
        .lines()
        .take(line_number)
        .filter_map(|line| line.trim().strip_prefix('[')?.strip_suffix(']'))
        .filter(is_plain_key)
        .last();
    let place = match (table, key) {
        (Some(table), Some(key)) => SyntaxPlace::Field(format!("{table}.{key}")),
        (None, Some(key)) => SyntaxPlace::Field(key.to_owned()),
        (Some(table), None) => SyntaxPlace::Table(table.to_owned()),
        (None, None) => SyntaxPlace::Unknown,
    };
    Some(SyntaxPosition {
        line: line_number,
        column,
        place,
    })
}

/// Replaces every `` `…` `` and `"…"` fragment with `…`.
fn mask_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(quote) if c == quote => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

/// Parses hex with optional spaces or colons between bytes.
fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    hex::decode(compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> &'static Path {
        Path::new("test.toml")
    }

    #[test]
    fn default_round_trips_through_toml() {
        let profile = Profile::default();
        let text = profile.to_toml();
        assert!(text.starts_with(PROFILE_HEADER));
        assert_eq!(Profile::parse(&text, here()).unwrap(), profile);
    }

    #[test]
    fn minimal_profile_takes_defaults() {
        let text = r#"
            [pins.auth]
            value = "0000"
            tries_left = 1
            max_tries = 3
            [pins.sign]
            value = "ZZ9999"
            tries_left = 0
            max_tries = 5
            [pins.text]
            value = "1111"
            tries_left = 3
            max_tries = 3
            [pins.juki]
            value = "2222"
            tries_left = 3
            max_tries = 3
        "#;
        let profile = Profile::parse(text, here()).unwrap();
        assert_eq!(profile.atr_bytes()[0], 0x3B);
        assert!(profile.signature_certificate);
        assert_eq!(profile.pins.sign.tries_left, 0);
        assert_eq!(profile.behaviour, Behaviour::default());
    }

    #[test]
    fn errors_name_the_field() {
        let mut text = Profile::default().to_toml();
        text = text.replacen("tries_left = 3", "tries_left = 9", 1);
        let error = Profile::parse(&text, here()).unwrap_err().to_string();
        assert!(error.contains("pins.auth.tries_left"), "{error}");

        let typo =
            Profile::default()
                .to_toml()
                .replacen("max_tries = 5", "max_tries = \"five\"", 1);
        let error = Profile::parse(&typo, here()).unwrap_err().to_string();
        assert!(error.contains("max_tries"), "{error}");

        let unknown = format!(
            "{}\n[behaviour]\nquery_after_verfy = \"9000\"\n",
            Profile::default()
                .to_toml()
                .replace("[behaviour]", "[unused]")
        );
        let error = Profile::parse(&unknown, here()).unwrap_err().to_string();
        assert!(
            error.contains("unused") || error.contains("query_after_verfy"),
            "{error}"
        );

        let atr = Profile::default().to_toml().replace(DEFAULT_ATR, "zz");
        let error = Profile::parse(&atr, here()).unwrap_err().to_string();
        assert!(error.contains("`atr`"), "{error}");
    }

    #[test]
    fn syntax_errors_never_quote_a_pin_value() {
        let default = Profile::default().to_toml();
        let auth_table = "[pins.auth]\nvalue = \"1234\"\ntries_left = 3\nmax_tries = 3";
        assert!(default.contains(auth_table));
        let broken = [
            default.replacen("value = \"1234\"", "value = 7391", 1),
            default.replacen("value = \"ABCD1234\"", "value = \"QZ7391XK", 1),
            default.replacen("value = \"1234\"", "\"value\" = 7391", 1),
            default.replacen(
                auth_table,
                "[pins]\nauth = { value = 7391, tries_left = 3, max_tries = 3 }",
                1,
            ),
            default.replacen(auth_table, "[pins]\nauth.value = 7391", 1),
            // A PIN typed where a key belongs: the "key" is never named as a field.
            default.replacen("value = \"ABCD1234\"", "QZ7391XK = 1", 1),
            default.replacen("[pins.auth]", "[pins.QZ7391XK]", 1),
        ];
        for text in broken {
            let error = Profile::parse(&text, here()).unwrap_err().to_string();
            assert!(!error.contains("7391"), "{error}");
            assert!(!format!("{error:?}").contains("7391"), "{error:?}");
            assert!(error.contains("line "), "{error}");
        }
        let plain = default.replacen("value = \"1234\"", "value = 7391", 1);
        let error = Profile::parse(&plain, here()).unwrap_err().to_string();
        assert!(
            error.contains("`pins.auth.value`"),
            "the field is named: {error}"
        );
    }

    #[test]
    fn debug_hides_pin_values() {
        let debug = format!("{:?}", Profile::default());
        assert!(
            !debug.contains("ABCD1234") && !debug.contains("1234"),
            "{debug}"
        );
    }

    #[test]
    fn terminal_table_round_trips_and_is_optional() {
        let text = Profile::default().to_toml();
        assert!(text.contains("[terminal]"), "{text}");
        assert!(text.contains("NOT a real card's behaviour"), "{text}");
        assert!(
            text.contains("Test-only, never a real card's key"),
            "{text}"
        );
        let parsed = Profile::parse(&text, here()).unwrap();
        assert_eq!(parsed.terminal, Some(TerminalProfile::test_default()));

        let without = Profile {
            terminal: None,
            ..Profile::default()
        };
        let text = without.to_toml();
        assert!(!text.contains("[terminal]"), "{text}");
        assert_eq!(Profile::parse(&text, here()).unwrap().terminal, None);

        let mut blocked = Profile::default();
        if let Some(terminal) = &mut blocked.terminal {
            terminal.tries_left = 0;
            terminal.max_tries = 5;
        }
        let parsed = Profile::parse(&blocked.to_toml(), here()).unwrap();
        assert_eq!(parsed, blocked);
    }

    #[test]
    fn terminal_errors_name_the_field_and_never_the_key() {
        let secret = "7391AB7391AB7391AB7391AB7391AB";
        let default = Profile::default().to_toml();
        let cases = [
            (default.replace(TEST_TERMINAL_KEY, secret), "terminal.key"),
            (
                default.replace(TEST_TERMINAL_KEY, &format!("{secret}ZZ")),
                "terminal.key",
            ),
            (
                default.replace("[terminal]\n", "[terminal]\nmax_tries = 16\n"),
                "max_tries",
            ),
        ];
        for (text, field) in cases {
            let error = Profile::parse(&text, here()).unwrap_err();
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(shown.contains(field), "{shown}");
                assert!(!shown.contains("7391"), "{shown}");
            }
        }
        let over = Profile {
            terminal: Some(TerminalProfile {
                tries_left: 4,
                ..TerminalProfile::test_default()
            }),
            ..Profile::default()
        };
        let error = over.validate(here()).unwrap_err().to_string();
        assert!(error.contains("`terminal.tries_left`"), "{error}");
        let zero = Profile {
            terminal: Some(TerminalProfile {
                tries_left: 0,
                max_tries: 0,
                ..TerminalProfile::test_default()
            }),
            ..Profile::default()
        };
        let error = zero.validate(here()).unwrap_err().to_string();
        assert!(error.contains("`terminal.max_tries`"), "{error}");
        // A syntax error on the key's line names the field, not the value.
        let broken = default.replace(
            &format!("key = \"{TEST_TERMINAL_KEY}\""),
            &format!("key = \"{secret}"),
        );
        let error = Profile::parse(&broken, here()).unwrap_err().to_string();
        assert!(!error.contains("7391"), "{error}");
    }

    #[test]
    fn debug_hides_the_terminal_key() {
        let profile = Profile {
            terminal: Some(TerminalProfile {
                key: "7391AB7391AB7391AB7391AB7391AB73".into(),
                ..TerminalProfile::test_default()
            }),
            ..Profile::default()
        };
        let debug = format!("{profile:?}");
        assert!(
            !debug.contains("7391") && debug.contains("REDACTED"),
            "{debug}"
        );
        assert!(!format!("{:?}", Profile::default()).contains("0A 0B"));
    }

    #[test]
    fn save_atomically_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("card.toml");
        std::fs::write(&path, "old").unwrap();
        let mut profile = Profile::default();
        profile.pins.auth.tries_left = 2;
        profile.save_atomically(&path).unwrap();
        assert_eq!(Profile::load(&path).unwrap(), profile);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }
}
