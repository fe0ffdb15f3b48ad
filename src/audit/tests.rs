//! Unit tests of the record, the chain and its check.

use super::*;
use crate::card::{CardError, PinKind, VerifyOutcome};
use crate::report::CardDescription;

fn context() -> AuditContext {
    AuditContext {
        time: "2026-11-26T09:15:02Z".into(),
        operator: "tanaka".into(),
        workstation: "counter-3".into(),
    }
}

fn record() -> AuditRecord {
    AuditRecord::of_verify(
        &context(),
        CardDescription::simulated(None),
        PinKind::Auth,
        &Ok(VerifyOutcome {
            kind: PinKind::Auth,
            tries_before: Some(2),
            tries_now: 3,
        }),
    )
}

/// A log of `count` records in a fresh folder.
fn log_with(count: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/mynapin/audit.jsonl");
    let mut log = AuditLog::open(&path).unwrap();
    for _ in 0..count {
        log.append(&record()).unwrap();
    }
    (dir, path)
}

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &std::path::Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_record_line_has_its_fields_in_order_and_the_chain_last() {
    let (_dir, path) = log_with(1);
    let line = &lines(&path)[0];
    assert_eq!(
        line,
        &format!(
            concat!(
                r#"{{"schema":"mynapin.audit/2","time":"2026-11-26T09:15:02Z","operator":"tanaka","#,
                r#""workstation":"counter-3","card":{{"source":"simulated","profile":null}},"#,
                r#""procedure":"verify","kind":"auth","applicant":null,"documents":[],"#,
                r#""before":{{"kind":"auth","state":"remaining","left":2,"max":3}},"#,
                r#""after":{{"kind":"auth","state":"remaining","left":3,"max":3}},"#,
                r#""outcome":"ok","error":null,"prev":"{}"}}"#
            ),
            GENESIS
        )
    );
    assert_eq!(GENESIS, line_hash(b""));
}

