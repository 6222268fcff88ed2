//! The resolved, validated definition that the pipeline stages read. Ids became indices,
//! defaults were applied, and every label is stored under its matching key.

// Indexing is in range here: node ixs are Model cross-references (children/parent) that compile
// checks.
#![allow(clippy::indexing_slicing)]

use super::methods::{Impute, Normalise, Treatment};
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
    /// `[index] over`: the nodes the index aggregates instead of the in-index dimensions.
    pub index_over: Option<Vec<NodeIx>>,
    /// Every node after the parts it aggregates (children, or its `over` list): the order in
    /// which the nodes of one platform are evaluated.
    pub order: Vec<NodeIx>,
    /// The respondent attribute columns named by `pool` rules (as written, distinct by match
    /// key); `Submission::attributes` holds one value per column, in this order.
    pub pool_columns: Vec<String>,
    pub items: Vec<Item>,
    pub sources: Vec<Source>,
    /// `[respondents]`: member roster applied after ingest (None: respondents as typed).
    pub roster: Option<super::roster::Roster>,
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
    /// Largest share of a file's submissions that deduplication may drop (default 0.2): more
    /// stops the run, since a respondent column that merges different people looks like this.
    pub max_duplicate_share: f64,
    /// Longest answer cell read, in characters; longer ones are invalid answers.
    pub max_cell_chars: usize,
    /// Seconds east of UTC of timestamps written without an offset.
    pub utc_offset_s: i64,
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

impl PoolOrder {
    /// Every order, in the order the definition's error messages list them.
    pub const ALL: [PoolOrder; 3] = [
        PoolOrder::ItemsFirst,
        PoolOrder::IndicatorsFirst,
        PoolOrder::RespondentsFirst,
    ];

