//! The counter rules of every shipped municipality (`rules/*.toml`) against their pages:
//! one table per city, every applicant × procedure × visit and the document-combination
//! boundaries, each case commented with the sentence of the page it checks; rules-file
//! errors that name the field; opening hours across breaks, closures, the 3rd Sunday and
//! national holidays; the routes open for a card.

use std::path::{Path, PathBuf};

use mynapin::card::{PinKind, PinReport, PinStatus, StatusReport, Unavailable};
use mynapin::procedure::calendar::LocalDateTime;
use mynapin::procedure::rules::RulesProblem;
use mynapin::procedure::{
    Applicant, IdDocument, MissingReason, NotCovered, Opening, Paper, Presented, Procedure,
    ProofKind, Route, Rules, RulesError, Verdict, Visit, Waiver, evaluate, next_opening,
    opening_at, routes,
};

fn rules_file(name: &str) -> Rules {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(name);
    Rules::load(&path).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// What was presented, in a short notation: `card`, `id:A:passport`, `agent:B:x`,
/// `proof:koseki`, `waiver:same-household`, `paper:reply-form`, `age:15`.
fn presented(spec: &str) -> Presented {
    let mut presented = Presented::default();
    for part in spec.split_whitespace() {
        let (kind, value) = part.split_once(':').unwrap_or((part, ""));
        match kind {
            "card" => presented.card = true,
            "id" => presented
                .holder_ids
                .push(value.parse::<IdDocument>().unwrap()),
            "agent" => presented
                .agent_ids
                .push(value.parse::<IdDocument>().unwrap()),
            "proof" => presented.proofs.push(value.parse::<ProofKind>().unwrap()),
            "waiver" => presented.waivers.push(value.parse::<Waiver>().unwrap()),
            "paper" => presented.papers.push(value.parse::<Paper>().unwrap()),
            "age" => presented.agent_age = Some(value.parse().unwrap()),
            _ => panic!("bad spec {part}"),
        }
    }
    presented
}

/// The verdict in short: `allowed`, `ends-here`, `not-accepted`, or the missing items'
/// codes with their reasons (`holder-ids:copy-not-accepted`).
fn verdict(
    rules: &Rules,
    procedure: Procedure,
    applicant: Applicant,
    visit: Option<Visit>,
    spec: &str,
) -> String {
    let assessment = evaluate(rules, procedure, applicant, visit, &presented(spec));
    match &assessment.verdict {
        Verdict::Allowed => "allowed".into(),
        Verdict::EndsHere => "ends-here".into(),
        Verdict::NotAccepted(NotCovered::ApplicantNotAccepted) => "not-accepted".into(),
        Verdict::NotAccepted(NotCovered::ProcedureNotDescribed) => "not-described".into(),
        Verdict::Missing(missing) => missing
            .iter()
            .map(|m| {
                let reason = match m.reason {
                    MissingReason::NotPresented => "",
                    MissingReason::CopyNotAccepted => ":copy",
                    MissingReason::ExpiredNotAccepted => ":expired",
                    MissingReason::AgentTooYoung => ":too-young",
                    MissingReason::AgentAgeUnknown => ":age-unknown",
                };
                format!("{}{reason}", m.item.code())
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

use Applicant::{Holder, Household, LegalMinor, LegalWard, Proxy};
use Procedure::{Change, Reset};
use Visit::{Application, Completion};

type Case = (
    Procedure,
    Applicant,
    Option<Visit>,
    &'static str,
    &'static str,
);

fn check_table(rules: &Rules, table: &[Case]) {
    for (index, (procedure, applicant, visit, spec, expected)) in table.iter().enumerate() {
        let got = verdict(rules, *procedure, *applicant, *visit, spec);
        assert_eq!(
            &got, expected,
            "case {index}: {procedure:?} {applicant:?} {visit:?} [{spec}]"
        );
    }
}

/// Every applicant with the visits that differ for it: a proxy's two visits, everyone
/// else without one (the visit is read for a proxy only).
fn every_applicant_and_visit() -> Vec<(Applicant, Option<Visit>)> {
    Applicant::ALL
        .into_iter()
        .flat_map(|applicant| {
            let visits = if applicant == Proxy {
                vec![Some(Application), Some(Completion)]
            } else {
                vec![None]
            };
            visits.into_iter().map(move |visit| (applicant, visit))
        })
        .collect()
}

/// [`check_table`], after checking that the table has a case for every applicant ×
/// procedure × visit (a proxy's `None` counts as its application visit).
fn check_city(city: &str, rules: &Rules, table: &[Case]) {
    let first_visit = |applicant: Applicant, visit: Option<Visit>| {
        (applicant == Proxy).then(|| visit.unwrap_or(Application))
    };
    let mut uncovered = Vec::new();
    for procedure in [Reset, Change] {
        for (applicant, visit) in every_applicant_and_visit() {
            let covered = table.iter().any(|(p, a, v, _, _)| {
                (*p, *a, first_visit(*a, *v)) == (procedure, applicant, visit)
            });
            if !covered {
                uncovered.push(format!("{procedure:?} {applicant:?} {visit:?}"));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "{city}: no case for {}",
        uncovered.join(", ")
    );
    check_table(rules, table);
}

#[test]
fn asahi_the_embedded_default() {
    let rules = Rules::embedded().unwrap();
    assert_eq!(rules, rules_file("asahi-chiba.toml"));
    let legal = "card id:B:pension-book agent:A:passport agent:B:employee-id";
    let table: &[Case] = &[
        // 本人来庁: 「本人のマイナンバーカード」「…以外の本人確認書類(下記のAから1点、またはBから1点)」
        (Reset, Holder, None, "card id:A:passport", "allowed"),
        (Reset, Holder, None, "card id:B:health-insurance", "allowed"),
        (Reset, Holder, None, "card", "holder-ids"),
        (Reset, Holder, None, "id:A:passport", "card"),
        // 「原本を持参してください。(コピーしたもの・有効期限が過ぎているものは不可)」
        (
            Reset,
            Holder,
            None,
            "card id:A:passport:copy",
            "holder-ids:copy",
        ),
        (
            Reset,
            Holder,
            None,
            "card id:B:pension-book:expired",
            "holder-ids:expired",
        ),
        (
            Reset,
            Holder,
            None,
            "card id:A:passport:copy id:B:student-id",
            "allowed",
        ),
        // A document the list names counts in that list whatever prefix was typed.
        (Reset, Holder, None, "card id:A:pension-book", "allowed"),
        // No household member on the page.
        (Reset, Household, None, "card id:A:passport", "not-accepted"),
        // 法定代理人: 「法定代理人の本人確認書類(下記のAから2点、またはAから1点とBから1点)」
        (
            Reset,
            LegalMinor,
            None,
            &*Box::leak(format!("{legal} proof:koseki").into_boxed_str()),
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:pension-book agent:A:passport agent:A:residence-card proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:pension-book agent:A:passport proof:koseki",
            "agent-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:pension-book agent:B:pension-book agent:B:employee-id proof:koseki",
            "agent-ids",
        ),
        // 「戸籍謄本等(本籍が旭市にある場合または住民票上で同一世帯かつ親子関係にある場合は不要です)」
        (Reset, LegalMinor, None, legal, "proof:koseki"),
        (
            Reset,
            LegalMinor,
            None,
            &*Box::leak(format!("{legal} waiver:honseki-in-city").into_boxed_str()),
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            &*Box::leak(format!("{legal} waiver:same-household-parent-child").into_boxed_str()),
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            &*Box::leak(format!("{legal} waiver:same-household").into_boxed_str()),
            "proof:koseki",
        ),
        // 「申請者が成年被後見人の場合…登記事項証明書」 (no waiver)
        (
            Reset,
            LegalWard,
            None,
            &*Box::leak(format!("{legal} proof:guardianship-registry").into_boxed_str()),
            "allowed",
        ),
        (
            Reset,
            LegalWard,
            None,
            &*Box::leak(format!("{legal} waiver:honseki-in-city").into_boxed_str()),
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card",
            "holder-ids proof:guardianship-registry agent-ids",
        ),
        // 任意代理人 (申請時): 「任意代理人の本人確認書類(下記のAから1点、またはBから2点)」; 「申請当日に手続きが完了しません」
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:drivers-license",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:B:pension-book agent:B:employee-id",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:B:pension-book",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            None,
            "card agent:A:drivers-license",
            "ends-here",
        ),
        // (照会回答書持参時): 回答書、委任状(回答書に記入欄があります)、暗証番号記載票
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:pension-book agent:A:passport agent:B:employee-id paper:reply-form paper:pin-slip",
            "allowed",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:pension-book agent:A:passport agent:B:employee-id paper:reply-form",
            "paper:pin-slip",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:pension-book agent:A:passport agent:B:employee-id paper:pin-slip paper:power-of-attorney",
            "paper:reply-form",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card agent:A:passport agent:B:employee-id paper:reply-form paper:pin-slip",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:pension-book agent:A:passport paper:reply-form paper:pin-slip",
            "agent-ids",
        ),
        // 変更, 本人来庁: 「1.本人のマイナンバーカード」 (the card alone)
        (Change, Holder, None, "card", "allowed"),
        (Change, Household, None, "card", "not-accepted"),
        // 変更, 法定代理人: no holder's document listed
        (
            Change,
            LegalMinor,
            None,
            "card agent:A:passport agent:A:residence-card waiver:honseki-in-city",
            "allowed",
        ),
        (
            Change,
            LegalMinor,
            None,
            "card agent:A:passport",
            "proof:koseki agent-ids",
        ),
        (
            Change,
            LegalWard,
            None,
            "card agent:A:passport agent:B:student-id proof:guardianship-registry",
            "allowed",
        ),
        (
            Change,
            Proxy,
            Some(Application),
            "card agent:B:pension-book agent:B:employee-id",
            "ends-here",
        ),
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:B:employee-id paper:reply-form paper:pin-slip",
            "allowed",
        ),
        // 法定代理人 (再設定): 「本人のマイナンバーカード 以外の本人確認書類(下記のAから1点、またはBから1点)」 too.
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:passport agent:B:employee-id proof:koseki",
            "holder-ids",
        ),
        // 任意代理人 (申請時): 「暗証番号を再設定するマイナンバーカード」
        (
            Reset,
            Proxy,
            Some(Application),
            "agent:A:drivers-license",
            "card",
        ),
        // 変更: the card is needed by everyone.
        (Change, Holder, None, "", "card"),
        (
            Change,
            LegalMinor,
            None,
            "card agent:A:passport agent:B:employee-id waiver:same-household-parent-child",
            "allowed",
        ),
        // 「申請者が成年被後見人の場合…登記事項証明書」 (no waiver)
        (
            Change,
            LegalWard,
            None,
            "card agent:A:passport agent:B:employee-id waiver:honseki-in-city",
            "proof:guardianship-registry",
        ),
        (
            Change,
            LegalWard,
            None,
            "card agent:A:passport proof:guardianship-registry",
            "agent-ids",
        ),
        // 変更, 任意代理人 (申請時): 「任意代理人の本人確認書類(下記のAから1点、またはBから2点)」
        (
            Change,
            Proxy,
            Some(Application),
            "card agent:B:pension-book",
            "agent-ids",
        ),
        // (照会回答書持参時): the same list as for a reset, 「暗証番号記載票」 included.
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:B:employee-id paper:reply-form",
            "paper:pin-slip",
        ),
    ];
    check_city("asahi", &rules, table);
}

#[test]
fn kashima() {
    let rules = rules_file("kashima-ibaraki.toml");
    // The legal representative's set that passes: the holder's one document, the
    // representative's two (one an official photo ID), the koseki.
    let table: &[Case] = &[
        // 本人が手続する場合: 「・マイナンバーカード」 (the card alone)
        (Reset, Holder, None, "card", "allowed"),
        (Reset, Holder, None, "", "card"),
        (Reset, Holder, None, "id:A:x", "card"),
        // Household members: the page does not mention them.
        (Reset, Household, None, "card", "not-accepted"),
        (
            Reset,
            Household,
            None,
            "card id:A:x agent:A:y",
            "not-accepted",
        ),
        // 法定代理人が手続する場合(15歳未満の方・成年被後見人の方): 「・本人のマイナンバーカード」
        // 「・本人の本人確認書類1点(マイナンバーカード以外)」 (one document, either list)
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:B:z proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:y agent:B:z proof:koseki",
            "holder-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "id:B:x agent:A:y agent:B:z proof:koseki",
            "card",
        ),
        // 「・代理人の本人確認書類2点(1点は官公署発行の顔写真付きのもの)」: A2 or A1+B1; A1
        // alone is one document, B2 has no photo ID.
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:A:z proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y proof:koseki",
            "agent-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:B:y agent:B:z proof:koseki",
            "agent-ids",
        ),
        // 「・代理権を証明する書類(戸籍謄本、登記事項証明書等)」
        // 「※15歳未満の方について本籍が鹿嶋市にある場合は代理権を証明する書類は必要ありません。」
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:B:z",
            "proof:koseki",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:A:z waiver:honseki-in-city",
            "allowed",
        ),
        // The page's only waiver is 本籍; a same household spares nothing.
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:A:z waiver:same-household",
            "proof:koseki",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card",
            "holder-ids proof:koseki agent-ids",
        ),
        // 成年被後見人: 登記事項証明書; the 本籍 waiver is written for a minor only.
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z proof:guardianship-registry",
            "allowed",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:B:x agent:A:y agent:A:z waiver:honseki-in-city",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:B:x agent:A:y agent:A:z proof:koseki",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card agent:A:y agent:A:z proof:guardianship-registry",
            "holder-ids",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:B:x agent:A:y proof:guardianship-registry",
            "agent-ids",
        ),
        // 任意代理人: 「市役所へ2度お越しいただく必要があり」; the page's one list
        // (「・本人のマイナンバーカード」「・本人の本人確認書類(マイナンバーカード以外)」
        // 「・代理人の本人確認書類1点(官公署発行の顔写真付きのもの)」) on the first visit too,
        // the reply form only on the second (it is mailed after the first).
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:B:x agent:A:y",
            "ends-here",
        ),
        (Reset, Proxy, None, "card id:B:x agent:A:y", "ends-here"),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:y",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:B:y agent:B:z",
            "agent-ids",
        ),
        (Reset, Proxy, Some(Application), "id:A:x agent:A:y", "card"),
        // 「・照会兼回答書」「3. 上記必要書類と照会書兼回答書を市…」
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y paper:reply-form",
            "allowed",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y",
            "paper:reply-form",
        ),
        // The page names no power of attorney: it does not stand in for the reply form.
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y paper:power-of-attorney",
            "paper:reply-form",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card agent:A:y paper:reply-form",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:B:y agent:B:z paper:reply-form",
            "agent-ids",
        ),
        // Originals only (the page is silent: the conservative choice).
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y:copy paper:reply-form",
            "agent-ids:copy",
        ),
        // The page is about 再設定 only: no change procedure, for anyone.
        (Change, Holder, None, "card", "not-described"),
        (Change, Household, None, "card", "not-described"),
        (
            Change,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:A:z proof:koseki",
            "not-described",
        ),
        (
            Change,
            LegalWard,
            None,
            "card id:B:x agent:A:y agent:A:z proof:guardianship-registry",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y paper:reply-form",
            "not-described",
        ),
    ];
    check_city("kashima", &rules, table);
}

