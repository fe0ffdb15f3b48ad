//! The counter's rules as data: who may have a card's passwords reset (初期化) or changed
//! at a municipality's counter, with which identity documents and papers, where, when, and
//! what else the citizen can do (the convenience-store kiosk, a change from a PC or phone).
//!
//! The rules of one municipality are a TOML file ([`Rules::parse`], format in README
//! "Counter rules and guide"), transcribed from the municipality's public page; the
//! default is the seed city's ([`Rules::embedded`], `rules/asahi-chiba.toml`), and
//! `rules/` holds examples of other municipalities, each naming its source page. The logic
//! is code, and pure: no I/O besides [`Rules::load`], no clock (the caller passes "now").
//!
//! - [`rules`]: the file format, parsed with serde (`deny_unknown_fields`); an error names
//!   the line and the field;
//! - [`evaluate`](mod@evaluate): what an applicant must bring ([`requirements`]) and whether what was
//!   presented is enough ([`evaluate()`]), as a [`Verdict`] listing what is missing;
//! - [`hours`]: whether a counter is open at a local date-time and when it next opens;
//! - [`routes`](mod@routes): the ways open for a card in the state `status` read (kiosk or counter);
//! - [`calendar`]: JST dates and times and Japan's national holidays.

pub mod calendar;
pub mod evaluate;
pub mod hours;
pub mod routes;
pub mod rules;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use evaluate::{
    Assessment, CheckRecord, DocumentSyntaxError, IdDocument, Item, Missing, MissingReason,
    NotCovered, Outcome, Presented, Refusal, Requirements, Verdict, evaluate, requirements,
};
pub use hours::{Opening, next_opening, opening_at};
pub use routes::{Route, routes, signature_password};
pub use rules::{Rules, RulesError};

/// The counter procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Procedure {
    /// 暗証番号の再設定(初期化): the password is forgotten or blocked.
    Reset,
    /// 暗証番号の変更: the current password is known.
    Change,
}

/// Who comes to the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicant {
    /// 本人: the cardholder.
    #[serde(rename = "self")]
    Holder,
    /// 同一世帯員: a member of the same household (some municipalities).
    Household,
    /// 法定代理人 of a minor under 15 (親権者 etc.).
    LegalMinor,
    /// 法定代理人 of an adult ward (成年後見人).
    LegalWard,
    /// 任意代理人: a proxy the holder chose (always two visits).
    Proxy,
}

impl Applicant {
    /// Every kind, in the order the guide lists them.
    pub const ALL: [Applicant; 5] = [
        Applicant::Holder,
        Applicant::Household,
        Applicant::LegalMinor,
        Applicant::LegalWard,
        Applicant::Proxy,
    ];

    /// The name used in rules files, JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Applicant::Holder => "self",
            Applicant::Household => "household",
            Applicant::LegalMinor => "legal-minor",
            Applicant::LegalWard => "legal-ward",
            Applicant::Proxy => "proxy",
        }
    }
}

/// Which of a proxy's two visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visit {
    /// The first visit: the application; it ends with a letter (照会書兼回答書) mailed to
    /// the holder's registered address.
    Application,
    /// The second visit, with the letter the holder filled in.
    Completion,
}

impl Procedure {
    /// The name used in rules files, JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Procedure::Reset => "reset",
            Procedure::Change => "change",
        }
    }
}

impl Visit {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Visit::Application => "application",
            Visit::Completion => "completion",
        }
    }
}

/// A list of identity documents on a municipality's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// List A: an official document with a photo (運転免許証, パスポート, 在留カード…).
    A,
    /// List B: a document with the name and the birth date or address (資格確認書,
    /// 介護保険証, 年金手帳, 社員証, 学生証…).
    B,
}

/// One way to satisfy an identity-document requirement: at least `a` documents of list A
/// and at least `b` of list B. Written `A1`, `B2`, `A1+B1`, `A2` in rules files.
///
/// Counting is per list: a list-A document never stands in for a list-B one, so a page
/// that accepts "two from A, or one from A and one from B" is written `["A2", "A1+B1"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Combination {
    /// Documents needed from list A.
    pub a: u8,
    /// Documents needed from list B.
    pub b: u8,
}

impl Combination {
    /// Whether `a` list-A and `b` list-B documents are enough.
    pub fn satisfied_by(self, a: usize, b: usize) -> bool {
        a >= usize::from(self.a) && b >= usize::from(self.b)
    }
}

