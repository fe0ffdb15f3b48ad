//! Every outcome of every check, on made-up environments.

use std::path::PathBuf;

use super::*;
use crate::config::{Config, ConfigError};
use crate::procedure::RulesError;
use crate::transport::ReaderChoice;

/// A healthy Linux workstation: pcscd by systemd, one RC-S300 with a My Number Card.
fn healthy() -> Facts {
    Facts {
        linux: true,
        library: Library {
            linked: true,
            path: Some(PathBuf::from("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1")),
            version: Some("1.9.9".into()),
        },
        service: Service {
            socket: SocketFile::Socket,
            socket_path: PathBuf::from("/run/pcscd/pcscd.comm"),
            systemd: Some(("active".into(), "active".into())),
            process: Some(812),
            installed: true,
        },
        pcsc: Some(Pcsc {
            establish: Establish::Ok,
            readers: vec![Reader {
                name: "SONY FeliCa RC-S300/P [RC-S300/P] 00 00".into(),
                card_present: true,
                atr: Some(vec![
                    0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05, 0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F,
                ]),
                jpki: Some(true),
            }],
            listing_error: None,
        }),
        session: Session {
            uid: 1000,
            user: "clerk".into(),
            ssh: false,
            active_local: Some(true),
        },
        polkit: Polkit {
            action_installed: true,
            rules: Vec::new(),
        },
        ccid: Ccid {
            bundle: Some(PathBuf::from("/usr/lib/pcsc/drivers/ifd-ccid.bundle")),
            version: Some("1.5.2".into()),
        },
        usb: vec![(0x054c, 0x0dc9)],
        groups: Groups {
            udev_rules: vec![(
                PathBuf::from("/etc/udev/rules.d/70-mynapin-readers.rules"),
                "mynapin".into(),
            )],
            process: vec!["clerk".into(), "mynapin".into()],
            listed: vec!["mynapin".into()],
            defined: vec!["clerk".into(), "mynapin".into()],
        },
        audit: AuditFact {
            path: PathBuf::from("/var/log/mynapin/audit.jsonl"),
            file: Some(FileFact {
                regular: true,
                writable: true,
                mode: 0o640,
            }),
            folder: Some((PathBuf::from("/var/log/mynapin"), true)),
        },
        ..Facts::default()
    }
}

fn finding(facts: &Facts, id: CheckId) -> Finding {
    diagnose(facts)
        .into_iter()
        .find(|finding| finding.check == id)
        .unwrap()
}

/// The outcome and the summary's id (inside a technical detail's wrapper).
fn outcome(facts: &Facts, id: CheckId) -> (Outcome, &'static str) {
    let found = finding(facts, id);
    let summary = match found.summary.arg("text") {
        Some(crate::messages::MessageArg::Message(inner)) if found.summary.id == "with-detail" => {
            inner.id
        }
        _ => found.summary.id,
    };
    (found.outcome, summary)
}

fn pcsc(facts: &mut Facts) -> &mut Pcsc {
    facts.pcsc.as_mut().unwrap()
}

#[test]
fn a_healthy_workstation_has_no_warning_and_every_check_in_order() {
    let findings = diagnose(&healthy());
    let ids: Vec<CheckId> = findings.iter().map(|finding| finding.check).collect();
    assert_eq!(ids, CheckId::ALL);
    for finding in &findings {
        assert_eq!(finding.outcome, Outcome::Ok, "{finding:?}");
        assert_eq!(finding.fix, None, "{finding:?}");
    }
    assert!(!any_failure(&findings));
}

#[test]
fn library() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::PcscLibrary),
        (Outcome::Ok, "doctor-library-ok")
    );
    facts.library.linked = false;
    let found = finding(&facts, CheckId::PcscLibrary);
    assert_eq!(found.outcome, Outcome::Failure);
    assert!(found.fix.is_some());
    assert!(any_failure(&diagnose(&facts)));
}

