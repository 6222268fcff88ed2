//! Command-line arguments (clap derive). Parsing only: the commands live in `commands/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use qbpc_index::stats::limits;
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
        2 usage or runtime error.",
    after_help = crate::help::MAIN
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
    #[command(after_help = crate::help::SCORE)]
    Score(ScoreArgs),
    /// How much the ranking depends on the dimension weights (and the index method): rank
    /// ranges over perturbed weights, and rank shifts with each dimension left out.
    #[command(after_help = crate::help::SENSITIVITY)]
    Sensitivity(SensitivityArgs),
    /// Reliability of the survey scales (Cronbach's alpha per dimension and indicator, item
    /// statistics) and the effective weight of every item in the index.
    #[command(after_help = crate::help::STATS)]
    Stats(StatsArgs),
    /// Check a definition (and optionally survey files) and report every problem found.
    #[command(after_help = crate::help::VALIDATE)]
    Validate(ValidateArgs),
    /// Write the embedded default definition to a file, to customise it (or, with --from, a
    /// draft definition guessed from a survey export).
    #[command(after_help = crate::help::INIT)]
    Init(InitArgs),
    /// Show what is read in a survey export: preset, layout, respondent column, platforms, the
    /// item and platform of each column, and every distinct answer per item. When the
    /// definition cannot read the file: its columns and answers, and what scoring still
    /// needs (exit 1).
    #[command(after_help = crate::help::INSPECT)]
    Inspect(InspectArgs),
    /// Write the results as one self-contained HTML report (charts, groups, methodology).
    #[command(after_help = crate::help::REPORT)]
    Report(ReportArgs),
    /// Write one scorecard per platform (HTML and Markdown) into a directory.
    #[command(after_help = crate::help::SCORECARDS)]
    Scorecards(ScorecardsArgs),
    /// Compare waves (editions): result files of `score --format json`, oldest first. Per
    /// platform, for the index and every dimension: each wave's score and rank, the changes,
    /// the rank movement and (with bootstraps) significance; nodes matched by `previous`.
    #[command(after_help = crate::help::COMPARE)]
    Compare(CompareArgs),
    /// How one platform's index score is built: the tree from the index down to the items,
    /// with each part's score, weight, effective weight, contribution, respondents, N/A and
    /// invalid counts, the parts renormalised away, and the gaps to the average and the best.
    #[command(after_help = crate::help::EXPLAIN)]
    Explain(ExplainArgs),
    /// Check a run manifest (`score --manifest FILE`, or the `manifest` key of a JSON result):
    /// are the recorded files unchanged, and does re-running the recorded command give every
    /// recorded number? Exit 0 reproduced, 1 not (naming the changed files and numbers).
    #[command(after_help = crate::help::VERIFY)]
    Verify(VerifyArgs),
    /// Write the questionnaire the definition scores, for a survey platform or for print:
    /// an XLSForm (KoboToolbox, ODK), a Qualtrics Advanced Format TXT, a 问卷星 text import, an
    /// XLSX response template, or a bilingual HTML or Markdown form. Its export maps back to
    /// the items with no edits.
    #[command(after_help = crate::help::QUESTIONNAIRE)]
    Questionnaire(QuestionnaireArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell) on standard output.
    #[command(after_help = crate::help::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff, section 1) on standard output.
    #[command(after_help = crate::help::MAN)]
    Man,
    /// Explain a finding code (the CODE of `error[CODE]` and `warning[CODE]`): what it means,
    /// what causes it and how to fix it. `--list` lists every code.
    #[command(after_help = crate::help::EXPLAIN_CODE)]
    ExplainCode(ExplainCodeArgs),
    /// Print a JSON Schema: of the TOML definition (for editors: taplo, Even Better TOML; the
    /// file `init` writes points to ./qbpc-index.schema.json) or of every JSON result
    /// (`score`, `compare`, `explain`), both derived from the types that read and write them.
    #[command(after_help = crate::help::SCHEMA)]
    Schema {
        /// Which schema: definition or results.
        #[arg(value_name = "WHICH", value_enum)]
        which: SchemaKind,
    },
}

#[derive(Debug, Args)]
pub struct ExplainCodeArgs {
    /// The code, e.g. unknown-platform.
    #[arg(value_name = "CODE", required_unless_present_any = ["list", "all"])]
    pub code: Option<String>,

    /// List every code with its severity and meaning.
    #[arg(long, conflicts_with_all = ["code", "all"])]
    pub list: bool,

    /// Explain every code (docs/codes.md is `--all --format md`).
    #[arg(long, conflicts_with = "code")]
    pub all: bool,

