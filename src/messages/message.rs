//! The value a front end renders: a message id from the catalogues and its typed
//! arguments. A `Message` holds no text of any language, so it can travel from the library
//! to any front end (terminal, JSON, GUI) and be rendered there by a [`super::Catalog`].
//!
//! No message takes a PIN value: the arguments are names, counts, paths, status words.

/// One argument of a message (a Fluent placeable's value).
#[derive(Debug, Clone, PartialEq)]
pub enum MessageArg {
    /// Text shown as is (a path, a field name, a status word, a reader's name).
    Text(String),
    /// A number (tries left, a line number, a byte count); catalogues may select on it,
    /// e.g. for plurals.
    Number(i64),
    /// Another message, rendered in the same language first (a PIN's name, a cause).
    Message(Box<Message>),
}

/// A message: its id in the catalogues and its named arguments.
///
/// In this crate every id is written as a literal, `Message::new("id")`, so that the
/// catalogue tests can find every id the code uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The Fluent message id, e.g. `card-wrong-pin`.
    pub id: &'static str,
    /// The arguments, by Fluent variable name (without the `$`).
    pub args: Vec<(&'static str, MessageArg)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<MessageArg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// Wraps this message with a technical detail in English (a parser's or the operating
    /// system's own words). Each catalogue decides whether to show it: English shows it as
    /// a separate "(detail: …)"; Japanese leaves it out, since its text never embeds English.
    pub fn with_detail(self, detail: impl Into<String>) -> Message {
        Message::new("with-detail")
            .with("text", self)
            .with("detail", MessageArg::Text(detail.into()))
    }

    /// The argument `name`, if given.
    pub fn arg(&self, name: &str) -> Option<&MessageArg> {
        self.args
            .iter()
            .find(|(arg, _)| *arg == name)
            .map(|(_, value)| value)
    }
}

impl From<Message> for MessageArg {
    fn from(message: Message) -> Self {
        MessageArg::Message(Box::new(message))
    }
}

impl From<String> for MessageArg {
    fn from(text: String) -> Self {
        MessageArg::Text(text)
    }
}

impl From<&str> for MessageArg {
    fn from(text: &str) -> Self {
        MessageArg::Text(text.to_owned())
    }
}

impl From<u8> for MessageArg {
    fn from(number: u8) -> Self {
        MessageArg::Number(i64::from(number))
    }
}

impl From<u16> for MessageArg {
    fn from(number: u16) -> Self {
        MessageArg::Number(i64::from(number))
    }
}

impl From<u64> for MessageArg {
    fn from(number: u64) -> Self {
        i64::try_from(number)
            .map_or_else(|_| MessageArg::Text(number.to_string()), MessageArg::Number)
    }
}

impl From<usize> for MessageArg {
    fn from(number: usize) -> Self {
        i64::try_from(number)
            .map_or_else(|_| MessageArg::Text(number.to_string()), MessageArg::Number)
    }
}
