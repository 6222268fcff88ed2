//! `qbpc-index explain PLATFORM`: how one platform's index score is built, from the index
//! down to the items. Each node's score, weight, effective weight (its share of the index after
//! the weights were renormalised over the parts with a score), contribution to the index,
//! respondents, N/A and invalid counts, the children renormalised away, and the gap to the
//! average and to the best platform.
//!
//! The explanation reads a result document: the JSON that `score --format json` writes (the
//! platforms and the `definition` record), built in memory for a survey run, or read from a
//! result file. Both paths are one code path.
//!
//! Contributions: where a node is an arithmetic mean of its children, each child contributes
//! `effective weight x score`, and the children's contributions add up to the node's. The
//! contributions exist down to where every node on the path is such a mean; below a geometric,
//! harmonic or generalised mean, or a node pooled across respondents, there is no additive
//! split, and the node says so (`additive: false`, with the reason).

// Indexing is in range here: platform ixs come from enumerating doc.platforms; `pool[0]` after the
// empty check; `below` has one entry per k of the same loop.
#![allow(clippy::indexing_slicing)]

mod render;

use crate::results::{DefinitionRecord, Results};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The recorded name of the one method whose parts' contributions add up to the score.
const ARITHMETIC: &str = crate::definition::Method::Arithmetic.name();

pub use crate::output::labels::Style;
pub use render::{markdown, text};

/// Why a platform cannot be explained.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("the result file has no `definition` record (the weights and the tree)")]
    NoDefinition,
    #[error("the result file does not record how the index combines its dimensions")]
    NoIndexMethod,
    #[error("the result document cannot be read: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("no platform \"{given}\" in the results")]
    UnknownPlatform { given: String, known: Vec<String> },
}

impl ExplainError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            ExplainError::NoDefinition | ExplainError::NoIndexMethod | ExplainError::Shape(_) => {
                "write the result file with this version's `score --format json`, or explain from the survey files (`explain PLATFORM SURVEY...`)".into()
            }
            ExplainError::UnknownPlatform { known, .. } => {
                let mut k = known.clone();
                k.truncate(20);
                format!("platforms: {}", k.join(", "))
            }
        })
    }
}

/// One platform's explanation.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    pub platform: String,
    pub name: String,
    /// The Chinese name, for the renderings in Chinese (the JSON keeps its keys).
    #[serde(skip)]
    pub name_zh: Option<String>,
    pub status: String,
    pub rank: Option<u32>,
    pub respondents: usize,
    /// Unrounded index score.
    pub score: Option<f64>,
    /// How the dimensions combine into the index.
    pub method: String,
    /// Whether the dimensions' contributions add up to the index score.
    pub additive: bool,
    /// Why contributions are missing or not additive, when they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub comparison: Comparison,
    /// In-index dimensions with a weight whose score is missing: their weight went to the
    /// others.
    pub renormalised_away: Vec<String>,
    /// Dimensions outside the index are listed too (effective weight 0, no contribution).
    pub dimensions: Vec<Part>,
}

/// How a score compares with the other platforms' (ranked platforms with a score for it;
/// every platform with a score when none is ranked).
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    pub average: Option<f64>,
    pub best: Option<f64>,
    pub best_platform: Option<String>,
    pub gap_to_average: Option<f64>,
    pub gap_to_best: Option<f64>,
}

