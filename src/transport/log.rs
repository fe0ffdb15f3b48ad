//! [`Logged`]: a transport wrapper that reports each exchange as `tracing` events at the
//! TRACE level (`mynapin -vvv`), and each transaction and card reset at DEBUG and INFO.
//!
//! Only the header is logged: CLA INS P1 P2 (ISO/IEC 7816-4 §5.1), the data length Lc and
//! the expected length Ne of a command, and the status word and data length of its answer.
//! **No data byte is ever logged**, whatever the command: a VERIFY, CHANGE REFERENCE DATA,
//! RESET RETRY COUNTER or EXTERNAL AUTHENTICATE carries a secret, and a READ BINARY answer
//! personal data. (A trace file, [`super::TraceRecorder`], is where the bytes go, with the
//! secret ones masked.)

use tracing::{debug, info, trace};

use crate::apdu::{Command, Response};

use super::{Disposition, Transport, TransportError};

/// A transport whose exchanges are logged (headers and lengths only).
pub struct Logged<T: Transport> {
    inner: T,
    /// Exchanges sent so far, numbered from 1 in the log.
    sent: usize,
}

impl<T: Transport> Logged<T> {
    /// Wraps `inner`.
    pub fn new(inner: T) -> Self {
        Logged { inner, sent: 0 }
    }
}

/// The header of `command` as logged, e.g. `00 20 00 80 Lc=4` or `00 B0 00 00 Le=3`: the
/// four header bytes, then the lengths; never the data.
pub fn command_header(command: &Command) -> String {
    let mut header = format!(
        "{:02X} {:02X} {:02X} {:02X}",
        command.cla, command.ins, command.p1, command.p2
    );
    let lc = command.data.as_bytes().len();
    if lc > 0 {
        header.push_str(&format!(" Lc={lc}"));
    }
    if let Some(le) = command.le {
        header.push_str(&format!(" Le={le}"));
    }
    header
}

/// A disposition as logged.
fn disposition_name(disposition: Disposition) -> &'static str {
    match disposition {
        Disposition::Leave => "leave the card powered",
        Disposition::Reset => "warm reset",
        Disposition::Unpower => "power the card down",
    }
}

impl<T: Transport> Transport for Logged<T> {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.sent += 1;
        let number = self.sent;
        trace!(
            number,
            header = %command_header(command),
            secret = command.is_sensitive(),
            "APDU sent (data not logged)"
        );
        let result = self.inner.transmit(command);
        match &result {
            Ok(response) => trace!(
                number,
                sw = %response.status(),
                data_len = response.data().len(),
                "APDU answered (data not logged)"
            ),
            Err(error) => debug!(number, %error, "APDU got no answer"),
        }
        result
    }

    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        let result = self.inner.begin_transaction();
        match &result {
            Ok(()) => debug!("transaction begun"),
            Err(error) => info!(%error, "transaction could not begin"),
        }
        result
    }

    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        let result = self.inner.end_transaction(disposition);
        let how = disposition_name(disposition);
        match &result {
            Ok(()) => info!(disposition = how, apdus = self.sent, "transaction ended"),
            Err(error) => info!(disposition = how, %error, "transaction could not end as asked"),
        }
        result
    }

    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        let result = self.inner.reset_card(disposition);
        let how = disposition_name(disposition);
        match &result {
            Ok(()) => info!(disposition = how, "card reset within the flow"),
            Err(error) => info!(disposition = how, %error, "card reset failed"),
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_carry_lengths_and_never_data() {
        let verify = Command::new(0x00, 0x20, 0x00, 0x80).with_sensitive_data(b"1234");
        assert_eq!(command_header(&verify), "00 20 00 80 Lc=4");
        let read = Command::new(0x00, 0xB0, 0x00, 0x00).with_le(3);
        assert_eq!(command_header(&read), "00 B0 00 00 Le=3");
        let select = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x00, 0x18]);
        assert_eq!(command_header(&select), "00 A4 02 0C Lc=2");
    }
}
