//! The pipeline of `examples/parquet_duckdb/`, small: posts generated with a seed, aggregated
//! by DuckDB into the opinion table (Parquet), scored with the example survey, and checked by
//! the example's own `check` command: every opinion item's raw value and score, and the
//! opinion dimension, against the same arithmetic done in DuckDB; and the Parquet results
//! read by DuckDB against the CSV results. Needs `python3` with duckdb, pyarrow and numpy, so
//! it is ignored by a plain `cargo test`; `.ci/run` installs them and runs it with
//! `--ignored`, and there it fails (never skips) without them.

use crate::common::{qbpc, root};
use std::path::Path;
use std::process::Command;

/// `python3`, or the interpreter `QBPC_PYTHON` names (`.ci/run` sets it when it had to put
/// the packages in a virtual environment); it must import duckdb, pyarrow and numpy.
fn python() -> String {
    let python = std::env::var("QBPC_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&python)
        .args(["-c", "import duckdb, pyarrow, numpy"])
        .output();
    match probe {
        Ok(o) if o.status.success() => python,
        Ok(o) => panic!(
            "{python} cannot import duckdb, pyarrow and numpy (docs/testing.md): {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run {python} (docs/testing.md): {e}"),
    }
}

fn pipeline(python: &str, args: &[&str]) {
    let out = Command::new(python)
        .arg(root().join("examples/parquet_duckdb/opinion_pipeline.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "opinion_pipeline.py {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn score(opinion: &Path, out: &Path) {
    qbpc()
        .args(["score", "-q", "examples/survey_wjx.xlsx", "--source"])
        .arg(format!("opinion={}", opinion.display()))
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

#[test]
#[ignore = "needs python duckdb: see docs/testing.md"]
fn duckdb_aggregated_posts_score_as_duckdb_computes_them() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let w = work.to_str().unwrap();
    pipeline(
        &python,
        &["generate", "--rows", "50000", "--seed", "7", "--out", w],
    );
    let opinion = work.join("opinion.parquet");
    assert!(std::fs::read(&opinion).unwrap().starts_with(b"PAR1"));
    for ext in ["json", "csv", "parquet"] {
        score(&opinion, &work.join(format!("results.{ext}")));
    }
    let path = |f: &str| work.join(f).to_str().unwrap().to_string();
    pipeline(
        &python,
        &[
            "check",
            "--out",
            w,
            "--json",
            &path("results.json"),
            "--parquet",
            &path("results.parquet"),
            "--csv",
            &path("results.csv"),
        ],
    );
}