#[test]
fn kikuchi() {
    let rules = rules_file("kikuchi-kumamoto.toml");
    let table: &[Case] = &[
        // 本人: 「本人確認書類(…マイナンバーカード以外の[A] から1点、又は[B]から1点)」
        (Reset, Holder, None, "card id:A:x", "allowed"),
        (Reset, Holder, None, "card id:B:x", "allowed"),
        (Reset, Holder, None, "card", "holder-ids"),
        (Reset, Holder, None, "id:A:x", "card"),
        // Originals only, not expired (silent in the part read: the conservative choice).
        (Reset, Holder, None, "card id:A:x:copy", "holder-ids:copy"),
        (
            Reset,
            Holder,
            None,
            "card id:B:x:expired",
            "holder-ids:expired",
        ),
        // Household members: not in the part read.
        (Reset, Household, None, "card id:A:x", "not-accepted"),
        // 「15歳未満又は成年被後見人の方の法定代理人が手続きをする場合は、次の書類も必要です。」
        // 「法定代理人の本人確認書類(…[A]から2点、又は[A]から1点と[B] から1点)」
        // 「法定代理人であることを確認できる書類(市内に本籍もしくは住民票があり、その資格を確認できる場合は不要。)」
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z waiver:honseki-in-city",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z waiver:resident-in-city",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z",
            "proof:koseki",
        ),
        // A same household is not one of the page's waivers.
        (
            Reset,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z waiver:same-household",
            "proof:koseki",
        ),
        // Agent boundaries: A2 and A1+B1 pass; A1 alone and B2 do not.
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y agent:A:z proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:A:y proof:koseki",
            "agent-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card id:B:x agent:B:y agent:B:z proof:koseki",
            "agent-ids",
        ),
        // 「次の書類も」: the holder's own document as well.
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:y agent:B:z proof:koseki",
            "holder-ids",
        ),
        // The waiver shows a parent's standing, not a guardian's: none for a ward.
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z proof:guardianship-registry",
            "allowed",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z waiver:honseki-in-city",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z waiver:resident-in-city",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card id:A:x agent:B:y agent:B:z proof:guardianship-registry",
            "agent-ids",
        ),
        // 「任意代理人の方が手続きをする場合は、申請受付後に、…照会書兼回答書を郵送します。」
        // The lists are past the part read: conservative, the agent's documents as strict
        // as a legal representative's; the holder's document and the reply form on the
        // second visit.
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:y agent:A:z",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:y agent:B:z",
            "ends-here",
        ),
        (Reset, Proxy, None, "card agent:A:y agent:B:z", "ends-here"),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:y",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:B:y agent:B:z",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "agent:A:y agent:A:z",
            "card",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:x agent:A:y agent:A:z paper:reply-form",
            "allowed",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:x agent:A:y agent:A:z",
            "paper:reply-form",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card agent:A:y agent:A:z paper:reply-form",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:B:x agent:A:y paper:reply-form",
            "agent-ids",
        ),
        // Changing a known password: not in the part read.
        (Change, Holder, None, "card", "not-described"),
        (Change, Household, None, "card", "not-described"),
        (
            Change,
            LegalMinor,
            None,
            "card id:A:x agent:A:y agent:B:z proof:koseki",
            "not-described",
        ),
        (
            Change,
            LegalWard,
            None,
            "card id:A:x agent:A:y agent:B:z proof:guardianship-registry",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Application),
            "card agent:A:y agent:A:z",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:B:x agent:A:y agent:A:z paper:reply-form",
            "not-described",
        ),
    ];
    check_city("kikuchi", &rules, table);
}

