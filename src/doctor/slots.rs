//! The checks of what pcscd sees: readers (identified in [`super::known`]), the card, and
//! leftover virtual readers.

use super::known::{self, AtrClass, classify_atr};
use super::{CheckId, Establish, Facts, Finding, Outcome, Pcsc, Reader};
use crate::apdu::spaced_hex;
use crate::messages::Message;
use crate::transport::{ReaderChoice, choose_reader};

/// pcscd's answer when it can be asked for readers; otherwise the finding that says why
/// not (skipped).
fn reachable(facts: &Facts, id: CheckId) -> Result<&Pcsc, Finding> {
    match &facts.pcsc {
        None => Err(Finding::new(
            id,
            Outcome::Skipped,
            Message::new("doctor-no-pcsc-support"),
        )),
        Some(pcsc) if pcsc.establish == Establish::Ok => Ok(pcsc),
        Some(_) => Err(Finding::new(
            id,
            Outcome::Skipped,
            Message::new("doctor-skip-no-pcscd"),
        )),
    }
}

/// One reader: its name, model and interface as the table knows them, and its quirk.
fn describe(reader: &Reader) -> Vec<Message> {
    match known::by_name(&reader.name) {
        Some(model) => {
            let line = Message::new("doctor-reader-known")
                .with("reader", reader.name.as_str())
                .with("model", model.model)
                .with("interface", model.interface.message());
            std::iter::once(line).chain(model.quirk.message()).collect()
        }
        None => vec![Message::new("doctor-reader-unknown").with("reader", reader.name.as_str())],
    }
}

/// Check 5: Readers: pcscd lists at least one; each is named from the known-readers table with
/// its quirk. Known USB readers plugged in that pcscd does not list (the RC-S380 has no
/// PC/SC driver on Linux; others lack a driver or permission) are warnings.
pub fn readers(facts: &Facts) -> Finding {
    let id = CheckId::Readers;
    let pcsc = match reachable(facts, id) {
        Ok(pcsc) => pcsc,
        Err(finding) => return finding,
    };
    if let Some(error) = &pcsc.listing_error {
        return Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-readers-error").with_detail(error.clone()),
        )
        .fix(Message::new("doctor-pcscd-fix-start"));
    }
    let mut items: Vec<Message> = pcsc.readers.iter().flat_map(describe).collect();
    let mut unusable = Vec::new();
    for &(vendor, product) in &facts.usb {
        let Some(model) = known::by_usb(vendor, product) else {
            continue;
        };
        let listed = pcsc.readers.iter().any(|reader| {
            known::by_name(&reader.name).is_some_and(|found| found.model == model.model)
        });
        if !listed {
            unusable.push(model);
        }
    }
    for model in &unusable {
        items.push(Message::new("doctor-reader-not-listed").with("model", model.model));
        items.extend(model.quirk.message());
    }
    if pcsc.readers.is_empty() {
        return Finding::new(id, Outcome::Failure, Message::new("doctor-readers-none"))
            .fix(Message::new("doctor-readers-none-fix"))
            .items(items);
    }
    let summary = Message::new("doctor-readers-ok").with("count", pcsc.readers.len());
    if unusable.is_empty() {
        Finding::new(id, Outcome::Ok, summary).items(items)
    } else {
        Finding::new(id, Outcome::Warning, summary)
            .fix(Message::new("doctor-readers-not-listed-fix"))
            .items(items)
    }
}