#[test]
fn pcscd() {
    let mut facts = healthy();
    let ok = finding(&facts, CheckId::Pcscd);
    assert_eq!((ok.outcome, ok.items.len()), (Outcome::Ok, 2));
    pcsc(&mut facts).establish = Establish::NoService;
    facts.service.socket = SocketFile::Missing;
    let stopped = finding(&facts, CheckId::Pcscd);
    assert_eq!(
        (
            stopped.outcome,
            stopped.summary.id,
            stopped.fix.map(|fix| fix.id)
        ),
        (
            Outcome::Failure,
            "doctor-pcscd-no-socket",
            Some("doctor-pcscd-fix-systemd")
        )
    );
    assert_eq!(
        finding(&facts, CheckId::Pcscd).summary.arg("socket"),
        Some(&"/run/pcscd/pcscd.comm".into())
    );
    facts.service.systemd = None;
    facts.service.socket = SocketFile::Socket;
    let stale = finding(&facts, CheckId::Pcscd);
    assert_eq!(
        (stale.summary.id, stale.fix.map(|fix| fix.id)),
        ("doctor-pcscd-stale-socket", Some("doctor-pcscd-fix-start"))
    );
    facts.service.installed = false;
    facts.service.socket = SocketFile::NotSocket;
    let missing = finding(&facts, CheckId::Pcscd);
    assert_eq!(
        (missing.summary.id, missing.fix.map(|fix| fix.id)),
        (
            "doctor-pcscd-not-a-socket",
            Some("doctor-pcscd-fix-install")
        )
    );
    pcsc(&mut facts).establish = Establish::Failed("SCardEstablishContext: x".into());
    assert_eq!(outcome(&facts, CheckId::Pcscd).0, Outcome::Failure);
    // Everything that needs pcscd is skipped, not failed twice.
    for id in [
        CheckId::Polkit,
        CheckId::Readers,
        CheckId::Card,
        CheckId::VpcdReaders,
    ] {
        assert_eq!(
            outcome(&facts, id),
            (Outcome::Skipped, "doctor-skip-no-pcscd"),
            "{id:?}"
        );
    }
    facts.pcsc = None;
    assert_eq!(
        outcome(&facts, CheckId::Pcscd),
        (Outcome::Skipped, "doctor-no-pcsc-support")
    );
}

#[test]
fn polkit() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::Polkit),
        (Outcome::Ok, "doctor-polkit-ok")
    );
    facts.session.ssh = true;
    let remote = finding(&facts, CheckId::Polkit);
    assert_eq!(remote.outcome, Outcome::Warning);
    let fix = remote.fix.unwrap();
    assert_eq!(fix.id, "doctor-polkit-fix");
    assert_eq!(fix.arg("group"), Some(&"mynapin".into()));
    facts.session.ssh = false;
    facts.session.active_local = Some(false);
    assert_eq!(outcome(&facts, CheckId::Polkit).0, Outcome::Warning);
    facts.polkit.rules = vec![PathBuf::from("/etc/polkit-1/rules.d/50-mynapin-pcsc.rules")];
    assert_eq!(
        outcome(&facts, CheckId::Polkit),
        (Outcome::Ok, "doctor-polkit-rule")
    );
    facts.polkit.rules.clear();
    facts.session.uid = 0;
    assert_eq!(
        outcome(&facts, CheckId::Polkit),
        (Outcome::Ok, "doctor-polkit-root")
    );
    facts.session.uid = 1000;
    facts.polkit.action_installed = false;
    assert_eq!(
        outcome(&facts, CheckId::Polkit),
        (Outcome::Ok, "doctor-polkit-not-used")
    );
    // A refused context: pcscd runs (ok), polkit is the failure, with the rule.
    pcsc(&mut facts).establish = Establish::NoAccess;
    assert_eq!(outcome(&facts, CheckId::Pcscd).0, Outcome::Ok);
    let denied = finding(&facts, CheckId::Polkit);
    assert_eq!(
        (
            denied.outcome,
            denied.summary.id,
            denied.fix.map(|fix| fix.id)
        ),
        (
            Outcome::Failure,
            "doctor-polkit-denied",
            Some("doctor-polkit-fix")
        )
    );
    facts.linux = false;
    pcsc(&mut facts).establish = Establish::Ok;
    assert_eq!(
        outcome(&facts, CheckId::Polkit),
        (Outcome::Skipped, "doctor-not-this-platform")
    );
}

