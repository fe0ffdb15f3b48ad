//! libFuzzer entry of the `profile` target; the body is `mynapin_fuzz::profile`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::profile(data));
