//! The simulated My Number Card: a pure APDU state machine (docs/protocol.md §11).
//!
//! It answers SELECT (by AID, EF, and the MF quirk), READ BINARY, VERIFY (empty query and
//! with data), CHANGE REFERENCE DATA `00 24 01 80` and the 住基 AP's CHANGE KEY
//! `80 32 00 80`, and (in [`reset`], mynapin's own definition for simulated and test cards,
//! not a real card's) GET CHALLENGE `00 84`, EXTERNAL AUTHENTICATE `00 82` and RESET RETRY
//! COUNTER `00 2C 02 80`; `6D 00` for any other instruction, `6A 86` for parameters it does
//! not know, `67 00` for wrong lengths. Power-off and reset clear the verified state, the
//! current selection, the challenge and the terminal's authentication. Nothing here does
//! I/O: the in-process transport and the vpcd link both feed it bytes.

use crate::apdu::{
    Command, INS_CHANGE_KEY, INS_CHANGE_REFERENCE_DATA, INS_EXTERNAL_AUTHENTICATE,
    INS_GET_CHALLENGE, INS_READ_BINARY, INS_RESET_RETRY_COUNTER, INS_SELECT, INS_VERIFY, Response,
    StatusWord,
};

use crate::layout::{ChangeCommand, PinKind};
use crate::terminal_key::{CHALLENGE_LEN, TerminalKey};

use super::filesystem::{Application, FileBody, KeyRef, applications};
use super::profile::{CodeKind, PinProfile, Profile, QueryAfterVerify, QueryWhenBlocked};

mod reset;
mod sign;

use reset::{ChallengeSource, TerminalState};

/// Longest PIN data a VERIFY or CHANGE accepts (JICSAP 6.4.9 (3)).
const MAX_PIN_DATA: usize = 16;
/// Largest READ BINARY offset with P1 bit 8 clear (15 bits).
const MAX_OFFSET: usize = 0x7FFF;

/// One PIN's live state.
#[derive(Clone)]
struct PinState {
    value: Vec<u8>,
    tries_left: u8,
    max_tries: u8,
    verified: bool,
}

impl PinState {
    /// Takes a PIN from a profile; counters are kept within what `63 Cx` can report
    /// (a profile file is validated, a profile built in code may not be).
    fn from_profile(profile: &PinProfile) -> Self {
        let max_tries = profile.max_tries.clamp(1, 15);
        PinState {
            value: profile.value.as_bytes().to_vec(),
            tries_left: profile.tries_left.min(max_tries),
            max_tries,
            verified: false,
        }
    }

    fn to_profile(&self) -> PinProfile {
        PinProfile {
            value: String::from_utf8_lossy(&self.value).into_owned(),
            tries_left: self.tries_left,
            max_tries: self.max_tries,
        }
    }

    fn is_blocked(&self) -> bool {
        self.tries_left == 0
    }
}

impl PinState {
    /// A 照合番号 key: its value comes from the cardholder, its counter from `[codes]`.
    fn code(kind: CodeKind, profile: &Profile) -> Self {
        let counter = profile.codes.get(kind);
        let max_tries = counter.max_tries.clamp(1, 15);
        PinState {
            value: kind.value(&profile.person).into_bytes(),
            tries_left: counter.tries_left.min(max_tries),
            max_tries,
            verified: false,
        }
    }
}

/// The key reference under the current EF, as VERIFY sees it.
#[derive(Clone, Copy)]
enum CurrentKey {
    /// A key whose state the card keeps.
    Key(KeyRef),
    /// The text AP's always-blocked key `0012`.
    AlwaysBlocked,
}

impl Drop for PinState {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.value);
    }
}

/// A PIN as the card reports it to tests and to the state file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinSnapshot {
    /// Tries left (0 = blocked).
    pub tries_left: u8,
    /// The counter's maximum.
    pub max_tries: u8,
    /// Whether it is verified in the current card session.
    pub verified: bool,
}

