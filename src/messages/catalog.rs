//! A message catalogue of one language, with Japanese behind it as the fallback.
//!
//! Japanese is the default language (the counter's staff read it first) and the fallback:
//! a message missing from another catalogue is rendered from `ja.ftl`, and a message
//! missing from every catalogue renders as its id. Rendering never panics: a Fluent
//! formatting error (say, an argument the caller forgot) still yields the text Fluent could
//! make, with the placeable shown as `{$name}`.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::embedded::{CATALOGUES, TAGS};
use super::{Message, MessageArg};

/// The default and fallback language's tag.
pub const DEFAULT_TAG: &str = "ja";

/// The messages of one language, ready to render.
pub struct Catalog {
    /// The tag of the catalogue used, e.g. `ja`.
    tag: &'static str,
    /// Its messages.
    bundle: FluentBundle<FluentResource>,
    /// The Japanese messages, for ids this catalogue lacks (`None` when it is Japanese).
    fallback: Option<FluentBundle<FluentResource>>,
}

impl Catalog {
    /// The catalogue whose tag matches `language` (the full tag, or else its language
    /// subtag: `ja-JP` finds `ja`); Japanese when there is none.
    pub fn new(language: &LanguageIdentifier) -> Catalog {
        Catalog::of(Catalog::matching(language).unwrap_or(DEFAULT_TAG))
    }

    /// The catalogue for a tag such as `"en"` or `"ja-JP"`; Japanese when the tag is not
    /// valid or has no catalogue.
    pub fn for_tag(tag: &str) -> Catalog {
        match tag.parse::<LanguageIdentifier>() {
            Ok(language) => Catalog::new(&language),
            Err(_) => Catalog::of(DEFAULT_TAG),
        }
    }

    /// The tags of every embedded catalogue, sorted.
    pub fn available() -> &'static [&'static str] {
        TAGS
    }

    /// The tag of the catalogue that serves `language`, if one does: the same tag, or the
    /// same language subtag.
    pub fn matching(language: &LanguageIdentifier) -> Option<&'static str> {
        let tags = || TAGS.iter().copied();
        let parsed =
            || tags().filter_map(|tag| Some((tag, tag.parse::<LanguageIdentifier>().ok()?)));
        parsed()
            .find(|(_, candidate)| candidate == language)
            .or_else(|| parsed().find(|(_, candidate)| candidate.language == language.language))
            .map(|(tag, _)| tag)
    }

    /// The tag of this catalogue.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// Whether this catalogue itself (not the fallback) has the message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message as text in this catalogue's language (see the module doc for the
    /// fallback).
    pub fn text(&self, message: &Message) -> String {
        let bundles = std::iter::once(&self.bundle).chain(self.fallback.as_ref());
        for bundle in bundles {
            let Some(pattern) = bundle
                .get_message(message.id)
                .and_then(|found| found.value())
            else {
                continue;
            };
            let args = self.arguments(message);
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&args), &mut errors)
                .into_owned();
        }
        message.id.to_owned()
    }

    /// The arguments as Fluent values, nested messages rendered first.
    fn arguments(&self, message: &Message) -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        for (name, value) in &message.args {
            let value = match value {
                MessageArg::Text(text) => FluentValue::from(text.clone()),
                MessageArg::Number(number) => FluentValue::from(*number),
                MessageArg::Message(inner) => FluentValue::from(self.text(inner)),
            };
            args.set(*name, value);
        }
        args
    }

    /// Builds the catalogue `tag` (one of [`TAGS`]) with the Japanese fallback.
    fn of(tag: &'static str) -> Catalog {
        let fallback = (tag != DEFAULT_TAG).then(|| embedded_source(DEFAULT_TAG));
        Catalog::from_sources(tag, embedded_source(tag), fallback)
    }

    /// Builds a catalogue from FTL text, with an optional fallback catalogue's text.
    pub(super) fn from_sources(tag: &'static str, source: &str, fallback: Option<&str>) -> Catalog {
        Catalog {
            tag,
            bundle: bundle(tag, source),
            fallback: fallback.map(|source| bundle(DEFAULT_TAG, source)),
        }
    }
}

/// The FTL text of the embedded catalogue `tag` (empty for an unknown tag).
fn embedded_source(tag: &str) -> &'static str {
    CATALOGUES
        .iter()
        .find(|(candidate, _)| *candidate == tag)
        .map_or("", |(_, source)| *source)
}

/// A bundle of FTL text for the language `tag`, without bidi isolation marks (terminal
/// text must not carry FSI/PDI). Text with a syntax error keeps the messages that parsed
/// (a test fails on it).
fn bundle(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let language = tag.parse::<LanguageIdentifier>().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![language]);
    bundle.set_use_isolating(false);
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    // Duplicate ids keep the first definition; the catalogue tests reject duplicates.
    let _ = bundle.add_resource(resource);
    bundle
}
