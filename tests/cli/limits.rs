//! Issue 11, point 3 (part): huge counts on the command line are refused with the flag and its
//! cap, never a panic or an abort. `--bootstrap 18446744073709551615` panicked allocating,
//! `--bootstrap 1000000000` aborted allocating 12 GB, `sensitivity --runs` of that size
//! panicked too. Extreme values of the other numeric flags must run or be refused cleanly.

use crate::common::qbpc;

const MAX: &str = "18446744073709551615";

/// Exit code and standard error of `qbpc-index ARGS` on the tidy fixture.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = qbpc()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err)
}

fn refused(args: &[&str], expected: &str) {
    let (code, err) = run(args);
    assert_eq!(code, Some(2), "{args:?}: {err}");
    assert!(
        err.contains(expected),
        "{args:?}: missing {expected:?} in\n{err}"
    );
}

#[test]
fn bootstrap_counts_above_the_cap_are_refused_naming_flag_and_cap() {
    for n in [MAX, "1000000000", "100001"] {
        refused(
            &["score", "fixtures/tidy_long.csv", "--bootstrap", n],
            &format!(
                "--bootstrap {n} is above the limit of 100000 replicates; use --bootstrap 100000 or fewer"
            ),
        );
    }
    // report and scorecards take the same flag.
    refused(
        &["report", "fixtures/tidy_long.csv", "--bootstrap", MAX],
        "--bootstrap 18446744073709551615 is above the limit of 100000 replicates",
    );
    refused(
        &[
            "score",
            "fixtures/tidy_long.csv",
            "--bootstrap",
            "99999999999999999999999",
        ],
        "--bootstrap takes a whole number up to 100000",
    );
}

#[test]
fn sensitivity_runs_and_threads_above_their_caps_are_refused() {
    refused(
        &["sensitivity", "fixtures/tidy_long.csv", "--runs", MAX],
        "--runs 18446744073709551615 is above the limit of 1000000 runs; use --runs 1000000 or fewer",
    );
    refused(
        &["sensitivity", "fixtures/tidy_long.csv", "--runs", "1000001"],
        "--runs 1000001 is above the limit of 1000000 runs",
    );
    refused(
        &[
            "score",
            "fixtures/tidy_long.csv",
            "--bootstrap",
            "2",
            "--threads",
            MAX,
        ],
        "--threads 18446744073709551615 is above the limit of 256 threads; use --threads 256 or fewer",
    );
}

#[test]
fn extreme_seeds_thread_counts_and_cell_sizes_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let (huge, zero) = (dir.path().join("huge.html"), dir.path().join("zero.html"));
    let (huge, zero) = (huge.to_str().expect("utf-8"), zero.to_str().expect("utf-8"));
    for args in [
        &[
            "score",
            "fixtures/tidy_long.csv",
            "--bootstrap",
            "2",
            "--seed",
            MAX,
            "-q",
        ][..],
        &[
            "score",
            "fixtures/tidy_long.csv",
            "--bootstrap",
            "3",
            "--threads",
            "256",
            "-q",
        ],
        &[
            "score",
            "fixtures/tidy_long.csv",
            "--bootstrap",
            "2",
            "--threads",
            "0",
            "-q",
        ],
        &[
            "sensitivity",
            "fixtures/tidy_long.csv",
            "--runs",
            "3",
            "--seed",
            MAX,
            "-q",
        ],
        &["sensitivity", "fixtures/tidy_long.csv", "--runs", "0", "-q"],
        &[
            "report",
            "fixtures/tidy_long.csv",
            "--min-cell",
            MAX,
            "-o",
            huge,
            "-q",
        ],
        &[
            "report",
            "fixtures/tidy_long.csv",
            "--min-cell",
            "0",
            "-o",
            zero,
            "-q",
        ],
    ] {
        let (code, err) = run(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
    }
    // With the largest cell size every score is withheld, and the report says below what.
    let html = std::fs::read_to_string(huge).expect("report");
    assert!(html.contains("&lt; 18446744073709551615"));
}
