//! Counter mode: the workstation's configuration (`--config`, `MYNAPIN_CONFIG`, or
//! `/etc/mynapin/mynapin.toml` when it exists), the municipality's rules (`--rules`, the
//! configuration's, or the embedded default), and the check that runs before a PIN
//! command touches the card: the applicant, the documents and papers (from the flags, or
//! an interactive y/n checklist on a terminal when none were given) against the rules.
//! A refusal stops with exit 6 before the card is opened; a proxy's application visit ends
//! here without touching the card.
//!
//! Outside counter mode the counter flags are rejected as usage: a check the staff think
//! ran but did not is worse than an error.

use std::io::{BufRead, IsTerminal};

use mynapin::config::Config;
use mynapin::messages::{Catalog, Message, applicant_name, procedure_name};
use mynapin::procedure::{
    Applicant, Assessment, Item, Presented, Procedure, Refusal, Rules, Verdict, Visit, evaluate,
    requirements,
};

use super::Context;
use crate::cli::{CounterArgs, GlobalArgs, ProofOrWaiver};
use crate::exit::Failure;

/// The configuration in force: `--config`/`MYNAPIN_CONFIG` (must exist), else the default
/// path when it exists.
pub fn config(global: &GlobalArgs) -> Result<Config, Failure> {
    let default = mynapin::config::default_path();
    let (path, optional) = match &global.config {
        Some(path) => (path.as_path(), false),
        None => (default.as_path(), true),
    };
    Config::load(path, optional)
        .map(Option::unwrap_or_default)
        .map_err(Failure::Config)
}

/// The rules in force: `--rules`, the configuration's, else the embedded default.
pub fn rules(global: &GlobalArgs, config: &Config) -> Result<Rules, Failure> {
    match global.rules.as_ref().or(config.rules.as_ref()) {
        Some(path) => Rules::load(path),
        None => Rules::embedded(),
    }
    .map_err(Failure::Rules)
}

/// What the counter check decided for a PIN command. The assessments carry the record the
/// audit log appends ([`mynapin::procedure::CheckRecord`]).
#[allow(
    dead_code,
    reason = "the assessment is for the audit log, which the audit branch adds"
)]
pub enum Counter {
    /// Not in counter mode: go ahead, nothing was checked.
    Off,
    /// Everything needed was presented: go ahead (the assessment is for the audit log).
    Allowed(Box<Assessment>),
    /// A proxy's first visit: done without the card; print this.
    EndsHere(Box<Assessment>, String),
}

/// The counter check of a PIN command (`procedure`: `change` for verify and change), run
/// before the card is touched. Returns a refusal as [`Failure::Counter`] (exit 6).
pub fn check(
    context: Context,
    global: &GlobalArgs,
    args: &CounterArgs,
    procedure: Procedure,
) -> Result<Counter, Failure> {
    let config = config(global)?;
    if !(global.counter || config.counter) {
        if args.any() {
            return Err(usage(context, "counter-usage-needs-counter-mode"));
        }
        return Ok(Counter::Off);
    }
    let rules = rules(global, &config)?;
    let Some(applicant) = args.applicant else {
        return Err(usage(context, "counter-usage-applicant"));
    };
    if args.visit.is_some() && applicant != Applicant::Proxy {
        return Err(usage(context, "counter-usage-visit-proxy-only"));
    }
    let mut presented = presented(args);
    if !args.any_evidence() && std::io::stdin().is_terminal() {
        checklist(
            context,
            &rules,
            procedure,
            applicant,
            args.visit,
            &mut presented,
        )?;
    }
    let assessment = evaluate(&rules, procedure, applicant, args.visit, &presented);
    if let Some(refusal) = Refusal::of(&assessment) {
        let text = crate::present::refusal_text(context, &refusal, procedure, applicant);
        return Err(Failure::Counter(Box::new(refusal), text));
    }
    if assessment.verdict == Verdict::EndsHere {
        let printed = crate::present::ends_here(context, &rules, procedure)?;
        return Ok(Counter::EndsHere(Box::new(assessment), printed));
    }
    Ok(Counter::Allowed(Box::new(assessment)))
}

