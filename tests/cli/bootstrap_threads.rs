//! Issue 17, point 2: "bootstrap results do not depend on the number of threads". Each
//! replicate draws from its own ChaCha8 stream (stream number = replicate number), so 1, 2
//! and 7 threads must give the same summary, value for value; a few values are also pinned.
//!
//! Where the pinned values come from: a one-thread run of
//! `score fixtures/tidy_long.csv --source opinion=fixtures/platform_opinion.csv
//! --bootstrap 1000 --seed 1 --threads 1` at the commit that added this test. With one
//! thread every replicate's stream number is its replicate number whatever the threading
//! code does, so the pins do not come from the code under test's thread split; they are not
//! computed independently (that would need ChaCha8, rand's sampling and the whole scoring
//! contract again), and they catch any change to the random streams or the percentiles.
//! Restarting the streams per thread (replicate.rs) changes the 2- and 7-thread runs: the
//! equality across thread counts catches it.

use crate::common::qbpc;
use serde_json::Value;

fn bootstrap(threads: usize) -> Value {
    let out = qbpc()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "score",
            "fixtures/tidy_long.csv",
            "--source",
            "opinion=fixtures/platform_opinion.csv",
            "--bootstrap",
            "1000",
            "--seed",
            "1",
            "--threads",
            &threads.to_string(),
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v["bootstrap"].clone()
}

fn index(b: &Value, platform: &str, key: &str) -> f64 {
    b["platforms"][platform]["index"][key]
        .as_f64()
        .unwrap_or_else(|| panic!("{platform}.{key} in {b}"))
}

#[test]
fn one_two_and_seven_threads_give_the_same_pinned_intervals() {
    let one = bootstrap(1);
    for (platform, key, pinned) in [
        ("tmall", "low", 75.33047076154014),
        ("tmall", "high", 80.79681197844234),
        ("tmall", "p_first", 0.964),
        ("douyin", "low", 55.77663278082673),
        ("douyin", "high", 64.23235673393657),
        ("temu", "high", 32.49874721939444),
        ("pdd", "rank_low", 6.0),
        ("pdd", "rank_high", 7.0),
    ] {
        let got = index(&one, platform, key);
        assert!(
            (got - pinned).abs() < 1e-9,
            "{platform} {key}: {got}, pinned {pinned}"
        );
    }
    for threads in [2, 7] {
        let other = bootstrap(threads);
        // Compare platform by platform so that a failure names the first difference.
        for (id, summary) in one["platforms"].as_object().expect("platforms") {
            assert_eq!(
                &other["platforms"][id], summary,
                "{id} differs between 1 and {threads} threads"
            );
        }
        assert_eq!(other, one, "{threads} threads");
    }
}
