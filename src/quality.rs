//! Contract step 2: respondent screening. Duplicates (keep the latest submission per
//! respondent, or per respondent x platform in long layouts), submissions without a respondent
//! or with an unknown platform, and speeders are excluded; every exclusion is logged.

use crate::definition::{Layout, Model, Preset};
use crate::ingest::{SurveyData, format_number};
use crate::results::Exclusion;
use std::collections::HashMap;

/// Submissions with the same key are duplicates: one respondent, and in long layouts one
/// platform (None in wide layouts, where one submission rates all platforms).
type DedupeKey<'a> = (&'a str, Option<usize>);

/// Which submissions of each survey file take part in the scores.
#[derive(Debug, Clone, Default)]
pub struct Screening {
    /// `kept[file][submission]`.
    pub kept: Vec<Vec<bool>>,
    pub exclusions: Vec<Exclusion>,
}

/// Screen the submissions of all survey files of one run together, so that a respondent who
/// answered in two files is deduplicated across them.
pub fn screen(model: &Model, surveys: &[SurveyData]) -> Screening {
    let mut kept: Vec<Vec<bool>> = surveys
        .iter()
        .map(|s| vec![true; s.submissions.len()])
        .collect();
    let mut exclusions = Vec::new();
    let mut exclude =
        |kept: &mut Vec<Vec<bool>>, f: usize, s: usize, reason: &str, detail: String| {
            kept[f][s] = false;
            exclusions.push(exclusion(model, &surveys[f], s, reason, detail));
        };

    for (f, data) in surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if sub.respondent_key.is_empty() {
                exclude(
                    &mut kept,
                    f,
                    s,
                    "no-respondent",
                    "the respondent cell is empty".into(),
                );
            } else if is_long(model, data) && sub.platform.is_none() {
                exclude(
                    &mut kept,
                    f,
                    s,
                    "unknown-platform",
                    "the platform cell names no platform of the definition".into(),
                );
            }
        }
    }

    if model.quality.dedupe_latest {
        // (respondent, platform) -> the (file, submission) pairs that share it.
        let mut groups: HashMap<DedupeKey, Vec<(usize, usize)>> = HashMap::new();
        for (f, data) in surveys.iter().enumerate() {
            for (s, sub) in data.submissions.iter().enumerate() {
                if kept[f][s] {
                    groups
                        .entry((sub.respondent_key.as_str(), sub.platform))
                        .or_default()
                        .push((f, s));
                }
            }
        }
        let mut groups: Vec<_> = groups.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        for group in groups {
            let &latest = group
                .iter()
                .max_by_key(|&&(f, s)| (surveys[f].submissions[s].submitted_at, f, s))
                .expect("group has members");
            let (lf, ls) = latest;
            let winner = &surveys[lf].submissions[ls];
            for &(f, s) in &group {
                if (f, s) != latest {
                    let detail = format!(
                        "superseded by the submission in {} row {}{}",
                        surveys[lf].file,
                        winner.row,
                        winner
                            .submitted_at_raw
                            .as_ref()
                            .map_or(String::new(), |t| format!(" ({t})"))
                    );
                    exclude(&mut kept, f, s, "duplicate", detail);
                }
            }
        }
    }

    if let Some(min) = model.quality.min_duration_s {
        for (f, data) in surveys.iter().enumerate() {
            for (s, sub) in data.submissions.iter().enumerate() {
                if let Some(d) = sub.duration_s
                    && kept[f][s]
                    && d < min
                {
                    let mut shown = format!("{} s", format_number(d));
                    if let Some(raw) = sub
                        .duration_raw
                        .as_deref()
                        .filter(|r| r.trim() != format_number(d))
                    {
                        shown.push_str(&format!(" ({raw})"));
                    }
                    exclude(
                        &mut kept,
                        f,
                        s,
                        "speeder",
                        format!("completed in {shown}, under the minimum of {min} s"),
                    );
                }
            }
        }
    }
    exclusions.sort_by(|a, b| (&a.file, a.row).cmp(&(&b.file, b.row)));
    Screening { kept, exclusions }
}

/// Long rows rate one platform each; the ingest leaves `platform: None` (with a diagnostic)
/// on a long row whose platform label is unknown. Wide rows never carry a platform.
fn is_long(model: &Model, data: &SurveyData) -> bool {
    let source = &model.sources[data.source];
    source.layout.or(data.preset.and_then(Preset::layout)) == Some(Layout::Long)
}

fn exclusion(
    model: &Model,
    data: &SurveyData,
    s: usize,
    reason: &str,
    detail: String,
) -> Exclusion {
    let sub = &data.submissions[s];
    Exclusion {
        source: model.sources[data.source].id.clone(),
        file: data.file.clone(),
        row: sub.row,
        respondent: sub.respondent.clone(),
        platform: sub.platform.map(|p| model.platforms[p].id.clone()),
        reason: reason.to_string(),
        detail,
    }
}
