//! Card profiles: the TOML file that describes a simulated card's initial state.
//!
//! A profile holds the four PIN values and counters, whether the signature certificate
//! exists (a child's card has none), the ATR, the token label, and switches for the
//! behaviours nobody has confirmed on a real card (docs/protocol.md §12). When a profile is
//! given as a file, that file *is* the card: the card source opens it with
//! [`ProfileFile::open`] (locked while the card is in use) and closing it
//! (`crate::source::OpenCard::close`) writes back what changed with
//! [`ProfileFile::write_back`] (see the `file` module for the lock and the write).
//!
//! The built-in default ([`Profile::default`]) has auth `1234`, sign `ABCD1234`, text
//! `1234`, juki `1234`, all counters full, and the test-only terminal key
//! [`TEST_TERMINAL_KEY`] with 3 tries.
//!
//! The optional `[terminal]` table gives the card a terminal key for GET CHALLENGE /
//! EXTERNAL AUTHENTICATE / RESET RETRY COUNTER: that protocol is **mynapin's definition for
//! simulated and test cards, not a fact about real cards** (docs/DESIGN.md "Reset",
//! docs/protocol.md §6).

mod file;
mod person;
mod presets;
mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::layout::{PinFormat, PinKind};
use crate::terminal_key::TerminalKey;

pub use file::{MAX_PROFILE_SIZE, ProfileFile};
pub use person::{
    CodeCounter, CodeKind, Codes, DEFAULT_CODE_MAX_TRIES, DEFAULT_MY_NUMBER, Person, PersonProblem,
    check_digit,
};
pub use presets::{PRESETS, Preset};