#[test]
fn each_line_chains_to_the_one_before() {
    let (_dir, path) = log_with(3);
    let lines = lines(&path);
    for pair in lines.windows(2) {
        assert!(pair[1].ends_with(&format!(r#""prev":"{}"}}"#, line_hash(pair[0].as_bytes()))));
    }
    let report = verify(&path).unwrap();
    assert!(report.intact(), "{report:?}");
    assert_eq!((report.lines, report.records), (3, 3));
    assert_eq!(report.last_hash, line_hash(lines[2].as_bytes()));
}

#[test]
fn a_wrong_pin_records_the_counter_after_and_the_code() {
    let error = CardError::WrongPin {
        kind: PinKind::Sign,
        left: 4,
    };
    let record = AuditRecord::of_verify(
        &context(),
        CardDescription::simulated(None),
        PinKind::Sign,
        &Err(error),
    );
    assert_eq!(record.outcome, Outcome::Failed);
    assert_eq!(record.error, Some("wrong-pin"));
    assert_eq!(record.after.and_then(|row| row.left), Some(4));
    let refused = AuditRecord::new(&context(), Procedure::Verify, Some(PinKind::Auth))
        .with_card_error(&CardError::LastTryGuard(PinKind::Auth));
    assert_eq!(refused.outcome, Outcome::Refused);
}

#[test]
fn tags_refuse_numbers_and_anything_but_short_codes() {
    for good in ["A", "B", "photo-id", "under-15", "self"] {
        assert!(AuditTag::new(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "123456789012",
        "TK1234567",
        "田中",
        "a b",
        "x\n",
        &"A".repeat(33),
    ] {
        assert!(AuditTag::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn an_edited_middle_line_breaks_the_link_of_the_next() {
    let (_dir, path) = log_with(4);
    let mut lines = lines(&path);
    lines[1] = lines[1].replace("tanaka", "suzuki");
    write_lines(&path, &lines);
    let report = verify(&path).unwrap();
    assert_eq!(
        report.problem,
        Some(ChainProblem {
            line: 3,
            kind: ProblemKind::Mismatch
        })
    );
    assert_eq!(report.records, 2);
}

#[test]
fn a_removed_line_a_swapped_pair_and_a_removed_first_line_are_found() {
    let (_dir, path) = log_with(4);
    let original = lines(&path);
    let cases: [(Vec<String>, usize); 3] = [
        (
            vec![
                original[0].clone(),
                original[2].clone(),
                original[3].clone(),
            ],
            2,
        ),
        (
            vec![
                original[0].clone(),
                original[2].clone(),
                original[1].clone(),
                original[3].clone(),
            ],
            2,
        ),
        (original[1..].to_vec(), 1),
    ];
    for (lines, at) in cases {
        write_lines(&path, &lines);
        let problem = verify(&path).unwrap().problem;
        assert_eq!(
            problem,
            Some(ChainProblem {
                line: at,
                kind: ProblemKind::Mismatch
            })
        );
    }
}

#[test]
fn a_malformed_line_is_named() {
    let (_dir, path) = log_with(3);
    let mut lines = lines(&path);
    lines[1] = "not json".into();
    write_lines(&path, &lines);
    let problem = verify(&path).unwrap().problem;
    assert_eq!(
        problem,
        Some(ChainProblem {
            line: 2,
            kind: ProblemKind::Malformed
        })
    );
}

#[test]
fn a_truncated_tail_is_reported_then_repaired_by_the_next_append() {
    let (_dir, path) = log_with(3);
    let bytes = std::fs::read(&path).unwrap();
    // Cut the last line in the middle, as a crash during its write would.
    std::fs::write(&path, &bytes[..bytes.len() - 40]).unwrap();
    let report = verify(&path).unwrap();
    assert_eq!(
        report.problem,
        Some(ChainProblem {
            line: 3,
            kind: ProblemKind::TruncatedTail
        })
    );
    let mut log = AuditLog::open(&path).unwrap();
    log.append(&record()).unwrap();
    log.append(&record()).unwrap();
    let lines = lines(&path);
    assert_eq!(lines.len(), 5);
    assert!(
        lines[3].contains(r#""repaired_truncation":true"#),
        "{}",
        lines[3]
    );
    assert!(lines[3].contains(&format!(
        r#""intact_prev":"{}""#,
        line_hash(lines[1].as_bytes())
    )));
    assert!(!lines[4].contains("repaired_truncation"));
    let report = verify(&path).unwrap();
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.repaired, vec![3]);
    assert_eq!(report.records, 4);
    assert_eq!(read_records(&path).unwrap().len(), 4);
}

#[test]
fn a_fragment_whose_record_before_was_removed_is_still_caught() {
    let (_dir, path) = log_with(3);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 40]).unwrap();
    AuditLog::open(&path).unwrap().append(&record()).unwrap();
    let mut lines = lines(&path);
    lines.remove(1);
    write_lines(&path, &lines);
    assert_eq!(
        verify(&path).unwrap().problem,
        Some(ChainProblem {
            line: 3,
            kind: ProblemKind::Mismatch
        })
    );
}

#[test]
fn a_repair_flag_without_a_fragment_is_a_mismatch() {
    let (_dir, path) = log_with(2);
    let mut lines = lines(&path);
    lines[1] = lines[1].replace(
        r#","prev""#,
        r#","repaired_truncation":true,"intact_prev":"00","prev""#,
    );
    write_lines(&path, &lines);
    assert!(!verify(&path).unwrap().intact());
}

#[test]
fn verify_of_any_bytes_never_panics() {
    for bytes in [
        &b""[..],
        b"\n",
        b"\n\n\n",
        b"\xff\xfe\n{",
        b"{\"schema\":\"mynapin.audit/1\",\"prev\":1}\n",
        b"[]\nnull\n\"x\"",
    ] {
        let report = verify_bytes(bytes);
        assert!(report.lines <= bytes.len() + 1);
    }
    assert!(verify_bytes(b"").intact());
}

#[cfg(unix)]
#[test]
fn a_new_log_is_owner_only_in_an_owner_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = log_with(1);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("state/mynapin")), 0o700);
    assert_eq!(mode(&dir.path().join("state")), 0o700);
}

#[test]
fn a_folder_in_place_of_the_log_is_unwritable() {
    let dir = tempfile::tempdir().unwrap();
    let Err(error) = AuditLog::open(dir.path()) else {
        panic!("a folder opened as the log");
    };
    assert!(matches!(error, AuditError::Unwritable { .. }));
}

#[test]
fn lines_of_the_first_schema_are_still_records_of_the_chain() {
    let first = r#"{"schema":"mynapin.audit/1","time":"2026-11-26T09:15:02Z","prev":""#.to_owned()
        + GENESIS
        + r#""}"#;
    let second = r#"{"schema":"mynapin.audit/2","time":"2026-11-27T09:15:02Z","prev":""#.to_owned()
        + &line_hash(first.as_bytes())
        + r#""}"#;
    let report = verify_bytes(format!("{first}\n{second}\n").as_bytes());
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.records, 2);
    let unknown = first.replace("audit/1", "audit/9");
    assert!(!verify_bytes(format!("{unknown}\n").as_bytes()).intact());
}
