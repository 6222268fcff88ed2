//! The result tree of a scoring run: what every output format renders. Unrounded scores sit
//! next to their published (rounded) strings; ranks are computed on the published values.

use crate::definition::IndexMeta;
use crate::diagnostics::Diagnostic;
use indexmap::IndexMap;
use serde::Serialize;

pub mod bounds;
mod by_id;
mod record;
mod schema;
pub use bounds::BoundsRecord;
pub use by_id::{ById, Ids};
pub use record::{DefinitionRecord, ItemRecord, NodeRecord};
pub use schema::json_schema;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Results {
    #[schemars(extend("const" = crate::compare::SCHEMA_VERSION))]
    pub schema_version: u32,
    pub index: IndexMeta,
    /// Ranked platforms in rank order (ties in definition order), then the unranked ones.
    pub platforms: Vec<PlatformResult>,
    pub excluded_submissions: Vec<Exclusion>,
    pub diagnostics: Vec<Diagnostic>,
    /// Uncertainty over respondents (`score --bootstrap N`); null without it (every key of
    /// the JSON is always present, `null` where there is no value).
    pub bootstrap: Option<BootstrapResults>,
    /// Opt-in data treatment of platform-level values (imputation, outlier treatment), one
    /// entry per changed value (per item for a log transform); empty when nothing changed.
    pub data_treatment: Vec<TreatmentEntry>,
    /// Dimension ids in definition order with their names, for renderers.
    #[serde(skip)]
    pub dimension_names: Vec<NodeLabel>,
    /// Publication precision (decimals) used for `*_display` strings.
    #[serde(skip)]
    pub decimals: u32,
    /// Data rows read from the survey files (submissions, or rows of long files).
    #[serde(skip)]
    pub rows_read: usize,
    /// How to rebuild these numbers (tool, definition and input hashes, options, counts):
    /// set by the commands that write machine-readable outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<crate::manifest::Manifest>,
}

/// How much of the result tree a run builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Everything: every platform's item results too (JSON, XLSX, reports, scorecards).
    #[default]
    Full,
    /// Without the per-item results and the free-text answers (`PlatformResult::items` and
    /// `texts` empty): what the ranking tables show (terminal table, wide CSV, Markdown). A
    /// run of 10,000 units x 60 indicators skips 600,000 entries it would not print, a
    /// million-row survey the redaction of 200,000 answers.
    Summary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeLabel {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub in_index: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Scored and ranked.
    Ranked,
    /// Scored, but fewer respondents than `min_respondents`: no rank.
    Insufficient,
    /// No index score could be computed (no data, or coverage too low).
    NoScore,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ranked => "ranked",
            Status::Insufficient => "insufficient",
            Status::NoScore => "no_score",
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformResult {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub group: Option<String>,
    pub status: Status,
    /// Why the platform is not ranked (None when ranked).
    pub status_reason: Option<String>,
    /// Distinct respondents with at least one score for the platform.
    pub respondents: usize,
    /// Unrounded index score.
    pub score: Option<f64>,
    /// Published (rounded) index score.
    pub score_display: Option<String>,
    pub rank: Option<u32>,
    pub group_rank: Option<u32>,
    pub dimensions: ById<NodeResult>,
    pub indicators: ById<NodeResult>,
    pub items: ById<ItemResult>,
    /// Free-text answers about the platform per text item (item id -> answers), sorted and
    /// without respondent identities (and with any respondent's name in them redacted), so
    /// that neither the order nor the text ties an answer to a member. Empty: `{}`.
    pub texts: IndexMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NodeResult {
    pub score: Option<f64>,
    pub score_display: Option<String>,
    /// Rank on the published value among the platforms with a score at this node, whether or
    /// not they have an index score (COINr's ranks of every aggregate); null without a score
    /// here, or with fewer respondents than `min_respondents`.
    pub rank: Option<u32>,
    /// Distinct respondents with at least one score under this node.
    pub respondents: usize,
    /// Share of the children's weight that had a score.
    pub coverage: f64,
    /// Why there is no score, when there is none.
    pub missing_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ItemResult {
    /// Platform score of the item on 0..100 (after reverse keying / normalisation).
    pub score: Option<f64>,
    /// Respondents with a score (for platform-level items: 1 when the value is present).
    pub n: usize,
    pub na: usize,
    pub no_answer: usize,
    pub invalid: usize,
    pub skipped: usize,
    /// Platform-level items: the raw value before normalisation.
    pub raw: Option<f64>,
    pub missing_reason: Option<String>,
}

/// A submission left out of the scores, and why.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Exclusion {
    pub source: String,
    pub file: String,
    pub row: usize,
    pub respondent: String,
    pub platform: Option<String>,
    /// duplicate | speeder | unknown-platform | no-respondent
    pub reason: String,
    pub detail: String,
}

/// A platform-level value changed before normalisation, and why.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TreatmentEntry {
    pub item: String,
    /// None: every platform's value of the item (a log transform).
    pub platform: Option<String>,
    /// imputed | winsorised | log-transformed
    pub action: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub detail: String,
}

/// `score --bootstrap N --seed S`: respondents resampled with replacement within each platform
/// and the scoring rerun on every replicate (see `stats::bootstrap`).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct BootstrapResults {
    pub replicates: usize,
    pub seed: u64,
    /// Coverage of the score intervals: 0.95 is the 2.5th to 97.5th percentile.
    pub level: f64,
    /// Percentiles of the rank interval: [5, 95].
    pub rank_percentiles: [f64; 2],
    /// Per platform id, in the order of `Results::platforms`.
    pub platforms: IndexMap<String, PlatformBootstrap>,
}

/// The bootstrap summary of one platform: the index and each dimension (definition order).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct PlatformBootstrap {
    pub index: Option<Uncertainty>,
    pub dimensions: IndexMap<String, Uncertainty>,
    /// The replicate scores themselves (replicate k at position k; null where a replicate
    /// left the node without a score): what `compare` needs for the interval of a change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws: Option<Draws>,
}

/// Replicate scores of the index and of each dimension, in replicate order.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Draws {
    pub index: Vec<Option<f64>>,
    pub dimensions: IndexMap<String, Vec<Option<f64>>>,
}

/// How sure a score and its rank are, over the bootstrap replicates.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Uncertainty {
    /// Percentile interval of the unrounded score (format with `Results::decimals`).
    pub low: f64,
    pub high: f64,
    /// Rank interval (5th to 95th percentile of the replicate ranks); ranked platforms only.
    pub rank_low: Option<u32>,
    pub rank_high: Option<u32>,
    /// Share of replicates in which the platform ranks first (ties included); ranked only.
    pub p_first: Option<f64>,
    /// Replicates in which the score exists (a resample can leave a node without data).
    pub replicates_scored: usize,
    /// Ranked platforms whose score interval overlaps this one: not significantly different.
    pub not_different_from: Vec<String>,
}