/// Check 6: A card: in the reader `--reader` names (else in any reader), its ATR classified
/// (docs/protocol.md §8.1), and the JPKI application answering SELECT (§8.2: the ATR
/// alone does not decide). One card answering JPKI is enough; otherwise a card that
/// could not be asked is a warning, and cards that all refuse the JPKI AP a failure.
pub fn card(facts: &Facts) -> Finding {
    let id = CheckId::Card;
    let pcsc = match reachable(facts, id) {
        Ok(pcsc) => pcsc,
        Err(finding) => return finding,
    };
    if pcsc.readers.is_empty() {
        return Finding::new(id, Outcome::Skipped, Message::new("doctor-skip-no-reader"));
    }
    let looked_at: Vec<&Reader> = match &facts.reader_choice {
        ReaderChoice::Auto => pcsc.readers.iter().collect(),
        choice => {
            let pairs: Vec<(&str, bool)> = pcsc
                .readers
                .iter()
                .map(|reader| (reader.name.as_str(), reader.card_present))
                .collect();
            match choose_reader(&pairs, choice) {
                Ok(index) => pcsc.readers.get(index).into_iter().collect(),
                Err(error) => {
                    return Finding::new(id, Outcome::Failure, error.message())
                        .fix(Message::new("doctor-card-reader-fix"));
                }
            }
        }
    };
    let cards: Vec<&Reader> = looked_at
        .iter()
        .copied()
        .filter(|reader| reader.card_present)
        .collect();
    if cards.is_empty() {
        let names: Vec<&str> = looked_at
            .iter()
            .map(|reader| reader.name.as_str())
            .collect();
        return Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-card-none").with("readers", names.join(", ")),
        )
        .fix(Message::new("doctor-card-none-fix"));
    }
    let items = cards.iter().map(|reader| card_line(reader)).collect();
    let answering = cards.iter().find(|reader| reader.jpki == Some(true));
    let unasked = cards.iter().find(|reader| reader.jpki.is_none());
    let (outcome, summary, fix) = match (answering, unasked) {
        (Some(reader), _) => (
            Outcome::Ok,
            Message::new("doctor-card-ok").with("reader", reader.name.as_str()),
            None,
        ),
        (None, Some(reader)) => (
            Outcome::Warning,
            Message::new("doctor-card-unasked").with("reader", reader.name.as_str()),
            Some(Message::new("doctor-card-unasked-fix")),
        ),
        (None, None) => (
            Outcome::Failure,
            Message::new("doctor-card-not-jpki").with("reader", cards[0].name.as_str()),
            Some(Message::new("doctor-card-not-jpki-fix")),
        ),
    };
    let finding = Finding::new(id, outcome, summary).items(items);
    match fix {
        Some(fix) => finding.fix(fix),
        None => finding,
    }
}

/// One card: its reader, ATR and class, and whether it answered the JPKI AP.
fn card_line(reader: &Reader) -> Message {
    let (atr, class) = match &reader.atr {
        Some(atr) => (spaced_hex(atr), classify_atr(atr)),
        None => ("-".to_owned(), AtrClass::Other),
    };
    let jpki = match reader.jpki {
        Some(true) => Message::new("doctor-jpki-answers"),
        Some(false) => Message::new("doctor-jpki-refuses"),
        None => Message::new("doctor-jpki-unasked"),
    };
    Message::new("doctor-card-line")
        .with("reader", reader.name.as_str())
        .with("atr", atr)
        .with("class", class.message())
        .with("jpki", jpki)
}

/// Check 11: Leftover virtual readers: vsmartcard's vpcd adds readers (`Virtual PCD 00 0x`)
/// that stay listed without a card; on a counter they only get in the way of choosing
/// the reader (a warning).
pub fn vpcd(facts: &Facts) -> Finding {
    let id = CheckId::VpcdReaders;
    let pcsc = match reachable(facts, id) {
        Ok(pcsc) => pcsc,
        Err(finding) => return finding,
    };
    let virtual_readers: Vec<&Reader> = pcsc
        .readers
        .iter()
        .filter(|reader| known::is_vpcd(&reader.name))
        .collect();
    let empty: Vec<&str> = virtual_readers
        .iter()
        .filter(|reader| !reader.card_present)
        .map(|reader| reader.name.as_str())
        .collect();
    if !empty.is_empty() {
        return Finding::new(
            id,
            Outcome::Warning,
            Message::new("doctor-vpcd-empty").with("readers", empty.join(", ")),
        )
        .fix(Message::new("doctor-vpcd-fix"));
    }
    if virtual_readers.is_empty() {
        Finding::new(id, Outcome::Ok, Message::new("doctor-vpcd-none"))
    } else {
        let names: Vec<&str> = virtual_readers
            .iter()
            .map(|reader| reader.name.as_str())
            .collect();
        Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-vpcd-serving").with("readers", names.join(", ")),
        )
    }
}
