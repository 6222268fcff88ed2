//! Every file a run reads, for the check that no output of the run is one of them: the files
//! of the command line and those the definition names (source paths, the roster).

// Indexing is in range here: `s` is a source position from the Model.
#![allow(clippy::indexing_slicing)]

use super::{RunFiles, plan};
use crate::definition::Model;
use crate::output::RunFile;

/// The data files and the roster of a run, each with what it is for. A plan that cannot be
/// made (an unknown source id) fails later with its own error; its files are still listed.
pub fn input_files(model: &Model, files: &RunFiles) -> Vec<RunFile> {
    let mut out: Vec<RunFile> = files
        .surveys
        .iter()
        .map(|p| RunFile::new("survey", p))
        .chain(
            files
                .named
                .iter()
                .map(|(id, p)| RunFile::new(format!("--source {id}"), p)),
        )
        .collect();
    if let Ok(planned) = plan(model, files) {
        for (s, path) in planned {
            if !out.iter().any(|f| f.path == path) {
                out.push(RunFile::new(
                    format!("source {}", model.sources[s].id),
                    path,
                ));
            }
        }
    }
    if let Some(roster) = &model.roster {
        out.push(RunFile::new("roster", &roster.file));
    }
    out
}
