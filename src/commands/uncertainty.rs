//! Scoring with the optional bootstrap of `score --bootstrap N`, and the progress bar the
//! long-running statistics show on a terminal.

use super::{hinted, run_error};
use crate::cli::BootstrapArgs;
use indicatif::{ProgressBar, ProgressStyle};
use qbpc_index::definition::Model;
use qbpc_index::diagnostics::Diagnostic;
use qbpc_index::pipeline::{self, RunFiles};
use qbpc_index::results::{Detail, Results};
use qbpc_index::stats::bootstrap::{self, BootstrapOptions};
use std::io::IsTerminal;

/// Score the run; with `--bootstrap N`, attach the bootstrap summary to the results (`score`,
/// `report` and `scorecards` share this).
pub fn scored(
    model: &Model,
    files: &RunFiles,
    findings: Vec<Diagnostic>,
    uncertainty: &BootstrapArgs,
    quiet: bool,
    detail: Detail,
) -> anyhow::Result<Results> {
    let Some(replicates) = uncertainty.bootstrap else {
        return pipeline::run_for(model, files, findings, detail).map_err(run_error);
    };
    let options = BootstrapOptions {
        replicates,
        seed: uncertainty.seed,
        threads: uncertainty.threads.unwrap_or(0),
    };
    // Before scoring: a bootstrap that cannot fit is refused without waiting for the run.
    bootstrap::check_size(model, &options).map_err(|e| {
        let hint = e.hint();
        hinted(e.to_string(), hint)
    })?;
    let bar = progress_bar(replicates as u64, "bootstrap", quiet);
    let tick = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let (mut results, summary) =
        pipeline::run_with(model, files, findings, |inputs, scores, results| {
            bootstrap::run(model, inputs, scores, results, &options, &tick)
        })
        .map_err(run_error)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    results.bootstrap = Some(summary.map_err(|e| {
        let hint = e.hint();
        hinted(e.to_string(), hint)
    })?);
    Ok(results)
}

/// A progress bar on standard error, only when it is a terminal (and not `--quiet`).
pub fn progress_bar(len: u64, what: &str, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let style = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(len).with_style(style);
    bar.set_message(what.to_string());
    Some(bar)
}
