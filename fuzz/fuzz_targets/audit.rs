//! libFuzzer entry of the `audit` target; the body is `mynapin_fuzz::audit`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::audit(data));
