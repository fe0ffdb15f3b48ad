//! The catalogues embedded at build time: `build.rs` lists `locales/*.ftl` and writes the
//! `CATALOGUES` and `TAGS` tables included here, so a new `.ftl` file is picked up without
//! touching the code.

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));
