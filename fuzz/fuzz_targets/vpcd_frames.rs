//! libFuzzer entry of the `vpcd_frames` target; the body is `mynapin_fuzz::vpcd_frames`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::vpcd_frames(data));
