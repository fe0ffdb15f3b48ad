//! Flow tests of the card layer (`mynapin::card::Card`) against the in-process simulated
//! card, for docs/DESIGN.md's safety rules 1 (bad format → zero APDUs), 2 (reading a counter
//! costs nothing), 3 (blocked / last-try guards), 5 (outcome unknown) and 6 (unpowered
//! afterwards), and for docs/protocol.md §3–§5 and §11–§12.
//!
//! Every flow runs over a [`SimTransport`] wrapped in a [`Recorder`], a test transport that
//! keeps a copy of every command (so a counter query `00 20 00 80` can be told apart from
//! a VERIFY with data), counts in-flow power cycles, notes how each transaction ended, and
//! can inject the two faults `SimTransport` cannot: losing the answer of the first VERIFY
//! *with data*, and a card that keeps its verified state across a power cycle.
//!
//! After every step the tests check the exact APDUs sent (classified from the commands,
//! and cross-checked with the headers and count that `SimTransport` itself saw) and the
//! four counters and verified flags on the simulated card. The test card uses a distinct
//! value for each PIN, so a flow that addresses the wrong key reference fails.

use mynapin::apdu::{Command, Response, StatusWord};
use mynapin::card::{
    Card, CardError, ChangeOutcome, FormatProblem, Operation, Pin, PinKind, PinOptions, PinStatus,
    StatusReport, Unavailable, VerifyOutcome,
};
use mynapin::sim::{
    Fault, PinProfile, PinSnapshot, Pins, Profile, QueryAfterVerify, QueryWhenBlocked, SignPinFile,
    SimCard,
};
use mynapin::transport::{Disposition, SimTransport, Transport, TransportError};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The card's layout (docs/protocol.md §1, §2), written out here rather than taken from the crate.

const JPKI_AP: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
const TEXT_AP: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
const JUKI_AP: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01];
/// JPKI EF `0008`: which certificates exist.
const EF_CERT_PRESENCE: u16 = 0x0008;

/// One PIN of the test card: where it lives, its maximum, and the values the tests use.
struct Cred {
    kind: PinKind,
    aid: [u8; 10],
    fid: u16,
    max: u8,
    right: &'static str,
    wrong: &'static str,
    new: &'static str,
}

const AUTH: Cred = Cred {
    kind: PinKind::Auth,
    aid: JPKI_AP,
    fid: 0x0018,
    max: 3,
    right: "1357",
    wrong: "9999",
    new: "8642",
};
const SIGN: Cred = Cred {
    kind: PinKind::Sign,
    aid: JPKI_AP,
    fid: 0x001B,
    max: 5,
    right: "SIGN2468",
    wrong: "WRONG999",
    new: "NEWPASS123",
};
const TEXT: Cred = Cred {
    kind: PinKind::Text,
    aid: TEXT_AP,
    fid: 0x0011,
    max: 3,
    right: "2468",
    wrong: "0000",
    new: "7531",
};
const JUKI: Cred = Cred {
    kind: PinKind::Juki,
    aid: JUKI_AP,
    fid: 0x001C,
    max: 3,
    right: "3690",
    wrong: "1111",
    new: "0246",
};
/// In the order of the counters arrays below.
const ALL: [&Cred; 4] = [&AUTH, &SIGN, &TEXT, &JUKI];

// The simulated card may receive the 住基 PIN's unconfirmed CHANGE KEY, as in the CLI.
const GUARDED: PinOptions = PinOptions {
    allow_last_try: false,
    allow_unconfirmed_commands: true,
};
const OVERRIDE: PinOptions = PinOptions {
    allow_last_try: true,
    allow_unconfirmed_commands: true,
};

fn index(c: &Cred) -> usize {
    ALL.iter().position(|other| other.kind == c.kind).unwrap()
}

/// Every counter full.
fn full() -> [u8; 4] {
    ALL.map(|c| c.max)
}

// ---------------------------------------------------------------------------------------
// Profiles.

/// The test card: the values of [`ALL`], counters full, default behaviour switches.
fn profile() -> Profile {
    Profile {
        pins: Pins {
            auth: PinProfile::full(AUTH.right, AUTH.max),
            sign: PinProfile::full(SIGN.right, SIGN.max),
            text: PinProfile::full(TEXT.right, TEXT.max),
            juki: PinProfile::full(JUKI.right, JUKI.max),
        },
        ..Profile::default()
    }
}

fn profile_with(edit: impl FnOnce(&mut Profile)) -> Profile {
    let mut profile = profile();
    edit(&mut profile);
    profile
}

fn pin_profile<'a>(profile: &'a mut Profile, c: &Cred) -> &'a mut PinProfile {
    match c.kind {
        PinKind::Auth => &mut profile.pins.auth,
        PinKind::Sign => &mut profile.pins.sign,
        PinKind::Text => &mut profile.pins.text,
        PinKind::Juki => &mut profile.pins.juki,
    }
}

/// The test card with `c`'s counter at `left`.
fn with_tries(c: &Cred, left: u8) -> Profile {
    profile_with(|p| pin_profile(p, c).tries_left = left)
}

/// A card on which `c` was verified with raw APDUs, as if earlier in the same session.
fn preverified(profile: Profile, c: &Cred) -> SimCard {
    let mut card = SimCard::new(profile);
    let mut select_ap = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    select_ap.extend_from_slice(&c.aid);
    let [hi, lo] = c.fid.to_be_bytes();
    let mut verify = vec![0x00, 0x20, 0x00, 0x80, c.right.len() as u8];
    verify.extend_from_slice(c.right.as_bytes());
    for apdu in [
        select_ap,
        vec![0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo],
        verify,
    ] {
        let answer: Response = card.process(&apdu);
        assert_eq!(answer.status(), StatusWord::Success, "{apdu:02X?}");
    }
    assert!(card.pin(c.kind).verified);
    card
}

// ---------------------------------------------------------------------------------------
// What was sent.

/// A command, classified by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apdu {
    SelectAp([u8; 10]),
    SelectEf(u16),
    ReadBinary,
    /// The counter query: `00 20 00 80`, no data, no Le (4 bytes on the wire).
    Query,
    /// VERIFY with a value of this many bytes.
    VerifyWith(usize),
    /// CHANGE REFERENCE DATA `00 24 01 80` with a new value of this many bytes.
    ChangeReferenceData(usize),
    /// JICSAP CHANGE KEY `80 32 00 80` with a new value of this many bytes.
    ChangeKey(usize),
    Other([u8; 4]),
}

