//! What an applicant must bring for a procedure and visit ([`requirements`]), and whether
//! what was presented is enough ([`evaluate`]): a [`Verdict`] that is *allowed*, *ends
//! here* (a proxy's first visit: the letter is mailed to the holder), *not accepted* (the
//! rules have no such applicant or procedure), or the typed list of what is [`Missing`],
//! each with a message id. Pure functions: no I/O.
//!
//! Identity documents are given as `A:passport`, `B:health-insurance`, with `:copy` or
//! `:expired` appended for a copy or an expired document ([`IdDocument`]). A document the
//! rules list is counted in the rules' list whatever prefix was typed; a copy does not count
//! when the rules take originals only, nor an expired one unless they accept it.
//! [`Assessment::record`] is what an audit log keeps: the applicant kind, the document
//! *categories*, proofs and papers, the outcome and the codes of what was missing; never a
//! document's name or number.

use std::str::FromStr;

use serde::Serialize;

use super::rules::{Rules, Step};
use super::{Applicant, Category, Combination, Paper, Procedure, ProofKind, Visit, Waiver};

/// One identity document shown at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdDocument {
    /// The list it belongs to.
    pub category: Category,
    /// Its id (`passport`), one of the rules' lists or any other name.
    pub name: String,
    /// A copy, not the original.
    pub copy: bool,
    /// Past its expiry date.
    pub expired: bool,
}

/// Why `--id` text is not a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a document: write A:NAME or B:NAME, optionally followed by :copy or :expired"
)]
pub struct DocumentSyntaxError(pub String);

impl FromStr for IdDocument {
    type Err = DocumentSyntaxError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DocumentSyntaxError(text.to_owned());
        let mut parts = text.split(':');
        let category = match parts.next() {
            Some("A" | "a") => Category::A,
            Some("B" | "b") => Category::B,
            _ => return Err(error()),
        };
        let name = parts
            .next()
            .filter(|name| !name.is_empty())
            .ok_or_else(error)?;
        let mut document = IdDocument {
            category,
            name: name.to_owned(),
            copy: false,
            expired: false,
        };
        for flag in parts {
            match flag {
                "copy" => document.copy = true,
                "expired" => document.expired = true,
                _ => return Err(error()),
            }
        }
        Ok(document)
    }
}

/// What was presented at the counter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presented {
    /// The card whose password is reset or changed.
    pub card: bool,
    /// The holder's identity documents (other than the card).
    pub holder_ids: Vec<IdDocument>,
    /// The agent's own identity documents.
    pub agent_ids: Vec<IdDocument>,
    /// Proofs of a legal representative's authority.
    pub proofs: Vec<ProofKind>,
    /// Circumstances the staff confirmed that spare the proof.
    pub waivers: Vec<Waiver>,
    /// Papers (a proxy's second visit).
    pub papers: Vec<Paper>,
    /// The agent's age in years, when asked.
    pub agent_age: Option<u8>,
}

impl Presented {
    /// Records that the staff confirmed `item` (a checklist that does not ask which
    /// documents): adds what satisfies it, for identity documents those of its first
    /// alternative ([`Presented::confirm_alternative`] with 0).
    pub fn confirm(&mut self, item: &Item) {
        self.confirm_alternative(item, 0);
    }

    /// Records that the staff confirmed `item`, for identity documents its alternative
    /// `choice` (from 0, in the order of [`Item::HolderIds`] or [`Item::AgentIds`]): the
    /// categories of what was actually shown, as the audit record keeps them. A `choice`
    /// past the alternatives confirms no document.
    pub fn confirm_alternative(&mut self, item: &Item, choice: usize) {
        // Each confirmed document is a distinct one (`confirmed-1`, `confirmed-2`…): a
        // document counts once, so "2 from list A" needs two.
        let confirmed = |(number, category): (usize, Category)| IdDocument {
            category,
            name: format!("confirmed-{}", number + 1),
            copy: false,
            expired: false,
        };
        let documents = |alternatives: &[Combination]| {
            alternatives.get(choice).map_or_else(Vec::new, |first| {
                let a = std::iter::repeat_n(Category::A, usize::from(first.a));
                let b = std::iter::repeat_n(Category::B, usize::from(first.b));
                a.chain(b).enumerate().map(confirmed).collect()
            })
        };
        match item {
            Item::Card => self.card = true,
            Item::HolderIds(alternatives) => self.holder_ids.extend(documents(alternatives)),
            Item::AgentIds(alternatives) => self.agent_ids.extend(documents(alternatives)),
            Item::Proof { proof, .. } => self.proofs.push(*proof),
            Item::Paper(paper) => self.papers.push(*paper),
            Item::AgentMinAge(years) => self.agent_age = Some(*years),
        }
    }
}

