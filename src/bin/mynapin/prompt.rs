//! What the tool asks the user on the terminal: PINs, from a no-echo prompt (a new PIN
//! typed twice) or with `--pin-stdin` one value per line on standard input (for
//! automation: the current value, then the new one, not repeated); and which reader to
//! use when several hold a card. PIN values are held in zeroizing buffers from the moment
//! they are read; they are never echoed, logged or put in an error.

use std::collections::VecDeque;
use std::io::{IsTerminal, Read};

use mynapin::card::{CardError, PinKind};
use mynapin::messages::{Message, format_hint, pin_label, pin_name};
use zeroize::Zeroizing;

use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::i18n::Lang;

/// The most `--pin-stdin` reads: far more than two PINs, far less than a mistake.
const MAX_STDIN: usize = 4096;

/// A source of PIN values.
pub enum PinInput {
    /// Prompt on the controlling terminal without echo.
    Terminal,
    /// Lines already read from standard input.
    Lines(VecDeque<Zeroizing<String>>),
}

impl PinInput {
    /// The terminal, or all of standard input split into lines when `from_stdin`.
    pub fn open(from_stdin: bool, lang: Lang) -> Result<PinInput, Failure> {
        if !from_stdin {
            return Ok(PinInput::Terminal);
        }
        if std::io::stdin().is_terminal() {
            // Typed there, each value would show on the screen: the prompt hides it.
            return Err(Failure::Usage(
                lang.text(&Message::new("prompt-stdin-terminal")),
            ));
        }
        let unreadable = || Failure::Usage(lang.text(&Message::new("prompt-stdin-unreadable")));
        // A fixed zeroizing buffer: no reallocation leaves a stray copy of a PIN behind.
        let mut buffer = Zeroizing::new(vec![0u8; MAX_STDIN + 1]);
        let mut filled = 0;
        let mut stdin = std::io::stdin().lock();
        loop {
            match stdin.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(unreadable()),
            }
            if filled > MAX_STDIN {
                return Err(unreadable());
            }
        }
        let all = std::str::from_utf8(&buffer[..filled]).map_err(|_| unreadable())?;
        let lines = all
            .split('\n')
            .map(|line| Zeroizing::new(line.strip_suffix('\r').unwrap_or(line).to_owned()))
            .collect::<VecDeque<_>>();
        Ok(PinInput::Lines(lines))
    }

    /// Checks, once every value was read, that standard input held no more than the
    /// `expected` lines (blank lines, such as the one a final line break leaves, do not
    /// count): an extra line is a mistake in the automation that feeds it.
    ///
    /// # Errors
    ///
    /// A usage failure naming `expected`, before anything is sent to the card.
    pub fn finish(&self, lang: Lang, expected: usize) -> Result<(), Failure> {
        match self {
            PinInput::Lines(lines) if lines.iter().any(|line| !line.is_empty()) => {
                let message = Message::new("prompt-stdin-extra").with("expected", expected);
                Err(Failure::Usage(lang.text(&message)))
            }
            _ => Ok(()),
        }
    }

    /// The current value of a PIN.
    pub fn current(&mut self, lang: Lang, kind: PinKind) -> Result<Zeroizing<String>, Failure> {
        let prompt = Message::new("prompt-current")
            .with("label", pin_label(kind))
            .with("hint", format_hint(kind));
        self.read(lang, &prompt)
    }

    /// A new value: typed twice on the terminal (the entries must agree), once on stdin.
    pub fn new_value(&mut self, lang: Lang, kind: PinKind) -> Result<Zeroizing<String>, Failure> {
        let prompt = Message::new("prompt-new")
            .with("pin", pin_name(kind))
            .with("hint", format_hint(kind));
        let first = self.read(lang, &prompt)?;
        if let PinInput::Terminal = self {
            let again = self.read(lang, &Message::new("prompt-again"))?;
            if *again != *first {
                return Err(Failure::Card(CardError::NewPinMismatch(kind)));
            }
        }
        Ok(first)
    }

    /// One value: prompted with `prompt` (followed by a space) on the terminal, or the
    /// next line of standard input.
    fn read(&mut self, lang: Lang, prompt: &Message) -> Result<Zeroizing<String>, Failure> {
        match self {
            PinInput::Terminal => {
                let prompt = format!("{} ", lang.text(prompt));
                crate::tty::read_hidden(&prompt).map_err(|unread| match unread {
                    crate::tty::Unread::NoTerminal => {
                        Failure::Usage(lang.text(&Message::new("prompt-no-terminal")))
                    }
                    crate::tty::Unread::Interrupted => {
                        Failure::Interrupted(lang.text(&Message::new("prompt-interrupted")))
                    }
                })
            }
            PinInput::Lines(lines) => match lines.pop_front() {
                Some(line) if !line.is_empty() => Ok(line),
                _ => Err(Failure::Usage(
                    lang.text(&Message::new("prompt-stdin-short")),
                )),
            },
        }
    }
}

/// When no reader was named and several hold a card, asks on the terminal which one to
/// use, before any PIN is typed. Returns the chosen reader's full name as pcscd lists it
/// (the session opens it as [`mynapin::transport::ReaderChoice::Exact`], never as an
/// index or a pattern), the only reader holding a card (so the connect lists no readers
/// again), or `None` to let the connection decide (no card, no terminal, a simulated
/// card, or a listing error that the connection will report properly).
#[cfg(feature = "pcsc")]
pub fn choose_reader_when_several(global: &GlobalArgs, lang: Lang) -> Option<String> {
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
    match with_cards.len() {
        0 => return None,
        // The only reader with a card: named exactly, so the connect needs no second
        // listing of the readers.
        1 => return with_cards.into_iter().next(),
        _ => {}
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
pub fn choose_reader_when_several(_global: &GlobalArgs, _lang: Lang) -> Option<String> {
    None
}