#[test]
fn ccid() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::CcidDriver),
        (Outcome::Ok, "doctor-ccid-ok")
    );
    facts.ccid.bundle = None;
    let missing = finding(&facts, CheckId::CcidDriver);
    assert_eq!(
        (missing.outcome, missing.fix.map(|fix| fix.id)),
        (Outcome::Failure, Some("doctor-ccid-fix"))
    );
    facts.linux = false;
    assert_eq!(outcome(&facts, CheckId::CcidDriver).0, Outcome::Skipped);
}

#[test]
fn readers() {
    let mut facts = healthy();
    let ok = finding(&facts, CheckId::Readers);
    assert_eq!(ok.outcome, Outcome::Ok);
    assert_eq!(
        ok.items[0].arg("model"),
        Some(&"SONY FeliCa RC-S300/P".into())
    );
    assert_eq!(ok.items[1].id, "doctor-quirk-hold-still");
    // An RC-S380 plugged in: pcscd cannot list it.
    facts.usb.push((0x054c, 0x06c1));
    let s380 = finding(&facts, CheckId::Readers);
    assert_eq!(s380.outcome, Outcome::Warning);
    assert!(
        s380.items
            .iter()
            .any(|item| item.id == "doctor-quirk-no-pcsc-driver")
    );
    // No reader at all.
    pcsc(&mut facts).readers.clear();
    let none = finding(&facts, CheckId::Readers);
    assert_eq!(
        (none.outcome, none.summary.id),
        (Outcome::Failure, "doctor-readers-none")
    );
    assert_eq!(
        outcome(&facts, CheckId::Card),
        (Outcome::Skipped, "doctor-skip-no-reader")
    );
    // An unknown reader is named as such.
    pcsc(&mut facts).readers.push(Reader {
        name: "Gemalto PC Twin Reader 00 00".into(),
        ..Reader::default()
    });
    facts.usb.clear();
    let unknown = finding(&facts, CheckId::Readers);
    assert_eq!(unknown.outcome, Outcome::Ok);
    assert_eq!(unknown.items[0].id, "doctor-reader-unknown");
    pcsc(&mut facts).listing_error = Some("SCardListReaders: x".into());
    assert_eq!(outcome(&facts, CheckId::Readers).0, Outcome::Failure);
}

#[test]
fn card() {
    let mut facts = healthy();
    let ok = finding(&facts, CheckId::Card);
    assert_eq!(ok.outcome, Outcome::Ok);
    assert_eq!(
        ok.items[0].arg("class"),
        Some(&Message::new("doctor-atr-contactless").into())
    );
    // Not a My Number Card.
    let reader = &mut pcsc(&mut facts).readers[0];
    reader.jpki = Some(false);
    reader.atr = Some(vec![0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F]);
    let other = finding(&facts, CheckId::Card);
    assert_eq!(
        (other.outcome, other.summary.id, other.fix.map(|fix| fix.id)),
        (
            Outcome::Failure,
            "doctor-card-not-jpki",
            Some("doctor-card-not-jpki-fix")
        )
    );
    assert_eq!(
        other.items[0].arg("class"),
        Some(&Message::new("doctor-atr-other").into())
    );
    // A card that could not be asked.
    pcsc(&mut facts).readers[0].jpki = None;
    assert_eq!(
        outcome(&facts, CheckId::Card),
        (Outcome::Warning, "doctor-card-unasked")
    );
    // No card.
    pcsc(&mut facts).readers[0].card_present = false;
    let none = finding(&facts, CheckId::Card);
    assert_eq!(
        (none.outcome, none.summary.id),
        (Outcome::Failure, "doctor-card-none")
    );
}

