//! Uncertainty over respondents (`score --bootstrap N --seed S`): respondents are resampled
//! with replacement within each platform (each platform draws as many as it has), the scoring
//! is rerun from the pooled values up (normalisation of survey numbers, tree, index), and the
//! spread of the replicates gives percentile intervals, rank intervals and the probability of
//! ranking first.
//!
//! Speed: the observation table is turned once into a compact per-platform matrix (one row
//! per respondent, one column per pooling key, see [`design`]); a replicate draws row counts
//! and sums rows, in blocks of replicates, on a few threads. Each replicate has its own random
//! stream (ChaCha8, stream = replicate number), so a seed gives the same result on any number
//! of threads.

// Indexing is in range here: node ixs are Model roots.
#![allow(clippy::indexing_slicing)]

pub mod design;
pub mod replicate;
pub mod resample;
pub mod summary;

use crate::aggregate::observations::{Answer, Observations};
use crate::aggregate::{self, AggregateError, Inputs, Scores, observations};
use crate::definition::{Model, PoolOrder};
use crate::results::{BootstrapResults, Results, Status};
use design::{Design, Entry};
use replicate::{Evaluator, run_all};

#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapOptions {
    pub replicates: usize,
    pub seed: u64,
    /// Worker threads; 0: one per available core.
    pub threads: usize,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            replicates: 1000,
            seed: 1,
            threads: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("a bootstrap needs at least 2 replicates, not {0}")]
    TooFewReplicates(usize),
    #[error("bootstrap replicate {replicate} cannot be scored: {source}")]
    Replicate {
        replicate: usize,
        #[source]
        source: AggregateError,
    },
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    #[error(transparent)]
    TooLarge(#[from] crate::stats::limits::TooLarge),
}

impl BootstrapError {
    pub fn hint(&self) -> Option<String> {
        match self {
            BootstrapError::TooFewReplicates(_) => Some("use --bootstrap 1000".into()),
            BootstrapError::Replicate { source, .. } => source
                .hint()
                .map(|h| format!("a resample can give a value the nominal data did not; {h}")),
            BootstrapError::Aggregate(e) => e.hint(),
            BootstrapError::TooLarge(e) => Some(e.hint()),
        }
    }
}

/// Refuse a bootstrap too large to keep in memory before anything is scored: above
/// [`limits::MAX_REPLICATES`](crate::stats::limits::MAX_REPLICATES), or whose replicates over
/// the model's platforms would not fit the memory budget.
pub fn check_size(model: &Model, options: &BootstrapOptions) -> Result<(), BootstrapError> {
    crate::stats::limits::replicates(
        options.replicates,
        model.platforms.len(),
        1 + model.roots.len(),
    )?;
    Ok(())
}

/// The kept answers of a run of the general path (the columnar path has them in its answer
/// table: `AnswerTable::answers`).
pub fn answers(model: &Model, inputs: &Inputs) -> Vec<Answer> {
    observations::collect(model, inputs.surveys, inputs.classes, inputs.screening).answers
}

/// The resampling design of a run: its pooling table, by platform and respondent.
pub fn design(
    model: &Model,
    answers: &[Answer],
    scores: &Scores,
) -> Result<Design, AggregateError> {
    // Under `pool` rules each (item, stratum) is a key of its own, pooled apart and combined
    // by the replicate as the nominal run combines it.
    let keys = crate::aggregate::strata::Keys::of(model);
    let entries: Vec<Entry> = match model.aggregation.order {
        PoolOrder::ItemsFirst => answers
            .iter()
            .map(|a| Entry {
                platform: a.platform,
                respondent: a.respondent,
                key: keys.key(a.item, a.stratum),
                weight: a.weight,
                value: a.value,
                group: a.group,
            })
            .collect(),
        order => {
            let obs = Observations {
                answers: answers.to_vec(),
                ..Observations::default()
            };
            aggregate::respondent_node_table(model, &obs, &scores.items, order)?
                .into_iter()
                .map(|(respondent, o)| Entry {
                    platform: o.platform as usize,
                    respondent,
                    key: o.key as usize,
                    weight: o.weight,
                    value: o.value,
                    group: 0,
                })
                .collect()
        }
    };
    Ok(Design::build(
        &entries,
        model.platforms.len(),
        model.aggregation.respondents,
    ))
}

/// Bootstrap a scored run of the general path (see [`run_answers`]).
pub fn run(
    model: &Model,
    inputs: &Inputs,
    scores: &Scores,
    results: &Results,
    options: &BootstrapOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BootstrapResults, BootstrapError> {
    run_answers(
        model,
        &answers(model, inputs),
        scores,
        results,
        options,
        progress,
    )
}

/// Bootstrap a scored run from its kept answers ([`answers`], or the columnar path's answer
/// table) and unrounded scores. `progress` is called with the number of replicates finished.
pub fn run_answers(
    model: &Model,
    answers: &[Answer],
    scores: &Scores,
    results: &Results,
    options: &BootstrapOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BootstrapResults, BootstrapError> {
    if options.replicates < 2 {
        return Err(BootstrapError::TooFewReplicates(options.replicates));
    }
    check_size(model, options)?;
    let design = design(model, answers, scores)?;
    let evaluator = Evaluator {
        model,
        design: &design,
        template: &scores.items,
        seed: options.seed,
    };
    // Results do not depend on the number of threads, so a number above the cap is lowered
    // to it rather than refused (the command line refuses it, naming `--threads`).
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .min(crate::stats::limits::MAX_THREADS);
    let replicates = run_all(&evaluator, options.replicates, threads, progress)
        .map_err(|(replicate, source)| BootstrapError::Replicate { replicate, source })?;
    let status: std::collections::HashMap<&str, Status> = results
        .platforms
        .iter()
        .map(|p| (p.id.as_str(), p.status))
        .collect();
    let frame = summary::Frame {
        ids: model.platforms.iter().map(|p| p.id.as_str()).collect(),
        ranked: model
            .platforms
            .iter()
            .map(|p| status.get(p.id.as_str()) == Some(&Status::Ranked))
            .collect(),
        dimensions: model
            .roots
            .iter()
            .map(|&d| model.nodes[d].id.as_str())
            .collect(),
        decimals: model.aggregation.decimals,
        rank_on: model.aggregation.rank_on,
    };
    let mut by_id = summary::summarise(&frame, &replicates);
    let platforms = results
        .platforms
        .iter()
        .filter_map(|p| by_id.shift_remove_entry(&p.id))
        .collect();
    Ok(BootstrapResults {
        replicates: options.replicates,
        seed: options.seed,
        level: summary::LEVEL,
        rank_percentiles: summary::RANK_PERCENTILES,
        platforms,
    })
}
