//! The simulated card on pcscd's vpcd driver (vsmartcard), so that any PC/SC client
//! (this tool, OpenSC, jpki-cli) talks to a [`SimCard`] through a real pcscd.
//!
//! The card is the TCP *client*: vpcd inside pcscd listens on 127.0.0.1:35963 (slot
//! `Virtual PCD 00 00`) and 35964 (`Virtual PCD 00 01`); one TCP connection is one
//! inserted card, and closing it pulls the card. Wire protocol (reference/pcscd-vpcd.md
//! §4): every message is a 2-byte big-endian length N and N bytes. vpcd sends requests,
//! the card only replies:
//!
//! | N | bytes | the card |
//! |---|---|---|
//! | 1 | `00` power off, `01` power on, `02` reset | resets its volatile state, replies nothing |
//! | 1 | `04` get ATR | replies with the ATR, in every state, at once (pcscd polls it every 400 ms and blocks on it) |
//! | ≥ 2 | a command APDU | replies with the response APDU |
//!
//! Latency (§4, §8): Debian's vpcd writes the length and the body as two `send()` calls
//! with Nagle on, so the card must re-arm `TCP_QUICKACK` before every read (quickack is not
//! sticky) or each APDU costs ~45 ms; it also sets `TCP_NODELAY` and writes each reply as
//! one buffer. Reads wake up every 100 ms to look at the stop flag, without losing a
//! partial frame.
//!
//! Nothing here prints. Events (headers and status words only, never APDU data, so no
//! PIN of VERIFY `20`, CHANGE REFERENCE DATA `24`, RESET RETRY COUNTER `2C` or CHANGE KEY
//! `80 32` can leak) go to an optional caller-supplied observer. This module depends on
//! `sim/` and `apdu/` only.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zeroize::{Zeroize, Zeroizing};

use super::{Fault, SimCard};
use crate::apdu::{Command, Response, StatusWord};

/// vpcd's first slot, `Virtual PCD 00 00` (pcscd-vpcd.md §2.4).
pub const DEFAULT_PORT: u16 = 35963;
/// vpcd's second slot, `Virtual PCD 00 01`.
pub const SECOND_SLOT_PORT: u16 = 35964;
/// Largest frame body: the length prefix is 16 bits.
pub const MAX_FRAME_BODY: usize = u16::MAX as usize;

/// Pause between connection attempts while pcscd starts (ECONNREFUSED, §4).
const CONNECT_RETRY: Duration = Duration::from_millis(50);
/// Read timeout, so that a set stop flag is seen within this time.
const STOP_POLL: Duration = Duration::from_millis(100);
/// Longest a reply may wait to be written before the link gives up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Bytes read from the socket at a time.
const READ_CHUNK: usize = 4096;

/// Something the link did, for an optional log. Holds no APDU data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VpcdEvent {
    /// Connected to vpcd: the card is inserted.
    Connected {
        /// vpcd's address.
        peer: SocketAddr,
    },
    /// A control byte arrived.
    Control(Control),
    /// A command APDU was answered.
    Apdu {
        /// CLA INS P1 P2 (zero-padded if the command was shorter than 4 bytes).
        header: [u8; 4],
        /// The status word of the answer.
        status: StatusWord,
    },
    /// The fault fired: the connection was closed (the card pulled).
    FaultInjected(Fault),
}

impl fmt::Display for VpcdEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VpcdEvent::Connected { peer } => write!(f, "connected to vpcd at {peer}"),
            VpcdEvent::Control(control) => write!(f, "control {control}"),
            VpcdEvent::Apdu { header, status } => {
                let [cla, ins, p1, p2] = header;
                write!(f, "APDU {cla:02X} {ins:02X} {p1:02X} {p2:02X} -> {status}")
            }
            VpcdEvent::FaultInjected(fault) => {
                write!(f, "fault {fault}: connection closed (card pulled)")
            }
        }
    }
}

/// Receives [`VpcdEvent`]s (e.g. the CLI prints them to stderr with `--verbose`).
pub type Observer = Arc<dyn Fn(&VpcdEvent) + Send + Sync>;