#[test]
fn ome() {
    let rules = rules_file("ome-tokyo.toml");
    let table: &[Case] = &[
        // 「本人確認書類(マイナンバーカードに加えて、運転免許証等が必要です)」 (conservative: list A)
        (Reset, Holder, None, "card id:A:drivers-license", "allowed"),
        (Reset, Holder, None, "card id:B:x", "holder-ids"),
        (Reset, Holder, None, "card", "holder-ids"),
        (Reset, Holder, None, "id:A:drivers-license", "card"),
        // 運転免許証 is in list A whatever prefix was typed.
        (Reset, Holder, None, "card id:B:drivers-license", "allowed"),
        // Household members: not in the part read.
        (
            Reset,
            Household,
            None,
            "card id:A:drivers-license",
            "not-accepted",
        ),
        // 法定代理人(15歳未満または成年被後見人): 「本人のマイナンバーカード」 (no holder's document)
        // 「法定代理人の本人確認書類2点(うち1点は顔写真付きのもの)」
        // 「代理権を証明する書類(…ただし本人が15歳未満で、法定代理人と同一世帯の場合は不要。)」
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x agent:B:y waiver:same-household",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x agent:B:y proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x agent:B:y",
            "proof:koseki",
        ),
        // 本籍 is not one of the page's waivers.
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x agent:B:y waiver:honseki-in-city",
            "proof:koseki",
        ),
        // Agent boundaries: A2 and A1+B1 pass; A1 alone and B2 do not.
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x agent:A:y proof:koseki",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:x proof:koseki",
            "agent-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:B:x agent:B:y proof:koseki",
            "agent-ids",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "agent:A:x agent:B:y proof:koseki",
            "card",
        ),
        // 成年被後見人: 登記事項証明書; the same-household waiver is for a minor only.
        (
            Reset,
            LegalWard,
            None,
            "card agent:A:x agent:B:y proof:guardianship-registry",
            "allowed",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card agent:A:x agent:B:y waiver:same-household",
            "proof:guardianship-registry",
        ),
        (
            Reset,
            LegalWard,
            None,
            "card agent:A:x proof:guardianship-registry",
            "agent-ids",
        ),
        // 「任意代理人が手続を行う場合、市役所へ2度お越しいただく必要があり」
        // 「本人のマイナンバーカード」「本人の本人確認書類(マイナンバ…」 (cut there): conservative,
        // the holder's document as for the holder and the agent's as a legal
        // representative's, on both visits; the reply form on the second.
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y agent:A:z",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y agent:B:z",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            None,
            "card id:A:x agent:A:y agent:B:z",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:A:x agent:B:y agent:B:z",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card id:B:x agent:A:y agent:A:z",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "id:A:x agent:A:y agent:A:z",
            "card",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y agent:A:z paper:reply-form",
            "allowed",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y agent:A:z",
            "paper:reply-form",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card agent:A:y agent:A:z paper:reply-form",
            "holder-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y paper:reply-form",
            "agent-ids",
        ),
        // The change procedure's requirements are past the part read: not described.
        (Change, Holder, None, "card", "not-described"),
        (Change, Household, None, "card", "not-described"),
        (
            Change,
            LegalMinor,
            None,
            "card agent:A:x agent:B:y proof:koseki",
            "not-described",
        ),
        (
            Change,
            LegalWard,
            None,
            "card agent:A:x agent:B:y proof:guardianship-registry",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Application),
            "card id:A:x agent:A:y agent:A:z",
            "not-described",
        ),
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:A:x agent:A:y agent:A:z paper:reply-form",
            "not-described",
        ),
    ];
    check_city("ome", &rules, table);
}