    /// Output format: table (plain text) or md.
    #[arg(short, long, value_name = "FORMAT", value_enum, default_value_t = ExplainCodeFormat::Table)]
    pub format: ExplainCodeFormat,
}

/// Output of `explain-code`: plain text under the human format's one name, or Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainCodeFormat {
    #[value(alias = "text", alias = "human")]
    Table,
    Md,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: Shell,
}

/// The shells `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// The schemas `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Definition,
    Results,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The manifest: a file written by `score --manifest`, a CSV side file
    /// (`X.manifest.json`) or a JSON result file (its `manifest` key).
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The platform: its id or name.
    #[arg(value_name = "PLATFORM")]
    pub platform: String,

    #[command(flatten)]
    pub input: InputArgs,

    /// Explain from a result file of `score --format json` instead of scoring survey files.
    #[arg(long, value_name = "RESULT_JSON", conflicts_with_all = ["surveys", "sources", "index", "weights"])]
    pub results: Option<PathBuf>,

    /// What-if weight (as `score --weight`), for a run from survey files.
    #[arg(long = "weight", value_name = "ID=WEIGHT")]
    pub weights: Vec<qbpc_index::whatif::WeightArg>,

    /// Output format. Default: from the --output extension, else table.
    #[arg(short, long, value_enum)]
    pub format: Option<ExplainFormat>,

    #[command(flatten)]
    pub lang: LangArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Result files written by `score --format json`, oldest wave first.
    #[arg(value_name = "RESULT_JSON", num_args = 2.., required = true)]
    pub waves: Vec<PathBuf>,

    /// Output format: table, csv, json, xlsx, md, parquet or html (a self-contained trend
    /// page). Default: from the --output extension, else table.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<qbpc_index::output::compare::CompareFormat>,

    /// CSV and Parquet: one row per platform, target and wave (long) instead of one row per
    /// platform and target (wide).
    #[arg(long)]
    pub long: bool,

    #[command(flatten)]
    pub out: OutputArgs,

    /// CSV format: start with a UTF-8 byte order mark.
    #[arg(long)]
    pub bom: bool,

    /// Table format: wrap to this many columns (default: never wrap).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<u16>,

    /// Table, Markdown and HTML: language of headings, labels and movement words (en, zh or
    /// both).
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: qbpc_index::output::Lang,

    /// Exit with code 1 when there are warnings (changed weights or scales, relative
    /// normalisation, unmatched `previous`).
    #[arg(long)]
    pub strict: bool,
}

impl Command {
    /// Whether the command was asked for JSON on standard output: a fatal error is then also
    /// written there as a JSON object.
    pub fn json_errors(&self) -> bool {
        match self {
            Command::Score(a) => a.format == Some(qbpc_index::output::Format::Json),
            Command::Validate(a) => a.format == ReportFormat::Json,
            Command::Inspect(a) => a.format == ReportFormat::Json,
            Command::Stats(a) => a.format == ReportFormat::Json,
            Command::Sensitivity(a) => a.format == ReportFormat::Json,
            Command::Compare(a) => {
                a.format
                    == Some(qbpc_index::output::compare::CompareFormat::Plain(
                        qbpc_index::output::Format::Json,
                    ))
            }
            Command::Explain(a) => a.format == Some(ExplainFormat::Json),
            Command::Verify(a) => a.format == ReportFormat::Json,
            Command::Init(_)
            | Command::Questionnaire(_)
            | Command::Report(_)
            | Command::Scorecards(_)
            | Command::Completions(_)
            | Command::Man
            | Command::ExplainCode(_)
            | Command::Schema { .. } => false,
        }
    }
}

