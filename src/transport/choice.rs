//! Which reader to use: [`ReaderChoice`], read from `--reader` or picked from a menu, and
//! [`choose_reader`], the pure rule that applies it to pcscd's reader list.

use crate::transport::TransportError;

/// Which reader to use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReaderChoice {
    /// The only reader that holds a card.
    #[default]
    Auto,
    /// A position in pcscd's reader list, as [`super::ReaderInfo::index`].
    Index(usize),
    /// The full reader name as pcscd lists it (e.g. `Virtual PCD 00 00`), compared
    /// exactly: what a menu of listed readers answers. Never read as a number or a pattern.
    Exact(String),
    /// A case-insensitive substring of the reader's name (e.g. `felica`).
    Contains(String),
}

impl ReaderChoice {
    /// Reads a `--reader` argument: blank → [`ReaderChoice::Auto`]; all ASCII digits →
    /// [`ReaderChoice::Index`]; anything else → [`ReaderChoice::Contains`]. Surrounding
    /// blanks are ignored.
    ///
    /// Digits too large for an index become [`ReaderChoice::Exact`] of the digits: pcscd
    /// names end in two slot numbers (`… 00 00`), so no reader has an all-digit name and
    /// the choice gives [`TransportError::ReaderNotFound`] naming the text as typed.
    pub fn from_argument(argument: &str) -> Self {
        let text = argument.trim();
        if text.is_empty() {
            return ReaderChoice::Auto;
        }
        if text.bytes().all(|byte| byte.is_ascii_digit()) {
            return match text.parse::<usize>() {
                Ok(index) => ReaderChoice::Index(index),
                Err(_) => ReaderChoice::Exact(text.to_owned()),
            };
        }
        ReaderChoice::Contains(text.to_owned())
    }
}

/// Picks a reader from `(name, card present)` pairs, in pcscd's order; returns its index.
///
/// - [`ReaderChoice::Index`]: that index, else [`TransportError::ReaderNotFound`].
/// - [`ReaderChoice::Exact`]: the reader with exactly that name, else
///   [`TransportError::ReaderNotFound`].
/// - [`ReaderChoice::Contains`]: the one reader whose name contains the text (surrounding
///   blanks ignored), compared case-insensitively; several matches give
///   [`TransportError::AmbiguousReader`] unless exactly one name equals the text
///   (ignoring case); no match gives [`TransportError::ReaderNotFound`].
/// - [`ReaderChoice::Auto`]: the one reader with a card; [`TransportError::NoReaders`]
///   when there are no readers, [`TransportError::NoCard`] when no reader has a card,
///   [`TransportError::AmbiguousReader`] with an empty `wanted` when several have one.
///
/// Card presence matters only to `Auto`: for a named reader, the caller waits for a card
/// in it or reports [`TransportError::NoCard`].
pub fn choose_reader<S: AsRef<str>>(
    readers: &[(S, bool)],
    choice: &ReaderChoice,
) -> Result<usize, TransportError> {
    let chosen = choose(readers, choice);
    let listed: Vec<String> = readers
        .iter()
        .map(|(name, present)| {
            let card = if *present { "card" } else { "no card" };
            format!("{} ({card})", name.as_ref())
        })
        .collect();
    tracing::debug!(?listed, "readers listed by pcscd");
    match &chosen {
        Ok(index) => tracing::info!(
            index,
            reader = readers[*index].0.as_ref(),
            card_present = readers[*index].1,
            why = why_chosen(choice),
            "reader chosen"
        ),
        Err(error) => tracing::info!(?choice, %error, "no reader chosen"),
    }
    chosen
}

/// Why [`choose_reader`] took the reader it took, for the log.
fn why_chosen(choice: &ReaderChoice) -> &'static str {
    match choice {
        ReaderChoice::Auto => "no reader named: the only reader holding a card",
        ReaderChoice::Index(_) => "named by its index (--reader N)",
        ReaderChoice::Exact(_) => "named by its full name (menu choice)",
        ReaderChoice::Contains(_) => "the one reader whose name contains the text given",
    }
}

