//! One file per subcommand; each parses nothing and scores nothing: it calls the library and
//! renders. This module maps outcomes to exit codes and errors to messages.

mod compare;
mod explain;
mod findings;
mod init;
mod inspect;
mod manifest;
mod report;
mod score;
mod scorecards;
mod sensitivity;
mod stats;
mod uncertainty;
mod validate;
mod verify;

use crate::cli::Command;
use std::process::ExitCode;

/// Exit status of a command: 0 success, 1 findings, 2 usage or runtime error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    Findings,
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Success => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

pub fn run(command: Command) -> anyhow::Result<Status> {
    match command {
        Command::Score(args) => score::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Init(args) => init::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Report(args) => report::run(args),
        Command::Scorecards(args) => scorecards::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Verify(args) => verify::run(args),
    }
}

/// A failure with a hint for the user (shown after the message and its causes).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    pub message: String,
    pub hint: Option<String>,
}

pub fn hinted(message: impl Into<String>, hint: Option<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        message: message.into(),
        hint,
    })
}

/// `error: message`, the chain of causes, then the hint.
pub fn report_error(err: &anyhow::Error) {
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    if let Some(h) = err
        .chain()
        .find_map(|e| e.downcast_ref::<Hinted>())
        .and_then(|h| h.hint.as_ref())
    {
        eprintln!("  hint: {h}");
    }
}

pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
