//! Golden APDU traces: every file in `apdu-traces/` is the recording of one library flow
//! against the simulated card, and is replayed here against the same flow.
//!
//! [`CASES`] maps each file to its case: the card (a profile, perhaps a fault or an earlier
//! session's state), the flow with its PINs, and the result the flow must give. For each
//! case these tests check that
//!
//! - replaying the file gives that result and consumes every exchange;
//! - recording the flow now gives exactly the file's text (so a change to a flow's APDUs
//!   fails here until the goldens are regenerated and the diff reviewed);
//! - no file holds secret data in clear, and no file lacks a case.
//!
//! Regenerate the goldens after a deliberate change with
//! `MYNAPIN_BLESS=1 cargo test --test integration traces::`, then review `git diff apdu-traces/`.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use mynapin::apdu::{
    Command, INS_CHANGE_REFERENCE_DATA, INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE,
    INS_RESET_RETRY_COUNTER, INS_SELECT, INS_VERIFY, StatusWord,
};
use mynapin::card::{
    Authority, Card, CardError, ChangeOutcome, Operation, Pin, PinKind, PinOptions, PinReport,
    PinStatus, ResetOutcome, StatusReport, Unavailable, VerifyOutcome,
};
use mynapin::layout::{AID_JPKI, IEF_JPKI_SIGN_PIN};
use mynapin::sim::{
    Fault, FaultKind, FaultTarget, Profile, QueryAfterVerify, SignPinFile, SimCard,
};
use mynapin::terminal_key::TerminalKey;
use mynapin::transport::{
    END_OF_TRACE, ReplayTransport, SimTransport, TraceFile, TraceRecorder, Transport,
    TransportError,
};

/// Set to `1` to rewrite the goldens from the recorder instead of comparing.
const BLESS_ENV: &str = "MYNAPIN_BLESS";

/// Files in `apdu-traces/` that are not traces.
const NOT_TRACES: [&str; 1] = ["README.md"];

/// Every PIN value the cases send, as the card receives them: none may appear in a golden.
const PINS_SENT: [&str; 9] = [
    "1234",
    "9999",
    "0000",
    "5678",
    "ABCD1234",
    "NEWSIGN2026",
    "NEWSIGN1",
    "8642",
    "2468",
];

/// One golden trace and how to reproduce it.
struct Case {
    /// File name in `apdu-traces/`.
    file: &'static str,
    /// The `# flow:` header.
    flow: &'static str,
    /// The `# card:` header.
    card: &'static str,
    /// The `# expect:` header: the result, in words.
    expect: &'static str,
    /// The simulated card the golden is recorded from.
    card_state: fn() -> SimTransport,
    /// Runs the flow over a transport and checks its result.
    run: fn(&mut dyn Transport) -> Result<(), String>,
}

