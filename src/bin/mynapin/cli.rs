//! The command line, as clap structures. No PIN is ever an argument value: PINs come from
//! a no-echo prompt or, with `--pin-stdin`, from standard input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mynapin::sim::Fault;

use crate::i18n::Lang;

/// mynapin: My Number Card (マイナンバーカード) PIN status, verify and change.
#[derive(Debug, Parser)]
#[command(name = "mynapin", version, about, long_about = None)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use the simulated card instead of a reader: the built-in default card, or
    /// `--simulated=PROFILE` for a card profile file (which is updated after the command).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "PROFILE")]
    pub simulated: Option<Option<PathBuf>>,
    /// Output format: text for people, json for programs (a versioned schema).
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of messages (default: from the locale; Japanese unless it names another).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Write the APDU exchange of a card command to FILE (PIN bytes masked as `**`), for a
    /// bug report or a replay test.
    #[arg(long, global = true, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Serve the card's answers from a trace FILE instead of a card (support: replays a
    /// trace captured at a counter against this version's flows; stops at the first
    /// command that differs).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "simulated")]
    pub replay: Option<PathBuf>,
    /// Test aid: make the simulated card vanish at a command (`remove-before:INS` or
    /// `lose-answer:INS`, INS in hex). Only with --simulated.
    #[arg(long, global = true, hide = true, value_name = "FAULT")]
    pub sim_fault: Option<Fault>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON with a `schema` field (the stable contract).
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show every PIN's tries left (consumes no try).
    Status,
    /// Check a PIN against the card (reads the counter first; refuses the last try).
    Verify(PinArgs),
    /// Change a PIN: current value once, new value twice.
    Change(PinArgs),
    /// The simulated card.
    #[command(subcommand)]
    Sim(SimCommand),
}

/// Which PIN, and how to get it.
#[derive(Debug, Args)]
pub struct PinArgs {
    /// Which PIN: auth (利用者証明用), sign (署名用), text (券面事項入力補助用), juki (住民基本台帳用).
    #[arg(value_enum)]
    pub kind: KindArg,
    /// Allow spending the last remaining try (otherwise refused).
    #[arg(long)]
    pub allow_last_try: bool,
    /// Read PINs from standard input, one per line (verify: the PIN; change: the current
    /// value, then the new one), instead of prompting on the terminal.
    #[arg(long)]
    pub pin_stdin: bool,
}

/// PIN kinds as command-line values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// 利用者証明用電子証明書パスワード (4 digits).
    Auth,
    /// 署名用電子証明書パスワード (6–16 letters and digits).
    Sign,
    /// 券面事項入力補助用暗証番号 (4 digits).
    Text,
    /// 住民基本台帳用暗証番号 (4 digits).
    Juki,
}

impl From<KindArg> for mynapin::card::PinKind {
    fn from(kind: KindArg) -> Self {
        use mynapin::card::PinKind;
        match kind {
            KindArg::Auth => PinKind::Auth,
            KindArg::Sign => PinKind::Sign,
            KindArg::Text => PinKind::Text,
            KindArg::Juki => PinKind::Juki,
        }
    }
}

/// `mynapin sim …`.
#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Print the built-in default card profile as a TOML file to start from.
    Profile,
}
