//! The command line, as clap structures. No PIN is ever an argument value: PINs come from
//! a no-echo prompt or, with `--pin-stdin`, from standard input.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use mynapin::card::{Authority, PinKind, PinOptions};
use mynapin::layout::{CREDENTIALS, PinFormat, SIGN_MAX_LEN, SIGN_MIN_LEN};
use mynapin::procedure::calendar::LocalDateTime;
use mynapin::procedure::{Applicant, IdDocument, Paper, Procedure, ProofKind, Visit, Waiver};
use mynapin::sim::Fault;
use mynapin::source::CardSource;

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
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Use the simulated card instead of a reader: the built-in default card, or
    /// `--simulated=PROFILE` for a card profile file (which is updated after the command).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "PROFILE")]
    pub simulated: Option<Option<PathBuf>>,
    /// Output format: text for people, json for programs (a versioned schema).
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of messages: a catalogue's tag (default: from the locale; Japanese unless
    /// it names another language).
    #[arg(long, global = true, value_parser = crate::i18n::lang_parser())]
    pub lang: Option<Lang>,
    /// The reader to use: its index (as `mynapin readers` lists it) or a case-insensitive
    /// part of its name. Default: the one reader with a card (asked when several have one).
    #[arg(long, global = true, value_name = "NAME|INDEX")]
    pub reader: Option<String>,
    /// Wait for a card (and for a reader plugged in later): for SECONDS, or without limit.
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "SECONDS")]
    pub wait: Option<Option<u64>>,
    /// Write the APDU exchange of a card command to FILE (PIN bytes masked as `**`), for a
    /// bug report or a replay test.
    #[arg(long, global = true, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Serve the card's answers from a trace FILE instead of a card (support: replays a
    /// trace captured at a counter against this version's flows; stops at the first
    /// command that differs).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "simulated")]
    pub replay: Option<PathBuf>,
    /// Test aid: stage a fault on the simulated card, `KIND:TARGET` — KIND one of
    /// remove-before, lose-answer, empty-answer, one-byte-answer, sw-XXXX, timeout,
    /// card-reset, slow; TARGET `INS` (hex), `INS:N` (its N-th) or `at:N` (the N-th APDU).
    /// Only with --simulated.
    #[arg(long, global = true, hide = true, value_name = "FAULT")]
    pub sim_fault: Option<Fault>,
    /// The audit log (one hash-chained JSON line per card procedure). Default:
    /// `$XDG_STATE_HOME/mynapin/audit.jsonl`, else `~/.local/state/mynapin/audit.jsonl`.
    #[arg(long, global = true, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
    /// The staff member named in audit records (default: the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// The workstation configuration file (default: $MYNAPIN_CONFIG, else
    /// /etc/mynapin/mynapin.toml when it exists).
    #[arg(long, global = true, value_name = "FILE", env = "MYNAPIN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Counter mode: verify, change and reset check the counter rules (applicant,
    /// documents, papers) and refuse before touching the card when something is missing.
    #[arg(long, global = true)]
    pub counter: bool,
    /// The municipality's rules file (default: the configuration's, else the embedded
    /// rules of the seed city).
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Diagnostics on stderr: -v what the tool decided and why, -vv each step, -vvv every
    /// APDU's header and status word. Never a PIN, a key, personal data or an APDU's data
    /// bytes. Without it, the MYNAPIN_LOG environment variable (a level, or a tracing
    /// filter).
    #[arg(short = 'v', global = true, action = ArgAction::Count)]
    pub verbosity: u8,
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
    /// Show every PIN's tries left (consumes no try); name PINs to show only those.
    Status(StatusArgs),
    /// Check a PIN against the card (reads the counter first; refuses the last try).
    Verify(PinArgs),
    /// Change a PIN: current value once, new value twice.
    Change(PinArgs),
    /// Reset (初期化) a PIN: on real cards only with the J-LIS equipment (`--authority
    /// issuer`: counters read before, hand-over, checked after); with the other JPKI
    /// password or a terminal key on simulated and test cards.
    Reset(ResetArgs),
    /// List card readers, whether each holds a card, its ATR, and whether it answers as a
    /// My Number Card (SELECT of the JPKI application).
    Readers(ReadersArgs),
    /// The simulated card.
    #[command(subcommand)]
    Sim(SimCommand),
    /// The audit log: check its hash chain, or show its records.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The counter checklist: what to bring for a procedure, where, whether the counter is
    /// open, and the other ways (kiosk, online change); with --card, the routes open for the
    /// card in the reader.
    Guide(GuideArgs),
    /// Show what the card tells without any PIN: ATR and interface, token label, whether
    /// it has a signature certificate, and the 利用者証明用 certificate's and its CA's
    /// validity (days left, renewal window). Nothing personal is read.
    Info,
    /// The counter's web page for the clerk and the citizen: served on 127.0.0.1, opened
    /// in the workstation's browser at the URL printed (with a one-use token).
    Counter(CounterPageArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell) to stdout.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to stdout, or write one page per command into a folder.
    Man(ManArgs),
    /// Check the workstation, in order: the PC/SC library, pcscd, polkit, the CCID driver,
    /// the readers, the card (JPKI), the readers' group, the configuration and rules files,
    /// the audit log, leftover virtual readers; each ok, warning or failure with its fix.
    /// Exit 0 when nothing failed, 3 otherwise.
    Doctor,
}

