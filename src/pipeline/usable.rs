//! Runs whose numbers would be wrong or empty are refused, never published with exit 0: a
//! deduplication that drops a large share of a file (a respondent column that merges
//! different people), and a run in which no platform has a score.

use super::RunError;
use crate::definition::Model;
use crate::ingest::SurveyData;
use crate::results::{Exclusion, Results};
use std::collections::BTreeMap;

/// Stop when deduplication dropped more than `[quality] max_duplicate_share` of a file.
pub(super) fn duplicates(
    model: &Model,
    surveys: &[SurveyData],
    exclusions: &[Exclusion],
) -> Result<(), RunError> {
    for data in surveys {
        let dropped = exclusions
            .iter()
            .filter(|e| e.reason == "duplicate" && e.file == data.file && e.platform.is_none())
            .count();
        let total = data.submissions.len();
        if dropped >= 2 && dropped as f64 > model.quality.max_duplicate_share * total as f64 {
            return Err(RunError::TooManyDuplicates {
                file: data.file.clone(),
                dropped,
                total,
                respondent: data.respondent_basis.describe(),
                share: model.quality.max_duplicate_share,
            });
        }
    }
    Ok(())
}

/// Stop when no platform has an index score, saying why.
pub(super) fn something_scored(results: &Results) -> Result<(), RunError> {
    if results.platforms.iter().any(|p| p.score.is_some()) {
        return Ok(());
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &results.excluded_submissions {
        *reasons.entry(e.reason.as_str()).or_default() += 1;
    }
    let why = if reasons.is_empty() {
        "no answer of the files was read as a score of any platform".to_string()
    } else {
        let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        format!("submissions excluded: {}", list.join(", "))
    };
    Err(RunError::NothingScored {
        why,
        platforms: results.platforms.len(),
    })
}
