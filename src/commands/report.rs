//! `qbpc-index report`: score, then write one self-contained HTML report.

use super::{Outcome, findings, paths};
use crate::cli::{BootstrapArgs, InputArgs, ReportArgs};
use qbpc_index::compare::{self, Comparison, Wave};
use qbpc_index::definition::Model;
use qbpc_index::output::html::{self, HtmlOptions};
use qbpc_index::output::{self, Methodology, Report, RunFile};
use qbpc_index::results::Results;
use qbpc_index::stdin::DASH;
use std::path::Path;

pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    let outputs = paths::outputs([("--output", args.out.output.as_deref())]);
    // An earlier wave given as the output would be destroyed: refuse before reading anything.
    let earlier: Vec<RunFile> = args
        .previous
        .iter()
        .map(|p| RunFile::new("--previous", p))
        .collect();
    paths::check_early(&outputs, &earlier, None)?;
    let previous = args
        .previous
        .iter()
        .map(|p| super::compare::read_wave(p))
        .collect::<anyhow::Result<Vec<Wave>>>()?;
    let (model, mut results) = load_and_score(
        &args.input,
        &args.uncertainty,
        args.out.quiet,
        &outputs,
        None,
    )?;
    let options =
        super::manifest::options(&args.uncertainty, Vec::new(), Some(args.min_cell), false);
    super::manifest::attach("report", &args.input, &model, &mut results, options)?;
    let methodology = Methodology::from_model(&model);
    let report = Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let options = HtmlOptions {
        lang: args.lang,
        min_cell: args.min_cell,
    };
    let this_run = args.lang.pick("this run", Some("本次运行"));
    let trend = trend(previous, &report, &this_run)?;
    let page = html::report_with_trend(&report, options, trend.as_ref())?;
    let target = args.out.output.as_deref().unwrap_or(Path::new(DASH));
    output::write_file(target, page.as_bytes())?;
    if !args.out.quiet {
        warn(&results);
    }
    Ok(Outcome::Success)
}

/// The comparison of the earlier waves (oldest first) with this run, the last wave; None
/// without earlier waves.
fn trend(
    mut waves: Vec<Wave>,
    report: &Report<'_>,
    this_run: &str,
) -> anyhow::Result<Option<Comparison>> {
    if waves.is_empty() {
        return Ok(None);
    }
    waves.push(Wave::from_report(this_run, report).map_err(super::compare::compare_error)?);
    let c = compare::compare(&waves).map_err(super::compare::compare_error)?;
    Ok(Some(c))
}

/// The definition (as `score` finds it) and the results of scoring the inputs, with the
/// bootstrap summary attached when `--bootstrap N` is given. The outputs (and the output
/// directory) are checked against the inputs first, and probed, before anything is read.
pub fn load_and_score(
    input: &InputArgs,
    uncertainty: &BootstrapArgs,
    quiet: bool,
    outputs: &[RunFile],
    dir: Option<&Path>,
) -> anyhow::Result<(Model, Results)> {
    let (model, findings) = paths::load_checked(input, outputs, dir)?;
    let files = super::paths::run_files(input);
    let results = super::uncertainty::scored(
        &model,
        &files,
        findings,
        uncertainty,
        quiet,
        qbpc_index::results::Detail::Full,
    )?;
    Ok((model, results))
}

/// The warning and exclusion summary on standard error, as `score` prints it.
pub fn warn(results: &Results) {
    findings::summary(&results.diagnostics);
    findings::exclusions(&results.excluded_submissions);
}
