//! The page's routes. Every POST checks the CSRF token of its form ([`Shared::form`]),
//! changes the desk and answers `303 See Other` to `/` (so a reload never posts again);
//! the screens are rendered from the desk by `GET /`. Card work holds the card lock: a
//! second request meanwhile gets the busy screen (409), and nothing of it reaches the card.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use mynapin::card::{Authority, CardError, Pin, PinKind, PinStatus};
use mynapin::messages::Message;
use mynapin::procedure::{Applicant, Presented, Verdict, Visit, evaluate, requirements};
use mynapin::web::request::{Form, MAX_BODY};

use super::desk::{CardState, Choice, Operation, Step, checklist_items, operations};
use super::work::{Request, Work};
use super::{Shared, guard, screens, watch, work};

/// The routes, behind the guard and the security headers.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/start", get(start))
        .route("/", get(index))
        .route("/events", get(events))
        .route("/audit", get(audit))
        .route("/print", get(print))
        .route("/assets/app.css", get(css))
        .route("/assets/app.js", get(script))
        .route("/lang", post(lang))
        .route("/choose", post(choose))
        .route("/applicant", post(applicant))
        .route("/documents", post(documents))
        .route("/pin", post(pin))
        .route("/cancel", post(cancel))
        .route("/refresh", post(refresh))
        .route("/training", post(training))
        .route("/touch", post(touch))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(from_fn_with_state(Arc::clone(&shared), guard::check))
        .layer(from_fn(guard::headers))
        .with_state(shared)
}

/// `GET /start?token=…`: the one-use token becomes the session cookie.
async fn start(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let given = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="));
    let accepted = {
        let mut token = shared
            .start_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match (token.as_ref(), given) {
            (Some(expected), Some(given)) if expected.matches(given) => token.take().is_some(),
            _ => false,
        }
    };
    if !accepted {
        return guard::refuse(
            StatusCode::FORBIDDEN,
            "this link was already used or is not the one printed on the terminal",
        );
    }
    let mut response = see_other();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, guard::session_cookie(&shared));
    response
}

/// `GET /`: the desk's screen.
async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let desk = shared.desk();
    Html(screens::desk(&shared, &desk).into_string()).into_response()
}