/// `mynapin completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `mynapin man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mynapin.1 and one mynapin-COMMAND.1 per subcommand into DIR instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `mynapin counter`.
#[derive(Debug, Clone, Args)]
pub struct CounterPageArgs {
    /// The loopback port to serve on (default: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Only print the URL; do not open a browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Seconds without activity after which the screen is cleared (default: the
    /// configuration's `idle_seconds`, else 120).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(5..=86400))]
    pub idle: Option<u64>,
    /// Who authorises resets at this workstation (default: the configuration's
    /// `authority`, else issuer, the only one for real cards).
    #[arg(long, value_enum)]
    pub authority: Option<AuthorityArg>,
    /// The terminal key file for --authority terminal-key (default: the configuration's
    /// `key_file`).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

/// `mynapin audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the log's hash chain and name the first bad line (exit 0 intact, 9 broken).
    Verify,
    /// Show the records: one line each, or with `--format json` the records as JSON lines.
    Show(AuditShowArgs),
}

/// `mynapin audit show`.
#[derive(Debug, Args)]
pub struct AuditShowArgs {
    /// Only records at or after this UTC date (`YYYY-MM-DD`) or time (`YYYY-MM-DDTHH:MM:SSZ`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// `mynapin guide`.
#[derive(Debug, Args)]
pub struct GuideArgs {
    /// reset (初期化: forgotten or blocked) or change (the current password is known).
    #[arg(long, value_parser = named::<Procedure>(&["reset", "change"]))]
    pub procedure: Procedure,
    /// Who comes to the counter.
    #[arg(long, value_parser = named::<Applicant>(APPLICANTS))]
    pub applicant: Applicant,
    /// A proxy's visit: application (first) or completion (with the reply form).
    #[arg(long, value_parser = named::<Visit>(VISITS))]
    pub visit: Option<Visit>,
    /// The local date and time (JST) to say whether the counter is open, e.g.
    /// 2026-05-07T09:30 (default: now).
    #[arg(long, value_name = "DATETIME", value_parser = local_date_time)]
    pub at: Option<LocalDateTime>,
    /// Read the card's status (consumes no try) and add the routes open for it.
    #[arg(long)]
    pub card: bool,
}

/// What was checked at the counter (counter mode only; rejected as usage outside it).
#[derive(Debug, Clone, Default, Args)]
pub struct CounterArgs {
    /// Who came: self, household, legal-minor, legal-ward, proxy.
    #[arg(long, value_parser = named::<Applicant>(APPLICANTS))]
    pub applicant: Option<Applicant>,
    /// A proxy's visit: application (ends without touching the card) or completion.
    #[arg(long, value_parser = named::<Visit>(VISITS))]
    pub visit: Option<Visit>,
    /// A holder's identity document, e.g. A:passport, B:health-insurance (append :copy or
    /// :expired for a copy or an expired one); repeat for each.
    #[arg(long = "id", value_name = "A|B:NAME")]
    pub ids: Vec<IdDocument>,
    /// The representative's own identity document, e.g. A:drivers-license; repeat for each.
    #[arg(long = "agent-id", value_name = "A|B:NAME")]
    pub agent_ids: Vec<IdDocument>,
    /// A proof of authority (koseki, guardianship-registry) or a waiver the staff
    /// confirmed (honseki-in-city, resident-in-city, same-household,
    /// same-household-parent-child); repeat for each.
    #[arg(long = "proof", value_name = "PROOF|WAIVER", value_parser = proof_or_waiver)]
    pub proofs: Vec<ProofOrWaiver>,
    /// Papers shown: reply-form, power-of-attorney, pin-slip (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = named::<Paper>(&["reply-form", "power-of-attorney", "pin-slip"]))]
    pub papers: Vec<Paper>,
    /// The proxy's age in years (for rules that set a minimum age).
    #[arg(long, value_name = "YEARS")]
    pub agent_age: Option<u8>,
}

impl CounterArgs {
    /// Whether any flag was given.
    pub fn any(&self) -> bool {
        self.applicant.is_some() || self.visit.is_some() || self.any_evidence()
    }

