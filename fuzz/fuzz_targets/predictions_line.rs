#![no_main]
//! See `vetter::fuzzing::predictions_line` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::predictions_line(data));
