#![no_main]
//! See `vetter::fuzzing::annotation` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::annotation(data));