    /// Whether anything presented was given (documents, proofs, papers, age).
    pub fn any_evidence(&self) -> bool {
        !self.ids.is_empty()
            || !self.agent_ids.is_empty()
            || !self.proofs.is_empty()
            || !self.papers.is_empty()
            || self.agent_age.is_some()
    }
}

/// `--proof`: a proof, or a waiver that spares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofOrWaiver {
    /// A proof of authority.
    Proof(ProofKind),
    /// A waiver the staff confirmed.
    Waiver(Waiver),
}

const APPLICANTS: &[&str] = &["self", "household", "legal-minor", "legal-ward", "proxy"];
const VISITS: &[&str] = &["application", "completion"];

/// A value of one of the library's closed vocabularies, listed in `--help`.
fn named<T>(values: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: std::str::FromStr<Err = ()> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(values.iter().copied()).try_map(|name| {
        name.parse::<T>()
            .map_err(|()| format!("unknown value `{name}`"))
    })
}

fn proof_or_waiver(text: &str) -> Result<ProofOrWaiver, String> {
    text.parse()
        .map(ProofOrWaiver::Proof)
        .or_else(|()| text.parse().map(ProofOrWaiver::Waiver))
        .map_err(|()| {
            format!(
                "`{text}`: koseki, guardianship-registry, honseki-in-city, resident-in-city, same-household or same-household-parent-child"
            )
        })
}

fn local_date_time(text: &str) -> Result<LocalDateTime, String> {
    LocalDateTime::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date and time: write YYYY-MM-DDTHH:MM"))
}

/// Which PIN, and how to get it.
#[derive(Debug, Args)]
pub struct PinArgs {
    /// Which PIN: auth (利用者証明用), sign (署名用), text (券面事項入力補助用), juki (住民基本台帳用).
    #[arg(value_parser = kind_parser())]
    pub kind: PinKind,
    /// Allow spending the last remaining try (otherwise refused).
    #[arg(long)]
    pub allow_last_try: bool,
    /// Allow a command that no public source shows working on a real card; today only
    /// `change juki`, which sends the JICSAP CHANGE KEY `80 32 00 80` (one peer's code).
    /// Not needed with --simulated or --replay.
    #[arg(long)]
    pub allow_unconfirmed_command: bool,
    /// Read PINs from standard input, one per line (verify: the PIN; change: the current
    /// value, then the new one), instead of prompting on the terminal.
    #[arg(long)]
    pub pin_stdin: bool,
    /// What was checked at the counter (counter mode).
    #[command(flatten)]
    pub counter: CounterArgs,
}

/// `mynapin reset`.
#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Which PIN to reset: auth (利用者証明用), sign (署名用), text (券面事項入力補助用), juki (住民基本台帳用).
    #[arg(value_parser = kind_parser())]
    pub kind: PinKind,
    /// Who authorises the reset: issuer (the J-LIS equipment at the municipal counter; the
    /// only one for real cards), other-password (the other JPKI password; auth and sign
    /// only) or terminal-key (a 128-bit AES key; not juki). The last two are this
    /// project's definition for simulated and test cards. Default: the workstation
    /// configuration's `authority`, else issuer.
    #[arg(long, value_enum)]
    pub authority: Option<AuthorityArg>,
    /// The terminal key file (32 hex digits) for --authority terminal-key; keep it
    /// readable by its owner only.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// With --authority issuer: once the card is back, read the new value once and verify
    /// it (guarded, as `verify`).
    #[arg(long)]
    pub confirm: bool,
    /// Allow spending the last remaining try of the proving password (other-password) or
    /// of the new value (issuer --confirm).
    #[arg(long)]
    pub allow_last_try: bool,
    /// Send the reset commands (GET CHALLENGE, EXTERNAL AUTHENTICATE, RESET RETRY COUNTER)
    /// to a real card, where no public source shows them working. Not needed with
    /// --simulated or --replay.
    #[arg(long)]
    pub allow_unconfirmed_command: bool,
    /// Read values from standard input, one per line, instead of prompting:
    /// other-password: the proving password, then the new value; terminal-key: the new
    /// value; issuer --confirm: the new value.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Counter mode: who came and what they presented, checked against the reset rules.
    #[command(flatten)]
    pub counter: CounterArgs,
}

/// `--authority`: who authorises a reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthorityArg {
    /// The J-LIS equipment at the municipal counter (real cards): no reset command is sent.
    Issuer,
    /// The other JPKI password, verified in the same card session (simulated and test cards).
    OtherPassword,
    /// A terminal key, by GET CHALLENGE and EXTERNAL AUTHENTICATE (simulated and test cards).
    TerminalKey,
}

