#![no_main]
//! Fuzz target `definition`: see qbpc_index::fuzzing::definition and docs/fuzzing.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| qbpc_index::fuzzing::definition(data));
