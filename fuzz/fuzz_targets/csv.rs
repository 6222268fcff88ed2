#![no_main]
//! Fuzz target `csv`: see qbpc_index::fuzzing::csv and docs/fuzzing.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| qbpc_index::fuzzing::csv(data));
