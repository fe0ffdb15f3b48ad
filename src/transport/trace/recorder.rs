//! The trace recorder: a transport that wraps any other and writes down each exchange,
//! its secret data masked, for `--trace FILE` and for the golden traces of `apdu-traces/`.
//!
//! Each command is masked ([`TraceBytes::from_command`]) before it is sent: the data of
//! VERIFY `20`/`21`, CHANGE REFERENCE DATA `24`/`25`, RESET RETRY COUNTER `2C`/`2D`,
//! EXTERNAL AUTHENTICATE `82`, and with a proprietary CLA the JICSAP CHANGE KEY `80 32`,
//! or any sensitive payload; the unmasked encoding exists only inside that call, in a
//! zeroizing buffer. A command whose link
//! fails is still recorded, with a `# transport error: …` line instead of its response,
//! since a VERIFY or CHANGE whose answer was lost may have reached the card. Transactions
//! and card resets are noted as comments (`# begin transaction`, `# end transaction
//! (unpower)`, `# reset card (unpower)`), which a replay ignores.

use std::path::Path;

use crate::apdu::{Command, Response};

use super::format::transport_error_text;
use super::{Exchange, Reply, TraceBytes, TraceError, TraceFile};
use crate::transport::{Disposition, Transport, TransportError};

/// A transport that records what passes through it into a [`TraceFile`].
///
/// ```
/// use mynapin::card::{Card, Pin, PinKind, PinOptions};
/// use mynapin::sim::{Profile, SimCard};
/// use mynapin::transport::{SimTransport, TraceRecorder};
///
/// let sim = SimTransport::new(SimCard::new(Profile::default()));
/// let recorder = TraceRecorder::new(sim).with_header("flow", "verify auth")?;
/// let mut card = Card::new(recorder);
/// let pin = Pin::new(PinKind::Auth, "1234")?;
/// card.verify(&pin, PinOptions::default())?;
/// let text = card.into_transport().trace().to_text();
/// assert!(text.contains("> 00 20 00 80 04 ** ** ** **\n< 90 00\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TraceRecorder<T: Transport> {
    inner: T,
    trace: TraceFile,
}

impl<T: Transport> TraceRecorder<T> {
    /// Records what passes through `inner`, into a trace with no header yet.
    pub fn new(inner: T) -> Self {
        TraceRecorder {
            inner,
            trace: TraceFile::new(),
        }
    }

    /// Adds (or replaces) a `# key: value` header, e.g. `flow`, `card` or `date`.
    pub fn with_header(mut self, key: &str, value: &str) -> Result<Self, TraceError> {
        self.trace.set_header(key, value)?;
        Ok(self)
    }

    /// The trace so far.
    pub fn trace(&self) -> &TraceFile {
        &self.trace
    }

    /// The wrapped transport, e.g. to read a simulated card's counters.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// Writes the trace so far to `path` (atomically, see [`TraceFile::save`]). Call it
    /// whatever the flow's result: a failed flow's trace is the one a bug report needs.
    pub fn save(&self, path: &Path) -> Result<(), TraceError> {
        self.trace.save(path)
    }

    /// Gives back the wrapped transport and the trace.
    pub fn finish(self) -> (T, TraceFile) {
        (self.inner, self.trace)
    }

    /// Notes a transaction step as a comment, with its failure if it failed.
    fn note(&mut self, step: &str, result: &Result<(), TransportError>) {
        match result {
            Ok(()) => self.trace.push_comment(step),
            Err(error) => self
                .trace
                .push_comment(&format!("{step} failed: {}", transport_error_text(error))),
        }
    }
}

/// How a disposition is written in a comment: `leave`, `reset` or `unpower`.
fn disposition_name(disposition: Disposition) -> &'static str {
    match disposition {
        Disposition::Leave => "leave",
        Disposition::Reset => "reset",
        Disposition::Unpower => "unpower",
    }
}