    /// The order's one name: `[aggregation] order`, the methodology and the result files.
    pub const fn name(self) -> &'static str {
        match self {
            PoolOrder::ItemsFirst => "items-first",
            PoolOrder::IndicatorsFirst => "indicators-first",
            PoolOrder::RespondentsFirst => "respondents-first",
        }
    }

    /// The order of a name; None when unknown.
    pub fn from_name(name: &str) -> Option<PoolOrder> {
        PoolOrder::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The names of [`PoolOrder::ALL`].
    pub fn names() -> Vec<&'static str> {
        PoolOrder::ALL.map(PoolOrder::name).to_vec()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RespondentStat {
    Mean,
    Median,
    /// Share trimmed from each end, in [0, 0.5).
    TrimmedMean(f64),
}

impl RespondentStat {
    /// Every statistic, the trimmed mean with the share of its example, in the order the
    /// definition's error messages list them.
    pub const ALL: [RespondentStat; 3] = [
        RespondentStat::Mean,
        RespondentStat::Median,
        RespondentStat::TrimmedMean(0.1),
    ];

    /// The statistic as the definition writes it (`trimmed-mean:0.1`); [`RespondentStat::parse`]
    /// reads it back.
    pub fn spec(self) -> String {
        match self {
            RespondentStat::Mean => "mean".to_string(),
            RespondentStat::Median => "median".to_string(),
            RespondentStat::TrimmedMean(t) => format!("trimmed-mean:{t}"),
        }
    }

    /// The specs of [`RespondentStat::ALL`]: the choices of an unknown-statistic error.
    pub fn choices() -> Vec<String> {
        RespondentStat::ALL.map(RespondentStat::spec).to_vec()
    }

    /// A statistic from its spec; None when unknown or the share is outside [0, 0.5).
    pub fn parse(spec: &str) -> Option<RespondentStat> {
        if let Some(share) = spec.strip_prefix("trimmed-mean:") {
            let share: f64 = share.trim().parse().ok()?;
            return (0.0..0.5)
                .contains(&share)
                .then_some(RespondentStat::TrimmedMean(share));
        }
        RespondentStat::ALL
            .into_iter()
            .filter(|s| !matches!(s, RespondentStat::TrimmedMean(_)))
            .find(|s| s.spec() == spec)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    Arithmetic,
    Geometric,
    Harmonic,
    /// Generalised (power) mean with exponent p (not 0): (sum w x^p / sum w)^(1/p).
    Power(f64),
    /// Weighted sum sum w x, never divided by the weights (points that add up to a total).
    Sum,
}

/// Why a `method` text is not an aggregation method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodError {
    /// Not one of the names of [`Method::ALL`].
    Unknown,
    /// `generalised:` without a finite number after the colon.
    NoExponent,
    /// `generalised:0`, undefined (its limit is the geometric mean).
    ZeroExponent,
}

impl Method {
    /// Every method, `generalised` with the exponent its example shows, in the order the
    /// definition's error messages list them.
    pub const ALL: [Method; 5] = [
        Method::Arithmetic,
        Method::Geometric,
        Method::Harmonic,
        Method::Power(2.0),
        Method::Sum,
    ];

    /// The method as the definition writes it: the name, with the exponent of a generalised
    /// mean (`generalised:2`). [`Method::parse`] reads it back.
    pub fn spec(self) -> String {
        match self {
            Method::Power(p) => format!("{}:{p}", self.name()),
            other => other.name().to_string(),
        }
    }

    /// The specs of [`Method::ALL`]: the choices of an unknown-method error.
    pub fn choices() -> Vec<String> {
        Method::ALL.map(Method::spec).to_vec()
    }

    /// A method from its spec (`arithmetic`, `generalised:2`; `generalized:P` is read too):
    /// the one parser of the definition's `method` and of `sensitivity --methods`.
    pub fn parse(spec: &str) -> Result<Method, MethodError> {
        if let Some(p) = spec
            .strip_prefix("generalised:")
            .or_else(|| spec.strip_prefix("generalized:"))
        {
            return match p.trim().parse::<f64>().ok().filter(|p| p.is_finite()) {
                Some(0.0) => Err(MethodError::ZeroExponent),
                Some(p) => Ok(Method::Power(p)),
                None => Err(MethodError::NoExponent),
            };
        }
        Method::ALL
            .into_iter()
            .find(|m| !matches!(m, Method::Power(_)) && m.name() == spec)
            .ok_or(MethodError::Unknown)
    }

    /// The method's name, the same in the definition, the code and the outputs (a generalised
    /// mean's exponent is apart: see [`Method::spec`]).
    pub const fn name(self) -> &'static str {
        match self {
            Method::Arithmetic => "arithmetic",
            Method::Geometric => "geometric",
            Method::Harmonic => "harmonic",
            Method::Power(_) => "generalised",
            Method::Sum => "sum",
        }
    }

    /// Whether a value <= 0 makes the mean undefined (geometric, harmonic, negative powers).
    pub fn needs_positive(self) -> bool {
        match self {
            Method::Arithmetic | Method::Sum => false,
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
    /// Share of the number of children that must have a score (COINr's `dat_thresh`).
    pub min_children: f64,
    /// false: a missing child counts as its lowest possible value instead of being left out
    /// of the weights (default for nodes; applies to the index over the dimensions).
    pub renormalise: bool,
    pub decimals: u32,
    /// Which values the ranks compare.
    pub rank_on: RankOn,
}

/// `rank_on`: ranks on the published (rounded) values, ties where they print the same (the
/// default), or on the unrounded values (a published index with 2 decimals ranked on all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankOn {
    #[default]
    Published,
    Unrounded,
}

impl RankOn {
    /// Both choices, in the order the definition's error messages list them.
    pub const ALL: [RankOn; 2] = [RankOn::Published, RankOn::Unrounded];

    /// The choice's one name: `[aggregation] rank_on` and the methodology.
    pub const fn name(self) -> &'static str {
        match self {
            RankOn::Published => "published",
            RankOn::Unrounded => "unrounded",
        }
    }

    /// The choice of a name; None when unknown.
    pub fn from_name(name: &str) -> Option<RankOn> {
        RankOn::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The names of [`RankOn::ALL`].
    pub fn names() -> Vec<&'static str> {
        RankOn::ALL.map(RankOn::name).to_vec()
    }
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
    /// Longer answers are invalid (`[quality] max_cell_chars`, the same for every scale).
    pub max_chars: usize,
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
    pub normalise: Option<Normalise>,
    /// Min-max on fixed bounds (a reference wave's, or recorded): None for this run's bounds.
    pub bounds: Option<Box<super::methods::FixedBounds>>,
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
    /// Share of the number of children (child nodes and scored items) that must have a score.
    pub min_children: f64,
    /// false: a missing child counts as its floor (lowest possible value).
    pub renormalise: bool,
    /// Child indicators, in definition order.
    pub children: Vec<NodeIx>,
    /// Items directly under this node, in definition order.
    pub items: Vec<ItemIx>,
    /// Dimensions only: whether the dimension enters the index.
    pub in_index: bool,
    /// Its id in the previous wave's definition (`previous = "old_id"`).
    pub previous: Option<String>,
    /// `over`: the nodes this node aggregates instead of its own children and items.
    pub over: Option<Vec<NodeIx>>,
    /// `pool`: pooling weights by a respondent attribute for the survey items below it.
    pub pool: Option<PoolRule>,
}

