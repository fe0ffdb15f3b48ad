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
