//! Runs whose numbers would be wrong or empty are refused, never published with exit 0: a
//! respondent key that repeats within a large share of a file (a column that merges different
//! people), and a run in which no platform has a score.

// Indexing is in range here: `seen` is sized to cover every word ix computed from the same row
// count; sources are Model cross-references.
#![allow(clippy::indexing_slicing)]

use super::RunError;
use crate::aggregate::Scores;
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
    /// blank: never a duplicate) and its platform (long layouts), below `platforms`; `long`:
    /// the file has one row per platform (rows without a known platform are then excluded as
    /// such, never counted as repeats, even when no row names a known platform). Dense
    /// numbers let a bit set do the counting: a million rows take milliseconds.
    pub fn new(
        file: &'a str,
        basis: &RespondentBasis,
        respondents: usize,
        platforms: usize,
        long: bool,
        keys: impl Iterator<Item = (Option<usize>, Option<PlatformIx>)> + Clone,
    ) -> Self {
        // Long rows without a known platform are excluded as such, not deduplicated.
        let long = long || keys.clone().any(|k| k.1.is_some());
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
                let long = crate::quality::is_long(model, data);
                FileCount::new(
                    &data.file,
                    basis,
                    respondents,
                    platforms,
                    long,
                    keys.into_iter(),
                )
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

/// Stop when no platform has an index score, saying why; and, when survey files were read,
/// when no answer of them gave any platform a score (a run that would rank platform-level
/// data alone as if the survey had been scored). `rows` is the number of data rows read from
/// the survey files (submissions, or long rows).
pub(super) fn something_scored(
    model: &Model,
    scores: &Scores,
    results: &Results,
    survey_rows: Option<usize>,
) -> Result<(), RunError> {
    let from_survey = |p: usize| {
        scores.items.get(p).is_some_and(|items| {
            items.iter().enumerate().any(|(i, s)| {
                s.score.is_some()
                    && model.items.get(i).is_some_and(|it| {
                        model.sources[it.source].kind == crate::definition::SourceKind::Survey
                    })
            })
        })
    };
    let any_index = results.platforms.iter().any(|p| p.score.is_some());
    let survey_scored = (0..model.platforms.len()).any(from_survey);
    match survey_rows {
        Some(rows) if !survey_scored => Err(nothing(model, scores, results, Some(rows), any_index)),
        None if !any_index => Err(nothing(model, scores, results, None, false)),
        _ => Ok(()),
    }
}

/// The error of a run in which nothing (or nothing from the survey) was scored, with the
/// reason: no data rows, every row excluded (by reason), no column matching an item, or what
/// the answers were (N/A, invalid ...).
fn nothing(
    model: &Model,
    scores: &Scores,
    results: &Results,
    survey_rows: Option<usize>,
    platform_data_scored: bool,
) -> RunError {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &results.excluded_submissions {
        *reasons.entry(e.reason.as_str()).or_default() += 1;
    }
    let mut counts = crate::aggregate::Counts::default();
    let mut scored = 0usize;
    for items in &scores.items {
        for (i, s) in items.iter().enumerate() {
            if model.items.get(i).is_some_and(|it| {
                model.sources[it.source].kind == crate::definition::SourceKind::Survey
            }) {
                counts.na += s.counts.na;
                counts.no_answer += s.counts.no_answer;
                counts.invalid += s.counts.invalid;
                counts.skipped += s.counts.skipped;
                scored += s.n;
            }
        }
    }
    let answers = counts.na + counts.no_answer + counts.invalid + counts.skipped + scored;
    let excluded: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    let why = if survey_rows == Some(0) {
        "the survey files have no data rows (a header only)".to_string()
    } else if answers == 0 && !excluded.is_empty() {
        format!("no submission was kept: {}", excluded.join(", "))
    } else if answers == 0 && survey_rows.is_some() {
        "no column of the survey files holds an answer to an item of the definition".to_string()
    } else if answers == 0 {
        "no answer of the files was read as a score of any platform".to_string()
    } else {
        let parts: Vec<String> = [
            (counts.na, "N/A"),
            (counts.no_answer, "no answer"),
            (counts.skipped, "skipped"),
            (counts.invalid, "invalid"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        let mut why = format!(
            "none of the {answers} answers read is a score ({})",
            parts.join(", ")
        );
        if !excluded.is_empty() {
            why.push_str(&format!("; submissions excluded: {}", excluded.join(", ")));
        }
        why
    };
    RunError::NothingScored {
        why,
        platforms: results.platforms.len(),
        platform_data_scored,
    }
}
