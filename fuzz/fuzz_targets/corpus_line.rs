#![no_main]
//! See `vetter::fuzzing::corpus_line` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::corpus_line(data));
