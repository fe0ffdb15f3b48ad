//! The bodies of mynapin's fuzz targets: every parser of input from outside the process,
//! fed arbitrary bytes, with the parser's cheap invariants asserted (a panic is a finding).
//!
//! One function per target; `fuzz_targets/<name>.rs` hands it libFuzzer's input, and
//! `src/bin/stable_driver.rs` runs the same functions on a stable compiler. Text parsers
//! take the input as UTF-8 (lossily: libFuzzer mutates bytes).
//!
//! | target | parser |
//! |---|---|
//! | `apdu_command` | `apdu::Command::from_bytes` (and the trace masking of the same bytes) |
//! | `apdu_response` | `apdu::Response::from_bytes` |
//! | `sim_card` | `sim::SimCard::process`, a sequence of APDUs and resets |
//! | `profile` | `sim::Profile::parse` |
//! | `trace` | `transport::TraceFile::parse` |
//! | `rules` | `procedure::Rules::parse`, then every evaluation on the rules it gives |
//! | `config` | `config::Config::parse` |
//! | `audit` | `audit::verify_bytes` (the chain walk and its line reader) |
//! | `vpcd_frames` | `sim::vpcd::FrameDecoder` and `Message::from_frame` |
//! | `web_request` | `web::request::Form::parse`, `host_allowed`, `origin_allowed`, `cookie` |

use std::path::Path;

use mynapin::apdu::length::{HEADER_LEN, body_layout};
use mynapin::apdu::{Command, Payload, Response, StatusWord, carries_secret};
use mynapin::audit::{GENESIS, ProblemKind, line_hash, verify_bytes};
use mynapin::config::Config;
use mynapin::layout::PinKind;
use mynapin::procedure::calendar::LocalDateTime;
use mynapin::procedure::{
    Applicant, Presented, Procedure, Rules, evaluate, next_opening, opening_at, requirements,
};
use mynapin::sim::vpcd::{FrameDecoder, MAX_FRAME_BODY, Message};
use mynapin::sim::{Behaviour, Profile, QueryAfterVerify, QueryWhenBlocked, SimCard};
use mynapin::transport::{Reply, TraceBytes, TraceFile};
use mynapin::web::request::{
    Form, FormError, MAX_BODY, MAX_FIELDS, cookie, host_allowed, origin_allowed,
};

/// The names of the targets, in the order `.ci/fuzz` runs them.
pub const TARGETS: [&str; 10] = [
    "apdu_command",
    "apdu_response",
    "sim_card",
    "profile",
    "trace",
    "rules",
    "config",
    "audit",
    "vpcd_frames",
    "web_request",
];

/// The target function of a name in [`TARGETS`].
pub fn target(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "apdu_command" => apdu_command,
        "apdu_response" => apdu_response,
        "sim_card" => sim_card,
        "profile" => profile,
        "trace" => trace,
        "rules" => rules,
        "config" => config,
        "audit" => audit,
        "vpcd_frames" => vpcd_frames,
        "web_request" => web_request,
        _ => return None,
    })
}

/// A command APDU from the wire: parse, re-encode, parse again to the same command; the
/// data of a PIN-carrying instruction is `Sensitive` (never in `Debug`); the trace masking
/// of the same bytes hides exactly that data field.
pub fn apdu_command(data: &[u8]) {
    let masked = TraceBytes::from_encoded(data);
    assert_eq!(masked.len(), data.len());
    assert!(
        masked.matches(data),
        "a masked command matches its own bytes"
    );
    let Ok(command) = Command::from_bytes(data) else {
        return;
    };
    let payload = command.data.as_bytes();
    if carries_secret(command.cla, command.ins) {
        assert!(
            matches!(command.data, Payload::Sensitive(_)),
            "PIN-carrying data is Sensitive"
        );
        if !payload.is_empty() {
            assert!(format!("{command:?}").contains("REDACTED"));
            assert_eq!(
                masked.masked_count(),
                payload.len(),
                "exactly the data field is masked"
            );
        }
    } else {
        assert_eq!(masked.masked_count(), 0, "nothing else is masked");
    }
    let encoded = command
        .to_bytes()
        .expect("a parsed command can be encoded again");
    let again = Command::from_bytes(&encoded).expect("an encoded command parses");
    assert_eq!(again, command, "parse → encode → parse is the same command");
    if encoded.len() == data.len() {
        // Short where it fits: the same length means the same encoding.
        assert_eq!(encoded.as_slice(), data);
    }
}

