//! [`serve`]: the loop that answers vpcd with a [`SimCard`] until pcscd closes the link,
//! the caller's stop flag is set, or an injected fault fires (docs/pcscd-vpcd.md §4).

use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use super::frame::{Control, MAX_FRAME_BODY, Message};
use super::link::{Link, Next, connect};
use super::{ServeEnd, VpcdError, VpcdEvent, VpcdOptions};
use crate::apdu::{Response, StatusWord};
use crate::sim::{Fault, FaultKind, FaultTrigger, SimCard};

/// Serves `card` to vpcd until pcscd closes the link, `stop` becomes true, or the
/// fault fires.
///
/// Connects to `options.host:options.port`, retrying every 50 ms while the connection is
/// refused (pcscd starting) until `options.connect_timeout`. Control bytes `00`, `01`,
/// `02` reset the card's volatile state ([`SimCard::reset`]); `04` is answered with
/// [`SimCard::atr`]; other control bytes are ignored. A command APDU is answered with
/// [`SimCard::process`]; an answer too long for a frame (over 65535 bytes) becomes
/// `67 00`. A fault ([`Fault`], at an INS or at the N-th command APDU since the
/// connection) fires once: `remove-before` closes the connection without executing the
/// command; `lose-answer` and `empty-answer` execute it, then close without answering
/// (pcscd gives the host 0 bytes); `one-byte-answer` executes it, answers its first byte,
/// then closes; each time the card loses power (its volatile state is reset), as a pulled
/// card would, and `serve` returns [`ServeEnd::FaultInjected`]. `sw-XXXX` answers that
/// status word (executing the command when SW1 is `65` or `6F`) and goes on serving.
/// `timeout` and `card-reset` cannot be staged through vpcd
/// ([`FaultKind::through_vpcd`]): `serve` closes the connection at once and fails with
/// [`VpcdError::Io`] (`Unsupported`).
///
/// The card's persistent state (PIN values and counters) stays in `card`: the caller
/// saves it with `card.to_profile()` afterwards.
pub fn serve(
    card: &mut SimCard,
    options: &VpcdOptions,
    stop: &AtomicBool,
) -> Result<ServeEnd, VpcdError> {
    let notify = |event: VpcdEvent| {
        if let Some(observer) = &options.observer {
            observer(&event);
        }
    };
    let Some((stream, address)) = connect(options, stop)? else {
        return Ok(ServeEnd::Stopped);
    };
    let io_error = |source| VpcdError::Io { address, source };
    let mut link = Link::new(stream).map_err(io_error)?;
    if let Some(fault) = options.fault.filter(|fault| !fault.kind().through_vpcd()) {
        link.close();
        return Err(io_error(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            format!("fault {fault} cannot be staged through vpcd (use --simulated --sim-fault)"),
        )));
    }
    let mut trigger = options.fault.map(FaultTrigger::new);
    notify(VpcdEvent::Connected { peer: address });
    loop {
        if stop.load(Ordering::SeqCst) {
            link.close();
            return Ok(ServeEnd::Stopped);
        }
        let message = match link.next_message(stop).map_err(io_error)? {
            Next::Message(message) => message,
            Next::Eof => return Ok(ServeEnd::PcscdClosed),
            Next::Stopped => {
                link.close();
                return Ok(ServeEnd::Stopped);
            }
        };
        match message {
            Message::Empty => {}
            Message::Control(control) => {
                match control {
                    Control::PowerOff | Control::PowerOn | Control::Reset => card.reset(),
                    Control::GetAtr => link.reply(card.atr()).map_err(io_error)?,
                    Control::Unknown(_) => {}
                }
                notify(VpcdEvent::Control(control));
            }
            Message::Apdu(command) => {
                let fired = trigger
                    .as_mut()
                    .and_then(|trigger| Some((trigger.fault(), trigger.fires_on_bytes(&command)?)));
                if let Some((fault, kind)) = fired {
                    if let Some(end) =
                        stage(card, &mut link, fault, kind, &command, &notify).map_err(io_error)?
                    {
                        return Ok(end);
                    }
                    continue;
                }
                let response = card.process(&command);
                let status = response.status();
                link.reply(&reply_bytes(&response)).map_err(io_error)?;
                notify(VpcdEvent::Apdu {
                    header: header(&command),
                    status,
                });
            }
        }
    }
}

