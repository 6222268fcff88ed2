//! One wave: a result file written by `score --format json`, read back with only what
//! `compare` needs (unknown keys are ignored, so later additions to the result file do not
//! break it).

use super::CompareError;
use crate::definition::IndexMeta;
use crate::results::DefinitionRecord;
use indexmap::IndexMap;
use serde::Deserialize;

/// The result schema `compare` reads.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct Wave {
    /// The file as named on the command line.
    pub file: String,
    pub data: ResultFile,
    /// The items' min-max bounds in this wave (recorded fixed bounds, or the raw range).
    pub bounds: crate::results::bounds::BoundsView,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ResultFile {
    pub schema_version: u32,
    #[serde(default)]
    pub index: IndexMeta,
    pub platforms: Vec<PlatformIn>,
    #[serde(default)]
    pub bootstrap: Option<BootstrapIn>,
    /// Absent in files written before `compare` existed (and by the library without the
    /// definition at hand).
    #[serde(default)]
    pub definition: Option<DefinitionRecord>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlatformIn {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub score_display: Option<String>,
    #[serde(default)]
    pub rank: Option<u32>,
    /// Respondents behind the index score (0: platform-level data); None in files without it.
    #[serde(default)]
    pub respondents: Option<usize>,
    #[serde(default)]
    pub dimensions: IndexMap<String, NodeIn>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NodeIn {
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub score_display: Option<String>,
    #[serde(default)]
    pub rank: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BootstrapIn {
    pub replicates: usize,
    pub seed: u64,
    pub level: f64,
    #[serde(default)]
    pub platforms: IndexMap<String, PlatformBootIn>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlatformBootIn {
    #[serde(default)]
    pub index: Option<IntervalIn>,
    #[serde(default)]
    pub dimensions: IndexMap<String, IntervalIn>,
    #[serde(default)]
    pub draws: Option<DrawsIn>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct IntervalIn {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DrawsIn {
    #[serde(default)]
    pub index: Vec<Option<f64>>,
    #[serde(default)]
    pub dimensions: IndexMap<String, Vec<Option<f64>>>,
}

impl Wave {
    /// Reads a result file's text; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Wave, CompareError> {
        // The version first, so that a file of another version says so instead of failing
        // on a missing key.
        let probe: serde_json::Value =
            serde_json::from_str(text).map_err(|source| CompareError::NotJson {
                file: file.to_string(),
                source,
            })?;
        let version = probe
            .get("schema_version")
            .and_then(serde_json::Value::as_u64);
        match version {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(v) => {
                return Err(CompareError::Schema {
                    file: file.to_string(),
                    found: v,
                });
            }
            None => {
                return Err(CompareError::NotAResult {
                    file: file.to_string(),
                    detail: "it has no schema_version".into(),
                });
            }
        }
        let bounds = crate::results::bounds::BoundsView::from_value(&probe);
        let data: ResultFile =
            serde_json::from_value(probe).map_err(|e| CompareError::NotAResult {
                file: file.to_string(),
                detail: e.to_string(),
            })?;
        Ok(Wave {
            file: file.to_string(),
            data,
            bounds,
        })
    }

    /// The wave of a run at hand (the report's own run): its results as `score --format json`
    /// writes them, read back as a result file is read. `file` names it.
    pub fn from_report(
        file: &str,
        report: &crate::output::Report<'_>,
    ) -> Result<Wave, CompareError> {
        use crate::output::Exporter;
        let bytes = crate::output::JsonExporter
            .render_report(report)
            .map_err(|e| CompareError::NotAResult {
                file: file.to_string(),
                detail: e.to_string(),
            })?;
        Wave::from_json(file, &String::from_utf8_lossy(&bytes))
    }

    pub fn platform(&self, id: &str) -> Option<&PlatformIn> {
        self.data.platforms.iter().find(|p| p.id == id)
    }

    /// Publication precision: recorded in the definition, else read off the published
    /// strings ("71.2": 1), else 1.
    pub fn decimals(&self) -> u32 {
        if let Some(d) = &self.data.definition {
            return d.decimals;
        }
        self.data
            .platforms
            .iter()
            .find_map(|p| p.score_display.as_deref())
            .map_or(1, |s| s.split_once('.').map_or(0, |(_, f)| f.len() as u32))
    }

    /// The dimension ids in definition order (from the record, else from the platforms).
    pub fn dimensions(&self) -> Vec<String> {
        if let Some(d) = &self.data.definition {
            return d
                .nodes
                .iter()
                .filter(|n| n.kind == "dimension")
                .map(|n| n.id.clone())
                .collect();
        }
        let mut out: Vec<String> = Vec::new();
        for p in &self.data.platforms {
            for d in p.dimensions.keys() {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
        out
    }
}
