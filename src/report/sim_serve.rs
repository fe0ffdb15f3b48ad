//! `mynapin.sim-serve/1`: the summary `sim serve` prints when it ends.

use std::path::Path;

use serde::Serialize;

use super::Document;
use crate::sim::vpcd::ServeEnd;

/// The `mynapin.sim-serve/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimServeDocument {
    schema: &'static str,
    /// Why serving ended.
    pub ended: ServeEnd,
    /// How many APDUs the card answered.
    pub apdus: usize,
    /// The file the card's state was written to; `null` without `--state-out`.
    pub state_out: Option<String>,
}

impl SimServeDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.sim-serve/1";

    /// The summary of a serve that ended with `ended` after `apdus` APDUs.
    pub fn new(ended: ServeEnd, apdus: usize, state_out: Option<&Path>) -> Self {
        SimServeDocument {
            schema: Self::SCHEMA,
            ended,
            apdus,
            state_out: state_out.map(|path| path.display().to_string()),
        }
    }
}

impl Document for SimServeDocument {
    const SCHEMA: &'static str = SimServeDocument::SCHEMA;
}