/// `GET /events`: server-sent events, one `desk` event with the desk's generation on
/// every change (and at once), so the page reloads when the card comes or goes, the desk
/// is cleared, or card work ends. The stream ends when the server stops.
async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let receiver = shared.events.subscribe();
    let stop = shared.stop.subscribe();
    let stream = futures_util::stream::unfold(
        (receiver, stop, true),
        |(mut receiver, mut stop, first)| async move {
            if *stop.borrow() {
                return None;
            }
            if !first {
                tokio::select! {
                    changed = receiver.changed() => changed.ok()?,
                    _ = stop.wait_for(|stop| *stop) => return None,
                }
            }
            let generation = *receiver.borrow_and_update();
            let event = Event::default().event("desk").data(generation.to_string());
            Some((Ok::<_, Infallible>(event), (receiver, stop, false)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// `GET /audit`: today's audit records of this workstation and the chain check.
async fn audit(State(shared): State<Arc<Shared>>) -> Response {
    let desk = shared.desk();
    let worker = Arc::clone(&shared);
    let page = tokio::task::spawn_blocking(move || screens::audit(&worker, &desk).into_string())
        .await
        .unwrap_or_default();
    Html(page).into_response()
}

/// `GET /print`: the checklist of the applicant on the desk, to print for the citizen.
async fn print(State(shared): State<Arc<Shared>>) -> Response {
    let desk = shared.desk();
    Html(screens::print(&shared, &desk).into_string()).into_response()
}

/// The style sheet (embedded).
async fn css() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/app.css"))
}

/// The one script (embedded): the events and the live format check.
async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// `POST /lang`: the language of the screens.
async fn lang(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    if let Some(lang) = form.get("lang").and_then(super::lang_of) {
        shared.with_desk(|desk| {
            desk.lang = lang;
            desk.touch();
            desk.changed();
        });
    }
    see_other()
}

/// `POST /choose`: the procedure and the PIN, among those the card's state allows.
async fn choose(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let (operation, kind) = match form.get("pick").and_then(|pick| pick.split_once(':')) {
        Some((operation, kind)) => (Operation::from_name(operation), pin_kind(kind)),
        None => (None, None),
    };
    let authority = shared.authority;
    let counter_mode = shared.counter_mode;
    shared.with_desk(|desk| {
        desk.touch();
        let (Some(operation), Some(kind)) = (operation, kind) else {
            desk.error = Some((Message::new("page-error-choose"), "operation"));
            desk.changed();
            return;
        };
        let allowed = match &desk.card {
            CardState::Read(report) => report
                .get(kind)
                .is_some_and(|status| operations(kind, status, authority).contains(&operation)),
            _ => false,
        };
        if desk.step != Step::Card || !allowed {
            desk.error = Some((Message::new("page-error-not-allowed"), "operation"));
            desk.changed();
            return;
        }
        desk.choice = Some(Choice { operation, kind });
        desk.error = None;
        desk.step = if counter_mode {
            Step::Applicant
        } else {
            Step::Pin
        };
        desk.changed();
    });
    see_other()
}

/// `POST /applicant`: who came (and a proxy's visit); the checklist starts empty.
async fn applicant(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let applicant = form.get("applicant").and_then(applicant_of);
    let visit = form.get("visit").and_then(visit_of);
    shared.with_desk(|desk| {
        desk.touch();
        if desk.step != Step::Applicant {
            return;
        }
        match applicant {
            Some(applicant) => {
                desk.applicant = Some(applicant);
                desk.visit =
                    (applicant == Applicant::Proxy).then(|| visit.unwrap_or(Visit::Application));
                desk.ticked.clear();
                desk.missing.clear();
                desk.error = None;
            }
            None => {
                desk.error = Some((Message::new("page-error-applicant"), "applicant"));
            }
        }
        desk.changed();
    });
    see_other()
}

/// `POST /documents`: the items the clerk ticked, checked against the rules: the PIN
/// screen when they are enough, the end of a proxy's application visit, or what is
/// still missing.
async fn documents(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let ticked: Vec<usize> = form
        .all("item")
        .filter_map(|index| index.parse().ok())
        .collect();
    let rules = &shared.rules;
    let ends_here = shared.with_desk(|desk| {
        desk.touch();
        let (Some(choice), Some(applicant), Step::Applicant) =
            (desk.choice, desk.applicant, desk.step)
        else {
            return None;
        };
        let procedure = choice.operation.procedure();
        let Ok(needed) = requirements(rules, procedure, applicant, desk.visit) else {
            desk.missing = vec![Message::new("page-applicant-not-accepted")];
            desk.changed();
            return None;
        };
        let mut presented = Presented {
            card: true,
            ..Presented::default()
        };
        let items = checklist_items(&needed.items);
        desk.ticked = items
            .iter()
            .filter(|(index, _)| ticked.contains(index))
            .map(|(index, _)| *index)
            .collect();
        for (index, item) in &items {
            if desk.ticked.contains(index) {
                presented.confirm(item);
            }
        }
        let assessment = evaluate(rules, procedure, applicant, desk.visit, &presented);
        desk.missing.clear();
        desk.error = None;
        let ended = match &assessment.verdict {
            Verdict::Allowed => {
                desk.check = Some(assessment.record.clone());
                desk.step = Step::Pin;
                None
            }
            Verdict::EndsHere => {
                desk.step = Step::EndsHere;
                Some((assessment.record.clone(), choice.kind))
            }
            Verdict::NotAccepted(_) => {
                desk.missing = vec![Message::new("page-applicant-not-accepted")];
                None
            }
            Verdict::Missing(missing) => {
                desk.missing = missing.iter().map(|missing| missing.message()).collect();
                None
            }
        };
        desk.changed();
        ended
    });
    if let Some((record, kind)) = ends_here {
        // A proxy's application visit is a procedure of the counter: recorded (nothing
        // was done on the card).
        let procedure = match record.procedure {
            mynapin::procedure::Procedure::Reset => mynapin::audit::Procedure::Reset,
            mynapin::procedure::Procedure::Change => mynapin::audit::Procedure::Change,
        };
        let global = shared.global.clone();
        let lang = shared.desk().lang;
        let recorded = tokio::task::spawn_blocking(move || {
            let Ok(mut trail) = crate::audit::Trail::open(&global, lang, procedure, Some(kind))
            else {
                return false;
            };
            trail.counter_checked(&record);
            matches!(
                trail.finish(lang, Ok(String::new())),
                Ok((_, crate::exit::Exit::Ok))
            )
        })
        .await
        .unwrap_or(false);
        if !recorded {
            // Said on the screen too: the visit ended, but the log does not have it.
            shared.with_desk(|desk| {
                desk.error = Some((Message::new("page-not-recorded-visit"), "ends-here"));
                desk.changed();
            });
        }
    }
    see_other()
}

/// `POST /pin`: the values typed by the citizen, checked for their format here (before
/// any APDU), then the procedure on the card.
async fn pin(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let Ok(held) = Arc::clone(&shared.card_lock).try_lock_owned() else {
        return busy(&shared);
    };
    let desk = shared.with_desk(|desk| {
        desk.touch();
        desk.clone()
    });
    // A confirmation verifies the PIN the reset was about, whatever was chosen since.
    let confirm_kind = match (&desk.step, &desk.outcome) {
        (Step::Result, Some(outcome)) if outcome.confirm => Some(outcome.kind),
        _ => None,
    };
    let Some(choice) = desk.choice.map(|choice| match confirm_kind {
        Some(kind) => Choice { kind, ..choice },
        None => choice,
    }) else {
        return see_other();
    };
    let confirming = confirm_kind.is_some();
    if desk.step != Step::Pin && !confirming {
        return see_other();
    }
    let work = match values(&shared, &desk, choice, confirming, &form) {
        Ok(work) => work,
        Err((message, field)) => {
            shared.with_desk(|desk| {
                desk.error = Some((message, field));
                desk.changed();
            });
            return see_other();
        }
    };
    let pending_reset = match confirming {
        true => shared.with_desk(|desk| desk.pending_reset.take()),
        false => None,
    };
    let request = Request {
        lang: desk.lang,
        allow_last_try: form.get("last_try") == Some("yes"),
        check: desk.check.clone(),
        epoch: desk.epoch,
        pending_reset,
    };
    drop(form);
    let worker = Arc::clone(&shared);
    let kind = choice.kind;
    let _ = tokio::task::spawn_blocking(move || {
        work::run(&worker, kind, work, &request);
        drop(held);
    })
    .await;
    see_other()
}

/// The procedure's values from the form, format-checked: an error names the message and
/// the field it belongs to.
fn values(
    shared: &Shared,
    desk: &super::Desk,
    choice: Choice,
    confirming: bool,
    form: &Form,
) -> Result<Work, (Message, &'static str)> {
    let kind = choice.kind;
    let typed = |field: &'static str, kind: PinKind| -> Result<Pin, (Message, &'static str)> {
        let text = form.get(field).unwrap_or_default();
        if text.is_empty() {
            return Err((Message::new("page-error-empty"), field));
        }
        Pin::new(kind, text).map_err(|error| (CardError::from(error).message(), field))
    };
    let new_twice = || -> Result<Pin, (Message, &'static str)> {
        let new = typed("new", kind)?;
        let again = typed("again", kind)?;
        if new != again {
            return Err((Message::new("page-error-mismatch"), "again"));
        }
        Ok(new)
    };
    let last_try_confirmed = form.get("last_try") == Some("yes");
    let status = desk.chosen_status();
    if confirming {
        return typed("current", kind).map(Work::IssuerConfirm);
    }
    match choice.operation {
        Operation::Verify | Operation::Change => {
            if matches!(status, Some(PinStatus::Blocked { .. })) {
                return Err((Message::new("page-error-blocked"), "current"));
            }
            if matches!(status, Some(PinStatus::Remaining { left: 1, .. })) && !last_try_confirmed {
                return Err((Message::new("page-error-last-try"), "last_try"));
            }
            let current = typed("current", kind)?;
            if choice.operation == Operation::Verify {
                return Ok(Work::Verify(current));
            }
            let new = new_twice()?;
            Ok(Work::Change { current, new })
        }
        Operation::Reset => match shared.authority {
            Authority::Issuer => Ok(Work::IssuerStart),
            Authority::TerminalKey => Ok(Work::ResetTerminalKey { new: new_twice()? }),
            Authority::OtherPassword => {
                let Some(other) = kind.other_jpki() else {
                    return Err((Message::new("page-error-not-allowed"), "proof"));
                };
                let other_status = match &desk.card {
                    CardState::Read(report) => report.get(other),
                    _ => None,
                };
                if matches!(other_status, Some(PinStatus::Blocked { .. })) {
                    return Err((Message::new("page-error-proof-blocked"), "proof"));
                }
                if matches!(other_status, Some(PinStatus::Remaining { left: 1, .. }))
                    && !last_try_confirmed
                {
                    return Err((Message::new("page-error-last-try"), "last_try"));
                }
                let proof = typed("proof", other)?;
                Ok(Work::ResetOtherPassword {
                    proof,
                    new: new_twice()?,
                })
            }
        },
    }
}

/// `POST /touch`: the citizen is typing, or asked for more time: the idle timer starts
/// again (204, nothing to show).
async fn touch(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(refused) = shared.form(&body) {
        return *refused;
    }
    shared.with_desk(super::Desk::touch);
    StatusCode::NO_CONTENT.into_response()
}

/// `POST /cancel`: back to step 1, every field cleared.
async fn cancel(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(refused) = shared.form(&body) {
        return *refused;
    }
    shared.with_desk(|desk| {
        desk.touch();
        desk.clear();
    });
    see_other()
}

/// `POST /refresh`: read the card's status again (no try consumed).
async fn refresh(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(refused) = shared.form(&body) {
        return *refused;
    }
    if shared.card_lock.try_lock().is_err() {
        return busy(&shared);
    }
    let handover = shared.with_desk(|desk| {
        desk.touch();
        if desk.step == Step::Handover {
            return true; // the card is away on purpose: nothing to read, nothing to clear
        }
        desk.clear();
        false
    });
    if !handover {
        work::refresh_status(Arc::clone(&shared)).await;
    }
    see_other()
}

/// `POST /training`: the simulated card's controls (simulated card only): take the card
/// out, put it back, or play the J-LIS equipment during an issuer hand-over.
async fn training(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = match shared.form(&body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    if shared.training.is_none() {
        return guard::refuse(StatusCode::NOT_FOUND, "not a simulated card");
    }
    match form.get("action") {
        Some("remove") => watch::training_move(Arc::clone(&shared), false).await,
        Some("insert") => watch::training_move(Arc::clone(&shared), true).await,
        Some("preset") => {
            let name = form.get("preset").unwrap_or_default().to_owned();
            let worker = Arc::clone(&shared);
            let loaded =
                tokio::task::spawn_blocking(move || work::training_load_preset(&worker, &name))
                    .await;
            match loaded {
                Ok(Ok(())) => watch::training_move(Arc::clone(&shared), true).await,
                Ok(Err(failure)) => shared.with_desk(|desk| {
                    desk.error = Some((work::failure_message(&failure), "preset"));
                    desk.changed();
                }),
                Err(_) => shared.with_desk(|desk| {
                    desk.error = Some((Message::new("page-card-unreadable"), "preset"));
                    desk.changed();
                }),
            }
        }
        Some("jlis") => {
            let desk = shared.desk();
            let (Some(choice), Step::Handover, true) = (desk.choice, desk.step, desk.handover_away)
            else {
                return see_other();
            };
            let value = form.get("value").unwrap_or_default().to_owned();
            let value = zeroize::Zeroizing::new(value);
            let worker = Arc::clone(&shared);
            let result = tokio::task::spawn_blocking(move || {
                work::training_issuer_reset(&worker, choice.kind, &value)
            })
            .await;
            let problem = match result {
                Ok(Ok(())) => None,
                Ok(Err(failure)) => Some(work::failure_message(&failure)),
                Err(_) => Some(Message::new("page-card-unreadable")),
            };
            shared.with_desk(|desk| {
                desk.touch();
                desk.error = problem.map(|text| (text, "value"));
                desk.changed();
            });
        }
        _ => {}
    }
    see_other()
}

/// The busy screen: another piece of card work is running; nothing of this request was
/// done.
fn busy(shared: &Shared) -> Response {
    let desk = shared.desk();
    (
        StatusCode::CONFLICT,
        Html(screens::busy(shared, &desk).into_string()),
    )
        .into_response()
}

/// `303 See Other` to `/`.
fn see_other() -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    response
}

/// A PIN kind by its name.
fn pin_kind(name: &str) -> Option<PinKind> {
    PinKind::ALL.into_iter().find(|kind| kind.name() == name)
}

/// An applicant kind by its name.
fn applicant_of(name: &str) -> Option<Applicant> {
    Applicant::ALL
        .into_iter()
        .find(|applicant| applicant.name() == name)
}

/// A proxy's visit by its name.
fn visit_of(name: &str) -> Option<Visit> {
    [Visit::Application, Visit::Completion]
        .into_iter()
        .find(|visit| visit.name() == name)
}
