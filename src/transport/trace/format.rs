//! The trace file format (docs/DESIGN.md "Files and formats"): a text transcript of the APDUs
//! of one or more flows, written by [`super::TraceRecorder`] and served back by
//! [`super::ReplayTransport`].
//!
//! ```text
//! # mynapin-trace 1
//! # flow: change auth
//! > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
//! < 90 00
//! > 00 20 00 80 04 ** ** ** **
//! < 90 00
//! ```
//!
//! - Line 1 is the version line `# mynapin-trace 1`.
//! - `# key: value` lines before the first exchange are headers (`flow`, `card`, `date`,
//!   any other; a key is letters, digits, `-` and `_`). Every other `#` line is a comment;
//!   blank lines are ignored.
//! - An exchange is a `> CMD` line followed by its `< RESPONSE` line (data then SW1 SW2),
//!   or by `# transport error: WHAT` when the link failed instead of answering. Bytes are
//!   two upper-case hex digits separated by single spaces (reading also accepts lower case
//!   and runs of blanks).
//! - `**` is a masked byte: it appears only in commands, and matches any byte on replay.
//!   Secret data is always masked ([`TraceBytes`]), even when a file read holds it in
//!   clear, so a PIN is never written back nor printed.
//!
//! [`TraceFile::to_text`] writes the canonical form: version line, headers, then comments
//! and exchanges in order.

use std::path::Path;

use crate::apdu::spaced_hex;

use super::{TraceBytes, TraceError};
use crate::transport::TransportError;

/// The version line, line 1 of every trace.
pub const TRACE_VERSION_LINE: &str = "# mynapin-trace 1";

/// The version this build reads and writes.
const TRACE_VERSION: &str = "1";
/// What precedes the version number on line 1 (after the `#`).
const VERSION_PREFIX: &str = "mynapin-trace";
/// What a comment closing a failed exchange starts with (after `# `).
const TRANSPORT_ERROR_PREFIX: &str = "transport error:";
/// The longest part of an unknown version quoted in an error.
const MAX_QUOTED_VERSION: usize = 16;

/// What came back for a recorded command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The response APDU's bytes: data, then SW1 SW2 (at least 2 bytes).
    Response(Vec<u8>),
    /// The link failed instead of answering: the text of `# transport error: …`, e.g.
    /// `card removed` (see [`transport_error_text`]).
    TransportError(String),
}

/// One command and what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The command, its secret data masked.
    pub command: TraceBytes,
    /// The response, or the link failure.
    pub reply: Reply,
}

/// A body line of a trace: a comment or an exchange, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceEntry {
    /// A `#` line that is not a header, without the `# ` (one line, no line break).
    Comment(String),
    /// A `>` line and its reply.
    Exchange(Exchange),
}

/// A parsed trace: headers, then comments and exchanges in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceFile {
    headers: Vec<(String, String)>,
    entries: Vec<TraceEntry>,
}

