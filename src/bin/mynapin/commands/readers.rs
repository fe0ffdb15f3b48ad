//! `mynapin readers`, and the choice of a reader when several hold a card.

use super::Context;
use crate::cli::{GlobalArgs, ReadersArgs};
use crate::exit::Failure;
use crate::i18n::Lang;
use mynapin::messages::Message;

/// Runs `readers`; returns what to print.
#[cfg(feature = "pcsc")]
pub fn run(context: Context, args: &ReadersArgs) -> Result<String, Failure> {
    use mynapin::report::ReaderRow;
    use mynapin::report::ReadersDocument;
    use mynapin::transport::{TransportError, list_readers};
    let readers: Vec<ReaderRow> = list_readers()?
        .iter()
        .map(|reader| {
            let jpki = if args.no_probe {
                None
            } else {
                mynapin::card::probe::probe_reader(reader)
            };
            ReaderRow::new(reader, jpki)
        })
        .collect();
    if readers.is_empty() {
        return Err(TransportError::NoReaders.into());
    }
    if context.json() {
        return crate::output::json_line(&ReadersDocument::new(readers));
    }
    let catalog = context.lang.catalog();
    let mut out = format!("{}\n", catalog.text(&Message::new("readers-title")));
    for reader in &readers {
        let card = catalog.text(&match (reader.card_present, reader.jpki) {
            (false, _) => Message::new("readers-no-card"),
            (true, Some(true)) => Message::new("readers-my-number-card"),
            (true, Some(false)) => Message::new("readers-other-card"),
            (true, None) => Message::new("readers-card-present"),
        });
        out.push_str(&format!("  {}: {}  [{card}]\n", reader.index, reader.name));
        if let Some(atr) = &reader.atr {
            out.push_str(&format!("     ATR {atr}\n"));
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
    Failure::Usage(lang.text(&Message::new("readers-no-pcsc")))
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
    let catalog = lang.catalog();
    let _ = writeln!(
        writer,
        "{}",
        catalog.text(&Message::new("readers-ask-several"))
    );
    for (number, name) in with_cards.iter().enumerate() {
        let _ = writeln!(writer, "  {}) {name}", number + 1);
    }
    let _ = write!(
        writer,
        "{} ",
        catalog.text(&Message::new("readers-ask-number"))
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
