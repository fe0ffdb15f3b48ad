//! APDU traces: the text format of recorded exchanges, the masking that keeps secrets
//! out of it, and the two transports built on it.
//!
//! - `format.rs`: [`TraceFile`], the `# mynapin-trace 1` text format (docs/DESIGN.md "Files and
//!   formats");
//! - `mask.rs`: [`TraceBytes`], a recorded command with its secret data masked
//!   (docs/DESIGN.md safety rule 4): the data of VERIFY `20`/`21`, CHANGE REFERENCE DATA
//!   `24`/`25`, RESET RETRY COUNTER `2C`/`2D`, EXTERNAL AUTHENTICATE `82`, and with a
//!   proprietary CLA the JICSAP CHANGE KEY `80 32`
//!   ([`carries_secret`](crate::apdu::carries_secret)), or any
//!   [`Payload::Sensitive`](crate::apdu::Payload::Sensitive) data;
//! - `recorder.rs`: [`TraceRecorder`], a transport that writes down what passes through it;
//! - `replay.rs`: [`ReplayTransport`], a transport that serves a trace back;
//! - `error.rs`: [`TraceError`], what is wrong with a trace file.

mod error;
mod format;
mod mask;
mod recorder;
mod replay;

pub use error::TraceError;
pub use format::{
    Exchange, Reply, TRACE_VERSION_LINE, TraceEntry, TraceFile, transport_error_from_text,
    transport_error_text,
};
pub use mask::TraceBytes;
pub use recorder::TraceRecorder;
pub use replay::{END_OF_TRACE, ReplayTransport};
