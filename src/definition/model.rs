//! The index definition as written in TOML (format 1), with the span of every value that a
//! finding may need to point at. `compile` turns it into the resolved [`super::Model`].

use super::spanned::Spanned;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// A value kept as written, so that a wrong type becomes a located finding instead of a parse
/// failure that hides every other mistake (used for weights).
pub type Loose = Spanned<toml::Value>;

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct DefinitionFile {
    pub format: Option<Spanned<i64>>,
    pub platform_list: Option<Spanned<String>>,
    #[serde(default)]
    pub index: IndexMeta,
    #[serde(default)]
    pub quality: QualityDef,
    #[serde(default)]
    pub aggregation: AggregationDef,
    #[serde(default)]
    pub groups: IndexMap<String, Spanned<GroupDef>>,
    #[serde(default)]
    pub platforms: IndexMap<String, Spanned<PlatformDef>>,
    #[serde(default)]
    pub scales: IndexMap<String, Spanned<ScaleDef>>,
    #[serde(default)]
    pub dimensions: IndexMap<String, Spanned<NodeDef>>,
    #[serde(default)]
    pub indicators: IndexMap<String, Spanned<NodeDef>>,
    #[serde(default)]
    pub items: IndexMap<String, Spanned<ItemDef>>,
    #[serde(default)]
    pub sources: Vec<Spanned<SourceDef>>,
    /// Respondent identity across files (a roster of members).
    pub respondents: Option<Spanned<RespondentsDef>>,
}

/// `[respondents]`: the roster that makes one company one respondent in every export.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct RespondentsDef {
    /// Roster file (id, canonical_name, aliases), relative to the definition file.
    pub roster: Option<Spanned<String>>,
    /// How typed names are compared: "nfkc_casefold_trim" (default) or "exact".
    #[serde(rename = "match")]
    pub matching: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq, serde::Serialize, JsonSchema)]
