//! `qbpc-index score`: load the definition, run the pipeline, render, write.

use super::{Outcome, findings, hinted, paths};
use crate::cli::ScoreArgs;
use qbpc_index::definition;
use qbpc_index::output::{self, ExportOptions, Format, Outputs};
use qbpc_index::stdin::{DASH, is_dash};
use qbpc_index::timings;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(args: ScoreArgs) -> anyhow::Result<Outcome> {
    let format = pick_format(&args)?;
    let to_stdout = args.out.output.as_deref().is_none_or(is_dash);
    if to_stdout && format.is_binary() && std::io::stdout().is_terminal() {
        return Err(hinted(
            format!("{format} is a binary format and standard output is a terminal"),
            Some(format!("write it to a file: --output results.{format}")),
        ));
    }
    if args.timings {
        timings::enable();
    }
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    // CSV has no place for the manifest: a side file next to the output, which R and pandas
    // ignore. It is an output like the others: checked against the inputs, written with them.
    // Only a file gets one: standard output, a device or a FIFO is a stream with no "next to".
    let side_file = match (format, args.out.output.as_deref()) {
        (Format::Csv, Some(path)) if is_regular_target(path) => {
            Some(qbpc_index::manifest::side_file(path))
        }
        _ => None,
    };
    let outputs = paths::outputs([
        ("--output", args.out.output.as_deref()),
        ("--exclusions", args.exclusions.as_deref()),
        ("--manifest", args.manifest.as_deref()),
        ("the manifest side file", side_file.as_deref()),
    ]);
    paths::check_early(
        &outputs,
        &paths::command_line_inputs(&args.input, &source),
        None,
    )?;
    let (mut model, findings) = paths::load_definition(&source)?;
    let overrides = qbpc_index::whatif::apply(&mut model, &args.weights)
        .map_err(|e| hinted(e.to_string(), e.hint()))?;
    timings::mark("definition");
    let files = super::paths::run_files(&args.input);
    paths::check_run(&outputs, &args.input, &model)?;
    let detail = format.detail(args.level);
    let mut results = super::uncertainty::scored(
        &model,
        &files,
        findings,
        &args.uncertainty,
        args.out.quiet,
        detail,
    )?;
    let manifest_options =
        super::manifest::options(&args.uncertainty, overrides, None, args.strict);
    // Machine-readable outputs carry the manifest (the CSV in a side file next to it).
    let machine = match format {
        Format::Json | Format::Xlsx | Format::Parquet => true,
        Format::Csv => side_file.is_some(),
        Format::Table | Format::Markdown => false,
    };
    if machine || args.manifest.is_some() {
        super::manifest::attach("score", &args.input, &model, &mut results, manifest_options)?;
    }
    let options = ExportOptions {
        width: args.width,
        bom: args.bom,
        lang: args.lang.lang.unwrap_or_default(),
        table_lang: args.lang.lang,
        level: args.level,
    };
    let methodology = output::Methodology::from_model(&model);
    let report = output::Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let bytes = output::render_report(format, &report, &options)?;
    timings::mark("render");
    // The result, the manifest and the exclusion log are written together: all, or none.
    let mut written = Outputs::new();
    written.file(args.out.output.as_deref().unwrap_or(Path::new(DASH)), bytes);
    if let Some(manifest) = &results.manifest {
        let bytes = manifest.to_json()?;
        if let Some(path) = &args.manifest {
            written.file(path, bytes.clone());
        }
        if let Some(path) = &side_file {
            written.file(path, bytes);
        }
    }
    if let Some(path) = &args.exclusions {
        let log = output::exclusions_csv(&results.excluded_submissions, args.bom)?;
        written.file(path, log);
    }
    written.write()?;
    timings::mark("write");
    if args.timings {
        print_timings();
    }
    let warnings = &results.diagnostics;
    if !args.out.quiet {
        findings::summary(warnings);
        findings::exclusions(&results.excluded_submissions);
    }
    let status =
        if args.strict && (!warnings.is_empty() || !results.excluded_submissions.is_empty()) {
            Outcome::Findings
        } else {
            Outcome::Success
        };
    // The process ends next: freeing a large run's result tree, rendered bytes and model one
    // allocation at a time would cost as much as rendering them (10,000 platforms: 90 ms).
    std::mem::forget((results, model));
    Ok(status)
}

/// Whether `path` is (or will be created as) a regular file, through any symlinks.
fn is_regular_target(path: &Path) -> bool {
    !is_dash(path)
        && matches!(
            output::target::resolve(path),
            Ok(output::target::Target::Regular(_))
        )
}

/// `--format`, else the `--output` extension, else the terminal table. `--level` asks for
/// the long CSV, so it needs CSV.
fn pick_format(args: &ScoreArgs) -> anyhow::Result<Format> {
    let format = pick_format_alone(args)?;
    if let Some(lang) = args.lang.lang
        && matches!(format, Format::Csv | Format::Json | Format::Parquet)
    {
        return Err(hinted(
            format!("--lang {lang} applies to the table, XLSX and Markdown outputs, not {format}"),
            Some(format!(
                "{format} keeps the same keys in every language, with both names (name, name_zh): drop --lang, or choose --format table, xlsx or md"
            )),
        ));
    }
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
    match &args.out.output {
        None => Ok(Format::Table),
        Some(path) if is_dash(path) => Ok(Format::Table),
        Some(path) => Format::from_extension(path).ok_or_else(|| {
            hinted(
                format!("cannot tell the output format from {}", path.display()),
                Some(
                    "use a .csv, .json, .xlsx, .parquet, .md or .txt file name, or give --format"
                        .into(),
                ),
            )
        }),
    }
}

/// `--timings`: the scoring path that ran, one line per stage on standard error, then the
/// total.
fn print_timings() {
    if let Some(path) = timings::take_path() {
        say!("path: {path}");
    }
    let stages = timings::take();
    let total: std::time::Duration = stages.iter().map(|(_, d)| *d).sum();
    for (stage, d) in &stages {
        say!("{:>10.1} ms  {stage}", d.as_secs_f64() * 1e3);
    }
    say!("{:>10.1} ms  total", total.as_secs_f64() * 1e3);
}