/// A response APDU: at least SW1 SW2; data and status word give the bytes back; the status
/// word is an exact round trip.
pub fn apdu_response(data: &[u8]) {
    match Response::from_bytes(data) {
        Ok(response) => {
            assert!(data.len() >= 2);
            assert_eq!(response.to_bytes(), data);
            assert_eq!(response.data(), &data[..data.len() - 2]);
            let sw = response.status();
            assert_eq!(u16::from(sw), u16::from_be_bytes(sw.to_bytes()));
            assert_eq!(
                StatusWord::from_bytes(data[data.len() - 2], data[data.len() - 1]),
                sw
            );
            assert_eq!(response.is_success(), sw.to_bytes() == [0x90, 0x00]);
        }
        Err(_) => assert!(data.len() < 2),
    }
}

/// The simulated card fed a sequence of APDUs and resets. Input: one byte of profile
/// switches, then items: `FF` is a reset (power cycle), any other byte N is an APDU of the
/// next N bytes. After every APDU: no counter exceeds its maximum; a counter moves down by
/// at most one, and up (to its maximum) only on a `90 00`; a blocked PIN comes back only by
/// a `90 00` to RESET RETRY COUNTER. At the end, the card's state written as a profile
/// (what `sim serve --state-out` writes) reads back as the same state.
pub fn sim_card(data: &[u8]) {
    let Some((&switches, mut rest)) = data.split_first() else {
        return;
    };
    let mut profile = Profile {
        signature_certificate: switches & 0x01 == 0,
        behaviour: Behaviour {
            query_after_verify: if switches & 0x02 == 0 {
                QueryAfterVerify::Counter
            } else {
                QueryAfterVerify::Sw9000
            },
            query_when_blocked: if switches & 0x04 == 0 {
                QueryWhenBlocked::Sw63C0
            } else {
                QueryWhenBlocked::Sw6984
            },
            select_clears_verified: switches & 0x08 != 0,
            change_rejects_bad_format: switches & 0x10 != 0,
        },
        ..Profile::default()
    };
    if switches & 0x20 != 0 {
        profile.terminal = None;
    }
    if switches & 0x40 != 0 {
        // Low counters, so that blocking is within reach.
        for kind in PinKind::ALL {
            profile.pins.get_mut(kind).tries_left = 1;
        }
    }
    let mut card = SimCard::new(profile).with_seeded_challenges(u64::from(switches));
    let mut terminal_before = card.terminal();
    while let Some((&head, tail)) = rest.split_first() {
        if head == 0xFF {
            card.reset();
            rest = tail;
            continue;
        }
        let len = usize::from(head).min(tail.len());
        let (apdu, tail) = tail.split_at(len);
        rest = tail;
        let before = PinKind::ALL.map(|kind| card.pin(kind));
        let response = card.process(apdu);
        let ok = response.is_success();
        if Command::from_bytes(apdu).is_err() {
            assert_eq!(response.status(), StatusWord::WrongLength);
        }
        let ins = apdu.get(1).copied();
        for (kind, before) in PinKind::ALL.into_iter().zip(before) {
            let after = card.pin(kind);
            assert_eq!(after.max_tries, before.max_tries, "{kind}: maximum changed");
            assert!(
                after.tries_left <= after.max_tries,
                "{kind}: counter over max"
            );
            let down_by_one = after.tries_left + 1 == before.tries_left;
            let unchanged = after.tries_left == before.tries_left;
            let refilled = ok && after.tries_left == after.max_tries;
            assert!(
                unchanged || down_by_one || refilled,
                "{kind}: {} → {} on {:02X?}",
                before.tries_left,
                after.tries_left,
                response.to_bytes()
            );
            if before.tries_left == 0 && after.tries_left > 0 {
                assert_eq!(
                    ins,
                    Some(0x2C),
                    "{kind}: unblocked without RESET RETRY COUNTER"
                );
            }
        }
        let terminal = card.terminal();
        if let (Some(before), Some(after)) = (terminal_before, terminal) {
            assert!(after.tries_left <= after.max_tries);
            assert!(
                after.tries_left == before.tries_left
                    || after.tries_left + 1 == before.tries_left
                    || (ok && after.tries_left == after.max_tries),
                "terminal counter {} → {}",
                before.tries_left,
                after.tries_left
            );
        }
        terminal_before = terminal;
    }
    let state = card.to_profile();
    let text = state.to_toml();
    // A card whose change_rejects_bad_format is off takes a new value of the wrong format
    // from any client (as a real card that does not check would); no conforming entry can
    // match it, so its state file is then refused on reading, naming that value's field
    // (README "Card profiles"). Every other state reads back as the same card.
    let malformed = PinKind::ALL
        .into_iter()
        .find(|kind| kind.format().check(state.pins.get(*kind).value.as_bytes()).is_err());
    match (malformed, Profile::parse(&text, Path::new("state-out.toml"))) {
        (None, Ok(read)) => assert_eq!(read, state, "the state file reads back as the same card"),
        (None, Err(error)) => panic!("the card's state does not read back: {error}"),
        (Some(kind), Ok(_)) => panic!("a malformed {kind} value was read back"),
        (Some(kind), Err(error)) => {
            let field = format!("pins.{kind}.value");
            assert!(error.to_string().contains(&field), "{field}: {error}");
        }
    }
}

