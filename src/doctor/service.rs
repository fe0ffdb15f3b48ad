//! The checks of the PC/SC stack: libpcsclite, pcscd, polkit, the CCID driver.

use super::{CheckId, Establish, Facts, Finding, Outcome, SocketFile};
use crate::messages::Message;

/// The group staff accounts are put in (udev/README.md), unless the installed udev rules
/// name another.
pub const STAFF_GROUP: &str = "mynapin";

/// Where an administrator puts the polkit rule.
pub const POLKIT_RULE_PATH: &str = "/etc/polkit-1/rules.d/50-mynapin-pcsc.rules";

/// Check 1: libpcsclite: linked into this build (then the tool would not have started without
/// it), where it is and pcsc-lite's version.
pub fn library(facts: &Facts) -> Finding {
    let id = CheckId::PcscLibrary;
    if !facts.library.linked {
        return Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-library-not-built"),
        )
        .fix(Message::new("doctor-library-not-built-fix"));
    }
    let version: crate::messages::MessageArg = facts
        .library
        .version
        .clone()
        .map_or_else(|| Message::new("doctor-version-unknown").into(), Into::into);
    let path = facts.library.path.as_ref().map_or_else(
        || "libpcsclite.so.1".to_owned(),
        |path| path.display().to_string(),
    );
    Finding::new(
        id,
        Outcome::Ok,
        Message::new("doctor-library-ok")
            .with("path", path)
            .with("version", version),
    )
}

/// Check 2: pcscd reachable: `SCardEstablishContext` succeeded (a refusal by polkit still
/// proves pcscd runs); how it runs (systemd units, a process, the socket) as details.
pub fn pcscd(facts: &Facts) -> Finding {
    let id = CheckId::Pcscd;
    let Some(pcsc) = &facts.pcsc else {
        return Finding::new(id, Outcome::Skipped, Message::new("doctor-no-pcsc-support"));
    };
    let service = &facts.service;
    let mut items = Vec::new();
    if let Some((socket, unit)) = &service.systemd {
        items.push(
            Message::new("doctor-pcscd-units")
                .with("socket", socket.as_str())
                .with("service", unit.as_str()),
        );
    }
    if let Some(pid) = service.process {
        items.push(Message::new("doctor-pcscd-process").with("pid", pid.to_string()));
    }
    match &pcsc.establish {
        Establish::Ok | Establish::NoAccess => {
            Finding::new(id, Outcome::Ok, Message::new("doctor-pcscd-ok")).items(items)
        }
        Establish::NoService => {
            let socket = service.socket_path.display().to_string();
            let summary = match service.socket {
                SocketFile::Missing => Message::new("doctor-pcscd-no-socket"),
                SocketFile::Socket => Message::new("doctor-pcscd-stale-socket"),
                SocketFile::NotSocket => Message::new("doctor-pcscd-not-a-socket"),
            }
            .with("socket", socket);
            let fix = if !service.installed {
                Message::new("doctor-pcscd-fix-install")
            } else if service.systemd.is_some() {
                Message::new("doctor-pcscd-fix-systemd")
            } else {
                Message::new("doctor-pcscd-fix-start")
            };
            Finding::new(id, Outcome::Failure, summary)
                .fix(fix)
                .items(items)
        }
        Establish::Failed(detail) => Finding::new(
            id,
            Outcome::Failure,
            Message::new("doctor-pcscd-error").with_detail(detail.clone()),
        )
        .fix(Message::new("doctor-pcscd-fix-start"))
        .items(items),
    }
}

/// The polkit rule that lets `group` use pcscd and its cards: a JavaScript rules file
/// for [`POLKIT_RULE_PATH`].
pub fn polkit_rule(group: &str) -> String {
    format!(
        "polkit.addRule(function(action, subject) {{\n\
         \x20   if ((action.id == \"org.debian.pcsc-lite.access_pcsc\" ||\n\
         \x20        action.id == \"org.debian.pcsc-lite.access_card\") &&\n\
         \x20       subject.isInGroup(\"{group}\")) {{\n\
         \x20       return polkit.Result.YES;\n\
         \x20   }}\n\
         }});"
    )
}

/// The fix of a polkit refusal: the rule for the readers' group (the udev rules', else
/// [`STAFF_GROUP`]) and where to put it.
fn polkit_fix(facts: &Facts) -> Message {
    let group = facts
        .groups
        .udev_rules
        .first()
        .map_or(STAFF_GROUP, |(_, group)| group.as_str());
    Message::new("doctor-polkit-fix")
        .with("path", POLKIT_RULE_PATH)
        .with("group", group)
        .with("rule", polkit_rule(group))
}

/// Check 3: polkit: pcsc-lite asks polkit (`org.debian.pcsc-lite.access_pcsc`, and
/// `access_card` for each card) whether this user may use pcscd; its default policy
/// allows active local sessions only, so a remote or inactive session is refused.
pub fn polkit(facts: &Facts) -> Finding {
    let id = CheckId::Polkit;
    let Some(pcsc) = &facts.pcsc else {
        return Finding::new(id, Outcome::Skipped, Message::new("doctor-no-pcsc-support"));
    };
    match pcsc.establish {
        Establish::NoAccess => {
            return Finding::new(id, Outcome::Failure, Message::new("doctor-polkit-denied"))
                .fix(polkit_fix(facts));
        }
        Establish::NoService | Establish::Failed(_) => {
            return Finding::new(id, Outcome::Skipped, Message::new("doctor-skip-no-pcscd"));
        }
        Establish::Ok => {}
    }
    if !facts.linux {
        return not_this_platform(id);
    }
    if !facts.polkit.action_installed {
        return Finding::new(id, Outcome::Ok, Message::new("doctor-polkit-not-used"));
    }
    if facts.session.uid == 0 {
        return Finding::new(id, Outcome::Ok, Message::new("doctor-polkit-root"));
    }
    if let Some(rule) = facts.polkit.rules.first() {
        return Finding::new(
            id,
            Outcome::Ok,
            Message::new("doctor-polkit-rule").with("path", rule.display().to_string()),
        );
    }
    if facts.session.ssh || facts.session.active_local == Some(false) {
        return Finding::new(id, Outcome::Warning, Message::new("doctor-polkit-remote"))
            .fix(polkit_fix(facts));
    }
    Finding::new(id, Outcome::Ok, Message::new("doctor-polkit-ok"))
}

/// Check 4: The CCID driver (libccid's `ifd-ccid.bundle`), which pcscd needs for USB readers.
pub fn ccid(facts: &Facts) -> Finding {
    let id = CheckId::CcidDriver;
    if !facts.linux {
        return not_this_platform(id);
    }
    match &facts.ccid.bundle {
        Some(bundle) => {
            let version: crate::messages::MessageArg = facts
                .ccid
                .version
                .clone()
                .map_or_else(|| Message::new("doctor-version-unknown").into(), Into::into);
            Finding::new(
                id,
                Outcome::Ok,
                Message::new("doctor-ccid-ok")
                    .with("path", bundle.display().to_string())
                    .with("version", version),
            )
        }
        None => Finding::new(id, Outcome::Failure, Message::new("doctor-ccid-missing"))
            .fix(Message::new("doctor-ccid-fix")),
    }
}

/// A check of machine files that is not made on this platform.
pub fn not_this_platform(id: CheckId) -> Finding {
    Finding::new(
        id,
        Outcome::Skipped,
        Message::new("doctor-not-this-platform"),
    )
}
