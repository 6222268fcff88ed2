//! `qbpc-index compare A.json B.json [C.json ...]`: read the waves, compare, render, write.

use super::{Outcome, findings, hinted, paths};
use crate::cli::CompareArgs;
use qbpc_index::compare::{self, CompareError, Wave};
use qbpc_index::output::compare::{CompareFormat, CompareOptions, render_comparison};
use qbpc_index::output::{Format, Outputs, RunFile};
use qbpc_index::stdin::{DASH, is_dash};
use std::io::IsTerminal;
use std::path::Path;

pub fn run(args: CompareArgs) -> anyhow::Result<Outcome> {
    let format = pick_format(&args)?;
    let to_stdout = args.out.output.as_deref().is_none_or(is_dash);
    if to_stdout && format.is_binary() && std::io::stdout().is_terminal() {
        return Err(hinted(
            format!("{format} is a binary format and standard output is a terminal"),
            Some(format!("write it to a file: --output comparison.{format}")),
        ));
    }
    // A wave file given as the output would be destroyed: refuse before reading anything.
    let outputs = paths::outputs([("--output", args.out.output.as_deref())]);
    let inputs: Vec<RunFile> = args.waves.iter().map(|p| RunFile::new("wave", p)).collect();
    paths::check_early(&outputs, &inputs, None)?;
    let waves = args
        .waves
        .iter()
        .map(|p| read_wave(p))
        .collect::<anyhow::Result<Vec<Wave>>>()?;
    let comparison = compare::compare(&waves).map_err(compare_error)?;
    let options = CompareOptions {
        lang: args.lang,
        long: args.long,
        bom: args.bom,
        width: args.width,
    };
    let bytes = render_comparison(format, &comparison, &options)?;
    let mut written = Outputs::new();
    written.file(args.out.output.as_deref().unwrap_or(Path::new(DASH)), bytes);
    written.write()?;
    if !args.out.quiet {
        findings::summary(&comparison.warnings);
    }
    Ok(if args.strict && !comparison.warnings.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// A result file of `score --format json` as a wave; an unreadable or foreign file is an
/// error naming it.
pub fn read_wave(path: &Path) -> anyhow::Result<Wave> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        super::coded(
            qbpc_index::diagnostics::ErrorCode::ReadFailed,
            format!("cannot read {name}: {e}"),
            Some("give result files written by `score --format json`".into()),
            Some(qbpc_index::diagnostics::Location::file(name.clone())),
        )
    })?;
    Wave::from_json(&name, &text).map_err(compare_error)
}

pub fn compare_error(e: CompareError) -> anyhow::Error {
    let hint = e.hint();
    hinted(e.to_string(), hint)
}

/// `--format`, else the `--output` extension (`.html`: the trend page), else the table;
/// `--long` needs CSV.
fn pick_format(args: &CompareArgs) -> anyhow::Result<CompareFormat> {
    let format = match (args.format, &args.out.output) {
        (Some(f), _) => f,
        (None, None) => CompareFormat::Plain(Format::Table),
        (None, Some(path)) => CompareFormat::from_extension(path).ok_or_else(|| {
            hinted(
                format!("cannot tell the output format from {}", path.display()),
                Some(
                    "use a .csv, .json, .xlsx, .parquet, .md, .txt or .html file name, or give --format"
                        .into(),
                ),
            )
        })?,
    };
    let tabular = [Format::Csv, Format::Parquet].map(CompareFormat::Plain);
    if args.long && !tabular.contains(&format) {
        return Err(hinted(
            format!("--long applies to CSV and Parquet output, not {format}"),
            Some("add --format csv (or an --output file ending in .csv)".into()),
        ));
    }
    Ok(format)
}
