#![no_main]
//! See `vetter::fuzzing::config` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::config(data));
