//! The rules file: one municipality's counter rules as TOML, parsed with serde
//! (`deny_unknown_fields` everywhere) and then checked as a whole. Every field is
//! described in README "Counter rules and guide" and in the comments of the shipped files
//! under `rules/`.
//!
//! A syntax error, an unknown field or a malformed value (a combination such as `A1+C1`, a
//! time such as `25:00`) is a [`RulesError::Syntax`] naming the line, the column and the
//! dotted field (`procedures.reset.self.holder_ids`); a file that parses but does not hang
//! together (a session at a place that is not listed, a legal representative without a
//! proof) is a [`RulesError::Invalid`] naming the field.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::hours::{Hours, TimeRange};
use super::{Applicant, Combination, Paper, Procedure, ProofKind, Visit, Waiver};
use crate::card::PinKind;

/// The format version this library reads (`format = 1`).
pub const FORMAT: u32 = 1;

/// The embedded default: the seed city's rules (旭市, Chiba).
pub const EMBEDDED: &str = include_str!("../../rules/asahi-chiba.toml");

/// The path shown for the embedded rules.
pub const EMBEDDED_PATH: &str = "<built-in>";

/// One municipality's counter rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The format version, [`FORMAT`].
    pub format: u32,
    /// Who wrote the rules and where they come from.
    pub municipality: Municipality,
    /// The identity documents the counter accepts.
    pub documents: Documents,
    /// The counters where the procedures are done.
    #[serde(default)]
    pub places: Vec<Place>,
    /// Opening hours; `None` when the page does not give them.
    pub hours: Option<Hours>,
    /// What each applicant brings, per procedure.
    pub procedures: Procedures,
    /// Reservation, fee, changing a known password online.
    #[serde(default)]
    pub service: Service,
    /// The convenience-store kiosk route; `None` when the page does not mention it.
    pub kiosk: Option<Kiosk>,
}

/// The municipality and its public page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// Its name in Japanese, e.g. `旭市`.
    pub name_ja: String,
    /// Its name in English, e.g. `Asahi City (Chiba)`.
    pub name_en: String,
    /// The public page the rules were transcribed from.
    pub source_url: String,
}

/// The identity documents and how they must be shown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Originals only: a copy is not accepted (コピー不可).
    pub originals_only: bool,
    /// Whether an expired document is accepted (有効期限が過ぎているものは不可: false).
    pub expired_accepted: bool,
    /// List A: official documents with a photo, as the page lists them.
    pub list_a: Vec<DocumentName>,
    /// List B: documents with the name and the birth date or address.
    pub list_b: Vec<DocumentName>,
}

/// A document a list names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentName {
    /// Its id on the command line (`--id A:passport`), kebab-case.
    pub id: String,
    /// Its name in Japanese.
    pub ja: String,
    /// Its name in English.
    pub en: String,
}

/// A counter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Its id, referred to by hours sessions.
    pub id: String,
    /// Where it is, in Japanese.
    pub name_ja: String,
    /// Where it is, in English.
    pub name_en: String,
    /// Whether it is at the main office (本庁) rather than a branch.
    pub main_office: bool,
    /// The applicants served here; empty: everyone.
    #[serde(default)]
    pub applicants: Vec<Applicant>,
    /// The procedures done here; empty: both.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
}

impl Place {
    /// Whether this counter serves `applicant` for `procedure`.
    pub fn serves(&self, procedure: Procedure, applicant: Applicant) -> bool {
        (self.applicants.is_empty() || self.applicants.contains(&applicant))
            && (self.procedures.is_empty() || self.procedures.contains(&procedure))
    }
}

/// The two procedures; a missing one is not described by the page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedures {
    /// 暗証番号の再設定(初期化).
    pub reset: Option<ProcedureRules>,
    /// 暗証番号の変更.
    pub change: Option<ProcedureRules>,
}

impl Procedures {
    /// The rules of one procedure.
    pub fn get(&self, procedure: Procedure) -> Option<&ProcedureRules> {
        match procedure {
            Procedure::Reset => self.reset.as_ref(),
            Procedure::Change => self.change.as_ref(),
        }
    }
}

/// Who may apply for one procedure, and what each brings. A missing applicant kind is not
/// accepted (or not described by the page: the conservative reading is the same).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureRules {
    /// 本人.
    #[serde(rename = "self")]
    pub holder: Option<Step>,
    /// 同一世帯員.
    pub household: Option<Step>,
    /// 法定代理人 of a minor under 15.
    #[serde(rename = "legal-minor")]
    pub legal_minor: Option<Step>,
    /// 法定代理人 of an adult ward.
    #[serde(rename = "legal-ward")]
    pub legal_ward: Option<Step>,
    /// 任意代理人.
    pub proxy: Option<ProxyRules>,
}

