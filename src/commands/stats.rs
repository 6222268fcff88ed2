//! `qbpc-index stats`: score, then report the reliability of the survey scales and the
//! effective item weights.

use super::{Status, findings, hinted};
use crate::cli::{ReportFormat, StatsArgs};
use qbpc_index::aggregate::observations;
use qbpc_index::definition;
use qbpc_index::output;
use qbpc_index::pipeline::{self, RunFiles};
use qbpc_index::stats::render::{self, StatsReport};
use qbpc_index::stats::{reliability, weights};
use std::io::Write;

pub fn run(args: StatsArgs) -> anyhow::Result<Status> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    let (model, found) = definition::load(&source).map_err(findings::definition_error)?;
    let files = RunFiles {
        surveys: args.input.surveys.clone(),
        named: args.input.sources.clone(),
    };
    let (results, reliability) = pipeline::run_with(&model, &files, found, |inputs, _, _| {
        let obs = observations::collect(&model, inputs.surveys, inputs.classes, inputs.screening);
        reliability::analyse(&model, &obs)
    })
    .map_err(|e| {
        let hint = e.hint();
        hinted(e.to_string(), hint)
    })?;
    let report = StatsReport {
        reliability,
        effective_weights: weights::effective(&model),
    };
    let bytes = match args.format {
        ReportFormat::Table => render::stats_text(&report).into_bytes(),
        ReportFormat::Json => render::json(&report)?,
    };
    emit(&bytes, args.output.as_deref())?;
    if !args.quiet {
        findings::summary(&results.diagnostics);
    }
    Ok(Status::Success)
}

/// Write a report to the file (atomically) or to standard output.
pub fn emit(bytes: &[u8], path: Option<&std::path::Path>) -> anyhow::Result<()> {
    match path {
        Some(path) => output::write_file(path, bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}
