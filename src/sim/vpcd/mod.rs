//! The simulated card on pcscd's vpcd driver (vsmartcard), so that any PC/SC client
//! (this tool, OpenSC, jpki-cli) talks to a [`SimCard`](super::SimCard) through a real
//! pcscd.
//!
//! The card is the TCP *client*: vpcd inside pcscd listens on 127.0.0.1:35963 (slot
//! `Virtual PCD 00 00`) and 35964 (`Virtual PCD 00 01`); one TCP connection is one
//! inserted card, and closing it pulls the card. Wire protocol (docs/pcscd-vpcd.md
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
//! secret of VERIFY `20`/`21`, CHANGE REFERENCE DATA `24`/`25`, RESET RETRY COUNTER
//! `2C`/`2D`, EXTERNAL AUTHENTICATE `82`, and with a proprietary CLA the JICSAP CHANGE KEY
//! `80 32` can leak) go to an optional caller-supplied observer. This module depends on
//! `sim/` and `apdu/` only, and takes its stop flag from the caller: it installs no signal
//! handler and never ends the process.
//!
//! - `frame.rs`: the wire format ([`encode_frame`], [`FrameDecoder`], [`Message`],
//!   [`Control`]);
//! - `link.rs`: the TCP side (connect with retry, `TCP_QUICKACK` re-armed before every
//!   read, reads that look at the stop flag);
//! - `serve.rs`: [`serve()`], the loop that answers vpcd with the card.

mod frame;
mod link;
mod serve;

pub use frame::{Control, FrameDecoder, MAX_FRAME_BODY, Message, encode_frame};
pub use serve::serve;

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use super::Fault;
use crate::apdu::StatusWord;

/// vpcd's first slot, `Virtual PCD 00 00` (docs/pcscd-vpcd.md §2.4).
pub const DEFAULT_PORT: u16 = 35963;
/// vpcd's second slot, `Virtual PCD 00 01`.
///
/// Harness API: the integration tests (`tests/integration/pcsc_e2e.rs`) serve a second
/// card there; the tool itself only serves on the port it is given.
pub const SECOND_SLOT_PORT: u16 = 35964;

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

/// How [`serve()`] reaches vpcd.
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

/// Why [`serve()`] returned without an error; serialised kebab-case (`pcscd-closed`,
/// `stopped`, `fault-injected`) in the `mynapin.sim-serve/1` document.
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
