//! Training presets: named simulated cards in the states a counter meets
//! (`mynapin sim presets`, `mynapin sim profile --preset NAME`, `sim serve --preset NAME`).
//!
//! Each preset is the default card ([`Profile::default`]) with one change; its one-line
//! description for people is a catalogue message (`crate::messages::preset_description`,
//! ja and en), and the profile's own `description` says the same in English for the file.

use crate::layout::PinKind;

use super::{Profile, SignPinFile};

/// A named card for training and tests.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// The name given to `--preset`.
    pub name: &'static str,
    /// The profile's English description.
    description: &'static str,
    /// Turns the default card into this preset.
    change: fn(&mut Profile),
}

/// Every preset, in the order `mynapin sim presets` lists them.
pub const PRESETS: [Preset; 8] = [
    Preset {
        name: "fresh",
        description: "a new card: every counter full",
        change: |_| {},
    },
    Preset {
        name: "auth-last-try",
        description: "the auth PIN on its last try (1 of 3)",
        change: |profile| profile.pins.auth.tries_left = 1,
    },
    Preset {
        name: "sign-blocked",
        description: "the signature password blocked (0 of 5); the auth PIN usable",
        change: |profile| profile.pins.sign.tries_left = 0,
    },
    Preset {
        name: "jpki-blocked",
        description: "both JPKI passwords blocked (auth 0 of 3, sign 0 of 5)",
        change: |profile| {
            profile.pins.auth.tries_left = 0;
            profile.pins.sign.tries_left = 0;
        },
    },
    Preset {
        name: "text-blocked",
        description: "the text application's PIN (券面事項入力補助用) blocked (0 of 3)",
        change: |profile| profile.pins.text.tries_left = 0,
    },
    Preset {
        name: "child",
        description: "a child's card: no signature certificate; IEF 001B still answers like a PIN",
        change: |profile| {
            profile.signature_certificate = false;
            profile.sign_pin_file = SignPinFile::Present;
        },
    },
    Preset {
        name: "child-no-sign-pin",
        description: "a child's card: no signature certificate and no IEF 001B (6A82)",
        change: |profile| {
            profile.signature_certificate = false;
            profile.sign_pin_file = SignPinFile::Missing;
        },
    },
    Preset {
        name: "terminal-key-blocked",
        description: "the test terminal key blocked (0 of 3): terminal-key resets refused",
        change: |profile| {
            if let Some(terminal) = &mut profile.terminal {
                terminal.tries_left = 0;
            }
        },
    },
];

impl Preset {
    /// The preset called `name`.
    pub fn named(name: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|preset| preset.name == name)
    }

    /// The preset's card.
    pub fn profile(&self) -> Profile {
        let mut profile = Profile::default();
        (self.change)(&mut profile);
        profile.preset = Some(self.name.to_owned());
        profile.description = Some(self.description.to_owned());
        profile
    }
}

impl Profile {
    /// A one-line account of the card's counters, e.g. "auth 3 of 3, sign blocked (0 of 5),
    /// text 3 of 3, juki 3 of 3, terminal key 3 of 3"; the 照合番号 counters only when one
    /// is not full, and "no signature certificate" on a child's card.
    pub fn state_summary(&self) -> String {
        let counter = |name: &str, left: u8, max: u8| match left {
            0 => format!("{name} blocked (0 of {max})"),
            _ => format!("{name} {left} of {max}"),
        };
        let mut parts: Vec<String> = PinKind::ALL
            .iter()
            .map(|&kind| {
                let pin = self.pins.get(kind);
                counter(&kind.to_string(), pin.tries_left, pin.max_tries)
            })
            .collect();
        for kind in super::CodeKind::ALL {
            let code = self.codes.get(kind);
            if code.tries_left < code.max_tries {
                parts.push(counter(
                    &format!("codes.{}", kind.field()),
                    code.tries_left,
                    code.max_tries,
                ));
            }
        }
        if let Some(terminal) = &self.terminal {
            parts.push(counter(
                "terminal key",
                terminal.tries_left,
                terminal.max_tries,
            ));
        }
        if !self.signature_certificate {
            parts.push("no signature certificate".to_owned());
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn every_preset_is_a_valid_card_whose_state_matches_its_name() {
        for preset in PRESETS {
            let profile = preset.profile();
            profile
                .validate(Path::new("preset"))
                .unwrap_or_else(|error| panic!("{}: {error}", preset.name));
            assert_eq!(profile.preset.as_deref(), Some(preset.name));
            let reparsed = Profile::parse(&profile.to_toml(), Path::new("preset")).unwrap();
            assert_eq!(reparsed, profile, "{} round-trips", preset.name);
        }
        let state = |name: &str| Preset::named(name).unwrap().profile().state_summary();
        assert!(state("fresh").contains("auth 3 of 3"));
        assert!(state("auth-last-try").contains("auth 1 of 3"));
        assert!(state("sign-blocked").contains("sign blocked (0 of 5)"));
        assert!(state("jpki-blocked").contains("auth blocked (0 of 3)"));
        assert!(state("jpki-blocked").contains("sign blocked"));
        assert!(state("text-blocked").contains("text blocked"));
        assert!(state("child").contains("no signature certificate"));
        assert!(state("terminal-key-blocked").contains("terminal key blocked"));
        assert!(Preset::named("nonsense").is_none());
    }

    #[test]
    fn names_are_unique() {
        for (index, preset) in PRESETS.iter().enumerate() {
            assert!(
                PRESETS[index + 1..]
                    .iter()
                    .all(|other| other.name != preset.name),
                "{}",
                preset.name
            );
        }
    }
}
