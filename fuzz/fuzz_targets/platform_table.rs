#![no_main]
//! Fuzz target `platform_table`: see qbpc_index::fuzzing::platform_table and docs/fuzzing.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| qbpc_index::fuzzing::platform_table(data));
