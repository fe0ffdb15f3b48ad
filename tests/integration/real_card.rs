//! The one test against a real My Number Card, opt-in: it is `#[ignore]`d, and runs only
//! when asked for with the environment variable `MYNAPIN_REAL_CARD_READER` naming a reader
//! (index or part of its name), never by default or in CI:
//! `MYNAPIN_REAL_CARD_READER=RC-S300 cargo test --test integration real_card -- --ignored`.
//! Run without the variable, it fails. It is read-only: it reads the counters twice with
//! the empty VERIFY (which consumes no try) and checks they did not move. It never sends
//! a PIN.

use mynapin::card::{Card, PinKind, PinStatus};
use mynapin::transport::{PcscTransport, ReaderChoice};

#[test]
#[ignore = "needs a real card: MYNAPIN_REAL_CARD_READER=<reader> cargo test --test integration real_card -- --ignored"]
fn real_card_status_is_read_only() {
    let Ok(reader) = std::env::var("MYNAPIN_REAL_CARD_READER") else {
        panic!(
            "set MYNAPIN_REAL_CARD_READER to the reader (index or part of its name) that holds a My Number Card"
        );
    };
    let choice = ReaderChoice::from_argument(&reader);
    let read = || {
        let transport =
            PcscTransport::connect(&choice, None).expect("the named reader holds a card");
        Card::new(transport)
            .status()
            .expect("status of the real card")
    };
    let first = read();
    let second = read();
    assert_eq!(first, second, "reading the counters changed them");
    let kinds: Vec<PinKind> = first.pins.iter().map(|row| row.kind).collect();
    assert_eq!(kinds, PinKind::ALL);
    for row in &first.pins {
        eprintln!("{:>5}: {:?}", row.kind, row.status);
        if let PinStatus::Remaining { left, max } = row.status {
            assert!(left <= max && max == row.kind.max_tries(), "{row:?}");
        }
    }
}
