//! `doctor`: what is wrong with a workstation when "the reader does not work".
//!
//! The checks are small pure functions over [`Facts`], a plain record of what was found on
//! the machine (files, the answers of pcscd and of a few system commands, the user's
//! groups, the configuration): the command-line tool gathers the facts ([`gather`], and
//! [`pcsc::query`] for pcscd itself) and [`diagnose`] turns them into one [`Finding`] per
//! check, in the order of issue 11:
//!
//! 1. [`CheckId::PcscLibrary`]: libpcsclite is there, and its version;
//! 2. [`CheckId::Pcscd`]: pcscd is reachable (its socket, its systemd units, a foreground
//!    process);
//! 3. [`CheckId::Polkit`]: polkit lets this user use pcscd (`org.debian.pcsc-lite.access_pcsc`);
//! 4. [`CheckId::CcidDriver`]: the CCID driver is installed;
//! 5. [`CheckId::Readers`]: readers, each identified in the known-readers table ([`known`]);
//! 6. [`CheckId::Card`]: a card, its ATR classified, the JPKI application answering;
//! 7. [`CheckId::ReaderGroup`]: the user is in the readers' group of the udev rules;
//! 8. [`CheckId::Configuration`] and 9. [`CheckId::Rules`]: both files valid;
//! 10. [`CheckId::AuditLog`]: the audit log can be appended to;
//! 11. [`CheckId::VpcdReaders`]: no leftover virtual (vpcd) reader without a card.
//!
//! Each finding is [`Outcome::Ok`], [`Outcome::Warning`], [`Outcome::Failure`] or
//! [`Outcome::Skipped`] (with why), with the fix as a [`Message`] in any language.
//! Nothing here prints; nothing in the checks touches the machine, so each can be tested
//! on a made-up environment.

pub mod facts;
pub mod gather;
pub mod known;
#[cfg(feature = "pcsc")]
pub mod pcsc;
mod service;
mod setup;
mod slots;
#[cfg(test)]
mod tests;

pub use facts::*;

use crate::messages::Message;

/// The checks, in the order `doctor` runs and prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckId {
    /// The PC/SC library (libpcsclite) and its version.
    PcscLibrary,
    /// pcscd reachable.
    Pcscd,
    /// polkit lets this user use pcscd.
    Polkit,
    /// The CCID driver installed.
    CcidDriver,
    /// Readers present and identified.
    Readers,
    /// A card present, its ATR, the JPKI application.
    Card,
    /// The user in the readers' group of the installed udev rules.
    ReaderGroup,
    /// The workstation configuration file.
    Configuration,
    /// The municipality's rules file.
    Rules,
    /// The audit log writable.
    AuditLog,
    /// Leftover virtual readers.
    VpcdReaders,
}

impl CheckId {
    /// Every check, in order.
    pub const ALL: [CheckId; 11] = [
        CheckId::PcscLibrary,
        CheckId::Pcscd,
        CheckId::Polkit,
        CheckId::CcidDriver,
        CheckId::Readers,
        CheckId::Card,
        CheckId::ReaderGroup,
        CheckId::Configuration,
        CheckId::Rules,
        CheckId::AuditLog,
        CheckId::VpcdReaders,
    ];

    /// The stable name (the `check` field of `mynapin.doctor/1`).
    pub fn name(self) -> &'static str {
        match self {
            CheckId::PcscLibrary => "pcsc-library",
            CheckId::Pcscd => "pcscd",
            CheckId::Polkit => "polkit",
            CheckId::CcidDriver => "ccid-driver",
            CheckId::Readers => "readers",
            CheckId::Card => "card",
            CheckId::ReaderGroup => "reader-group",
            CheckId::Configuration => "configuration",
            CheckId::Rules => "rules",
            CheckId::AuditLog => "audit-log",
            CheckId::VpcdReaders => "vpcd-readers",
        }
    }

    /// The check's title, as a short heading.
    pub fn title(self) -> Message {
        match self {
            CheckId::PcscLibrary => Message::new("doctor-title-pcsc-library"),
            CheckId::Pcscd => Message::new("doctor-title-pcscd"),
            CheckId::Polkit => Message::new("doctor-title-polkit"),
            CheckId::CcidDriver => Message::new("doctor-title-ccid-driver"),
            CheckId::Readers => Message::new("doctor-title-readers"),
            CheckId::Card => Message::new("doctor-title-card"),
            CheckId::ReaderGroup => Message::new("doctor-title-reader-group"),
            CheckId::Configuration => Message::new("doctor-title-configuration"),
            CheckId::Rules => Message::new("doctor-title-rules"),
            CheckId::AuditLog => Message::new("doctor-title-audit-log"),
            CheckId::VpcdReaders => Message::new("doctor-title-vpcd-readers"),
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing to do.
    Ok,
    /// Not looked at (the finding says why: another check failed first, not this
    /// platform, not applicable).
    Skipped,
    /// Works, but something may get in the way; the fix says what to change.
    Warning,
    /// Does not work; the fix says what to do.
    Failure,
}

impl Outcome {
    /// The stable name (the `outcome` field of `mynapin.doctor/1`).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Skipped => "skipped",
            Outcome::Warning => "warning",
            Outcome::Failure => "failure",
        }
    }
}

/// What one check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which check.
    pub check: CheckId,
    /// How it came out.
    pub outcome: Outcome,
    /// What was found, in one sentence.
    pub summary: Message,
    /// What to do about it (warnings and failures).
    pub fix: Option<Message>,
    /// Details, one line each (e.g. one per reader).
    pub items: Vec<Message>,
}

impl Finding {
    /// A finding without a fix or details.
    pub fn new(check: CheckId, outcome: Outcome, summary: Message) -> Finding {
        Finding {
            check,
            outcome,
            summary,
            fix: None,
            items: Vec::new(),
        }
    }

    /// With the fix.
    pub fn fix(mut self, fix: Message) -> Finding {
        self.fix = Some(fix);
        self
    }

    /// With details.
    pub fn items(mut self, items: Vec<Message>) -> Finding {
        self.items = items;
        self
    }
}

/// Runs every check on `facts`, in [`CheckId::ALL`]'s order.
pub fn diagnose(facts: &Facts) -> Vec<Finding> {
    vec![
        service::library(facts),
        service::pcscd(facts),
        service::polkit(facts),
        service::ccid(facts),
        slots::readers(facts),
        slots::card(facts),
        setup::reader_group(facts),
        setup::configuration(facts),
        setup::rules(facts),
        setup::audit_log(facts),
        slots::vpcd(facts),
    ]
}

/// Whether any finding is a failure (`doctor` then exits 3).
pub fn any_failure(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.outcome == Outcome::Failure)
}
