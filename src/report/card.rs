//! Where the card of a document came from: `{"source":"simulated","profile":…}`,
//! `{"source":"replay","trace":…}` or `{"source":"pcsc","reader":…,"atr":…}`.

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::apdu::spaced_hex;

/// The card a command worked on, as the `card` field of a document (and the `# card:`
/// header of a trace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum CardDescription {
    /// The simulated card.
    Simulated {
        /// The profile file the card lives in; `null` for the built-in card.
        profile: Option<String>,
    },
    /// A trace served back in place of a card.
    Replay {
        /// The trace file.
        trace: String,
    },
    /// A card in a PC/SC reader.
    Pcsc {
        /// The reader's name.
        reader: String,
        /// The card's ATR as spaced upper-case hex, e.g. `3B 88 80 01 …`.
        atr: String,
    },
}

impl CardDescription {
    /// The simulated card, from the profile file at `profile` or built in (`None`).
    pub fn simulated(profile: Option<&Path>) -> Self {
        CardDescription::Simulated {
            profile: profile.map(|path| path.display().to_string()),
        }
    }

    /// A trace replayed from `trace`.
    pub fn replay(trace: &Path) -> Self {
        CardDescription::Replay {
            trace: trace.display().to_string(),
        }
    }

    /// A card in the reader named `reader`, which answered `atr`.
    pub fn pcsc(reader: &str, atr: &[u8]) -> Self {
        CardDescription::Pcsc {
            reader: reader.to_owned(),
            atr: spaced_hex(atr),
        }
    }
}

impl fmt::Display for CardDescription {
    /// The description as compact JSON, as in a trace's `# card:` header.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_prints_its_tag_first_then_its_fields() {
        assert_eq!(
            CardDescription::simulated(None).to_string(),
            r#"{"source":"simulated","profile":null}"#
        );
        assert_eq!(
            CardDescription::simulated(Some(Path::new("card.toml"))).to_string(),
            r#"{"source":"simulated","profile":"card.toml"}"#
        );
        assert_eq!(
            CardDescription::replay(Path::new("a.trace")).to_string(),
            r#"{"source":"replay","trace":"a.trace"}"#
        );
        assert_eq!(
            CardDescription::pcsc("Virtual PCD 00 00", &[0x3B, 0x8A]).to_string(),
            r#"{"source":"pcsc","reader":"Virtual PCD 00 00","atr":"3B 8A"}"#
        );
    }
}