/// How [`serve`] reaches vpcd.
#[derive(Clone)]
pub struct VpcdOptions {
    /// vpcd's host, `127.0.0.1` by default.
    pub host: String,
    /// vpcd's port: [`DEFAULT_PORT`] (35963) or [`SECOND_SLOT_PORT`] (35964).
    pub port: u16,
    /// How long to keep retrying (every 50 ms) while the connection is refused.
    pub connect_timeout: Duration,
    /// A simulated card removal, or none.
    pub fault: Option<Fault>,
    /// Where events go; `None` (the default) logs nothing.
    pub observer: Option<Observer>,
}

impl Default for VpcdOptions {
    fn default() -> Self {
        VpcdOptions {
            host: "127.0.0.1".to_owned(),
            port: DEFAULT_PORT,
            connect_timeout: Duration::from_secs(10),
            fault: None,
            observer: None,
        }
    }
}

impl fmt::Debug for VpcdOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VpcdOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("connect_timeout", &self.connect_timeout)
            .field("fault", &self.fault)
            .field("observer", &self.observer.as_ref().map(|_| "<fn>"))
            .finish()
    }
}

/// Why [`serve`] returned without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServeEnd {
    /// vpcd closed the connection (pcscd stopped).
    PcscdClosed,
    /// The stop flag was set; the connection was closed (the card pulled).
    Stopped,
    /// The fault fired; the connection was closed.
    FaultInjected,
}

/// A failure of the vpcd link.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VpcdError {
    /// The host name does not resolve.
    #[error("cannot resolve vpcd address {host}:{port}: {source}")]
    Resolve {
        /// The host.
        host: String,
        /// The port.
        port: u16,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// No connection could be made within the connect timeout.
    #[error(
        "cannot connect to vpcd at {address} (waited {waited:?}); is pcscd running with the vpcd driver? {source}"
    )]
    Connect {
        /// vpcd's address.
        address: SocketAddr,
        /// How long it tried.
        waited: Duration,
        /// The last failure.
        #[source]
        source: io::Error,
    },
    /// The connection failed after it was made.
    #[error("vpcd link to {address}: {source}")]
    Io {
        /// vpcd's address.
        address: SocketAddr,
        /// The failure.
        #[source]
        source: io::Error,
    },
}

/// A control byte (a 1-byte frame from vpcd).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// `00`: power off.
    PowerOff,
    /// `01`: power on (cold reset).
    PowerOn,
    /// `02`: warm reset.
    Reset,
    /// `04`: send the ATR.
    GetAtr,
    /// Any other byte: ignored.
    Unknown(u8),
}

impl Control {
    /// Decodes the byte.
    pub fn from_byte(byte: u8) -> Self {
        match byte {
            0x00 => Control::PowerOff,
            0x01 => Control::PowerOn,
            0x02 => Control::Reset,
            0x04 => Control::GetAtr,
            other => Control::Unknown(other),
        }
    }

    /// The byte on the wire.
    pub fn byte(self) -> u8 {
        match self {
            Control::PowerOff => 0x00,
            Control::PowerOn => 0x01,
            Control::Reset => 0x02,
            Control::GetAtr => 0x04,
            Control::Unknown(byte) => byte,
        }
    }
}

impl fmt::Display for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Control::PowerOff => "power off",
            Control::PowerOn => "power on",
            Control::Reset => "reset",
            Control::GetAtr => "get ATR",
            Control::Unknown(_) => "unknown, ignored",
        };
        write!(f, "{:02X} ({name})", self.byte())
    }
}

/// One message from vpcd.
#[derive(Debug, PartialEq, Eq)]
pub enum Message {
    /// A 1-byte frame.
    Control(Control),
    /// A frame of 2 bytes or more: a command APDU (kept in a wiping buffer).
    Apdu(Zeroizing<Vec<u8>>),
    /// A 0-byte frame (vpcd never sends one; ignored).
    Empty,
}

