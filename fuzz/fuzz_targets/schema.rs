#![no_main]
//! See `vetter::fuzzing::schema` for what this target reads and checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| vetter::fuzzing::schema(data));