impl Apdu {
    fn of(command: &Command) -> Apdu {
        let data = command.data.as_bytes();
        let header = [command.cla, command.ins, command.p1, command.p2];
        match (header, data.len(), command.le) {
            ([0x00, 0xA4, 0x04, 0x0C], 10, None) => Apdu::SelectAp(data.try_into().unwrap()),
            ([0x00, 0xA4, 0x02, 0x0C], 2, None) => {
                Apdu::SelectEf(u16::from_be_bytes([data[0], data[1]]))
            }
            ([0x00, 0xB0, 0x00, 0x00], 0, Some(_)) => Apdu::ReadBinary,
            ([0x00, 0x20, 0x00, 0x80], 0, None) => {
                assert_eq!(command.to_bytes().unwrap().len(), 4, "query is case 1");
                Apdu::Query
            }
            ([0x00, 0x20, 0x00, 0x80], n, None) => Apdu::VerifyWith(n),
            ([0x00, 0x24, 0x01, 0x80], n, None) if n > 0 => Apdu::ChangeReferenceData(n),
            ([0x80, 0x32, 0x00, 0x80], n, None) if n > 0 => Apdu::ChangeKey(n),
            _ => Apdu::Other(header),
        }
    }

    fn header(self) -> [u8; 4] {
        match self {
            Apdu::SelectAp(_) => [0x00, 0xA4, 0x04, 0x0C],
            Apdu::SelectEf(_) => [0x00, 0xA4, 0x02, 0x0C],
            Apdu::ReadBinary => [0x00, 0xB0, 0x00, 0x00],
            Apdu::Query | Apdu::VerifyWith(_) => [0x00, 0x20, 0x00, 0x80],
            Apdu::ChangeReferenceData(_) => [0x00, 0x24, 0x01, 0x80],
            Apdu::ChangeKey(_) => [0x80, 0x32, 0x00, 0x80],
            Apdu::Other(header) => header,
        }
    }
}

/// SELECT the PIN's application (and, for sign, read EF `0008`), SELECT the PIN, query.
fn guard(c: &Cred) -> Vec<Apdu> {
    let mut sent = vec![Apdu::SelectAp(c.aid)];
    if c.kind == PinKind::Sign {
        sent.extend([Apdu::SelectEf(EF_CERT_PRESENCE), Apdu::ReadBinary]);
    }
    sent.extend([Apdu::SelectEf(c.fid), Apdu::Query]);
    sent
}

/// The re-read after an in-flow power cycle: SELECT AP, SELECT PIN, query.
/// After the power cycle: a throwaway SELECT MF (`00 A4 00 00`, docs/protocol.md §10.2), then
/// the counter is read again.
fn requery(c: &Cred) -> [Apdu; 4] {
    [
        Apdu::Other([0x00, 0xA4, 0x00, 0x00]),
        Apdu::SelectAp(c.aid),
        Apdu::SelectEf(c.fid),
        Apdu::Query,
    ]
}

fn then(mut sent: Vec<Apdu>, more: impl IntoIterator<Item = Apdu>) -> Vec<Apdu> {
    sent.extend(more);
    sent
}

fn verify_seq(c: &Cred, value: &str) -> Vec<Apdu> {
    then(guard(c), [Apdu::VerifyWith(value.len())])
}

fn change_command(c: &Cred, new: &str) -> Apdu {
    match c.kind {
        PinKind::Juki => Apdu::ChangeKey(new.len()),
        _ => Apdu::ChangeReferenceData(new.len()),
    }
}

/// Guard, VERIFY old, CHANGE, query again.
fn change_seq(c: &Cred, old: &str, new: &str) -> Vec<Apdu> {
    then(
        guard(c),
        [
            Apdu::VerifyWith(old.len()),
            change_command(c, new),
            Apdu::Query,
        ],
    )
}

fn status_seq(sign_pin_answers: bool) -> Vec<Apdu> {
    if sign_pin_answers {
        status_seq_with_sign(&[Apdu::SelectEf(SIGN.fid), Apdu::Query])
    } else {
        // IEF 001B missing (a child's card): its SELECT answers 6A82 and nothing follows.
        status_seq_with_sign(&[Apdu::SelectEf(SIGN.fid)])
    }
}

/// The status of all four PINs, with `sign` what is sent for the signature password.
fn status_seq_with_sign(sign: &[Apdu]) -> Vec<Apdu> {
    let mut sent = vec![
        Apdu::SelectAp(JPKI_AP),
        Apdu::SelectEf(EF_CERT_PRESENCE),
        Apdu::ReadBinary,
        Apdu::SelectEf(AUTH.fid),
        Apdu::Query,
    ];
    sent.extend_from_slice(sign);
    sent.extend([
        Apdu::SelectAp(TEXT_AP),
        Apdu::SelectEf(TEXT.fid),
        Apdu::Query,
        Apdu::SelectAp(JUKI_AP),
        Apdu::SelectEf(JUKI.fid),
        Apdu::Query,
    ]);
    sent
}

// ---------------------------------------------------------------------------------------
// The recording transport.

/// Wraps the simulated card's transport: records, counts and injects faults.
struct Recorder {
    sim: SimTransport,
    sent: Vec<Command>,
    /// Calls of `reset_card` (in-flow power cycles).
    resets: usize,
    /// How each transaction ended, with the four verified flags just before.
    ends: Vec<(Disposition, [bool; 4])>,
    /// Let the card execute the next VERIFY with data, then lose its answer.
    lose_verify_answer: bool,
    /// A card whose in-flow power cycle does not clear the verified state.
    keep_verified_on_reset: bool,
    /// The link is down until the transaction ends.
    gone: bool,
}

impl Recorder {
    fn verified(&self) -> [bool; 4] {
        ALL.map(|c| self.sim.card().pin(c.kind).verified)
    }
}

impl Transport for Recorder {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.sent.push(command.clone());
        if self.gone {
            return Err(TransportError::CardRemoved);
        }
        let lose = self.lose_verify_answer && matches!(Apdu::of(command), Apdu::VerifyWith(_));
        let answer = self.sim.transmit(command);
        if lose {
            self.lose_verify_answer = false;
            self.gone = true;
            return Err(TransportError::CardRemoved);
        }
        answer
    }

    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        self.sim.begin_transaction()
    }

    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.ends.push((disposition, self.verified()));
        self.gone = false;
        self.sim.end_transaction(disposition)
    }

    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.resets += 1;
        if self.gone {
            return Err(TransportError::CardRemoved);
        }
        if self.keep_verified_on_reset {
            return Ok(());
        }
        self.sim.reset_card(disposition)
    }
}

