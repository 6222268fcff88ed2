//! The `qbpc-index` binary: parse arguments, run one command, map the outcome to an exit code.

mod cli;
mod commands;
mod help;

use clap::Parser;
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
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

/// A command line clap cannot parse: its message on standard error as clap writes it (help and
/// version requests are printed and succeed), and with `--format json` the same error as
/// JSON on standard output (code `usage`), so a script reading standard output gets JSON either
/// way.
fn usage_error(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    if !err.use_stderr() {
        return ExitCode::SUCCESS;
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    if cli::asks_for_json(&args) {
        commands::report_usage_error_json(&err.render().to_string());
    }
    commands::Outcome::Error.into()
}