#[test]
fn kasugai_describes_hours_only() {
    let rules = rules_file("kasugai-aichi.toml");
    // 「[procedures] Not described in the part of the page read.」: every applicant, every
    // visit, even with everything a city could ask for.
    let all = "card id:A:x id:B:y agent:A:z agent:B:w proof:koseki proof:guardianship-registry \
               paper:reply-form paper:power-of-attorney paper:pin-slip";
    let mut table: Vec<Case> = Vec::new();
    for procedure in [Reset, Change] {
        for (applicant, visit) in every_applicant_and_visit() {
            table.push((procedure, applicant, visit, all, "not-described"));
            table.push((procedure, applicant, visit, "card", "not-described"));
        }
    }
    check_city("kasugai", &rules, &table);
}

#[test]
fn a_proxy_minimum_age_is_checked_when_the_rules_set_one() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/asahi-chiba.toml"),
    )
    .unwrap()
    .replace(
        "reply_form_is_power_of_attorney = true\n[procedures.reset.proxy.application]",
        "reply_form_is_power_of_attorney = true\nmin_agent_age = 15\n[procedures.reset.proxy.application]",
    );
    let rules = Rules::parse(&text, Path::new("aged.toml")).unwrap();
    let spec = "card agent:A:passport";
    assert_eq!(
        verdict(&rules, Reset, Proxy, None, spec),
        "agent-min-age:age-unknown"
    );
    assert_eq!(
        verdict(&rules, Reset, Proxy, None, "card agent:A:passport age:14"),
        "agent-min-age:too-young"
    );
    assert_eq!(
        verdict(&rules, Reset, Proxy, None, "card agent:A:passport age:15"),
        "ends-here"
    );
}