pub use syntax::{Expected, SyntaxPlace, SyntaxPosition, SyntaxProblem};

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
        "preset",
        "# The training preset this card was made from (mynapin sim presets).",
    ),
    (
        "description",
        "# What this card is. Rewritten with the card's state whenever a command changed it.",
    ),
    (
        "signature_certificate",
        "# false for a card issued to a child under 15: no 署名用電子証明書 and no sign key\n\
         # (JPKI EF 0008 starts 00, EF 0001 and 001A are missing).",
    ),
    (
        "sign_pin_file",
        "# Only without the signature certificate: whether JPKI IEF 001B (the signature password)\n\
         # is \"present\" (answers like a PIN with its counter) or \"missing\" (SELECT answers 6A82).\n\
         # Which a real child's card does is not public; OpenSC 0.23 cannot bind a card whose\n\
         # 001B is missing (its PKCS#15 emulator queries both JPKI PINs at bind time).",
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
        "# Empty VERIFY after a successful VERIFY in this session: \"counter\" (63Cx) or \"9000\".\n\
         # With \"9000\", OpenSC 0.23 fails to bind the card (\"Unsupported card\": it needs SW1 63)\n\
         # and myna's `pin status` stops at that PIN.",
    ),
    (
        "query_when_blocked",
        "# Empty VERIFY on a blocked PIN: \"63C0\" or \"6984\". With \"6984\", OpenSC 0.23 fails to\n\
         # bind a card with a blocked JPKI PIN (\"Unsupported card\") and myna's `pin status` stops.",
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
    (
        "[person]",
        "# The cardholder: PLAINLY FAKE test data (見本 = specimen), served by the text AP (EF 0001\n\
         # 個人番号, 0002 基本4情報) and the visual AP (EF 0002 card face). The 照合番号 are made\n\
         # of it: A = my_number; B = birth date as era YYMMDD + expiry year + security code.",
    ),
    (
        "my_number",
        "# 12 digits; the last is the check digit of the other 11 (総務省令第85号).",
    ),
    ("birth_date", "# YYYYMMDD (Gregorian)."),
    (
        "sex",
        "# JIS X 0303: 1 male, 2 female, 9 not applicable, 0 unknown.",
    ),
    ("card_expiry", "# The card's expiry date, YYYYMMDD."),
    (
        "[codes.text_a]",
        "# Counters of the key references opened by [person]: text AP 0014 (照合番号A), 0015 (B),\n\
         # visual AP 0013 (A), 0012 (B), 0011 (birth date). Their real maximum is not public;\n\
         # 10 follows one report for 照合番号B.",
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
    #[error("card profile {path}: {}{problem}", position_prefix(.at.as_ref()))]
    Syntax {
        /// The profile's path.
        path: PathBuf,
        /// Where the parser stopped, when it says (line, column, and the field or table).
        at: Option<SyntaxPosition>,
        /// What is wrong, classified: never the parser's own words, which quote the file.
        problem: SyntaxProblem,
    },
    /// The path names something other than a regular file (a FIFO, a device, a folder).
    #[error("card profile {path}: not a regular file")]
    NotRegularFile {
        /// The profile's path.
        path: PathBuf,
    },
    /// The file is larger than a profile can be.
    #[error("card profile {path}: larger than {max} bytes")]
    TooLarge {
        /// The profile's path.
        path: PathBuf,
        /// The largest size read ([`MAX_PROFILE_SIZE`]).
        max: u64,
    },
    /// The card changed but its file may not be written (no write permission): the file
    /// is left as it was, and the change is lost with it.
    #[error("card profile {path}: the file is read-only")]
    ReadOnly {
        /// The profile's path.
        path: PathBuf,
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
    /// A PIN value no entry of its kind can match (a lowercase or too short sign
    /// password, an auth PIN of 5 digits, …): every try would be lost. The value is never
    /// shown.
    PinFormat {
        /// The format the PIN's kind requires.
        format: PinFormat,
    },
    /// A PIN's counter maximum differs from its kind's (3, or 5 for sign): the flows
    /// report counters against the kind's maximum, as on a real card.
    KindMaxTries {
        /// The kind's maximum.
        max: u8,
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
    /// A `[person]` field is not what the card can hold (the value is never shown).
    Person(PersonProblem),
    /// `sign_pin_file = "missing"` on a card with the signature certificate.
    SignPinFileWithCertificate,
    /// The preset is not one of [`PRESETS`].
    UnknownPreset,
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
            ProfileProblem::PinFormat { format } => match format {
                PinFormat::FourDigits => write!(f, "must be 4 half-width digits"),
                PinFormat::SignPassword => write!(
                    f,
                    "must be 6 to 16 upper-case letters A-Z and digits 0-9, at least one of each"
                ),
            },
            ProfileProblem::KindMaxTries { max } => {
                write!(f, "must be {max}, this PIN's maximum on a real card")
            }
            ProfileProblem::MaxTries { max } => write!(f, "must be 1 to {max}"),
            ProfileProblem::TriesOverMax {
                tries_left,
                max_tries,
            } => write!(f, "{tries_left} is more than max_tries ({max_tries})"),
            ProfileProblem::TerminalKey => {
                write!(f, "must be 32 hex digits (16 bytes; spaces allowed)")
            }
            ProfileProblem::Person(problem) => problem.fmt(f),
            ProfileProblem::SignPinFileWithCertificate => write!(
                f,
                "must be \"present\" on a card with the signature certificate"
            ),
            ProfileProblem::UnknownPreset => {
                write!(f, "must name a preset of `mynapin sim presets`")
            }
        }
    }
}

/// The initial state of a simulated card.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Debug)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The training preset this card was made from ([`PRESETS`]), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// What this card is, e.g. "child's card, sign blocked". [`crate::sim::SimCard::to_profile`]
    /// rewrites it with the card's state when a command changed that state, so a written-back
    /// file never keeps a description that is no longer true.
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
    /// Whether JPKI IEF `001B` exists on a card without the signature certificate (on a card
    /// with it, it always does).
    #[serde(default)]
    pub sign_pin_file: SignPinFile,
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
    /// The plainly fake cardholder (`[person]`).
    #[serde(default)]
    pub person: Person,
    /// The counters of the key references the cardholder's data opens (`[codes]`).
    #[serde(default)]
    pub codes: Codes,
}

/// Whether a card without the signature certificate still has the signature password's
/// key reference (JPKI IEF `001B`): not public for real children's cards, so both answers
/// are offered.
#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Debug, Default)]
#[serde(rename_all = "lowercase")]
pub enum SignPinFile {
    /// `001B` answers like a PIN with its counter (what OpenSC and jpki-cli then report as
    /// tries left), though there is no key to use it for.
    #[default]
    Present,
    /// `001B` does not exist: SELECT answers `6A 82`.
    Missing,
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
            preset: None,
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
            sign_pin_file: SignPinFile::Present,
            person: Person::default(),
            codes: Codes::default(),
        }
    }
}