// ---------------------------------------------------------------------------------------
// The rig: a card, and steps that check what was sent.

struct Rig {
    t: Recorder,
}

impl Rig {
    fn new(profile: Profile) -> Rig {
        Rig::on(SimTransport::new(SimCard::new(profile)))
    }

    fn on(sim: SimTransport) -> Rig {
        Rig {
            t: Recorder {
                sim,
                sent: Vec::new(),
                resets: 0,
                ends: Vec::new(),
                lose_verify_answer: false,
                keep_verified_on_reset: false,
                gone: false,
            },
        }
    }

    fn with_fault(profile: Profile, fault: Fault) -> Rig {
        Rig::on(SimTransport::new(SimCard::new(profile)).with_fault(fault))
    }

    /// Takes the card out (after a simulated removal) and puts it into a fresh reader.
    fn reinsert(&mut self) {
        let placeholder = SimTransport::new(SimCard::new(Profile::default()));
        let card = std::mem::replace(&mut self.t.sim, placeholder).into_card();
        *self = Rig::new_from_card(card);
    }

    fn new_from_card(card: SimCard) -> Rig {
        Rig::on(SimTransport::new(card))
    }

    fn pin(&self, c: &Cred) -> PinSnapshot {
        self.t.sim.card().pin(c.kind)
    }

    fn value(&self, c: &Cred) -> String {
        pin_profile(&mut self.t.sim.card().to_profile(), c)
            .value
            .clone()
    }

    /// The four counters are `tries` and no PIN is left verified on the card.
    fn assert_card(&self, tries: [u8; 4]) {
        assert_eq!(ALL.map(|c| self.pin(c).tries_left), tries, "counters");
        assert_eq!(self.t.verified(), [false; 4], "verified flags");
    }

    /// Runs `flow` on a fresh `Card` and checks that exactly `expected` was sent, both as
    /// recorded here and as `SimTransport` counted it.
    fn step<R>(
        &mut self,
        expected: &[Apdu],
        flow: impl FnOnce(&mut Card<&mut Recorder>) -> R,
    ) -> R {
        self.step_with(|_| expected.to_vec(), flow)
    }

    /// As [`Rig::step`], the APDUs expected depending on the flow's result.
    fn step_with<R>(
        &mut self,
        expected_of: impl FnOnce(&R) -> Vec<Apdu>,
        flow: impl FnOnce(&mut Card<&mut Recorder>) -> R,
    ) -> R {
        let mark = self.t.sent.len();
        let sim_mark = self.t.sim.exchanges();
        let result = flow(&mut Card::new(&mut self.t));
        let expected = expected_of(&result);
        let expected = expected.as_slice();
        let sent: Vec<Apdu> = self.t.sent[mark..].iter().map(Apdu::of).collect();
        assert_eq!(sent, expected, "commands sent");
        assert_eq!(self.t.sim.exchanges() - sim_mark, expected.len(), "APDUs");
        let headers: Vec<[u8; 4]> = expected.iter().map(|apdu| apdu.header()).collect();
        assert_eq!(self.t.sim.headers()[sim_mark..], headers[..], "headers");
        result
    }

    /// Builds the PIN from what was typed (nothing is sent if that fails), then verifies.
    /// Verifies `typed`: `expected` lists the APDUs up to the VERIFY; a successful one is
    /// followed by the counter read again (the empty VERIFY), which this adds.
    fn verify(
        &mut self,
        c: &Cred,
        typed: &str,
        options: PinOptions,
        expected: &[Apdu],
    ) -> Result<VerifyOutcome, CardError> {
        self.step_with(
            |result: &Result<VerifyOutcome, CardError>| match result {
                Ok(_) => then(expected.to_vec(), [Apdu::Query]),
                Err(_) => expected.to_vec(),
            },
            |card| {
                let pin = Pin::new(c.kind, typed)?;
                card.verify(&pin, options)
            },
        )
    }

    /// Builds both PINs first, as the CLI does, then changes.
    fn change(
        &mut self,
        c: &Cred,
        old: &str,
        new: &str,
        options: PinOptions,
        expected: &[Apdu],
    ) -> Result<ChangeOutcome, CardError> {
        self.step(expected, |card| {
            let old = Pin::new(c.kind, old)?;
            let new = Pin::new(c.kind, new)?;
            card.change(&old, &new, options)
        })
    }

    fn status(&mut self, expected: &[Apdu]) -> StatusReport {
        self.step(expected, |card| card.status()).expect("status")
    }

    fn last_end(&self) -> (Disposition, [bool; 4]) {
        *self.t.ends.last().expect("a transaction ended")
    }
}

// ---------------------------------------------------------------------------------------
// Assertions on results.

#[track_caller]
fn assert_wrong(result: Result<impl std::fmt::Debug, CardError>, c: &Cred, left: u8) {
    match result {
        Err(CardError::WrongPin { kind, left: got }) => {
            assert_eq!((kind, got), (c.kind, left), "{}", c.kind);
        }
        other => panic!(
            "{}: expected WrongPin {{ left: {left} }}, got {other:?}",
            c.kind
        ),
    }
}

#[track_caller]
fn assert_blocked(result: Result<impl std::fmt::Debug, CardError>, c: &Cred, just_now: bool) {
    match result {
        Err(CardError::Blocked {
            kind,
            just_now: got,
        }) => {
            assert_eq!((kind, got), (c.kind, just_now), "{}", c.kind);
        }
        other => panic!(
            "{}: expected Blocked {{ just_now: {just_now} }}, got {other:?}",
            c.kind
        ),
    }
}

#[track_caller]
fn assert_format(result: Result<impl std::fmt::Debug, CardError>, c: &Cred) -> FormatProblem {
    match result {
        Err(CardError::PinFormat(error)) => {
            assert_eq!(error.kind, c.kind);
            error.problem
        }
        other => panic!("{}: expected PinFormat, got {other:?}", c.kind),
    }
}

#[track_caller]
fn assert_outcome_unknown(
    result: Result<impl std::fmt::Debug, CardError>,
    c: &Cred,
    operation: Operation,
) {
    match result {
        Err(CardError::OutcomeUnknown {
            kind,
            operation: got,
            source: TransportError::CardRemoved,
        }) => assert_eq!((kind, got), (c.kind, operation), "{}", c.kind),
        other => panic!(
            "{}: expected OutcomeUnknown {operation:?}, got {other:?}",
            c.kind
        ),
    }
}

