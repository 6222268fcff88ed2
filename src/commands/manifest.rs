//! The run manifest of `score` and `report`: built from the command's inputs and options and
//! attached to the results (JSON key, XLSX sheet, HTML appendix, CSV side file).

use crate::cli::{BootstrapArgs, InputArgs};
use qbpc_index::definition::{self, Model};
use qbpc_index::manifest::{Manifest, Options, RunRecord};
use qbpc_index::results::Results;
use qbpc_index::whatif::WeightOverride;

/// The options of a command that change numbers.
pub fn options(
    uncertainty: &BootstrapArgs,
    weights: Vec<WeightOverride>,
    min_cell: Option<usize>,
    strict: bool,
) -> Options {
    Options {
        bootstrap: uncertainty.bootstrap,
        seed: uncertainty.bootstrap.map(|_| uncertainty.seed),
        weights,
        min_cell,
        strict,
    }
}

/// Build the manifest of a finished run and attach it to its results.
pub fn attach(
    command: &str,
    input: &InputArgs,
    model: &Model,
    results: &mut Results,
    options: Options,
) -> anyhow::Result<()> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(input.index.as_deref(), &cwd);
    let files = super::paths::run_files(input);
    let run = RunRecord {
        command,
        definition: &source,
        model,
        files: &files,
        options,
    };
    let manifest = Manifest::build(&run, results)?;
    results.manifest = Some(manifest);
    Ok(())
}