/// The terminal key's counter and the session's authentication, as the card reports them
/// to tests and tools (mynapin's definition for simulated and test cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalSnapshot {
    /// Failed external authentications left (0 = blocked, `69 83`).
    pub tries_left: u8,
    /// The counter's maximum.
    pub max_tries: u8,
    /// Whether the terminal authenticated in the current card session.
    pub authenticated: bool,
}

/// The simulated card.
pub struct SimCard {
    profile: Profile,
    atr: Vec<u8>,
    applications: Vec<Application>,
    /// Indexed by [`PinKind::index`].
    pins: [PinState; 4],
    /// The keys opened by the cardholder's data, indexed by [`CodeKind::index`].
    codes: [PinState; 5],
    current_application: Option<usize>,
    current_file: Option<u16>,
    /// The terminal key, when the profile has a valid `[terminal]` table.
    terminal: Option<TerminalState>,
    /// The unused challenge of this card session (GET CHALLENGE), if any.
    challenge: Option<[u8; CHALLENGE_LEN]>,
    /// Whether EXTERNAL AUTHENTICATE succeeded in this card session.
    terminal_authenticated: bool,
    challenges: ChallengeSource,
}

impl SimCard {
    /// A card in the state the profile describes, powered and with nothing selected.
    pub fn new(profile: Profile) -> Self {
        let pins = PinKind::ALL.map(|kind| PinState::from_profile(profile.pins.get(kind)));
        let codes = CodeKind::ALL.map(|kind| PinState::code(kind, &profile));
        // A key that does not parse (a profile built in code is not validated) leaves the
        // card without a terminal key; counters are kept within what `63 Cx` can report.
        let terminal = profile.terminal.as_ref().and_then(|terminal| {
            let key = TerminalKey::from_hex(&terminal.key).ok()?;
            let max_tries = terminal.max_tries.clamp(1, 15);
            Some(TerminalState {
                key,
                tries_left: terminal.tries_left.min(max_tries),
                max_tries,
            })
        });
        SimCard {
            atr: profile.atr_bytes(),
            applications: applications(&profile),
            pins,
            codes,
            current_application: None,
            current_file: None,
            terminal,
            challenge: None,
            terminal_authenticated: false,
            challenges: ChallengeSource::Os,
            profile,
        }
    }

    /// The same card, its GET CHALLENGE answers drawn from a predictable sequence seeded
    /// with `seed` instead of the operating system's CSPRNG: **for tests only** (a
    /// predictable challenge defeats the terminal authentication).
    pub fn with_seeded_challenges(mut self, seed: u64) -> Self {
        self.challenges = ChallengeSource::Seeded(seed);
        self
    }

    /// The ATR from the profile.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Power-off, power-on (cold reset) or warm reset: the volatile state is cleared.
    pub fn reset(&mut self) {
        self.current_application = None;
        self.current_file = None;
        self.challenge = None;
        self.terminal_authenticated = false;
        for key in self.pins.iter_mut().chain(self.codes.iter_mut()) {
            key.verified = false;
        }
    }

    /// The card's state as a profile, as it would be after a power-down (verified flags
    /// are not part of a profile). Writing this back to the profile file keeps the card.
    /// When a command changed a counter, the description is rewritten to say what the
    /// card now is ([`Profile::state_summary`]), so it never claims a state that is gone.
    pub fn to_profile(&self) -> Profile {
        let mut profile = self.profile.clone();
        for kind in PinKind::ALL {
            *profile.pins.get_mut(kind) = self.pins[kind.index()].to_profile();
        }
        for kind in CodeKind::ALL {
            let state = &self.codes[kind.index()];
            let counter = profile.codes.get_mut(kind);
            counter.tries_left = state.tries_left;
            counter.max_tries = state.max_tries;
        }
        if let (Some(written), Some(state)) = (&mut profile.terminal, &self.terminal) {
            written.tries_left = state.tries_left;
            written.max_tries = state.max_tries;
        }
        // Counters are what descriptions claim ("every counter full", "sign blocked"); a
        // changed PIN value keeps a hand-written note.
        if profile.state_summary() != self.profile.state_summary() {
            let origin = match &profile.preset {
                Some(preset) => format!("preset {preset}, "),
                None => String::new(),
            };
            profile.description = Some(format!(
                "{origin}written back by mynapin: {}",
                profile.state_summary()
            ));
        }
        profile
    }

