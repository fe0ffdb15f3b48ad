//! The counter rules in words: the items to bring, why one is missing, a refusal, the
//! names of procedures, applicants, visits, proofs, waivers and papers, the routes open
//! for a card, and the errors of rules and configuration files.

use crate::card::PinKind;
use crate::config::ConfigError;
use crate::procedure::rules::RulesProblem;
use crate::procedure::{
    Applicant, Combination, Item, Missing, MissingReason, NotCovered, Paper, Procedure, ProofKind,
    Refusal, Route, RulesError, Verdict, Visit, Waiver,
};

use super::{Message, io_message, pin_name};

/// A procedure's name inside a sentence.
pub fn procedure_name(procedure: Procedure) -> Message {
    match procedure {
        Procedure::Reset => Message::new("counter-procedure-reset"),
        Procedure::Change => Message::new("counter-procedure-change"),
    }
}

/// An applicant kind's name.
pub fn applicant_name(applicant: Applicant) -> Message {
    match applicant {
        Applicant::Holder => Message::new("counter-applicant-self"),
        Applicant::Household => Message::new("counter-applicant-household"),
        Applicant::LegalMinor => Message::new("counter-applicant-legal-minor"),
        Applicant::LegalWard => Message::new("counter-applicant-legal-ward"),
        Applicant::Proxy => Message::new("counter-applicant-proxy"),
    }
}

/// A visit's name.
pub fn visit_name(visit: Visit) -> Message {
    match visit {
        Visit::Application => Message::new("counter-visit-application"),
        Visit::Completion => Message::new("counter-visit-completion"),
    }
}

/// A proof's name.
pub fn proof_name(proof: ProofKind) -> Message {
    match proof {
        ProofKind::Koseki => Message::new("counter-proof-koseki"),
        ProofKind::GuardianshipRegistry => Message::new("counter-proof-guardianship-registry"),
    }
}

/// A waiver's description.
pub fn waiver_name(waiver: Waiver) -> Message {
    match waiver {
        Waiver::HonsekiInCity => Message::new("counter-waiver-honseki-in-city"),
        Waiver::ResidentInCity => Message::new("counter-waiver-resident-in-city"),
        Waiver::SameHousehold => Message::new("counter-waiver-same-household"),
        Waiver::SameHouseholdParentChild => {
            Message::new("counter-waiver-same-household-parent-child")
        }
    }
}

/// A paper's name.
pub fn paper_name(paper: Paper) -> Message {
    match paper {
        Paper::ReplyForm => Message::new("counter-paper-reply-form"),
        Paper::PowerOfAttorney => Message::new("counter-paper-power-of-attorney"),
        Paper::PinSlip => Message::new("counter-paper-pin-slip"),
    }
}

/// Messages joined with "or", e.g. "one from list A, or two from list B".
pub fn any_of(mut messages: Vec<Message>) -> Message {
    let Some(mut joined) = messages.pop() else {
        return Message::new("counter-nothing");
    };
    while let Some(left) = messages.pop() {
        joined = Message::new("counter-or")
            .with("left", left)
            .with("right", joined);
    }
    joined
}

/// Messages joined with "and".
pub fn all_of(mut messages: Vec<Message>) -> Message {
    let Some(mut joined) = messages.pop() else {
        return Message::new("counter-nothing");
    };
    while let Some(left) = messages.pop() {
        joined = Message::new("counter-and")
            .with("left", left)
            .with("right", joined);
    }
    joined
}

impl Combination {
    /// E.g. "one from list A and one from list B".
    pub fn message(&self) -> Message {
        Message::new("counter-combination")
            .with("a", self.a)
            .with("b", self.b)
    }
}

impl Item {
    /// What to bring, as one line.
    pub fn message(&self) -> Message {
        let alternatives =
            |list: &[Combination]| any_of(list.iter().map(Combination::message).collect());
        match self {
            Item::Card => Message::new("counter-item-card"),
            Item::HolderIds(list) => {
                Message::new("counter-item-holder-ids").with("documents", alternatives(list))
            }
            Item::AgentIds(list) => {
                Message::new("counter-item-agent-ids").with("documents", alternatives(list))
            }
            Item::Proof { proof, waivers } if waivers.is_empty() => {
                Message::new("counter-item-proof").with("proof", proof_name(*proof))
            }
            Item::Proof { proof, waivers } => Message::new("counter-item-proof-waivable")
                .with("proof", proof_name(*proof))
                .with(
                    "waivers",
                    any_of(waivers.iter().copied().map(waiver_name).collect()),
                ),
            Item::Paper(paper) => {
                Message::new("counter-item-paper").with("paper", paper_name(*paper))
            }
            Item::AgentMinAge(years) => {
                Message::new("counter-item-agent-min-age").with("years", *years)
            }
        }
    }
}