/// One thing to bring or show (in JSON, `mynapin::report::GuideItem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The card itself.
    Card,
    /// The holder's identity documents: one of these combinations.
    HolderIds(Vec<Combination>),
    /// The agent's identity documents: one of these combinations.
    AgentIds(Vec<Combination>),
    /// A proof of authority, unless one of the waivers applies.
    Proof {
        /// The proof.
        proof: ProofKind,
        /// What spares it.
        waivers: Vec<Waiver>,
    },
    /// A paper.
    Paper(Paper),
    /// The proxy is at least this old.
    AgentMinAge(u8),
}

impl Item {
    /// A stable kebab-case code for logs and JSON (`holder-ids`, `paper:reply-form`…).
    pub fn code(&self) -> String {
        match self {
            Item::Card => "card".into(),
            Item::HolderIds(_) => "holder-ids".into(),
            Item::AgentIds(_) => "agent-ids".into(),
            Item::Proof { proof, .. } => format!("proof:{}", proof_name(*proof)),
            Item::Paper(paper) => format!("paper:{}", paper_name(*paper)),
            Item::AgentMinAge(_) => "agent-min-age".into(),
        }
    }
}

/// The kebab-case name of a proof.
pub fn proof_name(proof: ProofKind) -> &'static str {
    match proof {
        ProofKind::Koseki => "koseki",
        ProofKind::GuardianshipRegistry => "guardianship-registry",
    }
}

/// The kebab-case name of a paper.
pub fn paper_name(paper: Paper) -> &'static str {
    match paper {
        Paper::ReplyForm => "reply-form",
        Paper::PowerOfAttorney => "power-of-attorney",
        Paper::PinSlip => "pin-slip",
    }
}

/// What one applicant needs on one visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirements {
    /// The procedure.
    pub procedure: Procedure,
    /// Who comes.
    pub applicant: Applicant,
    /// The visit (a proxy's; `None` for everyone else).
    pub visit: Option<Visit>,
    /// What to bring, in the order of the page.
    pub items: Vec<Item>,
    /// A proxy's first visit: the procedure does not finish today.
    pub ends_here: bool,
    /// The reply form carries the power of attorney.
    pub reply_form_is_power_of_attorney: bool,
}

/// Why the rules do not let an applicant through at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCovered {
    /// The rules do not describe this procedure.
    ProcedureNotDescribed,
    /// This kind of applicant is not accepted (or not described) for the procedure.
    ApplicantNotAccepted,
}

/// The requirements of `applicant` for `procedure`; `visit` is read for a proxy only
/// (`None` means the first visit).
///
/// # Errors
///
/// [`NotCovered`] when the rules have no such procedure or applicant.
pub fn requirements(
    rules: &Rules,
    procedure: Procedure,
    applicant: Applicant,
    visit: Option<Visit>,
) -> Result<Requirements, NotCovered> {
    let rules_of = rules
        .procedures
        .get(procedure)
        .ok_or(NotCovered::ProcedureNotDescribed)?;
    let visit = (applicant == Applicant::Proxy).then(|| visit.unwrap_or(Visit::Application));
    let step = rules_of
        .step(applicant, visit.unwrap_or(Visit::Application))
        .ok_or(NotCovered::ApplicantNotAccepted)?;
    let proxy = rules_of
        .proxy
        .as_ref()
        .filter(|_| applicant == Applicant::Proxy);
    let mut items = step_items(step);
    if let Some(years) = proxy.and_then(|proxy| proxy.min_agent_age) {
        items.push(Item::AgentMinAge(years));
    }
    Ok(Requirements {
        procedure,
        applicant,
        visit,
        items,
        ends_here: visit == Some(Visit::Application),
        reply_form_is_power_of_attorney: proxy
            .is_some_and(|proxy| proxy.reply_form_is_power_of_attorney),
    })
}

/// The items of a step, in a fixed order.
fn step_items(step: &Step) -> Vec<Item> {
    let mut items = Vec::new();
    if step.card {
        items.push(Item::Card);
    }
    if let Some(alternatives) = &step.holder_ids {
        items.push(Item::HolderIds(alternatives.clone()));
    }
    if let Some(proof) = step.proof {
        items.push(Item::Proof {
            proof,
            waivers: step.waivers.clone(),
        });
    }
    if let Some(alternatives) = &step.agent_ids {
        items.push(Item::AgentIds(alternatives.clone()));
    }
    items.extend(step.papers.iter().copied().map(Item::Paper));
    items
}

/// Why an item is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissingReason {
    /// Not presented (or not enough documents).
    NotPresented,
    /// Enough documents only if copies counted; the rules take originals only.
    CopyNotAccepted,
    /// Enough documents only if expired ones counted.
    ExpiredNotAccepted,
    /// The proxy is younger than the rules allow.
    AgentTooYoung,
    /// The proxy's age was not given.
    AgentAgeUnknown,
}