#[test]
fn card_in_the_reader_chosen() {
    let mut facts = healthy();
    pcsc(&mut facts).readers.push(Reader {
        name: "Virtual PCD 00 01".into(),
        card_present: true,
        atr: Some(vec![0x3B, 0x00]),
        jpki: Some(false),
    });
    // Without --reader, one My Number Card is enough.
    assert_eq!(outcome(&facts, CheckId::Card).0, Outcome::Ok);
    facts.reader_choice = ReaderChoice::from_argument("Virtual PCD 00 01");
    assert_eq!(
        outcome(&facts, CheckId::Card),
        (Outcome::Failure, "doctor-card-not-jpki")
    );
    facts.reader_choice = ReaderChoice::from_argument("0");
    assert_eq!(outcome(&facts, CheckId::Card).0, Outcome::Ok);
    facts.reader_choice = ReaderChoice::from_argument("no such reader");
    assert_eq!(
        outcome(&facts, CheckId::Card),
        (Outcome::Failure, "transport-reader-not-found")
    );
}

#[test]
fn reader_group() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::ReaderGroup),
        (Outcome::Ok, "doctor-group-ok")
    );
    facts.groups.process.retain(|group| group != "mynapin");
    let relog = finding(&facts, CheckId::ReaderGroup);
    assert_eq!(
        (relog.outcome, relog.fix.map(|fix| fix.id)),
        (Outcome::Warning, Some("doctor-group-fix-login"))
    );
    facts.groups.listed.clear();
    let missing = finding(&facts, CheckId::ReaderGroup);
    assert_eq!(
        (missing.outcome, missing.fix.map(|fix| fix.id)),
        (Outcome::Warning, Some("doctor-group-fix-add"))
    );
    facts.groups.defined.retain(|group| group != "mynapin");
    assert_eq!(
        outcome(&facts, CheckId::ReaderGroup),
        (Outcome::Warning, "doctor-group-undefined")
    );
    facts.session.uid = 0;
    assert_eq!(
        outcome(&facts, CheckId::ReaderGroup),
        (Outcome::Ok, "doctor-group-root")
    );
    facts.groups.udev_rules.clear();
    assert_eq!(
        outcome(&facts, CheckId::ReaderGroup),
        (Outcome::Skipped, "doctor-group-no-rules")
    );
    facts.linux = false;
    assert_eq!(
        outcome(&facts, CheckId::ReaderGroup),
        (Outcome::Skipped, "doctor-not-this-platform")
    );
}

#[test]
fn configuration_and_rules() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::Configuration),
        (Outcome::Ok, "doctor-config-absent")
    );
    assert_eq!(
        outcome(&facts, CheckId::Rules),
        (Outcome::Ok, "doctor-rules-embedded")
    );
    facts.config.loaded = Ok(Some(Config::default()));
    assert_eq!(
        outcome(&facts, CheckId::Configuration),
        (Outcome::Ok, "doctor-config-ok")
    );
    let path = PathBuf::from("/etc/mynapin/mynapin.toml");
    facts.config.loaded = Err(Config::parse("countr = true\n", &path).unwrap_err());
    facts.rules = RulesFact::Unknown;
    let broken = finding(&facts, CheckId::Configuration);
    assert_eq!(
        outcome(&facts, CheckId::Configuration),
        (Outcome::Failure, "config-syntax")
    );
    assert_eq!(broken.fix.map(|fix| fix.id), Some("doctor-config-fix"));
    assert_eq!(
        outcome(&facts, CheckId::Rules),
        (Outcome::Skipped, "doctor-rules-unknown")
    );
    facts.config.loaded = Err(ConfigError::Io {
        path: path.clone(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    });
    assert_eq!(
        outcome(&facts, CheckId::Configuration),
        (Outcome::Failure, "config-io")
    );
    let rules = PathBuf::from("/etc/mynapin/rules.toml");
    facts.rules = RulesFact::File(rules.clone(), Ok(()));
    assert_eq!(
        outcome(&facts, CheckId::Rules),
        (Outcome::Ok, "doctor-rules-ok")
    );
    facts.rules = RulesFact::File(
        rules.clone(),
        Err(RulesError::Io {
            path: rules,
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        }),
    );
    let broken = finding(&facts, CheckId::Rules);
    assert_eq!(broken.fix.map(|fix| fix.id), Some("doctor-rules-fix"));
    assert_eq!(
        outcome(&facts, CheckId::Rules),
        (Outcome::Failure, "rules-io")
    );
}

