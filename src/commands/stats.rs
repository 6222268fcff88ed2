//! `qbpc-index stats`: score, then report the reliability of the survey scales and the
//! effective item weights.

use super::{Outcome, findings, paths, run_error};
use crate::cli::{ReportFormat, StatsArgs};
use qbpc_index::aggregate::observations;
use qbpc_index::output::{self, labels::Style};
use qbpc_index::pipeline;
use qbpc_index::stats::render::{self, StatsReport};
use qbpc_index::stats::{reliability, weights};

pub fn run(args: StatsArgs) -> anyhow::Result<Outcome> {
    if args.format == ReportFormat::Json {
        super::refuse_lang(args.lang.lang, "json", "the table output", "table")?;
    }
    let outputs = paths::outputs([("--output", args.out.output.as_deref())]);
    let (model, found) = paths::load_checked(&args.input, &outputs, None)?;
    let files = super::paths::run_files(&args.input);
    let (results, reliability) = pipeline::run_with(&model, &files, found, |inputs, _, _| {
        let obs = observations::collect(&model, inputs.surveys, inputs.classes, inputs.screening);
        reliability::analyse(&model, &obs)
    })
    .map_err(run_error)?;
    let report = StatsReport {
        reliability,
        effective_weights: weights::effective(&model),
    };
    let bytes = match args.format {
        ReportFormat::Table => {
            let methodology = output::Methodology::from_model(&model);
            let style = Style {
                lang: args.lang.lang,
                methodology: Some(&methodology),
            };
            render::stats_text(&report, &style).into_bytes()
        }
        ReportFormat::Json => render::json(&report)?,
    };
    emit(&bytes, args.out.output.as_deref())?;
    if !args.out.quiet {
        findings::summary(&results.diagnostics);
    }
    Ok(Outcome::Success)
}

/// Write a report to the file (atomically) or to standard output.
pub fn emit(bytes: &[u8], path: Option<&std::path::Path>) -> anyhow::Result<()> {
    let path = path.unwrap_or(std::path::Path::new(qbpc_index::stdin::DASH));
    output::write_file(path, bytes)?;
    Ok(())
}
