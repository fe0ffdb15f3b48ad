//! The fault table: every flow of the card layer, with every fault the simulated card can
//! stage ([`FaultKind::TABLE`]), at every APDU of the flow.
//!
//! For each flow, the flow first runs on a clean simulated card, which gives its APDUs (and
//! which of them are writes: a VERIFY with a value, CHANGE REFERENCE DATA, CHANGE KEY,
//! RESET RETRY COUNTER). Then for every position × every fault, the flow runs on a fresh
//! card with that fault at that position (`Fault::at`), and the row checks docs/DESIGN.md's
//! safety rules:
//!
//! - (a) a success is reported only when the card's state proves it (a status report equals
//!   the card's counters; a verify reported correct ⇒ the counter is at its maximum; a
//!   change or reset reported done ⇒ the new value is on the card, its counter full);
//! - (b) *outcome unknown* is reported exactly when the fault hit a write and the write may
//!   have reached the card (every kind but `card-reset`, which pcsc-lite reports before
//!   sending), naming the write's operation;
//! - (c) the card's state is what was reported: a wrong PIN ⇒ its counter went down by
//!   exactly one; a refusal or an environment error ⇒ nothing changed; outcome unknown ⇒
//!   either the state before or the state the flow aims at (and exactly the one the
//!   staged fault implies); the card never received a write twice, and the flow sent no
//!   more APDUs than on a clean card (nothing resent);
//! - an environment fault (pulled, lost, short answer, timeout, reset) not at a write is an
//!   environment error (a transport error), a status word is not;
//! - after PIN work no PIN is verified and the terminal is not authenticated (rule 6);
//! - (d) no panic: each row runs under `catch_unwind` and names itself if it panics.
//!
//! The table is deterministic (terminal-key challenges seeded). Print it with
//! `cargo test --test integration fault_table -- --nocapture`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use mynapin::card::{
    Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus, ResetOutcome, StatusReport,
};
use mynapin::sim::{Fault, FaultKind, Profile, SimCard};
use mynapin::terminal_key::TerminalKey;
use mynapin::transport::SimTransport;

/// The resets and the 住基 PIN's CHANGE KEY are unconfirmed on real cards: allowed here, as
/// `--simulated` does.
const OPTIONS: PinOptions = PinOptions {
    allow_last_try: false,
    allow_unconfirmed_commands: true,
};

/// Terminal-key challenges come from this seed, so every run of the table is the same.
const SEED: u64 = 20_261_126;

/// The card's persistent state: each PIN's value and counter (in [`PinKind::ALL`] order)
/// and the terminal key's counter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    pins: Vec<(String, u8)>,
    terminal: Option<u8>,
}

impl State {
    fn of_profile(profile: &Profile) -> State {
        State {
            pins: PinKind::ALL
                .iter()
                .map(|&kind| {
                    let pin = profile.pins.get(kind);
                    (pin.value.clone(), pin.tries_left)
                })
                .collect(),
            terminal: profile
                .terminal
                .as_ref()
                .map(|terminal| terminal.tries_left),
        }
    }

    fn of_card(card: &SimCard) -> State {
        State::of_profile(&card.to_profile())
    }

    fn value(&self, kind: PinKind) -> &str {
        &self.pins[kind.index()].0
    }

    fn left(&self, kind: PinKind) -> u8 {
        self.pins[kind.index()].1
    }

    /// The same state with `kind` set to `value` and its counter to `left`.
    fn with(&self, kind: PinKind, value: &str, left: u8) -> State {
        let mut state = self.clone();
        state.pins[kind.index()] = (value.to_owned(), left);
        state
    }
}