/// A profile file: parse; a valid profile written back (`to_toml`, what the card saves)
/// reads back equal, and writing is a fixed point.
pub fn profile(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("card.toml");
    let Ok(profile) = Profile::parse(&text, path) else {
        return;
    };
    let written = profile.to_toml();
    let read = Profile::parse(&written, path)
        .unwrap_or_else(|error| panic!("a written profile does not read back: {error}"));
    assert_eq!(read, profile);
    assert_eq!(read.to_toml(), written);
    // The card it describes starts and answers a SELECT without trouble.
    let mut card = SimCard::new(profile).with_seeded_challenges(0);
    let _ = card.process(&[0x00, 0xA4, 0x04, 0x0C, 0x02, 0xD3, 0x92]);
}

/// A trace: parse → to_text → parse is the same trace and to_text a fixed point; no
/// command that may carry a secret shows a byte of its data field (or, when its length
/// fields cannot be read, of anything after its header).
pub fn trace(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(trace) = TraceFile::parse(&text) else {
        return;
    };
    for exchange in trace.exchanges() {
        let bytes = exchange.command.as_slice();
        assert!(bytes.len() >= HEADER_LEN);
        if let Reply::Response(response) = &exchange.reply {
            assert!(response.len() >= 2);
        }
        let (cla, ins) = (bytes[0], bytes[1]);
        let secret = match (cla, ins) {
            (_, None) => true,
            (Some(cla), Some(ins)) => carries_secret(cla, ins),
            (None, Some(ins)) => carries_secret(0x80, ins),
        };
        if secret {
            let hidden = body_layout(bytes.len(), |index| bytes.get(index).copied().flatten())
                .map_or(HEADER_LEN..bytes.len(), |layout| layout.data);
            assert!(
                bytes[hidden].iter().all(Option::is_none),
                "secret data visible: {}",
                exchange.command
            );
        }
    }
    let written = trace.to_text();
    let read = TraceFile::parse(&written)
        .unwrap_or_else(|error| panic!("a written trace does not read back: {error}"));
    assert_eq!(read, trace, "parse → to_text → parse");
    assert_eq!(read.to_text(), written, "to_text is canonical");
}

/// A rules file: parse; on valid rules, every question the guide and counter mode ask
/// (requirements and evaluation of every procedure and applicant, opening hours now and
/// next) is answered without a panic or an endless loop.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(rules) = Rules::parse(&text, Path::new("rules.toml")) else {
        return;
    };
    let presented = Presented::default();
    for procedure in [Procedure::Reset, Procedure::Change] {
        for applicant in Applicant::ALL {
            let _ = requirements(&rules, procedure, applicant, None);
            let _ = evaluate(&rules, procedure, applicant, None, &presented);
        }
    }
    let places: Vec<Option<String>> = std::iter::once(None)
        .chain(rules.places.iter().map(|place| Some(place.id.clone())))
        .collect();
    for at in ["2026-05-20T10:00", "2026-12-31T23:59", "2027-01-01T00:00"] {
        let Some(at) = LocalDateTime::parse(at) else {
            continue;
        };
        for place in &places {
            let _ = opening_at(&rules, place.as_deref(), at);
            let _ = next_opening(&rules, place.as_deref(), at);
        }
    }
}

