//! `mynapin readers`, and the choice of a reader when several hold a card.

use super::Context;
use crate::cli::{GlobalArgs, ReadersArgs};
use crate::exit::Failure;
use crate::i18n::Lang;

/// Schema of `readers`.
#[cfg(feature = "pcsc")]
pub const READERS_SCHEMA: &str = "mynapin.readers/1";

/// One row of `readers`: what pcscd lists, and whether the card answered the JPKI AP.
#[cfg(feature = "pcsc")]
struct ReaderRow {
    /// The reader as pcscd lists it.
    reader: mynapin::transport::ReaderInfo,
    /// Whether the card answered `90 00` to SELECT JPKI AP; `None` when not probed, when
    /// there is no card, or when the card could not be reached (e.g. another application
    /// holds it exclusively).
    jpki: Option<bool>,
}

/// Whether the card in `reader` answers the JPKI AP, asked over a shared connection that
/// leaves the card as it is; `None` on any error. This changes the selected application
/// for any other application sharing the card.
#[cfg(feature = "pcsc")]
fn probe_jpki(reader: &mynapin::transport::ReaderInfo) -> Option<bool> {
    use mynapin::transport::{PcscTransport, ReaderChoice};
    let choice = ReaderChoice::Exact(reader.name.clone());
    let mut transport = PcscTransport::connect_shared(&choice).ok()?;
    mynapin::card::probe::answers_jpki(&mut transport).ok()
}

/// Runs `readers`; returns what to print.
#[cfg(feature = "pcsc")]
pub fn run(context: Context, args: &ReadersArgs) -> Result<String, Failure> {
    use mynapin::apdu::spaced_hex;
    use mynapin::transport::{TransportError, list_readers};
    use serde_json::json;
    let readers: Vec<ReaderRow> = list_readers()?
        .into_iter()
        .map(|reader| {
            let jpki = (reader.card_present && !args.no_probe)
                .then(|| probe_jpki(&reader))
                .flatten();
            ReaderRow { reader, jpki }
        })
        .collect();
    if readers.is_empty() {
        return Err(TransportError::NoReaders.into());
    }
    if context.json() {
        let rows: Vec<_> = readers
            .iter()
            .map(|ReaderRow { reader, jpki }| {
                json!({
                    "index": reader.index,
                    "name": reader.name,
                    "card_present": reader.card_present,
                    "atr": reader.atr.as_ref().map(|atr| spaced_hex(atr)),
                    "jpki": jpki,
                })
            })
            .collect();
        return Ok(format!(
            "{}\n",
            json!({"schema": READERS_SCHEMA, "readers": rows})
        ));
    }
    let lang = context.lang;
    let mut out = String::from(lang.pick("カードリーダー\n", "Card readers\n"));
    for ReaderRow { reader, jpki } in &readers {
        let card = match (reader.card_present, *jpki) {
            (false, _) => lang.pick("カードなし", "no card").to_owned(),
            (true, Some(true)) => lang
                .pick(
                    "マイナンバーカード(JPKI応答あり)",
                    "My Number Card (answers JPKI)",
                )
                .to_owned(),
            (true, Some(false)) => lang
                .pick("JPKIに応答しないカード", "a card that does not answer JPKI")
                .to_owned(),
            (true, None) => lang.pick("カードあり", "card present").to_owned(),
        };
        out.push_str(&format!("  {}: {}  [{card}]\n", reader.index, reader.name));
        if let Some(atr) = &reader.atr {
            out.push_str(&format!("     ATR {}\n", spaced_hex(atr)));
        }
    }
    Ok(out)
}

/// Without the `pcsc` feature there are no readers to list.
#[cfg(not(feature = "pcsc"))]
pub fn run(context: Context, _args: &ReadersArgs) -> Result<String, Failure> {
    Err(no_pcsc(context.lang))
}

/// The error of a build without the `pcsc` feature.
#[cfg(not(feature = "pcsc"))]
pub fn no_pcsc(lang: Lang) -> Failure {
    Failure::Usage(
        lang.pick(
            "この版はカードリーダーに対応していません(pcsc 機能なしでビルド)。--simulated を使ってください。",
            "This build has no card reader support (built without the pcsc feature); use --simulated.",
        )
        .to_owned(),
    )
}

/// When no reader was named and several hold a card, asks on the terminal which one to
/// use, before any PIN is typed. Returns the chosen reader's full name as pcscd lists it
/// (the session opens it as [`mynapin::transport::ReaderChoice::Exact`], never as an
/// index or a pattern), or `None` to let the connection decide (one card, no terminal, a
/// simulated card, or a listing error that the connection will report properly).
#[cfg(feature = "pcsc")]
pub fn ask_when_several(global: &GlobalArgs, lang: Lang) -> Option<String> {
    use std::io::{BufRead, BufReader, Write};
    if global.simulated.is_some() || global.replay.is_some() || global.reader.is_some() {
        return None;
    }
    let with_cards: Vec<String> = mynapin::transport::list_readers()
        .ok()?
        .into_iter()
        .filter(|reader| reader.card_present)
        .map(|reader| reader.name)
        .collect();
    if with_cards.len() < 2 {
        return None;
    }
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let mut writer = tty.try_clone().ok()?;
    let _ = writeln!(
        writer,
        "{}",
        lang.pick(
            "カードのあるリーダーが複数あります:",
            "Several readers hold a card:"
        )
    );
    for (number, name) in with_cards.iter().enumerate() {
        let _ = writeln!(writer, "  {}) {name}", number + 1);
    }
    let _ = write!(
        writer,
        "{}",
        lang.pick("使うリーダーの番号: ", "Number of the reader to use: ")
    );
    let _ = writer.flush();
    let mut answer = String::new();
    BufReader::new(tty).read_line(&mut answer).ok()?;
    let number: usize = answer.trim().parse().ok()?;
    with_cards.get(number.checked_sub(1)?).cloned()
}

/// Without the `pcsc` feature there is nothing to ask.
#[cfg(not(feature = "pcsc"))]
pub fn ask_when_several(_global: &GlobalArgs, _lang: Lang) -> Option<String> {
    None
}
