//! What every JSON document has in common: a schema name and one line of JSON text.

use serde::Serialize;

/// A versioned JSON document.
pub trait Document: Serialize {
    /// The schema name, e.g. `mynapin.status/1`: the document's `schema` field and the
    /// `$id` of its JSON Schema file.
    const SCHEMA: &'static str;

    /// The document as one line of compact JSON, ending with a newline, fields in
    /// declaration order.
    ///
    /// # Errors
    ///
    /// Only if serialisation fails, which the documents' plain fields (strings, numbers,
    /// booleans, lists) never make it do.
    fn to_json_line(&self) -> Result<String, serde_json::Error> {
        let mut line = serde_json::to_string(self)?;
        line.push('\n');
        Ok(line)
    }
}
