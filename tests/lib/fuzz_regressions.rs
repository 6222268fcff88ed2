//! Every input a fuzz target crashed, hung or ran out of memory on (and the crashes found by
//! review), run through the same entry points as the fuzzers (`qbpc_index::fuzzing`): each
//! must end without a panic, within a few seconds. Inputs live in `fixtures/fuzz/<target>/`;
//! see docs/fuzzing.md for how they are found and added.

use std::path::Path;
use std::time::{Duration, Instant};

fn each_input(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(target);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let start = Instant::now();
        run(&bytes);
        let took = start.elapsed();
        // Seconds in a debug build; libFuzzer's own timeout is 10 s on an optimised one.
        assert!(
            took < Duration::from_secs(20),
            "{}: {took:?}",
            path.display()
        );
    }
}

#[test]
fn xlsx_inputs() {
    each_input("xlsx", qbpc_index::fuzzing::xlsx);
}

#[test]
fn csv_inputs() {
    each_input("csv", qbpc_index::fuzzing::csv);
}

#[test]
fn definition_inputs() {
    each_input("definition", qbpc_index::fuzzing::definition);
}

#[test]
fn platform_table_inputs() {
    each_input("platform_table", qbpc_index::fuzzing::platform_table);
}

/// The merged region written right to left, found by review while adding the caps: the
/// sheet reads, and the region is left as it is.
#[test]
fn a_reversed_merged_region_is_read_without_a_panic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz/xlsx/reversed_merge.xlsx");
    let table = qbpc_index::ingest::read_table(&path, None).unwrap();
    assert_eq!(table.headers[0], "platform");
    assert_eq!(table.rows.len(), 10);
}