/// `pool = { column = { value = weight, ... } }`, resolved: the answers of an item are
/// averaged within each value of the column first; those means are combined with the
/// weights, renormalised over the values that have answers. Answers whose value is not listed
/// (or listed with weight 0) do not count.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolRule {
    /// The column as written, and its position in `Model::pool_columns`.
    pub column: String,
    pub column_ix: usize,
    /// (value as written, its match key, weight), in definition order.
    pub values: Vec<(String, String, f64)>,
}

impl PoolRule {
    /// The stratum (position in `values`) of an attribute value (a match key), and its
    /// weight; None when the value is not listed.
    pub fn stratum(&self, key: &str) -> Option<(usize, f64)> {
        (self.values.iter())
            .position(|(_, k, _)| k == key)
            .map(|s| (s, self.values[s].2))
    }

    /// A short description for reports: `level: group 1, services 1`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = (self.values.iter())
            .map(|(v, _, w)| format!("{v} {w}"))
            .collect();
        format!("{}: {}", self.column, parts.join(", "))
    }
}

/// `when = { column = ..., in = [...] }`, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// The column as written, and its match key.
    pub column: String,
    pub key: String,
    /// Match keys of the values that open the gate.
    pub values: Vec<String>,
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
    /// Reads a question or column that another item reads too, on purpose.
    pub column_shared: bool,
    pub text: Option<String>,
    pub text_en: Option<String>,
    /// Its id in the previous wave's definition (`previous = "old_id"`).
    pub previous: Option<String>,
    /// Derived item: the expression that computes its value from other columns of the row.
    pub derived: Option<super::expr::Expression>,
    /// Gated item: the condition on another column of the row under which it counts.
    pub when: Option<Gate>,
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
    /// 问卷星 "按选项序号下载": option indices, one 0/1 column per multi-select option, -3 / -2.
    WjxIndex,
    /// 问卷星 "按分数下载": the scores set per option (the indices when none were set).
    WjxScore,
    /// 腾讯问卷 CSV: `N.题目:子标签` headers, lettered option cells, empty cells for skips.
    Tencent,
    /// Qualtrics CSV/TSV/XLSX: field names, question texts and ImportId JSON header rows.
    Qualtrics,
    /// Qualtrics legacy exporter: two header rows (`V1`... names, texts).
    QualtricsLegacy,
    /// SurveyMonkey "all responses": question row (blank continuations) and sub-label row.
    SurveyMonkey,
    /// Google Forms responses sheet: `Timestamp`, question texts, `Question [Row]` grids.
    GoogleForms,
    /// LimeSurvey response export: `Q[SQ001]` subquestion columns.
    LimeSurvey,
    /// KoboToolbox / ODK: `group/question` paths, space-separated codes, repeat-group sheets.
    Kobo,
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
            Preset::WjxIndex => "wjx-index",
            Preset::WjxScore => "wjx-score",
            Preset::Tencent => "tencent",
            Preset::Qualtrics => "qualtrics",
            Preset::QualtricsLegacy => "qualtrics-legacy",
            Preset::SurveyMonkey => "surveymonkey",
            Preset::GoogleForms => "google-forms",
            Preset::LimeSurvey => "limesurvey",
            Preset::Kobo => "kobo",
            Preset::Tidy => "tidy",
            Preset::PlatformTable => "platform-table",
        }
    }

    /// The layout the preset implies (None: the file decides).
    pub fn layout(self) -> Option<Layout> {
        match self {
            p if p.is_numbered() => Some(Layout::Wide),
            Preset::Tidy => Some(Layout::Long),
            _ => None,
        }
    }

    /// Presets whose columns are found by question number (`question = ...` on items).
    pub fn is_numbered(self) -> bool {
        matches!(
            self,
            Preset::WjxText | Preset::WjxIndex | Preset::WjxScore | Preset::Tencent
        )
    }

    pub const ALL: [Preset; 13] = [
        Preset::Auto,
        Preset::WjxText,
        Preset::WjxIndex,
        Preset::WjxScore,
        Preset::Tencent,
        Preset::Qualtrics,
        Preset::QualtricsLegacy,
        Preset::SurveyMonkey,
        Preset::GoogleForms,
        Preset::LimeSurvey,
        Preset::Kobo,
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
    /// Columns (headers, or question numbers in numbered exports) that identify a respondent
    /// beyond those the preset and the headers mark: their values are redacted.
    pub identifying: Vec<String>,
    pub submitted_at: Option<String>,
    pub duration: Option<String>,
    pub skip: Option<Vec<String>>,
    pub empty: Option<Vec<String>>,
    pub multi_sep: Option<String>,
    /// match_key(header) -> item, beyond the items' own column names.
    pub columns: HashMap<String, ItemIx>,
    /// Per-source values of the preset (header rows, codes, drop rules ...); None = the preset's.
    pub overrides: PresetOverrides,
}