    /// The terminal key's counter and whether the terminal authenticated in this card
    /// session; `None` for a card without a terminal key. The state file keeps the counter
    /// ([`SimCard::to_profile`]).
    pub fn terminal(&self) -> Option<TerminalSnapshot> {
        self.terminal.as_ref().map(|terminal| TerminalSnapshot {
            tries_left: terminal.tries_left,
            max_tries: terminal.max_tries,
            authenticated: self.terminal_authenticated,
        })
    }

    /// One PIN's counter and verified flag, for tests and tools that inspect the card (the
    /// state file is written from [`SimCard::to_profile`]).
    pub fn pin(&self, kind: PinKind) -> PinSnapshot {
        let pin = &self.pins[kind.index()];
        PinSnapshot {
            tries_left: pin.tries_left,
            max_tries: pin.max_tries,
            verified: pin.verified,
        }
    }

    /// Processes raw command bytes; a malformed command gets `67 00`.
    pub fn process(&mut self, apdu: &[u8]) -> Response {
        match Command::from_bytes(apdu) {
            Ok(command) => self.execute(&command),
            Err(_) => Response::status_only(StatusWord::WrongLength),
        }
    }

    /// Executes one parsed command.
    pub fn execute(&mut self, command: &Command) -> Response {
        if command.cla & 0x03 != 0 {
            return status(StatusWord::LogicalChannelNotSupported);
        }
        match (command.cla, command.ins) {
            (0x00, INS_SELECT) => self.select(command),
            (0x00, INS_READ_BINARY) => self.read_binary(command),
            (0x00, INS_VERIFY) => self.verify(command),
            (0x00, INS_CHANGE_REFERENCE_DATA) => {
                self.change(command, ChangeCommand::ChangeReferenceData)
            }
            (0x80, INS_CHANGE_KEY) => self.change(command, ChangeCommand::ChangeKey),
            (0x00, INS_GET_CHALLENGE) => self.get_challenge(command),
            (0x00, INS_EXTERNAL_AUTHENTICATE) => self.external_authenticate(command),
            (0x00, INS_RESET_RETRY_COUNTER) => self.reset_retry_counter(command),
            (0x80, sign::INS_COMPUTE_SIGNATURE) => self.compute_signature(command),
            (0x00 | 0x80, _) => status(StatusWord::InsNotSupported),
            _ => status(StatusWord::ClaNotSupported),
        }
    }

    fn select(&mut self, command: &Command) -> Response {
        let data = command.data.as_bytes();
        match (command.p1, command.p2) {
            // SELECT by DF name; P2 0C = no FCI. P2 00 (FCI requested) is answered without FCI.
            (0x04, 0x0C | 0x00) => {
                if data.is_empty() || data.len() > 16 {
                    return status(StatusWord::WrongLength);
                }
                match self.applications.iter().position(|app| app.aid == data) {
                    Some(index) => {
                        self.current_application = Some(index);
                        self.current_file = None;
                        if self.profile.behaviour.select_clears_verified {
                            self.pins.iter_mut().for_each(|pin| pin.verified = false);
                        }
                        status(StatusWord::Success)
                    }
                    None => status(StatusWord::FileNotFound),
                }
            }
            // SELECT EF under the current DF.
            (0x02, 0x0C) => {
                let [hi, lo] = data else {
                    return status(StatusWord::WrongLength);
                };
                let Some(app) = self
                    .current_application
                    .map(|index| &self.applications[index])
                else {
                    return status(StatusWord::NoCurrentEf);
                };
                let fid = u16::from_be_bytes([*hi, *lo]);
                if app.file(fid).is_none() {
                    return status(StatusWord::FileNotFound);
                }
                self.current_file = Some(fid);
                status(StatusWord::Success)
            }
            // SELECT MF: 6A86 straight after a reset, 9000 (selection unchanged) once an AP
            // is current (MCARD, observed; docs/protocol.md §1).
            (0x00, 0x00 | 0x0C) if data.is_empty() => match self.current_application {
                Some(_) => status(StatusWord::Success),
                None => status(StatusWord::IncorrectP1P2),
            },
            _ => status(StatusWord::IncorrectP1P2),
        }
    }

