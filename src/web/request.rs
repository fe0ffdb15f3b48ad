//! What the counter page reads from a request before it acts on it.
//!
//! - [`Form::parse`]: an `application/x-www-form-urlencoded` body (the WHATWG URL
//!   standard's encoding: `name=value` pairs joined by `&`, `+` for a space, `%XX` for a
//!   byte), decoded into zeroizing buffers, since a PIN is one of the values. A body over
//!   [`MAX_BODY`] bytes, with more than [`MAX_FIELDS`] fields, a bad `%` escape or text
//!   that is not UTF-8 is refused as a whole.
//! - [`host_allowed`], [`origin_allowed`]: the page is served to `127.0.0.1:PORT` and
//!   `localhost:PORT` only, which defeats DNS rebinding (a hostile name resolving to
//!   127.0.0.1 still sends its own name as Host) and cross-site form posts (Origin).
//! - [`cookie`]: one cookie's value from a `Cookie` header.

use zeroize::Zeroizing;

/// The largest request body accepted, in bytes: the longest form (two 16-character
/// values, a CSRF token and the documents checklist) is far below it.
pub const MAX_BODY: usize = 4096;

/// The most fields a form may have.
pub const MAX_FIELDS: usize = 64;

/// Why a form body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Longer than [`MAX_BODY`].
    #[error("the form is {0} bytes long; at most {MAX_BODY} are accepted")]
    TooLarge(usize),
    /// More than [`MAX_FIELDS`] fields.
    #[error("the form has more than {MAX_FIELDS} fields")]
    TooManyFields,
    /// A `%` not followed by two hex digits.
    #[error("a % in the form is not followed by two hex digits")]
    BadEscape,
    /// A name or value that is not UTF-8 once decoded.
    #[error("the form is not UTF-8 text")]
    NotUtf8,
}

/// A decoded form: its fields in order. Values are wiped from memory when the form is
/// dropped. No `Debug`: it would print them.
#[derive(Default)]
pub struct Form {
    fields: Vec<(String, Zeroizing<String>)>,
}

impl Form {
    /// Decodes `body`.
    ///
    /// # Errors
    ///
    /// A [`FormError`]; nothing of the body is kept then.
    pub fn parse(body: &[u8]) -> Result<Form, FormError> {
        if body.len() > MAX_BODY {
            return Err(FormError::TooLarge(body.len()));
        }
        let mut form = Form::default();
        for pair in body.split(|byte| *byte == b'&') {
            if pair.is_empty() {
                continue;
            }
            if form.fields.len() == MAX_FIELDS {
                return Err(FormError::TooManyFields);
            }
            let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let name = decode(name)?;
            let value = decode(value)?;
            let name = String::from_utf8(name.to_vec()).map_err(|_| FormError::NotUtf8)?;
            let value = Zeroizing::new(
                std::str::from_utf8(&value)
                    .map_err(|_| FormError::NotUtf8)?
                    .to_owned(),
            );
            form.fields.push((name, value));
        }
        Ok(form)
    }

    /// The first value of the field `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of the field `name` (checkboxes that share a name), in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the form has no field.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The field names, in order (for a diagnostic: never the values).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(name, _)| name.as_str())
    }
}

/// Decodes `+` and `%XX` into a zeroizing buffer.
fn decode(encoded: &[u8]) -> Result<Zeroizing<Vec<u8>>, FormError> {
    let mut decoded = Zeroizing::new(Vec::with_capacity(encoded.len()));
    let mut bytes = encoded.iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => {
                let high = bytes.next().and_then(|digit| hex_value(*digit));
                let low = bytes.next().and_then(|digit| hex_value(*digit));
                match (high, low) {
                    (Some(high), Some(low)) => decoded.push(high << 4 | low),
                    _ => return Err(FormError::BadEscape),
                }
            }
            byte => decoded.push(byte),
        }
    }
    Ok(decoded)
}

