//! libFuzzer entry of the `apdu_response` target; the body is `mynapin_fuzz::apdu_response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::apdu_response(data));