/// A configuration file: parse; relative paths come out anchored at the file's folder.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(config) = Config::parse(&text, Path::new("/etc/mynapin/mynapin.toml")) else {
        return;
    };
    for path in [&config.rules, &config.audit_log].into_iter().flatten() {
        assert!(path.is_absolute(), "{} not anchored", path.display());
    }
}

/// An audit log's bytes: the chain walk counts lines and records consistently, names a
/// problem within the file, and on an intact log ends on the hash of its last line.
pub fn audit(data: &[u8]) {
    let report = verify_bytes(data);
    let lines: Vec<&[u8]> = data.split(|&byte| byte == b'\n').collect();
    let complete = lines.len() - 1;
    let fragment = lines.last().is_some_and(|last| !last.is_empty());
    assert_eq!(report.lines, complete + usize::from(fragment));
    assert!(report.records + report.repaired.len() <= report.lines);
    assert!(report.repaired.windows(2).all(|pair| pair[0] < pair[1]));
    match report.problem {
        Some(problem) => {
            assert!((1..=report.lines).contains(&problem.line));
            assert!(report.repaired.iter().all(|&line| line < problem.line));
            if problem.kind == ProblemKind::TruncatedTail {
                assert!(fragment && problem.line == report.lines);
            }
        }
        None => {
            assert!(!fragment, "an unfinished last line is a problem");
            let last = match complete {
                0 => GENESIS.to_owned(),
                n => line_hash(lines[n - 1]),
            };
            assert_eq!(report.last_hash, last);
            // Every line is a record or a repaired fragment.
            assert_eq!(report.records + report.repaired.len(), report.lines);
        }
    }
}

/// vpcd's byte stream, in reads of any size: the input's first byte sets the read size
/// (1 to 256 bytes), the rest is the stream. Frames come out in order with the lengths
/// their prefixes give, the decoder keeps only an unfinished frame (its buffer never
/// reallocates when fed as the link feeds it: one read, then every complete frame), and a
/// frame's length decides what message it is.
pub fn vpcd_frames(data: &[u8]) {
    let Some((&size, stream)) = data.split_first() else {
        return;
    };
    let read = usize::from(size) + 1;
    let mut decoder = FrameDecoder::default();
    let mut expected = stream;
    for chunk in stream.chunks(read) {
        decoder.push(chunk);
        while let Some(body) = decoder.next_frame() {
            let [hi, lo, rest @ ..] = expected else {
                panic!("a frame out of nothing");
            };
            let length = usize::from(u16::from_be_bytes([*hi, *lo]));
            assert!(length <= MAX_FRAME_BODY);
            assert_eq!(body.as_slice(), &rest[..length]);
            expected = &rest[length..];
            match Message::from_frame(body) {
                Message::Empty => assert_eq!(length, 0),
                Message::Control(control) => {
                    assert_eq!(length, 1);
                    assert_eq!(control.byte(), rest[0]);
                }
                Message::Apdu(apdu) => {
                    assert!(length >= 2);
                    // Debug shows the length, never the bytes (a VERIFY carries a PIN).
                    let shown = format!("{:?}", Message::Apdu(apdu));
                    assert_eq!(shown, format!("Apdu({length} bytes)"));
                }
            }
        }
    }
    assert_eq!(
        decoder.pending(),
        expected.len(),
        "only an unfinished frame is kept"
    );
}