/// A dimension, indicator or item of the explanation.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Part {
    pub id: String,
    /// "dimension", "indicator" or "item".
    pub kind: String,
    pub score: Option<f64>,
    /// The weight in the definition (after any `--weight` override).
    pub weight: f64,
    /// The weight as a share of its siblings' (all siblings, as defined).
    pub weight_share: Option<f64>,
    /// Its share of the index after renormalisation over the parts with a score (for a
    /// geometric mean, the exponent share); 0 when it has no score or is outside the index.
    pub effective_weight: f64,
    /// `effective_weight x score`, where every node above is an arithmetic mean of its parts
    /// (None otherwise).
    pub contribution: Option<f64>,
    /// Respondents with a score (items: n; platform-level items: 1 when the value exists).
    pub respondents: usize,
    /// N/A, unanswered and invalid answers (nodes: summed over their items).
    pub na: usize,
    pub no_answer: usize,
    pub invalid: usize,
    /// Share of the children's weight that had a score (nodes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// Nodes: how the children combine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Nodes: whether the children's contributions add up to this node's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_reason: Option<String>,
    #[serde(flatten)]
    pub comparison: Comparison,
    /// Children with a weight but no score, whose weight went to their siblings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renormalised_away: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Part>,
}

/// The parts of a result document that an explanation reads.
#[derive(Debug, Clone, Deserialize)]
struct Document {
    platforms: Vec<PlatformView>,
    definition: Option<DefinitionRecord>,
}

#[derive(Debug, Clone, Deserialize)]
struct PlatformView {
    id: String,
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    status: String,
    respondents: usize,
    score: Option<f64>,
    rank: Option<u32>,
    #[serde(default)]
    dimensions: IndexMap<String, NodeView>,
    #[serde(default)]
    indicators: IndexMap<String, NodeView>,
    #[serde(default)]
    items: IndexMap<String, ItemView>,
}

#[derive(Debug, Clone, Deserialize)]
struct NodeView {
    score: Option<f64>,
    respondents: usize,
    coverage: Option<f64>,
    #[serde(default)]
    missing_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct ItemView {
    score: Option<f64>,
    n: usize,
    na: usize,
    no_answer: usize,
    invalid: usize,
    #[serde(default)]
    missing_reason: Option<String>,
}

/// Explain a platform of a scoring run (the results must be built with item detail).
pub fn from_results(
    results: &Results,
    definition: DefinitionRecord,
    platform: &str,
) -> Result<Explanation, ExplainError> {
    let mut doc = serde_json::to_value(results)?;
    if let Some(map) = doc.as_object_mut() {
        map.insert("definition".into(), serde_json::to_value(definition)?);
    }
    from_document(&doc, platform)
}

/// Explain a platform of a result document (`score --format json`). The platform is matched
/// by id, then by name (English or Chinese), ignoring case.
pub fn from_document(doc: &serde_json::Value, platform: &str) -> Result<Explanation, ExplainError> {
    let doc = Document::deserialize(doc)?;
    let definition = doc.definition.as_ref().ok_or(ExplainError::NoDefinition)?;
    let method = definition
        .index_method
        .clone()
        .ok_or(ExplainError::NoIndexMethod)?;
    let wanted = platform.trim().to_lowercase();
    let p = doc
        .platforms
        .iter()
        .position(|p| p.id.to_lowercase() == wanted)
        .or_else(|| {
            doc.platforms.iter().position(|p| {
                p.name.to_lowercase() == wanted
                    || p.name_zh
                        .as_deref()
                        .is_some_and(|z| z.to_lowercase() == wanted)
            })
        })
        .ok_or_else(|| ExplainError::UnknownPlatform {
            given: platform.to_string(),
            known: doc.platforms.iter().map(|p| p.id.clone()).collect(),
        })?;
    Ok(Builder {
        doc: &doc,
        def: definition,
        p,
    }
    .explanation(method))
}

struct Builder<'a> {
    doc: &'a Document,
    def: &'a DefinitionRecord,
    p: usize,
}

/// A child of a node while it is being combined.
struct Child<'a> {
    id: &'a str,
    is_item: bool,
    weight: f64,
    score: Option<f64>,
}