impl From<AuthorityArg> for Authority {
    fn from(argument: AuthorityArg) -> Self {
        match argument {
            AuthorityArg::Issuer => Authority::Issuer,
            AuthorityArg::OtherPassword => Authority::OtherPassword,
            AuthorityArg::TerminalKey => Authority::TerminalKey,
        }
    }
}

impl ResetArgs {
    /// The library policy for these flags on `source`, as [`PinArgs::options`]: the reset
    /// commands go to a simulated or replayed card, to a real one only with
    /// `--allow-unconfirmed-command`.
    pub fn options(&self, source: &CardSource) -> PinOptions {
        source.pin_options(PinOptions {
            allow_last_try: self.allow_last_try,
            allow_unconfirmed_commands: self.allow_unconfirmed_command,
        })
    }
}

/// `mynapin status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The PINs to show (default: all four), e.g. `auth sign` for the two JPKI passwords.
    #[arg(value_parser = kind_parser())]
    pub kinds: Vec<PinKind>,
}

/// `mynapin readers`.
#[derive(Debug, Args)]
pub struct ReadersArgs {
    /// Do not send the JPKI SELECT to the cards (list presence and ATR only).
    #[arg(long)]
    pub no_probe: bool,
}

/// PIN kinds as command-line values: the names of [`CREDENTIALS`], each listed in
/// `--help` with its Japanese name and format, e.g. `auth: 利用者証明用電子証明書パスワード
/// (4 digits)`.
fn kind_parser() -> impl TypedValueParser<Value = PinKind> {
    let values = CREDENTIALS.iter().map(|credential| {
        let format = match credential.format {
            PinFormat::FourDigits => "4 digits".to_owned(),
            PinFormat::SignPassword => {
                format!("{SIGN_MIN_LEN}–{SIGN_MAX_LEN} letters and digits")
            }
        };
        PossibleValue::new(credential.name).help(format!("{} ({format})", credential.japanese_name))
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<PinKind>())
}

impl PinArgs {
    /// The library policy for these flags on `source`
    /// ([`CardSource::pin_options`]: a simulated or replayed card may receive commands
    /// not confirmed on real cards; a real card only with `--allow-unconfirmed-command`).
    pub fn options(&self, source: &CardSource) -> PinOptions {
        source.pin_options(PinOptions {
            allow_last_try: self.allow_last_try,
            allow_unconfirmed_commands: self.allow_unconfirmed_command,
        })
    }
}

/// `mynapin sim …`.
#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Print the built-in default card profile, or a training preset's, as a TOML file to
    /// start from.
    Profile(SimProfileArgs),
    /// List the training presets (`--preset NAME`) with a line on each.
    Presets,
    /// Insert the simulated card into pcscd's vpcd reader, so any PC/SC client (this tool,
    /// OpenSC, …) can talk to it; runs until pcscd closes the link or SIGTERM/SIGINT.
    Serve(ServeArgs),
}

/// The names `--preset` takes: [`mynapin::sim::PRESETS`].
fn preset_names() -> PossibleValuesParser {
    PossibleValuesParser::new(mynapin::sim::PRESETS.map(|preset| preset.name))
}

/// `mynapin sim profile`.
#[derive(Debug, Args)]
pub struct SimProfileArgs {
    /// A training preset instead of the default card (`mynapin sim presets` lists them).
    #[arg(long, value_name = "NAME", value_parser = preset_names())]
    pub preset: Option<String>,
}

/// `mynapin sim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The card profile to start from (default: the built-in card).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Serve a training preset (`mynapin sim presets` lists them).
    #[arg(long, value_name = "NAME", value_parser = preset_names(), conflicts_with = "profile")]
    pub preset: Option<String>,
    /// vpcd's port: 35963 is reader `Virtual PCD 00 00`, 35964 is `Virtual PCD 00 01`.
    #[arg(long, default_value_t = mynapin::sim::vpcd::DEFAULT_PORT)]
    pub port: u16,
    /// vpcd's host.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Write the card's final state (counters, values) to FILE as a profile on exit.
    #[arg(long, value_name = "FILE")]
    pub state_out: Option<PathBuf>,
    /// Stage a fault, `KIND:TARGET` (see --sim-fault; timeout and card-reset cannot go
    /// through vpcd), e.g. `lose-answer:24` or `remove-before:at:5`.
    #[arg(long, value_name = "FAULT")]
    pub fault: Option<Fault>,
    /// How long to keep retrying while pcscd starts, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub connect_timeout: u64,
    /// Print each event (control bytes, command headers and status words; never data) to stderr.
    #[arg(long)]
    pub verbose: bool,
}
