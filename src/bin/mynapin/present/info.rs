//! `info` as the user reads it, and the one line `status` adds about the 利用者証明用
//! certificate's expiry. Only validity, the CA's names and public card facts are shown.

use mynapin::card::{CertificateRead, FileProblem, InfoReport};
use mynapin::certificate::{CertificateSummary, Standing};
use mynapin::messages::Message;
use mynapin::report::{CardDescription, InfoDocument, Interface};

use crate::commands::Context;
use crate::exit::Failure;
use crate::output::json_line;

/// `info`: the `mynapin.info/1` document, or the card's facts and each certificate's
/// validity with a warning inside the renewal window or once expired.
pub fn info(
    context: Context,
    card: CardDescription,
    atr: Option<&[u8]>,
    report: &InfoReport,
    now: i64,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(context.lang, &InfoDocument::new(card, atr, report, now));
    }
    let text = |message: &Message| context.lang.text(message);
    let mut out = format!("{}\n", text(&Message::new("info-title")));
    let mut line = |message: Message| out.push_str(&format!("  {}\n", text(&message)));
    line(match atr {
        Some(atr) if !atr.is_empty() => {
            let interface = match Interface::of_atr(atr) {
                Some(Interface::Contactless) => Message::new("info-interface-contactless"),
                _ => Message::new("info-interface-contact"),
            };
            Message::new("info-atr")
                .with("atr", mynapin::apdu::spaced_hex(atr))
                .with("interface", interface)
        }
        _ => Message::new("info-atr-unknown"),
    });
    if !report.jpki {
        line(Message::new("info-no-jpki"));
        return Ok(out);
    }
    line(match &report.token_label {
        Some(label) => Message::new("info-token-label").with("label", label.as_str()),
        None => Message::new("info-token-label-unknown"),
    });
    line(match report.signature_certificate {
        Some(true) => Message::new("info-sign-cert-present"),
        Some(false) => Message::new("info-sign-cert-absent"),
        None => Message::new("info-sign-cert-unknown"),
    });
    let certificates = [
        (
            &report.auth_certificate,
            Message::new("info-auth-cert"),
            Message::new("info-auth-cert-unreadable"),
        ),
        (
            &report.auth_ca_certificate,
            Message::new("info-ca-cert"),
            Message::new("info-ca-cert-unreadable"),
        ),
    ];
    for (read, title, unreadable) in certificates {
        match read {
            Ok(summary) => certificate_lines(title, summary, now)
                .into_iter()
                .for_each(&mut line),
            Err(problem) => line(unreadable.with("problem", problem_message(problem))),
        }
    }
    Ok(out)
}

/// A certificate's validity, what its standing means, and the CA's names.
fn certificate_lines(title: Message, summary: &CertificateSummary, now: i64) -> Vec<Message> {
    let validity = summary.validity;
    let from = validity.not_before_date().to_string();
    let until = validity.not_after_date().to_string();
    let mut lines = vec![
        title
            .with("from", from.as_str())
            .with("until", until.as_str()),
    ];
    let days = u64::try_from(validity.days_left(now)).unwrap_or(0);
    match validity.standing(now) {
        Standing::Expired => lines.push(Message::new("info-expired").with("until", until)),
        Standing::NotYetValid => lines.push(Message::new("info-not-yet-valid").with("from", from)),
        Standing::Valid => lines.push(Message::new("info-days-left").with("days", days)),
        Standing::RenewalOpen => {
            lines.push(Message::new("info-days-left").with("days", days));
            let since = validity.renewal_opens().to_string();
            lines.push(Message::new("info-renewal-open").with("since", since));
        }
    }
    lines.push(Message::new("info-issuer").with("name", summary.issuer.as_str()));
    if let Some(subject) = &summary.subject {
        lines.push(Message::new("info-subject").with("name", subject.as_str()));
    }
    lines
}