impl TraceFile {
    /// An empty trace (no headers, no exchanges).
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses trace text. Errors name the 1-based line; none quotes the text, and none
    /// panics, whatever the input.
    pub fn parse(text: &str) -> Result<Self, TraceError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line.trim()));
        match lines.next() {
            Some((_, first)) => check_version(first)?,
            None => return Err(TraceError::MissingVersion),
        }
        let mut trace = TraceFile::new();
        // The `>` line waiting for its reply: its line number and bytes.
        let mut pending: Option<(usize, TraceBytes)> = None;
        // Headers come before the first exchange; later `key: value` lines are comments.
        let mut in_preamble = true;
        for (number, line) in lines {
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('#') {
                let comment = clean(rest.strip_prefix(' ').unwrap_or(rest));
                if let Some((command_line, command)) = pending.take() {
                    let what = comment
                        .strip_prefix(TRANSPORT_ERROR_PREFIX)
                        .ok_or(TraceError::CommandWithoutResponse { line: command_line })?;
                    trace.entries.push(TraceEntry::Exchange(Exchange {
                        command,
                        reply: Reply::TransportError(what.trim().to_owned()),
                    }));
                } else if let Some((key, value)) = header_line(&comment).filter(|_| in_preamble) {
                    trace.headers.push((key, value));
                } else {
                    trace.entries.push(TraceEntry::Comment(comment));
                }
            } else if let Some(rest) = line.strip_prefix('>') {
                if let Some((command_line, _)) = pending {
                    return Err(TraceError::CommandWithoutResponse { line: command_line });
                }
                let bytes = parse_bytes(rest, number)?;
                if bytes.len() < 4 {
                    return Err(TraceError::CommandTooShort {
                        line: number,
                        len: bytes.len(),
                    });
                }
                pending = Some((number, TraceBytes::from_parsed(bytes)));
                in_preamble = false;
            } else if let Some(rest) = line.strip_prefix('<') {
                let Some((_, command)) = pending.take() else {
                    return Err(TraceError::ResponseWithoutCommand { line: number });
                };
                let response = parse_bytes(rest, number)?
                    .into_iter()
                    .enumerate()
                    .map(|(index, byte)| {
                        byte.ok_or(TraceError::MaskedResponse {
                            line: number,
                            byte: index + 1,
                        })
                    })
                    .collect::<Result<Vec<u8>, _>>()?;
                if response.len() < 2 {
                    return Err(TraceError::ResponseTooShort {
                        line: number,
                        len: response.len(),
                    });
                }
                trace.entries.push(TraceEntry::Exchange(Exchange {
                    command,
                    reply: Reply::Response(response),
                }));
            } else {
                return Err(TraceError::UnrecognisedLine { line: number });
            }
        }
        match pending {
            Some((line, _)) => Err(TraceError::CommandWithoutResponse { line }),
            None => Ok(trace),
        }
    }

    /// The trace in its canonical text: version line, `# key: value` headers, then the
    /// comments and exchanges in order; `\n` line ends, a final line end.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(TRACE_VERSION_LINE);
        out.push('\n');
        for (key, value) in &self.headers {
            out.push_str(&format!("# {key}: {}\n", one_line(value)));
        }
        for entry in &self.entries {
            match entry {
                TraceEntry::Comment(text) if text.is_empty() => out.push_str("#\n"),
                TraceEntry::Comment(text) => out.push_str(&format!("# {}\n", one_line(text))),
                TraceEntry::Exchange(exchange) => {
                    out.push_str(&format!("> {}\n", exchange.command));
                    match &exchange.reply {
                        Reply::Response(bytes) => {
                            out.push_str(&format!("< {}\n", spaced_hex(bytes)));
                        }
                        Reply::TransportError(what) => out
                            .push_str(&format!("# {TRANSPORT_ERROR_PREFIX} {}\n", one_line(what))),
                    }
                }
            }
        }
        out
    }

    /// Reads and parses a trace file; a syntax error names the file and the line.
    pub fn load(path: &Path) -> Result<Self, TraceError> {
        let text = std::fs::read_to_string(path).map_err(|source| TraceError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|error| TraceError::InFile {
            path: path.to_owned(),
            error: Box::new(error),
        })
    }

    /// Writes [`TraceFile::to_text`] to `path` through a temporary file in the same folder
    /// and a rename, so a reader never sees half a trace.
    pub fn save(&self, path: &Path) -> Result<(), TraceError> {
        crate::atomic_file::write_atomically(path, self.to_text().as_bytes()).map_err(|source| {
            TraceError::Io {
                path: path.to_owned(),
                source,
            }
        })
    }

    /// The value of the first header with this key, e.g. `header("flow")`.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every header, in file order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Sets a header (replacing the first with the same key). The key must be letters,
    /// digits, `-` and `_`; line breaks and other control characters in the value become
    /// spaces.
    pub fn set_header(&mut self, key: &str, value: &str) -> Result<(), TraceError> {
        if !is_header_key(key) {
            return Err(TraceError::InvalidHeaderKey {
                key: key.chars().take(MAX_QUOTED_VERSION).collect(),
            });
        }
        let value = one_line(value).trim().to_owned();
        match self.headers.iter_mut().find(|(name, _)| name == key) {
            Some((_, old)) => *old = value,
            None => self.headers.push((key.to_owned(), value)),
        }
        Ok(())
    }

    /// The comments and exchanges, in file order.
    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }

    /// The exchanges, in order.
    pub fn exchanges(&self) -> impl Iterator<Item = &Exchange> {
        self.entries.iter().filter_map(|entry| match entry {
            TraceEntry::Exchange(exchange) => Some(exchange),
            TraceEntry::Comment(_) => None,
        })
    }

    /// Appends an exchange.
    pub fn push_exchange(&mut self, exchange: Exchange) {
        self.entries.push(TraceEntry::Exchange(exchange));
    }

    /// Appends a comment; line breaks and other control characters become spaces, and
    /// trailing blanks are dropped.
    pub fn push_comment(&mut self, text: &str) {
        self.entries.push(TraceEntry::Comment(clean(text)));
    }
}

