//! The page's HTML, rendered on the server with maud (every inserted value is escaped).
//! Every word comes from the message catalogues (`locales/*.ftl`, ids `page-…`), in the
//! desk's language; `lang` is set on the document. Accessibility (JIS X 8341-3:2016 AA,
//! WCAG 2.x AA): a real label on every field, errors tied to their field
//! (`aria-describedby`, `aria-invalid`), states written in words (colour only repeats
//! them), the step shown in words (`aria-current="step"`), live regions for what changes
//! by itself, large targets, and a visible focus (the style sheet).

use maud::{DOCTYPE, Markup, html};
use mynapin::card::{PinKind, PinStatus, StatusReport};
use mynapin::layout::PinFormat;
use mynapin::messages::{
    Catalog, Message, applicant_name, format_hint, pin_label, preset_description, visit_name,
};
use mynapin::procedure::{Applicant, Visit, requirements, routes};
use mynapin::sim::PRESETS;

use super::Shared;
use super::desk::{Absence, CardState, Desk, Ending, Operation, Step, checklist_items, operations};
use crate::i18n::Lang;

/// One message in the desk's language.
fn t(lang: Lang, message: &Message) -> String {
    lang.text(message)
}

/// The document around a screen.
fn layout(
    shared: &Shared,
    desk: &Desk,
    title: &str,
    home: &str,
    step: Option<usize>,
    body: Markup,
) -> Markup {
    let lang = desk.lang;
    let steps = [
        Message::new("page-step-card"),
        Message::new("page-step-procedure"),
        Message::new("page-step-applicant"),
        Message::new("page-step-pin"),
        Message::new("page-step-result"),
    ];
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (t(lang, &Message::new("page-app-name"))) }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body data-generation=(desk.generation) data-home=(home) data-idle=(shared.idle.as_secs()) {
                a.skip href="#main" { (t(lang, &Message::new("page-skip"))) }
                div.visually-hidden id="announce" aria-live="polite" {}
                header.banner {
                    p.app-name { (t(lang, &Message::new("page-app-name"))) }
                    form.languages method="post" action="/lang" {
                        (csrf(shared))
                        span id="languages-label" { (t(lang, &Message::new("page-language"))) }
                        div role="group" aria-labelledby="languages-label" {
                            @for tag in Catalog::available() {
                                button type="submit" name="lang" value=(tag) lang=(tag)
                                    aria-pressed=(if *tag == lang.tag() { "true" } else { "false" }) {
                                    (Catalog::for_tag(tag).text(&Message::new("page-language-name")))
                                }
                            }
                        }
                    }
                    @if let Some(current) = step {
                        nav aria-label=(t(lang, &Message::new("page-steps"))) {
                            ol.steps {
                                @for (index, name) in steps.iter().enumerate() {
                                    @if index + 1 == current {
                                        li aria-current="step" { span.step-number { (index + 1) } (t(lang, name)) }
                                    } @else {
                                        li { span.step-number { (index + 1) } (t(lang, name)) }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" {
                    h1 { (title) }
                    @if !desk.is_clear() && desk.step != Step::Handover {
                        div.warning id="idle-warning" role="alert" hidden {
                            p { (t(lang, &Message::new("page-idle-warning"))) }
                            button type="button" id="idle-continue" { (t(lang, &Message::new("page-idle-continue"))) }
                        }
                    }
                    (body)
                    @if desk.step != Step::Handover {
                        (training_panel(shared, desk))
                    }
                }
                footer {
                    nav aria-label=(t(lang, &Message::new("page-footer-nav"))) {
                        a href="/" { (t(lang, &Message::new("page-link-desk"))) }
                        a href="/audit" { (t(lang, &Message::new("page-link-audit"))) }
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field of every form.
fn csrf(shared: &Shared) -> Markup {
    html! { input type="hidden" name="csrf" value=(shared.csrf.to_hex()); }
}

/// The desk's current screen.
pub fn desk(shared: &Shared, desk: &Desk) -> Markup {
    match desk.step {
        Step::Card => card_screen(shared, desk),
        Step::Applicant => applicant_screen(shared, desk),
        Step::EndsHere => ends_here_screen(shared, desk),
        Step::Pin => pin_screen(shared, desk),
        Step::Handover => handover_screen(shared, desk),
        Step::Result => result_screen(shared, desk),
    }
}

/// A PIN's state in words, with the words that matter at the counter added.
fn state_words(lang: Lang, status: PinStatus) -> String {
    let words = t(lang, &status.message());
    match status {
        PinStatus::Remaining { left: 1, .. } => format!(
            "{words} — {}",
            t(lang, &Message::new("page-state-last-try"))
        ),
        _ => words,
    }
}

/// The CSS class that repeats a state (never the only carrier of its meaning).
fn state_class(status: PinStatus) -> &'static str {
    match status {
        PinStatus::Blocked { .. } => "state state-blocked",
        PinStatus::Remaining { left: 1, .. } => "state state-last",
        PinStatus::NotAvailable(_) => "state state-none",
        _ => "state state-ok",
    }
}

/// The words of an operation on a PIN.
fn operation_name(lang: Lang, operation: Operation) -> String {
    let message = match operation {
        Operation::Verify => Message::new("page-operation-verify"),
        Operation::Change => Message::new("page-operation-change"),
        Operation::Reset => Message::new("page-operation-reset"),
    };
    t(lang, &message)
}

/// Step 1 and 2: the card and the procedure.
fn card_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-card"));
    let body = html! {
        div id="screen-card" {
            @match &desk.card {
                CardState::Absent(why) => {
                    div.notice role="status" aria-live="polite" {
                        p.big { (t(lang, &Message::new("page-card-insert"))) }
                        @match why {
                            Absence::EmptyReader => {}
                            Absence::ReaderMissing => p { (t(lang, &Message::new("page-card-no-reader"))) },
                            Absence::ServiceDown => p { (t(lang, &Message::new("page-card-no-service"))) },
                        }
                    }
                }
                CardState::Reading => {
                    p.big role="status" aria-live="polite" { (t(lang, &Message::new("page-card-reading"))) }
                }
                CardState::Unreadable(why) => {
                    div.problem role="alert" {
                        p.big { (t(lang, &Message::new("page-card-unreadable"))) }
                        p { (t(lang, why)) }
                    }
                    (refresh_form(shared, lang))
                }
                CardState::Read(report) => {
                    (status_and_choice(shared, desk, report))
                }
            }
        }
    };
    layout(shared, desk, &title, "/", Some(1), body)
}

/// The status table with the procedures each PIN allows, and the routes open.
fn status_and_choice(shared: &Shared, desk: &Desk, report: &StatusReport) -> Markup {
    let lang = desk.lang;
    let catalog = lang.catalog();
    let open_routes = routes(report, &shared.rules);
    html! {
        @if let Some((error, _)) = &desk.error {
            p.error role="alert" id="error-operation" { (t(lang, error)) }
        }
        form id="form-choose" method="post" action="/choose" {
            (csrf(shared))
            table.pins {
                caption { (t(lang, &Message::new("page-pins-caption"))) }
                thead {
                    tr {
                        th scope="col" { (t(lang, &Message::new("page-pins-pin"))) }
                        th scope="col" { (t(lang, &Message::new("page-pins-state"))) }
                        th scope="col" { (t(lang, &Message::new("page-pins-procedures"))) }
                    }
                }
                tbody {
                    @for row in &report.pins {
                        tr id={ "pin-" (row.kind.name()) } {
                            th scope="row" { (t(lang, &pin_label(row.kind))) }
                            td class=(state_class(row.status)) { (state_words(lang, row.status)) }
                            td.actions {
                                @for operation in operations(row.kind, row.status, shared.authority) {
                                    button type="submit" name="pick"
                                        id={ "pick-" (operation.name()) "-" (row.kind.name()) }
                                        value={ (operation.name()) ":" (row.kind.name()) } {
                                        (operation_name(lang, operation))
                                        span.visually-hidden { "(" (t(lang, &pin_label(row.kind))) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !open_routes.is_empty() {
            section aria-labelledby="routes-title" {
                h2 id="routes-title" { (t(lang, &Message::new("page-routes"))) }
                ul.routes {
                    @for route in &open_routes {
                        li { (catalog.text(&route.message())) }
                    }
                }
            }
        }
        (refresh_form(shared, lang))
    }
}

/// "Read the card again".
fn refresh_form(shared: &Shared, lang: Lang) -> Markup {
    html! {
        form method="post" action="/refresh" {
            (csrf(shared))
            button.secondary type="submit" id="refresh" { (t(lang, &Message::new("page-refresh"))) }
        }
    }
}

/// The simulated card's training controls.
fn training_panel(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let Some(_) = &shared.training else {
        return html! {};
    };
    let present = super::watch::simulated_present(shared);
    html! {
        section.training aria-labelledby="training-title" {
            h2 id="training-title" { (t(lang, &Message::new("page-training-title"))) }
            p { (t(lang, &Message::new("page-training-note"))) }
            form method="post" action="/training" {
                (csrf(shared))
                @if present {
                    button.secondary type="submit" name="action" value="remove" id="training-remove" {
                        (t(lang, &Message::new("page-training-remove")))
                    }
                } @else {
                    button.secondary type="submit" name="action" value="insert" id="training-insert" {
                        (t(lang, &Message::new("page-training-insert")))
                    }
                }
            }
            @if !present && shared.training.as_ref().is_some_and(|training| training.swappable()) {
                form method="post" action="/training" {
                    (csrf(shared))
                    label for="training-preset" { (t(lang, &Message::new("page-training-preset"))) }
                    select id="training-preset" name="preset" {
                        @for preset in &PRESETS {
                            option value=(preset.name) {
                                (preset.name) " — " (t(lang, &preset_description(preset.name)))
                            }
                        }
                    }
                    button.secondary type="submit" name="action" value="preset" id="training-insert-preset" {
                        (t(lang, &Message::new("page-training-insert-preset")))
                    }
                }
            }
        }
    }
}

/// The chosen procedure in words, e.g. "Change: user authentication password".
fn choice_line(desk: &Desk) -> String {
    let lang = desk.lang;
    match desk.choice {
        Some(choice) => format!(
            "{} — {}",
            operation_name(lang, choice.operation),
            t(lang, &pin_label(choice.kind))
        ),
        None => String::new(),
    }
}

/// A cancel button: back to step 1, everything cleared.
fn cancel_form(shared: &Shared, lang: Lang) -> Markup {
    html! {
        form.cancel method="post" action="/cancel" {
            (csrf(shared))
            button.secondary type="submit" id="cancel" { (t(lang, &Message::new("page-cancel"))) }
        }
    }
}

/// Step 3: who came, and the documents checklist.
fn applicant_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let catalog = lang.catalog();
    let title = t(lang, &Message::new("page-title-applicant"));
    let needed = match (desk.choice, desk.applicant) {
        (Some(choice), Some(applicant)) => Some(requirements(
            &shared.rules,
            choice.operation.procedure(),
            applicant,
            desk.visit,
        )),
        _ => None,
    };
    let body = html! {
        div id="screen-applicant" {
            p.choice { (choice_line(desk)) }
            form id="form-applicant" method="post" action="/applicant" {
                (csrf(shared))
                fieldset {
                    legend { (t(lang, &Message::new("page-applicant-who"))) }
                    @for applicant in Applicant::ALL {
                        div.option {
                            input type="radio" name="applicant" id={ "applicant-" (applicant.name()) }
                                value=(applicant.name()) checked[desk.applicant == Some(applicant)] required;
                            label for={ "applicant-" (applicant.name()) } { (catalog.text(&applicant_name(applicant))) }
                        }
                    }
                }
                fieldset {
                    legend { (t(lang, &Message::new("page-applicant-visit"))) }
                    @for visit in [Visit::Application, Visit::Completion] {
                        div.option {
                            input type="radio" name="visit" id={ "visit-" (visit.name()) } value=(visit.name())
                                checked[desk.visit == Some(visit) || (desk.visit.is_none() && visit == Visit::Application)];
                            label for={ "visit-" (visit.name()) } { (catalog.text(&visit_name(visit))) }
                        }
                    }
                }
                button type="submit" id="submit-applicant" { (t(lang, &Message::new("page-applicant-show"))) }
            }
            @match needed {
                Some(Ok(needed)) => {
                    form id="form-documents" method="post" action="/documents" {
                        (csrf(shared))
                        fieldset aria-describedby=[(!desk.missing.is_empty()).then_some("missing")] {
                            legend { (t(lang, &Message::new("page-checklist"))) }
                            @for (index, item) in checklist_items(&needed.items) {
                                div.option {
                                    input type="checkbox" name="item" id={ "item-" (index) } value=(index)
                                        checked[desk.ticked.contains(&index)];
                                    label for={ "item-" (index) } { (catalog.text(&item.message())) }
                                }
                            }
                        }
                        @if !desk.missing.is_empty() {
                            div.problem id="missing" role="alert" {
                                p.error { (t(lang, &Message::new("page-missing"))) }
                                ul { @for missing in &desk.missing { li { (t(lang, missing)) } } }
                            }
                        }
                        button type="submit" id="submit-documents" { (t(lang, &Message::new("page-checklist-check"))) }
                    }
                    p { a href="/print" id="print-link" { (t(lang, &Message::new("page-print-link"))) } }
                }
                Some(Err(_)) => {
                    p.error role="alert" { (t(lang, &Message::new("page-applicant-not-accepted"))) }
                }
                None => {}
            }
            @if let Some((error, "applicant")) = &desk.error {
                p.error role="alert" { (t(lang, error)) }
            }
            (cancel_form(shared, lang))
        }
    };
    layout(shared, desk, &title, "/", Some(3), body)
}

/// A proxy's application visit: nothing is done on the card today.
fn ends_here_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-ends-here"));
    let body = html! {
        div id="screen-ends-here" {
            p.choice { (choice_line(desk)) }
            p.big { (t(lang, &Message::new("page-ends-here"))) }
            @if let Some((error, "ends-here")) = &desk.error {
                p.warning role="alert" { (t(lang, error)) }
            }
            p { (t(lang, &Message::new("page-ends-here-next"))) }
            p { a href="/print" id="print-link" { (t(lang, &Message::new("page-print-link"))) } }
            (cancel_form(shared, lang))
        }
    };
    layout(shared, desk, &title, "/", Some(3), body)
}

/// One PIN field with its label, format hint, live check and error.
struct Field<'a> {
    name: &'static str,
    kind: PinKind,
    label: String,
    same_as: Option<&'a str>,
}

fn pin_field(desk: &Desk, field: &Field<'_>) -> Markup {
    let lang = desk.lang;
    let error = desk
        .error
        .as_ref()
        .filter(|(_, name)| *name == field.name)
        .map(|(message, _)| t(lang, message));
    let hint_id = format!("hint-{}", field.name);
    let live_id = format!("live-{}", field.name);
    let error_id = format!("error-{}", field.name);
    let described = match &error {
        Some(_) => format!("{hint_id} {live_id} {error_id}"),
        None => format!("{hint_id} {live_id}"),
    };
    let (format, inputmode, maxlength) = match field.kind.format() {
        PinFormat::SignPassword => ("sign", "text", "16"),
        _ => ("digits4", "numeric", "4"),
    };
    html! {
        div.field {
            label for=(field.name) { (field.label) }
            p.hint id=(hint_id) { (t(lang, &format_hint(field.kind))) }
            input type="password" name=(field.name) id=(field.name) autocomplete="off" spellcheck="false"
                autocapitalize="characters" inputmode=(inputmode) maxlength=(maxlength) required
                data-format=(format) data-live=(live_id) data-same=[field.same_as]
                aria-describedby=(described) aria-invalid=(if error.is_some() { "true" } else { "false" });
            p.live id=(live_id) aria-live="polite"
                data-ok=(t(lang, &Message::new("page-format-ok")))
                data-bad=(t(lang, &Message::new("page-format-bad")))
                data-mismatch=(t(lang, &Message::new("page-error-mismatch"))) {}
            @if let Some(error) = error {
                p.error id=(error_id) { (error) }
            }
        }
    }
}

/// Step 4: the citizen types the PIN(s).
fn pin_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-pin"));
    let Some(choice) = desk.choice else {
        return card_screen(shared, desk);
    };
    let kind = choice.kind;
    let status = desk.chosen_status();
    let report = match &desk.card {
        CardState::Read(report) => Some(report),
        _ => None,
    };
    let other = kind.other_jpki();
    let other_status = other.and_then(|other| report.and_then(|report| report.get(other)));
    // The counter whose last try a typed value would spend.
    let guarded = match (choice.operation, shared.authority) {
        (Operation::Reset, mynapin::card::Authority::OtherPassword) => other_status,
        (Operation::Reset, _) => None,
        _ => status,
    };
    let blocked = matches!(guarded, Some(PinStatus::Blocked { .. }));
    let last_try = matches!(guarded, Some(PinStatus::Remaining { left: 1, .. }));
    let last_try_error = desk
        .error
        .as_ref()
        .filter(|(_, field)| *field == "last_try");
    let current_label = t(
        lang,
        &Message::new("page-field-current").with("pin", pin_label(kind)),
    );
    let new_label = t(
        lang,
        &Message::new("page-field-new").with("pin", pin_label(kind)),
    );
    let again_label = t(lang, &Message::new("page-field-again"));
    let issuer = choice.operation == Operation::Reset
        && shared.authority == mynapin::card::Authority::Issuer;
    let field =
        |name: &'static str, kind: PinKind, label: &str, same_as: Option<&'static str>| Field {
            name,
            kind,
            label: label.to_owned(),
            same_as,
        };
    // The new value, typed twice.
    let new_twice = [
        field("new", kind, &new_label, None),
        field("again", kind, &again_label, Some("new")),
    ];
    let proof = other.map(|other| {
        let label = t(
            lang,
            &Message::new("page-field-proof").with("pin", pin_label(other)),
        );
        field("proof", other, &label, None)
    });
    let mut fields = Vec::new();
    match (choice.operation, shared.authority) {
        (Operation::Verify, _) => fields.push(field("current", kind, &current_label, None)),
        (Operation::Change, _) => {
            fields.push(field("current", kind, &current_label, None));
            fields.extend(new_twice);
        }
        (Operation::Reset, mynapin::card::Authority::OtherPassword) => {
            fields.extend(proof);
            fields.extend(new_twice);
        }
        (Operation::Reset, mynapin::card::Authority::TerminalKey) => fields.extend(new_twice),
        (Operation::Reset, mynapin::card::Authority::Issuer) => {}
    }
    let body = html! {
        div id="screen-pin" {
            p.choice { (choice_line(desk)) }
            @if let Some(status) = status {
                p class=(state_class(status)) id="pin-state" {
                    (t(lang, &Message::new("page-pin-state").with("pin", pin_label(kind))))
                    " " strong { (state_words(lang, status)) }
                }
            }
            @if let (Some(other), Some(other_status), true) = (other, other_status, choice.operation == Operation::Reset && !issuer) {
                p class=(state_class(other_status)) id="proof-state" {
                    (t(lang, &Message::new("page-pin-state").with("pin", pin_label(other))))
                    " " strong { (state_words(lang, other_status)) }
                }
            }
            @if blocked && !issuer {
                div.problem role="alert" id="blocked" {
                    p.big { (t(lang, &Message::new("page-pin-blocked"))) }
                }
            } @else {
                form id="form-pin" method="post" action="/pin" autocomplete="off" {
                    (csrf(shared))
                    @if issuer {
                        p.big { (t(lang, &Message::new("page-issuer-explain"))) }
                    }
                    @if last_try {
                        div.warning role="alert" id="last-try" {
                            p.big { (t(lang, &Message::new("page-last-try-warning"))) }
                            div.option {
                                input type="checkbox" name="last_try" id="last_try" value="yes"
                                    aria-describedby=[last_try_error.map(|_| "error-last_try")]
                                    aria-invalid=(if last_try_error.is_some() { "true" } else { "false" });
                                label for="last_try" { (t(lang, &Message::new("page-last-try-staff"))) }
                            }
                            @if let Some((error, _)) = last_try_error {
                                p.error id="error-last_try" { (t(lang, error)) }
                            }
                        }
                    }
                    @for field in &fields {
                        (pin_field(desk, field))
                    }
                    button type="submit" id="submit-pin" {
                        @if issuer { (t(lang, &Message::new("page-issuer-start"))) } @else { (t(lang, &Message::new("page-submit-pin"))) }
                    }
                }
            }
            (cancel_form(shared, lang))
        }
    };
    layout(shared, desk, &title, "/", Some(4), body)
}

/// An issuer reset's hand-over: the counters before, and the wait for the card.
fn handover_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-handover"));
    let kind = desk.choice.map(|choice| choice.kind);
    let before = desk
        .handover
        .as_ref()
        .and_then(|report| kind.and_then(|kind| report.get(kind)));
    let body = html! {
        div id="screen-handover" {
            p.choice { (choice_line(desk)) }
            @if let (Some(kind), Some(before)) = (kind, before) {
                p class=(state_class(before)) {
                    (t(lang, &Message::new("page-pin-state").with("pin", pin_label(kind))))
                    " " strong { (state_words(lang, before)) }
                }
            }
            p.big { (t(lang, &Message::new("page-handover-instruction"))) }
            p role="status" aria-live="polite" id="handover-state" {
                @if desk.handover_away {
                    (t(lang, &Message::new("page-handover-waiting-back")))
                } @else {
                    (t(lang, &Message::new("page-handover-waiting-away")))
                }
            }
            @if shared.training.is_some() {
                section.training aria-labelledby="training-title" {
                    h2 id="training-title" { (t(lang, &Message::new("page-training-title"))) }
                    form method="post" action="/training" {
                        (csrf(shared))
                        @if !desk.handover_away {
                            button.secondary type="submit" name="action" value="remove" id="training-remove" {
                                (t(lang, &Message::new("page-training-remove")))
                            }
                        } @else if let Some(kind) = kind {
                            (pin_field(desk, &Field { name: "value", kind, label: t(lang, &Message::new("page-training-jlis-value")), same_as: None }))
                            button.secondary type="submit" name="action" value="jlis" id="training-jlis" {
                                (t(lang, &Message::new("page-training-jlis")))
                            }
                        }
                    }
                    @if desk.handover_away {
                        form method="post" action="/training" {
                            (csrf(shared))
                            button.secondary type="submit" name="action" value="insert" id="training-insert" {
                                (t(lang, &Message::new("page-training-insert")))
                            }
                        }
                    }
                }
            }
            (cancel_form(shared, lang))
        }
    };
    layout(shared, desk, &title, "/", Some(4), body)
}

/// Step 5: what happened; outcome unknown has its own wording and one way on: read the
/// status first.
fn result_screen(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let Some(outcome) = &desk.outcome else {
        return card_screen(shared, desk);
    };
    let (title, id) = match outcome.ending {
        // A reset only the confirmation can prove is not done yet, as far as anyone knows.
        Ending::Done if outcome.must_confirm => (
            t(lang, &Message::new("page-title-confirm")),
            "screen-result",
        ),
        Ending::Done => (t(lang, &Message::new("page-title-done")), "screen-result"),
        Ending::Failed => (t(lang, &Message::new("page-title-failed")), "screen-result"),
        Ending::Unknown => (
            t(lang, &Message::new("page-title-unknown")),
            "screen-unknown",
        ),
    };
    let kind = Some(outcome.kind);
    let body = html! {
        div id=(id) data-ending=(match outcome.ending { Ending::Done if outcome.must_confirm => "confirm", Ending::Done => "done", Ending::Failed => "failed", Ending::Unknown => "unknown" }) {
            p.choice { (choice_line(desk)) }
            div class=(match outcome.ending { Ending::Done if outcome.must_confirm => "outcome", Ending::Done => "outcome outcome-done", Ending::Failed => "outcome outcome-failed", Ending::Unknown => "outcome outcome-unknown" }) role="status" {
                p.big id="summary" { (t(lang, &outcome.summary)) }
            }
            @if let (Some(kind), Some(after)) = (kind, outcome.after) {
                p class=(state_class(after)) id="after-state" {
                    (t(lang, &Message::new("page-after").with("pin", pin_label(kind))))
                    " " strong { (state_words(lang, after)) }
                }
            }
            p id="next" { (t(lang, &outcome.next)) }
            @if outcome.not_recorded {
                p.warning role="alert" { (t(lang, &Message::new("page-not-recorded"))) }
            }
            @if outcome.confirm {
                @if let Some(kind) = kind {
                    form id="form-pin" method="post" action="/pin" autocomplete="off" {
                        (csrf(shared))
                        (pin_field(desk, &Field { name: "current", kind, label: t(lang, &Message::new("page-field-confirm").with("pin", pin_label(kind))), same_as: None }))
                        button type="submit" id="submit-pin" { (t(lang, &Message::new("page-submit-confirm"))) }
                    }
                }
            }
            @if outcome.ending == Ending::Unknown {
                (refresh_form(shared, lang))
            }
            // Outcome unknown: reading the card again is the only way on. A reset that only
            // a confirmation can prove: the confirmation, or cancelling (nothing recorded).
            @if outcome.must_confirm {
                (cancel_form(shared, lang))
            } @else if outcome.ending != Ending::Unknown {
                form.cancel method="post" action="/cancel" {
                    (csrf(shared))
                    button type="submit" id="finish" { (t(lang, &Message::new("page-finish"))) }
                }
            }
        }
    };
    layout(shared, desk, &title, "/", Some(5), body)
}

/// The busy screen (409): card work is running for another request.
pub fn busy(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-busy"));
    let body = html! {
        div id="screen-busy" {
            p.big role="alert" { (t(lang, &Message::new("page-busy"))) }
            p { a href="/" { (t(lang, &Message::new("page-link-desk"))) } }
        }
    };
    layout(shared, desk, &title, "/", None, body)
}

/// The print view of the checklist for the applicant on the desk.
pub fn print(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let catalog = lang.catalog();
    let title = t(lang, &Message::new("page-title-print"));
    let needed = match (desk.choice, desk.applicant) {
        (Some(choice), Some(applicant)) => requirements(
            &shared.rules,
            choice.operation.procedure(),
            applicant,
            desk.visit,
        )
        .ok(),
        _ => None,
    };
    let body = html! {
        div id="screen-print" {
            @match needed {
                Some(needed) => {
                    p.choice { (choice_line(desk)) }
                    p { (catalog.text(&applicant_name(needed.applicant))) }
                    ul.print-list {
                        @for item in &needed.items {
                            li { span aria-hidden="true" { "□ " } (catalog.text(&item.message())) }
                        }
                    }
                    @if needed.ends_here {
                        p { (t(lang, &Message::new("page-ends-here-next"))) }
                    }
                }
                None => p { (t(lang, &Message::new("page-print-nothing"))) },
            }
            p.no-print { a href="/" { (t(lang, &Message::new("page-link-desk"))) } }
        }
    };
    layout(shared, desk, &title, "/print", None, body)
}

/// Today's audit records of the workstation (no value, nothing personal) and the chain
/// check of the whole log.
pub fn audit(shared: &Shared, desk: &Desk) -> Markup {
    let lang = desk.lang;
    let title = t(lang, &Message::new("page-title-audit"));
    let path = crate::audit::audit_path(&shared.global);
    let since = today_since();
    let records = mynapin::audit::read_records(&path);
    let check = mynapin::audit::verify(&path);
    let body = html! {
        div id="screen-audit" {
            @match &check {
                Ok(report) if report.intact() => {
                    p.outcome.outcome-done id="chain" role="status" { (t(lang, &Message::new("page-audit-intact").with("records", report.records))) }
                }
                Ok(report) => {
                    p.outcome.outcome-failed id="chain" role="alert" {
                        (t(lang, &Message::new("page-audit-broken")))
                        @if let Some(problem) = &report.problem { " " (t(lang, &problem.message())) }
                    }
                }
                Err(error) => {
                    p.outcome.outcome-failed id="chain" role="alert" { (t(lang, &error.message())) }
                }
            }
            @match records {
                Ok(records) => {
                    @let today: Vec<_> = records.iter().filter(|record| record.is_since(&since)).collect();
                    @if today.is_empty() {
                        p { (t(lang, &Message::new("page-audit-none"))) }
                    } @else {
                        table.records {
                            caption { (t(lang, &Message::new("page-audit-caption"))) }
                            thead {
                                tr {
                                    th scope="col" { (t(lang, &Message::new("page-audit-time"))) }
                                    th scope="col" { (t(lang, &Message::new("page-audit-procedure"))) }
                                    th scope="col" { (t(lang, &Message::new("page-audit-pin"))) }
                                    th scope="col" { (t(lang, &Message::new("page-audit-authority"))) }
                                    th scope="col" { (t(lang, &Message::new("page-audit-applicant"))) }
                                    th scope="col" { (t(lang, &Message::new("page-audit-outcome"))) }
                                }
                            }
                            tbody {
                                @for record in today {
                                    tr {
                                        @for cell in audit_cells(lang, record) {
                                            td { (cell) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                Err(error) => p.error role="alert" { (t(lang, &error.message())) },
            }
        }
    };
    layout(shared, desk, &title, "/audit", None, body)
}

/// One audit record's cells in words: time, procedure, PIN, authority, applicant kind,
/// outcome (with the stable error code, a code like an error number).
fn audit_cells(lang: Lang, record: &mynapin::audit::LoggedRecord) -> [String; 6] {
    let field = |name: &str| record.text_field(name).unwrap_or_default();
    let procedure = Operation::from_name(field("procedure")).map_or_else(
        || field("procedure").to_owned(),
        |operation| operation_name(lang, operation),
    );
    let pin = PinKind::ALL
        .into_iter()
        .find(|kind| kind.name() == field("kind"))
        .map_or_else(String::new, |kind| t(lang, &pin_label(kind)));
    let authority = mynapin::card::Authority::ALL
        .into_iter()
        .find(|authority| authority.name() == field("authority"))
        .map_or_else(String::new, |authority| t(lang, &authority.message()));
    let applicant = Applicant::ALL
        .into_iter()
        .find(|applicant| applicant.name() == field("applicant"))
        .map_or_else(String::new, |applicant| t(lang, &applicant_name(applicant)));
    let outcome = match field("outcome") {
        "ok" => t(lang, &Message::new("page-audit-outcome-ok")),
        "failed" => t(lang, &Message::new("page-audit-outcome-failed")),
        "refused" => t(lang, &Message::new("page-audit-outcome-refused")),
        "outcome-unknown" => t(lang, &Message::new("page-audit-outcome-unknown")),
        "application-only" => t(lang, &Message::new("page-audit-outcome-application-only")),
        "unproven" => t(lang, &Message::new("page-audit-outcome-unproven")),
        other => other.to_owned(),
    };
    let outcome = match record.text_field("error") {
        Some(code) => format!("{outcome} ({code})"),
        None => outcome,
    };
    [
        record.time().unwrap_or_default().to_owned(),
        procedure,
        pin,
        authority,
        applicant,
        outcome,
    ]
}

/// The start of today in Japan (00:00 JST), as the UTC time the records carry.
fn today_since() -> String {
    let now = crate::commands::guide::now_in_japan();
    let yesterday = now.date.add_days(-1);
    format!(
        "{:04}-{:02}-{:02}T15:00:00Z",
        yesterday.year(),
        yesterday.month(),
        yesterday.day()
    )
}