/// Why a certificate could not be read, in words.
fn problem_message(problem: &FileProblem) -> Message {
    match problem {
        FileProblem::ApplicationNotFound => Message::new("info-problem-application-not-found"),
        FileProblem::NotFound => Message::new("info-problem-not-found"),
        FileProblem::BadHeader => Message::new("info-problem-bad-header"),
        FileProblem::TooLong(_) => Message::new("info-problem-too-long"),
        FileProblem::Truncated { .. } => Message::new("info-problem-truncated"),
        FileProblem::NotTlv => Message::new("info-problem-not-tlv"),
        FileProblem::NotCertificate => Message::new("info-problem-not-certificate"),
        FileProblem::Unexpected(sw) => {
            Message::new("info-problem-unexpected-status").with("sw", sw.to_string())
        }
    }
}

/// The one line `status` adds: the 利用者証明用 certificate's expiry date and days left
/// (with the renewal date inside the window), or that it has expired. `None` when the
/// certificate could not be read, or before its validity starts.
pub fn status_expiry_line(context: Context, read: &CertificateRead, now: i64) -> Option<String> {
    let validity = read.as_ref().ok()?.validity;
    let until = validity.not_after_date().to_string();
    let days = u64::try_from(validity.days_left(now)).unwrap_or(0);
    let message = match validity.standing(now) {
        Standing::NotYetValid => return None,
        Standing::Valid => Message::new("status-auth-cert")
            .with("until", until)
            .with("days", days),
        Standing::RenewalOpen => Message::new("status-auth-cert-renewal")
            .with("until", until)
            .with("days", days)
            .with("since", validity.renewal_opens().to_string()),
        Standing::Expired => Message::new("status-auth-cert-expired").with("until", until),
    };
    Some(format!("  {}\n", context.lang.text(&message)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::i18n::Lang;
    use mynapin::certificate::Validity;

    /// 2026-01-01T00:00:00Z to 2031-01-01T00:00:00Z, as the simulated auth certificate.
    const VALIDITY: Validity = Validity {
        not_before: 1_767_225_600,
        not_after: 1_924_992_000,
    };

    fn texts(lang: &str, now: i64) -> String {
        let context = Context {
            lang: Lang::from_tag(lang).expect("language"),
            format: Format::Text,
        };
        let summary = CertificateSummary {
            validity: VALIDITY,
            issuer: "CN=CA".to_owned(),
            subject: None,
        };
        certificate_lines(Message::new("info-auth-cert"), &summary, now)
            .iter()
            .map(|message| context.lang.text(message))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn each_standing_says_what_to_do() {
        // 2030-06-01: valid, renewal not open.
        let valid = texts("en", 1_906_502_400);
        assert!(valid.contains("214 days left"), "{valid}");
        assert!(!valid.contains("renewed"), "{valid}");
        // 2030-10-01T00:00 JST (2030-09-30T15:00Z): renewal opens.
        let renewal = texts("en", 1_917_010_800);
        assert!(renewal.contains("92 days left"), "{renewal}");
        assert!(
            renewal.contains("renewed now (since 2030-10-01"),
            "{renewal}"
        );
        let renewal_ja = texts("ja", 1_917_010_800);
        assert!(
            renewal_ja.contains("更新できる期間です(2030-10-01 から"),
            "{renewal_ja}"
        );
        // One second after notAfter: expired, no days left shown.
        let expired = texts("ja", 1_924_992_001);
        assert!(
            expired.contains("有効期限が切れています(2031-01-01)"),
            "{expired}"
        );
        assert!(!expired.contains("残り"), "{expired}");
        let early = texts("en", 1_767_225_599);
        assert!(early.contains("not valid yet (from 2026-01-01)"), "{early}");
    }

    #[test]
    fn the_status_line_of_each_standing() {
        let context = Context {
            lang: Lang::from_tag("en").expect("en"),
            format: Format::Text,
        };
        let read: CertificateRead = Ok(CertificateSummary {
            validity: VALIDITY,
            issuer: "CN=CA".to_owned(),
            subject: None,
        });
        let line = |now| status_expiry_line(context, &read, now).unwrap_or_default();
        assert!(line(1_906_502_400).contains("2031-01-01 (214 days left)"));
        assert!(line(1_917_010_800).contains("renewable since 2030-10-01"));
        assert!(line(1_924_992_001).contains("has expired: 2031-01-01"));
        assert_eq!(line(1_767_225_599), "");
        let unreadable: CertificateRead = Err(FileProblem::NotFound);
        assert_eq!(status_expiry_line(context, &unreadable, 0), None);
    }
}
