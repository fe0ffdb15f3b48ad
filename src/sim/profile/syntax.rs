//! Explaining a profile the TOML parser refused, without ever quoting the file.
//!
//! The parser's own message quotes the offending text, and a profile holds PIN values:
//! however its quotes are masked, a value with a backtick or an escaped quote inside
//! (``"12`34"``, `"QZ\"7391"`) ends a masked fragment early and the rest of the value
//! shows. So the parser's text is **never shown**: an error is located by line, column
//! and the field or table named from the file's *keys* (only plain lowercase keys, which
//! no PIN value can be), and explained by a fixed [`SyntaxProblem`] built from this
//! module's own table of profile fields (`FIELDS`): what the field must hold, which
//! fields a table has, which field is missing.

use std::fmt;

use crate::layout::PinKind;

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

/// What a field of a profile holds (from this module's table of profile fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A string in double quotes.
    Text,
    /// A whole number from `min` to `max`.
    Integer {
        /// Smallest value.
        min: u8,
        /// Largest value.
        max: u8,
    },
    /// `true` or `false`.
    Boolean,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// A table of fields.
    Table,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Text => write!(f, "must be text in double quotes"),
            Expected::Integer { min, max } => {
                write!(f, "must be a whole number from {min} to {max}")
            }
            Expected::Boolean => write!(f, "must be true or false"),
            Expected::Choice(choices) => write!(f, "must be one of {}", quoted_list(choices)),
            Expected::Table => write!(f, "must be a table"),
        }
    }
}

/// `"a", "b"`: the choices as they are written in a profile.
fn quoted_list(choices: &[&str]) -> String {
    choices
        .iter()
        .map(|choice| format!("\"{choice}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the TOML parser refused a profile: a fixed classification, never its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// Not TOML at all (a quote, bracket or `=` missing, …).
    NotToml,
    /// A key that is not a field of its table; the fields it has (empty when the table
    /// is unknown).
    UnknownField {
        /// The fields the table has.
        expected: Vec<&'static str>,
    },
    /// A field that must be there is not.
    MissingField {
        /// The dotted field, e.g. `pins.auth.value` (or its last name when the table is
        /// unknown).
        field: String,
    },
    /// A value of the wrong type, out of range or not one of the choices; what the
    /// field holds, when the field is known.
    WrongValue {
        /// What the field must hold.
        expected: Option<Expected>,
    },
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxProblem::NotToml => write!(f, "is not valid TOML"),
            SyntaxProblem::UnknownField { expected } if expected.is_empty() => {
                write!(f, "is not a field of a card profile")
            }
            SyntaxProblem::UnknownField { expected } => write!(
                f,
                "is not a field of a card profile; this table has: {}",
                expected.join(", ")
            ),
            SyntaxProblem::MissingField { field } => write!(f, "lacks the field `{field}`"),
            SyntaxProblem::WrongValue { expected: None } => {
                write!(f, "has a value of the wrong type or out of range")
            }
            SyntaxProblem::WrongValue {
                expected: Some(expected),
            } => write!(f, "{expected}"),
        }
    }
}

/// Every table of a profile (`pins.*` standing for each PIN's table), its fields and
/// what each holds.
const FIELDS: &[(&str, &[(&str, Expected)])] = &[
    (
        "",
        &[
            ("description", Expected::Text),
            ("atr", Expected::Text),
            ("token_label", Expected::Text),
            ("signature_certificate", Expected::Boolean),
            ("pins", Expected::Table),
            ("behaviour", Expected::Table),
            ("terminal", Expected::Table),
        ],
    ),
    (
        "pins",
        &[
            ("auth", Expected::Table),
            ("sign", Expected::Table),
            ("text", Expected::Table),
            ("juki", Expected::Table),
        ],
    ),
    (
        "pins.*",
        &[
            ("value", Expected::Text),
            ("tries_left", Expected::Integer { min: 0, max: 15 }),
            ("max_tries", Expected::Integer { min: 1, max: 15 }),
        ],
    ),
    (
        "behaviour",
        &[
            ("query_after_verify", Expected::Choice(&["counter", "9000"])),
            ("query_when_blocked", Expected::Choice(&["63C0", "6984"])),
            ("select_clears_verified", Expected::Boolean),
            ("change_rejects_bad_format", Expected::Boolean),
        ],
    ),
    (
        "terminal",
        &[
            ("key", Expected::Text),
            ("tries_left", Expected::Integer { min: 0, max: 15 }),
            ("max_tries", Expected::Integer { min: 1, max: 15 }),
        ],
    ),
];

