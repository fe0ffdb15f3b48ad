//! The simulated card's reset commands: GET CHALLENGE `00 84`, EXTERNAL AUTHENTICATE
//! `00 82` and RESET RETRY COUNTER `00 2C 02 80`.
//!
//! **This is mynapin's definition for simulated and test cards, not a fact about real My
//! Number Cards**: no public APDU description of a real card's reset exists
//! (docs/protocol.md §6; docs/DESIGN.md "Reset"). The answers:
//!
//! - GET CHALLENGE `00 84 00 00 08` → 8 unpredictable bytes + `90 00`; other P1-P2 →
//!   `6A 86`; Le ≠ 8 or data present → `67 00`. The challenge belongs to the card session:
//!   the next EXTERNAL AUTHENTICATE consumes it whatever its result, power-off/reset clears it.
//! - EXTERNAL AUTHENTICATE `00 82 00 00 10 <cryptogram>`, the cryptogram being
//!   [`TerminalKey::cryptogram`] of the challenge: `90 00` (terminal authenticated for the
//!   card session, counter back to its maximum); `69 85` without an unused challenge;
//!   `63 Cx` to a wrong cryptogram (x tries left; `63 C0` on the try that uses the counter
//!   up), `69 83` to every attempt once blocked; `6A 88` on a card without a terminal key;
//!   `67 00` if Lc ≠ 16 or Le is present; `6A 86` for other P1-P2.
//! - RESET RETRY COUNTER `00 2C 02 80 Lc <new value>` (ISO 7816-4 §11.5.10, P1 `02`: new
//!   reference data only) on the selected PIN IEF, authorised by the *other* JPKI password
//!   verified in this session (auth ↔ sign) or by the authenticated terminal (auth, sign,
//!   text); the 住基 PIN never (`69 82`). `90 00` sets the value, restores the counter and
//!   clears that PIN's verified flag; `69 82` not authorised; `6A 80` new value of the wrong
//!   format ([`crate::layout::PinFormat::check`]); `67 00` empty or > 16 bytes of data, or
//!   Le present; `6A 86` other P1-P2; `69 86` no PIN IEF selected; `69 84` the text AP's
//!   always-blocked key `0012`.

use crate::apdu::{Command, Response, StatusWord};
use crate::layout::PinKind;
use crate::terminal_key::{CHALLENGE_LEN, CRYPTOGRAM_LEN, TerminalKey};

use super::{MAX_PIN_DATA, SimCard, status};

/// The terminal key and its counter of failed external authentications.
pub(super) struct TerminalState {
    pub(super) key: TerminalKey,
    pub(super) tries_left: u8,
    pub(super) max_tries: u8,
}

/// Where challenges come from.
#[derive(Clone, Copy)]
pub(super) enum ChallengeSource {
    /// The operating system's CSPRNG (`getrandom`).
    Os,
    /// A predictable sequence (SplitMix64) from a seed, for tests only.
    Seeded(u64),
}

impl ChallengeSource {
    /// The next challenge, or `None` if the operating system gives no random bytes.
    pub(super) fn next(&mut self) -> Option<[u8; CHALLENGE_LEN]> {
        match self {
            ChallengeSource::Os => {
                let mut challenge = [0u8; CHALLENGE_LEN];
                getrandom::fill(&mut challenge).ok()?;
                Some(challenge)
            }
            ChallengeSource::Seeded(state) => {
                *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                Some((z ^ (z >> 31)).to_be_bytes())
            }
        }
    }
}

impl SimCard {
    /// GET CHALLENGE `00 84 00 00 08`.
    pub(super) fn get_challenge(&mut self, command: &Command) -> Response {
        if (command.p1, command.p2) != (0x00, 0x00) {
            return status(StatusWord::IncorrectP1P2);
        }
        if command.le != Some(CHALLENGE_LEN) || !command.data.as_bytes().is_empty() {
            return status(StatusWord::WrongLength);
        }
        match self.challenges.next() {
            Some(challenge) => {
                self.challenge = Some(challenge);
                Response::new(challenge.to_vec(), StatusWord::Success)
            }
            None => {
                self.challenge = None;
                status(StatusWord::NoPreciseDiagnosis)
            }
        }
    }

    /// EXTERNAL AUTHENTICATE `00 82 00 00 10 <cryptogram>`. Any EXTERNAL AUTHENTICATE
    /// consumes the challenge, even a malformed one, so that a challenge can never be tried
    /// twice.
    pub(super) fn external_authenticate(&mut self, command: &Command) -> Response {
        let challenge = self.challenge.take();
        if (command.p1, command.p2) != (0x00, 0x00) {
            return status(StatusWord::IncorrectP1P2);
        }
        let cryptogram = command.data.as_bytes();
        if cryptogram.len() != CRYPTOGRAM_LEN || command.le.is_some() {
            return status(StatusWord::WrongLength);
        }
        let Some(terminal) = &mut self.terminal else {
            return status(StatusWord::ReferenceDataNotFound);
        };
        if terminal.tries_left == 0 {
            self.terminal_authenticated = false;
            return status(StatusWord::AuthenticationMethodBlocked);
        }
        let Some(challenge) = challenge else {
            return status(StatusWord::ConditionsNotSatisfied);
        };
        if terminal.key.matches(&challenge, cryptogram) {
            terminal.tries_left = terminal.max_tries;
            self.terminal_authenticated = true;
            return status(StatusWord::Success);
        }
        terminal.tries_left -= 1;
        self.terminal_authenticated = false;
        // `63 C0` on the try that uses the key up (as a PIN's VERIFY), `69 83` after it.
        status(StatusWord::RemainingTries(terminal.tries_left))
    }

    /// RESET RETRY COUNTER `00 2C 02 80 Lc <new value>`.
    pub(super) fn reset_retry_counter(&mut self, command: &Command) -> Response {
        if (command.p1, command.p2) != (0x02, 0x80) {
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
        let other_verified = |other: PinKind| self.pins[other.index()].verified;
        let authorised = match kind {
            PinKind::Auth => self.terminal_authenticated || other_verified(PinKind::Sign),
            PinKind::Sign => self.terminal_authenticated || other_verified(PinKind::Auth),
            PinKind::Text => self.terminal_authenticated,
            PinKind::Juki => false,
        };
        if !authorised {
            return status(StatusWord::SecurityStatusNotSatisfied);
        }
        if kind.format().check(data).is_err() {
            return status(StatusWord::IncorrectData);
        }
        let pin = &mut self.pins[kind.index()];
        zeroize::Zeroize::zeroize(&mut pin.value);
        pin.value = data.to_vec();
        pin.tries_left = pin.max_tries;
        pin.verified = false;
        status(StatusWord::Success)
    }
}

#[cfg(test)]
mod tests;
