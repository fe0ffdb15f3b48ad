//! `mynapin.profile/3`: a simulated card's profile, printed by `sim profile --format json`.

use serde::Serialize;

use super::Document;
use crate::sim::Profile;

/// The `mynapin.profile/3` document: the profile file's fields, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileDocument {
    schema: &'static str,
    /// The profile.
    pub profile: Profile,
}

impl ProfileDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.profile/3";

    /// The document of `profile`.
    pub fn new(profile: Profile) -> Self {
        ProfileDocument {
            schema: Self::SCHEMA,
            profile,
        }
    }
}

impl Document for ProfileDocument {
    const SCHEMA: &'static str = ProfileDocument::SCHEMA;
}