/// `--lang`: one definition for every command with human-facing output (score, explain,
/// stats, sensitivity, scorecards). Commands whose output cannot change language (JSON and
/// CSV keys, diagnostics, schemas, scripts) refuse it: see `Lang` in the README.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct LangArgs {
    /// Language of headings, labels and names: en, zh or both (names from the definition's
    /// `name` and `name_zh`). Default: the compact English layout. Refused with --format
    /// json, whose keys never change.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<qbpc_index::output::Lang>,
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
#[command(mut_arg("lang", |a| a.help(
    "Table, XLSX and Markdown: language of headers, names and notes (en, zh or both). \
     Default: both in XLSX and Markdown; the table then keeps short English headers with \
     both names of each platform. Refused for CSV, JSON and Parquet, whose keys never change"
)))]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format: table, csv, json, xlsx, md or parquet (the CSV's table, typed). Default:
    /// from the --output extension, else table.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<qbpc_index::output::Format>,

    #[command(flatten)]
    pub lang: LangArgs,

    /// CSV: one row per platform x node at this level (item, indicator, dimension), or one
    /// row per free-text answer (text), instead of one row per platform.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<qbpc_index::output::Level>,

    #[command(flatten)]
    pub out: OutputArgs,

    /// Exit with code 1 when there are warnings (invalid answers, exclusions, missing data).
    #[arg(long)]
    pub strict: bool,

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

    /// Also write the run's manifest (tool version, definition and input SHA-256, options,
    /// counts, the numbers) as JSON to this file: what `qbpc-index verify` checks.
    #[arg(long, value_name = "PATH")]
    pub manifest: Option<PathBuf>,

    /// What-if weight for one run: the weight of a dimension, indicator or item (node:ID or
    /// item:ID when an id is both), instead of the definition's; repeatable. Recorded in the
    /// outputs' manifest.
    #[arg(long = "weight", value_name = "ID=WEIGHT")]
    pub weights: Vec<qbpc_index::whatif::WeightArg>,

    /// Print the scoring path that ran (columnar, platform-only or general, and why a fast
    /// path fell back) and the wall time of each stage (definition, read, screen, aggregate,
    /// publish, render, write) on standard error: where a large run spends its time.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub uncertainty: BootstrapArgs,

    #[command(flatten)]
    pub out: OutputArgs,

    /// Language of the report: en, zh or both.
    #[arg(long, value_name = "LANG", default_value = "both")]
    pub lang: qbpc_index::output::Lang,

    /// Withhold any score resting on fewer respondents than this.
    #[arg(long, value_name = "K", default_value_t = qbpc_index::output::privacy::DEFAULT_MIN_CELL,
          value_parser = clap::value_parser!(usize))]
    pub min_cell: usize,

    /// An earlier wave's result file (`score --format json`), for the trend section; repeat
    /// it oldest first (this run is the last wave). Without it there is no trend section.
    #[arg(long, value_name = "RESULT_JSON")]
    pub previous: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(mut_arg("lang", |a| a
    .help("Language of the scorecards: en, zh or both")
    .default_value("both")))]
#[command(mut_arg("output", |a| a
    .help("Directory for the scorecards (created if needed): PLATFORM.html and PLATFORM.md. \
           `--out DIR` (the old name) is accepted too")
    .value_name("DIR")
    .alias("out")
    .required(true)))]
pub struct ScorecardsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub uncertainty: BootstrapArgs,

    /// The directory (`-o/--output`, required here) and `--quiet`.
    #[command(flatten)]
    pub out: OutputArgs,

    #[command(flatten)]
    pub lang: LangArgs,

    /// Withhold any breakdown resting on fewer respondents than this.
    #[arg(long, value_name = "K", default_value_t = qbpc_index::output::privacy::DEFAULT_MIN_CELL,
          value_parser = clap::value_parser!(usize))]
    pub min_cell: usize,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Exit with code 1 on warnings too.
    #[arg(long)]
    pub strict: bool,

    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    /// What to write: xlsform, qualtrics, wjx, xlsx (response template), html or md.
    #[arg(short, long, value_name = "FORMAT", value_enum)]
    pub format: QuestionnaireFormat,

    /// Where to write it (standard output when absent or `-`).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Index definition (TOML). Default: ./qbpc-index.toml, else the embedded QBPC definition.
    #[arg(short, long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    /// Language of the form: both (default), zh or en (HTML, Markdown, the XLSX template's
    /// lists; Qualtrics: English unless zh). The XLSForm always carries both, the 问卷星 form is
    /// Chinese.
    #[arg(long, value_name = "LANG", value_enum, default_value_t = FormLang::Both)]
    pub lang: FormLang,
}

/// `questionnaire --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuestionnaireFormat {
    Xlsform,
    Qualtrics,
    Wjx,
    Xlsx,
    Html,
    Md,
}

impl QuestionnaireFormat {
    /// The name on the command line.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    }
}

/// `questionnaire --lang`: the languages a form is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormLang {
    Both,
    Zh,
    En,
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

    /// With --from: the header of the column that names the unit each row rates (a game, a
    /// shop, a platform the embedded list does not know), exactly as the file writes it. The
    /// draft sets `platform = "COLUMN"` and lists the column's distinct values as
    /// `[platforms.ID]`; without it, a unit column is only used when its header and values
    /// show it names platforms.
    #[arg(long, value_name = "COLUMN", requires = "from")]
    pub platform_column: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The survey export to inspect (.xlsx, .xls, .ods, .csv).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Index definition (TOML). Default: ./qbpc-index.toml, else the embedded QBPC definition.
    #[arg(short, long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// `score --bootstrap N`: uncertainty over respondents.