/// A usage failure with one of this module's messages.
fn usage(context: Context, id: &'static str) -> Failure {
    let message = match id {
        "counter-usage-applicant" => Message::new("counter-usage-applicant"),
        "counter-usage-visit-proxy-only" => Message::new("counter-usage-visit-proxy-only"),
        _ => Message::new("counter-usage-needs-counter-mode"),
    };
    Failure::Usage(context.lang.text(&message))
}

/// What the flags say was presented; the card is in the reader.
fn presented(args: &CounterArgs) -> Presented {
    let mut presented = Presented {
        card: true,
        holder_ids: args.ids.clone(),
        agent_ids: args.agent_ids.clone(),
        papers: args.papers.clone(),
        agent_age: args.agent_age,
        ..Presented::default()
    };
    for proof in &args.proofs {
        match *proof {
            ProofOrWaiver::Proof(proof) => presented.proofs.push(proof),
            ProofOrWaiver::Waiver(waiver) => presented.waivers.push(waiver),
        }
    }
    presented
}

/// The interactive checklist: one question per item the rules ask for (on stderr, answers
/// from stdin): y/n, a yes of the user's language ([`is_yes`]) confirming the item; for
/// identity documents with several accepted combinations, which one was shown (its
/// number; anything else: none), so the record lists the categories actually checked.
fn checklist(
    context: Context,
    rules: &Rules,
    procedure: Procedure,
    applicant: Applicant,
    visit: Option<Visit>,
    presented: &mut Presented,
) -> Result<(), Failure> {
    let Ok(needed) = requirements(rules, procedure, applicant, visit) else {
        return Ok(()); // evaluate says why
    };
    let catalog = context.lang.catalog();
    let title = Message::new("counter-checklist-title")
        .with("procedure", procedure_name(procedure))
        .with("applicant", applicant_name(applicant));
    crate::output::stderr(&format!("{}\n", catalog.text(&title)));
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    for item in needed.items.iter().filter(|item| **item != Item::Card) {
        if let Item::HolderIds(alternatives) | Item::AgentIds(alternatives) = item
            && alternatives.len() > 1
        {
            let question = Message::new("counter-ask-which").with("item", item.message());
            let mut shown = format!("  {}\n", catalog.text(&question));
            for (number, combination) in alternatives.iter().enumerate() {
                let choice = Message::new("counter-ask-choice")
                    .with("number", number + 1)
                    .with("documents", combination.message());
                shown.push_str(&format!("    {}\n", catalog.text(&choice)));
            }
            let answer = Message::new("counter-ask-which-answer").with("count", alternatives.len());
            shown.push_str(&format!("  {} ", catalog.text(&answer)));
            crate::output::stderr(&shown);
            let answer = lines.next().and_then(Result::ok).unwrap_or_default();
            match answer.trim().parse::<usize>() {
                Ok(number) if (1..=alternatives.len()).contains(&number) => {
                    presented.confirm_alternative(item, number - 1);
                }
                _ => {}
            }
            continue;
        }
        let question = match item {
            Item::AgentMinAge(years) => Message::new("counter-ask-agent-age").with("years", *years),
            _ => Message::new("counter-ask").with("item", item.message()),
        };
        crate::output::stderr(&format!("  {} ", catalog.text(&question)));
        let answer = lines.next().and_then(Result::ok).unwrap_or_default();
        if is_yes(&catalog, &answer) {
            presented.confirm(item);
        }
    }
    Ok(())
}

/// Whether `answer` is yes in the catalogue's language: one of the words of
/// `counter-yes-answers` (separated by blanks), ignoring case and surrounding blanks.
fn is_yes(catalog: &Catalog, answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    !answer.is_empty()
        && catalog
            .text(&Message::new("counter-yes-answers"))
            .split_whitespace()
            .any(|yes| yes.to_lowercase() == answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_is_what_the_catalogue_says() {
        let ja = Catalog::for_tag("ja");
        for answer in ["はい", "y", "Y", " yes\n"] {
            assert!(is_yes(&ja, answer), "{answer:?}");
        }
        for answer in ["", "n", "いいえ", "yess", "y e s"] {
            assert!(!is_yes(&ja, answer), "{answer:?}");
        }
        let en = Catalog::for_tag("en");
        assert!(is_yes(&en, "YES"));
        assert!(!is_yes(&en, "no"));
    }
}