fn remaining(left: u8, max: u8) -> PinStatus {
    PinStatus::Remaining { left, max }
}

// ---------------------------------------------------------------------------------------
// Wrong and right values.

#[test]
fn wrong_pin_costs_exactly_one_try_and_reports_what_is_left() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        let mut tries = full();
        for _ in 0..2 {
            let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
            tries[index(c)] -= 1;
            rig.assert_card(tries);
            assert_wrong(result, c, rig.pin(c).tries_left);
        }
    }
}

#[test]
fn right_pin_after_wrong_ones_restores_the_counter() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        let mut tries = full();
        while tries[index(c)] > 2 {
            let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
            tries[index(c)] -= 1;
            assert_wrong(result, c, tries[index(c)]);
            rig.assert_card(tries);
        }
        let before = rig.pin(c).tries_left;
        let outcome = rig
            .verify(c, c.right, GUARDED, &verify_seq(c, c.right))
            .unwrap();
        rig.assert_card(full());
        assert_eq!(outcome.kind, c.kind);
        assert_eq!(outcome.tries_before, Some(before));
        assert_eq!(outcome.tries_now, rig.pin(c).max_tries);
    }
}

#[test]
fn lowercase_sign_password_is_uppercased_and_verifies() {
    let mut rig = Rig::new(profile_with(|p| p.pins.sign.value = "ABCD1234".into()));
    let pin = Pin::new(PinKind::Sign, "abcd1234").unwrap();
    assert!(pin.was_uppercased());
    assert!(
        !Pin::new(PinKind::Sign, "ABCD1234")
            .unwrap()
            .was_uppercased()
    );

    let result = rig.verify(&SIGN, "abcd9999", GUARDED, &verify_seq(&SIGN, "abcd9999"));
    assert_wrong(result, &SIGN, 4);
    rig.assert_card([3, 4, 3, 3]);
    let outcome = rig
        .verify(&SIGN, "abcd1234", GUARDED, &verify_seq(&SIGN, "abcd1234"))
        .unwrap();
    assert_eq!(outcome.tries_before, Some(4));
    rig.assert_card(full());

    // The card compares bytes exactly: a card holding the lowercase bytes rejects it, so
    // what was sent above was the upper-cased value.
    let mut lower = Rig::new(profile_with(|p| p.pins.sign.value = "abcd1234".into()));
    let result = lower.verify(&SIGN, "abcd1234", GUARDED, &verify_seq(&SIGN, "abcd1234"));
    assert_wrong(result, &SIGN, 4);
    lower.assert_card([3, 4, 3, 3]);
}

// ---------------------------------------------------------------------------------------
// Safety rule 1: a badly formatted PIN never reaches the card.

const BAD_DIGITS: [&str; 6] = ["123", "12345", "12a4", "１２３４", "", "12 4"];

const BAD_SIGN: [(&str, FormatProblem); 7] = [
    ("ABCDE", FormatProblem::SignLength),
    ("ABCDEFGH", FormatProblem::SignNeedsLetterAndDigit),
    ("1234567", FormatProblem::SignNeedsLetterAndDigit),
    ("ABCDEFGH123456789", FormatProblem::SignLength),
    ("ABCDé123", FormatProblem::SignCharacters),
    ("ABC-1234", FormatProblem::SignCharacters),
    ("ＡＢＣＤ１２３４", FormatProblem::SignCharacters),
];

#[test]
fn badly_formatted_four_digit_pins_send_nothing() {
    for c in [&AUTH, &TEXT, &JUKI] {
        let mut rig = Rig::new(profile());
        for bad in BAD_DIGITS {
            assert!(Pin::new(c.kind, bad).is_err(), "{bad:?}");
            let problem = assert_format(rig.verify(c, bad, OVERRIDE, &[]), c);
            assert_eq!(problem, FormatProblem::NotFourDigits, "{bad:?}");
            rig.assert_card(full());
            assert!(rig.t.ends.is_empty(), "no transaction was even started");
        }
        assert_eq!(rig.t.sim.exchanges(), 0);
    }
}

#[test]
fn badly_formatted_sign_passwords_send_nothing() {
    let mut rig = Rig::new(profile());
    assert_eq!(BAD_SIGN[3].0.chars().count(), 17);
    for (bad, expected) in BAD_SIGN {
        assert!(Pin::new(PinKind::Sign, bad).is_err(), "{bad:?}");
        let problem = assert_format(rig.verify(&SIGN, bad, OVERRIDE, &[]), &SIGN);
        assert_eq!(problem, expected, "{bad:?}");
        rig.assert_card(full());
    }
    assert_eq!(rig.t.sim.exchanges(), 0);
    assert!(rig.t.ends.is_empty());
}

#[test]
fn change_with_a_badly_formatted_new_value_sends_nothing() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        let bad: Vec<&str> = match c.kind {
            PinKind::Sign => BAD_SIGN.iter().map(|(bad, _)| *bad).collect(),
            _ => BAD_DIGITS.to_vec(),
        };
        for new in bad {
            assert_format(rig.change(c, c.right, new, OVERRIDE, &[]), c);
            rig.assert_card(full());
            assert_eq!(rig.value(c), c.right);
        }
        // And a badly formatted old value with a good new one.
        let bad_old = if c.kind == PinKind::Sign {
            "SHORT"
        } else {
            "12"
        };
        assert_format(rig.change(c, bad_old, c.new, OVERRIDE, &[]), c);
        assert_eq!(rig.t.sim.exchanges(), 0);
        assert_eq!(rig.value(c), c.right);
    }
}

// ---------------------------------------------------------------------------------------
// Safety rule 3: the last try and blocked PINs.

#[test]
fn last_try_guard_refuses_verify_and_change() {
    for c in ALL {
        let mut rig = Rig::new(with_tries(c, 1));
        let mut tries = full();
        tries[index(c)] = 1;
        for typed in [c.right, c.wrong] {
            let result = rig.verify(c, typed, GUARDED, &guard(c));
            assert!(
                matches!(result, Err(CardError::LastTryGuard(kind)) if kind == c.kind),
                "{result:?}"
            );
            rig.assert_card(tries);
        }
        let result = rig.change(c, c.right, c.new, GUARDED, &guard(c));
        assert!(
            matches!(result, Err(CardError::LastTryGuard(kind)) if kind == c.kind),
            "{result:?}"
        );
        rig.assert_card(tries);
        assert_eq!(rig.value(c), c.right);
    }
}

