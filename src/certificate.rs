//! What `mynapin info` and `status` say about a JPKI certificate without any PIN: its
//! validity (not before, not after, days left, whether renewal is open), parsed with the
//! maintained `x509-cert` crate, and the CA's names. The card's own certificates carry an
//! opaque identifier as subject on real cards: their subject is never kept here
//! ([`CertificateSummary::of_card_certificate`]).
//!
//! Dates are the Japanese civil dates (JST, UTC+9) that a citizen and a counter speak of;
//! days left count JST calendar days. The current time is always passed in, so every
//! result is reproducible.

use x509_cert::Certificate;
use x509_cert::der::Decode;

use crate::procedure::calendar::{Date, LocalDateTime};

/// How many months before a JPKI certificate's expiry it can be renewed: 3. Municipal
/// guidance on the 電子証明書 says "有効期限の3か月前から更新可能" (renewal from three
/// months before the expiry date); \[infer\] that this holds in every municipality and for
/// every card: it is guidance, not part of the card's specification, and was not checked
/// against J-LIS's own text here.
pub const RENEWAL_WINDOW_MONTHS: u8 = 3;

/// A certificate's validity, as Unix seconds (RFC 5280 §4.1.2.5: both ends inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// notBefore.
    pub not_before: i64,
    /// notAfter.
    pub not_after: i64,
}

/// Where a certificate stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Before notBefore.
    NotYetValid,
    /// Valid, and renewal is not open yet.
    Valid,
    /// Valid, inside the renewal window ([`RENEWAL_WINDOW_MONTHS`] before expiry).
    RenewalOpen,
    /// After notAfter.
    Expired,
}

impl Validity {
    /// The JST date of notBefore.
    pub fn not_before_date(&self) -> Date {
        jst_date(self.not_before)
    }

    /// The JST date of notAfter.
    pub fn not_after_date(&self) -> Date {
        jst_date(self.not_after)
    }

    /// JST calendar days from `now`'s date to notAfter's date: 0 on the last day, negative
    /// once expired.
    pub fn days_left(&self, now: i64) -> i64 {
        jst_day(self.not_after) - jst_day(now)
    }

    /// The first JST date renewal is open: notAfter's date [`RENEWAL_WINDOW_MONTHS`]
    /// months earlier (the last day of that month when it has no such day: 31 May → 28 or
    /// 29 February).
    pub fn renewal_opens(&self) -> Date {
        months_before(self.not_after_date(), RENEWAL_WINDOW_MONTHS)
    }

    /// Where the certificate stands at `now` (Unix seconds).
    pub fn standing(&self, now: i64) -> Standing {
        if now < self.not_before {
            Standing::NotYetValid
        } else if now > self.not_after {
            Standing::Expired
        } else if jst_date(now) >= self.renewal_opens() {
            Standing::RenewalOpen
        } else {
            Standing::Valid
        }
    }
}

/// What is shown of one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    /// Its validity.
    pub validity: Validity,
    /// The issuer's name (RFC 4514 text): a CA, never a person.
    pub issuer: String,
    /// The subject's name, kept only for a CA certificate.
    pub subject: Option<String>,
}

impl CertificateSummary {
    /// The card's own certificate: validity and issuer; the subject is dropped.
    pub fn of_card_certificate(der: &[u8]) -> Option<Self> {
        let certificate = Certificate::from_der(der).ok()?;
        Some(CertificateSummary {
            subject: None,
            ..summary(&certificate)
        })
    }

    /// A CA certificate: validity, issuer and subject.
    pub fn of_ca_certificate(der: &[u8]) -> Option<Self> {
        let certificate = Certificate::from_der(der).ok()?;
        let subject = certificate.tbs_certificate().subject().to_string();
        Some(CertificateSummary {
            subject: Some(subject),
            ..summary(&certificate)
        })
    }
}

