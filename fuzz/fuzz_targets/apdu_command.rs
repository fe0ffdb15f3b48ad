//! libFuzzer entry of the `apdu_command` target; the body is `mynapin_fuzz::apdu_command`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::apdu_command(data));
