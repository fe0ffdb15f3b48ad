//! End-to-end tests through a real pcscd: the simulated card served on vpcd
//! (`mynapin::sim::vpcd::serve`, ports 35963/35964, readers `Virtual PCD 00 00` and
//! `Virtual PCD 00 01`), reached through `PcscTransport` and driven by
//! `mynapin::card::Card`, with the counters checked on the simulated card afterwards.
//!
//! They need a `pcscd --foreground` already running (docs/pcscd-vpcd.md §2, §9), so
//! they are `#[ignore]`d and `.ci/test` runs them; run without pcscd, each fails. They
//! insert their own cards. If another card program already occupies slot 0 (as `.ci/test`
//! does), they use slot 1 for their own card and the occupied slot as the "other reader".
//! The pcscd-not-running test needs pcscd stopped (`.ci/test` runs it last).
//!
//! Tests that use pcscd hold one lock (shared with `e2e_cli`), so they never run at the
//! same time.

use crate::common::{lock, require_pcscd, require_pcscd_stopped};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mynapin::apdu::{ApduError, Command, INS_SELECT, StatusWord};
use mynapin::card::probe::answers_jpki;
use mynapin::card::{Card, CardError, Operation, Pin, PinKind, PinOptions, PinStatus};
use mynapin::sim::vpcd::{self, Control, ServeEnd, VpcdError, VpcdEvent, VpcdOptions};
use mynapin::sim::{Fault, Profile, SimCard};
use mynapin::transport::{
    Disposition, PcscTransport, ReaderChoice, Transport, TransportError, list_readers,
};

/// How long to wait for pcscd to notice a card (it polls every 400 ms).
const NOTICE: Duration = Duration::from_secs(5);
/// Two of pcscd's 400 ms presence polls, with a margin (see [`Inserted::finish`]).
const HANDLER_POLLS: Duration = Duration::from_millis(1000);

/// A vpcd slot: its reader name and port.
#[derive(Debug, Clone, Copy)]
struct Slot {
    reader: &'static str,
    port: u16,
}

const SLOT0: Slot = Slot {
    reader: "Virtual PCD 00 00",
    port: vpcd::DEFAULT_PORT,
};
const SLOT1: Slot = Slot {
    reader: "Virtual PCD 00 01",
    port: vpcd::SECOND_SLOT_PORT,
};

fn named(text: &str) -> ReaderChoice {
    ReaderChoice::from_argument(text)
}

fn card_present(reader: &str) -> bool {
    list_readers()
        .expect("pcscd answers (is `pcscd --foreground` running?)")
        .iter()
        .any(|info| info.name == reader && info.card_present)
}