/// A comment that reads `key: value` with a valid key; a header when it comes before the
/// first exchange.
fn header_line(comment: &str) -> Option<(String, String)> {
    let (key, value) = comment.trim().split_once(':')?;
    is_header_key(key).then(|| (key.to_owned(), value.trim().to_owned()))
}

/// The stable text of a `# transport error: …` line for this failure, read back by
/// [`transport_error_from_text`]: `card removed`, `no card`, `timeout`, `sharing
/// violation`, `no service`, `no readers`, or the error's message for any other.
pub fn transport_error_text(error: &TransportError) -> String {
    let text = match error {
        TransportError::CardRemoved => "card removed",
        TransportError::NoCard => "no card",
        TransportError::Timeout => "timeout",
        TransportError::SharingViolation => "sharing violation",
        TransportError::NoService => "no service",
        TransportError::NoReaders => "no readers",
        TransportError::CardReset => "card reset",
        other => return one_line(&other.to_string()).trim().to_owned(),
    };
    text.to_owned()
}

/// The failure a `# transport error: …` line stands for: the variant named by
/// [`transport_error_text`], or [`TransportError::Link`] with the text for any other.
pub fn transport_error_from_text(text: &str) -> TransportError {
    match text {
        "card removed" => TransportError::CardRemoved,
        "no card" => TransportError::NoCard,
        "timeout" => TransportError::Timeout,
        "card reset" => TransportError::CardReset,
        "sharing violation" => TransportError::SharingViolation,
        "no service" => TransportError::NoService,
        "no readers" => TransportError::NoReaders,
        other => TransportError::Link(other.to_owned()),
    }
}

fn check_version(first: &str) -> Result<(), TraceError> {
    let rest = first
        .strip_prefix('#')
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix(VERSION_PREFIX))
        .ok_or(TraceError::MissingVersion)?;
    let version = rest.trim();
    if version == TRACE_VERSION {
        Ok(())
    } else if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        // `# mynapin-tracexyz`: not the version line at all.
        Err(TraceError::MissingVersion)
    } else {
        Err(TraceError::UnknownVersion {
            version: version.chars().take(MAX_QUOTED_VERSION).collect(),
        })
    }
}

/// Parses the bytes of a `>` or `<` line (after the marker): two hex digits or `**` each.
fn parse_bytes(text: &str, line: usize) -> Result<Vec<Option<u8>>, TraceError> {
    text.split_whitespace()
        .enumerate()
        .map(|(index, token)| {
            let bad = TraceError::BadHex {
                line,
                byte: index + 1,
            };
            match token.as_bytes() {
                b"**" => Ok(None),
                [high, low] => match (hex_digit(*high), hex_digit(*low)) {
                    (Some(high), Some(low)) => Ok(Some(high << 4 | low)),
                    _ => Err(bad),
                },
                _ => Err(bad),
            }
        })
        .collect()
}

