//! `qbpc-index score`: load the definition, run the pipeline, render, write.

use super::{Status, findings, hinted};
use crate::cli::ScoreArgs;
use qbpc_index::definition;
use qbpc_index::output::{self, ExportOptions, Format};
use qbpc_index::pipeline::RunFiles;
use qbpc_index::timings;
use std::io::{IsTerminal, Write};

pub fn run(args: ScoreArgs) -> anyhow::Result<Status> {
    let format = pick_format(&args)?;
    if args.timings {
        timings::enable();
    }
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    let (mut model, findings) = definition::load(&source).map_err(findings::definition_error)?;
    let overrides = qbpc_index::whatif::apply(&mut model, &args.weights)
        .map_err(|e| hinted(e.to_string(), e.hint()))?;
    timings::mark("definition");
    let files = RunFiles {
        surveys: args.input.surveys.clone(),
        named: args.input.sources.clone(),
    };
    let detail = format.detail(args.level);
    let mut results = super::uncertainty::scored(
        &model,
        &files,
        findings,
        &args.uncertainty,
        args.quiet,
        detail,
    )?;
    let manifest_options =
        super::manifest::options(&args.uncertainty, overrides, None, args.strict);
    // Machine-readable outputs carry the manifest (the CSV in a side file next to it).
    let machine = match format {
        Format::Json | Format::Xlsx => true,
        Format::Csv => args.output.is_some(),
        Format::Table | Format::Markdown => false,
    };
    if machine || args.manifest.is_some() {
        super::manifest::attach("score", &args.input, &model, &mut results, manifest_options)?;
    }
    let options = ExportOptions {
        width: args.width,
        bom: args.bom,
        lang: args.lang,
        level: args.level,
    };
    let methodology = output::Methodology::from_model(&model);
    let report = output::Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let bytes = output::render_report(format, &report, &options)?;
    timings::mark("render");
    match &args.output {
        Some(path) => output::write_file(path, &bytes)?,
        None if format.is_binary() && std::io::stdout().is_terminal() => {
            return Err(hinted(
                format!("{format} is a binary format and standard output is a terminal"),
                Some(format!("write it to a file: --output results.{format}")),
            ));
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    if let Some(manifest) = &results.manifest {
        let bytes = manifest.to_json()?;
        if let Some(path) = &args.manifest {
            output::write_file(path, &bytes)?;
        }
        // CSV has no place for it: a side file next to the output, which R and pandas ignore.
        if let (Format::Csv, Some(path)) = (format, &args.output) {
            output::write_file(&qbpc_index::manifest::side_file(path), &bytes)?;
        }
    }
    if let Some(path) = &args.exclusions {
        let log = output::exclusions_csv(&results.excluded_submissions, args.bom)?;
        output::write_file(path, &log)?;
    }
    timings::mark("write");
    if args.timings {
        print_timings();
    }
    let warnings = &results.diagnostics;
    if !args.quiet {
        findings::summary(warnings);
        findings::exclusions(&results.excluded_submissions);
    }
    let status =
        if args.strict && (!warnings.is_empty() || !results.excluded_submissions.is_empty()) {
            Status::Findings
        } else {
            Status::Success
        };
    // The process ends next: freeing a large run's result tree, rendered bytes and model one
    // allocation at a time would cost as much as rendering them (10,000 platforms: 90 ms).
    std::mem::forget((results, bytes, model));
    Ok(status)
}

/// `--format`, else the `--output` extension, else the terminal table. `--level` asks for
/// the long CSV, so it needs CSV.
fn pick_format(args: &ScoreArgs) -> anyhow::Result<Format> {
    let format = pick_format_alone(args)?;
    if let Some(level) = args.level
        && format != Format::Csv
    {
        return Err(hinted(
            format!("--level {level} applies to CSV output, not {format}"),
            Some("add --format csv (or an --output file ending in .csv)".into()),
        ));
    }
    Ok(format)
}

fn pick_format_alone(args: &ScoreArgs) -> anyhow::Result<Format> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    match &args.output {
        None => Ok(Format::Table),
        Some(path) => Format::from_extension(path).ok_or_else(|| {
            hinted(
                format!("cannot tell the output format from {}", path.display()),
                Some("use a .csv, .json, .xlsx, .md or .txt file name, or give --format".into()),
            )
        }),
    }
}

/// `--timings`: one line per stage on standard error, then the total.
fn print_timings() {
    let stages = timings::take();
    let total: std::time::Duration = stages.iter().map(|(_, d)| *d).sum();
    for (stage, d) in &stages {
        eprintln!("{:>10.1} ms  {stage}", d.as_secs_f64() * 1e3);
    }
    eprintln!("{:>10.1} ms  total", total.as_secs_f64() * 1e3);
}
