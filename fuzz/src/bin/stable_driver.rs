//! The fuzz targets on a stable compiler, without libFuzzer: each target runs over its
//! committed corpus (`corpus/<target>/`), then over inputs mutated from it (bit flips,
//! byte changes, insertions, deletions, splices of two corpus files, dictionary tokens)
//! for the time given. No coverage feedback: a smoke test of the same bodies, much weaker
//! than libFuzzer, for machines without a nightly compiler.
//!
//! Usage: `stable_driver [SECONDS-PER-TARGET] [TARGET...]` (default 10 s, every target).
//! A panic prints the target and writes the input to `artifacts/<target>/crash-<n>`,
//! then the driver exits 1. Prints executions and executions per second per target.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mynapin_fuzz::{TARGETS, target};

/// Tokens the mutator inserts: bits of every input format.
const DICTIONARY: &[&[u8]] = &[
    b"# mynapin-trace 1\n",
    b"> 00 20 00 80 04 31 32 33 34\n",
    b"< 90 00\n",
    b"# transport error: card removed\n",
    b" **",
    b"[pins.auth]\n",
    b"[terminal]\n",
    b"value = \"1234\"\n",
    b"tries_left = 0\n",
    b"max_tries = 15\n",
    b"\"schema\":\"mynapin.audit/1\"",
    b"\"prev\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"",
    b"\"repaired_truncation\":true",
    b"\n",
    b"=",
    b"\"",
    b"[[",
    b"\x00\x20\x00\x80",
    b"\x00\x2C\x02\x80",
    b"\x00\xA4\x04\x0C",
    b"csrf=",
    b"&current=",
    b"%E3%81%82",
    b"%",
    b"&",
    b"+",
    b"mynapin_session=",
    b"127.0.0.1:",
    b"http://localhost:",
];

/// xorshift64*: deterministic, seeded from the target name and the clock.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                input[at] = [0x00, 0xFF, 0x7F, 0x80, 0x01, b'\n', b'#', b' '][rng.below(8)];
            }
            2 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.next() as u8;
            }
            3 => {
                let at = rng.below(len + 1);
                let token = DICTIONARY[rng.below(DICTIONARY.len())];
                input.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                input.drain(start..end);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let at = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(64)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
            6 if len > 1 => {
                // Duplicate a piece (lines, APDUs, frames repeated).
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = input[start..end].to_vec();
                input.splice(end..end, piece);
            }
            _ => {
                let at = rng.below(len + 1);
                input.insert(at, rng.next() as u8);
            }
        }
    }
    input.truncate(1 << 16);
}

fn read_corpus(folder: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|file| fs::read(file).ok())
        .collect()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let chosen: Vec<String> = args.collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Quiet panics: the driver reports them itself.
    panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for name in TARGETS
        .iter()
        .filter(|name| chosen.is_empty() || chosen.iter().any(|c| c == *name))
    {
        let Some(body) = target(name) else { continue };
        let corpus = read_corpus(&root.join("corpus").join(name));
        let seed = name.bytes().fold(0x9E37_79B9_7F4A_7C15u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        let clock = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let mut rng = Rng((seed ^ clock) | 1);
        let start = Instant::now();
        let budget = Duration::from_secs_f64(seconds);
        let mut executions: u64 = 0;
        let mut crash: Option<(Vec<u8>, String)> = None;
        let run = |input: &[u8], executions: &mut u64| -> Option<String> {
            *executions += 1;
            panic::catch_unwind(|| body(input)).err().map(|payload| {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            })
        };
        for input in &corpus {
            if let Some(message) = run(input, &mut executions) {
                crash = Some((input.clone(), message));
                break;
            }
        }
        let mut input = Vec::new();
        while crash.is_none() && start.elapsed() < budget {
            // Check the clock every 256 runs only.
            for _ in 0..256 {
                if input.is_empty() || rng.below(8) == 0 {
                    input = corpus
                        .get(rng.below(corpus.len()))
                        .cloned()
                        .unwrap_or_default();
                }
                mutate(&mut rng, &corpus, &mut input);
                if let Some(message) = run(&input, &mut executions) {
                    crash = Some((input.clone(), message));
                    break;
                }
            }
        }
        let elapsed = start.elapsed().as_secs_f64();
        println!(
            "{name:<14} {executions:>11} executions in {elapsed:6.1} s  {:>9.0} exec/s  corpus {}",
            executions as f64 / elapsed.max(1e-9),
            corpus.len()
        );
        if let Some((input, message)) = crash {
            failed = true;
            let folder = root.join("artifacts").join(name);
            let file = folder.join(format!("crash-{executions}"));
            let saved = fs::create_dir_all(&folder).and_then(|()| fs::write(&file, &input));
            eprintln!("{name}: panic: {message}");
            match saved {
                Ok(()) => eprintln!("{name}: input saved in {}", file.display()),
                Err(error) => eprintln!("{name}: input not saved ({error}): {input:02X?}"),
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
