//! One harness for the byte-identity of the scoring paths (shared by the `cli` and `lib` test
//! binaries): `pipeline::run_for` / the CLI choose the columnar or the platform-only path when a
//! run is eligible (`pipeline::choose`), and `QBPC_GENERAL_PATH` / `pipeline::run_general` force
//! the general path. Every path runs on the same inputs and must give the same bytes.
//!
//! The two cover every path a run is eligible for: the fast strategies exclude each other
//! (columnar needs a survey file, platform-only has none), so a run is eligible for at most
//! one of them, which [`ScoringPath::Chosen`] takes, and for the general path.

use qbpc_index::definition::Model;
use qbpc_index::diagnostics::Diagnostic;
use qbpc_index::pipeline::{self, RunError, RunFiles};
use qbpc_index::results::{Detail, Results};

/// A scoring path a test can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoringPath {
    /// The path the pipeline chooses itself (columnar or platform-only when eligible).
    Chosen,
    /// The general path, forced (`QBPC_GENERAL_PATH=1` / `pipeline::run_general`).
    General,
}

impl ScoringPath {
    /// The general path when `general`, else the chosen one.
    pub fn general_if(general: bool) -> Self {
        if general { Self::General } else { Self::Chosen }
    }
}

/// Every path, the chosen one first.
pub const EVERY_PATH: [ScoringPath; 2] = [ScoringPath::Chosen, ScoringPath::General];

/// Runs `run` on every path and asserts the outputs are byte-identical; returns the output of
/// the chosen path. On a difference, shows a few lines around the first differing line.
pub fn assert_paths_agree(what: &str, mut run: impl FnMut(ScoringPath) -> Vec<u8>) -> Vec<u8> {
    let chosen = run(ScoringPath::Chosen);
    for path in EVERY_PATH.into_iter().skip(1) {
        let other = run(path);
        if other != chosen {
            let (a, b) = (
                String::from_utf8_lossy(&chosen),
                String::from_utf8_lossy(&other),
            );
            let line = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
            let show = |s: &str| {
                s.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{what}: the chosen path and the {path:?} path differ at line {line}:\n\
                 --- chosen\n{}\n--- {path:?}\n{}",
                show(&a),
                show(&b)
            );
        }
    }
    chosen
}

/// The library's run on the given path: `pipeline::run_for` (which chooses) or the general
/// path asked for (`pipeline::run_general`), checked to be the one that ran.
pub fn run_on(
    path: ScoringPath,
    model: &Model,
    files: &RunFiles,
    findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Results, RunError> {
    match path {
        ScoringPath::Chosen => pipeline::run_for(model, files, findings, detail),
        ScoringPath::General => {
            let files = RunFiles {
                path: pipeline::ScoringPath::General,
                ..files.clone()
            };
            let (results, ran) = pipeline::run_traced(model, &files, findings, detail)?;
            // The reference must really be the general path, or the comparison proves nothing.
            assert_eq!(ran.strategy, pipeline::Strategy::General, "{ran}");
            Ok(results)
        }
    }
}

/// The library's results on every path, as pretty JSON (or the error's message), asserted
/// byte-identical; returns the chosen path's text.
pub fn assert_run_paths_agree(
    what: &str,
    model: &Model,
    files: &RunFiles,
    findings: &[Diagnostic],
    detail: Detail,
) -> String {
    let bytes = assert_paths_agree(what, |path| {
        match run_on(path, model, files, findings.to_vec(), detail) {
            Ok(results) => serde_json::to_string_pretty(&results).expect("results serialise"),
            Err(e) => format!("error: {e}"),
        }
        .into_bytes()
    });
    String::from_utf8(bytes).expect("UTF-8 JSON")
}
