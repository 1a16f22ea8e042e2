#![no_main]
//! See `vetter::fuzzing::terminal_input` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::terminal_input(data));