    fn current_body(&self) -> Option<&FileBody> {
        let app = &self.applications[self.current_application?];
        app.file(self.current_file?)
    }

    fn read_binary(&mut self, command: &Command) -> Response {
        if command.p1 & 0x80 != 0 {
            // Short-EF-identifier reads are not known to work on this card; not modelled.
            return status(StatusWord::IncorrectP1P2);
        }
        let (Some(le), true) = (command.le, command.data.as_bytes().is_empty()) else {
            return status(StatusWord::WrongLength);
        };
        let offset = usize::from(u16::from_be_bytes([command.p1, command.p2]));
        let (content, opened_by) = match self.current_body() {
            None => return status(StatusWord::NoCurrentEf),
            Some(FileBody::Binary { content, opened_by }) => (content, opened_by),
            Some(_) => return status(StatusWord::IncompatibleFileStructure),
        };
        let open = opened_by.is_empty() || opened_by.iter().any(|&key| self.key(key).verified);
        if !open {
            return status(StatusWord::SecurityStatusNotSatisfied);
        }
        if offset > MAX_OFFSET || offset >= content.len() {
            return status(StatusWord::WrongP1P2);
        }
        let end = content.len().min(offset + le);
        Response::new(content[offset..end].to_vec(), StatusWord::Success)
    }

    /// A key reference's state.
    fn key(&self, key: KeyRef) -> &PinState {
        match key {
            KeyRef::Pin(kind) => &self.pins[kind.index()],
            KeyRef::Code(kind) => &self.codes[kind.index()],
        }
    }

    /// A key reference's state, to change it.
    fn key_mut(&mut self, key: KeyRef) -> &mut PinState {
        match key {
            KeyRef::Pin(kind) => &mut self.pins[kind.index()],
            KeyRef::Code(kind) => &mut self.codes[kind.index()],
        }
    }

    /// The key reference under the current EF, or the status word that says why there is
    /// none.
    fn current_key(&self) -> Result<CurrentKey, StatusWord> {
        match self.current_body() {
            Some(FileBody::Pin(kind)) => Ok(CurrentKey::Key(KeyRef::Pin(*kind))),
            Some(FileBody::Code(kind)) => Ok(CurrentKey::Key(KeyRef::Code(*kind))),
            Some(FileBody::BlockedKey) => Ok(CurrentKey::AlwaysBlocked),
            _ => Err(StatusWord::NoCurrentEf),
        }
    }

    /// The PIN under the current EF, for CHANGE and RESET RETRY COUNTER; `Ok(None)` for
    /// the always-blocked key. A 照合番号 key is made of the cardholder's data and cannot
    /// be set: `69 85` (an inference; no public source shows the real answer).
    fn current_pin(&self) -> Result<Option<PinKind>, StatusWord> {
        match self.current_key()? {
            CurrentKey::Key(KeyRef::Pin(kind)) => Ok(Some(kind)),
            CurrentKey::Key(KeyRef::Code(_)) => Err(StatusWord::ConditionsNotSatisfied),
            CurrentKey::AlwaysBlocked => Ok(None),
        }
    }

