//! The presenter: the library's typed results as what the user reads. With
//! `--format json`, the `mynapin::report` document of the result (the tested contract); as
//! text, sentences from the message catalogues in the user's language. Command files hand
//! their results here and print nothing themselves.

pub mod info;

use std::path::Path;

use mynapin::audit::{LoggedRecord, VerifyReport};

use mynapin::card::{
    Authority, ChangeOutcome, PinKind, PinStatus, ResetOutcome, StatusReport, VerifyOutcome,
};
use mynapin::messages::{Message, pin_label, pin_name, preset_description, reset_advice};
use mynapin::report::{
    AuditVerifyDocument, CardDescription, ChangeDocument, PresetsDocument, ProfileDocument,
    ResetDocument, SimServeDocument, StatusDocument, VerifyDocument,
};
#[cfg(feature = "pcsc")]
use mynapin::report::{ReaderRow, ReadersDocument};
use mynapin::sim::vpcd::ServeEnd;
use mynapin::sim::{Preset, Profile};

use mynapin::messages::{applicant_name, ends_here_message, procedure_name, visit_name};
use mynapin::procedure::calendar::LocalDateTime;
use mynapin::procedure::{
    Applicant, NotCovered, Procedure, Refusal, Requirements, Route, Rules, Visit, requirements,
};
use mynapin::report::GuideDocument;

use crate::commands::Context;
use crate::exit::Failure;
use crate::output::json_line;

/// `status`: the document, or each PIN's tries left with advice for a blocked one or
/// the last try.
pub fn status(
    context: Context,
    card: CardDescription,
    report: &StatusReport,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(context.lang, &StatusDocument::new(card, report));
    }
    let catalog = context.lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("status-title")));
    for row in &report.pins {
        let line = Message::new("status-row")
            .with("label", pin_label(row.kind))
            .with("state", row.status.message());
        out.push_str(&format!("  {}\n", catalog.text(&line)));
        let advice = match row.status {
            PinStatus::Blocked { .. } => Some(status_reset_advice(row.kind, report)),
            PinStatus::Remaining { left: 1, .. } => Some(Message::new("status-last-try")),
            _ => None,
        };
        // A child's card may keep IEF 001B with a counter though it has no certificate.
        let no_certificate = row.kind == PinKind::Sign
            && report.signature_certificate == Some(false)
            && !matches!(row.status, PinStatus::NotAvailable(_));
        let note = no_certificate.then(|| Message::new("status-sign-without-certificate"));
        for advice in advice.into_iter().chain(note) {
            out.push_str(&format!("    → {}\n", catalog.text(&advice)));
        }
    }
    Ok(out)
}

/// Where a blocked PIN can be reset, given what the same status read of the other JPKI
/// password: the kiosk route needs the other one usable (not blocked, and for the
/// signature password, a card with its certificate); unknown (not read) keeps both routes.
fn status_reset_advice(kind: PinKind, report: &StatusReport) -> Message {
    let other_unusable = kind.other_jpki().is_some_and(|other| {
        let no_certificate = other == PinKind::Sign && report.signature_certificate == Some(false);
        let blocked = report.pins.iter().any(|row| {
            row.kind == other
                && matches!(
                    row.status,
                    PinStatus::Blocked { .. } | PinStatus::NotAvailable(_)
                )
        });
        no_certificate || blocked
    });
    if other_unusable {
        Message::new("pin-reset-office-only")
    } else {
        reset_advice(kind)
    }
}

/// `verify`: the document, or that the PIN is correct and its counter is full again.
pub fn verified(
    context: Context,
    card: CardDescription,
    outcome: &VerifyOutcome,
    uppercased: bool,
    unpowered: bool,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(
            context.lang,
            &VerifyDocument::new(card, outcome, uppercased, unpowered),
        );
    }
    let correct = Message::new("verify-correct")
        .with("pin", pin_name(outcome.kind))
        .with("left", outcome.tries_now)
        .with("max", outcome.kind.max_tries());
    Ok(format!("{}\n", context.lang.text(&correct)))
}