/// [`choose_reader`] without the log.
fn choose<S: AsRef<str>>(
    readers: &[(S, bool)],
    choice: &ReaderChoice,
) -> Result<usize, TransportError> {
    let not_found = |wanted: String| TransportError::ReaderNotFound {
        wanted,
        available: readers
            .iter()
            .map(|(name, _)| name.as_ref().to_owned())
            .collect(),
    };
    match choice {
        ReaderChoice::Auto => choose_auto(readers),
        ReaderChoice::Index(index) if *index < readers.len() => Ok(*index),
        ReaderChoice::Index(index) => Err(not_found(index.to_string())),
        ReaderChoice::Exact(name) => readers
            .iter()
            .position(|(candidate, _)| candidate.as_ref() == name)
            .ok_or_else(|| not_found(name.clone())),
        ReaderChoice::Contains(text) => {
            choose_containing(readers, text.trim()).map_err(|error| match error {
                Some(error) => error,
                None => not_found(text.trim().to_owned()),
            })
        }
    }
}

/// [`ReaderChoice::Contains`]; `Err(None)` when no name contains `wanted`.
fn choose_containing<S: AsRef<str>>(
    readers: &[(S, bool)],
    wanted: &str,
) -> Result<usize, Option<TransportError>> {
    let needle = wanted.to_lowercase();
    let matches: Vec<usize> = readers
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.as_ref().to_lowercase().contains(&needle))
        .map(|(index, _)| index)
        .collect();
    match matches.as_slice() {
        [] => Err(None),
        [index] => Ok(*index),
        several => {
            let exact: Vec<usize> = several
                .iter()
                .copied()
                .filter(|&index| readers[index].0.as_ref().to_lowercase() == needle)
                .collect();
            match exact.as_slice() {
                [index] => Ok(*index),
                _ => Err(Some(TransportError::AmbiguousReader {
                    wanted: wanted.to_owned(),
                    candidates: several
                        .iter()
                        .map(|&index| readers[index].0.as_ref().to_owned())
                        .collect(),
                })),
            }
        }
    }
}