const CASES: &[Case] = &[
    Case {
        file: "status-fresh.trace",
        flow: "status",
        card: "simulated, default profile: every counter full",
        expect: "auth 3/3, sign 5/5, text 3/3, juki 3/3; signature certificate present",
        card_state: default_card,
        run: |transport| {
            expect_report(
                transport,
                [
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 5, max: 5 },
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 3, max: 3 },
                ],
                Some(true),
            )
        },
    },
    Case {
        file: "status-sign-blocked.trace",
        flow: "status",
        card: "simulated, sign password blocked (0/5), other counters full",
        expect: "auth 3/3, sign blocked, text 3/3, juki 3/3",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.sign.tries_left = 0;
            sim(profile)
        },
        run: |transport| {
            expect_report(
                transport,
                [
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Blocked { max: 5 },
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 3, max: 3 },
                ],
                Some(true),
            )
        },
    },
    Case {
        file: "info-fresh.trace",
        flow: "info",
        card: "simulated, default profile: test certificates valid 2026-01-01 to 2031-01-01 (auth) and 2046-01-01 (its CA)",
        expect: "token label JPKIAPICCTOKEN2, signature certificate present, auth certificate until 2031-01-01, CA until 2046-01-01; EF 0001 never selected",
        card_state: default_card,
        run: |transport| expect_info(transport, Some(true)),
    },
    Case {
        file: "info-child-card.trace",
        flow: "info",
        card: "simulated child's card: no signature certificate (JPKI EF 0008 starts 00)",
        expect: "signature certificate absent; the auth certificate and its CA's read as on any card",
        card_state: || {
            sim(Profile {
                signature_certificate: false,
                sign_pin_file: SignPinFile::Missing,
                ..Profile::default()
            })
        },
        run: |transport| expect_info(transport, Some(false)),
    },
    Case {
        file: "status-child-card.trace",
        flow: "status",
        card: "simulated child's card: no signature certificate (JPKI EF 0008 starts 00), no IEF 001B",
        expect: "sign not available (no signature certificate): SELECT 001B answers 6A82; others full",
        card_state: || {
            sim(Profile {
                signature_certificate: false,
                sign_pin_file: SignPinFile::Missing,
                ..Profile::default()
            })
        },
        run: |transport| {
            expect_report(
                transport,
                [
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::NotAvailable(Unavailable::NoSignatureCertificate),
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 3, max: 3 },
                ],
                Some(false),
            )
        },
    },
    Case {
        file: "status-child-card-sign-pin-present.trace",
        flow: "status",
        card: "simulated child's card: no signature certificate, IEF 001B present with its counter",
        expect: "sign 5 of 5 read from 001B, the card marked as without a signature certificate",
        card_state: || {
            sim(Profile {
                signature_certificate: false,
                sign_pin_file: SignPinFile::Present,
                ..Profile::default()
            })
        },
        run: |transport| {
            expect_report(
                transport,
                [
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 5, max: 5 },
                    PinStatus::Remaining { left: 3, max: 3 },
                    PinStatus::Remaining { left: 3, max: 3 },
                ],
                Some(false),
            )
        },
    },
    Case {
        file: "verify-auth-ok.trace",
        flow: "verify auth, right PIN",
        card: "simulated, default profile: every counter full",
        expect: "verified; 3 tries before, 3 after",
        card_state: default_card,
        run: |transport| {
            let result = verify(transport, PinKind::Auth, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Ok(VerifyOutcome {
                        kind: PinKind::Auth,
                        tries_before: Some(3),
                        tries_now: 3
                    })
                ),
            )
        },
    },
    Case {
        file: "verify-auth-wrong.trace",
        flow: "verify auth, wrong PIN",
        card: "simulated, default profile: every counter full",
        expect: "wrong PIN, 2 tries left",
        card_state: default_card,
        run: |transport| {
            let result = verify(transport, PinKind::Auth, "9999", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::WrongPin {
                        kind: PinKind::Auth,
                        left: 2
                    })
                ),
            )
        },
    },
    Case {
        file: "verify-auth-last-try-refused.trace",
        flow: "verify auth, without the last-try override",
        card: "simulated, auth with one try left (1/3)",
        expect: "refused by the last-try guard: only the counter is read, no VERIFY with data",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 1;
            sim(profile)
        },
        run: |transport| {
            let result = verify(transport, PinKind::Auth, "1234", false);
            expect(
                &result,
                matches!(result, Err(CardError::LastTryGuard(PinKind::Auth))),
            )
        },
    },
    Case {
        file: "verify-auth-blocked.trace",
        flow: "verify auth",
        card: "simulated, auth blocked (0/3)",
        expect: "refused, blocked: only the counter is read, no VERIFY with data",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            sim(profile)
        },
        run: |transport| {
            let result = verify(transport, PinKind::Auth, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::Blocked {
                        kind: PinKind::Auth,
                        just_now: false
                    })
                ),
            )
        },
    },
    Case {
        file: "verify-sign-already-verified-9000.trace",
        flow: "verify sign, right password",
        card: "simulated, sign verified by an earlier session and left powered; \
               behaviour.query_after_verify = 9000",
        expect: "the counter query answers 90 00, so the card is unpowered and the counter \
                 read again (5 tries); then verified",
        card_state: || {
            let mut profile = Profile::default();
            profile.behaviour.query_after_verify = QueryAfterVerify::Sw9000;
            let mut card = SimCard::new(profile);
            let pin_file = IEF_JPKI_SIGN_PIN.to_be_bytes().to_vec();
            let earlier_session = [
                Command::new(0x00, INS_SELECT, 0x04, 0x0C).with_data(AID_JPKI.to_vec()),
                Command::new(0x00, INS_SELECT, 0x02, 0x0C).with_data(pin_file),
                Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(b"ABCD1234"),
            ];
            for command in &earlier_session {
                let status = card.execute(command).status();
                assert_eq!(status, StatusWord::Success, "setting up {command:?}");
            }
            SimTransport::new(card)
        },
        run: |transport| {
            let result = verify(transport, PinKind::Sign, "ABCD1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Ok(VerifyOutcome {
                        kind: PinKind::Sign,
                        tries_before: Some(5),
                        tries_now: 5
                    })
                ),
            )
        },
    },
    Case {
        file: "change-auth.trace",
        flow: "change auth, right current PIN",
        card: "simulated, default profile: every counter full",
        expect: "changed; 3 tries before, counter 3/3 after",
        card_state: default_card,
        run: |transport| {
            let result = change(transport, PinKind::Auth, "1234", "5678");
            expect(
                &result,
                matches!(
                    result,
                    Ok(ChangeOutcome {
                        kind: PinKind::Auth,
                        tries_before: Some(3),
                        status_after: Some(PinStatus::Remaining { left: 3, max: 3 })
                    })
                ),
            )
        },
    },
    Case {
        file: "change-sign.trace",
        flow: "change sign, right current password, new one of 11 characters",
        card: "simulated, default profile: every counter full",
        expect: "changed; 5 tries before, counter 5/5 after",
        card_state: default_card,
        run: |transport| {
            let result = change(transport, PinKind::Sign, "ABCD1234", "NEWSIGN2026");
            expect(
                &result,
                matches!(
                    result,
                    Ok(ChangeOutcome {
                        kind: PinKind::Sign,
                        tries_before: Some(5),
                        status_after: Some(PinStatus::Remaining { left: 5, max: 5 })
                    })
                ),
            )
        },
    },
    Case {
        file: "change-wrong-old-pin.trace",
        flow: "change auth, wrong current PIN",
        card: "simulated, default profile: every counter full",
        expect: "wrong PIN, 2 tries left; CHANGE REFERENCE DATA never sent",
        card_state: default_card,
        run: |transport| {
            let result = change(transport, PinKind::Auth, "0000", "5678");
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::WrongPin {
                        kind: PinKind::Auth,
                        left: 2
                    })
                ),
            )
        },
    },
    Case {
        file: "change-auth-answer-lost.trace",
        flow: "change auth, right current PIN",
        card: "simulated, default profile; the card is pulled after it executes \
               CHANGE REFERENCE DATA, before its answer arrives (fault lose-answer:24)",
        expect: "outcome unknown: the answer to CHANGE REFERENCE DATA was lost",
        card_state: || {
            sim(Profile::default()).with_fault(Fault::LoseAnswerOf {
                ins: INS_CHANGE_REFERENCE_DATA,
            })
        },
        run: |transport| {
            let result = change(transport, PinKind::Auth, "1234", "5678");
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::OutcomeUnknown {
                        kind: PinKind::Auth,
                        operation: Operation::Change,
                        source: TransportError::CardRemoved
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5), other counters full",
        expect: "reset; sign blocked before, 5/5 after; the auth password verified first",
        card_state: sign_blocked_card,
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Ok(ResetOutcome {
                        kind: PinKind::Sign,
                        authority: Authority::OtherPassword,
                        status_before: PinStatus::Blocked { max: 5 },
                        status_after: Some(PinStatus::Remaining { left: 5, max: 5 })
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-wrong-proof.trace",
        flow: "reset sign (other-password), wrong auth password",
        card: "simulated, sign password blocked (0/5), other counters full",
        expect: "wrong auth password, 2 tries left; RESET RETRY COUNTER never sent",
        card_state: sign_blocked_card,
        run: |transport| {
            let result = reset_other(transport, "9999", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::WrongPin {
                        kind: PinKind::Auth,
                        left: 2
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-proof-blocked.trace",
        flow: "reset sign (other-password)",
        card: "simulated, auth and sign passwords both blocked",
        expect: "refused, the auth password is blocked: only counters are read, no VERIFY with data",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            profile.pins.sign.tries_left = 0;
            sim(profile)
        },
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::Blocked {
                        kind: PinKind::Auth,
                        just_now: false
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-last-try-refused.trace",
        flow: "reset sign (other-password), without the last-try override",
        card: "simulated, auth with one try left (1/3), sign blocked",
        expect: "refused by the last-try guard on the auth password: only counters are read",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 1;
            profile.pins.sign.tries_left = 0;
            sim(profile)
        },
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect(
                &result,
                matches!(result, Err(CardError::LastTryGuard(PinKind::Auth))),
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); terminal key FIPS-197 C.1 (3/3); challenges seeded 2026",
        expect: "reset; auth blocked before, 3/3 after",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            seeded(profile)
        },
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect(
                &result,
                matches!(
                    result,
                    Ok(ResetOutcome {
                        kind: PinKind::Auth,
                        authority: Authority::TerminalKey,
                        status_before: PinStatus::Blocked { max: 3 },
                        status_after: Some(PinStatus::Remaining { left: 3, max: 3 })
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-wrong-key.trace",
        flow: "reset auth (terminal-key), a key the card does not hold",
        card: "simulated, auth blocked (0/3); terminal key FIPS-197 C.1 (3/3); challenges seeded 2026",
        expect: "the card rejects the key (63 C2, 2 attempts left); RESET RETRY COUNTER never sent",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            seeded(profile)
        },
        run: |transport| {
            let result = reset_terminal(transport, "F0E0D0C0B0A090807060504030201000");
            expect(
                &result,
                matches!(result, Err(CardError::TerminalKeyRejected { left: 2 })),
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-blocked.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); terminal key blocked (0/3); challenges seeded 2026",
        expect: "the terminal key is blocked (69 83); RESET RETRY COUNTER never sent",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            if let Some(terminal) = &mut profile.terminal {
                terminal.tries_left = 0;
            }
            seeded(profile)
        },
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect(
                &result,
                matches!(result, Err(CardError::TerminalKeyBlocked { .. })),
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-no-key.trace",
        flow: "reset auth (terminal-key)",
        card: "simulated, auth blocked (0/3); no terminal key on the card; challenges seeded 2026",
        expect: "no terminal key (6A 88); RESET RETRY COUNTER never sent",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            profile.terminal = None;
            seeded(profile)
        },
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect(&result, matches!(result, Err(CardError::NoTerminalKey)))
        },
    },
    Case {
        file: "reset-auth-answer-lost.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); challenges seeded 2026; the card is pulled after it \
               executes RESET RETRY COUNTER, before its answer arrives (fault lose-answer:2C)",
        expect: "outcome unknown: the answer to RESET RETRY COUNTER was lost",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            seeded(profile).with_fault(Fault::LoseAnswerOf {
                ins: INS_RESET_RETRY_COUNTER,
            })
        },
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::OutcomeUnknown {
                        kind: PinKind::Auth,
                        operation: Operation::Reset,
                        source: TransportError::CardRemoved
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-issuer-before.trace",
        flow: "reset sign (issuer), before the hand-over",
        card: "simulated, sign password blocked (0/5), other counters full",
        expect: "the counters of every PIN (sign blocked); no reset command",
        card_state: sign_blocked_card,
        run: |transport| {
            let result = Card::new(transport).issuer_before(PinKind::Sign);
            expect(
                &result,
                result
                    .as_ref()
                    .ok()
                    .and_then(|report| report.get(PinKind::Sign))
                    == Some(PinStatus::Blocked { max: 5 }),
            )
        },
    },
    Case {
        file: "reset-sign-issuer-after.trace",
        flow: "reset sign (issuer), after the card came back",
        card: "simulated, sign password reset by the J-LIS equipment (5/5)",
        expect: "sign 5/5: back at its maximum, the reset done",
        card_state: default_card,
        run: |transport| {
            let before = sign_blocked_before();
            let result = Card::new(transport).issuer_after(PinKind::Sign, &before);
            expect(
                &result,
                result.as_ref().is_ok_and(ResetOutcome::counter_full),
            )
        },
    },
    Case {
        file: "reset-sign-issuer-not-done.trace",
        flow: "reset sign (issuer), after the card came back",
        card: "simulated, sign password still blocked (0/5): the J-LIS equipment did not reset it",
        expect: "sign still blocked: not back at its maximum, the reset not done",
        card_state: sign_blocked_card,
        run: |transport| {
            let before = sign_blocked_before();
            let result = Card::new(transport)
                .issuer_after(PinKind::Sign, &before)
                .and_then(ResetOutcome::into_done);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::ResetNotDone {
                        kind: PinKind::Sign,
                        status: PinStatus::Blocked { max: 5 }
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-issuer-confirm.trace",
        flow: "reset sign (issuer --confirm), after the card came back, the new password verified",
        card: "simulated, sign password reset by the J-LIS equipment to the citizen's new value (5/5)",
        expect: "sign 5/5: the reset done; then the new password verified in the same session (5 tries before and after)",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.sign.value = "NEWSIGN1".to_owned();
            sim(profile)
        },
        run: |transport| {
            let before = sign_blocked_before();
            // As `mynapin reset --authority issuer --confirm`: the check after, then a
            // VERIFY of the new value on the same card, still powered.
            let mut card = Card::new(transport);
            let done = card
                .issuer_after(PinKind::Sign, &before)
                .and_then(ResetOutcome::into_done);
            expect(&done, done.is_ok())?;
            let verified = card.verify(&pin(PinKind::Sign, "NEWSIGN1"), PinOptions::default());
            expect(
                &verified,
                matches!(
                    verified,
                    Ok(VerifyOutcome {
                        kind: PinKind::Sign,
                        tries_before: Some(5),
                        tries_now: 5
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-answer-lost.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5); the card is pulled after it executes \
               RESET RETRY COUNTER, before its answer arrives (fault lose-answer:2C)",
        expect: "outcome unknown: the answer to RESET RETRY COUNTER was lost",
        card_state: || {
            sign_blocked_card().with_fault(Fault::LoseAnswerOf {
                ins: INS_RESET_RETRY_COUNTER,
            })
        },
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::OutcomeUnknown {
                        kind: PinKind::Sign,
                        operation: Operation::Reset,
                        source: TransportError::CardRemoved
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-new-value-rejected.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5); RESET RETRY COUNTER answered 6A 80 \
               (fault sw-6A80:2C)",
        expect: "the card rejects the new value (6A 80); sign still blocked",
        card_state: || sign_blocked_card().with_fault(sw_fault(0x6A80, INS_RESET_RETRY_COUNTER)),
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect(
                &result,
                matches!(
                    result,
                    Err(CardError::NewPinRejected {
                        kind: PinKind::Sign,
                        sw: StatusWord::IncorrectData
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-other-password-unsupported-6d00.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5); RESET RETRY COUNTER answered 6D 00 \
               (fault sw-6D00:2C), as a card without the command",
        expect: "reset not supported by the card (RESET RETRY COUNTER → 6D 00); nothing changed",
        card_state: || sign_blocked_card().with_fault(sw_fault(0x6D00, INS_RESET_RETRY_COUNTER)),
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect_unsupported(
                &result,
                PinKind::Sign,
                Authority::OtherPassword,
                "RESET RETRY COUNTER",
                StatusWord::InsNotSupported,
            )
        },
    },
    Case {
        file: "reset-sign-other-password-unsupported-6982.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5); RESET RETRY COUNTER answered 69 82 \
               (fault sw-6982:2C), as a card that does not let this terminal reset",
        expect: "reset not supported by the card (RESET RETRY COUNTER → 69 82); nothing changed",
        card_state: || sign_blocked_card().with_fault(sw_fault(0x6982, INS_RESET_RETRY_COUNTER)),
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect_unsupported(
                &result,
                PinKind::Sign,
                Authority::OtherPassword,
                "RESET RETRY COUNTER",
                StatusWord::SecurityStatusNotSatisfied,
            )
        },
    },
    Case {
        file: "reset-sign-other-password-unsupported-6a86.trace",
        flow: "reset sign (other-password), right auth password",
        card: "simulated, sign password blocked (0/5); RESET RETRY COUNTER answered 6A 86 \
               (fault sw-6A86:2C), as a card without this P1-P2",
        expect: "reset not supported by the card (RESET RETRY COUNTER → 6A 86); nothing changed",
        card_state: || sign_blocked_card().with_fault(sw_fault(0x6A86, INS_RESET_RETRY_COUNTER)),
        run: |transport| {
            let result = reset_other(transport, "1234", false);
            expect_unsupported(
                &result,
                PinKind::Sign,
                Authority::OtherPassword,
                "RESET RETRY COUNTER",
                StatusWord::IncorrectP1P2,
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-unsupported-get-challenge.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); challenges seeded 2026; GET CHALLENGE answered \
               6D 00 (fault sw-6D00:84), as a card without the command",
        expect: "reset not supported by the card (GET CHALLENGE → 6D 00); no EXTERNAL AUTHENTICATE, no RESET RETRY COUNTER",
        card_state: || auth_blocked_seeded().with_fault(sw_fault(0x6D00, INS_GET_CHALLENGE)),
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect_unsupported(
                &result,
                PinKind::Auth,
                Authority::TerminalKey,
                "GET CHALLENGE",
                StatusWord::InsNotSupported,
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-unsupported-external-authenticate.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); challenges seeded 2026; EXTERNAL AUTHENTICATE \
               answered 6A 86 (fault sw-6A86:82), as a card without this P1-P2",
        expect: "reset not supported by the card (EXTERNAL AUTHENTICATE → 6A 86); RESET RETRY COUNTER never sent",
        card_state: || {
            auth_blocked_seeded().with_fault(sw_fault(0x6A86, INS_EXTERNAL_AUTHENTICATE))
        },
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect_unsupported(
                &result,
                PinKind::Auth,
                Authority::TerminalKey,
                "EXTERNAL AUTHENTICATE",
                StatusWord::IncorrectP1P2,
            )
        },
    },
    Case {
        file: "reset-auth-terminal-key-unsupported-reset.trace",
        flow: "reset auth (terminal-key), the card's key",
        card: "simulated, auth blocked (0/3); challenges seeded 2026; RESET RETRY COUNTER \
               answered 69 82 (fault sw-6982:2C), as a card that does not let this terminal reset",
        expect: "reset not supported by the card (RESET RETRY COUNTER → 69 82); nothing changed",
        card_state: || auth_blocked_seeded().with_fault(sw_fault(0x6982, INS_RESET_RETRY_COUNTER)),
        run: |transport| {
            let result = reset_terminal(transport, TERMINAL_KEY);
            expect_unsupported(
                &result,
                PinKind::Auth,
                Authority::TerminalKey,
                "RESET RETRY COUNTER",
                StatusWord::SecurityStatusNotSatisfied,
            )
        },
    },
    Case {
        file: "reset-auth-other-password.trace",
        flow: "reset auth (other-password), right sign password",
        card: "simulated, auth blocked (0/3), other counters full",
        expect: "reset; auth blocked before, 3/3 after; the sign password verified first",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.auth.tries_left = 0;
            sim(profile)
        },
        run: |transport| {
            let result = Card::new(transport).reset_with_other_password(
                &pin(PinKind::Auth, "8642"),
                &pin(PinKind::Sign, "ABCD1234"),
                RESET_OPTIONS,
            );
            expect(
                &result,
                matches!(
                    result,
                    Ok(ResetOutcome {
                        kind: PinKind::Auth,
                        authority: Authority::OtherPassword,
                        status_before: PinStatus::Blocked { max: 3 },
                        status_after: Some(PinStatus::Remaining { left: 3, max: 3 })
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-sign-terminal-key.trace",
        flow: "reset sign (terminal-key), the card's key",
        card: "simulated, sign blocked (0/5); terminal key FIPS-197 C.1 (3/3); challenges seeded 2026",
        expect: "reset; sign blocked before, 5/5 after; the certificate's presence read first",
        card_state: || seeded(sign_blocked_profile()),
        run: |transport| {
            let result = reset_terminal_of(transport, &pin(PinKind::Sign, "NEWSIGN1"));
            expect(
                &result,
                matches!(
                    result,
                    Ok(ResetOutcome {
                        kind: PinKind::Sign,
                        authority: Authority::TerminalKey,
                        status_before: PinStatus::Blocked { max: 5 },
                        status_after: Some(PinStatus::Remaining { left: 5, max: 5 })
                    })
                ),
            )
        },
    },
    Case {
        file: "reset-text-terminal-key.trace",
        flow: "reset text (terminal-key), the card's key",
        card: "simulated, text PIN blocked (0/3); terminal key FIPS-197 C.1 (3/3); challenges seeded 2026",
        expect: "reset; text blocked before, 3/3 after (the text PIN's own application)",
        card_state: || {
            let mut profile = Profile::default();
            profile.pins.text.tries_left = 0;
            seeded(profile)
        },
        run: |transport| {
            let result = reset_terminal_of(transport, &pin(PinKind::Text, "2468"));
            expect(
                &result,
                matches!(
                    result,
                    Ok(ResetOutcome {
                        kind: PinKind::Text,
                        authority: Authority::TerminalKey,
                        status_before: PinStatus::Blocked { max: 3 },
                        status_after: Some(PinStatus::Remaining { left: 3, max: 3 })
                    })
                ),
            )
        },
    },
];

fn sim(profile: Profile) -> SimTransport {
    SimTransport::new(SimCard::new(profile))
}

fn default_card() -> SimTransport {
    sim(Profile::default())
}

fn sign_blocked_profile() -> Profile {
    let mut profile = Profile::default();
    profile.pins.sign.tries_left = 0;
    profile
}

fn sign_blocked_card() -> SimTransport {
    sim(sign_blocked_profile())
}

/// The card of the terminal-key failure cases: auth blocked, challenges seeded.
fn auth_blocked_seeded() -> SimTransport {
    let mut profile = Profile::default();
    profile.pins.auth.tries_left = 0;
    seeded(profile)
}

/// The fault `sw-XXXX:INS`: the first command with `ins` (not a bare header) answered
/// `sw` instead of the card's own answer, and not executed.
fn sw_fault(sw: u16, ins: u8) -> Fault {
    Fault::Staged {
        kind: FaultKind::Status(sw),
        target: FaultTarget::Ins { ins, nth: 1 },
    }
}

/// What the issuer flow read before the hand-over, in the cases after it: sign blocked.
fn sign_blocked_before() -> StatusReport {
    StatusReport {
        pins: vec![PinReport {
            kind: PinKind::Sign,
            status: PinStatus::Blocked { max: 5 },
        }],
        signature_certificate: Some(true),
    }
}

/// The simulated card with predictable challenges, so a terminal-key golden repeats.
fn seeded(profile: Profile) -> SimTransport {
    SimTransport::new(SimCard::new(profile).with_seeded_challenges(2026))
}

/// The default simulated card's terminal key (FIPS-197 C.1).
const TERMINAL_KEY: &str = "000102030405060708090A0B0C0D0E0F";

/// The simulated card's policy: the reset commands may be sent.
const RESET_OPTIONS: PinOptions = PinOptions {
    allow_last_try: false,
    allow_unconfirmed_commands: true,
};

fn reset_other(
    transport: &mut dyn Transport,
    auth: &str,
    allow_last_try: bool,
) -> Result<ResetOutcome, CardError> {
    let options = PinOptions {
        allow_last_try,
        ..RESET_OPTIONS
    };
    Card::new(transport).reset_with_other_password(
        &pin(PinKind::Sign, "NEWSIGN1"),
        &pin(PinKind::Auth, auth),
        options,
    )
}

fn reset_terminal(transport: &mut dyn Transport, key: &str) -> Result<ResetOutcome, CardError> {
    let key = TerminalKey::from_hex(key).expect("the cases use well-formed keys");
    Card::new(transport).reset_with_terminal_key(&pin(PinKind::Auth, "8642"), &key, RESET_OPTIONS)
}

/// A reset of `new.kind()` to `new` under the card's terminal key.
fn reset_terminal_of(transport: &mut dyn Transport, new: &Pin) -> Result<ResetOutcome, CardError> {
    let key = TerminalKey::from_hex(TERMINAL_KEY).expect("the card's key is well formed");
    Card::new(transport).reset_with_terminal_key(new, &key, RESET_OPTIONS)
}

/// Checks that a reset was refused as unsupported by the card, at `step` with `sw`.
fn expect_unsupported(
    result: &Result<ResetOutcome, CardError>,
    kind: PinKind,
    authority: Authority,
    step: &str,
    sw: StatusWord,
) -> Result<(), String> {
    expect(
        result,
        matches!(
            result,
            Err(CardError::ResetUnsupported { kind: k, authority: a, step: s, sw: w })
                if *k == kind && *a == authority && *s == step && *w == sw
        ),
    )
}

fn pin(kind: PinKind, value: &str) -> Pin {
    Pin::new(kind, value).expect("the cases use well-formed PINs")
}

fn verify(
    transport: &mut dyn Transport,
    kind: PinKind,
    value: &str,
    allow_last_try: bool,
) -> Result<VerifyOutcome, CardError> {
    let options = PinOptions {
        allow_last_try,
        ..PinOptions::default()
    };
    Card::new(transport).verify(&pin(kind, value), options)
}

fn change(
    transport: &mut dyn Transport,
    kind: PinKind,
    current: &str,
    new: &str,
) -> Result<ChangeOutcome, CardError> {
    Card::new(transport).change(&pin(kind, current), &pin(kind, new), PinOptions::default())
}

fn expect<T: Debug>(result: &T, as_expected: bool) -> Result<(), String> {
    if as_expected {
        Ok(())
    } else {
        Err(format!("unexpected result {result:?}"))
    }
}

fn expect_report(
    transport: &mut dyn Transport,
    statuses: [PinStatus; 4],
    signature_certificate: Option<bool>,
) -> Result<(), String> {
    let expected = StatusReport {
        pins: PinKind::ALL
            .into_iter()
            .zip(statuses)
            .map(|(kind, status)| PinReport { kind, status })
            .collect(),
        signature_certificate,
    };
    let result = Card::new(transport).status();
    expect(&result, result.as_ref().ok() == Some(&expected))
}

/// Runs `info`: the label, the presence byte and both certificates' dates must be the
/// simulated card's.
fn expect_info(
    transport: &mut dyn Transport,
    signature_certificate: Option<bool>,
) -> Result<(), String> {
    let report = Card::new(transport)
        .info()
        .map_err(|error| error.to_string())?;
    let date = |read: &mynapin::card::CertificateRead| {
        read.as_ref()
            .map(|summary| summary.validity.not_after_date().to_string())
            .map_err(|problem| problem.to_string())
    };
    let seen = (
        report.token_label.as_deref(),
        report.signature_certificate,
        date(&report.auth_certificate)?,
        date(&report.auth_ca_certificate)?,
    );
    let wanted = (
        Some("JPKIAPICCTOKEN2"),
        signature_certificate,
        "2031-01-01".to_owned(),
        "2046-01-01".to_owned(),
    );
    if seen == wanted {
        Ok(())
    } else {
        Err(format!("{seen:?} instead of {wanted:?}"))
    }
}

fn goldens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("apdu-traces")
}

fn blessing() -> bool {
    std::env::var(BLESS_ENV).is_ok_and(|value| value == "1")
}

/// Records the case's flow against its simulated card; the flow must give its result.
fn record(case: &Case) -> Result<TraceFile, String> {
    let recorder = TraceRecorder::new((case.card_state)())
        .with_header("flow", case.flow)
        .and_then(|recorder| recorder.with_header("card", case.card))
        .and_then(|recorder| recorder.with_header("expect", case.expect))
        .map_err(|error| error.to_string())?;
    let mut recorder = recorder;
    (case.run)(&mut recorder).map_err(|problem| format!("recording: {problem}"))?;
    Ok(recorder.finish().1)
}

/// The text of a case's golden; when blessing, the fresh recording (the file is being
/// rewritten by another test).
fn golden_text(case: &Case) -> Result<String, String> {
    if blessing() {
        return record(case).map(|trace| trace.to_text());
    }
    std::fs::read_to_string(goldens().join(case.file)).map_err(|error| {
        format!("{error} (run `{BLESS_ENV}=1 cargo test --test integration traces::` to create it)")
    })
}

/// A case's golden, parsed.
fn golden(case: &Case) -> Result<TraceFile, String> {
    TraceFile::parse(&golden_text(case)?).map_err(|error| error.to_string())
}

/// The case of a golden file.
fn case(file: &str) -> &'static Case {
    CASES
        .iter()
        .find(|case| case.file == file)
        .expect("the file has a case")
}

/// Replays the case's golden against its flow: the result must be the expected one and
/// the whole trace consumed.
fn replay(case: &Case) -> Result<(), String> {
    let mut replay = ReplayTransport::new(&golden(case)?);
    (case.run)(&mut replay).map_err(|problem| format!("replaying: {problem}"))?;
    if !replay.is_finished() {
        return Err(format!(
            "replaying: the flow stopped after {} exchanges, {} left unplayed",
            replay.served(),
            replay.remaining()
        ));
    }
    Ok(())
}

/// Runs `check` on every case and fails with every problem found, not just the first.
fn for_every_case(check: impl Fn(&Case) -> Result<(), String>) {
    let problems: Vec<String> = CASES
        .iter()
        .filter_map(|case| {
            check(case)
                .err()
                .map(|problem| format!("{}: {problem}", case.file))
        })
        .collect();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_golden_replays_to_its_expected_result() {
    for_every_case(replay);
}

#[test]
fn goldens_equal_the_recordings() {
    let bless = blessing();
    for_every_case(|case| {
        let trace = record(case)?;
        let path = goldens().join(case.file);
        if bless {
            return trace.save(&path).map_err(|error| error.to_string());
        }
        let recorded = trace.to_text();
        let golden = golden_text(case)?;
        if golden == recorded {
            return Ok(());
        }
        let line = golden
            .lines()
            .zip(recorded.lines())
            .position(|(old, new)| old != new)
            .unwrap_or_else(|| golden.lines().count().min(recorded.lines().count()));
        Err(format!(
            "the flow's recording differs from the golden from line {}:\n  golden:   {}\n  recorded: {}\n\
             if the change is deliberate, run `{BLESS_ENV}=1 cargo test --test integration traces::` \
             and review the diff",
            line + 1,
            golden.lines().nth(line).unwrap_or("(end of file)"),
            recorded.lines().nth(line).unwrap_or("(end of file)"),
        ))
    });
}

#[test]
fn goldens_are_canonical_and_their_headers_name_the_case() {
    for_every_case(|case| {
        let text = golden_text(case)?;
        let trace = TraceFile::parse(&text).map_err(|error| error.to_string())?;
        if trace.to_text() != text {
            return Err("not in the canonical form TraceFile::to_text writes".to_owned());
        }
        for (key, value) in [("flow", case.flow), ("card", case.card)] {
            if trace.header(key) != Some(value) {
                return Err(format!("header {key} is {:?}", trace.header(key)));
            }
        }
        if trace.header("date").is_some() {
            return Err("a golden has no date header, so that it stays stable".to_owned());
        }
        Ok(())
    });
}

#[test]
fn every_golden_file_has_a_case() {
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(goldens()).expect("apdu-traces/ is readable") {
        let name = entry.expect("a directory entry").file_name();
        let name = name.to_string_lossy().into_owned();
        // TraceFile::save's temporary files, present while goldens are being blessed.
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            names.push(name);
        }
    }
    let orphans: Vec<&String> = names
        .iter()
        .filter(|name| !NOT_TRACES.contains(&name.as_str()))
        .filter(|name| !CASES.iter().any(|case| case.file == name.as_str()))
        .collect();
    assert!(
        orphans.is_empty(),
        "files in apdu-traces/ with no case in tests/integration/traces.rs (so never replayed): {orphans:?}"
    );
    let traces = names.iter().filter(|name| name.ends_with(".trace")).count();
    assert!(
        blessing() || traces == CASES.len(),
        "{traces} traces for {} cases (a missing golden is created by `{BLESS_ENV}=1 cargo test --test integration traces::`)",
        CASES.len()
    );
    for (index, case) in CASES.iter().enumerate() {
        assert!(case.file.ends_with(".trace"), "{}", case.file);
        assert!(
            CASES[..index].iter().all(|other| other.file != case.file),
            "{} appears twice in the table",
            case.file
        );
    }
}

/// True when INS (with its CLA) carries a secret: VERIFY `20`, CHANGE REFERENCE DATA
/// `24`, RESET RETRY COUNTER `2C`, EXTERNAL AUTHENTICATE `82` (a cryptogram under the
/// terminal key), CHANGE KEY `80 32`. Written out here, apart from the
/// library's own rule, so that this check does not trust the code it checks.
fn secret_instruction(cla: &str, ins: &str) -> bool {
    matches!(ins, "20" | "24" | "2C" | "82")
        || (ins == "32" && u8::from_str_radix(cla, 16).is_ok_and(|cla| cla & 0x80 != 0))
}

#[test]
fn no_golden_holds_secret_data_in_clear() {
    let mut secret_commands = 0;
    let mut problems = Vec::new();
    for case in CASES {
        let text = match golden_text(case) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(format!("{}: {problem}", case.file));
                continue;
            }
        };
        for (number, line) in text.lines().enumerate() {
            let Some(command) = line.strip_prefix("> ") else {
                continue;
            };
            let tokens: Vec<&str> = command.split(' ').collect();
            let (Some(cla), Some(ins)) = (tokens.first(), tokens.get(1)) else {
                continue;
            };
            if !secret_instruction(cla, ins) || tokens.len() <= 5 {
                continue;
            }
            // Short: Lc at 4, data from 5. Extended: 00 Lc1 Lc2 at 4..7, data from 7.
            let (start, lc) = if tokens[4] == "00" && tokens.len() > 7 {
                (
                    7,
                    usize::from_str_radix(&tokens[5..7].concat(), 16).unwrap_or(0),
                )
            } else {
                (5, usize::from_str_radix(tokens[4], 16).unwrap_or(0))
            };
            let data = tokens.get(start..start + lc).unwrap_or(&tokens[start..]);
            if lc == 0 || data.len() != lc || data.iter().any(|byte| *byte != "**") {
                problems.push(format!("{}:{}: {line}", case.file, number + 1));
            }
            secret_commands += 1;
        }
        // The certificates (JPKI EF 000A, 000B) are public test data whose dates hold
        // digits such as "0000" in ASCII: their READ BINARY answers are left out of the
        // search for PIN values; every other line is searched.
        let mut certificate_selected = false;
        let mut searched = String::new();
        for line in text.lines() {
            if let Some(command) = line.strip_prefix("> ") {
                if command.starts_with("00 A4 02 0C 02 ") {
                    certificate_selected = command.ends_with("00 0A") || command.ends_with("00 0B");
                }
            } else if line.starts_with("< ") && certificate_selected {
                continue;
            }
            searched.push_str(line);
            searched.push('\n');
        }
        for value in PINS_SENT {
            let as_hex: Vec<String> = value.bytes().map(|b| format!("{b:02X}")).collect();
            if searched.contains(&as_hex.join(" ")) || searched.contains(value) {
                problems.push(format!("{}: holds a PIN value", case.file));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "secret data in clear:\n{}",
        problems.join("\n")
    );
    // 40 in the goldens today (VERIFY, CHANGE, RESET RETRY COUNTER, EXTERNAL AUTHENTICATE
    // with data): fewer means the check stopped seeing some of them.
    assert!(
        secret_commands >= 40,
        "only {secret_commands} VERIFY/CHANGE/RESET/EXTERNAL AUTHENTICATE commands with data found: the check missed some"
    );
}

/// Checks that a flow's error is the divergence expected, and that nothing in it —
/// message, source chain, `Debug` — shows the PIN.
fn expect_divergence<T: Debug>(
    result: Result<T, CardError>,
    position: usize,
    expected: &str,
    actual: &str,
    pin: &str,
) {
    let error = result.expect_err("the flow must diverge from the trace");
    let source = match &error {
        // Nothing reached a card, so a divergence is never "outcome unknown".
        CardError::Transport(source) => source,
        other => panic!("expected a divergence as a transport error, got {other:?}"),
    };
    match source {
        TransportError::Divergence {
            position: at,
            expected: trace_has,
            actual: flow_sent,
        } => {
            assert_eq!(
                (*at, trace_has.as_str(), flow_sent.as_str()),
                (position, expected, actual)
            );
        }
        other => panic!("expected a divergence, got {other:?}"),
    }
    let message = source.to_string();
    assert!(
        message.contains(&format!("exchange {position}"))
            && message.contains(expected)
            && message.contains(actual),
        "{message}"
    );
    let shown = format!("{error} {source} {error:?}");
    let pin_hex: Vec<String> = pin.bytes().map(|b| format!("{b:02X}")).collect();
    for secret in [pin.to_owned(), pin_hex.join(" "), pin_hex.concat()] {
        assert!(!shown.contains(&secret), "the PIN shows in: {shown}");
    }
}

fn load_golden(file: &str) -> ReplayTransport {
    ReplayTransport::new(&golden(case(file)).expect("the golden exists"))
}

#[test]
fn divergence_at_a_plain_command_names_position_and_both_commands() {
    // The auth flow selects IEF 0018 where the sign flow selects EF 0008 first.
    let mut replay = load_golden("verify-auth-ok.trace");
    let result = verify(&mut replay, PinKind::Sign, "ABCD1234", false);
    expect_divergence(
        result,
        2,
        "00 A4 02 0C 02 00 18",
        "00 A4 02 0C 02 00 08",
        "ABCD1234",
    );
    assert!(replay.has_diverged());
}

#[test]
fn divergence_at_a_verify_masks_the_pin_sent() {
    // A current password of 9 characters where the trace has 8: the VERIFY differs in Lc.
    let mut replay = load_golden("change-sign.trace");
    let result = change(&mut replay, PinKind::Sign, "WXYZ98765", "NEWSIGN2026");
    expect_divergence(
        result,
        6,
        "00 20 00 80 08 ** ** ** ** ** ** ** **",
        "00 20 00 80 09 ** ** ** ** ** ** ** ** **",
        "WXYZ98765",
    );
}

#[test]
fn a_command_past_the_end_of_the_trace_diverges() {
    // With the override, the flow goes on to VERIFY where the recorded flow stopped.
    let mut replay = load_golden("verify-auth-last-try-refused.trace");
    let result = verify(&mut replay, PinKind::Auth, "4321", true);
    expect_divergence(
        result,
        4,
        END_OF_TRACE,
        "00 20 00 80 04 ** ** ** **",
        "4321",
    );
}

#[test]
fn a_flow_that_stops_early_leaves_exchanges_unplayed() {
    // The status of auth is a prefix of the change flow (SELECT AP, SELECT EF, counter
    // query): no divergence, but not finished.
    let mut replay = load_golden("change-auth.trace");
    let result = Card::new(&mut replay).status_of(&[PinKind::Auth]);
    assert!(result.is_ok(), "{result:?}");
    assert!(!replay.is_finished() && !replay.has_diverged());
    assert_eq!(replay.remaining(), 3);
}
