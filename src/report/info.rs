//! `mynapin.info/1`: what the card shows without any PIN, printed by `info`: the ATR and
//! the interface it implies, the JPKI token label, whether the signature certificate
//! exists, and the validity of the 利用者証明用 certificate and of its CA's. Nothing
//! personal: the card's own certificate appears by its validity and issuer only.

use serde::Serialize;

use super::{CardDescription, Document};
use crate::apdu::spaced_hex;
use crate::card::{CertificateRead, FileProblem, InfoReport};
use crate::certificate::{CertificateSummary, Standing};
use crate::procedure::calendar::Date;

/// The interface an ATR implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interface {
    /// A PC/SC pseudo-ATR of a contactless card: `3B 8n 80 01 …` (PC/SC Part 3 §3.1.3.2.3:
    /// TS `3B`, T0 `8n`, TD1 `80`, TD2 `01`, then n historical bytes and TCK).
    Contactless,
    /// Any other ATR: the card's own, through contacts.
    Contact,
}

impl Interface {
    /// The interface of `atr`; `None` for an empty ATR.
    pub fn of_atr(atr: &[u8]) -> Option<Interface> {
        match atr {
            [] => None,
            [0x3B, t0, 0x80, 0x01, ..] if t0 & 0xF0 == 0x80 => Some(Interface::Contactless),
            _ => Some(Interface::Contact),
        }
    }
}

/// One certificate in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CertificateRow {
    /// Read and parsed.
    Read {
        /// notBefore, `YYYY-MM-DDTHH:MM:SSZ`.
        not_before: String,
        /// notAfter, `YYYY-MM-DDTHH:MM:SSZ`.
        not_after: String,
        /// notAfter's date in Japan (JST), the date a citizen is told.
        expires_on: String,
        /// JST calendar days from `checked_at` to `expires_on`; negative once expired.
        days_left: i64,
        /// The first JST date renewal is open (3 months before expiry).
        renewal_opens: String,
        /// Where it stands at `checked_at`.
        standing: Standing,
        /// The issuer's name (RFC 4514).
        issuer: String,
        /// The subject's name (RFC 4514): only for the CA certificate, `null` for the card's.
        subject: Option<String>,
    },
    /// Not read, and why.
    Unreadable {
        /// `application-not-found`, `not-found`, `bad-header`, `too-long`, `truncated`,
        /// `not-tlv`, `not-certificate` or `unexpected-status`.
        problem: &'static str,
        /// The status word of `unexpected-status`, e.g. `69 82`; else `null`.
        sw: Option<String>,
    },
}

impl CertificateRow {
    /// The row of `read` at `now` (Unix seconds).
    pub fn new(read: &CertificateRead, now: i64) -> Self {
        match read {
            Ok(summary) => Self::read(summary, now),
            Err(problem) => CertificateRow::Unreadable {
                problem: problem_code(problem),
                sw: match problem {
                    FileProblem::Unexpected(sw) => Some(sw.to_string()),
                    _ => None,
                },
            },
        }
    }

    fn read(summary: &CertificateSummary, now: i64) -> Self {
        let validity = summary.validity;
        CertificateRow::Read {
            not_before: utc_text(validity.not_before),
            not_after: utc_text(validity.not_after),
            expires_on: validity.not_after_date().to_string(),
            days_left: validity.days_left(now),
            renewal_opens: validity.renewal_opens().to_string(),
            standing: validity.standing(now),
            issuer: summary.issuer.clone(),
            subject: summary.subject.clone(),
        }
    }
}

/// The `problem` code of a [`FileProblem`].
pub fn problem_code(problem: &FileProblem) -> &'static str {
    match problem {
        FileProblem::ApplicationNotFound => "application-not-found",
        FileProblem::NotFound => "not-found",
        FileProblem::BadHeader => "bad-header",
        FileProblem::TooLong(_) => "too-long",
        FileProblem::Truncated { .. } => "truncated",
        FileProblem::NotTlv => "not-tlv",
        FileProblem::NotCertificate => "not-certificate",
        FileProblem::Unexpected(_) => "unexpected-status",
    }
}

/// The `mynapin.info/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfoDocument {
    schema: &'static str,
    /// The card read.
    pub card: CardDescription,
    /// The ATR as spaced hex; `null` when not known (a replay).
    pub atr: Option<String>,
    /// The interface the ATR implies; `null` without an ATR.
    pub interface: Option<Interface>,
    /// Whether the JPKI application answered.
    pub jpki: bool,
    /// The JPKI token label; `null` when unreadable.
    pub token_label: Option<String>,
    /// Whether the signature certificate exists; `null` when unreadable.
    pub signature_certificate: Option<bool>,
    /// When the dates were judged, `YYYY-MM-DDTHH:MM:SSZ`.
    pub checked_at: String,
    /// The 利用者証明用 certificate.
    pub auth_certificate: CertificateRow,
    /// Its CA's certificate.
    pub auth_ca_certificate: CertificateRow,
}

impl InfoDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.info/1";

    /// The document of `report`, read from `card` (ATR `atr` when known), judged at `now`
    /// (Unix seconds).
    pub fn new(card: CardDescription, atr: Option<&[u8]>, report: &InfoReport, now: i64) -> Self {
        InfoDocument {
            schema: Self::SCHEMA,
            card,
            atr: atr.map(spaced_hex),
            interface: atr.and_then(Interface::of_atr),
            jpki: report.jpki,
            token_label: report.token_label.clone(),
            signature_certificate: report.signature_certificate,
            checked_at: utc_text(now),
            auth_certificate: CertificateRow::new(&report.auth_certificate, now),
            auth_ca_certificate: CertificateRow::new(&report.auth_ca_certificate, now),
        }
    }
}

impl Document for InfoDocument {
    const SCHEMA: &'static str = InfoDocument::SCHEMA;
}

/// `YYYY-MM-DDTHH:MM:SSZ` of Unix seconds.
fn utc_text(seconds: i64) -> String {
    let date = Date::from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_from_the_atr() {
        let contactless = [
            0x3B, 0x88, 0x80, 0x01, 0, 0, 5, 0xE0, 0xB3, 0x81, 0xA1, 0, 0x7F,
        ];
        assert_eq!(
            Interface::of_atr(&contactless),
            Some(Interface::Contactless)
        );
        assert_eq!(
            Interface::of_atr(&[0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]),
            Some(Interface::Contact)
        );
        assert_eq!(
            Interface::of_atr(&[0x3B, 0x88, 0x81, 0x01]),
            Some(Interface::Contact)
        );
        assert_eq!(Interface::of_atr(&[]), None);
    }

    #[test]
    fn utc_text_of_known_instants() {
        assert_eq!(utc_text(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_text(1_924_991_999), "2030-12-31T23:59:59Z");
        assert_eq!(utc_text(-1), "1969-12-31T23:59:59Z");
    }
}
