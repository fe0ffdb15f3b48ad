//! libFuzzer entry of the `trace` target; the body is `mynapin_fuzz::trace`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::trace(data));
