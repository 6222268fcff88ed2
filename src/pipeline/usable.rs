//! Runs whose numbers would be wrong or empty are refused, never published with exit 0: a
//! respondent key that repeats within a large share of a file (a column that merges different
//! people), and a run in which no platform has a score.

use super::RunError;
use crate::definition::Model;
use crate::definition::PlatformIx;
use crate::ingest::{RespondentBasis, SurveyData};
use crate::results::Results;
use std::collections::{BTreeMap, HashMap};

/// One survey file of a run, for the duplicate rule.
pub(super) struct FileCount<'a> {
    pub file: &'a str,
    pub submissions: usize,
    /// Submissions whose respondent (and platform, in long layouts) an earlier row of the same
    /// file already has: what deduplication within the file drops. Rows superseded by another
    /// file (a correction wave, the same member in a 问卷星 and a Qualtrics export) are not
    /// counted: they are expected, a key that merges people within one file is not.
    pub repeats: usize,
    pub basis: RespondentBasis,
}

impl<'a> FileCount<'a> {
    /// `keys`: per submission its respondent as a number below `respondents` (None when
    /// blank: never a duplicate) and its platform (long layouts), below `platforms`. Dense
    /// numbers let a bit set do the counting: a million rows take milliseconds.
    pub fn new(
        file: &'a str,
        basis: &RespondentBasis,
        respondents: usize,
        platforms: usize,
        keys: impl Iterator<Item = (Option<usize>, Option<PlatformIx>)> + Clone,
    ) -> Self {
        // Long rows without a known platform are excluded as such, not deduplicated.
        let long = keys.clone().any(|k| k.1.is_some());
        let slots = platforms + 1;
        let mut seen = vec![0u64; (respondents * slots).div_ceil(64)];
        let (mut submissions, mut repeats) = (0, 0);
        for (key, platform) in keys {
            submissions += 1;
            let Some(key) = key else { continue };
            if long && platform.is_none() {
                continue;
            }
            let bit = key * slots + platform.map_or(0, |p| p + 1);
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if seen[word] & mask != 0 {
                repeats += 1;
            }
            seen[word] |= mask;
        }
        FileCount {
            file,
            submissions,
            repeats,
            basis: basis.clone(),
        }
    }

    /// The files of the general path.
    pub fn of_surveys(model: &Model, surveys: &'a [SurveyData]) -> Vec<FileCount<'a>> {
        surveys
            .iter()
            .map(|data| {
                let mut numbers: HashMap<&str, usize> = HashMap::new();
                let keys: Vec<(Option<usize>, Option<PlatformIx>)> = data
                    .submissions
                    .iter()
                    .map(|s| {
                        let n = numbers.len();
                        let key = (!s.respondent_key.is_empty())
                            .then(|| *numbers.entry(s.respondent_key.as_str()).or_insert(n));
                        (key, s.platform)
                    })
                    .collect();
                let (respondents, platforms) = (numbers.len(), model.platforms.len());
                let basis = &data.respondent_basis;
                FileCount::new(&data.file, basis, respondents, platforms, keys.into_iter())
            })
            .collect()
    }
}

/// Stop when deduplication would drop more than `[quality] max_duplicate_share` of a file's
/// submissions as repeats within the file.
pub(super) fn duplicates(model: &Model, files: &[FileCount<'_>]) -> Result<(), RunError> {
    let share = model.quality.max_duplicate_share;
    if !model.quality.dedupe_latest {
        return Ok(());
    }
    for f in files {
        if f.repeats >= 2 && f.repeats as f64 > share * f.submissions as f64 {
            return Err(RunError::TooManyDuplicates {
                file: f.file.to_string(),
                dropped: f.repeats,
                total: f.submissions,
                respondent: f.basis.describe(),
                share,
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