impl Profile {
    /// Reads and checks a profile file (a regular file of at most [`MAX_PROFILE_SIZE`]
    /// bytes, read under a shared lock, so never while a card using it writes it back).
    /// A card to use and write back is opened with [`ProfileFile::open`].
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let (_locked, text) = file::open_locked(path, file::Lock::Shared)?;
        Self::parse(&text, path)
    }

    /// Parses and checks profile text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|error| {
            let at = syntax::position(text, error.span());
            let place = at
                .as_ref()
                .map_or(SyntaxPlace::Unknown, |at| at.place.clone());
            ProfileError::Syntax {
                path: path.to_owned(),
                problem: syntax::classify(error.message(), &place),
                at,
            }
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
            // The credential table's own rule: a value no typed entry could match would
            // make every try a lost one.
            let format = kind.format();
            if format.check(pin.value.as_bytes()).is_err() {
                return Err(invalid(
                    &field("value"),
                    ProfileProblem::PinFormat { format },
                ));
            }
            check_counter(pin.tries_left, pin.max_tries)
                .map_err(|(leaf, problem)| invalid(&field(leaf), problem))?;
            if pin.max_tries != kind.max_tries() {
                return Err(invalid(
                    &field("max_tries"),
                    ProfileProblem::KindMaxTries {
                        max: kind.max_tries(),
                    },
                ));
            }
        }
        if self.signature_certificate && self.sign_pin_file == SignPinFile::Missing {
            return Err(invalid(
                "sign_pin_file",
                ProfileProblem::SignPinFileWithCertificate,
            ));
        }
        if let Some(preset) = &self.preset
            && Preset::named(preset).is_none()
        {
            return Err(invalid("preset", ProfileProblem::UnknownPreset));
        }
        self.person.validate().map_err(|(field, problem)| {
            invalid(&format!("person.{field}"), ProfileProblem::Person(problem))
        })?;
        for kind in CodeKind::ALL {
            let counter = self.codes.get(kind);
            check_counter(counter.tries_left, counter.max_tries).map_err(|(leaf, problem)| {
                invalid(&format!("codes.{}.{leaf}", kind.field()), problem)
            })?;
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
    fn syntax_errors_never_quote_a_fragment_of_any_value_and_name_the_field() {
        let default = Profile::default().to_toml();
        let cases = [
            (
                "tries_left = 3",
                "tries_left = \"12`7391\"",
                "pins.auth.tries_left",
            ),
            (
                "tries_left = 3",
                "tries_left = \"QZ\\\"7391\"",
                "pins.auth.tries_left",
            ),
            ("max_tries = 3", "max_tries = 7391", "pins.auth.max_tries"),
            (
                "query_when_blocked = \"63C0\"",
                "query_when_blocked = \"`7391`\"",
                "behaviour.query_when_blocked",
            ),
            ("value = \"1234\"\n", "", "pins.auth.value"),
        ];
        for (from, to, field) in cases {
            let text = default.replacen(from, to, 1);
            let error = Profile::parse(&text, here()).unwrap_err();
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(!shown.contains("739") && !shown.contains("391"), "{shown}");
                assert!(shown.contains(field), "{shown}");
            }
        }
    }

    #[test]
    fn pin_values_must_have_their_kinds_format_and_counters_its_maximum() {
        let default = Profile::default().to_toml();
        let cases = [
            (
                "value = \"ABCD1234\"",
                "value = \"abcd7391\"",
                "pins.sign.value",
            ),
            (
                "value = \"ABCD1234\"",
                "value = \"ABCDEFGH\"",
                "pins.sign.value",
            ),
            ("value = \"1234\"", "value = \"73915\"", "pins.auth.value"),
            ("value = \"1234\"", "value = \"739A\"", "pins.auth.value"),
            (
                "tries_left = 3\nmax_tries = 3",
                "tries_left = 3\nmax_tries = 15",
                "pins.auth.max_tries",
            ),
        ];
        for (from, to, field) in cases {
            let text = default.replacen(from, to, 1);
            let error = Profile::parse(&text, here()).unwrap_err().to_string();
            assert!(error.contains(&format!("`{field}`")), "{error}");
            assert!(
                !error.contains("739") && !error.contains("ABCDEFGH"),
                "{error}"
            );
        }
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
