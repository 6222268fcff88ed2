//! `qbpc-index sensitivity`: score, perturb the dimension weights, report rank ranges.

use super::uncertainty::progress_bar;
use super::{Outcome, findings, hinted, paths, run_error};
use crate::cli::{ReportFormat, SensitivityArgs};
use qbpc_index::definition::Method;
use qbpc_index::output::labels::Style;
use qbpc_index::pipeline;
use qbpc_index::stats::sensitivity::{self, SensitivityOptions};
use qbpc_index::stats::{limits, render};

pub fn run(args: SensitivityArgs) -> anyhow::Result<Outcome> {
    if args.format == ReportFormat::Json {
        super::refuse_lang(args.lang.lang, "json", "the table output", "table")?;
    }
    let methods = args
        .methods
        .iter()
        .map(|m| parse_method(m))
        .collect::<anyhow::Result<Vec<Method>>>()?;
    let outputs = paths::outputs([("--output", args.out.output.as_deref())]);
    let (model, found) = paths::load_checked(&args.input, &outputs, None)?;

    // Before scoring: runs whose ranks cannot fit in memory are refused without waiting.
    limits::runs(args.runs, model.platforms.len())
        .map_err(|e| hinted(e.to_string(), Some(e.hint())))?;
    let files = super::paths::run_files(&args.input);
    let results = pipeline::run(&model, &files, found).map_err(run_error)?;
    let options = SensitivityOptions {
        runs: args.runs,
        seed: args.seed,
        perturbation: args.perturb,
        methods,
    };
    let bar = progress_bar(args.runs as u64, "sensitivity", args.out.quiet);
    let tick = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let report = sensitivity::analyse(&model, &results, &options, &tick).map_err(|e| {
        hinted(
            e.to_string(),
            Some("check the dimension scores of the run (qbpc-index score)".into()),
        )
    })?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let bytes = match args.format {
        ReportFormat::Table => {
            let methodology = qbpc_index::output::Methodology::from_model(&model);
            let style = Style {
                lang: args.lang.lang,
                methodology: Some(&methodology),
            };
            render::sensitivity_text(&report, &style).into_bytes()
        }
        ReportFormat::Json => render::json(&report)?,
    };
    super::stats::emit(&bytes, args.out.output.as_deref())?;
    if !args.out.quiet {
        findings::summary(&results.diagnostics);
    }
    Ok(Outcome::Success)
}

/// A method of `--methods`: arithmetic, geometric, harmonic or generalised:P.
fn parse_method(s: &str) -> anyhow::Result<Method> {
    // `sum` stays out, as before: with every dimension scored it ranks as arithmetic does.
    let m = Method::parse(s.trim()).ok().filter(|m| *m != Method::Sum);
    m.ok_or_else(|| {
        hinted(
            format!("unknown method {s:?} in --methods"),
            Some("use arithmetic, geometric, harmonic or generalised:P (P not 0)".into()),
        )
    })
}