pub struct IndexMeta {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub edition: String,
    /// Guidance for respondents printed at the top of the questionnaire (Chinese).
    /// Definition only: never written into results.
    #[serde(default, skip_serializing)]
    pub guidance: Option<String>,
    /// Guidance for respondents (English).
    #[serde(default, skip_serializing)]
    pub guidance_en: Option<String>,
    /// The nodes (dimensions or indicators, from any dimension) the index aggregates, with
    /// their own weights, instead of the dimensions with `in_index = true`. The dimensions
    /// are still scored, ranked and reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct QualityDef {
    /// "latest" (default) or "none".
    pub dedupe: Option<Spanned<String>>,
    /// Column holding the submission time; presets know their own.
    pub submitted_at: Option<Spanned<String>>,
    /// Column holding the completion time; presets know their own.
    pub duration: Option<Spanned<String>>,
    pub min_duration_s: Option<Spanned<f64>>,
    /// Speeders relative to the run: under this share of the median seconds per platform rated.
    pub min_duration_ratio: Option<Spanned<f64>>,
    /// Largest share of a file's submissions that deduplication may drop before the run stops
    /// (a wrong respondent column merges different people).
    pub max_duplicate_share: Option<Spanned<f64>>,
    /// Longest answer cell read, in characters (default 32,767, Excel's own limit).
    pub max_cell_chars: Option<Spanned<i64>>,
    /// UTC offset of timestamps written without one ("+08:00"); "+00:00" when absent.
    pub timezone: Option<Spanned<String>>,
    /// Straight-lining: "flag" (default), "exclude" or "off".
    pub straightline: Option<Spanned<String>>,
    /// Share of a submission's Likert/frequency answers that the longest run of identical
    /// answers must cover to count as straight-lining.
    pub straightline_share: Option<Spanned<f64>>,
    /// Fewer Likert/frequency answers than this are not judged.
    pub straightline_min_answers: Option<Spanned<i64>>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct AggregationDef {
    pub order: Option<Spanned<String>>,
    pub respondents: Option<Spanned<String>>,
    pub method: Option<Spanned<String>>,
    pub min_respondents: Option<Spanned<i64>>,
    pub min_coverage: Option<Spanned<f64>>,
    /// Share of the number of a node's children that must have a score (COINr's
    /// `dat_thresh`); 0 = any one child.
    pub min_children: Option<Spanned<f64>>,
    /// false: a missing child counts as the lowest score it can have (default true: weights
    /// renormalised over the children with a score).
    pub renormalise: Option<Spanned<bool>>,
    pub decimals: Option<Spanned<i64>>,
    pub rank_ties: Option<Spanned<String>>,
    /// "published" (default) | "unrounded": which values the ranks compare.
    pub rank_on: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct GroupDef {
    pub name: Option<String>,
    pub name_zh: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct PlatformDef {
    pub name: Option<String>,
    pub name_zh: Option<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub group: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct ScaleDef {
    /// ordinal | numeric | multi | text
    pub kind: Option<Spanned<String>>,
    /// Ordinal labels, worst first, spaced evenly on 0..100.
    pub labels: Option<Vec<Spanned<String>>>,
    /// Ordinal labels with explicit scores.
    pub scores: Option<IndexMap<String, Spanned<f64>>>,
    /// More spellings: spelling -> label (ordinal) or option code (multi).
    #[serde(default)]
    pub aliases: IndexMap<String, Spanned<String>>,
    /// Answers meaning "not applicable": excluded, never 0.
    #[serde(default)]
    pub na: Vec<Spanned<String>>,
    /// Numeric goalposts: `best` scores 100, `worst` 0, clamped between.
    pub best: Option<Spanned<f64>>,
    pub worst: Option<Spanned<f64>>,
    /// Unit words stripped before a number is parsed ("天", "days").
    #[serde(default)]
    pub units: Vec<String>,
    /// Words meaning "about" stripped before a number is parsed ("约", "about").
    #[serde(default)]
    pub approx: Vec<String>,
    /// Smallest accepted raw number (inclusive); smaller is invalid.
    pub min: Option<Spanned<f64>>,
    /// Largest accepted raw number (inclusive); larger is invalid.
    pub max: Option<Spanned<f64>>,
    /// Normalisation across platforms (platform-level numeric items).
    pub normalize: Option<Spanned<NormalizeDef>>,
    /// higher | lower: direction for `normalize`.
    pub better: Option<Spanned<String>>,
    /// Fill missing platform values before normalisation: mean | median | group-mean |
    /// group-median (opt-in).
    pub impute: Option<Spanned<String>>,
    /// Outlier treatment before normalisation: "winsorise" or
    /// `{ method = "winsorise", winmax = 5, skew = 2, kurt = 3.5, log_fallback = true }`.
    pub treat: Option<Spanned<NormalizeDef>>,
    /// Multi-select: option code -> points.
    pub options: Option<IndexMap<String, Spanned<f64>>>,
    /// Multi-select: points that give 100 (capped).
    pub full: Option<Spanned<f64>>,
    /// Multi-select: the option whose label carries a fill-in text ("其他〖...〗").
    pub other: Option<Spanned<String>>,
}

/// `normalize = "minmax"` or `normalize = { method = "zscore", mean = 50, sd = 10 }`.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum NormalizeDef {
    Method(String),
    Table(NormalizeTable),
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default, JsonSchema)]
pub struct NormalizeTable {
    pub method: String,
    /// `minmax` only: fixed bounds instead of the min and max over this run's platforms, so
    /// that a change between waves is a real change. A reference wave's result file (`score
    /// --format json`, relative to the definition file), whose bounds are used for each item
    /// of the scale (found by its id or its `previous`), or a table of item id -> [min, max].
    /// Values outside are clamped to [low, high] unless `truncate = false`.
    #[serde(default)]
    #[schemars(with = "Option<BoundsDef>")]
    pub bounds: Option<toml::Value>,
    #[serde(flatten)]
    #[schemars(with = "IndexMap<String, serde_json::Value>")]
    pub params: IndexMap<String, toml::Value>,
}

/// The two shapes of `bounds` (read by `scale_methods`, which locates each mistake).
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum BoundsDef {
    /// A reference wave's result file, relative to the definition file.
    Wave(String),
    /// Item id -> [min, max] in the item's units.
    Table(IndexMap<String, [f64; 2]>),
}

/// A dimension or an indicator.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct NodeDef {
    pub name: Option<String>,
    pub name_zh: Option<String>,
    #[schemars(with = "Option<f64>", range(min = 0.0))]
    pub weight: Option<Loose>,
    /// How this node combines its children (overrides `[aggregation] method`).
    pub method: Option<Spanned<String>>,
    /// Indicators: the dimension they belong to ...
    pub dimension: Option<Spanned<String>>,
    /// ... or the indicator they nest under.
    pub parent: Option<Spanned<String>>,
    /// Dimensions: false keeps the dimension out of the index (scored and reported only).
    pub in_index: Option<bool>,
    /// Override of `[aggregation] min_coverage` for this node.
    pub min_coverage: Option<Spanned<f64>>,
    /// The id this node had in the previous wave's definition (`compare` matches on it).
    pub previous: Option<Spanned<String>>,

    /// Override of `[aggregation] min_children` for this node.
    pub min_children: Option<Spanned<f64>>,
    /// Override of `[aggregation] renormalise` for this node.
    pub renormalise: Option<Spanned<bool>>,
    /// Guidance for respondents shown above this node's questions in the questionnaire
    /// (Chinese).
    pub guidance: Option<String>,
    /// Guidance for respondents (English).
    pub guidance_en: Option<String>,
    /// The nodes (dimensions or indicators, from anywhere in the tree except above this
    /// node) whose scores this node aggregates, with their own weights, instead of its own
    /// children. Its children are still scored and reported.
    pub over: Option<Spanned<Vec<Spanned<String>>>>,
    /// Pooling weights by a respondent attribute: `{ level = { group = 1, services = 1 } }`
    /// averages the answers of each value of column `level` first, then combines those means
    /// with these weights (renormalised over the values present). Applies to the survey items
    /// below the node (the nearest `pool` above an item wins).
    #[schemars(with = "Option<IndexMap<String, IndexMap<String, f64>>>")]
    pub pool: Option<Spanned<IndexMap<String, IndexMap<String, Loose>>>>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct ItemDef {
    pub indicator: Option<Spanned<String>>,
    pub dimension: Option<Spanned<String>>,
    pub scale: Option<Spanned<String>>,
    #[serde(default)]
    pub reverse: bool,
    #[schemars(with = "Option<f64>", range(min = 0.0))]
    pub weight: Option<Loose>,
    /// Which source reads it; "survey" by default.
    pub source: Option<Spanned<String>>,
    /// Question number (or "10-19" for one question per platform), in wide survey exports.
    pub question: Option<Spanned<QuestionRef>>,
    /// Column header in long layouts and platform files; defaults to the item id.
    pub column: Option<Spanned<String>>,
    /// Further header spellings of `column` (e.g. a Chinese header row).
    #[serde(default)]
    pub headers: Vec<String>,
    /// This item reads the same question or column as another item on purpose (the same
    /// answers counted under two parents); both items say so.
    #[serde(default)]
    pub column_shared: bool,
    /// Question wording (Chinese).
    pub text: Option<String>,
    /// Question wording (English).
    pub text_en: Option<String>,
    /// Guidance for respondents shown with this question in the questionnaire (Chinese): what
    /// N/A means here, what counts.
    pub guidance: Option<String>,
    /// Guidance for respondents (English).
    pub guidance_en: Option<String>,
    /// The id this item had in the previous wave's definition (`compare` matches on it).
    pub previous: Option<Spanned<String>>,
    /// Derived item: its value computed from other columns of the same row (platform files,
    /// long surveys) by an expression (`"50 + dq_points * freq_multiplier"`); it reads no
    /// column of its own.
    pub value: Option<Spanned<String>>,
    /// Gated item: counts only where another column of the row holds one of the listed
    /// values; elsewhere it is not applicable (skipped).
    pub when: Option<Spanned<WhenDef>>,
}

/// `when = { column = "status", in = ["always"] }`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct WhenDef {
    pub column: Option<Spanned<String>>,
    /// The values that open the gate (texts or numbers), matched as answers are (NFKC,
    /// trimmed, case-folded).
    #[serde(rename = "in")]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub values: Option<Vec<Spanned<toml::Value>>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum QuestionRef {
    Number(i64),
    Text(String),
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct SourceDef {
    pub id: Option<Spanned<String>>,
    /// survey | platform
    pub kind: Option<Spanned<String>>,
    /// auto | wjx-text | tidy | platform-table
    pub preset: Option<Spanned<String>>,
    /// wide | long
    pub layout: Option<Spanned<String>>,
    /// Relative to the definition file; `--source ID=PATH` overrides.
    pub path: Option<Spanned<String>>,
    pub sheet: Option<String>,
    /// Column (or question number, in wide exports) naming the respondent.
    pub respondent: Option<Spanned<String>>,
    /// Column naming the platform (long layouts and platform files).
    pub platform: Option<Spanned<String>>,
    /// Column holding a respondent weight (w_r); 1 when absent.
    pub weight: Option<Spanned<String>>,
    /// More columns that identify a respondent (contact, e-mail, phone ...): their values are
    /// redacted from every platform-facing output.
    pub identifying: Option<Vec<String>>,
    pub submitted_at: Option<String>,
    pub duration: Option<String>,
    /// Cell texts meaning "skipped by survey logic".
    pub skip: Option<Vec<String>>,
    /// Cell texts meaning "left unanswered".
    pub empty: Option<Vec<String>>,
    /// Separator of multi-select answers in one cell.
    pub multi_sep: Option<String>,
    /// Column header -> item id, for headers that differ from the item ids.
    #[serde(default)]
    pub columns: IndexMap<String, Spanned<String>>,
    // Preset values, each overriding the preset's own (see `PresetOverrides`).
    pub header_rows: Option<Spanned<i64>>,
    pub encoding: Option<Spanned<String>>,
    /// Field separator of text files: auto | comma | tab | semicolon | one character.
    pub delimiter: Option<Spanned<String>>,
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub skip_codes: Option<Vec<toml::Value>>,
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub empty_codes: Option<Vec<toml::Value>>,
    /// Scale id -> (answer code -> label), for option-index and score exports.
    #[serde(default)]
    pub codes: IndexMap<String, Spanned<IndexMap<String, String>>>,
    pub other_suffix: Option<String>,
    pub other_brackets: Option<Spanned<Vec<String>>>,
    pub letter_prefix: Option<bool>,
    pub started_at: Option<String>,
    pub date_order: Option<Spanned<String>>,
    /// UTC offset of this file's timestamps written without one (overrides [quality] timezone).
    pub timezone: Option<Spanned<String>>,
    pub duration_unit: Option<Spanned<String>>,
    pub drop: Option<Vec<Spanned<DropDef>>>,
    /// Loop & Merge: loop number -> platform id.
    #[serde(default)]
    pub loop_platforms: IndexMap<String, Spanned<String>>,
    pub title_platform: Option<Spanned<Vec<String>>>,
    pub platforms_question: Option<Spanned<i64>>,
    /// Column sub-label -> platform id or option code.
    #[serde(default)]
    pub sub_labels: IndexMap<String, String>,
    pub repeat_sheet: Option<String>,
}

/// `drop = [{ column = "Status", keep = ["IP Address"], reason = "preview" }]`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
pub struct DropDef {
    pub column: Option<String>,
    pub keep: Option<Vec<String>>,
    pub values: Option<Vec<String>>,
    pub reason: Option<String>,
}
