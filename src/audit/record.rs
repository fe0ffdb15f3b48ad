//! One audit record ([`AuditRecord`], schema `mynapin.audit/2`) and its field types.
//!
//! `/2` replaced `/1` when a record gained the optional `visit` and the outcomes
//! `application-only` and `unproven`, which a `/1` validator rejects; lines of `/1` are
//! still read back and checked ([`LEGACY_RECORD_SCHEMA`]).
//!
//! The chain fields (`repaired_truncation`, `intact_prev`, `prev`) are not part of the
//! record a caller builds: [`super::AuditLog::append`] adds them when it writes the line.

use serde::Serialize;

use super::AuditError;
use crate::card::{CardError, ChangeOutcome, PinKind, PinStatus, ResetOutcome, VerifyOutcome};
use crate::codes::{Coded, ErrorClass};
use crate::procedure::Visit;
use crate::report::{CardDescription, PinRow};

/// The schema name of a record line, and the `$id` of `schemas/mynapin.audit/2.schema.json`.
pub const RECORD_SCHEMA: &str = "mynapin.audit/2";

/// The schema name of the lines written before `/2`: still read, shown and chained.
pub const LEGACY_RECORD_SCHEMA: &str = "mynapin.audit/1";

/// Who, where and when: given by the front end (the library reads no clock and no
/// environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContext {
    /// UTC time as ISO 8601, `YYYY-MM-DDTHH:MM:SSZ`.
    pub time: String,
    /// The staff member at the counter (the CLI: `--operator`, else the OS user).
    pub operator: String,
    /// The workstation (the CLI: the host name).
    pub workstation: String,
}

/// What was done, or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Procedure {
    /// A PIN verified (`mynapin verify`).
    Verify,
    /// A PIN changed (`mynapin change`).
    Change,
    /// A PIN reset (初期化). (A refusal by the counter's rules is recorded under the
    /// procedure it refused, with outcome `refused`.)
    Reset,
}

impl Procedure {
    /// The stable name, as in the record.
    pub fn name(self) -> &'static str {
        match self {
            Procedure::Verify => "verify",
            Procedure::Change => "change",
            Procedure::Reset => "reset",
        }
    }
}

/// Which authority a reset used (docs/DESIGN.md "Reset"), the card layer's own type;
/// only in reset records. A terminal key itself is never recorded.
pub use crate::card::Authority;

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Done.
    Ok,
    /// Failed (a wrong PIN, a blocked PIN, a card or reader error…; see `error`).
    Failed,
    /// Refused by a guard or by the counter's rules; nothing was sent that costs a try.
    Refused,
    /// The answer to a write was lost: whether it took effect is unknown.
    OutcomeUnknown,
    /// Counter mode: a proxy's (任意代理人) application visit was accepted; the card was
    /// not touched, and the procedure continues at a second visit with the letter mailed
    /// to the holder (照会書兼回答書).
    ApplicationOnly,
    /// An issuer reset mynapin could not check (see `error`): the card did not come back
    /// (a timeout, an interrupt), or the counter was full before and the confirmation of
    /// the new value failed. Whether the J-LIS equipment reset the PIN is not known.
    Unproven,
}

impl Outcome {
    /// The outcome of a failure of `class`.
    pub fn of_class(class: ErrorClass) -> Outcome {
        match class {
            ErrorClass::Refused => Outcome::Refused,
            ErrorClass::OutcomeUnknown => Outcome::OutcomeUnknown,
            _ => Outcome::Failed,
        }
    }

    /// The stable name, as in the record.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Refused => "refused",
            Outcome::OutcomeUnknown => "outcome-unknown",
            Outcome::ApplicationOnly => "application-only",
            Outcome::Unproven => "unproven",
        }
    }
}

/// A short code: an applicant kind (`self`, `proxy`…) or a document category (`A`, `B`),
/// never a document's number or a name. 1 to 32 ASCII letters, digits or `-`, at most 4
/// of them digits (so a My Number, a card or passport number cannot pass).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AuditTag(String);

/// A document category, as an [`AuditTag`].
pub type DocumentCategory = AuditTag;

impl AuditTag {
    /// The longest tag.
    pub const MAX_LEN: usize = 32;
    /// The most digits a tag may hold.
    pub const MAX_DIGITS: usize = 4;