fn hex_digit(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

fn is_header_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The text with every control character (line breaks included) turned into a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// [`one_line`] without trailing blanks: the form a comment has once read back.
fn clean(text: &str) -> String {
    one_line(text).trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXAMPLE: &str = "\
# mynapin-trace 1
# flow: change auth
# card: simulated
> 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
< 90 00
> 00 20 00 80 04 ** ** ** **
< 90 00
";

    fn parse_error(text: &str) -> TraceError {
        TraceFile::parse(text).expect_err("the text is not a valid trace")
    }

    #[test]
    fn parses_the_design_example() {
        let trace = TraceFile::parse(EXAMPLE).unwrap();
        assert_eq!(trace.header("flow"), Some("change auth"));
        assert_eq!(trace.header("card"), Some("simulated"));
        assert_eq!(trace.header("date"), None);
        let exchanges: Vec<_> = trace.exchanges().collect();
        assert_eq!(exchanges.len(), 2);
        assert_eq!(
            exchanges[1].command.to_string(),
            "00 20 00 80 04 ** ** ** **"
        );
        assert_eq!(exchanges[1].reply, Reply::Response(vec![0x90, 0x00]));
        assert_eq!(trace.to_text(), EXAMPLE, "canonical text round-trips");
    }

    #[test]
    fn comments_blank_lines_and_transport_errors() {
        let text = "\
# mynapin-trace 1
# flow: change auth
# a free comment before the first exchange

> 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
< 90 00
# note: after the first exchange this is a comment
> 00 24 01 80 04 ** ** ** **
# transport error: card removed
";
        let trace = TraceFile::parse(text).unwrap();
        assert_eq!(trace.headers().len(), 1);
        assert_eq!(
            trace.entries()[0],
            TraceEntry::Comment("a free comment before the first exchange".to_owned())
        );
        assert_eq!(
            trace.entries()[2],
            TraceEntry::Comment("note: after the first exchange this is a comment".to_owned())
        );
        let last = trace.exchanges().last().unwrap();
        assert_eq!(last.reply, Reply::TransportError("card removed".to_owned()));
        let canonical = trace.to_text();
        assert!(
            canonical.contains("> 00 24 01 80 04 ** ** ** **\n# transport error: card removed\n")
        );
        assert_eq!(TraceFile::parse(&canonical).unwrap(), trace);
    }

    #[test]
    fn reading_is_lenient_about_case_blanks_and_line_ends() {
        let text = "\u{FEFF}# mynapin-trace 1\r\n>  00 a4 04 0c\t02 3f 00\r\n<90 00\r\n";
        let trace = TraceFile::parse(text).unwrap();
        assert_eq!(
            trace.to_text(),
            "# mynapin-trace 1\n> 00 A4 04 0C 02 3F 00\n< 90 00\n"
        );
    }

    #[test]
    fn a_pin_in_clear_is_masked_on_reading() {
        let text = "# mynapin-trace 1\n> 00 20 00 80 04 31 32 33 34\n< 63 C2\n";
        let trace = TraceFile::parse(text).unwrap();
        let written = trace.to_text();
        assert!(
            written.contains("> 00 20 00 80 04 ** ** ** **\n"),
            "{written}"
        );
        assert!(!written.contains("31 32 33 34"));
        assert!(!format!("{trace:?}").contains("31"));
    }

    #[test]
    fn version_line_errors() {
        assert!(matches!(parse_error(""), TraceError::MissingVersion));
        assert!(matches!(
            parse_error("> 00 A4 00 00\n< 90 00\n"),
            TraceError::MissingVersion
        ));
        assert!(matches!(
            parse_error("\n# mynapin-trace 1\n"),
            TraceError::MissingVersion
        ));
        assert!(matches!(
            parse_error("# mynapin-tracer 1\n"),
            TraceError::MissingVersion
        ));
        let error = parse_error("# mynapin-trace 2\n");
        assert!(
            matches!(&error, TraceError::UnknownVersion { version } if version == "2"),
            "{error:?}"
        );
        assert_eq!(error.line(), Some(1));
        assert_eq!(
            error.to_string(),
            "line 1: unknown trace version \"2\"; this build reads version 1"
        );
        assert!(matches!(
            parse_error("# mynapin-trace\n"),
            TraceError::UnknownVersion { .. }
        ));
    }

    #[test]
    fn errors_name_the_line() {
        let head = "# mynapin-trace 1\n# flow: x\n";
        let cases: [(&str, usize, &str); 10] = [
            (
                "> 00 A4 0G 00\n< 90 00\n",
                3,
                "line 3, byte 3: expected two hex digits",
            ),
            ("> 00 A4 04 0C 02 3F00\n< 90 00\n", 3, "line 3, byte 6"),
            ("> 00 A4 +1 00\n< 90 00\n", 3, "line 3, byte 3"),
            ("< 90 00\n", 3, "line 3: a response (`<`) without a command"),
            ("> 00 A4 00 00\n< 90 00\n< 90 00\n", 5, "line 5: a response"),
            (
                "> 00 A4 00 00\n\n> 00 A4 00 00\n< 90 00\n",
                3,
                "line 3: the command has no response",
            ),
            (
                "> 00 A4 00 00\n# a comment\n< 90 00\n",
                3,
                "line 3: the command has no response",
            ),
            (
                "> 00 A4 00 00\n< 90 00\n> 00 20 00 80\n",
                5,
                "line 5: the command has no response",
            ),
            (
                "> 00 A4 00\n< 90 00\n",
                3,
                "line 3: a command needs at least 4 bytes (CLA INS P1 P2), found 3",
            ),
            (
                "> 00 A4 00 00\n< 90\n",
                4,
                "line 4: a response needs at least 2 bytes (SW1 SW2), found 1",
            ),
        ];
        for (body, line, message) in cases {
            let error = parse_error(&format!("{head}{body}"));
            assert_eq!(error.line(), Some(line), "{body:?}: {error}");
            assert!(error.to_string().starts_with(message), "{body:?}: {error}");
        }
        let masked = parse_error(&format!("{head}> 00 A4 00 00\n< ** 00\n"));
        assert!(matches!(
            masked,
            TraceError::MaskedResponse { line: 4, byte: 1 }
        ));
        let stray = parse_error(&format!("{head}00 A4 00 00\n"));
        assert!(matches!(stray, TraceError::UnrecognisedLine { line: 3 }));
        let empty = parse_error(&format!("{head}>\n< 90 00\n"));
        assert!(matches!(
            empty,
            TraceError::CommandTooShort { line: 3, len: 0 }
        ));
    }

    #[test]
    fn errors_never_quote_the_line() {
        let error = parse_error("# mynapin-trace 1\n> 00 20 00 80 04 31323334\n< 90 00\n");
        assert!(matches!(error, TraceError::BadHex { line: 2, byte: 6 }));
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("31323334") && !shown.contains("1234"),
            "{shown}"
        );
        let stray = parse_error("# mynapin-trace 1\nPIN 1234\n");
        assert!(!format!("{stray} {stray:?}").contains("1234"));
    }

    #[test]
    fn headers_are_checked_and_kept_on_one_line() {
        let mut trace = TraceFile::new();
        trace.set_header("flow", "verify auth").unwrap();
        trace.set_header("flow", "change\nauth").unwrap();
        trace.set_header("card", " simulated ").unwrap();
        assert!(matches!(
            trace.set_header("bad key", "x"),
            Err(TraceError::InvalidHeaderKey { .. })
        ));
        assert!(trace.set_header("", "x").is_err());
        trace.push_comment("two\nlines");
        assert_eq!(
            trace.to_text(),
            "# mynapin-trace 1\n# flow: change auth\n# card: simulated\n# two lines\n"
        );
        assert_eq!(TraceFile::parse(&trace.to_text()).unwrap(), trace);
    }

    #[test]
    fn transport_error_texts_round_trip() {
        for error in [
            TransportError::CardRemoved,
            TransportError::NoCard,
            TransportError::Timeout,
            TransportError::SharingViolation,
            TransportError::NoService,
            TransportError::NoReaders,
            TransportError::CardReset,
        ] {
            let text = transport_error_text(&error);
            assert_eq!(
                transport_error_from_text(&text).to_string(),
                error.to_string()
            );
        }
        let link = TransportError::Link("reader\nunplugged".to_owned());
        let text = transport_error_text(&link);
        assert_eq!(text, "card link failure: reader unplugged");
        assert!(matches!(
            transport_error_from_text(&text),
            TransportError::Link(message) if message == text
        ));
    }

    #[test]
    fn load_and_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flow.trace");
        let trace = TraceFile::parse(EXAMPLE).unwrap();
        trace.save(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
        assert_eq!(TraceFile::load(&path).unwrap(), trace);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        std::fs::write(&path, "# mynapin-trace 1\n< 90 00\n").unwrap();
        let error = TraceFile::load(&path).unwrap_err();
        assert_eq!(error.line(), Some(2));
        assert!(error.to_string().contains("flow.trace: line 2:"), "{error}");
        let missing = TraceFile::load(&dir.path().join("none.trace")).unwrap_err();
        assert!(matches!(missing, TraceError::Io { .. }));
    }

    fn hex_line(bytes: Vec<u8>) -> String {
        spaced_hex(&bytes)
    }

    /// Lines of trace-like text: mostly well-formed exchanges, with stray lines mixed in.
    fn trace_line() -> impl Strategy<Value = String> {
        let byte = prop_oneof![
            any::<u8>().prop_map(|b| format!("{b:02X}")),
            Just("**".to_owned()),
            "[0-9a-zA-Z*+ ]{1,3}",
        ];
        let bytes = proptest::collection::vec(byte, 0..12).prop_map(|bytes| bytes.join(" "));
        let command = proptest::collection::vec(any::<u8>(), 4..20).prop_map(hex_line);
        let response = proptest::collection::vec(any::<u8>(), 2..8).prop_map(hex_line);
        let exchange = (command, response, any::<bool>()).prop_map(|(command, response, lost)| {
            if lost {
                format!("> {command}\n# transport error: card removed")
            } else {
                format!("> {command}\n< {response}")
            }
        });
        prop_oneof![
            6 => exchange,
            1 => bytes.clone().prop_map(|b| format!("> {b}")),
            1 => bytes.prop_map(|b| format!("< {b}")),
            2 => "# [a-z ]{0,8}: ?[a-z0-9 ]{0,8}",
            1 => Just(String::new()),
            1 => "[^\n]{0,12}",
        ]
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_text_never_panics(text in "\\PC*") {
            let _ = TraceFile::parse(&text);
            let _ = TraceFile::parse(&format!("{TRACE_VERSION_LINE}\n{text}"));
        }

        #[test]
        fn parsing_trace_like_text_never_panics_and_round_trips(
            lines in proptest::collection::vec(trace_line(), 0..20),
        ) {
            let text = format!("{TRACE_VERSION_LINE}\n{}\n", lines.join("\n"));
            if let Ok(trace) = TraceFile::parse(&text) {
                // Every exchange keeps its command length through parsing and masking.
                let exchanges = text.lines().filter(|line| line.starts_with("> ")).count();
                prop_assert_eq!(trace.exchanges().count(), exchanges);
                let canonical = trace.to_text();
                let reparsed = TraceFile::parse(&canonical);
                prop_assert!(reparsed.is_ok(), "{canonical}");
                prop_assert_eq!(reparsed.ok(), Some(trace));
            }
        }

        #[test]
        fn parsing_arbitrary_bytes_as_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = TraceFile::parse(&String::from_utf8_lossy(&bytes));
        }
    }
}
