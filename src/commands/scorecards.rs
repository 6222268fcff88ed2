//! `qbpc-index scorecards --out DIR`: score, then write one scorecard per platform (HTML and
//! Markdown) into DIR.

use super::report::{load_and_score, warn};
use super::{Status, hinted};
use crate::cli::ScorecardsArgs;
use qbpc_index::output::scorecard::{self, ScorecardOptions};
use qbpc_index::output::{self, Methodology, Report};

pub fn run(args: ScorecardsArgs) -> anyhow::Result<Status> {
    let (model, results) = load_and_score(&args.input, &args.uncertainty, args.quiet)?;
    let methodology = Methodology::from_model(&model);
    let report = Report {
        results: &results,
        methodology: Some(&methodology),
    };
    let options = ScorecardOptions {
        lang: args.lang,
        min_cell: args.min_cell,
    };
    let files = scorecard::render_all(&report, options)?;
    std::fs::create_dir_all(&args.out).map_err(|e| {
        hinted(
            format!("cannot create the directory {}: {e}", args.out.display()),
            Some("give a directory you can write to with --out".into()),
        )
    })?;
    for f in &files {
        output::write_file(&args.out.join(&f.name), &f.bytes)?;
    }
    if !args.quiet {
        warn(&results);
        eprintln!(
            "wrote {} scorecards to {}",
            files.len() / 2,
            args.out.display()
        );
    }
    Ok(Status::Success)
}
