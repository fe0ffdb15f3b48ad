//! The card's side of the TCP link to vpcd (docs/pcscd-vpcd.md §4, §8): connect, retrying
//! while pcscd starts; `TCP_NODELAY`, and `TCP_QUICKACK` re-armed before every read
//! against Debian's two-write vpcd; reads that wake up every 100 ms to look at the stop
//! flag without losing a partial frame; one write per reply.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zeroize::{Zeroize, Zeroizing};

use super::frame::{FrameDecoder, Message, encode_frame};
use super::{VpcdError, VpcdOptions};

/// Pause between connection attempts while pcscd starts (ECONNREFUSED, §4).
const CONNECT_RETRY: Duration = Duration::from_millis(50);
/// Read timeout, so that a set stop flag is seen within this time.
const STOP_POLL: Duration = Duration::from_millis(100);
/// Longest a reply may wait to be written before the link gives up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Bytes read from the socket at a time.
pub(super) const READ_CHUNK: usize = 4096;

/// Resolves and connects, retrying while refused. `None` when `stop` was set meanwhile.
pub(super) fn connect(
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

/// What [`Link::next_message`] found.
pub(super) enum Next {
    /// A whole message.
    Message(Message),
    /// vpcd closed the connection (or pcscd died): the card is out.
    Eof,
    /// The stop flag was set.
    Stopped,
}

/// The connection with its frame decoder.
pub(super) struct Link {
    stream: TcpStream,
    decoder: FrameDecoder,
    chunk: Zeroizing<Vec<u8>>,
}

impl Link {
    /// Sets the socket up (`TCP_NODELAY`, the 100 ms read timeout that polls the stop flag,
    /// the write timeout) and wraps it.
    pub(super) fn new(stream: TcpStream) -> io::Result<Self> {
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(STOP_POLL))?;
        // vpcd reads every answer at once; a write that blocks this long means pcscd is
        // stuck, and the link gives up (so a stop is still seen and the card's state
        // still saved by the caller).
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        Ok(Link {
            stream,
            decoder: FrameDecoder::default(),
            chunk: Zeroizing::new(vec![0; READ_CHUNK]),
        })
    }

    /// The next message; reads time out every 100 ms to look at `stop`, keeping any
    /// partial frame in the decoder.
    pub(super) fn next_message(&mut self, stop: &AtomicBool) -> io::Result<Next> {
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
    pub(super) fn reply(&mut self, body: &[u8]) -> io::Result<()> {
        let frame = encode_frame(body).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "reply longer than 65535 bytes")
        })?;
        self.stream.write_all(&frame)
    }

    /// Pulls the card: both directions closed, so vpcd reads EOF.
    pub(super) fn close(&mut self) {
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