impl MissingReason {
    /// Why an item is missing, as a short phrase.
    pub fn message(&self) -> Message {
        match self {
            MissingReason::NotPresented => Message::new("counter-reason-not-presented"),
            MissingReason::CopyNotAccepted => Message::new("counter-reason-copy-not-accepted"),
            MissingReason::ExpiredNotAccepted => {
                Message::new("counter-reason-expired-not-accepted")
            }
            MissingReason::AgentTooYoung => Message::new("counter-reason-agent-too-young"),
            MissingReason::AgentAgeUnknown => Message::new("counter-reason-agent-age-unknown"),
        }
    }
}

impl Missing {
    /// The item and why it is missing, as one line.
    pub fn message(&self) -> Message {
        Message::new("counter-missing")
            .with("item", self.item.message())
            .with("reason", self.reason.message())
    }
}

impl NotCovered {
    /// Why the applicant cannot go ahead at all.
    pub fn message(&self, procedure: Procedure, applicant: Applicant) -> Message {
        match self {
            NotCovered::ProcedureNotDescribed => {
                Message::new("counter-not-described").with("procedure", procedure_name(procedure))
            }
            NotCovered::ApplicantNotAccepted => Message::new("counter-applicant-not-accepted")
                .with("procedure", procedure_name(procedure))
                .with("applicant", applicant_name(applicant)),
        }
    }
}

impl Refusal {
    /// The refusal's headline (the CLI lists [`Refusal::lines`] under it).
    pub fn message(&self) -> Message {
        Message::new("counter-refused")
    }

    /// One line per missing item, or the one reason the applicant is not accepted.
    pub fn lines(&self, procedure: Procedure, applicant: Applicant) -> Vec<Message> {
        match &self.verdict {
            Verdict::Missing(missing) => missing.iter().map(Missing::message).collect(),
            Verdict::NotAccepted(not_covered) => vec![not_covered.message(procedure, applicant)],
            Verdict::Allowed | Verdict::EndsHere => Vec::new(),
        }
    }
}

/// What happens after a proxy's first visit.
pub fn ends_here_message() -> Message {
    Message::new("counter-ends-here")
}

/// PIN names joined with "and".
fn pins(kinds: &[PinKind]) -> Message {
    all_of(kinds.iter().copied().map(pin_name).collect())
}

impl Route {
    /// The route, as one line.
    pub fn message(&self) -> Message {
        match self {
            Route::Kiosk { reset, with } => Message::new("guide-route-kiosk")
                .with("reset", pin_name(*reset))
                .with("with", pin_name(*with)),
            Route::Counter { pins: kinds } => {
                Message::new("guide-route-counter").with("pins", pins(kinds))
            }
            Route::ChangeOnline => Message::new("guide-route-change-online"),
        }
    }
}

impl RulesProblem {
    /// What is wrong, as a short phrase.
    pub fn message(&self) -> Message {
        match self {
            RulesProblem::UnsupportedFormat => Message::new("rules-problem-format"),
            RulesProblem::NoAlternatives => Message::new("rules-problem-no-alternatives"),
            RulesProblem::DuplicatePlace => Message::new("rules-problem-duplicate-place"),
            RulesProblem::UnknownPlace => Message::new("rules-problem-unknown-place"),
            RulesProblem::NoProof => Message::new("rules-problem-no-proof"),
            RulesProblem::EmptyRange => Message::new("rules-problem-empty-range"),
            RulesProblem::NoDays => Message::new("rules-problem-no-days"),
        }
    }
}

impl RulesError {
    /// The error in words, naming the file, the line and the field.
    pub fn message(&self) -> Message {
        match self {
            RulesError::Io { path, source } => Message::new("rules-io")
                .with("path", path.display().to_string())
                .with("cause", io_message(source)),
            RulesError::Syntax {
                path,
                line,
                field,
                detail,
            } => Message::new("rules-syntax")
                .with("path", path.display().to_string())
                .with("line", *line)
                .with("field", field.as_str())
                .with_detail(detail.as_str()),
            RulesError::Invalid {
                path,
                field,
                problem,
            } => Message::new("rules-invalid")
                .with("path", path.display().to_string())
                .with("field", field.as_str())
                .with("problem", problem.message()),
        }
    }
}

impl ConfigError {
    /// The error in words, naming the file and the line.
    pub fn message(&self) -> Message {
        match self {
            ConfigError::Io { path, source } => Message::new("config-io")
                .with("path", path.display().to_string())
                .with("cause", io_message(source)),
            ConfigError::Syntax {
                path,
                line,
                field,
                detail,
            } => Message::new("config-syntax")
                .with("path", path.display().to_string())
                .with("line", *line)
                .with("field", field.as_str())
                .with_detail(detail.as_str()),
        }
    }
}