impl<T: Transport> Transport for TraceRecorder<T> {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        let recorded = match TraceBytes::from_command(command) {
            Ok(recorded) => recorded,
            Err(error) => {
                // Not encodable: no transport can send it, so it is not an exchange.
                self.trace
                    .push_comment(&format!("command not sent: {error}"));
                return Err(error.into());
            }
        };
        let result = self.inner.transmit(command);
        let reply = match &result {
            Ok(response) => Reply::Response(response.to_bytes()),
            Err(error) => Reply::TransportError(transport_error_text(error)),
        };
        self.trace.push_exchange(Exchange {
            command: recorded,
            reply,
        });
        result
    }

    fn begin_transaction(&mut self) -> Result<(), TransportError> {
        let result = self.inner.begin_transaction();
        self.note("begin transaction", &result);
        result
    }

    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        let result = self.inner.end_transaction(disposition);
        let step = format!("end transaction ({})", disposition_name(disposition));
        self.note(&step, &result);
        result
    }

    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        let result = self.inner.reset_card(disposition);
        let step = format!("reset card ({})", disposition_name(disposition));
        self.note(&step, &result);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apdu::{INS_VERIFY, StatusWord};
    use crate::sim::{Fault, Profile, SimCard};
    use crate::transport::SimTransport;

    fn recorder() -> TraceRecorder<SimTransport> {
        TraceRecorder::new(SimTransport::new(SimCard::new(Profile::default())))
    }

    fn select_jpki() -> Command {
        Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(crate::layout::AID_JPKI.to_vec())
    }

    #[test]
    fn records_masked_exchanges_and_transaction_notes() {
        let mut recorder = recorder().with_header("flow", "test").unwrap();
        recorder.begin_transaction().unwrap();
        recorder.transmit(&select_jpki()).unwrap();
        recorder
            .transmit(&Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x00, 0x18]))
            .unwrap();
        let wrong = Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(b"9876");
        let response = recorder.transmit(&wrong).unwrap();
        assert_eq!(response.status(), StatusWord::RemainingTries(2));
        recorder.reset_card(Disposition::Unpower).unwrap();
        recorder.end_transaction(Disposition::Unpower).unwrap();
        assert_eq!(
            recorder.trace().to_text(),
            "\
# mynapin-trace 1
# flow: test
# begin transaction
> 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
< 90 00
> 00 A4 02 0C 02 00 18
< 90 00
> 00 20 00 80 04 ** ** ** **
< 63 C2
# reset card (unpower)
# end transaction (unpower)
"
        );
        let (sim, trace) = recorder.finish();
        assert_eq!(sim.exchanges(), 3);
        assert_eq!(trace.exchanges().count(), 3);
    }

    #[test]
    fn a_failed_exchange_is_recorded_with_its_error() {
        let sim = SimTransport::new(SimCard::new(Profile::default()))
            .with_fault(Fault::LoseAnswerOf { ins: INS_VERIFY });
        let mut recorder = TraceRecorder::new(sim);
        recorder.transmit(&select_jpki()).unwrap();
        let verify = Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_sensitive_data(b"1234");
        let error = recorder.transmit(&verify).unwrap_err();
        assert!(matches!(error, TransportError::CardRemoved));
        let failed = recorder.reset_card(Disposition::Unpower).unwrap_err();
        assert!(matches!(failed, TransportError::CardRemoved));
        let text = recorder.trace().to_text();
        assert!(
            text.ends_with(
                "> 00 20 00 80 04 ** ** ** **\n# transport error: card removed\n# reset card (unpower) failed: card removed\n"
            ),
            "{text}"
        );
        assert!(!text.contains("31 32 33 34"), "{text}");
        assert_eq!(TraceFile::parse(&text).unwrap(), *recorder.trace());
    }

    #[test]
    fn an_unencodable_command_is_noted_not_sent() {
        let mut recorder = recorder();
        let error = recorder
            .transmit(&Command::new(0x00, 0xB0, 0x00, 0x00).with_le(0))
            .unwrap_err();
        assert!(matches!(error, TransportError::Apdu(_)));
        assert_eq!(recorder.inner().exchanges(), 0);
        assert_eq!(recorder.trace().exchanges().count(), 0);
        assert_eq!(
            recorder.trace().to_text(),
            "# mynapin-trace 1\n# command not sent: expected length 0 is outside 1..=65536\n"
        );
    }

    /// The terminal-key reset (mynapin's definition for simulated and test cards): the
    /// challenge in GET CHALLENGE's response is recorded (harmless: single-use, gone at the
    /// next EXTERNAL AUTHENTICATE or power-off), the cryptogram and the new PIN are masked
    /// even when sent as plain data, and the replayer matches the masked cryptogram.
    #[test]
    fn a_terminal_key_reset_masks_the_cryptogram_and_the_new_pin() {
        use crate::apdu::{INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE, INS_RESET_RETRY_COUNTER};
        use crate::sim::TEST_TERMINAL_KEY;
        use crate::terminal_key::TerminalKey;
        use crate::transport::ReplayTransport;

        let key = TerminalKey::from_hex(TEST_TERMINAL_KEY).unwrap();
        let get_challenge = Command::new(0x00, INS_GET_CHALLENGE, 0x00, 0x00).with_le(8);
        let authenticate = |challenge: &[u8]| {
            let challenge: [u8; 8] = challenge.try_into().unwrap();
            Command::new(0x00, INS_EXTERNAL_AUTHENTICATE, 0x00, 0x00)
                .with_data(key.cryptogram(&challenge).to_vec())
        };
        let reset =
            Command::new(0x00, INS_RESET_RETRY_COUNTER, 0x02, 0x80).with_data(b"5678".to_vec());
        let select_auth = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x00, 0x18]);

        let card = SimCard::new(Profile::default()).with_seeded_challenges(3);
        let mut recorder = TraceRecorder::new(SimTransport::new(card));
        let challenge = recorder.transmit(&get_challenge).unwrap();
        assert!(challenge.is_success());
        let cryptogram = authenticate(challenge.data());
        let cryptogram_hex = hex::encode_upper(&cryptogram.data.as_bytes()[..4]);
        assert!(recorder.transmit(&cryptogram).unwrap().is_success());
        recorder.transmit(&select_jpki()).unwrap();
        recorder.transmit(&select_auth).unwrap();
        assert!(recorder.transmit(&reset).unwrap().is_success());
        let text = recorder.trace().to_text();
        let challenge_hex = challenge
            .data()
            .iter()
            .map(|byte| format!("{byte:02X}"))
            .collect::<Vec<_>>()
            .join(" ");
        let masked_16 = vec!["**"; 16].join(" ");
        for line in [
            "> 00 84 00 00 08".to_owned(),
            format!("< {challenge_hex} 90 00"),
            format!("> 00 82 00 00 10 {masked_16}"),
            "> 00 2C 02 80 04 ** ** ** **".to_owned(),
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
        assert!(!text.replace(' ', "").contains(&cryptogram_hex), "{text}");
        assert!(!text.contains("35 36 37 38"), "{text}");
        let (sim, trace) = recorder.finish();
        assert_eq!(sim.card().pin(crate::layout::PinKind::Auth).tries_left, 3);

        // Replayed: the recorded challenge comes back, and the masked cryptogram matches
        // the one computed from it.
        let mut replay = ReplayTransport::new(&trace);
        let replayed = replay.transmit(&get_challenge).unwrap();
        assert_eq!(replayed.data(), challenge.data());
        assert!(
            replay
                .transmit(&authenticate(replayed.data()))
                .unwrap()
                .is_success()
        );
        replay.transmit(&select_jpki()).unwrap();
        replay.transmit(&select_auth).unwrap();
        let other_pin =
            Command::new(0x00, INS_RESET_RETRY_COUNTER, 0x02, 0x80).with_data(b"0000".to_vec());
        assert!(replay.transmit(&other_pin).unwrap().is_success());
        assert!(replay.is_finished() && !replay.has_diverged());
    }

    #[test]
    fn save_writes_the_trace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.trace");
        let mut recorder = recorder().with_header("date", "2026-01-01").unwrap();
        recorder.transmit(&select_jpki()).unwrap();
        recorder.save(&path).unwrap();
        let saved = TraceFile::load(&path).unwrap();
        assert_eq!(saved, *recorder.trace());
        assert_eq!(saved.header("date"), Some("2026-01-01"));
    }
}