/// Stages `kind` (of `fault`, which `command` fired) on the link: `Some(end)` when the
/// card is gone (the connection closed), `None` when it answered and serving goes on.
fn stage(
    card: &mut SimCard,
    link: &mut Link,
    fault: Fault,
    kind: FaultKind,
    command: &[u8],
    notify: &impl Fn(VpcdEvent),
) -> std::io::Result<Option<ServeEnd>> {
    if kind == FaultKind::Slow {
        std::thread::sleep(crate::sim::SLOW_ANSWER);
        let response = card.process(command);
        link.reply(&reply_bytes(&response))?;
        notify(VpcdEvent::Apdu {
            header: header(command),
            status: response.status(),
        });
        return Ok(None);
    }
    let answer = kind.executes().then(|| card.process(command));
    if let Some(sw) = kind.status_word() {
        link.reply(&sw.to_bytes())?;
        notify(VpcdEvent::Apdu {
            header: header(command),
            status: sw,
        });
        return Ok(None);
    }
    if kind == FaultKind::OneByteAnswer {
        let first = answer.map(|answer| answer.to_bytes()).unwrap_or_default();
        link.reply(first.get(..1).unwrap_or_default())?;
    }
    card.reset();
    link.close();
    notify(VpcdEvent::FaultInjected(fault));
    Ok(Some(ServeEnd::FaultInjected))
}

/// The response on the wire, or `67 00` when it is too long for a frame (§4: N ≤ 65535).
fn reply_bytes(response: &Response) -> Zeroizing<Vec<u8>> {
    let bytes = Zeroizing::new(response.to_bytes());
    if bytes.len() > MAX_FRAME_BODY {
        Zeroizing::new(StatusWord::WrongLength.to_bytes().to_vec())
    } else {
        bytes
    }
}

