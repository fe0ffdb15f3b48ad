//! Benchmark (not a test): the in-process simulated card's APDU throughput, and the cost
//! of a whole `status` flow over it. Prints figures; asserts nothing about time.
//!
//! Run: `cargo bench --bench sim_throughput`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use mynapin::apdu::Command;
use mynapin::card::Card;
use mynapin::sim::{Profile, SimCard};
use mynapin::transport::SimTransport;

const SELECT_JPKI: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];
const SELECT_AUTH_PIN: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18];
const QUERY: [u8; 4] = [0x00, 0x20, 0x00, 0x80];

/// Runs `step` until `budget` has passed; returns (iterations, elapsed).
fn measure(budget: Duration, mut step: impl FnMut()) -> (u64, Duration) {
    let start = Instant::now();
    let mut iterations = 0u64;
    while start.elapsed() < budget {
        for _ in 0..1000 {
            step();
        }
        iterations += 1000;
    }
    (iterations, start.elapsed())
}

fn report(name: &str, apdus_per_iteration: u64, (iterations, elapsed): (u64, Duration)) {
    let apdus = iterations * apdus_per_iteration;
    let per_second = apdus as f64 / elapsed.as_secs_f64();
    println!(
        "{name:<44} {apdus:>10} APDUs in {:>7.1} ms  {:>12.0} APDUs/s  {:>8.1} ns/APDU",
        elapsed.as_secs_f64() * 1e3,
        per_second,
        1e9 / per_second
    );
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("MYNAPIN_BENCH_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(1000),
    );
    println!(
        "in-process simulated card ({} ms per figure)",
        budget.as_millis()
    );

    let mut card = SimCard::new(Profile::default());
    card.process(&SELECT_JPKI);
    report(
        "SimCard::process SELECT EF + empty VERIFY",
        2,
        measure(budget, || {
            black_box(card.process(black_box(&SELECT_AUTH_PIN)));
            black_box(card.process(black_box(&QUERY)));
        }),
    );

    let query = Command::new(0x00, 0x20, 0x00, 0x80);
    report(
        "SimCard::execute empty VERIFY (parsed)",
        1,
        measure(budget, || {
            black_box(card.execute(black_box(&query)));
        }),
    );

    let mut transport = SimTransport::new(SimCard::new(Profile::default()));
    let exchanges_before = transport.exchanges();
    let mut flows = 0u64;
    let timing = measure(budget, || {
        let report = Card::new(&mut transport).status();
        black_box(report.is_ok());
        flows += 1;
    });
    let apdus_per_flow = (transport.exchanges() - exchanges_before) as u64 / flows.max(1);
    report(
        &format!("Card::status flow ({apdus_per_flow} APDUs each)"),
        apdus_per_flow,
        timing,
    );
    println!(
        "{:<44} {:>10.0} status flows/s",
        "",
        timing.0 as f64 / timing.1.as_secs_f64()
    );
}
