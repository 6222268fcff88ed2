//! Which nodes of two consecutive waves are the same: an item, indicator or dimension matches
//! the node of the wave before that it names with `previous = "old_id"`, else the node with
//! its own id. Like is compared with like only (a dimension with a dimension). A matched pair
//! whose weight, method or scale changed is reported; so is a dimension whose items changed.

// Indexing is in range here: wave ixs come from 0..waves.len() (at least two); claimed/na and per-
// wave label rows are sized from the same waves.
#![allow(clippy::indexing_slicing)]

use super::wave::Wave;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::results::{DefinitionRecord, ItemRecord, NodeRecord};
use serde::Serialize;

/// The node matching between wave `from` and wave `to` (= from + 1).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Transition {
    pub from: usize,
    pub to: usize,
    pub nodes: Vec<NodeMatch>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NodeMatch {
    /// dimension | indicator | item
    pub kind: &'static str,
    /// The id in the earlier wave (None: new).
    pub before: Option<String>,
    /// The id in the later wave (None: dropped).
    pub after: Option<String>,
    pub status: MatchStatus,
    /// What changed between the two (weights, method, scale, items), in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// The same id in both waves.
    Same,
    /// Matched through `previous`.
    Renamed,
    New,
    Dropped,
}

impl MatchStatus {
    pub fn name(self) -> &'static str {
        match self {
            MatchStatus::Same => "same",
            MatchStatus::Renamed => "renamed",
            MatchStatus::New => "new",
            MatchStatus::Dropped => "dropped",
        }
    }

    pub fn comparable(self) -> bool {
        matches!(self, MatchStatus::Same | MatchStatus::Renamed)
    }
}

impl NodeMatch {
    pub fn id(&self) -> &str {
        self.after
            .as_deref()
            .or(self.before.as_deref())
            .unwrap_or("")
    }
}

/// A node of one wave as compare sees it.
#[derive(Debug, Clone)]
struct Node<'a> {
    id: String,
    kind: &'static str,
    previous: Option<String>,
    record: Record<'a>,
    /// Pooled across respondents (the definition record's `pooled`).
    pooled: bool,
}

#[derive(Debug, Clone, Copy)]
enum Record<'a> {
    Node(&'a NodeRecord),
    Item(&'a ItemRecord),
    /// A wave without a definition record: a dimension known from the platforms' scores.
    Bare,
}

fn nodes(wave: &Wave) -> Vec<Node<'_>> {
    let Some(def) = &wave.data.definition else {
        return Vec::new();
    };
    let tree = def.nodes.iter().map(|n| Node {
        id: n.id.clone(),
        kind: if n.kind == "indicator" {
            "indicator"
        } else {
            "dimension"
        },
        previous: n.previous.clone(),
        record: Record::Node(n),
        pooled: def.pooled.contains(&n.id),
    });
    let items = def.items.iter().map(|i| Node {
        id: i.id.clone(),
        kind: "item",
        previous: i.previous.clone(),
        record: Record::Item(i),
        pooled: false,
    });
    tree.chain(items).collect()
}

