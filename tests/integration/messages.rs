//! The message catalogues (`locales/*.ftl`) against each other and against the code: each
//! parses without error or duplicate; the build script embedded exactly the files of the
//! folder (so a third language is one more file); every id the code uses is in every
//! catalogue and every catalogue id is used; every message has the same placeables in
//! every language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use mynapin::messages::Catalog;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every catalogue file as (tag, text), sorted by tag.
fn catalogue_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("locales"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .map(|path| {
            let tag = path.file_stem().unwrap().to_str().unwrap().to_owned();
            (tag, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The catalogue's messages, each with the variables its value uses; fails on a syntax
/// error or a duplicate id.
fn messages_of(tag: &str, text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{tag}.ftl: syntax errors: {errors:?}"),
    };
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    pattern_variables(value, &mut variables);
                }
                let name = message.id.name.to_owned();
                assert!(
                    messages.insert(name.clone(), variables).is_none(),
                    "{tag}.ftl: {name} is defined twice"
                );
            }
            ast::Entry::Junk { content } => panic!("{tag}.ftl: junk: {content}"),
            _ => {}
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                pattern_variables(&variant.value, into);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, into);
            }
            for named in &arguments.named {
                inline_variables(&named.value, into);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// The ids the code uses: the literal of every `Message::new("…")` in `src/` (the one
/// way the crate names an id), comments and the test module left out.
fn ids_used_in_sources() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut ids = BTreeSet::new();
    for file in files {
        if file.ends_with("messages/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("Message::new(") {
            let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            if text[line_start..at].trim_start().starts_with("//") {
                continue; // documentation
            }
            let rest = text[at + "Message::new(".len()..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                panic!(
                    "{}: an id that is not a literal: {}",
                    file.display(),
                    &rest[..40.min(rest.len())]
                );
            };
            let end = literal.find('"').unwrap();
            ids.insert(literal[..end].to_owned());
        }
    }
    ids
}

#[test]
fn every_catalogue_parses_without_errors_or_duplicates() {
    let files = catalogue_files();
    assert!(files.len() >= 2, "ja and en at least");
    for (tag, text) in files {
        assert!(!messages_of(&tag, &text).is_empty(), "{tag}.ftl is empty");
    }
}

#[test]
fn the_build_script_embeds_every_file_of_the_folder() {
    let tags: Vec<String> = catalogue_files().into_iter().map(|(tag, _)| tag).collect();
    let embedded: Vec<String> = Catalog::available()
        .iter()
        .map(|tag| tag.to_string())
        .collect();
    assert_eq!(embedded, tags, "a new locales/*.ftl file is a new language");
    for tag in &tags {
        assert_eq!(Catalog::for_tag(tag).tag(), tag);
    }
}

#[test]
fn every_id_the_code_uses_is_in_every_catalogue_and_every_id_is_used() {
    let used = ids_used_in_sources();
    assert!(used.len() > 100, "the scan finds the ids: {}", used.len());
    for (tag, text) in catalogue_files() {
        let defined: BTreeSet<String> = messages_of(&tag, &text).into_keys().collect();
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "{tag}.ftl lacks {missing:?}");
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "{tag}.ftl has ids no code uses: {unused:?}"
        );
    }
}

#[test]
fn every_message_has_the_same_placeables_in_every_language() {
    let files = catalogue_files();
    let (default_tag, default_text) = files
        .iter()
        .find(|(tag, _)| tag == "ja")
        .expect("ja.ftl, the default catalogue");
    let reference = messages_of(default_tag, default_text);
    for (tag, text) in &files {
        for (id, variables) in messages_of(tag, text) {
            if let Some(expected) = reference.get(&id) {
                assert_eq!(
                    &variables, expected,
                    "{tag}.ftl: {id} has other placeables than ja.ftl"
                );
            }
        }
    }
}