/// CLA INS P1 P2, zero-padded.
fn header(command: &[u8]) -> [u8; 4] {
    let mut header = [0u8; 4];
    for (slot, byte) in header.iter_mut().zip(command) {
        *slot = *byte;
    }
    header
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::layout::PinKind;
    use crate::sim::Profile;
    use crate::sim::vpcd::{Observer, encode_frame};

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
    const SELECT_AUTH_PIN: &str = "00 A4 02 0C 02 00 18";

    #[test]
    fn oversized_answers_become_6700() {
        let huge = Response::new(vec![0; MAX_FRAME_BODY], StatusWord::Success);
        assert_eq!(*reply_bytes(&huge), [0x67, 0x00]);
        let fits = Response::new(vec![0; MAX_FRAME_BODY - 2], StatusWord::Success);
        assert_eq!(reply_bytes(&fits).len(), MAX_FRAME_BODY);
    }

    #[test]
    fn events_show_headers_never_data() {
        let event = VpcdEvent::Apdu {
            header: header(&hex_bytes("00 20 00 80 04 31 32 33 34")),
            status: StatusWord::Success,
        };
        assert_eq!(event.to_string(), "APDU 00 20 00 80 -> 90 00");
        assert_eq!(header(&[0x00, 0xA4]), [0x00, 0xA4, 0x00, 0x00]);
    }

    // ---- against a fake vpcd server ----

    /// The vpcd side of the link, as Debian's vpcd behaves: length and body in two
    /// writes, Nagle left on.
    struct FakeVpcd {
        stream: TcpStream,
    }

    impl FakeVpcd {
        fn send(&mut self, body: &[u8]) {
            let length = u16::try_from(body.len()).unwrap().to_be_bytes();
            self.stream.write_all(&length).unwrap();
            self.stream.write_all(body).unwrap();
        }

        fn receive(&mut self) -> Vec<u8> {
            let mut length = [0u8; 2];
            self.stream.read_exact(&mut length).expect("a reply frame");
            let mut body = vec![0; usize::from(u16::from_be_bytes(length))];
            self.stream.read_exact(&mut body).expect("the reply body");
            body
        }

        fn exchange(&mut self, spaced_hex: &str) -> String {
            self.send(&hex_bytes(spaced_hex));
            hex::encode_upper(self.receive())
        }

        /// The card closed the connection (reads EOF, not a timeout).
        fn expect_closed(&mut self) {
            let mut byte = [0u8; 1];
            match self.stream.read(&mut byte) {
                Ok(0) => {}
                Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {}
                other => panic!("expected the card to close the connection, got {other:?}"),
            }
        }
    }

    type Served = JoinHandle<(SimCard, Result<ServeEnd, VpcdError>)>;

    /// Serves `card` in a thread to a fresh listener and accepts its connection.
    fn start(card: SimCard, options: VpcdOptions) -> (FakeVpcd, Served, Arc<AtomicBool>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let options = VpcdOptions {
            port: listener.local_addr().unwrap().port(),
            connect_timeout: Duration::from_secs(5),
            ..options
        };
        let (served, stop) = spawn(card, options);
        let stream = accept_within(&listener, Duration::from_secs(5));
        (FakeVpcd { stream }, served, stop)
    }

    fn spawn(mut card: SimCard, options: VpcdOptions) -> (Served, Arc<AtomicBool>) {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let served = std::thread::spawn(move || {
            let end = serve(&mut card, &options, &flag);
            (card, end)
        });
        (served, stop)
    }

    fn accept_within(listener: &TcpListener, limit: Duration) -> TcpStream {
        listener.set_nonblocking(true).unwrap();
        let started = Instant::now();
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(3)))
                        .unwrap();
                    return stream;
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    assert!(started.elapsed() < limit, "the card never connected");
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(error) => panic!("{error}"),
            }
        }
    }

    fn default_card() -> SimCard {
        SimCard::new(Profile::default())
    }

    #[test]
    fn answers_control_bytes_and_apdus() {
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&events);
        let observer: Observer = Arc::new(move |event: &VpcdEvent| {
            sink.lock().unwrap().push(event.clone());
        });
        let card = default_card();
        let atr = card.atr().to_vec();
        let (mut vpcd, served, _stop) = start(
            card,
            VpcdOptions {
                observer: Some(observer),
                ..VpcdOptions::default()
            },
        );
        // Insert sequence seen on the wire: 04, 04, 01, 04 (§4); only 04 is answered.
        vpcd.send(&[0x04]);
        assert_eq!(vpcd.receive(), atr);
        vpcd.send(&[0x04]);
        assert_eq!(vpcd.receive(), atr);
        vpcd.send(&[0x01]);
        vpcd.send(&[0x04]);
        assert_eq!(vpcd.receive(), atr, "power-on got no reply of its own");
        assert_eq!(vpcd.exchange(SELECT_JPKI), "9000");
        assert_eq!(vpcd.exchange(SELECT_AUTH_PIN), "9000");
        assert_eq!(vpcd.exchange("00 20 00 80 04 31 32 33 34"), "9000");
        vpcd.send(&[0x03]);
        vpcd.send(&[]);
        vpcd.send(&[0x02]);
        vpcd.send(&[0x04]);
        assert_eq!(vpcd.receive(), atr, "unknown and empty frames are ignored");
        assert_eq!(
            vpcd.exchange(SELECT_AUTH_PIN),
            "6986",
            "reset cleared the selection"
        );
        assert_eq!(vpcd.exchange("00 A4"), "6700", "malformed command");
        drop(vpcd);
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::PcscdClosed);
        assert!(!card.pin(PinKind::Auth).verified);
        let log: Vec<String> = events
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            log[0].starts_with("connected to vpcd at 127.0.0.1:"),
            "{log:?}"
        );
        assert!(
            log.contains(&"APDU 00 20 00 80 -> 90 00".to_owned()),
            "{log:?}"
        );
        assert!(
            log.contains(&"control 03 (unknown, ignored)".to_owned()),
            "{log:?}"
        );
        // The first line names vpcd's random port, which may contain "31" by chance.
        assert!(
            log[1..].iter().all(|line| !line.contains("31")),
            "no PIN byte in the log: {log:?}"
        );
    }

    /// The terminal-key commands over the link: a power cycle from vpcd drops the
    /// challenge (6985, no try lost), a wrong cryptogram costs a try, and the served card
    /// keeps the counter for the state file.
    #[test]
    fn a_power_cycle_drops_the_challenge_and_the_counter_is_kept() {
        use crate::sim::TEST_TERMINAL_KEY;
        use crate::terminal_key::TerminalKey;

        let key = TerminalKey::from_hex(TEST_TERMINAL_KEY).unwrap();
        let (mut vpcd, served, _stop) = start(default_card(), VpcdOptions::default());
        let answer = hex_bytes(&vpcd.exchange("00 84 00 00 08"));
        let challenge: [u8; 8] = answer[..8].try_into().unwrap();
        let cryptogram = hex::encode_upper(key.cryptogram(&challenge));
        vpcd.send(&[0x00]);
        vpcd.send(&[0x01]);
        assert_eq!(
            vpcd.exchange(&format!("00 82 00 00 10 {cryptogram}")),
            "6985"
        );
        vpcd.exchange("00 84 00 00 08");
        assert_eq!(
            vpcd.exchange(&format!("00 82 00 00 10 {}", "00".repeat(16))),
            "63C2"
        );
        drop(vpcd);
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::PcscdClosed);
        assert_eq!(card.to_profile().terminal.unwrap().tries_left, 2);
    }

    #[test]
    fn round_trips_are_fast_against_a_two_write_vpcd() {
        // Without TCP_QUICKACK re-armed before each read, every exchange here waits for
        // the card's delayed ACK: about 40 ms each, the kernel's minimum (docs/pcscd-vpcd.md
        // §0.2), against well under 1 ms with it. The bound sits between the two, far from
        // both, so a slow or busy machine does not fail it but the lost re-arm does.
        let (mut vpcd, served, _stop) = start(default_card(), VpcdOptions::default());
        vpcd.send(&[0x04]);
        vpcd.receive();
        let rounds = 50;
        let started = Instant::now();
        for _ in 0..rounds {
            assert_eq!(vpcd.exchange(SELECT_JPKI), "9000");
        }
        let mean = started.elapsed() / rounds;
        assert!(mean < Duration::from_millis(25), "mean round trip {mean:?}");
        drop(vpcd);
        assert_eq!(served.join().unwrap().1.unwrap(), ServeEnd::PcscdClosed);
    }

    #[test]
    fn partial_frames_survive_read_timeouts() {
        let (mut vpcd, served, _stop) = start(default_card(), VpcdOptions::default());
        let frame = encode_frame(&hex_bytes(SELECT_JPKI)).unwrap();
        for piece in [&frame[..1], &frame[1..2], &frame[2..6], &frame[6..]] {
            vpcd.stream.write_all(piece).unwrap();
            // Longer than the card's 100 ms read timeout.
            std::thread::sleep(Duration::from_millis(150));
        }
        assert_eq!(hex::encode_upper(vpcd.receive()), "9000");
        drop(vpcd);
        assert_eq!(served.join().unwrap().1.unwrap(), ServeEnd::PcscdClosed);
    }

    #[test]
    fn lose_answer_executes_then_closes() {
        let (mut vpcd, served, _stop) = start(
            default_card(),
            VpcdOptions {
                fault: Some(Fault::LoseAnswerOf { ins: 0x24 }),
                ..VpcdOptions::default()
            },
        );
        vpcd.exchange(SELECT_JPKI);
        vpcd.exchange(SELECT_AUTH_PIN);
        assert_eq!(vpcd.exchange("00 20 00 80 04 31 32 33 34"), "9000");
        vpcd.send(&hex_bytes("00 24 01 80 04 35 36 37 38"));
        vpcd.expect_closed();
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::FaultInjected);
        assert_eq!(card.to_profile().pins.auth.value, "5678", "the change ran");
        assert!(
            !card.pin(PinKind::Auth).verified,
            "a pulled card loses power"
        );
    }

    #[test]
    fn remove_before_does_not_execute() {
        let (mut vpcd, served, _stop) = start(
            default_card(),
            VpcdOptions {
                fault: Some(Fault::RemoveBefore { ins: 0x20 }),
                ..VpcdOptions::default()
            },
        );
        vpcd.exchange(SELECT_JPKI);
        vpcd.exchange(SELECT_AUTH_PIN);
        assert_eq!(
            vpcd.exchange("00 20 00 80"),
            "63C3",
            "the counter query carries no data: no fault"
        );
        vpcd.send(&hex_bytes("00 20 00 80 04 39 39 39 39"));
        vpcd.expect_closed();
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::FaultInjected);
        assert_eq!(
            card.pin(PinKind::Auth).tries_left,
            3,
            "the wrong PIN never reached the card"
        );
    }

    fn with_fault(spec: &str) -> VpcdOptions {
        VpcdOptions {
            fault: Some(spec.parse().unwrap()),
            ..VpcdOptions::default()
        }
    }

    #[test]
    fn a_position_counts_every_apdu_and_no_control_byte() {
        // The 4th APDU is the CHANGE; control bytes and the counter query do not shift it.
        let (mut vpcd, served, _stop) = start(default_card(), with_fault("lose-answer:at:4"));
        vpcd.send(&[0x04]);
        vpcd.receive();
        vpcd.exchange(SELECT_JPKI);
        vpcd.exchange(SELECT_AUTH_PIN);
        assert_eq!(vpcd.exchange("00 20 00 80 04 31 32 33 34"), "9000");
        vpcd.send(&hex_bytes("00 24 01 80 04 35 36 37 38"));
        vpcd.expect_closed();
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::FaultInjected);
        assert_eq!(card.to_profile().pins.auth.value, "5678", "the change ran");

        let (mut vpcd, served, _stop) = start(default_card(), with_fault("remove-before:at:3"));
        vpcd.exchange(SELECT_JPKI);
        vpcd.exchange(SELECT_AUTH_PIN);
        vpcd.send(&hex_bytes("00 20 00 80 04 39 39 39 39"));
        vpcd.expect_closed();
        let (card, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::FaultInjected);
        assert_eq!(card.pin(PinKind::Auth).tries_left, 3, "never executed");
    }

    #[test]
    fn an_injected_status_word_answers_and_serving_goes_on() {
        for (spec, executed) in [("sw-6581:24", true), ("sw-6400:24", false)] {
            let (mut vpcd, served, _stop) = start(default_card(), with_fault(spec));
            vpcd.exchange(SELECT_JPKI);
            vpcd.exchange(SELECT_AUTH_PIN);
            vpcd.exchange("00 20 00 80 04 31 32 33 34");
            let sw = &spec[3..7];
            assert_eq!(vpcd.exchange("00 24 01 80 04 35 36 37 38"), sw);
            assert_eq!(
                vpcd.exchange("00 20 00 80"),
                "63C3",
                "the card is still there"
            );
            drop(vpcd);
            let (card, end) = served.join().unwrap();
            assert_eq!(end.unwrap(), ServeEnd::PcscdClosed);
            let value = card.to_profile().pins.auth.value;
            assert_eq!(value == "5678", executed, "{spec}: {value}");
        }
    }

    #[test]
    fn a_one_byte_answer_is_followed_by_the_card_vanishing() {
        let (mut vpcd, served, _stop) = start(default_card(), with_fault("one-byte-answer:20"));
        vpcd.exchange(SELECT_JPKI);
        vpcd.exchange(SELECT_AUTH_PIN);
        vpcd.send(&hex_bytes("00 20 00 80 04 31 32 33 34"));
        assert_eq!(vpcd.receive(), [0x90], "the first byte of 90 00");
        vpcd.expect_closed();
        let (_, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::FaultInjected);
    }

    #[test]
    fn faults_vpcd_cannot_stage_are_refused() {
        for spec in ["timeout:20", "card-reset:at:1"] {
            let (mut vpcd, served, _stop) = start(default_card(), with_fault(spec));
            vpcd.expect_closed();
            let (_, end) = served.join().unwrap();
            let error = end.unwrap_err().to_string();
            assert!(error.contains("cannot be staged through vpcd"), "{error}");
        }
    }

    #[test]
    fn stop_flag_ends_an_idle_session() {
        let (mut vpcd, served, stop) = start(default_card(), VpcdOptions::default());
        vpcd.send(&[0x04]);
        vpcd.receive();
        let asked = Instant::now();
        stop.store(true, Ordering::SeqCst);
        vpcd.expect_closed();
        let (_, end) = served.join().unwrap();
        assert_eq!(end.unwrap(), ServeEnd::Stopped);
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{:?}",
            asked.elapsed()
        );
    }

    #[test]
    fn retries_until_vpcd_listens() {
        let port = {
            let probe = TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let (served, _stop) = spawn(
            default_card(),
            VpcdOptions {
                port,
                connect_timeout: Duration::from_secs(5),
                ..VpcdOptions::default()
            },
        );
        std::thread::sleep(Duration::from_millis(300));
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let mut vpcd = FakeVpcd {
            stream: accept_within(&listener, Duration::from_secs(5)),
        };
        vpcd.send(&[0x04]);
        assert!(!vpcd.receive().is_empty());
        drop(vpcd);
        assert_eq!(served.join().unwrap().1.unwrap(), ServeEnd::PcscdClosed);
    }

    #[test]
    fn gives_up_after_the_connect_timeout_or_on_stop() {
        let port = {
            let probe = TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let options = VpcdOptions {
            port,
            connect_timeout: Duration::from_millis(300),
            ..VpcdOptions::default()
        };
        let started = Instant::now();
        let end = serve(&mut default_card(), &options, &AtomicBool::new(false));
        match end {
            Err(VpcdError::Connect { waited, source, .. }) => {
                assert_eq!(source.kind(), io::ErrorKind::ConnectionRefused);
                assert!(waited >= Duration::from_millis(200), "{waited:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(2));
        let stopped = serve(&mut default_card(), &options, &AtomicBool::new(true));
        assert_eq!(stopped.unwrap(), ServeEnd::Stopped);
    }
}