/// The fields of `table` (`""` the top level), if it is a profile table.
fn table_fields(table: &str) -> Option<&'static [(&'static str, Expected)]> {
    let pattern = match table.strip_prefix("pins.") {
        Some(kind) if kind.parse::<PinKind>().is_ok() && kind == kind.to_ascii_lowercase() => {
            "pins.*"
        }
        _ => table,
    };
    FIELDS
        .iter()
        .find(|(name, _)| *name == pattern)
        .map(|(_, fields)| *fields)
}

/// `(table, last key)` of a dotted field.
fn split_field(field: &str) -> (&str, &str) {
    field.rsplit_once('.').unwrap_or(("", field))
}

/// Classifies a TOML error from the start of the parser's message (which is matched,
/// never copied) and the place the error is in.
pub fn classify(parser_message: &str, place: &SyntaxPlace) -> SyntaxProblem {
    let message = parser_message.trim_start();
    let expected_of = |field: &str| {
        let (table, key) = split_field(field);
        table_fields(table)?
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, expected)| *expected)
    };
    if message.starts_with("unknown field") {
        let table = match place {
            SyntaxPlace::Field(field) => split_field(field).0,
            SyntaxPlace::Table(table) => table.as_str(),
            SyntaxPlace::Unknown => "\u{0}",
        };
        let expected = table_fields(table)
            .map(|fields| fields.iter().map(|(name, _)| *name).collect())
            .unwrap_or_default();
        return SyntaxProblem::UnknownField { expected };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        // The name is shown only when it is one of the profile's own field names.
        let named = rest.split('`').next().and_then(|name| {
            FIELDS
                .iter()
                .flat_map(|(_, fields)| fields.iter())
                .find(|(known, _)| *known == name)
                .map(|(known, _)| *known)
        });
        if let Some(name) = named {
            let field = match place {
                SyntaxPlace::Table(table) => format!("{table}.{name}"),
                _ => name.to_owned(),
            };
            return SyntaxProblem::MissingField { field };
        }
        return SyntaxProblem::WrongValue { expected: None };
    }
    let is_value_error = [
        "invalid type",
        "invalid value",
        "unknown variant",
        "invalid length",
    ]
    .iter()
    .any(|start| message.starts_with(start));
    if is_value_error {
        let expected = match place {
            SyntaxPlace::Field(field) => expected_of(field),
            _ => None,
        };
        return SyntaxProblem::WrongValue { expected };
    }
    SyntaxProblem::NotToml
}

/// Locates a TOML error by line, column and field, without quoting the file. The field
/// is named from the line's key only when each of its dotted parts is lowercase letters
/// and underscores, as every profile key is (`pins.auth.value`, or a typo like
/// `colour`): no card PIN has that shape (4 digits; or A–Z and 0–9 with at least one
/// digit), so a line whose "key" is really a PIN value (`QZ7391XK = 1`, `7391 = 1`) is
/// never echoed.
pub fn position(text: &str, span: Option<std::ops::Range<usize>>) -> Option<SyntaxPosition> {
    let span = span?;
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let before = &text[..start];
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

/// The largest index ≤ `index` on a character boundary of `text`.
fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_the_start_of_the_message_only() {
        let field = SyntaxPlace::Field("pins.auth.tries_left".into());
        assert_eq!(
            classify("invalid type: string \"QZ\\\"7391\", expected u8", &field),
            SyntaxProblem::WrongValue {
                expected: Some(Expected::Integer { min: 0, max: 15 })
            }
        );
        let typo = SyntaxPlace::Field("behaviour.query_after_verfy".into());
        let SyntaxProblem::UnknownField { expected } =
            classify("unknown field `query_after_verfy`, expected …", &typo)
        else {
            panic!("not an unknown field");
        };
        assert!(expected.contains(&"query_after_verify"));
        let table = SyntaxPlace::Table("pins.auth".into());
        assert_eq!(
            classify("missing field `value`", &table),
            SyntaxProblem::MissingField {
                field: "pins.auth.value".into()
            }
        );
        // A "missing field" naming something that is not a profile field is not named.
        assert_eq!(
            classify("missing field `7391`", &table),
            SyntaxProblem::WrongValue { expected: None }
        );
        assert_eq!(
            classify("invalid string\nexpected `\"`", &field),
            SyntaxProblem::NotToml
        );
    }
}