/// [`ReaderChoice::Auto`]: the one reader with a card.
fn choose_auto<S: AsRef<str>>(readers: &[(S, bool)]) -> Result<usize, TransportError> {
    if readers.is_empty() {
        return Err(TransportError::NoReaders);
    }
    let with_card: Vec<usize> = readers
        .iter()
        .enumerate()
        .filter(|(_, (_, present))| *present)
        .map(|(index, _)| index)
        .collect();
    match with_card.as_slice() {
        [] => Err(TransportError::NoCard),
        [index] => Ok(*index),
        several => Err(TransportError::AmbiguousReader {
            wanted: String::new(),
            candidates: several
                .iter()
                .map(|&index| readers[index].0.as_ref().to_owned())
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_VIRTUAL: [&str; 2] = ["Virtual PCD 00 00", "Virtual PCD 00 01"];

    fn readers<'a>(names: &[&'a str], present: &[bool]) -> Vec<(&'a str, bool)> {
        names.iter().copied().zip(present.iter().copied()).collect()
    }

    fn argument(text: &str) -> ReaderChoice {
        ReaderChoice::from_argument(text)
    }

    #[test]
    fn arguments_are_auto_index_or_substring() {
        assert_eq!(argument(""), ReaderChoice::Auto);
        assert_eq!(argument("  "), ReaderChoice::Auto);
        assert_eq!(argument("0"), ReaderChoice::Index(0));
        assert_eq!(argument(" 12 "), ReaderChoice::Index(12));
        assert_eq!(
            argument(" felica "),
            ReaderChoice::Contains("felica".to_owned())
        );
        assert_eq!(argument("-1"), ReaderChoice::Contains("-1".to_owned()));
        assert_eq!(argument("１"), ReaderChoice::Contains("１".to_owned()));
        assert_eq!(ReaderChoice::default(), ReaderChoice::Auto);
    }

    #[test]
    fn a_number_is_an_index() {
        let list = readers(&TWO_VIRTUAL, &[false, false]);
        assert_eq!(choose_reader(&list, &argument("0")).unwrap(), 0);
        assert_eq!(choose_reader(&list, &argument(" 1 ")).unwrap(), 1);
        match choose_reader(&list, &argument("2")) {
            Err(TransportError::ReaderNotFound { wanted, available }) => {
                assert_eq!(wanted, "2");
                assert_eq!(available, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        match choose_reader(&list, &argument("99999999999999999999999")) {
            Err(TransportError::ReaderNotFound { wanted, .. }) => {
                assert_eq!(wanted, "99999999999999999999999");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_text_is_a_case_insensitive_substring() {
        let list = readers(&TWO_VIRTUAL, &[true, false]);
        assert_eq!(
            choose_reader(&list, &argument("00 01")).unwrap(),
            1,
            "named reader without a card is still chosen"
        );
        assert_eq!(
            choose_reader(&list, &argument("virtual pcd 00 00")).unwrap(),
            0
        );
        assert_eq!(
            choose_reader(&list, &argument("VIRTUAL PCD 00 01")).unwrap(),
            1
        );
        let sony = readers(
            &["SONY FeliCa RC-S300/P 00 00", "Virtual PCD 00 00"],
            &[true, true],
        );
        assert_eq!(choose_reader(&sony, &argument("felica")).unwrap(), 0);
    }

    #[test]
    fn several_matches_are_ambiguous_unless_one_is_equal() {
        let list = readers(&TWO_VIRTUAL, &[true, true]);
        match choose_reader(&list, &argument("Virtual")) {
            Err(TransportError::AmbiguousReader { wanted, candidates }) => {
                assert_eq!(wanted, "Virtual");
                assert_eq!(candidates, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let nested = readers(&["ACR 00", "ACR 00 extra"], &[true, true]);
        assert_eq!(choose_reader(&nested, &argument("acr 00")).unwrap(), 0);
    }

    #[test]
    fn no_match_lists_the_readers() {
        let list = readers(&TWO_VIRTUAL, &[true, true]);
        match choose_reader(&list, &argument("pasori")) {
            Err(TransportError::ReaderNotFound { wanted, available }) => {
                assert_eq!(wanted, "pasori");
                assert_eq!(available, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let none: Vec<(&str, bool)> = Vec::new();
        assert!(matches!(
            choose_reader(&none, &argument("0")),
            Err(TransportError::ReaderNotFound { .. })
        ));
    }

    #[test]
    fn an_all_digit_name_chosen_exact_is_found_by_name() {
        let list = readers(&["1", "0"], &[true, true]);
        let exact = |name: &str| ReaderChoice::Exact(name.to_owned());
        assert_eq!(choose_reader(&list, &exact("0")).unwrap(), 1);
        assert_eq!(choose_reader(&list, &exact("1")).unwrap(), 0);
        assert_eq!(choose_reader(&list, &argument("0")).unwrap(), 0, "an index");
    }

    #[test]
    fn exact_does_not_match_a_substring_or_another_case() {
        let list = readers(&TWO_VIRTUAL, &[true, true]);
        let exact = |name: &str| ReaderChoice::Exact(name.to_owned());
        assert_eq!(
            choose_reader(&list, &exact("Virtual PCD 00 01")).unwrap(),
            1
        );
        for wanted in [
            "Virtual PCD",
            "00 01",
            "virtual pcd 00 01",
            " Virtual PCD 00 01",
        ] {
            match choose_reader(&list, &exact(wanted)) {
                Err(TransportError::ReaderNotFound {
                    wanted: reported,
                    available,
                }) => {
                    assert_eq!(reported, wanted);
                    assert_eq!(available, TWO_VIRTUAL);
                }
                other => panic!("{wanted:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn auto_takes_the_single_reader_with_a_card() {
        let none: Vec<(&str, bool)> = Vec::new();
        assert!(matches!(
            choose_reader(&none, &ReaderChoice::Auto),
            Err(TransportError::NoReaders)
        ));
        assert!(matches!(
            choose_reader(&readers(&TWO_VIRTUAL, &[false, false]), &ReaderChoice::Auto),
            Err(TransportError::NoCard)
        ));
        assert_eq!(
            choose_reader(&readers(&TWO_VIRTUAL, &[false, true]), &ReaderChoice::Auto).unwrap(),
            1
        );
        match choose_reader(&readers(&TWO_VIRTUAL, &[true, true]), &ReaderChoice::Auto) {
            Err(TransportError::AmbiguousReader { wanted, candidates }) => {
                assert_eq!(wanted, "");
                assert_eq!(candidates, TWO_VIRTUAL);
            }
            other => panic!("{other:?}"),
        }
        let three = readers(&["a", "b", "c"], &[true, false, true]);
        match choose_reader(&three, &ReaderChoice::Auto) {
            Err(TransportError::AmbiguousReader { candidates, .. }) => {
                assert_eq!(candidates, ["a", "c"], "only readers with a card");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_blank_argument_means_auto() {
        let list = readers(&TWO_VIRTUAL, &[false, true]);
        assert_eq!(choose_reader(&list, &argument("  ")).unwrap(), 1);
    }
}
