//! The `qbpc-index` binary: parse arguments, run one command, map the outcome to an exit code.

mod cli;
mod commands;
mod help;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let mut limits = qbpc_index::ingest::Limits::default();
    for assignment in &cli.limits {
        // Each was checked by clap (`cli::parse_limit`).
        let _ = limits.apply(assignment);
    }
    qbpc_index::ingest::set_limits(limits);
    let json = cli.command.json_errors();
    match commands::run(cli.command) {
        Ok(status) => status.into(),
        Err(err) => {
            if commands::is_broken_pipe(&err) {
                // `qbpc-index score ... | head` is a success, not an error.
                return ExitCode::SUCCESS;
            }
            commands::report_error(&err);
            if json {
                commands::report_error_json(&err);
            }
            commands::Outcome::Error.into()
        }
    }
}