/// Match the nodes of two consecutive waves; warnings go to `warnings`.
pub fn transition(
    waves: &[Wave],
    from: usize,
    labels: &[String],
    warnings: &mut Vec<Diagnostic>,
) -> Transition {
    let to = from + 1;
    let (a, b) = (&waves[from], &waves[to]);
    let dims_a = a.dimensions();
    let dims_b = b.dimensions();
    let bare = |dims: &[String]| -> Vec<Node<'static>> {
        dims.iter()
            .map(|d| Node {
                id: d.clone(),
                kind: "dimension",
                previous: None,
                record: Record::Bare,
                pooled: false,
            })
            .collect()
    };
    let (na, nb) = (nodes(a), nodes(b));
    let (na, nb) = if na.is_empty() || nb.is_empty() {
        (bare(&dims_a), bare(&dims_b))
    } else {
        (na, nb)
    };
    let here = Location::file(b.file.clone());
    // An id of wave `from` as wave `to` calls it (through `previous`), so that lists of node
    // ids (`over`, `pooled`) of the two waves compare like with like.
    let renamed = |id: &str| -> String {
        nb.iter()
            .find(|y| y.previous.as_deref() == Some(id))
            .map_or_else(|| id.to_string(), |y| y.id.clone())
    };
    let mut claimed = vec![false; na.len()];
    let mut out = Vec::new();
    for y in &nb {
        // `previous` first; a `previous` that the wave before does not know is an older
        // wave's id (a definition carried over unchanged) when the node's own id is there.
        let find = |id: &str| na.iter().position(|x| x.id == id && x.kind == y.kind);
        let by_previous = y.previous.as_deref().and_then(find);
        let found = by_previous.or_else(|| find(&y.id));
        let wanted = match (by_previous, &y.previous) {
            (None, Some(p)) if found.is_none() => Some(p.as_str()),
            _ => None,
        };
        if let Some(p) = wanted {
            let other = na.iter().find(|x| x.id == p);
            let (code, message, hint) = match other {
                Some(x) => (
                    Code::PreviousKind,
                    format!(
                        "{} {:?} names {} {p:?} of {} as its previous: only like is compared with like, so it is new",
                        y.kind, y.id, x.kind, labels[from]
                    ),
                    format!("previous must name a {} of the wave before", y.kind),
                ),
                None => (
                    Code::PreviousNotFound,
                    format!(
                        "{} {:?} names {p:?} as its previous, but {} has no {} {p:?}: it is compared as new",
                        y.kind, y.id, labels[from], y.kind
                    ),
                    "previous names the node's id in the wave just before (check the spelling)"
                        .to_string(),
                ),
            };
            warnings.push(Diagnostic::warning(code, message, here.clone()).with_hint(hint));
        }
        let matched = match found {
            Some(k) if claimed[k] => {
                warnings.push(
                    Diagnostic::warning(
                        Code::PreviousTwice,
                        format!(
                            "{} {:?} of {} is the predecessor of two nodes of {}; {:?} is compared as new",
                            y.kind, na[k].id, labels[from], labels[to], y.id
                        ),
                        here.clone(),
                    )
                    .with_hint("give `previous` to one node only".to_string()),
                );
                None
            }
            other => other,
        };
        match matched {
            Some(k) => {
                claimed[k] = true;
                let x = &na[k];
                let status = if x.id == y.id {
                    MatchStatus::Same
                } else {
                    MatchStatus::Renamed
                };
                out.push(NodeMatch {
                    kind: y.kind,
                    before: Some(x.id.clone()),
                    after: Some(y.id.clone()),
                    status,
                    changes: changes(x, y, &renamed),
                });
            }
            None => out.push(NodeMatch {
                kind: y.kind,
                before: None,
                after: Some(y.id.clone()),
                status: MatchStatus::New,
                changes: Vec::new(),
            }),
        }
    }
    for (k, x) in na.iter().enumerate() {
        if !claimed[k] {
            out.push(NodeMatch {
                kind: x.kind,
                before: Some(x.id.clone()),
                after: None,
                status: MatchStatus::Dropped,
                changes: Vec::new(),
            });
        }
    }
    composition(a, b, &mut out);
    for m in &out {
        if m.changes.is_empty() {
            continue;
        }
        let any = |prefixes: &[&str]| {
            m.changes
                .iter()
                .any(|c| prefixes.iter().any(|p| c.starts_with(p)))
        };
        let code = if any(&["scale"]) {
            Code::ScaleChanged
        } else if any(&["items"]) {
            Code::CompositionChanged
        } else if any(&["weight", "method", "in the index"]) {
            Code::WeightChanged
        } else {
            Code::DefinitionChanged
        };
        warnings.push(
            Diagnostic::warning(
                code,
                format!(
                    "{} {:?} changed from {} to {}: {}",
                    m.kind,
                    m.id(),
                    labels[from],
                    labels[to],
                    m.changes.join("; ")
                ),
                here.clone(),
            )
            .with_hint(
                "its change between the waves mixes a change of method with a change of performance"
                    .to_string(),
            ),
        );
    }
    index_changes(a, b, &labels[from], &labels[to], &renamed, &here, warnings);
    Transition {
        from,
        to,
        nodes: out,
    }
}