#[test]
fn last_try_override_wrong_blocks_and_right_restores() {
    for c in ALL {
        let mut tries = full();
        tries[index(c)] = 1;
        let mut rig = Rig::new(with_tries(c, 1));
        let outcome = rig
            .verify(c, c.right, OVERRIDE, &verify_seq(c, c.right))
            .unwrap();
        assert_eq!(outcome.tries_before, Some(1));
        rig.assert_card(full());

        let mut rig = Rig::new(with_tries(c, 1));
        let result = rig.verify(c, c.wrong, OVERRIDE, &verify_seq(c, c.wrong));
        assert_blocked(result, c, true);
        tries[index(c)] = 0;
        rig.assert_card(tries);
        // Blocked now: even the right value is refused before any VERIFY with data.
        assert_blocked(rig.verify(c, c.right, OVERRIDE, &guard(c)), c, false);
        rig.assert_card(tries);
    }
}

#[test]
fn change_with_override_and_a_wrong_old_value_blocks_and_changes_nothing() {
    for c in ALL {
        let mut rig = Rig::new(with_tries(c, 1));
        let expected = then(guard(c), [Apdu::VerifyWith(c.wrong.len())]);
        assert_blocked(rig.change(c, c.wrong, c.new, OVERRIDE, &expected), c, true);
        let mut tries = full();
        tries[index(c)] = 0;
        rig.assert_card(tries);
        assert_eq!(rig.value(c), c.right);
    }
}

#[test]
fn blocked_pin_is_refused_without_a_verify_for_both_query_answers() {
    for answer in [QueryWhenBlocked::Sw63C0, QueryWhenBlocked::Sw6984] {
        for c in ALL {
            let mut rig = Rig::new(profile_with(|p| {
                pin_profile(p, c).tries_left = 0;
                p.behaviour.query_when_blocked = answer;
            }));
            let mut tries = full();
            tries[index(c)] = 0;
            for options in [GUARDED, OVERRIDE] {
                assert_blocked(rig.verify(c, c.right, options, &guard(c)), c, false);
                rig.assert_card(tries);
                assert_blocked(rig.change(c, c.right, c.new, options, &guard(c)), c, false);
                rig.assert_card(tries);
            }
            assert_eq!(rig.value(c), c.right);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Change.

#[test]
fn change_then_verify_with_the_new_pin() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        let outcome = rig
            .change(c, c.right, c.new, GUARDED, &change_seq(c, c.right, c.new))
            .unwrap();
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.new);
        assert_eq!(outcome.kind, c.kind);
        assert_eq!(outcome.tries_before, Some(c.max));
        assert_eq!(
            outcome.status_after,
            Some(remaining(rig.pin(c).tries_left, c.max))
        );
        for other in ALL.iter().filter(|other| other.kind != c.kind) {
            assert_eq!(rig.value(other), other.right, "{} untouched", other.kind);
        }

        rig.verify(c, c.new, GUARDED, &verify_seq(c, c.new))
            .unwrap();
        rig.assert_card(full());
        let result = rig.verify(c, c.right, GUARDED, &verify_seq(c, c.right));
        let mut tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries);
        assert_wrong(result, c, c.max - 1);
    }
}

#[test]
fn change_reports_the_counter_read_afterwards_for_both_query_answers() {
    for c in ALL {
        for answer in [QueryAfterVerify::Counter, QueryAfterVerify::Sw9000] {
            let mut rig = Rig::new(profile_with(|p| p.behaviour.query_after_verify = answer));
            let outcome = rig
                .change(c, c.right, c.new, GUARDED, &change_seq(c, c.right, c.new))
                .unwrap();
            rig.assert_card(full());
            let expected = match answer {
                QueryAfterVerify::Counter => remaining(rig.pin(c).tries_left, c.max),
                QueryAfterVerify::Sw9000 => PinStatus::Verified,
            };
            assert_eq!(
                outcome.status_after,
                Some(expected),
                "{} {answer:?}",
                c.kind
            );
            assert_eq!(rig.value(c), c.new);
        }
    }
}

#[test]
fn juki_change_uses_change_key() {
    let mut rig = Rig::new(profile());
    rig.change(
        &JUKI,
        JUKI.right,
        JUKI.new,
        GUARDED,
        &change_seq(&JUKI, JUKI.right, JUKI.new),
    )
    .unwrap();
    let headers = rig.t.sim.headers();
    assert!(headers.contains(&[0x80, 0x32, 0x00, 0x80]));
    assert!(
        !headers.iter().any(|header| header[1] == 0x24),
        "no 00 24 for juki"
    );
    assert_eq!(rig.value(&JUKI), JUKI.new);
}

#[test]
fn change_with_a_wrong_old_pin_changes_nothing_and_costs_one_try() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        let mut tries = full();
        let expected = then(guard(c), [Apdu::VerifyWith(c.wrong.len())]);
        let result = rig.change(c, c.wrong, c.new, GUARDED, &expected);
        tries[index(c)] -= 1;
        rig.assert_card(tries);
        assert_wrong(result, c, c.max - 1);
        assert_eq!(rig.value(c), c.right);

        // The old value still verifies (and restores the counter); the new one does not.
        rig.verify(c, c.right, GUARDED, &verify_seq(c, c.right))
            .unwrap();
        rig.assert_card(full());
        let result = rig.verify(c, c.new, GUARDED, &verify_seq(c, c.new));
        tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries);
        assert_wrong(result, c, c.max - 1);
    }
}

#[test]
fn change_to_the_same_value_sends_nothing() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        for options in [GUARDED, OVERRIDE] {
            let result = rig.change(c, c.right, c.right, options, &[]);
            assert!(
                matches!(result, Err(CardError::SameNewPin(kind)) if kind == c.kind),
                "{result:?}"
            );
            rig.assert_card(full());
        }
        assert!(rig.t.ends.is_empty());
    }
}

#[test]
fn change_to_the_same_sign_value_typed_in_another_case_sends_nothing() {
    let mut rig = Rig::new(profile_with(|p| p.pins.sign.value = "ABCD1234".into()));
    for (old, new) in [("abcd1234", "ABCD1234"), ("ABCD1234", "abcd1234")] {
        let result = rig.change(&SIGN, old, new, GUARDED, &[]);
        assert!(
            matches!(result, Err(CardError::SameNewPin(PinKind::Sign))),
            "{result:?}"
        );
        rig.assert_card(full());
    }
}

