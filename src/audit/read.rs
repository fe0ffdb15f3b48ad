//! Reading the log back: which lines are well-formed records ([`parse_line`]), and the
//! records themselves for display ([`read_records`]). Any bytes are accepted: a line that
//! is not a record is skipped here and reported by [`super::verify`].

use std::path::Path;

use serde_json::{Map, Value};

use super::{AuditError, LEGACY_RECORD_SCHEMA, RECORD_SCHEMA};

/// A well-formed record line, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRecord {
    /// The line number, from 1.
    pub line: usize,
    /// The line's text, without its newline (exactly the bytes that were hashed).
    pub text: String,
    /// The record's fields.
    pub fields: Map<String, Value>,
}

impl LoggedRecord {
    /// The string field `name` (`time`, `operator`, `procedure`, `kind`, `outcome`,
    /// `error`…), if it is one.
    pub fn text_field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }

    /// The record's `time`, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn time(&self) -> Option<&str> {
        self.text_field("time")
    }

    /// Whether the record's time is at or after `since`: a date `YYYY-MM-DD` or a time
    /// `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601 UTC times of this form sort as text).
    pub fn is_since(&self, since: &str) -> bool {
        self.time().is_some_and(|time| time >= since)
    }
}

/// The chain fields of a well-formed line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChainFields {
    /// The record's fields.
    pub fields: Map<String, Value>,
    /// `prev`.
    pub prev: String,
    /// `repaired_truncation` (false when absent).
    pub repaired: bool,
    /// `intact_prev` (with `repaired_truncation` only).
    pub intact_prev: Option<String>,
}

/// `line` as a record: a JSON object whose `schema` is `mynapin.audit/2` (or `/1`, the
/// lines written before it), with a `prev`
/// of 64 lowercase hex digits and, when `repaired_truncation` is true, an `intact_prev`
/// of the same form. `None` for anything else.
pub(crate) fn parse_line(line: &[u8]) -> Option<ChainFields> {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(line) else {
        return None;
    };
    let schema = fields.get("schema").and_then(Value::as_str);
    if schema != Some(RECORD_SCHEMA) && schema != Some(LEGACY_RECORD_SCHEMA) {
        return None;
    }
    let prev = fields.get("prev").and_then(Value::as_str).filter(is_hash)?;
    let repaired = match fields.get("repaired_truncation") {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return None,
    };
    let intact_prev = match fields.get("intact_prev") {
        None => None,
        Some(Value::String(hash)) if is_hash(&hash.as_str()) => Some(hash.clone()),
        Some(_) => return None,
    };
    if repaired && intact_prev.is_none() {
        return None;
    }
    Some(ChainFields {
        prev: prev.to_owned(),
        repaired,
        intact_prev,
        fields,
    })
}

/// 64 lowercase hex digits.
fn is_hash(text: &&str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// The well-formed records of the log at `path`, in order (lines that are not records
/// are skipped; [`super::verify`] reports them).
///
/// # Errors
///
/// [`AuditError::Unreadable`] when the file cannot be read.
pub fn read_records(path: &Path) -> Result<Vec<LoggedRecord>, AuditError> {
    let bytes = std::fs::read(path).map_err(|source| AuditError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    Ok(records_of(&bytes))
}

/// The well-formed records of a log's bytes (a last line without its newline included).
pub(crate) fn records_of(bytes: &[u8]) -> Vec<LoggedRecord> {
    bytes
        .split(|&byte| byte == b'\n')
        .enumerate()
        .filter_map(|(index, line)| {
            let parsed = parse_line(line)?;
            let text = String::from_utf8(line.to_vec()).ok()?;
            Some(LoggedRecord {
                line: index + 1,
                text,
                fields: parsed.fields,
            })
        })
        .collect()
}
