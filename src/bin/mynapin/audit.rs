//! The CLI's side of the audit log (README "Audit log"): where the log is
//! ([`audit_path`]), who and where the record says ([`audit_context`]: `--operator` or the
//! OS user, the host name, the clock), and the glue every card procedure uses: open the log
//! *before* the card is touched ([`Trail::open`], exit 3 when it cannot be written), and
//! append one record for every outcome before anything is printed ([`record_flow`]).
//!
//! A record that cannot be appended after a procedure that was *done* (the card changed)
//! does not hide that: the success is printed as usual, a message says the record is
//! missing, and the exit code is 8 ([`Exit::NotRecorded`]), so a script never repeats a
//! change that happened. After a failed procedure the failure keeps its own exit code and
//! a warning says the record is missing.

use std::path::PathBuf;

use mynapin::audit::{AuditContext, AuditLog, AuditRecord, AuditTag, Outcome, Procedure};
use mynapin::card::PinKind;
use mynapin::messages::Message;
use mynapin::procedure::{Category, CheckRecord, Outcome as CheckOutcome, Visit};
use mynapin::{Coded, ErrorClass};

use crate::cli::GlobalArgs;
use crate::exit::{Exit, Failure};
use crate::i18n::Lang;

/// The log file: `--audit-log FILE`, else `mynapin/audit.jsonl` in the platform's state
/// folder ([`state_folder`]: `$XDG_STATE_HOME` or `~/.local/state` on Linux), else (no
/// home) `mynapin-audit.jsonl` in the current folder; between the two, the workstation configuration's `audit_log` (a configuration
/// that cannot be read is reported by the counter check, not here).
pub fn audit_path(global: &GlobalArgs) -> PathBuf {
    if let Some(path) = &global.audit_log {
        return path.clone();
    }
    if let Some(path) = workstation_config(global).and_then(|config| config.audit_log) {
        return path;
    }
    match state_folder() {
        Some(folder) => folder.join("mynapin").join("audit.jsonl"),
        None => PathBuf::from("mynapin-audit.jsonl"),
    }
}

/// The platform's folder for a program's state, through the `directories` crate: on Linux
/// `$XDG_STATE_HOME` (absolute only, as the XDG spec says) or `~/.local/state`; where the
/// platform has no state folder (Windows, macOS), its local application data folder
/// (`%LOCALAPPDATA%`, `~/Library/Application Support`).
fn state_folder() -> Option<PathBuf> {
    let base = directories::BaseDirs::new()?;
    Some(
        base.state_dir()
            .unwrap_or_else(|| base.data_local_dir())
            .to_path_buf(),
    )
}

/// The workstation configuration, when there is one that can be read.
fn workstation_config(global: &GlobalArgs) -> Option<mynapin::config::Config> {
    crate::commands::counter::config(global).ok()
}