impl fmt::Display for Combination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.a, self.b) {
            (a, 0) => write!(f, "A{a}"),
            (0, b) => write!(f, "B{b}"),
            (a, b) => write!(f, "A{a}+B{b}"),
        }
    }
}

/// Why a combination could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a combination: write terms such as A1, B2 or A1+B1 (a list, A or B, and a count 1–9), each list at most once"
)]
pub struct CombinationError(pub String);

impl FromStr for Combination {
    type Err = CombinationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || CombinationError(text.to_owned());
        let (mut a, mut b) = (None, None);
        for term in text.split('+') {
            let term = term.trim();
            let mut chars = term.chars();
            let list = chars.next().ok_or_else(error)?;
            let count: String = chars.collect();
            let count: u8 = match count.as_bytes() {
                [digit @ b'1'..=b'9'] => digit - b'0',
                _ => return Err(error()),
            };
            let slot = match list {
                'A' => &mut a,
                'B' => &mut b,
                _ => return Err(error()),
            };
            if slot.replace(count).is_some() {
                return Err(error());
            }
        }
        Ok(Combination {
            a: a.unwrap_or(0),
            b: b.unwrap_or(0),
        })
    }
}

impl TryFrom<String> for Combination {
    type Error = CombinationError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl Serialize for Combination {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Combination {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A paper proving a legal representative's authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProofKind {
    /// 戸籍謄本等: the family register, for a minor's parent.
    Koseki,
    /// 登記事項証明書: the guardianship registry certificate, for an adult ward's guardian.
    GuardianshipRegistry,
}

/// A circumstance that spares the proof of authority (checked by the staff in the
/// municipality's own registers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Waiver {
    /// 本籍 (the registered domicile) is in the municipality.
    HonsekiInCity,
    /// 住民票: the holder is registered as a resident of the municipality and the
    /// relation can be checked there.
    ResidentInCity,
    /// The agent and the holder are in the same household.
    SameHousehold,
    /// The same household and, on the residence record, parent and child.
    SameHouseholdParentChild,
}

/// The papers of a proxy's second visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// 照会書兼回答書: the letter mailed to the holder, filled in by the holder.
    ReplyForm,
    /// 委任状: the power of attorney (on some forms, a part of the reply form).
    PowerOfAttorney,
    /// 暗証番号記載票: the slip with the new password, sealed by the holder.
    PinSlip,
}

/// A value of one of the closed vocabularies above, by its kebab-case name.
fn from_name<T: for<'de> Deserialize<'de>>(name: &str) -> Option<T> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name)).ok()
}

impl FromStr for Applicant {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

impl FromStr for Procedure {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

impl FromStr for Visit {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

impl FromStr for Paper {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

impl FromStr for ProofKind {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

impl FromStr for Waiver {
    type Err = ();
    fn from_str(name: &str) -> Result<Self, ()> {
        from_name(name).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_parse_and_print() {
        for (text, a, b) in [("A1", 1, 0), ("B2", 0, 2), ("A1+B1", 1, 1), ("B1+A2", 2, 1)] {
            let combination: Combination = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((combination.a, combination.b), (a, b), "{text}");
        }
        assert_eq!(Combination { a: 1, b: 1 }.to_string(), "A1+B1");
        for bad in ["", "A", "A0", "C1", "A1+A1", "A10", "a1", "A1+", "Ａ1"] {
            assert!(bad.parse::<Combination>().is_err(), "{bad}");
        }
    }

    #[test]
    fn combinations_count_per_list() {
        let one_a: Combination = "A1".parse().unwrap_or(Combination { a: 9, b: 9 });
        assert!(one_a.satisfied_by(1, 0));
        assert!(!one_a.satisfied_by(0, 2));
        let a_and_b = Combination { a: 1, b: 1 };
        assert!(a_and_b.satisfied_by(1, 1));
        assert!(!a_and_b.satisfied_by(2, 0), "an A never stands in for a B");
    }

    #[test]
    fn names_round_trip() {
        for applicant in Applicant::ALL {
            assert_eq!(applicant.name().parse::<Applicant>(), Ok(applicant));
        }
        assert_eq!(
            "same-household".parse::<Waiver>(),
            Ok(Waiver::SameHousehold)
        );
        assert_eq!("reply-form".parse::<Paper>(), Ok(Paper::ReplyForm));
        assert!("bogus".parse::<Paper>().is_err());
    }
}
