//! The general path's survey files as screening reads them: a `SurveyData` (one submission
//! per row, its cells in long form) with the classes of its cells.

// Indexing is in range here: s < submissions.len() (the ScreenRows contract); cell ixs enumerate
// data.cells; key numbers index the keys issued here.
#![allow(clippy::indexing_slicing)]

use super::HashMap;
use super::rows::ScreenRows;
use super::straightline::{Answer, Judge, Straightlined, likert_value};
use crate::classify::CellClass;
use crate::definition::{Layout, Model, PlatformIx, Preset};
use crate::diagnostics::Location;
use crate::ingest::SurveyData;
use std::collections::BTreeSet;

/// A `SurveyData` and the classes of its cells, with what screening asks of it more than
/// once worked out ahead: its layout, the platforms each submission rated, key numbers.
pub(crate) struct GeneralRows<'a> {
    data: &'a SurveyData,
    classes: &'a [CellClass],
    long: bool,
    /// `rated[submission]`, in platform order.
    rated: Vec<BTreeSet<PlatformIx>>,
    /// Distinct respondent keys, in order of first appearance, and each submission's number.
    keys: Vec<&'a str>,
    key_ix: Vec<u32>,
}

impl<'a> GeneralRows<'a> {
    /// `classes` are the classified cells of `data`.
    pub(crate) fn new(model: &Model, data: &'a SurveyData, classes: &'a [CellClass]) -> Self {
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let mut keys = Vec::new();
        let key_ix = data
            .submissions
            .iter()
            .map(|sub| {
                *ids.entry(sub.respondent_key.as_str()).or_insert_with(|| {
                    keys.push(sub.respondent_key.as_str());
                    keys.len() as u32 - 1
                })
            })
            .collect();
        GeneralRows {
            data,
            classes,
            long: is_long(model, data),
            rated: rated(data, classes),
            keys,
            key_ix,
        }
    }
}

/// The platforms each submission evaluated (any cell that is not a skip, and a long row's
/// platform).
fn rated(data: &SurveyData, classes: &[CellClass]) -> Vec<BTreeSet<PlatformIx>> {
    let mut out = vec![BTreeSet::new(); data.submissions.len()];
    for (cell, class) in data.cells.iter().zip(classes) {
        if *class != CellClass::Skipped {
            out[cell.submission].insert(cell.platform);
        }
    }
    for (s, sub) in data.submissions.iter().enumerate() {
        out[s].extend(sub.platform);
    }
    out
}

/// Long rows rate one platform each (the ingest leaves `platform: None`, with a diagnostic,
/// on a long row whose platform label is unknown). Wide rows never carry a platform.
pub(crate) fn is_long(model: &Model, data: &SurveyData) -> bool {
    if let Some(layout) = data.layout {
        return layout == Layout::Long;
    }
    let source = &model.sources[data.source];
    source.layout.or(data.preset.and_then(Preset::layout)) == Some(Layout::Long)
        || data.submissions.iter().any(|s| s.platform.is_some())
}

impl ScreenRows for GeneralRows<'_> {
    fn source(&self) -> usize {
        self.data.source
    }

    fn file(&self) -> &str {
        &self.data.file
    }

    fn row_count(&self) -> usize {
        self.data.submissions.len()
    }

    fn is_long(&self) -> bool {
        self.long
    }

    fn dropped(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        (self.data.dropped.iter()).map(|d| (d.submission, d.reason.as_str(), d.detail.as_str()))
    }

    fn row(&self, s: usize) -> usize {
        self.data.submissions[s].row
    }

    fn respondent(&self, s: usize) -> &str {
        &self.data.submissions[s].respondent
    }

    fn respondent_key(&self, s: usize) -> &str {
        &self.data.submissions[s].respondent_key
    }

    fn key_count(&self) -> usize {
        self.keys.len()
    }

    fn key(&self, ix: u32) -> &str {
        self.keys[ix as usize]
    }

    fn key_ix(&self, s: usize) -> u32 {
        self.key_ix[s]
    }

    fn platform(&self, s: usize) -> Option<PlatformIx> {
        self.data.submissions[s].platform
    }

    fn rated(&self, s: usize) -> impl Iterator<Item = PlatformIx> {
        self.rated[s].iter().copied()
    }

    fn submitted_at(&self, s: usize) -> Option<i64> {
        self.data.submissions[s].submitted_at
    }

    fn submitted_at_raw(&self, s: usize) -> Option<&str> {
        self.data.submissions[s].submitted_at_raw.as_deref()
    }

    fn duration_s(&self, s: usize) -> Option<f64> {
        self.data.submissions[s].duration_s
    }

    fn duration_raw(&self, s: usize) -> Option<&str> {
        self.data.submissions[s].duration_raw.as_deref()
    }

    fn respondent_location(&self, s: usize) -> Location {
        let (data, sub) = (self.data, &self.data.submissions[s]);
        Location::cell(
            &data.file,
            data.sheet.as_deref(),
            sub.row,
            sub.respondent_col,
            data.headers.get(sub.respondent_col).map(String::as_str),
        )
    }

    fn straightlined(&self, model: &Model, judged: &[bool], judge: &Judge) -> Vec<Straightlined> {
        let data = self.data;
        // Each submission's answers, `at` its cell, in file order.
        let mut by_row: Vec<Vec<Answer<usize>>> = vec![Vec::new(); data.submissions.len()];
        for (i, (cell, class)) in data.cells.iter().zip(self.classes).enumerate() {
            if let Some(value) = likert_value(model, cell.item, class) {
                by_row[cell.submission].push(Answer {
                    value,
                    reverse: model.items[cell.item].reverse,
                    at: i,
                });
            }
        }
        let mut list = Vec::new();
        let mut out = Vec::new();
        for (s, mut answers) in by_row.into_iter().enumerate() {
            if !judged.get(s).copied().unwrap_or(false) {
                continue;
            }
            answers.sort_by_key(|a| data.cells[a.at].col);
            if let Some((measures, cell)) = judge.row(answers.iter().copied(), &mut list) {
                out.push(Straightlined {
                    row: s,
                    shown: data.cells[cell].value.display(),
                    measures,
                });
            }
        }
        out
    }
}
