//! Command-line arguments (clap derive). Parsing only: the commands live in `commands/`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "qbpc-index",
    version,
    about = "Score and rank e-commerce platforms on IP protection from survey exports",
    long_about = "Score and rank e-commerce platforms on IP protection from survey exports.\n\n\
        Without --index, the definition is ./qbpc-index.toml if present, else the embedded \
        default QBPC definition.\n\n\
        Exit codes: 0 success; 1 findings (validation failed, or warnings with --strict); \
        2 usage or runtime error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Set a cap on what one input file may make the reader do, as KEY=N (repeatable). Keys:
    /// unzipped-mb (decompressed size of an xlsx part, default 2048), zip-ratio (100),
    /// cells (non-empty cells of a sheet, 20000000), rows (1048576), columns (16384),
    /// cell-bytes (text of one cell, 1048576), xml-depth (64). A file past a cap is refused
    /// with a message naming it.
    #[arg(long = "limit", value_name = "KEY=N", global = true, value_parser = parse_limit)]
    pub limits: Vec<String>,
}

/// Checks one `--limit` assignment (the caps are set from them in `main`).
fn parse_limit(s: &str) -> Result<String, String> {
    qbpc_index::ingest::Limits::default().apply(s)?;
    Ok(s.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score survey exports and rank the platforms.
    Score(ScoreArgs),
    /// How much the ranking depends on the dimension weights (and the index method): rank
    /// ranges over perturbed weights, and rank shifts with each dimension left out.
    Sensitivity(SensitivityArgs),
    /// Reliability of the survey scales (Cronbach's alpha per dimension and indicator, item
    /// statistics) and the effective weight of every item in the index.
    Stats(StatsArgs),
    /// Check a definition (and optionally survey files) and report every problem found.
    Validate(ValidateArgs),
    /// Write the embedded default definition to a file, to customise it (or, with --from, a
    /// draft definition guessed from a survey export).
    Init(InitArgs),
    /// Show what is read in a survey export: preset, layout, respondent column, platforms, the
    /// item and platform of each column, and every distinct answer per item. When the
    /// definition cannot read the file: its columns and answers, and what scoring still
    /// needs (exit 1).
    Inspect(InspectArgs),
    /// Write the results as one self-contained HTML report (charts, groups, methodology).
    Report(ReportArgs),
    /// Write one scorecard per platform (HTML and Markdown) into a directory.
    Scorecards(ScorecardsArgs),
}

/// Where the definition and the data come from; shared by `score` and `validate`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Survey exports (.xlsx, .xls, .ods, .csv) read by the definition's survey source.
    #[arg(value_name = "SURVEY")]
    pub surveys: Vec<PathBuf>,

    /// Index definition (TOML). Default: ./qbpc-index.toml, else the embedded QBPC definition.
    #[arg(short, long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    /// A file for a named source of the definition, e.g. --source opinion=platform_opinion.csv.
    #[arg(long = "source", value_name = "ID=PATH", value_parser = parse_source)]
    pub sources: Vec<(String, PathBuf)>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format: table, csv, json, xlsx or md. Default: from the --output extension,
    /// else table.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<qbpc_index::output::Format>,

    /// XLSX and Markdown: language of headers and names (en, zh or both).
    #[arg(long, value_name = "LANG", default_value = "both")]
    pub lang: qbpc_index::output::Lang,

    /// CSV: one row per platform x node at this level (item, indicator, dimension), or one
    /// row per free-text answer (text), instead of one row per platform.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<qbpc_index::output::Level>,

    /// Write the result to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Exit with code 1 when there are warnings (invalid answers, exclusions, missing data).
    #[arg(long)]
    pub strict: bool,

    /// Do not print the warning summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    /// Table format: wrap to this many columns (default: never wrap).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<u16>,

    /// CSV format: start with a UTF-8 byte order mark so that Excel shows Chinese correctly.
    #[arg(long)]
    pub bom: bool,

    #[command(flatten)]
    pub uncertainty: BootstrapArgs,

    /// Also write the exclusion log (one row per excluded submission, with its file, row,
    /// respondent, reason and detail) as CSV to this file.
    #[arg(long, value_name = "PATH")]
    pub exclusions: Option<PathBuf>,

    /// Print the wall time of each stage (definition, read, screen, aggregate, publish,
    /// render, write) on standard error: where a large run spends its time.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub uncertainty: BootstrapArgs,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the report: en, zh or both.
    #[arg(long, value_name = "LANG", default_value = "both")]
    pub lang: qbpc_index::output::Lang,

    /// Withhold any score resting on fewer respondents than this.
    #[arg(long, value_name = "K", default_value_t = qbpc_index::output::privacy::DEFAULT_MIN_CELL,
          value_parser = clap::value_parser!(usize))]
    pub min_cell: usize,

    /// Do not print the warning summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ScorecardsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub uncertainty: BootstrapArgs,

    /// Directory for the scorecards (created if needed): PLATFORM.html and PLATFORM.md.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Language of the scorecards: en, zh or both.
    #[arg(long, value_name = "LANG", default_value = "both")]
    pub lang: qbpc_index::output::Lang,

    /// Withhold any breakdown resting on fewer respondents than this.
    #[arg(long, value_name = "K", default_value_t = qbpc_index::output::privacy::DEFAULT_MIN_CELL,
          value_parser = clap::value_parser!(usize))]
    pub min_cell: usize,

    /// Do not print the warning summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Exit with code 1 on warnings too.
    #[arg(long)]
    pub strict: bool,

    /// Report format: human or json.
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the definition.
    #[arg(short, long, value_name = "PATH", default_value = "qbpc-index.toml")]
    pub output: PathBuf,

    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,

    /// Draft the definition from this survey export (questions, scales guessed from the
    /// answers, platforms) instead of writing the embedded one.
    #[arg(long, value_name = "EXPORT")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The survey export to inspect (.xlsx, .xls, .ods, .csv).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Index definition (TOML). Default: ./qbpc-index.toml, else the embedded QBPC definition.
    #[arg(short, long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    /// Output format: text or json.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// `score --bootstrap N`: uncertainty over respondents.