/// `change`: the document, or that the PIN was changed, with the counter read after.
pub fn changed(
    context: Context,
    card: CardDescription,
    outcome: &ChangeOutcome,
    uppercased: bool,
    unpowered: bool,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(
            context.lang,
            &ChangeDocument::new(card, outcome, uppercased, unpowered),
        );
    }
    let after = match outcome.status_after {
        Some(status @ PinStatus::Remaining { .. }) => status.message(),
        _ => Message::new("change-tries-unknown"),
    };
    let done = Message::new("change-done")
        .with("pin", pin_name(outcome.kind))
        .with("after", after);
    Ok(format!("{}\n", context.lang.text(&done)))
}

/// `reset`: the document, or that the PIN was reset, with the counter read after; for the
/// issuer's reset, that the counter is full again and, with `--confirm`, that the new
/// value verifies.
pub fn reset(
    context: Context,
    card: CardDescription,
    outcome: &ResetOutcome,
    new_value_verified: bool,
    uppercased: bool,
    unpowered: Option<bool>,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(
            context.lang,
            &ResetDocument::new(card, outcome, new_value_verified, uppercased, unpowered),
        );
    }
    let catalog = context.lang.catalog();
    let after = match outcome.status_after {
        Some(status) => status.message(),
        None => Message::new("reset-tries-unknown"),
    };
    let kind = outcome.kind;
    let done = match outcome.authority {
        Authority::Issuer => Message::new("reset-issuer-done")
            .with("pin", pin_name(kind))
            .with("after", after),
        authority => Message::new("reset-done")
            .with("pin", pin_name(kind))
            .with("authority", authority.message())
            .with("after", after),
    };
    let mut out = format!("{}\n", catalog.text(&done));
    if new_value_verified {
        let confirmed = Message::new("reset-issuer-confirmed")
            .with("pin", pin_name(kind))
            .with("left", kind.max_tries())
            .with("max", kind.max_tries());
        out.push_str(&format!("{}\n", catalog.text(&confirmed)));
    }
    Ok(out)
}

/// `reset --authority issuer`, before the hand-over: the target's state as read, and the
/// instruction to reset it with the J-LIS equipment and put the card back (shown on
/// stderr whatever the format, for the staff at the counter).
pub fn reset_handover(context: Context, kind: PinKind, before: &StatusReport) -> String {
    let catalog = context.lang.catalog();
    let mut out = String::new();
    if let Some(status) = before.get(kind) {
        let row = Message::new("reset-issuer-before")
            .with("label", pin_label(kind))
            .with("state", status.message());
        out.push_str(&format!("{}\n", catalog.text(&row)));
    }
    out.push_str(&format!(
        "{}\n",
        catalog.text(&Message::new("reset-issuer-instruction"))
    ));
    out
}

/// `readers`: the document, or one line per reader with what its card is, and its ATR.
#[cfg(feature = "pcsc")]
pub fn readers(context: Context, readers: Vec<ReaderRow>) -> Result<String, Failure> {
    if context.json() {
        return json_line(context.lang, &ReadersDocument::new(readers));
    }
    let catalog = context.lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("readers-title")));
    for reader in &readers {
        let card = catalog.text(&match (reader.card_present, reader.jpki) {
            (false, _) => Message::new("readers-no-card"),
            (true, Some(true)) => Message::new("readers-my-number-card"),
            (true, Some(false)) => Message::new("readers-other-card"),
            (true, None) => Message::new("readers-card-present"),
        });
        out.push_str(&format!("  {}: {}  [{card}]\n", reader.index, reader.name));
        if let Some(atr) = &reader.atr {
            out.push_str(&format!("     ATR {atr}\n"));
        }
    }
    Ok(out)
}

/// `sim profile`: the document, or the profile as a commented TOML file.
pub fn profile(context: Context, profile: Profile) -> Result<String, Failure> {
    if context.json() {
        return json_line(context.lang, &ProfileDocument::new(profile));
    }
    Ok(profile.to_toml())
}