/// Who, where and when, for a record made now: `--operator`, else the configuration's
/// `operator`, else the OS account of the real user ([`crate::os_user`]: the real uid's
/// name, `$USER`/`$LOGNAME` only when nothing names it), else `unknown`; the host name (`/proc/sys/kernel/hostname`,
/// `/etc/hostname`, `$HOSTNAME`, else `unknown`); the current UTC time.
pub fn audit_context(global: &GlobalArgs) -> AuditContext {
    let operator = global
        .operator
        .clone()
        .or_else(|| workstation_config(global).and_then(|config| config.operator))
        .or_else(crate::os_user::name)
        .unwrap_or_else(|| "unknown".to_owned());
    let workstation = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|file| {
            std::fs::read_to_string(file)
                .ok()
                .map(|text| text.trim().to_owned())
                .filter(|name| !name.is_empty())
        })
        .or_else(|| non_empty_env("HOSTNAME"))
        .unwrap_or_else(|| "unknown".to_owned());
    AuditContext {
        time: crate::clock::utc_now(),
        operator,
        workstation,
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Opens the log for appending: the check to make before the card is touched. A log
/// found open to group or others is tightened to 0600 when it is ours, with a warning on
/// stderr either way.
///
/// # Errors
///
/// `audit-log-unwritable` (exit 3) when it cannot be created or opened for appending.
pub fn open_log(global: &GlobalArgs, lang: Lang) -> Result<AuditLog, Failure> {
    let path = audit_path(global);
    let log = AuditLog::open(&path).map_err(Failure::Audit)?;
    if let Some(loose) = log.loose_permissions() {
        let message = match loose.tightened {
            true => Message::new("audit-log-permissions-tightened"),
            false => Message::new("audit-log-permissions-open"),
        };
        let message = message
            .with("path", path.display().to_string())
            .with("mode", format!("{:04o}", loose.mode));
        crate::output::warn(&lang.text(&message));
    }
    Ok(log)
}

/// Appends `record` for a procedure that ended with `result`, before anything is printed,
/// and returns what to print with its exit code:
///
/// - appended: `result` unchanged (exit 0 on success);
/// - not appended after a success: the success's output, a message on stderr that the
///   procedure was done but not recorded, and [`Exit::NotRecorded`] (8);
/// - not appended after a failure: the failure, with a warning on stderr.
pub fn record_flow(
    log: &mut AuditLog,
    lang: Lang,
    record: &AuditRecord,
    result: Result<String, Failure>,
) -> Result<(String, Exit), Failure> {
    let Err(error) = log.append(record) else {
        return result.map(|output| (output, Exit::Ok));
    };
    match result {
        Ok(output) => {
            let message =
                Message::new("audit-not-recorded-after-done").with("problem", error.message());
            crate::output::warn(&lang.text(&message));
            Ok((output, Exit::NotRecorded))
        }
        Err(failure) => {
            let message = Message::new("audit-not-recorded").with("problem", error.message());
            crate::output::warn(&lang.text(&message));
            Err(failure)
        }
    }
}

/// `record` after `failure`: the outcome and code of the failure (a card error also gives
/// the counter after, when it tells it).
pub fn with_failure(record: AuditRecord, failure: &Failure) -> AuditRecord {
    match failure {
        Failure::Card(error) | Failure::Refused(error, _) => record.with_card_error(error),
        other => record.with_failure(coded(other)),
    }
}

/// `record` of an issuer reset that `failure` kept from being checked: outcome
/// `unproven` with the failure's code, the counters as recorded.
pub fn unproven(record: AuditRecord, failure: &Failure) -> AuditRecord {
    record.unproven(coded(failure))
}

/// The stable code and class of `failure`.
fn coded(failure: &Failure) -> &dyn Coded {
    match failure {
        Failure::Card(error) | Failure::Refused(error, _) => error,
        Failure::Profile(error) => error,
        Failure::Source(error) => error,
        Failure::Vpcd(error) => error,
        Failure::Audit(error) => error,
        Failure::Counter(refusal, _) => refusal.as_ref(),
        Failure::Rules(error) => error,
        Failure::Config(error) => error,
        Failure::Usage(_) => &UsageError,
        Failure::Interrupted(_) => &Interrupted,
    }
}

/// An interrupted wait, as a coded failure for a record.
struct Interrupted;

impl Coded for Interrupted {
    fn code(&self) -> &'static str {
        "interrupted"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Other
    }
}

/// The CLI's own usage errors, as a coded failure for a record.
struct UsageError;

impl Coded for UsageError {
    fn code(&self) -> &'static str {
        "usage"
    }

    fn class(&self) -> ErrorClass {
        ErrorClass::Usage
    }
}

/// The audit trail of one card procedure: the log opened before the card is touched, and
/// the record the flow leaves ([`Trail::set`]) for [`Trail::finish`] to append.
pub struct Trail {
    log: AuditLog,
    context: AuditContext,
    procedure: Procedure,
    kind: Option<PinKind>,
    record: Option<AuditRecord>,
    /// Records of earlier steps of the procedure, already complete ([`Trail::step_done`]).
    done: Vec<AuditRecord>,
    /// Counter mode: what the rules check recorded.
    counter: Option<CounterTags>,
}

/// What a counter-mode record says of the check: the applicant kind, the document
/// categories, the visit (a proxy's), and whether the visit ends at the counter.
struct CounterTags {
    applicant: AuditTag,
    documents: Vec<AuditTag>,
    visit: Option<Visit>,
    ends_here: bool,
}