#[derive(Debug, Args)]
pub struct BootstrapArgs {
    /// Resample the respondents of each platform N times (e.g. 1000) and report percentile
    /// 95% intervals, 5th-95th percentile rank intervals and the probability of ranking first.
    #[arg(long, value_name = "N", value_parser = replicates)]
    pub bootstrap: Option<usize>,

    /// Random seed of --bootstrap: the same seed gives the same intervals.
    #[arg(long, value_name = "SEED", default_value_t = 1, requires = "bootstrap")]
    pub seed: u64,

    /// Threads for --bootstrap (default: one per core; results do not depend on it).
    #[arg(long, value_name = "N", requires = "bootstrap", value_parser = threads)]
    pub threads: Option<usize>,
}

/// Output of the commands that write a report for people or JSON (stats, sensitivity,
/// validate, inspect, verify). `table` is the human format's one name in every command;
/// `text` and `human`, its names in verify, inspect and validate before, stay accepted
/// (hidden) so that no script breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[value(alias = "text", alias = "human")]
    Table,
    Json,
}

/// Output of `explain`: as [`ReportFormat`], and Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    #[value(alias = "text", alias = "human")]
    Table,
    Json,
    Md,
}

/// Where a command's output goes and whether it keeps quiet on standard error: one definition
/// of `-o/--output` and `-q/--quiet` for score, explain, compare, report, stats, sensitivity
/// and scorecards (which asks for a directory).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Print no warning summary and no progress bar on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Number of perturbed runs.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = runs)]
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

    #[command(flatten)]
    pub lang: LangArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub lang: LangArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}

/// A count flag at most `max` (see `stats::limits` for why each cap is what it is).
fn count(s: &str, flag: &'static str, max: usize, unit: &'static str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|e| format!("{e}; {flag} takes a whole number up to {max}"))?;
    limits::at_most(flag, n, max, unit).map_err(|e| format!("{e}; {}", e.hint()))
}

fn replicates(s: &str) -> Result<usize, String> {
    count(s, "--bootstrap", limits::MAX_REPLICATES, "replicates")
}

fn runs(s: &str) -> Result<usize, String> {
    count(s, "--runs", limits::MAX_RUNS, "runs")
}

fn threads(s: &str) -> Result<usize, String> {
    count(s, "--threads", limits::MAX_THREADS, "threads")
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

/// Whether a command line asks for JSON output (`--format json`, `--format=json`, `-f json`,
/// `-fjson`), read from the raw arguments: what an argument error is printed as when clap
/// cannot parse the rest.
pub fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    args.iter().enumerate().any(|(i, a)| {
        matches!(*a, "--format=json" | "-fjson")
            || (matches!(*a, "--format" | "-f") && args.get(i + 1) == Some(&"json"))
    })
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
    fn the_human_format_has_one_name_and_the_same_hidden_aliases_everywhere() {
        use qbpc_index::output::{Format, TABLE_ALIASES};
        for value in [
            ReportFormat::Table.to_possible_value(),
            ExplainFormat::Table.to_possible_value(),
        ] {
            let value = value.unwrap();
            assert_eq!(value.get_name(), Format::Table.name());
            let aliases: Vec<&str> = value.get_name_and_aliases().skip(1).collect();
            assert_eq!(aliases, TABLE_ALIASES);
            for alias in TABLE_ALIASES {
                assert_eq!(alias.parse::<Format>(), Ok(Format::Table));
            }
        }
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

#[cfg(test)]
mod json_request_tests {
    use super::asks_for_json;

    fn asks(args: &[&str]) -> bool {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        asks_for_json(&args)
    }

    #[test]
    fn every_spelling_of_format_json_is_recognised() {
        assert!(asks(&["qbpc-index", "score", "x.csv", "--format", "json"]));
        assert!(asks(&["qbpc-index", "score", "--format=json", "x.csv"]));
        assert!(asks(&["qbpc-index", "validate", "-f", "json"]));
        assert!(asks(&["qbpc-index", "validate", "-fjson"]));
        assert!(!asks(&["qbpc-index", "score", "x.csv", "--format", "csv"]));
        assert!(!asks(&["qbpc-index", "score", "json"]));
        assert!(!asks(&["qbpc-index", "score", "x.csv", "--format"]));
    }
}
