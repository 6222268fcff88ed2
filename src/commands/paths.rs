//! The files a command reads and writes, gathered from its arguments for the library's output
//! checks: before anything is read, no output may be a file of the command line and every
//! output must be writable; once the definition is loaded (it names the roster and may name
//! data files), no output may be one of those either. Nothing is written before both.

use crate::cli::InputArgs;
use qbpc_index::definition::{self, DefinitionSource, Model};
use qbpc_index::diagnostics::Diagnostic;
use qbpc_index::output::{self, RunFile, same_file};
use qbpc_index::pipeline::{self, RunFiles};
use std::path::Path;

/// The inputs named on the command line, and the definition file as it is located.
pub fn command_line_inputs(input: &InputArgs, definition: &DefinitionSource) -> Vec<RunFile> {
    let mut files: Vec<RunFile> = input
        .surveys
        .iter()
        .map(|p| RunFile::new("survey", p))
        .chain(
            input
                .sources
                .iter()
                .map(|(id, p)| RunFile::new(format!("--source {id}"), p)),
        )
        .collect();
    if let DefinitionSource::File(p) = definition {
        files.push(RunFile::new("definition", p));
    }
    files
}

/// Before anything is read: outputs against the command line's inputs, then a probe of each
/// output file (and of the `--out` directory).
pub fn check_early(
    outputs: &[RunFile],
    inputs: &[RunFile],
    dir: Option<&Path>,
) -> anyhow::Result<()> {
    same_file::check(outputs, inputs)?;
    output::probe_all(outputs.iter().map(|o| o.path.as_path()))?;
    if let Some(d) = dir {
        output::probe_dir(d).map_err(|e| {
            super::coded(
                qbpc_index::diagnostics::ErrorCode::WriteFailed,
                format!("cannot create the directory {}: {e}", d.display()),
                Some("give a directory you can write to with --out".into()),
                Some(qbpc_index::diagnostics::Location::file(
                    d.display().to_string(),
                )),
            )
        })?;
    }
    Ok(())
}

/// Locate and load the definition between the two output checks: how every command that
/// reads [`InputArgs`] and writes files starts.
/// The run's files from the command line, and its scoring path: the fastest it is eligible
/// for, or the general path alone when `QBPC_GENERAL_PATH` is set (tests and benchmarks
/// compare the paths with it). The only place the environment chooses a path.
pub fn run_files(input: &InputArgs) -> RunFiles {
    RunFiles {
        surveys: input.surveys.clone(),
        named: input.sources.clone(),
        path: if std::env::var_os("QBPC_GENERAL_PATH").is_some() {
            pipeline::ScoringPath::General
        } else {
            pipeline::ScoringPath::Auto
        },
    }
}

pub fn load_checked(
    input: &InputArgs,
    outputs: &[RunFile],
    dir: Option<&Path>,
) -> anyhow::Result<(Model, Vec<Diagnostic>)> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(input.index.as_deref(), &cwd);
    check_early(outputs, &command_line_inputs(input, &source), dir)?;
    let (model, found) = load_definition(&source)?;
    check_run(outputs, input, &model)?;
    Ok((model, found))
}

/// The located definition with its roster read (the roster is read by the ingest stage, after
/// the definition compiles); an invalid one prints its findings. Every command loads its
/// definition here.
pub fn load_definition(source: &DefinitionSource) -> anyhow::Result<(Model, Vec<Diagnostic>)> {
    qbpc_index::identity::load(source).map_err(super::findings::definition_error)
}

/// Once the definition is loaded: outputs against every file the run will read (the
/// command line's, the definition, and the files the definition names).
pub fn check_run(outputs: &[RunFile], input: &InputArgs, model: &Model) -> anyhow::Result<()> {
    let files = run_files(input);
    let mut inputs = pipeline::input_files(model, &files);
    let cwd = std::env::current_dir()?;
    if let DefinitionSource::File(p) = definition::locate(input.index.as_deref(), &cwd) {
        inputs.push(RunFile::new("definition", p));
    }
    same_file::check(outputs, &inputs)?;
    Ok(())
}

/// The output flags that were given, each with its name.
pub fn outputs<'a>(given: impl IntoIterator<Item = (&'a str, Option<&'a Path>)>) -> Vec<RunFile> {
    given
        .into_iter()
        .filter_map(|(role, p)| p.map(|p| RunFile::new(role, p)))
        .collect()
}