/// The counter page's request checks (`web::request`), on bytes a browser or anything else
/// on the workstation may send. A form body: refused as too large exactly when it is over
/// `MAX_BODY`; decoded, at most `MAX_FIELDS` fields, one per non-empty `&`-separated piece;
/// its fields written again (every byte escaped, or only the form's own delimiters) decode
/// to the same fields in the same order. The header checks, on the input as text and on
/// every decoded value, with the input's first two bytes as the port: never a panic; a
/// Host passes only as `127.0.0.1:PORT` or `localhost:PORT` (so it ends with `:PORT`), an
/// Origin only as `http://` and such a Host, a cookie's value is what follows its name.
pub fn web_request(data: &[u8]) {
    let port = match data {
        [high, low, ..] => u16::from_be_bytes([*high, *low]),
        _ => 8080,
    };
    let text = String::from_utf8_lossy(data);
    check_headers(&text, port);
    let form = match Form::parse(data) {
        Ok(form) => form,
        Err(FormError::TooLarge(length)) => {
            assert_eq!(length, data.len());
            assert!(length > MAX_BODY, "{length} bytes refused as too large");
            return;
        }
        Err(FormError::TooManyFields) => {
            assert!(data.len() <= MAX_BODY);
            assert!(pieces(data) > MAX_FIELDS);
            return;
        }
        Err(FormError::BadEscape | FormError::NotUtf8) => {
            assert!(data.len() <= MAX_BODY);
            return;
        }
    };
    assert!(data.len() <= MAX_BODY, "{} bytes accepted", data.len());
    assert_eq!(form.len(), pieces(data));
    assert!(form.len() <= MAX_FIELDS);
    assert_eq!(form.is_empty(), pieces(data) == 0);
    let fields = fields_of(&form);
    assert_eq!(fields.len(), form.len());
    for (name, value) in &fields {
        assert_eq!(form.get(name), form.all(name).next());
        assert!(form.all(name).any(|other| other == value));
        check_headers(value, port);
    }
    for escape_all in [true, false] {
        let mut written = String::new();
        for (index, (name, value)) in fields.iter().enumerate() {
            if index > 0 {
                written.push('&');
            }
            written.push_str(&escaped(name, escape_all));
            written.push('=');
            written.push_str(&escaped(value, escape_all));
        }
        match Form::parse(written.as_bytes()) {
            Ok(again) => {
                assert!(written.len() <= MAX_BODY);
                assert_eq!(fields_of(&again), fields, "written again as {written:?}");
            }
            Err(FormError::TooLarge(_)) => assert!(written.len() > MAX_BODY),
            Err(error) => panic!("a written form is refused ({error}): {written:?}"),
        }
    }
}

/// The non-empty `&`-separated pieces of a body: its fields.
fn pieces(data: &[u8]) -> usize {
    data.split(|byte| *byte == b'&')
        .filter(|piece| !piece.is_empty())
        .count()
}

/// A form's fields in order (the i-th field with a name is that name's i-th value).
fn fields_of(form: &Form) -> Vec<(String, String)> {
    let names: Vec<String> = form.names().map(str::to_owned).collect();
    names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let nth = names[..index].iter().filter(|other| *other == name).count();
            let value = form
                .all(name)
                .nth(nth)
                .expect("a value for every field")
                .to_owned();
            (name.clone(), value)
        })
        .collect()
}

/// `text` in a form: `all`, every byte but the unreserved ones as `%XX` and a space as `+`
/// (what a browser sends); else every character as it is but the form's own `&`, `=`, `%`
/// and `+`.
fn escaped(text: &str, all: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    let escape = |out: &mut String, byte: u8| {
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0F)]));
    };
    if all {
        for byte in text.bytes() {
            match byte {
                b' ' => out.push('+'),
                byte if byte.is_ascii_alphanumeric() || b"-._*".contains(&byte) => {
                    out.push(char::from(byte));
                }
                byte => escape(&mut out, byte),
            }
        }
    } else {
        for character in text.chars() {
            match character {
                '&' | '=' | '%' | '+' => escape(&mut out, character as u8),
                other => out.push(other),
            }
        }
    }
    out
}

/// The Host, Origin and Cookie checks on `text`: no panic, and only the page's own names.
fn check_headers(text: &str, port: u16) {
    let suffix = format!(":{port}");
    if host_allowed(text, port) {
        assert!(text.ends_with(&suffix), "{text:?} allowed for port {port}");
        let name = &text[..text.len() - suffix.len()];
        assert!(
            name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"),
            "{text:?} allowed"
        );
    }
    if origin_allowed(text, port) {
        assert!(
            text.starts_with("http://") && text.ends_with(&suffix),
            "{text:?}"
        );
        assert!(host_allowed(&text["http://".len()..], port));
    }
    assert!(host_allowed(&format!("127.0.0.1:{port}"), port));
    assert!(!host_allowed(&format!("{text}.evil.example:{port}"), port));
    if let Some(value) = cookie(text, "mynapin_session") {
        let pair = format!("mynapin_session={value}");
        assert!(text.contains(&pair), "{text:?} gave {value:?}");
    }
    if let Some((name, _)) = text.split_once('=') {
        let name = name.trim();
        if let Some(value) = cookie(text, name) {
            assert!(text.contains(value));
        }
    }
}