fn summary(certificate: &Certificate) -> CertificateSummary {
    let tbs = certificate.tbs_certificate();
    let seconds = |time: x509_cert::time::Time| {
        i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    CertificateSummary {
        validity: Validity {
            not_before: seconds(tbs.validity().not_before),
            not_after: seconds(tbs.validity().not_after),
        },
        issuer: tbs.issuer().to_string(),
        subject: None,
    }
}

/// Days since 1970-01-01 of the JST date of a Unix time.
fn jst_day(seconds: i64) -> i64 {
    seconds.saturating_add(9 * 3600).div_euclid(86_400)
}

/// The JST date of a Unix time.
fn jst_date(seconds: i64) -> Date {
    LocalDateTime::from_unix_seconds(seconds).date
}

/// `date` `months` months earlier, clamped to the end of a shorter month.
fn months_before(date: Date, months: u8) -> Date {
    let index = date.year() * 12 + i32::from(date.month()) - 1 - i32::from(months);
    let year = index.div_euclid(12);
    let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
    (1..=date.day())
        .rev()
        .find_map(|day| Date::new(year, month, day))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC date and time.
    fn utc(date: &str, hour: i64, minute: i64, second: i64) -> i64 {
        let date = Date::parse(date).expect("date");
        // Days since the epoch by counting from a known date.
        let mut days = 0i64;
        while Date::from_days(days) < date {
            days += 1;
        }
        days * 86_400 + hour * 3600 + minute * 60 + second
    }

    fn validity(before: i64, after: i64) -> Validity {
        Validity {
            not_before: before,
            not_after: after,
        }
    }

    #[test]
    fn days_left_count_jst_calendar_days() {
        // notAfter 2030-02-20T14:59:59Z is 23:59:59 JST on 20 February (JPKI's usual form).
        let cert = validity(0, utc("2030-02-20", 14, 59, 59));
        assert_eq!(cert.not_after_date(), Date::new(2030, 2, 20).expect("date"));
        assert_eq!(cert.days_left(utc("2030-02-20", 14, 59, 59)), 0);
        assert_eq!(cert.days_left(utc("2030-02-19", 15, 0, 0)), 0);
        assert_eq!(cert.days_left(utc("2030-02-19", 14, 59, 59)), 1);
        assert_eq!(cert.days_left(utc("2030-02-20", 15, 0, 0)), -1);
        // Across 29 February 2028.
        let leap = validity(0, utc("2028-03-01", 0, 0, 0));
        assert_eq!(leap.days_left(utc("2028-02-28", 0, 0, 0)), 2);
        let common = validity(0, utc("2027-03-01", 0, 0, 0));
        assert_eq!(common.days_left(utc("2027-02-28", 0, 0, 0)), 1);
    }

    #[test]
    fn standing_at_each_boundary() {
        let before = utc("2026-01-01", 0, 0, 0);
        let after = utc("2031-01-01", 0, 0, 0);
        let cert = validity(before, after);
        assert_eq!(cert.standing(before - 1), Standing::NotYetValid);
        assert_eq!(cert.standing(before), Standing::Valid);
        assert_eq!(cert.standing(after), Standing::RenewalOpen);
        assert_eq!(cert.standing(after + 1), Standing::Expired);
        // notAfter is 2031-01-01 09:00 JST: renewal opens on 2030-10-01 (JST).
        assert_eq!(cert.renewal_opens(), Date::new(2030, 10, 1).expect("date"));
        let opens = utc("2030-09-30", 15, 0, 0); // 2030-10-01 00:00 JST
        assert_eq!(cert.standing(opens - 1), Standing::Valid);
        assert_eq!(cert.standing(opens), Standing::RenewalOpen);
    }

    #[test]
    fn renewal_opens_clamps_to_shorter_months() {
        let on = |date: &str| {
            // 12:00 JST on `date`.
            validity(0, utc(date, 3, 0, 0)).renewal_opens().to_string()
        };
        assert_eq!(on("2028-05-31"), "2028-02-29");
        assert_eq!(on("2027-05-31"), "2027-02-28");
        assert_eq!(on("2030-07-31"), "2030-04-30");
        assert_eq!(on("2030-02-15"), "2029-11-15");
        assert_eq!(on("2030-01-01"), "2029-10-01");
    }

    #[test]
    fn simulated_certificates_parse_without_the_cards_subject() {
        let auth = CertificateSummary::of_card_certificate(include_bytes!("sim/certs/auth.der"))
            .expect("auth");
        assert_eq!(auth.subject, None);
        assert_eq!(auth.validity.not_before_date().to_string(), "2026-01-01");
        assert_eq!(auth.validity.not_after_date().to_string(), "2031-01-01");
        assert!(
            auth.issuer.contains("mynapin simulated auth-ca"),
            "{}",
            auth.issuer
        );
        let ca = CertificateSummary::of_ca_certificate(include_bytes!("sim/certs/auth-ca.der"))
            .expect("ca");
        assert_eq!(ca.validity.not_after_date().to_string(), "2046-01-01");
        assert!(
            ca.subject
                .is_some_and(|subject| subject.contains("auth-ca"))
        );
        assert_eq!(CertificateSummary::of_card_certificate(&[0x30, 0x00]), None);
    }
}
