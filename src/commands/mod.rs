//! One file per subcommand; each parses nothing and scores nothing: it calls the library and
//! renders. This module maps outcomes to exit codes and errors to messages.

/// `eprintln!` that cannot panic: with standard error closed (`2>&1 | head -3`) the line is
/// lost and the command goes on, so that its output files are still written.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod error_json;

mod compare;
mod explain;
mod explain_code;
mod findings;
mod init;
mod inspect;
mod manifest;
mod paths;
mod questionnaire;
mod report;
mod schema;
mod score;
mod scorecards;
mod sensitivity;
mod shell;
mod stats;
mod uncertainty;
mod validate;
mod verify;

use crate::cli::Command;
use qbpc_index::diagnostics::{ErrorCode, Location};
use std::process::ExitCode;

/// What a command ends with (its exit status): 0 success, 1 findings, 2 usage or runtime error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Findings,
    Error,
}

impl From<Outcome> for ExitCode {
    fn from(s: Outcome) -> ExitCode {
        ExitCode::from(match s {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        })
    }
}

pub fn run(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Score(args) => score::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Init(args) => init::run(args),
        Command::Questionnaire(args) => questionnaire::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Report(args) => report::run(args),
        Command::Scorecards(args) => scorecards::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
        Command::ExplainCode(args) => explain_code::run(args),
        Command::Schema { which } => schema::run(which),
    }
}

/// A failure with a hint for the user (shown after the message and its causes), and for
/// `--format json` a stable code and the place it is about.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    pub message: String,
    pub hint: Option<String>,
    pub code: Option<ErrorCode>,
    pub location: Option<Location>,
}

pub fn hinted(message: impl Into<String>, hint: Option<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        message: message.into(),
        hint,
        code: None,
        location: None,
    })
}

/// [`hinted`] with a code and a location.
pub fn coded(
    code: ErrorCode,
    message: impl Into<String>,
    hint: Option<String>,
    location: Option<Location>,
) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        message: message.into(),
        hint,
        code: Some(code),
        location,
    })
}

/// `--lang` with an output whose wording never changes (JSON keys, CSV headers): a usage
/// error naming the outputs that honour it, rather than a language silently ignored.
pub fn refuse_lang(
    lang: Option<qbpc_index::output::Lang>,
    format: &str,
    honoured: &str,
    choose: &str,
) -> anyhow::Result<()> {
    match lang {
        None => Ok(()),
        Some(lang) => Err(hinted(
            format!("--lang {lang} applies to {honoured}, not {format}"),
            Some(format!(
                "{format} keeps the same keys in every language: drop --lang, or choose --format {choose}"
            )),
        )),
    }
}

/// A run that stopped, with its code and the file it is about.
pub fn run_error(e: qbpc_index::pipeline::RunError) -> anyhow::Error {
    coded(
        e.code(),
        e.to_string(),
        e.hint(),
        e.file().map(Location::file),
    )
}

/// `error: message`, the chain of causes, then the hint.
pub fn report_error(err: &anyhow::Error) {
    say!("error: {err}");
    for cause in err.chain().skip(1) {
        say!("  caused by: {cause}");
    }
    if let Some(h) = error_json::hint(err) {
        say!("  hint: {h}");
    }
}

/// `{"error": {...}}` on standard output, for commands run with `--format json`.
pub fn report_error_json(err: &anyhow::Error) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", error_json::render(err));
    let _ = out.flush();
}

/// A command line that cannot be parsed, as the JSON error of [`report_error_json`] (code
/// `usage`), from clap's rendered message.
pub fn report_usage_error_json(rendered: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", error_json::render_usage(rendered));
    let _ = out.flush();
}

pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
