//! Contract steps 3 to 6: respondents pooled into platform values, normalisation of
//! platform-level numbers, the tree up to the index, and eligibility counts. Unrounded.

// Indexing is in range here: platform × item/node tables sized here from
// model.platforms/items/nodes; every other index is a Model cross-reference (item.scale,
// item.source) that compile checks.
#![allow(clippy::indexing_slicing)]

pub mod normalise;
pub mod observations;
pub mod pool;
pub mod strata;
pub mod table;
pub mod tree;
pub mod up_the_tree;

use crate::classify::CellClass;
use crate::definition::{Model, NodeIx, PoolOrder, ScaleKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{PlatformData, SurveyData};
use crate::quality::Screening;
pub use observations::{Counts, Observations};
use pool::{Obs, pool};
use std::collections::HashMap;
pub use table::AnswerTable;

/// Unrounded scores of every platform, item and node.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// `items[platform][item]`.
    pub items: Vec<Vec<ItemScore>>,
    /// `nodes[platform][node]`.
    pub nodes: Vec<Vec<NodeScore>>,
    /// `index[platform]`.
    pub index: Vec<NodeScore>,
    /// Distinct respondents with at least one score per platform (n_p).
    pub respondents: Vec<usize>,
    /// Free-text answers per platform and item, without respondent identities.
    pub texts: Vec<(usize, usize, String)>,
    /// Imputed and treated platform-level values (opt-in per scale), for the results log.
    pub treatment: Vec<crate::results::TreatmentEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemScore {
    pub score: Option<f64>,
    pub n: usize,
    pub counts: Counts,
    /// Platform-level and normalised items: the value before normalisation.
    pub raw: Option<f64>,
    pub missing_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeScore {
    pub score: Option<f64>,
    pub coverage: f64,
    pub respondents: usize,
    pub missing_reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    #[error(
        "the {method} mean of \"{node}\" for platform \"{platform}\" meets the value {value}, which is <= 0"
    )]
    NonPositive {
        method: &'static str,
        node: String,
        platform: String,
        value: f64,
    },
    #[error(
        "the generalised mean of \"{node}\" for platform \"{platform}\" has a part without a score"
    )]
    PowerMeanMissing { node: String, platform: String },
}

impl AggregateError {
    /// The error for a node (or the index) whose children its method refuses.
    pub fn refused(e: tree::Refusal, method: &'static str, node: &str, platform: &str) -> Self {
        match e {
            tree::Refusal::NonPositive { value } => AggregateError::NonPositive {
                method,
                node: node.to_string(),
                platform: platform.to_string(),
                value,
            },
            tree::Refusal::MissingChild => AggregateError::PowerMeanMissing {
                node: node.to_string(),
                platform: platform.to_string(),
            },
        }
    }

    pub fn hint(&self) -> Option<String> {
        Some(match self {
            AggregateError::NonPositive { .. } => "geometric and harmonic means need every value above 0; normalise onto a range above 0 (minmax with low = 1) or use method = \"arithmetic\" for this node".into(),
            AggregateError::PowerMeanMissing { .. } => "a generalised mean needs every part (COINr returns NA here); impute the missing values or use another method for this node".into(),
        })
    }
}

/// Everything the aggregation reads.
pub struct Inputs<'a> {
    pub surveys: &'a [SurveyData],
    pub classes: &'a [Vec<CellClass>],
    pub screening: &'a Screening,
    pub platform_data: &'a [PlatformData],
    /// Platform-level sources for which no file was given.
    pub absent_sources: &'a [usize],
}

pub fn aggregate(model: &Model, input: &Inputs) -> Result<Scores, AggregateError> {
    let mut obs = observations::collect_table(model, input.surveys, input.classes, input.screening);
    aggregate_table(model, &mut obs, input.platform_data, input.absent_sources)
}

/// Steps 3 to 6 from the columnar table of kept answers (the scoring path of large files
/// builds the table while reading, without [`SurveyData`]).
pub fn aggregate_table(
    model: &Model,
    obs: &mut AnswerTable,
    platform_data: &[PlatformData],
    absent_sources: &[usize],
) -> Result<Scores, AggregateError> {
    let mut diagnostics = Vec::new();
    let mut items = pool_items(model, obs)?;
    normalise::platform_values(model, platform_data, &mut items, &mut diagnostics);
    let mut notes = normalise::Notes::default();
    normalise::across_platforms(model, &mut items, &mut notes);
    diagnostics.append(&mut notes.diagnostics);
    explain_missing_items(model, absent_sources, &mut items);

    let pooled_nodes = match model.aggregation.order {
        PoolOrder::ItemsFirst => HashMap::new(),
        order => pool_nodes(model, obs, &items, order)?,
    };
    let (mut nodes, index) = up_the_tree::evaluate(model, &items, &pooled_nodes)?;
    explain_missing_nodes(model, &items, &mut nodes);
    let (respondents, node_respondents) = obs.respondent_counts(model);
    let nodes = nodes
        .into_iter()
        .enumerate()
        .map(|(p, row)| {
            row.into_iter()
                .enumerate()
                .map(|(n, mut s)| {
                    s.respondents = node_respondents[p][n];
                    s
                })
                .collect()
        })
        .collect();
    let index = index
        .into_iter()
        .enumerate()
        .map(|(p, mut s)| {
            s.respondents = respondents[p];
            s
        })
        .collect();
    Ok(Scores {
        items,
        nodes,
        index,
        respondents,
        texts: std::mem::take(&mut obs.texts),
        treatment: notes.treatment,
        diagnostics,
    })
}