/// The test-only rules of `tests/fixtures/rules/`: the parts of the format no shipped
/// city's page uses (a household member accepted, a reservation, a fee, a proxy aged 15+).
pub(crate) fn fixture_rules_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/household-reservation-fee.toml")
}

#[test]
fn the_fixture_accepts_a_household_member_and_a_proxy_of_15_or_more() {
    let rules = Rules::load(&fixture_rules_path()).unwrap();
    // [service] reservation_required = true, counter_fee_yen = 300
    assert_eq!(rules.service.reservation_required, Some(true));
    assert_eq!(rules.service.counter_fee_yen, Some(300));
    let holder = "card id:A:passport";
    let table: &[Case] = &[
        (Reset, Holder, None, holder, "allowed"),
        (Reset, Holder, None, "card", "holder-ids"),
        // [procedures.reset.household]: the card, the holder's A1 or B1, the member's A1.
        (
            Reset,
            Household,
            None,
            "card id:B:student-id agent:A:drivers-license",
            "allowed",
        ),
        (
            Reset,
            Household,
            None,
            "card agent:A:drivers-license",
            "holder-ids",
        ),
        (
            Reset,
            Household,
            None,
            "card id:A:passport agent:B:health-insurance agent:B:student-id",
            "agent-ids",
        ),
        (
            Reset,
            Household,
            None,
            "id:A:passport agent:A:drivers-license",
            "card",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:passport agent:B:student-id waiver:same-household",
            "allowed",
        ),
        (
            Reset,
            LegalMinor,
            None,
            "card agent:A:passport agent:B:student-id",
            "proof:koseki",
        ),
        // No legal-ward row: not accepted.
        (
            Reset,
            LegalWard,
            None,
            "card agent:A:passport agent:B:student-id proof:guardianship-registry",
            "not-accepted",
        ),
        // min_agent_age = 15, on both visits: unknown, 14 and 15.
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:passport",
            "agent-min-age:age-unknown",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:passport age:14",
            "agent-min-age:too-young",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:A:passport age:15",
            "ends-here",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:B:student-id age:15",
            "agent-ids",
        ),
        (
            Reset,
            Proxy,
            Some(Application),
            "card agent:B:student-id age:14",
            "agent-ids agent-min-age:too-young",
        ),
        // reply_form_is_power_of_attorney = false: the reply form does not stand in for it.
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:B:student-id paper:reply-form age:15",
            "paper:power-of-attorney",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:B:student-id paper:reply-form \
             paper:power-of-attorney age:15",
            "allowed",
        ),
        (
            Reset,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:B:student-id paper:reply-form \
             paper:power-of-attorney age:14",
            "agent-min-age:too-young",
        ),
        (Change, Holder, None, "card", "allowed"),
        // [procedures.change.household]: the card and the member's A1.
        (Change, Household, None, "card agent:A:passport", "allowed"),
        (Change, Household, None, "card", "agent-ids"),
        (
            Change,
            LegalMinor,
            None,
            "card agent:A:passport agent:A:drivers-license proof:koseki",
            "not-accepted",
        ),
        (
            Change,
            LegalWard,
            None,
            "card agent:A:passport agent:A:drivers-license proof:guardianship-registry",
            "not-accepted",
        ),
        (
            Change,
            Proxy,
            Some(Application),
            "card agent:A:passport age:15",
            "not-accepted",
        ),
        (
            Change,
            Proxy,
            Some(Completion),
            "card id:A:passport agent:A:passport agent:A:drivers-license paper:reply-form age:15",
            "not-accepted",
        ),
    ];
    check_city("fixture", &rules, table);
}