/// Preset values a source may set; each None / empty keeps the preset's own value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PresetOverrides {
    /// Header rows above the first data row.
    pub header_rows: Option<usize>,
    /// Text encoding of CSV files (an `encoding_rs` label such as "utf-8" or "gbk").
    pub encoding: Option<String>,
    /// Field separator of text files (None: detected from the head of the file).
    pub delimiter: Option<u8>,
    /// Cell codes meaning "skipped by survey logic" / "left unanswered" (index exports).
    pub skip_codes: Option<Vec<String>>,
    pub empty_codes: Option<Vec<String>>,
    /// Index exports: per scale, answer code -> label (replaces the preset's mapping).
    pub codes: Vec<(ScaleIx, Vec<(String, String)>)>,
    /// Column-name suffix of an "other, please specify" text column (`_TEXT`, `_other`).
    pub other_suffix: Option<String>,
    /// Brackets around an "other" fill-in inside a multi-select cell (`〖`, `〗`).
    pub other_brackets: Option<(String, String)>,
    /// Strip letter prefixes (`A.`) from choice cells.
    pub letter_prefix: Option<bool>,
    /// Column of the start time (durations from start and end when there is no duration column).
    pub started_at: Option<String>,
    /// Order of day, month and year in slash dates: "ymd", "mdy", "dmy" (None: the preset's).
    pub date_order: Option<String>,
    /// Seconds east of UTC of this file's timestamps without an offset (None: [quality]'s).
    pub utc_offset_s: Option<i64>,
    /// Seconds per unit of a plain-number duration (1, 60, 0.001).
    pub duration_unit: Option<f64>,
    /// Rows to drop before screening (Qualtrics previews, unfinished responses ...).
    pub drop: Option<Vec<DropRule>>,
    /// Loop & Merge: loop number -> platform.
    pub loop_platforms: Vec<(u32, PlatformIx)>,
    /// Brackets that name the platform in a question-per-platform title (`【`, `】`).
    pub title_platform: Option<(String, String)>,
    /// The question whose ticks list the platforms a respondent rates (wide exports): the
    /// cells of platforms not ticked count as skipped.
    pub platforms_question: Option<u32>,
    /// Sub-labels of columns (`Q3[SQ001]`, `Q [Row]`) -> platform id or option code.
    pub sub_labels: HashMap<String, String>,
    /// Workbooks: the sheet of a repeat group (one row per platform).
    pub repeat_sheet: Option<String>,
}