/// `sim presets`: each preset's name and one-line description, or the document.
pub fn presets(context: Context, presets: &[Preset]) -> Result<String, Failure> {
    let describe = |preset: &Preset| context.lang.text(&preset_description(preset.name));
    if context.json() {
        return json_line(context.lang, &PresetsDocument::new(presets, describe));
    }
    let width = presets
        .iter()
        .map(|preset| preset.name.len())
        .max()
        .unwrap_or(0);
    Ok(presets
        .iter()
        .map(|preset| format!("{:width$}  {}\n", preset.name, describe(preset)))
        .collect())
}

/// `sim serve` when it ends: the document, or how many APDUs the card answered and why
/// it ended.
pub fn served(
    context: Context,
    ended: ServeEnd,
    apdus: usize,
    state_out: Option<&Path>,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(
            context.lang,
            &SimServeDocument::new(ended, apdus, state_out),
        );
    }
    let reason = match ended {
        ServeEnd::PcscdClosed => "pcscd-closed",
        ServeEnd::Stopped => "stopped",
        ServeEnd::FaultInjected => "fault-injected",
    };
    let done = Message::new("sim-serve-done")
        .with("apdus", apdus)
        .with("reason", reason);
    Ok(format!("{}\n", context.lang.text(&done)))
}

/// `audit verify`: the document, or whether the log is intact (with its repaired
/// fragments and the last line's hash), or where it breaks first.
pub fn audit_verified(
    context: Context,
    path: &Path,
    report: &VerifyReport,
) -> Result<String, Failure> {
    if context.json() {
        return json_line(context.lang, &AuditVerifyDocument::new(path, report));
    }
    let catalog = context.lang.catalog();
    let log = path.display().to_string();
    let head = match &report.problem {
        None => Message::new("audit-verify-intact")
            .with("path", log)
            .with("records", report.records)
            .with("lines", report.lines),
        Some(problem) => Message::new("audit-verify-broken")
            .with("path", log)
            .with("problem", problem.message()),
    };
    let mut out = format!("{}\n", catalog.text(&head));
    for &line in &report.repaired {
        let repaired = Message::new("audit-verify-repaired").with("line", line);
        out.push_str(&format!("  {}\n", catalog.text(&repaired)));
    }
    let last = Message::new("audit-verify-last-hash").with("hash", report.last_hash.as_str());
    out.push_str(&format!("  {}\n", catalog.text(&last)));
    Ok(out)
}

/// `audit show`: with `--format json` each record's line exactly as logged (JSON Lines,
/// for `jq` and log tools); as text one line per record: time, operator@workstation,
/// procedure and PIN (and a proxy's visit), outcome (and error code), the counter
/// before → after.
pub fn audit_records(context: Context, records: &[LoggedRecord]) -> String {
    if context.json() {
        return records
            .iter()
            .map(|record| format!("{}\n", record.text))
            .collect();
    }
    if records.is_empty() {
        return format!("{}\n", context.lang.text(&Message::new("audit-show-empty")));
    }
    records.iter().map(audit_line).collect()
}

/// One record as a line of text (control characters of any field shown as `?`).
fn audit_line(record: &LoggedRecord) -> String {
    let field = |name: &str| record.text_field(name).unwrap_or("-");
    let counter = |name: &str| {
        let row = record.fields.get(name);
        let number = |key: &str| row.and_then(|row| row.get(key)).and_then(|n| n.as_u64());
        match (
            row.and_then(|row| row.get("state"))
                .and_then(|s| s.as_str()),
            number("left"),
            number("max"),
        ) {
            (Some("blocked"), _, _) => "blocked".to_owned(),
            (Some(_), Some(left), Some(max)) => format!("{left}/{max}"),
            (Some(state), _, _) => state.to_owned(),
            (None, _, _) => "-".to_owned(),
        }
    };
    let mut outcome = field("outcome").to_owned();
    if let Some(error) = record.text_field("error") {
        outcome.push_str(&format!(" ({error})"));
    }
    // A proxy's visit, named after the PIN: `reset auth (application visit)`.
    let procedure = match record.text_field("visit") {
        Some(visit) => format!("{} {} ({visit} visit)", field("procedure"), field("kind")),
        None => format!("{} {}", field("procedure"), field("kind")),
    };
    let line = format!(
        "{}  {}@{}  {}  {}  {} → {}",
        field("time"),
        field("operator"),
        field("workstation"),
        procedure,
        outcome,
        counter("before"),
        counter("after"),
    );
    let shown: String = line
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{shown}\n")
}

