//! The page's gatekeeping, applied to every request before a handler sees it:
//!
//! - **Host**: `127.0.0.1:PORT` or `localhost:PORT` only (DNS rebinding: a hostile name
//!   that resolves to 127.0.0.1 still sends its own name);
//! - **session**: every path but `/start` needs the session cookie (HttpOnly,
//!   SameSite=Strict) that the one-use URL token was exchanged for;
//! - **Origin**: a POST must carry the page's own Origin (and, checked by the handler
//!   with the decoded form, the CSRF token: [`Shared::form`]);
//! - **headers** on every answer: a strict Content-Security-Policy (`default-src 'self'`,
//!   no inline script or style, no frames), `Cache-Control: no-store`, no referrer, no
//!   MIME sniffing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mynapin::web::request::{Form, cookie, host_allowed, origin_allowed};

use super::Shared;

/// The session cookie's name, with the port: browsers keep cookies per host, not per
/// port, so two counter pages on one PC (two positions, two ports) must not overwrite
/// each other's session.
pub fn cookie_name(port: u16) -> String {
    format!("mynapin_session_{port}")
}

/// The Content-Security-Policy of every answer.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

/// Checks Host, the session and Origin; see the module documentation.
pub async fn check(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = header_text(headers, header::HOST);
    if !host.is_some_and(|host| host_allowed(host, shared.port)) {
        return refuse(StatusCode::MISDIRECTED_REQUEST, "host not served");
    }
    if request.uri().path() != "/start" && !has_session(&shared, headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "no session: open the URL printed on the terminal where mynapin counter runs",
        );
    }
    if request.method() == Method::POST {
        let origin = header_text(headers, header::ORIGIN);
        if !origin.is_some_and(|origin| origin_allowed(origin, shared.port)) {
            return refuse(StatusCode::FORBIDDEN, "cross-origin request refused");
        }
    }
    next.run(request).await
}

/// Adds the security headers to every answer.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // `same-origin`, not `no-referrer`: with no-referrer, a browser sends `Origin: null`
        // on the page's own form posts (Fetch standard), which the Origin check refuses.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Whether the request carries the session cookie.
fn has_session(shared: &Shared, headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| cookie(value, &cookie_name(shared.port)))
        .any(|value| shared.session.matches(value))
}

/// A header's value as text, when it is there once and is visible ASCII.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return None;
    }
    first.to_str().ok()
}

/// A refusal: plain text, nothing of the page.
pub fn refuse(status: StatusCode, why: &'static str) -> Response {
    let mut response = (status, format!("mynapin counter: {why}\n")).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

impl Shared {
    /// Decodes a form body and checks its CSRF token (field `csrf`).
    ///
    /// # Errors
    ///
    /// A 400 answer for a body that is not a form, a 403 for a missing or wrong token.
    pub fn form(&self, body: &[u8]) -> Result<Form, Box<Response>> {
        let form = Form::parse(body).map_err(|_| refuse(StatusCode::BAD_REQUEST, "not a form"))?;
        if !form
            .get("csrf")
            .is_some_and(|token| self.csrf.matches(token))
        {
            return Err(Box::new(refuse(
                StatusCode::FORBIDDEN,
                "form token missing or wrong",
            )));
        }
        Ok(form)
    }
}

/// The session cookie that the URL token is exchanged for.
pub fn session_cookie(shared: &Shared) -> HeaderValue {
    let value = format!(
        "{}={}; HttpOnly; SameSite=Strict; Path=/",
        cookie_name(shared.port),
        shared.session.to_hex()
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}