    /// `code` as a tag.
    ///
    /// # Errors
    ///
    /// [`AuditError::BadTag`] when `code` is empty, too long, has a character other than
    /// ASCII letters, digits and `-`, or more than [`Self::MAX_DIGITS`] digits.
    pub fn new(code: &str) -> Result<AuditTag, AuditError> {
        let digits = code.bytes().filter(u8::is_ascii_digit).count();
        let allowed = code
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        if code.is_empty() || code.len() > Self::MAX_LEN || !allowed || digits > Self::MAX_DIGITS {
            return Err(AuditError::BadTag);
        }
        Ok(AuditTag(code.to_owned()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One audit record: the line `{"schema":"mynapin.audit/2",…}` without its chain fields.
///
/// Build it with [`AuditRecord::new`] (outcome `ok`) and the `with_*` methods, or from a
/// flow's result with [`AuditRecord::of_verify`] and [`AuditRecord::of_change`]. No field
/// takes a PIN, a key or personal data: the card is described by its source (simulated
/// profile file, trace file, or reader name and ATR), the PIN by its kind, the applicant
/// and the documents by [`AuditTag`] codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    schema: &'static str,
    /// UTC time, ISO 8601.
    pub time: String,
    /// The staff member.
    pub operator: String,
    /// The workstation.
    pub workstation: String,
    /// The card, `null` when none was opened (a refusal, a card that could not be opened).
    pub card: Option<CardDescription>,
    /// What was done.
    pub procedure: Procedure,
    /// The reset's authority; only in reset records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<Authority>,
    /// The PIN that proved an `other-password` reset (the other JPKI password): its
    /// errors (`wrong-pin`, `blocked`, `last-try-guard`) are about this PIN, not the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<PinKind>,
    /// The target PIN, `null` when none was named.
    pub kind: Option<PinKind>,
    /// The applicant kind (counter mode), `null` otherwise.
    pub applicant: Option<AuditTag>,
    /// Counter mode: which of a proxy's two visits (`application`, `completion`); absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<Visit>,
    /// The categories of the documents checked (counter mode), e.g. `["A","B"]`.
    pub documents: Vec<AuditTag>,
    /// The target PIN's counter before, as a status row; `null` when not known.
    pub before: Option<PinRow>,
    /// The target PIN's counter after, as a status row; `null` when not known.
    pub after: Option<PinRow>,
    /// How it ended.
    pub outcome: Outcome,
    /// The stable error code ([`Coded::code`]) unless the outcome is `ok`.
    pub error: Option<&'static str>,
}

impl AuditRecord {
    /// The schema name.
    pub const SCHEMA: &'static str = RECORD_SCHEMA;

    /// A record of `procedure` on the `kind` PIN, by `context`, with outcome `ok` and no
    /// card, counters, applicant or documents yet.
    pub fn new(context: &AuditContext, procedure: Procedure, kind: Option<PinKind>) -> Self {
        AuditRecord {
            schema: RECORD_SCHEMA,
            time: context.time.clone(),
            operator: context.operator.clone(),
            workstation: context.workstation.clone(),
            card: None,
            procedure,
            authority: None,
            proof: None,
            kind,
            applicant: None,
            visit: None,
            documents: Vec::new(),
            before: None,
            after: None,
            outcome: Outcome::Ok,
            error: None,
        }
    }

    /// The card worked on.
    pub fn with_card(mut self, card: CardDescription) -> Self {
        self.card = Some(card);
        self
    }

    /// A reset's authority; for `other-password`, the proving PIN is the target's other
    /// JPKI password.
    pub fn with_authority(mut self, authority: Authority) -> Self {
        self.authority = Some(authority);
        if authority == Authority::OtherPassword {
            self.proof = self.kind.and_then(PinKind::other_jpki);
        }
        self
    }

    /// The applicant kind (counter mode).
    pub fn with_applicant(mut self, applicant: AuditTag) -> Self {
        self.applicant = Some(applicant);
        self
    }

    /// Which of a proxy's visits (counter mode).
    pub fn with_visit(mut self, visit: Visit) -> Self {
        self.visit = Some(visit);
        self
    }

    /// A proxy's application visit that ended at the counter as the rules say (outcome
    /// `application-only`): nothing was done on the card.
    pub fn application_only(mut self) -> Self {
        self.outcome = Outcome::ApplicationOnly;
        self.error = None;
        self
    }

    /// An issuer reset that could not be checked because of `error` (outcome `unproven`,
    /// its code in `error`); the counters stay as recorded.
    pub fn unproven(mut self, error: &dyn Coded) -> Self {
        self.outcome = Outcome::Unproven;
        self.error = Some(error.code());
        self
    }

    /// The target PIN's counter before, when the record does not have it yet (e.g. read
    /// by a reset flow that failed later: [`crate::card::Card::reset_counter_before`]).
    pub fn with_known_before(mut self, before: Option<PinStatus>) -> Self {
        if let (None, Some(kind), Some(status)) = (&self.before, self.kind, before) {
            self.before = Some(PinRow::new(kind, status));
        }
        self
    }

    /// The categories of the documents checked (counter mode).
    pub fn with_documents(mut self, documents: Vec<AuditTag>) -> Self {
        self.documents = documents;
        self
    }

    /// The target PIN's counter before and after (ignored without a target PIN).
    pub fn with_counters(mut self, before: Option<PinStatus>, after: Option<PinStatus>) -> Self {
        if let Some(kind) = self.kind {
            self.before = before.map(|status| PinRow::new(kind, status));
            self.after = after.map(|status| PinRow::new(kind, status));
        }
        self
    }

    /// A failure: the outcome of its class and its stable code.
    pub fn with_failure(mut self, error: &dyn Coded) -> Self {
        self.outcome = Outcome::of_class(error.class());
        self.error = Some(error.code());
        self
    }

    /// A card flow's failure: as [`Self::with_failure`], and the counters when the error
    /// tells them: a wrong try costs exactly one, so a wrong PIN with `left` tries left had
    /// `left + 1` before; a PIN blocked just now had 1; one already blocked stays blocked.
    pub fn with_card_error(mut self, error: &CardError) -> Self {
        let counters = match *error {
            CardError::WrongPin { kind, left } => Some((
                kind,
                counter(kind, left.saturating_add(1)),
                counter(kind, left),
            )),
            CardError::Blocked { kind, just_now } => {
                Some((kind, counter(kind, u8::from(just_now)), counter(kind, 0)))
            }
            _ => None,
        };
        if let Some((kind, before, after)) = counters.filter(|(kind, ..)| Some(*kind) == self.kind)
        {
            self.before = Some(PinRow::new(kind, before));
            self.after = Some(PinRow::new(kind, after));
        }
        self.with_failure(error)
    }

    /// The record of a `verify` flow on `kind` that ended with `result`.
    pub fn of_verify(
        context: &AuditContext,
        card: CardDescription,
        kind: PinKind,
        result: &Result<VerifyOutcome, CardError>,
    ) -> Self {
        let record = AuditRecord::new(context, Procedure::Verify, Some(kind)).with_card(card);
        match result {
            Ok(outcome) => record.with_counters(
                outcome.tries_before.map(|left| counter(kind, left)),
                Some(counter(kind, outcome.tries_now)),
            ),
            Err(error) => record.with_card_error(error),
        }
    }

    /// The record of a `change` flow on `kind` that ended with `result`.
    pub fn of_change(
        context: &AuditContext,
        card: CardDescription,
        kind: PinKind,
        result: &Result<ChangeOutcome, CardError>,
    ) -> Self {
        let record = AuditRecord::new(context, Procedure::Change, Some(kind)).with_card(card);
        match result {
            Ok(outcome) => record.with_counters(
                outcome.tries_before.map(|left| counter(kind, left)),
                outcome.status_after,
            ),
            Err(error) => record.with_card_error(error),
        }
    }
}

impl AuditRecord {
    /// The record of a `reset` flow on `kind` by `authority` that ended with `result`
    /// (never the new value, the proving password or the key).
    pub fn of_reset(
        context: &AuditContext,
        card: CardDescription,
        kind: PinKind,
        authority: Authority,
        result: &Result<ResetOutcome, CardError>,
    ) -> Self {
        let record = AuditRecord::new(context, Procedure::Reset, Some(kind))
            .with_card(card)
            .with_authority(authority);
        match result {
            Ok(outcome) => record.with_counters(Some(outcome.status_before), outcome.status_after),
            Err(error @ CardError::ResetNotDone { status, .. }) => record
                .with_counters(None, Some(*status))
                .with_card_error(error),
            Err(error) => record.with_card_error(error),
        }
    }
}

/// `left` tries of `kind` as a status: blocked at zero.
fn counter(kind: PinKind, left: u8) -> PinStatus {
    let max = kind.max_tries();
    if left == 0 {
        PinStatus::Blocked { max }
    } else {
        PinStatus::Remaining { left, max }
    }
}