    fn verify(&mut self, command: &Command) -> Response {
        if (command.p1, command.p2) != (0x00, 0x80) {
            return status(StatusWord::IncorrectP1P2);
        }
        let data = command.data.as_bytes();
        if data.len() > MAX_PIN_DATA || command.le.is_some() {
            return status(StatusWord::WrongLength);
        }
        let behaviour = &self.profile.behaviour;
        let key = match self.current_key() {
            Err(sw) => return status(sw),
            // The always-blocked key reference: 63C0 to the query, 6984 to VERIFY.
            Ok(CurrentKey::AlwaysBlocked) if data.is_empty() => {
                return status(StatusWord::RemainingTries(0));
            }
            Ok(CurrentKey::AlwaysBlocked) => return status(StatusWord::ReferenceDataBlocked),
            Ok(CurrentKey::Key(key)) => key,
        };
        let behaviour = behaviour.clone();
        let pin = self.key_mut(key);
        if data.is_empty() {
            return status(match (pin.is_blocked(), pin.verified) {
                (true, _) => match behaviour.query_when_blocked {
                    QueryWhenBlocked::Sw63C0 => StatusWord::RemainingTries(0),
                    QueryWhenBlocked::Sw6984 => StatusWord::ReferenceDataBlocked,
                },
                (false, true) if behaviour.query_after_verify == QueryAfterVerify::Sw9000 => {
                    StatusWord::Success
                }
                (false, _) => StatusWord::RemainingTries(pin.tries_left),
            });
        }
        if pin.is_blocked() {
            return status(StatusWord::ReferenceDataBlocked);
        }
        if pin.value == data {
            pin.tries_left = pin.max_tries;
            pin.verified = true;
            status(StatusWord::Success)
        } else {
            pin.tries_left -= 1;
            pin.verified = false;
            status(StatusWord::RemainingTries(pin.tries_left))
        }
    }

    /// CHANGE REFERENCE DATA (`00 24 01 80`) or CHANGE KEY (`80 32 00 80`), whichever the
    /// PIN's row of [`crate::layout::CREDENTIALS`] names (`69 85` for the other): the data
    /// holds only the new value; the PIN must be verified in this session.
    fn change(&mut self, command: &Command, sent: ChangeCommand) -> Response {
        let expected_p1 = match sent {
            ChangeCommand::ChangeReferenceData => 0x01,
            ChangeCommand::ChangeKey => 0x00,
        };
        if (command.p1, command.p2) != (expected_p1, 0x80) {
            return status(StatusWord::IncorrectP1P2);
        }
        let data = command.data.as_bytes();
        if data.is_empty() || data.len() > MAX_PIN_DATA || command.le.is_some() {
            return status(StatusWord::WrongLength);
        }
        let kind = match self.current_pin() {
            Err(sw) => return status(sw),
            Ok(None) => return status(StatusWord::ReferenceDataBlocked),
            Ok(Some(kind)) => kind,
        };
        if sent != kind.change_command() {
            return status(StatusWord::ConditionsNotSatisfied);
        }
        let rejects_bad_format = self.profile.behaviour.change_rejects_bad_format;
        let pin = &mut self.pins[kind.index()];
        if pin.is_blocked() {
            return status(StatusWord::ReferenceDataBlocked);
        }
        if !pin.verified {
            return status(StatusWord::SecurityStatusNotSatisfied);
        }
        if rejects_bad_format && kind.format().check(data).is_err() {
            return status(StatusWord::IncorrectData);
        }
        zeroize::Zeroize::zeroize(&mut pin.value);
        pin.value = data.to_vec();
        status(StatusWord::Success)
    }
}