#[test]
fn change_rejects_bad_format_switch_does_not_matter_for_valid_values() {
    for c in ALL {
        let mut rig = Rig::new(profile_with(|p| {
            p.behaviour.change_rejects_bad_format = true
        }));
        // For sign the new value is typed in lowercase: the host upper-cases it, so a card
        // that rejects lowercase (6A 80) still accepts it.
        let typed = c.new.to_ascii_lowercase();
        rig.change(c, c.right, &typed, GUARDED, &change_seq(c, c.right, &typed))
            .unwrap();
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.new);
    }
}

#[test]
fn select_clears_verified_still_lets_change_succeed() {
    for c in ALL {
        let mut rig = Rig::new(profile_with(|p| p.behaviour.select_clears_verified = true));
        // change_seq has no SELECT between VERIFY and CHANGE; with this switch, one would
        // make the card answer 69 82 to the CHANGE.
        rig.change(c, c.right, c.new, GUARDED, &change_seq(c, c.right, c.new))
            .unwrap();
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.new);
        rig.verify(c, c.new, GUARDED, &verify_seq(c, c.new))
            .unwrap();
        rig.assert_card(full());
    }
}

// ---------------------------------------------------------------------------------------
// Safety rule 2: status.

#[test]
fn status_sends_no_verify_with_data_and_changes_nothing() {
    let tries = [2, 4, 1, 3];
    let mut rig = Rig::new(profile_with(|p| {
        for c in ALL {
            pin_profile(p, c).tries_left = tries[index(c)];
        }
    }));
    let report = rig.status(&status_seq(true));
    rig.assert_card(tries);
    assert_eq!(rig.last_end().0, Disposition::Leave);
    assert_eq!(report.signature_certificate, Some(true));
    for c in ALL {
        assert_eq!(
            report.get(c.kind),
            Some(remaining(rig.pin(c).tries_left, c.max))
        );
    }
    let verifies: Vec<&Command> = rig.t.sent.iter().filter(|cmd| cmd.ins == 0x20).collect();
    assert_eq!(verifies.len(), 4);
    for command in verifies {
        assert!(command.data.as_bytes().is_empty());
        assert_eq!(command.to_bytes().unwrap().len(), 4);
    }
    // Twice in a row: still nothing spent.
    rig.status(&status_seq(true));
    rig.assert_card(tries);
}

#[test]
fn status_on_a_childs_card_reports_the_sign_pin_as_the_card_has_it() {
    // IEF 001B missing: one SELECT (6A82), reported as no signature certificate.
    let mut rig = Rig::new(profile_with(|p| {
        p.signature_certificate = false;
        p.sign_pin_file = SignPinFile::Missing;
    }));
    let report = rig.status(&status_seq(false));
    rig.assert_card(full());
    assert_eq!(report.signature_certificate, Some(false));
    assert_eq!(
        report.get(PinKind::Sign),
        Some(PinStatus::NotAvailable(Unavailable::NoSignatureCertificate))
    );
    assert_eq!(report.get(PinKind::Auth), Some(remaining(3, 3)));
    // IEF 001B present: its counter, as OpenSC and jpki-cli report it, with the card
    // marked as having no signature certificate.
    let mut rig = Rig::new(profile_with(|p| {
        p.signature_certificate = false;
        p.sign_pin_file = SignPinFile::Present;
        p.pins.sign.tries_left = 2;
    }));
    let report = rig.status(&status_seq(true));
    assert_eq!(report.signature_certificate, Some(false));
    assert_eq!(report.get(PinKind::Sign), Some(remaining(2, 5)));
}

#[test]
fn status_reports_a_blocked_sign_pin_for_both_query_answers() {
    for answer in [QueryWhenBlocked::Sw63C0, QueryWhenBlocked::Sw6984] {
        let mut rig = Rig::new(profile_with(|p| {
            p.pins.sign.tries_left = 0;
            p.behaviour.query_when_blocked = answer;
        }));
        let report = rig.status(&status_seq(true));
        rig.assert_card([3, 0, 3, 3]);
        assert_eq!(
            report.get(PinKind::Sign),
            Some(PinStatus::Blocked { max: 5 })
        );
        assert_eq!(report.get(PinKind::Auth), Some(remaining(3, 3)));
    }
}

#[test]
fn status_reports_verified_only_where_the_card_answered_9000() {
    for c in ALL {
        let profile = profile_with(|p| p.behaviour.query_after_verify = QueryAfterVerify::Sw9000);
        let mut rig = Rig::new_from_card(preverified(profile, c));
        let report = rig.status(&status_seq(true));
        for other in ALL {
            let expected = if other.kind == c.kind {
                PinStatus::Verified
            } else {
                remaining(other.max, other.max)
            };
            assert_eq!(
                report.get(other.kind),
                Some(expected),
                "{} after {}",
                other.kind,
                c.kind
            );
        }
        // status leaves the card as it found it (Disposition::Leave).
        assert_eq!(rig.last_end().0, Disposition::Leave);
        assert!(rig.pin(c).verified);
        assert_eq!(ALL.map(|c| rig.pin(c).tries_left), full());
    }
    // The same session state on a card that answers with the counter is not "verified".
    let mut rig = Rig::new_from_card(preverified(profile(), &AUTH));
    let report = rig.status(&status_seq(true));
    assert_eq!(report.get(PinKind::Auth), Some(remaining(3, 3)));
    // And on a card where SELECT clears the state, the query no longer answers 90 00.
    let profile = profile_with(|p| {
        p.behaviour.query_after_verify = QueryAfterVerify::Sw9000;
        p.behaviour.select_clears_verified = true;
    });
    let mut rig = Rig::new_from_card(preverified(profile, &AUTH));
    let report = rig.status(&status_seq(true));
    assert_eq!(report.get(PinKind::Auth), Some(remaining(3, 3)));
    rig.assert_card(full());
}

// ---------------------------------------------------------------------------------------
// An already-verified card (docs/protocol.md §10.4, §12).

#[test]
fn verify_power_cycles_when_the_query_answers_9000() {
    for c in ALL {
        let profile = profile_with(|p| p.behaviour.query_after_verify = QueryAfterVerify::Sw9000);
        let expected = then(
            then(guard(c), requery(c)),
            [Apdu::VerifyWith(c.wrong.len())],
        );
        let mut rig = Rig::new_from_card(preverified(profile.clone(), c));
        let result = rig.verify(c, c.wrong, GUARDED, &expected);
        assert_eq!(rig.t.resets, 1);
        let mut tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries);
        assert_wrong(result, c, c.max - 1);

        let expected = then(
            then(guard(c), requery(c)),
            [Apdu::VerifyWith(c.right.len())],
        );
        let mut rig = Rig::new_from_card(preverified(profile, c));
        let outcome = rig.verify(c, c.right, GUARDED, &expected).unwrap();
        assert_eq!(rig.t.resets, 1);
        assert_eq!(outcome.tries_before, Some(rig.pin(c).tries_left));
        rig.assert_card(full());
    }
}