/// Picks the municipality's own wording (names of places, documents, kiosk chains from
/// `rules/*.toml`) for the user's language. Rules files carry that wording in Japanese and
/// English only (`name_ja`/`name_en`, `ja`/`en`): the Japanese catalogue shows the
/// Japanese text, and every other catalogue (English, or a language added as one more
/// `locales/<tag>.ftl`) the English text, until rules files carry more languages.
fn local<'a>(context: Context, ja: &'a str, en: &'a str) -> &'a str {
    match context.lang.tag() {
        "ja" => ja,
        _ => en,
    }
}

/// The separator of a list of names in the user's language (`list-separator`).
fn list_separator(context: Context) -> String {
    context.lang.text(&Message::new("list-separator"))
}

/// `guide`: the document, or the checklist: what to bring, where, whether it is open, the
/// other ways, and with `--card` the routes open for the card and whether it has a
/// signature password (a child's card has none: no kiosk way that needs or resets it is
/// offered).
#[allow(clippy::too_many_arguments)]
pub fn guide(
    context: Context,
    rules: &Rules,
    procedure: Procedure,
    applicant: Applicant,
    needed: &Result<Requirements, NotCovered>,
    at: LocalDateTime,
    routes: Option<Vec<Route>>,
    signature_password: Option<bool>,
) -> Result<String, Failure> {
    let document = GuideDocument::new(rules, procedure, applicant, needed, at, routes)
        .with_signature_password(signature_password);
    if context.json() {
        return json_line(context.lang, &document);
    }
    let catalog = context.lang.catalog();
    let text = |message: &Message| catalog.text(message);
    let municipality = &rules.municipality;
    let mut out = String::new();
    let title = Message::new("guide-title")
        .with(
            "municipality",
            local(context, &municipality.name_ja, &municipality.name_en),
        )
        .with("procedure", procedure_name(procedure))
        .with("applicant", applicant_name(applicant));
    out.push_str(&format!("{}\n", text(&title)));
    match needed {
        Err(not_covered) => {
            out.push_str(&format!(
                "  {}\n",
                text(&not_covered.message(procedure, applicant))
            ));
        }
        Ok(needed) => {
            if let Some(visit) = needed.visit {
                let line = Message::new("guide-visit").with("visit", visit_name(visit));
                out.push_str(&format!("{}\n", text(&line)));
            }
            out.push_str(&format!("\n{}\n", text(&Message::new("guide-bring"))));
            for item in &needed.items {
                out.push_str(&format!("  - {}\n", text(&item.message())));
            }
            let documents = &rules.documents;
            let mentions_ids = needed.items.iter().any(|item| {
                matches!(
                    item,
                    mynapin::procedure::Item::HolderIds(_) | mynapin::procedure::Item::AgentIds(_)
                )
            });
            if mentions_ids {
                let names = |list: &[mynapin::procedure::rules::DocumentName]| {
                    list.iter()
                        .map(|d| local(context, &d.ja, &d.en))
                        .collect::<Vec<_>>()
                        .join(&list_separator(context))
                };
                if !documents.list_a.is_empty() {
                    let line =
                        Message::new("guide-list-a").with("documents", names(&documents.list_a));
                    out.push_str(&format!("    {}\n", text(&line)));
                }
                if !documents.list_b.is_empty() {
                    let line =
                        Message::new("guide-list-b").with("documents", names(&documents.list_b));
                    out.push_str(&format!("    {}\n", text(&line)));
                }
                if documents.originals_only {
                    out.push_str(&format!(
                        "    {}\n",
                        text(&Message::new("guide-originals-only"))
                    ));
                }
                if !documents.expired_accepted {
                    out.push_str(&format!(
                        "    {}\n",
                        text(&Message::new("guide-not-expired"))
                    ));
                }
            }
            if needed.ends_here {
                out.push_str(&format!("  → {}\n", text(&Message::new("guide-ends-here"))));
            }
        }
    }
    out.push_str(&format!("\n{}\n", text(&Message::new("guide-where"))));
    if document.places.is_empty() {
        out.push_str(&format!("  {}\n", text(&Message::new("guide-no-place"))));
    }
    for place in &document.places {
        let name = local(context, &place.name_ja, &place.name_en);
        let line = match place.main_office {
            true => Message::new("guide-place").with("name", name),
            false => Message::new("guide-place-branch").with("name", name),
        };
        out.push_str(&format!("  - {}\n", text(&line)));
    }
    let (open_now, until, next) = (
        &document.open_now,
        &document.open_until,
        &document.next_opening,
    );
    let opening = match (open_now, until, next) {
        (None, _, _) => vec![Message::new("guide-hours-unknown")],
        (Some(true), Some(until), _) => {
            vec![Message::new("guide-open-now").with("until", until.as_str())]
        }
        (_, _, Some(next)) => vec![
            Message::new("guide-closed-now"),
            Message::new("guide-next-opening").with("at", next.replace('T', " ")),
        ],
        _ => vec![Message::new("guide-closed-now")],
    };
    for line in opening {
        out.push_str(&format!("  {}\n", text(&line)));
    }
    match rules.service.reservation_required {
        Some(true) => out.push_str(&format!(
            "  {}\n",
            text(&Message::new("guide-reservation-required"))
        )),
        Some(false) => out.push_str(&format!(
            "  {}\n",
            text(&Message::new("guide-reservation-not-required"))
        )),
        None => {}
    }
    if let Some(yen) = rules.service.counter_fee_yen {
        out.push_str(&format!(
            "  {}\n",
            text(&Message::new("guide-fee").with("yen", u64::from(yen)))
        ));
    }
    let mut alternatives = Vec::new();
    if let Some(kiosk) = rules
        .kiosk
        .as_ref()
        .filter(|_| procedure == Procedure::Reset)
    {
        // A card without a signature password: the kiosk resets neither it nor, with it,
        // the user-authentication password.
        let kiosk_ways: &[(PinKind, PinKind)] = match signature_password {
            Some(false) => &[],
            _ => &[
                (PinKind::Sign, PinKind::Auth),
                (PinKind::Auth, PinKind::Sign),
            ],
        };
        let mut any = false;
        for &(kind, other) in kiosk_ways {
            let chains = kiosk.chains_resetting(kind);
            if chains.is_empty() {
                continue;
            }
            any = true;
            let names: Vec<&str> = chains
                .iter()
                .map(|c| local(context, &c.name_ja, &c.name_en))
                .collect();
            alternatives.push(
                Message::new("guide-kiosk")
                    .with("pin", pin_name(kind))
                    .with("other", pin_name(other))
                    .with("chains", names.join(&list_separator(context)))
                    .with("hours", kiosk.hours.to_string()),
            );
        }
        if any && kiosk.needs_app {
            alternatives.push(Message::new("guide-kiosk-app"));
        }
        if let Some(yen) = kiosk.fee_yen.filter(|_| any) {
            alternatives.push(Message::new("guide-kiosk-fee").with("yen", u64::from(yen)));
        }
    }
    if rules.service.online_change {
        alternatives.push(Message::new("guide-change-online"));
    }
    if !alternatives.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            text(&Message::new("guide-alternatives"))
        ));
        for line in alternatives {
            out.push_str(&format!("  - {}\n", text(&line)));
        }
    }
    if let Some(routes) = &document.routes {
        out.push_str(&format!("\n{}\n", text(&Message::new("guide-card"))));
        if signature_password == Some(false) {
            out.push_str(&format!(
                "  - {}\n",
                text(&Message::new("guide-card-no-signature"))
            ));
        }
        if routes.is_empty() {
            out.push_str(&format!(
                "  - {}\n",
                text(&Message::new("guide-route-none"))
            ));
        }
        for route in routes {
            out.push_str(&format!("  - {}\n", text(&route.message())));
        }
    }
    let source = Message::new("guide-source").with("url", municipality.source_url.as_str());
    out.push_str(&format!("\n{}\n", text(&source)));
    Ok(out)
}