/// An item that is missing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What is missing.
    pub item: Item,
    /// Why.
    pub reason: MissingReason,
}

/// The answer for the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Everything needed is there: the procedure can go ahead now.
    Allowed,
    /// A proxy's first visit is complete: it ends here; the municipality mails the reply
    /// form (照会書兼回答書) to the holder's registered address, and the proxy comes back
    /// with it for the completion visit. The card is not touched today.
    EndsHere,
    /// The rules do not accept this applicant for this procedure.
    NotAccepted(NotCovered),
    /// These items are missing (never empty).
    Missing(Vec<Missing>),
}

/// The outcome, as an audit record names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The procedure may go ahead.
    Allowed,
    /// A proxy's first visit was accepted; the procedure continues with a second visit.
    EndsHere,
    /// Refused: something is missing or the applicant is not accepted.
    Refused,
}

/// What an audit log keeps of a counter check: no document names, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRecord {
    /// The procedure.
    pub procedure: Procedure,
    /// Who came.
    pub applicant: Applicant,
    /// The visit (a proxy's), or `None`.
    pub visit: Option<Visit>,
    /// The categories of the holder's documents that counted, in the order shown.
    pub holder_categories: Vec<Category>,
    /// The categories of the agent's documents that counted.
    pub agent_categories: Vec<Category>,
    /// Proofs shown.
    pub proofs: Vec<ProofKind>,
    /// Waivers the staff confirmed.
    pub waivers: Vec<Waiver>,
    /// Papers shown.
    pub papers: Vec<Paper>,
    /// The outcome.
    pub outcome: Outcome,
    /// The codes of the missing items ([`Item::code`]), or of why the applicant is not
    /// accepted.
    pub missing: Vec<String>,
}

/// A verdict with its audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The verdict.
    pub verdict: Verdict,
    /// What an audit log keeps.
    pub record: CheckRecord,
}

impl Assessment {
    /// Whether the procedure may touch the card now.
    pub fn allowed(&self) -> bool {
        self.verdict == Verdict::Allowed
    }
}

/// The category a document counts in: the rules' list that names it, else its prefix.
fn category_of(rules: &Rules, document: &IdDocument) -> Category {
    let listed = |list: &[super::rules::DocumentName]| list.iter().any(|d| d.id == document.name);
    match (
        listed(&rules.documents.list_a),
        listed(&rules.documents.list_b),
    ) {
        (true, false) => Category::A,
        (false, true) => Category::B,
        _ => document.category,
    }
}

/// Whether documents satisfy alternatives; when not, why.
fn check_documents(
    rules: &Rules,
    alternatives: &[Combination],
    documents: &[IdDocument],
) -> Result<(), MissingReason> {
    // One document counts once, however often it was typed: `A:passport` twice is one A.
    let counts = |accept: &dyn Fn(&IdDocument) -> bool| {
        let mut counts = (0, 0);
        let mut seen: Vec<(Category, &str)> = Vec::new();
        for document in documents.iter().filter(|document| accept(document)) {
            let category = category_of(rules, document);
            if seen.contains(&(category, document.name.as_str())) {
                continue;
            }
            seen.push((category, document.name.as_str()));
            match category {
                Category::A => counts.0 += 1,
                Category::B => counts.1 += 1,
            }
        }
        counts
    };
    let satisfied = |(a, b): (usize, usize)| alternatives.iter().any(|c| c.satisfied_by(a, b));
    let originals_only = rules.documents.originals_only;
    let expired_accepted = rules.documents.expired_accepted;
    if satisfied(counts(&|d| {
        (!d.copy || !originals_only) && (!d.expired || expired_accepted)
    })) {
        return Ok(());
    }
    if originals_only && satisfied(counts(&|d| !d.expired || expired_accepted)) {
        return Err(MissingReason::CopyNotAccepted);
    }
    if !expired_accepted && satisfied(counts(&|d| !d.copy || !originals_only)) {
        return Err(MissingReason::ExpiredNotAccepted);
    }
    Err(MissingReason::NotPresented)
}

