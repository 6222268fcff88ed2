#![no_main]
//! Fuzz target `xlsx`: see qbpc_index::fuzzing::xlsx and docs/fuzzing.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| qbpc_index::fuzzing::xlsx(data));
