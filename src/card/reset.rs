//! The reset (初期化) flows: a blocked or forgotten PIN given a new value, with its counter
//! back at its maximum, under one of three authorities (docs/DESIGN.md "Reset",
//! docs/protocol.md §6):
//!
//! - [`Authority::OtherPassword`] (the J-LIS kiosk rule): the *other* JPKI password is
//!   verified in the same card session, then RESET RETRY COUNTER `00 2C 02 80 Lc <new>`
//!   on the target's key reference ([`Card::reset_with_other_password`]);
//! - [`Authority::TerminalKey`]: GET CHALLENGE `00 84 00 00 08`, EXTERNAL AUTHENTICATE
//!   `00 82 00 00 10 <AES-128-ECB(key, challenge ‖ 00×8)>`, then RESET RETRY COUNTER
//!   ([`Card::reset_with_terminal_key`]);
//! - [`Authority::Issuer`] (every real card today): no reset command is sent; the counters
//!   are read before the hand-over to the J-LIS equipment ([`Card::issuer_before`]) and
//!   after the card comes back ([`Card::issuer_after`]).
//!
//! The card's answers to the first two are this project's definition for simulated and
//! test cards, not facts about real cards: [`PinOptions::permits`] refuses
//! [`Operation::Reset`] unless [`PinOptions::allow_unconfirmed_commands`] is set, before
//! anything is sent. A card that answers `6D 00`, `69 82` or `6A 86` to these commands
//! does not support them ([`CardError::ResetUnsupported`]); nothing is changed. The RESET
//! RETRY COUNTER goes through the shared write step (`write.rs`), so a lost answer is an
//! unknown outcome (safety rule 5). Both flows end with the card unpowered (safety rule 6).

use std::fmt;

use zeroize::Zeroizing;

use crate::apdu::StatusWord;
use crate::terminal_key::{CHALLENGE_LEN, CRYPTOGRAM_LEN, TerminalKey};
use crate::transport::{Disposition, Transport};

use super::{
    Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus, StatusReport, Unavailable,
    apdus,
};

/// Who authorises a reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Authority {
    /// The other JPKI password, verified in the same card session (the J-LIS kiosk rule:
    /// `sign` proven by `auth`, and the reverse). Simulated and test cards.
    OtherPassword,
    /// A 128-bit AES terminal key, by GET CHALLENGE and EXTERNAL AUTHENTICATE. Simulated
    /// and test cards.
    TerminalKey,
    /// The issuer's (J-LIS) certified equipment at the municipal counter: mynapin sends
    /// no reset command, it reads the counters before and after. Every real card.
    Issuer,
}

impl Authority {
    /// Every authority, in the order the documentation lists them.
    pub const ALL: [Authority; 3] = [
        Authority::OtherPassword,
        Authority::TerminalKey,
        Authority::Issuer,
    ];

    /// The stable name: `other-password`, `terminal-key`, `issuer` (JSON, command line).
    pub fn name(self) -> &'static str {
        match self {
            Authority::OtherPassword => "other-password",
            Authority::TerminalKey => "terminal-key",
            Authority::Issuer => "issuer",
        }
    }

    /// Whether this authority can reset `kind`: the other password only the two JPKI
    /// passwords; the terminal key `auth`, `sign` and `text`; the issuer every PIN.
    pub fn can_reset(self, kind: PinKind) -> bool {
        match self {
            Authority::OtherPassword => kind.other_jpki().is_some(),
            Authority::TerminalKey => kind != PinKind::Juki,
            Authority::Issuer => true,
        }
    }

    /// [`Authority::can_reset`] as a result: [`CardError::AuthorityNotApplicable`] when it
    /// cannot. Pure: a front end calls it before asking for any PIN or key.
    pub fn check(self, kind: PinKind) -> Result<(), CardError> {
        if self.can_reset(kind) {
            Ok(())
        } else {
            Err(CardError::AuthorityNotApplicable {
                kind,
                authority: self,
            })
        }
    }
}

impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A reset that was done (or, for [`Authority::Issuer`], checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ResetOutcome {
    /// The PIN reset.
    pub kind: PinKind,
    /// Who authorised it.
    pub authority: Authority,
    /// The PIN's state read before (e.g. blocked).
    pub status_before: PinStatus,
    /// The PIN's state read after (`None` when that read failed; the reset stands).
    pub status_after: Option<PinStatus>,
}

impl ResetOutcome {
    /// True when the counter read after is at its maximum (`63 Cx` with x the maximum):
    /// what a reset does.
    pub fn counter_full(&self) -> bool {
        matches!(self.status_after, Some(PinStatus::Remaining { left, max }) if left == max)
    }

    /// An issuer reset as checked after the card came back: itself when the counter is
    /// full ([`ResetOutcome::counter_full`]), else [`CardError::ResetNotDone`] with the
    /// state read (or the state before, when the read after failed).
    pub fn into_done(self) -> Result<ResetOutcome, CardError> {
        if self.counter_full() {
            Ok(self)
        } else {
            Err(CardError::ResetNotDone {
                kind: self.kind,
                status: self.status_after.unwrap_or(self.status_before),
            })
        }
    }
}

/// The step names of the reset commands, for [`CardError::UnexpectedStatus`] and
/// [`CardError::ResetUnsupported`].
const GET_CHALLENGE: &str = "GET CHALLENGE";
const EXTERNAL_AUTHENTICATE: &str = "EXTERNAL AUTHENTICATE";
const RESET_RETRY_COUNTER: &str = "RESET RETRY COUNTER";

/// Whether `sw` says the card does not offer the command at all (`6D 00` instruction not
/// supported, `6A 86` wrong P1-P2) or not to us (`69 82` security status not satisfied).
fn unsupported(sw: StatusWord) -> bool {
    matches!(
        sw,
        StatusWord::InsNotSupported
            | StatusWord::IncorrectP1P2
            | StatusWord::SecurityStatusNotSatisfied
    )
}

impl<T: Transport> Card<T> {
    /// Resets the JPKI password `new.kind()` to `new`, proven by the other JPKI password
    /// `proof` (the J-LIS kiosk rule), then leaves the card unpowered.
    ///
    /// Nothing is sent when the target is not a JPKI password
    /// ([`CardError::AuthorityNotApplicable`]), when `proof` is not the other one
    /// ([`CardError::KindMismatch`]), or when `options` do not permit
    /// [`Operation::Reset`]. In one transaction: SELECT JPKI AP `00 A4 04 0C 0A D3 92 F0
    /// 00 26 01 00 00 00 01`; SELECT + READ BINARY EF `0008` (a card without the signature
    /// certificate has no sign password: [`CardError::NotAvailable`]); SELECT the target's
    /// IEF and read its counter (the record); SELECT the proving password's IEF, read its
    /// counter and apply the guard (blocked refused; the last try refused unless
    /// [`PinOptions::allow_last_try`]); VERIFY `00 20 00 80` the proving password (a wrong
    /// one is [`CardError::WrongPin`] or [`CardError::Blocked`] for it; the target is
    /// untouched); SELECT the target's IEF; RESET RETRY COUNTER `00 2C 02 80 Lc <new>`;
    /// read the target's counter again.
    pub fn reset_with_other_password(
        &mut self,
        new: &Pin,
        proof: &Pin,
        options: PinOptions,
    ) -> Result<ResetOutcome, CardError> {
        let kind = new.kind();
        Authority::OtherPassword.check(kind)?;
        if kind.other_jpki() != Some(proof.kind()) {
            return Err(CardError::KindMismatch {
                current: proof.kind(),
                new: kind,
            });
        }
        options.permits(Operation::Reset, kind)?;
        let prover = proof.kind();
        self.reset_before = None;
        self.in_transaction(Disposition::Unpower, |card| {
            if !card.select_application(kind)? {
                return Err(CardError::NotAvailable {
                    kind,
                    reason: Unavailable::ApplicationNotFound,
                });
            }
            if card.read_certificate_presence()? == Some(false) {
                return Err(CardError::NotAvailable {
                    kind: PinKind::Sign,
                    reason: Unavailable::NoSignatureCertificate,
                });
            }
            let status_before = card.target_counter(kind)?;
            let proof_status = card.query_in_application(prover)?;
            card.guard(prover, proof_status, options)?;
            card.send_verify(proof)?;
            if !card.select_pin_file(kind)? {
                return Err(CardError::NotAvailable {
                    kind,
                    reason: Unavailable::PinNotFound,
                });
            }
            card.send_reset(new, Authority::OtherPassword)?;
            let status_after = card.query_selected(kind).ok();
            Ok(ResetOutcome {
                kind,
                authority: Authority::OtherPassword,
                status_before,
                status_after,
            })
        })
    }

    /// Resets `new.kind()` (`auth`, `sign` or `text`) to `new` under the terminal key
    /// `key`, then leaves the card unpowered.
    ///
    /// Nothing is sent for the 住基 PIN ([`CardError::AuthorityNotApplicable`]) or when
    /// `options` do not permit [`Operation::Reset`]. In one transaction: SELECT the
    /// target's application (for `sign`, SELECT + READ BINARY EF `0008` too) and IEF, read
    /// its counter (the record); GET CHALLENGE `00 84 00 00 08`; EXTERNAL AUTHENTICATE
    /// `00 82 00 00 10` with the key's cryptogram of the challenge (`63 Cx`:
    /// [`CardError::TerminalKeyRejected`]; `69 83`: [`CardError::TerminalKeyBlocked`];
    /// `6A 88`: [`CardError::NoTerminalKey`]); RESET RETRY COUNTER `00 2C 02 80 Lc <new>`;
    /// read the counter again.
    pub fn reset_with_terminal_key(
        &mut self,
        new: &Pin,
        key: &TerminalKey,
        options: PinOptions,
    ) -> Result<ResetOutcome, CardError> {
        let kind = new.kind();
        Authority::TerminalKey.check(kind)?;
        options.permits(Operation::Reset, kind)?;
        self.reset_before = None;
        self.in_transaction(Disposition::Unpower, |card| {
            if !card.select_application(kind)? {
                return Err(CardError::NotAvailable {
                    kind,
                    reason: Unavailable::ApplicationNotFound,
                });
            }
            if kind == PinKind::Sign && card.read_certificate_presence()? == Some(false) {
                return Err(CardError::NotAvailable {
                    kind,
                    reason: Unavailable::NoSignatureCertificate,
                });
            }
            let status_before = card.target_counter(kind)?;
            let challenge = card.get_challenge(kind)?;
            let cryptogram = Zeroizing::new(key.cryptogram(&challenge));
            card.external_authenticate(kind, &cryptogram)?;
            card.send_reset(new, Authority::TerminalKey)?;
            let status_after = card.query_selected(kind).ok();
            Ok(ResetOutcome {
                kind,
                authority: Authority::TerminalKey,
                status_before,
                status_after,
            })
        })
    }

    /// The issuer's reset, first step: the counters of every PIN, read before the card is
    /// handed over to the J-LIS equipment (the record: e.g. the target blocked). Sends no
    /// VERIFY with data and changes nothing (the APDUs of [`Card::status`]). A target the
    /// card does not have is [`CardError::NotAvailable`].
    pub fn issuer_before(&mut self, target: PinKind) -> Result<StatusReport, CardError> {
        let report = self.status()?;
        // A card without the signature certificate may keep IEF 001B with a counter; there
        // is still no signature password to reset on it (as for the other authorities).
        let no_certificate = target == PinKind::Sign && report.signature_certificate == Some(false);
        match report.get(target) {
            Some(PinStatus::NotAvailable(reason)) => Err(CardError::NotAvailable {
                kind: target,
                reason,
            }),
            _ if no_certificate => Err(CardError::NotAvailable {
                kind: target,
                reason: Unavailable::NoSignatureCertificate,
            }),
            _ => Ok(report),
        }
    }

    /// The issuer's reset, second step, once the card is back from the J-LIS equipment:
    /// reads the target's counter (SELECT its application, SELECT its IEF, `00 20 00 80`;
    /// a `90 00` power-cycles the card and reads again) and returns it with the state in
    /// `before`. [`ResetOutcome::counter_full`] says whether the reset was done. Sends no
    /// VERIFY with data and changes nothing.
    pub fn issuer_after(
        &mut self,
        target: PinKind,
        before: &StatusReport,
    ) -> Result<ResetOutcome, CardError> {
        let status_before = before.get(target).ok_or(CardError::NotAvailable {
            kind: target,
            reason: Unavailable::PinNotFound,
        })?;
        self.in_transaction(Disposition::Leave, |card| {
            let mut status_after = card.query(target)?;
            if status_after == PinStatus::Verified {
                status_after = card.power_cycled_query(target)?;
            }
            if let PinStatus::NotAvailable(reason) = status_after {
                return Err(CardError::NotAvailable {
                    kind: target,
                    reason,
                });
            }
            Ok(ResetOutcome {
                kind: target,
                authority: Authority::Issuer,
                status_before,
                status_after: Some(status_after),
            })
        })
    }

    /// SELECT the target's IEF (its application selected) and read its counter, for the
    /// record; a target the card does not have is [`CardError::NotAvailable`]. Leaves the
    /// target's key reference selected.
    fn target_counter(&mut self, kind: PinKind) -> Result<PinStatus, CardError> {
        match self.query_in_application(kind)? {
            PinStatus::NotAvailable(reason) => Err(CardError::NotAvailable { kind, reason }),
            status => {
                self.reset_before = Some(status);
                Ok(status)
            }
        }
    }

    /// GET CHALLENGE `00 84 00 00 08`: the card's 8 random bytes (`90 00`).
    fn get_challenge(&mut self, kind: PinKind) -> Result<[u8; CHALLENGE_LEN], CardError> {
        let response = self.transmit(&apdus::get_challenge())?;
        tracing::debug!(sw = %response.status(), "GET CHALLENGE answered (the challenge is not logged)");
        match response.status() {
            StatusWord::Success => {
                response
                    .data()
                    .try_into()
                    .map_err(|_| CardError::UnexpectedStatus {
                        step: GET_CHALLENGE,
                        sw: StatusWord::Success,
                    })
            }
            sw if unsupported(sw) => Err(CardError::ResetUnsupported {
                kind,
                authority: Authority::TerminalKey,
                step: GET_CHALLENGE,
                sw,
            }),
            sw => Err(CardError::UnexpectedStatus {
                step: GET_CHALLENGE,
                sw,
            }),
        }
    }

    /// EXTERNAL AUTHENTICATE `00 82 00 00 10 <cryptogram>`: `90 00` authenticated; `63 Cx`
    /// rejected (x attempts left, `63 C0` blocked by this attempt); `69 83` blocked; `6A
    /// 88` no terminal key. It changes no PIN, so a lost answer is a plain link failure.
    fn external_authenticate(
        &mut self,
        kind: PinKind,
        cryptogram: &[u8; CRYPTOGRAM_LEN],
    ) -> Result<(), CardError> {
        let command = apdus::external_authenticate(cryptogram);
        let sw = self.transmit(&command)?.status();
        tracing::debug!(%sw, "EXTERNAL AUTHENTICATE answered (the cryptogram is not logged)");
        match sw {
            StatusWord::Success => Ok(()),
            StatusWord::RemainingTries(0) => Err(CardError::TerminalKeyBlocked { just_now: true }),
            StatusWord::RemainingTries(left) => Err(CardError::TerminalKeyRejected { left }),
            StatusWord::AuthenticationMethodBlocked | StatusWord::ReferenceDataBlocked => {
                Err(CardError::TerminalKeyBlocked { just_now: false })
            }
            StatusWord::ReferenceDataNotFound => Err(CardError::NoTerminalKey),
            sw if unsupported(sw) => Err(CardError::ResetUnsupported {
                kind,
                authority: Authority::TerminalKey,
                step: EXTERNAL_AUTHENTICATE,
                sw,
            }),
            sw => Err(CardError::UnexpectedStatus {
                step: EXTERNAL_AUTHENTICATE,
                sw,
            }),
        }
    }

    /// RESET RETRY COUNTER `00 2C 02 80 Lc <new>` on the target's key reference, through
    /// the write step: `90 00` done (the counter at its maximum); `6A 80` new value
    /// rejected; `6D 00`, `69 82`, `6A 86` not supported.
    fn send_reset(&mut self, new: &Pin, authority: Authority) -> Result<(), CardError> {
        let kind = new.kind();
        self.send_write(
            &apdus::reset_retry_counter(new),
            kind,
            Operation::Reset,
            |sw| match sw {
                StatusWord::Success => Ok(()),
                sw @ StatusWord::IncorrectData => Err(CardError::NewPinRejected { kind, sw }),
                sw if unsupported(sw) => Err(CardError::ResetUnsupported {
                    kind,
                    authority,
                    step: RESET_RETRY_COUNTER,
                    sw,
                }),
                sw => Err(CardError::UnexpectedStatus {
                    step: RESET_RETRY_COUNTER,
                    sw,
                }),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_authority_resets_which_pin() {
        let can = |authority: Authority| -> Vec<PinKind> {
            PinKind::ALL
                .into_iter()
                .filter(|&kind| authority.can_reset(kind))
                .collect()
        };
        assert_eq!(
            can(Authority::OtherPassword),
            [PinKind::Auth, PinKind::Sign]
        );
        assert_eq!(
            can(Authority::TerminalKey),
            [PinKind::Auth, PinKind::Sign, PinKind::Text]
        );
        assert_eq!(can(Authority::Issuer), PinKind::ALL);
        assert!(matches!(
            Authority::OtherPassword.check(PinKind::Text),
            Err(CardError::AuthorityNotApplicable {
                kind: PinKind::Text,
                authority: Authority::OtherPassword
            })
        ));
        let names: Vec<String> = Authority::ALL
            .iter()
            .map(|authority| serde_json::to_string(authority).unwrap())
            .collect();
        assert_eq!(
            names,
            [r#""other-password""#, r#""terminal-key""#, r#""issuer""#]
        );
    }

    #[test]
    fn only_a_counter_at_its_maximum_is_full() {
        let outcome = |status_after| ResetOutcome {
            kind: PinKind::Sign,
            authority: Authority::Issuer,
            status_before: PinStatus::Blocked { max: 5 },
            status_after,
        };
        assert!(outcome(Some(PinStatus::Remaining { left: 5, max: 5 })).counter_full());
        for after in [
            Some(PinStatus::Remaining { left: 4, max: 5 }),
            Some(PinStatus::Blocked { max: 5 }),
            Some(PinStatus::Verified),
            None,
        ] {
            assert!(!outcome(after).counter_full(), "{after:?}");
        }
    }
}