/// Step 3 at the item level: S(p,i) and n(p,i) for every survey item.
fn pool_items(model: &Model, obs: &AnswerTable) -> Result<Vec<Vec<ItemScore>>, AggregateError> {
    let mut pooled = obs.pool_items(model.platforms.len(), model.aggregation.respondents);
    if model.has_pool_rules() {
        for (i, slot) in pooled.iter_mut().enumerate() {
            let weights = strata::weights_of(model, i);
            if !weights.is_empty() {
                *slot = obs.pool_stratified(
                    i,
                    &weights,
                    model.platforms.len(),
                    model.aggregation.respondents,
                );
            }
        }
    }
    let mut items = vec![vec![ItemScore::default(); model.items.len()]; model.platforms.len()];
    for (p, row) in items.iter_mut().enumerate() {
        for (i, it) in row.iter_mut().enumerate() {
            it.counts = obs.counts[p][i];
            if let Some(v) = pooled[i][p] {
                it.n = v.n;
                match &model.scales[model.items[i].scale].kind {
                    ScaleKind::Numeric(n) if n.normalise.is_some() => it.raw = Some(v.value),
                    _ => it.score = Some(v.value),
                }
            }
        }
    }
    Ok(items)
}

/// Orders other than items-first: each respondent's answers go up the tree to the pooling
/// level first, then those node values are pooled across respondents.
fn pool_nodes(
    model: &Model,
    obs: &AnswerTable,
    items: &[Vec<ItemScore>],
    order: PoolOrder,
) -> Result<HashMap<(usize, NodeIx), pool::Pooled>, AggregateError> {
    let table: Vec<Obs> = node_table(model, obs.answers(), items, order)?
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    let pooled = pool(&table, model.aggregation.respondents);
    Ok(pooled
        .into_iter()
        .map(|((p, n), v)| ((p as usize, n as usize), v))
        .collect())
}

/// Each respondent's values of the pooling nodes (and the nodes below them), with the
/// respondent: the table that other orders pool (and that the bootstrap resamples).
pub fn respondent_node_table(
    model: &Model,
    obs: &Observations,
    items: &[Vec<ItemScore>],
    order: PoolOrder,
) -> Result<Vec<(usize, Obs)>, AggregateError> {
    node_table(model, obs.answers.iter().copied(), items, order)
}

fn node_table(
    model: &Model,
    answers: impl Iterator<Item = observations::Answer>,
    items: &[Vec<ItemScore>],
    order: PoolOrder,
) -> Result<Vec<(usize, Obs)>, AggregateError> {
    let pool_set = up_the_tree::pooling_nodes(model, order);
    let mut per_respondent: HashMap<(usize, usize), HashMap<usize, (f64, usize)>> = HashMap::new();
    let mut weight_of: HashMap<usize, f64> = HashMap::new();
    for a in answers {
        let e = per_respondent
            .entry((a.respondent, a.platform))
            .or_default()
            .entry(a.item)
            .or_insert((0.0, 0));
        // A respondent with two kept submissions for one item (dedupe = "none") counts once,
        // with the mean of the two answers.
        e.0 += a.value;
        e.1 += 1;
        weight_of.insert(a.respondent, a.weight);
    }
    let mut keys: Vec<&(usize, usize)> = per_respondent.keys().collect();
    keys.sort();
    let mut table = Vec::new();
    let floors = up_the_tree::Floors::of(model);
    for &(r, p) in keys {
        let answers = &per_respondent[&(r, p)];
        let leaf = |i: usize| -> Option<f64> {
            if model.sources[model.items[i].source].kind == crate::definition::SourceKind::Platform
            {
                items[p][i].score
            } else {
                answers.get(&i).map(|(sum, n)| sum / *n as f64)
            }
        };
        let values = up_the_tree::respondent_nodes(model, p, &pool_set, &leaf, &floors)?;
        for (node, v) in values {
            table.push((
                r,
                Obs {
                    platform: p as u32,
                    key: node as u32,
                    weight: weight_of[&r],
                    value: v,
                },
            ));
        }
    }
    Ok(table)
}

fn explain_missing_items(model: &Model, absent: &[usize], items: &mut [Vec<ItemScore>]) {
    for row in items.iter_mut() {
        for (i, it) in row.iter_mut().enumerate() {
            if it.score.is_some() || it.missing_reason.is_some() {
                continue;
            }
            let source = model.items[i].source;
            let c = it.counts;
            it.missing_reason = Some(if absent.contains(&source) {
                format!(
                    "no data: source \"{0}\" was not given (--source {0}=FILE)",
                    model.sources[source].id
                )
            } else if !model.scales[model.items[i].scale].is_scored() {
                "free text: collected, not scored".into()
            } else if c.na + c.no_answer + c.invalid == 0 {
                "no respondent rated this platform on it".into()
            } else {
                format!(
                    "no score among the answers ({} N/A, {} unanswered, {} invalid)",
                    c.na, c.no_answer, c.invalid
                )
            });
        }
    }
}

/// A node without a score whose items all lack data for one reason (a platform-level file that
/// was not given) says that reason, rather than only that no part of it has a score.
fn explain_missing_nodes(model: &Model, items: &[Vec<ItemScore>], nodes: &mut [Vec<NodeScore>]) {
    for (p, row) in nodes.iter_mut().enumerate() {
        for (n, node) in row.iter_mut().enumerate() {
            if node.score.is_some() {
                continue;
            }
            let under = model.items_under(n);
            let mut reasons = under
                .iter()
                .filter(|&&i| model.scales[model.items[i].scale].is_scored())
                .map(|&i| items[p][i].missing_reason.as_deref());
            let Some(Some(first)) = reasons.next() else {
                continue;
            };
            if first.starts_with("no data") && reasons.all(|r| r == Some(first)) {
                node.missing_reason = Some(first.to_string());
            }
        }
    }
}