/// The value of one hex digit.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Whether a `Host` header names the page's own address: `127.0.0.1:PORT` or
/// `localhost:PORT` (ASCII case-insensitive), nothing else.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let Some((name, given_port)) = host.rsplit_once(':') else {
        return false;
    };
    given_port == port.to_string()
        && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Whether an `Origin` header is the page's own: `http://127.0.0.1:PORT` or
/// `http://localhost:PORT`. `null` (a sandboxed or file page) and every other site are
/// refused.
pub fn origin_allowed(origin: &str, port: u16) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|host| host_allowed(host, port))
}

/// The value of the cookie `name` in a `Cookie` header (`a=1; b=2`), if it is there once.
/// A header that names it twice gives `None`: which one a browser meant is unknowable.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    let mut found = header.split(';').filter_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_decodes_plus_escapes_and_repeated_names() {
        let form = Form::parse(b"pin=12%334&doc=A&doc=B+x&empty=&flag").expect("a form");
        assert_eq!(form.get("pin"), Some("1234"));
        assert_eq!(form.all("doc").collect::<Vec<_>>(), ["A", "B x"]);
        assert_eq!(form.get("empty"), Some(""));
        assert_eq!(form.get("flag"), Some(""));
        assert_eq!(form.get("missing"), None);
        assert_eq!(form.len(), 5);
    }

    #[test]
    fn japanese_text_decodes_from_utf8_escapes() {
        let form = Form::parse(b"name=%E8%A6%8B%E6%9C%AC").expect("a form");
        assert_eq!(form.get("name"), Some("見本"));
    }

    #[test]
    fn bad_forms_are_refused() {
        assert_eq!(
            Form::parse(&vec![b'a'; MAX_BODY + 1]).err(),
            Some(FormError::TooLarge(MAX_BODY + 1))
        );
        assert_eq!(Form::parse(b"a=%4").err(), Some(FormError::BadEscape));
        assert_eq!(Form::parse(b"a=%zz").err(), Some(FormError::BadEscape));
        assert_eq!(Form::parse(b"a=%ff").err(), Some(FormError::NotUtf8));
        let many = vec!["a=1"; MAX_FIELDS + 1].join("&");
        assert_eq!(
            Form::parse(many.as_bytes()).err(),
            Some(FormError::TooManyFields)
        );
        assert!(Form::parse(vec!["a=1"; MAX_FIELDS].join("&").as_bytes()).is_ok());
    }

    #[test]
    fn only_the_pages_own_host_and_origin_pass() {
        assert!(host_allowed("127.0.0.1:8080", 8080));
        assert!(host_allowed("LocalHost:8080", 8080));
        assert!(!host_allowed("127.0.0.1:8081", 8080));
        assert!(!host_allowed("127.0.0.1", 8080));
        assert!(!host_allowed("evil.example:8080", 8080));
        assert!(!host_allowed("127.0.0.1.evil.example:8080", 8080));
        assert!(!host_allowed("[::1]:8080", 8080));
        assert!(origin_allowed("http://127.0.0.1:8080", 8080));
        assert!(origin_allowed("http://localhost:8080", 8080));
        assert!(!origin_allowed("https://127.0.0.1:8080", 8080));
        assert!(!origin_allowed("null", 8080));
        assert!(!origin_allowed("http://evil.example:8080", 8080));
        assert!(!origin_allowed("http://127.0.0.1:8080/", 8080));
    }

    #[test]
    fn a_cookie_is_found_once_or_not_at_all() {
        assert_eq!(cookie("a=1; mynapin=xyz; b=2", "mynapin"), Some("xyz"));
        assert_eq!(cookie("mynapin=xyz", "mynapin"), Some("xyz"));
        assert_eq!(cookie("mynapin=x; mynapin=y", "mynapin"), None);
        assert_eq!(cookie("xmynapin=1", "mynapin"), None);
        assert_eq!(cookie("", "mynapin"), None);
    }
}
