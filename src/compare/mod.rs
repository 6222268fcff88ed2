//! `compare`: the same platforms across waves (editions) of the index, from the result files
//! that `score --format json` wrote, oldest first. Per platform and per target (the index and
//! each dimension): the score of every wave, the change between consecutive waves and over
//! the whole span, the rank movement, and, where both waves carry a bootstrap, whether the
//! change is significant. Nodes are matched through `previous` (see [`nodes`]); only matched
//! nodes are compared. The library reads text and returns values: the command reads the
//! files and renders (`output::compare`).

// Indexing is in range here: compare refuses fewer than two waves before indexing waves[0] / k-1;
// per-wave lists have one entry per wave.
#![allow(clippy::indexing_slicing)]

mod change;
pub mod nodes;
mod wave;

pub use change::{Movement, Point, Series, Significance, SignificanceMethod, Step};
pub use nodes::{MatchStatus, NodeMatch, Transition};
pub use wave::{SCHEMA_VERSION, Wave};

use crate::definition::IndexMeta;
use crate::diagnostics::{Code, Diagnostic, Location};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("compare needs at least two result files (waves), got {0}")]
    TooFewWaves(usize),
    #[error("{file} is not JSON: {source}")]
    NotJson {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file} is not a result file of `score`: {detail}")]
    NotAResult { file: String, detail: String },
    #[error("{file} has schema_version {found}; this version of compare reads {SCHEMA_VERSION}")]
    Schema { file: String, found: u64 },
}

impl CompareError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            CompareError::TooFewWaves(_) => {
                "give the result files oldest first: qbpc-index compare 2024.json 2025.json".into()
            }
            CompareError::NotJson { .. } | CompareError::NotAResult { .. } => {
                "compare reads what `qbpc-index score ... --format json --output FILE.json` writes"
                    .into()
            }
            CompareError::Schema { .. } => {
                "score the wave again with this version to rewrite its result file".into()
            }
        })
    }
}

