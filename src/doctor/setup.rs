//! The checks of the workstation's own setup: the readers' group of the udev rules, the
//! configuration and rules files, the audit log.

use super::service::not_this_platform;
use super::{CheckId, Facts, Finding, Outcome, RulesFact};
use crate::messages::Message;

/// Check 7: The readers' group: when udev rules giving a group the readers are installed
/// (udev/70-mynapin-readers.rules names `mynapin`), the user should be in it. On Debian
/// pcscd runs as root and opens the device itself, so a missing membership is a warning.
pub fn reader_group(facts: &Facts) -> Finding {
    let id = CheckId::ReaderGroup;
    if !facts.linux {
        return not_this_platform(id);
    }
    let groups = &facts.groups;
    let Some((rules, group)) = groups.udev_rules.first() else {
        return Finding::new(id, Outcome::Skipped, Message::new("doctor-group-no-rules"));
    };
    let named = |message: Message| {
        message
            .with("group", group.as_str())
            .with("rules", rules.display().to_string())
            .with("user", facts.session.user.as_str())
    };
    if facts.session.uid == 0 {
        return Finding::new(id, Outcome::Ok, named(Message::new("doctor-group-root")));
    }
    if !groups.defined.contains(group) {
        return Finding::new(
            id,
            Outcome::Warning,
            named(Message::new("doctor-group-undefined")),
        )
        .fix(named(Message::new("doctor-group-fix-create")));
    }
    if groups.process.contains(group) {
        return Finding::new(id, Outcome::Ok, named(Message::new("doctor-group-ok")));
    }
    if groups.listed.contains(group) {
        return Finding::new(
            id,
            Outcome::Warning,
            named(Message::new("doctor-group-not-yet")),
        )
        .fix(named(Message::new("doctor-group-fix-login")));
    }
    Finding::new(
        id,
        Outcome::Warning,
        named(Message::new("doctor-group-missing")),
    )
    .fix(named(Message::new("doctor-group-fix-add")))
}

/// Check 8: The workstation configuration (src/config.rs): valid, or absent at the default path.
pub fn configuration(facts: &Facts) -> Finding {
    let id = CheckId::Configuration;
    let path = facts.config.path.display().to_string();
    match &facts.config.loaded {
        Ok(None) => Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-config-absent").with("path", path),
        ),
        Ok(Some(_)) => Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-config-ok").with("path", path),
        ),
        Err(error) => Finding::new(id, Outcome::Failure, error.message())
            .fix(Message::new("doctor-config-fix").with("path", path)),
    }
}

/// Check 9: The rules file (`--rules`, else the configuration's): valid, or none (the
/// embedded rules).
pub fn rules(facts: &Facts) -> Finding {
    let id = CheckId::Rules;
    match &facts.rules {
        RulesFact::Embedded => Finding::new(id, Outcome::Ok, Message::new("doctor-rules-embedded")),
        RulesFact::Unknown => {
            Finding::new(id, Outcome::Skipped, Message::new("doctor-rules-unknown"))
        }
        RulesFact::File(path, Ok(())) => Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-rules-ok").with("path", path.display().to_string()),
        ),
        RulesFact::File(path, Err(error)) => Finding::new(id, Outcome::Failure, error.message())
            .fix(Message::new("doctor-rules-fix").with("path", path.display().to_string())),
    }
}

/// Check 10: The audit log: an existing log must be a regular file this user may write (a
/// log anyone may write is a warning: its hash chain shows tampering but does not stop
/// it); a new one must be creatable in the nearest existing folder. Nothing is written.
pub fn audit_log(facts: &Facts) -> Finding {
    let id = CheckId::AuditLog;
    let audit = &facts.audit;
    let path = audit.path.display().to_string();
    let fix = || Message::new("doctor-audit-fix").with("path", path.clone());
    match (&audit.file, &audit.folder) {
        (Some(file), _) if !file.regular => Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-audit-not-file").with("path", path.clone()),
        )
        .fix(fix()),
        (Some(file), _) if !file.writable => Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-audit-unwritable").with("path", path.clone()),
        )
        .fix(fix()),
        (Some(file), _) if file.mode & 0o002 != 0 => Finding::new(
            id,
            Outcome::Warning,
            Message::new("doctor-audit-world-writable").with("path", path.clone()),
        )
        .fix(Message::new("doctor-audit-world-writable-fix").with("path", path.clone())),
        (Some(_), _) => Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-audit-ok").with("path", path.clone()),
        ),
        (None, Some((folder, true))) => Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-audit-new")
                .with("path", path.clone())
                .with("folder", folder.display().to_string()),
        ),
        (None, Some((folder, false))) => Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-audit-folder-unwritable")
                .with("path", path.clone())
                .with("folder", folder.display().to_string()),
        )
        .fix(fix()),
        (None, None) => Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-audit-unwritable").with("path", path.clone()),
        )
        .fix(fix()),
    }
}