#[test]
fn verify_on_a_verified_card_that_reports_the_counter_needs_no_power_cycle() {
    for c in ALL {
        let mut rig = Rig::new_from_card(preverified(profile(), c));
        let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
        assert_eq!(rig.t.resets, 0);
        let mut tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries);
        assert_wrong(result, c, c.max - 1);
    }
}

#[test]
fn card_still_answering_9000_after_a_power_cycle_needs_the_override() {
    for c in ALL {
        let profile = profile_with(|p| p.behaviour.query_after_verify = QueryAfterVerify::Sw9000);
        let mut rig = Rig::new_from_card(preverified(profile, c));
        rig.t.keep_verified_on_reset = true;
        let result = rig.verify(c, c.right, GUARDED, &then(guard(c), requery(c)));
        assert!(
            matches!(result, Err(CardError::CounterUnknown(kind)) if kind == c.kind),
            "{result:?}"
        );
        rig.assert_card(full());

        let mut rig = Rig::new_from_card(preverified(
            profile_with(|p| p.behaviour.query_after_verify = QueryAfterVerify::Sw9000),
            c,
        ));
        rig.t.keep_verified_on_reset = true;
        let expected = then(
            then(guard(c), requery(c)),
            [Apdu::VerifyWith(c.right.len())],
        );
        let outcome = rig.verify(c, c.right, OVERRIDE, &expected).unwrap();
        assert_eq!(outcome.tries_before, None);
        rig.assert_card(full());
    }
}

// ---------------------------------------------------------------------------------------
// Safety rule 5: outcome unknown.

fn change_ins(c: &Cred) -> u8 {
    if c.kind == PinKind::Juki { 0x32 } else { 0x24 }
}

/// Guard, VERIFY old, the CHANGE whose answer never came.
fn interrupted_change(c: &Cred) -> Vec<Apdu> {
    then(
        guard(c),
        [Apdu::VerifyWith(c.right.len()), change_command(c, c.new)],
    )
}

#[test]
fn lost_answer_to_change_is_outcome_unknown_and_the_card_changed() {
    for c in ALL {
        let fault = Fault::LoseAnswerOf { ins: change_ins(c) };
        let mut rig = Rig::with_fault(profile(), fault);
        let result = rig.change(c, c.right, c.new, GUARDED, &interrupted_change(c));
        assert_outcome_unknown(result, c, Operation::Change);
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.new, "the card did change");

        rig.reinsert();
        rig.verify(c, c.new, GUARDED, &verify_seq(c, c.new))
            .unwrap();
        rig.assert_card(full());
    }
}

#[test]
fn card_removed_before_change_is_outcome_unknown_and_nothing_changed() {
    for c in ALL {
        let fault = Fault::RemoveBefore { ins: change_ins(c) };
        let mut rig = Rig::with_fault(profile(), fault);
        let result = rig.change(c, c.right, c.new, GUARDED, &interrupted_change(c));
        assert_outcome_unknown(result, c, Operation::Change);
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.right, "the card did not change");

        rig.reinsert();
        rig.verify(c, c.right, GUARDED, &verify_seq(c, c.right))
            .unwrap();
        rig.assert_card(full());
    }
}

#[test]
fn lost_answer_to_verify_is_outcome_unknown() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        rig.t.lose_verify_answer = true;
        let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
        assert_outcome_unknown(result, c, Operation::Verify);
        let mut tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries); // the card did spend the try; the tool did not claim either way

        rig.t.lose_verify_answer = true;
        let result = rig.verify(c, c.right, GUARDED, &verify_seq(c, c.right));
        assert_outcome_unknown(result, c, Operation::Verify);
        rig.assert_card(full());
    }
}

#[test]
fn lost_answer_to_the_old_value_verify_in_a_change_sends_no_change() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        rig.t.lose_verify_answer = true;
        let expected = then(guard(c), [Apdu::VerifyWith(c.right.len())]);
        let result = rig.change(c, c.right, c.new, GUARDED, &expected);
        assert_outcome_unknown(result, c, Operation::Verify);
        rig.assert_card(full());
        assert_eq!(rig.value(c), c.right);
    }
}

/// `Fault` triggers on the first command with an INS *and a data field*; for `20` that is
/// the VERIFY with the PIN, never the empty counter query before it.
#[test]
fn sim_fault_on_ins_20_hits_the_verify_with_data() {
    for c in ALL {
        let mut rig = Rig::with_fault(profile(), Fault::LoseAnswerOf { ins: 0x20 });
        let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
        assert_outcome_unknown(result, c, Operation::Verify);
        let mut tries = full();
        tries[index(c)] -= 1;
        rig.assert_card(tries); // the card executed the VERIFY whose answer was lost

        let mut rig = Rig::with_fault(profile(), Fault::RemoveBefore { ins: 0x20 });
        let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
        assert_outcome_unknown(result, c, Operation::Verify);
        rig.assert_card(full()); // pulled before the VERIFY arrived: nothing spent
    }
}

// ---------------------------------------------------------------------------------------
// Safety rule 6: unpowered afterwards.

#[test]
fn pin_flows_leave_the_card_unpowered() {
    for c in ALL {
        let mut rig = Rig::new(profile());
        rig.verify(c, c.right, GUARDED, &verify_seq(c, c.right))
            .unwrap();
        let (disposition, before) = rig.last_end();
        assert_eq!(disposition, Disposition::Unpower);
        assert!(before[index(c)], "verified until the flow ended");
        rig.assert_card(full());

        rig.change(c, c.right, c.new, GUARDED, &change_seq(c, c.right, c.new))
            .unwrap();
        let (disposition, before) = rig.last_end();
        assert_eq!(disposition, Disposition::Unpower);
        assert!(before[index(c)]);
        rig.assert_card(full());

        let result = rig.verify(c, c.wrong, GUARDED, &verify_seq(c, c.wrong));
        assert_wrong(result, c, c.max - 1);
        assert_eq!(rig.last_end().0, Disposition::Unpower);
        assert_eq!(rig.t.ends.len(), 3);
    }
}

