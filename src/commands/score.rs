//! `qbpc-index score`: load the definition, run the pipeline, render, write.

use super::{Status, findings, hinted};
use crate::cli::ScoreArgs;
use qbpc_index::definition;
use qbpc_index::output::{self, ExportOptions, Format};
use qbpc_index::pipeline::{self, RunFiles};
use std::io::Write;

pub fn run(args: ScoreArgs) -> anyhow::Result<Status> {
    let format = pick_format(&args)?;
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    let (model, findings) = definition::load(&source).map_err(findings::definition_error)?;
    let files = RunFiles {
        surveys: args.input.surveys.clone(),
        named: args.input.sources.clone(),
    };
    let results = pipeline::run(&model, &files, findings).map_err(|e| {
        let hint = e.hint();
        hinted(e.to_string(), hint)
    })?;
    let options = ExportOptions {
        width: args.width,
        bom: args.bom,
    };
    let bytes = output::render(format, &results, &options)?;
    match &args.output {
        Some(path) => output::write_file(path, &bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    let warnings = &results.diagnostics;
    if !args.quiet {
        findings::summary(warnings);
        findings::exclusions(&results.excluded_submissions);
    }
    Ok(
        if args.strict && (!warnings.is_empty() || !results.excluded_submissions.is_empty()) {
            Status::Findings
        } else {
            Status::Success
        },
    )
}

/// `--format`, else the `--output` extension, else the terminal table.
fn pick_format(args: &ScoreArgs) -> anyhow::Result<Format> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    match &args.output {
        None => Ok(Format::Table),
        Some(path) => Format::from_extension(path).ok_or_else(|| {
            hinted(
                format!("cannot tell the output format from {}", path.display()),
                Some("use a .csv, .json or .txt file name, or give --format".into()),
            )
        }),
    }
}