/// What changed in how the index is computed and published: `[aggregation] method`, `[index]
/// over`, the aggregation order (the nodes pooled across respondents), `decimals`.
fn index_changes(
    a: &Wave,
    b: &Wave,
    from: &str,
    to: &str,
    renamed: &dyn Fn(&str) -> String,
    here: &Location,
    warnings: &mut Vec<Diagnostic>,
) {
    let (Some(da), Some(db)) = (&a.data.definition, &b.data.definition) else {
        return;
    };
    let mut changes = Vec::new();
    if da.index_method != db.index_method {
        changes.push(format!(
            "method {} → {}",
            da.index_method.as_deref().unwrap_or("(not recorded)"),
            db.index_method.as_deref().unwrap_or("(not recorded)")
        ));
    }
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    let over_a = da
        .index_over
        .as_ref()
        .map(|v| v.iter().map(|id| renamed(id)).collect::<Vec<_>>());
    if over_a != db.index_over {
        let show = |o: &Option<Vec<String>>| {
            o.as_deref()
                .map_or("the dimensions in the index".to_string(), list)
        };
        changes.push(format!(
            "over {} → {}",
            show(&da.index_over),
            show(&db.index_over)
        ));
    }
    let pooled_a: Vec<String> = da.pooled.iter().map(|id| renamed(id)).collect();
    if pooled_a != db.pooled {
        changes.push(format!(
            "nodes pooled across respondents (the aggregation order) {} → {}",
            list(&da.pooled),
            list(&db.pooled)
        ));
    }
    if da.decimals != db.decimals {
        changes.push(format!(
            "published scores rounded to {} → {} decimals (change_display compares the published scores)",
            da.decimals, db.decimals
        ));
    }
    if changes.is_empty() {
        return;
    }
    warnings.push(
        Diagnostic::warning(
            Code::DefinitionChanged,
            format!(
                "the index changed from {from} to {to}: {}",
                changes.join("; ")
            ),
            here.clone(),
        )
        .with_hint(
            "its change between the waves mixes a change of method with a change of performance"
                .to_string(),
        ),
    );
}

/// What changed in a matched pair, in words.
fn changes(x: &Node<'_>, y: &Node<'_>, renamed: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    let differ = |p: f64, q: f64| (p - q).abs() > 1e-9;
    let share = |s: Option<f64>| s.map_or("-".to_string(), |s| format!("{:.3}", s));
    // A share of the siblings' weight is not compared on its own: it moves exactly when a
    // sibling's weight changes or a sibling comes or goes, which is flagged on that sibling
    // (or as the dimension's items changing); flagging every sibling would bury the cause.
    match (x.record, y.record) {
        (Record::Node(p), Record::Node(q)) => {
            if differ(p.weight, q.weight) {
                out.push(format!(
                    "weight {} → {} (share of its siblings {} → {})",
                    p.weight,
                    q.weight,
                    share(p.weight_share),
                    share(q.weight_share)
                ));
            }
            if p.method != q.method {
                out.push(format!("method {} → {}", p.method, q.method));
            }
            if p.in_index != q.in_index {
                out.push(format!("in the index {} → {}", p.in_index, q.in_index));
            }
            let over_p = p
                .over
                .as_ref()
                .map(|v| v.iter().map(|id| renamed(id)).collect::<Vec<_>>());
            if over_p != q.over {
                let show = |o: &Option<Vec<String>>| {
                    o.as_ref()
                        .map_or("its own children and items".to_string(), |v| v.join(", "))
                };
                out.push(format!("over {} → {}", show(&p.over), show(&q.over)));
            }
            if p.pool != q.pool {
                let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".to_string());
                out.push(format!("pool {} → {}", show(&p.pool), show(&q.pool)));
            }
            if x.pooled != y.pooled {
                let show = |b: bool| if b { "yes" } else { "no" };
                out.push(format!(
                    "pooled across respondents {} → {}",
                    show(x.pooled),
                    show(y.pooled)
                ));
            }
        }
        (Record::Item(p), Record::Item(q)) => {
            if p.scoring != q.scoring || p.reverse != q.reverse || p.relative != q.relative {
                out.push(format!(
                    "scale {} ({}{}) → {} ({}{})",
                    p.scale,
                    p.scoring,
                    if p.reverse { ", reversed" } else { "" },
                    q.scale,
                    q.scoring,
                    if q.reverse { ", reversed" } else { "" },
                ));
            }
            // Where the bounds came from (`from`) is not compared: a chain of waves keeps the
            // first wave's bounds, each naming the wave before as its reference.
            let bounds = |b: &Option<crate::results::BoundsRecord>| {
                b.as_ref().map_or("none".to_string(), |b| {
                    format!(
                        "[{}, {}]{}",
                        b.min,
                        b.max,
                        if b.clamped { "" } else { " not clamped" }
                    )
                })
            };
            let bounds_differ = match (&p.bounds, &q.bounds) {
                (Some(a), Some(b)) => {
                    differ(a.min, b.min) || differ(a.max, b.max) || a.clamped != b.clamped
                }
                (None, None) => false,
                // One relative, the other fixed: the scale change above says so.
                _ => p.relative == q.relative,
            };
            if bounds_differ {
                out.push(format!(
                    "scale bounds {} → {}",
                    bounds(&p.bounds),
                    bounds(&q.bounds)
                ));
            }
            if differ(p.weight, q.weight) {
                out.push(format!(
                    "weight {} → {} (share of its siblings {} → {})",
                    p.weight,
                    q.weight,
                    share(p.weight_share),
                    share(q.weight_share)
                ));
            }
        }
        _ => {}
    }
    out
}