/// A counter refusal as text: the headline, then one line per missing item.
pub fn refusal_text(
    context: Context,
    refusal: &Refusal,
    procedure: Procedure,
    applicant: Applicant,
) -> String {
    let catalog = context.lang.catalog();
    let mut out = catalog.text(&refusal.message());
    for line in refusal.lines(procedure, applicant) {
        out.push_str(&format!("\n  - {}", catalog.text(&line)));
    }
    out
}

/// A proxy's first visit in counter mode: it ends here without the card. As text, what
/// happens next; as JSON, the guide of the second visit (what to bring next time).
pub fn ends_here(context: Context, rules: &Rules, procedure: Procedure) -> Result<String, Failure> {
    let at = crate::commands::guide::now_in_japan();
    let completion = requirements(rules, procedure, Applicant::Proxy, Some(Visit::Completion));
    if context.json() {
        return json_line(
            context.lang,
            &GuideDocument::new(rules, procedure, Applicant::Proxy, &completion, at, None),
        );
    }
    let mut out = format!("{}\n", context.lang.text(&ends_here_message()));
    if let Ok(completion) = completion {
        let line = Message::new("guide-visit").with("visit", visit_name(Visit::Completion));
        out.push_str(&format!("{}\n", context.lang.text(&line)));
        for item in &completion.items {
            out.push_str(&format!("  - {}\n", context.lang.text(&item.message())));
        }
    }
    Ok(out)
}

