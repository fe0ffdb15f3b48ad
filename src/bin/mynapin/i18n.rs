//! The language of the tool's messages: one of the library's catalogues
//! ([`mynapin::messages::Catalog`]), chosen with `--lang` or from the locale. All wording
//! lives in the catalogues (`locales/*.ftl`); this module only picks one and renders.
//!
//! No message takes a PIN value; none can print one.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use mynapin::messages::{Catalog, DEFAULT_TAG, LanguageIdentifier, Message};

/// The tag of the catalogue for a locale naming a language without one.
const OTHER_LOCALES_TAG: &str = "en";

/// Message language: the tag of an embedded catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(&'static str);

impl Lang {
    /// Japanese, the default.
    pub const JA: Lang = Lang(DEFAULT_TAG);

    /// The catalogue `tag` when there is one.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Catalog::available()
            .iter()
            .find(|available| available.eq_ignore_ascii_case(tag))
            .map(|available| Lang(available))
    }

    /// From the locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, first one set):
    /// Japanese for an unset, empty, `C`, `C.*` or `POSIX` locale (the counter's staff read
    /// Japanese first); the catalogue of the locale's language when there is one; English
    /// for any other.
    pub fn from_locale(value: Option<String>) -> Lang {
        let Some(value) = value.map(|value| value.to_ascii_lowercase()) else {
            return Lang::JA;
        };
        if value.is_empty() || value == "c" || value == "posix" || value.starts_with("c.") {
            return Lang::JA;
        }
        let language = value.split(['_', '.', '@', '-']).next().unwrap_or_default();
        language
            .parse::<LanguageIdentifier>()
            .ok()
            .and_then(|language| Catalog::matching(&language))
            .and_then(Lang::from_tag)
            .or_else(|| Lang::from_tag(OTHER_LOCALES_TAG))
            .unwrap_or(Lang::JA)
    }

    /// The catalogue's tag, e.g. `ja`.
    pub fn tag(self) -> &'static str {
        self.0
    }

    /// The catalogue, to render several messages.
    pub fn catalog(self) -> Catalog {
        Catalog::for_tag(self.0)
    }

    /// One message in this language. The catalogue is parsed once per thread and kept (a
    /// page of the counter page renders a hundred messages).
    pub fn text(self, message: &Message) -> String {
        thread_local! {
            static CATALOGS: std::cell::RefCell<Vec<Catalog>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        CATALOGS.with(|catalogs| {
            let mut catalogs = catalogs.borrow_mut();
            let index = match catalogs.iter().position(|catalog| catalog.tag() == self.0) {
                Some(index) => index,
                None => {
                    catalogs.push(self.catalog());
                    catalogs.len() - 1
                }
            };
            catalogs[index].text(message)
        })
    }
}

/// `--lang`'s values: the tags of the embedded catalogues.
pub fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(Catalog::available().iter().copied())
        .map(|tag| Lang::from_tag(&tag).unwrap_or(Lang::JA))
}

/// The first set locale variable, for [`Lang::from_locale`].
pub fn locale_from_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_the_language() {
        let en = Lang::from_tag("en");
        assert_eq!(Lang::from_locale(Some("ja_JP.UTF-8".into())), Lang::JA);
        assert_eq!(Some(Lang::from_locale(Some("en_US.UTF-8".into()))), en);
        assert_eq!(Some(Lang::from_locale(Some("de_DE.UTF-8".into()))), en);
        assert_eq!(Lang::from_locale(Some("C.UTF-8".into())), Lang::JA);
        assert_eq!(Lang::from_locale(Some("POSIX".into())), Lang::JA);
        assert_eq!(Lang::from_locale(Some(String::new())), Lang::JA);
        assert_eq!(Lang::from_locale(None), Lang::JA);
    }

    #[test]
    fn every_catalogue_is_a_language() {
        for tag in Catalog::available() {
            assert_eq!(Lang::from_tag(tag), Some(Lang(tag)));
        }
    }
}
