//! The manifest of a run: what a published table needs to be rebuilt years later. The tool
//! and its version, the definition (SHA-256, or "embedded"), every input file (name, size,
//! SHA-256), the options that change numbers (bootstrap replicates and seed, weight overrides,
//! small-cell threshold, strict), the rows read and excluded, and the numbers themselves
//! (index, dimension and indicator scores and ranks per platform, and a SHA-256 over them,
//! the bootstrap and the data treatment). No wall-clock time: two runs give the same bytes.
//!
//! [`verify`] checks the recorded files and re-runs the scoring; see `qbpc-index verify`.

mod sha256;
mod verify;

pub use sha256::{sha256_file, sha256_hex};
pub use verify::{Change, Verification, verify};

use crate::definition::{self, DefinitionSource, Model};
use crate::pipeline::{self, RunFiles};
use crate::results::Results;
use crate::whatif::WeightOverride;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The source name under which a manifest records the `[respondents]` roster file (named by
/// the definition itself, not given on the command line).
pub const ROSTER_SOURCE: &str = "[respondents] roster";

/// Whether a recorded input is read by the definition itself (the roster, a reference wave of
/// fixed bounds: `[scales.<id>] bounds`), not given on the command line.
pub fn read_by_definition(source: &str) -> bool {
    source.starts_with('[')
}

/// Version of the manifest's layout.
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Manifest {
    pub manifest_version: u32,
    pub tool: Tool,
    /// The command that produced the numbers: score, report or scorecards.
    pub command: String,
    pub definition: DefinitionEntry,
    /// Every file read, in source order.
    pub inputs: Vec<InputFile>,
    pub options: Options,
    pub counts: Counts,
    pub numbers: Numbers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DefinitionEntry {
    /// "embedded" (the default definition built into the tool) or "file".
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    pub sha256: String,
    /// The definition's `format` key.
    #[serde(default)]
    pub format: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputFile {
    /// The definition's source that read it.
    pub source: String,
    /// The file name.
    pub name: String,
    /// The path as given (on the command line or in the definition).
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// The options that change numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Options {
    pub bootstrap: Option<usize>,
    pub seed: Option<u64>,
    pub weights: Vec<WeightOverride>,
    /// Reports and scorecards: scores resting on fewer respondents are withheld.
    pub min_cell: Option<usize>,
    pub strict: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counts {
    /// Data rows read from the survey files (submissions, or rows of long files).
    pub rows_read: usize,
    /// Submissions left out (duplicates, speeders ...; `--exclusions` lists them).
    pub rows_excluded: usize,
    pub platforms: usize,
    pub ranked: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Numbers {
    /// SHA-256 of the JSON of `platforms` below, the bootstrap results and the data
    /// treatment: any changed number changes it.
    pub sha256: String,
    pub platforms: IndexMap<String, PlatformNumbers>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlatformNumbers {
    pub status: String,
    pub respondents: usize,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    pub dimensions: IndexMap<String, NodeNumbers>,
    pub indicators: IndexMap<String, Option<f64>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NodeNumbers {
    pub score: Option<f64>,
    pub rank: Option<u32>,
}

/// Why a manifest cannot be made or read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path} to record it in the manifest: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Plan(#[from] pipeline::RunError),
    #[error("cannot render the manifest: {0}")]
    Json(#[from] serde_json::Error),
}

/// What a run was, for its manifest.
#[derive(Debug, Clone)]
pub struct RunRecord<'a> {
    pub command: &'a str,
    pub definition: &'a DefinitionSource,
    pub model: &'a Model,
    pub files: &'a RunFiles,
    pub options: Options,
}

impl Manifest {
    /// The manifest of a finished run.
    pub fn build(run: &RunRecord<'_>, results: &Results) -> Result<Manifest, ManifestError> {
        let mut inputs = pipeline::planned_files(run.model, run.files)?
            .into_iter()
            .map(|(source, path)| input_file(&source, &path))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(roster) = &run.model.roster {
            let path = Path::new(&roster.file);
            if path.is_file() {
                inputs.push(input_file(ROSTER_SOURCE, path)?);
            }
        }
        // The reference waves of fixed min-max bounds: their numbers are this run's bounds.
        for scale in &run.model.scales {
            if let definition::ScaleKind::Numeric(n) = &scale.kind
                && let Some(definition::FixedBounds {
                    from: definition::BoundsFrom::Wave { path, .. },
                    ..
                }) = n.bounds.as_deref()
            {
                inputs.push(input_file(&format!("[scales.{}] bounds", scale.id), path)?);
            }
        }
        Ok(Manifest {
            manifest_version: MANIFEST_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            command: run.command.into(),
            definition: definition_entry(run.definition)?,
            inputs,
            options: run.options.clone(),
            counts: Counts {
                rows_read: results.rows_read,
                rows_excluded: results.excluded_submissions.len(),
                platforms: results.platforms.len(),
                ranked: results
                    .platforms
                    .iter()
                    .filter(|p| p.rank.is_some())
                    .count(),
            },
            numbers: numbers(results)?,
        })
    }

    /// The manifest as (key, value) lines, for the XLSX sheet and the report appendix (the
    /// per-platform numbers are left to the JSON: the other sheets show them).
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![
            (
                "tool".into(),
                format!("{} {}", self.tool.name, self.tool.version),
            ),
            ("command".into(), self.command.clone()),
        ];
        let d = &self.definition;
        let format = d
            .format
            .map_or_else(String::new, |f| format!(", format {f}"));
        rows.push((
            "definition".into(),
            match (&d.path, d.size) {
                (Some(p), Some(size)) => format!("{p} ({size} bytes{format})"),
                _ => format!("embedded{format}"),
            },
        ));
        rows.push(("definition SHA-256".into(), d.sha256.clone()));
        for i in &self.inputs {
            rows.push((
                format!("input ({})", i.source),
                format!("{} ({} bytes)", i.path, i.size),
            ));
            rows.push((format!("input SHA-256 ({})", i.name), i.sha256.clone()));
        }
        let o = &self.options;
        let or_none = |v: Option<String>| v.unwrap_or_else(|| "none".into());
        rows.push((
            "bootstrap".into(),
            or_none(o.bootstrap.map(|n| n.to_string())),
        ));
        rows.push(("seed".into(), or_none(o.seed.map(|n| n.to_string()))));
        for w in &o.weights {
            rows.push((
                format!("weight override ({})", w.kind),
                format!("{}: {} instead of {}", w.id, w.weight, w.definition),
            ));
        }
        rows.push((
            "min cell".into(),
            or_none(o.min_cell.map(|n| n.to_string())),
        ));
        rows.push(("strict".into(), o.strict.to_string()));
        let c = &self.counts;
        rows.push(("rows read".into(), c.rows_read.to_string()));
        rows.push(("rows excluded".into(), c.rows_excluded.to_string()));
        rows.push((
            "platforms (ranked)".into(),
            format!("{} ({})", c.platforms, c.ranked),
        ));
        rows.push(("numbers SHA-256".into(), self.numbers.sha256.clone()));
        rows
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> Result<Vec<u8>, ManifestError> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// The side file of a CSV output: `results.csv` -> `results.manifest.json`.
pub fn side_file(output: &Path) -> PathBuf {
    output.with_extension("manifest.json")
}

fn read_error(path: &Path) -> impl FnOnce(std::io::Error) -> ManifestError + '_ {
    move |source| ManifestError::Read {
        path: path.display().to_string(),
        source,
    }
}

fn input_file(source: &str, path: &Path) -> Result<InputFile, ManifestError> {
    let (size, sha256) = sha256_file(path).map_err(read_error(path))?;
    Ok(InputFile {
        source: source.to_string(),
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        path: path.display().to_string(),
        size,
        sha256,
    })
}

/// The `format` key of a definition's text.
fn format_of(text: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(text).ok()?;
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get("format")?.as_integer()
}

fn definition_entry(source: &DefinitionSource) -> Result<DefinitionEntry, ManifestError> {
    Ok(match source {
        DefinitionSource::Embedded => DefinitionEntry {
            source: "embedded".into(),
            path: None,
            size: None,
            sha256: sha256_hex(definition::DEFAULT_TOML.as_bytes()),
            format: format_of(definition::DEFAULT_TOML.as_bytes()),
        },
        DefinitionSource::File(path) => {
            let bytes = std::fs::read(path).map_err(read_error(path))?;
            DefinitionEntry {
                source: "file".into(),
                path: Some(path.display().to_string()),
                size: Some(bytes.len() as u64),
                sha256: sha256_hex(&bytes),
                format: format_of(&bytes),
            }
        }
    })
}

/// The numbers of the results and their digest.
pub fn numbers(results: &Results) -> Result<Numbers, ManifestError> {
    let platforms: IndexMap<String, PlatformNumbers> = results
        .platforms
        .iter()
        .map(|p| {
            let numbers = PlatformNumbers {
                status: p.status.name().to_string(),
                respondents: p.respondents,
                score: p.score,
                rank: p.rank,
                dimensions: p
                    .dimensions
                    .iter()
                    .map(|(id, d)| {
                        (
                            id.to_string(),
                            NodeNumbers {
                                score: d.score,
                                rank: d.rank,
                            },
                        )
                    })
                    .collect(),
                indicators: p
                    .indicators
                    .iter()
                    .map(|(id, n)| (id.to_string(), n.score))
                    .collect(),
            };
            (p.id.clone(), numbers)
        })
        .collect();
    #[derive(Serialize)]
    struct Digested<'a> {
        platforms: &'a IndexMap<String, PlatformNumbers>,
        bootstrap: &'a Option<crate::results::BootstrapResults>,
        data_treatment: &'a [crate::results::TreatmentEntry],
        rows_excluded: usize,
    }
    let digested = serde_json::to_vec(&Digested {
        platforms: &platforms,
        bootstrap: &results.bootstrap,
        data_treatment: &results.data_treatment,
        rows_excluded: results.excluded_submissions.len(),
    })?;
    Ok(Numbers {
        sha256: sha256_hex(&digested),
        platforms,
    })
}

#[cfg(test)]
mod tests;