/// A matched dimension or indicator whose scored items are not the matched items of its predecessor:
/// "items new here: ...; items gone: ...".
fn composition(a: &Wave, b: &Wave, matches: &mut [NodeMatch]) {
    let (Some(da), Some(db)) = (&a.data.definition, &b.data.definition) else {
        return;
    };
    // Item id in b -> item id in a, for matched items.
    let item_pairs: Vec<(String, String)> = matches
        .iter()
        .filter(|m| m.kind == "item" && m.status.comparable())
        .filter_map(|m| Some((m.after.clone()?, m.before.clone()?)))
        .collect();
    // The scored items under a dimension, or under an indicator and the indicators below it
    // (an item moved between two indicators of one dimension changes both).
    let scored_under = |def: &DefinitionRecord, kind: &str, id: &str| -> Vec<String> {
        let mut below = vec![id.to_string()];
        let mut k = 0;
        while k < below.len() {
            let here = below[k].clone();
            below.extend(
                def.nodes
                    .iter()
                    .filter(|n| n.parent.as_deref() == Some(here.as_str()))
                    .map(|n| n.id.clone()),
            );
            k += 1;
        }
        def.items
            .iter()
            .filter(|i| {
                i.scored
                    && if kind == "dimension" {
                        i.dimension == id
                    } else {
                        below.contains(&i.node)
                    }
            })
            .map(|i| i.id.clone())
            .collect()
    };
    for m in matches.iter_mut() {
        if m.kind == "item" || !m.status.comparable() {
            continue;
        }
        let (Some(x), Some(y)) = (m.before.as_deref(), m.after.as_deref()) else {
            continue;
        };
        let before = scored_under(da, m.kind, x);
        let after = scored_under(db, m.kind, y);
        let new: Vec<&str> = after
            .iter()
            .filter(|i| {
                item_pairs
                    .iter()
                    .find(|(b_id, _)| b_id == *i)
                    .is_none_or(|(_, a_id)| !before.contains(a_id))
            })
            .map(String::as_str)
            .collect();
        let gone: Vec<&str> = before
            .iter()
            .filter(|i| {
                item_pairs
                    .iter()
                    .find(|(_, a_id)| a_id == *i)
                    .is_none_or(|(b_id, _)| !after.contains(b_id))
            })
            .map(String::as_str)
            .collect();
        if !new.is_empty() {
            m.changes
                .push(format!("items new here: {}", new.join(", ")));
        }
        if !gone.is_empty() {
            m.changes.push(format!("items gone: {}", gone.join(", ")));
        }
    }
}

/// Dimension lineages across all waves: the id of the dimension in every wave (None where
/// it does not exist), linked through the matches of each transition. Ordered as the last
/// wave's dimensions, then the ones dropped on the way.
pub fn lineages(waves: &[Wave], transitions: &[Transition]) -> Vec<Vec<Option<String>>> {
    let n = waves.len();
    let mut out: Vec<Vec<Option<String>>> = Vec::new();
    for d in waves[0].dimensions() {
        let mut l = vec![None; n];
        l[0] = Some(d);
        out.push(l);
    }
    for (k, wave) in waves.iter().enumerate().skip(1) {
        let t = &transitions[k - 1];
        for d in wave.dimensions() {
            let before = t
                .nodes
                .iter()
                .find(|m| {
                    m.kind == "dimension" && m.after.as_deref() == Some(&d) && m.status.comparable()
                })
                .and_then(|m| m.before.clone());
            let existing = before.and_then(|b| {
                out.iter()
                    .position(|l| l[k - 1].as_deref() == Some(b.as_str()))
            });
            match existing {
                Some(i) => out[i][k] = Some(d),
                None => {
                    let mut l = vec![None; n];
                    l[k] = Some(d);
                    out.push(l);
                }
            }
        }
    }
    let last = n - 1;
    let (mut alive, dropped): (Vec<_>, Vec<_>) = out.into_iter().partition(|l| l[last].is_some());
    let order = waves[last].dimensions();
    alive.sort_by_key(|l| order.iter().position(|d| Some(d) == l[last].as_ref()));
    alive.extend(dropped);
    alive
}
