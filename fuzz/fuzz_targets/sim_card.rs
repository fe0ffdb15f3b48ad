//! libFuzzer entry of the `sim_card` target; the body is `mynapin_fuzz::sim_card`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mynapin_fuzz::sim_card(data));
