//! `qbpc-index scorecards --out DIR`: score, then write one scorecard per platform (HTML and
//! Markdown) into DIR.

use super::report::{load_and_score, warn};
use super::{Outcome, hinted, paths};
use crate::cli::ScorecardsArgs;
use qbpc_index::output::scorecard::{self, ScorecardOptions};
use qbpc_index::output::{Methodology, Outputs, Report, RunFile};

pub fn run(args: ScorecardsArgs) -> anyhow::Result<Outcome> {
    // Required by clap here (the shared `-o/--output` is optional elsewhere).
    let Some(dir) = args.out.output.as_deref() else {
        return Err(hinted(
            "scorecards needs a directory",
            Some("give it with -o/--output DIR".into()),
        ));
    };
    let (model, results) = load_and_score(
        &args.input,
        &args.uncertainty,
        args.out.quiet,
        &[],
        Some(dir),
    )?;
    let methodology = Methodology::from_model(&model);
    let report = Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let options = ScorecardOptions {
        lang: args.lang.lang.unwrap_or_default(),
        min_cell: args.min_cell,
    };
    let files = scorecard::render_all(&report, options)?;
    let count = files.len();
    // Every scorecard, or none: a failure at the last platform leaves no earlier file.
    let targets: Vec<RunFile> = files
        .iter()
        .map(|f| RunFile::new("--output", dir.join(&f.name)))
        .collect();
    paths::check_run(&targets, &args.input, &model)?;
    let mut written = Outputs::new();
    written.dir(dir);
    for f in files {
        written.file(dir.join(&f.name), f.bytes);
    }
    written.write().map_err(|e| {
        let hint = e
            .hint()
            .unwrap_or_else(|| "give a directory you can write to with --out".into());
        hinted(format!("{e}; no scorecard was written"), Some(hint))
    })?;
    if !args.out.quiet {
        warn(&results);
        say!("wrote {} scorecards to {}", count / 2, dir.display());
    }
    Ok(Outcome::Success)
}