/// What a successful flow claims about the card.
#[derive(Debug)]
enum Claim {
    /// A status report (status, issuer before): its counters must be the card's.
    Status(StatusReport),
    /// VERIFY answered `90 00`: the counter must be at its maximum.
    Verified(PinKind),
    /// CHANGE or RESET RETRY COUNTER done: the new value on the card, its counter full.
    Written { kind: PinKind, value: &'static str },
    /// The issuer's after-read: the state it reports must be the card's.
    IssuerAfter(ResetOutcome),
}

/// One flow of the table.
struct Flow {
    name: &'static str,
    /// Whether the flow does PIN work (and must leave the card unpowered).
    pin_work: bool,
    /// The card it runs on.
    profile: fn() -> Profile,
    /// The state the flow aims at, from the state before.
    aim: fn(&State) -> State,
    run: fn(&mut Card<SimTransport>) -> Result<Claim, CardError>,
}

fn pin(kind: PinKind, value: &str) -> Pin {
    Pin::new(kind, value).unwrap()
}

fn default_card() -> Profile {
    Profile::default()
}

fn with_blocked(kind: PinKind) -> Profile {
    let mut profile = Profile::default();
    profile.pins.get_mut(kind).tries_left = 0;
    profile
}

fn sign_blocked() -> Profile {
    with_blocked(PinKind::Sign)
}

fn text_blocked() -> Profile {
    with_blocked(PinKind::Text)
}

fn unchanged(state: &State) -> State {
    state.clone()
}

fn flows() -> Vec<Flow> {
    vec![
        Flow {
            name: "status",
            pin_work: false,
            profile: default_card,
            aim: unchanged,
            run: |card| card.status().map(Claim::Status),
        },
        Flow {
            name: "verify auth (right)",
            pin_work: true,
            profile: default_card,
            aim: unchanged,
            run: |card| {
                let outcome = card.verify(&pin(PinKind::Auth, "1234"), OPTIONS)?;
                assert_eq!(outcome.tries_now, PinKind::Auth.max_tries());
                Ok(Claim::Verified(PinKind::Auth))
            },
        },
        Flow {
            name: "verify auth (wrong)",
            pin_work: true,
            profile: default_card,
            aim: |state| {
                state.with(
                    PinKind::Auth,
                    state.value(PinKind::Auth),
                    state.left(PinKind::Auth) - 1,
                )
            },
            run: |card| {
                card.verify(&pin(PinKind::Auth, "9876"), OPTIONS)?;
                Ok(Claim::Verified(PinKind::Auth))
            },
        },
        Flow {
            name: "change auth",
            pin_work: true,
            profile: default_card,
            aim: |state| state.with(PinKind::Auth, "7391", PinKind::Auth.max_tries()),
            run: |card| {
                card.change(
                    &pin(PinKind::Auth, "1234"),
                    &pin(PinKind::Auth, "7391"),
                    OPTIONS,
                )?;
                Ok(Claim::Written {
                    kind: PinKind::Auth,
                    value: "7391",
                })
            },
        },
        Flow {
            name: "change juki (CHANGE KEY)",
            pin_work: true,
            profile: default_card,
            aim: |state| state.with(PinKind::Juki, "8024", PinKind::Juki.max_tries()),
            run: |card| {
                card.change(
                    &pin(PinKind::Juki, "1234"),
                    &pin(PinKind::Juki, "8024"),
                    OPTIONS,
                )?;
                Ok(Claim::Written {
                    kind: PinKind::Juki,
                    value: "8024",
                })
            },
        },
        Flow {
            name: "reset sign by other-password",
            pin_work: true,
            profile: sign_blocked,
            aim: |state| state.with(PinKind::Sign, "QZ7391XK", PinKind::Sign.max_tries()),
            run: |card| {
                card.reset_with_other_password(
                    &pin(PinKind::Sign, "QZ7391XK"),
                    &pin(PinKind::Auth, "1234"),
                    OPTIONS,
                )?;
                Ok(Claim::Written {
                    kind: PinKind::Sign,
                    value: "QZ7391XK",
                })
            },
        },
        Flow {
            name: "reset text by terminal-key",
            pin_work: true,
            profile: text_blocked,
            aim: |state| state.with(PinKind::Text, "5678", PinKind::Text.max_tries()),
            run: |card| {
                let key = TerminalKey::from_hex(mynapin::sim::TEST_TERMINAL_KEY).unwrap();
                card.reset_with_terminal_key(&pin(PinKind::Text, "5678"), &key, OPTIONS)?;
                Ok(Claim::Written {
                    kind: PinKind::Text,
                    value: "5678",
                })
            },
        },
        Flow {
            name: "reset sign by issuer (before)",
            pin_work: false,
            profile: sign_blocked,
            aim: unchanged,
            run: |card| card.issuer_before(PinKind::Sign).map(Claim::Status),
        },
        Flow {
            name: "reset sign by issuer (after)",
            pin_work: false,
            // Back from the J-LIS equipment: the counter full again.
            profile: default_card,
            aim: unchanged,
            run: |card| {
                let before = issuer_before_report();
                card.issuer_after(PinKind::Sign, &before)
                    .map(Claim::IssuerAfter)
            },
        },
    ]
}

/// What `issuer_before` read on the blocked card, handed to `issuer_after`.
fn issuer_before_report() -> StatusReport {
    let mut card = Card::new(SimTransport::new(SimCard::new(sign_blocked())));
    card.issuer_before(PinKind::Sign).unwrap()
}

// ---------------------------------------------------------------------------------------
// Running a row.

/// The operation of a write (a PIN-carrying command) from its header and data length;
/// `None` for any other command (the counter query `00 20 00 80` carries no data).
fn write_operation(header: [u8; 4], data_len: usize) -> Option<Operation> {
    match (header[1], data_len) {
        (_, 0) => None,
        (0x20, _) => Some(Operation::Verify),
        (0x24 | 0x32, _) => Some(Operation::Change),
        (0x2C, _) => Some(Operation::Reset),
        _ => None,
    }
}

/// What a flow reported, as the table tells it apart.
#[derive(Debug)]
enum Reported {
    Done(Claim),
    WrongPin { kind: PinKind, left: u8 },
    Blocked { kind: PinKind, just_now: bool },
    Unknown(Operation),
    Environment(String),
    Refused(String),
}

impl Reported {
    fn of(result: Result<Claim, CardError>) -> Reported {
        match result {
            Ok(claim) => Reported::Done(claim),
            Err(CardError::WrongPin { kind, left }) => Reported::WrongPin { kind, left },
            Err(CardError::Blocked { kind, just_now }) => Reported::Blocked { kind, just_now },
            Err(
                CardError::OutcomeUnknown { operation, .. }
                | CardError::OutcomeUnknownStatus { operation, .. },
            ) => Reported::Unknown(operation),
            Err(CardError::Transport(error)) => Reported::Environment(error.to_string()),
            Err(other) => Reported::Refused(format!("{other:?}")),
        }
    }