/// Waits (polling pcscd) until the reader shows a card or none.
fn wait_for_card(reader: &str, present: bool) {
    let started = Instant::now();
    while card_present(reader) != present {
        assert!(
            started.elapsed() < NOTICE,
            "{reader}: card still {}",
            if present { "absent" } else { "present" }
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Slot 0 unless a card program we did not start already sits there (then slot 1), and
/// whether slot 0 is taken by someone else.
fn our_slot() -> (Slot, bool) {
    let readers = list_readers().expect("pcscd answers");
    let names: Vec<&str> = readers.iter().map(|info| info.name.as_str()).collect();
    assert!(
        names.contains(&SLOT0.reader) && names.contains(&SLOT1.reader),
        "vpcd readers missing: {names:?}"
    );
    assert!(
        !card_present(SLOT1.reader),
        "a card is already in {}; stop the program serving it",
        SLOT1.reader
    );
    if card_present(SLOT0.reader) {
        (SLOT1, true)
    } else {
        (SLOT0, false)
    }
}

/// A simulated card inserted in a vpcd slot, served by a thread. Dropped without
/// [`Inserted::pull`] or [`Inserted::finish`] (a failed test), it still pulls its card.
struct Inserted {
    slot: Slot,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<(SimCard, Result<ServeEnd, VpcdError>)>>,
    events: Arc<Mutex<Vec<VpcdEvent>>>,
}

impl Drop for Inserted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn insert(slot: Slot, profile: Profile, fault: Option<Fault>) -> Inserted {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let options = VpcdOptions {
        port: slot.port,
        connect_timeout: Duration::from_secs(5),
        fault,
        observer: Some(Arc::new(move |event: &VpcdEvent| {
            sink.lock().unwrap().push(event.clone());
        })),
        ..VpcdOptions::default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let mut card = SimCard::new(profile);
        let end = vpcd::serve(&mut card, &options, &flag);
        (card, end)
    });
    Inserted {
        slot,
        stop,
        thread: Some(thread),
        events,
    }
}

impl Inserted {
    /// Pulls the card (stop flag), waits until pcscd has seen it go, returns it.
    fn pull(self) -> (SimCard, ServeEnd, Vec<VpcdEvent>) {
        self.stop.store(true, Ordering::SeqCst);
        self.finish()
    }

    /// Waits for the serving thread to end by itself (a fault), then for pcscd.
    ///
    /// A card pulled during a flow is marked absent by the flow's own
    /// `SCardDisconnect(UNPOWER)`, behind the back of pcscd's event handler, which polls
    /// every 400 ms. If the next card connects before that poll, the handler sees
    /// "present" twice, never registers the insertion and the slot stays dead (observed
    /// with pcscd 1.9.9 and Debian's vpcd). So let the handler poll twice before returning
    /// (after a plain [`Inserted::pull`] too, where it only costs a second).
    fn finish(mut self) -> (SimCard, ServeEnd, Vec<VpcdEvent>) {
        let thread = self.thread.take().expect("joined once");
        let (card, end) = thread.join().expect("serve thread");
        let end = end.expect("serve ends without error");
        wait_for_card(self.slot.reader, false);
        std::thread::sleep(HANDLER_POLLS);
        let events = self.events.lock().unwrap().clone();
        (card, end, events)
    }
}

fn pin(kind: PinKind, value: &str) -> Pin {
    Pin::new(kind, value).expect("test PIN has the right format")
}

fn header_of(event: &VpcdEvent) -> Option<[u8; 4]> {
    match event {
        VpcdEvent::Apdu { header, .. } => Some(*header),
        _ => None,
    }
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn flows_through_pcscd() {
    require_pcscd();
    let _pcscd = lock();
    let (slot, slot0_taken) = our_slot();

    // No card yet: at once without a wait, Timeout with one.
    assert!(matches!(
        PcscTransport::connect(&named(slot.reader), None),
        Err(TransportError::NoCard)
    ));
    let started = Instant::now();
    assert!(matches!(
        PcscTransport::connect(&named(slot.reader), Some(Duration::from_millis(300))),
        Err(TransportError::Timeout)
    ));
    assert!(started.elapsed() >= Duration::from_millis(250));
    if !slot0_taken {
        assert!(matches!(
            PcscTransport::connect(&ReaderChoice::Auto, None),
            Err(TransportError::NoCard)
        ));
    }

    // Insert, and connect while pcscd has not noticed it yet (the wait path).
    let profile = Profile::default();
    let atr = profile.atr_bytes();
    let card = insert(slot, profile, None);
    let choice = if slot0_taken {
        named(slot.reader)
    } else {
        ReaderChoice::Auto
    };
    let started = Instant::now();
    let transport = PcscTransport::connect(&choice, Some(NOTICE)).expect("card found");
    println!("card noticed and connected in {:?}", started.elapsed());
    assert_eq!(transport.reader_name(), slot.reader);
    assert_eq!(transport.atr(), atr.as_slice());

    // Exclusive: nobody else gets in while the transport holds the card.
    assert!(matches!(
        PcscTransport::connect(&named(slot.reader), None),
        Err(TransportError::SharingViolation)
    ));
    let mut transport = transport;

    // Round trips through pcscd, vpcd and the quickack card.
    let select = Command::new(0x00, INS_SELECT, 0x04, 0x0C).with_data(mynapin::layout::AID_JPKI);
    transport.begin_transaction().unwrap();
    let rounds = 1000u32;
    let (mut min, mut max) = (Duration::MAX, Duration::ZERO);
    let started = Instant::now();
    for _ in 0..rounds {
        let one = Instant::now();
        let response = transport.transmit(&select).unwrap();
        let took = one.elapsed();
        assert_eq!(response.status(), StatusWord::Success);
        (min, max) = (min.min(took), max.max(took));
    }
    let mean = started.elapsed() / rounds;
    println!("{rounds} SELECTs through pcscd: mean {mean:?}, min {min:?}, max {max:?}");
    assert!(mean < Duration::from_millis(10), "mean round trip {mean:?}");
    transport.end_transaction(Disposition::Leave).unwrap();

    let mut card_layer = Card::new(transport);
    let report = card_layer.status().expect("status");
    assert_eq!(
        report.get(PinKind::Auth),
        Some(PinStatus::Remaining { left: 3, max: 3 })
    );
    assert_eq!(
        report.get(PinKind::Sign),
        Some(PinStatus::Remaining { left: 5, max: 5 })
    );
    assert_eq!(report.signature_certificate, Some(true));

    match card_layer.verify(&pin(PinKind::Auth, "9999"), PinOptions::default()) {
        Err(CardError::WrongPin {
            kind: PinKind::Auth,
            left: 2,
        }) => {}
        other => panic!("wrong PIN: {other:?}"),
    }
    let verified = card_layer
        .verify(&pin(PinKind::Auth, "1234"), PinOptions::default())
        .expect("right PIN");
    assert_eq!(verified.tries_before, Some(2));

    let changed = card_layer
        .change(
            &pin(PinKind::Auth, "1234"),
            &pin(PinKind::Auth, "5678"),
            PinOptions::default(),
        )
        .expect("change");
    assert_eq!(changed.tries_before, Some(3));
    assert_eq!(
        changed.status_after,
        Some(PinStatus::Remaining { left: 3, max: 3 })
    );
    card_layer
        .verify(&pin(PinKind::Auth, "5678"), PinOptions::default())
        .expect("the new PIN works");
    drop(card_layer);

    let (sim, end, events) = card.pull();
    assert_eq!(end, ServeEnd::Stopped);
    let auth = sim.pin(PinKind::Auth);
    assert_eq!((auth.tries_left, auth.verified), (3, false));
    assert_eq!(sim.to_profile().pins.auth.value, "5678");
    assert_eq!(sim.pin(PinKind::Sign).tries_left, 5, "sign untouched");

    // Safety rule 6 on the wire: after the CHANGE, and after the last APDU, the card
    // was powered off before anything else was sent to it.
    let change_at = events
        .iter()
        .position(|event| header_of(event) == Some([0x00, 0x24, 0x01, 0x80]))
        .expect("CHANGE REFERENCE DATA reached the card");
    let power_off_after = |from: usize| {
        events[from..]
            .iter()
            .find(|event| matches!(event, VpcdEvent::Apdu { header, .. } if header[1] == INS_SELECT && header[2] == 0x04)
                || matches!(event, VpcdEvent::Control(Control::PowerOff)))
            .cloned()
    };
    assert_eq!(
        power_off_after(change_at),
        Some(VpcdEvent::Control(Control::PowerOff)),
        "card unpowered before the next flow: {events:?}"
    );
    let last_apdu = events
        .iter()
        .rposition(|event| header_of(event).is_some())
        .unwrap();
    assert!(
        events[last_apdu..].contains(&VpcdEvent::Control(Control::PowerOff)),
        "card unpowered after the last flow"
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn card_pulled_mid_write_is_never_a_success() {
    require_pcscd();
    let _pcscd = lock();
    let (slot, _) = our_slot();

    // The CHANGE runs on the card, then the card is pulled before its answer.
    let card = insert(
        slot,
        Profile::default(),
        Some(Fault::LoseAnswerOf { ins: 0x24 }),
    );
    let mut card_layer =
        Card::new(PcscTransport::connect(&named(slot.reader), Some(NOTICE)).expect("card"));
    match card_layer.change(
        &pin(PinKind::Auth, "1234"),
        &pin(PinKind::Auth, "5678"),
        PinOptions::default(),
    ) {
        Err(CardError::OutcomeUnknown {
            kind: PinKind::Auth,
            operation: Operation::Change,
            source,
        }) => {
            println!("lost CHANGE answer reported as outcome unknown: {source}");
            assert!(
                matches!(
                    source,
                    TransportError::Apdu(ApduError::ResponseTooShort(0))
                        | TransportError::CardRemoved
                ),
                "{source:?}"
            );
        }
        other => panic!("a change whose answer was lost must not be {other:?}"),
    }
    let (sim, end, _) = card.finish();
    assert_eq!(end, ServeEnd::FaultInjected);
    assert_eq!(
        sim.to_profile().pins.auth.value,
        "5678",
        "the change did run"
    );
    assert!(!sim.pin(PinKind::Auth).verified);
    // The card is gone: the next flow fails cleanly, it does not hang or succeed.
    match card_layer.status() {
        Err(CardError::Transport(
            TransportError::NoCard | TransportError::CardRemoved | TransportError::Link(_),
        )) => {}
        other => panic!("status after removal: {other:?}"),
    }
    drop(card_layer);

    // A VERIFY pulled before it reaches the card: unknown to the host, no try spent.
    let card = insert(
        slot,
        Profile::default(),
        Some(Fault::RemoveBefore { ins: 0x20 }),
    );
    let mut card_layer =
        Card::new(PcscTransport::connect(&named(slot.reader), Some(NOTICE)).expect("card"));
    match card_layer.verify(&pin(PinKind::Auth, "9999"), PinOptions::default()) {
        Err(CardError::OutcomeUnknown {
            operation: Operation::Verify,
            ..
        }) => {}
        other => panic!("a VERIFY whose answer was lost must not be {other:?}"),
    }
    drop(card_layer);
    let (sim, end, _) = card.finish();
    assert_eq!(end, ServeEnd::FaultInjected);
    assert_eq!(sim.pin(PinKind::Auth).tries_left, 3);

    // At the transport: the 0-byte answer, and an end of flow that says the card is gone
    // (pcscd itself reports the failed power-down of a vanished card as a success).
    let card = insert(
        slot,
        Profile::default(),
        Some(Fault::RemoveBefore { ins: 0xA4 }),
    );
    let mut transport = PcscTransport::connect(&named(slot.reader), Some(NOTICE)).unwrap();
    transport.begin_transaction().unwrap();
    let select = Command::new(0x00, INS_SELECT, 0x04, 0x0C).with_data(mynapin::layout::AID_JPKI);
    assert!(matches!(
        transport.transmit(&select),
        Err(TransportError::Apdu(ApduError::ResponseTooShort(0)))
    ));
    assert!(matches!(
        transport.end_transaction(Disposition::Unpower),
        Err(TransportError::CardRemoved)
    ));
    drop(transport);
    card.finish();
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn two_readers_chosen_by_name_or_index() {
    require_pcscd();
    let _pcscd = lock();
    let (_, slot0_taken) = our_slot();
    // Our card goes to slot 1; slot 0 holds either a card of someone else (CI's) or ours,
    // with a counter of 2 so that the two can be told apart.
    let mut first_profile = Profile::default();
    first_profile.pins.auth.tries_left = 2;
    let first = (!slot0_taken).then(|| insert(SLOT0, first_profile, None));
    let second = insert(SLOT1, Profile::default(), None);
    wait_for_card(SLOT0.reader, true);
    wait_for_card(SLOT1.reader, true);

    match PcscTransport::connect(&ReaderChoice::Auto, Some(NOTICE)) {
        Err(TransportError::AmbiguousReader { wanted, candidates }) => {
            assert_eq!(wanted, "");
            assert_eq!(candidates, [SLOT0.reader, SLOT1.reader]);
        }
        other => panic!("two cards under Auto: {other:?}"),
    }
    match PcscTransport::connect(&named("virtual"), None) {
        Err(TransportError::AmbiguousReader { wanted, candidates }) => {
            assert_eq!(wanted, "virtual");
            assert_eq!(candidates.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    match PcscTransport::connect(&named("no such reader"), None) {
        Err(TransportError::ReaderNotFound { available, .. }) => {
            assert!(available.contains(&SLOT1.reader.to_owned()));
        }
        other => panic!("{other:?}"),
    }
    for choice in ["00 01", "1", "virtual pcd 00 01", "VIRTUAL PCD 00 01"] {
        let transport = PcscTransport::connect(&named(choice), None).expect(choice);
        assert_eq!(transport.reader_name(), SLOT1.reader, "{choice}");
    }
    let mut on_second = Card::new(PcscTransport::connect(&named("00 01"), None).unwrap());
    assert!(matches!(
        on_second.verify(&pin(PinKind::Auth, "0000"), PinOptions::default()),
        Err(CardError::WrongPin { left: 2, .. })
    ));
    drop(on_second);
    if first.is_some() {
        let mut on_first = Card::new(PcscTransport::connect(&named("0"), None).unwrap());
        assert_eq!(on_first.transport().reader_name(), SLOT0.reader);
        assert_eq!(
            on_first
                .status_of(&[PinKind::Auth])
                .unwrap()
                .get(PinKind::Auth),
            Some(PinStatus::Remaining { left: 2, max: 3 }),
            "index 0 reaches the card in slot 0"
        );
    }

    let (second_card, _, _) = second.pull();
    assert_eq!(second_card.pin(PinKind::Auth).tries_left, 2);
    if let Some(first) = first {
        let (first_card, _, _) = first.pull();
        assert_eq!(
            first_card.pin(PinKind::Auth).tries_left,
            2,
            "the other card was not touched"
        );
    }
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running (.ci/test starts it): cargo test --test integration e2e -- --ignored --skip not_running --skip slot_0"]
fn readers_list_and_jpki_probe() {
    require_pcscd();
    let _pcscd = lock();
    let (slot, _) = our_slot();
    let profile = Profile::default();
    let atr = profile.atr_bytes();
    let card = insert(slot, profile, None);
    wait_for_card(slot.reader, true);
    let readers = list_readers().unwrap();
    let ours = readers
        .iter()
        .find(|info| info.name == slot.reader)
        .expect("our reader");
    assert!(ours.card_present);
    assert_eq!(ours.atr.as_deref(), Some(atr.as_slice()));
    assert_eq!(readers[ours.index].name, slot.reader);
    let exact = ReaderChoice::Exact(slot.reader.to_owned());
    let mut shared = PcscTransport::connect_shared(&exact).expect("shared connect");
    let mut other = PcscTransport::connect_shared(&exact).expect("shared twice");
    assert!(matches!(answers_jpki(&mut shared), Ok(true)));
    assert!(matches!(answers_jpki(&mut other), Ok(true)));
    drop((shared, other));
    let (sim, _, events) = card.pull();
    assert!(
        events
            .iter()
            .any(|event| header_of(event) == Some([0x00, 0xA4, 0x04, 0x0C])),
        "the probe reached the card"
    );
    assert_eq!(sim.pin(PinKind::Auth).tries_left, 3);
    let empty = list_readers().unwrap();
    let ours = empty.iter().find(|info| info.name == slot.reader).unwrap();
    assert_eq!((ours.card_present, ours.atr.clone()), (false, None));
    assert!(matches!(
        PcscTransport::connect_shared(&exact),
        Err(TransportError::NoCard)
    ));
}

#[test]
#[ignore = "needs pcscd stopped (.ci/test runs it after stopping pcscd): cargo test --test integration not_running -- --ignored"]
fn pcscd_not_running_is_no_service() {
    require_pcscd_stopped();
    let _pcscd = lock();
    assert!(matches!(
        PcscTransport::connect(&ReaderChoice::Auto, None),
        Err(TransportError::NoService)
    ));
    assert!(matches!(
        PcscTransport::connect(&named("0"), Some(Duration::from_millis(200))),
        Err(TransportError::NoService)
    ));
    assert!(matches!(list_readers(), Err(TransportError::NoService)));
}
