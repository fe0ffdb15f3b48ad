//! The JSON documents the command-line tool prints, as typed values: one
//! [`serde::Serialize`] type per versioned schema, each built from the library's own
//! results ([`StatusReport`](crate::card::StatusReport),
//! [`VerifyOutcome`](crate::card::VerifyOutcome), [`CardError`](crate::card::CardError)…).
//!
//! Every document starts with a `schema` field naming its version (`mynapin.status/1`…),
//! which is also the `$id` of its JSON Schema file in the repository's `schemas/` folder.
//! Fields serialise in declaration order; the documents are the tested contract, so a
//! field is only ever added in a new schema version.
//!
//! Nothing here prints: [`Document::to_json_line`] gives the text for the caller to write.

mod audit;
mod card;
mod change;
mod doctor;
mod document;
mod error;
mod guide;
mod info;
mod pin;
mod presets;
mod profile;
mod readers;
mod reset;
mod sim_serve;
mod status;
mod verify;

pub use audit::AuditVerifyDocument;
pub use card::CardDescription;
pub use change::ChangeDocument;
pub use doctor::{DoctorCheck, DoctorDocument};
pub use document::Document;
pub use error::{ErrorDetails, ErrorDocument, MissingItem};
pub use guide::{GuideDocument, GuideDocuments, GuideItem, GuideKiosk, open_state};
pub use info::{CertificateRow, InfoDocument, Interface, problem_code};
pub use pin::{PinRow, PinState};
pub use presets::{PresetRow, PresetsDocument};
pub use profile::ProfileDocument;
pub use readers::{ReaderRow, ReadersDocument};
pub use reset::ResetDocument;
pub use sim_serve::SimServeDocument;
pub use status::StatusDocument;
pub use verify::VerifyDocument;

/// Every schema name, one per document type, in the order the README lists them.
pub const SCHEMAS: [&str; 14] = [
    StatusDocument::SCHEMA,
    VerifyDocument::SCHEMA,
    ChangeDocument::SCHEMA,
    ResetDocument::SCHEMA,
    ReadersDocument::SCHEMA,
    ProfileDocument::SCHEMA,
    PresetsDocument::SCHEMA,
    SimServeDocument::SCHEMA,
    ErrorDocument::SCHEMA,
    crate::audit::RECORD_SCHEMA,
    AuditVerifyDocument::SCHEMA,
    GuideDocument::SCHEMA,
    InfoDocument::SCHEMA,
    DoctorDocument::SCHEMA,
];
