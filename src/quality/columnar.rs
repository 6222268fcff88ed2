//! The columnar path's survey files as screening reads them: a [`ColumnarSurvey`] keeps its
//! rows' metadata in columns and one class code per item column, so every accessor is a
//! lookup and no string is made per row. Always long (a tidy file: one platform per row),
//! never with dropped rows (the columnar path takes no file with drop rules).

// Indexing is in range here: s < rows.len() (the ScreenRows contract); worker and code numbers
// index the dictionaries that issued them; likert column ixs are below the row's width.
#![allow(clippy::indexing_slicing)]

use super::rows::ScreenRows;
use super::straightline::{Answer, Judge, Straightlined, is_likert, likert_value};
use crate::classify::CellClass;
use crate::classify::columns::CodeUnit;
use crate::classify::{ColumnarSurvey, RowVisitor};
use crate::definition::{ItemIx, Model, PlatformIx};
use crate::diagnostics::Location;

/// Rows per thread below which straight-lining is judged on one thread (as the answer table
/// does, `aggregate::table::worker_threads`).
const ROWS_PER_THREAD: usize = 100_000;

impl ScreenRows for ColumnarSurvey {
    fn source(&self) -> usize {
        self.source
    }

    fn file(&self) -> &str {
        &self.file
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn is_long(&self) -> bool {
        true
    }

    fn dropped(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        std::iter::empty()
    }

    fn row(&self, s: usize) -> usize {
        self.rows.row[s] as usize
    }

    fn respondent(&self, s: usize) -> &str {
        self.rows.respondent(s)
    }

    fn respondent_key(&self, s: usize) -> &str {
        self.rows.respondent_key(s)
    }

    fn key_count(&self) -> usize {
        self.rows.keys.len()
    }

    fn key(&self, ix: u32) -> &str {
        &self.rows.keys[ix as usize]
    }

    fn key_ix(&self, s: usize) -> u32 {
        self.rows.key_ix(s)
    }

    fn platform(&self, s: usize) -> Option<PlatformIx> {
        self.rows.platform(s)
    }

    fn rated(&self, s: usize) -> impl Iterator<Item = PlatformIx> {
        self.rows.platform(s).into_iter()
    }

    fn submitted_at(&self, s: usize) -> Option<i64> {
        self.rows.submitted_at(s)
    }

    fn submitted_at_raw(&self, s: usize) -> Option<&str> {
        self.rows.submitted_at_raw(s)
    }

    fn duration_s(&self, s: usize) -> Option<f64> {
        self.rows.duration_s(s)
    }

    fn duration_raw(&self, s: usize) -> Option<&str> {
        self.rows.duration_raw(s)
    }

    fn respondent_location(&self, s: usize) -> Location {
        let col = self.respondent_col;
        Location::cell(
            &self.file,
            None,
            self.row(s),
            col,
            self.headers.get(col).map(String::as_str),
        )
    }

    /// On every core over consecutive chunks of rows, with each answer's value looked up
    /// by its code in a table made once per reading thread and column.
    fn straightlined(&self, model: &Model, judged: &[bool], judge: &Judge) -> Vec<Straightlined> {
        // Likert/frequency columns in file order: (item column, item, reverse-keyed).
        let mut likert: Vec<(usize, usize, ItemIx)> = (self.columns.iter().enumerate())
            .filter(|(_, (item, _))| is_likert(model, *item))
            .map(|(k, &(item, col))| (col, k, item))
            .collect();
        likert.sort_by_key(|c| c.0);
        let likert: Vec<(usize, bool)> = (likert.iter())
            .map(|&(_, k, item)| (k, model.items[item].reverse))
            .collect();
        let items: Vec<ItemIx> = (self.columns.iter()).map(|&(item, _)| item).collect();
        // `values[worker][j][code]`: likert column j's value (NaN: not a Likert answer).
        let values: Vec<Vec<Vec<f64>>> = (0..self.workers())
            .map(|w| {
                let dicts = self.dicts(w);
                (likert.iter())
                    .map(|&(k, _)| {
                        (dicts[k].classes().iter())
                            .map(|c: &CellClass| {
                                likert_value(model, items[k], c).unwrap_or(f64::NAN)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let finder = Straight {
            d: self,
            judged,
            judge,
            likert: &likert,
            values: &values,
            list: Vec::new(),
            found: Vec::new(),
        };
        let threads = crate::parallel::threads_for(self.rows.len(), ROWS_PER_THREAD);
        let parts = self.visit_parallel(threads, || finder.clone());
        parts.into_iter().flat_map(|p| p.found).collect()
    }
}

/// The straight-lined rows of a run of chunks of one file.
#[derive(Clone)]
struct Straight<'a> {
    d: &'a ColumnarSurvey,
    judged: &'a [bool],
    judge: &'a Judge,
    /// (item column, reverse-keyed) of the Likert/frequency columns, in file order.
    likert: &'a [(usize, bool)],
    values: &'a [Vec<Vec<f64>>],
    /// The buffer of [`Judge::row`]: `at` is (item column, code).
    list: Vec<Answer<(usize, u32)>>,
    found: Vec<Straightlined>,
}

impl RowVisitor for Straight<'_> {
    fn row<T: CodeUnit>(&mut self, s: usize, worker: usize, codes: &[T]) {
        if !self.judged.get(s).copied().unwrap_or(false) {
            return;
        }
        let values = &self.values[worker];
        let answers = (self.likert.iter().enumerate()).filter_map(|(j, &(k, reverse))| {
            let code = codes[k].code();
            let value = values[j][code as usize];
            (!value.is_nan()).then_some(Answer {
                value,
                reverse,
                at: (k, code),
            })
        });
        if let Some((measures, (k, code))) = self.judge.row(answers, &mut self.list) {
            let shown = self.d.dicts(worker)[k].raw(code).display();
            self.found.push(Straightlined {
                row: s,
                shown,
                measures,
            });
        }
    }
}
