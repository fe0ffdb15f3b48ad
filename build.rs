//! Build script: embeds every message catalogue of `locales/` in the library.
//!
//! It lists the `locales/*.ftl` files (one per language, named by its language tag, e.g.
//! `ja.ftl`) and writes `$OUT_DIR/catalogues.rs`, a sorted table of
//! `(tag, include_str!(file))` and the list of tags, that `src/messages/embedded.rs` includes. Adding a language
//! is adding one file: nothing else names the list.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")?;
    let folder = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut catalogues = catalogue_files(&folder)?;
    catalogues.sort();
    let mut table = String::from(
        "/// Every catalogue found in `locales/` at build time: (language tag, FTL text), sorted by tag.\n\
         pub(crate) const CATALOGUES: &[(&str, &str)] = &[\n",
    );
    for (tag, path) in &catalogues {
        println!("cargo:rerun-if-changed={}", path.display());
        let path = path.to_str().ok_or("a catalogue path is not UTF-8")?;
        writeln!(table, "    ({tag:?}, include_str!({path:?})),")?;
    }
    table.push_str("];\n\n/// The language tags of [`CATALOGUES`], in the same order.\npub(crate) const TAGS: &[&str] = &[");
    for (tag, _) in &catalogues {
        write!(table, "{tag:?}, ")?;
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("catalogues.rs");
    std::fs::write(out, table)?;
    Ok(())
}

/// The `.ftl` files of `folder`, each with its language tag (the file stem).
fn catalogue_files(folder: &Path) -> Result<Vec<(String, PathBuf)>, Box<dyn Error>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "ftl") {
            continue;
        }
        let tag = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .ok_or("a catalogue file name is not UTF-8")?
            .to_owned();
        if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(
                format!("{}: name it by a language tag, e.g. ja.ftl", path.display()).into(),
            );
        }
        found.push((tag, path));
    }
    if found.is_empty() {
        return Err(format!("no .ftl catalogue in {}", folder.display()).into());
    }
    Ok(found)
}
