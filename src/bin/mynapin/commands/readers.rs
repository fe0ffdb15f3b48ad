//! `mynapin readers`: every reader, whether it holds a card, its ATR, and whether the
//! card answers the JPKI AP ([`mynapin::card::probe`]).

use super::Context;
use crate::cli::ReadersArgs;
use crate::exit::Failure;

/// Runs `readers`; returns what to print.
#[cfg(feature = "pcsc")]
pub fn run(context: Context, args: &ReadersArgs) -> Result<String, Failure> {
    use mynapin::report::ReaderRow;
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
    crate::present::readers(context, readers)
}

/// Without the `pcsc` feature there are no readers to list.
#[cfg(not(feature = "pcsc"))]
pub fn run(_context: Context, _args: &ReadersArgs) -> Result<String, Failure> {
    Err(Failure::Source(
        mynapin::source::SourceError::NoReaderSupport,
    ))
}
