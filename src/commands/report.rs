//! `qbpc-index report`: score, then write one self-contained HTML report.

use super::uncertainty::progress_bar;
use super::{Status, findings, hinted};
use crate::cli::{BootstrapArgs, InputArgs, ReportArgs};
use qbpc_index::definition::{self, Model};
use qbpc_index::diagnostics::Diagnostic;
use qbpc_index::output::html::{self, HtmlOptions};
use qbpc_index::output::{self, Methodology, Report};
use qbpc_index::pipeline::{self, RunFiles};
use qbpc_index::results::Results;
use qbpc_index::stats::bootstrap::{self, BootstrapOptions};
use std::io::Write;

pub fn run(args: ReportArgs) -> anyhow::Result<Status> {
    let (model, results) = load_and_score(&args.input, &args.uncertainty, args.quiet)?;
    let methodology = Methodology::from_model(&model);
    let report = Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let options = HtmlOptions {
        lang: args.lang,
        min_cell: args.min_cell,
    };
    let page = html::report(&report, options)?;
    match &args.output {
        Some(path) => output::write_file(path, page.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(page.as_bytes())?;
            out.flush()?;
        }
    }
    if !args.quiet {
        warn(&results);
    }
    Ok(Status::Success)
}

/// The definition (as `score` finds it) and the results of scoring the inputs, with the
/// bootstrap summary attached when `--bootstrap N` is given.
pub fn load_and_score(
    input: &InputArgs,
    uncertainty: &BootstrapArgs,
    quiet: bool,
) -> anyhow::Result<(Model, Results)> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(input.index.as_deref(), &cwd);
    let (model, findings) = definition::load(&source).map_err(findings::definition_error)?;
    let files = RunFiles {
        surveys: input.surveys.clone(),
        named: input.sources.clone(),
    };
    let results = match uncertainty.bootstrap {
        None => pipeline::run(&model, &files, findings).map_err(run_error)?,
        Some(replicates) => {
            let options = BootstrapOptions {
                replicates,
                seed: uncertainty.seed,
                threads: uncertainty.threads.unwrap_or(0),
            };
            bootstrapped(&model, &files, findings, &options, quiet)?
        }
    };
    Ok((model, results))
}

fn run_error(e: pipeline::RunError) -> anyhow::Error {
    let hint = e.hint();
    hinted(e.to_string(), hint)
}

/// The run with its bootstrap summary (the same call as `score --bootstrap N`).
fn bootstrapped(
    model: &Model,
    files: &RunFiles,
    findings: Vec<Diagnostic>,
    options: &BootstrapOptions,
    quiet: bool,
) -> anyhow::Result<Results> {
    let bar = progress_bar(options.replicates as u64, "bootstrap", quiet);
    let tick = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let (mut results, summary) =
        pipeline::run_with(model, files, findings, |inputs, scores, results| {
            bootstrap::run(model, inputs, scores, results, options, &tick)
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

/// The warning and exclusion summary on standard error, as `score` prints it.
pub fn warn(results: &Results) {
    findings::summary(&results.diagnostics);
    findings::exclusions(&results.excluded_submissions);
}
