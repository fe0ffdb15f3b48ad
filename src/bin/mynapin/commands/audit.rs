//! `mynapin audit verify` and `mynapin audit show`: the audit log's chain check, and its
//! records for people or for log tools. Neither touches a card.

use mynapin::audit::{read_records, verify};
use mynapin::messages::Message;

use super::Context;
use crate::cli::{AuditCommand, AuditShowArgs, GlobalArgs};
use crate::exit::{Exit, Failure};

/// Runs an `audit` subcommand; returns what to print and the exit code (9 for a broken
/// chain).
pub fn run(
    context: Context,
    global: &GlobalArgs,
    command: &AuditCommand,
) -> Result<(String, Exit), Failure> {
    let path = crate::audit::audit_path(global);
    match command {
        AuditCommand::Verify => {
            let report = verify(&path).map_err(Failure::Audit)?;
            let exit = if report.intact() {
                Exit::Ok
            } else {
                Exit::AuditBroken
            };
            Ok((
                crate::present::audit_verified(context, &path, &report)?,
                exit,
            ))
        }
        AuditCommand::Show(args) => {
            let since = since(context, args)?;
            let records: Vec<_> = read_records(&path)
                .map_err(Failure::Audit)?
                .into_iter()
                .filter(|record| since.as_deref().is_none_or(|since| record.is_since(since)))
                .collect();
            Ok((crate::present::audit_records(context, &records), Exit::Ok))
        }
    }
}

/// `--since` as the start of an ISO 8601 UTC time: `YYYY-MM-DD` (its midnight) or
/// `YYYY-MM-DDTHH:MM:SSZ`; anything else is a usage error.
fn since(context: Context, args: &AuditShowArgs) -> Result<Option<String>, Failure> {
    let Some(text) = &args.since else {
        return Ok(None);
    };
    const DATE: &str = "dddd-dd-dd";
    const TIME: &str = "dddd-dd-ddTdd:dd:ddZ";
    let matches = |shape: &str| {
        text.len() == shape.len()
            && text
                .bytes()
                .zip(shape.bytes())
                .all(|(byte, want)| match want {
                    b'd' => byte.is_ascii_digit(),
                    _ => byte == want,
                })
    };
    if matches(DATE) || matches(TIME) {
        Ok(Some(text.clone()))
    } else {
        Err(Failure::Usage(
            context.lang.text(&Message::new("audit-since-invalid")),
        ))
    }
}
