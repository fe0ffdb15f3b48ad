//! libFuzzer entry of the `rules` target; the body is `mynapin_fuzz::rules`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::rules(data));