#[derive(Debug, Args)]
pub struct BootstrapArgs {
    /// Resample the respondents of each platform N times (e.g. 1000) and report percentile
    /// 95% intervals, 5th-95th percentile rank intervals and the probability of ranking first.
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<usize>,

    /// Random seed of --bootstrap: the same seed gives the same intervals.
    #[arg(long, value_name = "SEED", default_value_t = 1, requires = "bootstrap")]
    pub seed: u64,

    /// Threads for --bootstrap (default: one per core; results do not depend on it).
    #[arg(long, value_name = "N", requires = "bootstrap")]
    pub threads: Option<usize>,
}

/// Output of the `stats` and `sensitivity` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Number of perturbed runs.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub runs: usize,

    /// Random seed: the same seed gives the same report.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    pub seed: u64,

    /// How the dimension weights vary: uniform:X (each weight times 1 ± up to X) or
    /// dirichlet:C (shares drawn around the nominal shares; larger C stays closer).
    #[arg(long, value_name = "HOW", default_value = "uniform:0.25")]
    pub perturb: qbpc_index::stats::sensitivity::Perturbation,

    /// Also draw the index method of each run from this list, e.g.
    /// arithmetic,geometric,generalised:2.
    #[arg(long, value_name = "METHODS", value_delimiter = ',')]
    pub methods: Vec<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// No progress bar and no warning summary.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// No warning summary.
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_source(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((id, path)) if !id.trim().is_empty() && !path.is_empty() => {
            Ok((id.trim().to_string(), PathBuf::from(path)))
        }
        _ => Err(format!(
            "expected ID=PATH (for example opinion=platform_opinion.csv), found {s:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn source_arguments_split_on_the_first_equals_sign() {
        assert_eq!(
            parse_source("opinion=data/a=b.csv").unwrap(),
            ("opinion".into(), PathBuf::from("data/a=b.csv"))
        );
        assert!(parse_source("opinion").is_err());
        assert!(parse_source("=x.csv").is_err());
    }
}