// ---------------------------------------------------------------------------------------
// A child's card.

#[test]
fn sign_on_a_childs_card_is_not_available() {
    let mut rig = Rig::new(profile_with(|p| p.signature_certificate = false));
    let expected = [
        Apdu::SelectAp(JPKI_AP),
        Apdu::SelectEf(EF_CERT_PRESENCE),
        Apdu::ReadBinary,
    ];
    let not_available = |result: &Result<_, CardError>| {
        matches!(
            result,
            Err(CardError::NotAvailable {
                kind: PinKind::Sign,
                reason: Unavailable::NoSignatureCertificate
            })
        )
    };
    for options in [GUARDED, OVERRIDE] {
        let result = rig.verify(&SIGN, SIGN.right, options, &expected);
        assert!(not_available(&result.map(|_| ())), "verify");
        rig.assert_card(full());
        let result = rig.change(&SIGN, SIGN.right, SIGN.new, options, &expected);
        assert!(not_available(&result.map(|_| ())), "change");
        rig.assert_card(full());
        assert_eq!(rig.value(&SIGN), SIGN.right);
    }
    // The auth password on the same card works as usual.
    rig.verify(&AUTH, AUTH.right, GUARDED, &verify_seq(&AUTH, AUTH.right))
        .unwrap();
    rig.assert_card(full());
}

// ---------------------------------------------------------------------------------------
// Properties of Pin::new.

/// The rule of docs/DESIGN.md "The credentials" / docs/protocol.md §7, written independently.
fn documented_format(kind: PinKind, typed: &str) -> bool {
    match kind {
        PinKind::Sign => {
            let upper = typed.to_ascii_uppercase();
            (6..=16).contains(&upper.len())
                && upper
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && upper.bytes().any(|b| b.is_ascii_uppercase())
                && upper.bytes().any(|b| b.is_ascii_digit())
        }
        _ => typed.len() == 4 && typed.bytes().all(|b| b.is_ascii_digit()),
    }
}

fn typed_strings() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{3,5}",
        "[a-zA-Z0-9]{0,18}",
        "[ -~]{0,18}",
        "[0-9a-zA-Z０-９é]{4,17}",
    ]
}

proptest! {
    #[test]
    fn pin_new_never_panics_and_accepts_exactly_the_documented_format(
        typed in typed_strings(),
    ) {
        for kind in PinKind::ALL {
            let result = Pin::new(kind, &typed);
            prop_assert_eq!(result.is_ok(), documented_format(kind, &typed), "{} {:?}", kind, typed);
            match result {
                Ok(pin) => {
                    prop_assert_eq!(pin.kind(), kind);
                    let lowercase = typed.bytes().any(|b| b.is_ascii_lowercase());
                    prop_assert_eq!(pin.was_uppercased(), kind == PinKind::Sign && lowercase);
                    let debug = format!("{:?}", pin);
                    prop_assert!(!debug.contains(typed.as_str()));
                }
                Err(error) => prop_assert_eq!(error.kind, kind),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_accepted_sign_password_reaches_the_card_upper_cased(
        typed in "[a-zA-Z0-9]{6,16}",
    ) {
        prop_assume!(documented_format(PinKind::Sign, &typed));
        let upper = typed.to_ascii_uppercase();
        let mut rig = Rig::new(profile_with(|p| p.pins.sign.value = upper.clone()));
        let outcome = rig.verify(&SIGN, &typed, GUARDED, &verify_seq(&SIGN, &typed));
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
        prop_assert_eq!(rig.pin(&SIGN).tries_left, 5);
    }
}

// ---------------------------------------------------------------------------------------
// status of chosen PINs only.

#[test]
fn status_of_chosen_pins_selects_only_their_applications() {
    // (PINs asked for, APDUs sent, SELECT EF commands among them)
    let cases: [(&[PinKind], usize, usize); 4] = [
        (&[PinKind::Auth], 3, 1),
        (&[PinKind::Sign], 5, 2),
        (&[PinKind::Auth, PinKind::Sign], 7, 3),
        (&[PinKind::Text, PinKind::Juki], 6, 2),
    ];
    for (kinds, apdus, ef_selections) in cases {
        let mut card = Card::new(SimTransport::new(SimCard::new(Profile::default())));
        let report = card.status_of(kinds).expect("status");
        let listed: Vec<PinKind> = report.pins.iter().map(|row| row.kind).collect();
        assert_eq!(listed, kinds, "only the PINs asked for, in order");
        assert!(
            report
                .pins
                .iter()
                .all(|row| matches!(row.status, PinStatus::Remaining { .. }))
        );
        let transport = card.into_transport();
        assert_eq!(transport.exchanges(), apdus, "{kinds:?}");
        let selections = transport
            .headers()
            .iter()
            .filter(|header| **header == [0x00, 0xA4, 0x02, 0x0C])
            .count();
        assert_eq!(selections, ef_selections, "{kinds:?}");
        assert!(
            transport.headers().iter().all(|header| header[1] != 0x24),
            "no CHANGE"
        );
    }
}

#[test]
fn status_of_sign_on_a_childs_card_reads_ef_0008_and_stops() {
    let profile = Profile {
        signature_certificate: false,
        sign_pin_file: SignPinFile::Missing,
        ..Profile::default()
    };
    let mut card = Card::new(SimTransport::new(SimCard::new(profile)));
    let report = card.status_of(&[PinKind::Sign]).expect("status");
    assert_eq!(report.signature_certificate, Some(false));
    assert_eq!(
        report.get(PinKind::Sign),
        Some(PinStatus::NotAvailable(Unavailable::NoSignatureCertificate))
    );
    assert_eq!(
        card.into_transport().exchanges(),
        4,
        "SELECT AP, SELECT EF 0008, READ BINARY, SELECT EF 001B (6A82)"
    );
}

/// `slow` (a test aid for front ends) is no fault: the card answers what it always
/// answers, only later, and a verify through it succeeds with the counter full.
#[test]
fn a_slow_card_answers_as_usual_only_later() {
    let fault: Fault = "slow:20".parse().unwrap();
    let transport = SimTransport::new(SimCard::new(Profile::default())).with_fault(fault);
    let started = std::time::Instant::now();
    let pin = Pin::new(PinKind::Auth, "1234").unwrap();
    let outcome = Card::new(transport)
        .verify(&pin, PinOptions::default())
        .unwrap();
    assert!(started.elapsed() >= mynapin::sim::SLOW_ANSWER);
    assert_eq!(outcome.tries_now, 3);
}
