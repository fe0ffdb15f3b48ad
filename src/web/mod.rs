//! The request handling of the counter page (`mynapin counter`) that does not need a web
//! server: pure functions over the bytes of a request, so that they can be unit-tested
//! and fuzzed (`fuzz/fuzz_targets/web_request.rs`) apart from the HTTP stack.
//!
//! - [`request`]: the form body decoder (every value in a zeroizing buffer, since the
//!   PIN fields are among them), and the Host, Origin and Cookie header checks;
//! - [`token`]: the random per-launch secrets (the URL token, the session cookie, the
//!   CSRF token), compared in constant time.

pub mod request;
pub mod token;
