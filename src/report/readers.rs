//! `mynapin.readers/1`: the PC/SC readers, printed by `readers`.

use serde::Serialize;

use super::Document;

/// The `mynapin.readers/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadersDocument {
    schema: &'static str,
    /// One row per reader, in pcscd's order.
    pub readers: Vec<ReaderRow>,
}

/// One reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderRow {
    /// Its index (what `--reader INDEX` takes).
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Whether it holds a card.
    pub card_present: bool,
    /// The card's ATR as spaced hex; `null` without a card or when unread.
    pub atr: Option<String>,
    /// Whether the card answered the JPKI application; `null` when not probed.
    pub jpki: Option<bool>,
}

impl ReadersDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.readers/1";

    /// The document listing `readers`.
    pub fn new(readers: Vec<ReaderRow>) -> Self {
        ReadersDocument {
            schema: Self::SCHEMA,
            readers,
        }
    }
}

impl ReaderRow {
    /// The row of one listed reader, with the answer of the JPKI probe
    /// ([`crate::card::probe`]; `None` when not probed).
    #[cfg(feature = "pcsc")]
    pub fn new(reader: &crate::transport::ReaderInfo, jpki: Option<bool>) -> Self {
        ReaderRow {
            index: reader.index,
            name: reader.name.clone(),
            card_present: reader.card_present,
            atr: reader.atr.as_deref().map(crate::apdu::spaced_hex),
            jpki,
        }
    }
}

impl Document for ReadersDocument {
    const SCHEMA: &'static str = ReadersDocument::SCHEMA;
}