    /// A short name for the printed table.
    fn label(&self) -> String {
        match self {
            Reported::Done(_) => "done".to_owned(),
            Reported::WrongPin { left, .. } => format!("wrong-pin ({left} left)"),
            Reported::Blocked { .. } => "blocked".to_owned(),
            Reported::Unknown(operation) => format!("outcome-unknown ({operation:?})"),
            Reported::Environment(error) => format!("environment: {error}"),
            Reported::Refused(error) => format!("refused: {error}"),
        }
    }
}

/// One run of a flow on a fresh card.
struct Run {
    before: State,
    reported: Reported,
    transport: SimTransport,
}

fn run(flow: &Flow, fault: Option<Fault>) -> Run {
    let card = SimCard::new((flow.profile)()).with_seeded_challenges(SEED);
    let before = State::of_card(&card);
    let mut transport = SimTransport::new(card);
    if let Some(fault) = fault {
        transport = transport.with_fault(fault);
    }
    let mut card = Card::new(transport);
    let reported = Reported::of((flow.run)(&mut card));
    Run {
        before,
        reported,
        transport: card.into_transport(),
    }
}

/// The flow on a clean card: its APDUs (header, data length).
struct Clean {
    apdus: Vec<([u8; 4], usize)>,
    last_write: Option<usize>,
    writes: usize,
}

fn clean(flow: &Flow) -> Clean {
    let run = run(flow, None);
    let apdus = run.transport.executed().to_vec();
    assert_eq!(
        apdus.len(),
        run.transport.exchanges(),
        "{}: a clean card executes every command",
        flow.name
    );
    let writes: Vec<usize> = apdus
        .iter()
        .enumerate()
        .filter(|&(_, &(header, len))| write_operation(header, len).is_some())
        .map(|(index, _)| index + 1)
        .collect();
    Clean {
        last_write: writes.last().copied(),
        writes: writes.len(),
        apdus,
    }
}

/// The state a status report should show for `kind` on a card in `state`.
fn truth(state: &State, kind: PinKind) -> PinStatus {
    let max = kind.max_tries();
    match state.left(kind) {
        0 => PinStatus::Blocked { max },
        left => PinStatus::Remaining { left, max },
    }
}

/// Checks one row; panics (with the row's name in the caller) on a broken rule.
fn check(flow: &Flow, clean: &Clean, position: usize, kind: FaultKind, run: &Run) {
    let transport = &run.transport;
    let card = transport.card();
    let before = &run.before;
    let after = State::of_card(card);
    let aim = (flow.aim)(before);
    let (header, len) = clean.apdus[position - 1];
    let write_at = write_operation(header, len);
    assert!(transport.fault_fired(), "the fault fired");

    // (b) outcome unknown exactly when a write's answer was lost or an execution error
    // answered it; a reset by another application is reported before anything is sent.
    let expect_unknown = write_at.is_some() && kind != FaultKind::CardReset;
    match (&run.reported, expect_unknown) {
        (Reported::Unknown(operation), true) => {
            assert_eq!(Some(*operation), write_at, "the operation named");
        }
        (Reported::Unknown(_), false) => panic!("outcome unknown, but no write was hit"),
        (reported, true) => panic!("a write's answer was lost, but reported {reported:?}"),
        _ => {}
    }
    // An environment fault is an environment error; a status word is not.
    if matches!(
        run.reported,
        Reported::Environment(_) | Reported::Refused(_)
    ) {
        assert_eq!(
            matches!(run.reported, Reported::Environment(_)),
            kind.status_word().is_none(),
            "environment error exactly for an environment fault"
        );
    }

    // (a) and (c): the card's state is what was reported.
    match &run.reported {
        Reported::Done(claim) => {
            assert_eq!(after, aim, "a success leaves the card where the flow aims");
            match claim {
                Claim::Status(report) => {
                    let kinds: Vec<PinKind> = report.pins.iter().map(|pin| pin.kind).collect();
                    assert_eq!(kinds, PinKind::ALL, "every PIN reported");
                    for pin in &report.pins {
                        assert_eq!(pin.status, truth(&after, pin.kind), "{:?}", pin.kind);
                    }
                }
                Claim::Verified(kind) => {
                    assert_eq!(after.left(*kind), kind.max_tries(), "counter at max");
                }
                Claim::Written { kind, value } => {
                    assert_eq!(after.value(*kind), *value, "the new value is on the card");
                    assert_eq!(after.left(*kind), kind.max_tries(), "counter at max");
                }
                Claim::IssuerAfter(outcome) => {
                    assert_eq!(
                        outcome.status_after,
                        Some(truth(&after, outcome.kind)),
                        "the state read after is the card's"
                    );
                }
            }
        }
        Reported::WrongPin { kind, left } => {
            assert_eq!(*left + 1, before.left(*kind), "exactly one try spent");
            assert_eq!(after, before.with(*kind, before.value(*kind), *left));
        }
        Reported::Blocked { kind, just_now } => {
            if *just_now {
                assert_eq!((before.left(*kind), after.left(*kind)), (1, 0));
            } else {
                assert_eq!(after, *before, "a blocked PIN refused changes nothing");
            }
        }
        Reported::Environment(_) | Reported::Refused(_) => {
            assert_eq!(
                after, *before,
                "an error that is not outcome unknown changes nothing"
            );
        }
        Reported::Unknown(_) => {
            // Either state is possible in general; the simulated card's is the one the
            // staged fault implies: the flow's aim only if its last write was executed.
            let expected = if Some(position) == clean.last_write && kind.executes() {
                &aim
            } else {
                before
            };
            assert_eq!(after, *expected, "outcome unknown: before or aimed at");
        }
    }

    // Nothing resent: every write reached the card at most once, and the flow sent no
    // more APDUs than on a clean card.
    let executed_writes: Vec<[u8; 4]> = transport
        .executed()
        .iter()
        .filter(|&&(header, len)| write_operation(header, len).is_some())
        .map(|&(header, _)| header)
        .collect();
    for header in &executed_writes {
        let times = executed_writes.iter().filter(|&h| h == header).count();
        assert!(times <= 1, "write {header:02X?} received {times} times");
    }
    assert!(executed_writes.len() <= clean.writes, "no extra write");
    assert!(
        transport.exchanges() <= clean.apdus.len(),
        "{} APDUs sent, {} on a clean card",
        transport.exchanges(),
        clean.apdus.len()
    );

    // Rule 6: after PIN work, nothing verified lingers.
    if flow.pin_work {
        for kind in PinKind::ALL {
            assert!(!card.pin(kind).verified, "{kind:?} left verified");
        }
        assert_ne!(
            card.terminal().map(|terminal| terminal.authenticated),
            Some(true),
            "the terminal left authenticated"
        );
    }
}

fn header_text(header: [u8; 4], len: usize) -> String {
    let [cla, ins, p1, p2] = header;
    let data = if len > 0 {
        format!(" +{len}")
    } else {
        String::new()
    };
    format!("{cla:02X} {ins:02X} {p1:02X} {p2:02X}{data}")
}

/// Rows per flow: its APDUs on a clean card × the 9 kinds of [`FaultKind::TABLE`].
const EXPECTED_ROWS: [(&str, usize); 9] = [
    ("status", 13 * 9),
    ("verify auth (right)", 5 * 9),
    ("verify auth (wrong)", 4 * 9),
    ("change auth", 6 * 9),
    ("change juki (CHANGE KEY)", 6 * 9),
    ("reset sign by other-password", 11 * 9),
    ("reset text by terminal-key", 7 * 9),
    ("reset sign by issuer (before)", 13 * 9),
    ("reset sign by issuer (after)", 3 * 9),
];

#[test]
fn every_fault_at_every_apdu_of_every_flow() {
    let mut failures = Vec::new();
    let mut sizes = Vec::new();
    let mut unknown_rows = 0;
    for flow in flows() {
        let clean = clean(&flow);
        // The clean run itself is a row of its own kind: it must succeed, except the
        // wrong-PIN verify, which must cost exactly one try.
        let baseline = run(&flow, None);
        println!(
            "== {} ({} APDUs): clean → {}",
            flow.name,
            clean.apdus.len(),
            baseline.reported.label()
        );
        let mut rows = 0;
        for position in 1..=clean.apdus.len() {
            let (header, len) = clean.apdus[position - 1];
            for kind in FaultKind::TABLE {
                rows += 1;
                let row = format!(
                    "{} | #{position} {} | {kind}",
                    flow.name,
                    header_text(header, len)
                );
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    let run = run(&flow, Some(Fault::at(kind, position)));
                    check(&flow, &clean, position, kind, &run);
                    run.reported.label()
                }));
                match outcome {
                    Ok(label) => {
                        if label.starts_with("outcome-unknown") {
                            unknown_rows += 1;
                        }
                        println!("{row} → {label}");
                    }
                    Err(panic) => {
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_default();
                        println!("{row} → FAILED: {message}");
                        failures.push(format!("{row}: {message}"));
                    }
                }
            }
        }
        sizes.push((flow.name, rows));
    }
    let total: usize = sizes.iter().map(|(_, rows)| rows).sum();
    println!(
        "fault table: {total} rows, {unknown_rows} outcome unknown, {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(sizes, EXPECTED_ROWS, "the table's size per flow");
}