#[test]
fn the_audit_record_keeps_categories_not_names() {
    let rules = Rules::embedded().unwrap();
    let assessment = evaluate(
        &rules,
        Reset,
        LegalMinor,
        None,
        &presented(
            "card id:B:pension-book agent:A:passport agent:B:employee-id:copy waiver:honseki-in-city",
        ),
    );
    let json = serde_json::to_string(&assessment.record).unwrap();
    assert!(
        !json.contains("passport") && !json.contains("pension"),
        "{json}"
    );
    assert!(json.contains(r#""holder_categories":["B"]"#), "{json}");
    assert!(json.contains(r#""agent_categories":["A"]"#), "{json}");
    assert!(json.contains(r#""outcome":"refused""#), "{json}");
    assert!(json.contains(r#""missing":["agent-ids"]"#), "{json}");
}

// ---------------------------------------------------------------------------------------
// Rules-file errors
// ---------------------------------------------------------------------------------------

fn parse_error(text: &str) -> RulesError {
    match Rules::parse(text, Path::new("bad.toml")) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(error) => error,
    }
}

fn embedded_with(from: &str, to: &str) -> String {
    let text = mynapin::procedure::rules::EMBEDDED;
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let text = embedded_with(
        "originals_only = true",
        "originals_only = true\noriginals = true",
    );
    match parse_error(&text) {
        RulesError::Syntax {
            field,
            line,
            detail,
            ..
        } => {
            assert_eq!(field, "documents.originals");
            assert!(detail.contains("unknown field"), "{detail}");
            let named = text.lines().nth(line - 1).unwrap_or_default();
            assert!(named.starts_with("originals = true"), "{named}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_combination_is_named_with_its_field() {
    let text = embedded_with(
        "holder_ids = [\"A1\", \"B1\"]",
        "holder_ids = [\"A1\", \"C1\"]",
    );
    match parse_error(&text) {
        RulesError::Syntax { field, detail, .. } => {
            assert_eq!(field, "procedures.reset.self.holder_ids");
            assert!(detail.contains("`C1` is not a combination"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_values_and_inconsistencies_name_the_field() {
    let bad_closure = embedded_with("\"12-29..01-03\"", "\"third sunday\"");
    assert!(
        matches!(parse_error(&bad_closure), RulesError::Syntax { field, .. } if field == "hours.closures")
    );
    let bad_time = embedded_with("open = \"09:00-17:00\"", "open = \"09:00-25:00\"");
    assert!(
        matches!(parse_error(&bad_time), RulesError::Syntax { field, .. } if field == "hours.sessions.open")
    );
    let backwards = embedded_with("open = \"09:00-17:00\"", "open = \"17:00-09:00\"");
    assert!(matches!(
        parse_error(&backwards),
        RulesError::Invalid { field, problem: RulesProblem::EmptyRange, .. } if field == "hours.sessions[0].open"
    ));
    let unknown_place = embedded_with(
        "open = \"09:00-17:00\"",
        "open = \"09:00-17:00\"\nplaces = [\"annex\"]",
    );
    assert!(matches!(
        parse_error(&unknown_place),
        RulesError::Invalid {
            problem: RulesProblem::UnknownPlace,
            ..
        }
    ));
    let no_proof = embedded_with("proof = \"guardianship-registry\"\nagent_ids", "agent_ids");
    assert!(matches!(
        parse_error(&no_proof),
        RulesError::Invalid { field, problem: RulesProblem::NoProof, .. } if field == "procedures.reset.legal-ward.proof"
    ));
    let empty = embedded_with("agent_ids = [\"A1\", \"B2\"]", "agent_ids = []");
    assert!(matches!(
        parse_error(&empty),
        RulesError::Invalid {
            problem: RulesProblem::NoAlternatives,
            ..
        }
    ));
    let version = embedded_with("format = 1", "format = 2");
    assert!(matches!(
        parse_error(&version),
        RulesError::Invalid {
            problem: RulesProblem::UnsupportedFormat,
            ..
        }
    ));
}

proptest::proptest! {
    #[test]
    fn no_rules_text_makes_the_parser_panic(text in "\\PC{0,400}") {
        let _ = Rules::parse(&text, Path::new("fuzz.toml"));
    }

    #[test]
    fn no_line_edit_of_the_embedded_rules_makes_it_panic(line in 0usize..200, junk in "\\PC{0,30}") {
        let text: String = mynapin::procedure::rules::EMBEDDED
            .lines()
            .enumerate()
            .map(|(at, original)| if at == line { junk.clone() } else { original.to_owned() })
            .collect::<Vec<_>>()
            .join("\n");
        let _ = Rules::parse(&text, Path::new("fuzz.toml"));
    }
}

// ---------------------------------------------------------------------------------------
// Opening hours
// ---------------------------------------------------------------------------------------

fn at(text: &str) -> LocalDateTime {
    LocalDateTime::parse(text).unwrap()
}

fn next(rules: &Rules, place: Option<&str>, when: &str) -> String {
    next_opening(rules, place, at(when))
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[test]
fn asahi_weekdays_nine_to_five_closed_on_holidays() {
    let rules = Rules::embedded().unwrap();
    // 「時間:平日 午前9時から午後5時まで」
    assert!(matches!(
        opening_at(&rules, None, at("2026-05-07T09:00")),
        Opening::Open { .. }
    ));
    assert_eq!(
        opening_at(&rules, None, at("2026-05-07T08:59")),
        Opening::Closed
    );
    assert_eq!(
        opening_at(&rules, None, at("2026-05-07T17:00")),
        Opening::Closed
    );
    // 「※土日祝日や夜間は手続きできません」: 6 May 2026 is a substitute holiday.
    assert_eq!(
        opening_at(&rules, None, at("2026-05-06T10:00")),
        Opening::Closed
    );
    assert_eq!(next(&rules, None, "2026-05-02T10:00"), "2026-05-07T09:00");
    // Friday evening → Monday morning.
    assert_eq!(next(&rules, None, "2026-05-08T17:30"), "2026-05-11T09:00");
    // Open now: the next opening is now.
    assert_eq!(next(&rules, None, "2026-05-07T10:15"), "2026-05-07T10:15");
    // Year-end (conservative): closed 29 Dec – 3 Jan; 2027-01-04 is a Monday.
    assert_eq!(next(&rules, None, "2026-12-28T17:00"), "2027-01-04T09:00");
}

#[test]
fn kasugai_evening_sunday_break_and_the_third_sunday() {
    let rules = rules_file("kasugai-aichi.toml");
    let main = Some("koseki-jumin");
    let branch = Some("sakashita");
    // 「水曜日は午後7時30分まで」 at 戸籍住民課 only.
    assert_eq!(
        opening_at(&rules, main, at("2026-05-13T18:00")),
        Opening::Open {
            until: mynapin::procedure::calendar::Time::new(19, 30).unwrap()
        }
    );
    assert_eq!(
        opening_at(&rules, branch, at("2026-05-13T18:00")),
        Opening::Closed
    );
    // 「日曜日は午前8時30分から午後5時まで(正午から午後1時までを除きます。)」: 10 May is the 2nd Sunday.
    assert!(matches!(
        opening_at(&rules, main, at("2026-05-10T11:59")),
        Opening::Open { .. }
    ));
    assert_eq!(
        opening_at(&rules, main, at("2026-05-10T12:30")),
        Opening::Closed
    );
    assert_eq!(next(&rules, main, "2026-05-10T12:30"), "2026-05-10T13:00");
    assert_eq!(
        opening_at(&rules, branch, at("2026-05-10T10:00")),
        Opening::Closed
    );
    // 「(第3日曜日、祝日及び年末年始を除きます。)」: 17 May is the 3rd Sunday.
    assert_eq!(
        opening_at(&rules, main, at("2026-05-17T10:00")),
        Opening::Closed
    );
    assert_eq!(next(&rules, main, "2026-05-17T10:00"), "2026-05-18T08:30");
    // A Sunday holiday: 3 May 2026 (憲法記念日) is the 1st Sunday; then 4–6 May are holidays.
    assert_eq!(next(&rules, main, "2026-05-03T09:00"), "2026-05-07T08:30");
    // Any counter: the branch's hours count.
    assert!(matches!(
        opening_at(&rules, None, at("2026-05-13T10:00")),
        Opening::Open { .. }
    ));
}

#[test]
fn rules_without_hours_say_unknown() {
    let rules = rules_file("kashima-ibaraki.toml");
    assert_eq!(
        opening_at(&rules, None, at("2026-05-07T10:00")),
        Opening::Unknown
    );
    assert_eq!(next(&rules, None, "2026-05-07T10:00"), "");
}

// ---------------------------------------------------------------------------------------
// Routes for a card
// ---------------------------------------------------------------------------------------

fn card(auth: PinStatus, sign: PinStatus, text: PinStatus) -> StatusReport {
    StatusReport {
        pins: vec![
            PinReport {
                kind: PinKind::Auth,
                status: auth,
            },
            PinReport {
                kind: PinKind::Sign,
                status: sign,
            },
            PinReport {
                kind: PinKind::Text,
                status: text,
            },
            PinReport {
                kind: PinKind::Juki,
                status: PinStatus::Remaining { left: 3, max: 3 },
            },
        ],
        signature_certificate: Some(!matches!(sign, PinStatus::NotAvailable(_))),
    }
}

#[test]
fn routes_follow_the_card() {
    let rules = Rules::embedded().unwrap();
    let ok4 = PinStatus::Remaining { left: 3, max: 3 };
    let ok6 = PinStatus::Remaining { left: 5, max: 5 };
    let blocked4 = PinStatus::Blocked { max: 3 };
    let blocked6 = PinStatus::Blocked { max: 5 };
    // Sign blocked, auth usable: kiosk with auth, or the counter.
    assert_eq!(
        routes(&card(ok4, blocked6, ok4), &rules),
        vec![
            Route::Kiosk {
                reset: PinKind::Sign,
                with: PinKind::Auth
            },
            Route::Counter {
                pins: vec![PinKind::Sign]
            },
        ]
    );
    // Auth blocked, sign usable: kiosk with sign (7-Eleven), or the counter.
    assert_eq!(
        routes(&card(blocked4, ok6, ok4), &rules),
        vec![
            Route::Kiosk {
                reset: PinKind::Auth,
                with: PinKind::Sign
            },
            Route::Counter {
                pins: vec![PinKind::Auth]
            },
        ]
    );
    // Both blocked: the counter only.
    assert_eq!(
        routes(&card(blocked4, blocked6, ok4), &rules),
        vec![Route::Counter {
            pins: vec![PinKind::Auth, PinKind::Sign]
        }]
    );
    // The text PIN: the counter only.
    assert_eq!(
        routes(&card(ok4, ok6, blocked4), &rules),
        vec![Route::Counter {
            pins: vec![PinKind::Text]
        }]
    );
    // A child's card has no signature password: a blocked auth goes to the counter only.
    let child = PinStatus::NotAvailable(Unavailable::NoSignatureCertificate);
    assert_eq!(
        routes(&card(blocked4, child, ok4), &rules),
        vec![Route::Counter {
            pins: vec![PinKind::Auth]
        }]
    );
    // A child's card whose IEF 001B still answers with a counter: no kiosk either.
    let mut child_with_pin_file = card(blocked4, ok6, ok4);
    child_with_pin_file.signature_certificate = Some(false);
    assert_eq!(
        routes(&child_with_pin_file, &rules),
        vec![Route::Counter {
            pins: vec![PinKind::Auth]
        }]
    );
    // Nothing blocked: a known password can be changed online (the page says so).
    assert_eq!(
        routes(&card(ok4, ok6, ok4), &rules),
        vec![Route::ChangeOnline]
    );
    // Rules without a kiosk: the counter only.
    let kashima = rules_file("kashima-ibaraki.toml");
    assert_eq!(
        routes(&card(ok4, blocked6, ok4), &kashima),
        vec![Route::Counter {
            pins: vec![PinKind::Sign]
        }]
    );
}

#[test]
fn a_document_typed_twice_counts_once() {
    let rules = Rules::embedded().unwrap();
    // 旭市, a legal ward's representative: 「Aから2点、またはAから1点とBから1点」.
    let twice = "card id:A:passport proof:guardianship-registry agent:A:passport agent:A:passport";
    assert_eq!(verdict(&rules, Reset, LegalWard, None, twice), "agent-ids");
    let two = "card id:A:passport proof:guardianship-registry agent:A:passport \
               agent:A:drivers-license";
    assert_eq!(verdict(&rules, Reset, LegalWard, None, two), "allowed");
}
