//! Screening (contract step 2) of files read by the columnar path: the rules of `quality`,
//! written once over [`crate::quality`]'s row interface, run on [`ColumnarSurvey`] rows (class
//! codes per row; `src/quality/columnar.rs`). `tests/lib/columnar.rs` runs both paths on the
//! same files and compares every byte of the results.

use crate::classify::ColumnarSurvey;
use crate::definition::Model;

/// Which rows take part in the scores, and why the others do not (`kept[file][row]`; no
/// superseded pairs arise: every file is long).
pub use crate::quality::Screening as Screened;

pub fn screen(model: &Model, files: &[ColumnarSurvey]) -> Screened {
    crate::quality::screen_columnar(model, files)
}