impl Message {
    /// Classifies a frame body by its length (§4: a 1-byte frame is always control).
    pub fn from_frame(body: Zeroizing<Vec<u8>>) -> Self {
        match body.as_slice() {
            [] => Message::Empty,
            [byte] => Message::Control(Control::from_byte(*byte)),
            _ => Message::Apdu(body),
        }
    }
}

/// Encodes one frame: the 2-byte big-endian length, then the body, in one buffer (so that
/// it goes out in one write). Bodies over 65535 bytes cannot be framed.
pub fn encode_frame(body: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let length = u16::try_from(body.len()).ok()?;
    let mut frame = Zeroizing::new(Vec::with_capacity(2 + body.len()));
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(body);
    Some(frame)
}

/// Reassembles frames from bytes as they arrive, in any split.
///
/// Its buffer is allocated once for the largest frame plus one read, so it never moves
/// (a reallocation would leave stray copies of a PIN behind), and consumed bytes are wiped.
pub struct FrameDecoder {
    buffer: Zeroizing<Vec<u8>>,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder {
            buffer: Zeroizing::new(Vec::with_capacity(2 + MAX_FRAME_BODY + READ_CHUNK)),
        }
    }
}

impl fmt::Debug for FrameDecoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FrameDecoder({} bytes buffered)", self.buffer.len())
    }
}

impl FrameDecoder {
    /// Adds received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete frame's body, if one has arrived.
    pub fn next_frame(&mut self) -> Option<Zeroizing<Vec<u8>>> {
        let [hi, lo, ..] = self.buffer.as_slice() else {
            return None;
        };
        let length = usize::from(u16::from_be_bytes([*hi, *lo]));
        if self.buffer.len() < 2 + length {
            return None;
        }
        let body = Zeroizing::new(self.buffer[2..2 + length].to_vec());
        let rest = self.buffer.len() - (2 + length);
        self.buffer.copy_within(2 + length.., 0);
        self.buffer[rest..].zeroize();
        self.buffer.truncate(rest);
        Some(body)
    }

    /// Bytes of an incomplete frame waiting for the rest.
    pub fn pending(&self) -> usize {
        self.buffer.len()
    }
}