impl Builder<'_> {
    fn me(&self) -> &PlatformView {
        &self.doc.platforms[self.p]
    }

    fn explanation(&self, method: String) -> Explanation {
        let me = self.me();
        let kind_of = |id: &str| {
            (self.def.nodes.iter())
                .find(|n| n.id == id)
                .is_some_and(|n| n.kind == "dimension")
        };
        let score_of = |id: &str| {
            if kind_of(id) {
                me.dimensions.get(id).and_then(|d| d.score)
            } else {
                me.indicators.get(id).and_then(|d| d.score)
            }
        };
        let dims: Vec<Child> = match &self.def.index_over {
            // `[index] over`: its nodes first, then the dimensions (outside the index).
            Some(over) => (over.iter())
                .filter_map(|id| self.def.nodes.iter().find(|n| &n.id == id))
                .map(|n| Child {
                    id: &n.id,
                    is_item: false,
                    weight: n.weight,
                    score: score_of(&n.id),
                })
                .chain(
                    (self.def.nodes.iter())
                        .filter(|n| n.kind == "dimension" && !over.contains(&n.id))
                        .map(|n| Child {
                            id: &n.id,
                            is_item: false,
                            weight: 0.0,
                            score: score_of(&n.id),
                        }),
                )
                .collect(),
            None => self
                .def
                .nodes
                .iter()
                .filter(|n| n.kind == "dimension")
                .map(|n| Child {
                    id: &n.id,
                    is_item: false,
                    weight: if n.in_index { n.weight } else { 0.0 },
                    score: me.dimensions.get(&n.id).and_then(|d| d.score),
                })
                .collect(),
        };
        let additive = method == ARITHMETIC && me.score.is_some();
        let note = if me.score.is_none() {
            Some("the platform has no index score: nothing to decompose".to_string())
        } else if !additive {
            Some(format!(
                "the index is a {method} mean of the dimensions: contributions are not additive (effective weights are its exponent shares)"
            ))
        } else {
            None
        };
        let (parts, away) = self.children(&dims, 1.0, additive.then_some(()), 0);
        let scores: Vec<(usize, Option<f64>)> = self
            .doc
            .platforms
            .iter()
            .enumerate()
            .map(|(q, p)| (q, p.score))
            .collect();
        Explanation {
            platform: me.id.clone(),
            name: me.name.clone(),
            name_zh: me.name_zh.clone(),
            status: me.status.clone(),
            rank: me.rank,
            respondents: me.respondents,
            score: me.score,
            method,
            additive,
            note,
            comparison: self.compare(me.score, &scores),
            renormalised_away: away,
            dimensions: parts,
        }
    }

    /// The parts of a node whose children are `kids`; `share` is the node's effective weight,
    /// `additive` whether contributions flow down into these children.
    fn children(
        &self,
        kids: &[Child],
        share: f64,
        additive: Option<()>,
        depth: usize,
    ) -> (Vec<Part>, Vec<String>) {
        let present = |c: &Child| c.score.is_some() && c.weight > 0.0;
        let present_weight: f64 = kids.iter().filter(|c| present(c)).map(|c| c.weight).sum();
        let all_weight: f64 = kids.iter().map(|c| c.weight).sum();
        let away = kids
            .iter()
            .filter(|c| c.weight > 0.0 && c.score.is_none())
            .map(|c| c.id.to_string())
            .collect();
        let parts = kids
            .iter()
            .map(|c| {
                let eff = if present(c) && present_weight > 0.0 {
                    share * c.weight / present_weight
                } else {
                    0.0
                };
                let contribution = additive.map(|()| c.score.map_or(0.0, |s| eff * s));
                let weight_share = (all_weight > 0.0).then(|| c.weight / all_weight);
                if c.is_item {
                    self.item(c, eff, weight_share, contribution)
                } else {
                    self.node(c, eff, weight_share, contribution, depth + 1)
                }
            })
            .collect();
        (parts, away)
    }

    fn node(
        &self,
        c: &Child,
        eff: f64,
        weight_share: Option<f64>,
        contribution: Option<f64>,
        depth: usize,
    ) -> Part {
        let me = self.me();
        let record = self.def.nodes.iter().find(|n| n.id == c.id);
        let kind = record.map_or("indicator", |n| n.kind.as_str());
        let view = |p: &PlatformView| -> Option<NodeView> {
            if kind == "dimension" {
                p.dimensions.get(c.id).cloned()
            } else {
                p.indicators.get(c.id).cloned()
            }
        };
        let mine = view(me);
        let method = record.map_or_else(|| ARITHMETIC.to_string(), |n| n.method.clone());
        let pooled = self.def.pooled.iter().any(|p| p == c.id);
        let is_additive = method == ARITHMETIC && !pooled;
        let over = record.and_then(|n| n.over.as_ref());
        let note = if pooled {
            Some("pooled across respondents: its score is not a weighted mean of its parts' platform scores, so they have no additive contributions".to_string())
        } else if method != ARITHMETIC {
            Some(format!(
                "a {method} mean of its parts: their contributions are not additive"
            ))
        } else if let Some(over) = over {
            Some(format!(
                "combines the nodes of its `over` list ({}), not its own children",
                over.join(", ")
            ))
        } else {
            // Pooling by a respondent attribute happens inside each item (items-first): the
            // items' scores still add up to the node's.
            record.and_then(|n| n.pool.as_ref()).map(|p| {
                format!("its items' answers are averaged within each value of a respondent column first, then weighted ({p})")
            })
        };
        let score_of = |id: &str, kind: &str| {
            if kind == "dimension" {
                me.dimensions.get(id).and_then(|v| v.score)
            } else {
                me.indicators.get(id).and_then(|v| v.score)
            }
        };
        // A result document is input: a cycle of `over` lists in a hand-edited file must not
        // recurse without end (a valid definition is never deeper than its node count).
        let too_deep = depth > self.def.nodes.len() + 1;
        let mut kids: Vec<Child> = match over {
            _ if too_deep => Vec::new(),
            Some(over) => (over.iter())
                .filter_map(|id| self.def.nodes.iter().find(|n| &n.id == id))
                .map(|n| Child {
                    id: &n.id,
                    is_item: false,
                    weight: n.weight,
                    score: score_of(&n.id, &n.kind),
                })
                .collect(),
            None => self
                .def
                .nodes
                .iter()
                .filter(|n| n.parent.as_deref() == Some(c.id))
                .map(|n| Child {
                    id: &n.id,
                    is_item: false,
                    weight: n.weight,
                    score: me.indicators.get(&n.id).and_then(|v| v.score),
                })
                .collect(),
        };
        if over.is_none() && !too_deep {
            kids.extend(
                self.def
                    .items
                    .iter()
                    .filter(|i| i.node == c.id && i.scored)
                    .map(|i| Child {
                        id: &i.id,
                        is_item: true,
                        weight: i.weight,
                        score: me.items.get(&i.id).and_then(|v| v.score),
                    }),
            );
        }
        let flows = (contribution.is_some() && is_additive).then_some(());
        let (children, away) = self.children(&kids, eff, flows, depth);
        let (na, no_answer, invalid) = self.counts_under(c.id);
        let scores: Vec<(usize, Option<f64>)> = self
            .doc
            .platforms
            .iter()
            .enumerate()
            .map(|(q, p)| (q, view(p).and_then(|v| v.score)))
            .collect();
        Part {
            id: c.id.to_string(),
            kind: kind.to_string(),
            score: c.score,
            weight: record.map_or(c.weight, |n| n.weight),
            weight_share,
            effective_weight: eff,
            contribution,
            respondents: mine.as_ref().map_or(0, |v| v.respondents),
            na,
            no_answer,
            invalid,
            coverage: mine.as_ref().and_then(|v| v.coverage),
            method: Some(method),
            additive: Some(is_additive),
            note,
            missing_reason: mine.and_then(|v| v.missing_reason),
            comparison: self.compare(c.score, &scores),
            renormalised_away: away,
            children,
        }
    }

    fn item(
        &self,
        c: &Child,
        eff: f64,
        weight_share: Option<f64>,
        contribution: Option<f64>,
    ) -> Part {
        let mine = self.me().items.get(c.id);
        let scores: Vec<(usize, Option<f64>)> = self
            .doc
            .platforms
            .iter()
            .enumerate()
            .map(|(q, p)| (q, p.items.get(c.id).and_then(|v| v.score)))
            .collect();
        Part {
            id: c.id.to_string(),
            kind: "item".into(),
            score: c.score,
            weight: c.weight,
            weight_share,
            effective_weight: eff,
            contribution,
            respondents: mine.map_or(0, |v| v.n),
            na: mine.map_or(0, |v| v.na),
            no_answer: mine.map_or(0, |v| v.no_answer),
            invalid: mine.map_or(0, |v| v.invalid),
            coverage: None,
            method: None,
            additive: None,
            note: None,
            missing_reason: mine.and_then(|v| v.missing_reason.clone()),
            comparison: self.compare(c.score, &scores),
            renormalised_away: Vec::new(),
            children: Vec::new(),
        }
    }

    /// N/A, unanswered and invalid answers over the items below a node.
    fn counts_under(&self, node: &str) -> (usize, usize, usize) {
        // The nodes whose items reach this node: its subtree, or what its `over` list names
        // (at any depth), each once.
        let mut below = vec![node];
        let mut k = 0;
        while k < below.len() {
            let here = below[k];
            let over = (self.def.nodes.iter())
                .find(|n| n.id == here)
                .and_then(|n| n.over.as_ref());
            let next: Vec<&str> = match over {
                Some(list) => list.iter().map(String::as_str).collect(),
                None => (self.def.nodes.iter())
                    .filter(|n| n.parent.as_deref() == Some(here))
                    .map(|n| n.id.as_str())
                    .collect(),
            };
            for n in next {
                if !below.contains(&n) {
                    below.push(n);
                }
            }
            k += 1;
        }
        // A node with `over` does not combine its own items.
        below.retain(|id| !(self.def.nodes.iter()).any(|n| n.id == *id && n.over.is_some()));
        let me = self.me();
        self.def
            .items
            .iter()
            .filter(|i| below.contains(&i.node.as_str()))
            .filter_map(|i| me.items.get(&i.id))
            .fold((0, 0, 0), |(a, b, c), v| {
                (a + v.na, b + v.no_answer, c + v.invalid)
            })
    }

    /// Average and best over the ranked platforms with a score (every platform with a score
    /// when none is ranked), and this platform's gaps to them.
    fn compare(&self, mine: Option<f64>, scores: &[(usize, Option<f64>)]) -> Comparison {
        let ranked: Vec<(usize, f64)> = scores
            .iter()
            .filter(|(q, _)| self.doc.platforms[*q].status == "ranked")
            .filter_map(|(q, s)| s.map(|s| (*q, s)))
            .collect();
        let pool = if ranked.is_empty() {
            scores
                .iter()
                .filter_map(|(q, s)| s.map(|s| (*q, s)))
                .collect()
        } else {
            ranked
        };
        if pool.is_empty() {
            return Comparison::default();
        }
        let average = pool.iter().map(|(_, s)| s).sum::<f64>() / pool.len() as f64;
        // The first of equal best scores, in result order.
        let (best_q, best) = pool
            .iter()
            .copied()
            .fold(pool[0], |acc, x| if x.1 > acc.1 { x } else { acc });
        Comparison {
            average: Some(average),
            best: Some(best),
            best_platform: Some(self.doc.platforms[best_q].id.clone()),
            gap_to_average: mine.map(|m| m - average),
            gap_to_best: mine.map(|m| m - best),
        }
    }
}

impl Explanation {
    /// Every part, depth first (dimensions, their indicators and items).
    pub fn parts(&self) -> Vec<&Part> {
        fn walk<'a>(p: &'a Part, out: &mut Vec<&'a Part>) {
            out.push(p);
            for c in &p.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for d in &self.dimensions {
            walk(d, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests;