/// The comparison of two or more waves (the JSON output of `compare`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    #[schemars(extend("const" = crate::compare::SCHEMA_VERSION))]
    pub schema_version: u32,
    pub waves: Vec<WaveSummary>,
    /// How changes, rank movements and significance are computed, in words.
    pub methods: Methods,
    /// Node matching between consecutive waves.
    pub transitions: Vec<Transition>,
    /// The targets compared: the index, then one lineage per dimension (its id in each wave).
    pub targets: Vec<TargetSummary>,
    /// Platforms of the last wave in its order, then the ones dropped on the way.
    pub platforms: Vec<PlatformSeries>,
    pub warnings: Vec<Diagnostic>,
    /// Publication precision for renderers (the largest of the waves').
    #[serde(skip)]
    pub decimals: u32,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WaveSummary {
    /// The edition, else the file name, else "wave N": unique among the waves.
    pub label: String,
    pub file: String,
    pub index: IndexMeta,
    pub platforms: usize,
    pub ranked: usize,
    /// Whether the file records its definition (node matching, weights, scales).
    pub definition: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<WaveBootstrap>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WaveBootstrap {
    pub replicates: usize,
    pub seed: u64,
    pub level: f64,
    /// Whether the file carries the replicate scores (else only intervals).
    pub draws: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Methods {
    pub change: String,
    pub rank: String,
    pub significance: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TargetSummary {
    pub id: String,
    /// index | dimension
    pub kind: &'static str,
    /// Its id in each wave (null where it does not exist).
    pub ids: Vec<Option<String>>,
    /// Items of the target normalised over the platforms of their own wave (min-max ...),
    /// in any wave: changes there are relative, not absolute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relative_items: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformSeries {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// One per target, in the order of `targets`.
    pub series: Vec<Series>,
}

/// Compare waves given oldest first.
pub fn compare(waves: &[Wave]) -> Result<Comparison, CompareError> {
    if waves.len() < 2 {
        return Err(CompareError::TooFewWaves(waves.len()));
    }
    let anchored = anchor(waves);
    let waves = anchored.as_slice();
    let labels = labels(waves);
    let mut warnings = wave_warnings(waves, &labels);
    let transitions: Vec<Transition> = (0..waves.len() - 1)
        .map(|k| nodes::transition(waves, k, &labels, &mut warnings))
        .collect();
    let lineages = nodes::lineages(waves, &transitions);
    let mut targets = vec![TargetSummary {
        id: "index".into(),
        kind: "index",
        ids: vec![Some("index".into()); waves.len()],
        relative_items: relative_items(waves, None),
    }];
    for l in &lineages {
        let id = l.iter().rev().flatten().next().cloned().unwrap_or_default();
        targets.push(TargetSummary {
            id,
            kind: "dimension",
            ids: l.clone(),
            relative_items: relative_items(waves, Some(l)),
        });
    }
    relative_warnings(waves, &labels, &targets, &mut warnings);
    let platforms = platform_order(waves)
        .into_iter()
        .map(|(k, id)| {
            #[allow(
                clippy::expect_used,
                reason = "platform_order lists only ids read from wave k, so wave k has it"
            )]
            let p = waves[k].platform(&id).expect("listed from the wave");
            let series = targets
                .iter()
                .enumerate()
                .map(|(t, target)| {
                    let ids = (t > 0).then_some(target.ids.as_slice());
                    change::series(waves, &id, &change::Target { ids }, &target.id)
                })
                .collect();
            PlatformSeries {
                name: p.name.clone(),
                name_zh: p.name_zh.clone(),
                id,
                series,
            }
        })
        .collect();
    Ok(Comparison {
        schema_version: 1,
        waves: waves
            .iter()
            .zip(&labels)
            .map(|(w, label)| summary(w, label))
            .collect(),
        methods: methods(waves),
        transitions,
        targets,
        platforms,
        warnings,
        decimals: waves.iter().map(Wave::decimals).max().unwrap_or(1),
    })
}

/// A wave whose item was normalised min-max over its own platforms, when another wave scored
/// the same item (same id, or naming it as `previous`) on fixed bounds equal to this wave's
/// raw range (it took its bounds from this wave, `bounds = "this.json"`) and replacing the
/// same min-max: this wave's scores are exactly what those fixed bounds give, so the item is
/// compared as scored on them (no relative-normalisation warning, no change of scale).
fn anchor(waves: &[Wave]) -> Vec<Wave> {
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mut out = waves.to_vec();
    for (k, wave) in waves.iter().enumerate() {
        let Some(def) = &wave.data.definition else {
            continue;
        };
        for (ix, item) in def.items.iter().enumerate() {
            let Some(relative) = &item.relative else {
                continue;
            };
            let Ok((min, max)) = wave.bounds.observed(&item.id) else {
                continue;
            };
            let fixed = waves
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .filter_map(|(_, w)| w.data.definition.as_ref())
                .flat_map(|d| &d.items)
                .find(|o| {
                    (o.id == item.id || o.previous.as_deref() == Some(item.id.as_str()))
                        && o.bounds.as_ref().is_some_and(|b| {
                            &b.replaces == relative && same(b.min, min) && same(b.max, max)
                        })
                });
            if let Some(o) = fixed
                && let Some(rec) = out[k]
                    .data
                    .definition
                    .as_mut()
                    .and_then(|d| d.items.get_mut(ix))
            {
                rec.relative = None;
                rec.bounds = o.bounds.clone();
                rec.scoring = o.scoring.clone();
            }
        }
    }
    out
}

fn summary(w: &Wave, label: &str) -> WaveSummary {
    WaveSummary {
        label: label.to_string(),
        file: w.file.clone(),
        index: w.data.index.clone(),
        platforms: w.data.platforms.len(),
        ranked: w.data.platforms.iter().filter(|p| p.rank.is_some()).count(),
        definition: w.data.definition.is_some(),
        bootstrap: w.data.bootstrap.as_ref().map(|b| WaveBootstrap {
            replicates: b.replicates,
            seed: b.seed,
            level: b.level,
            draws: b.platforms.values().any(|p| p.draws.is_some()),
        }),
    }
}

/// The edition when every wave has a distinct one, else the file name, else "wave N".
fn labels(waves: &[Wave]) -> Vec<String> {
    let distinct = |v: &[String]| {
        v.iter().all(|s| !s.trim().is_empty()) && (1..v.len()).all(|i| !v[..i].contains(&v[i]))
    };
    let editions: Vec<String> = waves.iter().map(|w| w.data.index.edition.clone()).collect();
    if distinct(&editions) {
        return editions;
    }
    let files: Vec<String> = waves
        .iter()
        .map(|w| {
            std::path::Path::new(&w.file)
                .file_stem()
                .map_or_else(|| w.file.clone(), |s| s.to_string_lossy().into_owned())
        })
        .collect();
    if distinct(&files) {
        return files;
    }
    (1..=waves.len()).map(|k| format!("wave {k}")).collect()
}

fn wave_warnings(waves: &[Wave], labels: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let first = &waves[0].data.index.id;
    for w in &waves[1..] {
        if &w.data.index.id != first {
            out.push(
                Diagnostic::warning(
                    Code::DifferentIndex,
                    format!(
                        "{} scores index {:?}, {} index {:?}",
                        w.file, w.data.index.id, waves[0].file, first
                    ),
                    Location::file(w.file.clone()),
                )
                .with_hint("compare waves of one index; a renamed index id is fine if intended"),
            );
        }
    }
    for w in waves {
        if w.data.definition.is_none() {
            out.push(
                Diagnostic::warning(
                    Code::NoDefinitionRecord,
                    format!(
                        "{} records no definition: dimensions are matched by id only, and changes of weights or scales cannot be seen",
                        w.file
                    ),
                    Location::file(w.file.clone()),
                )
                .with_hint("score the wave again with this version (--format json) to record its definition"),
            );
        }
    }
    // Editions that read as years should increase: the waves come oldest first.
    let years: Vec<Option<i64>> = labels.iter().map(|l| l.trim().parse().ok()).collect();
    for k in 1..waves.len() {
        if let (Some(a), Some(b)) = (years[k - 1], years[k])
            && b <= a
        {
            out.push(
                Diagnostic::warning(
                    Code::WaveOrder,
                    format!(
                        "edition {b} ({}) follows edition {a} ({}): the waves should be given oldest first",
                        waves[k].file,
                        waves[k - 1].file
                    ),
                    Location::file(waves[k].file.clone()),
                )
                .with_hint("list the result files from the oldest wave to the newest"),
            );
        }
    }
    let both = waves
        .iter()
        .filter_map(|w| w.data.bootstrap.as_ref().map(|b| b.level))
        .collect::<Vec<_>>();
    if both.windows(2).any(|p| (p[0] - p[1]).abs() > 1e-12) {
        out.push(Diagnostic::warning(
            Code::BootstrapLevel,
            "the waves' bootstrap intervals have different levels: each change uses the later wave's level",
            Location::default(),
        ));
    }
    out
}

/// Scored items under a target (the index: every dimension in the index) normalised over
/// the platforms of their own wave, in any wave.
fn relative_items(waves: &[Wave], lineage: Option<&Vec<Option<String>>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (k, w) in waves.iter().enumerate() {
        let Some(def) = &w.data.definition else {
            continue;
        };
        let in_index: Vec<&str> = def
            .nodes
            .iter()
            .filter(|n| n.kind == "dimension" && n.in_index)
            .map(|n| n.id.as_str())
            .collect();
        for item in def
            .items
            .iter()
            .filter(|i| i.scored && i.relative.is_some())
        {
            let under = match lineage {
                None => in_index.contains(&item.dimension.as_str()),
                Some(l) => l[k].as_deref() == Some(item.dimension.as_str()),
            };
            if under && !out.contains(&item.id) {
                out.push(item.id.clone());
            }
        }
    }
    out
}

fn relative_warnings(
    waves: &[Wave],
    labels: &[String],
    targets: &[TargetSummary],
    warnings: &mut Vec<Diagnostic>,
) {
    for t in targets.iter().filter(|t| !t.relative_items.is_empty()) {
        let what = if t.kind == "index" {
            "the index".to_string()
        } else {
            format!("dimension {:?}", t.id)
        };
        warnings.push(
            Diagnostic::warning(
                Code::RelativeNormalisation,
                format!(
                    "{what} includes items normalised over the platforms of each wave ({}): a change there also moves when other platforms move or the platform list changes ({}), so it is not an absolute change",
                    t.relative_items.join(", "),
                    labels.join(", ")
                ),
                Location::file(waves.last().map_or(String::new(), |w| w.file.clone())),
            )
            .with_hint(
                "fix the bounds in the definition (scale best/worst, normalize = { method = \"goalposts\", lower = ..., upper = ... }, or a reference wave's: normalize = { method = \"minmax\", bounds = \"wave.json\" }) so that a change is a real change",
            ),
        );
    }
}

/// (wave, platform id): the last wave's platforms in its order, then each earlier wave's
/// platforms not listed yet, latest wave first.
fn platform_order(waves: &[Wave]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (k, w) in waves.iter().enumerate().rev() {
        for p in &w.data.platforms {
            if !out.iter().any(|(_, id)| id == &p.id) {
                out.push((k, p.id.clone()));
            }
        }
    }
    out
}

fn methods(waves: &[Wave]) -> Methods {
    let with_draws = waves.iter().all(|w| {
        w.data
            .bootstrap
            .as_ref()
            .is_some_and(|b| b.platforms.values().any(|p| p.draws.is_some()))
    });
    let any_bootstrap = waves.iter().any(|w| w.data.bootstrap.is_some());
    let significance = if with_draws {
        "bootstrap: replicate k of the later wave minus replicate k of the earlier (the waves are independent samples of respondents), percentile interval at the bootstrap's level; significant when the interval excludes 0; where a wave has intervals but no draws for a platform, the conservative rule of intervals only applies (each change states its method)"
    } else if any_bootstrap {
        "bootstrap intervals only (a wave without replicate draws): the interval of a change is [later low - earlier high, later high - earlier low], significant when it excludes 0, i.e. when the two intervals do not overlap; conservative (fewer changes are called significant than with the draws); changes where a wave has no bootstrap are not assessed"
    } else {
        "not assessed: no wave carries bootstrap results (score --bootstrap N)"
    };
    Methods {
        change: "later score minus earlier score on the unrounded scores (change); change_display is the later published score minus the earlier published score, at the publication precision".into(),
        rank: "rank_change = earlier rank minus later rank (positive: moved up); up, down or unchanged between two ranks; new or dropped when the platform (or the node) is absent from the earlier or the later wave; unranked when it is in both but unranked in one. Ranks are each wave's own competition ranks, among that wave's platforms".into(),
        significance: significance.into(),
    }
}
