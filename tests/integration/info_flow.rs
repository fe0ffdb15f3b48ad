//! The `info` flow (`Card::info`, `Card::auth_certificate`): against the simulated card
//! (what it reads, which files it never touches), and against a scripted card answering
//! READ BINARY of a certificate EF with every answer docs/protocol.md §2.1 and ISO 7816-4
//! allow: end of file `62 82` / `6B 00`, short chunks, `6C xx`, a length too big, a card
//! pulled mid-read, and (proptest) any bytes at all, which must never make it panic.

use mynapin::apdu::{Command, Response, StatusWord};
use mynapin::card::{Card, CardError, FileProblem, InfoReport, MAX_OBJECT_LEN};
use mynapin::sim::{Profile, SimCard};
use mynapin::transport::{Disposition, SimTransport, Transport, TransportError};
use proptest::prelude::*;

const AUTH_CERT: &[u8] = include_bytes!("../../src/sim/certs/auth.der");

/// A transport that keeps every command it passes on.
struct Recording<T: Transport> {
    inner: T,
    sent: Vec<Command>,
}

impl<T: Transport> Transport for Recording<T> {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.sent.push(command.clone());
        self.inner.transmit(command)
    }
    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.inner.end_transaction(disposition)
    }
    fn reset_card(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        self.inner.reset_card(disposition)
    }
}

fn recording(profile: Profile) -> Recording<SimTransport> {
    Recording {
        inner: SimTransport::new(SimCard::new(profile)),
        sent: Vec::new(),
    }
}

fn hex(command: &Command) -> String {
    mynapin::apdu::spaced_hex(&command.to_bytes().unwrap())
}