/// The table's write rows through the command line (`--simulated=FILE --sim-fault`): every
/// kind at the VERIFY of a wrong `verify auth` (#4) and at the CHANGE of `change auth`
/// (#5) gives exit 7 (`outcome-unknown`, naming the operation), except `card-reset`, exit 3
/// (`card-reset`, nothing sent); the profile file holds what the card did.
#[test]
fn write_rows_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let card = dir.path().join("card.toml");
    let auth = |profile: &Profile| {
        (
            profile.pins.auth.value.clone(),
            profile.pins.auth.tries_left,
        )
    };
    let cases: [(&[&str], &str, usize, &str); 2] = [
        (&["verify", "auth"], "9876\n", 4, "verify"),
        (&["change", "auth"], "1234\n7391\n", 5, "change"),
    ];
    for (command, stdin, position, operation) in cases {
        let before = auth(&Profile::default());
        let aimed = if operation == "verify" {
            (before.0.clone(), before.1 - 1)
        } else {
            ("7391".to_owned(), before.1)
        };
        for kind in FaultKind::TABLE {
            Profile::default().save_atomically(&card).unwrap();
            let fault = Fault::at(kind, position).to_string();
            let simulated = format!("--simulated={}", card.display());
            let mut args = vec![
                simulated.as_str(),
                "--sim-fault",
                &fault,
                "--format",
                "json",
                "--audit-log",
                log.to_str().unwrap(),
            ];
            args.extend_from_slice(command);
            args.push("--pin-stdin");
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mynapin"))
                .args(&args)
                .env("LANG", "en_US.UTF-8")
                .env("XDG_STATE_HOME", crate::audit::state_home())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
            let output = child.wait_with_output().unwrap();
            let row = format!("{} with {fault}", command[0]);
            let document: serde_json::Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|error| panic!("{row}: not JSON ({error}): {output:?}"));
            let state = auth(&Profile::load(&card).unwrap());
            if kind == FaultKind::CardReset {
                assert_eq!(output.status.code(), Some(3), "{row}: {document}");
                assert_eq!(document["error"], "card-reset", "{row}");
                assert_eq!(state, before, "{row}: nothing sent");
            } else {
                assert_eq!(output.status.code(), Some(7), "{row}: {document}");
                assert_eq!(document["error"], "outcome-unknown", "{row}");
                assert_eq!(document["operation"], operation, "{row}");
                let expected = if kind.executes() { &aimed } else { &before };
                assert_eq!(&state, expected, "{row}: the card holds what it did");
            }
        }
    }
}
