//! The resolved, validated definition that the pipeline stages read. Ids became indices,
//! defaults were applied, and every label is stored under its matching key.

use super::methods::{Impute, Normalize, Treatment};
use super::model::IndexMeta;
use std::collections::HashMap;

pub type PlatformIx = usize;
pub type ItemIx = usize;
pub type NodeIx = usize;
pub type ScaleIx = usize;

#[derive(Debug, Clone)]
pub struct Model {
    pub meta: IndexMeta,
    pub quality: QualityRules,
    pub aggregation: AggregationRules,
    pub groups: Vec<Group>,
    pub platforms: Vec<Platform>,
    /// match_key(alias or id or name) -> platform.
    pub platform_lookup: HashMap<String, PlatformIx>,
    pub scales: Vec<Scale>,
    /// Dimensions and indicators; `roots` lists the dimensions in definition order.
    pub nodes: Vec<Node>,
    pub roots: Vec<NodeIx>,
    pub items: Vec<Item>,
    pub sources: Vec<Source>,
    /// `[respondents]`: member roster applied after ingest (None: respondents as typed).
    pub roster: Option<crate::identity::Roster>,
    /// The file the definition came from ("<embedded default>" for the built-in one).
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QualityRules {
    pub dedupe_latest: bool,
    pub submitted_at: Option<String>,
    pub duration: Option<String>,
    pub min_duration_s: Option<f64>,
    /// Speeders relative to the run: under this share of the median seconds per platform rated.
    pub min_duration_ratio: Option<f64>,
    pub straightline: Straightline,
}

/// Straight-lining rule: the longest run of identical Likert/frequency answers of a submission
/// (in file order, before reverse keying) as a share of its Likert/frequency answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Straightline {
    pub action: StraightlineAction,
    pub min_share: f64,
    pub min_answers: usize,
}