#[test]
fn simulated_card_shows_label_presence_and_both_certificates_dates() {
    let mut card = Card::new(recording(Profile::default()));
    let report = card.info().unwrap();
    assert!(report.jpki);
    assert_eq!(report.token_label.as_deref(), Some("JPKIAPICCTOKEN2"));
    assert_eq!(report.signature_certificate, Some(true));
    let auth = report.auth_certificate.unwrap();
    assert_eq!(auth.validity.not_before_date().to_string(), "2026-01-01");
    assert_eq!(auth.validity.not_after_date().to_string(), "2031-01-01");
    assert_eq!(auth.subject, None, "the card's own subject is not kept");
    let ca = report.auth_ca_certificate.unwrap();
    assert_eq!(ca.validity.not_after_date().to_string(), "2046-01-01");
    assert!(ca.subject.unwrap().contains("auth-ca"));

    let sent: Vec<String> = card.transport().sent.iter().map(hex).collect();
    // Header first, then 256-byte chunks (910 bytes: 7 + 256 + 256 + 256 + 135).
    let auth_reads: Vec<&str> = sent
        .iter()
        .skip_while(|apdu| *apdu != "00 A4 02 0C 02 00 0A")
        .skip(1)
        .take_while(|apdu| apdu.starts_with("00 B0"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        auth_reads,
        [
            "00 B0 00 00 07",
            "00 B0 00 07 00",
            "00 B0 01 07 00",
            "00 B0 02 07 00",
            "00 B0 03 07 87"
        ]
    );
    assert_eq!(AUTH_CERT.len(), 0x307 + 0x87);
}

#[test]
fn info_never_reads_the_signature_certificate_nor_verifies() {
    let mut card = Card::new(recording(Profile::default()));
    card.info().unwrap();
    card.auth_certificate().unwrap().unwrap();
    for command in &card.transport().sent {
        let bytes = hex(command);
        assert_ne!(bytes, "00 A4 02 0C 02 00 01", "EF 0001 selected");
        assert_ne!(bytes, "00 A4 02 0C 02 00 02", "EF 0002 selected");
        assert_ne!(command.ins, 0x20, "a VERIFY was sent: {bytes}");
        assert!(!command.is_sensitive());
    }
}

#[test]
fn childs_card_reports_no_signature_certificate() {
    let profile = Profile {
        signature_certificate: false,
        ..Profile::default()
    };
    let report = Card::new(recording(profile)).info().unwrap();
    assert_eq!(report.signature_certificate, Some(false));
    assert!(report.auth_certificate.is_ok());
}

// ---------------------------------------------------------------------------------------
// A scripted card: SELECT of the JPKI AP and of every EF succeeds; READ BINARY of EF 000A
// is answered by a script, of EF 000B with `6A 82` at SELECT, of 0006 / 0008 normally.

/// How the scripted card answers READ BINARY of the certificate EF.
#[derive(Clone)]
enum Script {
    /// Serves `content` honestly; chunks at most `max_chunk` bytes (a short read), `6C xx`
    /// when Le exceeds what is left (instead of a short answer), or `62 82` with the
    /// bytes left when `eof_6282`.
    File {
        content: Vec<u8>,
        max_chunk: usize,
        wrong_le: bool,
        eof_6282: bool,
    },
    /// Answers from a list in order; once it is used up, the card is gone.
    Answers(Vec<Response>),
    /// Serves `content` for `reads` READ BINARYs, then the card is gone.
    PulledAfter { content: Vec<u8>, reads: usize },
}

struct Scripted {
    script: Script,
    selected: u16,
    reads: usize,
    sent: usize,
}

impl Scripted {
    fn new(script: Script) -> Self {
        Scripted {
            script,
            selected: 0,
            reads: 0,
            sent: 0,
        }
    }

    fn read_binary(&mut self, command: &Command) -> Result<Response, TransportError> {
        let offset = usize::from(u16::from_be_bytes([command.p1, command.p2]));
        let le = command.le.unwrap_or(0);
        self.reads += 1;
        match &mut self.script {
            Script::File {
                content,
                max_chunk,
                wrong_le,
                eof_6282,
            } => {
                if offset >= content.len() {
                    return Ok(Response::status_only(StatusWord::WrongP1P2));
                }
                let left = content.len() - offset;
                if *wrong_le && le > left {
                    return Ok(Response::status_only(StatusWord::WrongLe(
                        u8::try_from(left).unwrap_or(0),
                    )));
                }
                let end = offset + le.min(*max_chunk).min(left);
                let status = if *eof_6282 && le > left {
                    StatusWord::EndOfFileReached
                } else {
                    StatusWord::Success
                };
                Ok(Response::new(content[offset..end].to_vec(), status))
            }
            Script::Answers(answers) => {
                if answers.is_empty() {
                    return Err(TransportError::CardRemoved);
                }
                Ok(answers.remove(0))
            }
            Script::PulledAfter { content, reads } => {
                if self.reads > *reads {
                    return Err(TransportError::CardRemoved);
                }
                let end = content.len().min(offset + le);
                Ok(Response::new(
                    content.get(offset..end).unwrap_or_default().to_vec(),
                    StatusWord::Success,
                ))
            }
        }
    }
}

impl Transport for Scripted {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.sent += 1;
        assert!(self.sent < 20_000, "the flow does not end");
        match command.ins {
            0xA4 if command.p1 == 0x02 => {
                let data = command.data.as_bytes();
                self.selected = u16::from_be_bytes([data[0], data[1]]);
                assert_ne!(
                    self.selected, 0x0001,
                    "the signature certificate was selected"
                );
                if self.selected == 0x000B {
                    return Ok(Response::status_only(StatusWord::FileNotFound));
                }
                Ok(Response::status_only(StatusWord::Success))
            }
            0xA4 => Ok(Response::status_only(StatusWord::Success)),
            0xB0 if self.selected == 0x000A => self.read_binary(command),
            0xB0 if self.selected == 0x0006 => Ok(Response::new(
                b"JPKIAPICCTOKEN2                 ".to_vec(),
                StatusWord::Success,
            )),
            0xB0 => Ok(Response::new(vec![0x8F, 0x8F, 0x00], StatusWord::Success)),
            _ => panic!("unexpected command {command:?}"),
        }
    }
    fn end_transaction(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
        Ok(())
    }
    fn reset_card(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
        Ok(())
    }
}

fn info(script: Script) -> Result<InfoReport, CardError> {
    Card::new(Scripted::new(script)).info()
}

fn file(max_chunk: usize, wrong_le: bool, eof_6282: bool) -> Script {
    Script::File {
        content: AUTH_CERT.to_vec(),
        max_chunk,
        wrong_le,
        eof_6282,
    }
}

fn auth_not_after(report: &InfoReport) -> String {
    let auth = report.auth_certificate.as_ref().unwrap();
    auth.validity.not_after_date().to_string()
}

#[test]
fn short_chunks_6282_and_6cxx_all_give_the_certificate() {
    for script in [
        file(256, false, false),
        file(1, false, false),
        file(100, false, true),
        file(256, true, false),
    ] {
        let report = info(script).unwrap();
        assert_eq!(auth_not_after(&report), "2031-01-01");
        assert_eq!(report.auth_ca_certificate, Err(FileProblem::NotFound));
    }
}

#[test]
fn padding_after_the_object_is_not_read_into_it() {
    let mut content = AUTH_CERT.to_vec();
    content.extend([0xFF; 300]);
    let script = Script::File {
        content,
        max_chunk: 256,
        wrong_le: false,
        eof_6282: false,
    };
    assert_eq!(auth_not_after(&info(script).unwrap()), "2031-01-01");
}