impl Trail {
    /// Opens the log (failing with exit 3 when it cannot be written) for `procedure` on
    /// the `kind` PIN.
    pub fn open(
        global: &GlobalArgs,
        lang: Lang,
        procedure: Procedure,
        kind: Option<PinKind>,
    ) -> Result<Trail, Failure> {
        Ok(Trail {
            log: open_log(global, lang)?,
            context: audit_context(global),
            procedure,
            kind,
            record: None,
            done: Vec::new(),
            counter: None,
        })
    }

    /// Who, where and when, for the flow's record.
    pub fn context(&self) -> &AuditContext {
        &self.context
    }

    /// Counter mode: the applicant kind, the categories of the documents the rules
    /// counted (`A`, `B`; the agent's as `agent-A`, `agent-B`; never their names or
    /// numbers) and a proxy's visit, as the check recorded them, for the record whatever
    /// the verdict. A proxy's application visit that the rules accept is recorded with
    /// outcome `application-only` (the card is not touched).
    pub fn counter_checked(&mut self, checked: &CheckRecord) {
        let Ok(applicant) = AuditTag::new(checked.applicant.name()) else {
            return;
        };
        let tag = |prefix: &str, category: &Category| {
            AuditTag::new(&format!("{prefix}{category:?}")).ok()
        };
        let holder = checked.holder_categories.iter().filter_map(|c| tag("", c));
        let agent = checked
            .agent_categories
            .iter()
            .filter_map(|c| tag("agent-", c));
        self.counter = Some(CounterTags {
            applicant,
            documents: holder.chain(agent).collect(),
            visit: checked.visit,
            ends_here: checked.outcome == CheckOutcome::EndsHere,
        });
    }

    /// The step recorded so far is done (e.g. an issuer reset, before its `--confirm`
    /// verification): its record is kept as it is, and the next [`Trail::set`] starts the
    /// record of the next step.
    pub fn step_done(&mut self) {
        if let Some(record) = self.record.take() {
            self.done.push(record);
        }
    }

    /// A record of an earlier step, complete, to append before the flow's own (e.g. the
    /// counter page's issuer reset that a confirmation proves, or not).
    pub fn done_before(&mut self, record: AuditRecord) {
        self.done.push(record);
    }

    /// The flow's own record (with the card and the counters), made right after the flow.
    pub fn set(&mut self, record: AuditRecord) {
        self.record = Some(record);
    }

    /// Appends the record of the procedure that ended with `result` ([`record_flow`]): the
    /// flow's record if it left one, else a record of the failure without a card; a
    /// failure after a successful flow (a simulated card not saved back) takes its place.
    pub fn finish(
        mut self,
        lang: Lang,
        result: Result<String, Failure>,
    ) -> Result<(String, Exit), Failure> {
        let record = self
            .record
            .take()
            .unwrap_or_else(|| AuditRecord::new(&self.context, self.procedure, self.kind));
        let record = match &result {
            Err(failure) if record.outcome == Outcome::Ok => with_failure(record, failure),
            _ => record,
        };
        let counter = self.counter.take();
        let record = match (&counter, &result) {
            (Some(tags), Ok(_)) if tags.ends_here && record.outcome == Outcome::Ok => {
                record.application_only()
            }
            _ => record,
        };
        let tagged = |record: AuditRecord| match &counter {
            Some(tags) => {
                let record = record
                    .with_applicant(tags.applicant.clone())
                    .with_documents(tags.documents.clone());
                match tags.visit {
                    Some(visit) => record.with_visit(visit),
                    None => record,
                }
            }
            None => record,
        };
        // Earlier steps first: a reset that was done stays recorded as done, whatever
        // its confirmation gives.
        let mut earlier_lost = None;
        for step in std::mem::take(&mut self.done) {
            if let Err(error) = self.log.append(&tagged(step)) {
                earlier_lost.get_or_insert(error);
            }
        }
        let flow = record_flow(&mut self.log, lang, &tagged(record), result);
        match (earlier_lost, flow) {
            (Some(error), Ok((output, Exit::Ok))) => {
                let message =
                    Message::new("audit-not-recorded-after-done").with("problem", error.message());
                crate::output::warn(&lang.text(&message));
                Ok((output, Exit::NotRecorded))
            }
            (_, flow) => flow,
        }
    }
}