/// `doctor`: the document, or one line per check (`✓` ok, `!` warning, `✗` failure, `-`
/// skipped) with its details and its fix indented below.
pub fn doctor(context: Context, findings: &[mynapin::doctor::Finding]) -> Result<String, Failure> {
    use mynapin::doctor::Outcome;
    let catalog = context.lang.catalog();
    if context.json() {
        let document =
            mynapin::report::DoctorDocument::new(findings, |message| catalog.text(message));
        return json_line(context.lang, &document);
    }
    let mut out = format!("{}\n", catalog.text(&Message::new("doctor-heading")));
    for finding in findings {
        let mark = match finding.outcome {
            Outcome::Ok => "✓",
            Outcome::Warning => "!",
            Outcome::Failure => "✗",
            Outcome::Skipped => "-",
        };
        let title = catalog.text(&finding.check.title());
        let summary = catalog.text(&finding.summary);
        out.push_str(&format!("{mark} {title}: {summary}\n"));
        for item in &finding.items {
            out.push_str(&format!("    {}\n", catalog.text(item)));
        }
        if let Some(fix) = &finding.fix {
            let text = catalog.text(fix);
            let mut lines = text.lines();
            if let Some(first) = lines.next() {
                out.push_str(&format!("    → {first}\n"));
            }
            for line in lines {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::i18n::Lang;

    #[test]
    fn lists_are_joined_as_the_catalogue_says() {
        let context = |tag| Context {
            lang: Lang::from_tag(tag).expect("catalogue"),
            format: Format::Text,
        };
        // Fluent trims a pattern's blanks unless quoted: the English blank must survive.
        assert_eq!(["A", "B"].join(&list_separator(context("en"))), "A, B");
        assert_eq!(["A", "B"].join(&list_separator(context("ja"))), "A、B");
    }
}