#[test]
fn a_file_shorter_than_its_header_says_is_truncated() {
    for eof_6282 in [false, true] {
        let script = Script::File {
            content: AUTH_CERT[..500].to_vec(),
            max_chunk: 256,
            wrong_le: false,
            eof_6282,
        };
        assert_eq!(
            info(script).unwrap().auth_certificate,
            Err(FileProblem::Truncated {
                read: 500,
                expected: AUTH_CERT.len()
            })
        );
    }
}

#[test]
fn a_length_above_the_maximum_is_refused_before_reading_it() {
    let too_long = MAX_OBJECT_LEN - 4 + 1; // header 4 bytes + value
    let [high, low] = u16::try_from(too_long).unwrap().to_be_bytes();
    let mut scripted = Scripted::new(Script::File {
        content: [vec![0x30, 0x82, high, low], vec![0; 16]].concat(),
        max_chunk: 256,
        wrong_le: false,
        eof_6282: false,
    });
    let report = Card::new(&mut scripted).info().unwrap();
    assert_eq!(
        report.auth_certificate,
        Err(FileProblem::TooLong(MAX_OBJECT_LEN + 1))
    );
    assert_eq!(scripted.reads, 1, "only the header was read");
}

#[test]
fn padding_an_unexpected_status_and_a_non_certificate_are_reported() {
    let answers = |responses: Vec<Response>| info(Script::Answers(responses)).unwrap();
    let erased = answers(vec![Response::new(vec![0xFF; 7], StatusWord::Success)]);
    assert_eq!(erased.auth_certificate, Err(FileProblem::BadHeader));
    let refused = answers(vec![Response::status_only(
        StatusWord::SecurityStatusNotSatisfied,
    )]);
    assert_eq!(
        refused.auth_certificate,
        Err(FileProblem::Unexpected(
            StatusWord::SecurityStatusNotSatisfied
        ))
    );
    // A well-formed TLV that is no certificate.
    let octets = answers(vec![Response::new(
        vec![0x04, 0x02, 0xAB, 0xCD],
        StatusWord::Success,
    )]);
    assert_eq!(octets.auth_certificate, Err(FileProblem::NotCertificate));
    // A constructed tag whose content is not TLVs: the iso7816-tlv check refuses it.
    let broken = answers(vec![Response::new(
        vec![0x30, 0x03, 0x02, 0x05, 0x00],
        StatusWord::Success,
    )]);
    assert_eq!(broken.auth_certificate, Err(FileProblem::NotTlv));
    // `6C xx` twice in a row is not followed a second time.
    let wrong_le = answers(vec![
        Response::status_only(StatusWord::WrongLe(4)),
        Response::status_only(StatusWord::WrongLe(3)),
    ]);
    assert_eq!(
        wrong_le.auth_certificate,
        Err(FileProblem::Unexpected(StatusWord::WrongLe(3)))
    );
}

#[test]
fn a_card_pulled_mid_read_fails_the_flow() {
    let script = Script::PulledAfter {
        content: AUTH_CERT.to_vec(),
        reads: 2,
    };
    assert!(matches!(
        info(script),
        Err(CardError::Transport(TransportError::CardRemoved))
    ));
    let mut scripted = Scripted::new(Script::PulledAfter {
        content: AUTH_CERT.to_vec(),
        reads: 3,
    });
    assert!(matches!(
        Card::new(&mut scripted).auth_certificate(),
        Err(CardError::Transport(TransportError::CardRemoved))
    ));
}

fn any_response() -> impl Strategy<Value = Response> {
    let status = prop_oneof![
        Just(0x9000u16),
        Just(0x6282),
        Just(0x6B00),
        Just(0x6A82),
        Just(0x6982),
        (0u16..=0xFF).prop_map(|xx| 0x6C00 | xx),
        (0u16..=0xFF).prop_map(|xx| 0x6100 | xx),
        any::<u16>(),
    ];
    (proptest::collection::vec(any::<u8>(), 0..300), status)
        .prop_map(|(data, sw)| Response::new(data, StatusWord::from(sw)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_answers_end_in_a_result_without_panicking(
        answers in proptest::collection::vec(any_response(), 0..40),
        header in prop_oneof![
            Just(vec![0x30, 0x82, 0x03, 0x8E]),
            Just(vec![0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            proptest::collection::vec(any::<u8>(), 0..8),
        ],
    ) {
        let mut script = vec![Response::new(header, StatusWord::Success)];
        script.extend(answers);
        let mut scripted = Scripted::new(Script::Answers(script.clone()));
        let result = Card::new(&mut scripted).info();
        // Each READ BINARY takes one answer and, once they are used up, finds the card
        // gone: the flow ends after at most as many reads as answers, plus that one.
        prop_assert!(scripted.reads <= script.len() + 1);
        if let Ok(Ok(certificate)) = result.map(|report| report.auth_certificate) {
            prop_assert_eq!(certificate.subject, None);
        }
    }
}
