//! libFuzzer entry of the `web_request` target; the body is `mynapin_fuzz::web_request`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::web_request(data));