/// Serves `card` to vpcd until pcscd closes the link, `stop` becomes true, or the
/// fault fires.
///
/// Connects to `options.host:options.port`, retrying every 50 ms while the connection is
/// refused (pcscd starting) until `options.connect_timeout`. Control bytes `00`, `01`,
/// `02` reset the card's volatile state ([`SimCard::reset`]); `04` is answered with
/// [`SimCard::atr`]; other control bytes are ignored. A command APDU is answered with
/// [`SimCard::process`]; an answer too long for a frame (over 65535 bytes) becomes
/// `67 00`. Faults ([`Fault`]): `RemoveBefore` closes the connection when the first
/// command with that INS and a data field arrives, without executing it; `LoseAnswerOf` executes it, then
/// closes without answering. Either way the card loses power (its volatile state is
/// reset), as a pulled card would.
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
    stream.set_nodelay(true).map_err(io_error)?;
    stream.set_read_timeout(Some(STOP_POLL)).map_err(io_error)?;
    // vpcd reads every answer at once; a write that blocks this long means pcscd is stuck,
    // and the link gives up (so SIGTERM is still seen and --state-out still written).
    stream
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .map_err(io_error)?;
    notify(VpcdEvent::Connected { peer: address });
    let mut link = Link::new(stream);
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
                if let Some(fault) = options.fault.filter(|fault| triggers(*fault, &command)) {
                    if let Fault::LoseAnswerOf { .. } = fault {
                        let _lost = card.process(&command);
                    }
                    card.reset();
                    link.close();
                    notify(VpcdEvent::FaultInjected(fault));
                    return Ok(ServeEnd::FaultInjected);
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

/// Whether `command` (raw bytes) fires `fault`: see [`Fault::matches`] (same INS, with a
/// data field, so `lose-answer:20` hits a VERIFY carrying a PIN, never the counter query).
/// A command that does not parse never fires it.
fn triggers(fault: Fault, command: &[u8]) -> bool {
    Command::from_bytes(command).is_ok_and(|parsed| fault.matches(&parsed))
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

/// Resolves and connects, retrying while refused. `None` when `stop` was set meanwhile.
fn connect(
    options: &VpcdOptions,
    stop: &AtomicBool,
) -> Result<Option<(TcpStream, SocketAddr)>, VpcdError> {
    let resolve_error = |source| VpcdError::Resolve {
        host: options.host.clone(),
        port: options.port,
        source,
    };
    let address = (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(resolve_error)?
        .next()
        .ok_or_else(|| {
            resolve_error(io::Error::new(
                io::ErrorKind::NotFound,
                "no address for this host",
            ))
        })?;
    let started = Instant::now();
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let left = options.connect_timeout.saturating_sub(started.elapsed());
        let attempt = left.clamp(Duration::from_millis(1), Duration::from_secs(1));
        match TcpStream::connect_timeout(&address, attempt) {
            Ok(stream) => return Ok(Some((stream, address))),
            Err(error)
                if error.kind() == io::ErrorKind::ConnectionRefused
                    && started.elapsed() + CONNECT_RETRY < options.connect_timeout =>
            {
                std::thread::sleep(CONNECT_RETRY);
            }
            Err(source) => {
                return Err(VpcdError::Connect {
                    address,
                    waited: started.elapsed(),
                    source,
                });
            }
        }
    }
}

enum Next {
    Message(Message),
    Eof,
    Stopped,
}

/// The connection with its frame decoder.
struct Link {
    stream: TcpStream,
    decoder: FrameDecoder,
    chunk: Zeroizing<Vec<u8>>,
}

impl Link {
    fn new(stream: TcpStream) -> Self {
        Link {
            stream,
            decoder: FrameDecoder::default(),
            chunk: Zeroizing::new(vec![0; READ_CHUNK]),
        }
    }

    /// The next message; reads time out every 100 ms to look at `stop`, keeping any
    /// partial frame in the decoder.
    fn next_message(&mut self, stop: &AtomicBool) -> io::Result<Next> {
        loop {
            if let Some(body) = self.decoder.next_frame() {
                return Ok(Next::Message(Message::from_frame(body)));
            }
            if stop.load(Ordering::SeqCst) {
                return Ok(Next::Stopped);
            }
            arm_quickack(&self.stream);
            match self.stream.read(&mut self.chunk) {
                Ok(0) => return Ok(Next::Eof),
                Ok(n) => {
                    self.decoder.push(&self.chunk[..n]);
                    self.chunk[..n].zeroize();
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                // pcscd killed: the kernel resets the connection.
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                    ) =>
                {
                    return Ok(Next::Eof);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Sends one frame in one write.
    fn reply(&mut self, body: &[u8]) -> io::Result<()> {
        let frame = encode_frame(body).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "reply longer than 65535 bytes")
        })?;
        self.stream.write_all(&frame)
    }

    /// Pulls the card: both directions closed, so vpcd reads EOF.
    fn close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Re-arms `TCP_QUICKACK` (Linux), which the kernel clears after it acknowledges; needed
/// before every read against Debian's two-write vpcd (§4). A failure only costs speed.
#[cfg(target_os = "linux")]
fn arm_quickack(stream: &TcpStream) {
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
}

#[cfg(not(target_os = "linux"))]
fn arm_quickack(_stream: &TcpStream) {}

/// A flag that becomes true on SIGTERM or SIGINT, for [`serve`]'s `stop`.
///
/// A second signal while the flag is already set exits the process at once (status 1),
/// so a stuck program can still be interrupted.
pub fn stop_flag_on_signals() -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::sync::Mutex;
    use std::thread::JoinHandle;

    use super::*;
    use crate::sim::{PinSlot, Profile};

    fn hex_bytes(spaced: &str) -> Vec<u8> {
        hex::decode(spaced.replace(' ', "")).expect("fixture is hex")
    }

    const SELECT_JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
    const SELECT_AUTH_PIN: &str = "00 A4 02 0C 02 00 18";

    // ---- frame codec ----

    #[test]
    fn length_prefix_is_big_endian() {
        let body = vec![0xAB; 258];
        let frame = encode_frame(&body).unwrap();
        assert_eq!(&frame[..2], &[0x01, 0x02]);
        assert_eq!(frame.len(), 260);
        assert_eq!(*encode_frame(&[0x04]).unwrap(), [0x00, 0x01, 0x04]);
        assert_eq!(
            encode_frame(&vec![0; MAX_FRAME_BODY]).unwrap().len(),
            65_537
        );
        assert!(encode_frame(&vec![0; MAX_FRAME_BODY + 1]).is_none());
    }

    #[test]
    fn decoder_reassembles_any_split() {
        let mut wire = Vec::new();
        for body in [&[0x04][..], &[0x01], &hex_bytes(SELECT_JPKI), &[]] {
            wire.extend_from_slice(&encode_frame(body).unwrap());
        }
        for chunk in [1, 2, 3, 7, wire.len()] {
            let mut decoder = FrameDecoder::default();
            let mut frames = Vec::new();
            for piece in wire.chunks(chunk) {
                decoder.push(piece);
                while let Some(frame) = decoder.next_frame() {
                    frames.push(Message::from_frame(frame));
                }
            }
            assert_eq!(
                frames,
                [
                    Message::Control(Control::GetAtr),
                    Message::Control(Control::PowerOn),
                    Message::Apdu(Zeroizing::new(hex_bytes(SELECT_JPKI))),
                    Message::Empty,
                ],
                "chunks of {chunk}"
            );
            assert_eq!(decoder.pending(), 0);
        }
    }

    #[test]
    fn decoder_waits_for_the_whole_body() {
        let mut decoder = FrameDecoder::default();
        decoder.push(&[0x01]);
        assert!(decoder.next_frame().is_none(), "half a length prefix");
        decoder.push(&[0x2C, 0xAA]);
        assert!(decoder.next_frame().is_none(), "1 of 300 body bytes");
        assert_eq!(decoder.pending(), 3);
        decoder.push(&[0xBB; 299]);
        decoder.push(&[0x00, 0x01]);
        let body = decoder.next_frame().unwrap();
        assert_eq!(body.len(), 300);
        assert_eq!((body[0], body[299]), (0xAA, 0xBB));
        assert!(decoder.next_frame().is_none(), "next frame incomplete");
        decoder.push(&[0x02]);
        assert_eq!(
            Message::from_frame(decoder.next_frame().unwrap()),
            Message::Control(Control::Reset)
        );
    }

    #[test]
    fn control_bytes() {
        for (byte, control) in [
            (0x00, Control::PowerOff),
            (0x01, Control::PowerOn),
            (0x02, Control::Reset),
            (0x04, Control::GetAtr),
            (0x03, Control::Unknown(0x03)),
        ] {
            assert_eq!(Control::from_byte(byte), control);
            assert_eq!(control.byte(), byte);
        }
        assert_eq!(Control::GetAtr.to_string(), "04 (get ATR)");
    }

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
        assert!(!card.pin(PinSlot::Auth).verified);
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

    #[test]
    fn round_trips_are_fast_against_a_two_write_vpcd() {
        // Without TCP_QUICKACK re-armed before each read, every exchange here waits for
        // the card's delayed ACK: about 40 ms (pcscd-vpcd.md §0.2).
        let (mut vpcd, served, _stop) = start(default_card(), VpcdOptions::default());
        vpcd.send(&[0x04]);
        vpcd.receive();
        let rounds = 50;
        let started = Instant::now();
        for _ in 0..rounds {
            assert_eq!(vpcd.exchange(SELECT_JPKI), "9000");
        }
        let mean = started.elapsed() / rounds;
        assert!(mean < Duration::from_millis(10), "mean round trip {mean:?}");
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
            !card.pin(PinSlot::Auth).verified,
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
            card.pin(PinSlot::Auth).tries_left,
            3,
            "the wrong PIN never reached the card"
        );
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
    fn sigterm_sets_the_stop_flag() {
        let flag = stop_flag_on_signals().unwrap();
        assert!(!flag.load(Ordering::SeqCst));
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).unwrap();
        assert!(flag.load(Ordering::SeqCst));
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