/// Whether what was presented satisfies one item.
fn check_item(
    rules: &Rules,
    requirements: &Requirements,
    item: &Item,
    presented: &Presented,
) -> Result<(), MissingReason> {
    let present = |yes: bool| {
        if yes {
            Ok(())
        } else {
            Err(MissingReason::NotPresented)
        }
    };
    match item {
        Item::Card => present(presented.card),
        Item::HolderIds(alternatives) => {
            check_documents(rules, alternatives, &presented.holder_ids)
        }
        Item::AgentIds(alternatives) => check_documents(rules, alternatives, &presented.agent_ids),
        Item::Proof { proof, waivers } => present(
            presented.proofs.contains(proof)
                || waivers
                    .iter()
                    .any(|waiver| presented.waivers.contains(waiver)),
        ),
        Item::Paper(Paper::PowerOfAttorney) => present(
            presented.papers.contains(&Paper::PowerOfAttorney)
                || (requirements.reply_form_is_power_of_attorney
                    && presented.papers.contains(&Paper::ReplyForm)),
        ),
        Item::Paper(paper) => present(presented.papers.contains(paper)),
        Item::AgentMinAge(years) => match presented.agent_age {
            None => Err(MissingReason::AgentAgeUnknown),
            Some(age) if age < *years => Err(MissingReason::AgentTooYoung),
            Some(_) => Ok(()),
        },
    }
}

/// Checks what was presented against the rules for `applicant` on `visit` (read for a
/// proxy only; `None` is the first visit).
pub fn evaluate(
    rules: &Rules,
    procedure: Procedure,
    applicant: Applicant,
    visit: Option<Visit>,
    presented: &Presented,
) -> Assessment {
    let counted = |documents: &[IdDocument]| -> Vec<Category> {
        documents
            .iter()
            .filter(|d| !(d.copy && rules.documents.originals_only))
            .filter(|d| !d.expired || rules.documents.expired_accepted)
            .map(|d| category_of(rules, d))
            .collect()
    };
    let mut record = CheckRecord {
        procedure,
        applicant,
        visit: (applicant == Applicant::Proxy).then(|| visit.unwrap_or(Visit::Application)),
        holder_categories: counted(&presented.holder_ids),
        agent_categories: counted(&presented.agent_ids),
        proofs: presented.proofs.clone(),
        waivers: presented.waivers.clone(),
        papers: presented.papers.clone(),
        outcome: Outcome::Refused,
        missing: Vec::new(),
    };
    let verdict = match requirements(rules, procedure, applicant, visit) {
        Err(not_covered) => {
            record.missing.push(
                match not_covered {
                    NotCovered::ProcedureNotDescribed => "procedure-not-described",
                    NotCovered::ApplicantNotAccepted => "applicant-not-accepted",
                }
                .to_owned(),
            );
            Verdict::NotAccepted(not_covered)
        }
        Ok(needed) => {
            let missing: Vec<Missing> = needed
                .items
                .iter()
                .filter_map(|item| {
                    check_item(rules, &needed, item, presented)
                        .err()
                        .map(|reason| Missing {
                            item: item.clone(),
                            reason,
                        })
                })
                .collect();
            if !missing.is_empty() {
                record.missing = missing.iter().map(|m| m.item.code()).collect();
                Verdict::Missing(missing)
            } else if needed.ends_here {
                record.outcome = Outcome::EndsHere;
                Verdict::EndsHere
            } else {
                record.outcome = Outcome::Allowed;
                Verdict::Allowed
            }
        }
    };
    Assessment { verdict, record }
}

/// A refusal at the counter: the error a front end reports (code
/// `counter-requirements-not-met`, class refused) before the card is touched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("counter requirements not met: {}", self.codes().join(", "))]
pub struct Refusal {
    /// The verdict: [`Verdict::NotAccepted`] or [`Verdict::Missing`].
    pub verdict: Verdict,
    /// What was checked, for the audit log (categories, never names).
    pub record: CheckRecord,
}

impl Refusal {
    /// The refusal of an assessment, when it is one.
    pub fn of(assessment: &Assessment) -> Option<Refusal> {
        matches!(
            assessment.verdict,
            Verdict::NotAccepted(_) | Verdict::Missing(_)
        )
        .then(|| Refusal {
            verdict: assessment.verdict.clone(),
            record: assessment.record.clone(),
        })
    }

    /// The codes of what is missing, or of why the applicant is not accepted.
    pub fn codes(&self) -> Vec<String> {
        match &self.verdict {
            Verdict::Missing(missing) => missing.iter().map(|m| m.item.code()).collect(),
            Verdict::NotAccepted(NotCovered::ProcedureNotDescribed) => {
                vec!["procedure-not-described".to_owned()]
            }
            Verdict::NotAccepted(NotCovered::ApplicantNotAccepted) => {
                vec!["applicant-not-accepted".to_owned()]
            }
            Verdict::Allowed | Verdict::EndsHere => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_parse() {
        let document: IdDocument = "A:passport:copy".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document.category, Category::A);
        assert!(document.copy && !document.expired);
        for bad in ["", "C:passport", "A:", "A", "A:passport:torn", "passport"] {
            assert!(bad.parse::<IdDocument>().is_err(), "{bad}");
        }
    }
}