/// What one visit needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The card whose password is reset or changed.
    pub card: bool,
    /// The holder's identity documents other than the card, as alternatives (`["A1",
    /// "B1"]`: one from A or one from B); absent: none (the card alone).
    pub holder_ids: Option<Vec<Combination>>,
    /// The agent's own identity documents, as alternatives; absent: none.
    pub agent_ids: Option<Vec<Combination>>,
    /// The proof of a legal representative's authority.
    pub proof: Option<ProofKind>,
    /// What spares that proof.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    /// Papers to bring (a proxy's second visit).
    #[serde(default)]
    pub papers: Vec<Paper>,
}

/// A proxy's two visits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyRules {
    /// The youngest a proxy may be, when the page says (e.g. 15).
    pub min_agent_age: Option<u8>,
    /// Whether the reply form has the power of attorney on it (委任状は回答書に記入欄).
    #[serde(default)]
    pub reply_form_is_power_of_attorney: bool,
    /// The first visit (申請時).
    pub application: Step,
    /// The second visit, with the reply form (照会回答書持参時).
    pub completion: Step,
}

impl ProcedureRules {
    /// The step an applicant takes on a visit (`visit` matters for a proxy only).
    pub fn step(&self, applicant: Applicant, visit: Visit) -> Option<&Step> {
        match applicant {
            Applicant::Holder => self.holder.as_ref(),
            Applicant::Household => self.household.as_ref(),
            Applicant::LegalMinor => self.legal_minor.as_ref(),
            Applicant::LegalWard => self.legal_ward.as_ref(),
            Applicant::Proxy => self.proxy.as_ref().map(|proxy| match visit {
                Visit::Application => &proxy.application,
                Visit::Completion => &proxy.completion,
            }),
        }
    }
}

/// Reservation, fee, and online change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Whether a reservation is needed; `None` when the page does not say.
    pub reservation_required: Option<bool>,
    /// The counter's fee in yen; `None` when the page does not say.
    pub counter_fee_yen: Option<u32>,
    /// Whether the page says a known password can be changed from a PC or smartphone
    /// (マイナポータル, 利用者クライアントソフト).
    #[serde(default)]
    pub online_change: bool,
}

/// The two JPKI passwords, as the kiosk knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JpkiPassword {
    /// 利用者証明用電子証明書パスワード.
    Auth,
    /// 署名用電子証明書パスワード.
    Sign,
}

impl JpkiPassword {
    /// The card's PIN kind.
    pub fn kind(self) -> PinKind {
        match self {
            JpkiPassword::Auth => PinKind::Auth,
            JpkiPassword::Sign => PinKind::Sign,
        }
    }
}

/// The convenience-store kiosk (J-LIS's JPKI password reset service).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kiosk {
    /// When the multi-copy machines take the procedure, e.g. `06:30-23:00`.
    pub hours: TimeRange,
    /// The fee in yen; `None` when the page does not say.
    pub fee_yen: Option<u32>,
    /// Whether a smartphone app (JPKI暗証番号リセット) is needed first.
    pub needs_app: bool,
    /// The store chains and which password each resets.
    pub chains: Vec<Chain>,
}

/// A store chain of the kiosk route.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// Its name in Japanese.
    pub name_ja: String,
    /// Its name in English.
    pub name_en: String,
    /// The passwords its machines reset (the *other* JPKI password is needed).
    pub resets: Vec<JpkiPassword>,
}

impl Kiosk {
    /// The chains whose machines reset `kind`.
    pub fn chains_resetting(&self, kind: PinKind) -> Vec<&Chain> {
        self.chains
            .iter()
            .filter(|chain| chain.resets.iter().any(|reset| reset.kind() == kind))
            .collect()
    }
}

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("rules {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not TOML, an unknown field, a missing field or a malformed value.
    #[error("rules {path}: line {line}, field `{field}`: {detail}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The 1-based line, 0 when unknown.
        line: usize,
        /// The dotted field (or table) at that line, empty when unknown.
        field: String,
        /// The parser's own words (English).
        detail: String,
    },
    /// The file parses but does not hang together.
    #[error("rules {path}: field `{field}`: {problem:?}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The dotted field.
        field: String,
        /// What is wrong.
        problem: RulesProblem,
    },
}

/// What is wrong with a rules file that parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesProblem {
    /// `format` is not one this library reads.
    UnsupportedFormat,
    /// A list of alternatives is empty (omit the field for "none").
    NoAlternatives,
    /// A place id is used twice.
    DuplicatePlace,
    /// A session names a place that is not listed.
    UnknownPlace,
    /// A legal representative's step has no proof of authority.
    NoProof,
    /// A time range ends before it starts.
    EmptyRange,
    /// A session has no weekday.
    NoDays,
}

impl Rules {
    /// The embedded default (the seed city's rules).
    ///
    /// # Errors
    ///
    /// Never for the shipped file (a test parses it); typed for the caller all the same.
    pub fn embedded() -> Result<Rules, RulesError> {
        Rules::parse(EMBEDDED, Path::new(EMBEDDED_PATH))
    }

