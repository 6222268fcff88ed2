//! Which column holds what: answers (item, platform), the respondent, and the platform, time
//! and duration columns the preset read.

use super::{ColumnMapping, ColumnRole, layout};
use crate::definition::{Layout, Model};
use crate::diagnostics::column_letters;
use crate::ingest::{self, RawValue, SurveyData};
use crate::text::trim;
use std::path::Path;

/// The columns that hold each submission's platform, time and duration, found by comparing
/// the file's cells with what the preset read from them (presets name these columns in many
/// ways). A file that cannot be read again as a plain table gets none.
pub(super) fn metadata_columns(
    model: &Model,
    data: &SurveyData,
    path: &Path,
) -> Vec<(usize, ColumnRole)> {
    let Ok(table) = ingest::read_table(path, data.sheet.as_deref()) else {
        return Vec::new();
    };
    let rows: std::collections::HashMap<usize, &Vec<RawValue>> =
        table.rows.iter().map(|(r, cells)| (*r, cells)).collect();
    let mut out = Vec::new();
    for c in 0..table.headers.len() {
        let cell = |row: usize| {
            rows.get(&row)
                .and_then(|cells| cells.get(c))
                .map(|v| trim(&v.display()).to_string())
        };
        let share = |hits: usize, of: usize| of > 0 && hits * 10 >= of * 9;
        let mut test = |role: ColumnRole,
                        wanted: &dyn Fn(&ingest::Submission) -> Option<String>,
                        same: &dyn Fn(&str, &str) -> bool| {
            let subs: Vec<(&ingest::Submission, String)> = data
                .submissions
                .iter()
                .filter_map(|s| wanted(s).map(|w| (s, w)))
                .collect();
            let hits = subs
                .iter()
                .filter(|(s, w)| cell(s.row).is_some_and(|v| same(&v, w)))
                .count();
            if share(hits, subs.len()) {
                out.push((c, role));
            }
        };
        test(
            ColumnRole::Platform,
            &|s| s.platform.map(|p| p.to_string()),
            &|v, w| model.platform_by_label(v).map(|p| p.to_string()).as_deref() == Some(w),
        );
        test(
            ColumnRole::SubmittedAt,
            &|s| s.submitted_at_raw.clone(),
            &|v, w| v == w,
        );
        test(
            ColumnRole::Duration,
            &|s| s.duration_raw.clone(),
            &|v, w| v == w,
        );
    }
    out
}

pub(super) fn columns(
    model: &Model,
    data: &SurveyData,
    meta: &[(usize, ColumnRole)],
) -> Vec<ColumnMapping> {
    let long = layout(model, data) == Layout::Long;
    let mut mapped: Vec<Option<(usize, usize)>> = vec![None; data.headers.len()];
    for cell in &data.cells {
        if let Some(slot) = mapped.get_mut(cell.col)
            && slot.is_none()
        {
            *slot = Some((cell.item, cell.platform));
        }
    }
    let respondent_col = data.submissions.first().map(|s| s.respondent_col);
    data.headers
        .iter()
        .enumerate()
        .map(|(c, header)| {
            let (role, item, platform) = match mapped.get(c).copied().flatten() {
                Some((i, p)) => (
                    ColumnRole::Answer,
                    model.items.get(i).map(|it| it.id.clone()),
                    model
                        .platforms
                        .get(p)
                        .filter(|_| !long)
                        .map(|pl| pl.id.clone()),
                ),
                None if respondent_col == Some(c) => (ColumnRole::Respondent, None, None),
                None => match meta.iter().find(|(mc, _)| *mc == c) {
                    Some(&(_, role)) => (role, None, None),
                    None => (ColumnRole::Unmapped, None, None),
                },
            };
            ColumnMapping {
                column: column_letters(c),
                header: header.clone(),
                role,
                item,
                platform,
            }
        })
        .collect()
}