impl Default for Straightline {
    fn default() -> Self {
        Straightline {
            action: StraightlineAction::Flag,
            min_share: 0.9,
            min_answers: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StraightlineAction {
    Off,
    /// A warning per straight-lined submission; it still counts.
    Flag,
    /// A warning, and the submission is excluded.
    Exclude,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolOrder {
    ItemsFirst,
    IndicatorsFirst,
    RespondentsFirst,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RespondentStat {
    Mean,
    Median,
    /// Share trimmed from each end, in [0, 0.5).
    TrimmedMean(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    Arithmetic,
    Geometric,
    Harmonic,
    /// Generalised (power) mean with exponent p (not 0): (sum w x^p / sum w)^(1/p).
    Power(f64),
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Arithmetic => "arithmetic",
            Method::Geometric => "geometric",
            Method::Harmonic => "harmonic",
            Method::Power(_) => "generalised",
        }
    }

    /// Whether a value <= 0 makes the mean undefined (geometric, harmonic, negative powers).
    pub fn needs_positive(self) -> bool {
        match self {
            Method::Arithmetic => false,
            Method::Geometric | Method::Harmonic => true,
            Method::Power(p) => p < 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AggregationRules {
    pub order: PoolOrder,
    pub respondents: RespondentStat,
    pub method: Method,
    pub min_respondents: usize,
    pub min_coverage: f64,
    pub decimals: u32,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Platform {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub group: Option<usize>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Scale {
    pub id: String,
    pub kind: ScaleKind,
    /// match_key of every NA spelling.
    pub na: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum ScaleKind {
    Ordinal(Ordinal),
    Numeric(Numeric),
    Multi(Multi),
    Text,
}

#[derive(Debug, Clone)]
pub struct Ordinal {
    /// match_key(label or alias) -> score on 0..100.
    pub scores: HashMap<String, f64>,
    /// The labels in definition order with their scores (for reports and `init`).
    pub labels: Vec<(String, f64)>,
    /// Extreme scores of the scale, for reverse keying: v' = (max + min) - v.
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone)]
pub struct Numeric {
    /// Goalposts (best, worst); None for values normalised across platforms.
    pub goalposts: Option<(f64, f64)>,
    pub normalize: Option<Normalize>,
    /// match_key of units and "about" words, longest first.
    pub strip: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Missing platform values filled before normalisation (opt-in).
    pub impute: Option<Impute>,
    /// Outlier treatment before normalisation (opt-in).
    pub treat: Option<Treatment>,
}

#[derive(Debug, Clone)]
pub struct Multi {
    /// Option codes in definition order with their points.
    pub options: Vec<(String, f64)>,
    /// match_key(code or alias) -> option position.
    pub lookup: HashMap<String, usize>,
    pub full: f64,
    /// Position of the option that carries a fill-in text.
    pub other: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Dimension,
    Indicator,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub kind: NodeKind,
    pub parent: Option<NodeIx>,
    pub weight: f64,
    pub method: Method,
    pub min_coverage: f64,
    /// Child indicators, in definition order.
    pub children: Vec<NodeIx>,
    /// Items directly under this node, in definition order.
    pub items: Vec<ItemIx>,
    /// Dimensions only: whether the dimension enters the index.
    pub in_index: bool,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub node: NodeIx,
    pub scale: ScaleIx,
    pub reverse: bool,
    pub weight: f64,
    /// Index into `Model::sources`.
    pub source: usize,
    pub question: Option<QuestionSel>,
    /// Header names that hold this item in long layouts and platform files (match keys).
    pub columns: Vec<String>,
    pub text: Option<String>,
    pub text_en: Option<String>,
}

/// Which wide-export question(s) hold an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionSel {
    /// One question; its columns are per platform (matrix rows).
    Number(u32),
    /// One question per platform, numbered first..=last; the platform is named in the title.
    Range(u32, u32),
}

impl QuestionSel {
    pub fn contains(&self, q: u32) -> bool {
        match *self {
            QuestionSel::Number(n) => n == q,
            QuestionSel::Range(a, b) => (a..=b).contains(&q),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Survey,
    Platform,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Detect from the headers.
    Auto,
    /// 问卷星 "按选项文本下载": wide, `N、题干—行` headers, `┋` multi-select, `(跳过)` / `(空)`.
    WjxText,
    /// One row per respondent x platform, columns named by item ids.
    Tidy,
    /// One row per platform (platform-level data).
    PlatformTable,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Auto => "auto",
            Preset::WjxText => "wjx-text",
            Preset::Tidy => "tidy",
            Preset::PlatformTable => "platform-table",
        }
    }

    /// The layout the preset implies (None: the file decides).
    pub fn layout(self) -> Option<Layout> {
        match self {
            Preset::WjxText => Some(Layout::Wide),
            Preset::Tidy => Some(Layout::Long),
            Preset::Auto | Preset::PlatformTable => None,
        }
    }

    pub const ALL: [Preset; 4] = [
        Preset::Auto,
        Preset::WjxText,
        Preset::Tidy,
        Preset::PlatformTable,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Wide,
    Long,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub kind: SourceKind,
    pub preset: Preset,
    /// None: the preset decides.
    pub layout: Option<Layout>,
    /// Resolved against the definition file's folder.
    pub path: Option<std::path::PathBuf>,
    pub sheet: Option<String>,
    pub respondent: Option<String>,
    pub platform: Option<String>,
    pub weight: Option<String>,
    pub submitted_at: Option<String>,
    pub duration: Option<String>,
    pub skip: Option<Vec<String>>,
    pub empty: Option<Vec<String>>,
    pub multi_sep: Option<String>,
    /// match_key(header) -> item, beyond the items' own column names.
    pub columns: HashMap<String, ItemIx>,
}

impl Model {
    pub fn source_ix(&self, id: &str) -> Option<usize> {
        self.sources.iter().position(|s| s.id == id)
    }

    pub fn platform_by_label(&self, label: &str) -> Option<PlatformIx> {
        self.platform_lookup
            .get(&crate::text::match_key(label))
            .copied()
    }

    /// Items read by the given source, in definition order.
    pub fn items_of_source(&self, source: usize) -> impl Iterator<Item = (ItemIx, &Item)> {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, it)| it.source == source)
    }

    /// Items below a node, at any depth, in definition order.
    pub fn items_under(&self, node: NodeIx) -> Vec<ItemIx> {
        let mut out = self.nodes[node].items.clone();
        for &c in &self.nodes[node].children {
            out.extend(self.items_under(c));
        }
        out.sort_unstable();
        out
    }

    /// The dimension (root node) above a node.
    pub fn dimension_of(&self, mut node: NodeIx) -> NodeIx {
        while let Some(p) = self.nodes[node].parent {
            node = p;
        }
        node
    }
}