fn status(sw: StatusWord) -> Response {
    Response::status_only(sw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::profile::Behaviour;

    fn run(card: &mut SimCard, spaced_hex: &str) -> String {
        let bytes = hex::decode(spaced_hex.replace(' ', "")).unwrap();
        let response = card.process(&bytes);
        hex::encode_upper(response.to_bytes())
    }

    const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
    const SELECT_AUTH_PIN: &str = "00 A4 02 0C 02 00 18";

    #[test]
    fn query_verify_and_block_cycle() {
        let mut card = SimCard::new(Profile::default());
        assert_eq!(run(&mut card, SELECT_JPKI), "9000");
        assert_eq!(run(&mut card, SELECT_AUTH_PIN), "9000");
        assert_eq!(run(&mut card, "00 20 00 80"), "63C3");
        assert_eq!(run(&mut card, "00 20 00 80 04 39 39 39 39"), "63C2");
        assert_eq!(
            run(&mut card, "00 20 00 80 04 31 32 33 34"),
            "9000",
            "right value restores the counter"
        );
        assert_eq!(card.pin(PinKind::Auth).tries_left, 3);
        for expected in ["63C2", "63C1", "63C0"] {
            assert_eq!(run(&mut card, "00 20 00 80 04 39 39 39 39"), expected);
        }
        assert_eq!(
            run(&mut card, "00 20 00 80 04 31 32 33 34"),
            "6984",
            "blocked even with the right value"
        );
        assert_eq!(run(&mut card, "00 20 00 80"), "63C0");
    }

    #[test]
    fn blocked_query_switch_answers_6984() {
        let mut profile = Profile::default();
        profile.pins.sign.tries_left = 0;
        profile.behaviour.query_when_blocked = QueryWhenBlocked::Sw6984;
        let mut card = SimCard::new(profile);
        run(&mut card, SELECT_JPKI);
        run(&mut card, "00 A4 02 0C 02 00 1B");
        assert_eq!(run(&mut card, "00 20 00 80"), "6984");
    }

    #[test]
    fn query_after_verify_follows_the_switch() {
        for (answer, expected) in [
            (QueryAfterVerify::Counter, "63C3"),
            (QueryAfterVerify::Sw9000, "9000"),
        ] {
            let profile = Profile {
                behaviour: Behaviour {
                    query_after_verify: answer,
                    ..Behaviour::default()
                },
                ..Profile::default()
            };
            let mut card = SimCard::new(profile);
            run(&mut card, SELECT_JPKI);
            run(&mut card, SELECT_AUTH_PIN);
            run(&mut card, "00 20 00 80 04 31 32 33 34");
            assert_eq!(run(&mut card, "00 20 00 80"), expected);
        }
    }

    #[test]
    fn change_needs_verify_in_this_session() {
        let mut card = SimCard::new(Profile::default());
        run(&mut card, SELECT_JPKI);
        run(&mut card, SELECT_AUTH_PIN);
        assert_eq!(run(&mut card, "00 24 01 80 04 35 36 37 38"), "6982");
        assert_eq!(run(&mut card, "00 20 00 80 04 31 32 33 34"), "9000");
        card.reset();
        run(&mut card, SELECT_JPKI);
        run(&mut card, SELECT_AUTH_PIN);
        assert_eq!(
            run(&mut card, "00 24 01 80 04 35 36 37 38"),
            "6982",
            "power-off cleared the verified state"
        );
        run(&mut card, "00 20 00 80 04 31 32 33 34");
        assert_eq!(run(&mut card, "00 24 01 80 04 35 36 37 38"), "9000");
        assert_eq!(card.to_profile().pins.auth.value, "5678");
    }

    #[test]
    fn change_format_switch_answers_6a80() {
        let mut profile = Profile::default();
        profile.behaviour.change_rejects_bad_format = true;
        let mut card = SimCard::new(profile);
        run(&mut card, SELECT_JPKI);
        run(&mut card, "00 A4 02 0C 02 00 1B");
        run(&mut card, "00 20 00 80 08 41 42 43 44 31 32 33 34");
        assert_eq!(
            run(&mut card, "00 24 01 80 06 61 62 63 31 32 33"),
            "6A80",
            "lowercase rejected"
        );
        assert_eq!(run(&mut card, "00 24 01 80 06 41 42 43 31 32 33"), "9000");
    }

    #[test]
    fn selection_errors() {
        let mut card = SimCard::new(Profile::default());
        assert_eq!(run(&mut card, "00 A4 00 00"), "6A86", "MF after reset");
        assert_eq!(run(&mut card, SELECT_AUTH_PIN), "6986", "no DF selected");
        assert_eq!(run(&mut card, "00 A4 04 0C 05 A0 00 00 00 03"), "6A82");
        assert_eq!(run(&mut card, SELECT_JPKI), "9000");
        assert_eq!(
            run(&mut card, "00 A4 00 00"),
            "9000",
            "MF with an AP current"
        );
        assert_eq!(run(&mut card, "00 A4 02 0C 02 00 99"), "6A82");
        assert_eq!(run(&mut card, "00 A4 02 0C 03 00 18 00"), "6700");
        assert_eq!(run(&mut card, "00 A4 09 0C 02 00 18"), "6A86");
        assert_eq!(
            run(&mut card, "00 20 00 80"),
            "6986",
            "VERIFY without a PIN EF"
        );
        assert_eq!(run(&mut card, "00 EE 00 00"), "6D00");
        assert_eq!(run(&mut card, "A0 A4 00 00"), "6E00");
        assert_eq!(run(&mut card, "01 A4 00 00"), "6881");
        assert_eq!(
            run(
                &mut card,
                "00 20 00 80 11 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31"
            ),
            "6700"
        );
        assert_eq!(run(&mut card, "00 20 01 80"), "6A86");
        assert_eq!(run(&mut card, "00 A4"), "6700", "malformed");
    }

    #[test]
    fn reads_files_and_protects_the_sign_certificate() {
        let mut card = SimCard::new(Profile::default());
        run(&mut card, SELECT_JPKI);
        run(&mut card, "00 A4 02 0C 02 00 08");
        assert_eq!(run(&mut card, "00 B0 00 00 03"), "8F8F009000");
        run(&mut card, "00 A4 02 0C 02 00 06");
        assert!(
            run(&mut card, "00 B0 00 00 20").starts_with(&hex::encode_upper(b"JPKIAPICCTOKEN2 "))
        );
        run(&mut card, "00 A4 02 0C 02 00 0A");
        let head = run(&mut card, "00 B0 00 00 04");
        assert!(head.starts_with("3082") && head.ends_with("9000"), "{head}");
        assert_eq!(run(&mut card, "00 B0 7F FF 01"), "6B00");
        run(&mut card, "00 A4 02 0C 02 00 01");
        assert_eq!(run(&mut card, "00 B0 00 00 04"), "6982");
        run(&mut card, "00 A4 02 0C 02 00 1B");
        assert_eq!(run(&mut card, "00 B0 00 00 04"), "6981");
    }

    #[test]
    fn an_unchecked_profile_built_in_code_does_not_panic() {
        let mut profile = Profile {
            token_label: "X".repeat(40),
            ..Profile::default()
        };
        profile.pins.auth.max_tries = 200;
        profile.pins.auth.tries_left = 250;
        let mut card = SimCard::new(profile);
        run(&mut card, SELECT_JPKI);
        run(&mut card, SELECT_AUTH_PIN);
        assert_eq!(
            run(&mut card, "00 20 00 80"),
            "63CF",
            "counter kept within 63 Cx"
        );
        run(&mut card, "00 A4 02 0C 02 00 06");
        assert!(run(&mut card, "00 B0 00 00 20").starts_with(&"58".repeat(32)));
    }

    #[test]
    fn childs_card_has_no_signature_certificate() {
        let mut card = SimCard::new(Profile {
            signature_certificate: false,
            ..Profile::default()
        });
        run(&mut card, SELECT_JPKI);
        run(&mut card, "00 A4 02 0C 02 00 08");
        assert_eq!(run(&mut card, "00 B0 00 00 03"), "008F009000");
        assert_eq!(run(&mut card, "00 A4 02 0C 02 00 01"), "6A82");
    }

    #[test]
    fn text_ap_blocked_key_and_juki_change_key() {
        let mut card = SimCard::new(Profile::default());
        run(&mut card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08");
        run(&mut card, "00 A4 02 0C 02 00 12");
        assert_eq!(run(&mut card, "00 20 00 80"), "63C0");
        assert_eq!(run(&mut card, "00 20 00 80 04 31 32 33 34"), "6984");
        run(&mut card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01");
        run(&mut card, "00 A4 02 0C 02 00 1C");
        run(&mut card, "00 20 00 80 04 31 32 33 34");
        assert_eq!(
            run(&mut card, "00 24 01 80 04 35 35 35 35"),
            "6985",
            "住基 uses CHANGE KEY"
        );
        assert_eq!(run(&mut card, "80 32 00 80 04 35 35 35 35"), "9000");
        assert_eq!(card.to_profile().pins.juki.value, "5555");
    }
}

#[cfg(test)]
mod cardholder_tests;