/// Drop a row when `column` holds one of `values`, or (with `keep`) anything not in `keep`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DropRule {
    pub column: String,
    /// match keys of the values that keep a row (empty: no such condition).
    pub keep: Vec<String>,
    /// match keys of the values that drop a row ("" = an empty cell).
    pub values: Vec<String>,
    /// The exclusion reason logged for a dropped row ("preview", "unfinished" ...).
    pub reason: String,
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
    /// Whether any item is derived or gated: such items are computed on the rows of the
    /// general readers, so the columnar and platform-only paths step aside.
    /// `pool` rules read respondent attribute columns on those rows too.
    pub fn has_row_items(&self) -> bool {
        (self.items.iter()).any(|i| i.derived.is_some() || i.when.is_some())
            || self.has_pool_rules()
    }

    pub fn items_of_source(&self, source: usize) -> impl Iterator<Item = (ItemIx, &Item)> {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, it)| it.source == source)
    }

    /// Whether any node pools by a respondent attribute (`pool`): the attribute columns are
    /// read on the general path only.
    pub fn has_pool_rules(&self) -> bool {
        !self.pool_columns.is_empty()
    }

    /// The pooling rule of an item: the `pool` of its node or of the nearest node above it.
    /// Survey items only (platform-level items have no respondents).
    pub fn pool_rule(&self, item: ItemIx) -> Option<&PoolRule> {
        let it = self.items.get(item)?;
        if self.sources.get(it.source)?.kind != SourceKind::Survey {
            return None;
        }
        let mut at = Some(it.node);
        while let Some(n) = at {
            if let Some(rule) = &self.nodes[n].pool {
                return Some(rule);
            }
            at = self.nodes[n].parent;
        }
        None
    }

    /// The nodes and items a node combines: its `over` list, or its children and items.
    pub fn parts_of(&self, node: NodeIx) -> (&[NodeIx], &[ItemIx]) {
        super::parts::parts_of(&self.nodes[node])
    }

    /// The nodes the index combines: `[index] over`, or the dimensions in the index.
    pub fn index_parts(&self) -> Vec<NodeIx> {
        match &self.index_over {
            Some(list) => list.clone(),
            None => (self.roots.iter().copied())
                .filter(|&d| self.nodes[d].in_index)
                .collect(),
        }
    }

    /// Whether a node is one of the index's own parts (an in-index dimension, or a node of
    /// `[index] over`).
    pub fn is_index_part(&self, node: NodeIx) -> bool {
        match &self.index_over {
            Some(list) => list.contains(&node),
            None => self.nodes[node].kind == NodeKind::Dimension && self.nodes[node].in_index,
        }
    }

    /// The items whose scores reach a node's score (through its children, or its `over`
    /// list, at any depth), in definition order.
    pub fn items_feeding(&self, node: NodeIx) -> Vec<ItemIx> {
        super::parts::items_feeding(&self.nodes, node)
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

#[cfg(test)]
mod tests {
    use super::{Method, MethodError, PoolOrder, RankOn, RespondentStat};

    #[test]
    fn aggregation_choices_round_trip_and_match_the_readme() {
        // README's `[aggregation]` reference: order, respondents, rank_on.
        assert_eq!(
            PoolOrder::names(),
            ["items-first", "indicators-first", "respondents-first"]
        );
        for order in PoolOrder::ALL {
            assert_eq!(PoolOrder::from_name(order.name()), Some(order));
        }
        assert_eq!(
            RespondentStat::choices(),
            ["mean", "median", "trimmed-mean:0.1"]
        );
        for stat in RespondentStat::ALL {
            assert_eq!(RespondentStat::parse(&stat.spec()), Some(stat));
        }
        assert_eq!(RespondentStat::parse("trimmed-mean:0.5"), None);
        assert_eq!(RespondentStat::parse("trimmed-mean"), None);
        assert_eq!(RankOn::names(), ["published", "unrounded"]);
        for rank_on in RankOn::ALL {
            assert_eq!(RankOn::from_name(rank_on.name()), Some(rank_on));
        }
    }

    /// The aggregation methods as README's definition reference lists them, a generalised
    /// mean with the exponent of its example.
    const DOCUMENTED: [&str; 5] = [
        "arithmetic",
        "geometric",
        "harmonic",
        "generalised:2",
        "sum",
    ];

    #[test]
    fn every_method_spec_parses_back_to_the_method() {
        assert_eq!(Method::choices(), DOCUMENTED);
        for method in Method::ALL {
            assert_eq!(Method::parse(&method.spec()), Ok(method), "{method:?}");
        }
        for spec in DOCUMENTED {
            assert_eq!(Method::parse(spec).map(Method::spec).as_deref(), Ok(spec));
        }
    }

    #[test]
    fn generalised_means_read_their_exponent() {
        assert_eq!(Method::parse("generalised:-1"), Ok(Method::Power(-1.0)));
        assert_eq!(Method::parse("generalized: 0.5"), Ok(Method::Power(0.5)));
        assert_eq!(Method::Power(0.5).spec(), "generalised:0.5");
        assert_eq!(
            Method::parse("generalised:0"),
            Err(MethodError::ZeroExponent)
        );
        assert_eq!(Method::parse("generalised:x"), Err(MethodError::NoExponent));
        assert_eq!(
            Method::parse("generalised:inf"),
            Err(MethodError::NoExponent)
        );
        // The name alone is not a method: a generalised mean needs its exponent.
        assert_eq!(Method::parse("generalised"), Err(MethodError::Unknown));
        assert_eq!(Method::parse("mean"), Err(MethodError::Unknown));
    }
}
