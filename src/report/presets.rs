//! `mynapin.presets/1`: the simulated card's training presets, printed by
//! `mynapin sim presets --format json`.

use serde::Serialize;

use super::Document;
use crate::sim::Preset;

/// One preset: its name for `--preset`, its one-line description in the chosen language,
/// and its card's counters as the profile's English summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresetRow {
    /// The name `--preset` takes.
    pub name: &'static str,
    /// The one-line description (`crate::messages::preset_description`).
    pub description: String,
    /// The card's counters ([`crate::sim::Profile::state_summary`]).
    pub state: String,
}

/// The `mynapin.presets/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresetsDocument {
    schema: &'static str,
    /// Every preset, in the order `sim presets` lists them.
    pub presets: Vec<PresetRow>,
}

impl PresetsDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.presets/1";

    /// The document listing `presets`, each described by `describe` (the front end's
    /// rendering of `crate::messages::preset_description`).
    pub fn new(presets: &[Preset], describe: impl Fn(&Preset) -> String) -> Self {
        PresetsDocument {
            schema: Self::SCHEMA,
            presets: presets
                .iter()
                .map(|preset| PresetRow {
                    name: preset.name,
                    description: describe(preset),
                    state: preset.profile().state_summary(),
                })
                .collect(),
        }
    }
}

impl Document for PresetsDocument {
    const SCHEMA: &'static str = PresetsDocument::SCHEMA;
}