    /// Reads and parses a rules file.
    ///
    /// # Errors
    ///
    /// [`RulesError`]: unreadable, not valid, or not consistent.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: path.to_owned(),
            source,
        })?;
        Rules::parse(&text, path)
    }

    /// Parses rules from TOML text; `path` names it in errors.
    ///
    /// # Errors
    ///
    /// [`RulesError::Syntax`] or [`RulesError::Invalid`].
    pub fn parse(text: &str, path: &Path) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|error| {
            let (line, field) = locate(text, error.span());
            RulesError::Syntax {
                path: path.to_owned(),
                line,
                field,
                detail: error.message().to_owned(),
            }
        })?;
        rules
            .check()
            .map_err(|(field, problem)| RulesError::Invalid {
                path: path.to_owned(),
                field,
                problem,
            })?;
        Ok(rules)
    }

    /// The counters that serve `applicant` for `procedure`.
    pub fn places_for(&self, procedure: Procedure, applicant: Applicant) -> Vec<&Place> {
        self.places
            .iter()
            .filter(|place| place.serves(procedure, applicant))
            .collect()
    }

    /// The consistency checks of [`Rules::parse`].
    fn check(&self) -> Result<(), (String, RulesProblem)> {
        if self.format != FORMAT {
            return Err(("format".into(), RulesProblem::UnsupportedFormat));
        }
        for (index, place) in self.places.iter().enumerate() {
            if self.places[..index]
                .iter()
                .any(|other| other.id == place.id)
            {
                return Err((format!("places[{index}].id"), RulesProblem::DuplicatePlace));
            }
        }
        if let Some(hours) = &self.hours {
            hours
                .check(&self.places)
                .map_err(|(field, problem)| (format!("hours.{field}"), problem))?;
        }
        for procedure in [Procedure::Reset, Procedure::Change] {
            let Some(rules) = self.procedures.get(procedure) else {
                continue;
            };
            let steps = [
                (Applicant::Holder, Visit::Application, "self"),
                (Applicant::Household, Visit::Application, "household"),
                (Applicant::LegalMinor, Visit::Application, "legal-minor"),
                (Applicant::LegalWard, Visit::Application, "legal-ward"),
                (Applicant::Proxy, Visit::Application, "proxy.application"),
                (Applicant::Proxy, Visit::Completion, "proxy.completion"),
            ];
            for (applicant, visit, name) in steps {
                let Some(step) = rules.step(applicant, visit) else {
                    continue;
                };
                let field = |leaf: &str| format!("procedures.{}.{name}.{leaf}", procedure.name());
                if step.holder_ids.as_ref().is_some_and(Vec::is_empty) {
                    return Err((field("holder_ids"), RulesProblem::NoAlternatives));
                }
                if step.agent_ids.as_ref().is_some_and(Vec::is_empty) {
                    return Err((field("agent_ids"), RulesProblem::NoAlternatives));
                }
                let legal = matches!(applicant, Applicant::LegalMinor | Applicant::LegalWard);
                if legal && step.proof.is_none() {
                    return Err((field("proof"), RulesProblem::NoProof));
                }
            }
        }
        Ok(())
    }
}

/// The 1-based line of a parser error's span, and the dotted field (or table) there.
fn locate(text: &str, span: Option<std::ops::Range<usize>>) -> (usize, String) {
    let Some(span) = span else {
        return (0, String::new());
    };
    let before = text.get(..span.start.min(text.len())).unwrap_or(text);
    let line_number = before.matches('\n').count() + 1;
    let is_key_word = |word: &str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    };
    let is_plain_key = |key: &&str| !key.is_empty() && key.split('.').all(is_key_word);
    let line = text.lines().nth(line_number - 1).unwrap_or_default();
    let key = line
        .split_once('=')
        .map(|(key, _)| key.trim())
        .filter(is_plain_key);
    let table = text
        .lines()
        .take(line_number)
        .filter_map(|line| {
            let line = line.trim();
            let inner = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]"));
            inner.or_else(|| line.strip_prefix('[')?.strip_suffix(']'))
        })
        .filter(is_plain_key)
        .last();
    let field = match (table, key) {
        (Some(table), Some(key)) => format!("{table}.{key}"),
        (None, Some(key)) => key.to_owned(),
        (Some(table), None) => table.to_owned(),
        (None, None) => String::new(),
    };
    (line_number, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_parse() {
        let rules = Rules::embedded();
        assert!(rules.is_ok(), "{rules:?}");
    }

    #[test]
    fn locate_names_the_table_and_key() {
        let text = "format = 1\n[procedures.reset.legal-minor]\nholder_ids = [\"C1\"]\n";
        let at = text.find("\"C1\"").map(|start| start..start + 4);
        assert_eq!(
            locate(text, at),
            (3, "procedures.reset.legal-minor.holder_ids".to_owned())
        );
    }
}