#[test]
fn audit_log() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Ok, "doctor-audit-ok")
    );
    let file = facts.audit.file.as_mut().unwrap();
    file.mode = 0o666;
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Warning, "doctor-audit-world-writable")
    );
    let file = facts.audit.file.as_mut().unwrap();
    file.writable = false;
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Failure, "doctor-audit-unwritable")
    );
    let file = facts.audit.file.as_mut().unwrap();
    file.regular = false;
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Failure, "doctor-audit-not-file")
    );
    facts.audit.file = None;
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Ok, "doctor-audit-new")
    );
    facts.audit.folder = Some((PathBuf::from("/var/log"), false));
    assert_eq!(
        outcome(&facts, CheckId::AuditLog),
        (Outcome::Failure, "doctor-audit-folder-unwritable")
    );
    facts.audit.folder = None;
    assert_eq!(outcome(&facts, CheckId::AuditLog).0, Outcome::Failure);
}

#[test]
fn vpcd() {
    let mut facts = healthy();
    assert_eq!(
        outcome(&facts, CheckId::VpcdReaders),
        (Outcome::Ok, "doctor-vpcd-none")
    );
    pcsc(&mut facts).readers.push(Reader {
        name: "Virtual PCD 00 00".into(),
        card_present: true,
        ..Reader::default()
    });
    assert_eq!(
        outcome(&facts, CheckId::VpcdReaders),
        (Outcome::Ok, "doctor-vpcd-serving")
    );
    pcsc(&mut facts).readers.push(Reader {
        name: "Virtual PCD 00 01".into(),
        ..Reader::default()
    });
    let left = finding(&facts, CheckId::VpcdReaders);
    assert_eq!(
        (left.outcome, left.fix.map(|fix| fix.id)),
        (Outcome::Warning, Some("doctor-vpcd-fix"))
    );
    assert_eq!(
        left.summary.arg("readers"),
        Some(&"Virtual PCD 00 01".into())
    );
}

#[test]
fn parsers_of_the_gathered_files() {
    use super::gather::*;
    assert_eq!(
        pcscd_version("pcsc-lite version 1.9.9.\nCopyright …\n").as_deref(),
        Some("1.9.9")
    );
    assert_eq!(pcscd_version("nothing"), None);
    let plist = "<dict>\n<key>CFBundleShortVersionString</key>\n\t<string>1.5.2</string>\n</dict>";
    assert_eq!(plist_version(plist).as_deref(), Some("1.5.2"));
    assert_eq!(session_active_local("Active=yes\nRemote=no\n"), Some(true));
    assert_eq!(session_active_local("Active=no\nRemote=no\n"), Some(false));
    assert_eq!(
        session_active_local("Active=yes\nRemote=yes\n"),
        Some(false)
    );
    assert_eq!(session_active_local(""), None);
    let rules = include_str!("../../udev/70-mynapin-readers.rules");
    assert_eq!(
        udev_group("70-mynapin-readers.rules", rules).as_deref(),
        Some("mynapin")
    );
    assert_eq!(udev_group("60-other.rules", "GROUP=\"plugdev\"\n"), None);
    let groups = parse_group_file("root:x:0:\n# note\nmynapin:x:998:clerk,tanaka\n");
    assert_eq!(
        groups[1],
        ("mynapin".into(), 998, vec!["clerk".into(), "tanaka".into()])
    );
    assert_eq!(groups[0].2, Vec::<String>::new());
}

#[test]
fn the_polkit_rule_allows_both_actions_to_the_group() {
    let rule = service::polkit_rule("mynapin");
    assert!(
        rule.starts_with("polkit.addRule(function(action, subject) {\n"),
        "{rule}"
    );
    assert!(
        rule.contains("\"org.debian.pcsc-lite.access_pcsc\""),
        "{rule}"
    );
    assert!(
        rule.contains("\"org.debian.pcsc-lite.access_card\""),
        "{rule}"
    );
    assert!(rule.contains("subject.isInGroup(\"mynapin\")"), "{rule}");
    assert!(rule.ends_with("});"), "{rule}");
    assert_eq!(rule.matches('{').count(), rule.matches('}').count());
}
