//! `qbpc-index explain PLATFORM`: score the survey files (or read a result file), explain one
//! platform, render it as text, JSON or Markdown.

use super::{Outcome, findings, hinted, paths};
use crate::cli::{ExplainArgs, ExplainFormat};
use qbpc_index::definition;
use qbpc_index::explain::{self, ExplainError, Explanation};
use qbpc_index::output::{self, Outputs, RunFile};
use qbpc_index::pipeline;
use qbpc_index::results::{DefinitionRecord, Detail};
use qbpc_index::stdin::DASH;
use std::path::Path;

pub fn run(args: ExplainArgs) -> anyhow::Result<Outcome> {
    let format = match (args.format, &args.out.output) {
        (Some(f), _) => f,
        (None, Some(p)) => match p.extension().and_then(|e| e.to_str()) {
            Some("json") => ExplainFormat::Json,
            Some("md") => ExplainFormat::Md,
            _ => ExplainFormat::Table,
        },
        (None, None) => ExplainFormat::Table,
    };
    if format == ExplainFormat::Json {
        super::refuse_lang(
            args.lang.lang,
            "json",
            "the table and Markdown outputs",
            "table or md",
        )?;
    }
    // An output that is one of the files read would be destroyed: refused before reading.
    let outputs = paths::outputs([("--output", args.out.output.as_deref())]);
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    let mut inputs = paths::command_line_inputs(&args.input, &source);
    if let Some(path) = &args.results {
        inputs.push(RunFile::new("--results", path));
    }
    paths::check_early(&outputs, &inputs, None)?;
    // A run from survey files has the definition at hand: its names of the dimensions and
    // indicators; a result file records only their ids.
    let (explanation, methodology) = match &args.results {
        Some(path) => (from_file(path, &args.platform)?, None),
        None => {
            let (e, m) = from_run(&args)?;
            (e, Some(m))
        }
    };
    let style = explain::Style {
        lang: args.lang.lang,
        methodology: methodology.as_ref(),
    };
    let bytes = match format {
        ExplainFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&explanation)?;
            b.push(b'\n');
            b
        }
        ExplainFormat::Md => explain::markdown(&explanation, &style).into_bytes(),
        ExplainFormat::Table => explain::text(&explanation, &style).into_bytes(),
    };
    let mut written = Outputs::new();
    written.file(args.out.output.as_deref().unwrap_or(Path::new(DASH)), bytes);
    written.write()?;
    Ok(Outcome::Success)
}

fn explain_error(e: ExplainError) -> anyhow::Error {
    let hint = e.hint();
    hinted(e.to_string(), hint)
}

fn from_file(path: &std::path::Path, platform: &str) -> anyhow::Result<Explanation> {
    let bytes = std::fs::read(path).map_err(|e| {
        super::coded(
            qbpc_index::diagnostics::ErrorCode::ReadFailed,
            format!("cannot read result file {}: {e}", path.display()),
            Some("give a file written by `score --format json`".into()),
            Some(qbpc_index::diagnostics::Location::file(
                path.display().to_string(),
            )),
        )
    })?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        hinted(
            format!("{} is not JSON: {e}", path.display()),
            Some("give a file written by `score --format json`".into()),
        )
    })?;
    explain::from_document(&doc, platform).map_err(|e| {
        let hint = e.hint();
        hinted(format!("{}: {e}", path.display()), hint)
    })
}

fn from_run(args: &ExplainArgs) -> anyhow::Result<(Explanation, output::Methodology)> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    let (mut model, findings) = paths::load_definition(&source)?;
    qbpc_index::whatif::apply(&mut model, &args.weights)
        .map_err(|e| hinted(e.to_string(), e.hint()))?;
    let files = super::paths::run_files(&args.input);
    let results = pipeline::run_for(&model, &files, findings, Detail::Full).map_err(|e| {
        let hint = e.hint();
        hinted(e.to_string(), hint)
    })?;
    if !args.out.quiet {
        findings::summary(&results.diagnostics);
    }
    let methodology = output::Methodology::from_model(&model);
    let record = DefinitionRecord::from_methodology(&methodology, results.decimals);
    let e = explain::from_results(&results, record, &args.platform).map_err(explain_error)?;
    Ok((e, methodology))
}
