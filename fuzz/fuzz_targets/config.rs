//! libFuzzer entry of the `config` target; the body is `mynapin_fuzz::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::config(data));
